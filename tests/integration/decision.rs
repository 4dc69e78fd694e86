//! What is known, as a user sees it (issue 13): answer states and the coverage
//! threshold through the command line, `assay score --json` carrying coverage,
//! ranges, states and verdicts, the request list, and the follow-up workbook
//! coming back through the blank workbook's import.

use crate::support::*;
use assay::app::{self, workbook_import, AnswerEdit, EditValue, WbLang};
use assay::questionnaire::Questionnaire;
use assay::scoring::RequestReason;
use assay::workbook::fixtures::{cell_of, rewrite, Edit, Fill};
use assay::workbook::Col;
use serde_json::Value;

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn vendor<'a>(scored: &'a Value, name: &str) -> &'a Value {
    scored["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["vendor"] == name)
        .unwrap_or_else(|| panic!("no vendor {name}"))
}

#[test]
fn cli_states_threshold_and_json_say_what_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let ok = |args: &[&str]| {
        let (code, out, err) = assay_db(&db, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    ok(&["demo"]);
    ok(&["evaluation", "duplicate", "1", "--name", "Mine"]);
    // The demo covers a few percent of the score: nobody is ranked, nothing decided,
    // unanswered sections are "no data", never 0.
    let scored = json(&ok(&["score", "--evaluation", "2", "--json"]));
    for v in scored["vendors"].as_array().unwrap() {
        assert!(v["rank"].is_null(), "{}", v["vendor"]);
        assert!(v["coverage"].as_f64().unwrap() < 0.6);
        assert_eq!(v["decision"]["verdict"], "not_enough_information");
        let range = &v["range"];
        assert!(range["floor"].as_f64() <= range["point"].as_f64());
        assert!(range["point"].as_f64() <= range["ceiling"].as_f64());
        assert_eq!(range["point"], v["total"]);
        for s in v["sections"].as_array().unwrap() {
            if s["coverage"] == 0.0 {
                assert!(s["score"].is_null(), "{}: {}", v["vendor"], s["section"]);
            }
            assert!(s["range"]["ceiling"].as_f64().is_some());
        }
        let open = v["sections"][0]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["status"] == "unknown")
            .unwrap();
        assert_eq!(open["open"], "not_asked");
    }
    let text = ok(&["score", "--evaluation", "2"]);
    assert_contains(&text, "insufficient data");
    assert_contains(&text, "no data");
    assert_contains(&text, "not enough information");
    let zh = ok(&["score", "--evaluation", "2", "--lang", "zh-CN"]);
    assert_contains(&zh, "无数据");
    assert_contains(&zh, "数据不足");

    // States: awaiting stays unknown; declined is known and fails the knockout.
    ok(&[
        "answer",
        "set",
        "--evaluation",
        "2",
        "--vendor",
        "Slack",
        "--question",
        "IRV-01",
        "--state",
        "awaiting_vendor",
    ]);
    let scored = json(&ok(&["score", "--evaluation", "2", "--json"]));
    let irv01 = |scored: &Value| {
        vendor(scored, "Slack")["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["questions"].as_array().unwrap())
            .find(|q| q["question"] == "IRV-01")
            .unwrap()
            .clone()
    };
    assert_eq!(irv01(&scored)["open"], "awaiting_vendor");
    ok(&[
        "answer",
        "set",
        "--evaluation",
        "2",
        "--vendor",
        "Slack",
        "--question",
        "IRV-01",
        "--state",
        "declined",
    ]);
    let scored = json(&ok(&["score", "--evaluation", "2", "--json"]));
    assert_eq!(irv01(&scored)["status"], "declined");
    let slack = vendor(&scored, "Slack");
    assert_eq!(slack["eligibility"], "not_eligible");
    assert_eq!(slack["decision"]["verdict"], "does_not_meet");
    // A state together with a value is refused, naming both.
    let (code, _, err) = assay_db(
        &db,
        &[
            "answer",
            "set",
            "--evaluation",
            "2",
            "--vendor",
            "Slack",
            "--question",
            "IRV-01",
            "--state",
            "declined",
            "--value",
            "24",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert_contains(&err, "--state");
    let (code, _, err) = assay_db(
        &db,
        &[
            "answer",
            "set",
            "--evaluation",
            "2",
            "--vendor",
            "Slack",
            "--question",
            "IRV-01",
            "--state",
            "maybe",
        ],
    );
    assert_eq!(code, 2);
    assert_contains(&err, "awaiting_vendor, declined or unknown");

    // The threshold: a what-if flag, then the evaluation's own; out of range refused.
    let low = json(&ok(&[
        "score",
        "--evaluation",
        "2",
        "--json",
        "--coverage-threshold",
        "1",
    ]));
    assert!(low["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| !v["rank"].is_null()));
    let (code, _, err) = assay_db(
        &db,
        &["score", "--evaluation", "2", "--coverage-threshold", "120"],
    );
    assert_eq!(code, 2);
    assert_contains(&err, "not a percentage from 0 to 100");
    assert_contains(&ok(&["evaluation", "threshold", "2", "1"]), "1 % coverage");
    let stored = json(&ok(&["score", "--evaluation", "2", "--json"]));
    assert_eq!(stored["vendors"], low["vendors"]);
    assert_contains(
        &ok(&["evaluation", "threshold", "2", "--reset"]),
        "60 % coverage to be ranked (the default)",
    );
    // The read-only demo refuses, and says so.
    let (code, _, err) = assay_db(&db, &["evaluation", "threshold", "1", "10"]);
    assert_ne!(code, 0);
    assert_contains(&err, "read-only");

    // The request list: knockouts first, the declined one among them.
    let requests = json(&ok(&[
        "vendor",
        "requests",
        "--evaluation",
        "2",
        "--vendor",
        "Slack",
        "--json",
    ]));
    let list = requests.as_array().unwrap();
    assert!(!list.is_empty());
    let first_plain = list
        .iter()
        .position(|r| r["knockout"] == false)
        .unwrap_or(list.len());
    assert!(list[first_plain..].iter().all(|r| r["knockout"] == false));
    assert!(list
        .iter()
        .any(|r| r["question"] == "IRV-01" && r["reason"] == "declined"));
    let text = ok(&[
        "vendor",
        "requests",
        "--evaluation",
        "2",
        "--vendor",
        "Slack",
    ]);
    assert_contains(&text, "[must-have]");
    let out = dir.path().join("follow-up.xlsx");
    let said = ok(&[
        "vendor",
        "follow-up-xlsx",
        "--evaluation",
        "2",
        "--vendor",
        "Slack",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_contains(&said, &format!("{} questions to ask Slack", list.len()));
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

/// The request list's questions only, so `cell_of` finds them where the
/// follow-up workbook put them.
fn subset(q: &Questionnaire, ids: &[String]) -> Questionnaire {
    let mut s = q.clone();
    for section in &mut s.sections {
        section.questions.retain(|x| ids.contains(&x.id));
    }
    s.sections.retain(|x| !x.questions.is_empty());
    s
}

#[test]
fn the_follow_up_workbook_holds_the_open_questions_and_imports_like_the_blank_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, e) = shipped_evaluation(&dir.path().join("a.db"));
    app::add_vendor(
        &mut store,
        e,
        &app::VendorEdit {
            name: "Acme".into(),
            product: None,
            deployment: None,
            notes: None,
        },
    )
    .unwrap();
    let acme = store.vendor_by_name(e, "Acme").unwrap().id;
    let answer = |question: &str, value: &str| AnswerEdit {
        question: question.into(),
        value: Some(EditValue::Text(value.into())),
        ..AnswerEdit::default()
    };
    // IAM-01 answered and needing no evidence: not asked again; TRN-01 claimed
    // without its scan report: asked for evidence.
    app::save_answer(&mut store, acme, &answer("IAM-01", "saml-oidc-enforced")).unwrap();
    app::save_answer(&mut store, acme, &answer("TRN-01", "tls13-only")).unwrap();
    let requests = app::vendor_requests(&mut store, acme).unwrap();
    let ids: Vec<String> = requests.iter().map(|r| r.question.clone()).collect();
    assert!(!ids.contains(&"IAM-01".to_string()));
    let trn01 = requests.iter().find(|r| r.question == "TRN-01").unwrap();
    assert_eq!(trn01.reason, RequestReason::NeedsEvidence);
    assert!(trn01.evidence.is_some());

    let (bytes, count) = app::follow_up_workbook(&mut store, acme, WbLang::En).unwrap();
    assert_eq!(count, ids.len());
    // Exactly the requested questions are in it.
    let q = store.questionnaire(e).unwrap();
    let mut in_workbook: Vec<String> = Vec::new();
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            // The question id column of the section sheets.
            for row in range.rows() {
                if let Some(calamine::Data::String(id)) = row.get(Col::Id.index() as usize) {
                    if q.question(id).is_some() {
                        in_workbook.push(id.clone());
                    }
                }
            }
        }
    }
    in_workbook.sort();
    in_workbook.dedup();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(in_workbook, want);

    // The vendor fills one open question; the reply comes back through the same
    // import, and the stored answers not in the workbook stay as they are.
    let sub = subset(&q, &ids);
    let (sheet, row, col) = cell_of(&sub, WbLang::En, "IAM-02", Col::Answer);
    let option = match &q.question("IAM-02").unwrap().answer {
        assay::questionnaire::AnswerSpec::Choice { options } => options[0].label.en.clone(),
        other => panic!("IAM-02 is {other:?}"),
    };
    let filled = rewrite(
        &bytes,
        &Fill {
            cells: vec![(sheet, row, col, Edit::Text(option))],
            ..Fill::default()
        },
    );
    let today = date("2026-06-01");
    let plan =
        workbook_import::plan_import(&mut store, e, "Acme", "reply.xlsx", &filled, today).unwrap();
    assert_eq!(plan.changes.len(), 1, "{:?}", plan.changes);
    workbook_import::apply_import(&mut store, &plan).unwrap();
    let stored = store.answers(acme).unwrap();
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().any(|a| a.answer.question == "IAM-02"));
    let after = app::vendor_requests(&mut store, acme).unwrap();
    assert!(!after
        .iter()
        .any(|r| r.question == "IAM-02" && r.reason == RequestReason::Unanswered));
}

/// The app's threshold control: saved with the evaluation (and its audit row),
/// re-ranks at once; a percentage out of range is refused and changes nothing.
#[test]
fn the_coverage_threshold_is_the_evaluations_and_re_ranks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, e) = shipped_evaluation(&dir.path().join("a.db"));
    for name in ["Acme", "Globex"] {
        app::add_vendor(
            &mut store,
            e,
            &app::VendorEdit {
                name: name.into(),
                product: None,
                deployment: None,
                notes: None,
            },
        )
        .unwrap();
    }
    let acme = store.vendor_by_name(e, "Acme").unwrap().id;
    app::save_answer(
        &mut store,
        acme,
        &AnswerEdit {
            question: "IAM-01".into(),
            value: Some(EditValue::Text("saml-oidc-enforced".into())),
            ..AnswerEdit::default()
        },
    )
    .unwrap();
    let view = app::comparison_view(&store.comparison(e).unwrap());
    assert_eq!(view.coverage_threshold, 60.0);
    assert!(view.vendors.iter().all(|v| v.rank.is_none()));
    let audit_before = store.audit_log(e).unwrap().len();
    let err = app::save_coverage_threshold(&mut store, e, Some(150.0)).unwrap_err();
    assert!(
        err.to_string().contains("not a percentage from 0 to 100"),
        "{err}"
    );
    assert_eq!(store.audit_log(e).unwrap().len(), audit_before);
    let view = app::save_coverage_threshold(&mut store, e, Some(0.5)).unwrap();
    assert_eq!(view.coverage_threshold, 0.5);
    let ranked: Vec<(&str, Option<usize>)> = view
        .vendors
        .iter()
        .map(|v| (v.name.as_str(), v.rank))
        .collect();
    // Globex answered nothing: no rank whatever the threshold.
    assert_eq!(ranked, [("Acme", Some(1)), ("Globex", None)]);
    assert_eq!(store.audit_log(e).unwrap().len(), audit_before + 1);
    let view = app::save_coverage_threshold(&mut store, e, None).unwrap();
    assert_eq!(view.coverage_threshold, 60.0);
}
