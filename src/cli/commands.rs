//! One function per subcommand: open the database when the command needs one,
//! call the application layer (`assay::app`), print. No validation or domain
//! logic here — the app's commands call the same functions.

use crate::args::*;
use crate::confirm::confirm;
use crate::Problems;
use assay::app::text;
use assay::app::{self, evaluations, questionnaires, report, score, Store, StoreError};
use assay::{Diagnostic, Lang};
use std::path::{Path, PathBuf};

type Result<T = ()> = std::result::Result<T, StoreError>;

/// Runs one command; its error becomes the printed problems (exit 1).
pub fn run(db_flag: Option<PathBuf>, command: Command) -> std::result::Result<(), Problems> {
    let db = || db_path(db_flag.clone());
    let result = match command {
        Command::Questionnaire(cmd) => return questionnaire_command(cmd, db().ok()),
        Command::Score(args) => score_command(args, &db_flag),
        Command::Evaluation(cmd) => evaluation_command(&db_flag, cmd),
        Command::Vendor(cmd) => vendor_command(&db_flag, cmd),
        Command::Schedule(args) => schedule(&db_flag, args),
        Command::Answer(AnswerCommand::Set(args)) => answer_set(&db_flag, args),
        Command::Answer(AnswerCommand::Evidence(args)) => evidence_add(&db_flag, args),
        Command::Answer(AnswerCommand::Copy(args)) => copy_answers(&db_flag, args),
        Command::Answer(AnswerCommand::NotApplicable(args)) => {
            section_not_applicable(&db_flag, args)
        }
        Command::Answers(cmd) => answers_command(&db_flag, cmd),
        Command::ExportXlsx {
            evaluation,
            out,
            lang,
            force,
        } => export_xlsx(&db_flag, evaluation, &out, lang, force),
        Command::Backup { dest, force } => db().and_then(|db| {
            evaluations::backup(&existing(&db)?, &dest, force)?;
            outln!("backed up {} to {}", db.display(), dest.display());
            Ok(())
        }),
        Command::Restore { src, yes } => db().and_then(|db| restore(&db, &src, yes)),
        Command::Example => db().and_then(|db| {
            outln!("{}", evaluations::example(&mut Store::open(&db)?)?);
            Ok(())
        }),
        Command::Demo => db().and_then(|db| {
            outln!("{}", evaluations::demo(&mut Store::open(&db)?)?);
            Ok(())
        }),
        Command::Export(args) => export(args, &db_flag),
        Command::Verify(args) => return verify(args, db_flag),
        Command::Sign(args) => sign(args),
        Command::Certificate(CertificateCommand::Trial { organisation, out }) => {
            trial_certificate(&organisation, &out)
        }
        Command::Team(cmd) => db_address(db_flag).and_then(|db| team_command(&db, cmd)),
    };
    result.map_err(problems)
}

/// A store error as the problems printed: each located problem on its line.
fn problems(e: StoreError) -> Problems {
    match e {
        StoreError::Invalid(problems) => problems,
        e => vec![Diagnostic::in_file("assay", e.to_string())],
    }
}

/// The database file: `--db`, else `$ASSAY_DB`, else the OS application-data
/// folder. A team database's postgres:// address is refused here with the
/// reason (only `assay team` uses one yet), not taken for a file name.
fn db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    let path = db_address(flag)?;
    let shown = path.to_string_lossy();
    if app::team::is_team_url(&shown) {
        return Err(StoreError::LocalOnly {
            url: app::team::without_password(&shown),
        });
    }
    Ok(path)
}

/// `--db`, else `$ASSAY_DB`, else the default database file.
fn db_address(flag: Option<PathBuf>) -> Result<PathBuf> {
    flag.or_else(|| {
        std::env::var_os("ASSAY_DB")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
    })
    .or_else(app::default_db_path)
    .ok_or_else(|| {
        StoreError::invalid_input(
            "--db",
            "no application-data folder is known on this system; pass --db PATH",
        )
    })
}

fn existing(db: &Path) -> Result<Store> {
    app::open_store(db, true)
}

/// A command that changes evaluation `evaluation`: `action` — the app's own
/// functions, returning what to print — runs on the local database, or on a
/// team database through a snapshot of the evaluation (and of `also_read`,
/// which it only reads), written back in one transaction only if nothing it
/// changed was changed meanwhile. What it returns is printed once stored.
fn change(
    db_flag: &Option<PathBuf>,
    evaluation: i64,
    also_read: &[i64],
    action: impl FnOnce(&mut Store) -> Result<String>,
) -> Result {
    let address = db_address(db_flag.clone())?;
    let shown = address.to_string_lossy();
    let printed = if app::team::is_team_url(&shown) {
        app::team::change(&shown, evaluation, also_read, action)?.0
    } else {
        action(&mut existing(&address)?)?
    };
    out!("{printed}");
    Ok(())
}

/// A command that creates an evaluation — `create` returns its id, on an
/// empty store or, with `from`, one holding that evaluation — in the local
/// database or the team database (created on a throw-away store, then
/// pushed whole). Returns its id where it was created.
fn create(
    db_flag: &Option<PathBuf>,
    from: Option<i64>,
    create: impl FnOnce(&mut Store) -> Result<i64>,
) -> Result<i64> {
    let address = db_address(db_flag.clone())?;
    let shown = address.to_string_lossy();
    if app::team::is_team_url(&shown) {
        return app::team::create(&shown, from, create);
    }
    let mut store = match from {
        Some(_) => existing(&address)?,
        None => Store::open(&address)?,
    };
    create(&mut store)
}

/// One line, as `outln!` prints it.
macro_rules! printed_line {
    ($($arg:tt)*) => { format!("{}\n", format!($($arg)*)) };
}

fn print_json(v: &impl serde::Serialize) {
    outln!("{}", serde_json::to_string_pretty(v).expect("serializable"));
}

// ------------------------------------------------------------ questionnaires

