//! What the desktop app works on: a local SQLite file, or a team database
//! (issue 18) through a [`TeamSession`]. The shell holds one `Workspace`;
//! each command asks it for the store to read, the store to change, or one of
//! the actions that differ between the two (saving an answer, recording an
//! export). The CLI has its own dispatch (`cli::commands`), over the same
//! core functions.

use super::team_session::{TeamSession, TeamSessionView};
use super::{AnswerEdit, FormView};
use crate::store::{Result, Store, StoreError};
use crate::Text;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

// One per app, made once and never moved about: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Workspace {
    Local(Store),
    Team(TeamSession),
}

/// What the app's banner shows about team mode: the session, if the app is on
/// a team database; else the address remembered from last time, if any, and
/// why it could not be opened at start-up.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamState {
    pub session: Option<TeamSessionView>,
    /// The team database remembered beside the local database (never a password).
    pub remembered: Option<String>,
    /// Why the remembered team database was not opened (the local database is shown).
    pub problem: Option<Text>,
}

/// The file beside the local database that remembers the team database the
/// user connected to: its address only, never a password (that comes from
/// `PGPASSWORD` or the password file, as libpq reads them).
pub fn remembered_team_file(local_db: &Path) -> PathBuf {
    local_db.with_file_name("team-database.json")
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RememberedTeam {
    address: String,
    /// The user asked to keep the password in the system keyring (which holds
    /// it; this file never does): disconnecting removes it from there too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    password_in_keyring: bool,
}

/// The team database remembered beside `local_db`, if any. A file that does
/// not read is refused with its location; an address that is not acceptable
/// (a password in it, an unknown parameter) is refused naming the file.
pub fn remembered_team(local_db: &Path) -> Result<Option<String>> {
    Ok(read_remembered(local_db)?.map(|r| r.address))
}

fn read_remembered(local_db: &Path) -> Result<Option<RememberedTeam>> {
    let file = remembered_team_file(local_db);
    if !file.exists() {
        return Ok(None);
    }
    let shown = file.display().to_string();
    let read = crate::json_document::read_text(&file)
        .and_then(|text| crate::json_document::parse(&shown, &text))
        .and_then(|value| crate::json_document::from_value::<RememberedTeam>(&shown, value))
        .map_err(|d| StoreError::Invalid(vec![d]))?;
    crate::store::team::TeamAddress::parse(&read.address)
        .map_err(|e| StoreError::invalid_input(&shown, format!("address: {e}")))?;
    Ok(Some(read))
}

/// Remembers `address` beside `local_db` (atomically), or forgets it (`None`);
/// `password_in_keyring`: its password was kept in the system keyring.
pub fn remember_team(
    local_db: &Path,
    address: Option<&str>,
    password_in_keyring: bool,
) -> Result<()> {
    let file = remembered_team_file(local_db);
    match address {
        Some(address) => {
            let text = serde_json::to_string_pretty(&RememberedTeam {
                address: address.to_string(),
                password_in_keyring,
            })
            .map_err(|e| StoreError::invalid_input(&file.display().to_string(), e.to_string()))?;
            crate::atomic_write::write(&file, text.as_bytes())
                .map_err(|e| crate::store::io_err(&file, e))
        }
        None => match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(crate::store::io_err(&file, e))
            }
            _ => Ok(()),
        },
    }
}

impl Workspace {
    /// What the app opens on: `db` when it is a team address; else the team
    /// database remembered beside the local file `db`, if any — and when that
    /// cannot be opened, the local file, with the reason (the second value)
    /// for the banner, so the user can reconnect or disconnect; else the file.
    pub fn open_for_app(db: &Path) -> Result<(Workspace, Option<Text>)> {
        if super::team::is_team_url(&db.to_string_lossy()) {
            return Ok((Workspace::open(db)?, None));
        }
        let remembered = match remembered_team(db) {
            Ok(remembered) => remembered,
            Err(e) => return Ok((Workspace::Local(Store::open(db)?), Some(e.text()))),
        };
        match remembered {
            Some(address) => match TeamSession::open(&address) {
                Ok(session) => Ok((Workspace::Team(session), None)),
                Err(e) => {
                    let cause = e.text();
                    let problem = Text {
                        en: format!("Could not open the team database remembered from last time ({address}): {}. The local database is shown; connect again, or forget it.", cause.en),
                        zh_cn: format!("无法打开上次记住的团队数据库（{address}）：{}。现显示本地数据库；可重新连接，或忘记它。", cause.zh_cn),
                    };
                    Ok((Workspace::Local(Store::open(db)?), Some(problem)))
                }
            },
            None => Ok((Workspace::Local(Store::open(db)?), None)),
        }
    }

    /// Connects to the team database at `address` (its password from
    /// `PGPASSWORD` or the password file) and works on it from now on,
    /// remembering the address beside the local database `local_db`. Refused
    /// — nothing changed, nothing remembered — when the address is not
    /// acceptable or the database cannot be opened.
    pub fn connect(&mut self, local_db: &Path, address: &str) -> Result<()> {
        self.connect_with(local_db, address, None, false)
    }

