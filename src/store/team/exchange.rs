//! Moving an evaluation into and out of the team database as a bundle (the
//! portable zip of `store::bundle`), all or nothing, its audit history kept.
//!
//! Both ways go through a throw-away SQLite store in a temporary folder, so
//! a bundle is checked by exactly the code that imports it into the app
//! (every member, hash, answer and the questionnaire snapshot) and written by
//! exactly the code that exports one. Between that store and PostgreSQL the
//! rows are copied column by column: the team schema has the SQLite store's
//! tables and columns (migrations/0001_team.sql), ids are given anew.
//!
//! Pushing is one PostgreSQL transaction: any refusal (a role, a membership,
//! a constraint) leaves the team database as it was. The audit rows keep the
//! author the bundle states (`who`, marked by `imported_from`); the database
//! records in `recorded_by` who pushed them.

use super::{explain, SignOff, TeamDb};
use crate::store::{Result, Store, StoreError};
use postgres::types::ToSql;
use rusqlite::types::Value as SqlValue;
use std::collections::HashMap;
use std::path::Path;

#[derive(Clone, Copy)]
pub(super) enum Kind {
    Text,
    Int,
    Real,
}

use Kind::{Int, Real, Text};

/// The copied columns of each table, as both schemas name them (not the ids,
/// which each database gives, nor the references, which are mapped).
pub(super) const EVALUATION: &[(&str, Kind)] = &[
    ("name", Text),
    ("notes", Text),
    ("profiles", Text),
    ("as_of", Text),
    ("evaluators", Text),
    ("questionnaire_id", Text),
    ("questionnaire_version", Text),
    ("created_at", Text),
    ("updated_at", Text),
    ("section_weights", Text),
    ("read_only", Int),
    ("coverage_threshold", Real),
];
pub(super) const VENDOR: &[(&str, Kind)] = &[
    ("name", Text),
    ("product", Text),
    ("deployment", Text),
    ("notes", Text),
    ("created_at", Text),
    ("updated_at", Text),
];
pub(super) const ANSWER: &[(&str, Kind)] = &[
    ("question", Text),
    ("value", Text),
    ("na", Text),
    ("comment", Text),
    ("source", Text),
    ("reference", Text),
    ("source_as_of", Text),
    ("confidence", Text),
    ("updated_at", Text),
    ("updated_by", Text),
    ("state", Text),
];
pub(super) const EVIDENCE: &[(&str, Kind)] = &[
    ("position", Int),
    ("kind", Text),
    ("identifier", Text),
    ("issuer", Text),
    ("scope", Text),
    ("issued", Text),
    ("expires", Text),
    ("url", Text),
    ("file_sha256", Text),
    ("file_name", Text),
];
pub(super) const NEGOTIATION: &[(&str, Kind)] = &[
    ("clause", Text),
    ("status", Text),
    ("note", Text),
    ("updated_at", Text),
    ("updated_by", Text),
];
pub(super) const AUDIT: &[(&str, Kind)] = &[
    ("at", Text),
    ("who", Text),
    ("vendor_name", Text),
    ("entity", Text),
    ("question", Text),
    ("action", Text),
    ("old", Text),
    ("new", Text),
    ("imported_from", Text),
];
pub(super) const FILE: &[(&str, Kind)] = &[
    ("sha256", Text),
    ("size", Int),
    ("created_at", Text),
    ("name", Text),
];

/// One value on its way between the two databases.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Bound to an SQLite statement without a copy.
impl rusqlite::ToSql for Cell {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Cell::Null => ValueRef::Null,
            Cell::Int(i) => ValueRef::Integer(*i),
            Cell::Real(f) => ValueRef::Real(*f),
            Cell::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

impl Cell {
    fn from_sqlite(v: SqlValue) -> Cell {
        match v {
            SqlValue::Null => Cell::Null,
            SqlValue::Integer(i) => Cell::Int(i),
            SqlValue::Real(f) => Cell::Real(f),
            SqlValue::Text(s) => Cell::Text(s),
            SqlValue::Blob(b) => Cell::Text(String::from_utf8_lossy(&b).into_owned()),
        }
    }

    /// The value as a PostgreSQL parameter of the column's type.
    pub(super) fn to_pg(&self, kind: Kind) -> Box<dyn ToSql + Sync> {
        match (kind, self) {
            (Text, Cell::Text(s)) => Box::new(Some(s.clone())),
            (Text, Cell::Int(i)) => Box::new(Some(i.to_string())),
            (Text, Cell::Real(f)) => Box::new(Some(f.to_string())),
            (Text, Cell::Null) => Box::new(None::<String>),
            (Int, Cell::Int(i)) => Box::new(Some(*i)),
            (Int, _) => Box::new(None::<i64>),
            (Real, Cell::Real(f)) => Box::new(Some(*f)),
            (Real, Cell::Int(i)) => Box::new(Some(*i as f64)),
            (Real, _) => Box::new(None::<f64>),
        }
    }

