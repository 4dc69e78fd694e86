//! Writing a file as a whole or not at all, the one way every writer in Assay
//! does it (reports, workbooks, bundles, attached files): into a temporary file
//! in the destination's directory (so the final rename stays on one file
//! system and is atomic), flushed to disk, then renamed over the destination.
//! On any error the temporary file is removed (tempfile removes it on drop), so
//! no error path leaves a stray or half-written file behind.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Writes `path` through `write`, which gets the temporary file.
pub fn write_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".assay-")
        .suffix(".partial")
        .tempfile_in(dir)?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |f| f.write_all(bytes))
}
