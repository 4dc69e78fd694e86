//! The command line honours every flag it accepts or refuses it (exit 2, the flag
//! named); destructive commands ask first and a "no" changes nothing; the
//! public-sources demo is read-only everywhere and "duplicate" gives an editable copy.

use crate::support::*;
use std::path::Path;

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn db_dump(db: &Path) -> Vec<String> {
    dump(&rusqlite::Connection::open(db).unwrap())
}

/// A database with the demo (id 1 in a new one) and an editable evaluation "E"
/// (id 2 in a new one) with vendor V answering IRV-01 = 24; returns the id of E.
fn demo_and_own(db: &Path) -> String {
    assert_eq!(assay_db(db, &["demo"]).0, 0);
    let (code, id, err) = assay_db(db, &["evaluation", "create", "--name", "E"]);
    assert_eq!(code, 0, "{err}");
    let id = id.trim().to_string();
    let (code, _, err) = assay_db(db, &["vendor", "add", "--evaluation", &id, "--name", "V"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = assay_db(
        db,
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
    id
}

#[test]
fn score_of_a_stored_evaluation_honours_profile_as_of_and_weights_without_saving() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    demo_and_own(&db);
    let before = db_dump(&db);
    let score = |extra: &[&str]| {
        let mut args = vec!["score", "--evaluation", "1", "--json"];
        args.extend_from_slice(extra);
        let (code, out, err) = assay_db(&db, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        json(&out)
    };
    let stored = score(&[]);
    assert_eq!(stored["what_if"], false);
    assert_eq!(stored["profiles"], serde_json::json!(["GLOBAL"]));
    assert_eq!(stored["as_of"], "2026-11-29");

    let later = score(&["--as-of", "2040-01-01"]);
    assert_eq!(later["as_of"], "2040-01-01");
    assert_eq!(later["what_if"], true);

    let cn = score(&["--profile", "CN-REG"]);
    assert_eq!(cn["profiles"], serde_json::json!(["CN-REG"]));

    let weighted = score(&["--weight", "IRV=1000"]);
    let share = |v: &serde_json::Value, s: &str| v["section_shares"][s].as_f64().unwrap();
    assert!(
        share(&weighted, "IRV") > 0.8 && share(&stored, "IRV") < 0.5,
        "IRV share {} → {}",
        share(&stored, "IRV"),
        share(&weighted, "IRV")
    );
    assert_ne!(
        weighted["vendors"], stored["vendors"],
        "what-if weights change the scores"
    );
    // The text report says it is a what-if.
    let (_, text, _) = assay_db(
        &db,
        &["score", "--evaluation", "1", "--as-of", "2040-01-01"],
    );
    assert_contains(&text, "what-if");

    // Unknown profile or section: exit 1, named; nothing was saved by any of it.
    let (code, _, err) = assay_db(&db, &["score", "--evaluation", "1", "--profile", "NOPE"]);
    assert_eq!(code, 1);
    assert_contains(&err, "--profile");
    assert_contains(&err, "NOPE");
    let (code, _, err) = assay_db(&db, &["score", "--evaluation", "1", "--weight", "XYZ=5"]);
    assert_eq!(code, 1);
    assert_contains(&err, "--weight");
    assert_contains(&err, "XYZ");
    assert_eq!(db_dump(&db), before);
}

/// Every flag a subcommand accepts but could not use is refused with exit 2 and
/// its name: one row per subcommand that has such a combination.
#[test]
fn flags_a_command_cannot_use_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    demo_and_own(&db);
    let before = db_dump(&db);
    let d = db.to_str().unwrap();
    let pdf = dir.path().join("r.pdf");
    let p = pdf.to_str().unwrap();
    let answers = "tests/integration/fixtures/mini-answers.json";
    let cases: &[(&[&str], &str)] = &[
        (
            &["score", "--evaluation", "1", "--questionnaire", "q.json"],
            "--questionnaire",
        ),
        (
            &["score", "--evaluation", "1", "--json", "--lang", "zh-CN"],
            "--lang",
        ),
        (&["score", answers, "--json", "--lang", "zh-CN"], "--lang"),
        (
            &[
                "export",
                "--evaluation",
                "1",
                "--out",
                p,
                "--profile",
                "CN-REG",
            ],
            "--profile",
        ),
        (
            &[
                "export",
                "--evaluation",
                "1",
                "--out",
                p,
                "--as-of",
                "2040-01-01",
            ],
            "--as-of",
        ),
        (
            &["export", "--evaluation", "1", "--out", p, "--name", "N"],
            "--name",
        ),
        (
            &[
                "export",
                "--evaluation",
                "1",
                "--out",
                p,
                "--evaluator",
                "Li",
            ],
            "--evaluator",
        ),
        (
            &[
                "export",
                "--evaluation",
                "1",
                "--out",
                p,
                "--questionnaire",
                "q.json",
            ],
            "--questionnaire",
        ),
        (
            &[
                "export",
                "--evaluation",
                "1",
                "--answers",
                answers,
                "--out",
                p,
            ],
            "--answers",
        ),
        (&["questionnaire", "list", "--db", d], "--db"),
        (
            &["questionnaire", "show", "assay-im-security", "--db", d],
            "--db",
        ),
        (&["questionnaire", "schema", "--db", d], "--db"),
        (&["score", answers, "--db", d], "--db"),
        (
            &["export", "--answers", answers, "--out", p, "--db", d],
            "--db",
        ),
        (
            &["evaluation", "weights", "2", "--weight", "IRV=5", "--reset"],
            "--reset",
        ),
        (
            &[
                "answer",
                "set",
                "--evaluation",
                "2",
                "--vendor",
                "V",
                "--question",
                "IRV-01",
                "--value",
                "4",
                "--na",
                "x",
            ],
            "--na",
        ),
        (
            &[
                "answer",
                "set",
                "--evaluation",
                "2",
                "--vendor",
                "V",
                "--question",
                "IRV-01",
                "--value",
                "4",
                "--reference",
                "DPA",
            ],
            "--reference",
        ),
    ];
    for (args, flag) in cases {
        let out = assay(args);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} must be refused: {err}"
        );
        assert!(
            err.contains(flag),
            "{args:?}: the message names {flag}: {err}"
        );
    }
    assert!(!pdf.exists(), "no report was written");
    assert_eq!(db_dump(&db), before);
}

