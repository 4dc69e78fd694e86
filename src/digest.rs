//! SHA-256 as lower-case hex: the one hashing helper, below both the store
//! (attached files by content) and the report (fingerprint, file digest).

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Whether `s` looks like [`sha256_hex`]'s output (64 lower-case hex digits).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// SHA-256 computed piece by piece, for content streamed rather than held whole
/// (a bundle's attached files); [`Sha256Stream::hex`] gives what [`sha256_hex`]
/// would for all the pieces together.
#[derive(Default)]
pub struct Sha256Stream(Sha256);

impl Sha256Stream {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn hex(self) -> String {
        format!("{:x}", self.0.finalize())
    }
}

/// SHA-256 of a file's content, read in pieces (never whole in memory).
pub fn sha256_hex_of_file(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hash = Sha256Stream::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hash.hex()),
            Ok(n) => hash.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_hash_equals_whole_hash() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut s = Sha256Stream::default();
        for piece in bytes.chunks(7_777) {
            s.update(piece);
        }
        assert_eq!(s.hex(), sha256_hex(&bytes));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, &bytes).unwrap();
        assert_eq!(sha256_hex_of_file(&f).unwrap(), sha256_hex(&bytes));
    }
}
