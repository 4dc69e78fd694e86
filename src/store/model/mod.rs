//! Evaluations, vendors, answers, evidence and the audit log: the rows and the
//! actions on them. Every action is one IMMEDIATE transaction with its audit rows.

use super::{now_utc, ok_or_invalid, Result, Store, StoreError};
use crate::answer_set;
use crate::answers::{
    Answer, AnswerSet, AnswerValue, Evidence, Provenance, QuestionnaireRef, VendorAnswers,
};
use crate::questionnaire::Questionnaire;
use crate::scoring::{self, ScoringContext, VendorInput, VendorScore};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
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
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deployment {
    Saas,
    Dedicated,
    OnPremises,
}

impl Deployment {
    pub fn as_str(self) -> &'static str {
        match self {
            Deployment::Saas => "saas",
            Deployment::Dedicated => "dedicated",
            Deployment::OnPremises => "on_premises",
        }
    }
    pub fn parse(s: &str) -> Option<Deployment> {
        match s {
            "saas" => Some(Deployment::Saas),
            "dedicated" => Some(Deployment::Dedicated),
            "on_premises" | "on-premises" | "onprem" => Some(Deployment::OnPremises),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vendor {
    pub id: i64,
    pub evaluation_id: i64,
    pub name: String,
    pub product: Option<String>,
    pub deployment: Option<Deployment>,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewVendor {
    pub name: String,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub deployment: Option<Deployment>,
    #[serde(default)]
    pub notes: String,
}

/// An answer as stored: the answer (with its evidence) and, per piece of evidence,
/// the SHA-256 of its attached file if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub vendor_id: i64,
    pub answer: Answer,
    /// Parallel to `answer.evidence`.
    pub files: Vec<Option<String>>,
    pub updated_at: String,
    pub updated_by: String,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC.
    pub at: String,
    pub who: String,
    pub evaluation_id: i64,
    pub vendor_id: Option<i64>,
    pub vendor_name: Option<String>,
    /// `evaluation`, `vendor`, `answer` or `evidence`.
    pub entity: String,
    pub question: Option<String>,
    /// `create`, `update`, `delete` or `import`.
    pub action: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Scores recomputed from the stored answers.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub evaluation: Evaluation,
    pub questionnaire: Arc<Questionnaire>,
    pub context: ScoringContext,
    pub vendors: Vec<VendorScore>,
    /// Scored with what-if weights (not the evaluation's own).
    pub what_if: bool,
    /// Each vendor's id by name (names are unique within an evaluation).
    pub vendor_ids: BTreeMap<String, i64>,
}

/// How a stored evaluation is re-scored for a look, without saving anything
/// (`assay score --evaluation ID --profile … --as-of … --weight …`, the app's
/// what-if weights). Empty / `None` keeps the evaluation's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatIf {
    pub profiles: Vec<String>,
    pub as_of: Option<NaiveDate>,
    /// Section id → weight in percent (relative); other sections keep their share.
    pub weights: Vec<(String, f64)>,
}

impl WhatIf {
    /// Nothing asked: the evaluation as stored.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty() && self.as_of.is_none() && self.weights.is_empty()
    }
}

/// What `import_answers` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub vendors_created: usize,
    pub answers_written: usize,
}

// ---------------------------------------------------------------- row mapping

const EVALUATION_COLUMNS: &str = "id, name, notes, profiles, as_of, evaluators, questionnaire_id, questionnaire_version, created_at, updated_at, section_weights, read_only";

fn bad_row(evaluation: i64, what: impl std::fmt::Display) -> StoreError {
    StoreError::BadRow {
        evaluation,
        detail: what.to_string(),
    }
}

fn parse_date(evaluation: i64, what: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| bad_row(evaluation, format!("{what} \"{s}\" is not a date")))
}

type RawEvaluation = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    bool,
);

fn raw_evaluation(r: &Row) -> rusqlite::Result<RawEvaluation> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

fn evaluation_from_raw(raw: RawEvaluation) -> Result<Evaluation> {
    let (
        id,
        name,
        notes,
        profiles,
        as_of,
        evaluators,
        qid,
        qversion,
        created_at,
        updated_at,
        weights,
        read_only,
    ) = raw;
    let list = |what: &str, s: &str| -> Result<Vec<String>> {
        serde_json::from_str(s).map_err(|e| bad_row(id, format!("{what}: {e}")))
    };
    Ok(Evaluation {
        id,
        name,
        notes,
        profiles: list("profiles", &profiles)?,
        as_of: parse_date(id, "as-of date", &as_of)?,
        evaluators: list("evaluators", &evaluators)?,
        questionnaire_id: qid,
        questionnaire_version: qversion,
        section_weights: weights
            .map(|w| serde_json::from_str(&w))
            .transpose()
            .map_err(|e| bad_row(id, format!("section weights: {e}")))?,
        read_only,
        created_at,
        updated_at,
    })
}

