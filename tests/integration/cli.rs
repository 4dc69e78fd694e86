//! The `assay` command line as a user runs it: exit codes, located messages, output.

use crate::support::*;

#[test]
fn check_accepts_the_shipped_questionnaires() {
    let out = assay(&[
        "questionnaire",
        "check",
        "questionnaires/assay-im-security.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("ok — assay-im-security@"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_reports_broken_files_with_locations_and_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.json", vec![]),
        (
            "truncated.json",
            b"{\"id\": \"x\", \"sections\": [".to_vec(),
        ),
        ("latin1.json", b"{\"id\": \"\xe9\"}".to_vec()),
        ("array.json", b"[1, 2, 3]".to_vec()),
    ];
    let mut args = vec!["questionnaire".to_string(), "check".to_string()];
    for (name, bytes) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        args.push(path.display().to_string());
    }
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    args.push(huge.display().to_string());
    args.push(dir.path().join("missing.json").display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = assay(&args);
    assert_eq!(out.status.code(), Some(1), "never 101 (a panic)");
    let err = stderr(&out);
    assert_contains(&err, "empty.json: the file is empty");
    assert_contains(&err, "truncated.json:1:");
    assert_contains(&err, "ends too early");
    assert_contains(&err, "latin1.json:1:");
    assert_contains(&err, "UTF-8");
    assert_contains(&err, "array.json:1:1: $: [1,2,3] is not of type \"object\"");
    assert_contains(&err, "huge.json: the file is 50.0 MB");
    assert_contains(&err, "missing.json: cannot read the file");
}

#[test]
fn show_prints_an_outline_in_either_language() {
    let en = assay(&["questionnaire", "show", "assay-im-security"]);
    assert_eq!(en.status.code(), Some(0));
    let en = stdout(&en);
    assert_contains(&en, "[IRV]");
    assert_contains(&en, "IRV-02");
    assert_contains(&en, "KO:CN-REG");
    let zh = assay(&[
        "questionnaire",
        "show",
        "questionnaires/assay-im-security.json",
        "--lang",
        "zh-CN",
    ]);
    let zh = stdout(&zh);
    assert_contains(&zh, "适用场景");
    assert_contains(&zh, "端到端加密");
}

