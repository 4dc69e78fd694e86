//! Duplicate member names in a zip archive, which the `zip` crate hides: its
//! `ZipArchive` keeps one entry per name (the last one), so iterating it by index
//! never shows the second member of the same name, and a reader that opens
//! members by name (calamine, the bundle import) would silently use one of them.
//! `ZipArchive::has_duplicate_names` says that there is one; this module walks the
//! central directory once more to say which, so the refusal can name it.

use std::collections::HashSet;
use std::io::{self, Read, Seek, SeekFrom};

/// The signature of a central-directory file header ("PK\1\2").
const CENTRAL_HEADER: u32 = 0x0201_4b50;
/// The fixed part of a central-directory file header, in bytes.
const CENTRAL_HEADER_LEN: usize = 46;

/// Whether `archive` has two members with the same name, and the first such name
/// (as text, lossily decoded), or a placeholder when the directory cannot be
/// walked again. `reader` is a second reader over the same bytes as the archive.
pub fn duplicate_name<R: Read + Seek, S: Read + Seek>(
    archive: &zip::ZipArchive<R>,
    reader: S,
) -> Option<String> {
    if !archive.has_duplicate_names() {
        return None;
    }
    Some(
        first_repeated_name(reader, archive.central_directory_start())
            .ok()
            .flatten()
            .unwrap_or_else(|| "(a name)".to_string()),
    )
}

/// Walks the central directory from `start` and returns the first name seen twice.
fn first_repeated_name(mut reader: impl Read + Seek, start: u64) -> io::Result<Option<String>> {
    reader.seek(SeekFrom::Start(start))?;
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let mut header = [0u8; CENTRAL_HEADER_LEN];
    // The archive was already read whole by the `zip` crate, so its directory is
    // finite; the bound only keeps a damaged one from looping.
    for _ in 0..u32::from(u16::MAX) * 16 {
        if reader.read_exact(&mut header).is_err() {
            return Ok(None);
        }
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
        let signature = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        if signature != CENTRAL_HEADER {
            return Ok(None);
        }
        let mut name = vec![0u8; usize::from(u16_at(28))];
        reader.read_exact(&mut name)?;
        let skip = i64::from(u16_at(30)) + i64::from(u16_at(32));
        reader.seek(SeekFrom::Current(skip))?;
        if !seen.insert(name.clone()) {
            return Ok(Some(String::from_utf8_lossy(&name).into_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (i, n) in names.iter().enumerate() {
            // The writer refuses a repeated name; give each a unique one and rename
            // it in the bytes afterwards (the names have the same length).
            w.start_file(format!("{i}{n}"), zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(n.as_bytes()).unwrap();
        }
        let mut bytes = w.finish().unwrap().into_inner();
        for (i, n) in names.iter().enumerate() {
            let from = format!("{i}{n}").into_bytes();
            let to = format!("_{n}").into_bytes();
            let mut at = 0;
            while let Some(p) = bytes[at..].windows(from.len()).position(|w| w == from) {
                bytes[at + p..at + p + to.len()].copy_from_slice(&to);
                at += p + to.len();
            }
        }
        bytes
    }

    #[test]
    fn names_the_repeated_member() {
        let bytes = zip_of(&["a.xml", "b.xml", "a.xml"]);
        let archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(
            duplicate_name(&archive, Cursor::new(&bytes)).as_deref(),
            Some("_a.xml")
        );
        let bytes = zip_of(&["a.xml", "b.xml", "c.xml"]);
        let archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(duplicate_name(&archive, Cursor::new(&bytes)), None);
    }
}
