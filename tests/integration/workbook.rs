//! Workbook exchange: blank XLSX out, filled XLSX/CSV in (all or nothing, every
//! problem located by sheet and cell), comparison XLSX with formula-injection
//! protection, and the command line's exit codes.

use crate::support::{assay_db, assay_no_db, assert_contains, dump, shipped};
use assay::answers::{Answer, SourceKind};
use assay::catalog;
use assay::questionnaire::{AnswerSpec, Question};
use assay::store::{NewEvaluation, Store};
use assay::workbook::fixtures::{cell_of, fill_all, rewrite, Edit, Fill};
use assay::workbook::{self, Col, WbLang};
use assay::Questionnaire;
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

/// An evaluation of the shipped questionnaire in `dir/assay.db`.
fn setup(dir: &Path) -> (Store, i64) {
    let text = catalog::BUNDLED[0].1.to_string();
    let mut s = Store::open(&dir.join("assay.db")).unwrap();
    let e = s
        .create_evaluation(&NewEvaluation {
            name: "IM 2026".into(),
            notes: String::new(),
            profiles: vec![],
            as_of: today(),
            evaluators: vec![],
            questionnaire_json: text,
            section_weights: None,
        })
        .unwrap();
    (s, e)
}

fn blank(q: &Questionnaire) -> Vec<u8> {
    workbook::export_blank(q, WbLang::En).unwrap()
}

/// The first question of `q` that `is` says yes to.
fn first_question(q: &Questionnaire, is: impl Fn(&Question) -> bool) -> &Question {
    q.questions().map(|(_, x)| x).find(|x| is(x)).unwrap()
}

fn yes_partial_no(x: &Question) -> bool {
    matches!(x.answer, AnswerSpec::YesPartialNo)
}

fn content(
    a: &Answer,
) -> (
    Option<assay::answers::AnswerValue>,
    Option<String>,
    Option<String>,
    Vec<assay::answers::Evidence>,
) {
    (
        a.value.clone(),
        a.na.clone(),
        a.comment.clone(),
        a.evidence.clone(),
    )
}

#[test]
fn workbook_blank_has_sheets_metadata_and_no_buyer_rules() {
    let q = shipped();
    for lang in [WbLang::En, WbLang::ZhCn, WbLang::Both] {
        let bytes = workbook::export_blank(&q, lang).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes)).unwrap();
        let names = wb.sheet_names();
        assert_eq!(names.len(), q.sections.len() + 3, "{names:?}");
        assert!(names
            .iter()
            .all(|n| n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\'])));
        let meta = wb.worksheet_range(workbook::META_SHEET).unwrap();
        let meta: Vec<String> = meta.rows().map(|r| format!("{:?}", r)).collect();
        assert!(meta.iter().any(|r| r.contains(&q.version)));
        // No weights, bands or knockout descriptions anywhere.
        let ko = &q
            .questions()
            .find_map(|(_, x)| x.knockouts.first().cloned())
            .unwrap()
            .description;
        for n in &names {
            let r = wb.worksheet_range(n).unwrap();
            for c in r.used_cells() {
                if let Data::String(s) = c.2 {
                    assert!(!s.contains(&ko.en) && !s.contains(&ko.zh_cn), "{n}: {s}");
                }
            }
        }
    }
    // Sheet protection is on, answer cells are unlocked (read the sheet XML).
    let bytes = blank(&q);
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<sheetProtection"));
    assert!(xml.contains("<dataValidation"));
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("locked=\"0\""));
}