fn questionnaire_command(
    cmd: QuestionnaireCommand,
    db: Option<PathBuf>,
) -> std::result::Result<(), Problems> {
    match cmd {
        QuestionnaireCommand::Check { files } => {
            let mut all_valid = true;
            for file in &files {
                match questionnaires::check_file(file) {
                    Ok(q) => outln!(
                        "{}: ok — {}@{}, {} sections, {} questions, {} profiles",
                        file.display(),
                        q.id,
                        q.version,
                        q.sections,
                        q.questions,
                        q.profiles
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
            // The problems are already printed under each file's heading.
            all_valid.then_some(()).ok_or_else(Vec::new)
        }
        QuestionnaireCommand::Show { file, lang } => {
            let q = questionnaires::resolve(&file).map_err(problems)?;
            out!("{}", text::outline(&q, lang));
            Ok(())
        }
        QuestionnaireCommand::List => {
            for s in questionnaires::bundled() {
                outln!(
                    "{}@{}  {} sections, {} questions  {}  ({})",
                    s.id,
                    s.version,
                    s.sections,
                    s.questions,
                    s.title.en,
                    s.title.zh_cn
                );
            }
            Ok(())
        }
        QuestionnaireCommand::ExportXlsx {
            file,
            lang,
            out,
            force,
        } => {
            app::check_output_path(db.as_deref(), &out, force).map_err(problems)?;
            let (q, bytes) = questionnaires::blank_workbook(&file, lang).map_err(problems)?;
            app::write_file(&out, &bytes).map_err(problems)?;
            outln!(
                "wrote {} ({}@{}, {} questions)",
                out.display(),
                q.id,
                q.version,
                q.questions().count()
            );
            Ok(())
        }
        QuestionnaireCommand::Schema { answers, clauses } => {
            out!(
                "{}",
                questionnaires::schema(if clauses {
                    questionnaires::SchemaOf::Clauses
                } else if answers {
                    questionnaires::SchemaOf::Answers
                } else {
                    questionnaires::SchemaOf::Questionnaire
                })
            );
            Ok(())
        }
    }
}

// ------------------------------------------------------------ scores

fn file_options(
    input: AnswersFileArgs,
    weights: Vec<(String, f64)>,
    coverage_threshold: Option<f64>,
) -> score::FileOptions {
    score::FileOptions {
        questionnaire: input.questionnaire,
        profiles: input.profiles,
        as_of: input.as_of,
        weights,
        coverage_threshold,
    }
}

fn score_command(args: ScoreArgs, db_flag: &Option<PathBuf>) -> Result {
    if let Some(id) = args.evaluation {
        let what_if = app::WhatIf {
            profiles: args.input.profiles,
            as_of: args.input.as_of,
            weights: args.weights,
            coverage_threshold: args.coverage_threshold,
        };
        let mut reading = Reading::open(db_flag, id)?;
        let c = score::score_evaluation(reading.store(), id, &what_if)?;
        if args.json {
            print_json(&score::comparison_json(&c));
        } else {
            outln!("{} (evaluation {})", c.evaluation.name, c.evaluation.id);
            if let Some(line) = reading.team_line() {
                outln!("{line}");
            }
            if c.what_if {
                outln!("what-if: scored with the profiles, as-of date and weights given; nothing was saved");
            }
            out!(
                "{}",
                text::score_report(&c.questionnaire, &c.context, &c.vendors, args.lang)
            );
        }
        return Ok(());
    }
    // clap requires the file whenever --evaluation is absent.
    let file = args.answers.unwrap_or_default();
    let scored = score::score_answers_file(
        &file,
        &file_options(args.input, args.weights, args.coverage_threshold),
    )?;
    if args.json {
        print_json(&score::file_json(&scored));
    } else {
        let (q, ctx) = (&scored.loaded.questionnaire, &scored.loaded.context);
        out!("{}", text::score_report(q, ctx, &scored.vendors, args.lang));
    }
    Ok(())
}

// ------------------------------------------------------------ evaluations

fn evaluation_command(db_flag: &Option<PathBuf>, cmd: EvaluationCommand) -> Result {
    // Listing, reading and changing one evaluation work on a team database
    // too (a consistent copy; a change written back); upgrading, moving
    // evaluations in and out as bundles need the local file.
    let cmd = match evaluation_change(db_flag, cmd)? {
        Some(other) => other,
        None => return Ok(()),
    };
    match cmd {
        EvaluationCommand::List { json } => {
            if let Some(url) = team_url(db_flag) {
                return team_command(Path::new(&url), TeamCommand::List { json });
            }
        }
        EvaluationCommand::Show { id, json } => {
            return show(&mut Reading::open(db_flag, id)?, id, json)
        }
        EvaluationCommand::Audit { id, json } => {
            return audit(&Reading::open(db_flag, id)?, id, json)
        }
        _ => {}
    }
    let db = &db_path(db_flag.clone())?;
    match cmd {
        // Done above, on either kind of database.
        EvaluationCommand::Show { .. }
        | EvaluationCommand::Audit { .. }
        | EvaluationCommand::Create { .. }
        | EvaluationCommand::Edit { .. }
        | EvaluationCommand::Weights { .. }
        | EvaluationCommand::Threshold { .. }
        | EvaluationCommand::Delete { .. }
        | EvaluationCommand::Duplicate { .. } => {}
        EvaluationCommand::List { json } => {
            let list = evaluations::evaluations_with_vendor_counts(&existing(db)?)?;
            if json {
                print_json(&list.iter().map(|(e, _)| e).collect::<Vec<_>>());
            } else {
                out!("{}", text::evaluation_list(&list));
            }
        }
        EvaluationCommand::Import { file } => {
            outln!(
                "{}",
                evaluations::import_bundle(&mut Store::open(db)?, &file)?
            );
        }
        EvaluationCommand::Upgrade { .. } | EvaluationCommand::Export { .. } => {}
    }
    Ok(())
}

/// The evaluation commands that work the same on either kind of database
/// (creating, changing and deleting one); any other command is handed back.
fn evaluation_change(
    db_flag: &Option<PathBuf>,
    cmd: EvaluationCommand,
) -> Result<Option<EvaluationCommand>> {
    match cmd {
        EvaluationCommand::Create {
            name,
            questionnaire,
            profiles,
            as_of,
            evaluators,
            notes,
            weights,
        } => {
            let args = evaluations::NewEvaluationArgs {
                name,
                questionnaire,
                profiles,
                as_of,
                evaluators,
                notes,
                weights,
            };
            let id = create(db_flag, None, |store| {
                Ok(evaluations::create_evaluation_from(store, &args)?.id)
            })?;
            outln!("{id}");
        }
        EvaluationCommand::Duplicate { id, name } => {
            let copy = create(db_flag, Some(id), |store| {
                Ok(evaluations::duplicate_evaluation(store, id, &name)?.id)
            })?;
            outln!("{copy}");
        }
        EvaluationCommand::Edit {
            id,
            name,
            notes,
            profiles,
            as_of,
            evaluators,
            no_evaluators,
        } => {
            let edit = evaluations::DetailsEdit {
                name,
                notes,
                profiles: (!profiles.is_empty()).then_some(profiles),
                as_of,
                evaluators: if no_evaluators {
                    Some(Vec::new())
                } else {
                    (!evaluators.is_empty()).then_some(evaluators)
                },
            };
            change(db_flag, id, &[], |store| {
                let e = evaluations::edit_details(store, id, &edit)?;
                Ok(printed_line!(
                    "evaluation {}: {} · as of {} · profiles: {} · evaluators: {}",
                    e.id,
                    e.name,
                    e.as_of,
                    e.profiles.join(", "),
                    if e.evaluators.is_empty() {
                        "—".to_string()
                    } else {
                        e.evaluators.join(", ")
                    }
                ))
            })?;
        }
        EvaluationCommand::Weights { id, weights, reset } => {
            change(db_flag, id, &[], |store| {
                let e =
                    evaluations::set_section_weights(store, id, (!reset).then_some(&weights[..]))?;
                let q = store.questionnaire(id)?;
                Ok(printed_line!("{}", text::section_weights_line(&q, &e)))
            })?;
        }
        EvaluationCommand::Threshold { id, percent, reset } => {
            change(db_flag, id, &[], |store| {
                let e = evaluations::set_coverage_threshold(
                    store,
                    id,
                    if reset { None } else { percent },
                )?;
                Ok(printed_line!("{}", text::coverage_threshold_line(&e)))
            })?;
        }
        EvaluationCommand::Delete { id, yes } => {
            change(db_flag, id, &[], |store| {
                let d = evaluations::evaluation_details(store, id)?;
                let answers: usize = d.vendors.iter().map(|(_, n)| n).sum();
                confirm(
                    &format!(
                        "Delete evaluation {id} \"{}\" with its {} vendor(s) and {answers} answer(s)? This cannot be undone (the audit trail is kept).",
                        d.evaluation.name,
                        d.vendors.len()
                    ),
                    yes,
                )?;
                let e = evaluations::delete_evaluation(store, id)?;
                Ok(printed_line!("deleted evaluation {id} ({})", e.name))
            })?;
        }
        EvaluationCommand::Upgrade { id, to, yes } => {
            change(db_flag, id, &[], |store| {
                let target = match to {
                    Some(t) => t,
                    None => store.evaluation(id)?.questionnaire_id,
                };
                let new_text = questionnaires::text(&target)?;
                let plan = app::upgrade::plan_upgrade(store, id, &target, &new_text)?;
                out!("{}", text::upgrade_preview(&plan));
                confirm(
                    &format!(
                        "Upgrade evaluation {id} to {} {}: {} answer(s) carried, {} dropped?",
                        plan.questionnaire,
                        plan.to_version,
                        plan.carried(),
                        plan.dropped()
                    ),
                    yes,
                )?;
                app::upgrade::apply_upgrade(store, &plan)?;
                Ok(printed_line!(
                    "upgraded evaluation {id} from {} {} to {}",
                    plan.questionnaire,
                    plan.from_version,
                    plan.to_version
                ))
            })?;
        }
        EvaluationCommand::Import { file } if team_url(db_flag).is_some() => {
            // Into a team database, importing a bundle is pushing it.
            team_command(
                &db_address(db_flag.clone())?,
                TeamCommand::Push { bundle: file },
            )?;
        }
        EvaluationCommand::Export { id, file, force } => {
            app::check_output_path(local_db(db_flag).as_deref(), &file, force)?;
            let reading = Reading::open(db_flag, id)?;
            evaluations::export_bundle(reading.store_ref(), id, &file)?;
            outln!("exported evaluation {id} to {}", file.display());
        }
        other => return Ok(Some(other)),
    }
    Ok(None)
}

fn show(reading: &mut Reading, id: i64, json: bool) -> Result {
    let d = evaluations::evaluation_details(reading.store(), id)?;
    if json {
        print_json(&evaluations::details_json(&d));
    } else {
        out!("{}", text::evaluation_details(&d));
        if let Some(line) = reading.team_line() {
            outln!("{line}");
        }
    }
    Ok(())
}

fn audit(reading: &Reading, id: i64, json: bool) -> Result {
    let log = evaluations::audit_trail(reading.store_ref(), id)?;
    if json {
        print_json(&log);
    } else {
        out!("{}", text::audit_trail(&log));
    }
    Ok(())
}

/// An evaluation a command only reads: in the local database, or — with a
/// team database's address — a consistent copy of the team's evaluation
/// (with the team's ids), read in one transaction.
enum Reading {
    Local(Store),
    /// The team database's address, and the copy read from it.
    Team(String, app::team::TeamSnapshot),
}

impl Reading {
    fn open(db_flag: &Option<PathBuf>, id: i64) -> Result<Reading> {
        let address = db_address(db_flag.clone())?;
        let shown = address.to_string_lossy();
        if app::team::is_team_url(&shown) {
            let snapshot = app::team::snapshot(&shown, id)?;
            return Ok(Reading::Team(shown.into_owned(), snapshot));
        }
        Ok(Reading::Local(existing(&address)?))
    }

    fn store(&mut self) -> &mut Store {
        match self {
            Reading::Local(store) => store,
            Reading::Team(_, snapshot) => &mut snapshot.store,
        }
    }

    fn store_ref(&self) -> &Store {
        match self {
            Reading::Local(store) => store,
            Reading::Team(_, snapshot) => &snapshot.store,
        }
    }

    /// Where a team evaluation was read from and whether it is signed off.
    fn team_line(&self) -> Option<String> {
        let Reading::Team(_, snapshot) = self else {
            return None;
        };
        Some(match &snapshot.signed_off {
            Some(s) => format!(
                "read from the team database; signed off by {} at {}: frozen",
                s.by, s.at
            ),
            None => "read from the team database; not signed off".to_string(),
        })
    }
}

fn restore(db: &Path, src: &Path, yes: bool) -> Result {
    // Before the store is opened, which would create a database that a bad
    // `src` leaves empty.
    evaluations::check_restore_source(src)?;
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
    let saved = evaluations::restore(&mut Store::open(db)?, src)?;
    outln!("restored {} from {}", db.display(), src.display());
    if let Some(saved) = saved {
        outln!("the previous content was saved to {}", saved.display());
    }
    Ok(())
}

// ------------------------------------------------------------ vendors, answers

/// `assay vendor schedule` / `assay schedule`: one vendor's security schedule (DOCX).
fn schedule(db_flag: &Option<PathBuf>, args: ScheduleArgs) -> Result {
    app::check_output_path(local_db(db_flag).as_deref(), &args.out, args.force)?;
    let mut reading = Reading::open(db_flag, args.evaluation)?;
    let store = reading.store();
    let vendor = app::answers::find_vendor(store, args.evaluation, &args.vendor)?;
    let done =
        app::schedule::security_schedule(store, vendor.id, args.lang, args.clauses.as_deref())?;
    app::write_file(&args.out, &done.bytes)?;
    outln!(
        "wrote {}: {} clauses for {}, {} to negotiate, {} left out (not applicable)",
        args.out.display(),
        done.clauses,
        vendor.name,
        done.to_negotiate,
        done.left_out
    );
    Ok(())
}

fn vendor_command(db_flag: &Option<PathBuf>, cmd: VendorCommand) -> Result {
    // Every vendor command works on either kind of database: reading on a
    // consistent copy, changing through a snapshot written back.
    match cmd {
        VendorCommand::List { evaluation, json } => vendor_list(db_flag, evaluation, json)?,
        VendorCommand::Schedule(args) => schedule(db_flag, args)?,
        VendorCommand::Add {
            evaluation,
            name,
            product,
            deployment,
            notes,
        } => {
            let edit = app::VendorEdit {
                name: name.clone(),
                product,
                deployment,
                notes: Some(notes),
            };
            change(db_flag, evaluation, &[], |store| {
                app::add_vendor(store, evaluation, &edit)?;
                Ok(String::new())
            })?;
            // Its id where it was stored (in a team database, the team's).
            let reading = Reading::open(db_flag, evaluation)?;
            let added = app::answers::find_vendor(reading.store_ref(), evaluation, name.trim())?;
            outln!("{}", added.id);
        }
        VendorCommand::Requests {
            evaluation,
            vendor,
            json,
            lang,
        } => {
            let mut reading = Reading::open(db_flag, evaluation)?;
            let store = reading.store();
            let vendor = app::answers::find_vendor(store, evaluation, &vendor)?;
            let requests = app::vendor_requests(store, vendor.id)?;
            if json {
                print_json(&requests);
            } else {
                out!("{}", text::request_list(&vendor.name, &requests, lang));
            }
        }
        VendorCommand::Negotiation {
            evaluation,
            vendor,
            lang,
        } => {
            let mut reading = Reading::open(db_flag, evaluation)?;
            let store = reading.store();
            let vendor = app::answers::find_vendor(store, evaluation, &vendor)?;
            let view = app::negotiation::negotiation_points(store, vendor.id)?;
            out!("{}", text::negotiation_points(&view, lang));
        }
        VendorCommand::Negotiate {
            evaluation,
            vendor,
            clause,
            accept_risk,
            resolved,
            reopen,
        } => {
            use app::negotiation::NegotiationDecision;
            use app::NegotiationStatus;
            let (status, note) = match (accept_risk, resolved, reopen) {
                (Some(reason), None, false) => (NegotiationStatus::AcceptedRisk, reason),
                (None, Some(place), false) => (NegotiationStatus::Resolved, place),
                (None, None, true) => (NegotiationStatus::Open, String::new()),
                _ => {
                    return Err(StoreError::refused(
                        "negotiate",
                        "say one decision: --accept-risk REASON, --resolved WHERE or --reopen",
                        "请给出一个决定：--accept-risk 理由、--resolved 出处 或 --reopen",
                    ))
                }
            };
            change(db_flag, evaluation, &[], |store| {
                let vendor = app::answers::find_vendor(store, evaluation, &vendor)?;
                let view = app::negotiation::decide_negotiation(
                    store,
                    vendor.id,
                    &NegotiationDecision {
                        clause,
                        status,
                        note,
                    },
                )?;
                Ok(text::negotiation_points(&view, Lang::En))
            })?;
        }
        VendorCommand::FollowUpXlsx {
            evaluation,
            vendor,
            out,
            lang,
            force,
        } => {
            let mut reading = Reading::open(db_flag, evaluation)?;
            app::check_output_path(reading.store_ref().path(), &out, force)?;
            let store = reading.store();
            let vendor = app::answers::find_vendor(store, evaluation, &vendor)?;
            let (bytes, questions) = app::follow_up_workbook(store, vendor.id, lang)?;
            app::write_file(&out, &bytes)?;
            outln!(
                "wrote {} ({} questions to ask {})",
                out.display(),
                questions,
                vendor.name
            );
        }
    }
    Ok(())
}

fn vendor_list(db_flag: &Option<PathBuf>, evaluation: i64, json: bool) -> Result {
    let vendors = Reading::open(db_flag, evaluation)?
        .store_ref()
        .vendors(evaluation)?;
    if json {
        print_json(&vendors);
    } else {
        for v in &vendors {
            outln!("{}", text::vendor_line(v));
        }
    }
    Ok(())
}

fn answer_set(db_flag: &Option<PathBuf>, args: AnswerSetArgs) -> Result {
    let edit = app::AnswerEdit {
        question: args.question.clone(),
        value: None,
        na: args.na,
        state: args.state,
        comment: args.comment,
        source: args.source,
        reference: args.reference,
        source_date: args.source_date.map(|d| d.to_string()),
        confidence: args.confidence,
        // `--based-on` goes to the team save below (and is refused locally).
        based_on: None,
    };
    if let Some(url) = team_url(db_flag) {
        let saved = app::team::save_typed_answer(
            &url,
            args.evaluation,
            &args.vendor,
            edit,
            args.value.as_deref(),
            args.based_on,
        );
        match saved {
            Ok((vendor, app::team::TeamSave::Saved { revision })) => outln!(
                "saved {} for {vendor} in the team database (revision {revision})",
                args.question
            ),
            Ok((vendor, app::team::TeamSave::Unchanged)) => outln!(
                "{} for {vendor} was already so: nothing saved",
                args.question
            ),
            Err(StoreError::Team(app::team::TeamError::Conflict { conflict })) => {
                // Theirs is kept; saving over it is a deliberate second step.
                return Err(StoreError::refused(
                    "answer",
                    format!(
                        "{} (to save yours over theirs: the same command with --based-on {})",
                        conflict.text().en,
                        conflict.revision
                    ),
                    format!(
                        "{}（如要用您的覆盖对方的：同一命令加 --based-on {}）",
                        conflict.text().zh_cn,
                        conflict.revision
                    ),
                ));
            }
            Err(e) => return Err(e),
        }
        return Ok(());
    }
    if args.based_on.is_some() {
        return Err(StoreError::invalid_input(
            "--based-on",
            "--based-on is for a team database (--db postgres://…): a local database has one writer at a time",
        ));
    }
    let mut store = existing(&db_path(db_flag.clone())?)?;
    let vendor = app::answers::find_vendor(&store, args.evaluation, &args.vendor)?;
    app::answers::save_typed_answer(&mut store, &vendor, edit, args.value.as_deref())?;
    outln!("saved {} for {}", args.question, vendor.name);
    Ok(())
}

fn section_not_applicable(db_flag: &Option<PathBuf>, args: NotApplicableArgs) -> Result {
    change(db_flag, args.evaluation, &[], |store| {
        let vendor = app::answers::find_vendor(store, args.evaluation, &args.vendor)?;
        let done = app::mark_section_not_applicable(store, vendor.id, &args.section, &args.reason)?;
        let mut printed = printed_line!(
            "marked {} question(s) of {} not applicable for {}: {}",
            done.marked.len(),
            args.section,
            vendor.name,
            done.marked.join(", ")
        );
        if done.answered > 0 || done.not_allowed > 0 {
            printed += &printed_line!(
                "left as they were: {} answered, {} that do not allow N/A",
                done.answered,
                done.not_allowed
            );
        }
        Ok(printed)
    })
}

fn copy_answers(db_flag: &Option<PathBuf>, args: CopyArgs) -> Result {
    change(db_flag, args.evaluation, &[args.from_evaluation], |store| {
        let vendor = app::answers::find_vendor(store, args.evaluation, &args.vendor)?;
        let from_name = args.from_vendor.as_deref().unwrap_or(&vendor.name);
        let from = app::answers::find_vendor(store, args.from_evaluation, from_name)?;
        let plan = if args.dry_run {
            app::plan_copy_answers(store, from.id, vendor.id)?
        } else {
            app::copy_answers(store, from.id, vendor.id)?.plan
        };
        let verb = if args.dry_run { "would copy" } else { "copied" };
        let mut printed = printed_line!(
            "{verb} {} answer(s) from “{}” › {} into {}: {}",
            plan.copy.len(),
            plan.source.evaluation,
            plan.source.vendor,
            vendor.name,
            plan.copy.join(", ")
        );
        if !plan.kept.is_empty() {
            printed += &printed_line!(
                "kept as recorded here: {} question(s): {}",
                plan.kept.len(),
                plan.kept.join(", ")
            );
        }
        for n in &plan.not_fitting {
            printed += &printed_line!("not copied: {}: {}", n.question, n.reason.en);
        }
        Ok(printed)
    })
}

fn evidence_add(db_flag: &Option<PathBuf>, args: EvidenceAddArgs) -> Result {
    let edit = app::EvidenceEdit {
        kind: args.kind,
        identifier: args.identifier,
        issuer: args.issuer,
        scope: args.scope,
        issued: args.issued.map(|d| d.to_string()),
        expires: args.expires.map(|d| d.to_string()),
        url: args.url,
    };
    change(db_flag, args.evaluation, &[], |store| {
        let vendor = app::answers::find_vendor(store, args.evaluation, &args.vendor)?;
        let (n, sha) = app::answers::add_evidence_with_file(
            store,
            &vendor,
            &args.question,
            &edit,
            args.file.as_deref(),
        )?;
        Ok(match sha {
            Some(sha) => printed_line!(
                "added evidence {n} to {} for {} (file sha256:{sha})",
                args.question,
                vendor.name
            ),
            None => printed_line!(
                "added evidence {n} to {} for {}",
                args.question,
                vendor.name
            ),
        })
    })
}

fn answers_command(db_flag: &Option<PathBuf>, cmd: AnswersCommand) -> Result {
    match cmd {
        AnswersCommand::Import {
            file,
            evaluation,
            yes,
        } => change(db_flag, evaluation, &[], |store| {
            let import = app::answers::preview_answers_import(store, evaluation, &file)?;
            if !import.replaces.is_empty() {
                outln!(
                    "this file replaces {} stored answer(s):",
                    import.replaces.len()
                );
                for (vendor, question) in &import.replaces {
                    outln!("  {vendor}: {question}");
                }
                confirm(
                    &format!("Replace these {} stored answer(s)?", import.replaces.len()),
                    yes,
                )?;
            }
            let summary = app::answers::import_answers(store, evaluation, &import)?;
            Ok(printed_line!(
                "imported {} answer(s); {} new vendor(s)",
                summary.answers_written,
                summary.vendors_created
            ))
        }),
        AnswersCommand::ImportXlsx {
            file,
            evaluation,
            vendor,
            yes,
        } => change(db_flag, evaluation, &[], |store| {
            import_xlsx(store, &file, evaluation, &vendor, yes)
        }),
    }
}

/// Imports a vendor's workbook into `store`, asking before it replaces
/// stored answers; returns what to print once it is stored.
fn import_xlsx(
    store: &mut Store,
    file: &Path,
    evaluation: i64,
    vendor: &str,
    yes: bool,
) -> Result<String> {
    let today = chrono::Local::now().date_naive();
    let plan = app::plan_workbook_import(store, evaluation, vendor, file, today)?;
    if plan.existing_answers > 0 && !plan.changes.is_empty() {
        outln!(
            "{} already has {} answer(s); this workbook changes {}:",
            plan.vendor,
            plan.existing_answers,
            plan.changes.len()
        );
        for c in &plan.changes {
            outln!(
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
    let summary = app::apply_workbook_import(store, &plan)?;
    Ok(printed_line!(
        "imported {} answer(s) for {} from {}{}",
        summary.answers_written,
        plan.vendor,
        file.display(),
        if summary.vendors_created > 0 {
            " (new vendor)"
        } else {
            ""
        }
    ))
}

fn export_xlsx(
    db_flag: &Option<PathBuf>,
    evaluation: i64,
    out: &Path,
    lang: Lang,
    force: bool,
) -> Result {
    app::check_output_path(local_db(db_flag).as_deref(), out, force)?;
    let mut reading = Reading::open(db_flag, evaluation)?;
    let bytes = app::comparison_workbook(reading.store(), evaluation, lang)?;
    app::write_file(out, &bytes)?;
    let d = evaluations::evaluation_details(reading.store(), evaluation)?;
    outln!(
        "wrote {} ({} vendor(s), {} questions)",
        out.display(),
        d.vendors.len(),
        d.questionnaire.questions().count()
    );
    Ok(())
}

// ------------------------------------------------------------ the report

fn export(args: ExportArgs, db_flag: &Option<PathBuf>) -> Result {
    app::check_output_path(local_db(db_flag).as_deref(), &args.out, args.force)?;
    let with_schedules = args.schedule_all || !args.schedules.is_empty();
    if args.clauses.is_some() && !with_schedules {
        return Err(StoreError::refused(
            "--clauses",
            "--clauses is used only with --schedule VENDOR or --schedule-all",
            "--clauses 仅与 --schedule 供应商 或 --schedule-all 一起使用",
        ));
    }
    let font = report::FontLoading::start();
    // A stored evaluation is read from the local database or, with a team
    // database's address, from a consistent copy of the team's evaluation.
    let mut reading = None;
    let mut data = match args.evaluation {
        Some(id) => {
            let reading = reading.insert(Reading::open(db_flag, id)?);
            if let Reading::Team(url, _) = reading {
                app::team::check_may_record_exports(url)?;
            }
            report::report_data_from_store(reading.store(), id)?
        }
        None => report::report_data_from_file(
            // clap requires --answers whenever --evaluation is absent.
            &args.answers.unwrap_or_default(),
            &file_options(args.input, Vec::new(), None),
            args.name,
            args.evaluators,
        )?,
    };
    if with_schedules {
        app::schedule::add_schedule_annex(&mut data, &args.schedules, args.clauses.as_deref())?;
    }
    let status = args.status.as_deref().map(|s| match s {
        "final" => report::ReportStatus::Final,
        _ => report::ReportStatus::Draft,
    });
    report::set_status_and_marking(&mut data, status, args.marking.as_deref())?;
    let generated_at = args
        .generated_at
        .unwrap_or_else(|| chrono::Local::now().fixed_offset());
    let signer = match &args.sign {
        Some(p12) => Some(report::signing_identity(p12, &certificate_password(p12)?)?),
        None => None,
    };
    let rendered = report::export_pdf(
        &data,
        generated_at,
        args.lang,
        &args.out,
        signer.as_ref(),
        font,
    )?;
    if let (Some(evaluation), Some(reading)) = (args.evaluation, reading.as_mut()) {
        let recorded = match reading {
            Reading::Local(store) => {
                report::record_export(store, evaluation, &rendered, args.lang, generated_at)
            }
            Reading::Team(url, _) => {
                app::team::record_export(url, evaluation, &rendered, args.lang, generated_at)
            }
        };
        if let Err(e) = recorded {
            // A report its database has no record of could not be verified
            // against it later: not kept.
            let _ = std::fs::remove_file(&args.out);
            return Err(e);
        }
    }
    outln!(
        "{}: {} pages, {} bytes, fingerprint {}",
        args.out.display(),
        rendered.pages,
        rendered.bytes.len(),
        rendered.fingerprint
    );
    if let Some(signer) = &signer {
        print_signed_by(signer);
    }
    Ok(())
}

/// The password of a certificate file: $ASSAY_SIGN_PASSWORD, else asked on
/// the terminal without echo — never a flag (it would stay in the shell's
/// history and the process list).
fn certificate_password(file: &Path) -> Result<String> {
    if let Ok(password) = std::env::var("ASSAY_SIGN_PASSWORD") {
        return Ok(password);
    }
    use std::io::IsTerminal;
    let asked = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {}: ", file.display()))
    } else {
        Err(std::io::Error::other("standard input is not a terminal"))
    };
    asked.map_err(|e| {
        StoreError::refused(
            "password",
            format!(
                "no password for {}: set ASSAY_SIGN_PASSWORD or run in a terminal ({e})",
                file.display()
            ),
            format!(
                "没有 {} 的密码：请设置 ASSAY_SIGN_PASSWORD，或在终端中运行（{e}）",
                file.display()
            ),
        )
    })
}

/// The password to keep for a team database: $PGPASSWORD, else asked on the
/// terminal without echo — never a flag.
fn team_password(url: &str) -> Result<String> {
    if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Ok(password);
    }
    use std::io::IsTerminal;
    let shown = app::team::without_password(url);
    let asked = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {shown}: "))
    } else {
        Err(std::io::Error::other("standard input is not a terminal"))
    };
    asked.map_err(|e| {
        StoreError::refused(
            "password",
            format!("no password for {shown}: set PGPASSWORD or run in a terminal ({e})"),
            format!("没有 {shown} 的密码：请设置 PGPASSWORD，或在终端中运行（{e}）"),
        )
    })
}

fn print_signed_by(signer: &report::SigningIdentity) {
    outln!("signed by {}", signer.subject());
    if signer.is_self_signed() {
        outln!(
            "note: the certificate is self-signed: the signature proves the report is unchanged since signing, not who signed it"
        );
    }
}

fn sign(args: SignArgs) -> Result {
    let password = certificate_password(&args.certificate)?;
    let signer = report::signing_identity(&args.certificate, &password)?;
    let out = args.out.as_deref().unwrap_or(&args.file);
    let signed = report::sign_report_file(&args.file, out, &signer)?;
    outln!(
        "{}: signed ({} bytes; the report with fingerprint {} is unchanged inside it)",
        out.display(),
        signed.bytes,
        signed.fingerprint
    );
    print_signed_by(&signer);
    Ok(())
}

fn trial_certificate(organisation: &str, out: &Path) -> Result {
    let password = certificate_password(out)?;
    let identity = report::create_trial_certificate(organisation, &password, out)?;
    outln!(
        "wrote {}: a self-signed trial certificate for {}",
        out.display(),
        identity.subject()
    );
    outln!(
        "A signature made with it proves a report is unchanged since it was signed, not who signed it: nobody vouches for the name. Sign contracts with a certificate issued by your organisation's CA or a public CA."
    );
    Ok(())
}

fn verify(args: VerifyArgs, db_flag: Option<PathBuf>) -> std::result::Result<(), Problems> {
    let file = args.file.display().to_string();
    let bytes = app::report::read_report_file(&args.file)
        .map_err(|e| vec![Diagnostic::in_file(&file, e.to_string())])?;
    // With a database (--db or $ASSAY_DB): was this exact report exported from it?
    let asked = db_flag.is_some() || std::env::var_os("ASSAY_DB").is_some();
    let store = asked.then(|| ledger(db_flag));
    let v = report::verify_report(&bytes, store, &args.trust).map_err(problems)?;
    for c in &v.verification.checks {
        let mark = match c.ok {
            Some(true) => "ok",
            Some(false) => "MODIFIED",
            None => "note",
        };
        outln!("  {:<13} {mark}: {}", c.name, c.detail);
    }
    if args.details {
        if let Some(fp) = &v.verification.fingerprint {
            outln!("  {:<13} stated in the report: {fp}", "fingerprint");
        }
        if let Some(sha) = &v.verification.embedded_sha256 {
            outln!("  {:<13} of the embedded data: {sha}", "SHA-256");
        }
    }
    let not_from_db = print_stored_state(&v.stored);
    for sentence in v.verification.summary() {
        outln!("{sentence}");
    }
    if let Some(message) = &v.verification.not_assay {
        outln!("{file}: {message}");
        return Err(Vec::new());
    }
    if !v.verification.ok() {
        outln!("{file}: MODIFIED");
        return Err(Vec::new());
    }
    if not_from_db {
        outln!("{file}: NOT FROM THIS DATABASE — a consistent Assay report, but this database has no export of it");
        return Err(Vec::new());
    }
    outln!(
        "{file}: OK — fingerprint {}",
        v.verification.fingerprint.as_deref().unwrap_or("?")
    );
    Ok(())
}

/// Prints what the database says; true when it has no export of the report.
/// The local database file, if `--db`/`$ASSAY_DB` names one (not a team
/// database): an output file must not overwrite it.
fn local_db(db_flag: &Option<PathBuf>) -> Option<PathBuf> {
    db_path(db_flag.clone()).ok()
}

/// The team database's address when `--db`/`$ASSAY_DB` gives one.
fn team_url(db_flag: &Option<PathBuf>) -> Option<String> {
    let address = db_address(db_flag.clone()).ok()?;
    let shown = address.to_string_lossy();
    app::team::is_team_url(&shown).then(|| shown.into_owned())
}

/// The database `verify` looks a report up in: the local file, or a team
/// database (`postgres://`).
fn ledger(db_flag: Option<PathBuf>) -> Result<Box<dyn report::ExportLedger>> {
    let address = db_address(db_flag)?;
    let shown = address.to_string_lossy();
    if app::team::is_team_url(&shown) {
        return Ok(Box::new(app::team::ledger(&shown)?));
    }
    Ok(Box::new(existing(&address)?))
}

fn print_stored_state(stored: &report::StoredState) -> bool {
    let label = "database";
    match stored {
        report::StoredState::Exported { records, unchanged } => {
            for r in records {
                let signed = r
                    .signed_by
                    .as_deref()
                    .map(|s| format!(", signed by {s}"))
                    .unwrap_or_default();
                // "2026-12-07 03:14 UTC", not the stored RFC 3339 with milliseconds.
                let at = chrono::DateTime::parse_from_rfc3339(&r.exported_at)
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|_| r.exported_at.clone());
                outln!(
                    "  {label:<13} ok: this exact report was exported from evaluation {} (\"{}\") on {at} by {}{signed}",
                    r.evaluation_id, r.evaluation_name, r.exported_by
                );
            }
            match unchanged {
                Some(true) => outln!(
                    "  {label:<13} ok: the evaluation is unchanged since the export"
                ),
                Some(false) => outln!(
                    "  {label:<13} note: the evaluation has changed since the export (a new export would differ)"
                ),
                None => outln!("  {label:<13} note: the evaluation is no longer in the database"),
            }
            false
        }
        report::StoredState::NotExportedHere {
            named_now_gives_it: Some(true),
        } => {
            outln!(
                "  {label:<13} note: no export of this report is recorded in this database, but the evaluation it names gives exactly this report today (it may have been exported before exports were recorded, or made elsewhere from the same data)"
            );
            false
        }
        report::StoredState::NotExportedHere { named_now_gives_it } => {
            outln!(
                "  {label:<13} NOT FOUND: no export with this fingerprint in this database{}",
                if *named_now_gives_it == Some(false) {
                    "; the evaluation it names gives a different report"
                } else {
                    ""
                }
            );
            true
        }
        report::StoredState::Unavailable { reason } => {
            outln!("  {label:<13} note: not checked: {reason}");
            false
        }
        report::StoredState::NotChecked => false,
    }
}

// ------------------------------------------------------------ team database

fn team_command(db: &Path, cmd: TeamCommand) -> Result {
    use app::team;
    let url = db.to_string_lossy();
    if !team::is_team_url(&url) {
        return Err(StoreError::invalid_input(
            "--db",
            format!(
                "{}: `assay team` works on a team database: --db postgres://USER@HOST/DATABASE (or $ASSAY_DB); see docs/team.md",
                db.display()
            ),
        ));
    }
    match cmd {
        TeamCommand::Status => print_team_status(&team::status(&url)?),
        TeamCommand::Migrate => {
            let done = team::migrate(&url)?;
            if done.from == done.to {
                outln!(
                    "the team schema is already at version {}: nothing to do",
                    done.to
                );
            } else {
                outln!(
                    "the team schema was upgraded from version {} to {}",
                    done.from,
                    done.to
                );
            }
        }
        TeamCommand::List { json } => {
            let evaluations = team::list(&url)?;
            if json {
                print_json(&evaluations);
            } else {
                print_team_evaluations(&evaluations);
            }
        }
        TeamCommand::Watch { evaluation, count } => watch(&url, evaluation, count)?,
        TeamCommand::Grant { user, role } => {
            let role = team::parse_role(&role)?;
            team::grant(&url, &user, role)?;
            outln!(
                "{user} now has the role {} ({})",
                role.label().en,
                role.role_name()
            );
        }
        TeamCommand::AddMember { evaluation, user } => {
            team::add_member(&url, evaluation, &user)?;
            outln!("{user} is a member of evaluation {evaluation} and may change it");
        }
        TeamCommand::SignOff { evaluation } => {
            team::sign_off(&url, evaluation)?;
            outln!("evaluation {evaluation} is signed off: the database refuses every change to it until an administrator reopens it");
        }
        TeamCommand::Password(PasswordCommand::Remember) => {
            let password = team_password(&url)?;
            team::remember_password(&url, &password)?;
            outln!(
                "the password for {} is kept in the system keyring; Assay uses it when PGPASSWORD and the password file have none",
                team::without_password(&url)
            );
        }
        TeamCommand::Password(PasswordCommand::Forget { yes }) => {
            confirm(
                &format!(
                    "Remove the password kept in the system keyring for {}?",
                    team::without_password(&url)
                ),
                yes,
            )?;
            if team::forget_password(&url)? {
                outln!(
                    "the password for {} was removed from the system keyring",
                    team::without_password(&url)
                );
            } else {
                outln!(
                    "the system keyring held no password for {}",
                    team::without_password(&url)
                );
            }
        }
        TeamCommand::Push { bundle } => {
            let m = team::push(&url, &bundle)?;
            outln!(
                "pushed {} as team evaluation {}: {} vendors, {} answers, {} evidence ({} files), {} audit rows; you are its member",
                bundle.display(), m.evaluation, m.vendors, m.answers, m.evidence, m.files, m.audit_rows
            );
        }
        TeamCommand::Pull {
            evaluation,
            out,
            force,
        } => {
            let m = team::pull(&url, evaluation, &out, force)?;
            outln!(
                "wrote team evaluation {} to {}: {} vendors, {} answers, {} evidence ({} files), {} audit rows — import it with `assay evaluation import {}`",
                m.evaluation, out.display(), m.vendors, m.answers, m.evidence, m.files, m.audit_rows, out.display()
            );
        }
        TeamCommand::Reopen { evaluation } => {
            team::reopen(&url, evaluation)?;
            outln!("evaluation {evaluation} is reopened: its members may change it again");
        }
    }
    Ok(())
}

/// `assay team watch`: one line per change, and when the connection is lost
/// and back (said once each, not on every retry).
fn watch(url: &str, evaluation: Option<i64>, count: Option<u64>) -> Result {
    use app::team::WatchEvent;
    let target = app::team::without_password(url);
    let mut changes = 0;
    let mut lost = false;
    app::team::watch(url, evaluation, |event| {
        let now = chrono::Local::now().format("%H:%M:%S");
        match event {
            WatchEvent::Listening { user } => outln!(
                "watching {target} as {user} for changes{} (Ctrl-C to stop)",
                evaluation
                    .map(|e| format!(" to evaluation {e}"))
                    .unwrap_or_default()
            ),
            WatchEvent::Changed(change) => {
                changes += 1;
                let what = change.evaluation.map_or_else(
                    || "the team database".to_string(),
                    |e| format!("evaluation {e}"),
                );
                outln!("{now}  {} changed {what}", change.who);
            }
            WatchEvent::Lost(e) if !lost => {
                lost = true;
                outln!("{now}  {e}");
            }
            WatchEvent::Lost(_) => {}
            WatchEvent::Reconnected => {
                lost = false;
                outln!("{now}  connected again: changes made while the connection was lost were not seen — read the evaluation again");
            }
        }
        count.is_none_or(|n| changes < n)
    })
}

fn print_team_evaluations(evaluations: &[app::team::TeamEvaluation]) {
    if evaluations.is_empty() {
        outln!("the team database has no evaluations yet (add one with `assay team push BUNDLE`)");
        return;
    }
    for e in evaluations {
        let state = match &e.signed_off {
            Some(s) => format!("signed off by {} at {}: frozen", s.by, s.at),
            None if e.you_may_edit => "open; you may change it".to_string(),
            None => "open; you may read it, not change it".to_string(),
        };
        let members = if e.members.is_empty() {
            "none".to_string()
        } else {
            e.members.join(", ")
        };
        outln!(
            "{:>4}  {}  (as of {}; {} vendors, {} answers; members: {members}) — {state}",
            e.id,
            e.name,
            e.as_of,
            e.vendors,
            e.answers
        );
    }
}

fn print_team_status(s: &app::team::TeamStatus) {
    use app::team::SchemaState;
    outln!(
        "team database: {} (PostgreSQL {})",
        s.target,
        s.server_version
    );
    let roles: Vec<String> = s.roles.iter().map(|r| r.label().en).collect();
    let roles = match (roles.is_empty(), s.superuser) {
        (true, false) => {
            "no Assay role: an administrator grants one (assay team grant)".to_string()
        }
        (true, true) => "superuser, no Assay role".to_string(),
        (false, true) => format!("{}, superuser", roles.join(", ")),
        (false, false) => roles.join(", "),
    };
    outln!(
        "you are: {} — {roles}; the audit log records this name",
        s.user
    );
    match s.schema {
        SchemaState::Missing => outln!(
            "schema: not set up — an administrator runs `assay --db URL team migrate`"
        ),
        SchemaState::Foreign => outln!(
            "schema: a schema \"assay\" Assay did not make — Assay will not use or change it"
        ),
        SchemaState::At { version } if version == s.known_version => {
            outln!("schema: version {version}, as this Assay expects")
        }
        SchemaState::At { version } if version < s.known_version => outln!(
            "schema: version {version}, older than this Assay's {} — an administrator runs `assay --db URL team migrate`",
            s.known_version
        ),
        SchemaState::At { version } => outln!(
            "schema: version {version}, newer than this Assay's {} — update Assay",
            s.known_version
        ),
    }
    let tls = match (s.tls, s.tls_mode) {
        (false, _) => "not encrypted (add sslmode=verify-full&sslrootcert=CA.pem; docs/team.md)".to_string(),
        (true, "verify-full") => "encrypted (TLS); the server's certificate and name checked (sslmode=verify-full)".to_string(),
        (true, "verify-ca") => "encrypted (TLS); the server's certificate checked, not its name (sslmode=verify-ca)".to_string(),
        (true, mode) => format!("encrypted (TLS), but the server's certificate is not checked (sslmode={mode}): use verify-full"),
    };
    outln!("connection: {tls}");
}
