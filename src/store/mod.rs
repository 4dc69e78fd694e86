//! The SQLite store: evaluations, vendors, answers with provenance, evidence with
//! content-addressed files, and an audit trail of every change.
//!
//! Invariants (see also the report in ARCHITECTURE.md):
//! - one database file (WAL, foreign keys on, synchronous NORMAL); attached files
//!   live beside it under `files/<sha256>` and are hash-checked on every read;
//! - the schema version is `PRAGMA user_version`, migrations are append-only and run
//!   in one transaction after a backup copy is written; a newer, foreign or damaged
//!   file is refused before anything is written to it;
//! - every user action is one IMMEDIATE transaction that also writes its audit rows;
//! - an evaluation keeps the exact questionnaire text it was made with;
//! - scores are never stored: [`Store::comparison`] recomputes them.

mod bundle;
pub mod demo;
mod error_text;
mod files;
#[doc(hidden)]
#[cfg(feature = "fixtures")]
pub mod fixtures;
mod model;
pub mod team;

pub use crate::digest::sha256_hex;
pub use bundle::{BUNDLE_FORMAT, BUNDLE_VERSION, MAX_MEMBER_BYTES};
pub use files::{
    attachment_name, check_attachment, read_attachment, MAX_FILE_BYTES, MAX_FILE_NAME_BYTES,
};
pub use model::*;

use crate::bounded_read::ReadError;
use crate::diagnostic::Diagnostic;
use crate::questionnaire::{self, Questionnaire};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// `PRAGMA application_id` of every Assay database: "ASSY".
pub const APPLICATION_ID: i32 = 0x4153_5359;

