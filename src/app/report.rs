//! The comparison PDF outside the app's export button: from an answers file or
//! a stored evaluation, and `verify` of a report, also against the database.

use super::report_data;
use super::score::{load_answers_file, FileOptions};
use crate::report::data::ReportData;
pub use crate::report::data::ReportStatus;
use crate::report::sign::SignError;
pub use crate::report::sign::SigningIdentity;
use crate::report::{self, Rendered, ReportError, ReportFont, Verification};
use crate::store::{ExportRecord, NewExport, Store, StoreError};
use crate::Lang;
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use std::path::Path;
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// The report data of an answers file: named `name` on the cover (default the
/// questionnaire's title), with its evaluators.
pub fn report_data_from_file(
    path: &Path,
    options: &FileOptions,
    name: Option<String>,
    evaluators: Vec<String>,
) -> Result<ReportData> {
    let loaded = load_answers_file(path, options)?;
    Ok(ReportData::from_answer_set(
        &loaded.questionnaire,
        &loaded.answers,
        name,
        loaded.context.as_of,
        loaded.context.profiles.clone(),
        evaluators,
    ))
}

/// The report data of a stored evaluation, with its own settings.
pub fn report_data_from_store(store: &mut Store, evaluation: i64) -> Result<ReportData> {
    report_data::from_store(store, evaluation)
}

/// The report data of a stored evaluation for export: with the security
/// schedules of `schedules` as Annex C when given (an empty list: every
/// vendor's), built with the clauses shipped with its questionnaire.
pub fn report_data_for_export(
    store: &mut Store,
    evaluation: i64,
    options: &PdfOptions,
) -> Result<ReportData> {
    let mut data = report_data::from_store(store, evaluation)?;
    if options.with_schedules {
        super::schedule::add_schedule_annex(&mut data, &[], None)?;
    }
    set_status_and_marking(&mut data, options.status, options.marking.as_deref())?;
    Ok(data)
}

/// What the app's export asks for besides the language.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct PdfOptions {
    /// Every vendor's security schedule as Annex C.
    #[serde(default)]
    pub with_schedules: bool,
    /// Draft or final, printed on every page; `None`: not stated.
    #[serde(default)]
    pub status: Option<ReportStatus>,
    /// The buyer's confidentiality marking, printed on every page.
    #[serde(default)]
    pub marking: Option<String>,
    /// Sign the report with the organisation's certificate: the app asks for
    /// the file (.p12/.pfx); the password comes with the request, typed by the
    /// user, and is never stored.
    #[serde(default)]
    pub sign: Option<SignOptions>,
}

/// How the app's export signs: the certificate file's password.
#[derive(Clone, Default, PartialEq, Deserialize, TS)]
pub struct SignOptions {
    pub password: String,
}

impl std::fmt::Debug for SignOptions {
    // Never a password in a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignOptions { password: <hidden> }")
    }
}

/// Sets the report's status and confidentiality marking (both part of the
/// fingerprinted data). A marking must be one line of at most 120 characters;
/// a shipped sample's report is never final (it is an illustration).
pub fn set_status_and_marking(
    data: &mut ReportData,
    status: Option<ReportStatus>,
    marking: Option<&str>,
) -> Result<()> {
    if let Some(problem) = marking.and_then(crate::report::data::marking_problem) {
        return Err(StoreError::refused("marking", problem.en, problem.zh_cn));
    }
    if status == Some(ReportStatus::Final)
        && crate::samples::Sample::from_name(&data.evaluation.name).is_some()
    {
        return Err(StoreError::refused(
            "status",
            "a sample shipped with Assay is an illustration: its report cannot be final",
            "Assay 自带的示例仅作演示：其报告不能标为定稿",
        ));
    }
    data.status = status;
    data.marking = marking.map(|m| m.trim().to_string());
    Ok(())
}

/// A report error as the application layer's refusal, in both languages
/// (`what`: where it happened, for the command line's prefix).
fn refused(what: &str, e: ReportError) -> StoreError {
    let text = e.text();
    StoreError::refused(what, text.en, text.zh_cn)
}

