//! Properties of the scoring engine over random answer sets, on the mini
//! questionnaire and on the shipped one.

use crate::support::*;
use assay::answers::{Answer, AnswerState, AnswerValue, Evidence, EvidenceKind};
use assay::questionnaire::{AnswerSpec, Condition, DateMeasure, Question, Questionnaire};
use assay::scoring::{
    compare, score_vendor, Points, QuestionStatus, ScoreRange, ScoringContext, VendorInput,
    VendorScore, Verdict,
};
use chrono::Duration;
use proptest::prelude::*;
use proptest::sample::subsequence;
use std::collections::{BTreeMap, HashSet};

const AS_OF: &str = "2026-11-29";

fn evidence_strategy() -> impl Strategy<Value = Vec<Evidence>> {
    prop_oneof![
        Just(vec![]),
        (-400i64..800).prop_map(|days| vec![Evidence {
            kind: EvidenceKind::Certificate,
            identifier: Some("CERT-1".into()),
            issuer: None,
            scope: None,
            issued: None,
            expires: Some(date(AS_OF) + Duration::days(days)),
            url: None,
        }]),
    ]
}

/// Any answer the question's type admits, or none, with or without evidence.
fn answer_strategy(question: &Question) -> BoxedStrategy<Option<Answer>> {
    let id = question.id.clone();
    let value: BoxedStrategy<AnswerValue> = match &question.answer {
        AnswerSpec::Multi { options } => {
            let ids: Vec<String> = options.iter().map(|o| o.id.clone()).collect();
            let n = ids.len();
            subsequence(ids, 0..=n).prop_map(AnswerValue::List).boxed()
        }
        AnswerSpec::Number { alternatives, .. } => {
            let mut words: Vec<String> = alternatives.iter().map(|a| a.id.clone()).collect();
            words.push("none".into());
            prop_oneof![
                3 => (0u32..2000).prop_map(|n| AnswerValue::Number(n as f64 / 4.0)),
                1 => proptest::sample::select(words).prop_map(AnswerValue::Text),
            ]
            .boxed()
        }
        AnswerSpec::Date { .. } => (-1500i64..1500)
            .prop_map(|d| {
                AnswerValue::Text(
                    (date(AS_OF) + Duration::days(d))
                        .format("%Y-%m-%d")
                        .to_string(),
                )
            })
            .boxed(),
        AnswerSpec::Text => "[a-z ]{0,12}".prop_map(AnswerValue::Text).boxed(),
        spec => {
            let ids: Vec<String> = spec
                .selectable_ids()
                .iter()
                .map(|s| s.to_string())
                .collect();
            proptest::sample::select(ids)
                .prop_map(AnswerValue::Text)
                .boxed()
        }
    };
    let na_allowed = question.na_allowed;
    let given = (value, evidence_strategy()).prop_map({
        let id = id.clone();
        move |(value, evidence)| Answer {
            question: id.clone(),
            value: Some(value),
            evidence,
            ..Default::default()
        }
    });
    let na = Just(Answer {
        question: id.clone(),
        na: Some("not offered".into()),
        ..Default::default()
    });
    // Asked and awaiting, declined, or unknown after asking: no value.
    let state = proptest::sample::select(vec![
        AnswerState::AwaitingVendor,
        AnswerState::Declined,
        AnswerState::Unknown,
    ])
    .prop_map(move |state| Answer {
        question: id.clone(),
        state: Some(state),
        ..Default::default()
    });
    if na_allowed {
        prop_oneof![1 => Just(None), 4 => given.prop_map(Some), 1 => na.prop_map(Some), 1 => state.prop_map(Some)].boxed()
    } else {
        prop_oneof![1 => Just(None), 4 => given.prop_map(Some), 1 => state.prop_map(Some)].boxed()
    }
}

fn answers_strategy(q: &Questionnaire) -> impl Strategy<Value = Vec<Answer>> {
    let per_question: Vec<BoxedStrategy<Option<Answer>>> = q
        .questions()
        .map(|(_, question)| answer_strategy(question))
        .collect();
    per_question.prop_map(|answers| answers.into_iter().flatten().collect())
}

fn profiles_strategy(q: &Questionnaire) -> impl Strategy<Value = Vec<String>> {
    let ids: Vec<String> = q.profiles.iter().map(|p| p.id.clone()).collect();
    let n = ids.len();
    subsequence(ids, 1..=n)
}

fn context(profiles: Vec<String>) -> ScoringContext {
    ScoringContext {
        profiles,
        as_of: date(AS_OF),
        section_weights: None,
        min_coverage: assay::scoring::DEFAULT_MIN_COVERAGE,
    }
}

