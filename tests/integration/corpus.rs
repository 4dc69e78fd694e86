//! The regression corpus (`tests/corpus/<loader>/`): inputs that once crashed,
//! hung or exhausted a loader — found by `scripts/fuzz` or written by hand for a
//! reported defect — replayed through the `assay` command a user runs, each in
//! a child process under the same 1.5 GB address-space cap as the fuzzer
//! (`prlimit --as`) and killed after 120 s, so a regression fails this test
//! instead of the machine. A file must end in a refusal that says where
//! (exit 1) — or, for a file the fuzzer found, possibly in "accepted" (exit 0) —
//! never in a signal, a panic or a usage error.

use crate::support::{assay_capped, KILL_AFTER_SECONDS};
use std::path::{Path, PathBuf};

fn corpus_dir(loader: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(loader)
}

fn mini_questionnaire() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/fixtures/mini-questionnaire.json")
}

/// The corpus files of one loader, sorted (README.md aside).
fn corpus_files(loader: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir(loader))
        .unwrap_or_else(|e| panic!("tests/corpus/{loader}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `assay ARGS…` capped in memory and time and checks the outcome.
fn replay(loader: &str, file: &Path, args: &[&std::ffi::OsStr]) {
    let run = assay_capped(args);
    let name = file.file_name().unwrap().to_string_lossy();
    let stderr = &run.stderr;
    let code = run.code;
    assert!(
        code == Some(0) || code == Some(1),
        "tests/corpus/{loader}/{name}: `assay` ended with {:?} (a signal, a panic or a usage error; \
         killed after {KILL_AFTER_SECONDS} s):\n{stderr}",
        code
    );
    assert!(
        !stderr.contains("panicked"),
        "tests/corpus/{loader}/{name}: a panic:\n{stderr}"
    );
    // A hand-written file reproduces a defect in a file that must be refused; a
    // file the fuzzer found (`crash-…`, `hang-…`) may also be a valid input.
    let found_by_fuzzer = name.starts_with("crash-") || name.starts_with("hang-");
    assert!(
        found_by_fuzzer || code == Some(1),
        "tests/corpus/{loader}/{name}: accepted, but this input must be refused:\n{}{stderr}",
        run.stdout
    );
    if code == Some(1) {
        // `verify` reports on standard output (its findings are the result).
        let said = run.said();
        assert!(
            said.contains(&*name) || said.contains("line ") || said.contains("Sheet"),
            "tests/corpus/{loader}/{name}: refused without saying where:\n{said}"
        );
    }
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

#[test]
fn questionnaire_corpus_is_refused_or_accepted_never_crashes() {
    for file in corpus_files("questionnaire") {
        replay(
            "questionnaire",
            &file,
            &[os("questionnaire"), os("check"), file.as_os_str()],
        );
    }
}

#[test]
fn answers_corpus_is_refused_or_accepted_never_crashes() {
    let q = mini_questionnaire();
    for file in corpus_files("answers") {
        replay(
            "answers",
            &file,
            &[
                os("score"),
                file.as_os_str(),
                os("--questionnaire"),
                q.as_os_str(),
                os("--as-of"),
                os("2026-12-04"),
            ],
        );
    }
}

#[test]
fn workbook_corpus_is_refused_or_accepted_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let q = mini_questionnaire();
    let (code, _, err) = crate::support::assay_db(
        &db,
        &[
            "evaluation",
            "create",
            "--name",
            "corpus",
            "--questionnaire",
            q.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    for file in corpus_files("workbook") {
        // No --yes: an accepted workbook for a new vendor is imported, one for a
        // vendor with answers only previewed (stdin is empty: "no").
        replay(
            "workbook",
            &file,
            &[
                os("--db"),
                db.as_os_str(),
                os("answers"),
                os("import-xlsx"),
                os("--evaluation"),
                os("1"),
                os("--vendor"),
                os("Corpus Vendor"),
                file.as_os_str(),
            ],
        );
    }
}

#[test]
fn bundle_corpus_is_refused_or_accepted_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    for file in corpus_files("bundle") {
        replay(
            "bundle",
            &file,
            &[
                os("--db"),
                db.as_os_str(),
                os("evaluation"),
                os("import"),
                file.as_os_str(),
            ],
        );
    }
}

#[test]
fn verify_corpus_is_refused_or_accepted_never_crashes() {
    for file in corpus_files("verify") {
        replay("verify", &file, &[os("verify"), file.as_os_str()]);
    }
}

/// The fuzz harness and this replay name the same loaders, and each has a
/// corpus folder with at least one input (an empty folder would make its test
/// above pass without running anything).
#[test]
fn every_fuzz_target_has_a_corpus_replayed_here() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/src/lib.rs"))
            .unwrap();
    let line = lib
        .lines()
        .find(|l| l.starts_with("pub const TARGETS"))
        .expect("fuzz/src/lib.rs names its TARGETS");
    let this = include_str!("corpus.rs");
    for loader in ["questionnaire", "answers", "workbook", "bundle", "verify"] {
        assert!(
            line.contains(&format!("\"{loader}\"")),
            "fuzz target {loader} missing: {line}"
        );
        assert!(
            this.contains(&format!("corpus_files(\"{loader}\")")),
            "no replay of tests/corpus/{loader}"
        );
        assert!(
            !corpus_files(loader).is_empty(),
            "tests/corpus/{loader} is empty"
        );
    }
    let count = line.matches('"').count() / 2;
    assert_eq!(count, 5, "a fuzz target without a replay here: {line}");
}
