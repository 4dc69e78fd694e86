//! The SQLite store: opening and migrations, refusals that leave files untouched,
//! the audit trail, attached files, bundles, the CLI's exit codes, the demo
//! evaluation and a crash test.

use crate::support::{assay_db, date, dump};
use assay::answers::{Answer, AnswerValue, Evidence, EvidenceKind, Provenance, SourceKind};
use assay::store::fixtures::{synthetic_evaluation as new_eval, synthetic_questionnaire_json};
use assay::store::{self, Deployment, NewVendor, Store, StoreError};
use rusqlite::OptionalExtension;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn yes(question: &str) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::Text("yes".into())),
        provenance: Some(Provenance {
            source: SourceKind::VendorStated,
            reference: Some("RFP reply §3".into()),
            as_of: Some(date("2026-10-01")),
            confidence: Some("V".into()),
        }),
        ..Answer::default()
    }
}

/// Adds a vendor with only a name; returns its id.
fn add_vendor(s: &mut Store, evaluation: i64, name: &str) -> i64 {
    s.add_vendor(
        evaluation,
        &NewVendor {
            name: name.into(),
            ..NewVendor::default()
        },
    )
    .unwrap()
}

/// A store in a temp dir with one evaluation and one vendor.
fn setup(dir: &Path) -> (Store, i64, i64) {
    let mut s = Store::open(&dir.join("assay.db")).unwrap();
    let e = s.create_evaluation(&new_eval(10)).unwrap();
    let v = s
        .add_vendor(
            e,
            &NewVendor {
                name: "Acme".into(),
                product: Some("Enterprise".into()),
                deployment: Some(Deployment::Saas),
                notes: "n".into(),
            },
        )
        .unwrap();
    (s, e, v)
}

// ---------------------------------------------------------------- opening and migrations

#[test]
fn store_open_sets_wal_foreign_keys_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/assay.db");
    let s = Store::open(&path).unwrap();
    let c = s.connection();
    let mode: String = c
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = c
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let app: i32 = c
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, store::APPLICATION_ID);
    assert_eq!(s.schema_version().unwrap(), store::SCHEMA_VERSION);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let fkc: Option<String> = c
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()
        .unwrap();
    assert_eq!(fkc, None);
    drop(s);
    // Reopening an up-to-date database writes no backup.
    Store::open(&path).unwrap();
    let backups = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".backup-")
        })
        .count();
    assert_eq!(backups, 0);
}

#[test]
fn store_v1_fixture_upgrades_with_backup_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as schema version 1 wrote it.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(store::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute(
            "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, questionnaire_json, created_at, updated_at)
             VALUES ('Old', '2025-01-01', 'synthetic', '1.0.0', ?1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
            [synthetic_questionnaire_json(3)],
        )
        .unwrap();
        c.execute(
            "INSERT INTO audit_log (at, who, evaluation_id, entity, action) VALUES ('2025-01-01T00:00:00.000Z', 'x', 1, 'evaluation', 'create')",
            [],
        )
        .unwrap();
        // A demo made by an older Assay: schema 4 makes it read-only.
        c.execute(
            "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, questionnaire_json, created_at, updated_at)
             VALUES ('Demo', '2025-01-01', 'synthetic', '1.0.0', ?1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
            [synthetic_questionnaire_json(3)],
        )
        .unwrap();
        c.execute(
            "INSERT INTO audit_log (at, who, evaluation_id, entity, action) VALUES ('2025-01-01T00:00:00.000Z', 'assay demo', 2, 'evaluation', 'create')",
            [],
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), store::SCHEMA_VERSION);
    let e = s.evaluation(1).unwrap();
    assert_eq!(e.name, "Old");
    assert!(!e.read_only);
    assert!(
        s.evaluation(2).unwrap().read_only,
        "the old demo is read-only"
    );
    assert_eq!(s.questionnaire(1).unwrap().questions().count(), 3);
    // The backup is the v1 file as it was.
    let backup: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("old.db.backup-v1-"))
        .collect();
    assert_eq!(backup.len(), 1, "one backup before migrating");
    let b = rusqlite::Connection::open(&backup[0]).unwrap();
    let v: i64 = b
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    assert!(!before.is_empty());
    let as_was = dir.path().join("v1-as-it-was.db");
    std::fs::write(&as_was, &before).unwrap();
    assert_eq!(
        dump(&b),
        dump(&rusqlite::Connection::open(&as_was).unwrap()),
        "the backup holds the v1 rows"
    );
    drop(b);
    // Version 2 makes the audit log append-only.
    let err = s
        .connection()
        .execute("DELETE FROM audit_log", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // Version 8 rebuilt the audit table (to allow `copy`): rows and ids kept,
    // still append-only for updates, and new rows numbered after the old ones.
    let err = s
        .connection()
        .execute("UPDATE audit_log SET who = 'y'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let trail = s.audit_log(1).unwrap();
    assert_eq!((trail[0].id, trail[0].who.as_str()), (1, "x"));
    // Version 3: older evaluations keep their profiles' weights, and can get their own.
    assert_eq!(e.section_weights, None);
    let own = std::collections::BTreeMap::from([("S00".to_string(), 100.0)]);
    s.set_section_weights(1, Some(&own)).unwrap();
    assert_eq!(s.evaluation(1).unwrap().section_weights, Some(own));
    let newest = s.audit_log(1).unwrap().last().unwrap().id;
    assert!(
        newest > 2,
        "numbered after the rebuilt table's rows: {newest}"
    );
}

#[test]
fn store_future_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(setup(dir.path()).0);
    std::fs::rename(dir.path().join("assay.db"), &path).unwrap();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer Assay"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "bytes unchanged");
    assert!(!dir.path().join("future.db-wal").exists());
}

#[test]
fn store_non_sqlite_and_foreign_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "this is not a database, but my notes\n".repeat(20)).unwrap();
    let before = std::fs::read(&text).unwrap();
    let err = Store::open(&text).err().expect("refused");
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert_eq!(std::fs::read(&text).unwrap(), before);

    let short = dir.path().join("short.db");
    std::fs::write(&short, b"SQLite format 3\0").unwrap();
    assert!(matches!(
        Store::open(&short),
        Err(StoreError::NotSqlite { .. })
    ));
    assert_eq!(std::fs::read(&short).unwrap(), b"SQLite format 3\0");

    let foreign = dir.path().join("other-app.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&foreign).unwrap();
    let err = Store::open(&foreign).err().expect("refused");
    assert!(matches!(err, StoreError::NotAssay { .. }), "{err}");
    assert_eq!(std::fs::read(&foreign).unwrap(), before);

    // Damaged: a valid header followed by garbage.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&damaged, &bytes).unwrap();
    assert!(matches!(
        Store::open(&damaged),
        Err(StoreError::Damaged { .. })
    ));
    assert_eq!(std::fs::read(&damaged).unwrap(), bytes);
}

/// A database whose header no longer fits the file (page size edited, cut short,
/// bytes added, a file format SQLite cannot write) is refused as damaged, naming
/// the file and what does not match, by every command: never "attempt to write a
/// readonly database" or "disk I/O error", and not a byte is written.
#[test]
fn store_header_and_size_mismatch_is_refused_as_damaged_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(setup(dir.path()).0);
    let good = std::fs::read(dir.path().join("assay.db")).unwrap();
    assert_eq!(
        &good[16..18],
        &4096u16.to_be_bytes(),
        "an Assay database has 4 KiB pages"
    );
    assert_eq!(good.len() % 4096, 0);
    let with = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    let cut = good.len() - 100;
    let pages = good.len() / 4096;
    let mismatch = "page size and file size do not match";
    // (file, its bytes, what the message says)
    let cases: Vec<(&str, Vec<u8>, Vec<String>)> = vec![
        // 8192-byte pages: the same bytes are half as many pages (or an odd half).
        (
            "page-8192.db",
            with(16, &8192u16.to_be_bytes()),
            vec![mismatch.into(), "8192".into()],
        ),
        (
            "page-1024.db",
            with(16, &1024u16.to_be_bytes()),
            vec![
                mismatch.into(),
                format!("its header gives {pages} pages of 1024 bytes ({} bytes), but the file is {} bytes", pages * 1024, good.len()),
            ],
        ),
        (
            "page-3000.db",
            with(16, &3000u16.to_be_bytes()),
            vec!["its header gives a page size of 3000 bytes, which no SQLite database has".into()],
        ),
        (
            "cut-short.db",
            good[..cut].to_vec(),
            vec![
                mismatch.into(),
                format!("the file is {cut} bytes, not a whole number of its 4096-byte pages"),
            ],
        ),
        (
            "page-added.db",
            [good.clone(), vec![0; 4096]].concat(),
            vec![
                mismatch.into(),
                format!("its header gives {pages} pages of 4096 bytes ({} bytes), but the file is {} bytes", good.len(), good.len() + 4096),
            ],
        ),
        // SQLite opened this one read-only: "attempt to write a readonly database".
        (
            "format-3.db",
            with(18, &[3]),
            vec!["its header gives file format versions 3 (write) and 2 (read)".into()],
        ),
    ];
    let other = dir.path().join("other.db");
    for (name, bytes, detail) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let shown = path.display().to_string();

        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::Damaged { .. }), "{name}: {err}");
        for args in [
            vec!["evaluation", "list"],
            vec!["evaluation", "create", "--name", "N"],
            vec!["demo"],
        ] {
            let (code, out, err) = assay_db(&path, &args);
            assert_eq!(code, 1, "{name} {args:?}: {out}{err}");
            assert!(
                err.contains(&format!("{shown}: the database is damaged or unreadable (")),
                "{name} {args:?}: {err}"
            );
            for part in &detail {
                assert!(err.contains(part.as_str()), "{name} {args:?}: {err}");
            }
            assert!(err.contains("Assay did not change it"), "{name}: {err}");
            assert!(!err.contains("readonly") && !err.contains("I/O"), "{err}");
        }
        // Nor is it accepted as the source of a restore.
        let (code, _, err) = assay_db(&other, &["restore", "--yes", &shown]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(detail[0].as_str()), "{name}: {err}");

        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{name}: bytes unchanged"
        );
        for suffix in ["-wal", "-shm", "-journal"] {
            let beside = dir.path().join(format!("{name}{suffix}"));
            assert!(!beside.exists(), "{name}: {suffix} created");
        }
    }
    // The untouched copy still opens: the checks refuse only what does not fit.
    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, &good).unwrap();
    assert_eq!(assay_db(&copy, &["evaluation", "list"]).0, 0);
}

