//! The scoring rules a buyer relies on, on a small questionnaire whose numbers can
//! be checked by hand (fixtures/mini-questionnaire.json).

use crate::support::*;
use assay::answers::{Answer, EvidenceKind};
use assay::scoring::{
    compare, score_vendor, Eligibility, EvidenceStatus, Flag, KnockoutOutcome, Points,
    QuestionScore, QuestionStatus, VendorInput, VendorScore,
};
use std::collections::BTreeMap;

/// A vendor with every question answered and its evidence current.
fn complete_vendor() -> Vec<Answer> {
    vec![
        text("ENC-01", "tls12"),
        text("ENC-02", "Yes"),
        text("ENC-03", "no"),
        list("ENC-05", &["messages", "files"]),
        with_evidence(number("OPS-01", 24.0), None),
        with_evidence(text("OPS-02", "2027-06-30"), Some("2027-06-30")),
        text("OPS-03", "2026-03-01"),
        text("OPS-04", "nothing to add"),
    ]
}

#[track_caller]
fn question<'a>(v: &'a VendorScore, id: &str) -> &'a QuestionScore {
    v.question(id).unwrap_or_else(|| panic!("no question {id}"))
}

#[track_caller]
fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-4,
        "{actual} is not {expected}"
    );
}

/// Scored on the mini questionnaire for the GLOBAL profile, as of 2026-11-29.
fn global(answers: &[Answer]) -> VendorScore {
    score_vendor(&mini(), &ctx(&["GLOBAL"], "2026-11-29"), "V", answers)
}

#[test]
fn weighted_sections_and_total_match_the_hand_computation() {
    let v = global(&complete_vendor());
    // ENC: (5·90 + 3·100 + 2·0 + 2·100) / 12; ENC-04 is hidden because ENC-03 is "no".
    assert_close(v.section("ENC").unwrap().score.unwrap(), 950.0 / 12.0);
    // OPS: (5·70 + 2·100 + 1·100) / 8; OPS-04 is free text and unscored.
    assert_close(v.section("OPS").unwrap().score.unwrap(), 81.25);
    assert_close(v.total.as_f64(), 0.6 * 950.0 / 12.0 + 0.4 * 81.25);
    assert_eq!(v.eligibility, Eligibility::Eligible);
    assert_eq!(
        question(&v, "ENC-05").score,
        100.0,
        "multi-select points are capped at 100"
    );
    assert_eq!(question(&v, "ENC-04").status, QuestionStatus::Hidden);
    assert_eq!(question(&v, "OPS-04").status, QuestionStatus::Unscored);
    assert_eq!(v.completeness, 1.0);
}

#[test]
fn the_breakdown_adds_up_exactly_to_the_total() {
    let q = mini();
    let v = score_vendor(
        &q,
        &ctx(&["CN-REG"], "2026-11-29"),
        "Vendor",
        &complete_vendor(),
    );
    let from_sections: Points = v.sections.iter().map(|s| s.contribution).sum();
    let from_questions: Points = v.questions().map(|q| q.contribution).sum();
    assert_eq!(from_sections, v.total);
    assert_eq!(from_questions, v.total);
}

