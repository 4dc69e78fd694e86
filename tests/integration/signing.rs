//! Signed reports and honest verification (issue 17), at the command line: a
//! report signed at export or afterwards is valid for tools Assay did not
//! write (poppler's pdfsig, pyHanko, qpdf); `assay verify` tells the bytes
//! Assay wrote apart from what was added later (notes, signatures, edits),
//! does not call a lossless re-save "changed print", and checks a report
//! against a database by its fingerprint.

use crate::support::assert_contains;
use lopdf::{dictionary, Document, IncrementalDocument, Object, Stream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PASSWORD: &str = "correct horse 电池";
const TIDE: &str = "Tidewhistle Chat (fictional · 虚构)";

/// `assay --db DB …` with the certificate password in the environment and no
/// terminal: (exit code, stdout, stderr).
fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    run_env(db, args, Some(PASSWORD))
}

fn run_env(db: &Path, args: &[&str], password: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_assay"));
    if !matches!(args.first(), Some(&("sign" | "certificate"))) {
        cmd.arg("--db").arg(db);
    }
    cmd.args(args)
        .env_remove("ASSAY_DB")
        .env_remove("ASSAY_SIGN_PASSWORD")
        .stdin(Stdio::null());
    if let Some(p) = password {
        cmd.env("ASSAY_SIGN_PASSWORD", p);
    }
    let out = cmd.output().expect("the assay binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a tool that must be installed (scripts/setup installs each one).
fn tool(program: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is required (scripts/setup installs it): {e}"));
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// pyHanko's command line, in the virtual environment scripts/setup makes
/// (or `$ASSAY_PYHANKO`).
fn pyhanko() -> String {
    std::env::var("ASSAY_PYHANKO").unwrap_or_else(|_| {
        let cache = std::env::var("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache"));
        cache
            .join("assay-tools/pyhanko/bin/pyhanko")
            .display()
            .to_string()
    })
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A test CA and an organisation certificate it issued, made with the
/// `openssl` command (not with Assay): (ca.pem, org.p12).
fn organisation_certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let ca_key = dir.join("ca.key");
    let ca = dir.join("ca.pem");
    let key = dir.join("org.key");
    let csr = dir.join("org.csr");
    let cert = dir.join("org.pem");
    let ext = dir.join("org.ext");
    let p12 = dir.join("org.p12");
    std::fs::write(
        &ext,
        "keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    let steps: Vec<Vec<&str>> = vec![
        vec![
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            s(&ca_key),
            "-out",
            s(&ca),
            "-days",
            "30",
            "-subj",
            "/CN=Assay Test Root CA/O=Assay tests",
        ],
        vec![
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            s(&key),
            "-out",
            s(&csr),
            "-subj",
            "/CN=Procurement Office/O=Acme Buyer Ltd",
        ],
        vec![
            "x509",
            "-req",
            "-in",
            s(&csr),
            "-CA",
            s(&ca),
            "-CAkey",
            s(&ca_key),
            "-CAcreateserial",
            "-out",
            s(&cert),
            "-days",
            "30",
            "-extfile",
            s(&ext),
        ],
    ];
    for step in steps {
        let (code, out) = tool("openssl", &step);
        assert_eq!(code, 0, "openssl {step:?}: {out}");
    }
    let pass = format!("pass:{PASSWORD}");
    let (code, out) = tool(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            s(&key),
            "-in",
            s(&cert),
            "-certfile",
            s(&ca),
            "-out",
            s(&p12),
            "-passout",
            &pass,
        ],
    );
    assert_eq!(code, 0, "{out}");
    (ca, p12)
}

/// A trial certificate for "Acme" made with `assay certificate trial`.
fn trial_certificate(db: &Path, dir: &Path) -> PathBuf {
    let trial = dir.join("trial.p12");
    let args = [
        "certificate",
        "trial",
        "--organisation",
        "Acme",
        "--out",
        s(&trial),
    ];
    let (code, _, err) = run(db, &args);
    assert_eq!(code, 0, "{err}");
    trial
}

/// A database with the fictional example and an editable copy of it (2).
fn tender_db(dir: &Path) -> PathBuf {
    let db = dir.join("a.db");
    assert_eq!(run(&db, &["example"]).0, 0);
    let (code, _, err) = run(&db, &["evaluation", "duplicate", "1", "--name", "Tender"]);
    assert_eq!(code, 0, "{err}");
    db
}

fn export(db: &Path, evaluation: &str, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let args = [
        &[
            "export",
            "--evaluation",
            evaluation,
            "--lang",
            "zh-CN",
            "--out",
            s(out),
        ][..],
        extra,
    ]
    .concat();
    run(db, &args)
}

#[test]
fn a_report_signed_at_export_is_valid_for_pdfsig_pyhanko_and_qpdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let (ca, p12) = organisation_certificate(dir.path());
    let pdf = dir.path().join("signed.pdf");
    let (code, out, err) = export(&db, "2", &pdf, &["--sign", s(&p12)]);
    assert_eq!(code, 0, "{out}{err}");
    assert_contains(&out, "signed by CN=Procurement Office, O=Acme Buyer Ltd");

    let (code, sig) = tool("pdfsig", &[s(&pdf)]);
    assert_eq!(code, 0, "{sig}");
    assert_contains(&sig, "Signer Certificate Common Name: Procurement Office");
    assert_contains(&sig, "Signature Type: ETSI.CAdES.detached");
    assert_contains(&sig, "Total document signed");
    assert_contains(&sig, "Signature Validation: Signature is Valid.");

    let (code, hanko) = tool(
        &pyhanko(),
        &[
            "sign",
            "validate",
            "--executive-summary",
            "--trust-replace",
            "--trust",
            s(&ca),
            s(&pdf),
        ],
    );
    assert_eq!(code, 0, "{hanko}");
    assert!(
        hanko
            .lines()
            .any(|l| l.starts_with("Signature 1:") && l.ends_with(":VALID")),
        "{hanko}"
    );

    let (code, check) = tool("qpdf", &["--check", s(&pdf)]);
    assert_eq!(code, 0, "{check}");
    assert_contains(&check, "No syntax or stream encoding errors found");

    // Assay's own check: the export intact, the signature valid and trusted
    // through the organisation's CA when asked to trust it …
    let (code, out, _) = run(&db, &["verify", s(&pdf), "--trust", s(&ca)]);
    assert_eq!(code, 0, "{out}");
    assert_contains(&out, "The report as exported is intact.");
    assert_contains(
        &out,
        "Added later: 1 signature by Procurement Office (valid).",
    );
    assert_contains(
        &out,
        "valid — it covers the whole file; the certificate was issued by CN=Assay Test Root CA, O=Assay tests, which this computer trusts.",
    );
    assert_contains(
        &out,
        "this exact report was exported from evaluation 2 (\"Tender\")",
    );
    assert_contains(&out, "signed by Procurement Office");
    assert!(!out.contains("carries no signature"), "{out}");
    // … and not trusted without it (no such CA on this computer).
    let (code, out, _) = run(&db, &["verify", s(&pdf)]);
    assert_eq!(code, 0, "{out}");
    assert_contains(
        &out,
        "which this computer does not trust: confirm the signer another way",
    );
}

