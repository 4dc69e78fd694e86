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
//!
//! None of this proves *who* made a file — anyone with Assay can export one —
//! which is what a signature ([`sign`]) is for. A signature, like a reader's
//! sticky note, is an incremental update after the bytes Assay wrote: `verify`
//! finds Assay's revision by its digest and reports what came after apart
//! ([`revisions`]); a file another program rewrote is compared page by page
//! with a fresh render instead.

pub mod data;
mod error;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod radar;
pub mod revisions;
pub mod sign;

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
    /// The signer's name when the export was signed ([`export_to_file`]).
    pub signed_by: Option<String>,
}

/// This build of Assay (build.rs: a digest of the sources, questionnaires and
/// locked dependencies), recorded in every report as `AssayBuild`.
pub const BUILD_ID: &str = env!("ASSAY_BUILD_ID");

/// Renders the report. Pure apart from the font: the same data, generated-at,
/// language and font give the same bytes.
pub fn render(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
) -> Result<Rendered, ReportError> {
    render_as_build(data, generated_at, lang, font, BUILD_ID)
}

/// [`render`], recording `build` as the build that made the report (tests:
/// a report of another build).
fn render_as_build(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
    build: &str,
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
            ("AssayBuild".into(), build.into()),
            (
                "AssayFormula".into(),
                crate::scoring::FORMULA_VERSION.into(),
            ),
            ("AssayFontSha256".into(), font.sha256.clone()),
            ("AssayBoldFontSha256".into(), font.bold_identity().into()),
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
        signed_by: None,
    })
}

/// Where the value of the last whole-file digest record of `bytes` starts.
fn digest_position(bytes: &[u8]) -> Option<usize> {
    let key = format!("/{}", pdf::FILE_DIGEST_KEY);
    let at = bytes
        .windows(key.len())
        .rposition(|w| w == key.as_bytes())?;
    digest_value_after(bytes, at + key.len())
}

/// Every digest record of `bytes`: (where its key starts, where its value starts).
fn digest_records(bytes: &[u8]) -> Vec<(usize, usize)> {
    let key = format!("/{}", pdf::FILE_DIGEST_KEY);
    bytes
        .windows(key.len())
        .enumerate()
        .filter(|(_, w)| *w == key.as_bytes())
        .filter_map(|(at, _)| digest_value_after(bytes, at + key.len()).map(|v| (at, v)))
        .collect()
}

