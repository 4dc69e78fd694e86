//! Workbook exchange: blank XLSX out, filled XLSX/CSV in (all or nothing, every
//! problem located by sheet and cell), comparison XLSX with formula-injection
//! protection, and the command line's exit codes.

use crate::support::{assay_db, assay_no_db, assert_contains, dump, shipped};
use assay::answers::{Answer, SourceKind};
use assay::app::workbook_import;
use assay::questionnaire::{AnswerSpec, Question};
use assay::scoring;
use assay::store::Store;
use assay::workbook::fixtures::{cell_of, fill_all, rewrite, Edit, Fill};
use assay::workbook::{self, Col, WbLang};
use assay::{Questionnaire, Text};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

/// An evaluation of the shipped questionnaire in `dir/assay.db`.
fn setup(dir: &Path) -> (Store, i64) {
    crate::support::shipped_evaluation(&dir.join("assay.db"))
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
    let plan =
        workbook_import::plan_import(&mut s, e, "Acme", "acme.xlsx", &filled, today()).unwrap();
    assert_eq!(plan.answers.len(), q.questions().count());
    workbook_import::apply_import(&mut s, &plan).unwrap();
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
    let again =
        workbook_import::plan_import(&mut s, e, "Acme", "acme.xlsx", &filled, today()).unwrap();
    assert!(again.changes.is_empty());
    let mut fill2 = fill.clone();
    let yn = first_question(&q, yes_partial_no);
    let (sh, r, c) = cell_of(&q, WbLang::En, &yn.id, Col::Answer);
    fill2.cells.push((sh, r, c, Edit::Text("Yes".into())));
    let changed = rewrite(&blank(&q), &fill2);
    let plan =
        workbook_import::plan_import(&mut s, e, "Acme", "acme2.xlsx", &changed, today()).unwrap();
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
    let plan =
        workbook_import::plan_import(&mut s, e, "Acme", "acme.xlsx", &first, today()).unwrap();
    workbook_import::apply_import(&mut s, &plan).unwrap();
    let before = dump(s.connection());

    let yn = first_question(&q, |x| yes_partial_no(x) && !x.na_allowed);
    let date_q = first_question(&q, |x| matches!(x.answer, AnswerSpec::Date { .. }));
    let (ysh, yr, yc) = cell_of(&q, WbLang::En, &yn.id, Col::Answer);
    let (dsh, dr, dc) = cell_of(&q, WbLang::En, &date_q.id, Col::Answer);
    let (_, _, idc) = cell_of(&q, WbLang::En, &yn.id, Col::Id);
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
        ("extra-rows.xlsx", with(extra_rows), "A10151: a value outside the questionnaire's layout".into()),
        ("other-version.xlsx", other, "9.9.9".into()),
        ("renamed.xlsx", b"%PDF-1.7 not a workbook".to_vec(), "not an XLSX workbook".into()),
        ("broken-zip.xlsx", b"PK\x03\x04 truncated".to_vec(), "not a readable XLSX workbook".into()),
        ("empty.xlsx", Vec::new(), "the file is empty".into()),
        ("foreign.xlsx", rewrite(&base, &Fill { drop_sheets: vec![workbook::META_SHEET.into()], ..Fill::default() }), "not exported by Assay".into()),
        ("bad.csv", b"question_id,answer,comment,evidence_identifier,issuer,expiry_date,source\nKEY-99,Yes,,,,,\n".to_vec(), "row 2, column question_id".into()),
        ("na.xlsx", with(vec![(ysh.clone(), yr, yc, Edit::Text("N/A".into()))]), "does not allow N/A".into()),
        // Ids are matched exactly: "ENC-01 " is not ENC-01 (it used to be trimmed).
        ("id-space.xlsx", with(vec![(ysh.clone(), yr, idc, Edit::Text(format!("{} ", yn.id)))]),
            format!("there are spaces or line breaks around {}", yn.id)),
        ("id-bidi.xlsx", with(vec![(ysh.clone(), yr, idc, Edit::Text(format!("{}\u{202e}", yn.id)))]),
            format!("'{}\\u{{202e}}' is not a question", yn.id)),
    ];
    for (name, bytes, want) in cases {
        let err =
            workbook_import::plan_import(&mut s, e, "Acme", name, &bytes, today()).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(want.as_str()),
            "{name}: expected '{want}' in:\n{text}"
        );
        assert_eq!(dump(s.connection()), before, "{name} changed the database");
        // The app's Chinese: the same place, the sentence in Chinese.
        let zh = err.text().zh_cn;
        let chinese = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        assert!(
            zh.contains(name)
                && zh
                    .lines()
                    .all(|l| chinese(l.trim_start_matches("输入有误："))),
            "{name}: a problem is not said in Chinese:\n{zh}"
        );
    }
    let maybe = with(vec![(ysh.clone(), yr, yc, Edit::Text("Maybe".into()))]);
    let err =
        workbook_import::plan_import(&mut s, e, "Acme", "m.xlsx", &maybe, today()).unwrap_err();
    assert_contains(
        &err.text().zh_cn,
        &format!(
            "m.xlsx: Sheet '{ysh}', {yref}: “Maybe”不是可选回答之一：是 / 部分 / 否 / 拒绝回答"
        ),
    );
}

