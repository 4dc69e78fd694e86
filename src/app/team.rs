//! Team mode's actions (issue 18): the administrator sets up or upgrades the
//! schema, grants roles and members; an approver signs an evaluation off; anyone
//! checks who they are to the database. The database enforces every rule
//! (roles, row-level security, triggers); these functions only ask and explain.

use crate::store::team::{self, TeamDb};
pub use crate::store::team::{
    is_team_url, without_password, Migrated, Moved, SchemaState, SignOff, TeamChange, TeamError,
    TeamEvaluation, TeamRole, TeamSave, TeamSnapshot, TeamStatus, TEAM_SCHEMA_VERSION,
};
use crate::store::{Result, StoreError};

/// Who the session is, its roles, the schema and the connection's protection.
pub fn status(url: &str) -> Result<TeamStatus> {
    Ok(team::status(url)?)
}

/// Sets up or upgrades the team schema (an administrator's command).
pub fn migrate(url: &str) -> Result<Migrated> {
    Ok(team::migrate(url)?)
}

/// Keeps `password` for the team database at `url` in the system keyring,
/// after checking that it opens the database (a wrong password is refused
/// and nothing is kept). From then on a connection to that database whose
/// password is in neither `PGPASSWORD` nor the password file takes it from
/// the keyring — the CLI's and the app's.
pub fn remember_password(url: &str, password: &str) -> Result<()> {
    let address = team::TeamAddress::parse(url)?;
    TeamDb::open_with(url, Some(password))?;
    Ok(team::keyring::remember(&address, password)?)
}

/// Removes the password kept in the system keyring for the team database at
/// `url`: whether one was there.
pub fn forget_password(url: &str) -> Result<bool> {
    let address = team::TeamAddress::parse(url)?;
    Ok(team::keyring::forget(&address)?)
}

/// The team's evaluations, with what this session may do to each.
pub fn list(url: &str) -> Result<Vec<TeamEvaluation>> {
    Ok(TeamDb::open(url)?.evaluations()?)
}

/// An approver signs evaluation `id` off; it is frozen from then on.
pub fn sign_off(url: &str, id: i64) -> Result<()> {
    Ok(TeamDb::open(url)?.sign_off(id)?)
}

/// An administrator reopens a signed-off evaluation.
pub fn reopen(url: &str, id: i64) -> Result<()> {
    Ok(TeamDb::open(url)?.reopen(id)?)
}

/// An administrator makes database user `member` a member of evaluation `id`.
pub fn add_member(url: &str, id: i64, member: &str) -> Result<()> {
    Ok(TeamDb::open(url)?.add_member(id, member)?)
}

/// An administrator gives database user `user` an Assay role.
pub fn grant(url: &str, user: &str, role: TeamRole) -> Result<()> {
    Ok(TeamDb::open(url)?.grant(user, role)?)
}

/// Pushes the evaluation in a bundle file into the team database as a new
/// evaluation, all or nothing, with its audit history (an evaluator).
pub fn push(url: &str, bundle: &std::path::Path) -> Result<Moved> {
    team::push_bundle(&mut TeamDb::open(url)?, bundle)
}

/// Writes team evaluation `id` to a bundle file for a local database
/// (`assay evaluation import`); refuses an existing file unless `force`.
pub fn pull(url: &str, id: i64, dest: &std::path::Path, force: bool) -> Result<Moved> {
    if dest.exists() && !force {
        return Err(StoreError::invalid_input(
            &dest.display().to_string(),
            "the file exists; add --force to replace it",
        ));
    }
    team::pull_bundle(&mut TeamDb::open(url)?, id, dest)
}

/// A consistent read-only copy of team evaluation `id`, for the commands
/// that only read an evaluation (score, show, audit): they run on it exactly
/// as on a local database.
pub fn snapshot(url: &str, id: i64) -> Result<TeamSnapshot> {
    team::snapshot(&mut TeamDb::open(url)?, id)
}

/// Refuses, before a report is written, a session that may not record the
/// export in the team database (a viewer): an unrecorded report could not be
/// found again by `assay verify`.
pub fn check_may_record_exports(url: &str) -> Result<()> {
    refuse_unless_may_record(&mut TeamDb::open(url)?)
}

/// [`check_may_record_exports`] on an open session.
pub(crate) fn refuse_unless_may_record(db: &mut TeamDb) -> Result<()> {
    if db.may_record_exports()? {
        return Ok(());
    }
    let user = db.user().to_string();
    Err(StoreError::refused(
        "export",
        format!("{user} may read this evaluation but not record a report of it in the team database (an evaluator, approver or administrator exports); nothing was written"),
        format!("{user} 可以查看此评估，但不能在团队数据库中记录其报告导出（由评估人、审批人或管理员导出）；未写入任何文件"),
    ))
}

