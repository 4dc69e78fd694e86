//! Hostile evaluation bundles (issue 12) given to `assay evaluation import`: zip
//! bombs, sizes the archive lies about, bad hashes, repeated members, odd
//! versions, forged history. A refused bundle leaves the database and the store's
//! `files/` exactly as they were: no attached file, no staging directory. Each
//! import runs in a child process under the memory cap of `hostile.rs`.

use crate::support::{assay_capped, assay_db, assert_contains, dump, shipped, CappedRun};
use assay::answers::{Answer, AnswerValue, Evidence, EvidenceKind};
use assay::digest::{sha256_hex, Sha256Stream};
use assay::store::fixtures::synthetic_evaluation;
use assay::store::{NewVendor, Store};
use std::collections::BTreeSet;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Sheet 2 of an exported workbook is the first section sheet.
const SECTION_SHEET: &str = "xl/worksheets/sheet2.xml";

/// Runs `assay ARGS…` under the memory cap and the hang bound of
/// [`assay_capped`]; a signal (an abort, the kill) fails the test.
fn capped(case: &str, args: &[&str]) -> CappedRun {
    let run = assay_capped(args);
    assert!(
        run.code.is_some(),
        "{case}: the process was killed: {}",
        run.stderr
    );
    println!(
        "hostile {case}: exit {:?}, peak {} MB",
        run.code,
        run.peak_kb / 1024
    );
    run
}

/// The content of the one file attached in [`source`].
const CERT: &[u8] = b"certificate bytes";

/// A store at `dir/assay.db` with one evaluation (vendor Acme; Q0001 answered with
/// a certificate whose file is attached), exported to `dir/good.assay`.
fn source(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("assay.db");
    let mut s = Store::open(&db).unwrap();
    let e = s.create_evaluation(&synthetic_evaluation(10)).unwrap();
    let v = s
        .add_vendor(
            e,
            &NewVendor {
                name: "Acme".into(),
                ..NewVendor::default()
            },
        )
        .unwrap();
    let answer = Answer {
        question: "Q0001".into(),
        value: Some(AnswerValue::Text("yes".into())),
        evidence: vec![Evidence {
            kind: EvidenceKind::Certificate,
            identifier: Some("C-1".into()),
            issuer: None,
            scope: None,
            issued: None,
            expires: None,
            url: None,
        }],
        ..Answer::default()
    };
    s.set_answer(v, &answer).unwrap();
    let cert = dir.join("cert.pdf");
    std::fs::write(&cert, CERT).unwrap();
    s.attach_file(v, "Q0001", 0, &cert).unwrap();
    let bundle = dir.join("good.assay");
    s.export_evaluation(e, &bundle).unwrap();
    (db, bundle)
}

/// What a member of a bundle written here holds.
enum Content {
    Bytes(Vec<u8>),
    /// This many zero bytes, written in pieces (never whole in memory).
    Zeros(u64),
}

impl Content {
    fn len(&self) -> u64 {
        match self {
            Content::Bytes(b) => b.len() as u64,
            Content::Zeros(n) => *n,
        }
    }

    /// SHA-256 of the content, as the member's name must be.
    fn sha(&self) -> String {
        match self {
            Content::Bytes(b) => sha256_hex(b),
            Content::Zeros(n) => {
                let chunk = vec![0u8; 1 << 20];
                let mut hash = Sha256Stream::default();
                let mut left = *n;
                while left > 0 {
                    let k = left.min(chunk.len() as u64) as usize;
                    hash.update(&chunk[..k]);
                    left -= k as u64;
                }
                hash.hex()
            }
        }
    }
}