/// The migrations, in order; entry `i` brings the schema to version `i + 1`.
/// Append only: a shipped migration is never edited.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_audit_append_only.sql"),
    include_str!("migrations/0003_evaluation_section_weights.sql"),
    include_str!("migrations/0004_evaluation_read_only.sql"),
    include_str!("migrations/0005_audit_imported_from.sql"),
    include_str!("migrations/0006_answer_state_coverage_threshold.sql"),
    include_str!("migrations/0007_file_name.sql"),
    include_str!("migrations/0008_audit_copy.sql"),
    include_str!("migrations/0009_questionnaire_text_apart.sql"),
    include_str!("migrations/0010_negotiation.sql"),
    include_str!("migrations/0011_report_export.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Everything the store can refuse or fail at, in plain sentences.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not an SQLite database; Assay did not change it")]
    NotSqlite { path: String },
    #[error("{path}: an SQLite database, but not an Assay database (application id {found:#010x}); Assay did not change it")]
    NotAssay { path: String, found: i32 },
    #[error("{path}: written by a newer Assay (schema version {found}; this Assay knows up to {known}); Assay did not change it — update Assay to open it")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path}: the database is damaged or unreadable ({detail}); Assay did not change it")]
    Damaged { path: String, detail: String },
    #[error(
        "{path}: the database could not be switched to WAL journaling (it reports \"{mode}\")"
    )]
    NoWal { path: String, mode: String },
    #[error("{path}: upgrading the schema from version {from} failed ({detail}); the database was left at version {from}")]
    Migration {
        path: String,
        from: i64,
        detail: String,
    },
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
    #[error("there is no evaluation with id {0}")]
    NoEvaluation(i64),
    #[error("there is no vendor with id {0}")]
    NoVendor(i64),
    #[error("evaluation {evaluation} has no vendor named \"{name}\"")]
    NoVendorNamed { evaluation: i64, name: String },
    #[error("evaluation {evaluation} \"{name}\" is read-only (a sample shipped with Assay: the public-sources demo states only documented facts, the fictional example shows a finished evaluation); duplicate it to edit: `assay evaluation duplicate {evaluation} --name NAME`, or Duplicate in the app")]
    ReadOnly { evaluation: i64, name: String },
    #[error("vendor {vendor} has no answer to {question}")]
    NoAnswer { vendor: i64, question: String },
    #[error("evaluation {id}: its stored questionnaire does not load: {detail}")]
    BadSnapshot { id: i64, detail: String },
    #[error("evaluation {evaluation}: a stored row is damaged: {detail}")]
    BadRow { evaluation: i64, detail: String },
    /// The input does not fit (e.g. an answer that the question does not accept).
    #[error("{}", joined(.0, "\n"))]
    Invalid(Vec<Diagnostic>),
    /// A user's input refused by a screen of the app, said in both languages.
    #[error("{what}: {}", .text.en)]
    Refused { what: String, text: crate::Text },
    #[error("attached file {sha256} is missing from {dir}")]
    FileMissing { sha256: String, dir: String },
    #[error("attached file {sha256} was altered on disk (its content now hashes to {actual})")]
    FileTampered { sha256: String, actual: String },
    #[error("this store has no file directory (in-memory store)")]
    NoFileDir,
    #[error("{path}: not a valid Assay evaluation bundle: {reason}; the database was not changed")]
    Bundle { path: String, reason: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The team database (PostgreSQL) refused or failed.
    #[error("{0}")]
    Team(#[from] team::TeamError),
    /// A postgres:// address given to a command that only a local database
    /// file has (backup, restore, the samples).
    #[error("{url} is a team database (PostgreSQL): this command works on a local database file only (--db PATH). A team database is backed up by its administrator with pg_dump (docs/team.md); an evaluation moves between the two with `team pull` and `team push`")]
    LocalOnly { url: String },
}

impl StoreError {
    /// An input problem about `file` (a file name, a flag, or a thing).
    pub fn invalid_input(file: &str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid(vec![Diagnostic::in_file(file, message)])
    }

    /// A refusal in both languages (`what` names the input for the command line).
    pub fn refused(what: &str, en: impl Into<String>, zh_cn: impl Into<String>) -> StoreError {
        StoreError::Refused {
            what: what.to_string(),
            text: crate::Text {
                en: en.into(),
                zh_cn: zh_cn.into(),
            },
        }
    }

    /// Whether the error is about the input or a missing thing (exit code 1), as
    /// opposed to the database or the disk failing.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Sqlite(_)
                | StoreError::Io { .. }
                | StoreError::Team(
                    team::TeamError::Database(_)
                        | team::TeamError::Unreadable { .. }
                        | team::TeamError::Connect { .. }
                        | team::TeamError::ConnectionLost { .. }
                )
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// `Ok` when there are no problems, else all of them as [`StoreError::Invalid`].
pub(crate) fn ok_or_invalid(problems: Vec<Diagnostic>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}

/// The problems as one text, each as its `Display` shows it.
pub(crate) fn joined(problems: &[Diagnostic], separator: &str) -> String {
    problems
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(separator)
}

/// An open Assay database.
pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    files_dir: Option<PathBuf>,
    /// Who is recorded in the audit log for this store's changes.
    actor: String,
    /// Parsed questionnaire snapshots; a snapshot never changes once stored.
    snapshots: HashMap<i64, Arc<Questionnaire>>,
    /// The last comparison of each evaluation, with the [`ChangeMark`] of the
    /// database it was computed from: the Compare, Questions, Overview and
    /// Requests tabs each ask for it, and recomputing it for 20 vendors takes
    /// ≈ 30 ms (issue 15). Any change to the database — through this
    /// connection or another — changes the mark.
    pub(crate) comparisons: HashMap<i64, (ChangeMark, model::Comparison)>,
}

/// What identifies the database's content for a cached result: the rows this
/// connection changed (`sqlite3_total_changes`) and SQLite's data version,
/// which moves when another connection commits a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChangeMark {
    changes: u64,
    data_version: i64,
}

impl Store {
    pub(crate) fn change_mark(&self) -> Result<ChangeMark> {
        Ok(ChangeMark {
            changes: self.conn.total_changes(),
            data_version: self
                .conn
                .query_row("PRAGMA data_version", [], |r| r.get(0))?,
        })
    }
}

/// The default database: `<OS data dir>/assay/assay.db`
/// (`$XDG_DATA_HOME/assay/assay.db` on Linux).
pub fn default_db_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("assay").join("assay.db"))
}

