//! The comparison PDF: pure layout rules (with a fake width function), the real
//! export checked with poppler's tools, and tamper evidence.

use crate::support::{assay, stdout};
use assay::answers::{Answer, AnswerValue, Evidence, EvidenceKind, VendorAnswers};
use assay::report::data::{EvaluationMeta, ReportData};
use assay::report::layout::{self, Item, Page, MARGIN, MIN_FONT};
use assay::report::model::{self, Block, Cell, Column, Row, Table, Tone};
use assay::report::{self, radar, ReportFont};
use assay::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::process::Command;
use std::sync::OnceLock;

/// CJK characters one em wide, everything else half an em.
fn fake(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                size
            } else {
                size * 0.5
            }
        })
        .sum()
}

fn at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-05-04T10:30:00+08:00").unwrap()
}

fn font() -> &'static ReportFont {
    static FONT: OnceLock<ReportFont> = OnceLock::new();
    FONT.get_or_init(|| {
        ReportFont::load_default().expect("a CJK font (see assets/fonts/README.md)")
    })
}

// ------------------------------------------------------------ wrapping

/// `text` wrapped at `width` (8 pt), checked against the rules every wrap keeps:
/// no line is wider than `width`, and from three CJK characters a line up (table
/// cells are never narrower) none but the first starts with closing punctuation.
fn wrap_checked(text: &str, width: f32) -> Vec<String> {
    let lines = layout::wrap(text, width, 8.0, &fake);
    for (i, line) in lines.iter().enumerate() {
        assert!(
            fake(line, 8.0) <= width + 1e-3,
            "{line:?} wider than {width}"
        );
        let first = line.chars().next().unwrap_or(' ');
        assert!(
            i == 0 || width < 3.0 * 8.0 || !layout::is_closing(first),
            "width {width}: line {i} starts with {first:?}: {line:?}"
        );
    }
    lines
}

#[test]
fn wrapped_lines_fit_their_width() {
    let text = "End-to-end encryption 端到端加密，默认开启。Keys stay on the device; 服务端无法解密（见白皮书第3节）。https://example.com/a/very/long/path/that/never/ends/with/a/space";
    for width in [20.0, 35.0, 60.0, 100.0, 250.0] {
        wrap_checked(text, width);
    }
}

#[test]
fn cjk_breaks_between_ideographs() {
    let lines = wrap_checked("企业即时通讯安全", 24.0);
    assert_eq!(lines, vec!["企业即", "时通讯", "安全"]);
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    let text = "是的，我们支持。数据（含备份）存储在境内，密钥由客户管理；审计日志保留180天！是否？「是」《协议》、条款：见附件。";
    for w in 6..60 {
        wrap_checked(text, 8.0 * w as f32 / 2.0);
    }
}

#[test]
fn latin_breaks_at_spaces_and_keeps_words() {
    let lines = wrap_checked("alpha beta gamma delta", 40.0);
    assert_eq!(lines, vec!["alpha beta", "gamma", "delta"]);
}

/// Unicode line breaking (UAX #14) with the identifier rule: ids and
/// certificate numbers never split at a hyphen; words of running text still
/// break after one; Chinese after any ideograph.
#[test]
fn identifiers_stay_whole_and_hyphenated_words_may_break() {
    for width in [24.0, 40.0, 60.0] {
        let lines = wrap_checked("see KEY-04 and EXAMPLE-CN-ISMS-32 now", width);
        assert!(
            lines.iter().any(|l| l.contains("KEY-04")),
            "{width}: {lines:?}"
        );
        for l in &lines {
            assert!(
                !l.trim_end().ends_with('-'),
                "{width}: split at a hyphen: {lines:?}"
            );
        }
    }
    // Wide enough for the id: it is whole on one line.
    let lines = wrap_checked("see EXAMPLE-CN-ISMS-32 now", 80.0);
    assert!(
        lines.iter().any(|l| l.contains("EXAMPLE-CN-ISMS-32")),
        "{lines:?}"
    );
    // Running words may break after their hyphen.
    let lines = wrap_checked("end-to-end encryption", 32.0);
    assert_eq!(lines[0], "end-to-");
}

/// A vendor column is as wide as the widest word of any vendor's name; names
/// wrap between words, Chinese words included, and are never cut with "…".
#[test]
fn vendor_names_in_headers_wrap_between_words_and_are_never_cut() {
    let vendors: Vec<String> = vec![
        "Very Long Vendor Name Internationalisation Holdings Alpha".into(),
        "Very Long Vendor Name Internationalisation Holdings Beta".into(),
        "WeCom 企业微信".into(),
        "Feishu / Lark 飞书".into(),
    ];
    let rows = vec![Row::Cells(
        std::iter::once(Cell::new("Q1"))
            .chain(vendors.iter().map(|_| Cell::new("yes")))
            .collect(),
    )];
    let mut m = table_model(rows, vendors.clone());
    if let Block::Table(t) = &mut m.blocks[0] {
        t.min_group_width = 20.0; // narrower than "Internationalisation"
    }
    let pages = layout::layout(&m, &fake);
    let all: Vec<&str> = pages
        .iter()
        .flat_map(|p| texts(p).into_iter().map(|t| t.0))
        .collect();
    assert!(
        all.iter().all(|t| !t.ends_with('…')),
        "a name was cut: {all:?}"
    );
    for word in ["Internationalisation", "企业微信", "飞书", "Alpha", "Beta"] {
        assert!(
            all.iter().any(|t| t.contains(word)),
            "{word} is not whole on a line: {all:?}"
        );
    }
}

#[test]
fn long_answers_are_cut_with_an_ellipsis() {
    let long = "x".repeat(2000);
    let lines = layout::wrap_limited(&long, 100.0, 8.0, 10, &fake);
    assert_eq!(lines.len(), 10);
    assert!(lines[9].ends_with('…'));
    for l in &lines {
        assert!(fake(l, 8.0) <= 100.0 + 1e-3);
    }
}

#[test]
fn newlines_break_and_empty_text_gives_one_empty_line() {
    assert_eq!(layout::wrap("a\nb", 100.0, 8.0, &fake), vec!["a", "b"]);
    assert_eq!(layout::wrap("", 100.0, 8.0, &fake), vec![""]);
}

// ------------------------------------------------------------ radar

