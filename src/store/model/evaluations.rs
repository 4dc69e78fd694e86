//! Evaluations: the row (`Evaluation`, `NewEvaluation`), the exact questionnaire
//! text it keeps, its own section weights and read-only flag, and the actions on
//! it (create, list, delete, duplicate, set weights). Every way an evaluation is
//! made passes `check_new_evaluation`; `ensure_editable` guards every write to
//! an evaluation's content, whichever aggregate does it.

use super::answers::{write_answer, Recorded};
use super::audit::audit_evaluation;
use super::rows::{evaluation_from_raw, raw_evaluation, EVALUATION_COLUMNS};
use super::vendors::{create_vendor, NewVendor};
use crate::questionnaire::Questionnaire;
use crate::scoring::{self, ScoringContext};
use crate::store::{now_utc, ok_or_invalid, Result, Store, StoreError};
use crate::text_limits;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An evaluation: one buyer's comparison of vendors against one questionnaire snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: i64,
    pub name: String,
    pub notes: String,
    /// Active buyer profile ids; empty means the questionnaire's first profile.
    pub profiles: Vec<String>,
    /// The date evidence and dates are judged at.
    pub as_of: NaiveDate,
    pub evaluators: Vec<String>,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    /// Section weights chosen for this evaluation (relative, in percent), replacing
    /// the profiles'; `None` keeps the profiles' weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_weights: Option<BTreeMap<String, f64>>,
    /// Read-only: nothing in it may be changed (the illustrative demo, whose
    /// answers are documented public facts); it can be duplicated or deleted.
    #[serde(default)]
    pub read_only: bool,
    /// The coverage (percent, 0–100) a vendor needs to be ranked; `None`: the
    /// default, 60 %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_threshold: Option<f64>,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub created_at: String,
    pub updated_at: String,
}

impl Evaluation {
    /// How the evaluation is scored: its profiles (none chosen: the
    /// questionnaire's first, as in scoring), as-of date and own section weights.
    pub fn scoring_context(&self, q: &Questionnaire) -> ScoringContext {
        ScoringContext {
            profiles: scoring::profiles_or_first(q, self.profiles.clone()),
            as_of: self.as_of,
            section_weights: self.section_weights.clone(),
            min_coverage: scoring::min_coverage(self.coverage_threshold),
        }
    }
}

/// A coverage threshold must be a percentage: 0 to 100.
pub fn check_coverage_threshold(percent: f64) -> Result<()> {
    if percent.is_finite() && (0.0..=100.0).contains(&percent) {
        Ok(())
    } else {
        Err(StoreError::Invalid(vec![
            crate::diagnostic::Diagnostic::in_file(
                "coverage threshold",
                format!("{percent} is not a percentage from 0 to 100"),
            ),
        ]))
    }
}

/// What `create_evaluation` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvaluation {
    pub name: String,
    pub notes: String,
    pub profiles: Vec<String>,
    pub as_of: NaiveDate,
    pub evaluators: Vec<String>,
    /// The exact questionnaire JSON text; stored as is.
    pub questionnaire_json: String,
    /// Custom section weights (see [`Evaluation::section_weights`]).
    pub section_weights: Option<BTreeMap<String, f64>>,
}

pub(super) fn load_evaluation(conn: &Connection, id: i64) -> Result<Evaluation> {
    let raw = conn
        .query_row(
            &format!("SELECT {EVALUATION_COLUMNS} FROM evaluation WHERE id = ?1"),
            [id],
            raw_evaluation,
        )
        .optional()?
        .ok_or(StoreError::NoEvaluation(id))?;
    evaluation_from_raw(raw)
}

/// Refuses any change to a read-only evaluation (the illustrative demo). Every
/// write to an evaluation's content (its settings, vendors, answers, evidence)
/// calls this inside its transaction, so no path can edit one.
pub(crate) fn ensure_editable(conn: &Connection, evaluation: i64) -> Result<()> {
    let (name, read_only): (String, bool) = conn
        .prepare_cached("SELECT name, read_only FROM evaluation WHERE id = ?1")?
        .query_row([evaluation], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::NoEvaluation(evaluation))?;
    if read_only {
        return Err(StoreError::ReadOnly { evaluation, name });
    }
    Ok(())
}

/// Marks an evaluation read-only (or editable again); no audit row, as this is
/// only done when the evaluation is created (the demo, a bundle of it).
pub(crate) fn set_read_only(conn: &Connection, evaluation: i64, read_only: bool) -> Result<()> {
    conn.execute(
        "UPDATE evaluation SET read_only = ?2 WHERE id = ?1",
        params![evaluation, read_only],
    )?;
    Ok(())
}

