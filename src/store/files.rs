//! Attached files, stored once under `<data dir>/files/<sha256>` and checked
//! against their hash on every read.

use super::model::{required_answer, write_answer, Recorded};
use super::{now_utc, Result, Store, StoreError};
use crate::bounded_read::{check_regular_file, read_regular_file, ReadError};
use crate::digest::{is_sha256, sha256_hex};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// Attachments larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A bounded read's refusal as the store says it (naming the file).
fn read_refusal(file: &Path, e: ReadError) -> StoreError {
    match e {
        ReadError::Io(e) => super::io_err(file, e),
        e => StoreError::invalid_input(&file.display().to_string(), e.to_string()),
    }
}

/// Refuses a missing, unreadable, oversized or non-regular attachment (a
/// directory, a device, a FIFO) before anything is written (as
/// [`Store::attach_file`] would).
pub fn check_attachment(file: &Path) -> Result<()> {
    let meta = check_regular_file(file).map_err(|e| read_refusal(file, e))?;
    if meta.len() > MAX_FILE_BYTES {
        let size = Some(meta.len());
        let cap = MAX_FILE_BYTES;
        return Err(read_refusal(file, ReadError::TooLarge { cap, size }));
    }
    Ok(())
}

/// Reads an attachment through the bounded reader: a regular file only, at most
/// [`MAX_FILE_BYTES`].
pub fn read_attachment(file: &Path) -> Result<Vec<u8>> {
    read_regular_file(file, MAX_FILE_BYTES).map_err(|e| read_refusal(file, e))
}

/// Records a stored file's row (once per content). The first name given stays:
/// the same bytes attached again under another name keep the name they had.
pub(crate) fn record_file(
    conn: &Connection,
    sha: &str,
    size: usize,
    name: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO file (sha256, size, created_at, name) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (sha256) DO UPDATE SET name = coalesce(file.name, excluded.name)",
    )?
    .execute(params![sha, size as i64, now_utc(), name])?;
    Ok(())
}

/// The longest file name kept, in bytes of UTF-8: the limit of common file
/// systems (ext4, APFS, NTFS …), so the copy "Open" writes can always be created.
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// The name an attachment is recorded under: the last part of its path, as
/// text, made safe by [`clean_file_name`]; `None` when the path has no name.
pub fn attachment_name(file: &Path) -> Option<String> {
    let name = file.file_name()?.to_string_lossy();
    clean_file_name(&name)
}