/// The best answer a question admits, keeping the evidence of `current`.
fn best_answer(question: &Question, current: Option<&Answer>) -> Answer {
    let as_of = date(AS_OF);
    let value = match &question.answer {
        AnswerSpec::YesNo | AnswerSpec::YesPartialNo => AnswerValue::Text("yes".into()),
        AnswerSpec::Choice { options } => {
            let best = options
                .iter()
                .max_by(|a, b| a.score.total_cmp(&b.score))
                .unwrap();
            AnswerValue::Text(best.id.clone())
        }
        AnswerSpec::Multi { options } => {
            AnswerValue::List(options.iter().map(|o| o.id.clone()).collect())
        }
        AnswerSpec::Number {
            bands,
            otherwise,
            alternatives,
            ..
        } => {
            let best_band = bands
                .iter()
                .max_by(|a, b| a.score.total_cmp(&b.score))
                .unwrap();
            let best_alt = alternatives
                .iter()
                .max_by(|a, b| a.score.total_cmp(&b.score));
            match best_alt {
                Some(alt) if alt.score > best_band.score.max(*otherwise) => {
                    AnswerValue::Text(alt.id.clone())
                }
                _ if *otherwise > best_band.score => AnswerValue::Number(1e9),
                _ => AnswerValue::Number(best_band.at_most.or(best_band.at_least).unwrap()),
            }
        }
        AnswerSpec::Date { measure, bands, .. } => {
            let best = bands
                .iter()
                .max_by(|a, b| a.score.total_cmp(&b.score))
                .unwrap();
            let days = best.at_most.or(best.at_least).unwrap() as i64;
            let d = match measure {
                DateMeasure::DaysUntil => as_of + Duration::days(days),
                DateMeasure::DaysSince => as_of - Duration::days(days.max(0)),
            };
            AnswerValue::Text(d.format("%Y-%m-%d").to_string())
        }
        AnswerSpec::Text => AnswerValue::Text("anything".into()),
    };
    Answer {
        question: question.id.clone(),
        value: Some(value),
        evidence: current.map(|a| a.evidence.clone()).unwrap_or_default(),
        ..Default::default()
    }
}

fn condition_targets(q: &Questionnaire) -> HashSet<String> {
    fn walk(c: &Condition, out: &mut HashSet<String>) {
        match c {
            Condition::Answer { question, .. } => {
                out.insert(question.clone());
            }
            Condition::Profile { .. } => {}
            Condition::All { all: list } | Condition::Any { any: list } => {
                list.iter().for_each(|c| walk(c, out))
            }
        }
    }
    let mut out = HashSet::new();
    for (_, question) in q.questions() {
        if let Some(c) = &question.show_if {
            walk(c, &mut out);
        }
    }
    out
}

fn check_bounds_and_sums(v: &VendorScore) -> Result<(), TestCaseError> {
    prop_assert!(
        (0.0..=100.0).contains(&v.total.as_f64()),
        "total {}",
        v.total
    );
    let mut total = Points(0);
    for s in &v.sections {
        if let Some(score) = s.score {
            prop_assert!(
                (0.0..=100.0 + 1e-9).contains(&score),
                "section {} {}",
                s.section,
                score
            );
        }
        let sum: Points = s.questions.iter().map(|q| q.contribution).sum();
        prop_assert_eq!(sum, s.contribution);
        for q in &s.questions {
            prop_assert!(
                (0.0..=100.0).contains(&q.score),
                "question {} {}",
                q.question,
                q.score
            );
        }
        total = Points(total.0 + s.contribution.0);
    }
    prop_assert_eq!(total, v.total);
    prop_assert!((0.0..=1.0).contains(&v.completeness));
    check_ranges(v)?;
    Ok(())
}

