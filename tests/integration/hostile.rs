//! Hostile inputs (issue 12): every input is generated here, then given to the
//! `assay` binary in a child process under a 1.5 GB address-space cap
//! (`prlimit --as`) and a kill after 120 s, so an abort or a hang fails the test
//! instead of the machine. Each case must exit 1 with a located message, never
//! with a signal. Its peak memory (`/usr/bin/time -v`) is printed
//! (`--nocapture` shows it); times are measured by benchmarks, not asserted.

use crate::support::{assay_capped, shipped, KILL_AFTER_SECONDS};
use assay::questionnaire::{AnswerSpec, Condition};
use assay::report::data::{EvaluationMeta, ReportData};

use assay::workbook::{self, WbLang};
use chrono::NaiveDate;
use std::io::{Read, Write};

struct Run {
    code: Option<i32>,
    out: String,
    peak_kb: u64,
}

/// Runs the `assay` binary under the memory cap and the hang bound (see
/// [`assay_capped`]); a signal fails the test.
fn capped(case: &str, args: &[&str]) -> Run {
    let run = assay_capped(args);
    assert!(
        run.code.is_some(),
        "{case}: the process was killed (a signal: an abort, or the hang bound of \
         {KILL_AFTER_SECONDS} s): {}",
        run.stderr
    );
    println!(
        "hostile {case}: exit {:?}, peak {} MB",
        run.code,
        run.peak_kb / 1024
    );
    Run {
        code: run.code,
        out: run.said(),
        peak_kb: run.peak_kb,
    }
}

fn assert_refused(case: &str, run: &Run, want: &str) {
    assert_eq!(run.code, Some(1), "{case}: {}", run.out);
    assert!(
        run.out.contains(want),
        "{case}: expected '{want}' in:\n{}",
        run.out
    );
    assert!(
        run.peak_kb < 1_000_000,
        "{case}: peak {} MB",
        run.peak_kb / 1024
    );
}

// ------------------------------------------------------------------ workbooks