const VENDOR_COLUMNS: &str =
    "id, evaluation_id, name, product, deployment, notes, created_at, updated_at";

fn vendor_from_row(r: &Row) -> rusqlite::Result<(Vendor, Option<String>)> {
    Ok((
        Vendor {
            id: r.get(0)?,
            evaluation_id: r.get(1)?,
            name: r.get(2)?,
            product: r.get(3)?,
            deployment: None,
            notes: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        },
        r.get(4)?,
    ))
}

fn finish_vendor((mut v, deployment): (Vendor, Option<String>)) -> Result<Vendor> {
    v.deployment = match deployment {
        None => None,
        Some(d) => Some(Deployment::parse(&d).ok_or_else(|| {
            bad_row(
                v.evaluation_id,
                format!("vendor {}: deployment \"{d}\"", v.id),
            )
        })?),
    };
    Ok(v)
}

/// The answer's JSON for the audit log: the answer with each evidence's file hash.
fn answer_json(answer: &Answer, files: &[Option<String>]) -> Value {
    let mut v = serde_json::to_value(answer).unwrap_or(Value::Null);
    if let Some(list) = v.get_mut("evidence").and_then(Value::as_array_mut) {
        for (e, file) in list.iter_mut().zip(files) {
            if let (Some(obj), Some(sha)) = (e.as_object_mut(), file) {
                obj.insert("file".into(), Value::String(sha.clone()));
            }
        }
    }
    v
}

fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn enum_parse<T: for<'de> Deserialize<'de>>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.to_string())).ok()
}

fn opt_date(evaluation: i64, what: &str, s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(|s| parse_date(evaluation, what, &s)).transpose()
}

/// A row's JSON for the audit log.
fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

// ---------------------------------------------------------------- helpers on a connection

/// One row of the audit trail as it is written: [`audit`] writes it now; an
/// imported bundle's rows keep their own time and vendor name.
pub(crate) struct AuditRow<'a> {
    pub at: &'a str,
    pub who: &'a str,
    pub evaluation: i64,
    pub vendor_id: Option<i64>,
    pub vendor_name: Option<&'a str>,
    pub entity: &'a str,
    pub question: Option<&'a str>,
    pub action: &'a str,
    pub old: Option<&'a Value>,
    pub new: Option<&'a Value>,
}

pub(crate) fn insert_audit(conn: &Connection, row: &AuditRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        row.at,
        row.who,
        row.evaluation,
        row.vendor_id,
        row.vendor_name,
        row.entity,
        row.question,
        row.action,
        row.old.map(Value::to_string),
        row.new.map(Value::to_string),
    ])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one column each of the audit row