    /// [`Workspace::connect`] with the password given (kept in memory, and —
    /// `remember_password` — in the system keyring once it has opened the
    /// database; if the keyring refuses, nothing is changed or remembered).
    pub fn connect_with(
        &mut self,
        local_db: &Path,
        address: &str,
        password: Option<&str>,
        remember_password: bool,
    ) -> Result<()> {
        let address = address.trim();
        if !super::team::is_team_url(address) {
            return Err(StoreError::refused(
                "team database",
                "A team database's address starts with postgres:// (for example postgres://wang_li@db.example.com/assay?sslmode=verify-full).",
                "团队数据库地址以 postgres:// 开头（例如 postgres://wang_li@db.example.com/assay?sslmode=verify-full）。",
            ));
        }
        let password = password.filter(|p| !p.is_empty());
        if remember_password && password.is_none() {
            return Err(StoreError::refused(
                "password",
                "Type the password to keep it in the system keyring.",
                "请输入要保存到系统钥匙串的密码。",
            ));
        }
        let session = TeamSession::open_with(address, password)?;
        if let (true, Some(password)) = (remember_password, password) {
            let parsed = crate::store::team::TeamAddress::parse(address)?;
            crate::store::team::keyring::remember(&parsed, password)?;
        }
        // A password kept for this address before stays noted as kept (so
        // Disconnect still removes it), whether or not it was typed again.
        let kept_before = read_remembered(local_db)
            .ok()
            .flatten()
            .is_some_and(|r| r.password_in_keyring && r.address == address);
        remember_team(local_db, Some(address), remember_password || kept_before)?;
        *self = Workspace::Team(session);
        Ok(())
    }

    /// Leaves the team database (nothing there changes) and forgets it; the
    /// local database `local_db` is shown again.
    /// A password the user kept in the system keyring for it is removed
    /// there too; if the keyring refuses, the local database is shown all the
    /// same and the returned sentence says so.
    pub fn disconnect(&mut self, local_db: &Path) -> Result<Option<Text>> {
        let mut store = Store::open(local_db)?;
        super::evaluations::samples(&mut store)?;
        let kept = read_remembered(local_db)
            .ok()
            .flatten()
            .filter(|r| r.password_in_keyring);
        remember_team(local_db, None, false)?;
        *self = Workspace::Local(store);
        let Some(kept) = kept else { return Ok(None) };
        let removed = crate::store::team::TeamAddress::parse(&kept.address)
            .and_then(|address| crate::store::team::keyring::forget(&address));
        Ok(removed.err().map(|e| {
            let cause = e.text();
            Text {
                en: format!("Disconnected. The password kept for {} could not be removed from the system keyring: {} — remove it there, or with `assay --db {} team password forget`.", kept.address, cause.en, kept.address),
                zh_cn: format!("已断开。为 {} 保存的密码未能从系统钥匙串中删除：{}——请在钥匙串中删除，或运行 `assay --db {} team password forget`。", kept.address, cause.zh_cn, kept.address),
            }
        }))
    }

    /// The team state for the banner; `problem`: why the remembered team
    /// database was not opened at start-up, if so.
    pub fn team_state(&self, local_db: Option<&Path>, problem: Option<Text>) -> TeamState {
        TeamState {
            session: self.team_view(),
            remembered: local_db.and_then(|db| remembered_team(db).ok().flatten()),
            problem,
        }
    }

    /// Opens the database the app was started on: a `postgres://` address
    /// opens a team session (the password from `PGPASSWORD` or a password
    /// file, as libpq reads them), anything else the SQLite file there.
    pub fn open(db: &std::path::Path) -> Result<Workspace> {
        let shown = db.to_string_lossy();
        if super::team::is_team_url(&shown) {
            return Ok(Workspace::Team(TeamSession::open(&shown)?));
        }
        Ok(Workspace::Local(Store::open(db)?))
    }

    /// The store the screens read (in team mode, the session's read-only copy).
    pub fn store(&mut self) -> &mut Store {
        match self {
            Workspace::Local(store) => store,
            Workspace::Team(session) => session.store(),
        }
    }

    /// The local database, for what only a local database has (a backup
    /// file of it): in team mode refused, nothing done, saying what to do.
    pub fn local_store(&mut self) -> Result<&mut Store> {
        match self {
            Workspace::Local(store) => Ok(store),
            Workspace::Team(_) => Err(StoreError::refused(
                "team database",
                "Not backed up: the app is on a team database, which its administrator backs up with pg_dump (docs/team.md). \
                 To keep a file of one evaluation, export it as a bundle: `assay --db postgres://… team pull`.",
                "未备份：本应用当前连接的是团队数据库，由其管理员使用 pg_dump 备份（见 docs/team.md）。\
                 如需保存某个评估的文件，请将其导出为数据包：`assay --db postgres://… team pull`。",
            )),
        }
    }

