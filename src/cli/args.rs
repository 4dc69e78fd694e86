//! The command line's arguments (clap). Parsing only: every flag here is either
//! used by its subcommand or refused by clap (`conflicts_with`, exit 2), and
//! `main` refuses `--db` where no database is read (ARCHITECTURE.md, invariant 27).

use assay::app::{self, AnswerState, Deployment, EvidenceKind, SourceKind, WbLang};
use assay::Lang;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "assay",
    version,
    about = "Security due diligence of instant-messaging vendors"
)]
pub struct Cli {
    /// The database (default: $ASSAY_DB, else assay/assay.db in the OS data folder).
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// `assay vendor schedule` (also `assay schedule`).
#[derive(Args)]
pub struct ScheduleArgs {
    #[arg(long)]
    pub evaluation: i64,
    /// The vendor's name or id.
    #[arg(long)]
    pub vendor: String,
    #[arg(long)]
    pub out: PathBuf,
    /// en, zh-CN or both.
    #[arg(long, default_value = "both", value_parser = parse_wb_lang)]
    pub lang: WbLang,
    /// A clause file to use instead of the one shipped with the questionnaire.
    #[arg(long)]
    pub clauses: Option<PathBuf>,
    /// Replace --out if it exists (never the database or its files).
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check, outline or describe questionnaire files.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Score vendors' answers from a JSON answers file, or a stored evaluation.
    Score(ScoreArgs),
    /// Create, list, show, delete, export and import evaluations in the database.
    #[command(subcommand)]
    Evaluation(EvaluationCommand),
    /// Add and list an evaluation's vendors.
    #[command(subcommand)]
    Vendor(VendorCommand),
    /// Set a vendor's answer to a question.
    #[command(subcommand)]
    Answer(AnswerCommand),
    /// Import answers files into an evaluation.
    #[command(subcommand)]
    Answers(AnswersCommand),
    /// Write an evaluation's comparison (section and answer matrices) to an XLSX file.
    #[command(name = "export-xlsx")]
    ExportXlsx {
        #[arg(long)]
        evaluation: i64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Replace DEST/--out if it exists (never the database or its files).
        #[arg(long)]
        force: bool,
    },
    /// Copy the whole database to DEST (safe while the app is open); refuses a
    /// damaged database, and an existing DEST unless --force.
    Backup {
        dest: PathBuf,
        /// Replace DEST/--out if it exists (never the database or its files).
        #[arg(long)]
        force: bool,
    },
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
    /// Create the fictional example evaluation: invented vendors, complete answers (once); prints its id.
    Example,
    /// Write the comparison PDF (zh-CN or en), with the data it was computed from embedded.
    Export(ExportArgs),
    /// Check a report PDF: prints OK, or MODIFIED with what differs (exit 1);
    /// later additions (notes, signatures) are listed apart from the report.
    Verify(VerifyArgs),
    /// Sign an exported report with the organisation's certificate (PAdES), as
    /// an incremental update: the bytes Assay wrote stay as they are. The
    /// certificate's password comes from $ASSAY_SIGN_PASSWORD or a prompt.
    Sign(SignArgs),
    /// Signing certificates: `assay certificate trial` makes a self-signed one.
    #[command(subcommand)]
    Certificate(CertificateCommand),
    /// Write a vendor's security schedule (安全附件, DOCX); the same as
    /// `assay vendor schedule`.
    Schedule(ScheduleArgs),
    /// A team database (PostgreSQL, `--db postgres://USER@HOST/DB`): set it up,
    /// check who you are to it, grant roles and members, sign off. docs/team.md.
    #[command(subcommand)]
    Team(TeamCommand),
}

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Who you are to the database (the name its audit log records), your
    /// roles, the schema's version and whether the connection is encrypted.
    Status,
    /// Set up or upgrade the team schema and its roles (an administrator:
    /// the database's owner or a user who may create roles and schemas).
    Migrate,
    /// List the team's evaluations: ids, vendors, members, sign-off, and
    /// whether you may change each.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show other people's changes as they are committed, until Ctrl-C (the
    /// connection is restored by itself if it is lost).
    Watch {
        /// Only changes to this evaluation.
        #[arg(long)]
        evaluation: Option<i64>,
        /// Stop after this many changes (e.g. 1: wait for the next change).
        #[arg(long)]
        count: Option<u64>,
    },
    /// Give a database user an Assay role (an administrator).
    Grant {
        /// The database user (a PostgreSQL login role).
        user: String,
        /// viewer, evaluator, approver or admin.
        #[arg(long)]
        role: String,
    },
    /// Let a database user change an evaluation (an administrator).
    AddMember {
        #[arg(long)]
        evaluation: i64,
        /// The database user (a PostgreSQL login role).
        user: String,
    },
    /// Sign an evaluation off (an approver): it is frozen from then on.
    SignOff {
        #[arg(long)]
        evaluation: i64,
    },
    /// Reopen a signed-off evaluation (an administrator).
    Reopen {
        #[arg(long)]
        evaluation: i64,
    },
    /// Keep your password for this team database in the system keyring, or
    /// remove it (instead of PGPASSWORD or ~/.pgpass).
    #[command(subcommand)]
    Password(PasswordCommand),
    /// Put an evaluation bundle (`assay evaluation export`) into the team
    /// database as a new evaluation, all or nothing, with its audit history.
    Push {
        /// The bundle file.
        bundle: PathBuf,
    },
    /// Write a team evaluation to a bundle file, for `assay evaluation import`.
    Pull {
        #[arg(long)]
        evaluation: i64,
        #[arg(long)]
        out: PathBuf,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum PasswordCommand {
    /// Check the password against the database, then keep it in the system
    /// keyring (GNOME Keyring/KWallet, Keychain, Credential Manager). It is
    /// read from PGPASSWORD, else asked on the terminal without echo.
    Remember,
    /// Remove the password kept in the system keyring for this database.
    Forget {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The stored evaluation to export (with --db / $ASSAY_DB), with its own name,
    /// evaluators, questionnaire, profiles and as-of date: the flags that set those
    /// for an answers file are refused with it.
    #[arg(
        long,
        conflicts_with_all = ["answers", "questionnaire", "profiles", "as_of", "name", "evaluators"],
        required_unless_present = "answers"
    )]
    pub evaluation: Option<i64>,
    /// Or an answers file (the `assay score` format), without the database.
    #[arg(long)]
    pub answers: Option<PathBuf>,
    #[command(flatten)]
    pub input: AnswersFileArgs,
    /// The evaluation's name on the cover; default: the questionnaire's title.
    #[arg(long)]
    pub name: Option<String>,
    /// An evaluator's name (repeatable).
    #[arg(long = "evaluator")]
    pub evaluators: Vec<String>,
    /// The generated-at time (RFC 3339), for reproducible files; default: now.
    #[arg(long, value_parser = parse_datetime)]
    pub generated_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Lang,
    /// Print this vendor's security schedule as Annex C: contract clauses from
    /// its answers, the ones to negotiate marked (repeatable; the editable DOCX
    /// is `assay vendor schedule`).
    #[arg(long = "schedule", value_name = "VENDOR")]
    pub schedules: Vec<String>,
    /// Print every vendor's security schedule as Annex C.
    #[arg(long, conflicts_with = "schedules")]
    pub schedule_all: bool,
    /// Print "draft" or "final" on every page and the cover (default: neither).
    #[arg(long, value_parser = ["draft", "final"])]
    pub status: Option<String>,
    /// The confidentiality marking printed on every page (one line, ≤ 120
    /// characters), e.g. "CONFIDENTIAL — procurement and legal only".
    #[arg(long, value_name = "TEXT")]
    pub marking: Option<String>,
    /// The clause file of the schedules (default: the one shipped with the
    /// questionnaire); only with --schedule or --schedule-all.
    #[arg(long, value_name = "FILE")]
    pub clauses: Option<PathBuf>,
    /// Where to write the PDF (written to a temporary file, then renamed).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace --out if it exists (never the database or its files).
    #[arg(long)]
    pub force: bool,
    /// Sign the report with the organisation's certificate (.p12 / .pfx;
    /// the password from $ASSAY_SIGN_PASSWORD or a prompt).
    #[arg(long, value_name = "ORG.p12")]
    pub sign: Option<PathBuf>,
}

/// How an answers file is scored (`score` and `export`).
#[derive(clap::Args)]
pub struct AnswersFileArgs {
    /// The questionnaire file; by default the bundled one the answers name.
    #[arg(long)]
    pub questionnaire: Option<PathBuf>,
    /// Buyer profile to apply (repeatable); overrides the answers file's.
    #[arg(long = "profile")]
    pub profiles: Vec<String>,
    /// Judge evidence and dates at this date (YYYY-MM-DD); default: the file's, else today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The report PDF.
    pub file: PathBuf,
    /// A certificate (PEM) to trust as a signer's issuer, besides this
    /// computer's (repeatable), e.g. the organisation's own CA.
    #[arg(long, value_name = "CA.pem")]
    pub trust: Vec<PathBuf>,
    /// Also print the fingerprints (SHA-256) compared.
    #[arg(long)]
    pub details: bool,
}

#[derive(clap::Args)]
pub struct SignArgs {
    /// The report PDF (an intact Assay report).
    pub file: PathBuf,
    /// The organisation's certificate with its private key (.p12 / .pfx).
    #[arg(long = "with", value_name = "ORG.p12")]
    pub certificate: PathBuf,
    /// Write the signed report here instead of replacing FILE.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum CertificateCommand {
    /// Make a self-signed certificate for a trial: a signature made with it
    /// proves a report is unchanged since signing, not who signed it. The
    /// file's password comes from $ASSAY_SIGN_PASSWORD or a prompt.
    Trial {
        /// The organisation's name, as the certificate states it.
        #[arg(long)]
        organisation: String,
        /// The PKCS#12 file to write (never over an existing file).
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_datetime(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|_| format!("'{s}' is not an RFC 3339 time such as 2026-05-04T10:30:00+08:00"))
}

#[derive(Subcommand)]
pub enum QuestionnaireCommand {
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
        /// Replace DEST/--out if it exists (never the database or its files).
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of questionnaire files (or of answers files, or of
    /// contract clause files).
    Schema {
        #[arg(long, conflicts_with = "clauses")]
        answers: bool,
        /// The schema of clause files (the security schedule's clauses).
        #[arg(long)]
        clauses: bool,
    },
}

#[derive(clap::Args)]
pub struct ScoreArgs {
    /// The answers file (see `assay questionnaire schema --answers`).
    #[arg(required_unless_present = "evaluation", conflicts_with = "evaluation")]
    pub answers: Option<PathBuf>,
    /// Score a stored evaluation (see `assay evaluation list`) instead of a file;
    /// --profile, --as-of and --weight then re-score it without saving anything.
    #[arg(long, conflicts_with = "questionnaire")]
    pub evaluation: Option<i64>,
    #[command(flatten)]
    pub input: AnswersFileArgs,
    /// What-if section weight, e.g. --weight IRV=30 (repeatable; nothing is saved).
    #[arg(long = "weight", value_parser = parse_weight)]
    pub weights: Vec<(String, f64)>,
    /// The coverage (percent of the score resting on answers) a vendor needs to be
    /// ranked; default: the evaluation's, else 60 (nothing is saved).
    #[arg(long, value_parser = parse_percent)]
    pub coverage_threshold: Option<f64>,
    /// Print the full result as JSON (language-neutral: ids and both texts).
    #[arg(long)]
    pub json: bool,
    /// The language of the text report (not with --json).
    #[arg(long, default_value = "en", value_parser = parse_lang, conflicts_with = "json")]
    pub lang: Lang,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("'{s}' is not a language; use en or zh-CN"))
}

fn parse_wb_lang(s: &str) -> Result<WbLang, String> {
    WbLang::parse(s).ok_or_else(|| format!("'{s}' is not a language; use en, zh-CN or both"))
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    // The same strict reader as date answers: "2027-1-5" is not YYYY-MM-DD.
    app::parse_iso_date(s).ok_or_else(|| format!("'{s}' is not a date in the form YYYY-MM-DD"))
}

fn parse_state(s: &str) -> Result<AnswerState, String> {
    match s.trim() {
        "awaiting_vendor" | "awaiting" => Ok(AnswerState::AwaitingVendor),
        "declined" => Ok(AnswerState::Declined),
        "unknown" => Ok(AnswerState::Unknown),
        _ => Err(format!(
            "'{s}' is not a state; use awaiting_vendor, declined or unknown"
        )),
    }
}

pub fn parse_percent(s: &str) -> Result<f64, String> {
    let p: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))?;
    if !p.is_finite() || !(0.0..=100.0).contains(&p) {
        return Err(format!("{p} is not a percentage from 0 to 100"));
    }
    Ok(p)
}

