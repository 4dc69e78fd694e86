//! Where each negotiation point of a vendor's security schedule stands (schema
//! 10): a clause whose answer falls short is open until the user marks its risk
//! accepted (with the reason) or resolved in the contract (with where; the
//! answer the clause settles on is then written in the same transaction, with
//! provenance "contract clause"). No row: open. Every change is audited as
//! entity `negotiation`, its question the clause's (when it has one).

use super::answers::{write_answer, Recorded};
use super::audit::audit;
use super::evaluations::ensure_editable;
use super::vendors::load_vendor;
use crate::answers::Answer;
use crate::store::{now_utc, Result, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Where a negotiation point stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NegotiationStatus {
    /// To negotiate (also: no row).
    Open,
    /// The buyer accepts the vendor's position; `note` says why.
    AcceptedRisk,
    /// The contract settles it; `note` says where (clause, section).
    Resolved,
}

impl NegotiationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NegotiationStatus::Open => "open",
            NegotiationStatus::AcceptedRisk => "accepted_risk",
            NegotiationStatus::Resolved => "resolved",
        }
    }

    /// In words, both languages: the one wording of the history, the terminal
    /// and the schedule's negotiation table.
    pub fn label(self) -> crate::Text {
        let (en, zh) = match self {
            NegotiationStatus::Open => ("to negotiate", "待协商"),
            NegotiationStatus::AcceptedRisk => ("risk accepted", "接受风险"),
            NegotiationStatus::Resolved => ("resolved in the contract", "已在合同中解决"),
        };
        crate::Text {
            en: en.to_string(),
            zh_cn: zh.to_string(),
        }
    }

    pub(crate) fn parse(s: &str) -> Option<NegotiationStatus> {
        Some(match s {
            "open" => NegotiationStatus::Open,
            "accepted_risk" => NegotiationStatus::AcceptedRisk,
            "resolved" => NegotiationStatus::Resolved,
            _ => return None,
        })
    }
}

/// One stored negotiation point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Negotiation {
    pub clause: String,
    pub status: NegotiationStatus,
    pub note: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// What a change to a negotiation point writes.
pub struct NegotiationChange<'a> {
    pub clause: &'a str,
    /// The clause's question, for the audit row.
    pub question: Option<&'a str>,
    pub status: NegotiationStatus,
    pub note: &'a str,
    /// Resolved: the answer the clause settles on, written with the change.
    pub answer: Option<&'a Answer>,
}

pub(crate) fn load_negotiations(
    conn: &Connection,
    vendor_id: i64,
    evaluation: i64,
) -> Result<Vec<Negotiation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT clause, status, note, updated_at, updated_by FROM negotiation \
         WHERE vendor_id = ?1 ORDER BY clause",
    )?;
    let rows = stmt
        .query_map([vendor_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(clause, status, note, updated_at, updated_by)| {
            let status = NegotiationStatus::parse(&status).ok_or_else(|| StoreError::BadRow {
                evaluation,
                detail: format!("negotiation {clause}: unknown status '{status}'"),
            })?;
            Ok(Negotiation {
                clause,
                status,
                note,
                updated_at,
                updated_by,
            })
        })
        .collect()
}

/// Writes a negotiation row as it was (a bundle's import); no audit row.
pub(crate) fn put_negotiation_row(
    conn: &Connection,
    vendor_id: i64,
    n: &Negotiation,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO negotiation (vendor_id, clause, status, note, updated_at, updated_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![vendor_id, n.clause, n.status.as_str(), n.note, n.updated_at, n.updated_by],
    )?;
    Ok(())
}

/// A decision as its audit rows record it.
pub(crate) fn as_json(status: NegotiationStatus, note: &str, clause: &str) -> serde_json::Value {
    serde_json::json!({ "clause": clause, "status": status.as_str(), "note": note })
}

impl Store {
    /// The vendor's stored negotiation points (clauses without a row are open).
    pub fn negotiations(&self, vendor_id: i64) -> Result<Vec<Negotiation>> {
        let vendor = load_vendor(&self.conn, vendor_id)?;
        load_negotiations(&self.conn, vendor_id, vendor.evaluation_id)
    }

    /// Records where a negotiation point stands, and (resolved) the answer it
    /// settles on: one transaction, audited. Unchanged: nothing written.
    pub fn set_negotiation(
        &mut self,
        vendor_id: i64,
        change: &NegotiationChange<'_>,
    ) -> Result<()> {
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let vendor = load_vendor(&tx, vendor_id)?;
        ensure_editable(&tx, vendor.evaluation_id)?;
        let old = tx
            .query_row(
                "SELECT status, note FROM negotiation WHERE vendor_id = ?1 AND clause = ?2",
                params![vendor_id, change.clause],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        let old_json = old.as_ref().map(|(status, note)| {
            serde_json::json!({ "clause": change.clause, "status": status, "note": note })
        });
        let new_json = as_json(change.status, change.note, change.clause);
        if old_json.as_ref() != Some(&new_json) {
            put_negotiation_row(
                &tx,
                vendor_id,
                &Negotiation {
                    clause: change.clause.to_string(),
                    status: change.status,
                    note: change.note.to_string(),
                    updated_at: now_utc(),
                    updated_by: who.clone(),
                },
            )?;
            audit(
                &tx,
                &who,
                vendor.evaluation_id,
                Some((vendor.id, &vendor.name)),
                "negotiation",
                change.question,
                if old.is_some() { "update" } else { "create" },
                old_json.as_ref(),
                Some(&new_json),
            )?;
        }
        if let Some(answer) = change.answer {
            write_answer(&tx, &who, &vendor, answer, None, Recorded::Edit)?;
        }
        tx.commit()?;
        Ok(())
    }
}
