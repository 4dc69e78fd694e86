//! The security schedule (DOCX): built for every vendor of the fictional example
//! in each language and read back by an independent reader (python-docx);
//! clauses to negotiate where an answer falls short; clause files with mistakes
//! refused with located problems; the command line's refusals.

use crate::support::{assay_db, assert_contains};
use assay::app::{self, AnswerEdit, EditValue, VendorEdit};
use assay::store::Store;
use assay::workbook::WbLang;
use std::path::Path;
use std::process::Command;

/// The paragraphs and table cells of a DOCX file, read by python-docx (Debian's
/// python3-docx, installed by scripts/setup), one per line.
fn read_docx(path: &Path) -> String {
    let out = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import docx, sys\nd = docx.Document(sys.argv[1])\nfor p in d.paragraphs: print(p.text)\nfor t in d.tables:\n  for r in t.rows: print(' | '.join(c.text for c in r.cells))",
            path.to_str().unwrap(),
        ])
        .output()
        .expect("/usr/bin/python3 with python3-docx (scripts/setup installs it)");
    assert!(
        out.status.success(),
        "python-docx: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The DOCX's main XML part, to check what Word and WPS read that python-docx does not show.
fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    for name in ["word/styles.xml", "word/document.xml"] {
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    }
    xml
}

#[test]
fn every_example_vendor_gets_every_clause_in_each_language_read_back_by_python_docx() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let example = app::evaluations::example(&mut store).unwrap();
    let q = store.questionnaire(example).unwrap();
    let (_, text) = assay::schedule::bundled(&q.id).unwrap();
    let clauses = assay::schedule::load("clauses.json", text, &q).unwrap();
    for vendor in store.vendors(example).unwrap() {
        for (lang, code) in [
            (WbLang::En, "en"),
            (WbLang::ZhCn, "zh-CN"),
            (WbLang::Both, "both"),
        ] {
            let done = app::schedule::security_schedule(&mut store, vendor.id, lang, None).unwrap();
            let path = dir.path().join(format!("{}-{code}.docx", vendor.id));
            std::fs::write(&path, &done.bytes).unwrap();
            let text = read_docx(&path);
            assert_eq!(
                done.clauses + done.left_out,
                clauses.clauses.len(),
                "{}",
                vendor.name
            );
            assert!(text.contains(&vendor.name), "{code}: {text}");
            for (i, c) in clauses.clauses.iter().enumerate() {
                let title = match lang {
                    WbLang::En => c.title.en.clone(),
                    WbLang::ZhCn => c.title.zh_cn.clone(),
                    WbLang::Both => format!("{} / {}", c.title.en, c.title.zh_cn),
                };
                // Numbered when none is left out; a left-out clause is listed by its title.
                let present = if done.left_out == 0 {
                    text.contains(&format!("{}. {title}", i + 1))
                } else {
                    text.contains(&title)
                };
                assert!(present, "{code}: clause {} missing:\n{text}", c.id);
            }
            assert!(
                !text.contains('{') && !text.contains('}'),
                "{code}: a placeholder is left:\n{text}"
            );
            let heading = match lang {
                WbLang::En => "Negotiation points",
                WbLang::ZhCn => "协商要点",
                WbLang::Both => "Negotiation points / 协商要点",
            };
            assert!(text.contains(heading), "{code}: {text}");
            let xml = document_xml(&done.bytes);
            assert!(
                xml.contains(r#"w:eastAsia="SimSun""#),
                "East Asian text declared in a Chinese font"
            );
        }
    }
}

