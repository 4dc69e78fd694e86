//! The store's commands: `assay evaluation|vendor|answer|answers|backup|restore|demo`
//! and `assay score --evaluation ID`. Each command is a thin call into
//! `assay::store`; errors are printed here and give exit code 1.

use assay::answers::{Answer, AnswerValue, Evidence, EvidenceKind, Provenance, SourceKind};
use assay::diagnostic::Diagnostic;
use assay::questionnaire::AnswerSpec;
use assay::store::{self, Deployment, NewEvaluation, NewVendor, Store, StoreError};
use assay::{answer_set, catalog, report_text, scoring, workbook, Lang};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum EvaluationCommand {
    /// List the evaluations in the database.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create an evaluation from a questionnaire (its exact text is kept with it).
    Create {
        #[arg(long)]
        name: String,
        /// A questionnaire file, or the id of a bundled one.
        #[arg(long, default_value = "assay-im-security")]
        questionnaire: String,
        /// Buyer profile (repeatable); default: the questionnaire's first.
        #[arg(long = "profile")]
        profiles: Vec<String>,
        /// The date evidence is judged at (YYYY-MM-DD); default: today.
        #[arg(long, value_parser = crate::parse_date)]
        as_of: Option<NaiveDate>,
        /// Evaluator name (repeatable).
        #[arg(long = "evaluator")]
        evaluators: Vec<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// Section weight of this evaluation, e.g. --weight IRV=30 (repeatable);
        /// sections not named keep their profiles' weight.
        #[arg(long = "weight", value_parser = crate::parse_weight)]
        weights: Vec<(String, f64)>,
    },
    /// Set an evaluation's own section weights (sections not named keep their
    /// current weight), or go back to its profiles' weights with --reset.
    Weights {
        id: i64,
        #[arg(long = "weight", value_parser = crate::parse_weight, required_unless_present = "reset")]
        weights: Vec<(String, f64)>,
        #[arg(long, conflicts_with = "weights")]
        reset: bool,
    },
    /// Show an evaluation: its settings, vendors and how much is answered.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Delete an evaluation with its vendors and answers (the audit trail is kept).
    /// Asks first (type y); --yes deletes without asking.
    Delete {
        id: i64,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Copy an evaluation (settings, vendors, answers, evidence) under a new name;
    /// the copy is editable, also when the original is read-only (the demo).
    Duplicate {
        id: i64,
        #[arg(long)]
        name: String,
    },
    /// Write an evaluation, with its files and audit trail, to a bundle file.
    Export { id: i64, file: PathBuf },
    /// Import a bundle file as a new evaluation (all or nothing).
    Import { file: PathBuf },
    /// Print an evaluation's audit trail.
    Audit {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum VendorCommand {
    /// Add a vendor to an evaluation.
    Add {
        #[arg(long)]
        evaluation: i64,
        #[arg(long)]
        name: String,
        /// Product and edition, e.g. "Enterprise Grid".
        #[arg(long)]
        product: Option<String>,
        /// saas, dedicated or on_premises.
        #[arg(long, value_parser = parse_deployment)]
        deployment: Option<Deployment>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// List an evaluation's vendors.
    List {
        #[arg(long)]
        evaluation: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum AnswerCommand {
    /// Set one vendor's answer to one question (recorded in the audit trail).
    Set(AnswerSetArgs),
    /// Add a piece of evidence (certificate, report, clause …) to an answer,
    /// optionally with the file itself (stored once under its SHA-256).
    Evidence(EvidenceAddArgs),
}

#[derive(Args)]
pub struct EvidenceAddArgs {
    #[arg(long)]
    evaluation: i64,
    /// The vendor's name or id.
    #[arg(long)]
    vendor: String,
    #[arg(long)]
    question: String,
    /// certificate, audit_report, pentest_letter, contract_clause, screenshot, url or other.
    #[arg(long, value_parser = parse_evidence_kind)]
    kind: EvidenceKind,
    /// Certificate no., 备案编号, CMVP no., report no.
    #[arg(long)]
    identifier: Option<String>,
    #[arg(long)]
    issuer: Option<String>,
    /// The scope statement, as written on the certificate or report.
    #[arg(long)]
    scope: Option<String>,
    /// Issue date (YYYY-MM-DD).
    #[arg(long, value_parser = crate::parse_date)]
    issued: Option<NaiveDate>,
    /// Expiry date or end of the report period (YYYY-MM-DD).
    #[arg(long, value_parser = crate::parse_date)]
    expires: Option<NaiveDate>,
    /// Verification link (IAF CertSearch, cx.cnca.cn, STAR registry, …).
    #[arg(long)]
    url: Option<String>,
    /// The evidence file to keep with the evaluation (PDF, image, …).
    #[arg(long)]
    file: Option<PathBuf>,
}

/// A value of one of the answers file's enums, by its name there.
fn parse_choice<T: serde::de::DeserializeOwned>(s: &str, choices: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("'{s}' is not {choices}"))
}

fn parse_evidence_kind(s: &str) -> Result<EvidenceKind, String> {
    parse_choice(
        s,
        "one of certificate, audit_report, pentest_letter, contract_clause, screenshot, url, other",
    )
}

fn parse_source(s: &str) -> Result<SourceKind, String> {
    parse_choice(
        s,
        "vendor_stated, public_documentation, contract_clause or verified_by_buyer",
    )
}

#[derive(Args)]
pub struct AnswerSetArgs {
    #[arg(long)]
    evaluation: i64,
    /// The vendor's name or id.
    #[arg(long)]
    vendor: String,
    #[arg(long)]
    question: String,
    /// yes/partial/no, an option id, comma-separated ids (multi), a number, an
    /// alternative id, a date or text — as the question's type requires.
    #[arg(long, conflicts_with = "na", required_unless_present = "na")]
    value: Option<String>,
    /// Not applicable, with this reason.
    #[arg(long)]
    na: Option<String>,
    #[arg(long)]
    comment: Option<String>,
    /// vendor_stated, public_documentation, contract_clause or verified_by_buyer.
    #[arg(long, value_parser = parse_source)]
    source: Option<SourceKind>,
    /// URL or document reference of the source.
    #[arg(long, requires = "source")]
    reference: Option<String>,
    /// Date of the source (YYYY-MM-DD).
    #[arg(long, requires = "source", value_parser = crate::parse_date)]
    source_date: Option<NaiveDate>,
    /// Confidence of the source: V, S or S-low.
    #[arg(long, requires = "source")]
    confidence: Option<String>,
}

#[derive(Subcommand)]
pub enum AnswersCommand {
    /// Import an answers file (the `assay score` format) into an evaluation; all or nothing.
    /// When it would replace stored answers, lists them and asks first (type y).
    Import {
        file: PathBuf,
        #[arg(long)]
        evaluation: i64,
        /// Replace stored answers without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Import one vendor's filled workbook (.xlsx) or its CSV layout; all or nothing.
    /// When the vendor already has answers, prints what would change and asks
    /// first (type y); --yes applies without asking.
    #[command(name = "import-xlsx")]
    ImportXlsx {
        file: PathBuf,
        #[arg(long)]
        evaluation: i64,
        /// The vendor's name (created when missing).
        #[arg(long)]
        vendor: String,
        /// Apply changes to existing answers without asking.
        #[arg(long)]
        yes: bool,
    },
}

/// Hidden: writes answers in a loop, printing each committed write (crash test).
#[derive(Args)]
pub struct CrashWriterArgs {
    #[arg(long)]
    vendor: i64,
    #[arg(long)]
    question: String,
    #[arg(long, default_value_t = 0)]
    start: u64,
}

fn parse_deployment(s: &str) -> Result<Deployment, String> {
    Deployment::parse(s).ok_or_else(|| format!("'{s}' is not saas, dedicated or on_premises"))
}

/// The database: `--db`, else `$ASSAY_DB`, else the OS application-data folder.
pub fn db_path(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    flag.or_else(|| {
        std::env::var_os("ASSAY_DB")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
    })
    .or_else(store::default_db_path)
    .ok_or_else(|| "no application-data folder is known on this system; pass --db PATH".to_string())
}

/// Runs a store command on the chosen database; its error becomes the printed problems.
pub fn run(
    db: Option<PathBuf>,
    command: impl FnOnce(&Path) -> Result<(), StoreError>,
) -> Result<(), Vec<Diagnostic>> {
    let path = db_path(db).map_err(|e| vec![Diagnostic::in_file("--db", e)])?;
    command(&path).map_err(|e| match e {
        StoreError::Invalid(problems) => problems,
        e => vec![Diagnostic::in_file("assay", e.to_string())],
    })
}

/// Opens an existing database (commands that only read or change existing data).
pub fn open_existing(db: &Path) -> Result<Store, StoreError> {
    if !db.exists() {
        return Err(StoreError::Io {
            path: db.display().to_string(),
            detail:
                "no database here yet (create one with `assay evaluation create` or `assay demo`)"
                    .into(),
        });
    }
    Store::open(db)
}

fn print_json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serializable"));
}

fn questionnaire_text(name: &str) -> Result<String, StoreError> {
    let path = Path::new(name);
    if path.exists() {
        return assay::json_document::read_text(path).map_err(|d| StoreError::Invalid(vec![d]));
    }
    catalog::find_with_text(name, None)
        .map(|(text, _)| text.to_string())
        .ok_or_else(|| {
            StoreError::invalid_input(
                name,
                "no such file, and no bundled questionnaire has this id (see `assay questionnaire list`)",
            )
        })
}

pub fn evaluation(db: &Path, cmd: EvaluationCommand) -> Result<(), StoreError> {
    match cmd {
        EvaluationCommand::List { json } => {
            let store = open_existing(db)?;
            let list = store.list_evaluations()?;
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("no evaluations (create one with `assay evaluation create --name …`, or `assay demo`)");
            } else {
                for e in list {
                    let vendors = store.vendors(e.id)?.len();
                    println!(
                        "{:>4}  {}  ({}@{}, as of {}, {} vendor(s))",
                        e.id, e.name, e.questionnaire_id, e.questionnaire_version, e.as_of, vendors
                    );
                }
            }
        }
        EvaluationCommand::Create {
            name,
            questionnaire,
            profiles,
            as_of,
            evaluators,
            notes,
            weights,
        } => {
            let text = questionnaire_text(&questionnaire)?;
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let section_weights = if weights.is_empty() {
                None
            } else {
                let q = store::questionnaire_from_text("--questionnaire", &text)?;
                let ctx = scoring::ScoringContext {
                    profiles: profiles.clone(),
                    as_of,
                    section_weights: None,
                };
                Some(scoring::what_if_weights(&q, &ctx, &weights))
            };
            let mut store = Store::open(db)?;
            let id = store.create_evaluation(&NewEvaluation {
                name,
                notes,
                profiles,
                as_of,
                evaluators,
                questionnaire_json: text,
                section_weights,
            })?;
            println!("{id}");
        }
        EvaluationCommand::Weights { id, weights, reset } => {
            let mut store = open_existing(db)?;
            let q = store.questionnaire(id)?;
            let new = if reset {
                None
            } else {
                let context = store.evaluation(id)?.scoring_context(&q);
                Some(scoring::what_if_weights(&q, &context, &weights))
            };
            store.set_section_weights(id, new.as_ref())?;
            println!("{}", section_weights_line(&q, &store.evaluation(id)?));
        }
        EvaluationCommand::Show { id, json } => {
            let mut store = open_existing(db)?;
            let e = store.evaluation(id)?;
            let q = store.questionnaire(id)?;
            let vendors = store.vendors(id)?;
            let answers = store.evaluation_answers(id)?;
            let total = q.questions().count();
            if json {
                print_json(&serde_json::json!({
                    "evaluation": e,
                    "vendors": vendors.iter().map(|v| serde_json::json!({
                        "vendor": v,
                        "answered": answers.iter().filter(|a| a.vendor_id == v.id).count(),
                    })).collect::<Vec<_>>(),
                    "questions": total,
                }));
            } else {
                println!("Evaluation {}: {}", e.id, e.name);
                if !e.notes.is_empty() {
                    println!("  notes: {}", e.notes);
                }
                println!(
                    "  questionnaire: {}@{} ({} questions)",
                    q.id, q.version, total
                );
                let profiles = if e.profiles.is_empty() {
                    "(the questionnaire's first)".to_string()
                } else {
                    e.profiles.join(", ")
                };
                println!("  profiles: {profiles}");
                println!("  {}", section_weights_line(&q, &e));
                println!("  as of: {}", e.as_of);
                if !e.evaluators.is_empty() {
                    println!("  evaluators: {}", e.evaluators.join(", "));
                }
                println!("  created {} · updated {}", e.created_at, e.updated_at);
                println!("  vendors:");
                for v in &vendors {
                    let n = answers.iter().filter(|a| a.vendor_id == v.id).count();
                    println!("  {}  {n}/{total} answered", vendor_line(v));
                }
            }
        }
        EvaluationCommand::Delete { id, yes } => {
            let mut store = open_existing(db)?;
            let e = store.evaluation(id)?;
            let vendors = store.vendors(id)?.len();
            let answers = store.evaluation_answers(id)?.len();
            confirm(
                &format!(
                    "Delete evaluation {id} \"{}\" with its {vendors} vendor(s) and {answers} answer(s)? This cannot be undone (the audit trail is kept).",
                    e.name
                ),
                yes,
            )?;
            store.delete_evaluation(id)?;
            println!("deleted evaluation {id} ({})", e.name);
        }
        EvaluationCommand::Duplicate { id, name } => {
            let mut store = open_existing(db)?;
            let copy = store.duplicate_evaluation(id, &name)?;
            println!("{copy}");
        }
        EvaluationCommand::Export { id, file } => {
            let store = open_existing(db)?;
            store.export_evaluation(id, &file)?;
            println!("exported evaluation {id} to {}", file.display());
        }
        EvaluationCommand::Import { file } => {
            let mut store = Store::open(db)?;
            let id = store.import_evaluation(&file)?;
            println!("{id}");
        }
        EvaluationCommand::Audit { id, json } => {
            let store = open_existing(db)?;
            let log = store.audit_log(id)?;
            if json {
                print_json(&log);
            } else {
                for a in log {
                    let show = |v: &Option<serde_json::Value>| {
                        v.as_ref()
                            .map(|v| v.to_string())
                            .unwrap_or_else(|| "—".into())
                    };
                    println!(
                        "{}  {}  {} {}{}{}: {} → {}",
                        a.at,
                        a.who,
                        a.action,
                        a.entity,
                        a.vendor_name.map(|n| format!(" {n}")).unwrap_or_default(),
                        a.question.map(|q| format!(" {q}")).unwrap_or_default(),
                        show(&a.old),
                        show(&a.new)
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn vendor(db: &Path, cmd: VendorCommand) -> Result<(), StoreError> {
    match cmd {
        VendorCommand::Add {
            evaluation,
            name,
            product,
            deployment,
            notes,
        } => {
            let mut store = open_existing(db)?;
            let id = store.add_vendor(
                evaluation,
                &NewVendor {
                    name,
                    product,
                    deployment,
                    notes,
                },
            )?;
            println!("{id}");
        }
        VendorCommand::List { evaluation, json } => {
            let store = open_existing(db)?;
            let vendors = store.vendors(evaluation)?;
            if json {
                print_json(&vendors);
            } else {
                for v in &vendors {
                    println!("{}", vendor_line(v));
                }
            }
        }
    }
    Ok(())
}

/// `  12  Acme — Enterprise [saas]`: a vendor as `vendor list` and `evaluation show` print it.
fn vendor_line(v: &store::Vendor) -> String {
    format!(
        "{:>4}  {}{}{}",
        v.id,
        v.name,
        v.product
            .as_deref()
            .map(|p| format!(" — {p}"))
            .unwrap_or_default(),
        v.deployment
            .map(|d| format!(" [{}]", d.as_str()))
            .unwrap_or_default()
    )
}

fn find_vendor(store: &Store, evaluation: i64, vendor: &str) -> Result<store::Vendor, StoreError> {
    match store.vendor_by_name(evaluation, vendor) {
        Ok(v) => Ok(v),
        Err(e) => match vendor.parse::<i64>() {
            Ok(id) => store
                .vendor(id)
                .ok()
                .filter(|v| v.evaluation_id == evaluation)
                .ok_or(e),
            Err(_) => Err(e),
        },
    }
}

pub fn answer(db: &Path, cmd: AnswerCommand) -> Result<(), StoreError> {
    let args = match cmd {
        AnswerCommand::Set(args) => args,
        AnswerCommand::Evidence(args) => return add_evidence(db, args),
    };
    let mut store = open_existing(db)?;
    let vendor = find_vendor(&store, args.evaluation, &args.vendor)?;
    let q = store.questionnaire(args.evaluation)?;
    let question = q.question(&args.question).ok_or_else(|| {
        StoreError::invalid_input(
            "--question",
            format!("there is no question \"{}\" in {}", args.question, q.id),
        )
    })?;
    let value = args.value.map(|raw| match &question.answer {
        AnswerSpec::Multi { .. } => AnswerValue::List(
            raw.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        AnswerSpec::Number { .. } => match raw.trim().parse::<f64>() {
            Ok(n) => AnswerValue::Number(n),
            Err(_) => AnswerValue::Text(raw),
        },
        _ => AnswerValue::Text(raw),
    });
    // Evidence already stored with the answer is kept.
    let evidence = store
        .answer(vendor.id, &args.question)?
        .map(|a| a.answer.evidence)
        .unwrap_or_default();
    let answer = Answer {
        question: args.question,
        value,
        na: args.na,
        comment: args.comment,
        provenance: args.source.map(|source| Provenance {
            source,
            reference: args.reference,
            as_of: args.source_date,
            confidence: args.confidence,
        }),
        evidence,
    };
    store.set_answer(vendor.id, &answer)?;
    println!("saved {} for {}", answer.question, vendor.name);
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failed write
/// leaves no half-written file.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    assay::report::write_atomic(path, bytes).map_err(|e| {
        vec![Diagnostic::in_file(
            &path.display().to_string(),
            format!("cannot write the file: {e}"),
        )]
    })
}

fn import_xlsx(
    db: &Path,
    file: &Path,
    evaluation: i64,
    vendor: &str,
    yes: bool,
) -> Result<(), StoreError> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file)
        .map_err(|e| StoreError::invalid_input(&name, format!("cannot read the file: {e}")))?;
    let mut store = open_existing(db)?;
    let today = chrono::Local::now().date_naive();
    let plan = workbook::plan_import(&mut store, evaluation, vendor, &name, &bytes, today)?;
    if plan.existing_answers > 0 && !plan.changes.is_empty() {
        println!(
            "{} already has {} answer(s); this workbook changes {}:",
            plan.vendor,
            plan.existing_answers,
            plan.changes.len()
        );
        for c in &plan.changes {
            println!(
                "  {}: {} → {}",
                c.question,
                c.old.as_ref().map_or("(unanswered)", |t| t.en.as_str()),
                c.new.en
            );
        }
        confirm(
            &format!(
                "Replace {} stored answer(s) of {}?",
                plan.changes.iter().filter(|c| c.old.is_some()).count(),
                plan.vendor
            ),
            yes,
        )?;
    }
    let summary = workbook::apply_import(&mut store, &plan)?;
    println!(
        "imported {} answer(s) for {} from {}{}",
        summary.answers_written,
        plan.vendor,
        name,
        if summary.vendors_created > 0 {
            " (new vendor)"
        } else {
            ""
        }
    );
    Ok(())
}

pub fn export_xlsx(db: &Path, evaluation: i64, out: &Path, lang: Lang) -> Result<(), StoreError> {
    let mut store = open_existing(db)?;
    let c = store.comparison(evaluation)?;
    let set = store.answer_set(evaluation)?;
    let bytes = workbook::export_comparison(&c, &set, lang)
        .map_err(|e| StoreError::invalid_input(&out.display().to_string(), e))?;
    write_file(out, &bytes).map_err(StoreError::Invalid)?;
    println!(
        "wrote {} ({} vendor(s), {} questions)",
        out.display(),
        c.vendors.len(),
        c.questionnaire.questions().count()
    );
    Ok(())
}

pub fn answers(db: &Path, cmd: AnswersCommand) -> Result<(), StoreError> {
    let (file, evaluation, yes) = match cmd {
        AnswersCommand::Import {
            file,
            evaluation,
            yes,
        } => (file, evaluation, yes),
        AnswersCommand::ImportXlsx {
            file,
            evaluation,
            vendor,
            yes,
        } => return import_xlsx(db, &file, evaluation, &vendor, yes),
    };
    let answers_file = answer_set::load_file(&file).map_err(StoreError::Invalid)?;
    let mut store = open_existing(db)?;
    let replaced = replaced_answers(&store, evaluation, &answers_file.set)?;
    if !replaced.is_empty() {
        println!("this file replaces {} stored answer(s):", replaced.len());
        for (vendor, question) in &replaced {
            println!("  {vendor}: {question}");
        }
        confirm(
            &format!("Replace these {} stored answer(s)?", replaced.len()),
            yes,
        )?;
    }
    let summary = store
        .import_answers(evaluation, &answers_file.file, &answers_file.set)
        .map_err(|e| match e {
            // Located in the file the user gave, like `assay score`'s problems.
            StoreError::Invalid(mut problems) => {
                assay::json_position::locate_all(&answers_file.text, &mut problems);
                StoreError::Invalid(problems)
            }
            other => other,
        })?;
    println!(
        "imported {} answer(s); {} new vendor(s)",
        summary.answers_written, summary.vendors_created
    );
    Ok(())
}

/// The stored answers (vendor, question) that importing `set` would change.
fn replaced_answers(
    store: &Store,
    evaluation: i64,
    set: &assay::answers::AnswerSet,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for va in &set.vendors {
        let Ok(vendor) = store.vendor_by_name(evaluation, &va.name) else {
            continue; // a new vendor: nothing of it is replaced
        };
        for a in &va.answers {
            if let Some(stored) = store.answer(vendor.id, &a.question)? {
                if stored.answer != *a {
                    out.push((vendor.name.clone(), a.question.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// Confirms a destructive action: `--yes`, or "y" / "yes" typed on standard
/// input after the question (printed on standard error). Anything else — "n",
/// an empty line, no input at all (a script, CI) — cancels: nothing is changed
/// and the command exits 1.
pub fn confirm(question: &str, yes: bool) -> Result<(), StoreError> {
    use std::io::{BufRead, Read};
    if yes {
        return Ok(());
    }
    eprint!("{question} [y/N] ");
    let mut line = String::new();
    // One short line at most: the answer, not a file piped in by mistake.
    let _ = std::io::stdin().lock().take(256).read_line(&mut line);
    if matches!(line.trim().to_lowercase().as_str(), "y" | "yes") {
        return Ok(());
    }
    eprintln!();
    Err(StoreError::refused(
        "not confirmed",
        "nothing was changed (type y to go ahead, or pass --yes)",
        "未确认：未作任何改动（输入 y 继续，或加 --yes）",
    ))
}

pub fn score(
    db: &Path,
    evaluation: i64,
    what_if: &store::WhatIf,
    json: bool,
    lang: Lang,
) -> Result<(), StoreError> {
    let mut store = open_existing(db)?;
    let c = store.comparison_with(evaluation, what_if)?;
    if json {
        print_json(&serde_json::json!({
            "evaluation": {"id": c.evaluation.id, "name": c.evaluation.name},
            "what_if": c.what_if,
            "questionnaire": {"id": c.questionnaire.id, "version": c.questionnaire.version},
            "formula_version": scoring::FORMULA_VERSION,
            "as_of": c.context.as_of,
            "profiles": c.context.profiles,
            "section_shares": scoring::section_shares(&c.questionnaire, &c.context),
            "vendors": c.vendors,
        }));
    } else {
        println!("{} (evaluation {})", c.evaluation.name, c.evaluation.id);
        if c.what_if {
            println!("what-if: scored with the profiles, as-of date and weights given; nothing was saved");
        }
        print!(
            "{}",
            report_text::score_report(&c.questionnaire, &c.context, &c.vendors, lang)
        );
    }
    Ok(())
}

/// `section weights: …` as `evaluation show` and `evaluation weights` print it.
fn section_weights_line(q: &assay::Questionnaire, e: &store::Evaluation) -> String {
    match &e.section_weights {
        None => "section weights: the profiles'".to_string(),
        Some(w) => format!(
            "section weights: set for this evaluation — {}",
            report_text::section_weights_list(q, w)
        ),
    }
}

pub fn backup(db: &Path, dest: &Path) -> Result<(), StoreError> {
    let store = open_existing(db)?;
    store.backup_to(dest)?;
    println!("backed up {} to {}", db.display(), dest.display());
    Ok(())
}

pub fn restore(db: &Path, src: &Path, yes: bool) -> Result<(), StoreError> {
    // Before `Store::open`, which would create a database that a bad `src` leaves empty.
    store::check_database_file(src)?;
    if db.exists() {
        confirm(
            &format!(
                "Replace everything in {} with the content of {}? (the current content is saved to a file first)",
                db.display(),
                src.display()
            ),
            yes,
        )?;
    }
    let mut store = Store::open(db)?;
    let saved = store.restore_from(src)?;
    println!("restored {} from {}", db.display(), src.display());
    if let Some(saved) = saved {
        println!("the previous content was saved to {}", saved.display());
    }
    Ok(())
}

pub fn demo(db: &Path) -> Result<(), StoreError> {
    let mut store = Store::open(db)?;
    let id = store::demo::ensure_demo(&mut store)?;
    println!("{id}");
    Ok(())
}

pub fn crash_writer(db: &Path, args: CrashWriterArgs) -> Result<(), StoreError> {
    let mut store = open_existing(db)?;
    let mut answer = store
        .answer(args.vendor, &args.question)?
        .ok_or_else(|| StoreError::NoAnswer {
            vendor: args.vendor,
            question: args.question.clone(),
        })?
        .answer;
    let stdout = std::io::stdout();
    for i in args.start.. {
        answer.comment = Some(format!("write {i}"));
        store.set_answer(args.vendor, &answer)?;
        let mut out = stdout.lock();
        // Printed only after the commit returned.
        if writeln!(out, "{i}").and_then(|_| out.flush()).is_err() {
            break;
        }
    }
    Ok(())
}

fn add_evidence(db: &Path, args: EvidenceAddArgs) -> Result<(), StoreError> {
    // Refused before the evidence is saved, so a bad file leaves the answer as it was.
    if let Some(file) = &args.file {
        store::check_attachment(file)?;
    }
    let mut store = open_existing(db)?;
    let vendor = find_vendor(&store, args.evaluation, &args.vendor)?;
    let mut answer = store
        .answer(vendor.id, &args.question)?
        .map(|a| a.answer)
        .ok_or_else(|| {
            StoreError::invalid_input(
                "--question",
                format!(
                    "{} has no answer to {} yet; set the answer first (assay answer set)",
                    vendor.name, args.question
                ),
            )
        })?;
    answer.evidence.push(Evidence {
        kind: args.kind,
        identifier: args.identifier,
        issuer: args.issuer,
        scope: args.scope,
        issued: args.issued,
        expires: args.expires,
        url: args.url,
    });
    let index = answer.evidence.len() - 1;
    store.set_answer(vendor.id, &answer)?;
    match &args.file {
        Some(file) => {
            let sha = store.attach_file(vendor.id, &args.question, index, file)?;
            println!(
                "added evidence {} to {} for {} (file sha256:{sha})",
                index + 1,
                args.question,
                vendor.name
            );
        }
        None => println!(
            "added evidence {} to {} for {}",
            index + 1,
            args.question,
            vendor.name
        ),
    }
    Ok(())
}