#[test]
fn store_bad_snapshot_row_names_the_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let (s, e, _) = setup(dir.path());
    drop(s);
    let c = rusqlite::Connection::open(dir.path().join("assay.db")).unwrap();
    c.execute(
        "UPDATE evaluation_questionnaire SET json = '{\"id\": 5' WHERE evaluation_id = ?1",
        [e],
    )
    .unwrap();
    drop(c);
    let mut s = Store::open(&dir.path().join("assay.db")).unwrap();
    let err = s.comparison(e).expect_err("a bad snapshot is an error");
    assert!(
        matches!(err, StoreError::BadSnapshot { id, .. } if id == e),
        "{err}"
    );
    assert!(err.to_string().contains(&format!("evaluation {e}")));
}

#[test]
fn store_missing_snapshot_row_names_the_evaluation_not_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let (s, e, _) = setup(dir.path());
    drop(s);
    let c = rusqlite::Connection::open(dir.path().join("assay.db")).unwrap();
    c.execute(
        "DELETE FROM evaluation_questionnaire WHERE evaluation_id = ?1",
        [e],
    )
    .unwrap();
    drop(c);
    let mut s = Store::open(&dir.path().join("assay.db")).unwrap();
    let err = s.comparison(e).expect_err("a missing snapshot is an error");
    assert!(
        matches!(err, StoreError::BadSnapshot { id, .. } if id == e),
        "{err}"
    );
    assert!(err.to_string().contains("missing"), "{err}");
    // The evaluation itself is still listed and can be deleted.
    assert!(s.list_evaluations().unwrap().iter().any(|x| x.id == e));
}

/// Every answer saved updates its evaluation's row; the questionnaire text
/// (hundreds of KB) lives apart so that update stays small (migration 0009),
/// and deleting the evaluation takes its text with it.
#[test]
fn store_questionnaire_text_lives_apart_and_goes_with_its_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e, _) = setup(dir.path());
    let text = s.questionnaire_text(e).unwrap();
    assert!(text.len() > 100, "{text}");
    s.delete_evaluation(e).unwrap();
    drop(s);
    let c = rusqlite::Connection::open(dir.path().join("assay.db")).unwrap();
    let columns: Vec<String> = c
        .prepare("SELECT name FROM pragma_table_info('evaluation')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        !columns.iter().any(|c| c.contains("questionnaire_json")),
        "{columns:?}"
    );
    let left: i64 = c
        .query_row("SELECT count(*) FROM evaluation_questionnaire", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, 0);
}

// ---------------------------------------------------------------- audit trail

#[test]
fn store_every_change_writes_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e, v) = setup(dir.path());
    s.set_actor("carol");
    s.set_answer(v, &yes("Q0001")).unwrap();
    let mut changed = yes("Q0001");
    changed.value = Some(AnswerValue::Text("no".into()));
    changed.comment = Some("re-checked".into());
    s.set_answer(v, &changed).unwrap();
    s.set_answer(v, &changed).unwrap(); // identical: no row
    s.clear_answer(v, "Q0001").unwrap();
    let bad = Answer {
        question: "Q0002".into(),
        value: Some(AnswerValue::Text("maybe".into())),
        ..Answer::default()
    };
    assert!(matches!(s.set_answer(v, &bad), Err(StoreError::Invalid(_))));
    assert!(matches!(
        s.set_answer(v, &yes("NOPE")),
        Err(StoreError::Invalid(_))
    ));
    let log = s.audit_log(e).unwrap();
    let kinds: Vec<(String, String)> = log
        .iter()
        .map(|a| (a.entity.clone(), a.action.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("evaluation", "create"),
            ("vendor", "create"),
            ("answer", "create"),
            ("answer", "update"),
            ("answer", "delete")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let update = &log[3];
    assert_eq!(update.who, "carol");
    assert_eq!(update.question.as_deref(), Some("Q0001"));
    assert_eq!(update.vendor_name.as_deref(), Some("Acme"));
    assert_eq!(update.old.as_ref().unwrap()["value"], "yes");
    assert_eq!(update.new.as_ref().unwrap()["value"], "no");
    assert!(update.at.ends_with('Z'), "UTC: {}", update.at);
    assert_eq!(log[4].new, None);
    assert!(s.answer(v, "Q0001").unwrap().is_none());
    // Deleting the evaluation keeps its trail and records the deletion.
    s.delete_evaluation(e).unwrap();
    let log = s.audit_log(e).unwrap();
    assert_eq!(log.last().unwrap().action, "delete");
    assert_eq!(log.len(), 6);
    assert!(matches!(s.evaluation(e), Err(StoreError::NoEvaluation(_))));
}

#[test]
fn store_answers_round_trip_with_provenance_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _, v) = setup(dir.path());
    let mut a = yes("Q0003");
    a.comment = Some("个人信息 — ok".into());
    a.evidence = vec![Evidence {
        kind: EvidenceKind::Certificate,
        identifier: Some("ISMS-123".into()),
        issuer: Some("BSI".into()),
        scope: Some("IM service".into()),
        issued: Some(date("2025-01-01")),
        expires: Some(date("2028-01-01")),
        url: Some("https://example.com/cert".into()),
    }];
    s.set_answer(v, &a).unwrap();
    assert_eq!(s.answer(v, "Q0003").unwrap().unwrap().answer, a);
    let mut na = yes("Q0004");
    na.value = None;
    na.na = Some("no mobile app".into());
    s.set_answer(v, &na).unwrap();
    assert_eq!(s.answer(v, "Q0004").unwrap().unwrap().answer, na);
}

// ---------------------------------------------------------------- files

#[test]
fn store_attached_files_are_hash_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e, v) = setup(dir.path());
    let mut a = yes("Q0001");
    a.evidence = vec![Evidence {
        kind: EvidenceKind::AuditReport,
        identifier: Some("R-1".into()),
        issuer: None,
        scope: None,
        issued: None,
        expires: None,
        url: None,
    }];
    s.set_answer(v, &a).unwrap();
    let src = dir.path().join("report.pdf");
    std::fs::write(&src, b"%PDF-1.7 pretend report").unwrap();
    let sha = s.attach_file(v, "Q0001", 0, &src).unwrap();
    assert_eq!(sha, store::sha256_hex(b"%PDF-1.7 pretend report"));
    assert_eq!(s.read_file(&sha).unwrap(), b"%PDF-1.7 pretend report");
    // Stored once, under its hash.
    assert!(dir.path().join("files").join(&sha).exists());
    let stored = s.answer(v, "Q0001").unwrap().unwrap();
    assert_eq!(stored.files, vec![Some(sha.clone())]);
    // Saving the same evidence again keeps the attachment.
    let mut again = a.clone();
    again.comment = Some("edited".into());
    s.set_answer(v, &again).unwrap();
    assert_eq!(
        s.answer(v, "Q0001").unwrap().unwrap().files,
        vec![Some(sha.clone())]
    );
    let log = s.audit_log(e).unwrap();
    assert!(log.iter().any(|l| l.entity == "evidence"
        && l.new.as_ref().unwrap()["evidence"][0]["file"] == sha.as_str()));
    // Tampering and loss are detected on read.
    std::fs::write(dir.path().join("files").join(&sha), b"altered").unwrap();
    assert!(matches!(
        s.read_file(&sha),
        Err(StoreError::FileTampered { .. })
    ));
    std::fs::remove_file(dir.path().join("files").join(&sha)).unwrap();
    assert!(matches!(
        s.read_file(&sha),
        Err(StoreError::FileMissing { .. })
    ));
    assert!(matches!(
        s.attach_file(v, "Q0001", 5, &src),
        Err(StoreError::Invalid(_))
    ));
}