#[test]
fn workbook_round_trip_stores_what_was_filled() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = setup(dir.path());
    let q = shipped();
    let (fill, expected) = fill_all(&q);
    let filled = rewrite(&blank(&q), &fill);
    let plan = workbook::plan_import(&mut s, e, "Acme", "acme.xlsx", &filled, today()).unwrap();
    assert_eq!(plan.answers.len(), q.questions().count());
    workbook::apply_import(&mut s, &plan).unwrap();
    let v = s.vendor_by_name(e, "Acme").unwrap();
    let stored = s.answers(v.id).unwrap();
    assert_eq!(stored.len(), expected.len());
    for want in &expected {
        let got = &stored
            .iter()
            .find(|a| a.answer.question == want.question)
            .unwrap()
            .answer;
        assert_eq!(content(got), content(want), "{}", want.question);
        let p = got.provenance.as_ref().unwrap();
        assert_eq!(p.source, SourceKind::VendorStated);
        assert!(p
            .reference
            .as_ref()
            .unwrap()
            .starts_with("workbook acme.xlsx sha256:"));
        assert_eq!(p.as_of, Some(today()));
    }
    // Importing the same file again changes nothing; a changed answer is previewed.
    let again = workbook::plan_import(&mut s, e, "Acme", "acme.xlsx", &filled, today()).unwrap();
    assert!(again.changes.is_empty());
    let mut fill2 = fill.clone();
    let yn = first_question(&q, yes_partial_no);
    let (sh, r, c) = cell_of(&q, WbLang::En, &yn.id, Col::Answer);
    fill2.cells.push((sh, r, c, Edit::Text("Yes".into())));
    let changed = rewrite(&blank(&q), &fill2);
    let plan = workbook::plan_import(&mut s, e, "Acme", "acme2.xlsx", &changed, today()).unwrap();
    assert_eq!(plan.changes.len(), 1);
    let old = plan.changes[0].old.as_ref().unwrap();
    assert!(old.en.starts_with("Partial"), "{old:?}");
    assert!(old.zh_cn.starts_with("部分"), "{old:?}");
    assert!(
        plan.changes[0].new.en.starts_with("Yes") && plan.changes[0].new.zh_cn.starts_with("是")
    );

    // Labels in Chinese and the CSV layout are read too.
    let zh = workbook::export_blank(&q, WbLang::ZhCn).unwrap();
    let (sh, r, c) = cell_of(&q, WbLang::ZhCn, &yn.id, Col::Answer);
    let zh_filled = rewrite(
        &zh,
        &Fill {
            cells: vec![(sh, r, c, Edit::Text("部分".into()))],
            ..Fill::default()
        },
    );
    let got = workbook::import(&zh_filled, "zh.xlsx", &q, today()).unwrap();
    assert_eq!(
        got[0].value,
        Some(assay::answers::AnswerValue::Text("partial".into()))
    );
    let csv = format!("question_id,answer,comment,evidence_identifier,issuer,expiry_date,source\n{},Yes,\"a, b\",,,,DPA §7\n", yn.id);
    let got = workbook::import(csv.as_bytes(), "acme.csv", &q, today()).unwrap();
    assert_eq!(got[0].comment.as_deref(), Some("a, b"));
    assert!(got[0]
        .provenance
        .as_ref()
        .unwrap()
        .reference
        .as_ref()
        .unwrap()
        .ends_with("source: DPA §7"));
}