#[test]
fn an_answer_that_falls_short_puts_the_buyers_requirement_and_a_negotiation_point() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let e = app::create_evaluation(
        &mut store,
        &app::LoadedQuestionnaires::default(),
        &app::EvaluationEdit {
            name: "Tender".into(),
            profiles: vec!["GLOBAL".into()],
            questionnaire: "assay-im-security".into(),
            as_of: "2027-01-15".into(),
            ..app::EvaluationEdit::default()
        },
    )
    .unwrap();
    let vendor = app::add_vendor(
        &mut store,
        e.id,
        &VendorEdit {
            name: "Acme".into(),
            ..VendorEdit::default()
        },
    )
    .unwrap()[0]
        .id;
    let answer = |q: &str, v: EditValue| AnswerEdit {
        question: q.into(),
        value: Some(v),
        source: Some(assay::answers::SourceKind::VendorStated),
        ..AnswerEdit::default()
    };
    app::save_answer(
        &mut store,
        vendor,
        &answer("IRV-01", EditValue::Number(72.0)),
    )
    .unwrap();
    app::save_answer(
        &mut store,
        vendor,
        &answer("DAT-09", EditValue::Number(30.0)),
    )
    .unwrap();
    let done = app::schedule::security_schedule(&mut store, vendor, WbLang::En, None).unwrap();
    let path = dir.path().join("acme.docx");
    std::fs::write(&path, &done.bytes).unwrap();
    let text = read_docx(&path);
    // 72 hours falls short: the buyer's 24 hours, marked, and a table row with both.
    assert_contains(
        &text,
        "1. Notification of security incidents [TO NEGOTIATE]",
    );
    assert_contains(&text, "Acme shall notify the Customer of any security incident affecting the Customer's data or the service within 24 hours");
    assert_contains(
        &text,
        "1. Notification of security incidents | IRV-01 | 72 hours |",
    );
    // 30 days meets it: the vendor's own commitment, not to negotiate.
    assert_contains(
        &text,
        "Within 30 days after the agreement ends, Acme shall return",
    );
    assert!(!text.contains("data at exit [TO NEGOTIATE]"), "{text}");
    // Unanswered questions are negotiation points too, said as such.
    assert_contains(&text, "| KEY-01 | not asked yet |");
    assert_eq!(done.to_negotiate, done.clauses - 1);
}

