//! The portable evaluation bundle: one zip file holding
//! `manifest.json` (format, version, file list), `evaluation.json`,
//! `questionnaire.json` (the exact snapshot text), `vendors.json` (vendors, answers,
//! evidence metadata), `audit.json` and `files/<sha256>` for attached files.
//!
//! Import reads and checks everything before it writes anything: member names
//! (no paths other than the ones above), sizes, hashes, version, the snapshot and
//! every answer. The database is changed in one transaction or not at all.

use super::files::{put_bytes, record_file};
use super::model::{
    audit, check_new_evaluation, insert_audit, insert_evaluation_row, insert_vendor,
    put_answer_row, set_read_only, AuditRow, Deployment, Evaluation, NewEvaluation, NewVendor,
};
use super::{joined, now_utc, Result, Store, StoreError};
use crate::answer_set;
use crate::answers::{Answer, AnswerSet, QuestionnaireRef, VendorAnswers};
use crate::digest::{is_sha256, sha256_hex};
use crate::questionnaire;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

pub const BUNDLE_FORMAT: &str = "assay-evaluation-bundle";
pub const BUNDLE_VERSION: u32 = 1;
/// A member larger than this (uncompressed) is refused.
pub const MAX_MEMBER_BYTES: u64 = 64 * 1024 * 1024;
/// The whole bundle's uncompressed content may not exceed this.
const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
const MAX_MEMBERS: usize = 10_000;

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
            .map(|v| BundleVendor {
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
            })
            .collect();
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
                .map(|(sha, b)| FileEntry {
                    sha256: sha.clone(),
                    size: b.len() as u64,
                })
                .collect(),
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
    pub fn import_evaluation(&mut self, src: &Path) -> Result<i64> {
        let shown = src.display().to_string();
        let bad = |reason: String| StoreError::Bundle {
            path: shown.clone(),
            reason,
        };
        let contents = read_bundle(src).map_err(&bad)?;
        let parse = |name: &str| -> Result<Value> {
            let bytes = contents
                .members
                .get(name)
                .expect("required members are present");
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
        match manifest_value.get("version").and_then(Value::as_u64) {
            Some(v) if v == BUNDLE_VERSION as u64 => {}
            Some(v) => {
                return Err(bad(format!(
                    "bundle version {v}; this Assay reads version {BUNDLE_VERSION}"
                )))
            }
            None => return Err(bad("manifest.json: the version is missing".into())),
        }
        let manifest: Manifest = serde_json::from_value(manifest_value)
            .map_err(|e| bad(format!("manifest.json: {e}")))?;
        let evaluation: BundleEvaluation = serde_json::from_value(parse("evaluation.json")?)
            .map_err(|e| bad(format!("evaluation.json: {e}")))?;
        let vendors: Vec<BundleVendor> = serde_json::from_value(parse("vendors.json")?)
            .map_err(|e| bad(format!("vendors.json: {e}")))?;
        let audit_rows: Vec<BundleAudit> = serde_json::from_value(parse("audit.json")?)
            .map_err(|e| bad(format!("audit.json: {e}")))?;
        let snapshot = String::from_utf8(contents.members["questionnaire.json"].clone())
            .map_err(|_| bad("questionnaire.json is not UTF-8 text".into()))?;
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
        // Files: the manifest, the members and the hashes must agree.
        let listed: HashSet<&str> = manifest.files.iter().map(|f| f.sha256.as_str()).collect();
        let present: HashSet<&str> = contents.files.keys().map(String::as_str).collect();
        if listed != present {
            return Err(bad(
                "the files listed in manifest.json and the files in the bundle differ".into(),
            ));
        }
        for f in &manifest.files {
            let bytes = &contents.files[&f.sha256];
            if bytes.len() as u64 != f.size {
                return Err(bad(format!(
                    "files/{}: the size differs from manifest.json",
                    f.sha256
                )));
            }
            let actual = sha256_hex(bytes);
            if actual != f.sha256 {
                return Err(bad(format!(
                    "files/{}: hash mismatch (the content hashes to {actual})",
                    f.sha256
                )));
            }
        }
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
            let entity_ok =
                ["evaluation", "vendor", "answer", "evidence"].contains(&a.entity.as_str());
            let action_ok = ["create", "update", "delete", "import"].contains(&a.action.as_str());
            if !entity_ok || !action_ok {
                return Err(bad(format!(
                    "audit.json: entry {i} has an unknown entity or action"
                )));
            }
        }
        if !contents.files.is_empty() && self.files_dir().is_none() {
            return Err(StoreError::NoFileDir);
        }

        // Everything checked: store the files (content-addressed, harmless if the
        // transaction below fails), then write the rows in one transaction.
        if let Some(dir) = self.files_dir().map(Path::to_path_buf) {
            for bytes in contents.files.values() {
                put_bytes(&dir, bytes)?;
            }
        }
        // The rows keep the bundle's times and authors; only the import is new.
        let who = self.actor().to_string();
        let tx = self.begin()?;
        for (sha, bytes) in &contents.files {
            record_file(&tx, sha, bytes.len())?;
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
        }
        for a in &audit_rows {
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
        tx.commit()?;
        Ok(eval_id)
    }
}

struct BundleContents {
    members: BTreeMap<String, Vec<u8>>,
    files: BTreeMap<String, Vec<u8>>,
}

/// Reads and size-checks every member; refuses unexpected names.
fn read_bundle(src: &Path) -> std::result::Result<BundleContents, String> {
    let file = std::fs::File::open(src).map_err(|e| format!("cannot read it ({e})"))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| format!("not a readable zip file ({e})"))?;
    if archive.len() > MAX_MEMBERS {
        return Err(format!(
            "it has {} members; at most {MAX_MEMBERS} are accepted",
            archive.len()
        ));
    }
    let mut out = BundleContents {
        members: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("member {i} cannot be read ({e})"))?;
        let name = entry
            .name()
            .map_err(|e| format!("member {i} has an unreadable name ({e})"))?
            .to_string();
        let is_file_member = name.strip_prefix("files/").is_some_and(is_sha256);
        if !(MEMBERS.contains(&name.as_str()) || is_file_member) || entry.is_dir() {
            return Err(format!("unexpected member \"{}\"", name.escape_debug()));
        }
        if entry.size() > MAX_MEMBER_BYTES {
            return Err(format!(
                "member \"{name}\" is {} bytes; at most {MAX_MEMBER_BYTES} are accepted",
                entry.size()
            ));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_MEMBER_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("member \"{name}\" is damaged or truncated ({e})"))?;
        if bytes.len() as u64 > MAX_MEMBER_BYTES {
            return Err(format!(
                "member \"{name}\" is larger than {MAX_MEMBER_BYTES} bytes"
            ));
        }
        total += bytes.len() as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(format!("its content exceeds {MAX_TOTAL_BYTES} bytes"));
        }
        let duplicate = match name.strip_prefix("files/") {
            Some(sha) if is_file_member => out.files.insert(sha.to_string(), bytes).is_some(),
            _ => out.members.insert(name.clone(), bytes).is_some(),
        };
        if duplicate {
            return Err(format!("member \"{name}\" appears twice"));
        }
    }
    for required in MEMBERS {
        if !out.members.contains_key(required) {
            return Err(format!("member \"{required}\" is missing"));
        }
    }
    Ok(out)
}

fn pretty<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap_or_default()
}