/// The shipped report font, loading on another core while the evaluation is
/// read (reading the 10 MB file, parsing and hashing it is a quarter of a
/// whole-process export). Started first, waited for by [`export_pdf`].
pub struct FontLoading(std::thread::JoinHandle<std::result::Result<ReportFont, ReportError>>);

impl FontLoading {
    pub fn start() -> FontLoading {
        FontLoading(std::thread::spawn(ReportFont::load_default))
    }

    fn wait(self) -> Result<ReportFont> {
        match self.0.join() {
            Ok(loaded) => loaded.map_err(|e| refused("font", e)),
            Err(_) => Err(StoreError::refused(
                "font",
                "loading the report font stopped unexpectedly",
                "加载报告字体时意外中止",
            )),
        }
    }
}

/// Renders the report, signs it with `signer` when given, and writes it to
/// `out` (a temporary file renamed into place); the report font is the
/// shipped one, from `font` (see [`FontLoading`]).
pub fn export_pdf(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    out: &Path,
    signer: Option<&SigningIdentity>,
    font: FontLoading,
) -> Result<Rendered> {
    let font = font.wait()?;
    report::export_to_file(data, generated_at, lang, &font, out, signer)
        .map_err(|e| refused("export", e))
}

/// As [`export_pdf`], with a font already loaded (the app keeps one) and the
/// report's own error, for the app's bilingual message.
pub fn export_pdf_with_font(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
    out: &Path,
    signer: Option<&SigningIdentity>,
) -> std::result::Result<Rendered, ReportError> {
    report::export_to_file(data, generated_at, lang, font, out, signer)
}

/// Records in the database that a report of `evaluation` was written, so a
/// later `verify` against it finds the report by its fingerprint.
pub fn record_export(
    store: &mut Store,
    evaluation: i64,
    rendered: &Rendered,
    lang: Lang,
    generated_at: DateTime<FixedOffset>,
) -> Result<()> {
    store.record_export(&NewExport {
        evaluation_id: evaluation,
        fingerprint: &rendered.fingerprint,
        lang: lang.code(),
        generated_at: &generated_at.to_rfc3339(),
        signed_by: rendered.signed_by.as_deref(),
    })
}

/// A certificate file (PKCS#12) is read whole; real ones are a few KiB.
const MAX_CERTIFICATE_BYTES: u64 = 1024 * 1024;

fn sign_refused(e: SignError) -> StoreError {
    let text = e.text();
    StoreError::refused("sign", text.en, text.zh_cn)
}

/// Opens the organisation's certificate (a .p12/.pfx file) with its password,
/// refusing one outside its validity period.
pub fn signing_identity(path: &Path, password: &str) -> Result<SigningIdentity> {
    let file = path.display().to_string();
    let der = crate::bounded_read::read_regular_file(path, MAX_CERTIFICATE_BYTES).map_err(|e| {
        StoreError::refused(
            "certificate",
            format!("cannot read the certificate file {file}: {e}"),
            format!("无法读取证书文件 {file}：{e}"),
        )
    })?;
    let identity = SigningIdentity::from_pkcs12(&der, password, &file).map_err(sign_refused)?;
    identity.check_valid_now().map_err(sign_refused)?;
    Ok(identity)
}

/// Makes a self-signed trial certificate for `organisation` and writes it as a
/// PKCS#12 file protected by `password` (never over an existing file).
pub fn create_trial_certificate(
    organisation: &str,
    password: &str,
    out: &Path,
) -> Result<SigningIdentity> {
    let organisation = organisation.trim();
    // The rules of every one-line text Assay keeps (length, controls, bidi).
    let problem = if organisation.is_empty() {
        Some("it is empty".to_string())
    } else {
        crate::text_limits::line_problem(organisation)
    };
    if let Some(problem) = problem {
        return Err(StoreError::refused(
            "organisation",
            format!("the organisation's name: {problem}"),
            format!("组织名称：{problem}"),
        ));
    }
    if password.is_empty() {
        return Err(StoreError::refused(
            "password",
            "a certificate file needs a password (it holds the signing key)",
            "证书文件需要密码（其中存有签名私钥）",
        ));
    }
    super::check_output_path(None, out, false)?;
    let identity = SigningIdentity::trial(organisation).map_err(sign_refused)?;
    let der = identity.to_pkcs12(password).map_err(sign_refused)?;
    super::write_file(out, &der)?;
    Ok(identity)
}

