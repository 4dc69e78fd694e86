//! Team mode: other people's changes appear in the open app (issue 18). A
//! thread listens on the team database (LISTEN/NOTIFY through the core's
//! `app::team::watch`, which reconnects by itself); on each change it reads
//! the evaluations again and tells the page (event `team-notice`), which
//! shows the sentence and reloads what it shows.

use assay::app::team::WatchEvent;
use assay::app::team_session::TeamNoticeView;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The page's event name.
pub const EVENT: &str = "team-notice";

/// Starts following the team database when the app is on one (waits for the
/// database to be opened, on its own thread).
pub fn start(app: AppHandle) {
    // A listener of an earlier session stops at its next event.
    let generation = app.state::<AppState>().next_team_generation();
    let _ = std::thread::Builder::new()
        .name("team-watch".into())
        .spawn(move || follow(&app, generation));
}

fn follow(app: &AppHandle, generation: u64) {
    let state = app.state::<AppState>();
    let url = match state.workspace() {
        Ok(mut workspace) => workspace.team().map(|s| s.url().to_string()),
        Err(_) => None,
    };
    let Some(url) = url else { return };
    let watched = assay::app::team::watch(&url, None, |event| {
        if state.team_generation() != generation {
            return false;
        }
        if matches!(event, WatchEvent::Changed(_) | WatchEvent::Reconnected) {
            if let Ok(mut workspace) = state.workspace() {
                if let Some(session) = workspace.team() {
                    // A failure here is the next notice's (a lost connection).
                    // A change to one evaluation reads that one again; after
                    // a reconnection (changes missed) everything is.
                    let _ = match &event {
                        WatchEvent::Changed(change) => match change.evaluation {
                            Some(id) => session.refresh_evaluation(id),
                            None => session.refresh(),
                        },
                        _ => session.refresh(),
                    };
                }
            }
        }
        if let Some(notice) = TeamNoticeView::of(&event) {
            let _ = app.emit(EVENT, notice);
        }
        true
    });
    if let Err(e) = watched {
        let _ = app.emit(
            EVENT,
            TeamNoticeView {
                kind: "lost".into(),
                who: None,
                evaluation: None,
                text: e.text(),
            },
        );
    }
}
