//! The application layer: one function per user action, called by both front
//! ends — the desktop shell's commands (`src-tauri`) and the command line
//! (`src/cli`) — so both validate the same way and refuse with the same errors
//! (`StoreError`, in both languages). Also what the app's screens show: the DTOs
//! that cross the IPC boundary, plain, serializable, already in both languages, so
//! the UI only lays them out (no scoring or wording logic in `ui/`).
//!
//! Modules by what the user acts on: `evaluations`, `vendors`, the answering
//! `form` and `evidence`, `answers` given outside the form, `compare`, `exchange`
//! (workbooks), `questionnaires`, `score` (answers files, what-ifs), `report`
//! (PDF export and verify), `setup` (the new-evaluation dialog).

use crate::questionnaire::Questionnaire;
use crate::scoring::{Eligibility, KnockoutOutcome, ScoreRange, ScoringContext, VendorScore};
use crate::Text;
use serde::Serialize;
use ts_rs::TS;

pub mod answers;
mod bulk;
mod compare;
mod copy_answers;
mod decision;
mod error_code;
pub mod evaluations;
mod evidence;
mod exchange;
mod form;
mod history;
pub mod negotiation;
pub mod opening;
pub mod questionnaires;
pub mod report;
pub mod report_data;
pub mod schedule;
pub mod score;
mod setup;
pub mod team;
pub mod team_session;
pub mod text;
pub mod upgrade;
mod vendors;
pub mod workbook_import;
pub mod workspace;
pub use bulk::*;
pub use compare::*;
pub use copy_answers::*;
pub use decision::*;
pub use error_code::ErrorCode;
pub use evidence::*;
pub use exchange::*;
pub use form::*;
pub use setup::*;
pub use vendors::*;

// What the front ends need of the lower layers, through this layer only.
pub use crate::answers::{AnswerState, EvidenceKind, SourceKind};
pub use crate::atomic_write::write as write_atomic;
pub use crate::report::{data::ReportData, Rendered, ReportError, ReportFont};
pub use crate::scoring::parse_iso_date;
pub use crate::store::{
    default_db_path, AuditEntry, Comparison, Deployment, Evaluation, ImportSummary,
    NegotiationStatus, Store, StoreError, Vendor, WhatIf,
};
pub use crate::workbook::WbLang;

/// Writes a file the user asked for through a temporary file beside it, renamed
/// into place: a failed write leaves no half-written file.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> crate::store::Result<()> {
    crate::report::write_atomic(path, bytes).map_err(|e| {
        StoreError::invalid_input(
            &path.display().to_string(),
            format!("cannot write the file: {e}"),
        )
    })
}

/// A path made absolute with symbolic links resolved, also when it does not
/// exist yet (its directory is resolved and its name kept).
fn resolved(path: &std::path::Path) -> std::path::PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

/// Checks a file the user asked to be written (`--out`, a bundle, a backup)
/// before anything is written: never the open database `db`, its `-wal` or
/// `-shm`, or a file inside its `files/` directory, compared with symbolic links
/// resolved (refused even with `force`); and an existing file only with `force`
/// (the command line's `--force`; the app's save dialog has asked already).
pub fn check_output_path(
    db: Option<&std::path::Path>,
    out: &std::path::Path,
    force: bool,
) -> crate::store::Result<()> {
    let shown = out.display().to_string();
    if let Some(db) = db {
        let target = resolved(out);
        let db = resolved(db);
        let mut protected = vec![db.clone()];
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            protected.push(name.into());
        }
        let files = db
            .parent()
            .map(|d| d.join("files"))
            .unwrap_or_else(|| "files".into());
        let files_resolved = resolved(&files);
        if protected.contains(&target)
            || target.starts_with(&files)
            || target.starts_with(&files_resolved)
        {
            return Err(StoreError::invalid_input(
                &shown,
                format!(
                    "is the database {} or one of its files; Assay never writes over it — choose another file",
                    db.display()
                ),
            ));
        }
    }
    if !force && out.symlink_metadata().is_ok() {
        return Err(StoreError::invalid_input(
            &shown,
            "already exists; choose a new file name, or add --force to replace it",
        ));
    }
    Ok(())
}

/// Opens the database at `path`; `existing`: only when there is one already
/// (commands that only read or change existing data never create an empty file).
pub fn open_store(path: &std::path::Path, existing: bool) -> crate::store::Result<Store> {
    let shown = path.to_string_lossy();
    if team::is_team_url(&shown) {
        return Err(StoreError::LocalOnly {
            url: team::without_password(&shown),
        });
    }
    if existing && !path.exists() {
        return Err(StoreError::Io {
            path: path.display().to_string(),
            detail:
                "no database here yet (create one with `assay evaluation create` or `assay demo`)"
                    .into(),
        });
    }
    Store::open(path)
}

