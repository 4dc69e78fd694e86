//! The comparison PDF: `data` (what a report is computed from, canonical JSON,
//! fingerprint) → `model` (content blocks) → `layout` (pure geometry) → `pdf`
//! (printpdf, the only module that knows it). `verify` checks a PDF written here.
//!
//! Tamper evidence, three layers:
//! 1. the canonical JSON of the data is embedded as an attachment and its SHA-256
//!    (the *fingerprint*) is printed on every page and stored in /Info;
//! 2. /Info holds a SHA-256 of the whole file computed with that digest's own 64
//!    characters zeroed, so changing any byte anywhere is detected;
//! 3. `verify` recomputes the scores from the embedded data, and, when it has the
//!    same font, re-renders the PDF and compares it byte for byte (same data + same
//!    generated-at ⇒ byte-identical file).

pub mod data;
mod error;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod radar;

use crate::digest::sha256_hex;
use crate::Lang;
use chrono::{DateTime, FixedOffset};
use data::{canonical_json, recorded_results, ReportData};
pub use error::{FontTried, PdfPart, ReportError};
pub use pdf::ReportFont;
use std::path::Path;

pub const DATA_FILE: &str = "assay-report-data.json";
pub const RESULTS_FILE: &str = "assay-report-results.json";

pub struct Rendered {
    pub bytes: Vec<u8>,
    pub fingerprint: String,
    pub pages: usize,
}

/// Renders the report. Pure apart from the font: the same data, generated-at,
/// language and font give the same bytes.
pub fn render(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
) -> Result<Rendered, ReportError> {
    let canonical = data.canonical_json();
    let fingerprint = sha256_hex(canonical.as_bytes());
    let scores = data.scores();
    let model = model::build(data, &scores, &fingerprint, &generated_at, lang);
    let measure = |s: &str, size: f32| font.width(s, size);
    let pages = layout::layout(&model, &measure);
    let results =
        canonical_json(&serde_json::to_value(recorded_results(&scores)).expect("results"));
    let generated = generated_at.to_rfc3339();
    let id2 = sha256_hex(format!("{fingerprint}|{generated}|{}", lang.code()).as_bytes());
    let meta = pdf::Meta {
        title: &model.title,
        author: &model.author,
        subject: &model.subject,
        keywords: &model.keywords,
        generated_at,
        info: vec![
            ("AssayFormat".into(), data::DATA_FORMAT.into()),
            ("AssayFingerprint".into(), fingerprint.clone()),
            ("AssayGeneratedAt".into(), generated.clone()),
            ("AssayLang".into(), lang.code().into()),
            ("AssayVersion".into(), env!("CARGO_PKG_VERSION").into()),
            (
                "AssayFormula".into(),
                crate::scoring::FORMULA_VERSION.into(),
            ),
            ("AssayFontSha256".into(), font.sha256.clone()),
            ("AssayResultsSha256".into(), sha256_hex(results.as_bytes())),
        ],
        attachments: vec![
            (
                DATA_FILE.into(),
                "The data this report was computed from (canonical JSON)".into(),
                canonical.into_bytes(),
            ),
            (
                RESULTS_FILE.into(),
                "The order, totals and eligibility printed in this report".into(),
                results.into_bytes(),
            ),
        ],
        id: (fingerprint[..32].to_string(), id2[..32].to_string()),
    };
    let mut bytes = pdf::render(&pages, font, &meta)?;
    seal(&mut bytes)?;
    Ok(Rendered {
        bytes,
        fingerprint,
        pages: pages.len(),
    })
}

fn digest_position(bytes: &[u8]) -> Option<usize> {
    let key = format!("/{}", pdf::FILE_DIGEST_KEY);
    let key = key.as_bytes();
    let at = bytes.windows(key.len()).rposition(|w| w == key)?;
    let mut start = at + key.len();
    while bytes.get(start).is_some_and(|b| b.is_ascii_whitespace()) {
        start += 1;
    }
    if bytes.get(start) != Some(&b'(') {
        return None;
    }
    start += 1;
    (bytes.len() >= start + 65 && bytes[start + 64] == b')').then_some(start)
}

/// Fills the whole-file digest into its placeholder.
fn seal(bytes: &mut [u8]) -> Result<(), ReportError> {
    let start = digest_position(bytes).ok_or(ReportError::NoDigestPlaceholder)?;
    let digest = sha256_hex(bytes);
    bytes[start..start + 64].copy_from_slice(digest.as_bytes());
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and
/// a rename, so a failed export leaves nothing at the destination.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic_write::write(path, bytes)
}

