//! The desktop app on a team database (issue 18): one long-lived session.
//!
//! The app's screens read one [`Store`]. In team mode that store is a copy of
//! every evaluation this user may read ([`team::copy_evaluations`]), kept
//! read-only (`PRAGMA query_only`), and an evaluation this user may not
//! change is marked read-only in it, so the screens hide their editing
//! controls exactly as for the demo. Every change — an answer's save, a
//! vendor, evidence, details — runs the app's own function on a snapshot
//! and is written to the team database checked against what the user saw
//! in the copy (an answer by the revision the form showed): a change over
//! someone else's newer one is refused (an answer's with theirs and yours),
//! and the copy is read again so the user sees theirs. The copy is read
//! again after every change and whenever the shell hears a change notice.

use super::{AnswerEdit, FormView};
use crate::store::team::{self, TeamCopy, TeamDb, TeamRole};
use crate::store::{Result, Store, StoreError};
use crate::Text;
use serde::Serialize;
use ts_rs::TS;

/// What the app shows about its team session (a banner), in both languages
/// where it is prose.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamSessionView {
    /// `user@host:port/dbname`, never a password.
    pub address: String,
    /// The database's name for this user: what the audit log records.
    pub user: String,
    /// Assay roles held ("evaluator", …), in both languages.
    pub roles: Vec<Text>,
    /// When the copy shown was read: "14:02:11 UTC".
    pub read_at: String,
    /// Why each evaluation this user may not change is read-only, by id.
    pub read_only: Vec<TeamReadOnly>,
    /// Whether this user's roles let them create (and duplicate) evaluations
    /// — an evaluator or an administrator: the screens offer it only then.
    pub may_create: bool,
    /// Whether they may delete evaluations (an administrator).
    pub may_delete: bool,
    /// Evaluations in the team database that could not be read (not written
    /// by Assay): not shown, each named with why.
    pub unreadable: Vec<TeamUnreadable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamReadOnly {
    pub evaluation: i64,
    pub why: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamUnreadable {
    pub evaluation: i64,
    pub name: String,
    pub why: Text,
}

/// A session on a team database: the connection, and the copy the screens read.
pub struct TeamSession {
    url: String,
    db: TeamDb,
    roles: Vec<TeamRole>,
    copy: TeamCopy,
    read_only: Vec<TeamReadOnly>,
    /// Every evaluation's name, by id, as last read (to name an unreadable one).
    names: Vec<(i64, String)>,
    read_at: String,
}

impl TeamSession {
    /// Connects to the team database at `url` and reads every evaluation
    /// this user may read.
    pub fn open(url: &str) -> Result<TeamSession> {
        Self::open_with(url, None)
    }

    /// [`TeamSession::open`] with the password given (kept in memory only,
    /// to reconnect), not read from `PGPASSWORD` or a password file.
    pub fn open_with(url: &str, password: Option<&str>) -> Result<TeamSession> {
        let mut db = TeamDb::open_with(url, password)?;
        let roles = db.roles()?;
        let (copy, read_only, names) = read_all(&mut db)?;
        Ok(TeamSession {
            url: url.to_string(),
            db,
            roles,
            copy,
            read_only,
            names,
            read_at: now(),
        })
    }

    /// The copy the screens read (read-only: a write is refused by SQLite).
    pub fn store(&mut self) -> &mut Store {
        &mut self.copy.store
    }

    /// The copy, to read.
    pub fn copy(&self) -> &Store {
        &self.copy.store
    }

    /// Reads every evaluation again (after a change notice, or a save).
    pub fn refresh(&mut self) -> Result<()> {
        let (copy, read_only, names) = match read_all(&mut self.db) {
            Ok(read) => read,
            // The connection was lost (a server restart): one new one.
            Err(StoreError::Team(_)) if self.db.is_closed() => {
                self.db.reconnect()?;
                read_all(&mut self.db)?
            }
            Err(e) => return Err(e),
        };
        self.copy = copy;
        self.read_only = read_only;
        self.names = names;
        self.read_at = now();
        Ok(())
    }

    /// Reads evaluation `id` again — after a change to it, this user's or a
    /// change notice's — leaving the other evaluations as they are: what a
    /// change costs does not grow with the number of evaluations. Who may
    /// change what is read again for all (one query).
    pub fn refresh_evaluation(&mut self, id: i64) -> Result<()> {
        match self.reread_evaluation(id) {
            Err(StoreError::Team(_)) if self.db.is_closed() => {
                self.db.reconnect()?;
                self.reread_evaluation(id)
            }
            other => other,
        }
    }

    fn reread_evaluation(&mut self, id: i64) -> Result<()> {
        let evaluations = self.db.evaluations()?;
        team::recopy_evaluation(&mut self.db, &mut self.copy, id)?;
        let mut read_only = read_only_reasons(&evaluations, self.db.user());
        read_only.retain(|r| !self.copy.unreadable.iter().any(|(e, _)| *e == r.evaluation));
        if read_only.iter().any(|r| r.evaluation == id) {
            self.copy.store.mark_read_only_copy(&[id])?;
        }
        self.read_only = read_only;
        self.names = names_of(&evaluations);
        self.read_at = now();
        Ok(())
    }

    /// The team database's address, for a listener of its own.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn view(&self) -> TeamSessionView {
        TeamSessionView {
            address: self.db.address().shown(),
            user: self.db.user().to_string(),
            roles: self.roles.iter().map(|r| r.label()).collect(),
            read_at: self.read_at.clone(),
            read_only: self.read_only.clone(),
            may_create: self
                .roles
                .iter()
                .any(|r| matches!(r, TeamRole::Evaluator | TeamRole::Admin)),
            may_delete: self.roles.contains(&TeamRole::Admin),
            unreadable: self
                .copy
                .unreadable
                .iter()
                .map(|(id, why)| TeamUnreadable {
                    evaluation: *id,
                    name: self
                        .names
                        .iter()
                        .find(|(n, _)| n == id)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_default(),
                    why: why.clone(),
                })
                .collect(),
        }
    }

    /// Vendor `vendor_id`'s form, each stored answer with its team revision
    /// (what an edit of it is based on).
    pub fn form(&mut self, vendor_id: i64) -> Result<FormView> {
        let mut view = super::form::form(&mut self.copy.store, vendor_id)?;
        for section in &mut view.sections {
            for q in &mut section.questions {
                q.revision = self.copy.revisions.get(&(vendor_id, q.id.clone())).copied();
            }
        }
        Ok(view)
    }

    /// Refuses, before a report is written, a user who may not record it.
    pub fn check_may_record_exports(&mut self) -> Result<()> {
        super::team::refuse_unless_may_record(&mut self.db)
    }

    /// Records an exported report in the team database (author stamped by it).
    pub fn record_export(
        &mut self,
        evaluation: i64,
        rendered: &crate::report::Rendered,
        lang: crate::Lang,
        generated_at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<()> {
        super::team::record_in(&mut self.db, evaluation, rendered, lang, generated_at)
    }

    /// Saves one edit of vendor `vendor_id`'s answer in the team database,
    /// based on the revision this session showed; returns the re-scored form
    /// from the copy read again. Refused — nothing written — when someone
    /// saved that answer since it was shown (their change and this one are
    /// in the error, and the copy is read again so theirs is shown; saving
    /// again then saves over theirs), when this user may not change the
    /// evaluation, or when the edit is not acceptable.
    pub fn save_answer(&mut self, vendor_id: i64, edit: &AnswerEdit) -> Result<FormView> {
        self.answer_change(vendor_id, edit, super::form::save_answer)
    }

    /// After a refused save: keeps their answer and adds this user's to its
    /// comment ([`super::form::keep_theirs_with_comment`]), based on the
    /// revision of theirs the form now shows.
    pub fn keep_theirs_with_comment(
        &mut self,
        vendor_id: i64,
        mine: &AnswerEdit,
        lang: crate::Lang,
    ) -> Result<FormView> {
        self.answer_change(vendor_id, mine, |store, vendor_id, mine| {
            super::form::keep_theirs_with_comment(store, vendor_id, mine, lang)
        })
    }

    /// A change of one answer (`change`: the app's function, given the
    /// vendor and the edit) written to the team database based on the
    /// revision the user was shown; returns the form from the copy read again.
    fn answer_change(
        &mut self,
        vendor_id: i64,
        edit: &AnswerEdit,
        change: impl FnOnce(&mut Store, i64, &AnswerEdit) -> Result<FormView>,
    ) -> Result<FormView> {
        let evaluation = self.copy.store.vendor(vendor_id)?.evaluation_id;
        // What the user saw: the revision the page sends with the edit (the
        // form it was made on), else the copy's; an answer they saw
        // unanswered that someone has answered since is based on none (0):
        // refused by the database with theirs and yours.
        let shown = edit
            .based_on
            .map(|revision| ((vendor_id, edit.question.clone()), revision));
        self.write_through(evaluation, &[], shown, |store| {
            change(store, vendor_id, edit)
        })?;
        self.form(vendor_id)
    }
}

impl TeamSession {
    /// Runs one of the app's own changes of evaluation `evaluation` through
    /// a snapshot written back to the team database
    /// ([`super::team::change_through_snapshot`]), then reads the copy again
    /// — also when the change was refused, so the user sees what the
    /// database holds. Returns the action's result as computed on the
    /// snapshot (ids of rows it added are not the team's: re-read those).
    /// `also_read`: other evaluations the action reads (not written).
    pub fn change<T>(
        &mut self,
        evaluation: i64,
        also_read: &[i64],
        action: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.write_through(evaluation, also_read, None, action)
    }

    /// Every write of this session: `action` through a snapshot, checked
    /// against the copy the user was shown (and `answer_shown`: the revision
    /// the page says one answer was shown at), then the evaluation read again.
    fn write_through<T>(
        &mut self,
        evaluation: i64,
        also_read: &[i64],
        answer_shown: Option<((i64, String), i64)>,
        action: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let seen = team::Seen {
            rows: team::capture(&self.copy.store, evaluation)?,
            revisions: &self.copy.revisions,
            answer_shown,
        };
        let changed = super::team::change_through_snapshot(
            &mut self.db,
            evaluation,
            also_read,
            Some(&seen),
            action,
        );
        // Whether written or refused, show what the database holds now.
        self.after_write(evaluation, changed.map(|(out, _)| out))
    }

    /// Creates an evaluation in the team database (`create` on an empty
    /// store, or on a snapshot of `from` to duplicate it; see
    /// [`super::team::create_through_store`]); its id there.
    pub fn create(
        &mut self,
        from: Option<i64>,
        create: impl FnOnce(&mut Store) -> Result<i64>,
    ) -> Result<i64> {
        let id = super::team::create_through_store(&mut self.db, from, create)?;
        self.after_write(id, Ok(id))
    }

    /// Reads evaluation `evaluation` again after a write to it (also a
    /// refused one: the user is shown what the database holds). A write the
    /// database acknowledged whose re-read fails says it was saved.
    fn after_write<T>(&mut self, evaluation: i64, written: Result<T>) -> Result<T> {
        let refreshed = self.refresh_evaluation(evaluation);
        let out = written?;
        if let Err(e) = refreshed {
            let cause = e.text();
            return Err(StoreError::refused(
                "team database",
                format!("Saved in the team database, but it could not be read again to show it: {}. Restart or reconnect to see it.", cause.en),
                format!("已保存到团队数据库，但无法重新读取以显示：{}。请重新启动或重新连接后查看。", cause.zh_cn),
            ));
        }
        Ok(out)
    }
}

/// Every evaluation this user may read, copied; those they may not change
/// marked read-only in the copy, with the reason.
/// What [`read_all`] reads: the copy, the read-only reasons, every evaluation's name.
type ReadAll = (TeamCopy, Vec<TeamReadOnly>, Vec<(i64, String)>);

fn read_all(db: &mut TeamDb) -> Result<ReadAll> {
    let evaluations = db.evaluations()?;
    let ids: Vec<i64> = evaluations.iter().map(|e| e.id).collect();
    let mut copy = team::copy_evaluations(db, &ids)?;
    let mut read_only = read_only_reasons(&evaluations, db.user());
    // Only what is in the copy can be marked there.
    read_only.retain(|r| !copy.unreadable.iter().any(|(id, _)| *id == r.evaluation));
    copy.store
        .mark_read_only_copy(&read_only.iter().map(|r| r.evaluation).collect::<Vec<_>>())?;
    Ok((copy, read_only, names_of(&evaluations)))
}

fn names_of(evaluations: &[team::TeamEvaluation]) -> Vec<(i64, String)> {
    evaluations.iter().map(|e| (e.id, e.name.clone())).collect()
}

/// Why each evaluation `user` may not change is read-only (signed off, or
/// not theirs to change).
fn read_only_reasons(evaluations: &[team::TeamEvaluation], user: &str) -> Vec<TeamReadOnly> {
    let mut read_only = Vec::new();
    for e in evaluations {
        if e.you_may_edit {
            continue;
        }
        let why = match &e.signed_off {
            Some(s) => Text {
                en: format!(
                    "Read-only: signed off by {} at {} — frozen in the team database until an administrator reopens it.",
                    s.by, s.at
                ),
                zh_cn: format!(
                    "只读：已由 {} 于 {} 签核——在团队数据库中冻结，直至管理员重新开放。",
                    s.by, s.at
                ),
            },
            None => Text {
                en: format!(
                    "Read-only: your database user {} may read this evaluation in the team database, not change it (not a member, or a viewer). An administrator adds members.",
                    user
                ),
                zh_cn: format!(
                    "只读：您的数据库用户 {} 可以在团队数据库中查看此评估，但不能修改（不是成员，或为查看者）。成员由管理员添加。",
                    user
                ),
            },
        };
        read_only.push(TeamReadOnly {
            evaluation: e.id,
            why,
        });
    }
    read_only
}

fn now() -> String {
    chrono::Utc::now().format("%H:%M:%S UTC").to_string()
}

/// What the app is told when the team database changes under it, or its
/// listening connection is lost or back (the shell emits it to the page as
/// the event `team-notice`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamNoticeView {
    /// `changed`, `lost` or `reconnected`.
    pub kind: String,
    /// Who changed something (the database's name), for `changed`.
    pub who: Option<String>,
    /// The evaluation changed, when the change belongs to one.
    pub evaluation: Option<i64>,
    /// The sentence to show.
    pub text: Text,
}

