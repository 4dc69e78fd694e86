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

#[test]
fn demo_export_passes_the_poppler_checks() {
    let dir = tempfile::tempdir().unwrap();
    let zh = demo_export(dir.path(), "zh-CN");
    let en = demo_export(dir.path(), "en");
    let zh_s = zh.to_str().unwrap();
    let fonts = tool("pdffonts", &[zh_s])
        .expect("poppler-utils is required for these checks (scripts/setup installs it)");
    let font_line = fonts.lines().nth(2).expect("one font");
    // The font shipped with Assay (fetched by scripts/setup), not a system font.
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/fonts/NotoSansSC-Regular.ttf");
    if shipped.exists() && std::env::var_os("ASSAY_FONT").is_none() {
        assert!(font_line.contains("NotoSansSC"), "{fonts}");
    }
    assert!(font_line.contains("Identity-H"), "{fonts}");
    assert!(font_line.contains("yes yes yes"), "emb/sub/uni: {fonts}");
    let text = tool("pdftotext", &[zh_s, "-"]).unwrap();
    for s in [
        "供应商安全对比报告",
        "摘要",
        "回答矩阵",
        "附件 A. 供应商陈述",
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
    assert!(
        fp.detail.contains(&changed.fingerprint()) && fp.detail.contains(&r.fingerprint),
        "{}",
        fp.detail
    );
    let scores = check(&v, "scores");
    assert_eq!(scores.ok, Some(false));
    assert!(scores.detail.contains(&vendor), "{}", scores.detail);
    assert_eq!(check(&v, "pages").ok, Some(false));
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
    let e = report::export_to_file(&data, at(), Lang::En, font(), &out)
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
