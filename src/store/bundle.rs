//! The portable evaluation bundle: one zip file holding
//! `manifest.json` (format, version, file list), `evaluation.json`,
//! `questionnaire.json` (the exact snapshot text), `vendors.json` (vendors, answers,
//! evidence metadata), `audit.json` and `files/<sha256>` for attached files.
//!
//! Import reads and checks everything before it writes anything: member names
//! (no paths other than the ones above), sizes, hashes, version, the snapshot and
//! every answer. The database is changed in one transaction or not at all.

use super::files::record_file;
use super::model::{
    audit, check_new_evaluation, insert_audit, insert_evaluation_row, insert_vendor,
    load_negotiations, put_answer_row, put_negotiation_row, set_read_only, AuditRow, Deployment,
    Evaluation, Negotiation, NewEvaluation, NewVendor,
};
use super::{io_err, joined, now_utc, Result, Store, StoreError};
use crate::answer_set;
use crate::answers::{Answer, AnswerSet, QuestionnaireRef, VendorAnswers};
use crate::digest::{is_sha256, Sha256Stream};
use crate::questionnaire;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub const BUNDLE_FORMAT: &str = "assay-evaluation-bundle";
pub const BUNDLE_VERSION: u32 = 1;
/// An attached file (`files/<sha256>`) larger than this, unpacked, is refused: the
/// cap of an attachment ([`super::files::MAX_FILE_BYTES`]).
pub const MAX_MEMBER_BYTES: u64 = super::files::MAX_FILE_BYTES;
/// A JSON member (`manifest.json`, `questionnaire.json`, …) larger than this is
/// refused: the cap of a JSON file read from disk. JSON members are the only ones
/// held in memory.
pub const MAX_JSON_MEMBER_BYTES: u64 = crate::json_document::MAX_FILE_BYTES;
/// All members together may unpack to at most this. Attached files are streamed to
/// disk, not held in memory, so this bounds the disk an import fills while it checks
/// (all of it removed when the bundle is refused): an evaluation of 20 vendors with
/// 50 two-megabyte reports each is 2 GB.
pub const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// A member may unpack to at most this many times its packed size (plus
/// [`RATIO_SLACK`]), and all members together to this many times the bundle's size:
/// JSON packs about 5–20 times, PDFs and images barely; more is a zip bomb.
pub const MAX_RATIO: u64 = 100;
/// What every member (and the bundle as a whole) may unpack to beyond
/// [`MAX_RATIO`] times its packed size, so that tiny members are never refused.
pub const RATIO_SLACK: u64 = 1024 * 1024;
const MAX_MEMBERS: usize = 10_000;
/// The names of the directories an import stages attached files in, inside the
/// store's `files/` directory (see [`remove_abandoned_staging`]).
const STAGING_PREFIX: &str = ".staging-";
/// The file inside a staging directory its import holds locked while it runs.
const STAGING_LOCK: &str = "lock";
/// A staging directory without its lock file is left alone this long (an import
/// may be between creating the directory and its lock file).
const UNLOCKED_STAGING_GRACE: std::time::Duration = std::time::Duration::from_secs(600);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    version: u32,
    created_at: String,
    assay_version: String,
    questionnaire: QuestionnaireRef,
    files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    sha256: String,
    size: u64,
    /// The name the file was attached under (bundles written before names were
    /// kept have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleEvaluation {
    name: String,
    notes: String,
    profiles: Vec<String>,
    as_of: NaiveDate,
    evaluators: Vec<String>,
    questionnaire_id: String,
    questionnaire_version: String,
    /// The evaluation's own section weights; absent in bundles of evaluations
    /// that use their profiles' (and in every bundle before schema version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section_weights: Option<BTreeMap<String, f64>>,
    /// A read-only evaluation (the demo) stays read-only when imported; absent
    /// (false) in every bundle before schema version 4.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    read_only: bool,
    created_at: String,
    updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleVendor {
    name: String,
    product: Option<String>,
    deployment: Option<Deployment>,
    notes: String,
    created_at: String,
    updated_at: String,
    answers: Vec<BundleAnswer>,
    /// Where its schedule's negotiation points stand (absent: none decided, and
    /// in every bundle before schema version 10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    negotiations: Vec<Negotiation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleAnswer {
    answer: Answer,
    /// Parallel to `answer.evidence`: the SHA-256 of each attached file.
    files: Vec<Option<String>>,
    updated_at: String,
    updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleAudit {
    at: String,
    who: String,
    vendor_name: Option<String>,
    entity: String,
    question: Option<String>,
    action: String,
    old: Option<Value>,
    new: Option<Value>,
    /// Set on rows the exporting database had itself imported from a bundle
    /// (absent on rows it wrote, and in every bundle before schema version 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    imported_from: Option<String>,
}

const MEMBERS: [&str; 5] = [
    "manifest.json",
    "evaluation.json",
    "questionnaire.json",
    "vendors.json",
    "audit.json",
];

impl Store {
    /// Writes evaluation `id` with everything it holds to a bundle file at `dest`.
    pub fn export_evaluation(&self, id: i64, dest: &Path) -> Result<()> {
        let e: Evaluation = self.evaluation(id)?;
        let snapshot = self.questionnaire_text(id)?;
        let vendors = self.vendors(id)?;
        let answers = self.evaluation_answers(id)?;
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for a in &answers {
            for sha in a.files.iter().flatten() {
                if !files.contains_key(sha) {
                    files.insert(sha.clone(), self.read_file(sha)?);
                }
            }
        }
        let bundle_vendors: Vec<BundleVendor> = vendors
            .iter()
            .map(|v| -> Result<BundleVendor> {
                Ok(BundleVendor {
                    name: v.name.clone(),
                    product: v.product.clone(),
                    deployment: v.deployment,
                    notes: v.notes.clone(),
                    created_at: v.created_at.clone(),
                    updated_at: v.updated_at.clone(),
                    answers: answers
                        .iter()
                        .filter(|a| a.vendor_id == v.id)
                        .map(|a| BundleAnswer {
                            answer: a.answer.clone(),
                            files: a.files.clone(),
                            updated_at: a.updated_at.clone(),
                            updated_by: a.updated_by.clone(),
                        })
                        .collect(),
                    negotiations: load_negotiations(&self.conn, v.id, id)?,
                })
            })
            .collect::<Result<_>>()?;
        let audit_rows: Vec<BundleAudit> = self
            .audit_log(id)?
            .into_iter()
            .map(|a| BundleAudit {
                at: a.at,
                who: a.who,
                vendor_name: a.vendor_name,
                entity: a.entity,
                question: a.question,
                action: a.action,
                old: a.old,
                new: a.new,
                imported_from: a.imported_from,
            })
            .collect();
        let manifest = Manifest {
            format: BUNDLE_FORMAT.to_string(),
            version: BUNDLE_VERSION,
            created_at: now_utc(),
            assay_version: env!("CARGO_PKG_VERSION").to_string(),
            questionnaire: QuestionnaireRef {
                id: e.questionnaire_id.clone(),
                version: e.questionnaire_version.clone(),
            },
            files: files
                .iter()
                .map(|(sha, b)| {
                    Ok(FileEntry {
                        sha256: sha.clone(),
                        size: b.len() as u64,
                        name: self.file_name(sha)?,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let evaluation = BundleEvaluation {
            name: e.name,
            notes: e.notes,
            profiles: e.profiles,
            as_of: e.as_of,
            evaluators: e.evaluators,
            questionnaire_id: e.questionnaire_id,
            questionnaire_version: e.questionnaire_version,
            section_weights: e.section_weights,
            read_only: e.read_only,
            created_at: e.created_at,
            updated_at: e.updated_at,
        };
        let io = |err: std::io::Error| StoreError::Io {
            path: dest.display().to_string(),
            detail: err.to_string(),
        };
        // Written whole or not at all (crate::atomic_write): never a half bundle,
        // and no temporary file left behind on any error.
        let members: [(&str, Vec<u8>); 5] = [
            ("manifest.json", pretty(&manifest)),
            ("evaluation.json", pretty(&evaluation)),
            ("questionnaire.json", snapshot.into_bytes()),
            ("vendors.json", pretty(&bundle_vendors)),
            ("audit.json", pretty(&audit_rows)),
        ];
        crate::atomic_write::write_with(dest, |file| {
            let mut zip = zip::ZipWriter::new(file);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in &members {
                zip.start_file(*name, opts).map_err(std::io::Error::other)?;
                zip.write_all(bytes)?;
            }
            for (sha, bytes) in &files {
                zip.start_file(format!("files/{sha}"), opts)
                    .map_err(std::io::Error::other)?;
                zip.write_all(bytes)?;
            }
            zip.finish().map_err(std::io::Error::other)?;
            Ok(())
        })
        .map_err(io)?;
        Ok(())
    }

    /// Imports a bundle as a new evaluation; returns its id. Nothing is written
    /// unless the whole bundle checks out.
    ///
    /// Attached files are streamed (never whole in memory) into a staging directory
    /// inside the store's `files/`, hashed as they are written; they are moved to
    /// `files/<sha256>` just before the transaction commits, and the ones this import
    /// added are removed again if it fails. A refused bundle leaves nothing behind.
    pub fn import_evaluation(&mut self, src: &Path) -> Result<i64> {
        let shown = src.display().to_string();
        let bad = |reason: String| StoreError::Bundle {
            path: shown.clone(),
            reason,
        };
        let files_dir = self.files_dir().map(Path::to_path_buf);
        let contents = read_bundle(src, files_dir.as_deref())?;
        let parse = |name: &str| -> Result<Value> {
            let bytes = contents
                .members
                .get(name)
                .ok_or_else(|| bad(format!("member \"{name}\" is missing")))?;
            crate::json_document::value_from_slice(bytes).map_err(|e| bad(format!("{name}: {e}")))
        };
        let manifest_value = parse("manifest.json")?;
        // Version first, so a newer bundle gets the clearest message.
        let format = manifest_value.get("format").and_then(Value::as_str);
        if format != Some(BUNDLE_FORMAT) {
            return Err(bad(format!(
                "manifest.json: the format is {:?}, not \"{BUNDLE_FORMAT}\"",
                format.unwrap_or("missing")
            )));
        }
        match manifest_value.get("version") {
            Some(v) if v.as_u64() == Some(u64::from(BUNDLE_VERSION)) => {}
            Some(v) if v.as_u64().is_some() => {
                return Err(bad(format!(
                    "manifest.json: bundle version {v}; this Assay reads version {BUNDLE_VERSION}"
                )))
            }
            Some(v) => {
                return Err(bad(format!(
                    "manifest.json: the version is {}, not a whole number Assay knows; this Assay reads version {BUNDLE_VERSION}",
                    json_shown(v)
                )))
            }
            None => {
                return Err(bad(format!(
                    "manifest.json: the version is missing; this Assay reads version {BUNDLE_VERSION}"
                )))
            }
        }
        let manifest: Manifest = serde_json::from_value(manifest_value)
            .map_err(|e| bad(format!("manifest.json: {e}")))?;
        // It names the bundle on every imported audit row.
        if chrono::DateTime::parse_from_rfc3339(&manifest.created_at).is_err() {
            return Err(bad(format!(
                "manifest.json: created_at is {}, not a date and time such as \"2026-01-31T09:30:00.000Z\"",
                quoted_start(&manifest.created_at)
            )));
        }
        let evaluation: BundleEvaluation = serde_json::from_value(parse("evaluation.json")?)
            .map_err(|e| bad(format!("evaluation.json: {e}")))?;
        let vendors: Vec<BundleVendor> = serde_json::from_value(parse("vendors.json")?)
            .map_err(|e| bad(format!("vendors.json: {e}")))?;
        let audit_rows: Vec<BundleAudit> = serde_json::from_value(parse("audit.json")?)
            .map_err(|e| bad(format!("audit.json: {e}")))?;
        let snapshot = contents
            .members
            .get("questionnaire.json")
            .and_then(|b| String::from_utf8(b.clone()).ok())
            .ok_or_else(|| bad("questionnaire.json is not UTF-8 text".into()))?;
        let q = questionnaire::load_str("questionnaire.json", &snapshot)
            .into_result()
            .map_err(|p| {
                bad(format!(
                    "the questionnaire snapshot does not load: {}",
                    joined(&p, "; ")
                ))
            })?;
        if q.id != evaluation.questionnaire_id
            || q.version != evaluation.questionnaire_version
            || manifest.questionnaire.id != q.id
            || manifest.questionnaire.version != q.version
        {
            return Err(bad(format!(
                "the questionnaire snapshot is {}@{}, but the evaluation names {}@{}",
                q.id, q.version, evaluation.questionnaire_id, evaluation.questionnaire_version
            )));
        }
        let new = NewEvaluation {
            name: evaluation.name.clone(),
            notes: evaluation.notes.clone(),
            profiles: evaluation.profiles.clone(),
            as_of: evaluation.as_of,
            evaluators: evaluation.evaluators.clone(),
            questionnaire_json: snapshot,
            section_weights: evaluation.section_weights.clone(),
        };
        check_new_evaluation(&new, &q).map_err(|e| match e {
            // The sentences alone: their labels name the command line's flags.
            StoreError::Invalid(problems) => bad(format!(
                "evaluation.json: {}",
                problems
                    .iter()
                    .map(|d| d.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            e => e,
        })?;
        // Files: the manifest and the members must agree (each member's content
        // was checked against its name while it was read).
        let listed: HashSet<&str> = manifest.files.iter().map(|f| f.sha256.as_str()).collect();
        let present: HashSet<&str> = contents.files.keys().map(String::as_str).collect();
        if listed != present {
            return Err(bad(
                "the files listed in manifest.json and the files in the bundle differ".into(),
            ));
        }
        for f in &manifest.files {
            if contents.files.get(&f.sha256) != Some(&f.size) {
                return Err(bad(format!(
                    "files/{}: the size differs from manifest.json",
                    f.sha256
                )));
            }
            if let Some(name) = &f.name {
                if super::files::clean_file_name(name).as_deref() != Some(name.as_str()) {
                    return Err(bad(format!(
                        "manifest.json: the name of files/{} is not a plain file name \
                         (1 to {} bytes of UTF-8, no path separators or control characters)",
                        f.sha256,
                        super::files::MAX_FILE_NAME_BYTES
                    )));
                }
            }
        }
        let names: HashMap<&str, &str> = manifest
            .files
            .iter()
            .filter_map(|f| Some((f.sha256.as_str(), f.name.as_deref()?)))
            .collect();
        // Answers: checked as an answers file against the snapshot.
        let set = AnswerSet {
            as_of: Some(evaluation.as_of),
            profiles: evaluation.profiles.clone(),
            ..AnswerSet::new(
                &q,
                vendors
                    .iter()
                    .map(|v| VendorAnswers {
                        name: v.name.clone(),
                        product: v.product.clone(),
                        answers: v.answers.iter().map(|a| a.answer.clone()).collect(),
                    })
                    .collect(),
            )
        };
        let problems = answer_set::check("vendors.json", &set, &q);
        if !problems.is_empty() {
            return Err(bad(joined(&problems, "; ")));
        }
        for v in &vendors {
            for a in &v.answers {
                if a.files.len() != a.answer.evidence.len() {
                    return Err(bad(format!(
                        "vendors.json: {} / {}: the file list does not match the evidence",
                        v.name, a.answer.question
                    )));
                }
                for sha in a.files.iter().flatten() {
                    if !present.contains(sha.as_str()) {
                        return Err(bad(format!(
                            "vendors.json: {} / {}: attached file {sha} is not in the bundle",
                            v.name, a.answer.question
                        )));
                    }
                }
            }
        }
        for (i, a) in audit_rows.iter().enumerate() {
            let entity_ok = ["evaluation", "vendor", "answer", "evidence", "negotiation"]
                .contains(&a.entity.as_str());
            let action_ok =
                ["create", "update", "delete", "import", "copy"].contains(&a.action.as_str());
            if !entity_ok || !action_ok {
                return Err(bad(format!(
                    "audit.json: entry {i} has an unknown entity or action"
                )));
            }
        }
        if !contents.files.is_empty() && files_dir.is_none() {
            return Err(StoreError::NoFileDir);
        }

        // Everything checked: write the rows in one transaction, and move the staged
        // files into place just before it commits.
        // The rows keep the bundle's times and authors; only the import is new.
        let who = self.actor().to_string();
        let tx = self.begin()?;
        for (sha, size) in &contents.files {
            record_file(&tx, sha, *size as usize, names.get(sha.as_str()).copied())?;
        }
        let eval_id = insert_evaluation_row(
            &tx,
            &new,
            &q,
            &evaluation.created_at,
            &evaluation.updated_at,
        )?;
        let mut vendor_ids = BTreeMap::new();
        for v in &vendors {
            let vendor = NewVendor {
                name: v.name.clone(),
                product: v.product.clone(),
                deployment: v.deployment,
                notes: v.notes.clone(),
            };
            let vendor_id = insert_vendor(&tx, eval_id, &vendor, &v.created_at, &v.updated_at)?;
            vendor_ids.insert(v.name.trim(), vendor_id);
            for a in &v.answers {
                put_answer_row(
                    &tx,
                    vendor_id,
                    &a.answer,
                    &a.files,
                    &a.updated_at,
                    &a.updated_by,
                )?;
            }
            for n in &v.negotiations {
                put_negotiation_row(&tx, vendor_id, n)?;
            }
        }
        // The bundle's history did not happen in this database: each row says which
        // bundle it came with (and keeps what it said about earlier imports).
        let bundle_name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        let marker = format!("{bundle_name} (exported {})", manifest.created_at);
        for a in &audit_rows {
            let imported_from = match &a.imported_from {
                Some(earlier) => format!("{marker}; before that {earlier}"),
                None => marker.clone(),
            };
            let vendor_name = a.vendor_name.as_deref();
            insert_audit(
                &tx,
                &AuditRow {
                    at: &a.at,
                    who: &a.who,
                    evaluation: eval_id,
                    vendor_id: vendor_name.and_then(|n| vendor_ids.get(n.trim()).copied()),
                    vendor_name,
                    entity: &a.entity,
                    question: a.question.as_deref(),
                    action: &a.action,
                    old: a.old.as_ref(),
                    new: a.new.as_ref(),
                    imported_from: Some(&imported_from),
                },
            )?;
        }
        audit(
            &tx,
            &who,
            eval_id,
            None,
            "evaluation",
            None,
            "import",
            None,
            Some(&serde_json::json!({"bundle": shown, "manifest_created_at": manifest.created_at})),
        )?;
        set_read_only(&tx, eval_id, evaluation.read_only)?;
        // Dropping `tx` on an error rolls the rows back; `move_into` has already
        // taken back what it moved when it fails itself.
        let added = match (&contents.staging, &files_dir) {
            (Some(staging), Some(dir)) => staging.move_into(dir, contents.files.keys())?,
            _ => Vec::new(),
        };
        if let Err(e) = tx.commit() {
            // Only the files this import added: the others were there before and
            // other evaluations may name them.
            remove_files(&added);
            return Err(e.into());
        }
        Ok(eval_id)
    }
}

struct BundleContents {
    /// The JSON members, by name.
    members: BTreeMap<String, Vec<u8>>,
    /// The attached files by SHA-256 (checked against their content): their size.
    files: BTreeMap<String, u64>,
    /// Where the attached files were streamed to (none for a store without a file
    /// directory, which only hashes them, or a bundle without files).
    staging: Option<Staging>,
}

/// The directory one import streams its attached files into,
/// `files/.staging-<random>/`, removed with everything in it when dropped (any
/// refusal or error). Its `lock` file is held locked while the import runs, so that
/// [`remove_abandoned_staging`] in another process leaves it alone.
struct Staging {
    /// Declared first, so it is closed before the directory is removed.
    _lock: std::fs::File,
    dir: tempfile::TempDir,
}

impl Staging {
    fn create(files_dir: &Path) -> std::io::Result<Staging> {
        std::fs::create_dir_all(files_dir)?;
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(files_dir)?;
        let lock = std::fs::File::create_new(dir.path().join(STAGING_LOCK))?;
        lock.try_lock().map_err(|e| match e {
            std::fs::TryLockError::Error(e) => e,
            std::fs::TryLockError::WouldBlock => std::io::Error::other(
                "another Assay removed this import's staging directory; try again",
            ),
        })?;
        Ok(Staging { _lock: lock, dir })
    }

    fn path(&self, sha: &str) -> PathBuf {
        self.dir.path().join(sha)
    }

    /// Moves the staged files into `files_dir` (renamed: the same file system),
    /// never over an intact file of the same name. Returns the files it added; on
    /// an error it removes them again before returning.
    fn move_into<'a>(
        &self,
        files_dir: &Path,
        shas: impl Iterator<Item = &'a String>,
    ) -> Result<Vec<PathBuf>> {
        let mut added: Vec<PathBuf> = Vec::new();
        for sha in shas {
            let dest = files_dir.join(sha);
            if let Err(e) = self.move_one(sha, &dest, &mut added) {
                remove_files(&added);
                return Err(StoreError::Io {
                    path: dest.display().to_string(),
                    detail: e.to_string(),
                });
            }
        }
        Ok(added)
    }

    fn move_one(&self, sha: &str, dest: &Path, added: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let staged = tempfile::TempPath::try_from_path(self.path(sha))?;
        // No-clobber: atomic, so a file another import or attachment put there in
        // the meantime is never counted as this import's.
        match staged.persist_noclobber(dest) {
            Ok(()) => {
                added.push(dest.to_path_buf());
                Ok(())
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                // Kept when intact (the same content); a damaged copy is replaced,
                // and not taken back on failure (its content is now the right one).
                if crate::digest::sha256_hex_of_file(dest).is_ok_and(|h| h == sha) {
                    Ok(())
                } else {
                    e.path.persist(dest).map_err(|e| e.error)
                }
            }
            Err(e) => Err(e.error),
        }
    }
}

/// Removes files an import added (best effort: on an error path already).
fn remove_files(paths: &[PathBuf]) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

/// Removes the staging directories that imports killed midway left in a store's
/// `files/` directory (`Store::open` calls it). Only directories named
/// `.staging-*`, never a symbolic link, and never one whose import still runs in
/// another process (its lock file is locked), or that has no lock file yet and is
/// younger than [`UNLOCKED_STAGING_GRACE`]. Also an atomic write's temporary file
/// (`.assay-*.partial`) older than that grace: a write killed midway. Everything
/// else in `files/` is an attached file and is not touched.
pub(super) fn remove_abandoned_staging(files_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(files_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // A partly written attachment of a killed write (`atomic_write`'s temporary
        // file): nothing names it; a write in progress is done well within the grace.
        if crate::atomic_write::is_temporary_name(&name)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && older_than_grace(&entry)
        {
            let _ = std::fs::remove_file(entry.path());
            continue;
        }
        let is_staging = name.starts_with(STAGING_PREFIX);
        // `file_type` does not follow symbolic links.
        if !is_staging || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        let abandoned = match std::fs::File::open(dir.join(STAGING_LOCK)) {
            // Taken: its import has ended. (No import ever takes an existing
            // directory's lock, so it is closed before the removal, which Windows
            // needs.)
            Ok(lock) => {
                let taken = lock.try_lock().is_ok();
                drop(lock);
                taken
            }
            Err(_) => older_than_grace(&entry),
        };
        if abandoned {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Whether `entry` was last changed longer than [`UNLOCKED_STAGING_GRACE`] ago (an
/// unreadable time counts as recent: kept).
fn older_than_grace(entry: &std::fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > UNLOCKED_STAGING_GRACE)
}

/// Which limit a member's unpacked size is read up to.
#[derive(Clone, Copy)]
enum Limit {
    Member,
    Ratio,
    Bundle,
    Total,
}

/// Reads and size-checks every member; refuses unexpected and repeated names and
/// possible zip bombs. JSON members are read into memory, attached files streamed
/// into a staging directory inside `files_dir` (when there is one) and checked
/// against the hash they are named by.
fn read_bundle(src: &Path, files_dir: Option<&Path>) -> Result<BundleContents> {
    let shown = src.display().to_string();
    let bad = |reason: String| StoreError::Bundle {
        path: shown.clone(),
        reason,
    };
    // A regular file only: opening a FIFO would block, /dev/zero never ends.
    let open = || {
        crate::bounded_read::open_regular_file(src).map_err(|e| match e {
            crate::bounded_read::ReadError::Io(e) => bad(format!("cannot read it ({e})")),
            e => bad(format!("it {e}")),
        })
    };
    let file = open()?;
    let bundle_bytes = file
        .metadata()
        .map_err(|e| bad(format!("cannot read it ({e})")))?
        .len();
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| bad(format!("not a readable zip file ({e})")))?;
    if archive.len() > MAX_MEMBERS {
        return Err(bad(format!(
            "it has {} members; at most {MAX_MEMBERS} are accepted",
            archive.len()
        )));
    }
    // The zip reader keeps one member per name, so the loop below would never see
    // the second; a bundle has each name once.
    if let Some(name) = crate::zip_names::duplicate_name(&archive, std::io::BufReader::new(open()?))
    {
        return Err(bad(format!(
            "member \"{}\" appears twice",
            name.escape_debug()
        )));
    }
    // Members sharing their packed data (a classic zip bomb) would each unpack it
    // again; a bundle Assay writes never has them.
    if archive
        .has_overlapping_files()
        .map_err(|e| bad(format!("not a readable zip file ({e})")))?
    {
        return Err(bad(
            "its members overlap (several members unpack the same packed data); refused as a possible zip bomb"
                .into(),
        ));
    }
    let bundle_cap = bundle_bytes
        .saturating_mul(MAX_RATIO)
        .saturating_add(RATIO_SLACK);
    let mut out = BundleContents {
        members: BTreeMap::new(),
        files: BTreeMap::new(),
        staging: None,
    };
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| bad(format!("member {i} cannot be read ({e})")))?;
        let name = entry
            .name()
            .map_err(|e| bad(format!("member {i} has an unreadable name ({e})")))?
            .to_string();
        let sha = name.strip_prefix("files/").filter(|s| is_sha256(s));
        if !(MEMBERS.contains(&name.as_str()) || sha.is_some()) || entry.is_dir() {
            return Err(bad(format!(
                "unexpected member \"{}\"",
                name.escape_debug()
            )));
        }
        let cap = if sha.is_some() {
            MAX_MEMBER_BYTES
        } else {
            MAX_JSON_MEMBER_BYTES
        };
        // The smallest limit that applies; past it the member is refused.
        let ratio_cap = entry
            .compressed_size()
            .saturating_mul(MAX_RATIO)
            .saturating_add(RATIO_SLACK);
        let (limit, which) = [
            (cap, Limit::Member),
            (ratio_cap, Limit::Ratio),
            (bundle_cap.saturating_sub(total), Limit::Bundle),
            (MAX_TOTAL_BYTES.saturating_sub(total), Limit::Total),
        ]
        .into_iter()
        .min_by_key(|(n, _)| *n)
        .unwrap_or((cap, Limit::Member));
        let over = |which: Limit| {
            match which {
            Limit::Member => format!("member \"{name}\" is larger than {cap} bytes"),
            Limit::Ratio => format!(
                "member \"{name}\" unpacks to more than {MAX_RATIO} times its packed size; refused as a possible zip bomb"
            ),
            Limit::Bundle => format!(
                "its members unpack to more than {MAX_RATIO} times the bundle's size; refused as a possible zip bomb"
            ),
            Limit::Total => format!("its content exceeds {MAX_TOTAL_BYTES} bytes"),
        }
        };
        // Refused at once when the archive says so; otherwise read at most one
        // byte past the limit: the sizes the archive declares are not trusted.
        if entry.size() > limit {
            return Err(bad(match which {
                Limit::Member => format!(
                    "member \"{name}\" is {} bytes; at most {cap} are accepted",
                    entry.size()
                ),
                which => over(which),
            }));
        }
        let mut reader = (&mut entry).take(limit + 1);
        let damaged =
            |e: std::io::Error| bad(format!("member \"{name}\" is damaged or truncated ({e})"));
        let read: u64 = match sha {
            None => {
                let mut bytes = Vec::new();
                reader.read_to_end(&mut bytes).map_err(damaged)?;
                let n = bytes.len() as u64;
                if n <= limit && out.members.insert(name.clone(), bytes).is_some() {
                    return Err(bad(format!("member \"{name}\" appears twice")));
                }
                n
            }
            Some(sha) => {
                if out.files.contains_key(sha) {
                    return Err(bad(format!("member \"{name}\" appears twice")));
                }
                // Streamed: into the staging directory, or only hashed for a store
                // without a file directory (which refuses the files later).
                let mut staged = match files_dir {
                    Some(dir) => {
                        let staging = match out.staging.take() {
                            Some(staging) => staging,
                            None => Staging::create(dir).map_err(|e| io_err(dir, e))?,
                        };
                        let path = staging.path(sha);
                        out.staging = Some(staging);
                        let f = std::fs::File::create_new(&path).map_err(|e| io_err(&path, e))?;
                        Some((f, path))
                    }
                    None => None,
                };
                let mut hash = Sha256Stream::default();
                let mut n: u64 = 0;
                loop {
                    let got = match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(got) => got,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(damaged(e)),
                    };
                    n += got as u64;
                    hash.update(&buf[..got]);
                    if let Some((f, path)) = staged.as_mut() {
                        f.write_all(&buf[..got]).map_err(|e| io_err(path, e))?;
                    }
                }
                if n <= limit {
                    let actual = hash.hex();
                    if actual != sha {
                        return Err(bad(format!(
                            "files/{sha}: hash mismatch (the content hashes to {actual})"
                        )));
                    }
                    if let Some((f, path)) = staged {
                        f.sync_all().map_err(|e| io_err(&path, e))?;
                    }
                    out.files.insert(sha.to_string(), n);
                }
                n
            }
        };
        if read > limit {
            return Err(bad(over(which)));
        }
        total += read;
    }
    for required in MEMBERS {
        if !out.members.contains_key(required) {
            return Err(bad(format!("member \"{required}\" is missing")));
        }
    }
    Ok(out)
}

/// A JSON value from the bundle as a message shows it: a number as written when
/// it is whole (`1180591620717411303424`, not `1.1805916207174113e21`), a text
/// quoted and shortened, a list or an object by its kind.
fn json_shown(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e30 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Value::String(s) => quoted_start(s),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

/// A text from the bundle as a message shows it: quoted, control characters
/// escaped, at most 40 characters.
fn quoted_start(text: &str) -> String {
    let start: String = text.chars().take(40).collect();
    let more = if start.len() < text.len() { "…" } else { "" };
    format!("\"{}{more}\"", start.escape_debug())
}

fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap_or_default()
}