#[test]
fn radar_geometry_starts_at_the_top_and_runs_clockwise() {
    let p = radar::polygon(&[Some(100.0), Some(50.0), None, Some(250.0)]);
    let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
    assert!(
        close(p[0], (0.0, -1.0)),
        "first axis at 12 o'clock (y down)"
    );
    assert!(
        close(p[1], (0.5, 0.0)),
        "second axis at 3 o'clock, half way"
    );
    assert!(close(p[2], (0.0, 0.0)), "no score: the centre");
    assert!(close(p[3], (-1.0, 0.0)), "scores are clamped to 100");
    // Eight series, eight distinct (marker, dash) pairs.
    let styles: Vec<_> = (0..8).map(radar::style).collect();
    for i in 0..8 {
        for j in 0..i {
            assert!(styles[i].0 != styles[j].0 && styles[i].1 != styles[j].1);
        }
    }
}

// ------------------------------------------------------------ range bars

#[test]
fn range_bars_mark_the_point_and_draw_no_point_without_data() {
    use assay::report::model::{BarRow, RangeBars};
    use assay::scoring::ScoreRange;
    let bar = |label: &str, range: ScoreRange, has_point: bool| BarRow::Bar {
        label: label.into(),
        range: Some(range),
        has_point,
        text: "figures".into(),
        tone: Tone::Normal,
    };
    let mut m = table_model(vec![], vec![]);
    m.blocks = vec![Block::RangeBars(RangeBars {
        rows: vec![
            BarRow::Group("Section".into()),
            bar(
                "A",
                ScoreRange {
                    floor: 10.0,
                    point: 10.0,
                    ceiling: 60.0,
                },
                true,
            ),
            bar(
                "B",
                ScoreRange {
                    floor: 0.0,
                    point: 0.0,
                    ceiling: 100.0,
                },
                false,
            ),
        ],
        scale: "score (0–100)".into(),
    })];
    let pages = layout::layout(&m, &fake);
    type Poly<'p> = (&'p Vec<(f32, f32)>, Option<layout::Rgb>);
    let polys: Vec<Poly> = pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Poly { points, fill, .. } => Some((points, *fill)),
            _ => None,
        })
        .collect();
    let ranges: Vec<_> = polys
        .iter()
        .filter(|(_, f)| *f == Some(layout::RANGE_FILL) || *f == Some(layout::NO_DATA_FILL))
        .collect();
    let marks: Vec<_> = polys
        .iter()
        .filter(|(_, f)| *f == Some(layout::BLUE))
        .collect();
    assert_eq!(ranges.len(), 2, "a range bar per row");
    assert_eq!(marks.len(), 1, "only the row with data has a point mark");
    // A: the point (10) is the floor, the left end of its bar; the bar spans 50 of
    // the 100 points that B's bar (0–100) spans.
    let xs = |p: &Vec<(f32, f32)>| {
        let min = p.iter().map(|q| q.0).fold(f32::MAX, f32::min);
        let max = p.iter().map(|q| q.0).fold(f32::MIN, f32::max);
        (min, max)
    };
    let (a0, a1) = xs(ranges[0].0);
    let (b0, b1) = xs(ranges[1].0);
    let (m0, m1) = xs(marks[0].0);
    assert!(
        ((m0 + m1) / 2.0 - a0).abs() < 0.01,
        "the mark sits at the point"
    );
    assert!(((a1 - a0) / (b1 - b0) - 0.5).abs() < 0.001);
    assert!(((a0 - b0) / (b1 - b0) - 0.1).abs() < 0.001);
    assert_eq!(
        ranges[1].1,
        Some(layout::NO_DATA_FILL),
        "no data: only its outline"
    );
}

// ------------------------------------------------------------ tables

fn table_model(rows: Vec<Row>, grouped: Vec<String>) -> model::ReportModel {
    model::ReportModel {
        lang: Lang::En,
        title: "t".into(),
        subject: "s".into(),
        keywords: vec![],
        author: "a".into(),
        fingerprint: "f".repeat(64),
        page_label: "Page {x} of {y}".into(),
        footer_label: "Fingerprint".into(),
        page_mark: None,
        blocks: vec![Block::Table(Table {
            fixed: vec![Column {
                title: "Question".into(),
                width: 0.25,
            }],
            grouped,
            min_group_width: 110.0,
            rows,
            max_lines: 10,
            font_size: 7.5,
            group_caption: Some("Vendors {from}–{to} of {n}".into()),
        })],
    }
}

fn texts(p: &Page) -> Vec<(&str, f32, f32, f32)> {
    p.items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                x, y, size, text, ..
            } => Some((text.as_str(), *x, *y, *size)),
            _ => None,
        })
        .collect()
}

#[test]
fn rows_never_split_and_headers_repeat() {
    let rows: Vec<Row> = (0..120)
        .map(|i| {
            let lines = 1 + (i * 7) % 9;
            let body: Vec<String> = (0..lines).map(|l| format!("r{i}x{l}")).collect();
            Row::Cells(vec![
                Cell::new(body.join("\n")),
                Cell::new(format!("r{i}v")),
            ])
        })
        .collect();
    let pages = layout::layout(&table_model(rows, vec!["V".into()]), &fake);
    assert!(pages.len() > 3);
    for i in 0..120 {
        let prefix = format!("r{i}x");
        let on: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| texts(p).iter().any(|t| t.0.starts_with(&prefix)))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(on.len(), 1, "row {i} is on pages {on:?}");
    }
    for p in &pages {
        assert!(
            texts(p).iter().any(|t| t.0 == "Question"),
            "header on every page"
        );
    }
}

#[test]
fn many_vendors_continue_in_column_groups_not_smaller_text() {
    let vendors: Vec<String> = (0..30).map(|i| format!("Vendor {i:02}")).collect();
    let rows = vec![Row::Cells(
        std::iter::once(Cell::new("Q1"))
            .chain(
                vendors
                    .iter()
                    .map(|v| Cell::tone(format!("{v} answer"), Tone::Normal)),
            )
            .collect(),
    )];
    let pages = layout::layout(&table_model(rows, vendors.clone()), &fake);
    for v in &vendors {
        assert!(
            pages.iter().any(|p| texts(p).iter().any(|t| t.0 == v)),
            "{v} has a column"
        );
    }
    assert!(
        pages.len() >= 6,
        "30 vendors at ≥110 pt each need several groups"
    );
    for p in &pages {
        for t in texts(p) {
            assert!(t.3 >= MIN_FONT, "{} at {} pt", t.0, t.3);
        }
    }
    let groups = layout::column_groups(30, 500.0, 110.0);
    assert_eq!(groups.iter().map(|g| g.len()).sum::<usize>(), 30);
    assert!(groups.iter().all(|g| g.len() <= 4));
}

// ------------------------------------------------------------ full reports

fn evidence(id: &str, expires: &str) -> Evidence {
    Evidence {
        kind: EvidenceKind::Certificate,
        identifier: Some(id.into()),
        issuer: Some("CB".into()),
        scope: None,
        issued: None,
        expires: Some(NaiveDate::parse_from_str(expires, "%Y-%m-%d").unwrap()),
        url: None,
    }
}