/// A name safe to show and to create a file under: no path separators or
/// control characters, no leading dots, at most [`MAX_FILE_NAME_BYTES`] (a
/// longer name loses the end of its stem, never its extension, so a viewer
/// still knows the type); `None` when nothing is left.
pub(crate) fn clean_file_name(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.len() <= MAX_FILE_NAME_BYTES {
        return (!cleaned.is_empty()).then(|| cleaned.to_string());
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => (stem, Some(ext)),
        _ => (cleaned, None),
    };
    let room = MAX_FILE_NAME_BYTES - ext.map_or(0, |e| e.len() + 1);
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = stem[..cut].trim_end();
    Some(match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_string(),
    })
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
    crate::atomic_write::write(&dest, bytes).map_err(io)?;
    Ok(sha)
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
            return Err(read_refusal(
                Path::new("attachment"),
                ReadError::TooLarge {
                    cap: MAX_FILE_BYTES,
                    size: Some(bytes.len() as u64),
                },
            ));
        }
        let dir = self.require_files_dir()?;
        let sha = put_bytes(&dir, bytes)?;
        record_file(&self.conn, &sha, bytes.len(), None)?;
        Ok(sha)
    }

    /// The name an attached file was recorded under, if any.
    pub fn file_name(&self, sha256: &str) -> Result<Option<String>> {
        let name = self
            .conn
            .prepare_cached("SELECT name FROM file WHERE sha256 = ?1")?
            .query_row(params![sha256], |r| r.get::<_, Option<String>>(0))
            .optional()?;
        Ok(name.flatten())
    }

    /// Writes a copy of an attached file, under its recorded name, into a folder
    /// of its own inside `dir` (`dir/<first 12 hex digits>/<name>`), for a viewer
    /// to open: the stored file is named by its hash, which no viewer can place.
    /// The content is checked against its hash first. Returns the copy's path.
    pub fn copy_attachment(&self, sha256: &str, dir: &Path) -> Result<PathBuf> {
        let bytes = self.read_file(sha256)?;
        let name = self
            .file_name(sha256)?
            .as_deref()
            .and_then(clean_file_name)
            .unwrap_or_else(|| sha256.to_string());
        let folder = dir.join(&sha256[..12]);
        let dest = folder.join(name);
        let io = |e: std::io::Error| super::io_err(&dest, e);
        std::fs::create_dir_all(&folder).map_err(io)?;
        crate::atomic_write::write(&dest, &bytes).map_err(io)?;
        Ok(dest)
    }

    /// Reads an attachment, checking that its content still has its hash.
    pub fn read_file(&self, sha256: &str) -> Result<Vec<u8>> {
        let dir = self.require_files_dir()?;
        if !is_sha256(sha256) {
            return Err(StoreError::invalid_input(
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
        let bytes = read_attachment(file)?;
        let vendor = self.vendor(vendor_id)?;
        super::model::ensure_editable(&self.conn, vendor.evaluation_id)?;
        // Checked before the file is stored, and again in the transaction.
        check_evidence_index(&required_answer(&self.conn, &vendor, question)?, index)?;
        let dir = self.require_files_dir()?;
        let sha = put_bytes(&dir, &bytes)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        record_file(&tx, &sha, bytes.len(), attachment_name(file).as_deref())?;
        let current = required_answer(&tx, &vendor, question)?;
        check_evidence_index(&current, index)?;
        let mut files = current.files;
        files[index] = Some(sha.clone());
        write_answer(
            &tx,
            &who,
            &vendor,
            &current.answer,
            Some(&files),
            Recorded::FileAttached,
        )?;
        tx.commit()?;
        Ok(sha)
    }
}

impl Store {
    /// Adds one piece of evidence to a stored answer with its file attached, in
    /// one IMMEDIATE transaction (with its audit row): the file is read (bounded,
    /// a regular file only) and stored by hash first, so a bad file leaves no
    /// evidence entry. Returns the piece's number (1-based) and the file's SHA-256.
    pub fn add_evidence_with_file(
        &mut self,
        vendor_id: i64,
        question: &str,
        piece: crate::answers::Evidence,
        file: &Path,
    ) -> Result<(usize, String)> {
        let vendor = self.vendor(vendor_id)?;
        super::model::ensure_editable(&self.conn, vendor.evaluation_id)?;
        let bytes = read_attachment(file)?;
        let q = self.questionnaire(vendor.evaluation_id)?;
        let mut answer = required_answer(&self.conn, &vendor, question)?.answer;
        answer.evidence.push(piece.clone());
        super::model::check_answer(&q, &vendor, &answer)?;
        let dir = self.require_files_dir()?;
        let sha = put_bytes(&dir, &bytes)?;
        let who = self.actor().to_string();
        let tx = self.begin()?;
        record_file(&tx, &sha, bytes.len(), attachment_name(file).as_deref())?;
        let current = required_answer(&tx, &vendor, question)?;
        let mut answer = current.answer;
        answer.evidence.push(piece);
        let mut files = current.files;
        files.resize(answer.evidence.len() - 1, None);
        files.push(Some(sha.clone()));
        write_answer(&tx, &who, &vendor, &answer, Some(&files), Recorded::Edit)?;
        tx.commit()?;
        Ok((answer.evidence.len(), sha))
    }
}

fn check_evidence_index(stored: &super::StoredAnswer, index: usize) -> Result<()> {
    let pieces = stored.answer.evidence.len();
    if index >= pieces {
        return Err(StoreError::invalid_input(
            "evidence",
            format!(
                "the answer to {} has {pieces} piece(s) of evidence; there is no number {}",
                stored.answer.question,
                index + 1
            ),
        ));
    }
    Ok(())
}
