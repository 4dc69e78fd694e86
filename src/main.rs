//! The `assay` command line. Exit codes a script can rely on:
//! 0 success · 1 the input has problems (each printed with its location) ·
//! 2 wrong usage (unknown flag, missing argument).

use assay::answer_set;
use assay::catalog;
use assay::diagnostic::Diagnostic;
use assay::questionnaire::{self, Questionnaire};
use assay::report_text;
use assay::scoring::{self, ScoringContext, VendorInput};
use assay::workbook::{self, WbLang};
use assay::Lang;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod store_cli;

#[derive(Parser)]
#[command(
    name = "assay",
    version,
    about = "Security due diligence of instant-messaging vendors"
)]
struct Cli {
    /// The database (default: $ASSAY_DB, else assay/assay.db in the OS data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check, outline or describe questionnaire files.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Score vendors' answers from a JSON answers file, or a stored evaluation.
    Score(ScoreArgs),
    /// Create, list, show, delete, export and import evaluations in the database.
    #[command(subcommand)]
    Evaluation(store_cli::EvaluationCommand),
    /// Add and list an evaluation's vendors.
    #[command(subcommand)]
    Vendor(store_cli::VendorCommand),
    /// Set a vendor's answer to a question.
    #[command(subcommand)]
    Answer(store_cli::AnswerCommand),
    /// Import answers files into an evaluation.
    #[command(subcommand)]
    Answers(store_cli::AnswersCommand),
    /// Write an evaluation's comparison (section and answer matrices) to an XLSX file.
    #[command(name = "export-xlsx")]
    ExportXlsx {
        #[arg(long)]
        evaluation: i64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Copy the whole database to DEST (safe while the app is open).
    Backup { dest: PathBuf },
    /// Replace the database's content with SRC, an Assay database (the current content is saved first).
    /// Asks first (type y); --yes restores without asking.
    Restore {
        src: PathBuf,
        /// Restore without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Create the illustrative demo evaluation from public facts (once); prints its id.
    Demo,
    #[command(hide = true, name = "crash-writer")]
    CrashWriter(store_cli::CrashWriterArgs),
    /// Write the comparison PDF (zh-CN or en), with the data it was computed from embedded.
    Export(ExportArgs),
    /// Check a report PDF: prints OK, or MODIFIED with what differs (exit 1).
    Verify(VerifyArgs),
}

#[derive(clap::Args)]
struct ExportArgs {
    /// The stored evaluation to export (with --db / $ASSAY_DB), with its own name,
    /// evaluators, questionnaire, profiles and as-of date: the flags that set those
    /// for an answers file are refused with it.
    #[arg(
        long,
        conflicts_with_all = ["answers", "questionnaire", "profiles", "as_of", "name", "evaluators"],
        required_unless_present = "answers"
    )]
    evaluation: Option<i64>,
    /// Or an answers file (the `assay score` format), without the database.
    #[arg(long)]
    answers: Option<PathBuf>,
    #[command(flatten)]
    input: AnswersFileArgs,
    /// The evaluation's name on the cover; default: the questionnaire's title.
    #[arg(long)]
    name: Option<String>,
    /// An evaluator's name (repeatable).
    #[arg(long = "evaluator")]
    evaluators: Vec<String>,
    /// The generated-at time (RFC 3339), for reproducible files; default: now.
    #[arg(long, value_parser = parse_datetime)]
    generated_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Where to write the PDF (written to a temporary file, then renamed).
    #[arg(long)]
    out: PathBuf,
}

/// How an answers file is scored (`score` and `export`).
#[derive(clap::Args)]
struct AnswersFileArgs {
    /// The questionnaire file; by default the bundled one the answers name.
    #[arg(long)]
    questionnaire: Option<PathBuf>,
    /// Buyer profile to apply (repeatable); overrides the answers file's.
    #[arg(long = "profile")]
    profiles: Vec<String>,
    /// Judge evidence and dates at this date (YYYY-MM-DD); default: the file's, else today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// The report PDF.
    file: PathBuf,
}

fn parse_datetime(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|_| format!("'{s}' is not an RFC 3339 time such as 2026-05-04T10:30:00+08:00"))
}