/// The shipped questionnaire with `n` hostile vendors.
fn hostile_data(n: usize) -> ReportData {
    let q = assay::catalog::bundled()
        .into_iter()
        .find_map(|l| l.into_result().ok())
        .expect("a bundled questionnaire");
    let long_name = format!(
        "{}<img src=x onerror=alert(1)>",
        "北京某某信息技术有限公司 Very Long Vendor Name ".repeat(3)
    );
    let vendors = (0..n)
        .map(|i| VendorAnswers {
            name: if i == 0 {
                long_name.chars().take(120).collect()
            } else {
                format!("Vendor {i:02} 🚀 <img src=x onerror=alert(1)>")
            },
            product: None,
            answers: q
                .questions()
                .enumerate()
                .filter(|(k, _)| (k + i) % 3 != 0)
                .filter_map(|(k, (_, question))| {
                    let value = match &question.answer {
                        assay::questionnaire::AnswerSpec::YesNo => AnswerValue::Text("yes".into()),
                        assay::questionnaire::AnswerSpec::YesPartialNo => {
                            AnswerValue::Text(["yes", "partial", "no"][k % 3].into())
                        }
                        assay::questionnaire::AnswerSpec::Text => AnswerValue::Text(format!(
                            "{} 😀 mixed 中文 text，很长。",
                            "lorem ipsum 安全 ".repeat(120)
                        )),
                        _ => return None,
                    };
                    Some(Answer {
                        question: question.id.clone(),
                        value: Some(value),
                        comment: Some("<script>alert(1)</script> ".repeat(60)),
                        evidence: if k % 2 == 0 {
                            vec![evidence(
                                "C-1",
                                ["2026-01-01", "2026-12-15", "2028-01-01"][k % 3],
                            )]
                        } else {
                            vec![]
                        },
                        ..Default::default()
                    })
                })
                .collect(),
        })
        .collect();
    ReportData::new(
        &q,
        EvaluationMeta {
            name: "Robustness".into(),
            profiles: vec![q.profiles[0].id.clone()],
            as_of: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            evaluators: vec!["Tester".into()],
            ..Default::default()
        },
        vendors,
    )
}

fn laid_out(data: &ReportData, lang: Lang) -> Vec<Page> {
    let f = font();
    let scores = data.scores();
    let m = model::build(data, &scores, &data.fingerprint(), &at(), lang);
    layout::layout(&m, &|s: &str, z: f32| f.width(s, z))
}

#[test]
fn nothing_leaves_the_page_with_0_1_and_30_hostile_vendors() {
    let f = font();
    for n in [0, 1, 30] {
        let data = hostile_data(n);
        for lang in [Lang::En, Lang::ZhCn] {
            let pages = laid_out(&data, lang);
            for (pi, p) in pages.iter().enumerate() {
                for (text, x, y, size) in texts(p) {
                    let w = f.width(text, size);
                    assert!(size >= MIN_FONT);
                    assert!(
                        x >= MARGIN - 0.01 && x + w <= p.width - MARGIN + 0.5,
                        "{n} vendors, page {pi}: {text:?} at x {x} w {w} overflows"
                    );
                    assert!(
                        y <= p.height - MARGIN + 0.01 && y >= MARGIN,
                        "{text:?} at y {y}"
                    );
                }
            }
            if n > 0 {
                let all: String = pages
                    .iter()
                    .flat_map(|p| texts(p).into_iter().map(|t| t.0.to_string()))
                    .collect();
                assert!(all.contains("<img"), "markup is printed literally");
            }
        }
        let r = report::render(&data, at(), Lang::ZhCn, f).expect("renders");
        assert!(report::verify(&r.bytes, Some(f)).ok());
    }
}