/// One evaluation in the home screen's list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EvaluationSummary {
    pub id: i64,
    pub name: String,
    pub notes: String,
    pub as_of: String,
    pub profiles: Vec<String>,
    /// Who evaluates (printed on the report's cover and sign-off).
    pub evaluators: Vec<String>,
    pub questionnaire: String,
    pub updated_at: String,
    /// One of the shipped samples (the public-sources demo or the fictional
    /// example): an illustration, not an assessment; created again when deleted.
    pub illustrative: bool,
    /// The fictional example: every vendor in it is invented. The app opens on it.
    pub fictional: bool,
    /// Nothing in it can be changed (the demo): the app offers Duplicate instead.
    pub read_only: bool,
    /// The evaluation has its own section weights instead of its profiles'.
    pub custom_weights: bool,
    /// The evaluation has its own coverage threshold instead of the default.
    pub custom_coverage_threshold: bool,
}

impl From<&Evaluation> for EvaluationSummary {
    fn from(e: &Evaluation) -> Self {
        EvaluationSummary {
            id: e.id,
            name: e.name.clone(),
            notes: e.notes.clone(),
            as_of: e.as_of.to_string(),
            profiles: e.profiles.clone(),
            evaluators: e.evaluators.clone(),
            questionnaire: format!("{}@{}", e.questionnaire_id, e.questionnaire_version),
            updated_at: e.updated_at.clone(),
            illustrative: crate::store::demo::is_demo(e),
            fictional: crate::store::demo::sample_of(e)
                == Some(crate::store::demo::Sample::Fictional),
            read_only: e.read_only,
            custom_weights: e.section_weights.is_some(),
            custom_coverage_threshold: e.coverage_threshold.is_some(),
        }
    }
}