#[test]
fn a_report_signed_later_keeps_its_bytes_and_notes_after_it_are_told_apart_from_edits() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let trial = dir.path().join("trial.p12");
    let (code, out, err) = run(
        &db,
        &[
            "certificate",
            "trial",
            "--organisation",
            "采购部 Acme",
            "--out",
            s(&trial),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "proves a report is unchanged since it was signed, not who signed it",
    );
    // Never over an existing file.
    let before = std::fs::read(&trial).unwrap();
    let (code, _, err) = run(
        &db,
        &[
            "certificate",
            "trial",
            "--organisation",
            "Other",
            "--out",
            s(&trial),
        ],
    );
    assert_eq!(code, 1);
    assert_contains(&err, "exists");
    assert_eq!(std::fs::read(&trial).unwrap(), before);

    let pdf = dir.path().join("r.pdf");
    assert_eq!(export(&db, "2", &pdf, &[]).0, 0);
    let exported = std::fs::read(&pdf).unwrap();
    let (code, out, _) = run(&db, &["verify", s(&pdf)]);
    assert_eq!(code, 0, "{out}");
    assert_contains(&out, "The report is exactly as Assay exported it.");
    assert_contains(
        &out,
        "It carries no signature: this check shows the file was not changed since export, not who made it.",
    );

    // Signed in place, as an incremental update: the export is the prefix.
    let (code, out, err) = run(&db, &["sign", s(&pdf), "--with", s(&trial)]);
    assert_eq!(code, 0, "{out}{err}");
    assert_contains(&out, "the certificate is self-signed");
    let signed = std::fs::read(&pdf).unwrap();
    assert!(signed.len() > exported.len() && signed.starts_with(&exported));
    let (code, sig) = tool("pdfsig", &[s(&pdf)]);
    assert_eq!(code, 0, "{sig}");
    assert_contains(&sig, "Signature is Valid.");
    assert_contains(&sig, "Total document signed");
    let (code, out, _) = run(&db, &["verify", s(&pdf)]);
    assert_eq!(code, 0, "{out}");
    assert_contains(
        &out,
        "Added later: 1 signature by 采购部 Acme (Assay trial) (valid).",
    );
    assert_contains(&out, "the certificate is self-signed");

    // A reader's sticky note on page 2, as a reader adds it: an incremental update.
    let noted = dir.path().join("noted.pdf");
    std::fs::write(&noted, with_note(&signed, 2)).unwrap();
    let (code, out, _) = run(&db, &["verify", s(&noted)]);
    assert_eq!(code, 0, "{out}");
    assert_contains(&out, "The report as exported is intact.");
    assert_contains(&out, "1 annotation (Text) on page 2");
    assert_contains(
        &out,
        "they are not part of the report and can cover its text",
    );
    assert_contains(
        &out,
        "it covers the file as it was when signed; the additions after it are not covered",
    );
    let (_, sig) = tool("pdfsig", &[s(&noted)]);
    assert_contains(&sig, "Signature is Valid.");
    assert_contains(&sig, "Not total document signed");

    // A white box drawn into page 3's own content: the report was changed.
    let boxed = dir.path().join("boxed.pdf");
    std::fs::write(&boxed, with_white_box(&signed, 3)).unwrap();
    let (code, out, _) = run(&db, &["verify", s(&boxed)]);
    assert_eq!(code, 1, "{out}");
    assert_contains(
        &out,
        "The report's own content was changed after export: page 3 prints differently.",
    );
    assert!(out.trim_end().ends_with("boxed.pdf: MODIFIED"), "{out}");

    // Signing a changed report is refused, and the file is left as it was.
    let (code, _, err) = run(&db, &["sign", s(&boxed), "--with", s(&trial)]);
    assert_eq!(code, 1);
    assert_contains(&err, "only an intact Assay report can be signed");
    assert_eq!(std::fs::read(&boxed).unwrap(), with_white_box(&signed, 3));
}

