// DTOs exchanged with the Rust shell (src-tauri) over IPC.
//
// Hand-written for now: they mirror the Rust structs in the core crate
// (`assay::catalog::QuestionnaireSummary`, `ProfileSummary`, `assay::Text`)
// field for field, in their serde (JSON) spelling.
// TODO: a later issue generates these with ts-rs into `ui/src/bindings/`
// and checks in CI that they are up to date; then delete this file.

/** Bilingual text as stored in the questionnaire definition files. */
export interface Text {
  en: string;
  "zh-CN": string;
}

/** `assay::catalog::ProfileSummary` */
export interface ProfileSummary {
  id: string;
  name: Text;
  description: Text;
}

/** `assay::catalog::QuestionnaireSummary` */
export interface QuestionnaireSummary {
  /** File name of the bundled definition, e.g. `assay-im-security.json`. */
  file: string;
  id: string;
  version: string;
  title: Text;
  sections: number;
  questions: number;
  profiles: ProfileSummary[];
  /** Validation problems, one sentence each; empty for a valid file. */
  problems: string[];
}

// ---------------------------------------------------------------------------
// Evaluations and comparisons: mirror `assay::views` (src/views.rs) field for
// field, in their serde (JSON) spelling. Same TODO: generate with ts-rs.

/** `assay::views::EvaluationSummary`: one evaluation in the home screen's list. */
export interface EvaluationSummary {
  id: number;
  name: string;
  notes: string;
  /** The date evidence is judged at, `YYYY-MM-DD`. */
  as_of: string;
  /** Active buyer profile ids. */
  profiles: string[];
  /** `id@version` of the questionnaire snapshot. */
  questionnaire: string;
  /** UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
  updated_at: string;
  /** The demo built from public sources: an illustration, not an assessment. */
  illustrative: boolean;
}

/** `assay::scoring::Eligibility` (snake_case). */
export type Eligibility = "eligible" | "undetermined" | "not_eligible";

/** `assay::views::Labelled` */
export interface Labelled {
  id: string;
  name: Text;
}

/** `assay::views::SectionColumn` */
export interface SectionColumn {
  id: string;
  title: Text;
  /** Share of the total, 0–1. */
  share: number;
}

/** `assay::views::GateFailure`: a failed knockout. */
export interface GateFailure {
  question: string;
  requirement: Text;
  answer: string | null;
  reason: string;
}

/** `assay::views::VendorRow` */
export interface VendorRow {
  rank: number;
  name: string;
  /** 0–100, rounded to one decimal. */
  total: number;
  eligibility: Eligibility;
  /** 0–1. */
  completeness: number;
  /** In `ComparisonView.sections` order; `null` where nothing applies. */
  section_scores: (number | null)[];
  failed_knockouts: GateFailure[];
  /** Knockouts still unanswered. */
  open_knockouts: number;
  /** Scored questions with no answer. */
  unknown: number;
}

/** `assay::views::ComparisonView` */
export interface ComparisonView {
  evaluation: EvaluationSummary;
  formula_version: string;
  profiles: Labelled[];
  sections: SectionColumn[];
  /** In rank order. */
  vendors: VendorRow[];
}

/** `assay_desktop::commands::CommandError`: what a failing command rejects with. */
export interface CommandError {
  /** `store_unavailable`, `not_found`, `invalid_input` or `store`. */
  code: string;
  message: string;
}
