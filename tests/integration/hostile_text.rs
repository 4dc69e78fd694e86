//! Hostile text and special files (issue 12), through the `assay` command a user
//! runs: duplicate JSON keys, ids that only look right, weights and numbers that
//! overflow, names that rewrite the terminal or reorder text, oversized texts and
//! counts, devices and FIFOs given as files, and files with thousands of problems.
//! Each must be refused with a located message (and a hang is bounded by
//! `assay_capped`'s kill, not timed).

use crate::support::{assay_capped, assay_db, fixture, CappedRun};
use std::path::{Path, PathBuf};

fn mini_text() -> String {
    std::fs::read_to_string(fixture("mini-questionnaire.json")).unwrap()
}

fn answers_text() -> String {
    std::fs::read_to_string(fixture("mini-answers.json")).unwrap()
}

/// `text` with `from` replaced once (the fixture must contain it).
fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture no longer holds {from:?}");
    text.replacen(from, to, 1)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn refused(case: &str, run: &CappedRun, wants: &[&str]) {
    let said = run.said();
    assert_eq!(
        run.code,
        Some(1),
        "{case}: expected a refusal (exit 1):\n{said}"
    );
    for want in wants {
        assert!(said.contains(want), "{case}: expected {want:?} in:\n{said}");
    }
    assert!(!said.contains("panicked"), "{case}: {said}");
}

fn check_questionnaire(path: &Path) -> CappedRun {
    assay_capped(&["questionnaire".as_ref(), "check".as_ref(), path.as_os_str()])
}

fn score(answers: &Path) -> CappedRun {
    assay_capped(&[
        "score".as_ref(),
        answers.as_os_str(),
        "--questionnaire".as_ref(),
        fixture("mini-questionnaire.json").as_os_str(),
        "--as-of".as_ref(),
        "2026-12-04".as_ref(),
    ])
}

#[test]
fn questionnaires_that_only_look_right_are_refused_where_they_are_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let text = mini_text();
    let cases = [
        (
            "duplicate-key.json",
            // An editor shows weight 5; serde_json alone would score 1,000,000.
            edited(
                &text,
                "\"weight\": 5,",
                "\"weight\": 5, \"weight\": 1000000,",
            ),
            vec!["duplicate-key.json:13:", "the key \"weight\" appears twice"],
        ),
        (
            "id-trailing-space.json",
            edited(&text, "{\"id\": \"ENC-02\"", "{\"id\": \"ENC-02 \""),
            vec![
                "$.sections[0].questions[1].id",
                "question id \"ENC-02 \" may only hold",
            ],
        ),
        (
            "id-bidi.json",
            edited(&text, "{\"id\": \"ENC-02\"", "{\"id\": \"ENC\\u202e-02\""),
            vec!["question id \"ENC\\u{202e}-02\""],
        ),
        (
            "id-formula.json",
            edited(&text, "{\"id\": \"tls13\"", "{\"id\": \"=HYPERLINK(1)\""),
            vec!["option id \"=HYPERLINK(1)\" may only hold"],
        ),
        (
            "weight-overflow.json",
            edited(&text, "\"weight\": 5,", "\"weight\": 1.7e308,"),
            vec!["weight 170000", "at most 1000000"],
        ),
    ];
    for (name, text, wants) in cases {
        let path = write(dir.path(), name, &text);
        refused(name, &check_questionnaire(&path), &wants);
    }
    // The unedited fixture passes, so each refusal above is the edit's.
    let ok = write(dir.path(), "ok.json", &text);
    assert_eq!(check_questionnaire(&ok).code, Some(0));
}

