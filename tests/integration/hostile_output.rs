//! Issue 12: no command overwrites the user's data. A file the user names is
//! refused when it exists (unless `--force`) and always when it is the database
//! or one of its files; restore accepts only Assay's own schema; evidence and its
//! file are one transaction; a backup is complete and checked or absent; a
//! refused database gets no `-wal`/`-shm` beside it.

use crate::support::*;
use assay::store::{Store, StoreError};
use std::path::Path;
use std::process::Command;

/// Runs `assay …` with `$ASSAY_DB` = `db` (so commands that take no `--db`, like
/// `questionnaire export-xlsx`, know the database too).
fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_assay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ASSAY_DB", db)
        .output()
        .expect("the assay binary runs");
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// The commands that write a user-named file; `OUT` stands for it.
const WRITERS: &[&[&str]] = &[
    &["export", "--evaluation", "1", "--out", "OUT"],
    &["export-xlsx", "--evaluation", "1", "--out", "OUT"],
    &[
        "questionnaire",
        "export-xlsx",
        "assay-im-security",
        "--out",
        "OUT",
    ],
    &["evaluation", "export", "1", "OUT"],
    &["backup", "OUT"],
];

fn with_out(cmd: &[&str], out: &Path, force: bool) -> Vec<String> {
    let mut v: Vec<String> = cmd
        .iter()
        .map(|a| {
            if *a == "OUT" {
                out.display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    if force {
        v.push("--force".into());
    }
    v
}

#[test]
fn writers_refuse_an_existing_file_without_force_and_the_database_always() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let (code, _, err) = run(&db, &["demo"]);
    assert_eq!(code, 0, "{err}");
    std::fs::create_dir_all(dir.path().join("files")).unwrap();
    let link = dir.path().join("link-to-db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    for (i, cmd) in WRITERS.iter().enumerate() {
        let out = dir.path().join(format!("existing-{i}"));
        std::fs::write(&out, b"the user's own file").unwrap();
        let args = with_out(cmd, &out, false);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = run(&db, &args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_contains(&err, "--force");
        assert_eq!(
            std::fs::read(&out).unwrap(),
            b"the user's own file",
            "{args:?}"
        );

        let args = with_out(cmd, &out, true);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = run(&db, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_ne!(
            std::fs::read(&out).unwrap(),
            b"the user's own file",
            "{args:?}"
        );

        // A report export records itself in the database (by fingerprint):
        // the refused writes below must leave it as it is from here.
        let db_bytes = std::fs::read(&db).unwrap();
        for target in [
            db.clone(),
            dir.path().join("assay.db-wal"),
            dir.path().join("assay.db-shm"),
            dir.path().join("files").join("x"),
            link.clone(),
        ] {
            let args = with_out(cmd, &target, true);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, _, err) = run(&db, &args);
            assert_eq!(code, 1, "{args:?}: {err}");
            assert_contains(&err, "never writes over it");
            assert_eq!(std::fs::read(&db).unwrap(), db_bytes, "{args:?}");
            assert!(!dir.path().join("files").join("x").exists());
        }
        assert!(!dir.path().join("assay.db-wal").exists() || i > 0);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------- restore

/// A copy of a fresh Assay database at `dir/name`, changed by `sql`.
fn source_with(dir: &Path, name: &str, sql: &str) -> std::path::PathBuf {
    let src = dir.join(name);
    {
        let s = Store::open(&dir.join(format!("{name}.base"))).unwrap();
        s.backup_to(&src).unwrap();
    }
    let c = rusqlite::Connection::open(&src).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    c.execute_batch(sql).unwrap();
    src
}

#[test]
fn restore_refuses_a_schema_that_is_not_assays() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let (code, _, err) = run(&db, &["demo"]);
    assert_eq!(code, 0, "{err}");
    let trigger = source_with(
        dir.path(),
        "trigger.db",
        "CREATE TRIGGER eat AFTER INSERT ON answer BEGIN DELETE FROM answer; END;",
    );
    let index = source_with(
        dir.path(),
        "index.db",
        "CREATE INDEX extra ON vendor(name);",
    );
    let view = source_with(dir.path(), "view.db", "CREATE VIEW v AS SELECT 1;");
    let empty = dir.path().join("empty.db");
    {
        let c = rusqlite::Connection::open(&empty).unwrap();
        c.pragma_update(None, "application_id", 0x4153_5359)
            .unwrap();
        c.pragma_update(None, "user_version", assay::store::SCHEMA_VERSION)
            .unwrap();
    }
    for (src, what) in [
        (&trigger, "unexpected trigger eat"),
        (&index, "unexpected index extra"),
        (&view, "unexpected view v"),
        (&empty, "missing "),
    ] {
        let before = std::fs::read(&db).unwrap();
        let (code, _, err) = run(&db, &["restore", "--yes", src.to_str().unwrap()]);
        assert_eq!(code, 1, "{src:?}: {err}");
        assert_contains(&err, "schema is not the one Assay creates");
        assert_contains(&err, what);
        assert_eq!(std::fs::read(&db).unwrap(), before, "{src:?}: unchanged");
        let mut s = Store::open(&db).unwrap();
        assert!(matches!(
            s.restore_from(src),
            Err(StoreError::Damaged { .. })
        ));
    }
    // Assay's own schema is accepted.
    let good = source_with(dir.path(), "good.db", "");
    let (code, _, err) = run(&db, &["restore", "--yes", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------- evidence

#[test]
fn evidence_with_a_bad_file_leaves_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let (code, id, err) = run(&db, &["evaluation", "create", "--name", "E"]);
    assert_eq!(code, 0, "{err}");
    let id = id.trim().to_string();
    assert_eq!(
        run(&db, &["vendor", "add", "--evaluation", &id, "--name", "V"]).0,
        0
    );
    let (code, _, err) = run(
        &db,
        &[
            "answer",
            "set",
            "--evaluation",
            &id,
            "--vendor",
            "V",
            "--question",
            "IRV-01",
            "--value",
            "24",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let before = dump(&rusqlite::Connection::open(&db).unwrap());
    let sub = dir.path().join("a-directory");
    std::fs::create_dir(&sub).unwrap();
    for bad in [sub.to_str().unwrap(), "/dev/zero"] {
        let (code, _, err) = run(
            &db,
            &[
                "answer",
                "evidence",
                "--evaluation",
                &id,
                "--vendor",
                "V",
                "--question",
                "IRV-01",
                "--kind",
                "contract_clause",
                "--file",
                bad,
            ],
        );
        assert_eq!(code, 1, "{bad}: {err}");
        assert_contains(&err, "not a regular file");
        assert_eq!(
            dump(&rusqlite::Connection::open(&db).unwrap()),
            before,
            "{bad}: no evidence, no audit row"
        );
    }
    let good = dir.path().join("dpa.pdf");
    std::fs::write(&good, b"%PDF- the contract").unwrap();
    let (code, out, err) = run(
        &db,
        &[
            "answer",
            "evidence",
            "--evaluation",
            &id,
            "--vendor",
            "V",
            "--question",
            "IRV-01",
            "--kind",
            "contract_clause",
            "--file",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "added evidence 1");
    assert_contains(&out, "sha256:");
}

// ---------------------------------------------------------------- backup, open

#[test]
fn backup_refuses_a_damaged_database_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let (code, _, err) = run(&db, &["demo"]);
    assert_eq!(code, 0, "{err}");
    // Damage a page of the answer table's data (past the header and schema).
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page);
    for b in &mut bytes[5 * page + 100..6 * page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let dest = dir.path().join("copy.db");
    let (code, _, err) = run(&db, &["backup", dest.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(!dest.exists(), "nothing at the destination");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_refused_database_gets_no_wal_or_shm() {
    let dir = tempfile::tempdir().unwrap();
    // A foreign SQLite database in WAL mode.
    let foreign = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    // An Assay database from a newer Assay, in WAL mode.
    let newer = dir.path().join("newer.db");
    {
        let s = Store::open(&dir.path().join("base.db")).unwrap();
        s.backup_to(&newer).unwrap();
    }
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    for path in [&foreign, &newer] {
        assert!(!Path::new(&format!("{}-wal", path.display())).exists());
        let before = std::fs::read(path).unwrap();
        assert!(Store::open(path).is_err());
        assert!(assay::store::check_database_file(path).is_err());
        assert_eq!(std::fs::read(path).unwrap(), before);
        for suffix in ["-wal", "-shm"] {
            let side = format!("{}{suffix}", path.display());
            assert!(!Path::new(&side).exists(), "{side} was created");
        }
    }
}