impl TeamNoticeView {
    /// The notice of a watch event; none for "listening".
    pub fn of(event: &super::team::WatchEvent) -> Option<TeamNoticeView> {
        use super::team::WatchEvent;
        let at = now();
        Some(match event {
            WatchEvent::Listening { .. } => return None,
            WatchEvent::Changed(change) => {
                let what = match change.evaluation {
                    Some(id) => (format!("evaluation {id}"), format!("评估 {id}")),
                    None => ("the team database".to_string(), "团队数据库".to_string()),
                };
                TeamNoticeView {
                    kind: "changed".into(),
                    who: Some(change.who.clone()),
                    evaluation: change.evaluation,
                    text: Text {
                        en: format!("{at}: {} changed {}; shown as it is now.", change.who, what.0),
                        zh_cn: format!("{at}：{} 修改了{}；现显示最新内容。", change.who, what.1),
                    },
                }
            }
            WatchEvent::Lost(e) => TeamNoticeView {
                kind: "lost".into(),
                who: None,
                evaluation: None,
                text: Text {
                    en: format!("{at}: the connection to the team database was lost ({}); trying again every few seconds. What is shown may be out of date; an answer saved meanwhile is either saved or refused with a message.", e),
                    zh_cn: format!("{at}：与团队数据库的连接已断开（{}）；每隔几秒重试。显示的内容可能已过时；此间保存的回答要么已保存，要么会以提示拒绝。", e.text().zh_cn),
                },
            },
            WatchEvent::Reconnected => TeamNoticeView {
                kind: "reconnected".into(),
                who: None,
                evaluation: None,
                text: Text {
                    en: format!("{at}: connected to the team database again; everything shown was read again."),
                    zh_cn: format!("{at}：已重新连接团队数据库；所有显示内容已重新读取。"),
                },
            },
        })
    }
}