#[test]
fn a_lossless_resave_by_qpdf_is_not_changed_print_but_breaks_a_signature() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let pdf = dir.path().join("r.pdf");
    assert_eq!(export(&db, "2", &pdf, &[]).0, 0);
    let resaved = dir.path().join("resaved.pdf");
    for args in [
        vec![s(&pdf), s(&resaved)],
        vec![
            "--object-streams=generate",
            "--recompress-flate",
            "--compression-level=9",
            s(&pdf),
            s(&resaved),
        ],
    ] {
        let (code, out) = tool("qpdf", &args);
        assert_eq!(code, 0, "{out}");
        let (code, out, _) = run(&db, &["verify", s(&resaved)]);
        assert_eq!(code, 0, "{args:?}: {out}");
        assert_contains(&out, "The file was re-saved by another program");
        assert_contains(&out, "what every page prints are as exported");
        assert!(!out.contains("printed content was changed"), "{out}");
    }
    // A signed report re-saved: the content is still the export's, but the
    // signature no longer holds — said so, and not OK.
    let trial = trial_certificate(&db, dir.path());
    assert_eq!(run(&db, &["sign", s(&pdf), "--with", s(&trial)]).0, 0);
    let (code, out) = tool("qpdf", &[s(&pdf), s(&resaved)]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(&db, &["verify", s(&resaved)]);
    assert_eq!(code, 1, "{out}");
    assert_contains(&out, "Signature by Acme (Assay trial)");
    assert_contains(
        &out,
        "NOT valid — the file was rewritten after it was signed",
    );
}

