//! Upgrading an evaluation to a newer version of its questionnaire: the plan
//! says what is carried, dropped, newly open and rescored; applying it is all or
//! nothing, audited, refused when the evaluation changed since the preview; the
//! command line asks first.

use crate::support::{assay_db, assay_db_input, assert_contains, dump, text, with_evidence};
use assay::answers::{Answer, AnswerSet, AnswerValue, QuestionnaireRef, VendorAnswers};
use assay::app::upgrade;
use assay::store::Store;
use serde_json::{json, Value};
use std::path::Path;

/// The shipped questionnaire (1.1.0) as a 1.2.0: TRN-02 renamed TRN-02A, TRN-01's option
/// "tls13-only" renamed "tls13", TRN-03 now yes/no (a stored "partial" no longer
/// fits), TRN-09 removed, TRN-90 added.
fn version_1_2_0() -> String {
    let mut q: Value = serde_json::from_str(assay::catalog::BUNDLED[0].1).unwrap();
    q["version"] = json!("1.2.0");
    let trn = q["sections"][0]["questions"].as_array_mut().unwrap();
    let at = |qs: &Vec<Value>, id: &str| qs.iter().position(|x| x["id"] == id).unwrap();
    let i = at(trn, "TRN-01");
    for o in trn[i]["answer"]["options"].as_array_mut().unwrap() {
        if o["id"] == "tls13-only" {
            o["id"] = json!("tls13");
        }
    }
    for k in trn[i]["knockouts"].as_array_mut().unwrap() {
        let s = k["rule"].to_string().replace("tls13-only", "tls13");
        k["rule"] = serde_json::from_str(&s).unwrap();
    }
    let i = at(trn, "TRN-02");
    trn[i]["id"] = json!("TRN-02A");
    let mut added = trn[i].clone();
    added["id"] = json!("TRN-90");
    let i = at(trn, "TRN-03");
    trn[i]["answer"] = json!({ "type": "yes_no" });
    let i = at(trn, "TRN-09");
    trn.remove(i);
    trn.push(added);
    q["upgrades_from"] = json!([{
        "version": "1.1.0",
        "questions": { "TRN-02": "TRN-02A" },
        "options": { "TRN-01": { "tls13-only": "tls13" } }
    }]);
    serde_json::to_string_pretty(&q).unwrap()
}

/// An evaluation of the shipped 1.1.0 with one vendor, Acme, and four answers.
fn evaluation(db: &Path) -> (Store, i64) {
    let (mut store, e) = crate::support::shipped_evaluation(db);
    let q = store.questionnaire(e).unwrap();
    let answers = vec![
        with_evidence(text("TRN-01", "tls13-only"), Some("2027-01-31")),
        text("TRN-02", "yes"),
        text("TRN-03", "partial"),
        text("TRN-09", "yes"),
    ];
    let set = AnswerSet {
        schema: None,
        questionnaire: QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
        },
        as_of: None,
        profiles: vec![],
        vendors: vec![VendorAnswers {
            name: "Acme".into(),
            product: None,
            answers,
        }],
    };
    store.import_answers(e, "acme.json", &set).unwrap();
    (store, e)
}

fn stored(store: &Store, e: i64) -> Vec<Answer> {
    let v = store.vendor_by_name(e, "Acme").unwrap();
    store
        .answers(v.id)
        .unwrap()
        .into_iter()
        .map(|s| s.answer)
        .collect()
}

