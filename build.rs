//! Gives this build an identity, `ASSAY_BUILD_ID`: a digest of everything that
//! decides what a report prints for given data — the core's sources (layout,
//! wording, scoring), the bundled questionnaires, the manifest and the locked
//! dependency versions (printpdf, lopdf, allsorts). A report records it, and
//! `assay verify` re-renders byte for byte only a report of the same build:
//! another build may set the same data differently, and that must never read
//! as "the printed content was changed" (src/report/mod.rs).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const INPUTS: [&str; 4] = ["src", "questionnaires", "Cargo.toml", "Cargo.lock"];

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", path.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            files_under(&entry, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        files_under(Path::new(input), &mut files);
    }
    let mut hash = Sha256::new();
    for file in &files {
        // The path with '/' on every system, then the length and the bytes, so
        // two different sets of files cannot hash alike.
        let name = file.to_string_lossy().replace('\\', "/");
        let bytes =
            std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let id: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=ASSAY_BUILD_ID={id}");
}