/// floor ≤ point ≤ ceiling everywhere; coverage in 0–1; no data is never a score.
fn check_ranges(v: &VendorScore) -> Result<(), TestCaseError> {
    let ordered = |r: &ScoreRange, what: &str| -> Result<(), TestCaseError> {
        prop_assert!(
            r.floor <= r.point + 1e-9 && r.point <= r.ceiling + 1e-9,
            "{what}: {:?}",
            r
        );
        prop_assert!(
            r.floor >= 0.0 && r.ceiling <= 100.0 + 1e-9,
            "{what}: {:?}",
            r
        );
        Ok(())
    };
    prop_assert!(v.range.floor <= v.range.point && v.range.point <= v.range.ceiling);
    prop_assert_eq!(v.range.point, v.total);
    prop_assert!((0.0..=1.0).contains(&v.coverage), "coverage {}", v.coverage);
    for s in &v.sections {
        if let Some(r) = &s.range {
            ordered(r, &s.section)?;
        }
        let known = s.questions.iter().any(|q| q.status.is_known());
        prop_assert_eq!(
            s.score.is_some(),
            known && s.range.is_some(),
            "{}",
            &s.section
        );
        for q in &s.questions {
            ordered(&q.range, &q.question)?;
            prop_assert!(q.contribution_range.floor <= q.contribution_range.point);
            prop_assert!(q.contribution_range.point <= q.contribution_range.ceiling);
            if q.status == QuestionStatus::Unknown {
                prop_assert!(q.open.is_some(), "{}", &q.question);
            }
        }
    }
    Ok(())
}

/// Total, per-section contributions and per-question (score bits, contribution), by id.
type ById = (
    Points,
    BTreeMap<String, Points>,
    BTreeMap<String, (u64, Points)>,
);

/// Per-section and per-question figures keyed by id, independent of order.
fn by_id(v: &VendorScore) -> ById {
    let sections = v
        .sections
        .iter()
        .map(|s| (s.section.clone(), s.contribution))
        .collect();
    let questions = v
        .questions()
        .map(|q| (q.question.to_string(), (q.score.to_bits(), q.contribution)))
        .collect();
    (v.total, sections, questions)
}