fn tool(name: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(name).args(args).output().ok()?;
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Exports the demo evaluation (8 vendors) through the CLI into a temp dir.
fn demo_export(dir: &std::path::Path, lang: &str) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let db = db.to_str().unwrap();
    if !std::path::Path::new(db).exists() {
        let o = assay(&["--db", db, "demo"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let out = dir.join(format!("demo-{lang}.pdf"));
    let o = assay(&[
        "--db",
        db,
        "export",
        "--evaluation",
        "1",
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
        "--generated-at",
        "2026-05-04T10:30:00+08:00",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// A bold face the user names with `ASSAY_FONT_BOLD` is used or refused, never
/// dropped for synthetic bold: a missing file or one that is not a font stops
/// the export with the path, in both languages' words, and writes nothing.
#[test]
fn a_bold_font_named_by_the_user_that_cannot_be_used_stops_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let o = assay(&["--db", db.to_str().unwrap(), "demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let not_a_font = dir.path().join("bold.ttf");
    std::fs::write(&not_a_font, b"not a font").unwrap();
    let missing = dir.path().join("missing-bold.ttf");
    for (bold, says) in [
        (&missing, "cannot read"),
        (&not_a_font, "is not a font printpdf can read"),
    ] {
        let out = dir.path().join("report.pdf");
        let o = Command::new(env!("CARGO_BIN_EXE_assay"))
            .args(["--db", db.to_str().unwrap(), "export", "--evaluation", "1"])
            .arg("--out")
            .arg(&out)
            .env("ASSAY_FONT_BOLD", bold)
            .env_remove("ASSAY_DB")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{err}");
        assert!(err.contains(bold.to_str().unwrap()), "{err}");
        assert!(err.contains(says), "{says}: {err}");
        assert!(!out.exists(), "a report was written with {bold:?}");
    }
}

/// Annex A presents as the vendor's representations only what the vendor said
/// itself: the demo's public-documentation facts are "statements relied on
/// from other sources", each vendor's "A.1" says so, and the open questions
/// are listed. In Chinese, a text the data has only in English is marked so.
#[test]
fn annex_a_never_presents_public_sources_as_the_vendors_representations() {
    let dir = tempfile::tempdir().unwrap();
    let en = tool(
        "pdftotext",
        &[demo_export(dir.path(), "en").to_str().unwrap(), "-"],
    )
    .expect("poppler-utils is required (scripts/setup installs it)");
    // (The last one: the table of contents names it first.)
    let annex = &en[en
        .rfind("Annex A. Statements relied on, by who made them")
        .expect("Annex A")..];
    let own: Vec<&str> = annex.split("A.1 Representations by").skip(1).collect();
    assert_eq!(own.len(), 8, "one A.1 per demo vendor");
    for part in &own {
        let a1 = &part[..part
            .find("A.2 Statements relied on from other sources")
            .expect("A.2")];
        assert!(
            a1.contains("None: nothing this report relies on was stated by the vendor itself"),
            "{a1}"
        );
        assert!(
            !a1.contains("public documentation"),
            "a public source under A.1: {a1}"
        );
        assert!(!a1.contains("represents that"), "{a1}");
    }
    assert!(
        annex.matches("public documentation").count() >= 8,
        "A.2 lists the public facts"
    );
    assert!(annex.contains("A.3 Open questions ("));
    let zh = tool(
        "pdftotext",
        &[demo_export(dir.path(), "zh-CN").to_str().unwrap(), "-"],
    )
    .unwrap();
    assert!(zh.contains("A.2 所依据的其他来源陈述（并非供应商的陈述与保证）"));
    assert!(
        zh.contains("（原文，未翻译）"),
        "English-only sources are marked in the Chinese report"
    );

    // The fictional example: answers the vendors gave are their representations,
    // with a countersignature block; the buyer's own verification is not.
    let mut store = assay::store::Store::open(&dir.path().join("e.db")).unwrap();
    let id = assay::app::evaluations::example(&mut store).unwrap();
    let data = assay::app::report_data::from_store(&mut store, id).unwrap();
    let r = report::render(&data, at(), Lang::En, font()).unwrap();
    let path = dir.path().join("example.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]).unwrap();
    let annex = &text[text.find("Annex A.").unwrap()..];
    let first = annex.split("A.1 Representations by").nth(1).unwrap();
    let a1 = &first[..first.find("A.2 Statements relied on").unwrap()];
    assert!(a1.contains("vendor statement"), "{a1}");
    assert!(
        a1.contains("represents that each statement in A.1 is true and complete"),
        "{a1}"
    );
    assert!(!a1.contains("verified by buyer"), "{a1}");
    let a2 = &first[first.find("A.2 Statements relied on").unwrap()..];
    assert!(a2.contains("verified by buyer"), "{a2}");
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// The zh-CN report follows one set of Chinese typesetting rules, whoever
/// wrote the text (labels, questionnaire, the vendors' own words): no
/// half-width `, ; : ? !` touching Chinese, no space after a full stop, one
/// space between Chinese and Latin letters or digits (dates written solid);
/// ids never split at a hyphen; the sign-off heading is on the page of its
/// signature lines. Checked on every printed line (text item) of both
/// samples' reports, in both languages.
#[test]
fn the_printed_report_keeps_its_typesetting_rules() {
    let mut store = assay::store::Store::open_in_memory().unwrap();
    let samples = [
        assay::store::demo::ensure_demo(&mut store).unwrap(),
        assay::store::demo::ensure_example(&mut store).unwrap(),
    ];
    for id in samples {
        let data = assay::app::report::report_data_from_store(&mut store, id).unwrap();
        for lang in [Lang::ZhCn, Lang::En] {
            let pages = laid_out(&data, lang);
            for (n, page) in pages.iter().enumerate() {
                for (line, ..) in texts(page) {
                    check_line(line, lang, n);
                }
            }
            let (heading, last) = match lang {
                Lang::En => ("Sign-off", "Approved by"),
                Lang::ZhCn => ("签署", "批准"),
            };
            let page_of = |s: &str| {
                pages
                    .iter()
                    .rposition(|p| texts(p).iter().any(|t| t.0 == s))
                    .unwrap_or_else(|| panic!("{lang:?}: no line {s:?}"))
            };
            assert_eq!(
                page_of(heading),
                page_of(last),
                "{lang:?}: the sign-off heading is apart from its lines"
            );
        }
    }
}

/// The sign-off attests this exact report (its fingerprint, Assay version and
/// formula) and asks each signatory's role and organisation and decision.
#[test]
fn the_sign_off_attests_this_report() {
    let mut store = assay::store::Store::open_in_memory().unwrap();
    let id = assay::store::demo::ensure_demo(&mut store).unwrap();
    let data = assay::app::report::report_data_from_store(&mut store, id).unwrap();
    for (lang, words) in [
        (Lang::En, ["Sign-off", "organisation", "Decision"]),
        (Lang::ZhCn, ["签署", "职务与单位", "决定"]),
    ] {
        let pages = laid_out(&data, lang);
        let last: String = texts(pages.last().unwrap()).iter().map(|t| t.0).collect();
        for w in words {
            assert!(
                last.contains(w),
                "{lang:?}: the sign-off page lacks {w}: {last}"
            );
        }
        assert!(
            last.contains(&data.fingerprint()),
            "{lang:?}: the attestation does not name the fingerprint"
        );
        assert!(
            last.contains(env!("CARGO_PKG_VERSION")),
            "{lang:?}: no Assay version"
        );
    }
}

/// The table of contents lists every section and annex with the page it
/// starts on, in both languages: each number is the page the heading is on.
#[test]
fn the_contents_give_the_page_each_section_starts_on() {
    let mut store = assay::store::Store::open_in_memory().unwrap();
    let id = assay::store::demo::ensure_example(&mut store).unwrap();
    let data = assay::app::report::report_data_from_store(&mut store, id).unwrap();
    for (lang, title, first) in [
        (Lang::En, "Contents", "1. Decision"),
        (Lang::ZhCn, "目录", "1. 决定"),
    ] {
        let pages = laid_out(&data, lang);
        let c = pages
            .iter()
            .position(|p| texts(p).iter().any(|t| t.0 == title))
            .expect("a contents page");
        let entries: Vec<(&str, f32)> = texts(&pages[c])
            .into_iter()
            .filter(|t| t.0 != title && t.1 < MARGIN + 1.0 && t.3 == 10.0)
            .map(|t| (t.0, t.2))
            .collect();
        assert!(entries.len() >= 8, "{lang:?}: {entries:?}");
        assert_eq!(entries[0].0, first);
        for (heading, y) in entries {
            let number = texts(&pages[c])
                .into_iter()
                .find(|t| t.2 == y && t.1 > 300.0)
                .unwrap_or_else(|| panic!("{lang:?}: no page number for {heading}"))
                .0
                .parse::<usize>()
                .unwrap();
            let on = pages
                .iter()
                .enumerate()
                .skip(c + 1)
                .find(|(_, p)| texts(p).iter().any(|t| t.0 == heading && t.3 == 15.0))
                .map(|(n, _)| n + 1);
            assert_eq!(on, Some(number), "{lang:?}: {heading}");
        }
    }
}

fn check_line(line: &str, lang: Lang, page: usize) {
    let t = line.trim_end();
    let mut end = t.chars().rev();
    // (A web address, or an id as long as a column is wide — a certificate
    // number —, is broken where it must be; a short id such as KEY-04 fits.)
    let url = t
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.contains('/') || w.chars().count() > 12);
    assert!(
        url || !(end.next() == Some('-')
            && end
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())),
        "{lang:?} page {page}: an id split at its hyphen: {line:?}"
    );
    if lang == Lang::En {
        return;
    }
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        if ",;:?!".contains(c) {
            let after = if next == Some(' ') {
                chars.get(i + 2).copied()
            } else {
                next
            };
            assert!(
                !(prev.is_some_and(is_han) || after.is_some_and(is_han)),
                "page {page}: half-width {c:?} touching Chinese: {line:?}"
            );
        }
        if c == '。' && i + 1 < chars.len() {
            assert_ne!(next, Some(' '), "page {page}: a space after 。: {line:?}");
        }
    }
    for w in chars.windows(2) {
        let date = "年月日号".contains(w[0]) || "年月日号".contains(w[1]);
        let joined = is_han(w[0]) && w[1].is_ascii_alphanumeric()
            || w[0].is_ascii_alphanumeric() && is_han(w[1]);
        assert!(
            !joined || date,
            "page {page}: Chinese and Latin unspaced: {line:?}"
        );
    }
}

#[test]
fn demo_export_passes_the_poppler_checks() {
    let dir = tempfile::tempdir().unwrap();
    let zh = demo_export(dir.path(), "zh-CN");
    let en = demo_export(dir.path(), "en");
    let zh_s = zh.to_str().unwrap();
    let fonts = tool("pdffonts", &[zh_s])
        .expect("poppler-utils is required for these checks (scripts/setup installs it)");
    let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
    // The fonts shipped with Assay (fetched by scripts/setup), not system
    // fonts: the regular face for text, the bold face for titles and headings.
    let shipped = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/fonts")
            .join(name)
            .exists()
    };
    if shipped("NotoSansSC-Regular.ttf")
        && shipped("NotoSansSC-Bold.ttf")
        && std::env::var_os("ASSAY_FONT").is_none()
        && std::env::var_os("ASSAY_FONT_BOLD").is_none()
    {
        assert_eq!(font_lines.len(), 2, "{fonts}");
        for face in ["NotoSansSC-Regular", "NotoSansSC-Bold"] {
            assert!(
                font_lines.iter().any(|l| l.contains(face)),
                "{face}: {fonts}"
            );
        }
    }
    assert!(!font_lines.is_empty(), "{fonts}");
    for line in &font_lines {
        assert!(line.contains("Identity-H"), "{fonts}");
        assert!(line.contains("yes yes yes"), "emb/sub/uni: {fonts}");
    }
    let text = tool("pdftotext", &[zh_s, "-"]).unwrap();
    for s in [
        "供应商安全对比报告",
        "摘要",
        "回答矩阵",
        "附件 A. 所依据的陈述（按陈述方）",
        "签署",
        "第 1 页，共",
    ] {
        assert!(text.contains(s), "zh-CN text lacks {s}");
    }
    let text_en = tool("pdftotext", &[en.to_str().unwrap(), "-"]).unwrap();
    for s in [
        "Vendor security comparison",
        "Executive summary",
        "Answer matrix",
        "Methodology",
        "Page 1 of",
    ] {
        assert!(text_en.contains(s), "en text lacks {s}");
    }
    let info = tool("pdfinfo", &[zh_s]).unwrap();
    assert!(
        info.contains("Title:") && info.contains("供应商安全对比报告"),
        "{info}"
    );
    assert!(info.contains("Author:") && info.contains("Keywords:") && info.contains("Subject:"));
    assert!(
        info.contains("CreationDate:    Mon May  4 02:30:00 2026 UTC"),
        "{info}"
    );
    assert!(!info.contains("1970"), "{info}");
    let size = std::fs::metadata(&zh).unwrap().len();
    assert!(size < 400_000, "{size} bytes");
    // Every page has ink.
    let prefix = dir.path().join("page");
    tool(
        "pdftoppm",
        &["-r", "12", "-gray", zh_s, prefix.to_str().unwrap()],
    )
    .unwrap();
    let mut pages = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pgm") {
            pages += 1;
            let bytes = std::fs::read(&path).unwrap();
            let dark = bytes
                .iter()
                .rev()
                .take(bytes.len() - 20)
                .filter(|b| **b < 160)
                .count();
            assert!(dark > 20, "{} looks blank", path.display());
        }
    }
    assert!(pages > 10);
}

#[test]
fn verify_passes_then_fails_after_a_one_byte_change() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = demo_export(dir.path(), "zh-CN");
    let o = assay(&["verify", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains(": OK"));
    let bytes = std::fs::read(&pdf).unwrap();
    for at in [
        bytes.len() / 5,
        bytes.len() / 2,
        bytes.len() * 4 / 5,
        bytes.len() - 10,
    ] {
        let mut changed = bytes.clone();
        changed[at] ^= 0x01;
        let bad = dir.path().join("bad.pdf");
        std::fs::write(&bad, &changed).unwrap();
        let o = assay(&["verify", bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "byte {at}: {}", stdout(&o));
        assert!(stdout(&o).contains("MODIFIED"));
    }
}

#[test]
fn same_data_and_time_give_the_same_bytes() {
    let data = hostile_data(2);
    let a = report::render(&data, at(), Lang::En, font()).unwrap();
    let b = report::render(&data, at(), Lang::En, font()).unwrap();
    assert!(a.bytes == b.bytes);
    let later = DateTime::parse_from_rfc3339("2026-05-04T10:31:00+08:00").unwrap();
    let c = report::render(&data, later, Lang::En, font()).unwrap();
    assert!(a.bytes != c.bytes);
    assert_eq!(
        a.fingerprint, c.fingerprint,
        "the fingerprint is of the data only"
    );
}

/// `pdf` with the embedded file `name` replaced by `content`, the rest as written.
fn with_attachment(pdf: &[u8], name: &str, content: Vec<u8>) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let stream = doc
        .objects
        .values()
        .find_map(|o| {
            let spec = o.as_dict().ok()?;
            if spec.get(b"F").ok()?.as_str().ok()? != name.as_bytes() {
                return None;
            }
            let ef = spec.get(b"EF").ok()?.as_dict().ok()?;
            ef.get(b"F").ok()?.as_reference().ok()
        })
        .unwrap_or_else(|| panic!("no attachment {name}"));
    doc.get_object_mut(stream)
        .and_then(lopdf::Object::as_stream_mut)
        .unwrap()
        .set_plain_content(content);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn check<'v>(v: &'v report::Verification, name: &str) -> &'v report::Check {
    v.checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name} check in {:?}", v.checks))
}

#[test]
fn verify_names_the_changed_data() {
    let data = hostile_data(2);
    let r = report::render(&data, at(), Lang::En, font()).unwrap();
    let v = report::verify(&r.bytes, Some(font()));
    assert!(v.ok(), "{:?}", v.checks);
    assert_eq!(v.fingerprint.as_deref(), Some(r.fingerprint.as_str()));
    assert_eq!(v.data.as_ref(), Some(&data));

    // Replace the embedded data with other data of the same shape: the fingerprint
    // check and the recomputed scores say what differs.
    let mut changed = data.clone();
    let vendor = changed.vendors[0].name.clone();
    changed.vendors[0].answers.clear();
    let tampered = with_attachment(
        &r.bytes,
        report::DATA_FILE,
        changed.canonical_json().into_bytes(),
    );
    let v = report::verify(&tampered, Some(font()));
    assert!(!v.ok());
    assert_eq!(v.data.as_ref(), Some(&changed));
    let fp = check(&v, "fingerprint");
    assert_eq!(fp.ok, Some(false));
    assert_eq!(
        fp.detail,
        "the embedded data is not the data the report was made from (its fingerprint differs)"
    );
    // The hashes themselves, for `assay verify --details`.
    assert_eq!(v.fingerprint.as_deref(), Some(r.fingerprint.as_str()));
    assert_eq!(
        v.embedded_sha256.as_deref(),
        Some(changed.fingerprint().as_str())
    );
    let scores = check(&v, "scores");
    assert_eq!(scores.ok, Some(false));
    assert!(scores.detail.contains(&vendor), "{}", scores.detail);
    assert_eq!(check(&v, "pages").ok, Some(false));
}

/// A report scored with an earlier formula is not called changed because the
/// rules have changed since: its scores are not recomputed, and it says so.
#[test]
fn verify_does_not_rescore_a_report_of_an_earlier_formula() {
    let mut data = hostile_data(2);
    data.formula_version = "assay-score/2".into();
    let r = report::render(&data, at(), Lang::En, font()).unwrap();
    let v = report::verify(&r.bytes, Some(font()));
    assert!(v.ok(), "{:?}", v.checks);
    let scores = check(&v, "scores");
    assert_eq!(scores.ok, None);
    assert_eq!(
        scores.detail,
        format!(
            "scored with assay-score/2; this Assay scores with {}: not recomputed (the data and the file are still checked)",
            assay::scoring::FORMULA_VERSION
        )
    );
    assert_eq!(check(&v, "fingerprint").ok, Some(true));
}

#[test]
fn a_failed_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let o = assay(&[
        "export",
        "--answers",
        "tests/integration/fixtures/mini-answers-broken.json",
        "--questionnaire",
        "tests/integration/fixtures/mini-questionnaire.json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
    let o = assay(&[
        "export",
        "--answers",
        "tests/integration/fixtures/mini-answers.json",
        "--questionnaire",
        "tests/integration/fixtures/mini-questionnaire.json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
}

#[test]
fn report_errors_are_typed_and_say_what_failed_in_both_languages() {
    use report::{FontTried, ReportError};
    // Writing: nothing is left behind, and the error names the path.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-dir").join("x.pdf");
    let data = hostile_data(1);
    let e = report::export_to_file(&data, at(), Lang::En, font(), &out, None)
        .err()
        .expect("the directory does not exist");
    assert!(matches!(e, ReportError::Write { .. }), "{e:?}");
    let text = e.text();
    let path = out.display().to_string();
    assert!(
        text.en.starts_with(&format!("cannot write {path}: ")),
        "{}",
        text.en
    );
    assert!(
        text.zh_cn.starts_with(&format!("无法写入 {path}：")),
        "{}",
        text.zh_cn
    );

    // Fonts: a file that is not a font, and the list of what was tried.
    let e = ReportFont::from_bytes(b"not a font", 0, "x.ttf#0".into())
        .err()
        .expect("not a font");
    assert_eq!(
        e,
        ReportError::NotAFont {
            font: "x.ttf#0".into()
        }
    );
    assert_eq!(e.to_string(), "x.ttf#0 is not a font printpdf can read");
    assert_eq!(e.text().zh_cn, "x.ttf#0 不是 printpdf 能读取的字体");
    let none = ReportError::NoFont {
        tried: vec![
            FontTried {
                path: "a.otf".into(),
                error: None,
            },
            FontTried {
                path: "x.ttf".into(),
                error: Some(e),
            },
        ],
    };
    assert_eq!(
        none.to_string(),
        "no CJK font found; install Noto Sans SC into assets/fonts/ or set ASSAY_FONT \
         (tried: a.otf, x.ttf (x.ttf#0 is not a font printpdf can read))"
    );
    assert_eq!(
        none.text().zh_cn,
        "未找到中文字体；请将 Noto Sans SC 放入 assets/fonts/，或设置 ASSAY_FONT\
         （已尝试：a.otf、x.ttf (x.ttf#0 不是 printpdf 能读取的字体)）"
    );

    // Reading back: not a PDF.
    let e = report::pdf::extract(b"%PDF-garbage")
        .err()
        .expect("not a PDF");
    assert!(matches!(e, ReportError::NotPdf { .. }), "{e:?}");
    assert!(e
        .to_string()
        .starts_with("the file is not a readable PDF ("));
    assert!(e.text().zh_cn.starts_with("该文件不是可读取的 PDF（"));
}

// ------------------------------------------------------------ decision-grade scores

/// The text of each page of `pdf` (poppler's `pdftotext`, pages split at form
/// feeds), its wrapped lines joined again: with a space between Latin words, with
/// nothing between CJK characters, so phrases read whole wherever they wrapped.
fn pages_text(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    tool("pdftotext", &[path.to_str().unwrap(), "-"])
        .expect("poppler-utils is required for these checks (scripts/setup installs it)")
        .split('\u{c}')
        .map(|page| {
            let mut out = String::new();
            for line in page.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let joins_latin = out.chars().last().is_some_and(|c| c.is_ascii())
                    && line.chars().next().is_some_and(|c| c.is_ascii());
                if joins_latin {
                    out.push(' ');
                }
                out.push_str(line);
            }
            out
        })
        .collect()
}

/// The mini questionnaire (GLOBAL: ENC 60 %, OPS 40 %) with three vendors:
/// Alpha and Beta answer everything but OPS-02 and OPS-03 (coverage 85 %, ranges
/// 15 points wide, 2.5 points apart: they overlap), Gamma answers nothing.
fn overlapping_data(with_gamma: bool, only_gamma: bool) -> ReportData {
    use crate::support::{list, mini, number, text, with_evidence};
    let answered = |tls: &str| -> Vec<Answer> {
        vec![
            text("ENC-01", tls),
            text("ENC-02", "yes"),
            text("ENC-03", "no"),
            list("ENC-05", &["messages"]),
            with_evidence(number("OPS-01", 24.0), None),
        ]
    };
    let vendor = |name: &str, answers: Vec<Answer>| VendorAnswers {
        name: name.into(),
        product: None,
        answers,
    };
    let mut vendors = Vec::new();
    if !only_gamma {
        vendors.push(vendor("Alpha", answered("tls13")));
        vendors.push(vendor("Beta", answered("tls12")));
    }
    if with_gamma || only_gamma {
        vendors.push(vendor("Gamma", vec![]));
    }
    ReportData::new(
        &mini(),
        EvaluationMeta {
            name: "Ties".into(),
            profiles: vec!["GLOBAL".into()],
            as_of: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            ..Default::default()
        },
        vendors,
    )
}

/// The cells of the first table after the heading that starts with `heading`.
fn table_after<'m>(m: &'m model::ReportModel, heading: &str) -> &'m Table {
    let at = m
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(h) if h.starts_with(heading)))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    m.blocks[at..]
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table")
}

