//! What the desktop app works on: a local SQLite file, or a team database
//! (issue 18) through a [`TeamSession`]. The shell holds one `Workspace`;
//! each command asks it for the store to read, the store to change, or one of
//! the actions that differ between the two (saving an answer, recording an
//! export). The CLI has its own dispatch (`cli::commands`), over the same
//! core functions.

use super::team_session::{TeamSession, TeamSessionView};
use super::{AnswerEdit, FormView};
use crate::store::{Result, Store, StoreError};

// One per app, made once and never moved about: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Workspace {
    Local(Store),
    Team(TeamSession),
}

impl Workspace {
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

    /// The store to change, for every change but an answer's: in team mode
    /// refused, nothing changed, saying what works.
    pub fn store_to_change(&mut self) -> Result<&mut Store> {
        match self {
            Workspace::Local(store) => Ok(store),
            Workspace::Team(_) => Err(StoreError::refused(
                "team database",
                "Not changed: on a team database the app saves answers and exports reports so far. \
                 Make this change from the command line where it works there (`assay --db postgres://… team …`), \
                 or in a local database, moving the evaluation with `assay team pull` and `assay team push`.",
                "未修改：在团队数据库上，本应用目前只能保存回答和导出报告。\
                 请在命令行中进行此修改（若支持：`assay --db postgres://… team …`），\
                 或在本地数据库中修改，再用 `assay team pull` 和 `assay team push` 移动评估。",
            )),
        }
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
