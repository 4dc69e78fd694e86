//! Shared fixtures: the mini questionnaire, answer builders, the `assay` binary.

use assay::answers::{Answer, AnswerValue, Evidence, EvidenceKind};
use assay::questionnaire::{self, Questionnaire};
use assay::scoring::ScoringContext;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/integration/fixtures")
        .join(name)
}

/// Creates an evaluation `name` of the questionnaire in fixture file
/// `questionnaire`, as of 2026-06-01, with its first profile; returns its id.
pub fn evaluation_of_fixture(
    store: &mut assay::store::Store,
    questionnaire: &str,
    name: &str,
) -> i64 {
    store
        .create_evaluation(&assay::store::NewEvaluation {
            name: name.into(),
            notes: String::new(),
            profiles: vec![],
            as_of: date("2026-06-01"),
            evaluators: vec![],
            questionnaire_json: std::fs::read_to_string(fixture(questionnaire)).unwrap(),
            section_weights: None,
        })
        .unwrap()
}

pub fn mini() -> Questionnaire {
    questionnaire::load_file(&fixture("mini-questionnaire.json"))
        .into_result()
        .expect("the mini questionnaire is valid")
}

/// The questionnaire shipped inside the binary.
pub fn shipped() -> Questionnaire {
    assay::catalog::bundled()
        .remove(0)
        .into_result()
        .expect("the shipped questionnaire is valid")
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn ctx(profiles: &[&str], as_of: &str) -> ScoringContext {
    ScoringContext {
        profiles: profiles.iter().map(|p| p.to_string()).collect(),
        as_of: date(as_of),
        section_weights: None,
        min_coverage: assay::scoring::DEFAULT_MIN_COVERAGE,
    }
}

pub fn text(question: &str, value: &str) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::Text(value.into())),
        ..Default::default()
    }
}

pub fn number(question: &str, value: f64) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::Number(value)),
        ..Default::default()
    }
}

pub fn list(question: &str, values: &[&str]) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::List(
            values.iter().map(|s| s.to_string()).collect(),
        )),
        ..Default::default()
    }
}

pub fn na(question: &str, reason: &str) -> Answer {
    Answer {
        question: question.into(),
        na: Some(reason.into()),
        ..Default::default()
    }
}

pub fn with_evidence(mut answer: Answer, expires: Option<&str>) -> Answer {
    answer.evidence.push(Evidence {
        kind: EvidenceKind::ContractClause,
        identifier: Some("DPA §7".into()),
        issuer: None,
        scope: None,
        issued: Some(date("2024-01-01")),
        expires: expires.map(date),
        url: None,
    });
    answer
}

/// Runs the `assay` binary built for these tests.
pub fn assay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the assay binary runs")
}

/// Runs `assay --db DB …`, whatever `$ASSAY_DB` the tests run with: (exit code,
/// stdout, stderr).
pub fn assay_db(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_assay"))
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ASSAY_DB")
        .output()
        .expect("the assay binary runs");
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// Runs `assay …` for a command that uses no database: (exit code, stdout, stderr).
pub fn assay_no_db(args: &[&str]) -> (i32, String, String) {
    let out = assay(args);
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// Like [`assay_db`], with `input` on standard input (e.g. the answer to a
/// "… [y/N]" question).
pub fn assay_db_input(db: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_assay"))
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ASSAY_DB")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the assay binary runs");
    // The command may exit before reading (e.g. a refused id): ignore EPIPE.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// Every row of every table, as text: equal dumps mean an unchanged database.
pub fn dump(conn: &rusqlite::Connection) -> Vec<String> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.extend(rows.into_iter().map(|r| format!("{t}: {r}")));
    }
    out
}

#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "expected {part:?} in:\n{text}");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The address-space cap hostile inputs run under: an allocation past it fails
/// in the child (an abort fails the test, not the machine).
pub const MEMORY_CAP: &str = "--as=1500000000";
/// A hang, not a time target: the slowest capped case takes seconds.
pub const KILL_AFTER_SECONDS: &str = "120";

/// One run of `assay` under [`MEMORY_CAP`], killed after [`KILL_AFTER_SECONDS`].
pub struct CappedRun {
    /// `None` when a signal ended it (the kill, an abort).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident memory when `/usr/bin/time` is installed, else 0.
    pub peak_kb: u64,
}

impl CappedRun {
    /// Standard output then standard error (`verify` reports on standard output).
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs the `assay` binary on hostile input: memory-capped (`prlimit --as`),
/// killed if it hangs (`timeout -s KILL`), measured by `/usr/bin/time -v` when
/// it is installed. No database from the environment; stdin is empty.
pub fn assay_capped<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> CappedRun {
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = Command::new("timeout");
    cmd.args(["-s", "KILL", KILL_AFTER_SECONDS]);
    if timed {
        cmd.args(["/usr/bin/time", "-v"]);
    }
    let o = cmd
        .args(["prlimit", MEMORY_CAP, env!("CARGO_BIN_EXE_assay")])
        .args(args)
        .env_remove("ASSAY_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("timeout and prlimit run (coreutils, util-linux)");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let peak_kb = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    // time -v reports a signal of its child as "Command terminated by signal N".
    let signalled = stderr.contains("terminated by signal");
    CappedRun {
        code: o.status.code().filter(|_| !signalled),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr,
        peak_kb,
    }
}

/// A database at `db` with one evaluation, "IM 2026", of the shipped questionnaire
/// (as of 2026-06-01); returns the open store and the evaluation's id.
pub fn shipped_evaluation(db: &Path) -> (assay::store::Store, i64) {
    let mut store = assay::store::Store::open(db).unwrap();
    let id = store
        .create_evaluation(&assay::store::NewEvaluation {
            name: "IM 2026".into(),
            notes: String::new(),
            profiles: vec![],
            as_of: date("2026-06-01"),
            evaluators: vec![],
            questionnaire_json: assay::catalog::BUNDLED[0].1.to_string(),
            section_weights: None,
        })
        .unwrap();
    (store, id)
}