/// The JSON text stored in `evaluation.section_weights`.
fn weights_json(weights: Option<&BTreeMap<String, f64>>) -> Option<String> {
    weights.map(|w| serde_json::to_string(w).unwrap_or_default())
}

/// Section weights that do not fit the questionnaire, as a store refusal.
pub fn check_section_weights(q: &Questionnaire, weights: &BTreeMap<String, f64>) -> Result<()> {
    ok_or_invalid(scoring::section_weight_problems(q, weights))
}

fn check_evaluation_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(StoreError::invalid_input(
            "evaluation",
            "the evaluation name is empty",
        ));
    }
    match text_limits::line_problem(name) {
        Some(problem) => Err(StoreError::invalid_input("evaluation name", problem)),
        None => Ok(()),
    }
}

/// A name a user gives an evaluation (create, duplicate, rename): a valid name,
/// and not one of the names Assay's samples are recognised by — an evaluation
/// of the user's must never pass for a sample, or stand in for one.
fn check_user_evaluation_name(name: &str) -> Result<()> {
    check_evaluation_name(name)?;
    if crate::samples::Sample::from_name(name.trim()).is_some() {
        return Err(StoreError::invalid_input(
            "evaluation name",
            format!(
                "\"{}\" is the name of a sample shipped with Assay: choose another",
                name.trim()
            ),
        ));
    }
    Ok(())
}

/// The details of an evaluation a user may change after creating it.
#[derive(Debug, Clone, PartialEq)]
pub struct EditableDetails {
    pub name: String,
    pub notes: String,
    pub profiles: Vec<String>,
    pub as_of: NaiveDate,
    pub evaluators: Vec<String>,
}

/// Checks a new evaluation against its questionnaire `q`: a name, known
/// profiles, and valid section weights of its own. Every way an evaluation is
/// made (create, duplicate, bundle import, demo) passes here.
pub(crate) fn check_new_evaluation(new: &NewEvaluation, q: &Questionnaire) -> Result<()> {
    check_evaluation_name(&new.name)?;
    ok_or_invalid(text_limits::evaluation_text_problems(
        &new.name,
        &new.notes,
        &new.evaluators,
    ))?;
    ok_or_invalid(scoring::unknown_profiles(q, &new.profiles))?;
    if let Some(weights) = &new.section_weights {
        check_section_weights(q, weights)?;
    }
    Ok(())
}

/// Inserts a checked evaluation row with the given times (no audit row); `q` is
/// `new.questionnaire_json` parsed.
pub(crate) fn insert_evaluation_row(
    conn: &Connection,
    new: &NewEvaluation,
    q: &Questionnaire,
    created_at: &str,
    updated_at: &str,
) -> Result<i64> {
    check_new_evaluation(new, q)?;
    conn.execute(
        "INSERT INTO evaluation (name, notes, profiles, as_of, evaluators, questionnaire_id, questionnaire_version, created_at, updated_at, section_weights)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.name.trim(),
            new.notes,
            serde_json::to_string(&new.profiles).unwrap_or_default(),
            new.as_of.to_string(),
            serde_json::to_string(&new.evaluators).unwrap_or_default(),
            q.id,
            q.version,
            created_at,
            updated_at,
            weights_json(new.section_weights.as_ref())
        ],
    )?;
    let id = conn.last_insert_rowid();
    // Apart from the row, which every answer saved updates (migration 0009).
    conn.execute(
        "INSERT INTO evaluation_questionnaire (evaluation_id, json) VALUES (?1, ?2)",
        params![id, new.questionnaire_json],
    )?;
    Ok(id)
}

/// Creates an evaluation now, with its audit row; `q` is `new.questionnaire_json` parsed.
pub(crate) fn insert_evaluation(
    conn: &Connection,
    who: &str,
    new: &NewEvaluation,
    q: &Questionnaire,
) -> Result<i64> {
    let now = now_utc();
    let id = insert_evaluation_row(conn, new, q, &now, &now)?;
    let created = load_evaluation(conn, id)?;
    audit_evaluation(conn, who, id, "create", None, Some(&created))?;
    Ok(id)
}

impl Store {
    /// Creates an evaluation with a snapshot of the questionnaire text.
    pub fn create_evaluation(&mut self, new: &NewEvaluation) -> Result<i64> {
        // Before the questionnaire: an unnamed evaluation is told so first.
        check_user_evaluation_name(&new.name)?;
        let q = questionnaire_from_text("questionnaire", &new.questionnaire_json)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let id = insert_evaluation(&tx, &who, new, &q)?;
        tx.commit()?;
        self.snapshots.insert(id, Arc::new(q));
        Ok(id)
    }

    pub fn evaluation(&self, id: i64) -> Result<Evaluation> {
        load_evaluation(&self.conn, id)
    }