/// A report signed after its export ([`sign_report_file`]).
pub struct SignedReport {
    pub bytes: usize,
    pub signer: String,
    pub fingerprint: String,
}

/// Signs an existing Assay report as an incremental update: only a report
/// whose own content is intact is signed (its earlier notes and signatures
/// stay), written to `out` (which may be `input`) atomically.
pub fn sign_report_file(
    input: &Path,
    out: &Path,
    identity: &SigningIdentity,
) -> Result<SignedReport> {
    let file = input.display().to_string();
    let bytes = read_report_file(input).map_err(|e| {
        StoreError::refused(
            "report",
            format!("cannot read {file}: {e}"),
            format!("无法读取 {file}：{e}"),
        )
    })?;
    let font = ReportFont::load_default().ok();
    let v = report::verify(&bytes, font.as_ref());
    let failed: Vec<String> = v
        .checks
        .iter()
        .filter(|c| c.ok == Some(false))
        .map(|c| c.detail.clone())
        .collect();
    let fingerprint = match (&v.not_assay, &v.fingerprint) {
        (None, Some(fp)) if failed.is_empty() => fp.clone(),
        _ => {
            let detail = v.not_assay.clone().unwrap_or_else(|| failed.join("; "));
            return Err(sign_refused(SignError::NotIntactReport {
                detail: format!("{file}: {detail}"),
            }));
        }
    };
    let reason = report::signature_reason(&fingerprint);
    let signed = report::sign::sign_pdf(
        &bytes,
        identity,
        chrono::Local::now().fixed_offset(),
        &reason,
    )
    .map_err(sign_refused)?;
    if out != input {
        super::check_output_path(None, out, false)?;
    }
    report::write_atomic(out, &signed).map_err(|e| {
        StoreError::refused(
            "write",
            format!("cannot write {}: {e}", out.display()),
            format!("无法写入 {}：{e}", out.display()),
        )
    })?;
    Ok(SignedReport {
        bytes: signed.len(),
        signer: identity.common_name(),
        fingerprint,
    })
}

/// What the database says about a verified report.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredState {
    /// No database was given, or the report has no readable data.
    NotChecked,
    /// This exact report (its fingerprint) was exported from this database;
    /// `unchanged`: the evaluation still gives it (`None`: it is gone).
    Exported {
        records: Vec<ExportRecord>,
        unchanged: Option<bool>,
    },
    /// No export with this fingerprint is recorded here. `named_now_gives_it`:
    /// the evaluation the report names exists and its data now gives exactly
    /// this report (perhaps exported before exports were recorded — which
    /// cannot be told apart from a copy made elsewhere); `false`:
    /// it gives a different one; `None`: there is no such evaluation.
    NotExportedHere { named_now_gives_it: Option<bool> },
    /// The database could not be read.
    Unavailable { reason: String },
}