#[derive(Subcommand)]
enum QuestionnaireCommand {
    /// Validate questionnaire files; print every problem with its location.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print an outline: profiles, sections, questions, weights, knockouts.
    Show {
        /// A questionnaire file, or the id of a bundled one (e.g. assay-im-security).
        file: String,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// List the questionnaires bundled with Assay.
    List,
    /// Write the blank questionnaire as an XLSX workbook for a vendor to fill in.
    #[command(name = "export-xlsx")]
    ExportXlsx {
        /// A questionnaire file, or the id of a bundled one.
        file: String,
        /// en, zh-CN or both.
        #[arg(long, default_value = "en", value_parser = parse_wb_lang)]
        lang: WbLang,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the JSON Schema of questionnaire files (or of answers files).
    Schema {
        #[arg(long)]
        answers: bool,
    },
}

#[derive(clap::Args)]
struct ScoreArgs {
    /// The answers file (see `assay questionnaire schema --answers`).
    #[arg(required_unless_present = "evaluation", conflicts_with = "evaluation")]
    answers: Option<PathBuf>,
    /// Score a stored evaluation (see `assay evaluation list`) instead of a file;
    /// --profile, --as-of and --weight then re-score it without saving anything.
    #[arg(long, conflicts_with = "questionnaire")]
    evaluation: Option<i64>,
    #[command(flatten)]
    input: AnswersFileArgs,
    /// What-if section weight, e.g. --weight IRV=30 (repeatable; nothing is saved).
    #[arg(long = "weight", value_parser = parse_weight)]
    weights: Vec<(String, f64)>,
    /// Print the full result as JSON (language-neutral: ids and both texts).
    #[arg(long)]
    json: bool,
    /// The language of the text report (not with --json).
    #[arg(long, default_value = "en", value_parser = parse_lang, conflicts_with = "json")]
    lang: Lang,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("'{s}' is not a language; use en or zh-CN"))
}

fn parse_wb_lang(s: &str) -> Result<WbLang, String> {
    WbLang::parse(s).ok_or_else(|| format!("'{s}' is not a language; use en, zh-CN or both"))
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    // The same strict reader as date answers: "2027-1-5" is not YYYY-MM-DD.
    scoring::parse_iso_date(s).ok_or_else(|| format!("'{s}' is not a date in the form YYYY-MM-DD"))
}

pub(crate) fn parse_weight(s: &str) -> Result<(String, f64), String> {
    let (section, weight) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not SECTION=WEIGHT"))?;
    let weight: f64 = weight
        .trim()
        .parse()
        .map_err(|_| format!("'{weight}' is not a number"))?;
    if !weight.is_finite() || weight < 0.0 {
        return Err(format!("weight {weight} must be 0 or more"));
    }
    Ok((section.trim().to_string(), weight))
}

impl Command {
    /// Whether the command reads or writes the database (`--db`): a command that
    /// does not refuses the flag rather than ignore it.
    fn uses_db(&self) -> bool {
        match self {
            Command::Questionnaire(_) => false,
            Command::Score(args) => args.evaluation.is_some(),
            Command::Export(args) => args.evaluation.is_some(),
            Command::Evaluation(_)
            | Command::Vendor(_)
            | Command::Answer(_)
            | Command::Answers(_)
            | Command::ExportXlsx { .. }
            | Command::Backup { .. }
            | Command::Restore { .. }
            | Command::Demo
            | Command::CrashWriter(_)
            | Command::Verify(_) => true,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.db.is_some() && !cli.command.uses_db() {
        // Exit 2 like any other usage error: the flag would have had no effect.
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--db is not used by this command: it reads no database (--db is for --evaluation and the store's commands)",
            )
            .exit();
    }
    let db = cli.db;
    let result = match cli.command {
        Command::Questionnaire(QuestionnaireCommand::Check { files }) => check(&files),
        Command::Questionnaire(QuestionnaireCommand::Show { file, lang }) => {
            resolve_questionnaire(&file).map(|q| print!("{}", report_text::outline(&q, lang)))
        }
        Command::Questionnaire(QuestionnaireCommand::ExportXlsx { file, lang, out }) => {
            resolve_questionnaire(&file).and_then(|q| {
                let bytes = workbook::export_blank(&q, lang)
                    .map_err(|e| vec![Diagnostic::in_file(&out.display().to_string(), e)])?;
                store_cli::write_file(&out, &bytes)?;
                println!(
                    "wrote {} ({}@{}, {} questions)",
                    out.display(),
                    q.id,
                    q.version,
                    q.questions().count()
                );
                Ok(())
            })
        }
        Command::Questionnaire(QuestionnaireCommand::List) => {
            list();
            Ok(())
        }
        Command::Questionnaire(QuestionnaireCommand::Schema { answers }) => {
            print!(
                "{}",
                if answers {
                    answer_set::schema_text()
                } else {
                    questionnaire::schema_text()
                }
            );
            Ok(())
        }
        Command::Score(ScoreArgs {
            evaluation: Some(id),
            input,
            weights,
            json,
            lang,
            ..
        }) => {
            let what_if = assay::store::WhatIf {
                profiles: input.profiles,
                as_of: input.as_of,
                weights,
            };
            store_cli::run(db, |db| store_cli::score(db, id, &what_if, json, lang))
        }
        Command::Score(args) => score(args),
        Command::Evaluation(cmd) => store_cli::run(db, |db| store_cli::evaluation(db, cmd)),
        Command::Vendor(cmd) => store_cli::run(db, |db| store_cli::vendor(db, cmd)),
        Command::Answer(cmd) => store_cli::run(db, |db| store_cli::answer(db, cmd)),
        Command::Answers(cmd) => store_cli::run(db, |db| store_cli::answers(db, cmd)),
        Command::ExportXlsx {
            evaluation,
            out,
            lang,
        } => store_cli::run(db, |db| store_cli::export_xlsx(db, evaluation, &out, lang)),
        Command::Backup { dest } => store_cli::run(db, |db| store_cli::backup(db, &dest)),
        Command::Restore { src, yes } => store_cli::run(db, |db| store_cli::restore(db, &src, yes)),
        Command::Demo => store_cli::run(db, store_cli::demo),
        Command::CrashWriter(args) => store_cli::run(db, |db| store_cli::crash_writer(db, args)),
        Command::Export(args) => export(db, args),
        Command::Verify(args) => verify(db, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            for p in &problems {
                // Printed one per line: `file:line:column: path: message`.
                eprintln!("{p}");
            }
            ExitCode::from(1)
        }
    }
}

fn check(files: &[PathBuf]) -> Result<(), Vec<Diagnostic>> {
    let mut all_valid = true;
    for file in files {
        match questionnaire::load_file(file).into_result() {
            Ok(q) => println!(
                "{}: ok — {}@{}, {} sections, {} questions, {} profiles",
                file.display(),
                q.id,
                q.version,
                q.sections.len(),
                q.questions().count(),
                q.profiles.len()
            ),
            Err(problems) => {
                all_valid = false;
                eprintln!("{}: {} problem(s)", file.display(), problems.len());
                for d in &problems {
                    eprintln!("  {d}");
                }
            }
        }
    }
    if all_valid {
        Ok(())
    } else {
        // Already printed under each file's heading.
        Err(Vec::new())
    }
}

fn list() {
    for s in catalog::summaries() {
        println!(
            "{}@{}  {} sections, {} questions  {}  ({})",
            s.id, s.version, s.sections, s.questions, s.title.en, s.title.zh_cn
        );
    }
}

/// A path to a questionnaire file, or the id of a bundled questionnaire.
fn resolve_questionnaire(name: &str) -> Result<Questionnaire, Vec<Diagnostic>> {
    let path = Path::new(name);
    if path.exists() {
        return questionnaire::load_file(path).into_result();
    }
    catalog::find(name, None).ok_or_else(|| {
        vec![Diagnostic::in_file(
            name,
            "no such file, and no bundled questionnaire has this id (see `assay questionnaire list`)",
        )]
    })
}

fn export(db: Option<PathBuf>, args: ExportArgs) -> Result<(), Vec<Diagnostic>> {
    use assay::report::data::ReportData;
    let out = args.out.display().to_string();
    let data = match (&args.answers, args.evaluation) {
        (Some(answers), _) => {
            let (q, set, ctx) = load_scoring_input(answers, &args.input, &[])?;
            ReportData::from_answer_set(
                &q,
                &set,
                args.name,
                ctx.as_of,
                ctx.profiles.clone(),
                args.evaluators,
            )
        }
        (None, Some(id)) => {
            let mut data = None;
            store_cli::run(db, |path| {
                let mut store = store_cli::open_existing(path)?;
                data = Some(assay::app::report_data::from_store(&mut store, id)?);
                Ok(())
            })?;
            data.expect("set on success")
        }
        (None, None) => unreachable!("clap requires --evaluation or --answers"),
    };
    let font = assay::report::ReportFont::load_default()
        .map_err(|e| vec![Diagnostic::in_file("font", e.to_string())])?;
    let generated_at = args
        .generated_at
        .unwrap_or_else(|| chrono::Local::now().fixed_offset());
    let rendered = assay::report::export_to_file(&data, generated_at, args.lang, &font, &args.out)
        .map_err(|e| vec![Diagnostic::in_file("export", e.to_string())])?;
    println!(
        "{out}: {} pages, {} bytes, fingerprint {}",
        rendered.pages,
        rendered.bytes.len(),
        rendered.fingerprint
    );
    Ok(())
}

fn verify(db: Option<PathBuf>, args: VerifyArgs) -> Result<(), Vec<Diagnostic>> {
    let file = args.file.display().to_string();
    let bytes = std::fs::read(&args.file)
        .map_err(|e| vec![Diagnostic::in_file(&file, format!("cannot read: {e}"))])?;
    let font = assay::report::ReportFont::load_default().ok();
    let v = assay::report::verify(&bytes, font.as_ref());
    for c in &v.checks {
        let mark = match c.ok {
            Some(true) => "ok",
            Some(false) => "MODIFIED",
            None => "skipped",
        };
        println!("  {:<12} {mark}: {}", c.name, c.detail);
    }
    // With a database (--db or $ASSAY_DB): has the evaluation changed since?
    let mut db_changed = false;
    let stored_id = v
        .data
        .as_ref()
        .and_then(|d| d.evaluation.id.as_ref())
        .and_then(|id| id.parse::<i64>().ok());
    if let (Some(id), true) = (
        stored_id,
        db.is_some() || std::env::var_os("ASSAY_DB").is_some(),
    ) {
        let mut now = None;
        let r = store_cli::run(db, |path| {
            let mut store = store_cli::open_existing(path)?;
            now = Some(assay::app::report_data::from_store(&mut store, id)?.fingerprint());
            Ok(())
        });
        match (r, now) {
            (Ok(()), Some(fp)) if Some(&fp) == v.fingerprint.as_ref() => {
                println!(
                    "  {:<12} ok: evaluation {id} in the database is unchanged since the export",
                    "database"
                )
            }
            (Ok(()), Some(fp)) => {
                db_changed = true;
                println!(
                    "  {:<12} CHANGED: evaluation {id} in the database has changed since the export (now {fp})",
                    "database"
                )
            }
            (Err(e), _) => println!(
                "  {:<12} skipped: {}",
                "database",
                e.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            _ => {}
        }
    }
    if v.ok() {
        if db_changed {
            println!("{file}: OK — the file is as exported; the evaluation has changed since");
            return Ok(());
        }
        println!(
            "{file}: OK — fingerprint {}",
            v.fingerprint.as_deref().unwrap_or("?")
        );
        Ok(())
    } else {
        println!("{file}: MODIFIED");
        Err(Vec::new())
    }
}

type ScoringInput = (Questionnaire, assay::answers::AnswerSet, ScoringContext);

/// Loads and checks an answers file and its questionnaire, and builds the context.
fn load_scoring_input(
    answers: &Path,
    input: &AnswersFileArgs,
    weights: &[(String, f64)],
) -> Result<ScoringInput, Vec<Diagnostic>> {
    let answers_file = answer_set::load_file(answers)?;
    let named = &answers_file.set.questionnaire;
    let q = match &input.questionnaire {
        Some(path) => questionnaire::load_file(path).into_result()?,
        None => catalog::find(&named.id, Some(&named.version)).ok_or_else(|| {
            vec![Diagnostic::at_path(
                &answers_file.file,
                "$.questionnaire",
                format!(
                    "no bundled questionnaire {}@{}; name its file with --questionnaire",
                    named.id, named.version
                ),
            )]
        })?,
    };
    let problems = answers_file.check(&q);
    if !problems.is_empty() {
        return Err(problems);
    }
    let set = answers_file.set;
    let chosen = if input.profiles.is_empty() {
        &set.profiles
    } else {
        &input.profiles
    };
    let profiles = scoring::profiles_or_first(&q, chosen.clone());
    let unknown = assay::store::unknown_profiles(&q, &profiles);
    let bad_sections: Vec<Diagnostic> = weights
        .iter()
        .filter(|(s, _)| !q.sections.iter().any(|sec| sec.id == *s))
        .map(|(s, _)| {
            Diagnostic::in_file(
                "--weight",
                format!("there is no section \"{s}\" in {}", q.id),
            )
        })
        .collect();
    if !unknown.is_empty() || !bad_sections.is_empty() {
        return Err(unknown.into_iter().chain(bad_sections).collect());
    }
    let ctx = ScoringContext {
        profiles,
        as_of: input
            .as_of
            .or(set.as_of)
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        section_weights: None,
    }
    .with_what_if(&q, weights);
    Ok((q, set, ctx))
}

fn score(args: ScoreArgs) -> Result<(), Vec<Diagnostic>> {
    // clap requires the file whenever --evaluation is absent.
    let answers = args.answers.unwrap_or_default();
    let (q, set, ctx) = load_scoring_input(&answers, &args.input, &args.weights)?;
    let vendors: Vec<VendorInput> = set.vendors.iter().map(VendorInput::from).collect();
    let results = scoring::compare(&q, &ctx, &vendors);
    if args.json {
        let out = serde_json::json!({
            "questionnaire": {"id": q.id, "version": q.version},
            "formula_version": scoring::FORMULA_VERSION,
            "as_of": ctx.as_of,
            "profiles": ctx.profiles,
            "section_shares": scoring::section_shares(&q, &ctx),
            "vendors": results,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("results serialize")
        );
    } else {
        print!(
            "{}",
            report_text::score_report(&q, &ctx, &results, args.lang)
        );
    }
    Ok(())
}
