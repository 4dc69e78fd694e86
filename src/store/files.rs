//! Attached files, stored once under `<data dir>/files/<sha256>` and checked
//! against their hash on every read.

use super::model::{audit, load_answers, write_answer};
use super::{now_utc, Result, Store, StoreError};
use rusqlite::{params, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Attachments larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

pub(crate) fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Writes `bytes` to `dir/<sha256>` if not there yet (atomically: temp file, fsync, rename).
pub(crate) fn put_bytes(dir: &Path, bytes: &[u8]) -> Result<String> {
    let sha = sha256_hex(bytes);
    let dest = dir.join(&sha);
    if dest.exists()
        && std::fs::read(&dest)
            .map(|b| sha256_hex(&b) == sha)
            .unwrap_or(false)
    {
        return Ok(sha);
    }
    let io = |e: std::io::Error| StoreError::Io {
        path: dest.display().to_string(),
        detail: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile_in(dir).map_err(io)?;
    tmp.1.write_all(bytes).map_err(io)?;
    tmp.1.sync_all().map_err(io)?;
    drop(tmp.1);
    std::fs::rename(&tmp.0, &dest).map_err(io)?;
    Ok(sha)
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for n in 0..1000u32 {
        let path = dir.join(format!(
            ".incoming-{}-{}-{n}",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("cannot create a temporary file"))
}

impl Store {
    fn require_files_dir(&self) -> Result<PathBuf> {
        self.files_dir()
            .map(Path::to_path_buf)
            .ok_or(StoreError::NoFileDir)
    }

    /// Stores bytes as an attachment (once per content); returns its SHA-256.
    pub fn put_file_bytes(&mut self, bytes: &[u8]) -> Result<String> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(StoreError::invalid(
                "attachment",
                format!(
                    "the file is larger than {} MiB",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ));
        }
        let dir = self.require_files_dir()?;
        let sha = put_bytes(&dir, bytes)?;
        self.conn.execute(
            "INSERT OR IGNORE INTO file (sha256, size, created_at) VALUES (?1, ?2, ?3)",
            params![sha, bytes.len() as i64, now_utc()],
        )?;
        Ok(sha)
    }

    /// Reads an attachment, checking that its content still has its hash.
    pub fn read_file(&self, sha256: &str) -> Result<Vec<u8>> {
        let dir = self.require_files_dir()?;
        if !is_sha256(sha256) {
            return Err(StoreError::invalid(
                "attachment",
                format!("\"{sha256}\" is not a SHA-256"),
            ));
        }
        let bytes = std::fs::read(dir.join(sha256)).map_err(|_| StoreError::FileMissing {
            sha256: sha256.to_string(),
            dir: dir.display().to_string(),
        })?;
        let actual = sha256_hex(&bytes);
        if actual != sha256 {
            return Err(StoreError::FileTampered {
                sha256: sha256.to_string(),
                actual,
            });
        }
        Ok(bytes)
    }

    /// Attaches a file to the `index`-th piece of evidence of an answer, with an
    /// audit row. Returns the file's SHA-256.
    pub fn attach_file(
        &mut self,
        vendor_id: i64,
        question: &str,
        index: usize,
        file: &Path,
    ) -> Result<String> {
        let meta = std::fs::metadata(file).map_err(|e| StoreError::Io {
            path: file.display().to_string(),
            detail: e.to_string(),
        })?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(StoreError::invalid(
                &file.display().to_string(),
                format!("larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024),
            ));
        }
        let bytes = std::fs::read(file).map_err(|e| StoreError::Io {
            path: file.display().to_string(),
            detail: e.to_string(),
        })?;
        let vendor = self.vendor(vendor_id)?;
        let stored = self
            .answer(vendor_id, question)?
            .ok_or_else(|| StoreError::NoAnswer {
                vendor: vendor_id,
                question: question.to_string(),
            })?;
        if index >= stored.answer.evidence.len() {
            return Err(StoreError::invalid(
                "evidence",
                format!(
                    "the answer to {question} has {} piece(s) of evidence; there is no number {}",
                    stored.answer.evidence.len(),
                    index + 1
                ),
            ));
        }
        let dir = self.require_files_dir()?;
        let sha = put_bytes(&dir, &bytes)?;
        let who = self.actor().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO file (sha256, size, created_at) VALUES (?1, ?2, ?3)",
            params![sha, bytes.len() as i64, now_utc()],
        )?;
        let current = load_answers(&tx, vendor.evaluation_id, Some(vendor_id))?
            .into_iter()
            .find(|a| a.answer.question == question)
            .ok_or_else(|| StoreError::NoAnswer {
                vendor: vendor_id,
                question: question.to_string(),
            })?;
        let mut files = current.files.clone();
        files.resize(current.answer.evidence.len(), None);
        files[index] = Some(sha.clone());
        if let Some((old, new)) = write_answer(&tx, &who, &vendor, &current.answer, Some(&files))? {
            audit(
                &tx,
                &who,
                vendor.evaluation_id,
                Some((vendor.id, &vendor.name)),
                "evidence",
                Some(question),
                "update",
                old.as_ref(),
                Some(&new),
            )?;
        }
        tx.commit()?;
        Ok(sha)
    }
}