#[test]
fn the_database_check_matches_by_fingerprint_so_a_reexport_from_an_edited_copy_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let genuine = dir.path().join("genuine.pdf");
    assert_eq!(export(&db, "2", &genuine, &[]).0, 0);
    // An edited copy of the database: the incident-notification point
    // "resolved", which rewrites the vendor's answer; a report re-exported
    // from it is consistent in itself …
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let (code, _, err) = run(
        &copy,
        &[
            "vendor",
            "negotiate",
            "--evaluation",
            "2",
            "--vendor",
            TIDE,
            "--clause",
            "incident-notification",
            "--resolved",
            "MSA §12.3",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let forged = dir.path().join("forged.pdf");
    assert_eq!(export(&copy, "2", &forged, &[]).0, 0);
    let (code, out, _) = run(&copy, &["verify", s(&forged)]);
    assert_eq!(code, 0, "{out}");
    // … but the original database never exported it.
    let (code, out, _) = run(&db, &["verify", s(&forged)]);
    assert_eq!(code, 1, "{out}");
    assert_contains(
        &out,
        "NOT FOUND: no export with this fingerprint in this database; the evaluation it names gives a different report",
    );
    assert!(out.trim_end().ends_with("NOT FROM THIS DATABASE — a consistent Assay report, but this database has no export of it"), "{out}");
    assert!(!out.contains("the file is as exported"), "{out}");
    let (code, out, _) = run(&db, &["verify", s(&genuine)]);
    assert_eq!(code, 0, "{out}");
    assert_contains(
        &out,
        "this exact report was exported from evaluation 2 (\"Tender\") on ",
    );
    assert_contains(&out, "the evaluation is unchanged since the export");
    // Hashes only when asked for.
    assert!(!out.contains("SHA-256"), "{out}");
    let (_, out, _) = run(&db, &["verify", s(&genuine), "--details"]);
    assert_contains(&out, "SHA-256");
}

#[test]
fn signing_refusals_say_why_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let trial = trial_certificate(&db, dir.path());
    let pdf = dir.path().join("r.pdf");
    // A wrong password: refused, nothing written.
    let (code, _, err) = run_env(
        &db,
        &[
            "export",
            "--evaluation",
            "2",
            "--out",
            s(&pdf),
            "--sign",
            s(&trial),
        ],
        Some("wrong"),
    );
    assert_eq!(code, 1);
    assert_contains(
        &err,
        "the password is wrong or it is not a PKCS#12 (.p12/.pfx) file",
    );
    assert!(!pdf.exists());
    // No password and no terminal to ask on.
    let (code, _, err) = run_env(
        &db,
        &[
            "export",
            "--evaluation",
            "2",
            "--out",
            s(&pdf),
            "--sign",
            s(&trial),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert_contains(&err, "set ASSAY_SIGN_PASSWORD or run in a terminal");
    assert!(!pdf.exists());
    // Not a certificate file.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a certificate").unwrap();
    let (code, _, err) = run(
        &db,
        &[
            "export",
            "--evaluation",
            "2",
            "--out",
            s(&pdf),
            "--sign",
            s(&notes),
        ],
    );
    assert_eq!(code, 1);
    assert_contains(&err, "cannot open the certificate file");
    assert!(!pdf.exists());
    // Not an Assay report.
    let other = dir.path().join("other.pdf");
    std::fs::write(&other, b"%PDF-1.4\n%%EOF\n").unwrap();
    let (code, _, err) = run(&db, &["sign", s(&other), "--with", s(&trial)]);
    assert_eq!(code, 1);
    assert_contains(&err, "only an intact Assay report can be signed");
    assert_eq!(std::fs::read(&other).unwrap(), b"%PDF-1.4\n%%EOF\n");
}

/// A PKCS#12 file whose certificate expired on 2021-01-01, made with the
/// openssl library (the `openssl` command cannot backdate a certificate).
fn expired_certificate(dir: &Path) -> PathBuf {
    use openssl::asn1::Asn1Time;
    use openssl::hash::MessageDigest;
    use openssl::pkcs12::Pkcs12;
    use openssl::pkey::PKey;
    use openssl::rsa::Rsa;
    use openssl::x509::{X509Builder, X509NameBuilder};
    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "Lapsed Office").unwrap();
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    // 2020-01-01 – 2021-01-01 UTC.
    b.set_not_before(&Asn1Time::from_unix(1_577_836_800).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(1_609_459_200).unwrap())
        .unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    let cert = b.build();
    let der = Pkcs12::builder()
        .name("Lapsed Office")
        .pkey(&key)
        .cert(&cert)
        .build2(PASSWORD)
        .unwrap()
        .to_der()
        .unwrap();
    let p12 = dir.join("expired.p12");
    std::fs::write(&p12, der).unwrap();
    p12
}

#[test]
fn an_expired_certificate_is_refused_at_export_and_when_signing_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let expired = expired_certificate(dir.path());
    let pdf = dir.path().join("r.pdf");
    let (code, _, err) = export(&db, "2", &pdf, &["--sign", s(&expired)]);
    assert_eq!(code, 1, "{err}");
    assert_contains(
        &err,
        "the certificate of CN=Lapsed Office is not valid today",
    );
    assert_contains(&err, "2021");
    assert!(
        !pdf.exists(),
        "nothing is written when the signature is refused"
    );
    // An unsigned export, then `assay sign` with the expired certificate: refused,
    // and the report is left byte for byte as it was.
    let (code, _, err) = export(&db, "2", &pdf, &[]);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(&pdf).unwrap();
    let signed = dir.path().join("signed.pdf");
    let (code, _, err) = run_env(
        &db,
        &["sign", s(&pdf), "--with", s(&expired), "--out", s(&signed)],
        Some(PASSWORD),
    );
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "is not valid today");
    assert!(!signed.exists());
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}