/// The start of a record's 64-character value, after its key ends at `start`.
fn digest_value_after(bytes: &[u8], mut start: usize) -> Option<usize> {
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

/// The /Reason of an Assay report's signature: what is signed, by the
/// fingerprint printed on every page.
pub fn signature_reason(fingerprint: &str) -> String {
    format!("Assay comparison report, fingerprint {fingerprint}")
}

/// Renders `data`, signs it when `signer` is given, and writes it to `path`
/// atomically: the whole export once the data is loaded (`assay export` and
/// the desktop app's export). Errors say what failed in both languages
/// ([`ReportError::text`]); nothing is written when signing fails.
pub fn export_to_file(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
    path: &Path,
    signer: Option<&sign::SigningIdentity>,
) -> Result<Rendered, ReportError> {
    let mut rendered = render(data, generated_at, lang, font)?;
    if let Some(identity) = signer {
        let reason = signature_reason(&rendered.fingerprint);
        rendered.bytes = sign::sign_pdf(
            &rendered.bytes,
            identity,
            chrono::Local::now().fixed_offset(),
            &reason,
        )
        .map_err(ReportError::Sign)?;
        rendered.signed_by = Some(identity.common_name());
    }
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
    /// How the file relates to the bytes Assay wrote.
    pub file: FileState,
    /// The signatures in the file (added after the export), checked.
    pub signatures: Vec<sign::SignatureCheck>,
    /// The SHA-256 of the embedded data as found (equal to `fingerprint`
    /// unless the data was changed); shown only when details are asked for.
    pub embedded_sha256: Option<String>,
}

/// How a verified file relates to the bytes Assay exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// Exactly the bytes exported, nothing after them.
    AsExported,
    /// The bytes exported, then incremental updates (notes, signatures …).
    Updated(revisions::LaterChanges),
    /// Rewritten by another program (no byte-exact revision of Assay's left).
    /// `same_print`: every page prints as a fresh render of the embedded data
    /// and the data is as recorded; `None` when it could not be re-rendered.
    Rewritten { same_print: Option<bool> },
    /// Not an Assay report, or unreadable.
    Unknown,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.not_assay.is_none() && self.checks.iter().all(|c| c.ok != Some(false))
    }

    /// What the check found, in sentences a reader without PDF knowledge
    /// follows: what is intact, what was added later, who signed — and, for an
    /// unsigned report, that integrity alone does not say who made it.
    pub fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.not_assay.is_some() {
            out.push("This file is not a report exported by Assay.".to_string());
            return out;
        }
        match &self.file {
            FileState::AsExported if self.ok() => {
                out.push("The report is exactly as Assay exported it.".to_string())
            }
            FileState::Updated(later) if later.content_intact() => {
                out.push("The report as exported is intact.".to_string());
                let added = later_additions(later, &self.signatures);
                if !added.is_empty() {
                    out.push(format!("Added later: {}.", added.join("; ")));
                }
                if !later.annotations.is_empty() {
                    out.push("Annotations are drawn over the page by a PDF reader: they are not part of the report and can cover its text.".to_string());
                }
            }
            FileState::Updated(later) => {
                let mut what = Vec::new();
                if !later.changed_pages.is_empty() {
                    what.push(format!("{} prints differently", pages_text(&later.changed_pages)));
                }
                if later.data_changed {
                    what.push("the data embedded in it changed".to_string());
                }
                out.push(format!(
                    "The report's own content was changed after export: {}.",
                    what.join("; ")
                ));
            }
            FileState::Rewritten { same_print: Some(true) } => out.push(
                "The file was re-saved by another program: its bytes differ from the export, but the data embedded in it and what every page prints are as exported.".to_string(),
            ),
            FileState::Rewritten { .. } | FileState::AsExported | FileState::Unknown => {}
        }
        if !self.ok() && !matches!(self.file, FileState::Updated(_)) {
            // Signatures are described one by one below.
            let failed: Vec<&str> = self
                .checks
                .iter()
                .filter(|c| c.ok == Some(false) && c.name != "signatures")
                .map(|c| c.detail.as_str())
                .collect();
            if !failed.is_empty() {
                out.push(format!(
                    "The report was changed after export: {}.",
                    failed.join("; ")
                ));
            }
        }
        let sigs = &self.signatures;
        if sigs.is_empty() {
            out.push("It carries no signature: this check shows the file was not changed since export, not who made it.".to_string());
        }
        for s in sigs {
            out.push(signature_sentence(s));
        }
        out
    }
}

/// "page 3" / "pages 2, 5".
fn pages_text(pages: &[usize]) -> String {
    let list: Vec<String> = pages.iter().map(usize::to_string).collect();
    match pages {
        [_] => format!("page {}", list[0]),
        _ => format!("pages {}", list.join(", ")),
    }
}

fn later_additions(
    later: &revisions::LaterChanges,
    signatures: &[sign::SignatureCheck],
) -> Vec<String> {
    let mut out = Vec::new();
    let mut kinds: Vec<(usize, String)> = Vec::new();
    for a in &later.annotations {
        kinds.push((a.page, a.kind.clone()));
    }
    kinds.sort();
    let mut i = 0;
    while i < kinds.len() {
        let same = kinds[i..].iter().take_while(|k| **k == kinds[i]).count();
        out.push(format!(
            "{same} annotation{} ({}) on page {}",
            if same == 1 { "" } else { "s" },
            kinds[i].1,
            kinds[i].0
        ));
        i += same;
    }
    for s in signatures {
        out.push(format!(
            "1 signature by {} ({})",
            s.signer.as_deref().unwrap_or("an unreadable signer"),
            if s.intact { "valid" } else { "NOT valid" }
        ));
    }
    if !later.catalog_added.is_empty() {
        out.push(format!(
            "document-level entries {} (actions or forms a reader may run)",
            later.catalog_added.join(", ")
        ));
    }
    if later.other_objects > 0 {
        out.push(format!(
            "{} other object(s) no page shows",
            later.other_objects
        ));
    }
    out
}