#[test]
fn score_prints_totals_eligibility_and_the_section_breakdown() {
    let q = "tests/integration/fixtures/mini-questionnaire.json";
    let a = "tests/integration/fixtures/mini-answers.json";
    let out = assay(&["score", a, "--questionnaire", q]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_contains(
        &text,
        "1. Northwind Chat — 80.0 / 100 (range 80.0–80.0) — eligible — coverage 100%",
    );
    assert_contains(&text, "Decision: meets the requirements");
    assert_contains(&text, "2. Contoso Talk — 18.8 / 100 (range 18.8–53.8)");
    assert_contains(&text, "Decision: does not meet them");
    // Its OPS-01 failure rests on a claim without the evidence the question needs.
    assert_contains(&text, "provisional, to be confirmed");
    assert_contains(&text, "NOT ELIGIBLE");
    assert_contains(&text, "ENC-01 [always]: \"TLS 1.0/1.1 accepted\"");
    assert_contains(
        &text,
        "OPS-01 [always]: \"Without undue delay\" — no number was committed",
    );
    // The CN-REG profile switches the 4-hour gate on.
    let cn = stdout(&assay(&[
        "score",
        a,
        "--questionnaire",
        q,
        "--profile",
        "CN-REG",
        "--lang",
        "zh-CN",
    ]));
    assert_contains(&cn, "Northwind Chat");
    assert_contains(&cn, "不符合准入");
    assert_contains(&cn, "24 小时，超过上限 4 小时");
}

#[test]
fn score_json_output_carries_the_breakdown_and_formula_version() {
    let out = assay(&[
        "score",
        "tests/integration/fixtures/mini-answers.json",
        "--questionnaire",
        "tests/integration/fixtures/mini-questionnaire.json",
        "--json",
        "--weight",
        "ENC=0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["formula_version"], "assay-score/3");
    let first = &v["vendors"][0];
    assert_eq!(first["vendor"], "Northwind Chat");
    // With ENC weighted 0, the total is the OPS section score.
    assert!(
        (first["total"].as_f64().unwrap() - 81.25).abs() < 1e-6,
        "{first}"
    );
    let sum: f64 = first["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["contribution"].as_f64().unwrap())
        .sum();
    assert!((sum - first["total"].as_f64().unwrap()).abs() < 1e-9);
}

#[test]
fn score_locates_every_problem_in_the_answers_file() {
    let out = assay(&[
        "score",
        "tests/integration/fixtures/mini-answers-broken.json",
        "--questionnaire",
        "tests/integration/fixtures/mini-questionnaire.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let f = "tests/integration/fixtures/mini-answers-broken.json";
    for (line, expected) in [
        (3, "$.profiles[1]: there is no profile \"MARS\""),
        (6, "$.vendors[0].answers[0].value: ENC-01: 'Maybe' is not one of tls13 / tls12 / tls10"),
        (7, "$.vendors[0].answers[1].question: there is no question \"ENC-09\""),
        (8, "$.vendors[0].answers[2].value: OPS-02: '30/06/2027' is not a date in the form YYYY-MM-DD"),
        (9, "$.vendors[0].answers[3].na: ENC-02: question ENC-02 does not allow \"not applicable\""),
        (10, "$.vendors[0].answers[4].question: question ENC-01 is answered twice"),
    ] {
        assert!(err.contains(&format!("{f}:{line}:")) && err.contains(expected), "missing line {line}: {expected}\n{err}");
    }
}

#[test]
fn wrong_usage_exits_2_and_help_works() {
    assert_eq!(assay(&["score"]).status.code(), Some(2));
    assert_eq!(assay(&["questionnaire", "check"]).status.code(), Some(2));
    assert_eq!(
        assay(&["score", "x.json", "--as-of", "yesterday"])
            .status
            .code(),
        Some(2)
    );
    let help = assay(&["score", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--profile"));
}

/// The crash test's writer lives in the test binary: the shipped `assay` has no
/// hidden test subcommand (it used to have `crash-writer`).
#[test]
fn the_shipped_cli_has_no_test_only_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.db");
    let (code, out, err) = assay_db(
        &db,
        &["crash-writer", "--vendor", "1", "--question", "Q0001"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("unrecognized subcommand 'crash-writer'"),
        "{err}"
    );
    assert!(!db.exists(), "a refused command creates no database");
    let (code, _, err) = assay_no_db(&["help", "crash-writer"]);
    assert_eq!(code, 2, "{err}");
    let help = assay(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("backup"), "the list of subcommands");
    assert!(!stdout(&help).contains("crash"), "{}", stdout(&help));
}

#[test]
fn evidence_with_a_file_turns_a_claim_into_a_supported_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let cert = dir.path().join("dpa.pdf");
    std::fs::write(&cert, b"%PDF-1.4 signed DPA").unwrap();
    let run = |args: &[&str]| assay_db(&db, args);
    assert_eq!(run(&["evaluation", "create", "--name", "E"]).0, 0);
    assert_eq!(
        run(&["vendor", "add", "--evaluation", "1", "--name", "V"]).0,
        0
    );
    let (code, _, err) = run(&[
        "answer",
        "set",
        "--evaluation",
        "1",
        "--vendor",
        "V",
        "--question",
        "IRV-01",
        "--value",
        "24",
    ]);
    assert_eq!(code, 0, "{err}");
    let score = || -> serde_json::Value {
        let (_, out, _) = run(&["score", "--evaluation", "1", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["vendors"][0]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["questions"].as_array().unwrap().clone())
            .find(|q| q["question"] == "IRV-01")
            .unwrap()
    };
    assert_eq!(score()["evidence"], "claimed");
    assert_eq!(score()["score"], 50.0);
    let (code, out, err) = run(&[
        "answer",
        "evidence",
        "--evaluation",
        "1",
        "--vendor",
        "V",
        "--question",
        "IRV-01",
        "--kind",
        "contract_clause",
        "--identifier",
        "DPA §7.2",
        "--file",
        cert.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&out, "sha256:");
    assert_eq!(score()["evidence"], "supported");
    assert_eq!(score()["score"], 100.0);
    // Evidence for an unanswered question, or a missing file, is refused and writes nothing.
    assert_eq!(
        run(&[
            "answer",
            "evidence",
            "--evaluation",
            "1",
            "--vendor",
            "V",
            "--question",
            "TRN-01",
            "--kind",
            "certificate"
        ])
        .0,
        1
    );
    assert_eq!(
        run(&[
            "answer",
            "evidence",
            "--evaluation",
            "1",
            "--vendor",
            "V",
            "--question",
            "IRV-01",
            "--kind",
            "certificate",
            "--file",
            "/nonexistent.pdf"
        ])
        .0,
        1
    );
    let (_, audit, _) = run(&["evaluation", "audit", "1"]);
    assert_eq!(
        audit.lines().filter(|l| l.contains(" V IRV-01:")).count(),
        2,
        "create, then the evidence with its file (one transaction): {audit}"
    );
}

#[test]
fn a_section_is_marked_not_applicable_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| assay_db(&db, args);
    assert_eq!(run(&["evaluation", "create", "--name", "E"]).0, 0);
    assert_eq!(
        run(&["vendor", "add", "--evaluation", "1", "--name", "V"]).0,
        0
    );
    let na = |section: &str, reason: &str| {
        run(&[
            "answer",
            "not-applicable",
            "--evaluation",
            "1",
            "--vendor",
            "V",
            "--section",
            section,
            "--reason",
            reason,
        ])
    };
    let (code, _, err) = na("TRN", " ");
    assert_eq!(code, 1, "{err}");
    assert_contains(
        &err,
        "reason: Give the reason these questions do not apply.",
    );
    let (code, out, err) = na("TRN", "no cloud deployment");
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "marked 2 question(s) of TRN not applicable for V: TRN-05, TRN-10",
    );
    assert_contains(
        &out,
        "left as they were: 0 answered, 8 that do not allow N/A",
    );
    let (code, _, err) = na("TRN", "again");
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "No question of TRN can be marked not applicable");
    // A value the question cannot take: said with the answers' labels.
    let (code, _, err) = run(&[
        "answer",
        "set",
        "--evaluation",
        "1",
        "--vendor",
        "V",
        "--question",
        "TRN-02",
        "--value",
        "maybe",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_contains(
        &err,
        "TRN-02 for V: “maybe” is not one of the answers: “Yes” / “No”.",
    );
}

#[test]
fn answers_are_copied_from_another_evaluation_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| assay_db(&db, args);
    for name in ["Tender 2026", "Tender 2027"] {
        assert_eq!(run(&["evaluation", "create", "--name", name]).0, 0);
    }
    for e in ["1", "2"] {
        let (code, _, err) = run(&["vendor", "add", "--evaluation", e, "--name", "V"]);
        assert_eq!(code, 0, "{err}");
    }
    let set = |e: &str, q: &str, v: &str| {
        run(&[
            "answer",
            "set",
            "--evaluation",
            e,
            "--vendor",
            "V",
            "--question",
            q,
            "--value",
            v,
        ])
    };
    assert_eq!(set("1", "TRN-02", "yes").0, 0);
    assert_eq!(set("1", "DAT-09", "30").0, 0);
    assert_eq!(set("2", "TRN-02", "no").0, 0);
    let copy = |extra: &[&str]| {
        let mut args = vec![
            "answer",
            "copy",
            "--evaluation",
            "2",
            "--vendor",
            "V",
            "--from-evaluation",
            "1",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let (code, out, err) = copy(&["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "would copy 1 answer(s) from “Tender 2026” › V into V: DAT-09",
    );
    assert_contains(&out, "kept as recorded here: 1 question(s): TRN-02");
    let (_, audit, _) = run(&["evaluation", "audit", "2"]);
    assert!(
        !audit.contains("DAT-09"),
        "a dry run writes nothing: {audit}"
    );
    let (code, out, err) = copy(&[]);
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "copied 1 answer(s) from “Tender 2026” › V into V: DAT-09",
    );
    let (_, audit, _) = run(&["evaluation", "audit", "2"]);
    assert_contains(&audit, "copy answer V DAT-09");
    assert_contains(&audit, "[copied from “Tender 2026” (evaluation 1) › V]");
    // Again: nothing left to copy, said and refused.
    let (code, _, err) = copy(&[]);
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "Nothing to copy from V");
    let (code, _, err) = copy(&["--from-vendor", "W"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_instead_of_panicking() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let made = Command::new(env!("CARGO_BIN_EXE_assay"))
        .arg("--db")
        .arg(&db)
        .arg("example")
        .output()
        .unwrap();
    assert!(made.status.success());
    // The example's audit trail is far larger than a pipe's buffer (64 KiB), so
    // the command is still writing when the reader goes away (`| head -c 100`).
    let mut child = Command::new(env!("CARGO_BIN_EXE_assay"))
        .arg("--db")
        .arg(&db)
        .args(["evaluation", "audit", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
