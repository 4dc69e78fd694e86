//! Writing a file as a whole or not at all, the one way every writer in Assay
//! does it (reports, workbooks, bundles, attached files): into a temporary file
//! in the destination's directory (so the final rename stays on one file
//! system and is atomic), flushed to disk, then renamed over the destination.
//! On any error the temporary file is removed (tempfile removes it on drop), so
//! no error path leaves a stray or half-written file behind.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// The temporary file of a write in progress is `.assay-<random>.partial` beside its
/// destination.
const TEMP_PREFIX: &str = ".assay-";
const TEMP_SUFFIX: &str = ".partial";

/// Whether a file name is that of a write's temporary file (one a killed write
/// left behind, when it is old).
pub fn is_temporary_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Writes `path` through `write`, which gets the temporary file.
pub fn write_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
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