/// Renders `data` and writes it to `path` atomically: the whole export once
/// the data is loaded (`assay export` and the desktop app's export). Errors say
/// what failed in both languages ([`ReportError::text`]).
pub fn export_to_file(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
    path: &Path,
) -> Result<Rendered, ReportError> {
    let rendered = render(data, generated_at, lang, font)?;
    write_atomic(path, &rendered.bytes).map_err(|e| ReportError::Write {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    Ok(rendered)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: &'static str,
    /// `None`: could not be checked (e.g. re-rendering without the same font).
    pub ok: Option<bool>,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct Verification {
    pub checks: Vec<Check>,
    /// Set when the file is not a report Assay exported (no integrity record and
    /// no embedded report data): the checks say why; it is not "modified".
    pub not_assay: Option<String>,
    pub fingerprint: Option<String>,
    pub data: Option<ReportData>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.not_assay.is_none() && self.checks.iter().all(|c| c.ok != Some(false))
    }
}

/// Checks a report PDF: whole-file digest, embedded data against its
/// fingerprint, recorded results against recomputed scores, and (with the same
/// font) a byte-for-byte re-render.
pub fn verify(bytes: &[u8], font: Option<&ReportFont>) -> Verification {
    let mut v = Verification {
        checks: Vec::new(),
        not_assay: None,
        fingerprint: None,
        data: None,
    };
    // 1. Whole-file digest.
    match digest_position(bytes) {
        None => v.checks.push(Check {
            name: "file digest",
            ok: Some(false),
            detail: "no Assay integrity record found in the file".into(),
        }),
        Some(start) => {
            let recorded = String::from_utf8_lossy(&bytes[start..start + 64]).into_owned();
            let mut copy = bytes.to_vec();
            copy[start..start + 64].copy_from_slice(pdf::DIGEST_PLACEHOLDER.as_bytes());
            let actual = sha256_hex(&copy);
            v.checks.push(Check {
                name: "file digest",
                ok: Some(actual == recorded),
                detail: if actual == recorded {
                    "every byte of the file is as written".into()
                } else {
                    format!(
                        "the file's bytes changed after export (recorded {recorded}, now {actual})"
                    )
                },
            });
        }
    }
    let has_record = digest_position(bytes).is_some();
    // 2. Embedded data and its fingerprint.
    let extracted = match pdf::extract(bytes) {
        Ok(e) => e,
        Err(e) => {
            if !has_record
                && matches!(
                    e,
                    ReportError::NotPdf { .. }
                        | ReportError::NoCatalog { .. }
                        | ReportError::NoEmbeddedData { .. }
                )
            {
                not_assay(&mut v, &e.to_string());
                return v;
            }
            v.checks.push(Check {
                name: "structure",
                ok: Some(false),
                detail: e.to_string(),
            });
            return v;
        }
    };
    let recorded_fp = extracted.info("AssayFingerprint");
    v.fingerprint = recorded_fp.map(str::to_string);
    let Some(raw) = extracted.attachment(DATA_FILE) else {
        if !has_record && recorded_fp.is_none() {
            not_assay(&mut v, &format!("{DATA_FILE} is missing"));
            return v;
        }
        v.checks.push(Check {
            name: "embedded data",
            ok: Some(false),
            detail: format!("{DATA_FILE} is missing"),
        });
        return v;
    };
    let fp = sha256_hex(raw);
    v.checks.push(Check {
        name: "fingerprint",
        ok: Some(recorded_fp == Some(fp.as_str())),
        detail: match recorded_fp {
            Some(r) if r == fp => format!("embedded data matches fingerprint {fp}"),
            Some(r) => format!("embedded data hashes to {fp}, but the report states {r}"),
            None => "the report states no fingerprint".into(),
        },
    });
    // The embedded data is validated exactly like files from disk before
    // anything is scored: the questionnaire through the questionnaire loader,
    // the answers through the answers check.
    let data = match read_embedded(raw) {
        Ok(d) => d,
        Err(detail) => {
            v.checks.push(Check {
                name: "embedded data",
                ok: Some(false),
                detail: format!("invalid embedded data: {detail}"),
            });
            return v;
        }
    };
    let canonical_ok = data.canonical_json().as_bytes() == raw;
    if !canonical_ok {
        v.checks.push(Check {
            name: "embedded data",
            ok: Some(false),
            detail: "the embedded JSON is not in canonical form".into(),
        });
    }
    // 3. Scores recomputed — with the formula the report was scored with only:
    // a report of an earlier formula is not "changed" because the rules since
    // differ (its fingerprint and file digest still cover its data and bytes).
    if data.formula_version != crate::scoring::FORMULA_VERSION {
        v.checks.push(Check {
            name: "scores",
            ok: None,
            detail: format!(
                "scored with {}; this Assay scores with {}: not recomputed (the data and the file are still checked)",
                data.formula_version,
                crate::scoring::FORMULA_VERSION
            ),
        });
    } else {
        let scores = data.scores();
        let now = recorded_results(&scores);
        let recorded: Option<Vec<data::RecordedResult>> = extracted
            .attachment(RESULTS_FILE)
            .and_then(|b| crate::json_document::value_from_slice(b).ok())
            .and_then(|v| serde_json::from_value(v).ok());
        match recorded {
            None => v.checks.push(Check {
                name: "scores",
                ok: Some(false),
                detail: format!("{RESULTS_FILE} is missing or unreadable"),
            }),
            Some(rec) => {
                let mut diffs = Vec::new();
                for r in &rec {
                    match now.iter().find(|n| n.vendor == r.vendor) {
                    None => diffs.push(format!("{}: no longer in the data", r.vendor)),
                    Some(n) if n != r => diffs.push(format!(
                        // `rank` records the place in the printed order (eligibility,
                        // then total); the rank printed beside it (coverage threshold,
                        // ties) follows from the same data and is re-rendered below.
                        "{}: report says place {} total {:.6} {}; recomputed place {} total {:.6} {}",
                        r.vendor,
                        r.rank,
                        r.total_micro as f64 / 1e6,
                        r.eligibility,
                        n.rank,
                        n.total_micro as f64 / 1e6,
                        n.eligibility
                    )),
                    _ => {}
                }
                }
                for n in &now {
                    if !rec.iter().any(|r| r.vendor == n.vendor) {
                        diffs.push(format!("{}: in the data but not in the report", n.vendor));
                    }
                }
                let formula = extracted.info("AssayFormula").unwrap_or_default();
                if formula != crate::scoring::FORMULA_VERSION {
                    diffs.push(format!(
                        "made with formula {formula}, this Assay uses {}",
                        crate::scoring::FORMULA_VERSION
                    ));
                }
                v.checks.push(Check {
                    name: "scores",
                    ok: Some(diffs.is_empty()),
                    detail: if diffs.is_empty() {
                        format!(
                            "{} vendor(s) recomputed, same ranking and totals",
                            now.len()
                        )
                    } else {
                        diffs.join("; ")
                    },
                });
            }
        }
    }
    // 4. Re-render byte for byte.
    let generated = extracted
        .info("AssayGeneratedAt")
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
    let lang = extracted.info("AssayLang").and_then(Lang::parse);
    let same_font =
        font.is_some_and(|f| extracted.info("AssayFontSha256") == Some(f.sha256.as_str()));
    let same_version = extracted.info("AssayVersion") == Some(env!("CARGO_PKG_VERSION"));
    match (font, generated, lang) {
        (Some(font), Some(at), Some(lang)) if same_font && same_version => {
            match render(&data, at, lang, font) {
                Ok(r) => v.checks.push(Check {
                    name: "pages",
                    ok: Some(r.bytes == bytes),
                    detail: if r.bytes == bytes {
                        format!("re-rendered {} page(s) from the embedded data: byte-identical", r.pages)
                    } else {
                        "re-rendering the embedded data gives different pages: the printed content was changed".into()
                    },
                }),
                Err(e) => v.checks.push(Check {
                    name: "pages",
                    ok: Some(false),
                    detail: format!("cannot re-render: {e}"),
                }),
            }
        }
        _ => v.checks.push(Check {
            name: "pages",
            ok: None,
            detail: "not re-rendered (a different font or Assay version); the file digest still covers every byte".into(),
        }),
    }
    v.data = Some(data);
    v
}

/// Marks `v` as a file Assay did not export (it is not "modified").
fn not_assay(v: &mut Verification, why: &str) {
    let message = "not a report exported by Assay: no embedded report data".to_string();
    // Not "modified": there is nothing Assay wrote to compare with.
    v.checks.retain(|c| c.name != "file digest");
    v.checks.push(Check {
        name: "report",
        ok: None,
        detail: format!("{message} ({why})"),
    });
    v.not_assay = Some(message);
}

/// Questions an embedded questionnaire may have (shipped ones have about a
/// hundred; the benchmarks' synthetic one 500).
pub const MAX_EMBEDDED_QUESTIONS: usize = 1_000;

/// Problems listed at most in an "invalid embedded data" check.
const MAX_LISTED: usize = 5;

fn listed(problems: &[crate::diagnostic::Diagnostic]) -> String {
    let mut out: Vec<String> = problems
        .iter()
        .take(MAX_LISTED)
        .map(|d| d.to_string())
        .collect();
    if problems.len() > MAX_LISTED {
        out.push(format!("… and {} more", problems.len() - MAX_LISTED));
    }
    out.join("; ")
}

/// The evaluation's texts in embedded data, held to the caps of the store's own
/// (see [`crate::text_limits`]): a 50 MB name would make every page slow.
fn evaluation_text_problems(e: &data::EvaluationMeta) -> Vec<crate::Diagnostic> {
    use crate::text_limits::{self, line_problem};
    let notes = e.notes.as_deref().unwrap_or("");
    let mut out = text_limits::evaluation_text_problems(&e.name, notes, &e.evaluators);
    if let Some(problem) = e.id.as_deref().and_then(line_problem) {
        out.push(crate::Diagnostic::in_file("evaluation id", problem));
    }
    out
}

/// Reads the embedded report data: its questionnaire through
/// [`crate::questionnaire::load_str`] and its answers through
/// [`crate::answer_set::check`], exactly like files from disk.
fn read_embedded(raw: &[u8]) -> Result<ReportData, String> {
    const FILE: &str = DATA_FILE;
    // The cap of a JSON file from disk.
    let max = crate::json_document::MAX_FILE_BYTES;
    if raw.len() as u64 > max {
        return Err(format!(
            "it is {} bytes; Assay reads data files up to {max} bytes",
            raw.len()
        ));
    }
    let value: serde_json::Value =
        crate::json_document::value_from_slice(raw).map_err(|e| format!("cannot be read: {e}"))?;
    let q_value = value
        .get("questionnaire")
        .ok_or_else(|| "it has no questionnaire".to_string())?;
    // Locating each problem costs a pass over the text: a questionnaire of many
    // invalid questions would take minutes, so the count is bounded first.
    let questions: usize = q_value
        .get("sections")
        .and_then(serde_json::Value::as_array)
        .map(|sections| {
            sections
                .iter()
                .filter_map(|s| s.get("questions").and_then(serde_json::Value::as_array))
                .map(Vec::len)
                .sum()
        })
        .unwrap_or(0);
    if questions > MAX_EMBEDDED_QUESTIONS {
        return Err(format!(
            "the embedded questionnaire has {questions} questions; Assay reads at most {MAX_EMBEDDED_QUESTIONS}"
        ));
    }
    let q_text = serde_json::to_string(q_value).map_err(|e| format!("cannot be read: {e}"))?;
    let q = crate::questionnaire::load_str(&format!("{FILE}, questionnaire"), &q_text)
        .into_result()
        .map_err(|d| format!("the embedded questionnaire is not valid: {}", listed(&d)))?;
    let data: ReportData =
        serde_json::from_value(value).map_err(|e| format!("cannot be read: {e}"))?;
    let mut q_clean = q;
    q_clean.schema = None;
    if data.questionnaire != q_clean {
        return Err("the embedded questionnaire does not read back as written".into());
    }
    let set = crate::answers::AnswerSet {
        schema: None,
        questionnaire: crate::answers::QuestionnaireRef::of(&data.questionnaire),
        as_of: Some(data.evaluation.as_of),
        profiles: data.evaluation.profiles.clone(),
        vendors: data.vendors.clone(),
    };
    let mut problems =
        crate::answer_set::check(&format!("{FILE}, answers"), &set, &data.questionnaire);
    problems.extend(evaluation_text_problems(&data.evaluation));
    if !problems.is_empty() {
        return Err(format!(
            "the embedded answers are not valid: {}",
            listed(&problems)
        ));
    }
    Ok(data)
}
