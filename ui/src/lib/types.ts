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