// ---------------------------------------------------------------- bundles

fn populated(dir: &Path) -> (Store, i64) {
    let (mut s, e, v) = setup(dir);
    let w = s
        .add_vendor(
            e,
            &NewVendor {
                name: "Wire".into(),
                product: None,
                deployment: Some(Deployment::OnPremises),
                notes: String::new(),
            },
        )
        .unwrap();
    let mut a = yes("Q0001");
    a.evidence = vec![
        Evidence {
            kind: EvidenceKind::Certificate,
            identifier: Some("C-1".into()),
            issuer: Some("CB".into()),
            scope: Some("all".into()),
            issued: Some(date("2025-01-01")),
            expires: Some(date("2028-01-01")),
            url: None,
        },
        Evidence {
            kind: EvidenceKind::Url,
            identifier: None,
            issuer: None,
            scope: None,
            issued: None,
            expires: None,
            url: Some("https://example.com".into()),
        },
    ];
    s.set_answer(v, &a).unwrap();
    let f = dir.join("cert.pdf");
    std::fs::write(&f, b"certificate bytes").unwrap();
    s.attach_file(v, "Q0001", 0, &f).unwrap();
    let mut b = yes("Q0002");
    b.value = None;
    b.na = Some("n/a here".into());
    s.set_answer(w, &b).unwrap();
    s.set_answer(w, &yes("Q0003")).unwrap();
    (s, e)
}

#[test]
fn store_bundle_round_trip_is_field_by_field_equal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = populated(dir.path());
    let bundle = dir.path().join("eval.assay.zip");
    s.export_evaluation(e, &bundle).unwrap();

    let other = tempfile::tempdir().unwrap();
    let mut t = Store::open(&other.path().join("assay.db")).unwrap();
    let id = t.import_evaluation(&bundle).unwrap();
    let names: Vec<_> = t
        .evaluation_answers(id)
        .unwrap()
        .into_iter()
        .flat_map(|a| a.file_names)
        .flatten()
        .collect();
    assert_eq!(names, ["cert.pdf"]);

    let (a, b) = (s.evaluation(e).unwrap(), t.evaluation(id).unwrap());
    assert_eq!(
        (&a.name, &a.notes, &a.profiles, a.as_of),
        (&b.name, &b.notes, &b.profiles, b.as_of)
    );
    assert_eq!(
        (&a.evaluators, &a.questionnaire_id, &a.questionnaire_version),
        (&b.evaluators, &b.questionnaire_id, &b.questionnaire_version)
    );
    assert_eq!(
        (&a.created_at, &a.updated_at),
        (&b.created_at, &b.updated_at)
    );
    assert_eq!(
        s.questionnaire_text(e).unwrap(),
        t.questionnaire_text(id).unwrap()
    );
    let (va, vb) = (s.vendors(e).unwrap(), t.vendors(id).unwrap());
    assert_eq!(va.len(), vb.len());
    for (x, y) in va.iter().zip(&vb) {
        assert_eq!(
            (&x.name, &x.product, x.deployment, &x.notes),
            (&y.name, &y.product, y.deployment, &y.notes)
        );
        assert_eq!(
            (&x.created_at, &x.updated_at),
            (&y.created_at, &y.updated_at)
        );
        let (ax, ay) = (s.answers(x.id).unwrap(), t.answers(y.id).unwrap());
        assert_eq!(ax.len(), ay.len());
        for (p, q) in ax.iter().zip(&ay) {
            assert_eq!(p.answer, q.answer);
            assert_eq!(p.files, q.files);
            // The attached file keeps the name it was attached under.
            assert_eq!(p.file_names, q.file_names);
            assert_eq!(
                (&p.updated_at, &p.updated_by),
                (&q.updated_at, &q.updated_by)
            );
            for sha in p.files.iter().flatten() {
                assert_eq!(s.read_file(sha).unwrap(), t.read_file(sha).unwrap());
            }
        }
    }
    let (la, lb) = (s.audit_log(e).unwrap(), t.audit_log(id).unwrap());
    assert_eq!(la.len() + 1, lb.len(), "the import itself is recorded");
    for (x, y) in la.iter().zip(&lb) {
        assert_eq!(
            (&x.at, &x.who, &x.entity, &x.action),
            (&y.at, &y.who, &y.entity, &y.action)
        );
        assert_eq!(
            (&x.vendor_name, &x.question, &x.old, &x.new),
            (&y.vendor_name, &y.question, &y.old, &y.new)
        );
    }
    assert_eq!(lb.last().unwrap().action, "import");
    // Same scores.
    let (ca, cb) = (s.comparison(e).unwrap(), t.comparison(id).unwrap());
    assert_eq!(ca.vendors, cb.vendors);
}

/// What a bundle edit writes in place of one member (nothing: the member is dropped).
type Members = Vec<(String, Vec<u8>)>;

/// A hostile-bundle case: `good` rewritten by `edit` into the path it is given.
fn edited(good: &Path, edit: impl Fn(&str, Vec<u8>) -> Members + 'static) -> Box<dyn Fn(&Path)> {
    let good = good.to_path_buf();
    Box::new(move |p: &Path| rewrite(&good, p, &edit))
}

/// An edit of the member named `target` only; the others are kept as they are.
fn on(
    target: &str,
    f: impl Fn(&str, Vec<u8>) -> Members + 'static,
) -> impl Fn(&str, Vec<u8>) -> Members + 'static {
    let target = target.to_string();
    move |name, bytes| {
        if name == target {
            f(name, bytes)
        } else {
            vec![(name.to_string(), bytes)]
        }
    }
}

/// An edit of one JSON member's value.
fn on_json(
    target: &str,
    f: fn(&mut serde_json::Value),
) -> impl Fn(&str, Vec<u8>) -> Members + 'static {
    on(target, move |name, bytes| {
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        f(&mut v);
        vec![(name.to_string(), serde_json::to_vec(&v).unwrap())]
    })
}

/// Rewrites a bundle, letting `edit` change, drop or add members.
fn rewrite(src: &Path, dest: &Path, edit: impl Fn(&str, Vec<u8>) -> Members) {
    use std::io::Read;
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dest).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        for (n, b) in edit(&name, bytes) {
            zout.start_file(n, opts).unwrap();
            zout.write_all(&b).unwrap();
        }
    }
    zout.finish().unwrap();
}

