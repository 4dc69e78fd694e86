//! Vendors of an evaluation: the row (`Vendor`, `NewVendor`, `Deployment`), the
//! name rules (not empty, unique within the evaluation) and the actions (add,
//! update, delete, look up). Deleting a vendor deletes its answers and evidence;
//! the audit trail keeps the record.

use super::audit::audit;
use super::evaluations::{ensure_editable, load_evaluation};
use super::rows::{finish_vendor, json, vendor_from_row, VENDOR_COLUMNS};
use crate::diagnostic::Diagnostic;
use crate::store::{now_utc, ok_or_invalid, Result, Store, StoreError};
use crate::text_limits;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
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

/// The vendor name, trimmed; it may not be empty. The other texts are checked
/// too (see [`text_limits`]).
fn checked_vendor_name(v: &NewVendor) -> Result<&str> {
    let name = v.name.trim();
    if name.is_empty() {
        return Err(StoreError::refused(
            "vendor",
            "The vendor name is empty.",
            "供应商名称为空。",
        ));
    }
    let problems = [
        ("vendor name", text_limits::line_problem(name)),
        (
            "vendor product",
            v.product.as_deref().and_then(text_limits::line_problem),
        ),
        ("vendor notes", text_limits::note_problem(&v.notes)),
    ];
    ok_or_invalid(
        problems
            .into_iter()
            .filter_map(|(what, p)| p.map(|p| Diagnostic::in_file(what, p)))
            .collect(),
    )?;
    Ok(name)
}

/// Refuses one vendor more than [`text_limits::MAX_VENDORS`] in an evaluation.
fn check_vendor_count(conn: &Connection, evaluation: i64) -> Result<()> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM vendor WHERE evaluation_id = ?1")?
        .query_row([evaluation], |r| r.get(0))?;
    if count >= text_limits::MAX_VENDORS as i64 {
        return Err(StoreError::refused(
            "vendor",
            format!(
                "This evaluation already compares {count} vendors, the most Assay compares at once."
            ),
            format!("本评估已比较 {count} 家供应商，已达上限。"),
        ));
    }
    Ok(())
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
pub(super) fn vendor_named(conn: &Connection, evaluation: i64, name: &str) -> Result<Option<i64>> {
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
    check_vendor_count(conn, evaluation)?;
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

impl Store {
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
}
