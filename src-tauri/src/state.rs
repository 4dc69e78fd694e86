//! The app's state: the open store, or the sentence saying why it could not be
//! opened (shown in the UI by every command instead of a panic at startup;
//! tried again by a later command);
//! the report font, parsed once on first export; and where exports go.

use assay::app::opening::{lock, OpenOnce, Opened};
use assay::app::workspace::Workspace;
use assay::app::{self, ReportError, ReportFont, Store};
use assay::app::{LoadedQuestionnaires, PreviewedImport};
use assay::Text;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use crate::commands::CommandError;
use crate::export::{Launcher, OpenPicker, PathPicker, Pickers};

/// The environment variable that overrides the database path (tests, portable use).
pub const DB_ENV: &str = "ASSAY_DB";

pub struct AppState {
    /// The open workspace (a local store, or a team database session).
    /// Opening it (and creating the samples on a first start, a migration
    /// after an upgrade) starts on its own thread before the window: on the
    /// main thread it held up WebKit's start-up by the whole time (issue 15).
    /// The first command that needs it waits for that; after a failure (a
    /// team database that is down) a later command tries again, so the app
    /// opens it once it is up without a restart (`assay::app::opening`).
    store: OpenOnce<Workspace, Option<Text>>,
    /// Why the team database remembered from last time was not opened at
    /// start-up (the local database is shown instead), until the user
    /// connects or disconnects.
    team_problem: Mutex<Option<Text>>,
    /// Which team session the listener thread follows: bumped on every
    /// connect and disconnect, so an older listener stops (`team_watch`).
    team_generation: AtomicU64,
    /// Parsing the CJK font takes 70 ms or more: done once, on the first export.
    font: OnceLock<Result<Arc<ReportFont>, ReportError>>,
    /// The save dialog (a fixed directory in end-to-end tests: `e2e_hooks.rs`).
    pub picker: Box<dyn PathPicker>,
    /// The open dialog of an import (or a fixed file in end-to-end tests).
    pub opener: Box<dyn OpenPicker>,
    /// The open dialog of an evidence file (or a fixed file in end-to-end tests).
    pub attacher: Box<dyn OpenPicker>,
    /// Opens exported files: the default app (or a log in end-to-end tests).
    pub viewer: Box<dyn Launcher>,
    /// The last previewed workbook: the only one that may be applied.
    previewed_import: Mutex<PreviewedImport>,
    /// The open dialog of "load a questionnaire" (or fixed files in end-to-end tests).
    pub questionnaire_picker: Box<dyn OpenPicker>,
    /// The open dialog of a signed export's certificate (or a fixed file in
    /// end-to-end tests).
    pub certificate_picker: Box<dyn OpenPicker>,
    /// Questionnaire files validated in this session, offered by key.
    questionnaires: Mutex<LoadedQuestionnaires>,
    /// The files exported in this session (PDFs, workbooks): "open" accepts only
    /// these, so the page cannot make the app launch an arbitrary file.
    exported: Mutex<HashSet<PathBuf>>,
}

impl AppState {
    /// Starts opening the database (`$ASSAY_DB`, else the default path) and
    /// making sure the sample evaluations exist, on a thread of its own. Never
    /// panics: a failure is each command's message until an open succeeds.
    pub fn open() -> AppState {
        // The native dialogs; the process environment matters only to a build
        // with the test hooks (feature `e2e-hooks`).
        let Pickers {
            save,
            import,
            attach,
            questionnaires,
            certificate,
            viewer,
        } = Pickers::for_run(&|name| std::env::var_os(name));
        AppState {
            store: OpenOnce::start(open_store, RETRY_OPEN_AFTER),
            team_problem: Mutex::new(None),
            team_generation: AtomicU64::new(0),
            font: OnceLock::new(),
            picker: save,
            opener: import,
            attacher: attach,
            viewer,
            previewed_import: Mutex::default(),
            questionnaire_picker: questionnaires,
            certificate_picker: certificate,
            questionnaires: Mutex::new(LoadedQuestionnaires::default()),
            exported: Mutex::new(HashSet::new()),
        }
    }