#[test]
fn store_hostile_bundles_fail_and_leave_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = populated(dir.path());
    let good = dir.path().join("good.zip");
    s.export_evaluation(e, &good).unwrap();
    // The bundle's one attached file.
    let file_member = format!("files/{}", store::sha256_hex(b"certificate bytes"));
    let fm = file_member.as_str();
    type Case = (&'static str, Box<dyn Fn(&Path)>, &'static str);
    let cases: Vec<Case> = vec![
        (
            "traversal",
            edited(
                &good,
                on("audit.json", |n, b| {
                    vec![(n.into(), b), ("../../evil.sh".into(), b"x".to_vec())]
                }),
            ),
            "unexpected member",
        ),
        (
            "traversal-in-files",
            edited(
                &good,
                on(fm, |_, b| vec![("files/../../../etc/passwd".into(), b)]),
            ),
            "unexpected member",
        ),
        (
            "absolute",
            edited(
                &good,
                on("audit.json", |n, b| {
                    vec![(n.into(), b.clone()), ("/tmp/evil".into(), b)]
                }),
            ),
            "unexpected member",
        ),
        (
            "hash-mismatch",
            edited(
                &good,
                on(fm, |n, _| vec![(n.into(), b"certificate bytez".to_vec())]),
            ),
            "hash mismatch",
        ),
        (
            "missing-file",
            edited(&good, on(fm, |_, _| vec![])),
            "differ",
        ),
        (
            "oversized",
            edited(
                &good,
                on(fm, |n, b| {
                    vec![
                        (n.into(), b),
                        (
                            format!("files/{}", "0".repeat(64)),
                            vec![0u8; 65 * 1024 * 1024],
                        ),
                    ]
                }),
            ),
            "refused as a possible zip bomb",
        ),
        (
            "wrong-version",
            edited(
                &good,
                on_json("manifest.json", |v| v["version"] = 99.into()),
            ),
            "bundle version 99",
        ),
        (
            "unknown-section-weight",
            edited(
                &good,
                on_json("evaluation.json", |v| {
                    v["section_weights"] = serde_json::json!({"S99": 10.0})
                }),
            ),
            "no section \"S99\"",
        ),
        (
            "unknown-profile",
            edited(
                &good,
                on_json("evaluation.json", |v| {
                    v["profiles"] = serde_json::json!(["MARS"])
                }),
            ),
            "evaluation.json: there is no profile \"MARS\"",
        ),
        (
            "unnamed",
            edited(
                &good,
                on_json("evaluation.json", |v| v["name"] = " ".into()),
            ),
            "evaluation.json: the evaluation name is empty",
        ),
        (
            "wrong-format",
            edited(
                &good,
                on_json("manifest.json", |v| v["format"] = "zip".into()),
            ),
            "format",
        ),
        (
            "invalid-answer",
            edited(
                &good,
                on_json("vendors.json", |v| {
                    v[0]["answers"][0]["answer"]["value"] = "maybe".into()
                }),
            ),
            "not one of",
        ),
        (
            "unknown-field",
            edited(&good, on_json("evaluation.json", |v| v["extra"] = 1.into())),
            "unknown field",
        ),
        (
            "bad-audit",
            edited(
                &good,
                on_json("audit.json", |v| v[0]["entity"] = "hack".into()),
            ),
            "audit.json",
        ),
        (
            "missing-member",
            edited(&good, on("vendors.json", |_, _| vec![])),
            "missing",
        ),
        (
            "truncated",
            Box::new({
                let g = good.clone();
                move |p: &Path| {
                    let b = std::fs::read(&g).unwrap();
                    std::fs::write(p, &b[..b.len() / 2]).unwrap();
                }
            }),
            "zip",
        ),
        (
            "not-a-zip",
            Box::new(|p: &Path| std::fs::write(p, b"{\"hello\": 1}").unwrap()),
            "zip",
        ),
        (
            "bad-snapshot",
            edited(
                &good,
                on("questionnaire.json", |n, _| {
                    vec![(n.into(), b"{\"id\":".to_vec())]
                }),
            ),
            "questionnaire",
        ),
    ];
    let before = dump(s.connection());
    let files_before: Vec<_> = std::fs::read_dir(dir.path().join("files"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    for (name, make, expected) in cases {
        let path = dir.path().join(format!("{name}.zip"));
        make(&path);
        let err = s
            .import_evaluation(&path)
            .err()
            .unwrap_or_else(|| panic!("{name}: imported"));
        let msg = err.to_string();
        assert!(msg.contains(expected), "{name}: {msg}");
        assert!(
            msg.contains("the database was not changed")
                && matches!(err, StoreError::Bundle { .. }),
            "{name}: {msg}"
        );
        assert_eq!(dump(s.connection()), before, "{name}: database changed");
        let files_now: Vec<_> = std::fs::read_dir(dir.path().join("files"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files_now, files_before, "{name}: files changed");
    }
    // The good bundle still imports.
    s.import_evaluation(&good).unwrap();
}

// ---------------------------------------------------------------- backup and restore

#[test]
fn store_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = populated(dir.path());
    let copy = dir.path().join("copy.db");
    s.backup_to(&copy).unwrap();
    assert!(s.backup_to(&copy).is_err(), "never overwrites");
    let snapshot = dump(s.connection());
    s.delete_evaluation(e).unwrap();
    let saved = s.restore_from(&copy).unwrap();
    assert!(saved.is_some());
    assert_eq!(dump(s.connection()), snapshot);
    assert_eq!(s.evaluation(e).unwrap().name, "Test evaluation");
    // A foreign file is refused and the database is unchanged.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "junk".repeat(100)).unwrap();
    assert!(s.restore_from(&junk).is_err());
    assert_eq!(dump(s.connection()), snapshot);
}

// ---------------------------------------------------------------- scoring from the store

#[test]
fn store_comparison_scores_from_stored_answers() {
    let mut s = Store::open_in_memory().unwrap();
    let e = s.create_evaluation(&new_eval(4)).unwrap();
    let a = add_vendor(&mut s, e, "A");
    let b = add_vendor(&mut s, e, "B");
    for q in ["Q0001", "Q0002", "Q0003", "Q0004"] {
        s.set_answer(a, &yes(q)).unwrap();
    }
    s.set_answer(b, &yes("Q0001")).unwrap();
    let c = s.comparison(e).unwrap();
    assert_eq!(c.vendors[0].vendor, "A");
    assert!(c.vendors[0].total > c.vendors[1].total);
    assert_eq!(c.context.as_of, date("2026-11-01"));
    // Same as scoring the exported answers file.
    let set = s.answer_set(e).unwrap();
    let q = s.questionnaire(e).unwrap();
    assert!(assay::answer_set::check("x", &set, &q).is_empty());
    let ctx = assay::scoring::ScoringContext {
        profiles: set.profiles.clone(),
        as_of: set.as_of.unwrap(),
        section_weights: None,
        min_coverage: assay::scoring::DEFAULT_MIN_COVERAGE,
    };
    let inputs: Vec<_> = set.vendors.iter().map(Into::into).collect();
    assert_eq!(assay::scoring::compare(&q, &ctx, &inputs), c.vendors);
}

/// An evaluation's own section weights (the "new evaluation" dialog's edited
/// weights): checked, saved, used by every score, kept by reopening, bundles and
/// duplicates, audited when changed, and removable.
#[test]
fn store_custom_section_weights_are_checked_saved_scored_and_carried() {
    use std::collections::BTreeMap;
    let weights = |pairs: &[(&str, f64)]| -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("assay.db");
    let mut s = Store::open(&path).unwrap();
    // 120 questions: sections S00, S01 (50 each), S02 (20), equal profile weights.
    let mut new = new_eval(120);
    new.section_weights = Some(weights(&[("S00", 60.0), ("S01", 40.0), ("S02", 0.0)]));
    let e = s.create_evaluation(&new).unwrap();
    let v = add_vendor(&mut s, e, "Acme");
    for i in 1..=50 {
        s.set_answer(v, &yes(&format!("Q{i:04}"))).unwrap();
    }
    let total = |s: &mut Store, e: i64| s.comparison(e).unwrap().vendors[0].total.as_f64();
    // Every S00 question is "yes": S00 scores 100 and carries 60 % of the total.
    assert!(
        (total(&mut s, e) - 60.0).abs() < 1e-6,
        "{}",
        total(&mut s, e)
    );
    assert!(!s.comparison(e).unwrap().what_if);
    // Kept on disk.
    drop(s);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        s.evaluation(e).unwrap().section_weights,
        new.section_weights
    );
    // Carried by a bundle and by a duplicate.
    let bundle = dir.path().join("w.assay.zip");
    s.export_evaluation(e, &bundle).unwrap();
    let other = tempfile::tempdir().unwrap();
    let mut t = Store::open(&other.path().join("assay.db")).unwrap();
    let imported = t.import_evaluation(&bundle).unwrap();
    assert_eq!(
        t.evaluation(imported).unwrap().section_weights,
        new.section_weights
    );
    assert!((total(&mut t, imported) - 60.0).abs() < 1e-6);
    let copy = s.duplicate_evaluation(e, "Copy").unwrap();
    assert_eq!(
        s.evaluation(copy).unwrap().section_weights,
        new.section_weights
    );
    // Refused, in plain words, with nothing written.
    let before = dump(s.connection());
    for (bad, says) in [
        (weights(&[("S99", 10.0)]), "no section \"S99\""),
        (weights(&[("S00", -1.0)]), "must be a number of 0 or more"),
        (
            weights(&[("S00", 0.0), ("S01", 0.0)]),
            "at least one section",
        ),
    ] {
        let err = s.set_section_weights(e, Some(&bad)).unwrap_err();
        assert!(
            err.is_user_error() && err.to_string().contains(says),
            "{err}"
        );
        let mut n = new_eval(120);
        n.section_weights = Some(bad);
        assert!(s
            .create_evaluation(&n)
            .unwrap_err()
            .to_string()
            .contains(says));
    }
    assert_eq!(dump(s.connection()), before);
    // Back to the profiles' weights: equal thirds, audited with the old weights.
    s.set_section_weights(e, None).unwrap();
    assert!(
        (total(&mut s, e) - 100.0 / 3.0).abs() < 1e-3,
        "{}",
        total(&mut s, e)
    );
    let last = s.audit_log(e).unwrap().pop().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("evaluation", "update")
    );
    assert_eq!(last.old.unwrap()["section_weights"]["S00"], 60.0);
    assert!(last.new.unwrap().get("section_weights").is_none());
}

