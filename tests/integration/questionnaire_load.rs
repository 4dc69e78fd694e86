//! Broken questionnaire files of every kind: each gets located messages, all at
//! once, and never a panic.

use crate::support::*;
use assay::questionnaire::{load_file, load_str};

fn messages(text: &str) -> Vec<String> {
    let loaded = load_str("q.json", text);
    assert!(!loaded.diagnostics.is_empty(), "expected problems");
    loaded.diagnostics.iter().map(|d| d.to_string()).collect()
}

fn mini_text() -> String {
    std::fs::read_to_string(fixture("mini-questionnaire.json")).unwrap()
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let text = "{\n  \"id\": \"x\",\n  \"version\": \"1.0.0\" \"title\": {}\n}";
    let m = messages(text);
    assert_eq!(m.len(), 1);
    assert!(m[0].starts_with("q.json:3:"), "{m:?}");
    assert!(m[0].contains("invalid JSON"), "{m:?}");
}

#[test]
fn a_truncated_file_says_so_with_its_position() {
    let text = mini_text();
    let m = messages(&text[..text.len() / 2]);
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("ends too early"), "{m:?}");
    assert!(m[0].starts_with("q.json:"), "{m:?}");
}

#[test]
fn empty_and_whitespace_files_are_reported() {
    assert!(messages("")[0].contains("empty"));
    assert!(messages(" \n\t ")[0].contains("empty"));
}

#[test]
fn non_utf8_bytes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.json");
    std::fs::write(&path, b"{\n  \"id\": \"caf\xe9\"\n}").unwrap();
    let loaded = load_file(&path);
    let m = loaded.diagnostics[0].to_string();
    assert!(m.contains("latin1.json:2:") && m.contains("UTF-8"), "{m}");
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let loaded = load_file(&path);
    assert_eq!(loaded.diagnostics.len(), 1);
    assert!(
        loaded.diagnostics[0].message.contains("50.0 MB"),
        "{}",
        loaded.diagnostics[0]
    );
}

#[test]
fn shape_errors_are_all_reported_with_paths_and_positions() {
    let text = mini_text()
        .replacen("\"weight\": 5,", "\"weight\": \"five\",", 1)
        .replacen("\"type\": \"yes_no\"", "\"type\": \"yes_maybe\"", 1)
        .replacen(
            "\"version\": \"1.0.0\",",
            "\"version\": \"1.0.0\", \"colour\": \"red\",",
            1,
        );
    let m = messages(&text);
    assert!(m.len() >= 3, "{m:#?}");
    assert!(
        m.iter()
            .any(|s| s.contains("$.sections[0].questions[0].weight") && s.contains("\"five\"")),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|s| s.contains("$.sections[0].questions[1].answer") && s.contains("yes_maybe")),
        "{m:#?}"
    );
    assert!(m.iter().any(|s| s.contains("colour")), "{m:#?}");
    // Every message has file:line:column.
    for s in &m {
        let mut parts = s.splitn(4, ':');
        assert_eq!(parts.next(), Some("q.json"));
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{s}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{s}");
    }
}

#[test]
fn semantic_errors_are_all_reported_at_once() {
    let text = mini_text()
        .replace("\"id\": \"ENC-02\"", "\"id\": \"ENC-01\"")
        .replacen("\"zh-CN\": \"前向保密？\"", "\"zh-CN\": \"\"", 1)
        .replacen("\"weight\": 3", "\"weight\": 0", 1)
        .replace(
            "{\"at_most\": 24, \"score\": 70}",
            "{\"at_most\": 2, \"score\": 170}",
        )
        .replace(
            "\"one_of\": [\"yes\", \"partial\"]",
            "\"one_of\": [\"yes\", \"perhaps\"]",
        )
        .replace(
            "\"profiles\": [\"CN-REG\"]",
            "\"profiles\": [\"CN-REGULATED\"]",
        )
        .replace(
            "{\"framework\": \"PCI DSS\", \"version\": \"4.0\", \"ref\": \"11.4\"}",
            "",
        );
    let m = messages(&text);
    let expect = [
        (
            "question id \"ENC-01\" is used twice",
            "$.sections[0].questions[1].id",
        ),
        (
            "Chinese (zh-CN) text is missing",
            "$.sections[0].questions[1].text[\"zh-CN\"]",
        ),
        (
            "weight 0 must be greater than 0",
            "$.sections[0].questions[1].weight",
        ),
        (
            "score 170 is outside 0–100",
            "$.sections[1].questions[0].answer.bands[1].score",
        ),
        (
            "bands are out of order",
            "$.sections[1].questions[0].answer.bands[1].at_most",
        ),
        (
            "\"perhaps\" is not an answer of question \"ENC-03\"",
            "$.sections[0].questions[3].show_if.one_of[1]",
        ),
        (
            "there is no profile \"CN-REGULATED\"",
            "$.sections[1].questions[0].knockouts[1].profiles[0]",
        ),
        (
            "at least one framework mapping",
            "$.sections[1].questions[2].mappings",
        ),
    ];
    for (message, path) in expect {
        assert!(
            m.iter().any(|s| s.contains(message) && s.contains(path)),
            "missing {message} at {path} in {m:#?}"
        );
    }
}