#[test]
fn upgrade_plan_says_what_is_carried_dropped_open_and_rescored_then_applies_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, e) = evaluation(&dir.path().join("a.db"));
    let new = version_1_2_0();
    let before = dump(store.connection());
    let plan = upgrade::plan_upgrade(&mut store, e, "q-1.2.0.json", &new).unwrap();
    assert_eq!(dump(store.connection()), before, "planning wrote something");
    assert_eq!(
        (plan.from_version.as_str(), plan.to_version.as_str()),
        ("1.1.0", "1.2.0")
    );
    assert_eq!(plan.added_questions, vec!["TRN-90"]);
    assert_eq!(plan.removed_questions, vec!["TRN-09"]);
    let acme = &plan.vendors[0];
    let carried: Vec<(&str, &str, bool)> = acme
        .carried
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str(), c.options_renamed))
        .collect();
    assert_eq!(
        carried,
        vec![("TRN-01", "TRN-01", true), ("TRN-02", "TRN-02A", false)]
    );
    let dropped: Vec<&str> = acme.dropped.iter().map(|d| d.question.as_str()).collect();
    assert_eq!(dropped, vec!["TRN-03", "TRN-09"]);
    assert_contains(
        &acme.dropped[0].reason.en,
        "TRN-03 cannot take this answer any more",
    );
    assert_contains(
        &acme.dropped[1].reason.en,
        "the new version has no question TRN-09",
    );
    assert_eq!(acme.newly_open, vec!["TRN-03", "TRN-90"]);
    // The evidence travels with TRN-01's answer.
    assert_eq!(acme.carried[0].answer.evidence.len(), 1);
    assert!(
        acme.total_after < acme.total_before,
        "dropping answers lowers the total"
    );

    upgrade::apply_upgrade(&mut store, &plan).unwrap();
    let ev = store.evaluation(e).unwrap();
    assert_eq!(ev.questionnaire_version, "1.2.0");
    assert_eq!(store.questionnaire_text(e).unwrap(), new);
    let mut now: Vec<(String, Option<AnswerValue>, usize)> = stored(&store, e)
        .into_iter()
        .map(|a| (a.question, a.value, a.evidence.len()))
        .collect();
    now.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        now,
        vec![
            ("TRN-01".into(), Some(AnswerValue::Text("tls13".into())), 1),
            ("TRN-02A".into(), Some(AnswerValue::Text("yes".into())), 0),
        ]
    );
    // The comparison scores on the new version: TRN-01 passes its gate as "tls13".
    let c = store.comparison(e).unwrap();
    assert_eq!(c.questionnaire.version, "1.2.0");
    assert!(c.vendors[0].question("TRN-01").unwrap().score > 0.0);
    // Audited: the evaluation's version, and each answer removed or rewritten.
    let log = store.audit_log(e).unwrap();
    let text = format!("{log:?}");
    assert_contains(&text, "1.2.0");
    for q in ["TRN-03", "TRN-09", "TRN-02A"] {
        assert!(
            log.iter().any(|a| a.question.as_deref() == Some(q)),
            "no audit row for {q}"
        );
    }
    // Once upgraded, the same version is nothing to upgrade to.
    let err = upgrade::plan_upgrade(&mut store, e, "q-1.2.0.json", &new).unwrap_err();
    assert_contains(
        &err.to_string(),
        "version 1.2.0 is not newer than the evaluation's 1.2.0",
    );
}

#[test]
fn upgrade_is_refused_when_the_evaluation_changed_since_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, e) = evaluation(&dir.path().join("a.db"));
    let plan = upgrade::plan_upgrade(&mut store, e, "q.json", &version_1_2_0()).unwrap();
    let v = store.vendor_by_name(e, "Acme").unwrap();
    store.set_answer(v.id, &text("TRN-04", "yes")).unwrap();
    let before = dump(store.connection());
    let err = upgrade::apply_upgrade(&mut store, &plan).unwrap_err();
    assert_contains(&err.to_string(), "changed since the upgrade was previewed");
    assert_eq!(dump(store.connection()), before);
}