/// Every broken input is refused with a located problem, and the database is unchanged.
#[test]
fn workbook_broken_inputs_are_located_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = setup(dir.path());
    let q = shipped();
    let (good, _) = fill_all(&q);
    let base = blank(&q);
    // A first import, so that a vendor with answers exists.
    let first = rewrite(&base, &good);
    let plan = workbook::plan_import(&mut s, e, "Acme", "acme.xlsx", &first, today()).unwrap();
    workbook::apply_import(&mut s, &plan).unwrap();
    let before = dump(s.connection());

    let yn = first_question(&q, |x| yes_partial_no(x) && !x.na_allowed);
    let date_q = first_question(&q, |x| matches!(x.answer, AnswerSpec::Date { .. }));
    let (ysh, yr, yc) = cell_of(&q, WbLang::En, &yn.id, Col::Answer);
    let (dsh, dr, dc) = cell_of(&q, WbLang::En, &date_q.id, Col::Answer);
    let with = |extra: Vec<(String, u32, u16, Edit)>| {
        let mut f = good.clone();
        f.cells.extend(extra);
        rewrite(&base, &f)
    };
    let yref = format!("{}{}", (b'A' + yc as u8) as char, yr + 1);
    let mut extra_rows = Vec::new();
    for i in 0..10_000u32 {
        extra_rows.push((ysh.clone(), 200 + i, 1, Edit::Text(String::new())));
    }
    extra_rows.push((ysh.clone(), 10_150, 0, Edit::Text("ZZZ-99".into())));
    extra_rows.push((ysh.clone(), 10_150, 2, Edit::Text("Yes".into())));
    let mut moved = good.clone();
    moved.permute = Some(vec![0, 1, 4, 3, 2, 5, 6, 7, 8, 9, 10]); // Answer ↔ Comment
    let moved_ok = rewrite(&base, &moved);
    assert!(
        workbook::import(&moved_ok, "moved.xlsx", &q, today()).is_ok(),
        "moved columns are found by their header"
    );

    let mut other_q = q.clone();
    other_q.version = "9.9.9".into();
    let other = rewrite(
        &workbook::export_blank(&other_q, WbLang::En).unwrap(),
        &Fill::default(),
    );

    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        ("maybe.xlsx", with(vec![(ysh.clone(), yr, yc, Edit::Text("Maybe".into()))]),
            format!("Sheet '{ysh}', {yref}: 'Maybe' is not one of Yes / Partial / No")),
        ("formula.xlsx", with(vec![(ysh.clone(), yr, yc, Edit::Formula("=IF(1,\"Yes\",\"No\")".into()))]),
            "holds a formula".into()),
        ("ambiguous.xlsx", with(vec![(dsh.clone(), dr, dc, Edit::Text("03/04/2027".into()))]),
            "'03/04/2027' is ambiguous".into()),
        ("missing-sheet.xlsx", rewrite(&base, &Fill { drop_sheets: vec![ysh.clone()], ..good.clone() }),
            format!("Sheet '{ysh}': the sheet is missing")),
        ("merged.xlsx", rewrite(&base, &Fill { merges: vec![(ysh.clone(), yr, yc, yr + 1, yc)], ..good.clone() }),
            "merged".into()),
        ("no-answer-column.xlsx", rewrite(&base, &Fill { cells: vec![(ysh.clone(), 2, 2, Edit::Text("Réponse".into()))], ..good.clone() }),
            "no 'Answer' column".into()),
        ("extra-rows.xlsx", with(extra_rows), "'ZZZ-99' is not a question".into()),
        ("other-version.xlsx", other, "9.9.9".into()),
        ("renamed.xlsx", b"%PDF-1.7 not a workbook".to_vec(), "not an XLSX workbook".into()),
        ("broken-zip.xlsx", b"PK\x03\x04 truncated".to_vec(), "not a readable XLSX workbook".into()),
        ("empty.xlsx", Vec::new(), "the file is empty".into()),
        ("foreign.xlsx", rewrite(&base, &Fill { drop_sheets: vec![workbook::META_SHEET.into()], ..Fill::default() }), "not exported by Assay".into()),
        ("bad.csv", b"question_id,answer,comment,evidence_identifier,issuer,expiry_date,source\nKEY-99,Yes,,,,,\n".to_vec(), "row 2, column question_id".into()),
        ("na.xlsx", with(vec![(ysh.clone(), yr, yc, Edit::Text("N/A".into()))]), "does not allow N/A".into()),
    ];
    for (name, bytes, want) in cases {
        let started = std::time::Instant::now();
        let err = workbook::plan_import(&mut s, e, "Acme", name, &bytes, today()).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(want.as_str()),
            "{name}: expected '{want}' in:\n{text}"
        );
        assert!(started.elapsed().as_secs() < 20, "{name} took too long");
        assert_eq!(dump(s.connection()), before, "{name} changed the database");
    }
}