    /// Sets (or, with `None`, removes) an evaluation's own section weights, in
    /// one transaction with its audit row.
    pub fn set_section_weights(
        &mut self,
        id: i64,
        weights: Option<&BTreeMap<String, f64>>,
    ) -> Result<()> {
        if let Some(w) = weights {
            let q = self.questionnaire(id)?;
            check_section_weights(&q, w)?;
        }
        self.set_setting(id, "section_weights", weights_json(weights))
    }

    /// Sets one settings column of an editable evaluation (a fixed column name,
    /// never user text), in one transaction with its audit row.
    fn set_setting(
        &mut self,
        id: i64,
        column: &'static str,
        value: impl rusqlite::ToSql,
    ) -> Result<()> {
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let old = load_evaluation(&tx, id)?;
        ensure_editable(&tx, id)?;
        tx.execute(
            &format!("UPDATE evaluation SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
            params![id, value, now_utc()],
        )?;
        let new = load_evaluation(&tx, id)?;
        audit_evaluation(&tx, &who, id, "update", Some(&old), Some(&new))?;
        tx.commit()?;
        Ok(())
    }

    /// Changes an editable evaluation's name, notes, profiles, as-of date and
    /// evaluators, checked as at creation (against its own questionnaire), in one
    /// transaction with its audit row (old → new). Changing nothing writes nothing.
    pub fn update_evaluation_details(&mut self, id: i64, details: &EditableDetails) -> Result<()> {
        check_user_evaluation_name(&details.name)?;
        ok_or_invalid(text_limits::evaluation_text_problems(
            &details.name,
            &details.notes,
            &details.evaluators,
        ))?;
        let q = self.questionnaire(id)?;
        ok_or_invalid(scoring::unknown_profiles(&q, &details.profiles))?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let old = load_evaluation(&tx, id)?;
        ensure_editable(&tx, id)?;
        let unchanged = old.name == details.name.trim()
            && old.notes == details.notes
            && old.profiles == details.profiles
            && old.as_of == details.as_of
            && old.evaluators == details.evaluators;
        if unchanged {
            return Ok(());
        }
        tx.execute(
            "UPDATE evaluation SET name = ?2, notes = ?3, profiles = ?4, as_of = ?5, evaluators = ?6, updated_at = ?7 WHERE id = ?1",
            params![
                id,
                details.name.trim(),
                details.notes,
                serde_json::to_string(&details.profiles).unwrap_or_default(),
                details.as_of.to_string(),
                serde_json::to_string(&details.evaluators).unwrap_or_default(),
                now_utc()
            ],
        )?;
        let new = load_evaluation(&tx, id)?;
        audit_evaluation(&tx, &who, id, "update", Some(&old), Some(&new))?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the coverage (percent, 0–100) a vendor needs to be ranked; `None`:
    /// back to the default (60 %). One transaction with its audit row.
    pub fn set_coverage_threshold(&mut self, id: i64, percent: Option<f64>) -> Result<()> {
        if let Some(p) = percent {
            check_coverage_threshold(p)?;
        }
        self.set_setting(id, "coverage_threshold", percent)
    }

    /// Every evaluation, newest first.
    pub fn list_evaluations(&self) -> Result<Vec<Evaluation>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVALUATION_COLUMNS} FROM evaluation ORDER BY id DESC"
        ))?;
        let raws = stmt
            .query_map([], raw_evaluation)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(evaluation_from_raw).collect()
    }

    /// Deletes an evaluation with its vendors, answers and evidence. The audit
    /// trail keeps its rows and records the deletion.
    pub fn delete_evaluation(&mut self, id: i64) -> Result<()> {
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let old = load_evaluation(&tx, id)?;
        tx.execute("DELETE FROM evaluation WHERE id = ?1", [id])?;
        audit_evaluation(&tx, &who, id, "delete", Some(&old), None)?;
        tx.commit()?;
        self.snapshots.remove(&id);
        Ok(())
    }

    /// Copies an evaluation (questionnaire snapshot, profiles, as-of date, vendors,
    /// answers with their evidence and attached-file hashes) under a new name, in
    /// one transaction with the audit rows of every created row. Returns the new id.
    pub fn duplicate_evaluation(&mut self, id: i64, name: &str) -> Result<i64> {
        check_user_evaluation_name(name)?;
        let e = self.evaluation(id)?;
        let text = self.questionnaire_text(id)?;
        let q = self.questionnaire(id)?;
        let vendors = self.vendors(id)?;
        let answers = self.evaluation_answers(id)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let new_id = insert_evaluation(
            &tx,
            &who,
            &NewEvaluation {
                name: name.trim().to_string(),
                notes: e.notes.clone(),
                profiles: e.profiles.clone(),
                as_of: e.as_of,
                evaluators: e.evaluators.clone(),
                questionnaire_json: text,
                section_weights: e.section_weights.clone(),
            },
            &q,
        )?;
        for v in &vendors {
            let created = create_vendor(
                &tx,
                &who,
                new_id,
                &NewVendor {
                    name: v.name.clone(),
                    product: v.product.clone(),
                    deployment: v.deployment,
                    notes: v.notes.clone(),
                },
                "create",
            )?;
            for a in answers.iter().filter(|a| a.vendor_id == v.id) {
                write_answer(
                    &tx,
                    &who,
                    &created,
                    &a.answer,
                    Some(&a.files),
                    Recorded::Edit,
                )?;
            }
            // The decisions on its negotiation points come along, audited as new.
            for n in super::negotiations::load_negotiations(&tx, v.id, id)? {
                super::negotiations::put_negotiation_row(&tx, created.id, &n)?;
                super::audit::audit(
                    &tx,
                    &who,
                    new_id,
                    Some((created.id, &created.name)),
                    "negotiation",
                    None,
                    "create",
                    None,
                    Some(&super::negotiations::as_json(n.status, &n.note, &n.clause)),
                )?;
            }
        }
        tx.commit()?;
        self.snapshots.insert(new_id, q);
        Ok(new_id)
    }

    /// The exact questionnaire text an evaluation was created with.
    pub fn questionnaire_text(&self, evaluation: i64) -> Result<String> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM evaluation_questionnaire WHERE evaluation_id = ?1",
                [evaluation],
                |r| r.get(0),
            )
            .optional()?;
        match text {
            Some(text) => Ok(text),
            // The evaluation is there but its snapshot row is not (a database
            // edited by another program): say so rather than "no evaluation".
            None => {
                load_evaluation(&self.conn, evaluation)?;
                Err(StoreError::BadSnapshot {
                    id: evaluation,
                    detail: "its questionnaire text is missing from the database".to_string(),
                })
            }
        }
    }

    /// `Err(ReadOnly)` when the evaluation may not be changed (the demo): for a
    /// front end to say so before judging the input it was given.
    pub fn check_editable(&self, evaluation: i64) -> Result<()> {
        ensure_editable(&self.conn, evaluation)
    }

    /// Replaces an evaluation's questionnaire snapshot with a newer version of
    /// it (`app::upgrade` has checked it) and rewrites the answers that change:
    /// `(vendor, question in the old version, the answer now or None to drop
    /// it)`. One transaction; an audit row for the evaluation and for each
    /// answer removed or written. Attached files stay with their evidence.
    pub fn upgrade_questionnaire(
        &mut self,
        evaluation: i64,
        text: &str,
        rewrites: &[(i64, String, Option<crate::answers::Answer>)],
    ) -> Result<()> {
        let q = questionnaire_from_text("upgrade", text)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, evaluation)?;
        let old = load_evaluation(&tx, evaluation)?;
        tx.execute(
            "UPDATE evaluation SET questionnaire_id = ?2, questionnaire_version = ?3, \
             updated_at = ?4 WHERE id = ?1",
            params![evaluation, q.id, q.version, now_utc()],
        )?;
        tx.execute(
            "UPDATE evaluation_questionnaire SET json = ?2 WHERE evaluation_id = ?1",
            params![evaluation, text],
        )?;
        let new = load_evaluation(&tx, evaluation)?;
        audit_evaluation(&tx, &who, evaluation, "update", Some(&old), Some(&new))?;
        // Every changed answer leaves first, so that renamed ids never collide
        // (A → B while B → C) on the one-answer-per-question rule.
        let mut to_write = Vec::new();
        for (vendor_id, question, answer) in rewrites {
            let vendor = super::vendors::load_vendor(&tx, *vendor_id)?;
            if vendor.evaluation_id != evaluation {
                return Err(StoreError::NoVendor(*vendor_id));
            }
            let stored = super::answers::required_answer(&tx, &vendor, question)?;
            super::answers::delete_answer_row(&tx, &who, &vendor, &stored)?;
            if let Some(a) = answer {
                to_write.push((vendor, a, stored.files));
            }
        }
        for (vendor, answer, files) in &to_write {
            write_answer(&tx, &who, vendor, answer, Some(files), Recorded::Edit)?;
        }
        tx.commit()?;
        self.snapshots.remove(&evaluation);
        Ok(())
    }
}

/// Loads questionnaire text that is about to become a snapshot.
pub fn questionnaire_from_text(label: &str, text: &str) -> Result<Questionnaire> {
    crate::questionnaire::load_str(label, text)
        .into_result()
        .map_err(StoreError::Invalid)
}