#[test]
fn upgrade_refuses_other_questionnaires_older_versions_missing_profiles_and_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, e) = evaluation(&dir.path().join("a.db"));
    let before = dump(store.connection());
    let with = |f: &dyn Fn(&mut Value)| {
        let mut q: Value = serde_json::from_str(&version_1_2_0()).unwrap();
        f(&mut q);
        q.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with(&|q| q["id"] = json!("other-questionnaire")),
            "another questionnaire needs a new evaluation",
        ),
        (
            with(&|q| q["version"] = json!("0.9.0")),
            "version 0.9.0 is not newer than the evaluation's 1.1.0",
        ),
        (
            assay::catalog::BUNDLED[0].1.to_string(),
            "version 1.1.0 is not newer",
        ),
        (
            with(&|q| q["upgrades_from"][0]["questions"]["TRN-02"] = json!("NOPE-1")),
            "$.upgrades_from[0].questions[\"TRN-02\"]: \"NOPE-1\" is not a question of this version",
        ),
        (
            with(&|q| q["upgrades_from"][0]["options"]["TRN-01"]["tls13-only"] = json!("tls14")),
            "\"tls14\" is not an option of TRN-01",
        ),
    ];
    for (text, want) in cases {
        let err = upgrade::plan_upgrade(&mut store, e, "q.json", &text).unwrap_err();
        assert_contains(&err.to_string(), want);
    }
    assert_eq!(
        dump(store.connection()),
        before,
        "a refused plan wrote something"
    );
    // A profile the evaluation uses must exist in the new version.
    let cn = store
        .create_evaluation(&assay::store::NewEvaluation {
            name: "CN tender".into(),
            notes: String::new(),
            profiles: vec!["CN-REG".into()],
            as_of: crate::support::date("2026-06-01"),
            evaluators: vec![],
            questionnaire_json: assay::catalog::BUNDLED[0].1.to_string(),
            section_weights: None,
        })
        .unwrap();
    let renamed = version_1_2_0().replace("\"CN-REG\"", "\"CN-REGULATED\"");
    let err = upgrade::plan_upgrade(&mut store, cn, "q.json", &renamed).unwrap_err();
    assert_contains(&err.to_string(), "version 1.2.0 has no profile CN-REG");

    // The read-only demo.
    let demo = assay::app::evaluations::demo(&mut store).unwrap();
    let err = upgrade::plan_upgrade(&mut store, demo, "q.json", &version_1_2_0()).unwrap_err();
    assert_contains(&err.to_string(), "read-only");
}

#[test]
fn upgrade_on_the_command_line_previews_asks_and_a_no_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let (store, e) = evaluation(&db);
    drop(store);
    let file = dir.path().join("q-1.2.0.json");
    std::fs::write(&file, version_1_2_0()).unwrap();
    let id = e.to_string();
    let args = [
        "evaluation",
        "upgrade",
        id.as_str(),
        "--to",
        file.to_str().unwrap(),
    ];
    let before = dump(Store::open(&db).unwrap().connection());
    for input in ["", "n\n"] {
        let (code, out, err) = assay_db_input(&db, &args, input);
        assert_eq!(code, 1, "{input:?}: {err}");
        assert_contains(&out, "assay-im-security 1.1.0 → 1.2.0");
        assert_contains(&out, "carried TRN-02 → TRN-02A");
        assert_contains(
            &out,
            "dropped TRN-09: the new version has no question TRN-09",
        );
        assert_contains(&out, "newly open: TRN-03, TRN-90");
        assert_contains(&err, "2 answer(s) carried, 2 dropped? [y/N]");
        assert_contains(&err, "nothing was changed");
        assert_eq!(
            dump(Store::open(&db).unwrap().connection()),
            before,
            "{input:?}"
        );
    }
    let mut yes = args.to_vec();
    yes.push("--yes");
    let (code, out, err) = assay_db(&db, &yes);
    assert_eq!(code, 0, "{err}");
    assert_contains(
        &out,
        "upgraded evaluation 1 from assay-im-security 1.1.0 to 1.2.0",
    );
    // The bundled questionnaire is the default target: it is not newer.
    let (code, _, err) = assay_db(&db, &["evaluation", "upgrade", id.as_str(), "--yes"]);
    assert_eq!(code, 1);
    assert_contains(&err, "is not newer than the evaluation's 1.2.0");
}