#[test]
fn store_import_answers_is_all_or_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let e = s.create_evaluation(&new_eval(4)).unwrap();
    let mut set = s.answer_set(e).unwrap();
    set.vendors.push(assay::answers::VendorAnswers {
        name: "New".into(),
        product: None,
        answers: vec![yes("Q0001"), yes("Q0002")],
    });
    let mut bad = set.clone();
    bad.vendors[0].answers[1].value = Some(AnswerValue::Text("perhaps".into()));
    let before = dump(s.connection());
    assert!(matches!(
        s.import_answers(e, "bad.json", &bad),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(dump(s.connection()), before);
    let summary = s.import_answers(e, "good.json", &set).unwrap();
    assert_eq!((summary.vendors_created, summary.answers_written), (1, 2));
}

// ---------------------------------------------------------------- command line

/// `evaluation create --weight`, `evaluation weights`, and where the weights
/// show: `evaluation show`, `score --evaluation` and the exported PDF's summary.
#[test]
fn store_cli_section_weights_are_set_shown_scored_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let q = dir.path().join("q.json");
    std::fs::write(&q, synthetic_questionnaire_json(60)).unwrap();
    let q = q.to_str().unwrap();
    let args = ["evaluation", "create", "--name", "W", "--questionnaire", q];
    let (code, out, err) = assay_db(
        &db,
        &[&args[..], &["--weight", "S00=70", "--weight", "S01=30"]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let id = out.trim().to_string();
    let (_, out, _) = assay_db(&db, &["evaluation", "show", &id]);
    assert!(
        out.contains("section weights: set for this evaluation — S00 70, S01 30"),
        "{out}"
    );
    let (code, _, err) = assay_db(
        &db,
        &["vendor", "add", "--evaluation", &id, "--name", "Acme"],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = assay_db(&db, &["score", "--evaluation", &id]);
    assert!(
        out.contains("Section weights (replacing the profiles'): S00 70, S01 30"),
        "{out}"
    );
    // A section the questionnaire lacks: exit 1, named, nothing changed.
    let (code, _, err) = assay_db(&db, &["evaluation", "weights", &id, "--weight", "IRV=5"]);
    assert_eq!(code, 1);
    assert!(err.contains("no section \"IRV\""), "{err}");
    // The PDF says which weights it used.
    let text = exported_pdf_text(&db, &id, "en")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("set for this evaluation, replacing the profiles': S00 70, S01 30"),
        "{text}"
    );
    // Changing one section keeps the others; --reset goes back to the profile's.
    let (code, out, err) = assay_db(&db, &["evaluation", "weights", &id, "--weight", "S01=70"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("S00 70, S01 70"), "{out}");
    let (code, out, _) = assay_db(&db, &["evaluation", "weights", &id, "--reset"]);
    assert_eq!(code, 0);
    assert!(out.contains("section weights: the profiles'"), "{out}");
}

#[test]
fn store_cli_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let q = dir.path().join("q.json");
    std::fs::write(&q, synthetic_questionnaire_json(5)).unwrap();
    let (code, _, err) = assay_db(&db, &["evaluation", "list"]);
    assert_eq!(code, 1, "missing database: {err}");
    assert!(err.contains("no database"), "{err}");
    assert!(!db.exists(), "listing never creates a database");
    let (code, out, err) = assay_db(
        &db,
        &[
            "evaluation",
            "create",
            "--name",
            "E",
            "--questionnaire",
            q.to_str().unwrap(),
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = out.trim().to_string();
    assert_eq!(
        assay_db(
            &db,
            &[
                "vendor",
                "add",
                "--evaluation",
                &id,
                "--name",
                "Acme",
                "--deployment",
                "saas"
            ]
        )
        .0,
        0
    );
    assert_eq!(
        assay_db(
            &db,
            &["vendor", "add", "--evaluation", &id, "--name", "Acme"]
        )
        .0,
        1,
        "duplicate vendor"
    );
    // `answer set` for Q0001 of `vendor`, with `rest` of the arguments.
    let set_q1 = |vendor: &str, rest: &[&str]| {
        let args = ["answer", "set", "--evaluation", &id, "--vendor", vendor];
        assay_db(&db, &[&args[..], &["--question", "Q0001"], rest].concat())
    };
    let (code, _, err) = set_q1(
        "Acme",
        &[
            "--value",
            "yes",
            "--source",
            "public_documentation",
            "--reference",
            "https://example.com",
            "--source-date",
            "2026-01-02",
            "--confidence",
            "V",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(set_q1("Acme", &["--value", "maybe"]).0, 1);
    assert_eq!(set_q1("Nobody", &["--value", "yes"]).0, 1);
    assert_eq!(set_q1("Acme", &[]).0, 2, "usage");
    let (code, out, _) = assay_db(&db, &["score", "--evaluation", &id, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["vendors"][0]["vendor"], "Acme");
    assert_eq!(assay_db(&db, &["score", "--evaluation", "999"]).0, 1);
    assert_eq!(assay_db(&db, &["evaluation", "show", "999"]).0, 1);
    assert_eq!(assay_db(&db, &["evaluation", "show", &id]).0, 0);
    assert_eq!(assay_db(&db, &["evaluation", "frobnicate"]).0, 2);
    assert_eq!(assay_db(&db, &["evaluation", "--help"]).0, 0);
    let bundle = dir.path().join("b.zip");
    assert_eq!(
        assay_db(
            &db,
            &["evaluation", "export", &id, bundle.to_str().unwrap()]
        )
        .0,
        0
    );
    assert_eq!(
        assay_db(&db, &["evaluation", "import", bundle.to_str().unwrap()]).0,
        0
    );
    assert_eq!(
        assay_db(&db, &["evaluation", "import", q.to_str().unwrap()]).0,
        1
    );
    let copy = dir.path().join("copy.db");
    assert_eq!(assay_db(&db, &["backup", copy.to_str().unwrap()]).0, 0);
    assert_eq!(
        assay_db(&db, &["restore", "--yes", copy.to_str().unwrap()]).0,
        0
    );
    assert_eq!(
        assay_db(&db, &["restore", "--yes", q.to_str().unwrap()]).0,
        1
    );
    assert_eq!(assay_db(&db, &["evaluation", "delete", "--yes", &id]).0, 0);
    assert_eq!(assay_db(&db, &["evaluation", "delete", "--yes", &id]).0, 1);
    // A non-database given as --db is refused and left alone.
    let before = std::fs::read(&q).unwrap();
    let (code, _, err) = assay_db(&q, &["evaluation", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("not an SQLite database"), "{err}");
    assert_eq!(std::fs::read(&q).unwrap(), before);
}

// ---------------------------------------------------------------- crash test

/// A tiny PRNG (xorshift), seeded from the clock; the seed is printed on failure.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn store_crash_test_sigkill_never_loses_a_committed_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let (vendor, question) = {
        let mut s = Store::open(&db).unwrap();
        let e = s.create_evaluation(&new_eval(3)).unwrap();
        let v = add_vendor(&mut s, e, "V");
        s.set_answer(v, &yes("Q0001")).unwrap();
        (v, "Q0001")
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let started = std::time::Instant::now();
    let mut reported: Vec<u64> = Vec::new();
    let kills = 200;
    // Kills that landed while the writer was writing (it had committed at least
    // one write): the ones that test the store, not the process start-up.
    let mut mid_write = 0;
    for round in 0..kills {
        // The writer is this test binary itself, running `crash_writer_child`
        // (the shipped `assay` has no test-only subcommand).
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "store::crash_writer_child", "--ignored"])
            .args(["--nocapture", "--test-threads=1"])
            .env(CRASH_WRITER_DB, &db)
            .env(CRASH_WRITER_VENDOR, vendor.to_string())
            .env(CRASH_WRITER_QUESTION, question)
            .env(CRASH_WRITER_START, (round as u64 * 1_000_000).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| {
                    l.strip_prefix(COMMITTED)
                        .and_then(|n| n.trim().parse::<u64>().ok())
                })
                .collect::<Vec<u64>>()
        });
        // Random moments: sometimes during start-up, mostly mid-write.
        std::thread::sleep(std::time::Duration::from_micros(
            5_000 + rng.next() % 90_000,
        ));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let written = reader.join().unwrap();
        if !written.is_empty() {
            mid_write += 1;
        }
        reported.extend(written);

        let s = Store::open(&db).unwrap_or_else(|e| panic!("seed {seed}, round {round}: {e}"));
        assert_eq!(
            s.integrity_check().unwrap(),
            "ok",
            "seed {seed}, round {round}"
        );
        if round % 20 == 19 || round == kills - 1 {
            let present = committed_writes(&s);
            for id in &reported {
                assert!(
                    present.contains(id),
                    "seed {seed}: reported write {id} is missing"
                );
            }
        }
    }
    assert!(
        reported.len() > 200,
        "the writer made progress: {}",
        reported.len()
    );
    // The test's strength: most kills must hit the writing loop, not start-up.
    assert!(
        mid_write >= kills / 2,
        "only {mid_write} of {kills} kills landed while writing"
    );
    eprintln!(
        "crash test: {kills} kills ({mid_write} mid-write), {} committed writes verified, {:.1} s",
        reported.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Where the crash writer writes (set by the crash test for its child).
const CRASH_WRITER_DB: &str = "ASSAY_TEST_CRASH_WRITER_DB";
const CRASH_WRITER_VENDOR: &str = "ASSAY_TEST_CRASH_WRITER_VENDOR";
const CRASH_WRITER_QUESTION: &str = "ASSAY_TEST_CRASH_WRITER_QUESTION";
/// The number of its first write (each round starts a million further).
const CRASH_WRITER_START: &str = "ASSAY_TEST_CRASH_WRITER_START";
/// What the crash writer prints before the number of a write that has committed.
const COMMITTED: &str = "crash-writer committed write ";

/// The crash test's writer, run only as its child process (ignored otherwise,
/// and a no-op without the variables): writes one answer's comment in a loop
/// through the public store API, printing each write after its commit returned.
#[test]
#[ignore = "the crash test's child process; runs only when that test starts it"]
fn crash_writer_child() {
    let Some(db) = std::env::var_os(CRASH_WRITER_DB) else {
        eprintln!("{CRASH_WRITER_DB} is not set: nothing to do (run by the crash test only)");
        return;
    };
    let var = |name: &str| std::env::var(name).unwrap();
    let vendor: i64 = var(CRASH_WRITER_VENDOR).parse().unwrap();
    let question = var(CRASH_WRITER_QUESTION);
    let start: u64 = var(CRASH_WRITER_START).parse().unwrap();
    let mut store = assay::app::open_store(Path::new(&db), true).unwrap();
    let mut answer = store.answer(vendor, &question).unwrap().unwrap().answer;
    let stdout = std::io::stdout();
    for i in start.. {
        answer.comment = Some(format!("write {i}"));
        store.set_answer(vendor, &answer).unwrap();
        let mut out = stdout.lock();
        // Printed only after the commit returned.
        if writeln!(out, "{COMMITTED}{i}")
            .and_then(|_| out.flush())
            .is_err()
        {
            break;
        }
    }
}

fn committed_writes(s: &Store) -> std::collections::HashSet<u64> {
    let mut stmt = s
        .connection()
        .prepare("SELECT json_extract(new, '$.comment') FROM audit_log WHERE entity = 'answer'")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .filter_map(|r| r.unwrap())
        .filter_map(|c| c.strip_prefix("write ").and_then(|n| n.parse().ok()))
        .collect()
}

// ---------------------------------------------------------------- demo evaluation

#[test]
fn store_demo_is_sourced_dated_valid_and_idempotent() {
    let demo = store::demo::demo_file().unwrap();
    let q = assay::catalog::bundled()
        .into_iter()
        .filter_map(|l| l.into_result().ok())
        .find(|q| q.id == demo.questionnaire.id && q.version == demo.questionnaire.version)
        .expect("the demo names a bundled questionnaire");
    let problems = assay::answer_set::check("demo.json", &demo.answer_set(), &q);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!((6..=8).contains(&demo.vendors.len()));

    let mut s = Store::open_in_memory().unwrap();
    let id = store::demo::ensure_demo(&mut s).unwrap();
    assert_eq!(store::demo::ensure_demo(&mut s).unwrap(), id, "idempotent");
    assert_eq!(s.list_evaluations().unwrap().len(), 1);
    let e = s.evaluation(id).unwrap();
    assert!(e.name.contains("Illustrative sample"));
    assert!(e.notes.contains("not an assessment"));
    let answers = s.evaluation_answers(id).unwrap();
    // Every answer of the file is stored, and most vendors show at least one sourced
    // fact (a vendor with none is allowed: no primary source, nothing is guessed).
    let in_file: usize = demo.vendors.iter().map(|v| v.answers.len()).sum();
    assert_eq!(answers.len(), in_file);
    let vendors_answered = demo
        .vendors
        .iter()
        .filter(|v| !v.answers.is_empty())
        .count();
    assert!(
        vendors_answered * 4 >= demo.vendors.len() * 3,
        "{vendors_answered} vendors answered"
    );
    // A secondary source never decides a knockout: questions that carry one (for
    // any profile) are answered from the vendor's or a standards body's own text.
    let gated: std::collections::BTreeSet<&str> = q
        .questions()
        .filter(|(_, question)| !question.knockouts.is_empty())
        .map(|(_, question)| question.id.as_str())
        .collect();
    for a in &answers {
        let p = a
            .answer
            .provenance
            .as_ref()
            .unwrap_or_else(|| panic!("{} unsourced", a.answer.question));
        assert_eq!(
            p.source,
            SourceKind::PublicDocumentation,
            "{}",
            a.answer.question
        );
        assert!(
            p.reference.as_deref().is_some_and(|r| !r.trim().is_empty()),
            "{}",
            a.answer.question
        );
        assert!(
            p.as_of.is_some_and(|d| d <= demo.evaluation.as_of),
            "{} undated, or dated after the evaluation",
            a.answer.question
        );
        assert!(
            matches!(p.confidence.as_deref(), Some("V" | "S")),
            "{}: only V or S facts",
            a.answer.question
        );
        assert!(
            !(p.is_secondary() && gated.contains(a.answer.question.as_str())),
            "{}: a knockout question answered from a secondary source",
            a.answer.question
        );
        assert!(
            a.answer.comment.is_some(),
            "{} has no explanation",
            a.answer.question
        );
    }
    // Scores are computed, never stored; most questions stay unknown.
    let c = s.comparison(id).unwrap();
    assert_eq!(c.vendors.len(), demo.vendors.len());
    let total: usize = q.questions().count() * demo.vendors.len();
    assert!(answers.len() * 4 < total, "the demo must not guess");
}

/// The demo's answers are documented public facts: no write path of the store
/// changes it (each refusal says to duplicate it), a bundle of it is read-only
/// again when imported, and a duplicate is an ordinary, editable evaluation.
#[test]
fn the_demo_is_read_only_through_every_write_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut s = Store::open(&path).unwrap();
    let id = store::demo::ensure_demo(&mut s).unwrap();
    assert!(s.evaluation(id).unwrap().read_only);
    let slack = s.vendor_by_name(id, "Slack").unwrap();
    let stored = s.answers(slack.id).unwrap();
    let first = stored[0].answer.clone();
    let file = dir.path().join("c.pdf");
    std::fs::write(&file, b"%PDF-1.4").unwrap();
    let before = dump(s.connection());
    let mut changed = first.clone();
    changed.comment = Some("edited".into());
    let mut with_evidence = first.clone();
    with_evidence.evidence.push(Evidence {
        kind: EvidenceKind::Url,
        identifier: None,
        issuer: None,
        scope: None,
        issued: None,
        expires: None,
        url: Some("https://example.com".into()),
    });
    let set = assay::answers::AnswerSet {
        vendors: vec![assay::answers::VendorAnswers {
            name: "Acme".into(),
            product: None,
            answers: vec![],
        }],
        ..s.answer_set(id).unwrap()
    };
    let refusals: Vec<(&str, StoreError)> = vec![
        ("set answer", s.set_answer(slack.id, &changed).unwrap_err()),
        (
            "add evidence",
            s.set_answer(slack.id, &with_evidence).unwrap_err(),
        ),
        (
            "clear answer",
            s.clear_answer(slack.id, &first.question).unwrap_err(),
        ),
        (
            "attach file",
            s.attach_file(slack.id, &first.question, 0, &file)
                .unwrap_err(),
        ),
        (
            "add vendor",
            s.add_vendor(
                id,
                &NewVendor {
                    name: "Acme".into(),
                    ..NewVendor::default()
                },
            )
            .unwrap_err(),
        ),
        (
            "edit vendor",
            s.update_vendor(
                slack.id,
                &NewVendor {
                    name: "Slack 2".into(),
                    ..NewVendor::default()
                },
            )
            .unwrap_err(),
        ),
        ("remove vendor", s.delete_vendor(slack.id).unwrap_err()),
        (
            "weights",
            s.set_section_weights(id, Some(&[("IRV".to_string(), 50.0)].into()))
                .unwrap_err(),
        ),
        (
            "reset weights",
            s.set_section_weights(id, None).unwrap_err(),
        ),
        (
            "import answers",
            s.import_answers(id, "a.json", &set).unwrap_err(),
        ),
    ];
    for (what, e) in refusals {
        assert!(matches!(e, StoreError::ReadOnly { .. }), "{what}: {e}");
        assert!(
            e.to_string().contains("duplicate it to edit"),
            "{what}: {e}"
        );
        assert!(
            e.text().zh_cn.contains("只读"),
            "{what}: {}",
            e.text().zh_cn
        );
    }
    assert_eq!(dump(s.connection()), before, "nothing of the demo changed");

    // A bundle of the demo imports read-only; a duplicate is editable.
    let bundle = dir.path().join("demo.assay");
    s.export_evaluation(id, &bundle).unwrap();
    let imported = s.import_evaluation(&bundle).unwrap();
    assert!(s.evaluation(imported).unwrap().read_only);
    let copy = s.duplicate_evaluation(id, "Copy").unwrap();
    assert!(!s.evaluation(copy).unwrap().read_only);
    let slack_copy = s.vendor_by_name(copy, "Slack").unwrap();
    s.set_answer(slack_copy.id, &changed).unwrap();
    s.delete_vendor(slack_copy.id).unwrap();
    // Deleting the demo stays possible.
    s.delete_evaluation(id).unwrap();
}

/// A database made by an earlier Assay holds an earlier demo edition, with facts
/// an audit withdrew: opening it again replaces that untouched read-only sample by
/// the current one, and leaves alone an editable evaluation of the same name (the
/// user's). The deletion is in the audit trail.
#[test]
fn an_earlier_demo_edition_is_replaced_and_the_users_copy_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("assay.db");
    let old_name = store::demo::SUPERSEDED_DEMO_NAMES[0];
    let (old_demo, users) = {
        let mut s = Store::open(&path).unwrap();
        let old_demo = store::demo::ensure_demo(&mut s).unwrap();
        let users = s.duplicate_evaluation(old_demo, "mine").unwrap();
        (old_demo, users)
    };
    // As an earlier build left it: the read-only demo and an editable evaluation
    // both under the earlier edition's name.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE evaluation SET name = ?1", [old_name])
        .unwrap();
    drop(conn);

    let mut s = Store::open(&path).unwrap();
    let current = store::demo::ensure_demo(&mut s).unwrap();
    assert_ne!(current, old_demo);
    let left: Vec<(i64, String, bool)> = s
        .list_evaluations()
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.name, e.read_only))
        .collect();
    let demo_name = store::demo::demo_file().unwrap().evaluation.name;
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left.contains(&(users, old_name.to_string(), false)),
        "{left:?}"
    );
    assert!(left.contains(&(current, demo_name, true)), "{left:?}");
    assert_eq!(
        store::demo::ensure_demo(&mut s).unwrap(),
        current,
        "idempotent"
    );
    let deletions: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE evaluation_id = ?1 \
             AND entity = 'evaluation' AND action = 'delete'",
            [old_demo],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(deletions, 1, "the deletion is not audited");
}