#[test]
fn overlapping_ranges_are_tied_and_a_vendor_without_answers_is_not_ranked() {
    let data = overlapping_data(true, false);
    let scores = data.scores();
    let (alpha, beta, gamma) = (&scores[0], &scores[1], &scores[2]);
    // The premise: Alpha and Beta are ranked, their ranges overlap, Gamma has no rank.
    assert_eq!(
        (alpha.vendor.as_str(), beta.vendor.as_str()),
        ("Alpha", "Beta")
    );
    assert!(alpha.total > beta.total);
    assert!(
        alpha.range.overlaps(&beta.range),
        "{:?} {:?}",
        alpha.range,
        beta.range
    );
    assert_eq!(
        (alpha.rank, beta.rank, gamma.rank),
        (Some(1), Some(1), None)
    );

    let r = report::render(&data, at(), Lang::En, font()).unwrap();
    let pages = pages_text(&r.bytes);
    let all = pages.concat();
    // The decision page follows the cover and the contents: verdicts, then what to ask next.
    assert_eq!(
        alpha.decision.verdict,
        assay::scoring::Verdict::MeetsWithConditions
    );
    assert!(pages[1].starts_with("Contents"), "{}", &pages[1][..80]);
    assert!(pages[2].starts_with("1. Decision"), "{}", &pages[2][..80]);
    assert!(pages[2].contains("Alpha — Meets them with conditions"));
    assert!(pages[2].contains("Gamma — Not enough information"));
    assert!(
        pages[2].contains("To ask Alpha next (2 requests"),
        "OPS-02 and OPS-03"
    );
    assert!(pages[2].contains("OPS-01 (not answered yet): a committed figure of at most 72 hours"));
    assert!(
        all.contains("1= (tied)"),
        "the shared rank is printed as a tie"
    );
    assert!(all.contains("tied within what is known"));
    assert!(all.contains("Only vendors with a coverage of at least 60 %"));
    let insufficient = format!(
        "insufficient data — {} questions open",
        gamma.open_questions
    );
    assert!(all.contains(&insufficient), "Gamma: {insufficient}");
    assert!(!all.contains("nobody is ranked"));
    // The total with its range, e.g. "88.8 (88.8–103.8)" — never wider than 0–100.
    let range = format!(
        "{} ({}–{})",
        beta.range.point, beta.range.floor, beta.range.ceiling
    );
    assert!(all.contains(&range), "{range}");
    assert!(report::verify(&r.bytes, Some(font())).ok());

    let zh = pages_text(
        &report::render(&data, at(), Lang::ZhCn, font())
            .unwrap()
            .bytes,
    )
    .concat();
    assert!(zh.contains("1=（并列）"));
    assert!(zh.contains("在已知范围内并列"));
    assert!(zh.contains(&format!("数据不足 — {} 个问题待答", gamma.open_questions)));

    // The section matrix: Gamma's sections read "no data", never 0.0; the rank row
    // shows the tie and Gamma's missing rank.
    let m = model::build(&data, &scores, &data.fingerprint(), &at(), Lang::En);
    let matrix = table_after(&m, "4. Section matrix");
    let column = |v: usize| -> Vec<&str> {
        matrix
            .rows
            .iter()
            .filter_map(|row| match row {
                Row::Cells(cells) => Some(cells[2 + v].text.as_str()),
                Row::Span(_) => None,
            })
            .collect()
    };
    assert_eq!(&column(2)[..2], ["no data", "no data"]);
    assert_eq!(column(2).last(), Some(&"— (insufficient data)"));
    assert_eq!(column(0).last(), Some(&"1= (tied)"));
    // Beta's OPS section is partly answered: its coverage is printed with the
    // score; 5 of 8 = 62.5 % rounds half away from zero, as on screen.
    assert!(column(1)[1].contains("cov. 63%"), "5 of 8: {:?}", column(1));
}