/// The comparison of an evaluation's vendors: ranking, gates, section scores.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ComparisonView {
    pub evaluation: EvaluationSummary,
    #[ts(type = "string")]
    pub formula_version: &'static str,
    /// Active profiles with their names.
    pub profiles: Vec<Labelled>,
    /// Every profile of the evaluation's questionnaire (what "Edit details" offers).
    pub available_profiles: Vec<Labelled>,
    /// Sections in questionnaire order, with their share of the total (0–1).
    pub sections: Vec<SectionColumn>,
    /// Vendors in rank order.
    pub vendors: Vec<VendorRow>,
    /// The radar chart of the vendors (rank order), with the PDF's geometry.
    pub radar: RadarChart,
    /// Scored with what-if section weights: shown, never saved.
    pub what_if: bool,
    /// The coverage (percent) a vendor needs to be ranked.
    pub coverage_threshold: f64,
    /// The threshold an evaluation has when it sets none of its own (percent).
    pub default_coverage_threshold: f64,
    // The question × vendor grid is not here: it is two thirds of this view's
    // size and only its own tab shows it (`compare::question_grid`).
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Labelled {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SectionColumn {
    pub id: String,
    pub title: Text,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VendorRow {
    /// 1-based; tied vendors share one. `None`: not ranked (coverage below the
    /// threshold, or nothing answered) — "insufficient data".
    pub rank: Option<usize>,
    /// The vendors this one cannot be told apart from on what is known.
    pub tied_with: Vec<String>,
    /// The store's id, for "why this score?" (`get_breakdown`).
    pub vendor_id: i64,
    pub name: String,
    /// Total, 0–100, rounded to one decimal.
    pub total: f64,
    /// floor / point / ceiling of the total, one decimal.
    pub range: ScoreRange,
    /// Weighted share (0–1) of the total resting on known answers.
    pub coverage: f64,
    /// Weighted share (0–1) of evidence-requiring questions backed by valid evidence.
    pub evidence_coverage: Option<f64>,
    /// Applicable scored questions still open.
    pub open_questions: usize,
    pub eligibility: Eligibility,
    pub decision: DecisionView,
    /// Answered or N/A ÷ visible questions, 0–1.
    pub completeness: f64,
    /// Per section in `sections` order: score ("no data" when nothing is
    /// answered), range and coverage.
    pub sections: Vec<SectionCell>,
    /// Every active knockout, with what would pass it.
    pub gates: Vec<GateView>,
    /// What to ask this vendor next, most decisive first.
    pub requests: Vec<RequestView>,
    pub failed_knockouts: Vec<GateFailure>,
    /// Knockouts still unanswered.
    pub open_knockouts: usize,
    /// Scored questions with no answer.
    pub unknown: usize,
    /// Questions whose evidence has expired at the as-of date.
    pub expired_evidence: usize,
    /// Questions whose valid evidence expires within 90 days of the as-of date.
    pub expiring_evidence: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GateFailure {
    pub question: String,
    pub requirement: Text,
    /// The answer judged, in words, in both languages (never an option id).
    pub answer: Option<Text>,
    /// Why the gate failed, in both languages.
    pub reason: Text,
    /// The failure rests on an unsupported claim or a secondary source: to be confirmed.
    pub provisional: bool,
}

/// The context's profiles that `q` knows, with their names.
fn profile_labels(q: &Questionnaire, ctx: &ScoringContext) -> Vec<Labelled> {
    ctx.profiles
        .iter()
        .filter_map(|id| q.profile(id))
        .map(|p| Labelled {
            id: p.id.clone(),
            name: p.name.clone(),
        })
        .collect()
}

/// Every section of `q` in order, with the share of the total `ctx` gives it.
fn section_columns(q: &Questionnaire, ctx: &ScoringContext) -> Vec<SectionColumn> {
    let shares = crate::scoring::section_shares(q, ctx);
    q.sections
        .iter()
        .map(|s| SectionColumn {
            id: s.id.clone(),
            title: s.title.clone(),
            share: shares.get(&s.id).copied().unwrap_or(0.0),
        })
        .collect()
}

pub fn comparison_view(c: &Comparison) -> ComparisonView {
    let q: &Questionnaire = &c.questionnaire;
    ComparisonView {
        evaluation: EvaluationSummary::from(&c.evaluation),
        formula_version: crate::scoring::FORMULA_VERSION,
        profiles: profile_labels(q, &c.context),
        available_profiles: q
            .profiles
            .iter()
            .map(|p| Labelled {
                id: p.id.clone(),
                name: p.name.clone(),
            })
            .collect(),
        sections: section_columns(q, &c.context),
        vendors: c
            .vendors
            .iter()
            .map(|v| {
                let id = c.vendor_ids.get(&v.vendor).copied().unwrap_or_default();
                vendor_row(q, id, v, c.answers_of(&v.vendor))
            })
            .collect(),
        radar: radar_chart(q, &c.vendors),
        what_if: c.what_if,
        coverage_threshold: round1(c.context.min_coverage * 100.0),
        default_coverage_threshold: round1(crate::scoring::DEFAULT_MIN_COVERAGE * 100.0),
    }
}

fn vendor_row(
    q: &Questionnaire,
    vendor_id: i64,
    v: &VendorScore,
    answers: &[crate::answers::Answer],
) -> VendorRow {
    let (expired_evidence, expiring_evidence) = evidence_counts(v);
    let range = v.range.as_score_range();
    VendorRow {
        rank: v.rank,
        tied_with: v.tied_with.clone(),
        vendor_id,
        name: v.vendor.clone(),
        total: round1(v.total.as_f64()),
        range: ScoreRange {
            floor: round1(range.floor),
            point: round1(range.point),
            ceiling: round1(range.ceiling),
        },
        coverage: v.coverage,
        evidence_coverage: v.evidence_coverage,
        open_questions: v.open_questions,
        eligibility: v.eligibility,
        decision: decision_view(v),
        completeness: v.completeness,
        sections: section_cells(q, v),
        gates: gate_views(v),
        requests: request_views(q, v, answers),
        failed_knockouts: gate_failures(v),
        open_knockouts: v.open_knockouts().count(),
        unknown: v.sections.iter().map(|s| s.unknown).sum(),
        expired_evidence,
        expiring_evidence,
    }
}

/// The failed knockouts of a vendor, with the requirement and the answer behind each.
pub fn gate_failures(v: &VendorScore) -> Vec<GateFailure> {
    v.knockouts
        .iter()
        .filter_map(|k| match &k.outcome {
            KnockoutOutcome::Failed { reason } => Some(GateFailure {
                question: k.question.clone(),
                requirement: k.requirement.clone(),
                answer: k.answer.clone(),
                reason: reason.clone(),
                provisional: k.provisional,
            }),
            _ => None,
        })
        .collect()
}

/// Writes the TypeScript bindings of every DTO the app's UI receives or sends
/// into `dir`, one file per type. The committed copy is `ui/src/bindings/`: the
/// integration test `typescript_bindings_are_current` exports into a temporary
/// folder and compares; `scripts/update-bindings` rewrites the committed copy.
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    let cfg = ts_rs::Config::new()
        .with_large_int("number")
        .with_out_dir(dir);
    ComparisonView::export_all(&cfg)?;
    QuestionGrid::export_all(&cfg)?;
    negotiation::NegotiationView::export_all(&cfg)?;
    negotiation::NegotiationDecision::export_all(&cfg)?;
    report::PdfOptions::export_all(&cfg)?;
    report::SignOptions::export_all(&cfg)?;
    QuestionnaireChoice::export_all(&cfg)?;
    QuestionnaireFileCheck::export_all(&cfg)?;
    FormView::export_all(&cfg)?;
    SectionMarked::export_all(&cfg)?;
    CopySource::export_all(&cfg)?;
    AnswersCopied::export_all(&cfg)?;
    AnswerEdit::export_all(&cfg)?;
    EvaluationEdit::export_all(&cfg)?;
    evaluations::DetailsEdit::export_all(&cfg)?;
    evaluations::AuditLine::export_all(&cfg)?;
    VendorEdit::export_all(&cfg)?;
    EvidenceEdit::export_all(&cfg)?;
    VendorSummary::export_all(&cfg)?;
    upgrade::UpgradePreview::export_all(&cfg)?;
    SectionWeight::export_all(&cfg)?;
    ImportPreview::export_all(&cfg)?;
    ExportResult::export_all(&cfg)?;
    SaveResult::export_all(&cfg)?;
    ErrorCode::export_all(&cfg)?;
    team_session::TeamSessionView::export_all(&cfg)?;
    team_session::TeamNoticeView::export_all(&cfg)?;
    workspace::TeamState::export_all(&cfg)?;
    Ok(())
}