/// Records in the team database that a report of evaluation `evaluation`
/// was written, so `assay --db postgres://… verify` finds it by fingerprint.
pub fn record_export(
    url: &str,
    evaluation: i64,
    rendered: &crate::report::Rendered,
    lang: crate::Lang,
    generated_at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<()> {
    record_in(
        &mut TeamDb::open(url)?,
        evaluation,
        rendered,
        lang,
        generated_at,
    )
}

/// [`record_export`] on an open session.
pub(crate) fn record_in(
    db: &mut TeamDb,
    evaluation: i64,
    rendered: &crate::report::Rendered,
    lang: crate::Lang,
    generated_at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<()> {
    Ok(db.record_export(&crate::store::NewExport {
        evaluation_id: evaluation,
        fingerprint: &rendered.fingerprint,
        lang: lang.code(),
        generated_at: &generated_at.to_rfc3339(),
        signed_by: rendered.signed_by.as_deref(),
    })?)
}

/// A team database as `verify` reads it: its record of exports, and the
/// report an evaluation gives now (read through a snapshot).
pub struct TeamLedger {
    db: TeamDb,
}

/// Opens the team database at `url` for `verify`.
pub fn ledger(url: &str) -> Result<TeamLedger> {
    Ok(TeamLedger {
        db: TeamDb::open(url)?,
    })
}

impl super::report::ExportLedger for TeamLedger {
    fn exports_with_fingerprint(
        &mut self,
        fingerprint: &str,
    ) -> Result<Vec<crate::store::ExportRecord>> {
        Ok(self.db.exports_with_fingerprint(fingerprint)?)
    }

    fn report_data_now(&mut self, id: i64) -> Option<crate::report::data::ReportData> {
        let mut snapshot = team::snapshot(&mut self.db, id).ok()?;
        super::report_data::from_store(&mut snapshot.store, id).ok()
    }
}

/// Saves one answer typed on the command line in team evaluation
/// `evaluation`: the edit goes through the app's own function on a snapshot
/// (the same checks, the same audit row), then that answer and its audit row
/// are written to the team database in one transaction, based on the revision
/// read with the snapshot, or `based_on` when given (to save over a change
/// the user has seen). Returns the vendor's name and what was done.
pub fn save_typed_answer(
    url: &str,
    evaluation: i64,
    vendor: &str,
    edit: super::AnswerEdit,
    typed_value: Option<&str>,
    based_on: Option<i64>,
) -> Result<(String, team::TeamSave)> {
    let mut db = TeamDb::open(url)?;
    let question = edit.question.clone();
    let mut name = String::new();
    let saved = save_through_snapshot(
        &mut db,
        evaluation,
        &question,
        |store| {
            let vendor = super::answers::find_vendor(store, evaluation, vendor)?;
            super::answers::save_typed_answer(store, &vendor, edit, typed_value)?;
            name = vendor.name;
            Ok(vendor.id)
        },
        |_, _| based_on,
    )?;
    Ok((name, saved))
}

/// Saves one answer in the team database the way every front end does: the
/// app's own save (`save`, returning the vendor it saved for) on a fresh
/// snapshot of `evaluation` — the same checks, the same audit row — then that
/// answer and its audit rows replayed in one transaction, based on the
/// revision `based_on` picks (given the snapshot and the vendor). A
/// signed-off evaluation is refused by the database itself (its freeze
/// trigger, explained by `team::explain`), not checked again here.
pub(crate) fn save_through_snapshot(
    db: &mut TeamDb,
    evaluation: i64,
    question: &str,
    save: impl FnOnce(&mut crate::store::Store) -> Result<i64>,
    based_on: impl FnOnce(&TeamSnapshot, i64) -> Option<i64>,
) -> Result<team::TeamSave> {
    let mut snapshot = team::snapshot(db, evaluation)?;
    // The snapshot's rows say who saved them as the database knows them.
    snapshot.store.set_actor(db.user());
    let audit_before = snapshot.store.last_audit_id()?;
    let vendor = save(&mut snapshot.store)?;
    let based_on = based_on(&snapshot, vendor);
    team::replay_answer(db, &snapshot, vendor, question, audit_before, based_on)
}

/// Runs `action` — one of the app's own functions, the same checks and the
/// same audit rows as on a local database — on a fresh snapshot of team
/// evaluation `evaluation`, then writes what it changed to the team
/// database in one transaction, each row only if it is still as read
/// ([`team::replay_changes`]): a change over someone else's newer one is
/// refused, nothing written. Returns the action's result (computed on the
/// snapshot: rows it added carry the snapshot's ids, not the team's).
///
/// `also_read`: other evaluations the action reads (copying answers from
/// one), read into the snapshot too; nothing of them is written.
///
/// `seen`: what the user was shown (the app's copy); a row the action
/// changes that someone else changed since then refuses it. None on the
/// command line: the snapshot is what the command read.
pub(crate) fn change_through_snapshot<T>(
    db: &mut TeamDb,
    evaluation: i64,
    also_read: &[i64],
    seen: Option<&team::Seen<'_>>,
    action: impl FnOnce(&mut crate::store::Store) -> Result<T>,
) -> Result<(T, team::Replayed)> {
    let mut snapshot = team::snapshot(db, evaluation)?;
    for &other in also_read {
        team::read_also(db, &mut snapshot, other)?;
    }
    snapshot.store.set_actor(db.user());
    let before = team::capture(&snapshot.store, evaluation)?;
    let audit_before = snapshot.store.last_audit_id()?;
    let out = action(&mut snapshot.store)?;
    let written = team::replay_changes(db, &snapshot, &before, audit_before, seen)?;
    Ok((out, written))
}

/// Creates an evaluation in the team database the way the app creates one
/// locally: `create` runs on a throw-away store — empty, or a snapshot of
/// team evaluation `from` when given (to duplicate it) — and returns the new
/// evaluation's id there; that evaluation is then pushed as a whole, with its
/// audit rows, in one transaction. Returns its id in the team database.
pub(crate) fn create_through_store(
    db: &mut TeamDb,
    from: Option<i64>,
    create: impl FnOnce(&mut crate::store::Store) -> Result<i64>,
) -> Result<i64> {
    let mut snapshot = match from {
        Some(id) => team::snapshot(db, id)?,
        None => team::empty_snapshot()?,
    };
    snapshot.store.set_actor(db.user());
    let local = create(&mut snapshot.store)?;
    Ok(team::push_store(db, &snapshot.store, local)?.evaluation)
}

/// [`change_through_snapshot`] for the command line: connects to `url`.
pub fn change<T>(
    url: &str,
    evaluation: i64,
    also_read: &[i64],
    action: impl FnOnce(&mut crate::store::Store) -> Result<T>,
) -> Result<(T, team::Replayed)> {
    change_through_snapshot(&mut TeamDb::open(url)?, evaluation, also_read, None, action)
}

/// [`change_through_snapshot`] on an open session (as the command line
/// does it: no copy shown before).
pub fn change_on<T>(
    db: &mut TeamDb,
    evaluation: i64,
    action: impl FnOnce(&mut crate::store::Store) -> Result<T>,
) -> Result<(T, team::Replayed)> {
    change_through_snapshot(db, evaluation, &[], None, action)
}

/// [`create_through_store`] for the command line: connects to `url`.
pub fn create(
    url: &str,
    from: Option<i64>,
    create: impl FnOnce(&mut crate::store::Store) -> Result<i64>,
) -> Result<i64> {
    create_through_store(&mut TeamDb::open(url)?, from, create)
}

/// What [`watch`] reports, as it happens.
#[derive(Debug)]
pub enum WatchEvent {
    /// Listening: from now on every committed change is reported.
    Listening { user: String },
    /// Someone committed a change.
    Changed(TeamChange),
    /// The connection is lost (reported on every failed try, a few seconds apart).
    Lost(TeamError),
    /// Connected again: changes made meanwhile were not heard.
    Reconnected,
}

/// How long a watch waits between tries while the server cannot be reached.
const WATCH_RETRY: std::time::Duration = std::time::Duration::from_secs(2);

/// Listens for the changes other people commit (to `evaluation` only, when
/// given) and hands each event to `report` until it returns false. A lost
/// connection is tried again until it is back; it never ends the watch.
pub fn watch(
    url: &str,
    evaluation: Option<i64>,
    mut report: impl FnMut(WatchEvent) -> bool,
) -> Result<()> {
    let mut db = TeamDb::open(url)?;
    db.listen()?;
    if !report(WatchEvent::Listening {
        user: db.user().to_string(),
    }) {
        return Ok(());
    }
    loop {
        let event = match db.next_notice(std::time::Duration::from_secs(5)) {
            Ok(None) => continue,
            Ok(Some(team::TeamNotice::Changed(change))) => {
                if evaluation.is_some() && change.evaluation != evaluation {
                    continue;
                }
                WatchEvent::Changed(change)
            }
            Ok(Some(team::TeamNotice::Reconnected)) => WatchEvent::Reconnected,
            Err(e @ TeamError::ConnectionLost { .. }) => {
                let go_on = report(WatchEvent::Lost(e));
                std::thread::sleep(WATCH_RETRY);
                if go_on {
                    continue;
                }
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        if !report(event) {
            return Ok(());
        }
    }
}

/// A role by the name a user types: viewer, evaluator, approver, admin.
pub fn parse_role(name: &str) -> Result<TeamRole> {
    team::TEAM_ROLES
        .into_iter()
        .find(|r| {
            r.label().en == name
                || r.role_name() == name
                || (name == "admin" && *r == TeamRole::Admin)
        })
        .ok_or_else(|| {
            StoreError::invalid_input(
                "role",
                format!("{name} is not a role: viewer, evaluator, approver or admin"),
            )
        })
}