#[test]
fn an_evaluation_with_no_answers_ranks_nobody() {
    let data = overlapping_data(false, true);
    let scores = data.scores();
    assert!(scores.iter().all(|s| s.rank.is_none()));
    let text = pages_text(&report::render(&data, at(), Lang::En, font()).unwrap().bytes).concat();
    assert!(text.contains("No vendor reaches the 60 % coverage threshold: nobody is ranked yet."));
    assert!(text.contains("no answered sections"), "strongest/weakest");
    assert!(text.contains("Not enough information"));
    let zh = pages_text(
        &report::render(&data, at(), Lang::ZhCn, font())
            .unwrap()
            .bytes,
    )
    .concat();
    assert!(zh.contains("暂不排名"));
    assert!(zh.contains("无已回答的分区"));
    assert!(zh.contains("信息不足"));
}

#[test]
fn demo_report_says_what_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, no_data, insufficient, decision, verdicts, provisional) in [
        (
            "en",
            "no data",
            "insufficient data",
            "1. Decision",
            [
                "Not enough information",
                "Meets them with conditions",
                "Meets the requirements",
                "Does not meet them",
            ],
            "Provisionally not eligible — to be confirmed",
        ),
        (
            "zh-CN",
            "无数据",
            "数据不足",
            "1. 决定",
            ["信息不足", "有条件符合要求", "符合要求", "不符合要求"],
            "暂定不符合准入 — 待核实",
        ),
    ] {
        let pdf = std::fs::read(demo_export(dir.path(), lang)).unwrap();
        let pages = pages_text(&pdf);
        let all = pages.concat();
        // Every page says first that this is the public-sources sample, not an assessment.
        let mark = if lang == "en" {
            "ILLUSTRATIVE SAMPLE from public sources — not an assessment"
        } else {
            "基于公开来源的示例数据——并非评估结论"
        };
        for (i, page) in pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.trim().is_empty())
        {
            assert!(
                page.trim_start().starts_with(mark),
                "{lang}: page {} does not start with the sample's mark",
                i + 1
            );
        }
        let pages: Vec<&str> = pages
            .iter()
            .map(|p| p.trim_start().trim_start_matches(mark))
            .collect();
        // The decision page comes first after the cover and the contents, with a verdict in words.
        assert!(
            pages[2].trim_start().starts_with(decision),
            "{lang}: page 3 is not the decision: {:?}",
            &pages[2][..200.min(pages[2].len())]
        );
        assert!(
            verdicts.iter().any(|v| pages[2].contains(v)),
            "{lang}: no verdict on the decision page"
        );
        // Unanswered sections say "no data" in the charts and the section matrix
        // (the words also appear in the explanations, so the values are checked).
        assert!(
            all.contains(&format!("{no_data} (0.0–")),
            "{lang}: the section chart says {no_data} with the open range"
        );
        let data = report::verify(&pdf, None).data.expect("the embedded data");
        let scores = data.scores();
        let m = model::build(
            &data,
            &scores,
            &data.fingerprint(),
            &at(),
            Lang::parse(lang).unwrap(),
        );
        let matrix = table_after(
            &m,
            if lang == "en" {
                "4. Section matrix"
            } else {
                "4. 章节得分矩阵"
            },
        );
        let mut without_data = 0;
        for (row, section) in matrix.rows.iter().zip(&data.questionnaire.sections) {
            let Row::Cells(cells) = row else {
                panic!("a section row")
            };
            for (s, cell) in scores.iter().zip(&cells[2..]) {
                let sec = s.section(&section.id).unwrap();
                if sec.score.is_none() && sec.coverage.is_some() {
                    without_data += 1;
                    assert_eq!(cell.text, no_data, "{lang}: {} {}", s.vendor, section.id);
                }
            }
        }
        assert!(without_data > 0, "the demo leaves sections unanswered");
        assert!(
            all.contains(insufficient),
            "{lang}: unranked vendors say {insufficient}"
        );
        // The demo answers no knockout question that public sources cannot settle
        // (unknown is not "no"): every gate stays open, no vendor is failed, and the
        // report prints no failure, final or provisional.
        for s in &scores {
            assert!(
                s.failed_knockouts().next().is_none(),
                "{lang}: {} fails a knockout",
                s.vendor
            );
            assert!(s.open_knockouts().next().is_some(), "{lang}: {}", s.vendor);
            assert_eq!(
                s.eligibility,
                assay::scoring::Eligibility::Undetermined,
                "{lang}: {}",
                s.vendor
            );
        }
        assert!(!all.contains(provisional), "{lang}: {provisional}");
        assert!(
            !all.contains("NOT ELIGIBLE"),
            "{lang}: a failure printed for a gate nobody answered"
        );
        // No vendor of the demo reaches the threshold, so none has a rank: the only
        // tie printed is the example in the ranking rule ("2= (tied)").
        assert_eq!(
            all.matches("= (tied)").count() + all.matches("=（并列）").count(),
            1
        );
    }
}

