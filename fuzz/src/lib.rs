//! The fuzz targets: one function per loader of a file a user (or a vendor)
//! supplies, each calling the very function the command line and the app call,
//! so what the fuzzer finds is what a user would hit.
//!
//! A target returns normally for every input, accepted or refused; a crash is
//! a panic, an abort (allocation failure, stack overflow) or a hang, which AFL++
//! records (`scripts/fuzz` copies them into `tests/corpus/<target>/`, where
//! `tests/integration/corpus.rs` replays them through the `assay` command).

use std::io::Write;

use assay::app;
use assay::questionnaire::Questionnaire;

/// The loaders under test, by the name used for binaries and corpus folders.
pub const TARGETS: [&str; 5] = ["questionnaire", "answers", "workbook", "bundle", "verify"];

/// A target: the state it keeps between inputs (temporary files, an open
/// store, the font) and the function that runs one input.
pub trait Target {
    fn run(&mut self, data: &[u8]);
}

/// The questionnaire the answers and workbook targets read against: the small
/// test questionnaire (every answer type, conditions, evidence rules), so that
/// inputs stay small enough for the fuzzer to mutate meaningfully.
/// `tests/integration/corpus.rs` replays with the same file.
pub const MINI_QUESTIONNAIRE: &str =
    include_str!("../../tests/integration/fixtures/mini-questionnaire.json");

fn mini_questionnaire() -> Questionnaire {
    match assay::questionnaire::load_str("mini-questionnaire.json", MINI_QUESTIONNAIRE)
        .into_result()
    {
        Ok(q) => q,
        Err(problems) => panic!("mini questionnaire: {problems:?}"),
    }
}

/// A scratch folder for the inputs that loaders read from a path, so the
/// path-level checks (size, encoding, regular file) are fuzzed too.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        match tempfile::tempdir() {
            Ok(dir) => Scratch { dir },
            Err(e) => panic!("temporary folder: {e}"),
        }
    }

    /// Writes `data` to `name` in the scratch folder and returns its path.
    fn file(&self, name: &str, data: &[u8]) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(data));
        if let Err(e) = written {
            panic!("writing {}: {e}", path.display());
        }
        path
    }
}

/// `assay questionnaire check FILE`.
pub struct QuestionnaireFile {
    scratch: Scratch,
}

impl Target for QuestionnaireFile {
    fn run(&mut self, data: &[u8]) {
        let path = self.scratch.file("questionnaire.json", data);
        let _ = app::questionnaires::check_file(&path);
    }
}

/// `assay score ANSWERS.json --questionnaire mini-questionnaire.json`: the
/// answers checked against the questionnaire, then scored.
pub struct AnswersFile {
    scratch: Scratch,
    options: app::score::FileOptions,
}

impl Target for AnswersFile {
    fn run(&mut self, data: &[u8]) {
        let path = self.scratch.file("answers.json", data);
        let _ = app::score::score_answers_file(&path, &self.options);
    }
}

/// `assay answers import-xlsx` (and the app's import preview): a vendor's
/// workbook read against the evaluation's questionnaire (here the mini one).
pub struct Workbook {
    questionnaire: Questionnaire,
}

impl Target for Workbook {
    fn run(&mut self, data: &[u8]) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let _ = assay::workbook::import(data, "fuzz.xlsx", &self.questionnaire, today);
    }
}

/// `assay evaluation import BUNDLE` into one store kept for the whole run
/// (an accepted bundle adds an evaluation, as it would for a user).
pub struct Bundle {
    scratch: Scratch,
    store: assay::store::Store,
}

impl Target for Bundle {
    fn run(&mut self, data: &[u8]) {
        let path = self.scratch.file("bundle.assay", data);
        let _ = app::evaluations::import_bundle(&mut self.store, &path);
    }
}

/// `assay verify REPORT.pdf` (without a database: the file alone).
pub struct Verify {
    font: Option<assay::report::ReportFont>,
}

impl Target for Verify {
    fn run(&mut self, data: &[u8]) {
        let _ = assay::report::verify(data, self.font.as_ref());
    }
}

/// The target called `name` (one of [`TARGETS`]), ready to run.
pub fn target(name: &str) -> Box<dyn Target> {
    match name {
        "questionnaire" => Box::new(QuestionnaireFile {
            scratch: Scratch::new(),
        }),
        "answers" => {
            let scratch = Scratch::new();
            let questionnaire =
                scratch.file("mini-questionnaire.json", MINI_QUESTIONNAIRE.as_bytes());
            let options = app::score::FileOptions {
                questionnaire: Some(questionnaire),
                ..Default::default()
            };
            Box::new(AnswersFile { scratch, options })
        }
        "workbook" => Box::new(Workbook {
            questionnaire: mini_questionnaire(),
        }),
        "bundle" => {
            let scratch = Scratch::new();
            let store = assay::store::Store::open(&scratch.dir.path().join("fuzz.db"));
            match store {
                Ok(store) => Box::new(Bundle { scratch, store }),
                Err(e) => panic!("store: {e}"),
            }
        }
        "verify" => Box::new(Verify {
            font: assay::report::ReportFont::load_default().ok(),
        }),
        other => panic!("no fuzz target {other:?}; the targets are {TARGETS:?}"),
    }
}

/// The binary's main: under `cargo afl build`, AFL++'s persistent loop;
/// otherwise each file named on the command line is run once and reported,
/// so a crash file can be reproduced with a plain build.
pub fn main_for(name: &str) {
    #[cfg(fuzzing)]
    {
        // A panic aborts the process (afl's hook) before any state could be
        // observed half-updated, so asserting unwind safety is sound here.
        let mut target = std::panic::AssertUnwindSafe(target(name));
        afl::fuzz_with_reset(
            true,
            move |data: &[u8]| {
                // Borrow the wrapper whole: `target.0` alone would capture the
                // inner Box, which is not unwind-safe (edition 2021 captures).
                let wrapped = &mut target;
                wrapped.0.run(data)
            },
            || {},
        );
    }
    #[cfg(not(fuzzing))]
    replay(name, target(name).as_mut());
}

#[cfg(not(fuzzing))]
fn replay(name: &str, target: &mut dyn Target) {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: fuzz-{name} FILE...  (replays each file through the {name} loader; `scripts/fuzz` fuzzes)");
        std::process::exit(2);
    }
    for file in files {
        match std::fs::read(std::path::Path::new(&file)) {
            Ok(data) => {
                target.run(&data);
                println!("{file}: no crash");
            }
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(2);
            }
        }
    }
}
