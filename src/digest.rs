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
