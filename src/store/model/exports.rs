//! The record of exported reports (schema 11): one row per PDF written from a
//! stored evaluation, found again by the report's fingerprint when a PDF is
//! verified against the database. Append-only (triggers), kept when the
//! evaluation is deleted.

use crate::store::{now_utc, Result, Store};
use rusqlite::params;

/// One report exported from this database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRecord {
    pub evaluation_id: i64,
    /// The evaluation's name when it was exported.
    pub evaluation_name: String,
    pub fingerprint: String,
    pub lang: String,
    /// The time printed in the report (RFC 3339).
    pub generated_at: String,
    /// When the file was written (UTC, RFC 3339).
    pub exported_at: String,
    pub exported_by: String,
    pub signed_by: Option<String>,
}

/// What an export records; the rest (who, when) the store fills in.
pub struct NewExport<'a> {
    pub evaluation_id: i64,
    pub fingerprint: &'a str,
    pub lang: &'a str,
    pub generated_at: &'a str,
    pub signed_by: Option<&'a str>,
}

impl Store {
    /// Records that a report of `evaluation_id` was written.
    pub fn record_export(&mut self, export: &NewExport<'_>) -> Result<()> {
        let who = self.actor().to_string();
        let tx = self.begin()?;
        let name: String = tx.query_row(
            "SELECT name FROM evaluation WHERE id = ?1",
            params![export.evaluation_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO report_export (evaluation_id, evaluation_name, fingerprint, lang, \
             generated_at, exported_at, exported_by, signed_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                export.evaluation_id,
                name,
                export.fingerprint,
                export.lang,
                export.generated_at,
                now_utc(),
                who,
                export.signed_by
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The exports of reports with this fingerprint, oldest first.
    pub fn exports_with_fingerprint(&self, fingerprint: &str) -> Result<Vec<ExportRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT evaluation_id, evaluation_name, fingerprint, lang, generated_at, \
             exported_at, exported_by, signed_by FROM report_export \
             WHERE fingerprint = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![fingerprint], |r| {
            Ok(ExportRecord {
                evaluation_id: r.get(0)?,
                evaluation_name: r.get(1)?,
                fingerprint: r.get(2)?,
                lang: r.get(3)?,
                generated_at: r.get(4)?,
                exported_at: r.get(5)?,
                exported_by: r.get(6)?,
                signed_by: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