#[test]
fn workbook_comparison_export_writes_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, e) = setup(dir.path());
    let q = shipped();
    let (fill, _) = fill_all(&q);
    let filled = rewrite(&blank(&q), &fill);
    let plan = workbook_import::plan_import(
        &mut s,
        e,
        "=HYPERLINK(\"http://evil\",\"x\")",
        "v.xlsx",
        &filled,
        today(),
    )
    .unwrap();
    workbook_import::apply_import(&mut s, &plan).unwrap();
    let c = s.comparison(e).unwrap();
    let set = s.answer_set(e).unwrap();
    let bytes =
        workbook::export_comparison(&assay::app::comparison_sheets(&c), &set, assay::Lang::En)
            .unwrap();
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
    assert_contains(
        &out,
        &format!("imported {} answer(s)", q.questions().count()),
    );
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

/// Every cell of every sheet of an XLSX workbook, hidden sheets included:
/// (sheet, row, column, value).
fn every_cell(bytes: &[u8]) -> Vec<(String, u32, u32, Data)> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap();
            out.push((name.clone(), r0 + r as u32, c0 + c as u32, v.clone()));
        }
    }
    out
}

/// Both languages of `t`, and both together as a bilingual workbook writes them.
fn push_text(out: &mut Vec<String>, t: &Text) {
    out.push(t.en.clone());
    out.push(t.zh_cn.clone());
    out.push(WbLang::Both.text(t));
}

/// What a question shows the vendor by design: its text, answer labels and the
/// evidence note.
fn question_texts(x: &Question) -> Vec<String> {
    let mut out = Vec::new();
    push_text(&mut out, &x.text);
    match &x.answer {
        AnswerSpec::Choice { options } => {
            options.iter().for_each(|o| push_text(&mut out, &o.label))
        }
        AnswerSpec::Multi { options } => options.iter().for_each(|o| push_text(&mut out, &o.label)),
        AnswerSpec::Number { alternatives, .. } => alternatives
            .iter()
            .for_each(|o| push_text(&mut out, &o.label)),
        _ => {}
    }
    if let Some(note) = x.evidence.as_ref().and_then(|e| e.note.as_ref()) {
        push_text(&mut out, note);
    }
    out
}

/// Every text of the questionnaire the vendor is meant to see, longest first.
fn vendor_facing(q: &Questionnaire) -> Vec<String> {
    let mut out = Vec::new();
    push_text(&mut out, &q.title);
    for s in &q.sections {
        push_text(&mut out, &s.title);
        if let Some(t) = &s.short_title {
            push_text(&mut out, t);
        }
    }
    for (_, x) in q.questions() {
        out.extend(question_texts(x));
    }
    out.retain(|t| !t.trim().is_empty());
    out.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    out.dedup();
    out
}