#[test]
fn a_profile_switches_on_its_knockouts_and_weights() {
    let q = mini();
    let global = score_vendor(&q, &ctx(&["GLOBAL"], "2026-11-29"), "V", &complete_vendor());
    let cn = score_vendor(&q, &ctx(&["CN-REG"], "2026-11-29"), "V", &complete_vendor());
    assert_eq!(global.eligibility, Eligibility::Eligible);
    assert_eq!(
        cn.eligibility,
        Eligibility::NotEligible,
        "24 h notification fails the 4 h CN-REG gate"
    );
    let failed: Vec<_> = cn.failed_knockouts().collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].question, "OPS-01");
    assert_eq!(failed[0].profiles, vec!["CN-REG".to_string()]);
    // In words, in both languages: numbers with their unit, never an id.
    let answer = failed[0].answer.as_ref().unwrap();
    assert_eq!(
        (answer.en.as_str(), answer.zh_cn.as_str()),
        ("24 hours", "24 小时")
    );
    match &failed[0].outcome {
        KnockoutOutcome::Failed { reason } => {
            assert_eq!(reason.en, "24 hours exceeds the maximum of 4 hours");
            assert_eq!(reason.zh_cn, "24 小时，超过上限 4 小时");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    // CN-REG weighs OPS 80 %, ENC 20 %.
    assert_close(cn.total.as_f64(), 0.2 * 950.0 / 12.0 + 0.8 * 81.25);
    // Several profiles: the union of knockouts, the mean of weights.
    let both = score_vendor(
        &q,
        &ctx(&["GLOBAL", "CN-REG"], "2026-11-29"),
        "V",
        &complete_vendor(),
    );
    assert_eq!(both.eligibility, Eligibility::NotEligible);
    assert_close(both.total.as_f64(), 0.4 * 950.0 / 12.0 + 0.6 * 81.25);
}

#[test]
fn unanswered_is_unknown_scores_zero_and_leaves_eligibility_open() {
    let v = global(&[]);
    assert_eq!(v.total, Points(0));
    assert_eq!(v.eligibility, Eligibility::Undetermined);
    assert!(v
        .knockouts
        .iter()
        .all(|k| k.outcome == KnockoutOutcome::Unknown));
    let enc01 = question(&v, "ENC-01");
    assert_eq!(enc01.status, QuestionStatus::Unknown);
    assert!(enc01.flags.contains(&Flag::Unknown));
    assert_eq!(v.completeness, 0.0);
    // "No" is an answer, not an unknown.
    let no = global(&[text("ENC-02", "no")]);
    assert_eq!(question(&no, "ENC-02").status, QuestionStatus::Answered);
    assert!(question(&no, "ENC-02").flags.is_empty());
}

#[test]
fn not_applicable_leaves_the_denominator() {
    let mut answers = complete_vendor();
    answers[2] = text("ENC-03", "yes"); // shows ENC-04
    answers.push(na("ENC-04", "E2EE is not offered in the evaluated edition"));
    let v = global(&answers);
    assert_eq!(question(&v, "ENC-04").status, QuestionStatus::NotApplicable);
    // (5·90 + 3·100 + 2·100 + 2·100) / 12: ENC-04's weight is not in the denominator.
    assert_close(v.section("ENC").unwrap().score.unwrap(), 1150.0 / 12.0);
}

#[test]
fn conditional_questions_appear_with_the_answer_they_depend_on() {
    let mut answers = complete_vendor();
    answers.push(text("ENC-04", "proprietary"));
    let hidden = global(&answers);
    assert_eq!(
        question(&hidden, "ENC-04").status,
        QuestionStatus::Hidden,
        "ENC-03 is no"
    );
    answers[2] = text("ENC-03", "partial");
    let shown = global(&answers);
    assert_eq!(question(&shown, "ENC-04").status, QuestionStatus::Answered);
    assert_eq!(question(&shown, "ENC-04").score, 10.0);
}

#[test]
fn a_claim_without_evidence_counts_half_and_passes_its_gate_on_claim() {
    let mut answers = complete_vendor();
    answers[4] = number("OPS-01", 24.0);
    let v = global(&answers);
    let ops01 = question(&v, "OPS-01");
    assert_eq!(ops01.evidence, EvidenceStatus::Claimed);
    assert_eq!(ops01.raw_score, 70.0);
    assert_eq!(ops01.score, 35.0);
    assert!(ops01.flags.contains(&Flag::Claimed));
    let gate = v.knockouts.iter().find(|k| k.question == "OPS-01").unwrap();
    assert_eq!(gate.outcome, KnockoutOutcome::PassedOnClaim);
    assert_eq!(v.eligibility, Eligibility::Eligible);
}

/// Recording a document never does more harm than recording nothing: expired
/// evidence falls back to the claim's credit, the gate passes provisionally (on
/// the claim), and the expiry is a finding on the request list.
#[test]
fn expired_evidence_falls_back_to_the_claim_and_is_asked_for_again() {
    let mut answers = complete_vendor();
    answers[4] = number("OPS-01", 24.0);
    let claimed = global(&answers);
    answers[4] = with_evidence(number("OPS-01", 24.0), Some("2025-12-31"));
    let v = global(&answers);
    let ops01 = question(&v, "OPS-01");
    assert_eq!(ops01.evidence, EvidenceStatus::Expired);
    assert_eq!(ops01.score, question(&claimed, "OPS-01").score);
    assert_eq!(ops01.score, 35.0);
    assert!(ops01.flags.contains(&Flag::EvidenceExpired));
    assert_eq!(v.total, claimed.total);
    assert_eq!(v.eligibility, claimed.eligibility);
    let gate = v.knockouts.iter().find(|k| k.question == "OPS-01").unwrap();
    assert_eq!(gate.outcome, KnockoutOutcome::PassedOnClaim);
    assert!(gate.provisional);
    let requests = assay::scoring::requests(&mini(), &v, &answers);
    let ask = requests.iter().find(|r| r.question == "OPS-01").unwrap();
    assert_eq!(ask.reason, assay::scoring::RequestReason::EvidenceExpired);
    assert_eq!(ask.expired_on, Some(date("2025-12-31")));
    assert!(ask.knockout, "OPS-01 is a knockout: asked first");
    assert_eq!(requests[0].question, "OPS-01");
}

/// An audit report is dated by the end of the period it covers: a SOC 2 report
/// whose period ended in March still counts in December, and stops counting 12
/// months after the period's end (a certificate with that date would have
/// expired in March).
#[test]
fn an_audit_report_counts_for_twelve_months_after_its_period_ends() {
    let q = mini();
    let report = |kind: EvidenceKind| {
        let mut a = with_evidence(number("OPS-01", 24.0), Some("2026-03-31"));
        a.evidence[0].kind = kind;
        a
    };
    let at = |kind: EvidenceKind, as_of: &str| {
        let mut answers = complete_vendor();
        answers[4] = report(kind);
        let v = score_vendor(&q, &ctx(&["GLOBAL"], as_of), "V", &answers);
        let ops01 = question(&v, "OPS-01").clone();
        (ops01.evidence, ops01.flags)
    };
    assert_eq!(
        at(EvidenceKind::AuditReport, "2026-11-29").0,
        EvidenceStatus::Supported
    );
    assert_eq!(
        at(EvidenceKind::ContractClause, "2026-11-29").0,
        EvidenceStatus::Expired
    );
    // Runs out within 90 days of 2027-03-31, then stops counting.
    assert!(at(EvidenceKind::AuditReport, "2027-02-01")
        .1
        .contains(&Flag::ExpiringSoon));
    assert_eq!(
        at(EvidenceKind::AuditReport, "2027-03-31").0,
        EvidenceStatus::Supported
    );
    assert_eq!(
        at(EvidenceKind::AuditReport, "2027-04-01").0,
        EvidenceStatus::Expired
    );
    let e = &report(EvidenceKind::AuditReport).evidence[0];
    assert_eq!(e.valid_until(), Some(date("2027-03-31")));
}

#[test]
fn rescoring_the_same_answers_later_shows_the_expired_certificate() {
    let q = mini();
    let now = global(&complete_vendor());
    assert_eq!(question(&now, "OPS-02").score, 100.0);
    let soon = score_vendor(&q, &ctx(&["GLOBAL"], "2027-05-01"), "V", &complete_vendor());
    assert_eq!(
        question(&soon, "OPS-02").score,
        70.0,
        "60 days left falls in the ≤ 90 d band"
    );
    assert!(question(&soon, "OPS-02")
        .flags
        .contains(&Flag::ExpiringSoon));
    let later = score_vendor(&q, &ctx(&["GLOBAL"], "2027-11-29"), "V", &complete_vendor());
    let ops02 = question(&later, "OPS-02");
    assert_eq!(ops02.score, 0.0);
    assert!(ops02.flags.contains(&Flag::DateOutOfRange));
    assert!(ops02.flags.contains(&Flag::EvidenceExpired));
    assert!(later.total < now.total);
}

#[test]
fn stale_audit_dates_fall_to_the_lower_bands() {
    let at = |d: &str| {
        let v = global(&[text("OPS-03", d)]);
        question(&v, "OPS-03").score
    };
    assert_eq!(at("2026-01-01"), 100.0);
    assert_eq!(at("2025-08-01"), 40.0);
    assert_eq!(at("2024-01-01"), 0.0);
    assert_eq!(
        at("2027-01-01"),
        0.0,
        "a test dated after the as-of date cannot count yet"
    );
}

#[test]
fn number_alternatives_and_no_commitment() {
    let v = global(&[with_evidence(text("OPS-01", "undue-delay"), None)]);
    assert_eq!(question(&v, "OPS-01").score, 30.0);
    assert_eq!(
        v.eligibility,
        Eligibility::NotEligible,
        "no stated number fails an at-most gate"
    );
    let none = global(&[text("OPS-01", "none")]);
    assert_eq!(question(&none, "OPS-01").score, 0.0);
    assert!(question(&none, "OPS-01")
        .flags
        .contains(&Flag::NoCommitment));
    let late = global(&[with_evidence(number("OPS-01", 96.0), None)]);
    assert_eq!(
        question(&late, "OPS-01").score,
        0.0,
        "beyond every band: the otherwise score"
    );
}

#[test]
fn what_if_weights_rescore_without_touching_the_answers() {
    let q = mini();
    let answers = complete_vendor();
    let before = answers.clone();
    let mut c = ctx(&["GLOBAL"], "2026-11-29");
    c.section_weights = Some(BTreeMap::from([
        ("ENC".to_string(), 0.0),
        ("OPS".to_string(), 100.0),
    ]));
    let v = score_vendor(&q, &c, "V", &answers);
    assert_close(v.total.as_f64(), 81.25);
    assert_eq!(answers, before);
    let w = assay::scoring::what_if_weights(
        &q,
        &ctx(&["GLOBAL"], "2026-11-29"),
        &[("OPS".into(), 60.0)],
    );
    assert_eq!(w.get("ENC"), Some(&60.0));
    assert_eq!(w.get("OPS"), Some(&60.0));
}

#[test]
fn ranking_puts_not_eligible_vendors_last_whatever_their_total() {
    let q = mini();
    let strong_but_failing: Vec<Answer> = {
        let mut a = complete_vendor();
        a[0] = text("ENC-01", "tls10");
        a[1] = text("ENC-02", "yes");
        a
    };
    let weak_but_eligible = vec![
        text("ENC-01", "tls13"),
        with_evidence(number("OPS-01", 72.0), None),
    ];
    let undetermined = vec![
        text("ENC-01", "tls13"),
        text("ENC-02", "yes"),
        list("ENC-05", &["messages", "files"]),
    ];
    let vendors = [
        VendorInput {
            name: "Failing",
            answers: &strong_but_failing,
        },
        VendorInput {
            name: "Undetermined",
            answers: &undetermined,
        },
        VendorInput {
            name: "Eligible",
            answers: &weak_but_eligible,
        },
    ];
    let ranked = compare(&q, &ctx(&["GLOBAL"], "2026-11-29"), &vendors);
    let order: Vec<&str> = ranked.iter().map(|v| v.vendor.as_str()).collect();
    assert_eq!(order, ["Eligible", "Undetermined", "Failing"]);
    assert!(ranked[2].total > ranked[0].total);
}

#[test]
fn invalid_stored_answers_are_flagged_not_scored() {
    let v = global(&[text("ENC-01", "maybe")]);
    let enc01 = question(&v, "ENC-01");
    assert!(enc01.flags.contains(&Flag::Invalid));
    assert_eq!(enc01.status, QuestionStatus::Unknown);
}

/// A vendor's refusal is a known outcome: it scores 0 (floor = ceiling), counts
/// towards coverage, and fails a knockout on that question — finally, as the
/// vendor's own answer. "Awaiting" and "unknown after asking" stay unknown.
#[test]
fn declined_is_known_and_fails_its_gate_awaiting_stays_unknown() {
    let state = |id: &str, s: assay::answers::AnswerState| Answer {
        question: id.into(),
        state: Some(s),
        ..Default::default()
    };
    let mut answers = complete_vendor();
    answers[4] = state("OPS-01", assay::answers::AnswerState::Declined);
    let v = global(&answers);
    let ops01 = question(&v, "OPS-01");
    assert_eq!(ops01.status, QuestionStatus::Declined);
    assert_eq!((ops01.range.floor, ops01.range.ceiling), (0.0, 0.0));
    let gate = v.knockouts.iter().find(|k| k.question == "OPS-01").unwrap();
    assert!(matches!(gate.outcome, KnockoutOutcome::Failed { .. }));
    assert!(!gate.provisional);
    assert_eq!(v.eligibility, Eligibility::NotEligible);
    assert_eq!(v.decision.verdict, assay::scoring::Verdict::DoesNotMeet);
    assert_eq!(
        v.coverage, 1.0,
        "every applicable question has a known outcome"
    );

    for open in [
        assay::answers::AnswerState::AwaitingVendor,
        assay::answers::AnswerState::Unknown,
    ] {
        answers[4] = state("OPS-01", open);
        let v = global(&answers);
        let ops01 = question(&v, "OPS-01");
        assert_eq!(ops01.status, QuestionStatus::Unknown);
        assert!(ops01.open.is_some());
        assert_eq!(ops01.range.ceiling, 100.0);
        assert_eq!(v.eligibility, Eligibility::Undetermined);
        assert!(v.coverage < 1.0);
        assert!(v.range.ceiling > v.range.floor);
    }
}

/// Ranks rest on what is known: below the threshold no rank; overlapping ranges
/// share one; separated ranges get their own.
#[test]
fn ranks_need_coverage_and_overlapping_ranges_are_tied() {
    let q = mini();
    let complete = complete_vendor();
    let weaker: Vec<Answer> = {
        let mut a = complete_vendor();
        a[0] = text("ENC-01", "tls12");
        a[1] = text("ENC-02", "no");
        a
    };
    // Everything but ENC-05 (weight 2 of ENC's 12): high coverage, a wide range.
    let almost: Vec<Answer> = complete_vendor()
        .into_iter()
        .filter(|a| a.question != "ENC-05")
        .collect();
    let little = vec![text("ENC-01", "tls13")];
    let inputs = [
        VendorInput {
            name: "Complete",
            answers: &complete,
        },
        VendorInput {
            name: "Weaker",
            answers: &weaker,
        },
        VendorInput {
            name: "Almost",
            answers: &almost,
        },
        VendorInput {
            name: "Little",
            answers: &little,
        },
    ];
    let ranked = compare(&q, &ctx(&["GLOBAL"], "2026-11-29"), &inputs);
    let by = |name: &str| ranked.iter().find(|v| v.vendor == name).unwrap();
    assert_eq!(by("Complete").range.floor, by("Complete").range.ceiling);
    assert!(by("Little").coverage < 0.6);
    assert_eq!(by("Little").rank, None, "below the 60 % threshold: no rank");
    assert_eq!(
        by("Little").decision.verdict,
        assay::scoring::Verdict::NotEnoughInformation
    );
    // Almost's range (its missing answer anywhere from 0 to 100) covers Complete's total.
    assert!(by("Almost").range.overlaps(&by("Complete").range));
    assert_eq!(by("Complete").rank, by("Almost").rank);
    assert!(by("Complete").tied_with.contains(&"Almost".to_string()));
    // Weaker is separated from both by what is known.
    assert!(!by("Weaker").range.overlaps(&by("Complete").range));
    assert!(by("Weaker").rank.unwrap() > by("Complete").rank.unwrap());
    // A lower threshold ranks Little too; a threshold of 100 % ranks only the complete ones.
    let mut all = ctx(&["GLOBAL"], "2026-11-29");
    all.min_coverage = 0.0;
    assert!(compare(&q, &all, &inputs).iter().all(|v| v.rank.is_some()));
    all.min_coverage = 1.0;
    let strict = compare(&q, &all, &inputs);
    let ranked_names: Vec<&str> = strict
        .iter()
        .filter(|v| v.rank.is_some())
        .map(|v| v.vendor.as_str())
        .collect();
    assert_eq!(ranked_names, ["Complete", "Weaker"]);
}

/// A knockout judged on a secondary source is provisional: shown as such, never
/// as a final NOT ELIGIBLE.
#[test]
fn a_knockout_failed_on_a_secondary_source_is_provisional() {
    let mut answers = complete_vendor();
    answers[0] = text("ENC-01", "tls10");
    answers[0].provenance = Some(assay::answers::Provenance {
        source: assay::answers::SourceKind::PublicDocumentation,
        reference: Some("a news report".into()),
        as_of: None,
        confidence: Some("S".into()),
    });
    let v = global(&answers);
    let gate = v.knockouts.iter().find(|k| k.question == "ENC-01").unwrap();
    assert!(matches!(gate.outcome, KnockoutOutcome::Failed { .. }));
    assert!(gate.provisional);
    assert_eq!(v.eligibility, Eligibility::ProvisionallyNotEligible);
    assert_eq!(
        v.decision.verdict,
        assay::scoring::Verdict::NotEnoughInformation
    );
    assert!(!gate.to_pass.en.is_empty() && !gate.to_pass.zh_cn.is_empty());
    use assay::scoring::RequestReason;
    let asked_why = |v: &assay::scoring::VendorScore, answers: &[assay::answers::Answer]| {
        assay::scoring::requests(&mini(), v, answers)
            .into_iter()
            .find(|r| r.question == "ENC-01")
            .map(|r| r.reason)
    };
    assert_eq!(
        asked_why(&v, &answers),
        Some(RequestReason::SecondarySource)
    );
    // The vendor's own statement makes it final: a must-have to negotiate.
    answers[0].provenance = None;
    let v = global(&answers);
    assert_eq!(v.eligibility, Eligibility::NotEligible);
    assert_eq!(asked_why(&v, &answers), Some(RequestReason::FailsKnockout));
}

/// A question's flags are a set in `Flag` order, serialised as the list of
/// their names (what `assay score --json` prints).
#[test]
fn flags_are_a_set_in_flag_order() {
    use assay::scoring::Flags;
    for (i, f) in Flag::ALL.iter().enumerate() {
        assert_eq!(
            *f as usize, i,
            "Flag::ALL is out of the enum's order at {f:?}"
        );
    }
    let set: Flags = [Flag::Invalid, Flag::Unknown, Flag::Invalid]
        .into_iter()
        .collect();
    assert_eq!(set.to_vec(), vec![Flag::Unknown, Flag::Invalid]);
    assert!(set.contains(&Flag::Invalid) && !set.contains(&Flag::Claimed));
    assert_eq!(
        serde_json::to_string(&set).unwrap(),
        r#"["unknown","invalid"]"#
    );
    let all: Flags = Flag::ALL.into_iter().collect();
    assert_eq!(all.to_vec(), Flag::ALL.to_vec());
    assert!(Flags::default().is_empty());
}

/// The PDF and the terminal round as the app's screen does (Intl.NumberFormat,
/// halves away from zero; `ui/src/lib/format.test.ts` checks the same values
/// there): a coverage of 22.5 % is "23 %" everywhere, never 22 in the PDF and 23
/// on screen.
#[test]
fn shown_numbers_round_halves_away_from_zero_as_the_screen_does() {
    use assay::scoring::{fixed, whole_percent, Points};
    assert_eq!(whole_percent(0.225), "23");
    assert_eq!(whole_percent(0.125), "13");
    assert_eq!(whole_percent(0.2249), "22");
    assert_eq!(fixed(72.25, 1), "72.3");
    assert_eq!(fixed(72.24, 1), "72.2");
    assert_eq!(Points::from_f64(72.25).to_string(), "72.3");
}