    /// Runs `action` — one of the app's own changes of evaluation
    /// `evaluation` — on the local store, or in team mode through a snapshot
    /// written back to the team database ([`TeamSession::change`]); there
    /// `reread` then corrects the result from the copy read again (what it
    /// shows of rows the action added, a form's revisions). Local: the
    /// action's result as it is.
    pub fn change<T>(
        &mut self,
        evaluation: i64,
        action: impl FnOnce(&mut Store) -> Result<T>,
        reread: impl FnOnce(T, &mut Workspace) -> Result<T>,
    ) -> Result<T> {
        self.change_reading(evaluation, &[], action, reread)
    }

    /// [`Workspace::change`] of an action that also reads the evaluations
    /// `also_read` (in team mode read into its snapshot; not written).
    pub fn change_reading<T>(
        &mut self,
        evaluation: i64,
        also_read: &[i64],
        action: impl FnOnce(&mut Store) -> Result<T>,
        reread: impl FnOnce(T, &mut Workspace) -> Result<T>,
    ) -> Result<T> {
        match self {
            Workspace::Local(store) => action(store),
            Workspace::Team(session) => {
                let out = session.change(evaluation, also_read, action)?;
                reread(out, self)
            }
        }
    }

    /// [`Workspace::change`] of the evaluation vendor `vendor_id` belongs to.
    pub fn change_vendor<T>(
        &mut self,
        vendor_id: i64,
        action: impl FnOnce(&mut Store) -> Result<T>,
        reread: impl FnOnce(T, &mut Workspace) -> Result<T>,
    ) -> Result<T> {
        let evaluation = self.store().vendor(vendor_id)?.evaluation_id;
        self.change(evaluation, action, reread)
    }

    /// Creates an evaluation — `create` returns its id — in the local store,
    /// or in team mode in the team database (on an empty throw-away store,
    /// or on a snapshot of `from`, then pushed whole; see
    /// [`TeamSession::create`]). Returns its summary as the screens read it.
    pub fn create_evaluation(
        &mut self,
        from: Option<i64>,
        create: impl FnOnce(&mut Store) -> Result<i64>,
    ) -> Result<super::EvaluationSummary> {
        let id = match self {
            Workspace::Local(store) => create(store)?,
            Workspace::Team(session) => session.create(from, create)?,
        };
        Ok(super::EvaluationSummary::from(
            &self.store().evaluation(id)?,
        ))
    }

    /// Vendor `vendor_id`'s form (in team mode with each answer's revision).
    pub fn form(&mut self, vendor_id: i64) -> Result<FormView> {
        match self {
            Workspace::Local(store) => super::form(store, vendor_id),
            Workspace::Team(session) => session.form(vendor_id),
        }
    }

    /// Saves one answer: in the local store, or in the team database based
    /// on the revision shown (see [`TeamSession::save_answer`]).
    pub fn save_answer(&mut self, vendor_id: i64, edit: &AnswerEdit) -> Result<FormView> {
        match self {
            Workspace::Local(store) => super::save_answer(store, vendor_id, edit),
            Workspace::Team(session) => session.save_answer(vendor_id, edit),
        }
    }

    /// After a save refused over someone else's newer change: keeps theirs
    /// and adds `mine` to its comment, in `lang` (see
    /// [`super::form::keep_theirs_with_comment`]).
    pub fn keep_theirs_with_comment(
        &mut self,
        vendor_id: i64,
        mine: &AnswerEdit,
        lang: crate::Lang,
    ) -> Result<FormView> {
        match self {
            Workspace::Local(store) => {
                super::form::keep_theirs_with_comment(store, vendor_id, mine, lang)
            }
            Workspace::Team(session) => session.keep_theirs_with_comment(vendor_id, mine, lang),
        }
    }

    /// Refuses, before a report is written, an export that could not be
    /// recorded (a team viewer may read, not record exports).
    pub fn check_may_export(&mut self) -> Result<()> {
        match self {
            Workspace::Local(_) => Ok(()),
            Workspace::Team(session) => session.check_may_record_exports(),
        }
    }

    /// Records an exported report where the evaluation is, so `verify` finds it.
    pub fn record_export(
        &mut self,
        evaluation: i64,
        rendered: &crate::report::Rendered,
        lang: crate::Lang,
        generated_at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<()> {
        match self {
            Workspace::Local(store) => {
                super::report::record_export(store, evaluation, rendered, lang, generated_at)
            }
            Workspace::Team(session) => {
                session.record_export(evaluation, rendered, lang, generated_at)
            }
        }
    }

    /// The team session, when the app is on a team database.
    pub fn team(&mut self) -> Option<&mut TeamSession> {
        match self {
            Workspace::Local(_) => None,
            Workspace::Team(session) => Some(session),
        }
    }

    /// What the app shows about its team session, if any.
    pub fn team_view(&self) -> Option<TeamSessionView> {
        match self {
            Workspace::Local(_) => None,
            Workspace::Team(session) => Some(session.view()),
        }
    }
}