// ---------------------------------------------------------------- fictional example

/// The fictional example is what a finished evaluation looks like: every vendor
/// invented and marked so, every question addressed with provenance, the evidence
/// invented too (reserved .example URLs, EXAMPLE- identifiers), and the gaps it
/// exists to show are really there and scored as the buyer would expect.
#[test]
fn the_fictional_example_is_complete_invented_and_shows_each_gap() {
    use assay::scoring::{Eligibility, KnockoutOutcome, RequestReason, Verdict};
    use assay::store::demo::Sample;
    let example = store::demo::sample_file(Sample::Fictional).unwrap();
    assert_eq!(example.evaluation.name, Sample::Fictional.name());
    assert_eq!(
        store::demo::demo_file().unwrap().evaluation.name,
        Sample::PublicSources.name()
    );
    let q = assay::catalog::bundled()
        .into_iter()
        .filter_map(|l| l.into_result().ok())
        .find(|q| q.id == example.questionnaire.id && q.version == example.questionnaire.version)
        .expect("the example names a bundled questionnaire");
    let problems = assay::answer_set::check("example.json", &example.answer_set(), &q);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!((3..=4).contains(&example.vendors.len()));
    assert!(example.evaluation.notes.starts_with("FICTIONAL"));
    for v in &example.vendors {
        assert!(
            v.name.contains("(fictional · 虚构)"),
            "{}: not marked fictional",
            v.name
        );
        // Complete: every question addressed (a value, N/A, declined, or asked and
        // awaited — at most two), each with where it came from.
        let ids: std::collections::BTreeSet<&str> =
            v.answers.iter().map(|a| a.question.as_str()).collect();
        assert_eq!(ids.len(), q.questions().count(), "{}", v.name);
        let awaiting = v
            .answers
            .iter()
            .filter(|a| a.state == Some(assay::answers::AnswerState::AwaitingVendor))
            .count();
        assert!(awaiting <= 2, "{}: {awaiting} awaiting", v.name);
        for a in &v.answers {
            if a.state != Some(assay::answers::AnswerState::AwaitingVendor) {
                let p = a
                    .provenance
                    .as_ref()
                    .unwrap_or_else(|| panic!("{} {}: no provenance", v.name, a.question));
                assert!(p.as_of.is_some_and(|d| d <= example.evaluation.as_of));
            }
            for e in &a.evidence {
                if let Some(url) = &e.url {
                    let host = url
                        .trim_start_matches("https://")
                        .split('/')
                        .next()
                        .unwrap();
                    assert!(
                        host.ends_with(".example"),
                        "{}: {url} is not invented",
                        a.question
                    );
                }
                if let Some(id) = &e.identifier {
                    assert!(
                        id.starts_with("EXAMPLE-") || e.kind == EvidenceKind::ContractClause,
                        "{}: identifier {id} could be a real one",
                        a.question
                    );
                }
            }
        }
    }

    let mut s = Store::open_in_memory().unwrap();
    let id = store::demo::ensure_example(&mut s).unwrap();
    assert_eq!(
        store::demo::ensure_example(&mut s).unwrap(),
        id,
        "idempotent"
    );
    let e = s.evaluation(id).unwrap();
    assert!(e.read_only);
    assert_eq!(store::demo::sample_of(&e), Some(Sample::Fictional));
    let summary = assay::app::EvaluationSummary::from(&e);
    assert!(summary.fictional && summary.illustrative);

    let c = s.comparison(id).unwrap();
    let vendor = |prefix: &str| {
        c.vendors
            .iter()
            .find(|v| v.vendor.starts_with(prefix))
            .unwrap_or_else(|| panic!("no vendor {prefix}"))
    };
    let requests = |prefix: &str| {
        let v = vendor(prefix);
        assay::scoring::requests(&c.questionnaire, v, c.answers_of(&v.vendor))
    };
    // Every vendor is known well enough to be ranked: a finished evaluation.
    for v in &c.vendors {
        assert!(v.coverage > 0.95, "{}: coverage {}", v.vendor, v.coverage);
        assert!(v.is_ranked(), "{} is not ranked", v.vendor);
    }
    // The expired ISO/IEC 27001 certificate stops counting: asked for again.
    let expired = requests("Skerrymoor");
    assert!(
        expired
            .iter()
            .any(|r| r.question == "CRT-01" && r.reason == RequestReason::EvidenceExpired),
        "{expired:#?}"
    );
    // The 96-hour notification clause fails the 72-hour must-have: not eligible.
    let tidewhistle = vendor("Tidewhistle");
    assert_eq!(tidewhistle.eligibility, Eligibility::NotEligible);
    assert_eq!(tidewhistle.decision.verdict, Verdict::DoesNotMeet);
    let failed: Vec<&str> = tidewhistle
        .knockouts
        .iter()
        .filter(|k| matches!(k.outcome, KnockoutOutcome::Failed { .. }))
        .map(|k| k.question.as_str())
        .collect();
    assert_eq!(failed, ["IRV-01"], "the clause is its only failure");
    // On the request list as what it is: a failed must-have to negotiate (with
    // what would pass), not a "secondary source" to confirm.
    let irv01 = requests("Tidewhistle")
        .into_iter()
        .find(|r| r.question == "IRV-01")
        .expect("the failed must-have is on the request list");
    assert_eq!(irv01.reason, RequestReason::FailsKnockout);
    assert!(irv01.knockout && irv01.to_pass.is_some());
    // Declined questions score 0 (an answer, not an unknown), and the verdict
    // names them as a condition.
    let jadepine = vendor("Jadepine");
    for declined in ["GOV-16", "DAT-12"] {
        let qs = jadepine.question(declined).unwrap();
        assert_eq!(qs.score, 0.0, "{declined}");
        assert!(qs.status.counts_in_score(), "{declined} counts as known");
    }
    assert_eq!(jadepine.decision.verdict, Verdict::MeetsWithConditions);
    assert!(
        jadepine
            .decision
            .reasons
            .iter()
            .any(|r| r.en.contains("declined to answer DAT-12, GOV-16")
                && r.zh_cn.contains("拒绝回答")),
        "{:#?}",
        jadepine.decision.reasons
    );
    // "No SOC 2 report" earns nothing, so there is nothing for evidence to back:
    // not a claim without evidence, and not on the request list.
    let no_report = jadepine.question("CRT-05").unwrap();
    assert_eq!(no_report.raw_score, 0.0);
    assert!(!no_report.flags.contains(&assay::scoring::Flag::Claimed));
    assert!(!requests("Jadepine").iter().any(|r| r.question == "CRT-05"));
    // Awaited answers are on the request list.
    assert!(requests("Pebbleglow")
        .iter()
        .any(|r| r.reason == RequestReason::Unanswered && r.question == "KEY-05"));
    // Somebody can be chosen: at least one vendor meets the must-haves.
    assert!(c.vendors.iter().any(|v| matches!(
        v.decision.verdict,
        Verdict::Meets | Verdict::MeetsWithConditions
    )));
}