#[test]
fn destructive_commands_ask_and_a_no_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    demo_and_own(&db);
    let before = db_dump(&db);
    // Delete: no answer (a script), "n", or an empty line keep everything.
    for input in ["", "n\n", "\n", "nope\n"] {
        let (code, _, err) = assay_db_input(&db, &["evaluation", "delete", "2"], input);
        assert_eq!(code, 1, "{input:?}: {err}");
        assert_contains(
            &err,
            "Delete evaluation 2 \"E\" with its 1 vendor(s) and 1 answer(s)?",
        );
        assert_contains(&err, "nothing was changed");
        assert_eq!(db_dump(&db), before, "{input:?} deleted something");
    }
    // "y" deletes; --yes deletes without asking.
    let (code, out, err) = assay_db_input(&db, &["evaluation", "delete", "2"], "y\n");
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "deleted evaluation 2");
    let (code, _, _) = assay_db(&db, &["evaluation", "show", "2"]);
    assert_eq!(code, 1, "evaluation 2 is gone");
    let (code, _, err) = assay_db(&db, &["evaluation", "delete", "--yes", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("[y/N]"), "--yes does not ask: {err}");

    // Restore over an existing database asks too.
    assert_eq!(demo_and_own(&db), "4");
    let copy = dir.path().join("copy.db");
    assert_eq!(assay_db(&db, &["backup", copy.to_str().unwrap()]).0, 0);
    let (code, _, err) = assay_db(&db, &["vendor", "add", "--evaluation", "4", "--name", "W"]);
    assert_eq!(code, 0, "{err}");
    let with_w = db_dump(&db);
    let (code, _, err) = assay_db_input(&db, &["restore", copy.to_str().unwrap()], "n\n");
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "Replace everything in");
    assert_eq!(db_dump(&db), with_w, "a declined restore changes nothing");
    let (code, _, err) = assay_db_input(&db, &["restore", copy.to_str().unwrap()], "yes\n");
    assert_eq!(code, 0, "{err}");
    let (_, vendors, _) = assay_db(&db, &["vendor", "list", "--evaluation", "4"]);
    assert!(!vendors.contains(" W"), "restored without W: {vendors}");

    // An answers file that replaces stored answers lists them and asks.
    let file = dir.path().join("answers.json");
    std::fs::write(
        &file,
        format!(
            r#"{{"questionnaire": {{"id": "assay-im-security", "version": "{}"}},
            "vendors": [{{"name": "V", "answers": [{{"question": "IRV-01", "value": 72}},
                                                  {{"question": "IRV-02", "value": 24}}]}}]}}"#,
            crate::support::shipped().version
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let before = db_dump(&db);
    let (code, out, err) = assay_db(&db, &["answers", "import", f, "--evaluation", "4"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_contains(&out, "replaces 1 stored answer(s)");
    assert_contains(&out, "V: IRV-01");
    assert_eq!(db_dump(&db), before);
    let (code, out, err) =
        assay_db_input(&db, &["answers", "import", f, "--evaluation", "4"], "y\n");
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "imported 2 answer(s)");
}