fn signature_sentence(s: &sign::SignatureCheck) -> String {
    let who = s.signer.as_deref().unwrap_or("an unreadable signer");
    let when = s
        .signed_at
        .as_deref()
        .map(|t| format!(" on {t}"))
        .unwrap_or_default();
    if !s.intact {
        return format!(
            "Signature by {who}{when}: NOT valid — {}.",
            s.problem
                .as_deref()
                .unwrap_or("it does not match the bytes it signs")
        );
    }
    let coverage = if s.covers_whole_file {
        "it covers the whole file"
    } else {
        "it covers the file as it was when signed; the additions after it are not covered"
    };
    let identity = match &s.identity {
        Some(sign::SignerIdentity::SelfSigned) => "the certificate is self-signed (e.g. an Assay trial certificate): it proves the file is unchanged since signing, not who signed it".to_string(),
        Some(sign::SignerIdentity::Trusted { issuer }) => format!("the certificate was issued by {issuer}, which this computer trusts"),
        Some(sign::SignerIdentity::NotTrusted { issuer, .. }) => format!("the certificate was issued by {issuer}, which this computer does not trust: confirm the signer another way"),
        None => "the signer's certificate is not in the signature: who signed cannot be told".to_string(),
    };
    format!("Signature by {who}{when}: valid — {coverage}; {identity}.")
}

/// Checks a report PDF: whole-file digest, embedded data against its
/// fingerprint, recorded results against recomputed scores, and (with the same
/// font) a byte-for-byte re-render.
pub fn verify(bytes: &[u8], font: Option<&ReportFont>) -> Verification {
    match sign::trust_store(&[]) {
        Ok(trust) => verify_with_trust(bytes, font, &trust),
        Err(e) => {
            let mut v = verify_with_trust(
                bytes,
                font,
                &openssl::x509::store::X509StoreBuilder::new()
                    .expect("an empty store")
                    .build(),
            );
            v.checks.push(Check {
                name: "trust",
                ok: None,
                detail: e.to_string(),
            });
            v
        }
    }
}

/// The whole-file digest recorded at `start` in `bytes` matches them (hashed
/// in three pieces, the record's 64 characters as the placeholder: no copy).
fn digest_matches(bytes: &[u8], start: usize) -> bool {
    let mut hash = crate::digest::Sha256Stream::default();
    hash.update(&bytes[..start]);
    hash.update(pdf::DIGEST_PLACEHOLDER.as_bytes());
    hash.update(&bytes[start + 64..]);
    hash.hex().as_bytes() == &bytes[start..start + 64]
}

/// Possible ends of Assay's revision hashed at most: only ends whose prefix
/// holds a digest record count, and Assay writes one `%%EOF` after its
/// record, so the right one is among the first few; a hostile file of many
/// `%%EOF`s after a record is not hashed whole dozens of times.
const MAX_DIGEST_TRIES: usize = 8;

/// Where the revision Assay wrote ends: the first possible end whose prefix
/// carries a matching whole-file digest. `None`: no byte-exact export in it.
pub fn assay_revision_end(bytes: &[u8]) -> Option<usize> {
    // Found once, not once per possible end: the last record before an end is
    // the one that end's prefix carries.
    let records = digest_records(bytes);
    revisions::revision_ends(bytes)
        .into_iter()
        .filter_map(|end| {
            let last = records.iter().rev().find(|(_, value)| value + 65 <= end)?;
            Some((end, last.1))
        })
        .take(MAX_DIGEST_TRIES)
        .find(|&(end, start)| digest_matches(&bytes[..end], start))
        .map(|(end, _)| end)
}