/// `pdf` with one incremental update appended, the way a PDF reader saves:
/// `change` edits page `page` (copied into the update) and may add objects.
fn updated(
    pdf: &[u8],
    page: u32,
    change: impl FnOnce(&mut IncrementalDocument, lopdf::ObjectId),
) -> Vec<u8> {
    let prev = Document::load_mem(pdf).unwrap();
    let page_id = prev.get_pages()[&page];
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    inc.opt_clone_object_to_new_document(page_id).unwrap();
    change(&mut inc, page_id);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    out
}

/// `pdf` with a Text annotation ("sticky note") on page `page`.
fn with_note(pdf: &[u8], page: u32) -> Vec<u8> {
    updated(pdf, page, |inc, page_id| {
        let note = inc.new_document.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Text",
            "Rect" => vec![100.into(), 100.into(), 120.into(), 120.into()],
            "Contents" => Object::string_literal("checked with legal"),
            "P" => page_id,
        });
        let page = inc.new_document.get_dictionary_mut(page_id).unwrap();
        let mut annots = page
            .get(b"Annots")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        annots.push(note.into());
        page.set("Annots", annots);
    })
}

/// `pdf` with a white rectangle added to page `page`'s own content (what
/// hides "NOT ELIGIBLE" without a trace on paper).
fn with_white_box(pdf: &[u8], page: u32) -> Vec<u8> {
    updated(pdf, page, |inc, page_id| {
        let patch = inc.new_document.add_object(Stream::new(
            dictionary! {},
            b"q 1 1 1 rg 50 400 300 40 re f Q".to_vec(),
        ));
        let page = inc.new_document.get_dictionary_mut(page_id).unwrap();
        let contents = match page.get(b"Contents").unwrap().clone() {
            Object::Array(mut items) => {
                items.push(patch.into());
                items
            }
            one => vec![one, patch.into()],
        };
        page.set("Contents", contents);
    })
}

/// A hostile update: page 3's content an array that holds itself. Verify
/// says the page changed, and ends (no endless recursion).
#[test]
fn a_page_content_that_refers_to_itself_is_a_change_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let db = tender_db(dir.path());
    let pdf = dir.path().join("r.pdf");
    assert_eq!(export(&db, "2", &pdf, &[]).0, 0);
    let looped = updated(&std::fs::read(&pdf).unwrap(), 3, |inc, page_id| {
        let array = inc.new_document.new_object_id();
        inc.new_document
            .objects
            .insert(array, Object::Array(vec![array.into()]));
        let page = inc.new_document.get_dictionary_mut(page_id).unwrap();
        page.set("Contents", array);
    });
    let hostile = dir.path().join("looped.pdf");
    std::fs::write(&hostile, looped).unwrap();
    let (code, out, _) = run(&db, &["verify", s(&hostile)]);
    assert_eq!(code, 1, "{out}");
    assert_contains(&out, "page 3 prints differently");
}