/// `text` without any of `known` (removed longest first).
fn without(text: &str, known: &[String]) -> String {
    let mut s = text.to_string();
    for k in known {
        if s.contains(k.as_str()) {
            s = s.replace(k.as_str(), " \u{1} ");
        }
    }
    s
}

/// Lower case, every run of non-alphanumeric characters one space, padded.
fn words(s: &str) -> String {
    let w: Vec<String> = s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    format!(" {} ", w.join(" "))
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The windows of `n` characters of `s` (all of `s` when it is shorter).
fn windows(s: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return vec![s.to_string()];
    }
    chars.windows(n).map(|w| w.iter().collect()).collect()
}

/// Characters of copied buyer text that count as a leak: a Chinese window is
/// shorter, as Chinese says more per character.
const EN_WINDOW: usize = 40;
const ZH_WINDOW: usize = 15;

/// Number tokens of a text: "1.3", "2022", "24".
fn numbers(s: &str) -> std::collections::HashSet<String> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// Every buyer-only thing found in a blank workbook, one line each.
fn buyer_text_in(q: &Questionnaire, bytes: &[u8]) -> Vec<String> {
    use std::collections::HashSet;
    let cells = every_cell(bytes);
    let known = vendor_facing(q);
    let mut found = Vec::new();

    // Values are text: a number cell could only be a weight, a score or a band.
    let mut texts: Vec<(String, String)> = Vec::new();
    for (sheet, r, c, v) in &cells {
        let at = format!("{sheet}!{}{}", (b'A' + *c as u8) as char, r + 1);
        match v {
            Data::String(s) => texts.push((at, s.clone())),
            Data::Empty => {}
            other => found.push(format!("{at}: a non-text cell {other:?}")),
        }
    }

    // Buyer-only texts, or long enough pieces of them: help, knockouts, profiles,
    // the questionnaire's description (it explains the scoring).
    let mut buyer: Vec<(String, &Text)> = Vec::new();
    for (_, x) in q.questions() {
        if let Some(h) = &x.help {
            buyer.push((format!("{} help", x.id), h));
        }
        for k in &x.knockouts {
            buyer.push((format!("{} knockout", x.id), &k.description));
        }
    }
    for p in &q.profiles {
        buyer.push((format!("profile {}", p.id), &p.description));
    }
    if let Some(d) = &q.description {
        buyer.push(("questionnaire description".into(), d));
    }
    let mut cell_windows: HashSet<String> = HashSet::new();
    for (_, s) in &texts {
        for n in [EN_WINDOW, ZH_WINDOW] {
            cell_windows.extend(windows(s, n));
        }
    }
    let known_windows: HashSet<String> = known
        .iter()
        .flat_map(|t| {
            let mut w = windows(t, EN_WINDOW);
            w.extend(windows(t, ZH_WINDOW));
            w
        })
        .collect();
    for (what, t) in &buyer {
        for (text, n) in [(&t.en, EN_WINDOW), (&t.zh_cn, ZH_WINDOW)] {
            let leaked = windows(text, n).into_iter().find(|w| {
                if known_windows.contains(w) || known.iter().any(|k| k.contains(w.as_str())) {
                    return false; // the vendor sees this anyway (question, label, note)
                }
                if w.chars().count() < n {
                    texts.iter().any(|(_, s)| s.contains(w.as_str()))
                } else {
                    cell_windows.contains(w)
                }
            });
            if let Some(w) = leaked {
                found.push(format!("{what}: \"{w}\""));
            }
        }
    }

    // Words of the rubric, once the texts the vendor must see are taken out.
    let en_words = [
        "score",
        "scores",
        "scored",
        "scoring",
        "points",
        "weight",
        "weights",
        "weighted",
        "knockout",
        "knockouts",
        "rubric",
        "best answer",
        "full marks",
        "must have",
        "counts only as a claim",
        "exceeds the maximum",
        "below the minimum",
        "accepted answers",
        "not eligible",
        "eligibility",
    ];
    let zh_words = [
        "得分",
        "分值",
        "一票否决",
        "否决",
        "满分",
        "最佳",
        "权重",
        "计分",
        "评分",
        "扣分",
        "视为声明",
        "超过上限",
        "低于下限",
        "可接受的答案",
    ];
    let mut names: Vec<(String, String)> = Vec::new();
    let mut weights: Vec<(String, String)> = Vec::new();
    for p in &q.profiles {
        names.push((format!("profile {}", p.id), words(&p.id)));
        names.push((format!("profile {}", p.id), words(&p.name.en)));
        for s in &q.sections {
            let w = scoring::format_number(p.section_weights[&s.id]);
            for form in [
                "{id} {w}",
                "{id}: {w}",
                "{id}={w}",
                "{id} = {w}",
                "{id}：{w}",
            ] {
                let form = form.replace("{id}", &s.id).replace("{w}", &w);
                weights.push((format!("{} weight of {}", p.id, s.id), form));
            }
        }
    }
    for (at, s) in &texts {
        let rest = without(s, &known);
        let w = words(&rest);
        for word in en_words {
            if w.contains(&words(word)) {
                found.push(format!("{at}: \"{word}\" in {s:?}"));
            }
        }
        for word in zh_words {
            if rest.contains(word) {
                found.push(format!("{at}: \"{word}\" in {s:?}"));
            }
        }
        for (what, name) in &names {
            if w.contains(name.as_str()) {
                found.push(format!("{at}: {what} in {s:?}"));
            }
        }
        if let Some((what, _)) = weights
            .iter()
            .find(|(_, form)| rest.contains(form.as_str()))
        {
            found.push(format!("{at}: {what} in {s:?}"));
        }
        // A two-character Chinese name ("通用") is part of ordinary words ("普通用户").
        for p in q
            .profiles
            .iter()
            .filter(|p| p.name.zh_cn.chars().count() > 2)
        {
            if rest.contains(&p.name.zh_cn) {
                found.push(format!("{at}: profile {} in {s:?}", p.id));
            }
        }
    }

    // A question's row never shows its scores, points or band scores (the
    // numbers its own text and labels show aside).
    for (_, x) in q.questions() {
        let Some((sheet, row)) = cells.iter().find_map(|(sh, r, c, v)| {
            (*c == 0 && matches!(v, Data::String(s) if *s == x.id)).then_some((sh, *r))
        }) else {
            found.push(format!("{}: no row", x.id));
            continue;
        };
        let own = question_texts(x);
        let allowed: HashSet<String> = own.iter().flat_map(|t| numbers(t)).collect();
        let row_text: String = cells
            .iter()
            .filter(|(sh, r, c, _)| sh == sheet && *r == row && *c > 0)
            .filter_map(|(.., v)| match v {
                Data::String(s) => Some(without(s, &own)),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut rubric: Vec<f64> = Vec::new();
        match &x.answer {
            AnswerSpec::Choice { options } => rubric.extend(options.iter().map(|o| o.score)),
            AnswerSpec::Multi { options } => rubric.extend(options.iter().map(|o| o.points)),
            AnswerSpec::Number {
                bands,
                otherwise,
                alternatives,
                ..
            } => {
                rubric.extend(bands.iter().map(|b| b.score));
                rubric.extend(alternatives.iter().map(|a| a.score));
                rubric.push(*otherwise);
            }
            AnswerSpec::Date {
                bands, otherwise, ..
            } => {
                rubric.extend(bands.iter().map(|b| b.score));
                rubric.push(*otherwise);
            }
            _ => {}
        }
        let in_row = numbers(&row_text);
        for v in rubric.iter().filter(|v| **v >= 10.0) {
            let n = scoring::format_number(*v);
            if in_row.contains(&n) && !allowed.contains(&n) {
                found.push(format!("{}: the score {n} in its row: {row_text:?}", x.id));
            }
        }
    }
    found
}

/// The blank workbook is what the vendor reads: every cell of every sheet (hidden
/// ones included) is free of the buyer's help, scores, points, band scores,
/// weights, profiles and knockouts, in each language.
#[test]
fn workbook_blank_shows_the_vendor_no_buyer_only_text() {
    let q = shipped();
    for lang in [WbLang::En, WbLang::ZhCn, WbLang::Both] {
        let bytes = workbook::export_blank(&q, lang).unwrap();
        let found = buyer_text_in(&q, &bytes);
        assert!(
            found.is_empty(),
            "{} buyer-only text(s) in the {} workbook:\n{}",
            found.len(),
            lang.as_str(),
            found
                .iter()
                .take(30)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        // The guidance column holds the vendor guidance, in the workbook's language(s).
        let cells = every_cell(&bytes);
        let x = q.question("TRN-01").unwrap();
        let (sheet, row, col) = cell_of(&q, lang, &x.id, Col::Guidance);
        let guidance = cells
            .iter()
            .find(|(s, r, c, _)| *s == sheet && *r == row && *c == col as u32)
            .map(|(.., v)| v.clone());
        assert_eq!(
            guidance,
            Some(Data::String(lang.text(x.vendor_guidance.as_ref().unwrap())))
        );
    }
}

/// The check above finds what it looks for: the buyer's help in the guidance
/// column, a score, a weight, a profile or a scoring word.
#[test]
fn workbook_buyer_text_check_can_fail() {
    let q = shipped();
    let leaking = |edit: &dyn Fn(&mut Questionnaire)| {
        let mut x = q.clone();
        edit(&mut x);
        let bytes = workbook::export_blank(&x, WbLang::Both).unwrap();
        // Judged against the shipped questionnaire's rubric.
        buyer_text_in(&q, &bytes)
    };
    // The old behaviour: the help as guidance.
    let found = leaking(&|x| {
        for s in &mut x.sections {
            for question in &mut s.questions {
                question.vendor_guidance = question.help.clone();
            }
        }
    });
    assert!(
        found.iter().any(|f| f.contains("TRN-01 help")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|f| f.contains("\"best answer\"")),
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.contains("\"最佳\"")), "{found:#?}");
    // The first profile's weight of TRN, as a vendor-facing text would give it.
    let trn_weight = scoring::format_number(q.profiles[0].section_weights["TRN"]);
    let trn_weight = format!("Section TRN: {trn_weight}.");
    let cases: [(&str, &str, &str); 4] = [
        ("TRN-01", "TLS 1.3 only is worth 90.", "the score 90"),
        ("TRN-02", "Answered as for CN-REG buyers.", "profile CN-REG"),
        ("TRN-03", &trn_weight, "weight of TRN"),
        ("TRN-05", "部分得一半分值。", "\"分值\""),
    ];
    for (id, guidance, want) in cases {
        let found = leaking(&|x| {
            for s in &mut x.sections {
                for question in &mut s.questions {
                    if question.id == id {
                        question.vendor_guidance = Some(Text {
                            en: guidance.into(),
                            zh_cn: guidance.into(),
                        });
                    }
                }
            }
        });
        assert!(
            found.iter().any(|f| f.contains(want)),
            "{id}: {want} not in {found:#?}"
        );
    }
}

/// Section sheets are named by the short title in the workbook's language
/// (English in a bilingual one): whole words, at most 31 characters, unique.
/// Without short titles: the title when it is a legal sheet name, else the id;
/// never a title cut short. Import finds the sheets by the metadata sheet, so
/// workbooks exported under the older, cut names still import.
#[test]
fn workbook_sheet_names_are_whole_unique_and_short() {
    let q = shipped();
    let meta_sheets = |bytes: &[u8]| -> Vec<(String, String)> {
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let meta = wb.worksheet_range(workbook::META_SHEET).unwrap();
        let all = wb.sheet_names();
        meta.rows()
            .filter(|r| r[0] == Data::String("sheet".into()))
            .map(|r| {
                let name = r[2].to_string();
                assert!(all.contains(&name), "{name} is not a sheet of {all:?}");
                (r[1].to_string(), name)
            })
            .collect()
    };
    let legal = |names: &[String]| {
        let mut seen = std::collections::HashSet::new();
        for n in names {
            assert!(n.encode_utf16().count() <= 31, "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
            assert!(!n.trim().is_empty() && n.trim() == n, "{n:?}");
            assert!(seen.insert(n.to_lowercase()), "{n} twice");
        }
    };
    for lang in [WbLang::En, WbLang::ZhCn, WbLang::Both] {
        let sheets = meta_sheets(&workbook::export_blank(&q, lang).unwrap());
        let names: Vec<String> = sheets.iter().map(|(_, n)| n.clone()).collect();
        legal(&names);
        for (s, (id, name)) in q.sections.iter().zip(&sheets) {
            assert_eq!(id, &s.id);
            let short = s.short_title.as_ref().unwrap();
            let want = if lang == WbLang::ZhCn {
                &short.zh_cn
            } else {
                &short.en
            };
            assert_eq!(name, want);
            assert_eq!(has_cjk(name), lang == WbLang::ZhCn, "{name}");
        }
    }
    let en: Vec<String> = meta_sheets(&blank(&q))
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert!(
        en.contains(&"Incidents & vulnerabilities".to_string()),
        "{en:?}"
    );
    assert!(en.contains(&"Key management".to_string()), "{en:?}");

    // Without short titles, with two sections of one title and a title that
    // names another sheet of the workbook.
    let mut bare = q.clone();
    for s in &mut bare.sections {
        s.short_title = None;
    }
    bare.sections[1].title = bare.sections[0].title.clone();
    bare.sections[2].title.en = "instructions".into();
    for lang in [WbLang::En, WbLang::ZhCn, WbLang::Both] {
        let sheets = meta_sheets(&workbook::export_blank(&bare, lang).unwrap());
        let names: Vec<String> = sheets.iter().map(|(_, n)| n.clone()).collect();
        legal(&names);
        for (s, name) in bare.sections.iter().zip(&names) {
            let title = if lang == WbLang::ZhCn {
                &s.title.zh_cn
            } else {
                &s.title.en
            };
            assert!(
                name == title || *name == s.id,
                "{name}: neither '{title}' nor {}",
                s.id
            );
        }
        if lang != WbLang::ZhCn {
            assert_eq!(
                names,
                [
                    "Transport & at-rest encryption",
                    "E2E",
                    "CNC",
                    "Key management",
                    "Certifications & attestations",
                    "IRV",
                    "Identity & access",
                    "DAT",
                    "GOV"
                ]
            );
        } else {
            assert_eq!(names[0], "传输与存储加密");
            assert_eq!(names[1], "E2E");
            assert_eq!(names[2], "商用密码");
        }
    }
    // Such a workbook imports, filled in.
    let (fill, expected) = fill_all(&bare);
    let filled = rewrite(&workbook::export_blank(&bare, WbLang::En).unwrap(), &fill);
    let got = workbook::import(&filled, "bare.xlsx", &bare, today()).unwrap();
    assert_eq!(got.len(), expected.len());

    // A workbook exported under the names of the previous export (titles cut at
    // 31 characters) still imports, with the same answers.
    let (fill, _) = fill_all(&q);
    let new = workbook::import(&rewrite(&blank(&q), &fill), "new.xlsx", &q, today()).unwrap();
    let old_names = Fill {
        renames: vec![
            (
                "E2E encryption & metadata".into(),
                "End-to-end encryption & metadat".into(),
            ),
            (
                "Incidents & vulnerabilities".into(),
                "Incident response & vulnerabili".into(),
            ),
            (
                "Data, logging & residency".into(),
                "Data governance, logging & resi".into(),
            ),
        ],
        ..Fill::default()
    };
    let old_blank = rewrite(&blank(&q), &old_names);
    assert!(meta_sheets(&old_blank)
        .iter()
        .any(|(_, n)| n == "Incident response & vulnerabili"));
    let old_fill = Fill {
        renames: old_names.renames.clone(),
        ..fill
    };
    let old = workbook::import(&rewrite(&blank(&q), &old_fill), "old.xlsx", &q, today()).unwrap();
    assert_eq!(
        old.iter().map(content).collect::<Vec<_>>(),
        new.iter().map(content).collect::<Vec<_>>()
    );
}

#[test]
fn workbook_sheet_names_reserved_by_the_validator_are_the_workbooks_own() {
    for own in [
        workbook::META_SHEET,
        workbook::LISTS_SHEET,
        "Instructions",
        "填写说明",
    ] {
        assert!(
            assay::questionnaire::RESERVED_SHEET_NAMES.contains(&own),
            "{own}"
        );
    }
}

#[test]
fn workbook_comparison_says_no_data_unknown_and_the_decision() {
    use crate::support::{ctx, list, mini, text};
    use assay::answers::{AnswerSet, QuestionnaireRef, VendorAnswers};
    let q = mini();
    let context = ctx(&["GLOBAL"], "2026-11-29");
    // Alpha answers the encryption section only; Gamma answers nothing.
    let vendors = vec![
        VendorAnswers {
            name: "Alpha".into(),
            product: None,
            answers: vec![
                text("ENC-01", "tls13"),
                text("ENC-02", "yes"),
                text("ENC-03", "no"),
                list("ENC-05", &["messages"]),
            ],
        },
        VendorAnswers {
            name: "Gamma".into(),
            product: None,
            answers: vec![],
        },
    ];
    let inputs: Vec<scoring::VendorInput> = vendors.iter().map(Into::into).collect();
    let scores = scoring::compare(&q, &context, &inputs);
    assert_eq!(scores[0].vendor, "Alpha");
    assert_eq!(
        scores[0].section("OPS").unwrap().score,
        None,
        "the premise: no data"
    );
    let set = AnswerSet {
        schema: None,
        questionnaire: QuestionnaireRef::of(&q),
        as_of: Some(context.as_of),
        profiles: context.profiles.clone(),
        vendors,
    };
    let sheets = workbook::ComparisonSheets {
        title: "Ties",
        questionnaire: &q,
        context: &context,
        vendors: &scores,
    };
    for (lang, names, no_data, unknown, insufficient, verdict) in [
        (
            assay::Lang::En,
            ["Decision", "Sections", "Answers"],
            "no data",
            "unknown",
            "— insufficient data",
            "not enough information",
        ),
        (
            assay::Lang::ZhCn,
            ["决定", "章节矩阵", "回答矩阵"],
            "无数据",
            "未知",
            "— 数据不足",
            "信息不足",
        ),
    ] {
        let bytes = workbook::export_comparison(&sheets, &set, lang).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes)).unwrap();
        assert_eq!(wb.sheet_names(), names);
        let string = |r: &calamine::Range<Data>, at: (u32, u32)| match r.get_value(at) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("{at:?}: {other:?}"),
        };
        // Sections: rows 4 (ENC) and 5 (OPS); Alpha in column 1, Gamma in 2.
        let r = wb.worksheet_range(names[1]).unwrap();
        assert!(
            matches!(r.get_value((4, 1)), Some(Data::Float(_))),
            "Alpha's ENC is a score"
        );
        assert_eq!(string(&r, (5, 1)), no_data, "Alpha's OPS: nothing answered");
        assert_eq!(string(&r, (4, 2)), no_data);
        assert_eq!(string(&r, (5, 2)), no_data);
        // Answers: an open question is "unknown", never a score of 0.
        let r = wb.worksheet_range(names[2]).unwrap();
        assert_eq!(string(&r, (1, 5)), unknown, "Gamma's ENC-01 score");
        // Decision: Gamma has no rank and not enough information.
        let r = wb.worksheet_range(names[0]).unwrap();
        assert_eq!(string(&r, (6, 0)), "Gamma");
        assert_eq!(string(&r, (6, 1)), verdict);
        assert!(
            string(&r, (6, 2)).starts_with(insufficient),
            "{}",
            string(&r, (6, 2))
        );
    }
}

