//! Answers and their evidence: the stored answer (`StoredAnswer`, with each piece
//! of evidence's attached-file hash), reading answers back, checking one against
//! its question as `assay score` would, writing one with its audit row
//! (`write_answer`, `Recorded`), and importing an answers file all or nothing.

use super::audit::{audit, insert_audit, AuditRow};
use super::evaluations::{ensure_editable, load_evaluation};
use super::rows::{answer_json, bad_row, enum_parse, enum_str, opt_date};
use super::vendors::{create_vendor, load_vendor, vendor_named, NewVendor, Vendor};
use crate::answer_set;
use crate::answers::{
    Answer, AnswerSet, AnswerValue, Evidence, Provenance, QuestionnaireRef, VendorAnswers,
};
use crate::questionnaire::Questionnaire;
use crate::store::{now_utc, ok_or_invalid, Result, Store, StoreError};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An answer as stored: the answer (with its evidence) and, per piece of evidence,
/// the SHA-256 of its attached file if any, and that file's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub vendor_id: i64,
    pub answer: Answer,
    /// Parallel to `answer.evidence`.
    pub files: Vec<Option<String>>,
    /// Parallel to `files`: the name an attached file had when it was first
    /// attached (display only; the hash is what identifies it).
    #[serde(default)]
    pub file_names: Vec<Option<String>>,
    pub updated_at: String,
    pub updated_by: String,
}