    /// The questionnaires loaded from files in this session.
    pub fn questionnaires(&self) -> MutexGuard<'_, LoadedQuestionnaires> {
        lock(&self.questionnaires)
    }

    /// The workbook import previewed last. Lock it after the store, never before.
    pub fn previewed_import(&self) -> MutexGuard<'_, PreviewedImport> {
        lock(&self.previewed_import)
    }

    pub fn remember_export(&self, path: &Path) {
        lock(&self.exported).insert(path.to_path_buf());
    }

    pub fn was_exported(&self, path: &Path) -> bool {
        lock(&self.exported).contains(path)
    }

    /// The report font, loaded on first use. Blocking: call it off the async workers.
    pub fn font(&self) -> Result<Arc<ReportFont>, CommandError> {
        self.font
            .get_or_init(|| ReportFont::load_default().map(Arc::new))
            .clone()
            .map_err(|e| {
                CommandError::export(
                    format!("No font for the report was found: {e}"),
                    format!("找不到报告所用的字体：{}", e.text().zh_cn),
                )
            })
    }

    /// The workspace, locked; or why it could not be opened. The first call
    /// waits for the database to be opened (other callers wait for that
    /// call); after a failure, a call more than `RETRY_OPEN_AFTER` later
    /// tries again.
    pub fn workspace(&self) -> Result<MutexGuard<'_, Workspace>, CommandError> {
        self.store
            .get(open_store, |problem| *lock(&self.team_problem) = problem)
            .map_err(CommandError::unavailable)
    }

    /// Why the remembered team database was not opened at start-up, if so.
    pub fn team_problem(&self) -> Option<Text> {
        lock(&self.team_problem).clone()
    }

    pub fn clear_team_problem(&self) {
        *lock(&self.team_problem) = None;
    }

    /// The team session the listener should follow now (see `team_generation`).
    pub fn team_generation(&self) -> u64 {
        self.team_generation.load(Ordering::SeqCst)
    }

    /// A connect or disconnect: the listener of the session before stops.
    pub fn next_team_generation(&self) -> u64 {
        self.team_generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The store to read, locked (in team mode, the session's read-only copy).
    pub fn store(&self) -> Result<StoreGuard<'_>, CommandError> {
        Ok(StoreGuard(self.workspace()?))
    }

    /// The local database, locked, for what only it has (a backup); in team
    /// mode refused, saying what to do instead.
    pub fn local_store(&self) -> Result<StoreGuard<'_>, CommandError> {
        let mut workspace = self.workspace()?;
        workspace.local_store()?;
        Ok(StoreGuard(workspace))
    }
}

/// The locked workspace's store.
pub struct StoreGuard<'a>(MutexGuard<'a, Workspace>);

impl std::ops::Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match &*self.0 {
            Workspace::Local(store) => store,
            Workspace::Team(session) => session.copy(),
        }
    }
}

impl std::ops::DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.0.store()
    }
}

/// A panic while a lock was held leaves the data usable (every change is one
/// store transaction), so a poisoned lock is taken anyway.
fn db_path() -> Result<PathBuf, Text> {
    match std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        Some(p) => Ok(PathBuf::from(p)),
        None => app::default_db_path().ok_or_else(|| Text {
            en: "no data directory is known for this user; set ASSAY_DB to a database file path"
                .to_string(),
            zh_cn: "未知此用户的数据目录；请将 ASSAY_DB 设为数据库文件路径".to_string(),
        }),
    }
}

/// The local database file (the default path, or `$ASSAY_DB` when it is a
/// file): none when the app was started on a team database by `$ASSAY_DB`.
pub fn local_db() -> Result<PathBuf, Text> {
    let path = db_path()?;
    if app::team::is_team_url(&path.to_string_lossy()) {
        return Err(Text {
            en: "the app was started on a team database by ASSAY_DB: start it without ASSAY_DB (or with a file) to connect and disconnect here".to_string(),
            zh_cn: "应用是通过 ASSAY_DB 在团队数据库上启动的：如需在此连接和断开，请不设 ASSAY_DB（或设为文件）启动".to_string(),
        });
    }
    Ok(path)
}

/// A failed open is tried again by a command at least this long after it
/// (the screens of a new window ask in a burst; each would wait for a server
/// that does not answer).
const RETRY_OPEN_AFTER: Duration = Duration::from_secs(2);

/// Opens the workspace; also says why a remembered team database was not
/// opened (the local database is then shown).
fn open_store() -> Opened<Workspace, Option<Text>> {
    let path = db_path()?;
    let (mut workspace, problem) = Workspace::open_for_app(&path).map_err(|e| e.text())?;
    // A team database has no samples of its own: its evaluations are the team's.
    if let Workspace::Local(store) = &mut workspace {
        app::evaluations::samples(store).map_err(|e| {
            let cause = e.text();
            Text {
                en: format!(
                    "{}: the sample evaluations could not be created: {}",
                    path.display(),
                    cause.en
                ),
                zh_cn: format!("{}：无法创建示例评估：{}", path.display(), cause.zh_cn),
            }
        })?;
    }
    Ok((workspace, problem))
}