/// The zip with `edit` applied to each member (name, bytes) → new bytes.
fn rezip(xlsx: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        zout.start_file(name.clone(), opts).unwrap();
        zout.write_all(&edit(&name, bytes)).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

/// Sheet 2 of an exported workbook is the first section sheet.
const SECTION_SHEET: &str = "xl/worksheets/sheet2.xml";

fn with_rows(xml: Vec<u8>, rows: &str, dimension: &str) -> Vec<u8> {
    let mut s = String::from_utf8(xml).unwrap();
    let d = s.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
    let e = d + s[d..].find('"').unwrap();
    s.replace_range(d..e, dimension);
    let at = s.find("</sheetData>").unwrap();
    s.insert_str(at, rows);
    s.into_bytes()
}

#[test]
fn hostile_workbooks_are_refused_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    drop(crate::support::shipped_evaluation(&db));
    let q = shipped();
    let blank = workbook::export_blank(&q, WbLang::En).unwrap();
    let sheet = "Sheet 'Transport & at-rest encryption'";
    let far = |cell: &str, row: u32| {
        rezip(&blank, |name, b| {
            if name == SECTION_SHEET {
                with_rows(
                    b,
                    &format!("<row r=\"{row}\"><c r=\"{cell}\" t=\"inlineStr\"><is><t>x</t></is></c></row>"),
                    &format!("A1:{cell}"),
                )
            } else {
                b
            }
        })
    };
    let shared_strings = |body: &dyn Fn() -> String| {
        rezip(&blank, |name, b| {
            if name == "xl/sharedStrings.xml" {
                body().into_bytes()
            } else {
                b
            }
        })
    };
    let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    let million_rows = rezip(&blank, |name, b| {
        if name == SECTION_SHEET {
            let rows: String = (100..1_048_577u32)
                .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"/></row>"))
                .collect();
            with_rows(b, &rows, "A1:K1048576")
        } else {
            b
        }
    });
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "far-cell",
            far("XFD1048576", 1_048_576),
            format!("{sheet}, XFD1048576: a value outside the questionnaire's layout"),
        ),
        (
            "far-row",
            far("A200000", 200_000),
            format!("{sheet}, A200000: a value outside the questionnaire's layout"),
        ),
        (
            "far-column",
            far("XFD12", 12),
            format!("{sheet}, XFD12: a value outside the questionnaire's layout"),
        ),
        (
            "shared-string-count",
            shared_strings(&|| {
                format!(
                    "{sst} count=\"4000000000\" uniqueCount=\"4000000000\"><si><t>x</t></si></sst>"
                )
            }),
            "declares 4000000000 shared strings".into(),
        ),
        (
            "shared-string-bomb",
            shared_strings(&|| format!("{sst}>{}</sst>", "<si><t/></si>".repeat(2_000_000))),
            "'xl/sharedStrings.xml' inside the workbook unpacks to more than".into(),
        ),
        (
            "shared-string-many",
            shared_strings(&|| format!("{sst}>{}</sst>", "<si/>".repeat(200_000))),
            "more than 100000 shared strings".into(),
        ),
        (
            "long-cell",
            shared_strings(&|| format!("{sst}><si><t>{}</t></si></sst>", "x".repeat(1_000_000))),
            "a shared string is 1000".into(),
        ),
        (
            "long-inline-cell",
            rezip(&blank, |name, b| {
                if name == SECTION_SHEET {
                    with_rows(
                        b,
                        &format!(
                            "<row r=\"20\"><c r=\"C20\" t=\"inlineStr\"><is><t>{}</t></is></c></row>",
                            "x".repeat(40_000)
                        ),
                        "A1:K20",
                    )
                } else {
                    b
                }
            }),
            format!("{sheet}, C20: the text is 40000 characters long"),
        ),
        (
            "whitespace-bomb",
            rezip(&blank, |name, b| {
                if name == SECTION_SHEET {
                    let mut s = String::from_utf8(b).unwrap();
                    let at = s.find("</sheetData>").unwrap();
                    s.insert_str(at, &" ".repeat(100 * 1024 * 1024));
                    s.into_bytes()
                } else {
                    b
                }
            }),
            "'xl/worksheets/sheet2.xml' inside the workbook unpacks to more than".into(),
        ),
        (
            "million-rows",
            million_rows,
            "'xl/worksheets/sheet2.xml' inside the workbook unpacks to more than".into(),
        ),
    ];
    for (case, bytes, want) in cases {
        let file = dir.path().join(format!("{case}.xlsx"));
        std::fs::write(&file, &bytes).unwrap();
        println!("hostile {case}: {} bytes", bytes.len());
        let run = capped(
            case,
            &[
                "--db",
                db.to_str().unwrap(),
                "answers",
                "import-xlsx",
                file.to_str().unwrap(),
                "--evaluation",
                "1",
                "--vendor",
                "Acme",
                "--yes",
            ],
        );
        assert_refused(case, &run, &want);
    }
}

// ----------------------------------------------------------------------- PDFs

/// A PDF holding `attachments` as embedded files (each listed `times` times),
/// with the report's fingerprint in /Info when `fingerprint` is given.
fn pdf(attachments: &[(&str, Vec<u8>)], times: usize, fingerprint: Option<String>) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.7");
    let pages = doc.add_object(dictionary! { "Type" => "Pages", "Kids" => vec![], "Count" => 0 });
    let mut names = Vec::new();
    for (name, content) in attachments {
        let mut stream = Stream::new(dictionary! { "Type" => "EmbeddedFile" }, content.clone());
        stream.compress().unwrap();
        let file = doc.add_object(stream);
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(*name),
            "EF" => dictionary! { "F" => file },
        });
        for _ in 0..times {
            names.push(Object::string_literal(*name));
            names.push(Object::Reference(spec));
        }
    }
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages };
    if !attachments.is_empty() {
        catalog.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } },
        );
    }
    let root = doc.add_object(catalog);
    doc.trailer.set("Root", root);
    if let Some(fp) = fingerprint {
        let info = doc.add_object(dictionary! { "AssayFingerprint" => Object::string_literal(fp) });
        doc.trailer.set("Info", info);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Report data whose questionnaire has `n` questions, each shown only if the
/// next one is answered yes: a forward chain `n` deep.
fn show_if_chain(n: usize) -> Vec<u8> {
    let mut q = shipped();
    let template = q
        .questions()
        .map(|(_, x)| x)
        .find(|x| matches!(x.answer, AnswerSpec::YesNo))
        .unwrap()
        .clone();
    let ids: Vec<String> = (0..n).map(|i| format!("CHAIN-{i:06}")).collect();
    q.sections[0].questions = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut x = template.clone();
            x.id = id.clone();
            x.help = None;
            x.vendor_guidance = None;
            x.evidence = None;
            x.knockouts.clear();
            x.mappings.truncate(1);
            x.show_if = ids.get(i + 1).map(|next| Condition::Answer {
                question: next.clone(),
                one_of: vec!["yes".into()],
            });
            x
        })
        .collect();
    let data = ReportData::new(
        &q,
        EvaluationMeta {
            id: None,
            name: "chain".into(),
            profiles: vec![],
            as_of: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            evaluators: vec![],
            notes: None,
            section_weights: None,
            coverage_threshold: None,
        },
        vec![],
    );
    data.canonical_json().into_bytes()
}