/// The upgrade users run: an evaluation made with the shipped 1.0.0 (kept as a
/// fixture) to the bundled 1.1.0. E2E-08's renamed options carry; its option
/// 1.1.0 no longer has ("more than 90 days, or not documented") is dropped and
/// asked again; the questions 1.1.0 adds are open; answers whose scoring 1.1.0
/// corrected are rescored (a 365-day data return no longer scores 30; region
/// pinning without mainland China is no longer marked down).
#[test]
fn an_evaluation_of_the_shipped_1_0_0_upgrades_to_the_bundled_1_1_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let e = crate::support::evaluation_of_fixture(
        &mut store,
        "assay-im-security-1.0.0.json",
        "IM 2026",
    );
    let vendor = |name: &str, answers: Vec<Answer>| VendorAnswers {
        name: name.into(),
        product: None,
        answers,
    };
    let set = AnswerSet {
        schema: None,
        questionnaire: QuestionnaireRef {
            id: "assay-im-security".into(),
            version: "1.0.0".into(),
        },
        as_of: None,
        profiles: vec![],
        vendors: vec![
            vendor(
                "Acme",
                vec![
                    text("E2E-08", "le-7d-minimised"),
                    crate::support::number("DAT-09", 365.0),
                    text("DAT-06", "all-classes-no-cn"),
                ],
            ),
            vendor("Bolt", vec![text("E2E-08", "gt-90d-or-undocumented")]),
        ],
    };
    store.import_answers(e, "answers.json", &set).unwrap();

    let bundled = assay::catalog::BUNDLED[0].1;
    let plan = upgrade::plan_upgrade(&mut store, e, "bundled", bundled).unwrap();
    assert_eq!(
        (plan.from_version.as_str(), plan.to_version.as_str()),
        ("1.0.0", "1.1.0")
    );
    let new = assay::questionnaire::load_str("bundled", bundled)
        .into_result()
        .unwrap();
    let old_count = 87;
    assert_eq!(
        plan.added_questions.len(),
        new.questions().count() - old_count,
        "every question 1.1.0 adds is listed as new: {:?}",
        plan.added_questions
    );
    assert!(
        plan.removed_questions.is_empty(),
        "{:?}",
        plan.removed_questions
    );
    let acme = plan.vendors.iter().find(|v| v.vendor == "Acme").unwrap();
    let e2e08 = acme.carried.iter().find(|c| c.from == "E2E-08").unwrap();
    assert!(e2e08.options_renamed);
    assert_eq!(
        e2e08.answer.value,
        Some(AnswerValue::Text("minimised-documented".into()))
    );
    let rescored: Vec<(&str, f64, f64)> = acme
        .rescored
        .iter()
        .map(|r| (r.question.as_str(), r.before, r.after))
        .collect();
    assert!(rescored.contains(&("DAT-09", 30.0, 0.0)), "{rescored:?}");
    assert!(rescored.contains(&("DAT-06", 90.0, 100.0)), "{rescored:?}");
    let bolt = plan.vendors.iter().find(|v| v.vendor == "Bolt").unwrap();
    assert_eq!(
        bolt.dropped
            .iter()
            .map(|d| d.question.as_str())
            .collect::<Vec<_>>(),
        vec!["E2E-08"]
    );
    assert!(bolt.newly_open.iter().any(|q| q == "E2E-08"));

    upgrade::apply_upgrade(&mut store, &plan).unwrap();
    assert_eq!(store.evaluation(e).unwrap().questionnaire_version, "1.1.0");
    let v = store.vendor_by_name(e, "Acme").unwrap();
    let e2e08 = store
        .answers(v.id)
        .unwrap()
        .into_iter()
        .find(|s| s.answer.question == "E2E-08")
        .unwrap();
    assert_eq!(
        e2e08.answer.value,
        Some(AnswerValue::Text("minimised-documented".into()))
    );
}