#[test]
fn answers_with_hostile_text_or_numbers_are_refused_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let text = answers_text();
    let many_vendors = {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let vendors: Vec<serde_json::Value> = (0..101)
            .map(|i| serde_json::json!({"name": format!("Vendor {i}"), "answers": []}))
            .collect();
        v["vendors"] = serde_json::Value::Array(vendors);
        v.to_string()
    };
    let cases = [
        (
            "number-1e308.json",
            edited(&text, "\"value\": 24,", "\"value\": 1e308,"),
            vec!["$.vendors[0].answers[4].value", "the largest number answer"],
        ),
        (
            "escape-in-name.json",
            edited(&text, "\"Northwind Chat\"", "\"Northwind\\u001b[2J Chat\""),
            vec![
                "$.vendors[0].name",
                "an escape code (U+001B) at character 10",
            ],
        ),
        (
            "newline-in-issuer.json",
            edited(
                &text,
                "\"issuer\": \"BSI\"",
                "\"issuer\": \"BSI\\nforged line\"",
            ),
            vec!["$.vendors[0].answers[5].evidence[0].issuer", "a line break"],
        ),
        (
            "long-comment.json",
            edited(
                &text,
                "{\"question\": \"ENC-02\", \"value\": \"yes\"}",
                &format!(
                    "{{\"question\": \"ENC-02\", \"value\": \"yes\", \"comment\": \"{}\"}}",
                    "x".repeat(20_001)
                ),
            ),
            vec!["$.vendors[0].answers[1].comment", "20001 characters"],
        ),
        (
            "101-vendors.json",
            many_vendors,
            vec![
                "$.vendors",
                "101 vendors; one evaluation compares at most 100",
            ],
        ),
        (
            "duplicate-vendor-key.json",
            edited(
                &text,
                "{\"name\": \"Contoso Talk\",",
                "{\"name\": \"Contoso Talk\", \"name\": \"Northwind Chat\",",
            ),
            vec!["the key \"name\" appears twice"],
        ),
    ];
    for (name, text, wants) in cases {
        let path = write(dir.path(), name, &text);
        refused(name, &score(&path), &wants);
    }
    let ok = write(dir.path(), "ok.json", &text);
    assert_eq!(score(&ok).code, Some(0), "{}", score(&ok).said());
}

#[test]
fn twenty_thousand_problems_are_all_located_in_one_pass() {
    // Each answer names a question that does not exist: 20,000 located problems
    // in a 1 MB file. Locating them one pass each took minutes (the kill bound
    // of `assay_capped` fails a regression); one pass takes well under a second.
    let dir = tempfile::tempdir().unwrap();
    let answers: Vec<String> = (0..20_000)
        .map(|i| format!("      {{\"question\": \"NOPE-{i}\", \"value\": \"yes\"}}"))
        .collect();
    let text = format!(
        "{{\n  \"questionnaire\": {{\"id\": \"mini\", \"version\": \"1.0.0\"}},\n  \"vendors\": [\n    {{\"name\": \"Many\", \"answers\": [\n{}\n    ]}}\n  ]\n}}\n",
        answers.join(",\n")
    );
    let path = write(dir.path(), "many-problems.json", &text);
    let run = score(&path);
    // The first and the last problem, each with its own line.
    refused(
        "many-problems.json",
        &run,
        &["many-problems.json:5:", "there is no question \"NOPE-0\""],
    );
    let last_line = 5 + 19_999;
    let said = run.said();
    // Every problem is listed, the last one located on its own line too.
    assert!(
        said.contains(&format!("many-problems.json:{last_line}:")) && said.contains("NOPE-19999"),
        "the last problem is missing or not located"
    );
}