fn questionnaires() -> Vec<Questionnaire> {
    vec![mini(), shipped()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn scores_stay_in_range_and_the_breakdown_sums_to_the_total(
        (q, profiles, answers) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), answers_strategy(&q)))
    ) {
        let v = score_vendor(&q, &context(profiles), "V", &answers);
        check_bounds_and_sums(&v)?;
    }

    #[test]
    fn improving_one_answer_never_lowers_the_total(
        (q, profiles, answers, pick) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), answers_strategy(&q), any::<prop::sample::Index>()))
    ) {
        let targets = condition_targets(&q);
        let candidates: Vec<&Question> = q.questions().map(|(_, question)| question)
            .filter(|question| !targets.contains(&question.id))
            .filter(|question| !answers.iter().any(|a| a.question == question.id && a.na.is_some()))
            .collect();
        prop_assume!(!candidates.is_empty());
        let question = candidates[pick.index(candidates.len())];
        let ctx = context(profiles);
        let before = score_vendor(&q, &ctx, "V", &answers);
        let mut improved: Vec<Answer> = answers.iter().filter(|a| a.question != question.id).cloned().collect();
        improved.push(best_answer(question, answers.iter().find(|a| a.question == question.id)));
        let after = score_vendor(&q, &ctx, "V", &improved);
        prop_assert!(after.total >= before.total, "{}: {} -> {}", question.id, before.total, after.total);
    }

    #[test]
    fn reordering_questions_and_sections_changes_nothing(
        (q, profiles, answers, seed) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), answers_strategy(&q), any::<u64>()))
    ) {
        let mut shuffled = q.clone();
        let mut rng = seed;
        let mut next = move || { rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (rng >> 33) as usize };
        for s in &mut shuffled.sections {
            for i in (1..s.questions.len()).rev() { let j = next() % (i + 1); s.questions.swap(i, j); }
        }
        for i in (1..shuffled.sections.len()).rev() { let j = next() % (i + 1); shuffled.sections.swap(i, j); }
        let mut reversed_answers = answers.clone();
        reversed_answers.reverse();
        let ctx = context(profiles);
        let a = score_vendor(&q, &ctx, "V", &answers);
        let b = score_vendor(&shuffled, &ctx, "V", &reversed_answers);
        prop_assert_eq!(by_id(&a), by_id(&b));
        prop_assert_eq!(a.eligibility, b.eligibility);
        prop_assert_eq!(a.completeness, b.completeness);
    }

    #[test]
    fn reordering_vendors_changes_nothing(
        (q, profiles, sets) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), proptest::collection::vec(answers_strategy(&q), 1..5)))
    ) {
        let names: Vec<String> = (0..sets.len()).map(|i| format!("Vendor {i}")).collect();
        let forward: Vec<VendorInput> = names.iter().zip(&sets).map(|(n, a)| VendorInput { name: n, answers: a }).collect();
        let mut backward = forward.clone();
        backward.reverse();
        let ctx = context(profiles);
        prop_assert_eq!(compare(&q, &ctx, &forward), compare(&q, &ctx, &backward));
    }

    /// A value given where none was never widens what is not known: the floor
    /// does not fall and the ceiling does not rise. (Questions other questions'
    /// conditions read are left out: answering one may show new, unknown questions.)
    #[test]
    fn adding_a_valid_answer_never_widens_the_range(
        (q, profiles, answers, alternative, pick) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), answers_strategy(&q), answers_strategy(&q), any::<prop::sample::Index>()))
    ) {
        let targets = condition_targets(&q);
        let open: Vec<&Answer> = alternative.iter()
            .filter(|a| a.value.is_some() && !targets.contains(&a.question))
            .filter(|a| !answers.iter().any(|b| b.question == a.question && (b.value.is_some() || b.na.is_some() || b.state == Some(AnswerState::Declined))))
            .collect();
        prop_assume!(!open.is_empty());
        let added = open[pick.index(open.len())];
        let ctx = context(profiles);
        let before = score_vendor(&q, &ctx, "V", &answers);
        let mut after_answers: Vec<Answer> = answers.iter().filter(|a| a.question != added.question).cloned().collect();
        after_answers.push(added.clone());
        let after = score_vendor(&q, &ctx, "V", &after_answers);
        prop_assert!(after.range.floor >= before.range.floor, "{}: floor {} -> {}", added.question, before.range.floor, after.range.floor);
        prop_assert!(after.range.ceiling <= before.range.ceiling, "{}: ceiling {} -> {}", added.question, before.range.ceiling, after.range.ceiling);
        prop_assert!(after.coverage + 1e-12 >= before.coverage);
    }

    /// Recording evidence never does more harm than recording nothing: whatever
    /// its dates, the question's score and the total do not fall.
    #[test]
    fn adding_any_evidence_never_lowers_a_score(
        (q, profiles, answers, pick, days, issued_late) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), answers_strategy(&q), any::<prop::sample::Index>(), -800i64..800, any::<bool>()))
    ) {
        let given: Vec<&Answer> = answers.iter().filter(|a| a.value.is_some()).collect();
        prop_assume!(!given.is_empty());
        let target = given[pick.index(given.len())].question.clone();
        let ctx = context(profiles);
        let before = score_vendor(&q, &ctx, "V", &answers);
        let piece = Evidence {
            kind: EvidenceKind::AuditReport,
            identifier: Some("R-1".into()),
            issuer: None,
            scope: None,
            issued: issued_late.then(|| date(AS_OF) + Duration::days(30)),
            expires: Some(date(AS_OF) + Duration::days(days)),
            url: None,
        };
        let with: Vec<Answer> = answers.iter().cloned().map(|mut a| {
            if a.question == target { a.evidence.push(piece.clone()); }
            a
        }).collect();
        let after = score_vendor(&q, &ctx, "V", &with);
        let score = |v: &VendorScore| v.question(&target).map(|s| s.score).unwrap_or(0.0);
        prop_assert!(score(&after) >= score(&before), "{}: {} -> {}", target, score(&before), score(&after));
        prop_assert!(after.total >= before.total, "{}: total {} -> {}", target, before.total, after.total);
    }

    /// An evaluation nobody has answered (or only "awaiting" and "unknown") ranks
    /// nobody and decides nothing.
    #[test]
    fn vendors_without_answers_have_no_rank(
        (q, profiles, n, states) in proptest::sample::select(questionnaires())
            .prop_flat_map(|q| (Just(q.clone()), profiles_strategy(&q), 1usize..5, any::<bool>()))
    ) {
        let names: Vec<String> = (0..n).map(|i| format!("Vendor {i}")).collect();
        let open: Vec<Answer> = if states {
            q.questions().enumerate().map(|(i, (_, question))| Answer {
                question: question.id.clone(),
                state: Some(if i % 2 == 0 { AnswerState::AwaitingVendor } else { AnswerState::Unknown }),
                ..Default::default()
            }).collect()
        } else {
            Vec::new()
        };
        let inputs: Vec<VendorInput> = names.iter().map(|name| VendorInput { name, answers: &open }).collect();
        for threshold in [0.0, 0.6, 1.0] {
            let mut ctx = context(profiles.clone());
            ctx.min_coverage = threshold;
            for v in compare(&q, &ctx, &inputs) {
                prop_assert_eq!(v.rank, None);
                prop_assert_eq!(v.coverage, 0.0);
                prop_assert_eq!(v.decision.verdict, Verdict::NotEnoughInformation);
                prop_assert!(v.sections.iter().all(|s| s.score.is_none()));
            }
        }
    }
}