/// A vendor may decline a question in the workbook ("Declined to answer" /
/// "拒绝回答", offered in every drop-down): it is stored as the state
/// "declined" with the vendor's reason, scores as declined (not unknown), and a
/// declined row that gives evidence is refused at its cell.
#[test]
fn workbook_declined_is_an_answer_the_vendor_can_give() {
    let q = shipped();
    let yn = first_question(&q, yes_partial_no);
    let number = first_question(&q, |x| matches!(x.answer, AnswerSpec::Number { .. }));
    for (lang, word) in [
        (WbLang::En, "Declined to answer"),
        (WbLang::ZhCn, "拒绝回答"),
    ] {
        let base = workbook::export_blank(&q, lang).unwrap();
        // The drop-down's list sheet offers it.
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&base)).unwrap();
        let lists = wb.worksheet_range(workbook::LISTS_SHEET).unwrap();
        assert!(
            lists
                .used_cells()
                .any(|c| c.2 == &Data::String(word.into())),
            "{lang:?}: no '{word}' in the drop-down lists"
        );
        let (ysh, yr, yc) = cell_of(&q, lang, &yn.id, Col::Answer);
        let (_, _, cc) = cell_of(&q, lang, &yn.id, Col::Comment);
        let (nsh, nr, nc) = cell_of(&q, lang, &number.id, Col::Answer);
        let filled = rewrite(
            &base,
            &Fill {
                cells: vec![
                    (ysh.clone(), yr, yc, Edit::Text(word.into())),
                    (ysh.clone(), yr, cc, Edit::Text("under NDA only".into())),
                    (nsh, nr, nc, Edit::Text("declined".into())),
                ],
                ..Fill::default()
            },
        );
        let got = workbook::import(&filled, "acme.xlsx", &q, today()).unwrap();
        let declined = |id: &str| got.iter().find(|a| a.question == id).unwrap();
        for id in [&yn.id, &number.id] {
            let a = declined(id);
            assert_eq!(a.state, Some(assay::answers::AnswerState::Declined), "{id}");
            assert_eq!((a.value.clone(), a.na.clone()), (None, None), "{id}");
        }
        assert_eq!(declined(&yn.id).comment.as_deref(), Some("under NDA only"));
        assert!(matches!(
            scoring::read(yn, Some(declined(&yn.id))),
            Ok(scoring::Reading::Declined)
        ));

        // Declined and evidence on one row contradict each other: refused at the cell.
        let (_, _, ec) = cell_of(&q, lang, &yn.id, Col::EvidenceId);
        let contradictory = rewrite(
            &base,
            &Fill {
                cells: vec![
                    (ysh.clone(), yr, yc, Edit::Text(word.into())),
                    (ysh.clone(), yr, ec, Edit::Text("ISO-123".into())),
                ],
                ..Fill::default()
            },
        );
        let err = workbook::import(&contradictory, "acme.xlsx", &q, today()).unwrap_err();
        let text = err
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        let at = format!("Sheet '{ysh}', {}{}", (b'A' + yc as u8) as char, yr + 1);
        assert_contains(&text, &at);
        assert_contains(&text, "is declined, but its row gives evidence");
    }
}