/// Writes `members` (deflated) as a zip into `out`.
fn write_zip<W: Write + Seek>(out: W, members: &[(String, Content)]) -> W {
    let mut z = zip::ZipWriter::new(out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in members {
        z.start_file(name.as_str(), opts).unwrap();
        match content {
            Content::Bytes(b) => z.write_all(b).unwrap(),
            Content::Zeros(n) => {
                let chunk = vec![0u8; 1 << 20];
                let mut left = *n;
                while left > 0 {
                    let k = left.min(chunk.len() as u64) as usize;
                    z.write_all(&chunk[..k]).unwrap();
                    left -= k as u64;
                }
            }
        }
    }
    z.finish().unwrap()
}

/// The members of a zip file, in order.
fn members(zip_file: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip_file).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// The good bundle's members with `edit` applied to each (name, bytes), plus
/// `extra` attached files: listed in the manifest and added after the others.
fn edited(
    good: &Path,
    edit: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: Vec<Content>,
) -> Vec<(String, Content)> {
    let mut out = Vec::new();
    let listed: Vec<serde_json::Value> = extra
        .iter()
        .map(|c| serde_json::json!({"sha256": c.sha(), "size": c.len()}))
        .collect();
    for (name, mut bytes) in members(good) {
        if name == "manifest.json" && !listed.is_empty() {
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            m["files"]
                .as_array_mut()
                .unwrap()
                .extend(listed.iter().cloned());
            bytes = serde_json::to_vec_pretty(&m).unwrap();
        }
        let bytes = edit(&name, bytes);
        out.push((name, Content::Bytes(bytes)));
    }
    for c in extra {
        out.push((format!("files/{}", c.sha()), c));
    }
    out
}

fn keep(_: &str, bytes: Vec<u8>) -> Vec<u8> {
    bytes
}

/// Edits `manifest.json` as JSON (for [`edited`]).
fn on_manifest(f: impl Fn(&mut serde_json::Value)) -> impl Fn(&str, Vec<u8>) -> Vec<u8> {
    on_text("manifest.json", move |t| {
        let mut m: serde_json::Value = serde_json::from_str(&t).unwrap();
        f(&mut m);
        m.to_string()
    })
}

/// An edit of one member's text.
fn on_text(
    target: &'static str,
    f: impl Fn(String) -> String,
) -> impl Fn(&str, Vec<u8>) -> Vec<u8> {
    move |name, bytes| {
        if name == target {
            f(String::from_utf8(bytes).unwrap()).into_bytes()
        } else {
            bytes
        }
    }
}

/// `bytes` with every `from` replaced by `to` (of the same length): how a zip with
/// two members of one name is made, as the zip writer refuses to write one.
fn renamed(mut bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut at = 0;
    while let Some(p) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + p..at + p + to.len()].copy_from_slice(to);
        at += p + to.len();
    }
    bytes
}

/// The names in the store's `files/` directory.
fn listing(files: &Path) -> BTreeSet<String> {
    std::fs::read_dir(files)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The database's rows and the names in its `files/` directory.
fn state(db: &Path) -> (Vec<String>, BTreeSet<String>) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    (dump(&conn), listing(&db.with_file_name("files")))
}

/// Checks that `run` ended in a refusal saying `want`, within the memory the
/// import needs (when `/usr/bin/time` measured it).
fn assert_refused(case: &str, run: &CappedRun, want: &str) {
    let said = run.said();
    assert_eq!(run.code, Some(1), "{case}: {said}");
    assert!(said.contains(want), "{case}: expected '{want}' in:\n{said}");
    assert!(
        run.peak_kb < 300_000,
        "{case}: peak {} MB (attached files are streamed, JSON members are at most 16 MiB)",
        run.peak_kb / 1024
    );
}

/// Imports `bundle` into `db` under the memory cap: refused with `want`, nothing
/// changed in the database or in `files/`.
fn refused(case: &str, db: &Path, bundle: &Path, want: &str) {
    let before = state(db);
    let run = capped(
        case,
        &[
            "--db",
            db.to_str().unwrap(),
            "evaluation",
            "import",
            bundle.to_str().unwrap(),
        ],
    );
    assert_refused(case, &run, want);
    assert_contains(&run.said(), "the database was not changed");
    let after = state(db);
    assert_eq!(after.0, before.0, "{case}: the database changed");
    assert_eq!(
        after.1, before.1,
        "{case}: files/ changed (an attached file or a staging directory was left)"
    );
}

/// Deterministic hex digits (incompressible enough: deflate packs them about 2:1).
fn hex_noise(n: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from_digit((x % 16) as u32, 16).unwrap()
        })
        .collect()
}