#[test]
fn the_demo_is_read_only_and_a_duplicate_is_editable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    demo_and_own(&db);
    let (_, list, _) = assay_db(&db, &["evaluation", "show", "1", "--json"]);
    assert_eq!(json(&list)["evaluation"]["read_only"], true);
    let cert = dir.path().join("c.pdf");
    std::fs::write(&cert, b"%PDF-1.4 cert").unwrap();
    let answers = dir.path().join("answers.json");
    std::fs::write(
        &answers,
        format!(
            r#"{{"questionnaire": {{"id": "assay-im-security", "version": "{}"}},
            "vendors": [{{"name": "Slack", "answers": [{{"question": "IRV-02", "value": 24}}]}}]}}"#,
            crate::support::shipped().version
        ),
    )
    .unwrap();
    let before = db_dump(&db);
    let edits: &[&[&str]] = &[
        &[
            "answer",
            "set",
            "--evaluation",
            "1",
            "--vendor",
            "Slack",
            "--question",
            "IRV-01",
            "--value",
            "1",
        ],
        &[
            "answer",
            "set",
            "--evaluation",
            "1",
            "--vendor",
            "Slack",
            "--question",
            "E2E-01",
            "--na",
            "x",
        ],
        &[
            "answer",
            "evidence",
            "--evaluation",
            "1",
            "--vendor",
            "Slack",
            "--question",
            "E2E-01",
            "--kind",
            "url",
            "--url",
            "https://example.com",
        ],
        &[
            "answer",
            "evidence",
            "--evaluation",
            "1",
            "--vendor",
            "Slack",
            "--question",
            "E2E-01",
            "--kind",
            "other",
            "--file",
            cert.to_str().unwrap(),
        ],
        &["vendor", "add", "--evaluation", "1", "--name", "Acme"],
        &["evaluation", "weights", "1", "--weight", "IRV=40"],
        &["evaluation", "weights", "1", "--reset"],
        &[
            "answers",
            "import",
            answers.to_str().unwrap(),
            "--evaluation",
            "1",
            "--yes",
        ],
    ];
    for args in edits {
        let (code, out, err) = assay_db(&db, args);
        assert_eq!(code, 1, "{args:?} must be refused: {out}{err}");
        assert_contains(&err, "read-only");
        assert_contains(&err, "assay evaluation duplicate 1");
    }
    assert_eq!(db_dump(&db), before, "nothing of the demo changed");

    // Duplicate: an editable copy with the same answers.
    let (code, out, err) = assay_db(&db, &["evaluation", "duplicate", "1", "--name", "My copy"]);
    assert_eq!(code, 0, "{err}");
    let copy = out.trim().to_string();
    let (_, shown, _) = assay_db(&db, &["evaluation", "show", &copy, "--json"]);
    assert_eq!(json(&shown)["evaluation"]["read_only"], false);
    let (code, _, err) = assay_db(
        &db,
        &[
            "answer",
            "set",
            "--evaluation",
            &copy,
            "--vendor",
            "Slack",
            "--question",
            "IRV-01",
            "--value",
            "1",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = assay_db(
        &db,
        &["vendor", "add", "--evaluation", &copy, "--name", "Acme"],
    );
    assert_eq!(code, 0, "{err}");
    // The demo can still be deleted (it is made again by `assay demo`).
    assert_eq!(assay_db(&db, &["evaluation", "delete", "--yes", "1"]).0, 0);
}