#[test]
fn a_clause_file_with_mistakes_is_refused_with_located_problems_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| assay_db(&db, args);
    assert_eq!(run(&["evaluation", "create", "--name", "E"]).0, 0);
    assert_eq!(
        run(&["vendor", "add", "--evaluation", "1", "--name", "V"]).0,
        0
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{
  "questionnaire": "assay-im-security",
  "title": { "en": "Schedule", "zh-CN": "" },
  "clauses": [
    {
      "id": "a", "question": "ZZZ-99", "reference": "x",
      "title": { "en": "A", "zh-CN": "甲" },
      "agreed": { "en": "{vendor} within {hours}", "zh-CN": "{vendor}" },
      "required": { "en": "{answer}", "zh-CN": "乙" },
      "accept_score": 120
    },
    {
      "id": "b", "reference": "y",
      "title": { "en": "B", "zh-CN": "乙" },
      "agreed": { "en": "{vendor} agrees", "zh-CN": "{vendor}同意" },
      "required": { "en": "{vendor} shall", "zh-CN": "{vendor}应" },
      "accept_score": 50
    },
    {
      "id": "c", "question": "IRV-01", "reference": "z",
      "title": { "en": "C", "zh-CN": "丙" },
      "required": { "en": "{vendor} shall", "zh-CN": "{vendor}应" },
      "settles_with": "soon"
    },
    {
      "id": "d", "question": "IRV-01", "reference": "z",
      "title": { "en": "D", "zh-CN": "丁" },
      "agreed": { "en": "{vendor}: {answer}", "zh-CN": "{vendor}：{answer}" },
      "required": { "en": "{vendor} shall", "zh-CN": "{vendor}应" },
      "accept_score": 70,
      "settles_with": 72
    }
  ]
}
"#,
    )
    .unwrap();
    let out = dir.path().join("s.docx");
    let schedule = |clauses: &Path| {
        run(&[
            "vendor",
            "schedule",
            "--evaluation",
            "1",
            "--vendor",
            "V",
            "--out",
            out.to_str().unwrap(),
            "--clauses",
            clauses.to_str().unwrap(),
        ])
    };
    let (code, _, err) = schedule(&bad);
    assert_eq!(code, 1, "{err}");
    let file = bad.display().to_string();
    for want in [
        format!("{file}:3:"),
        "$.title[\"zh-CN\"]: the zh-CN text is empty".to_string(),
        "$.clauses[0].question: 'ZZZ-99' is not a question of assay-im-security@1.1.0".to_string(),
        "$.clauses[0].agreed.en: {hours} is not a placeholder here (use {answer} or {vendor})"
            .to_string(),
        "$.clauses[0].required.en: {answer} is not a placeholder here (use {vendor})".to_string(),
        "$.clauses[0].accept_score: 120 is not a score from 0 to 100".to_string(),
        // A clause no question asks (audit rights) has only the buyer's text.
        "$.clauses[1].agreed: a clause without a question has no answer to agree with".to_string(),
        "$.clauses[1].accept_score: a clause without a question has no answer to score".to_string(),
        // A clause resting on a question says what settles it.
        "$.clauses[2]: a clause with a question needs \"accept_score\"".to_string(),
        "$.clauses[2]: a clause with a question needs \"agreed\"".to_string(),
        // What a resolved point records must be an answer that meets the clause.
        "$.clauses[2].settles_with: not an answer to IRV-01".to_string(),
        "$.clauses[3].settles_with: this answer scores 40, below the clause's accept_score 70"
            .to_string(),
    ] {
        assert_contains(&err, &want);
    }
    assert!(!out.exists(), "nothing written");
    // Not JSON at all: said with its line and column.
    std::fs::write(&bad, "{\n  \"clauses\": [,]\n}\n").unwrap();
    let (code, _, err) = schedule(&bad);
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, &format!("{file}:2:"));
    // A field the format does not have is refused, not ignored.
    let (_, text) = assay::schedule::bundled("assay-im-security").unwrap();
    std::fs::write(
        &bad,
        text.replacen(
            "\"accept_score\": 70",
            "\"accept_score\": 70, \"acept\": 1",
            1,
        ),
    )
    .unwrap();
    let (code, _, err) = schedule(&bad);
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "acept");

    // The shipped clauses: written, then refused over an existing file without --force.
    let (code, stdout, err) = run(&[
        "vendor",
        "schedule",
        "--evaluation",
        "1",
        "--vendor",
        "V",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "zh-CN",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_contains(&stdout, "10 clauses for V, 10 to negotiate");
    assert_contains(&read_docx(&out), "安全附件");
    let (code, _, err) = run(&[
        "vendor",
        "schedule",
        "--evaluation",
        "1",
        "--vendor",
        "V",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn the_shipped_clause_file_matches_its_schema_and_the_questionnaire() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let schema = std::fs::read_to_string(dir.join("schema/clauses.schema.json")).unwrap();
    assert_eq!(schema, assay::schedule::schema_text(), "regenerate with: assay questionnaire schema --clauses > questionnaires/schema/clauses.schema.json");
    let q = crate::support::shipped();
    let (_, text) = assay::schedule::bundled(&q.id).unwrap();
    let loaded = assay::schedule::load("assay-im-security.clauses.json", text, &q);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
}

/// `pdftotext` of a PDF (poppler-utils, installed by scripts/setup).
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The schedules as the PDF's Annex C, when asked: every vendor's clauses in
/// the report's language (the audit-rights clause, which no question asks,
/// always to negotiate), read back by pdftotext; part of the fingerprinted
/// data, so `assay verify` re-renders it and the database check still holds; a
/// report without it keeps the fingerprint it had; wrong requests refused
/// with nothing written.
#[test]
fn the_report_prints_the_schedules_as_annex_c_when_asked_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| assay_db(&db, args);
    assert_eq!(run(&["example"]).0, 0);
    let mut store = Store::open(&db).unwrap();
    let example = app::evaluations::example(&mut store).unwrap();
    let vendors: Vec<String> = store
        .vendors(example)
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    let q = store.questionnaire(example).unwrap();
    drop(store);
    let (_, text) = assay::schedule::bundled(&q.id).unwrap();
    let clauses = assay::schedule::load("clauses.json", text, &q).unwrap();
    let id = example.to_string();
    let at = "2026-12-06T10:00:00+08:00";
    let export = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "export",
            "--evaluation",
            &id,
            "--generated-at",
            at,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let fingerprint = |stdout: &str| {
        stdout
            .rsplit("fingerprint ")
            .next()
            .unwrap()
            .trim()
            .to_string()
    };

    let plain = dir.path().join("plain.pdf");
    let (code, plain_out, err) = export(&plain, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !pdf_text(&plain).contains("Annex C"),
        "no annex unless asked"
    );

    for (lang, heading, negotiate, audit) in [
        (
            "en",
            "Annex C. Security schedule",
            "[TO NEGOTIATE]",
            "The Customer's right to audit",
        ),
        ("zh-CN", "附件 C. 安全附件", "[待协商]", "客户的审计权"),
    ] {
        let pdf = dir.path().join(format!("annex-{lang}.pdf"));
        let (code, out, err) = export(&pdf, &["--schedule-all", "--lang", lang]);
        assert_eq!(code, 0, "{err}");
        assert_ne!(
            fingerprint(&out),
            fingerprint(&plain_out),
            "the annex is part of the data"
        );
        let text = pdf_text(&pdf);
        // (The last one: the table of contents names it first.)
        let annex = &text[text
            .rfind(heading)
            .unwrap_or_else(|| panic!("{lang}: no {heading}"))..];
        for vendor in &vendors {
            assert!(annex.contains(vendor.as_str()), "{lang}: {vendor} missing");
        }
        for c in &clauses.clauses {
            let title = if lang == "en" {
                &c.title.en
            } else {
                &c.title.zh_cn
            };
            // pdftotext may wrap a long title: its first words are enough.
            let start: String = title.chars().take(12).collect();
            assert!(
                annex.matches(start.as_str()).count() >= vendors.len(),
                "{lang}: clause {} not printed for every vendor",
                c.id
            );
        }
        assert!(
            annex.contains(&format!("{audit} {negotiate}")),
            "{lang}: {annex}"
        );
        assert!(!annex.contains('{'), "{lang}: a placeholder is left");
        // Verified from the embedded data, and unchanged against the database.
        let (code, out, err) = run(&["verify", pdf.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert_contains(&out, "byte-identical");
        assert_contains(&out, "unchanged since the export");
    }

    // The same export without the annex has the fingerprint it always had.
    let again = dir.path().join("again.pdf");
    let (_, again_out, _) = export(&again, &[]);
    assert_eq!(fingerprint(&again_out), fingerprint(&plain_out));

    // One vendor's schedule only.
    let one = dir.path().join("one.pdf");
    let (code, _, err) = export(&one, &["--schedule", &vendors[1]]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&one);
    let annex = &text[text.rfind("Annex C").unwrap()..];
    assert!(
        annex.contains(&format!("{} — Security Schedule", vendors[1])),
        "{annex}"
    );
    assert!(
        !annex.contains(&format!("{} — Security Schedule", vendors[0])),
        "{annex}"
    );

    // Refused, nothing written: a vendor the evaluation does not have (its
    // vendors named), and a clause file without a schedule to use it.
    let refused = dir.path().join("refused.pdf");
    let (code, _, err) = export(&refused, &["--schedule", "Nobody Chat"]);
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "no vendor named Nobody Chat");
    assert_contains(&err, &vendors[0]);
    let (code, _, err) = export(&refused, &["--clauses", "x.json"]);
    assert_eq!(code, 1, "{err}");
    assert_contains(&err, "--clauses is used only with --schedule");
    assert!(!refused.exists());
}

/// `assay schedule` (as the issue names it) is `assay vendor schedule`.
#[test]
fn assay_schedule_is_the_vendor_schedule_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| assay_db(&db, args);
    assert_eq!(run(&["example"]).0, 0);
    let vendor = "Tidewhistle Chat (fictional · 虚构)";
    let (a, b) = (dir.path().join("a.docx"), dir.path().join("b.docx"));
    for (args, out) in [(vec!["schedule"], &a), (vec!["vendor", "schedule"], &b)] {
        let mut args = args;
        args.extend([
            "--evaluation",
            "1",
            "--vendor",
            vendor,
            "--lang",
            "zh-CN",
            "--out",
        ]);
        args.push(out.to_str().unwrap());
        let (code, stdout, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        assert_contains(&stdout, "10 clauses for Tidewhistle Chat");
    }
    assert_eq!(read_docx(&a), read_docx(&b));
}