/// The user name recorded in audit rows when none is set.
pub fn default_actor() -> String {
    std::env::var("ASSAY_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

pub(crate) fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

pub(crate) fn io_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

fn damaged(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// What an existing file is, judged without writing to it.
enum Inspection {
    /// Absent or zero bytes: a new database may be created.
    Fresh,
    /// An Assay database at this schema version (0 = an empty SQLite file).
    Assay(i64),
}

/// Checks `path` read-only: the SQLite header, application id and schema version.
fn inspect(path: &Path) -> Result<Inspection> {
    let shown = path.display().to_string();
    let mut header = Vec::with_capacity(100);
    // Regular files only, checked before opening: opening a FIFO would block.
    let len = match crate::bounded_read::open_regular_file(path) {
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Inspection::Fresh)
        }
        Err(ReadError::Io(e)) => return Err(io_err(path, e)),
        Err(e) => return Err(io_err(path, e.to_string())),
        Ok(f) => {
            let meta = f.metadata().map_err(|e| io_err(path, e))?;
            f.take(100)
                .read_to_end(&mut header)
                .map_err(|e| io_err(path, e))?;
            meta.len()
        }
    };
    if header.is_empty() {
        return Ok(Inspection::Fresh);
    }
    if header.len() < 100 || &header[..16] != SQLITE_HEADER {
        return Err(StoreError::NotSqlite { path: shown });
    }
    // With a `-wal` or `-journal` beside it, SQLite completes the file from that
    // first (a database in use, or after a crash): judged by SQLite alone then.
    if !with_suffix(path, "-wal").exists() && !with_suffix(path, "-journal").exists() {
        check_header(&header, len).map_err(|detail| damaged(path, detail))?;
    }
    let conn = open_for_inspection(path)?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    drop(conn);
    if app_id == 0 && version == 0 && tables == 0 {
        return Ok(Inspection::Assay(0));
    }
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotAssay {
            path: shown,
            found: app_id,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown,
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(Inspection::Assay(version))
}

/// Checks the SQLite header of a file with no `-wal` or `-journal` against its
/// length `len`, before SQLite reads it: page size, file format versions, and a
/// length that is the header's page count times its page size. SQLite itself
/// would open such a file (read-only when the format version is unknown, so the
/// first write failed with "attempt to write a readonly database"; a file cut
/// short failed later with "disk I/O error") or even write to it. `Err`: what is
/// wrong, in words.
fn check_header(header: &[u8], len: u64) -> std::result::Result<(), String> {
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let raw = u16::from_be_bytes([header[16], header[17]]);
    let page_size = if raw == 1 { 65_536 } else { u64::from(raw) };
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(format!(
            "its header gives a page size of {page_size} bytes, which no SQLite database has"
        ));
    }
    let (write_version, read_version) = (header[18], header[19]);
    if !(1..=2).contains(&write_version) || !(1..=2).contains(&read_version) {
        return Err(format!(
            "its header gives file format versions {write_version} (write) and {read_version} (read); SQLite writes only 1 or 2"
        ));
    }
    if !len.is_multiple_of(page_size) {
        return Err(format!(
            "page size and file size do not match: the file is {len} bytes, not a whole number of its {page_size}-byte pages (cut short, or bytes added)"
        ));
    }
    // The page count in the header is valid when the "version valid for" number
    // equals the change counter (every SQLite since 3.7.0 keeps them equal).
    let pages = u64::from(be32(28));
    if be32(92) == be32(24) && pages * page_size != len {
        return Err(format!(
            "page size and file size do not match: its header gives {pages} pages of {page_size} bytes ({} bytes), but the file is {len} bytes",
            pages * page_size
        ));
    }
    Ok(())
}

/// `path` with `suffix` appended to its name (`-wal`, `-shm`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A read-only connection that creates nothing beside the file: when no `-wal`
/// exists, the file is opened `immutable` (no `-wal`/`-shm` created, no locks);
/// when one exists (the database is in use), a plain read-only connection.
fn open_for_inspection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if with_suffix(path, "-wal").exists() {
        Connection::open_with_flags(path, flags)
    } else {
        let mut uri = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
                '\\' => uri.push('/'),
                c => uri.push(c),
            }
        }
        uri.push_str("?immutable=1");
        Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
    };
    conn.map_err(|e| damaged(path, e))
}

/// One schema object as compared on restore: type, name, table, SQL with its
/// white space collapsed.
type SchemaObject = (String, String, String, String);

/// The schema objects of a database (tables, indexes, triggers, views), without
/// SQLite's own `sqlite_*` objects, sorted.
fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema \
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| {
        let sql: String = r.get(3)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            sql.split_whitespace().collect::<Vec<_>>().join(" "),
        ))
    })?;
    rows.collect()
}

/// The schema a fresh Assay database has at `version` (migrations run in memory).
fn expected_schema(version: i64) -> Result<Vec<SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    let tx = conn.transaction()?;
    for sql in MIGRATIONS.iter().take(version.max(0) as usize) {
        tx.execute_batch(sql)?;
    }
    let objects = schema_objects(&tx)?;
    tx.rollback()?;
    Ok(objects)
}