/// Sets the uncompressed size `member` declares (local and central header) to
/// `size`, leaving its data as it is.
fn declare_size(zip_bytes: &mut [u8], member: &str, size: u32) {
    let (local, central) = {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&*zip_bytes)).unwrap();
        let f = z.by_name(member).unwrap();
        (f.header_start() as usize, f.central_header_start() as usize)
    };
    zip_bytes[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
    zip_bytes[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

#[test]
fn hostile_bundles_are_refused_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = source(dir.path());
    let file = |name: &str| dir.path().join(name);
    let write = |name: &str, members: &[(String, Content)]| -> PathBuf {
        let path = file(name);
        write_zip(std::fs::File::create(&path).unwrap(), members);
        path
    };

    // A 300 MiB attachment of zeros packs into about 300 KB.
    let zeros = Content::Zeros(300 * 1024 * 1024);
    let zeros_sha = zeros.sha();
    let bomb = write("bomb.assay", &edited(&good, keep, vec![zeros]));
    refused(
        "bomb-300mib",
        &db,
        &bomb,
        &format!("member \"files/{zeros_sha}\" unpacks to more than 100 times its packed size; refused as a possible zip bomb"),
    );

    // Many valid members of 1 MiB each, each within the ratio on its own.
    let many: Vec<Content> = (0u64..40)
        .map(|i| {
            let mut b = vec![0u8; 1024 * 1024];
            b[..8].copy_from_slice(&i.to_le_bytes());
            Content::Bytes(b)
        })
        .collect();
    let many = write("many.assay", &edited(&good, keep, many));
    refused(
        "many-small-bombs",
        &db,
        &many,
        "its members unpack to more than 100 times the bundle's size; refused as a possible zip bomb",
    );

    // A new, valid file first (streamed into the staging directory), then one
    // whose content is not what its name says.
    let fresh = Content::Bytes(b"a fresh attachment".to_vec());
    let fresh_sha = fresh.sha();
    let mut members = edited(&good, keep, vec![fresh]);
    let named = sha256_hex(b"what the name says");
    members.push((
        format!("files/{named}"),
        Content::Bytes(b"what the content is".to_vec()),
    ));
    let mismatch = write("mismatch.assay", &members);
    refused(
        "hash-mismatch-after-a-good-file",
        &db,
        &mismatch,
        &format!("files/{named}: hash mismatch"),
    );
    assert!(!dir.path().join("files").join(&fresh_sha).exists());

    // Two members named vendors.json (the zip reader would show only one).
    let mut members = edited(&good, keep, vec![]);
    let vendors = members
        .iter()
        .find(|(n, _)| n == "vendors.json")
        .map(|(_, c)| match c {
            Content::Bytes(b) => b.clone(),
            Content::Zeros(_) => unreachable!(),
        })
        .unwrap();
    members.push(("vendors.jsoX".into(), Content::Bytes(vendors)));
    let bytes = write_zip(std::io::Cursor::new(Vec::new()), &members).into_inner();
    let twice = file("twice.assay");
    std::fs::write(&twice, renamed(bytes, "vendors.jsoX", "vendors.json")).unwrap();
    refused(
        "duplicate-member",
        &db,
        &twice,
        "member \"vendors.json\" appears twice",
    );

    // A JSON member past 16 MiB: declared, and declared small but really larger.
    let big_json = format!("\"{}\"", hex_noise(17 * 1024 * 1024));
    let members = edited(
        &good,
        |name, bytes| {
            if name == "questionnaire.json" {
                big_json.clone().into_bytes()
            } else {
                bytes
            }
        },
        vec![],
    );
    let big = write("big-json.assay", &members);
    refused(
        "json-member-declared-too-large",
        &db,
        &big,
        "member \"questionnaire.json\" is 17825794 bytes; at most 16777216 are accepted",
    );
    let mut bytes = std::fs::read(&big).unwrap();
    declare_size(&mut bytes, "questionnaire.json", 1000);
    let lying = file("lying-size.assay");
    std::fs::write(&lying, bytes).unwrap();
    // (The zip reader itself stops at the declared size; Assay's own count of
    // what it really read would stop at 16 MiB + 1 byte.)
    refused(
        "json-member-lies-about-its-size",
        &db,
        &lying,
        "member \"questionnaire.json\" is damaged or truncated (File is larger than its declared uncompressed size)",
    );

    // An attached file past 64 MiB that packs like a real document (about 2:1).
    let large = Content::Bytes(hex_noise(65 * 1024 * 1024).into_bytes());
    let large_sha = large.sha();
    let large = write("large-file.assay", &edited(&good, keep, vec![large]));
    refused(
        "attachment-too-large",
        &db,
        &large,
        &format!("member \"files/{large_sha}\" is 68157440 bytes; at most 67108864 are accepted"),
    );

    // Versions that are not small whole numbers, said as written.
    for (case, version, shown) in [
        (
            "version-2^70",
            "1180591620717411303424",
            "1180591620717411303424",
        ),
        ("version-1.5", "1.5", "1.5"),
        ("version-text", "\"1\"", "\"1\""),
    ] {
        let members = edited(
            &good,
            on_text("manifest.json", move |t| {
                assert!(t.contains("\"version\": 1,"), "{t}");
                t.replace("\"version\": 1,", &format!("\"version\": {version},"))
            }),
            vec![],
        );
        let path = write(&format!("{case}.assay"), &members);
        refused(
            case,
            &db,
            &path,
            &format!("manifest.json: the version is {shown}, not a whole number Assay knows; this Assay reads version 1"),
        );
    }

    // An attached file's name is shown and used to name the copy a viewer opens:
    // a path, a control character or an empty name is refused, not cleaned up.
    let too_long = format!("{}.pdf", "长".repeat(100));
    for (case, name) in [
        ("file-name-path", "../../.bashrc"),
        ("file-name-control", "cert\u{7}.pdf"),
        ("file-name-empty", ""),
        // 100 × 3 bytes: past what a file system takes.
        ("file-name-too-long", &too_long),
    ] {
        let members = edited(
            &good,
            on_manifest(move |m| {
                assert_eq!(m["files"][0]["name"], "cert.pdf", "{m}");
                m["files"][0]["name"] = name.into();
            }),
            vec![],
        );
        let path = write(&format!("{case}.assay"), &members);
        refused(
            case,
            &db,
            &path,
            "is not a plain file name (1 to 255 bytes of UTF-8, no path separators or control characters)",
        );
    }

    // The export time names the bundle on every imported audit row.
    let members = edited(
        &good,
        on_manifest(|m| m["created_at"] = "yesterday\u{1b}[2J".into()),
        vec![],
    );
    let when = write("created-at.assay", &members);
    refused(
        "created-at-not-a-time",
        &db,
        &when,
        "manifest.json: created_at is \"yesterday\\u{1b}[2J\", not a date and time",
    );

    // Nothing was left by any of them, and the good bundle still imports.
    assert!(!listing(&dir.path().join("files"))
        .iter()
        .any(|n| n.starts_with(".staging-")));
    let (code, out, err) = assay_db(&db, &["evaluation", "import", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn bundle_files_are_taken_back_when_the_import_fails_after_moving_them() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = source(dir.path());
    let files = dir.path().join("files");
    // Two new files; the one moved second cannot be moved (a directory holds its
    // place), so the first was already moved when the import fails.
    let (a, b) = (
        Content::Bytes(b"new file one".to_vec()),
        Content::Bytes(b"new file two".to_vec()),
    );
    let (mut first, mut second) = (a.sha(), b.sha());
    if first > second {
        std::mem::swap(&mut first, &mut second);
    }
    let bundle = dir.path().join("two-files.assay");
    write_zip(
        std::fs::File::create(&bundle).unwrap(),
        &edited(&good, keep, vec![a, b]),
    );
    std::fs::create_dir(files.join(&second)).unwrap();
    let before = state(&db);
    let (code, out, err) = assay_db(&db, &["evaluation", "import", bundle.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert_contains(&err, &second);
    assert_eq!(state(&db), before, "the database or files/ changed");
    assert!(
        !files.join(&first).exists(),
        "the moved file was taken back"
    );
    assert_eq!(
        std::fs::read(files.join(sha256_hex(CERT))).unwrap(),
        CERT,
        "the file that was there before stays"
    );
    // With the obstacle gone, the same bundle imports, its files in place.
    std::fs::remove_dir(files.join(&second)).unwrap();
    let (code, out, err) = assay_db(&db, &["evaluation", "import", bundle.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read(files.join(&first)).unwrap().len(), 12);
    assert_eq!(std::fs::read(files.join(&second)).unwrap().len(), 12);
}

/// `assay evaluation audit ID` (text) and `--json`, in `db`.
fn audit(db: &Path, id: &str) -> (String, Vec<serde_json::Value>) {
    let (code, text, err) = assay_db(db, &["evaluation", "audit", id]);
    assert_eq!(code, 0, "{err}");
    let (code, json, err) = assay_db(db, &["evaluation", "audit", id, "--json"]);
    assert_eq!(code, 0, "{err}");
    (text, serde_json::from_str(&json).unwrap())
}

fn created_at(bundle: &Path) -> String {
    let (_, manifest) = members(bundle)
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    m["created_at"].as_str().unwrap().to_string()
}

#[test]
fn accepted_bundle_files_are_in_place_and_its_history_is_marked_imported() {
    let dir = tempfile::tempdir().unwrap();
    let (_, good) = source(dir.path());
    let rows_in_bundle = {
        let (_, audit) = members(&good)
            .into_iter()
            .find(|(n, _)| n == "audit.json")
            .unwrap();
        serde_json::from_slice::<Vec<serde_json::Value>>(&audit)
            .unwrap()
            .len()
    };
    assert!(rows_in_bundle >= 3);

    // Imported into a new database: the file in place, named by the evidence.
    let second_dir = tempfile::tempdir().unwrap();
    let second = second_dir.path().join("assay.db");
    let (code, out, err) = assay_db(&second, &["evaluation", "import", good.to_str().unwrap()]);
    assert_eq!((code, out.trim()), (0, "1"), "{err}");
    let files = second_dir.path().join("files");
    let sha = sha256_hex(CERT);
    assert_eq!(std::fs::read(files.join(&sha)).unwrap(), CERT);
    assert_eq!(listing(&files), BTreeSet::from([sha.clone()]));
    let conn = rusqlite::Connection::open(&second).unwrap();
    let named: String = conn
        .query_row("SELECT file_sha256 FROM evidence", [], |r| r.get(0))
        .unwrap();
    assert_eq!(named, sha);
    let marked: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE imported_from IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(marked as usize, rows_in_bundle);
    drop(conn);

    // The bundle's rows say where they came from; the import itself does not.
    let first_marker = format!("good.assay (exported {})", created_at(&good));
    let (text, json) = audit(&second, "1");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows_in_bundle + 1, "{text}");
    for line in &lines[..rows_in_bundle] {
        assert!(
            line.ends_with(&format!("  [imported from {first_marker}]")),
            "{text}"
        );
    }
    assert!(
        lines[rows_in_bundle].contains("import evaluation"),
        "{text}"
    );
    assert!(!lines[rows_in_bundle].contains("[imported from"), "{text}");
    assert_eq!(json.len(), rows_in_bundle + 1);
    for row in &json[..rows_in_bundle] {
        assert_eq!(row["imported_from"], first_marker.as_str());
    }
    assert_eq!(
        json[rows_in_bundle]["imported_from"],
        serde_json::Value::Null
    );

    // Exported again, the marks travel with the rows; imported a second time, each
    // row names both bundles.
    let again = second_dir.path().join("again.assay");
    let (code, out, err) = assay_db(
        &second,
        &["evaluation", "export", "1", again.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    let third_dir = tempfile::tempdir().unwrap();
    let third = third_dir.path().join("assay.db");
    let (code, out, err) = assay_db(&third, &["evaluation", "import", again.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let second_marker = format!("again.assay (exported {})", created_at(&again));
    let (_, json) = audit(&third, "1");
    assert_eq!(json.len(), rows_in_bundle + 2);
    for row in &json[..rows_in_bundle] {
        assert_eq!(
            row["imported_from"],
            format!("{second_marker}; before that {first_marker}").as_str()
        );
    }
    assert_eq!(
        json[rows_in_bundle]["imported_from"],
        second_marker.as_str(),
        "the second database's own import row"
    );
    assert_eq!(
        json[rows_in_bundle + 1]["imported_from"],
        serde_json::Value::Null
    );

    // A forged row cannot write to the terminal: control characters are shown
    // escaped, and the row is marked like every other.
    let forged = dir.path().join("forged.assay");
    write_zip(
        std::fs::File::create(&forged).unwrap(),
        &edited(
            &good,
            |name, bytes| {
                if name == "audit.json" {
                    let mut rows: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    rows[0]["who"] = "auditor\u{1b}]0;pwned\u{7}\u{202e}".into();
                    serde_json::to_vec(&rows).unwrap()
                } else {
                    bytes
                }
            },
            vec![],
        ),
    );
    let (code, out, err) = assay_db(&third, &["evaluation", "import", forged.to_str().unwrap()]);
    assert_eq!((code, out.trim()), (0, "2"), "{err}");
    let (text, _) = audit(&third, "2");
    let first = text.lines().next().unwrap();
    assert!(
        !first.contains('\u{1b}') && !first.contains('\u{7}') && !first.contains('\u{202e}'),
        "{first:?}"
    );
    assert!(
        first.contains("auditor\\u{1b}]0;pwned\\u{7}\\u{202e}"),
        "{first}"
    );
    assert!(
        first.contains("  [imported from forged.assay (exported "),
        "{first}"
    );
}

#[test]
fn abandoned_staging_directories_are_removed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = source(dir.path());
    let files = dir.path().join("files");
    // What an import killed midway leaves: its staging directory with its (no
    // longer locked) lock file and a partly written file.
    let abandoned = files.join(".staging-x");
    std::fs::create_dir(&abandoned).unwrap();
    std::fs::write(abandoned.join("lock"), b"").unwrap();
    std::fs::write(abandoned.join(sha256_hex(b"half")), b"ha").unwrap();
    // An import running in another process: its lock file is held.
    let running = files.join(".staging-running");
    std::fs::create_dir(&running).unwrap();
    let held = std::fs::File::create(running.join("lock")).unwrap();
    held.lock().unwrap();
    // Not a staging directory: a file of that name, and a directory just made
    // (an import between creating it and its lock file).
    std::fs::write(files.join(".staging-file"), b"keep").unwrap();
    std::fs::create_dir(files.join(".staging-new")).unwrap();
    // A partly written attachment of a killed write, an hour old; and one being
    // written right now.
    let old_partial = files.join(".assay-killed.partial");
    std::fs::write(&old_partial, b"half an attachment").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old_partial)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    std::fs::write(files.join(".assay-writing.partial"), b"in progress").unwrap();

    let (code, out, err) = assay_db(&db, &["evaluation", "list"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        listing(&files),
        BTreeSet::from([
            sha256_hex(CERT),
            ".staging-running".to_string(),
            ".staging-file".to_string(),
            ".staging-new".to_string(),
            ".assay-writing.partial".to_string(),
        ])
    );
    assert_eq!(std::fs::read(running.join("lock")).unwrap(), b"");
    // Once its import has ended, the next open removes it.
    drop(held);
    let (code, out, err) = assay_db(&db, &["evaluation", "list"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!running.exists());
    assert!(files.join(".staging-file").is_file());
}

#[test]
fn workbook_with_a_repeated_member_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    drop(crate::support::shipped_evaluation(&db));
    let blank = assay::workbook::export_blank(&shipped(), assay::workbook::WbLang::En).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&blank)).unwrap();
    let mut parts: Vec<(String, Content)> = (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), Content::Bytes(bytes))
        })
        .collect();
    let placeholder = SECTION_SHEET.replace(".xml", ".xmX");
    parts.push((
        placeholder.clone(),
        Content::Bytes(b"<worksheet/>".to_vec()),
    ));
    let bytes = write_zip(std::io::Cursor::new(Vec::new()), &parts).into_inner();
    let xlsx = dir.path().join("twice.xlsx");
    std::fs::write(&xlsx, renamed(bytes, &placeholder, SECTION_SHEET)).unwrap();
    let before = state(&db);
    let run = capped(
        "workbook-duplicate-member",
        &[
            "--db",
            db.to_str().unwrap(),
            "answers",
            "import-xlsx",
            xlsx.to_str().unwrap(),
            "--evaluation",
            "1",
            "--vendor",
            "Acme",
            "--yes",
        ],
    );
    assert_refused(
        "workbook-duplicate-member",
        &run,
        &format!("'{SECTION_SHEET}' appears twice inside the workbook"),
    );
    assert_eq!(state(&db).0, before.0);
}

#[test]
fn devices_fifos_and_directories_are_refused_as_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let fifo = dir.path().join("fifo.assay");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    for (special, want) in [
        (Path::new("/dev/zero"), "it is not a regular file"),
        (fifo.as_path(), "it is not a regular file"),
        (dir.path(), "it is a directory, not a regular file"),
    ] {
        let case = format!("import {}", special.display());
        let run = capped(
            &case,
            &[
                "--db",
                db.to_str().unwrap(),
                "evaluation",
                "import",
                special.to_str().unwrap(),
            ],
        );
        assert_refused(&case, &run, want);
    }
}