/// What `import_answers` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub vendors_created: usize,
    pub answers_written: usize,
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
    type Piece = (Evidence, (Option<String>, Option<String>));
    let mut evidence: HashMap<i64, Vec<Piece>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT e.answer_id, e.kind, e.identifier, e.issuer, e.scope, e.issued, e.expires, e.url, e.file_sha256, f.name
             FROM evidence e JOIN answer a ON a.id = e.answer_id JOIN vendor v ON v.id = a.vendor_id
             LEFT JOIN file f ON f.sha256 = e.file_sha256
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
            let file = (r.get(8)?, r.get(9)?);
            evidence.entry(answer_id).or_default().push((e, file));
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.vendor_id, a.question, a.value, a.na, a.comment, a.source, a.reference, a.source_as_of, a.confidence, a.updated_at, a.updated_by, a.state
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
        let state: Option<String> = r.get(12)?;
        let state = match state {
            None => None,
            Some(s) => Some(
                enum_parse(&s)
                    .ok_or_else(|| bad_row(evaluation, what(&format!("state \"{s}\""))))?,
            ),
        };
        let (evidence, files): (Vec<Evidence>, Vec<_>) =
            evidence.remove(&id).unwrap_or_default().into_iter().unzip();
        let (files, file_names) = files.into_iter().unzip();
        out.push(StoredAnswer {
            vendor_id: r.get(1)?,
            answer: Answer {
                question,
                value,
                na: r.get(4)?,
                state,
                comment: r.get(5)?,
                provenance,
                evidence,
            },
            files,
            file_names,
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
pub(super) fn answers_by_vendor(
    conn: &Connection,
    evaluation: i64,
) -> Result<HashMap<i64, Vec<Answer>>> {
    let mut by_vendor: HashMap<i64, Vec<Answer>> = HashMap::new();
    for a in load_answers(conn, evaluation, None)? {
        by_vendor.entry(a.vendor_id).or_default().push(a.answer);
    }
    Ok(by_vendor)
}

/// Checks one answer against its question, as `assay score` would.
pub(crate) fn check_answer(q: &Questionnaire, vendor: &Vendor, answer: &Answer) -> Result<()> {
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
pub(crate) enum Recorded<'a> {
    /// `answer` `create`, or `update` when one was stored.
    Edit,
    /// `answer` `import`: from an answers file or a workbook.
    Import,
    /// `evidence` `update`: a file attached to a piece of evidence.
    FileAttached,
    /// `answer` `copy`: taken from another vendor's answer in this database; the
    /// audit row's `imported_from` names that vendor and its evaluation.
    Copied { from: &'a str },
}

/// Writes an answer (insert or replace) with its evidence and, when it changed,
/// its audit row; returns whether anything changed. Attached files stay with a
/// piece of evidence whose metadata is unchanged, unless `files_override` gives
/// them (parallel to `answer.evidence`).
/// Removes a stored answer (its evidence rows go with it) and writes its
/// audit row.
pub(crate) fn delete_answer_row(
    conn: &Connection,
    who: &str,
    vendor: &Vendor,
    old: &StoredAnswer,
) -> Result<()> {
    let question = old.answer.question.as_str();
    conn.execute(
        "DELETE FROM answer WHERE vendor_id = ?1 AND question = ?2",
        params![vendor.id, question],
    )?;
    audit(
        conn,
        who,
        vendor.evaluation_id,
        Some((vendor.id, &vendor.name)),
        "answer",
        Some(question),
        "delete",
        Some(&answer_json(&old.answer, &old.files)),
        None,
    )
}

pub(crate) fn write_answer(
    conn: &Connection,
    who: &str,
    vendor: &Vendor,
    answer: &Answer,
    files_override: Option<&[Option<String>]>,
    recorded: Recorded<'_>,
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
    let (entity, action, from) = match recorded {
        Recorded::Edit if old.is_some() => ("answer", "update", None),
        Recorded::Edit => ("answer", "create", None),
        Recorded::Import => ("answer", "import", None),
        Recorded::FileAttached => ("evidence", "update", None),
        Recorded::Copied { from } => ("answer", "copy", Some(from)),
    };
    insert_audit(
        conn,
        &AuditRow {
            at: &now,
            who,
            evaluation: vendor.evaluation_id,
            vendor_id: Some(vendor.id),
            vendor_name: Some(&vendor.name),
            entity,
            question: Some(&answer.question),
            action,
            old: old_json.as_ref(),
            new: Some(&new_json),
            imported_from: from,
        },
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
            "INSERT INTO answer (vendor_id, question, value, na, comment, source, reference, source_as_of, confidence, updated_at, updated_by, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (vendor_id, question) DO UPDATE SET
               value = excluded.value, na = excluded.na, state = excluded.state, comment = excluded.comment,
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
                answer.state.as_ref().map(enum_str),
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

impl Store {
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

    /// Saves several answers of one vendor, all or nothing: each is checked
    /// against the questionnaire first, then all are written in one transaction
    /// with an audit row each. Returns how many changed (an identical answer
    /// writes nothing).
    pub fn set_answers(&mut self, vendor_id: i64, answers: &[Answer]) -> Result<usize> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        ensure_editable(&self.conn, vendor.evaluation_id)?;
        let q = self.questionnaire(vendor.evaluation_id)?;
        for answer in answers {
            check_answer(&q, &vendor, answer)?;
        }
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, vendor.evaluation_id)?;
        let mut changed = 0;
        for answer in answers {
            if write_answer(&tx, &who, &vendor, answer, None, Recorded::Edit)? {
                changed += 1;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Whether `answer` could be saved for this vendor: checked against its
    /// evaluation's questionnaire as [`Store::set_answer`] would, nothing written.
    pub fn check_answer_for(&mut self, vendor_id: i64, answer: &Answer) -> Result<()> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        let q = self.questionnaire(vendor.evaluation_id)?;
        check_answer(&q, &vendor, answer)
    }

    /// Writes answers copied from another vendor (`from` names it and its
    /// evaluation, for the audit trail), all or nothing: each is checked against
    /// this evaluation's questionnaire first. `files` is parallel to the answers:
    /// the attached-file hashes of each one's evidence, already in this database.
    /// Returns how many changed.
    pub fn copy_answers_in(
        &mut self,
        vendor_id: i64,
        answers: &[(Answer, Vec<Option<String>>)],
        from: &str,
    ) -> Result<usize> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        ensure_editable(&self.conn, vendor.evaluation_id)?;
        let q = self.questionnaire(vendor.evaluation_id)?;
        for (answer, _) in answers {
            check_answer(&q, &vendor, answer)?;
        }
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, vendor.evaluation_id)?;
        let mut changed = 0;
        for (answer, files) in answers {
            let recorded = Recorded::Copied { from };
            if write_answer(&tx, &who, &vendor, answer, Some(files), recorded)? {
                changed += 1;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Removes an answer (it becomes *unknown* again), with its audit row.
    pub fn clear_answer(&mut self, vendor_id: i64, question: &str) -> Result<()> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        ensure_editable(&tx, vendor.evaluation_id)?;
        let old = required_answer(&tx, &vendor, question)?;
        delete_answer_row(&tx, &who, &vendor, &old)?;
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
}