pub(crate) fn audit(
    conn: &Connection,
    who: &str,
    evaluation: i64,
    vendor: Option<(i64, &str)>,
    entity: &str,
    question: Option<&str>,
    action: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<()> {
    insert_audit(
        conn,
        &AuditRow {
            at: &now_utc(),
            who,
            evaluation,
            vendor_id: vendor.map(|v| v.0),
            vendor_name: vendor.map(|v| v.1),
            entity,
            question,
            action,
            old,
            new,
        },
    )
}

fn load_evaluation(conn: &Connection, id: i64) -> Result<Evaluation> {
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

pub(crate) fn load_vendor(conn: &Connection, id: i64) -> Result<Vendor> {
    let raw = conn
        .prepare_cached(&format!(
            "SELECT {VENDOR_COLUMNS} FROM vendor WHERE id = ?1"
        ))?
        .query_row([id], vendor_from_row)
        .optional()?
        .ok_or(StoreError::NoVendor(id))?;
    finish_vendor(raw)
}

/// The audit row of an action on the evaluation itself (not its vendors or answers).
fn audit_evaluation(
    conn: &Connection,
    who: &str,
    id: i64,
    action: &str,
    old: Option<&Evaluation>,
    new: Option<&Evaluation>,
) -> Result<()> {
    audit(
        conn,
        who,
        id,
        None,
        "evaluation",
        None,
        action,
        old.map(json).as_ref(),
        new.map(json).as_ref(),
    )
}

/// Reads the answers of one vendor, or of every vendor of an evaluation.
fn load_answers(
    conn: &Connection,
    evaluation: i64,
    vendor: Option<i64>,
) -> Result<Vec<StoredAnswer>> {
    load_answers_for(conn, evaluation, vendor, None)
}

/// As [`load_answers`], limited to one question when `question` is given.
fn load_answers_for(
    conn: &Connection,
    evaluation: i64,
    vendor: Option<i64>,
    question: Option<&str>,
) -> Result<Vec<StoredAnswer>> {
    let filter = match (vendor.is_some(), question.is_some()) {
        (true, true) => "a.vendor_id = ?2 AND a.question = ?3",
        (true, false) => "a.vendor_id = ?2 AND ?3 IS NULL",
        (false, true) => "?2 IS NULL AND a.question = ?3",
        (false, false) => "?2 IS NULL AND ?3 IS NULL",
    };
    let mut evidence: HashMap<i64, Vec<(Evidence, Option<String>)>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT e.answer_id, e.kind, e.identifier, e.issuer, e.scope, e.issued, e.expires, e.url, e.file_sha256
             FROM evidence e JOIN answer a ON a.id = e.answer_id JOIN vendor v ON v.id = a.vendor_id
             WHERE v.evaluation_id = ?1 AND {filter} ORDER BY e.answer_id, e.position"
        ))?;
        let mut rows = stmt.query(params![evaluation, vendor, question])?;
        while let Some(r) = rows.next()? {
            let answer_id: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            let e = Evidence {
                kind: enum_parse(&kind)
                    .ok_or_else(|| bad_row(evaluation, format!("evidence kind \"{kind}\"")))?,
                identifier: r.get(2)?,
                issuer: r.get(3)?,
                scope: r.get(4)?,
                issued: opt_date(evaluation, "evidence issue date", r.get(5)?)?,
                expires: opt_date(evaluation, "evidence expiry date", r.get(6)?)?,
                url: r.get(7)?,
            };
            evidence.entry(answer_id).or_default().push((e, r.get(8)?));
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.vendor_id, a.question, a.value, a.na, a.comment, a.source, a.reference, a.source_as_of, a.confidence, a.updated_at, a.updated_by
         FROM answer a JOIN vendor v ON v.id = a.vendor_id
         WHERE v.evaluation_id = ?1 AND {filter} ORDER BY a.vendor_id, a.id"
    ))?;
    let mut rows = stmt.query(params![evaluation, vendor, question])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let question: String = r.get(2)?;
        let what = |field: &str| format!("answer to {question} (row {id}): {field}");
        let value: Option<String> = r.get(3)?;
        let value: Option<AnswerValue> = match value {
            None => None,
            Some(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|e| bad_row(evaluation, what(&format!("value: {e}"))))?,
            ),
        };
        let source: Option<String> = r.get(6)?;
        let provenance = match source {
            None => None,
            Some(s) => Some(Provenance {
                source: enum_parse(&s)
                    .ok_or_else(|| bad_row(evaluation, what(&format!("source \"{s}\""))))?,
                reference: r.get(7)?,
                as_of: opt_date(evaluation, &what("source date"), r.get(8)?)?,
                confidence: r.get(9)?,
            }),
        };
        let (evidence, files): (Vec<Evidence>, Vec<Option<String>>) =
            evidence.remove(&id).unwrap_or_default().into_iter().unzip();
        out.push(StoredAnswer {
            vendor_id: r.get(1)?,
            answer: Answer {
                question,
                value,
                na: r.get(4)?,
                comment: r.get(5)?,
                provenance,
                evidence,
            },
            files,
            updated_at: r.get(10)?,
            updated_by: r.get(11)?,
        });
    }
    Ok(out)
}

/// One vendor's stored answer to one question, if any.
fn load_answer(conn: &Connection, vendor: &Vendor, question: &str) -> Result<Option<StoredAnswer>> {
    Ok(
        load_answers_for(conn, vendor.evaluation_id, Some(vendor.id), Some(question))?
            .into_iter()
            .next(),
    )
}

/// As [`load_answer`], where a missing answer is an error.
pub(crate) fn required_answer(
    conn: &Connection,
    vendor: &Vendor,
    question: &str,
) -> Result<StoredAnswer> {
    load_answer(conn, vendor, question)?.ok_or_else(|| StoreError::NoAnswer {
        vendor: vendor.id,
        question: question.to_string(),
    })
}