/// Refuses a database whose schema is not exactly what Assay creates at its
/// version (an extra trigger, index or view, a missing table), naming the first
/// differences.
fn check_schema(path: &Path, conn: &Connection, version: i64) -> Result<()> {
    let found = schema_objects(conn).map_err(|e| damaged(path, e))?;
    let expected = expected_schema(version)?;
    if found == expected {
        return Ok(());
    }
    let describe = |o: &SchemaObject| format!("{} {}", o.0, o.1);
    let mut differences: Vec<String> = Vec::new();
    for o in &found {
        if !expected.contains(o) {
            match expected.iter().find(|e| e.0 == o.0 && e.1 == o.1) {
                Some(_) => differences.push(format!("{} differs", describe(o))),
                None => differences.push(format!("unexpected {}", describe(o))),
            }
        }
    }
    for e in &expected {
        if !found.iter().any(|o| o.0 == e.0 && o.1 == e.1) {
            differences.push(format!("missing {}", describe(e)));
        }
    }
    let total = differences.len();
    differences.truncate(5);
    let more = if total > 5 {
        format!(" (and {} more)", total - 5)
    } else {
        String::new()
    };
    Err(StoreError::Damaged {
        path: path.display().to_string(),
        detail: format!(
            "its schema is not the one Assay creates at version {version}: {}{more}",
            differences.join(", ")
        ),
    })
}

/// Checks that `path` is an Assay database this build can open, without changing
/// it: header, application id, schema version, integrity, and a schema equal to
/// the one Assay creates at that version.
pub fn check_database_file(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(io_err(path, "no such file"));
    }
    match inspect(path)? {
        Inspection::Fresh => Err(StoreError::NotSqlite { path: shown }),
        Inspection::Assay(0) => Err(StoreError::NotAssay {
            path: shown,
            found: 0,
        }),
        Inspection::Assay(version) => {
            let conn = open_for_inspection(path)?;
            let result: String = conn
                .pragma_query_value(None, "integrity_check", |r| r.get(0))
                .map_err(|e| damaged(path, e))?;
            if result != "ok" {
                return Err(damaged(path, result));
            }
            check_schema(path, &conn, version)
        }
    }
}

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::NoWal {
            path: path.display().to_string(),
            mode,
        });
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Applies every migration after `current` in one transaction.
fn migrate(conn: &mut Connection, current: i64, shown: &str) -> Result<()> {
    let fail = |e: rusqlite::Error| StoreError::Migration {
        path: shown.to_string(),
        from: current,
        detail: e.to_string(),
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(fail)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(fail)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(fail)?;
    tx.commit().map_err(fail)
}

/// Writes `<db>.backup-v<N>-<timestamp>` beside the database, by the online backup
/// API: the copy kept before a migration or a restore replaces the content.
fn backup_beside(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".backup-v{version}-{stamp}"));
    let dest = PathBuf::from(name);
    conn.backup(
        rusqlite::MAIN_DB,
        &dest,
        None::<fn(rusqlite::backup::Progress)>,
    )
    .map_err(|e| io_err(&dest, format!("backup before upgrading failed: {e}")))?;
    Ok(dest)
}