/// [`verify`] with the signer certificates trusted given (`assay verify --trust`).
pub fn verify_with_trust(
    bytes: &[u8],
    font: Option<&ReportFont>,
    trust: &openssl::x509::store::X509Store,
) -> Verification {
    let mut v = Verification {
        checks: Vec::new(),
        not_assay: None,
        fingerprint: None,
        data: None,
        file: FileState::Unknown,
        signatures: Vec::new(),
        embedded_sha256: None,
    };
    let full = bytes;
    // 1. The bytes Assay wrote: the whole file, or its first revision when
    // something was appended later.
    let assay_end = assay_revision_end(full);
    let bytes = assay_end.map_or(full, |end| &full[..end]);
    let has_record = digest_position(bytes).is_some();
    match (assay_end, has_record) {
        (_, false) => v.checks.push(Check {
            name: "file digest",
            ok: Some(false),
            detail: "no Assay integrity record found in the file".into(),
        }),
        (Some(end), true) => {
            v.checks.push(Check {
                name: "file digest",
                ok: Some(true),
                detail: if end == full.len() {
                    "every byte of the file is as written".into()
                } else {
                    "every byte Assay wrote is as written; the file has later additions (below)"
                        .into()
                },
            });
        }
        (None, true) => v.checks.push(Check {
            name: "file digest",
            ok: Some(false),
            detail: "the file's bytes changed after export".into(),
        }),
    }
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
            Some(r) if r == fp => "the embedded data is the data the report was made from".into(),
            Some(_) => "the embedded data is not the data the report was made from (its fingerprint differs)".into(),
            None => "the report states no fingerprint".into(),
        },
    });
    v.embedded_sha256 = Some(fp);
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
                        "{}: the report prints place {}, {}, {}; its data gives place {}, {}, {}",
                        r.vendor,
                        r.rank,
                        points(r.total_micro),
                        eligibility_words(&r.eligibility),
                        n.rank,
                        points(n.total_micro),
                        eligibility_words(&n.eligibility)
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
    let same_font = font.is_some_and(|f| {
        extracted.info("AssayFontSha256") == Some(f.sha256.as_str())
            && extracted.info("AssayBoldFontSha256") == Some(f.bold_identity())
    });
    // Only this very build sets the data as the report did: another one (an
    // update, or the same version number built from other sources) may lay
    // it out differently, which is no sign of an edited report.
    let same_build = extracted.info("AssayVersion") == Some(env!("CARGO_PKG_VERSION"))
        && extracted.info("AssayBuild") == Some(BUILD_ID);
    let rendered = match (font, generated, lang) {
        (Some(font), Some(at), Some(lang)) if same_font && same_build => {
            Some(render(&data, at, lang, font))
        }
        _ => None,
    };
    match (&rendered, assay_end) {
        (Some(Ok(r)), Some(_)) => v.checks.push(Check {
            name: "pages",
            ok: Some(r.bytes == bytes),
            detail: if r.bytes == bytes {
                format!("re-rendered {} page(s) from the embedded data: byte-identical", r.pages)
            } else {
                "re-rendering the embedded data gives different pages: the printed content was changed".into()
            },
        }),
        // Rewritten by another program: compared page by page with the render.
        (Some(Ok(r)), None) => match revisions::same_print(&r.bytes, bytes) {
            Ok((changed, data_changed)) => {
                let same = changed.is_empty() && !data_changed;
                v.file = FileState::Rewritten { same_print: Some(same) };
                if same {
                    if let Some(c) = v.checks.iter_mut().find(|c| c.name == "file digest") {
                        c.ok = None;
                        c.detail = "the file was re-saved by another program: its bytes differ from the export".into();
                    }
                }
                v.checks.push(Check {
                    name: "pages",
                    ok: Some(same),
                    detail: if same {
                        format!("each of the {} page(s) prints exactly what the embedded data gives", r.pages)
                    } else if changed.is_empty() {
                        "the report's records in the file differ from its embedded data".into()
                    } else {
                        format!("{} prints differently from the embedded data: the printed content was changed", pages_text(&changed))
                    },
                });
            }
            Err(e) => v.checks.push(Check {
                name: "pages",
                ok: Some(false),
                detail: format!("the file cannot be read page by page: {e}"),
            }),
        },
        (Some(Err(e)), _) => v.checks.push(Check {
            name: "pages",
            ok: Some(false),
            detail: format!("cannot re-render: {e}"),
        }),
        (None, _) => {
            v.file = FileState::Rewritten { same_print: None };
            v.checks.push(Check {
                name: "pages",
                ok: None,
                detail: format!(
                    "not re-rendered: {}; {}",
                    if font.is_none() {
                        "the report font is not installed here"
                    } else if generated.is_none() || lang.is_none() {
                        "the report does not record when and in which language it was made"
                    } else if !same_font {
                        "the report was made with another font"
                    } else {
                        "the report was made by another build of Assay, which may set the same data differently (only the same build re-renders byte for byte)"
                    },
                    if assay_end.is_some() {
                        "the file digest still covers every byte"
                    } else {
                        // Rewritten by another program: no digest covers it.
                        "so whether its pages print what its data gives is not known"
                    }
                ),
            })
        }
    }
    // 5. Signatures (every one was added after the export), then what else
    // was added after it (notes, edits).
    if assay_end != Some(full.len()) {
        v.signatures = revisions::signatures(full, trust);
        if !v.signatures.is_empty() {
            let bad = v.signatures.iter().filter(|s| !s.intact).count();
            v.checks.push(Check {
                name: "signatures",
                ok: Some(bad == 0),
                detail: if bad == 0 {
                    format!("{} signature(s), each matching the bytes it signs", v.signatures.len())
                } else {
                    format!("{bad} of {} signature(s) no longer match the bytes they sign: the file was changed after it was signed", v.signatures.len())
                },
            });
        }
    }
    if let Some(end) = assay_end {
        if end == full.len() {
            v.file = FileState::AsExported;
        } else {
            match revisions::changes_after(bytes, full) {
                Ok(later) => {
                    let mut detail = later_additions(&later, &v.signatures).join("; ");
                    if !later.content_intact() {
                        let mut what = Vec::new();
                        if !later.changed_pages.is_empty() {
                            what.push(format!(
                                "{} prints differently",
                                pages_text(&later.changed_pages)
                            ));
                        }
                        if later.data_changed {
                            what.push("the embedded data changed".to_string());
                        }
                        detail = format!(
                            "the report's own content was changed after export: {}",
                            what.join("; ")
                        );
                    } else if detail.is_empty() {
                        detail =
                            format!("{} byte(s) appended that change nothing", full.len() - end);
                    }
                    v.checks.push(Check {
                        name: "later changes",
                        ok: Some(later.content_intact()),
                        detail,
                    });
                    v.file = FileState::Updated(later);
                }
                Err(e) => v.checks.push(Check {
                    name: "later changes",
                    ok: Some(false),
                    detail: format!("what was added after the export cannot be read: {e}"),
                }),
            }
        }
    }
    v.data = Some(data);
    v
}

/// A total as the report prints it, with one decimal.
fn points(micro: i64) -> String {
    format!("{:.1} points", micro as f64 / 1e6)
}

/// A recorded eligibility in words (the record keeps the engine's names).
fn eligibility_words(recorded: &str) -> &str {
    match recorded {
        "eligible" => "eligible",
        "undetermined" => "eligibility open (must-haves unanswered)",
        "provisionally_not_eligible" => "provisionally not eligible (to be confirmed)",
        "not_eligible" => "not eligible",
        other => other,
    }
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