/// Every answer of an evaluation, by vendor id.
fn answers_by_vendor(conn: &Connection, evaluation: i64) -> Result<HashMap<i64, Vec<Answer>>> {
    let mut by_vendor: HashMap<i64, Vec<Answer>> = HashMap::new();
    for a in load_answers(conn, evaluation, None)? {
        by_vendor.entry(a.vendor_id).or_default().push(a.answer);
    }
    Ok(by_vendor)
}

/// Checks one answer against its question, as `assay score` would.
fn check_answer(q: &Questionnaire, vendor: &Vendor, answer: &Answer) -> Result<()> {
    let set = AnswerSet::new(
        q,
        vec![VendorAnswers {
            name: vendor.name.clone(),
            product: None,
            answers: vec![answer.clone()],
        }],
    );
    let label = format!("answer to {} for {}", answer.question, vendor.name);
    let mut problems = answer_set::check(&label, &set, q);
    for p in &mut problems {
        p.path = None;
    }
    ok_or_invalid(problems)
}

/// How [`write_answer`] records a change in the audit trail.
#[derive(Clone, Copy)]
pub(crate) enum Recorded {
    /// `answer` `create`, or `update` when one was stored.
    Edit,
    /// `answer` `import`: from an answers file or a workbook.
    Import,
    /// `evidence` `update`: a file attached to a piece of evidence.
    FileAttached,
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

/// Writes an answer (insert or replace) with its evidence and, when it changed,
/// its audit row; returns whether anything changed. Attached files stay with a
/// piece of evidence whose metadata is unchanged, unless `files_override` gives
/// them (parallel to `answer.evidence`).
pub(crate) fn write_answer(
    conn: &Connection,
    who: &str,
    vendor: &Vendor,
    answer: &Answer,
    files_override: Option<&[Option<String>]>,
    recorded: Recorded,
) -> Result<bool> {
    ensure_editable(conn, vendor.evaluation_id)?;
    let old = load_answer(conn, vendor, &answer.question)?;
    let files: Vec<Option<String>> = match files_override {
        Some(f) => (0..answer.evidence.len())
            .map(|i| f.get(i).cloned().flatten())
            .collect(),
        None => {
            let mut pool: Vec<(&Evidence, &Option<String>)> = old
                .as_ref()
                .map(|s| s.answer.evidence.iter().zip(&s.files).collect())
                .unwrap_or_default();
            answer
                .evidence
                .iter()
                .map(|e| {
                    pool.iter()
                        .position(|(old, _)| *old == e)
                        .and_then(|i| pool.remove(i).1.clone())
                })
                .collect()
        }
    };
    let new_json = answer_json(answer, &files);
    let old_json = old.as_ref().map(|s| answer_json(&s.answer, &s.files));
    if old_json.as_ref() == Some(&new_json) {
        return Ok(false);
    }
    let now = now_utc();
    put_answer_row(conn, vendor.id, answer, &files, &now, who)?;
    conn.prepare_cached("UPDATE vendor SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![vendor.id, now])?;
    conn.prepare_cached("UPDATE evaluation SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![vendor.evaluation_id, now])?;
    let (entity, action) = match recorded {
        Recorded::Edit if old.is_some() => ("answer", "update"),
        Recorded::Edit => ("answer", "create"),
        Recorded::Import => ("answer", "import"),
        Recorded::FileAttached => ("evidence", "update"),
    };
    audit(
        conn,
        who,
        vendor.evaluation_id,
        Some((vendor.id, &vendor.name)),
        entity,
        Some(&answer.question),
        action,
        old_json.as_ref(),
        Some(&new_json),
    )?;
    Ok(true)
}

/// Inserts or replaces an answer row and its evidence rows (`files` parallel to
/// `answer.evidence`), stamped with `updated_at` and `updated_by`; no audit row.
pub(crate) fn put_answer_row(
    conn: &Connection,
    vendor_id: i64,
    answer: &Answer,
    files: &[Option<String>],
    updated_at: &str,
    updated_by: &str,
) -> Result<()> {
    let value = answer
        .value
        .as_ref()
        .map(|v| serde_json::to_string(v).unwrap_or_default());
    let p = answer.provenance.as_ref();
    let answer_id: i64 = conn
        .prepare_cached(
            "INSERT INTO answer (vendor_id, question, value, na, comment, source, reference, source_as_of, confidence, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (vendor_id, question) DO UPDATE SET
               value = excluded.value, na = excluded.na, comment = excluded.comment,
               source = excluded.source, reference = excluded.reference,
               source_as_of = excluded.source_as_of, confidence = excluded.confidence,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by
             RETURNING id",
        )?
        .query_row(
            params![
                vendor_id,
                answer.question,
                value,
                answer.na,
                answer.comment,
                p.map(|p| enum_str(&p.source)),
                p.and_then(|p| p.reference.clone()),
                p.and_then(|p| p.as_of).map(|d| d.to_string()),
                p.and_then(|p| p.confidence.clone()),
                updated_at,
                updated_by,
            ],
            |r| r.get(0),
        )?;
    conn.prepare_cached("DELETE FROM evidence WHERE answer_id = ?1")?
        .execute([answer_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO evidence (answer_id, position, kind, identifier, issuer, scope, issued, expires, url, file_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, (e, file)) in answer.evidence.iter().zip(files).enumerate() {
        insert.execute(params![
            answer_id,
            i as i64,
            enum_str(&e.kind),
            e.identifier,
            e.issuer,
            e.scope,
            e.issued.map(|d| d.to_string()),
            e.expires.map(|d| d.to_string()),
            e.url,
            file,
        ])?;
    }
    Ok(())
}

/// The vendor name, trimmed; it may not be empty.
fn checked_vendor_name(v: &NewVendor) -> Result<&str> {
    let name = v.name.trim();
    if name.is_empty() {
        return Err(StoreError::refused(
            "vendor",
            "The vendor name is empty.",
            "供应商名称为空。",
        ));
    }
    Ok(name)
}

/// The refusal of a second vendor with the same name in one evaluation, in
/// both languages (the app shows it as it is).
fn vendor_name_taken(name: &str) -> StoreError {
    StoreError::refused(
        "vendor",
        format!("This evaluation already has a vendor named \"{name}\"."),
        format!("本评估已有名为“{name}”的供应商。"),
    )
}

/// The id of the evaluation's vendor named `name` (names are unique within one).
fn vendor_named(conn: &Connection, evaluation: i64, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM vendor WHERE evaluation_id = ?1 AND name = ?2")?
        .query_row(params![evaluation, name], |r| r.get(0))
        .optional()?)
}

/// Inserts a vendor row with the given times (no audit row), refusing an empty
/// or taken name.
pub(crate) fn insert_vendor(
    conn: &Connection,
    evaluation: i64,
    v: &NewVendor,
    created_at: &str,
    updated_at: &str,
) -> Result<i64> {
    let name = checked_vendor_name(v)?;
    if vendor_named(conn, evaluation, name)?.is_some() {
        return Err(vendor_name_taken(name));
    }
    conn.execute(
        "INSERT INTO vendor (evaluation_id, name, product, deployment, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            evaluation,
            name,
            v.product,
            v.deployment.map(Deployment::as_str),
            v.notes,
            created_at,
            updated_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Creates a vendor now, with its audit row (`action`: `create` or `import`).
pub(crate) fn create_vendor(
    conn: &Connection,
    who: &str,
    evaluation: i64,
    v: &NewVendor,
    action: &str,
) -> Result<Vendor> {
    let now = now_utc();
    let id = insert_vendor(conn, evaluation, v, &now, &now)?;
    let created = load_vendor(conn, id)?;
    audit(
        conn,
        who,
        evaluation,
        Some((id, &created.name)),
        "vendor",
        None,
        action,
        None,
        Some(&json(&created)),
    )?;
    Ok(created)
}

/// The JSON text stored in `evaluation.section_weights`.
fn weights_json(weights: Option<&BTreeMap<String, f64>>) -> Option<String> {
    weights.map(|w| serde_json::to_string(w).unwrap_or_default())
}

/// `there is no profile "X" in q (known: A, B)`: naming what would have fitted.
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
    Ok(())
}

/// Checks a new evaluation against its questionnaire `q`: a name, known
/// profiles, and valid section weights of its own. Every way an evaluation is
/// made (create, duplicate, bundle import, demo) passes here.
pub(crate) fn check_new_evaluation(new: &NewEvaluation, q: &Questionnaire) -> Result<()> {
    check_evaluation_name(&new.name)?;
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
        "INSERT INTO evaluation (name, notes, profiles, as_of, evaluators, questionnaire_id, questionnaire_version, questionnaire_json, created_at, updated_at, section_weights)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            new.name.trim(),
            new.notes,
            serde_json::to_string(&new.profiles).unwrap_or_default(),
            new.as_of.to_string(),
            serde_json::to_string(&new.evaluators).unwrap_or_default(),
            q.id,
            q.version,
            new.questionnaire_json,
            created_at,
            updated_at,
            weights_json(new.section_weights.as_ref())
        ],
    )?;
    Ok(conn.last_insert_rowid())
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
    pub(crate) fn begin(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    // ------------------------------------------------------------ evaluations

    /// Creates an evaluation with a snapshot of the questionnaire text.
    pub fn create_evaluation(&mut self, new: &NewEvaluation) -> Result<i64> {
        // Before the questionnaire: an unnamed evaluation is told so first.
        check_evaluation_name(&new.name)?;
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
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let old = load_evaluation(&tx, id)?;
        ensure_editable(&tx, id)?;
        tx.execute(
            "UPDATE evaluation SET section_weights = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, weights_json(weights), now_utc()],
        )?;
        let new = load_evaluation(&tx, id)?;
        audit_evaluation(&tx, &who, id, "update", Some(&old), Some(&new))?;
        tx.commit()?;
        Ok(())
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
        check_evaluation_name(name)?;
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
        }
        tx.commit()?;
        self.snapshots.insert(new_id, q);
        Ok(new_id)
    }

    /// The exact questionnaire text an evaluation was created with.
    pub fn questionnaire_text(&self, evaluation: i64) -> Result<String> {
        self.conn
            .query_row(
                "SELECT questionnaire_json FROM evaluation WHERE id = ?1",
                [evaluation],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NoEvaluation(evaluation))
    }

    // ------------------------------------------------------------ vendors

    pub fn add_vendor(&mut self, evaluation: i64, v: &NewVendor) -> Result<i64> {
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, evaluation)?;
        let created = create_vendor(&tx, &who, evaluation, v, "create")?;
        tx.commit()?;
        Ok(created.id)
    }

    /// Changes a vendor's name, product, deployment and notes, with its audit
    /// row, in one transaction. The name must stay non-empty and unique within
    /// the evaluation. Saving identical details writes nothing.
    pub fn update_vendor(&mut self, id: i64, v: &NewVendor) -> Result<()> {
        let name = checked_vendor_name(v)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let old = load_vendor(&tx, id)?;
        ensure_editable(&tx, old.evaluation_id)?;
        if vendor_named(&tx, old.evaluation_id, name)?.is_some_and(|other| other != id) {
            return Err(vendor_name_taken(name));
        }
        if old.name == name
            && old.product == v.product
            && old.deployment == v.deployment
            && old.notes == v.notes
        {
            return Ok(());
        }
        tx.execute(
            "UPDATE vendor SET name = ?2, product = ?3, deployment = ?4, notes = ?5, updated_at = ?6 WHERE id = ?1",
            params![
                id,
                name,
                v.product,
                v.deployment.map(Deployment::as_str),
                v.notes,
                now_utc()
            ],
        )?;
        let new = load_vendor(&tx, id)?;
        audit(
            &tx,
            &who,
            old.evaluation_id,
            Some((id, &new.name)),
            "vendor",
            None,
            "update",
            Some(&json(&old)),
            Some(&json(&new)),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// `Err(ReadOnly)` when the evaluation may not be changed (the demo): for a
    /// front end to say so before judging the input it was given.
    pub fn check_editable(&self, evaluation: i64) -> Result<()> {
        ensure_editable(&self.conn, evaluation)
    }

    pub fn vendor(&self, id: i64) -> Result<Vendor> {
        load_vendor(&self.conn, id)
    }

    pub fn vendors(&self, evaluation: i64) -> Result<Vec<Vendor>> {
        load_evaluation(&self.conn, evaluation)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {VENDOR_COLUMNS} FROM vendor WHERE evaluation_id = ?1 ORDER BY id"
        ))?;
        let raws = stmt
            .query_map([evaluation], vendor_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(finish_vendor).collect()
    }

    /// Deletes a vendor with its answers and evidence; the audit trail records it.
    pub fn delete_vendor(&mut self, id: i64) -> Result<()> {
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let old = load_vendor(&tx, id)?;
        ensure_editable(&tx, old.evaluation_id)?;
        tx.execute("DELETE FROM vendor WHERE id = ?1", [id])?;
        audit(
            &tx,
            &who,
            old.evaluation_id,
            Some((id, &old.name)),
            "vendor",
            None,
            "delete",
            Some(&json(&old)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn vendor_by_name(&self, evaluation: i64, name: &str) -> Result<Vendor> {
        self.vendors(evaluation)?
            .into_iter()
            .find(|v| v.name == name.trim())
            .ok_or_else(|| StoreError::NoVendorNamed {
                evaluation,
                name: name.to_string(),
            })
    }

    // ------------------------------------------------------------ answers

    /// Saves one answer (with its evidence), checked against the evaluation's
    /// questionnaire, and its audit row, in one transaction. Saving an identical
    /// answer changes nothing and writes no audit row.
    pub fn set_answer(&mut self, vendor_id: i64, answer: &Answer) -> Result<()> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        // Said first: "read-only" is the answer, whatever the input's problems.
        ensure_editable(&self.conn, vendor.evaluation_id)?;
        let q = self.questionnaire(vendor.evaluation_id)?;
        check_answer(&q, &vendor, answer)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        write_answer(&tx, &who, &vendor, answer, None, Recorded::Edit)?;
        tx.commit()?;
        Ok(())
    }

    /// Removes an answer (it becomes *unknown* again), with its audit row.
    pub fn clear_answer(&mut self, vendor_id: i64, question: &str) -> Result<()> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, vendor.evaluation_id)?;
        let old = required_answer(&tx, &vendor, question)?;
        tx.execute(
            "DELETE FROM answer WHERE vendor_id = ?1 AND question = ?2",
            params![vendor_id, question],
        )?;
        audit(
            &tx,
            &who,
            vendor.evaluation_id,
            Some((vendor.id, &vendor.name)),
            "answer",
            Some(question),
            "delete",
            Some(&answer_json(&old.answer, &old.files)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn answers(&self, vendor_id: i64) -> Result<Vec<StoredAnswer>> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        load_answers(&self.conn, vendor.evaluation_id, Some(vendor_id))
    }

    pub fn answer(&self, vendor_id: i64, question: &str) -> Result<Option<StoredAnswer>> {
        load_answer(&self.conn, &load_vendor(&self.conn, vendor_id)?, question)
    }

    /// Every answer of every vendor of an evaluation.
    pub fn evaluation_answers(&self, evaluation: i64) -> Result<Vec<StoredAnswer>> {
        load_evaluation(&self.conn, evaluation)?;
        load_answers(&self.conn, evaluation, None)
    }

    /// Imports an answers file (the `assay score` format) into an evaluation, all
    /// or nothing: the file is checked against the evaluation's questionnaire
    /// first; vendors it names are created when missing; answers it gives replace
    /// stored ones (others are kept).
    pub fn import_answers(
        &mut self,
        evaluation: i64,
        file: &str,
        set: &AnswerSet,
    ) -> Result<ImportSummary> {
        ensure_editable(&self.conn, evaluation)?;
        let q = self.questionnaire(evaluation)?;
        ok_or_invalid(answer_set::check(file, set, &q))?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, evaluation)?;
        let mut summary = ImportSummary {
            vendors_created: 0,
            answers_written: 0,
        };
        for va in &set.vendors {
            let name = va.name.trim();
            let vendor = match vendor_named(&tx, evaluation, name)? {
                Some(id) => load_vendor(&tx, id)?,
                None => {
                    summary.vendors_created += 1;
                    let new = NewVendor {
                        name: name.to_string(),
                        product: va.product.clone(),
                        ..NewVendor::default()
                    };
                    create_vendor(&tx, &who, evaluation, &new, "import")?
                }
            };
            for answer in &va.answers {
                if write_answer(&tx, &who, &vendor, answer, None, Recorded::Import)? {
                    summary.answers_written += 1;
                }
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The evaluation's answers in the `assay score` answers-file format.
    pub fn answer_set(&self, evaluation: i64) -> Result<AnswerSet> {
        let e = self.evaluation(evaluation)?;
        let vendors = self.vendors(evaluation)?;
        let mut by_vendor = answers_by_vendor(&self.conn, evaluation)?;
        Ok(AnswerSet {
            schema: None,
            questionnaire: QuestionnaireRef {
                id: e.questionnaire_id,
                version: e.questionnaire_version,
            },
            as_of: Some(e.as_of),
            profiles: e.profiles,
            vendors: vendors
                .into_iter()
                .map(|v| VendorAnswers {
                    answers: by_vendor.remove(&v.id).unwrap_or_default(),
                    name: v.name,
                    product: v.product,
                })
                .collect(),
        })
    }

    /// Scores every vendor from the stored answers (nothing is cached or stored).
    pub fn comparison(&mut self, evaluation: i64) -> Result<Comparison> {
        self.comparison_what_if(evaluation, &[])
    }

    /// Like [`Store::comparison`], with what-if section weights (percent, relative)
    /// replacing the evaluation's shares (its own weights, else its profiles') for
    /// the given sections (`scoring::what_if_weights`). Nothing is written.
    /// Empty `overrides` is the stored comparison.
    pub fn comparison_what_if(
        &mut self,
        evaluation: i64,
        overrides: &[(String, f64)],
    ) -> Result<Comparison> {
        self.comparison_with(
            evaluation,
            &WhatIf {
                weights: overrides.to_vec(),
                ..WhatIf::default()
            },
        )
    }

    /// The comparison scored as asked in `what_if` — other profiles, another
    /// as-of date, what-if section weights — without saving anything. Unknown
    /// profiles and sections, and weights that leave nothing weighted, are
    /// refused (located at `--profile` / `--weight`). `what_if` is set when any
    /// of them differs from the evaluation's own.
    pub fn comparison_with(&mut self, evaluation: i64, what_if: &WhatIf) -> Result<Comparison> {
        let e = self.evaluation(evaluation)?;
        let q = self.questionnaire(evaluation)?;
        let mut context = e.scoring_context(&q);
        if !what_if.profiles.is_empty() {
            ok_or_invalid(scoring::unknown_profiles(&q, &what_if.profiles))?;
            context.profiles = what_if.profiles.clone();
            // Other profiles weigh sections their own way, unless the
            // evaluation has weights of its own (they stay, as in the app).
        }
        if let Some(as_of) = what_if.as_of {
            context.as_of = as_of;
        }
        if !what_if.weights.is_empty() {
            let full = scoring::what_if_weights(&q, &context, &what_if.weights);
            check_section_weights(&q, &full).map_err(|e| match e {
                StoreError::Invalid(problems) => StoreError::Invalid(
                    problems
                        .into_iter()
                        .map(|mut d| {
                            d.file = "--weight".to_string();
                            d
                        })
                        .collect(),
                ),
                other => other,
            })?;
            context.section_weights = Some(full);
        }
        let vendors = self.vendors(evaluation)?;
        let by_vendor = answers_by_vendor(&self.conn, evaluation)?;
        let empty: Vec<Answer> = Vec::new();
        let inputs: Vec<VendorInput> = vendors
            .iter()
            .map(|v| VendorInput {
                name: &v.name,
                answers: by_vendor.get(&v.id).unwrap_or(&empty),
            })
            .collect();
        let scores = scoring::compare(&q, &context, &inputs);
        Ok(Comparison {
            evaluation: e,
            questionnaire: q,
            context,
            vendors: scores,
            what_if: !what_if.is_empty(),
            vendor_ids: vendors.iter().map(|v| (v.name.clone(), v.id)).collect(),
        })
    }

    // ------------------------------------------------------------ audit

    /// The audit trail of an evaluation, oldest first (also after it was deleted).
    pub fn audit_log(&self, evaluation: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new
             FROM audit_log WHERE evaluation_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([evaluation], |r| {
                Ok((
                    AuditEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        who: r.get(2)?,
                        evaluation_id: r.get(3)?,
                        vendor_id: r.get(4)?,
                        vendor_name: r.get(5)?,
                        entity: r.get(6)?,
                        question: r.get(7)?,
                        action: r.get(8)?,
                        old: None,
                        new: None,
                    },
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(mut entry, old, new)| {
                let parse = |s: Option<String>| -> Result<Option<Value>> {
                    s.map(|s| {
                        serde_json::from_str(&s).map_err(|e| {
                            bad_row(evaluation, format!("audit row {}: {e}", entry.id))
                        })
                    })
                    .transpose()
                };
                entry.old = parse(old)?;
                entry.new = parse(new)?;
                Ok(entry)
            })
            .collect()
    }
}

/// Loads questionnaire text that is about to become a snapshot.
pub fn questionnaire_from_text(label: &str, text: &str) -> Result<Questionnaire> {
    crate::questionnaire::load_str(label, text)
        .into_result()
        .map_err(StoreError::Invalid)
}