/// The status (draft / final) and the buyer's confidentiality marking are
/// printed on every page and the cover, are part of the fingerprinted data
/// (verify re-renders them; a draft cannot be re-stamped final under the same
/// fingerprint), and are refused with a reason when they cannot be printed.
#[test]
fn status_and_marking_are_on_every_page_and_in_the_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let run = |args: &[&str]| crate::support::assay_db(&db, args);
    assert_eq!(run(&["example"]).0, 0);
    assert_eq!(
        run(&["evaluation", "duplicate", "1", "--name", "Tender"]).0,
        0
    );
    let export = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec![
            "export",
            "--evaluation",
            "2",
            "--generated-at",
            "2026-12-06T10:00:00+08:00",
            "--out",
        ];
        let path = out.to_str().unwrap().to_string();
        args.push(&path);
        args.extend_from_slice(extra);
        let (code, stdout, err) = run(&args);
        (code, stdout, err, out)
    };
    let fingerprint = |stdout: &str| {
        stdout
            .rsplit("fingerprint ")
            .next()
            .unwrap()
            .trim()
            .to_string()
    };
    let (code, draft_out, err, draft) = export(
        "draft.pdf",
        &[
            "--status",
            "draft",
            "--marking",
            "CONFIDENTIAL — legal only",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, final_out, err, fin) = export(
        "final.pdf",
        &[
            "--status",
            "final",
            "--marking",
            "CONFIDENTIAL — legal only",
            "--lang",
            "zh-CN",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_ne!(
        fingerprint(&draft_out),
        fingerprint(&final_out),
        "the status is part of the data"
    );
    for (pdf, line) in [
        (
            &draft,
            "DRAFT — not for signature · CONFIDENTIAL — legal only",
        ),
        (&fin, "定稿 · CONFIDENTIAL — legal only"),
    ] {
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).unwrap();
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() > 20);
        for (i, p) in pages.iter().enumerate() {
            assert!(p.contains(line), "page {}: no {line:?}", i + 1);
        }
        let (code, out, _) = run(&["verify", pdf.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("byte-identical") && out.contains("unchanged since the export"),
            "{out}"
        );
    }
    // Refused, nothing written: a shipped sample as final, a marking of two lines.
    let (code, _, err) = run(&[
        "export",
        "--evaluation",
        "1",
        "--status",
        "final",
        "--out",
        dir.path().join("s.pdf").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("its report cannot be final"), "{err}");
    let (code, _, err, out) = export("two.pdf", &["--marking", "a\nb"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("must be one line"), "{err}");
    assert!(!out.exists() && !dir.path().join("s.pdf").exists());
}

/// The revision Assay wrote is found after any number of appended revision
/// ends and fake digest records, hashing at most a few candidates.
#[test]
fn the_exported_revision_is_found_behind_many_appended_ends() {
    let r = report::render(&hostile_data(2), at(), Lang::En, font()).unwrap();
    let mut bytes = r.bytes.clone();
    for _ in 0..500 {
        bytes.extend_from_slice(b"\n/AssayFileDigest (");
        bytes.extend_from_slice(&[b'0'; 64]);
        bytes.extend_from_slice(b")\n%%EOF\n");
    }
    assert_eq!(report::assay_revision_end(&bytes), Some(r.bytes.len()));
    // A changed byte inside the export: no revision of Assay's is left.
    bytes[r.bytes.len() / 2] ^= 1;
    assert_eq!(report::assay_revision_end(&bytes), None);
}
