//! Reading a file a user names, in bounded memory and time: every loader (JSON
//! files, workbooks, PDFs to verify, attachments, bundles) reads through here.
//!
//! Why not `metadata().len()` then `fs::read`: the size a special file reports is
//! not what it yields. `/dev/zero` says 0 bytes and never ends (read until the
//! allocation fails); a FIFO blocks `open` until someone writes; `/proc` files say
//! 0 and have content. So: refuse anything but a regular file before opening it
//! (opening a FIFO would already hang), check again on the open handle (the path
//! may have been swapped), and read at most `cap + 1` bytes whatever the size says.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file was not read. `Display` is a plain sentence without the file name
/// (callers say which file).
#[derive(Debug)]
pub enum ReadError {
    /// Missing, no permission, or an I/O error.
    Io(std::io::Error),
    Directory,
    /// A device, a FIFO or a socket.
    NotRegular,
    /// More than `cap` bytes; `size` is what the file system says, when it does.
    TooLarge {
        cap: u64,
        size: Option<u64>,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
            ReadError::Directory => f.write_str("is a directory, not a regular file"),
            ReadError::NotRegular => {
                f.write_str("is not a regular file (a device, a pipe or a socket); choose a file")
            }
            ReadError::TooLarge {
                cap,
                size: Some(size),
            } => write!(
                f,
                "the file is {:.1} MB; files larger than {} are refused",
                *size as f64 / 1_048_576.0,
                size_text(*cap)
            ),
            ReadError::TooLarge { cap, size: None } => write!(
                f,
                "the file is larger than {}; files larger than that are refused",
                size_text(*cap)
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// `cap` as people say it: "16 MiB", or bytes below 1 MiB.
pub fn size_text(cap: u64) -> String {
    if cap >= 1024 * 1024 && cap.is_multiple_of(1024 * 1024) {
        format!("{} MiB", cap / (1024 * 1024))
    } else {
        format!("{cap} bytes")
    }
}

/// Refuses a path that is not a regular file (following symbolic links, as
/// opening does), without opening it.
pub fn check_regular_file(path: &Path) -> Result<std::fs::Metadata, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(meta)
}

/// Opens a regular file for reading, checked before and after opening.
pub fn open_regular_file(path: &Path) -> Result<std::fs::File, ReadError> {
    check_regular_file(path)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(file)
}

/// The whole content of the regular file at `path`, refused past `cap` bytes.
pub fn read_regular_file(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular_file(path)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > cap {
        return Err(ReadError::TooLarge {
            cap,
            size: Some(len),
        });
    }
    // Sized from what was checked, and never more than read.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        // The file grew while read.
        return Err(ReadError::TooLarge { cap, size: None });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_without_reading() {
        for special in ["/dev/zero", "/dev/null"] {
            if Path::new(special).exists() {
                assert!(
                    matches!(
                        read_regular_file(Path::new(special), 10),
                        Err(ReadError::NotRegular)
                    ),
                    "{special}"
                );
            }
        }
        assert!(matches!(
            read_regular_file(Path::new("/"), 10),
            Err(ReadError::Directory)
        ));
    }

    #[test]
    fn the_cap_is_exact() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789")?;
        assert_eq!(
            read_regular_file(&path, 10).ok(),
            Some(b"0123456789".to_vec())
        );
        let refused = read_regular_file(&path, 9);
        assert!(matches!(
            refused,
            Err(ReadError::TooLarge {
                cap: 9,
                size: Some(10)
            })
        ));
        Ok(())
    }

    #[test]
    fn sizes_are_said_in_mib() {
        assert_eq!(size_text(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }
}