    fn from_pg(row: &postgres::Row, i: usize, kind: Kind) -> Cell {
        match kind {
            Text => row
                .get::<_, Option<String>>(i)
                .map_or(Cell::Null, Cell::Text),
            Int => row.get::<_, Option<i64>>(i).map_or(Cell::Null, Cell::Int),
            Real => row.get::<_, Option<f64>>(i).map_or(Cell::Null, Cell::Real),
        }
    }
}

pub(super) fn names(cols: &[(&str, Kind)]) -> String {
    cols.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// `$1, $2, …` (PostgreSQL) or `?1, ?2, …` (SQLite) for `n` values.
pub(super) fn placeholders(n: usize, mark: char) -> String {
    (1..=n)
        .map(|i| format!("{mark}{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows of the SQLite store: `sql` selects `cols` first, then the extra
/// integer columns (ids) named in `extra`.
pub(super) fn sqlite_rows(
    store: &Store,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
    width: usize,
) -> Result<Vec<Vec<Cell>>> {
    let mut stmt = store.conn.prepare(sql)?;
    let rows = stmt.query_map(params, |r| {
        (0..width)
            .map(|i| r.get::<_, SqlValue>(i).map(Cell::from_sqlite))
            .collect::<rusqlite::Result<Vec<Cell>>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn pg_int(cells: &[Cell], i: usize) -> Option<i64> {
    match cells.get(i) {
        Some(Cell::Int(v)) => Some(*v),
        _ => None,
    }
}

/// `INSERT INTO table (<cols>, <refs>) VALUES (…)`, returning the new id
/// when `returning`.
pub(super) fn insert(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    cols: &[(&str, Kind)],
    cells: &[Cell],
    refs: &[(&str, i64)],
    returning: bool,
) -> std::result::Result<Option<i64>, postgres::Error> {
    let mut params: Vec<Box<dyn ToSql + Sync>> = cols
        .iter()
        .zip(cells)
        .map(|((_, kind), cell)| cell.to_pg(*kind))
        .collect();
    let mut col_names = names(cols);
    for (name, id) in refs {
        col_names.push_str(", ");
        col_names.push_str(name);
        params.push(Box::new(*id));
    }
    let sql = format!(
        "INSERT INTO {table} ({col_names}) VALUES ({}){}",
        placeholders(params.len(), '$'),
        if returning { " RETURNING id" } else { "" }
    );
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    if returning {
        Ok(Some(tx.query_one(&sql, &refs)?.get(0)))
    } else {
        tx.execute(&sql, &refs)?;
        Ok(None)
    }
}

/// The audit rows an action wrote to evaluation `evaluation` of `store`
/// after row `after_id`, oldest first: AUDIT's columns, then the vendor id.
pub(super) fn audit_rows_after(
    store: &Store,
    evaluation: i64,
    after_id: i64,
) -> Result<Vec<Vec<Cell>>> {
    sqlite_rows(
        store,
        &format!(
            "SELECT {}, vendor_id FROM audit_log WHERE evaluation_id = ?1 AND id > ?2 ORDER BY id",
            names(AUDIT)
        ),
        &[&evaluation, &after_id],
        AUDIT.len() + 1,
    )
}

/// What a push or a pull moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Moved {
    /// The evaluation's id where it arrived.
    pub evaluation: i64,
    pub vendors: usize,
    pub answers: usize,
    pub evidence: usize,
    pub files: usize,
    pub audit_rows: usize,
}

/// Pushes the evaluation in `bundle` into the team database as a new
/// evaluation, all or nothing; the pusher becomes its member.
pub fn push_bundle(team: &mut TeamDb, bundle: &Path) -> Result<Moved> {
    let dir = tempfile::tempdir().map_err(|e| crate::store::io_err(Path::new("temp"), e))?;
    let mut store = Store::open(&dir.path().join("push.db"))?;
    let local = store.import_evaluation(bundle)?;
    push_store(team, &store, local)
}

/// Writes evaluation `local` of `store` into the team database as a new
/// evaluation, all or nothing (one transaction); the session's user becomes
/// its member. What a push of a bundle and an evaluation created in team
/// mode both do.
pub fn push_store(team: &mut TeamDb, store: &Store, local: i64) -> Result<Moved> {
    let user = team.user().to_string();
    let refused = |e: postgres::Error| StoreError::Team(explain(&user, &e));
    let mut tx = team.client.transaction().map_err(refused)?;
    let mut moved = Moved::default();

    let evaluation = sqlite_rows(
        store,
        &format!("SELECT {} FROM evaluation WHERE id = ?1", names(EVALUATION)),
        &[&local],
        EVALUATION.len(),
    )?;
    let evaluation = evaluation.first().ok_or(StoreError::NoEvaluation(local))?;
    let id = insert(&mut tx, "evaluation", EVALUATION, evaluation, &[], true)
        .map_err(refused)?
        .unwrap_or_default();
    moved.evaluation = id;
    let snapshot = store.questionnaire_text(local)?;
    tx.execute(
        "INSERT INTO evaluation_questionnaire (evaluation_id, json) VALUES ($1, $2)",
        &[&id, &snapshot],
    )
    .map_err(refused)?;

    let mut vendor_ids = HashMap::new();
    let vendors = sqlite_rows(
        store,
        &format!(
            "SELECT {}, id FROM vendor WHERE evaluation_id = ?1 ORDER BY id",
            names(VENDOR)
        ),
        &[&local],
        VENDOR.len() + 1,
    )?;
    for v in &vendors {
        let new = insert(&mut tx, "vendor", VENDOR, v, &[("evaluation_id", id)], true)
            .map_err(refused)?
            .unwrap_or_default();
        vendor_ids.insert(pg_int(v, VENDOR.len()).unwrap_or_default(), new);
        moved.vendors += 1;
    }

    let mut answer_ids = HashMap::new();
    let answers = sqlite_rows(
        store,
        &format!(
            "SELECT {}, a.id, a.vendor_id FROM answer a JOIN vendor v ON v.id = a.vendor_id
             WHERE v.evaluation_id = ?1 ORDER BY a.id",
            names(ANSWER)
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        &[&local],
        ANSWER.len() + 2,
    )?;
    for a in &answers {
        let vendor = vendor_ids[&pg_int(a, ANSWER.len() + 1).unwrap_or_default()];
        let new = insert(&mut tx, "answer", ANSWER, a, &[("vendor_id", vendor)], true)
            .map_err(refused)?
            .unwrap_or_default();
        answer_ids.insert(pg_int(a, ANSWER.len()).unwrap_or_default(), new);
        moved.answers += 1;
    }

    let files = sqlite_rows(
        store,
        &format!(
            "SELECT DISTINCT {} FROM file f JOIN evidence e ON e.file_sha256 = f.sha256
             JOIN answer a ON a.id = e.answer_id JOIN vendor v ON v.id = a.vendor_id
             WHERE v.evaluation_id = ?1",
            names(FILE)
                .split(", ")
                .map(|c| format!("f.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        &[&local],
        FILE.len(),
    )?;
    for f in &files {
        let Cell::Text(sha) = &f[0] else { continue };
        // Read through the store: hash-checked; the database checks it again.
        let content = store.read_file(sha)?;
        let mut params: Vec<Box<dyn ToSql + Sync>> =
            FILE.iter().zip(f).map(|((_, k), c)| c.to_pg(*k)).collect();
        params.push(Box::new(content));
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        tx.execute(
            &format!(
                "INSERT INTO file ({}, content) VALUES ({}) ON CONFLICT (sha256) DO NOTHING",
                names(FILE),
                placeholders(FILE.len() + 1, '$')
            ),
            &refs,
        )
        .map_err(refused)?;
        moved.files += 1;
    }

    let evidence = sqlite_rows(
        store,
        &format!(
            "SELECT {}, e.answer_id FROM evidence e JOIN answer a ON a.id = e.answer_id
             JOIN vendor v ON v.id = a.vendor_id WHERE v.evaluation_id = ?1 ORDER BY e.id",
            names(EVIDENCE)
                .split(", ")
                .map(|c| format!("e.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        &[&local],
        EVIDENCE.len() + 1,
    )?;
    for e in &evidence {
        let answer = answer_ids[&pg_int(e, EVIDENCE.len()).unwrap_or_default()];
        insert(
            &mut tx,
            "evidence",
            EVIDENCE,
            e,
            &[("answer_id", answer)],
            false,
        )
        .map_err(refused)?;
        moved.evidence += 1;
    }

    let negotiations = sqlite_rows(
        store,
        &format!(
            "SELECT {}, n.vendor_id FROM negotiation n JOIN vendor v ON v.id = n.vendor_id
             WHERE v.evaluation_id = ?1",
            names(NEGOTIATION)
                .split(", ")
                .map(|c| format!("n.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        &[&local],
        NEGOTIATION.len() + 1,
    )?;
    for n in &negotiations {
        let vendor = vendor_ids[&pg_int(n, NEGOTIATION.len()).unwrap_or_default()];
        insert(
            &mut tx,
            "negotiation",
            NEGOTIATION,
            n,
            &[("vendor_id", vendor)],
            false,
        )
        .map_err(refused)?;
    }

    let audit = sqlite_rows(
        store,
        &format!(
            "SELECT {}, vendor_id FROM audit_log WHERE evaluation_id = ?1 ORDER BY id",
            names(AUDIT)
        ),
        &[&local],
        AUDIT.len() + 1,
    )?;
    for a in &audit {
        let mut refs = vec![("evaluation_id", id)];
        if let Some(v) = pg_int(a, AUDIT.len()).and_then(|v| vendor_ids.get(&v)) {
            refs.push(("vendor_id", *v));
        }
        insert(&mut tx, "audit_log", AUDIT, a, &refs, false).map_err(refused)?;
        moved.audit_rows += 1;
    }
    tx.commit().map_err(refused)?;
    Ok(moved)
}

/// Writes team evaluation `id` to a bundle at `dest` (as `assay evaluation
/// export` would), for a local database to import.
pub fn pull_bundle(team: &mut TeamDb, id: i64, dest: &Path) -> Result<Moved> {
    let snapshot = snapshot(team, id)?;
    snapshot.store.export_evaluation(id, dest)?;
    Ok(snapshot.moved)
}

/// A copy of one team evaluation, read in one consistent (repeatable-read)
/// transaction into a throw-away local store that is deleted when this is
/// dropped. What `pull` writes out, and what the read-only commands (score,
/// show, audit) read: nothing written to it reaches the team database.
pub struct TeamSnapshot {
    /// The evaluation, its vendors and answers keep their team ids in it.
    pub store: Store,
    /// What was copied; `moved.evaluation` is the evaluation's id (the same
    /// in `store` and in the team database).
    pub moved: Moved,
    /// Set when an approver has signed the evaluation off (it is frozen).
    pub signed_off: Option<SignOff>,
    /// Each stored answer's revision, by (vendor id, question), as read: what
    /// a save made from this copy is based on.
    pub revisions: HashMap<(i64, String), i64>,
    /// Declared last, so the store is closed before its folder is removed.
    _dir: tempfile::TempDir,
}

/// Reads team evaluation `id` into a [`TeamSnapshot`].
pub fn snapshot(team: &mut TeamDb, id: i64) -> Result<TeamSnapshot> {
    let (dir, mut store) = throw_away_store()?;
    let copied = copy_evaluation(team, &mut store, id)?;
    Ok(TeamSnapshot {
        store,
        moved: copied.moved,
        signed_off: copied.signed_off,
        revisions: copied.revisions,
        _dir: dir,
    })
}

/// Reads team evaluation `id` into `snapshot` as well (for an action that
/// reads a second evaluation, such as copying answers from it); only the
/// snapshot's own evaluation is written back.
pub fn read_also(team: &mut TeamDb, snapshot: &mut TeamSnapshot, id: i64) -> Result<()> {
    if id != snapshot.moved.evaluation {
        copy_evaluation(team, &mut snapshot.store, id)?;
    }
    Ok(())
}

/// An empty [`TeamSnapshot`]: a throw-away store to create an evaluation
/// in before it is pushed.
pub fn empty_snapshot() -> Result<TeamSnapshot> {
    let (dir, store) = throw_away_store()?;
    Ok(TeamSnapshot {
        store,
        moved: Moved::default(),
        signed_off: None,
        revisions: HashMap::new(),
        _dir: dir,
    })
}

/// A new, empty store in a temporary folder (removed with the `TempDir`).
fn throw_away_store() -> Result<(tempfile::TempDir, Store)> {
    let dir = tempfile::tempdir().map_err(|e| crate::store::io_err(Path::new("temp"), e))?;
    let store = Store::open(&dir.path().join("pull.db"))?;
    Ok((dir, store))
}

/// Every evaluation this user may read in the team database, copied into one
/// throw-away store (each evaluation in a consistent view of its own): what
/// the desktop app shows in team mode.
pub struct TeamCopy {
    /// The evaluations, keeping their team ids.
    pub store: Store,
    /// Each copied evaluation's sign-off, by evaluation id.
    pub signed_off: HashMap<i64, SignOff>,
    /// Each stored answer's revision, by (vendor id, question), as read.
    pub revisions: HashMap<(i64, String), i64>,
    /// Evaluations in the team database that cannot be read (not written by
    /// Assay), by id, with why: left out of the copy — the others are shown.
    pub unreadable: Vec<(i64, crate::Text)>,
    /// Declared last, so the store is closed before its folder is removed.
    _dir: tempfile::TempDir,
}

/// Copies evaluations `ids` into a [`TeamCopy`]. An evaluation deleted since
/// its id was read is left out.
pub fn copy_evaluations(team: &mut TeamDb, ids: &[i64]) -> Result<TeamCopy> {
    let (dir, mut store) = throw_away_store()?;
    let mut signed_off = HashMap::new();
    let mut revisions = HashMap::new();
    let mut unreadable = Vec::new();
    for &id in ids {
        match copy_evaluation(team, &mut store, id) {
            Ok(copied) => {
                if let Some(s) = copied.signed_off {
                    signed_off.insert(id, s);
                }
                revisions.extend(copied.revisions);
            }
            Err(StoreError::NoEvaluation(_)) => {}
            // One evaluation Assay cannot read does not hide the others.
            Err(StoreError::Team(super::TeamError::Unreadable { text })) => {
                unreadable.push((id, text))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(TeamCopy {
        store,
        signed_off,
        revisions,
        unreadable,
        _dir: dir,
    })
}

/// What [`copy_evaluation`] copied.
struct Copied {
    moved: Moved,
    signed_off: Option<SignOff>,
    revisions: HashMap<(i64, String), i64>,
}

/// Reads team evaluation `id` in one repeatable-read transaction and writes
/// it, with the team's ids, into `store` in one transaction.
fn copy_evaluation(team: &mut TeamDb, store: &mut Store, id: i64) -> Result<Copied> {
    copy_evaluation_into(team, store, id, false)
}

/// [`copy_evaluation`]; `replacing`: what `store` held of the evaluation
/// is removed in the same local transaction, so the store has the old copy
/// or the new one, never neither (a failed read changes nothing).
fn copy_evaluation_into(
    team: &mut TeamDb,
    store: &mut Store,
    id: i64,
    replacing: bool,
) -> Result<Copied> {
    let user = team.user().to_string();
    let refused = |e: postgres::Error| StoreError::Team(explain(&user, &e));
    let files_dir = store
        .files_dir()
        .ok_or(StoreError::NoFileDir)?
        .to_path_buf();
    let mut moved = Moved::default();
    // One consistent view of the evaluation while it is read.
    let mut tx = team
        .client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(refused)?;
    let read = |tx: &mut postgres::Transaction<'_>,
                sql: &str,
                cols: &[(&str, Kind)],
                extra: usize|
     -> std::result::Result<Vec<Vec<Cell>>, postgres::Error> {
        let rows = tx.query(sql, &[&id])?;
        Ok(rows
            .iter()
            .map(|r| {
                let mut cells: Vec<Cell> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, (_, k))| Cell::from_pg(r, i, *k))
                    .collect();
                for j in 0..extra {
                    cells.push(Cell::from_pg(r, cols.len() + j, Int));
                }
                cells
            })
            .collect())
    };
    let evaluation = read(
        &mut tx,
        &format!("SELECT {} FROM evaluation WHERE id = $1", names(EVALUATION)),
        EVALUATION,
        0,
    )
    .map_err(refused)?;
    let Some(evaluation) = evaluation.first() else {
        return Err(StoreError::NoEvaluation(id));
    };
    let signed_off = tx
        .query_one(
            "SELECT signed_off_by, to_char(signed_off_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"')
               FROM evaluation WHERE id = $1",
            &[&id],
        )
        .map_err(refused)?;
    let signed_off = signed_off.get::<_, Option<String>>(0).map(|by| SignOff {
        by,
        at: signed_off.get::<_, Option<String>>(1).unwrap_or_default(),
    });
    // Assay writes an evaluation and its questionnaire in one transaction;
    // one without is said, not taken for a database failure.
    let snapshot: String = tx
        .query_opt(
            "SELECT json FROM evaluation_questionnaire WHERE evaluation_id = $1",
            &[&id],
        )
        .map_err(refused)?
        .ok_or_else(|| {
            StoreError::Team(super::TeamError::Unreadable {
                text: crate::Text {
                    en: format!("evaluation {id} has no questionnaire in the team database (it was not written by Assay): an administrator deletes it or pushes it again"),
                    zh_cn: format!("团队数据库中的评估 {id} 没有问卷（并非由 Assay 写入）：请管理员删除它或重新推送"),
                },
            })
        })?
        .get(0);
    let vendors = read(
        &mut tx,
        &format!(
            "SELECT {}, id FROM vendor WHERE evaluation_id = $1 ORDER BY id",
            names(VENDOR)
        ),
        VENDOR,
        1,
    )
    .map_err(refused)?;
    let prefixed = |alias: &str, cols: &[(&str, Kind)]| {
        cols.iter()
            .map(|(c, _)| format!("{alias}.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let answers = read(
        &mut tx,
        &format!(
            "SELECT {}, a.id, a.vendor_id FROM answer a JOIN vendor v ON v.id = a.vendor_id
             WHERE v.evaluation_id = $1 ORDER BY a.id",
            prefixed("a", ANSWER)
        ),
        ANSWER,
        2,
    )
    .map_err(refused)?;
    let evidence = read(
        &mut tx,
        &format!(
            "SELECT {}, e.answer_id FROM evidence e JOIN answer a ON a.id = e.answer_id
             JOIN vendor v ON v.id = a.vendor_id WHERE v.evaluation_id = $1 ORDER BY e.id",
            prefixed("e", EVIDENCE)
        ),
        EVIDENCE,
        1,
    )
    .map_err(refused)?;
    let negotiations = read(
        &mut tx,
        &format!(
            "SELECT {}, n.vendor_id FROM negotiation n JOIN vendor v ON v.id = n.vendor_id
             WHERE v.evaluation_id = $1",
            prefixed("n", NEGOTIATION)
        ),
        NEGOTIATION,
        1,
    )
    .map_err(refused)?;
    let audit = read(
        &mut tx,
        &format!(
            "SELECT {}, vendor_id FROM audit_log WHERE evaluation_id = $1 ORDER BY id",
            names(AUDIT)
        ),
        AUDIT,
        1,
    )
    .map_err(refused)?;
    let revisions: HashMap<(i64, String), i64> = tx
        .query(
            "SELECT a.vendor_id, a.question, a.revision FROM answer a
               JOIN vendor v ON v.id = a.vendor_id WHERE v.evaluation_id = $1",
            &[&id],
        )
        .map_err(refused)?
        .iter()
        .map(|r| ((r.get(0), r.get(1)), r.get(2)))
        .collect();
    let files = tx
        .query(
            "SELECT DISTINCT f.sha256, f.name, f.content FROM file f
             JOIN evidence e ON e.file_sha256 = f.sha256 JOIN answer a ON a.id = e.answer_id
             JOIN vendor v ON v.id = a.vendor_id WHERE v.evaluation_id = $1",
            &[&id],
        )
        .map_err(refused)?;
    tx.commit().map_err(refused)?;

    // Into the throw-away store, in one transaction.
    let local_tx = store.conn.transaction()?;
    if replacing {
        remove_copied(&local_tx, id)?;
    }
    // The statement is prepared once per table and column list, and the
    // cells are bound borrowed: an evaluation of 50 vendors × 500 questions
    // is 25,000 answers and as many audit rows.
    let put = |table: &str, cols: &[(&str, Kind)], cells: &[Cell], refs: &[(&str, i64)]| {
        let ref_names: String = refs.iter().map(|(name, _)| format!(", {name}")).collect();
        let mut insert = local_tx.prepare_cached(&format!(
            "INSERT INTO {table} ({}{ref_names}) VALUES ({})",
            names(cols),
            placeholders(cols.len() + refs.len(), '?')
        ))?;
        let values = cells[..cols.len()]
            .iter()
            .map(|c| c as &dyn rusqlite::ToSql)
            .chain(refs.iter().map(|(_, v)| v as &dyn rusqlite::ToSql));
        insert.execute(rusqlite::params_from_iter(values))?;
        Ok::<i64, rusqlite::Error>(local_tx.last_insert_rowid())
    };
    // The team's ids are kept (evaluation, vendors, answers), so what a
    // read-only command prints names the rows as the team knows them.
    let local = put("evaluation", EVALUATION, evaluation, &[("id", id)])?;
    local_tx.execute(
        "INSERT INTO evaluation_questionnaire (evaluation_id, json) VALUES (?1, ?2)",
        rusqlite::params![local, snapshot],
    )?;
    // Ids are the team's, so rows refer to each other as they do there (one
    // repeatable-read transaction: every reference is to a row read).
    let mut vendor_ids = std::collections::HashSet::new();
    for v in &vendors {
        let id = pg_int(v, VENDOR.len()).unwrap_or_default();
        put("vendor", VENDOR, v, &[("evaluation_id", local), ("id", id)])?;
        vendor_ids.insert(id);
        moved.vendors += 1;
    }
    for a in &answers {
        let id = pg_int(a, ANSWER.len()).unwrap_or_default();
        let vendor = pg_int(a, ANSWER.len() + 1).unwrap_or_default();
        put("answer", ANSWER, a, &[("vendor_id", vendor), ("id", id)])?;
        moved.answers += 1;
    }
    for f in &files {
        let (sha, name, content): (String, Option<String>, Vec<u8>) =
            (f.get(0), f.get(1), f.get(2));
        // Written by its hash, which is checked against the name it has.
        let written = crate::store::files::put_bytes(&files_dir, &content)?;
        if written != sha {
            return Err(StoreError::FileTampered {
                sha256: sha,
                actual: written,
            });
        }
        crate::store::files::record_file(&local_tx, &sha, content.len(), name.as_deref())?;
        moved.files += 1;
    }
    for e in &evidence {
        let answer = pg_int(e, EVIDENCE.len()).unwrap_or_default();
        put("evidence", EVIDENCE, e, &[("answer_id", answer)])?;
        moved.evidence += 1;
    }
    for n in &negotiations {
        let vendor = pg_int(n, NEGOTIATION.len()).unwrap_or_default();
        put("negotiation", NEGOTIATION, n, &[("vendor_id", vendor)])?;
    }
    for a in &audit {
        let mut refs = vec![("evaluation_id", local)];
        // An audit row keeps its vendor while the vendor exists.
        if let Some(v) = pg_int(a, AUDIT.len()).filter(|v| vendor_ids.contains(v)) {
            refs.push(("vendor_id", v));
        }
        put("audit_log", AUDIT, a, &refs)?;
        moved.audit_rows += 1;
    }
    local_tx.commit()?;
    moved.evaluation = id;
    Ok(Copied {
        moved,
        signed_off,
        revisions,
    })
}

/// Removes evaluation `id` from a copy: its rows (cascading) and its audit
/// rows. The copy is a cache of the team database, whose audit log is the
/// record; the copy's own append-only trigger is dropped for that.
fn remove_copied(tx: &rusqlite::Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    tx.execute_batch("DROP TRIGGER IF EXISTS audit_log_no_delete")?;
    tx.execute("DELETE FROM audit_log WHERE evaluation_id = ?1", [id])?;
    tx.execute("DELETE FROM evaluation WHERE id = ?1", [id])?;
    Ok(())
}

/// Reads team evaluation `id` again into `copy` — after a change to it,
/// this user's or someone else's — replacing what the copy held of it, or
/// removing it when it is gone; the other evaluations are left as they
/// are. What the copy's store had of `query_only` is restored.
pub fn recopy_evaluation(team: &mut TeamDb, copy: &mut TeamCopy, id: i64) -> Result<()> {
    copy.store.conn.pragma_update(None, "query_only", false)?;
    let result = recopy(team, copy, id);
    copy.store.conn.pragma_update(None, "query_only", true)?;
    result
}

fn recopy(team: &mut TeamDb, copy: &mut TeamCopy, id: i64) -> Result<()> {
    let vendors: std::collections::HashSet<i64> = copy
        .store
        .conn
        .prepare("SELECT id FROM vendor WHERE evaluation_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    copy.unreadable.retain(|(e, _)| *e != id);
    match copy_evaluation_into(team, &mut copy.store, id, true) {
        Ok(copied) => {
            copy.revisions.retain(|(v, _), _| !vendors.contains(v));
            copy.revisions.extend(copied.revisions);
            match copied.signed_off {
                Some(s) => copy.signed_off.insert(id, s),
                None => copy.signed_off.remove(&id),
            };
        }
        Err(
            e @ (StoreError::NoEvaluation(_)
            | StoreError::Team(super::TeamError::Unreadable { .. })),
        ) => {
            let tx = copy.store.conn.transaction()?;
            remove_copied(&tx, id)?;
            tx.commit()?;
            copy.revisions.retain(|(v, _), _| !vendors.contains(v));
            copy.signed_off.remove(&id);
            if let StoreError::Team(super::TeamError::Unreadable { text }) = e {
                copy.unreadable.push((id, text));
            }
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

/// What a save in the team database did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamSave {
    /// Stored; the answer's revision now.
    Saved { revision: i64 },
    /// The answer was already so: nothing written.
    Unchanged,
}

/// Writes to the team database the answer that an edit, applied by the app's
/// own function to `snapshot`, left for (`vendor`, `question`) there — with
/// the audit row that function wrote, after `audit_rows_before` — in one
/// transaction, based on revision `based_on` (the one read with the
/// snapshot unless given). The database refuses a save over a newer change
/// (with theirs and yours), a frozen evaluation, or a user who may not edit it.
pub fn replay_answer(
    team: &mut TeamDb,
    snapshot: &TeamSnapshot,
    vendor: i64,
    question: &str,
    audit_rows_before: i64,
    based_on: Option<i64>,
) -> Result<TeamSave> {
    let store = &snapshot.store;
    let evaluation = snapshot.moved.evaluation;
    let audit = audit_rows_after(store, evaluation, audit_rows_before)?;
    if audit.is_empty() {
        return Ok(TeamSave::Unchanged);
    }
    let answer = sqlite_rows(
        store,
        &format!(
            "SELECT {} FROM answer WHERE vendor_id = ?1 AND question = ?2",
            names(ANSWER)
        ),
        &[&vendor, &question],
        ANSWER.len(),
    )?;
    let Some(answer) = answer.first() else {
        return Err(StoreError::refused(
            "answer",
            "clearing an answer is not yet possible in a team database; mark it unknown instead (--state unknown)",
            "团队数据库中暂不能清除回答；请改为标记为未知（--state unknown）",
        ));
    };
    let user = team.user().to_string();
    let refused = |e: postgres::Error| StoreError::Team(explain(&user, &e));
    let mut tx = team.client.transaction().map_err(refused)?;
    let may_edit: bool = tx
        .query_one("SELECT may_edit($1)", &[&evaluation])
        .map_err(refused)?
        .get(0);
    if !may_edit {
        return Err(StoreError::Team(super::TeamError::Forbidden {
            text: crate::Text {
                en: format!("{user} may not change evaluation {evaluation}: an administrator adds them as a member (assay team add-member)"),
                zh_cn: format!("{user} 不能修改评估 {evaluation}：需由管理员将其加为成员（assay team add-member）"),
            },
        }));
    }
    let values: Vec<Box<dyn ToSql + Sync>> = ANSWER
        .iter()
        .zip(answer)
        .map(|((_, kind), cell)| cell.to_pg(*kind))
        .collect();
    let stored = snapshot
        .revisions
        .get(&(vendor, question.to_string()))
        .copied();
    if stored.is_none() && based_on.is_some() {
        return Err(StoreError::invalid_input(
            "--based-on",
            format!(
                "there is no saved answer to {question} to base this save on: leave out --based-on"
            ),
        ));
    }
    let read = based_on.or(stored);
    let revision: i64 = match read {
        Some(read) => {
            // Every column, the question included (the same value): each
            // parameter must appear in the statement.
            let sets = ANSWER
                .iter()
                .enumerate()
                .map(|(i, (name, _))| format!("{name} = ${}", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let n = ANSWER.len();
            let sql = format!(
                "UPDATE answer SET {sets}, based_on = ${} WHERE vendor_id = ${} AND question = ${} RETURNING revision",
                n + 1,
                n + 2,
                n + 3
            );
            let mut params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
            params.push(&read);
            params.push(&vendor);
            let question = question.to_string();
            params.push(&question);
            let rows = tx.query(&sql, &params).map_err(refused)?;
            match rows.first() {
                Some(row) => row.get(0),
                None => {
                    return Err(StoreError::refused(
                        "answer",
                        format!("not saved: the answer to {question} was removed by someone else meanwhile; read the evaluation again"),
                        format!("未保存：{question} 的回答已被他人删除；请重新读取评估"),
                    ))
                }
            }
        }
        None => {
            let sql = format!(
                "INSERT INTO answer ({}, vendor_id) VALUES ({}) RETURNING revision",
                names(ANSWER),
                placeholders(ANSWER.len() + 1, '$')
            );
            let mut params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
            params.push(&vendor);
            match tx.query_one(&sql, &params) {
                Ok(row) => row.get(0),
                Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                    return Err(StoreError::refused(
                        "answer",
                        format!("not saved: someone else answered {question} meanwhile; read the evaluation again and save yours over theirs if you still mean it"),
                        format!("未保存：他人已同时回答了 {question}；请重新读取评估，如仍需要，再覆盖保存您的回答"),
                    ))
                }
                Err(e) => return Err(refused(e)),
            }
        }
    };
    let now = crate::store::now_utc();
    tx.execute(
        "UPDATE vendor SET updated_at = $2 WHERE id = $1",
        &[&vendor, &now],
    )
    .map_err(refused)?;
    tx.execute(
        "UPDATE evaluation SET updated_at = $2 WHERE id = $1",
        &[&evaluation, &now],
    )
    .map_err(refused)?;
    for row in &audit {
        let mut params: Vec<Box<dyn ToSql + Sync>> = AUDIT
            .iter()
            .zip(row)
            .map(|((_, kind), cell)| cell.to_pg(*kind))
            .collect();
        params.push(Box::new(evaluation));
        params.push(Box::new(vendor));
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        tx.execute(
            &format!(
                "INSERT INTO audit_log ({}, evaluation_id, vendor_id) VALUES ({})",
                names(AUDIT),
                placeholders(AUDIT.len() + 2, '$')
            ),
            &refs,
        )
        .map_err(refused)?;
    }
    tx.commit().map_err(refused)?;
    Ok(TeamSave::Saved { revision })
}