pub fn parse_weight(s: &str) -> Result<(String, f64), String> {
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
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Evaluator name (repeatable).
        #[arg(long = "evaluator")]
        evaluators: Vec<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// Section weight of this evaluation, e.g. --weight IRV=30 (repeatable);
        /// sections not named keep their profiles' weight.
        #[arg(long = "weight", value_parser = parse_weight)]
        weights: Vec<(String, f64)>,
    },
    /// Change an evaluation's name, notes, profiles, as-of date or evaluators
    /// (audited). Each option given replaces the stored value; --profile and
    /// --evaluator (repeatable) replace the whole list; --no-evaluators clears it.
    Edit {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long = "profile")]
        profiles: Vec<String>,
        /// The date evidence is judged at (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long = "evaluator", conflicts_with = "no_evaluators")]
        evaluators: Vec<String>,
        #[arg(long)]
        no_evaluators: bool,
    },
    /// Set an evaluation's own section weights (sections not named keep their
    /// current weight), or go back to its profiles' weights with --reset.
    Weights {
        id: i64,
        #[arg(long = "weight", value_parser = parse_weight, required_unless_present = "reset")]
        weights: Vec<(String, f64)>,
        #[arg(long, conflicts_with = "weights")]
        reset: bool,
    },
    /// Set the coverage (percent of the score resting on answers) a vendor needs
    /// to be ranked, or go back to the default (60) with --reset.
    Threshold {
        id: i64,
        #[arg(value_parser = parse_percent, required_unless_present = "reset")]
        percent: Option<f64>,
        #[arg(long, conflicts_with = "percent")]
        reset: bool,
    },
    /// Upgrade an evaluation to a newer version of its questionnaire: shows what
    /// each vendor's answers become (carried, dropped, newly open, rescored), then
    /// asks (type y) before applying it all at once; --yes applies without asking.
    Upgrade {
        id: i64,
        /// The newer questionnaire: a file, or a bundled id (default: the bundled
        /// questionnaire with the evaluation's questionnaire id).
        #[arg(long)]
        to: Option<String>,
        /// Apply without asking.
        #[arg(long)]
        yes: bool,
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
    Export {
        id: i64,
        file: PathBuf,
        /// Replace FILE if it exists (never the database or its files).
        #[arg(long)]
        force: bool,
    },
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
    /// A vendor's request list: the open questions and the evidence to ask for,
    /// knockouts first, then by how much of the total they could move.
    Requests {
        #[arg(long)]
        evaluation: i64,
        /// The vendor's name or id.
        #[arg(long)]
        vendor: String,
        #[arg(long)]
        json: bool,
        /// The language of the text list (not with --json).
        #[arg(long, default_value = "en", value_parser = parse_lang, conflicts_with = "json")]
        lang: Lang,
    },
    /// Write the vendor's security schedule (安全附件, DOCX): one contract clause per
    /// commitment that matters, from its answers; where an answer falls short, the
    /// buyer's requirement, marked for negotiation and listed at the end.
    Schedule(ScheduleArgs),
    /// List the negotiation points of the vendor's security schedule: each clause
    /// whose answer falls short of the buyer's requirement (or that no question
    /// asks), what the vendor answered, and where it stands.
    Negotiation {
        #[arg(long)]
        evaluation: i64,
        /// The vendor's name or id.
        #[arg(long)]
        vendor: String,
        /// en or zh-CN.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Decide a negotiation point: accept the risk (with the reason), mark it
    /// resolved in the contract (with where; the vendor's answer becomes the one
    /// the clause settles on, source "contract clause"), or reopen it. Audited.
    Negotiate {
        #[arg(long)]
        evaluation: i64,
        /// The vendor's name or id.
        #[arg(long)]
        vendor: String,
        /// The clause's id, as `vendor negotiation` lists it (e.g. incident-notification).
        #[arg(long)]
        clause: String,
        /// Accept the vendor's position; REASON says why.
        #[arg(long, value_name = "REASON", conflicts_with_all = ["resolved", "reopen"])]
        accept_risk: Option<String>,
        /// Settled in the contract; WHERE says where (e.g. "MSA §12.3").
        #[arg(long, value_name = "WHERE", conflicts_with = "reopen")]
        resolved: Option<String>,
        /// Back to "to negotiate".
        #[arg(long)]
        reopen: bool,
    },
    /// Write the follow-up workbook: the blank workbook with only the questions on
    /// the vendor's request list (send it; import the reply with `answers import-xlsx`).
    FollowUpXlsx {
        #[arg(long)]
        evaluation: i64,
        /// The vendor's name or id.
        #[arg(long)]
        vendor: String,
        #[arg(long)]
        out: PathBuf,
        /// en, zh-CN or both.
        #[arg(long, default_value = "both", value_parser = parse_wb_lang)]
        lang: WbLang,
        /// Replace --out if it exists (never the database or its files).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum AnswerCommand {
    /// Set one vendor's answer to one question (recorded in the audit trail).
    Set(AnswerSetArgs),
    /// Add a piece of evidence (certificate, report, clause …) to an answer,
    /// optionally with the file itself (stored once under its SHA-256).
    Evidence(EvidenceAddArgs),
    /// Mark every unanswered question of a section that allows it "not
    /// applicable" with one reason (answered questions are never changed).
    NotApplicable(NotApplicableArgs),
    /// Copy a vendor's answers from another evaluation of the same questionnaire
    /// (the same product assessed before) into the questions with nothing
    /// recorded here; what is recorded here is never changed.
    Copy(CopyArgs),
}

#[derive(Args)]
pub struct CopyArgs {
    /// The evaluation to copy into.
    #[arg(long)]
    pub evaluation: i64,
    /// The vendor to copy into: its name or id.
    #[arg(long)]
    pub vendor: String,
    /// The evaluation to copy from.
    #[arg(long)]
    pub from_evaluation: i64,
    /// The vendor to copy from, its name or id (default: the one named by --vendor).
    #[arg(long)]
    pub from_vendor: Option<String>,
    /// Say what would be copied; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args)]
pub struct NotApplicableArgs {
    #[arg(long)]
    pub evaluation: i64,
    /// The vendor's name or id.
    #[arg(long)]
    pub vendor: String,
    /// The section's id, e.g. CNC.
    #[arg(long)]
    pub section: String,
    /// Why these questions do not apply (kept on each answer).
    #[arg(long)]
    pub reason: String,
}

#[derive(Args)]
pub struct EvidenceAddArgs {
    #[arg(long)]
    pub evaluation: i64,
    /// The vendor's name or id.
    #[arg(long)]
    pub vendor: String,
    #[arg(long)]
    pub question: String,
    /// certificate, audit_report, pentest_letter, contract_clause, screenshot, url or other.
    #[arg(long, value_parser = parse_evidence_kind)]
    pub kind: EvidenceKind,
    /// Certificate no., 备案编号, CMVP no., report no.
    #[arg(long)]
    pub identifier: Option<String>,
    #[arg(long)]
    pub issuer: Option<String>,
    /// The scope statement, as written on the certificate or report.
    #[arg(long)]
    pub scope: Option<String>,
    /// Issue date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub issued: Option<NaiveDate>,
    /// Expiry date or end of the report period (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub expires: Option<NaiveDate>,
    /// Verification link (IAF CertSearch, cx.cnca.cn, STAR registry, …).
    #[arg(long)]
    pub url: Option<String>,
    /// The evidence file to keep with the evaluation (PDF, image, …).
    #[arg(long)]
    pub file: Option<PathBuf>,
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
    pub evaluation: i64,
    /// The vendor's name or id.
    #[arg(long)]
    pub vendor: String,
    #[arg(long)]
    pub question: String,
    /// yes/partial/no, an option id, comma-separated ids (multi), a number, an
    /// alternative id, a date or text — as the question's type requires.
    #[arg(long, conflicts_with_all = ["na", "state"], required_unless_present_any = ["na", "state"])]
    pub value: Option<String>,
    /// Not applicable, with this reason.
    #[arg(long, conflicts_with = "state")]
    pub na: Option<String>,
    /// No answer yet: awaiting_vendor (asked), declined (the vendor refused; scores
    /// 0 and fails knockouts) or unknown (still unknown after asking).
    #[arg(long, value_parser = parse_state)]
    pub state: Option<AnswerState>,
    #[arg(long)]
    pub comment: Option<String>,
    /// vendor_stated, public_documentation, contract_clause or verified_by_buyer.
    #[arg(long, value_parser = parse_source)]
    pub source: Option<SourceKind>,
    /// URL or document reference of the source.
    #[arg(long, requires = "source")]
    pub reference: Option<String>,
    /// Date of the source (YYYY-MM-DD).
    #[arg(long, requires = "source", value_parser = parse_date)]
    pub source_date: Option<NaiveDate>,
    /// Confidence of the source: V, S or S-low.
    #[arg(long, requires = "source")]
    pub confidence: Option<String>,
    /// Team database only: the answer's revision this save is based on (to
    /// save over a change you have seen); default: the revision read now.
    #[arg(long)]
    pub based_on: Option<i64>,
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

fn parse_deployment(s: &str) -> Result<Deployment, String> {
    Deployment::parse(s).ok_or_else(|| format!("'{s}' is not saas, dedicated or on_premises"))
}