impl Store {
    /// Opens (or creates) the database at `path`, creating its directory, and
    /// upgrades its schema after writing a backup copy. Refuses, without writing,
    /// a file that is not an Assay database or was written by a newer Assay.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if team::is_team_url(&shown) {
            return Err(StoreError::LocalOnly {
                url: team::without_password(&shown),
            });
        }
        let state = inspect(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| damaged(path, e))?;
        let current = match state {
            Inspection::Fresh => 0,
            Inspection::Assay(v) => v,
        };
        if current > 0 && current < SCHEMA_VERSION {
            backup_beside(&conn, path, current)?;
        }
        configure(&conn, path)?;
        if current < SCHEMA_VERSION {
            migrate(&mut conn, current, &shown)?;
        }
        let files_dir = path
            .parent()
            .map(|d| d.join("files"))
            .unwrap_or_else(|| PathBuf::from("files"));
        // An import killed midway (the process ended, the machine lost power) leaves
        // its staging directory `files/.staging-*` behind: nothing names its files,
        // so it is removed here. Only those directories, and only when no running
        // import holds them (see `bundle::remove_abandoned_staging`).
        bundle::remove_abandoned_staging(&files_dir);
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            files_dir: Some(files_dir),
            actor: default_actor(),
            snapshots: HashMap::new(),
            comparisons: HashMap::new(),
        })
    }

    /// A fresh database in memory (tests); it has no file directory.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate(&mut conn, 0, ":memory:")?;
        Ok(Store {
            conn,
            path: None,
            files_dir: None,
            actor: default_actor(),
            snapshots: HashMap::new(),
            comparisons: HashMap::new(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn files_dir(&self) -> Option<&Path> {
        self.files_dir.as_deref()
    }

    /// Sets who is recorded in the audit log for the following changes.
    pub fn set_actor(&mut self, who: &str) {
        self.actor = who.to_string();
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Makes this store a read-only copy (team mode's copy of a team
    /// database): evaluations `read_only` are marked read-only, so the screens
    /// hide their editing controls as for the demo, then every write to the
    /// store is refused by SQLite itself (`PRAGMA query_only`).
    pub fn mark_read_only_copy(&mut self, read_only: &[i64]) -> Result<()> {
        // Also on a copy already closed to writes (one evaluation read again).
        self.conn.pragma_update(None, "query_only", false)?;
        let tx = self.conn.transaction()?;
        for id in read_only {
            tx.execute("UPDATE evaluation SET read_only = 1 WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        self.conn.pragma_update(None, "query_only", true)?;
        Ok(())
    }

    /// The raw connection, read-only uses (tests, diagnostics).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`, "ok" when healthy.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))?)
    }

    /// Copies the whole database to `dest` with SQLite's online backup, which is
    /// safe while other connections write. Attached files are not included.
    /// A database that fails `PRAGMA integrity_check` is refused. The copy is
    /// written to a temporary file in `dest`'s directory, checked, and renamed
    /// into place only then: an interrupted backup leaves nothing at `dest`. An
    /// existing `dest` is replaced only with `replace`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.write_backup(dest, false)
    }

    /// [`Store::backup_to`], replacing an existing `dest` when `replace`.
    pub fn write_backup(&self, dest: &Path, replace: bool) -> Result<()> {
        if !replace && dest.symlink_metadata().is_ok() {
            return Err(StoreError::invalid_input(
                &dest.display().to_string(),
                "already exists; choose a new file name, or add --force to replace it",
            ));
        }
        let shown = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into());
        let health = self.integrity_check().map_err(|e| StoreError::Damaged {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        if health != "ok" {
            return Err(StoreError::Damaged {
                path: shown,
                detail: format!("integrity check failed ({health}); no backup was written"),
            });
        }
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        let tmp = tempfile::Builder::new()
            .prefix(".assay-backup-")
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| io_err(dest, e))?;
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                tmp.path(),
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| io_err(dest, format!("backup failed: {e}")))?;
        tmp.as_file().sync_all().map_err(|e| io_err(dest, e))?;
        {
            let copy = open_for_inspection(tmp.path())?;
            let result: String = copy
                .pragma_query_value(None, "integrity_check", |r| r.get(0))
                .map_err(|e| io_err(dest, format!("the copy does not read back: {e}")))?;
            if result != "ok" {
                return Err(io_err(
                    dest,
                    format!("the copy failed its integrity check ({result}); nothing was written"),
                ));
            }
        }
        if replace {
            tmp.persist(dest).map_err(|e| io_err(dest, e.error))?;
        } else {
            tmp.persist_noclobber(dest)
                .map_err(|e| io_err(dest, e.error))?;
        }
        Ok(())
    }

    /// Replaces this database's content with `src`'s, after checking that `src`
    /// is a healthy Assay database this build can read. Uses the online backup API
    /// into the open connection, so the file is never half-written. A backup of the
    /// current content is written first (`<db>.backup-v<N>-<timestamp>`).
    pub fn restore_from(&mut self, src: &Path) -> Result<Option<PathBuf>> {
        check_database_file(src)?;
        let saved = match &self.path {
            Some(p) => Some(backup_beside(&self.conn, p, self.schema_version()?)?),
            None => None,
        };
        self.conn
            .restore(
                rusqlite::MAIN_DB,
                src,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| io_err(src, format!("restore failed: {e}")))?;
        self.snapshots.clear();
        self.comparisons.clear();
        let version = self.schema_version()?;
        if version < SCHEMA_VERSION {
            let shown = self
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            migrate(&mut self.conn, version, &shown)?;
        }
        Ok(saved)
    }

    /// The parsed questionnaire snapshot of an evaluation (cached: snapshots never change).
    pub fn questionnaire(&mut self, evaluation: i64) -> Result<Arc<Questionnaire>> {
        if let Some(q) = self.snapshots.get(&evaluation) {
            return Ok(q.clone());
        }
        let text = self.questionnaire_text(evaluation)?;
        let q = Arc::new(parse_snapshot(evaluation, &text)?);
        self.snapshots.insert(evaluation, q.clone());
        Ok(q)
    }
}

/// Parses a stored questionnaire text; never panics, names the evaluation.
fn parse_snapshot(evaluation: i64, text: &str) -> Result<Questionnaire> {
    let label = format!("evaluation {evaluation} questionnaire snapshot");
    questionnaire::load_str(&label, text)
        .into_result()
        .map_err(|problems| StoreError::BadSnapshot {
            id: evaluation,
            detail: joined(&problems, "; "),
        })
}