#[test]
fn workbook_comparison_export_writes_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = setup(dir.path());
    let q = shipped();
    let (fill, _) = fill_all(&q);
    let filled = rewrite(&blank(&q), &fill);
    let plan = workbook::plan_import(
        &mut s,
        e,
        "=HYPERLINK(\"http://evil\",\"x\")",
        "v.xlsx",
        &filled,
        today(),
    )
    .unwrap();
    workbook::apply_import(&mut s, &plan).unwrap();
    let c = s.comparison(e).unwrap();
    let set = s.answer_set(e).unwrap();
    let bytes = workbook::export_comparison(&c, &set, assay::Lang::En).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes)).unwrap();
    for name in wb.sheet_names() {
        let f = wb.worksheet_formula(&name).unwrap();
        assert!(
            f.used_cells().all(|(_, _, s)| s.is_empty()),
            "{name} has a formula"
        );
    }
    let r = wb.worksheet_range("Answers").unwrap();
    assert_eq!(
        r.get_value((0, 2)),
        Some(&Data::String("=HYPERLINK(\"http://evil\",\"x\")".into()))
    );
    let r = wb.worksheet_range("Sections").unwrap();
    assert!(r
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::String(s) if s.starts_with("=HYPERLINK"))));
}

#[test]
fn workbook_cli_exit_codes_and_preview() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assay.db");
    let q = shipped();
    drop(setup(dir.path()));
    let blank_path = dir.path().join("blank.xlsx");
    let (code, out, _) = assay_no_db(&[
        "questionnaire",
        "export-xlsx",
        "assay-im-security",
        "--lang",
        "both",
        "--out",
        blank_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = assay_no_db(&[
        "questionnaire",
        "export-xlsx",
        "assay-im-security",
        "--lang",
        "fr",
        "--out",
        "x.xlsx",
    ]);
    assert_eq!(code, 2);
    let (fill, _) = fill_all(&q);
    let filled = dir.path().join("acme.xlsx");
    std::fs::write(&filled, rewrite(&blank(&q), &fill)).unwrap();
    let f = filled.to_str().unwrap();
    let import = |yes: bool| {
        let mut args = vec![
            "answers",
            "import-xlsx",
            "--evaluation",
            "1",
            "--vendor",
            "Acme",
        ];
        if yes {
            args.push("--yes");
        }
        args.push(f);
        assay_db(&db, &args)
    };
    let (code, out, err) = import(false);
    assert_eq!(code, 0, "{out}{err}");
    assert_contains(&out, "imported 87 answer(s)");
    // Changed answers: a preview, nothing written without --yes.
    let mut fill2 = fill.clone();
    let yn = first_question(&q, yes_partial_no);
    let (sh, r, c) = cell_of(&q, WbLang::En, &yn.id, Col::Answer);
    fill2
        .cells
        .push((sh.clone(), r, c, Edit::Text("No".into())));
    std::fs::write(&filled, rewrite(&blank(&q), &fill2)).unwrap();
    let before = dump(&rusqlite::Connection::open(&db).unwrap());
    // No answer to "Replace …? [y/N]" (no input): cancelled, exit 1.
    let (code, out, err) = import(false);
    assert_eq!(code, 1, "{out}{err}");
    assert_contains(&out, &format!("{}: Partial", yn.id));
    assert_contains(&out, "→ No");
    assert_contains(&err, "Replace 1 stored answer(s) of Acme? [y/N]");
    assert_contains(&err, "--yes");
    assert_eq!(dump(&rusqlite::Connection::open(&db).unwrap()), before);
    let (code, out, _) = import(true);
    assert_eq!(code, 0, "{out}");
    assert_contains(&out, "imported 1 answer(s)");
    // A bad cell: exit 1 with the location.
    fill2
        .cells
        .push((sh.clone(), r, c, Edit::Text("Maybe".into())));
    std::fs::write(&filled, rewrite(&blank(&q), &fill2)).unwrap();
    let (code, _, err) = import(true);
    assert_eq!(code, 1);
    assert_contains(
        &err,
        &format!("Sheet '{sh}', C{}: 'Maybe' is not one of", r + 1),
    );
    let out_path = dir.path().join("cmp.xlsx");
    let (code, _, _) = assay_db(
        &db,
        &[
            "export-xlsx",
            "--evaluation",
            "1",
            "--out",
            out_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    let (code, _, _) = assay_db(
        &db,
        &[
            "export-xlsx",
            "--evaluation",
            "99",
            "--out",
            out_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
}