#[test]
fn devices_fifos_and_directories_are_refused_by_every_loader() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let db = dir.path().join("assay.db");
    let (code, out, err) = assay_db(
        &db,
        &[
            "evaluation",
            "create",
            "--name",
            "special files",
            "--questionnaire",
            fixture("mini-questionnaire.json").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    for special in [Path::new("/dev/zero"), fifo.as_path(), dir.path()] {
        let s = special.as_os_str();
        let db = db.as_os_str();
        let runs = [
            ("questionnaire check", check_questionnaire(special)),
            ("score", score(special)),
            ("verify", assay_capped(&["verify".as_ref(), s])),
            (
                "answers import-xlsx",
                assay_capped(&[
                    "answers".as_ref(),
                    "import-xlsx".as_ref(),
                    "--db".as_ref(),
                    db,
                    "--evaluation".as_ref(),
                    "1".as_ref(),
                    "--vendor".as_ref(),
                    "V".as_ref(),
                    s,
                ]),
            ),
            (
                "answers import",
                assay_capped(&[
                    "answers".as_ref(),
                    "import".as_ref(),
                    "--db".as_ref(),
                    db,
                    "--evaluation".as_ref(),
                    "1".as_ref(),
                    s,
                ]),
            ),
        ];
        let runs = runs.into_iter().chain([
            (
                "--db SPECIAL evaluation list",
                assay_capped(&["--db".as_ref(), s, "evaluation".as_ref(), "list".as_ref()]),
            ),
            (
                "restore",
                assay_capped(&["--db".as_ref(), db, "restore".as_ref(), "--yes".as_ref(), s]),
            ),
            (
                "evaluation import",
                assay_capped(&[
                    "--db".as_ref(),
                    db,
                    "evaluation".as_ref(),
                    "import".as_ref(),
                    s,
                ]),
            ),
        ]);
        for (command, run) in runs {
            let case = format!("{command} {}", special.display());
            refused(&case, &run, &["not a regular file"]);
        }
    }
}

#[test]
fn names_and_notes_are_held_to_one_rule_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let q = fixture("mini-questionnaire.json");
    let q = q.to_str().unwrap();
    let long_notes = "n".repeat(20_001);
    for (args, want) in [
        (
            vec!["--name", "Q1\nforged"],
            "evaluation name: the text holds a line break",
        ),
        (
            vec!["--name", "\u{202e}2026 review"],
            "text-direction character (U+202E)",
        ),
        (
            vec!["--name", "ok", "--notes", &long_notes],
            "evaluation notes: the text is 20001 characters",
        ),
        (
            vec!["--name", "ok", "--evaluator", "A\u{1b}]0;x\u{7}"],
            "evaluator: the text holds an escape code",
        ),
        (
            vec!["--name", "ok", "--weight", "ENC=1e300"],
            "at most 1000000",
        ),
    ] {
        let mut all = vec!["evaluation", "create", "--questionnaire", q];
        all.extend(args.iter().copied());
        let (code, out, err) = assay_db(&db, &all);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains(want), "{args:?}: expected {want:?} in {err}");
    }
    let (code, out, err) = assay_db(&db, &["evaluation", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains("forged") && !out.contains("2026 review"),
        "{out}"
    );

    let (code, _, err) = assay_db(
        &db,
        &[
            "evaluation",
            "create",
            "--questionnaire",
            q,
            "--name",
            "kept",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for (args, want) in [
        (
            vec!["--name", "Acme\u{1b}[31m"],
            "vendor name: the text holds an escape code",
        ),
        (
            vec!["--name", "Acme", "--product", "Pro\u{200b}"],
            "vendor product: the text holds an invisible",
        ),
    ] {
        let mut all = vec!["vendor", "add", "--evaluation", "1"];
        all.extend(args.iter().copied());
        let (code, out, err) = assay_db(&db, &all);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains(want), "{args:?}: expected {want:?} in {err}");
    }
    // The hundredth vendor is the last one.
    {
        let mut store = assay::store::Store::open(&db).unwrap();
        for i in 0..100 {
            let vendor = assay::store::NewVendor {
                name: format!("Vendor {i}"),
                product: None,
                deployment: None,
                notes: String::new(),
            };
            store.add_vendor(1, &vendor).unwrap();
        }
    }
    let (code, _, err) = assay_db(
        &db,
        &[
            "vendor",
            "add",
            "--evaluation",
            "1",
            "--name",
            "One too many",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already compares 100 vendors"), "{err}");
}