/// Valid-looking report data with `vendors` empty vendors and an evaluation of
/// this `name`: each must be held to the caps of the store's own data.
fn embedded(name: String, vendors: usize) -> Vec<u8> {
    let q = shipped();
    let vendors = (0..vendors)
        .map(|i| assay::answers::VendorAnswers {
            name: format!("Vendor {i}"),
            product: None,
            answers: vec![],
        })
        .collect();
    let meta = EvaluationMeta {
        id: None,
        name,
        profiles: vec![],
        as_of: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        evaluators: vec![],
        notes: None,
        section_weights: None,
        coverage_threshold: None,
    };
    ReportData::new(&q, meta, vendors)
        .canonical_json()
        .into_bytes()
}

#[test]
fn hostile_pdfs_are_refused_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let data = assay::report::DATA_FILE;
    let chain = |n: usize| {
        let json = show_if_chain(n);
        let fp = Some(assay::digest::sha256_hex(&json));
        pdf(&[(data, json)], 1, fp)
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "show-if-chain-900",
            chain(900),
            "invalid embedded data: the embedded questionnaire is not valid",
        ),
        (
            "show-if-chain-30k",
            chain(30_000),
            "invalid embedded data: the embedded questionnaire has 30",
        ),
        (
            "show-if-chain-100k",
            chain(100_000),
            "invalid embedded data: it is 47",
        ),
        (
            "compression-bomb",
            pdf(
                &[(data, vec![b' '; 200 * 1024 * 1024])],
                1,
                Some("0".repeat(64)),
            ),
            "does not decompress within 64 MiB",
        ),
        (
            "stream-listed-40-times",
            pdf(
                &[(data, vec![b' '; 30 * 1024 * 1024])],
                40,
                Some("0".repeat(64)),
            ),
            "is listed as more than one attachment",
        ),
        (
            "3000-vendors",
            {
                let json = embedded("many".into(), 3_000);
                let fp = Some(assay::digest::sha256_hex(&json));
                pdf(&[(data, json)], 1, fp)
            },
            "3000 vendors; one evaluation compares at most 100",
        ),
        (
            "name-of-8-mb",
            {
                let json = embedded("n".repeat(8 * 1024 * 1024), 1);
                let fp = Some(assay::digest::sha256_hex(&json));
                pdf(&[(data, json)], 1, fp)
            },
            "evaluation name: the text is 8388608 characters long",
        ),
        (
            "not-made-by-assay",
            pdf(&[], 1, None),
            "not a report exported by Assay: no embedded report data",
        ),
    ];
    for (case, bytes, want) in cases {
        let file = dir.path().join(format!("{case}.pdf"));
        std::fs::write(&file, &bytes).unwrap();
        println!("hostile {case}: {} bytes", bytes.len());
        let run = capped(case, &["verify", file.to_str().unwrap()]);
        assert_refused(case, &run, want);
        if case == "not-made-by-assay" {
            assert!(!run.out.contains("MODIFIED"), "{}", run.out);
        }
    }
}