/// A PDF given to verify is read whole; reports Assay makes are a few MiB.
pub const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a PDF to verify through the bounded reader (a regular file, at most
/// [`MAX_REPORT_BYTES`]).
pub fn read_report_file(
    path: &Path,
) -> std::result::Result<Vec<u8>, crate::bounded_read::ReadError> {
    crate::bounded_read::read_regular_file(path, MAX_REPORT_BYTES)
}

/// A report checked: its own checks, and the database's view when one is given.
pub struct VerifiedReport {
    pub verification: Verification,
    pub stored: StoredState,
}

/// A database `verify` looks a report up in: the exports it recorded, and
/// the report an evaluation gives now. The local SQLite store and a team
/// database ([`crate::app::team::TeamLedger`]) each implement it.
pub trait ExportLedger {
    /// The exports of reports with this fingerprint, oldest first.
    fn exports_with_fingerprint(&mut self, fingerprint: &str) -> Result<Vec<ExportRecord>>;
    /// The report data evaluation `id` gives now; `None`: no such evaluation
    /// (or it cannot be read).
    fn report_data_now(&mut self, id: i64) -> Option<ReportData>;
}

impl ExportLedger for Store {
    fn exports_with_fingerprint(&mut self, fingerprint: &str) -> Result<Vec<ExportRecord>> {
        Store::exports_with_fingerprint(self, fingerprint)
    }

    fn report_data_now(&mut self, id: i64) -> Option<ReportData> {
        report_data::from_store(self, id).ok()
    }
}

/// Checks a report's bytes (fingerprint, file digest, later additions and
/// signatures, `trust` extra trusted certificates) and, when `store` is given,
/// whether this exact report was exported from it — matched by fingerprint,
/// not by the evaluation id the report names.
pub fn verify_report(
    bytes: &[u8],
    store: Option<Result<Box<dyn ExportLedger>>>,
    trust: &[std::path::PathBuf],
) -> Result<VerifiedReport> {
    let mut extra = Vec::new();
    for path in trust {
        let file = path.display().to_string();
        let pem =
            crate::bounded_read::read_regular_file(path, MAX_CERTIFICATE_BYTES).map_err(|e| {
                StoreError::refused(
                    "--trust",
                    format!("cannot read the certificate file {file}: {e}"),
                    format!("无法读取证书文件 {file}：{e}"),
                )
            })?;
        extra.extend(report::sign::read_pem_certificates(&pem, &file).map_err(sign_refused)?);
    }
    let trust_store = report::sign::trust_store(&extra).map_err(sign_refused)?;
    let font = ReportFont::load_default().ok();
    let verification = report::verify_with_trust(bytes, font.as_ref(), &trust_store);
    let stored = match (store, &verification.fingerprint, &verification.data) {
        (Some(store), Some(fingerprint), Some(data)) => match store {
            Ok(mut store) => stored_state(store.as_mut(), fingerprint, data),
            Err(e) => StoredState::Unavailable {
                reason: e.to_string(),
            },
        },
        _ => StoredState::NotChecked,
    };
    Ok(VerifiedReport {
        verification,
        stored,
    })
}

/// The evaluation `id` now gives exactly the report `data` (fingerprint
/// `fingerprint`): with the annex, status and marking asked for at export,
/// which are part of the report's data, not of the database. `None`: no such
/// evaluation.
fn now_gives(
    store: &mut dyn ExportLedger,
    id: i64,
    data: &ReportData,
    fingerprint: &str,
) -> Option<bool> {
    let now = store.report_data_now(id)?;
    let now = ReportData {
        schedules: data.schedules.clone(),
        status: data.status,
        marking: data.marking.clone(),
        ..now
    };
    Some(now.fingerprint() == fingerprint)
}

/// The report `data` (fingerprint `fingerprint`) against the database.
fn stored_state(store: &mut dyn ExportLedger, fingerprint: &str, data: &ReportData) -> StoredState {
    let records = match store.exports_with_fingerprint(fingerprint) {
        Ok(r) => r,
        Err(e) => {
            return StoredState::Unavailable {
                reason: e.to_string(),
            }
        }
    };
    if let Some(first) = records.first() {
        let unchanged = now_gives(store, first.evaluation_id, data, fingerprint);
        return StoredState::Exported { records, unchanged };
    }
    let named = data
        .evaluation
        .id
        .as_ref()
        .and_then(|id| id.parse::<i64>().ok());
    StoredState::NotExportedHere {
        named_now_gives_it: named.and_then(|id| now_gives(store, id, data, fingerprint)),
    }
}
