//! The audit trail: a row as it is written (`AuditRow`; `insert_audit`, or
//! `audit` stamped now; `audit_evaluation` for the evaluation itself) and as it
//! is read back (`AuditEntry`, `Store::audit_log`). The table has no foreign
//! keys and triggers keep it append-only, so a trail outlives what it records.

use super::evaluations::Evaluation;
use super::rows::{bad_row, json};
use crate::store::{now_utc, Result, Store};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    /// `create`, `update`, `delete`, `import` or `copy` (an answer taken from another
    /// vendor in this database; `imported_from` then names it).
    pub action: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// Set on rows that came from an imported bundle: the bundle they came with
    /// (file name and export time). Such a row is what the bundle says happened in
    /// another database, not something this database witnessed. On a `copy` row
    /// written here: the evaluation and vendor the answer was copied from.
    /// `None`: written here, typed or imported from a file.
    pub imported_from: Option<String>,
}

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
    /// The bundle an imported row came with (see [`AuditEntry::imported_from`]).
    pub imported_from: Option<&'a str>,
}

pub(crate) fn insert_audit(conn: &Connection, row: &AuditRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new, imported_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
        row.imported_from,
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
            imported_from: None,
        },
    )
}

/// The audit row of an action on the evaluation itself (not its vendors or answers).
pub(super) fn audit_evaluation(
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

impl Store {
    /// The id of the newest audit row (0 when there is none): rows written
    /// after it are what a change recorded.
    pub fn last_audit_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?)
    }

    /// The audit trail of an evaluation, oldest first (also after it was deleted).
    pub fn audit_log(&self, evaluation: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new, imported_from
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
                        imported_from: r.get(11)?,
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