#[test]
fn a_byte_order_mark_does_not_shift_positions() {
    let text = mini_text().replacen("\"weight\": 3", "\"weight\": 0", 1);
    let plain = messages(&text);
    let with_bom = messages(&format!("\u{feff}{text}"));
    assert!(
        plain[0].starts_with("q.json:") && !plain[0].starts_with("q.json:1:1:"),
        "{plain:?}"
    );
    assert_eq!(with_bom, plain);
}

#[test]
fn conditions_may_only_look_back_and_knockouts_must_fit_the_type() {
    let text = mini_text()
        .replace(
            "\"show_if\": {\"question\": \"ENC-03\", \"one_of\": [\"yes\", \"partial\"]}",
            "\"show_if\": {\"question\": \"OPS-01\", \"one_of\": [\"undue-delay\"]}",
        )
        .replace(
            "{\"rule\": {\"at_most\": 72}",
            "{\"rule\": {\"includes_all\": [\"x\"]}",
        );
    let m = messages(&text);
    assert!(
        m.iter()
            .any(|s| s.contains("\"OPS-01\" is not a question that comes before this one")),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|s| s.contains("\"includes_all\" applies to multi-select questions")),
        "{m:#?}"
    );
}

#[test]
fn arbitrary_bytes_never_panic() {
    use proptest::prelude::*;
    let base = mini_text();
    let boundaries: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
    proptest!(ProptestConfig::with_cases(200), |(pick in 0usize..boundaries.len(), junk in "[\\[\\]{}\",:0-9a-z ]{0,8}")| {
        let cut = boundaries[pick];
        let mut text = base[..cut].to_string();
        text.push_str(&junk);
        text.push_str(&base[cut..]);
        let loaded = load_str("fuzz.json", &text);
        prop_assert!(loaded.questionnaire.is_some() || !loaded.diagnostics.is_empty());
        // Every problem has a line and column, whatever step found it.
        for d in &loaded.diagnostics {
            prop_assert!(d.line.is_some() && d.column.is_some(), "{}", d);
        }
    });
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// `q.json:LINE:COLUMN: PATH: MESSAGE` with the line given, among `m`.
fn assert_located(m: &[String], line: usize, path: &str, message: &str) {
    let prefix = format!("q.json:{line}:");
    assert!(
        m.iter().any(|s| {
            s.starts_with(&prefix)
                && s.split(':')
                    .nth(2)
                    .is_some_and(|c| c.parse::<usize>().is_ok())
                && s.contains(&format!(": {path}: "))
                && s.contains(message)
        }),
        "missing {prefix}…: {path}: {message} in {m:#?}"
    );
}

#[test]
fn short_titles_must_be_usable_unique_sheet_names() {
    let enc = "\"title\": {\"en\": \"Encryption\", \"zh-CN\": \"加密\"},";
    let ops = "\"title\": {\"en\": \"Operations\", \"zh-CN\": \"运营\"},";
    let text = mini_text()
        .replacen(
            enc,
            &format!("{enc}\n     \"short_title\": {{\"en\": \"Encryption in transit, at rest and end to end\", \"zh-CN\": \"加密\"}},"),
            1,
        )
        .replacen(
            ops,
            &format!("{ops}\n     \"short_title\": {{\"en\": \"History\", \"zh-CN\": \"加密\"}},"),
            1,
        );
    let m = messages(&text);
    assert_eq!(m.len(), 3, "{m:#?}");
    assert_located(
        &m,
        line_of(&text, "Encryption in transit"),
        "$.sections[0].short_title.en",
        "the short title is not a usable sheet name: \"Encryption in transit, at rest and end to end\" is 45 characters long; a sheet name has at most 31",
    );
    assert_located(
        &m,
        line_of(&text, "\"History\""),
        "$.sections[1].short_title.en",
        "\"History\" is reserved",
    );
    assert_located(
        &m,
        line_of(&text, "\"History\""),
        "$.sections[1].short_title[\"zh-CN\"]",
        "the short title \"加密\" is also section \"ENC\"'s; sheet names must be unique",
    );

    // Characters Excel forbids, an apostrophe, a missing language.
    let text = mini_text()
        .replacen(
            enc,
            &format!("{enc}\n     \"short_title\": {{\"en\": \"Crypto: keys/certs\", \"zh-CN\": \"'加密'\"}},"),
            1,
        )
        .replacen(
            ops,
            &format!("{ops}\n     \"short_title\": {{\"en\": \"Operations\", \"zh-CN\": \" \"}},"),
            1,
        );
    let m = messages(&text);
    assert_eq!(m.len(), 3, "{m:#?}");
    let line = line_of(&text, "Crypto: keys");
    assert_located(
        &m,
        line,
        "$.sections[0].short_title.en",
        "contains ':', which Excel does not allow in a sheet name",
    );
    assert_located(
        &m,
        line,
        "$.sections[0].short_title[\"zh-CN\"]",
        "begins or ends with an apostrophe",
    );
    assert_located(
        &m,
        line_of(&text, "\"short_title\": {\"en\": \"Operations\""),
        "$.sections[1].short_title[\"zh-CN\"]",
        "the Chinese (zh-CN) text is missing",
    );
    // A title that fits is a usable short title, CJK counted as one character each.
    let ok = mini_text().replacen(
        enc,
        &format!("{enc} \"short_title\": {{\"en\": \"Encryption & keys in transit/\", \"zh-CN\": \"{}\"}},", "密".repeat(31)),
        1,
    );
    assert!(
        messages(&ok).iter().all(|s| s.contains("contains '/'")),
        "{:#?}",
        messages(&ok)
    );
}

#[test]
fn vendor_guidance_needs_both_languages_and_no_buyer_text() {
    let tls = "\"text\": {\"en\": \"Lowest TLS version?\", \"zh-CN\": \"最低TLS版本？\"},";
    let fs = "\"text\": {\"en\": \"Forward secrecy?\", \"zh-CN\": \"前向保密？\"},";
    let e2e = "\"text\": {\"en\": \"E2EE offered?\", \"zh-CN\": \"是否提供端到端加密？\"},";
    let text = mini_text()
        .replacen(
            tls,
            &format!("{tls}\n       \"help\": {{\"en\": \"TLS 1.3 only is the strongest.\", \"zh-CN\": \"仅TLS 1.3最强。\"}},\n       \"vendor_guidance\": {{\"en\": \"Name the version. TLS 1.3 only is the strongest.\", \"zh-CN\": \"\"}},"),
            1,
        )
        .replacen(
            fs,
            &format!("{fs}\n       \"vendor_guidance\": {{\"en\": \"The best answer is Yes.\", \"zh-CN\": \"回答“是”即得满分。\"}},"),
            1,
        )
        .replacen(
            e2e,
            &format!("{e2e}\n       \"vendor_guidance\": {{\"en\": \"Say which chats are covered.\", \"zh-CN\": \"请说明覆盖哪些会话。\"}},"),
            1,
        );
    let m = messages(&text);
    assert_eq!(m.len(), 4, "{m:#?}");
    let line = line_of(&text, "Name the version.");
    assert_located(
        &m,
        line,
        "$.sections[0].questions[0].vendor_guidance.en",
        "the vendor guidance repeats the buyer's help",
    );
    assert_located(
        &m,
        line,
        "$.sections[0].questions[0].vendor_guidance[\"zh-CN\"]",
        "the Chinese (zh-CN) text is missing",
    );
    let line = line_of(&text, "The best answer is Yes.");
    assert_located(
        &m,
        line,
        "$.sections[0].questions[1].vendor_guidance.en",
        "the vendor guidance says \"best answer\"; the vendor sees it, so it must not reveal how answers are scored",
    );
    assert_located(
        &m,
        line,
        "$.sections[0].questions[1].vendor_guidance[\"zh-CN\"]",
        "the vendor guidance says \"满分\"",
    );
}

/// A profile may leave a section out with weight 0 (as an evaluation's own
/// weights may), but not weight nothing at all, nor go below 0; a question's
/// weight must still be above 0.
#[test]
fn a_profile_may_weight_a_section_0_but_not_every_section() {
    let one_zero = mini_text().replacen(
        "\"section_weights\": {\"ENC\": 60, \"OPS\": 40}",
        "\"section_weights\": {\"ENC\": 0, \"OPS\": 40}",
        1,
    );
    let loaded = load_str("q.json", &one_zero);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let q = loaded.questionnaire.unwrap();
    assert_eq!(q.profiles[0].section_weights["ENC"], 0.0);

    let all_zero = mini_text().replacen(
        "\"section_weights\": {\"ENC\": 60, \"OPS\": 40}",
        "\"section_weights\": {\"ENC\": 0, \"OPS\": 0}",
        1,
    );
    let m = messages(&all_zero);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].contains("$.profiles[0].section_weights")
            && m[0].contains("at least one section needs a weight above 0"),
        "{m:#?}"
    );

    let negative = mini_text().replacen(
        "\"section_weights\": {\"ENC\": 60, \"OPS\": 40}",
        "\"section_weights\": {\"ENC\": -1, \"OPS\": 40}",
        1,
    );
    let m = messages(&negative);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].contains("$.profiles[0].section_weights.ENC")
            && m[0].contains("weight -1 must be 0 or more"),
        "{m:#?}"
    );
}