/// Every page of the fictional example's report says it is fictional, in the
/// report's language; a real evaluation's report carries no such mark.
#[test]
fn every_page_of_the_fictional_examples_report_says_it_is_fictional() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let (code, out, err) = assay_db(&db, &["example"]);
    assert_eq!(code, 0, "{err}");
    let id = out.trim().to_string();
    for (lang, mark) in [
        ("en", "FICTIONAL EXAMPLE"),
        ("zh-CN", "虚构示例——本报告中的所有供应商"),
    ] {
        let text = exported_pdf_text(&db, &id, lang);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() > 5, "{lang}: {} pages", pages.len());
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.contains(mark),
                "{lang} page {} has no mark:\n{page}",
                i + 1
            );
        }
    }
    // An ordinary evaluation: no mark.
    let mut s = Store::open(&db).unwrap();
    let copy = s
        .duplicate_evaluation(id.parse().unwrap(), "Tender 2027")
        .unwrap();
    drop(s);
    assert!(!exported_pdf_text(&db, &copy.to_string(), "en").contains("FICTIONAL EXAMPLE"));
}

/// `assay export` of a stored evaluation, read back by poppler's pdftotext
/// (pages separated by form feeds).
fn exported_pdf_text(db: &Path, evaluation: &str, lang: &str) -> String {
    let pdf = db.with_file_name(format!("export-{evaluation}-{lang}.pdf"));
    let (code, _, err) = assay_db(
        db,
        &[
            "export",
            "--evaluation",
            evaluation,
            "--lang",
            lang,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("poppler-utils (scripts/setup installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `assay evaluation edit` (the app's "Edit details" calls the same function):
/// every detail can change after creation, audited old → new; a refused edit
/// says why and changes nothing; the samples and their names are off limits.
#[test]
fn evaluation_details_are_edited_audited_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("edit.db");
    let (code, out, err) = assay_db(
        &db,
        &[
            "evaluation",
            "create",
            "--name",
            "Tender",
            "--profile",
            "GLOBAL",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = out.trim().to_string();
    let listed = |db: &Path| assay_db(db, &["evaluation", "list", "--json"]).1;

    let (code, _, err) = assay_db(&db, &["evaluation", "edit", &id]);
    assert_ne!(code, 0);
    assert!(err.contains("Nothing to change"), "{err}");

    let before = listed(&db);
    for (args, says) in [
        (vec!["--profile", "NOPE"], "NOPE"),
        (vec!["--as-of", "2027-13-01"], "is not a date"),
        (
            vec!["--name", assay::samples::Sample::Fictional.name()],
            "sample shipped with Assay",
        ),
        (vec!["--name", "  "], "name is empty"),
    ] {
        let mut all = vec!["evaluation", "edit", id.as_str()];
        all.extend(args);
        let (code, _, err) = assay_db(&db, &all);
        assert_ne!(code, 0, "{all:?} was accepted");
        assert!(err.contains(says), "{all:?}: {err}");
    }
    assert_eq!(listed(&db), before, "a refused edit changed something");

    let (code, out, err) = assay_db(
        &db,
        &[
            "evaluation",
            "edit",
            &id,
            "--name",
            "Tender 2027",
            "--evaluator",
            "Li Wen",
            "--evaluator",
            "Sam Okafor",
            "--as-of",
            "2027-01-15",
            "--profile",
            "CN-REG",
            "--profile",
            "GLOBAL",
            "--notes",
            "Shortlist of three",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Tender 2027") && out.contains("Li Wen, Sam Okafor"),
        "{out}"
    );
    let (_, shown, _) = assay_db(&db, &["evaluation", "show", &id, "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["evaluation"]["as_of"], "2027-01-15");
    assert_eq!(
        shown["evaluation"]["profiles"],
        serde_json::json!(["CN-REG", "GLOBAL"])
    );
    assert_eq!(shown["evaluation"]["notes"], "Shortlist of three");

    // Audited: who, when, old → new.
    let (_, audit, _) = assay_db(&db, &["evaluation", "audit", &id, "--json"]);
    let audit: Vec<serde_json::Value> = serde_json::from_str(&audit).unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last["action"], "update");
    assert_eq!(last["old"]["name"], "Tender");
    assert_eq!(last["new"]["name"], "Tender 2027");
    assert_eq!(
        last["new"]["evaluators"],
        serde_json::json!(["Li Wen", "Sam Okafor"])
    );

    // --no-evaluators clears the list; the PDF prints who evaluates.
    assert!(exported_pdf_text(&db, &id, "en").contains("Li Wen"));
    let (code, out, _) = assay_db(&db, &["evaluation", "edit", &id, "--no-evaluators"]);
    assert_eq!(code, 0);
    assert!(out.contains("evaluators: —"), "{out}");

    // A sample is read-only.
    let (_, example, _) = assay_db(&db, &["example"]);
    let (code, _, err) = assay_db(
        &db,
        &["evaluation", "edit", example.trim(), "--name", "Mine"],
    );
    assert_ne!(code, 0);
    assert!(err.contains("read-only"), "{err}");
}

/// An editable evaluation that carries a sample's name (a crafted bundle could
/// make one) is not taken for the sample: not flagged, not opened first, and the
/// real sample is still created beside it.
#[test]
fn an_editable_evaluation_with_a_samples_name_is_not_the_sample() {
    use assay::store::demo::Sample;
    let mut s = Store::open_in_memory().unwrap();
    let forged = s.create_evaluation(&new_eval(3)).unwrap();
    s.connection()
        .execute(
            "UPDATE evaluation SET name = ?1 WHERE id = ?2",
            rusqlite::params![Sample::Fictional.name(), forged],
        )
        .unwrap();
    let e = s.evaluation(forged).unwrap();
    assert_eq!(store::demo::sample_of(&e), None);
    let summary = assay::app::EvaluationSummary::from(&e);
    assert!(!summary.fictional && !summary.illustrative);
    let real = store::demo::ensure_example(&mut s).unwrap();
    assert_ne!(
        real, forged,
        "the forged evaluation stood in for the sample"
    );
    assert_eq!(
        store::demo::sample_of(&s.evaluation(real).unwrap()),
        Some(Sample::Fictional)
    );
}

// ---------------------------------------------------------------- cached comparison

/// The comparison the tabs ask for is kept per evaluation (issue 15), and a
/// change — through this connection, or another one on the same file, or a
/// restore — is seen at once: the cached result is never stale.
#[test]
fn the_kept_comparison_follows_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e, v) = setup(dir.path());
    let totals = |s: &mut Store| -> Vec<(String, i64, usize)> {
        s.comparison(e)
            .unwrap()
            .vendors
            .iter()
            .map(|x| (x.vendor.clone(), x.total.0, x.open_questions))
            .collect()
    };
    let before = totals(&mut s);
    assert_eq!(totals(&mut s), before, "asked twice, the same");
    // A change through this connection.
    s.set_answer(v, &yes("Q0001")).unwrap();
    let answered = totals(&mut s);
    assert_ne!(answered, before);
    assert_eq!(answered, {
        let mut fresh = Store::open(&dir.path().join("assay.db")).unwrap();
        totals(&mut fresh)
    });
    // A change through another connection to the same file.
    let mut other = Store::open(&dir.path().join("assay.db")).unwrap();
    add_vendor(&mut other, e, "Beta");
    let with_beta = totals(&mut s);
    assert_eq!(with_beta.len(), 2, "{with_beta:?}");
    // A restore of the earlier content.
    let backup = dir.path().join("before-beta.db");
    other.clear_answer(v, "Q0001").unwrap();
    other
        .delete_vendor(
            other
                .vendors(e)
                .unwrap()
                .iter()
                .find(|x| x.name == "Beta")
                .unwrap()
                .id,
        )
        .unwrap();
    other.write_backup(&backup, false).unwrap();
    drop(other);
    assert_eq!(totals(&mut s), before);
    s.set_answer(v, &yes("Q0001")).unwrap();
    assert_eq!(totals(&mut s), answered);
    s.restore_from(&backup).unwrap();
    assert_eq!(totals(&mut s), before);
}
