//! Deterministic synthetic questionnaires and answers of any size, for benchmarks
//! (50 vendors × 500 questions) and load tests. Not used by the product itself.

use crate::answers::{Answer, AnswerValue, Evidence, EvidenceKind};
use crate::questionnaire::*;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn text(en: String) -> Text {
    Text {
        zh_cn: format!("（中文）{en}"),
        en,
    }
}

/// A valid questionnaire with `questions` questions over 8 sections, cycling
/// through every answer type, with knockouts, evidence rules and conditions.
pub fn questionnaire(questions: usize) -> Questionnaire {
    let section_ids: Vec<String> = (0..8).map(|i| format!("S{i}")).collect();
    let weights: BTreeMap<String, f64> = section_ids
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), 5.0 + i as f64))
        .collect();
    let profile = |id: &str| Profile {
        id: id.to_string(),
        name: text(id.to_string()),
        description: text(format!("{id} profile")),
        section_weights: weights.clone(),
    };
    let mut sections: Vec<Section> = section_ids
        .iter()
        .map(|id| Section {
            id: id.clone(),
            title: text(format!("Section {id}")),
            short_title: None,
            description: None,
            questions: vec![],
        })
        .collect();
    for n in 0..questions {
        let id = format!("Q-{n:04}");
        let options = |k: usize| -> Vec<ChoiceOption> {
            (0..k)
                .map(|i| ChoiceOption {
                    id: format!("o{i}"),
                    label: text(format!("Option {i}")),
                    score: (100 * i / (k - 1)) as f64,
                })
                .collect()
        };
        let answer = match n % 6 {
            0 => AnswerSpec::YesNo,
            1 => AnswerSpec::YesPartialNo,
            2 => AnswerSpec::Choice {
                options: options(4),
            },
            3 => AnswerSpec::Multi {
                options: (0..5)
                    .map(|i| MultiOption {
                        id: format!("m{i}"),
                        label: text(format!("Item {i}")),
                        points: 25.0,
                    })
                    .collect(),
            },
            4 => AnswerSpec::Number {
                unit: Unit::Hours,
                bands: vec![
                    Band {
                        at_most: Some(4.0),
                        at_least: None,
                        score: 100.0,
                    },
                    Band {
                        at_most: Some(24.0),
                        at_least: None,
                        score: 70.0,
                    },
                    Band {
                        at_most: Some(72.0),
                        at_least: None,
                        score: 40.0,
                    },
                ],
                otherwise: 0.0,
                alternatives: options(2),
            },
            _ => AnswerSpec::Date {
                measure: DateMeasure::DaysUntil,
                bands: vec![
                    Band {
                        at_most: None,
                        at_least: Some(91.0),
                        score: 100.0,
                    },
                    Band {
                        at_most: None,
                        at_least: Some(0.0),
                        score: 70.0,
                    },
                ],
                otherwise: 0.0,
            },
        };
        let knockouts = if n % 25 == 0 {
            vec![Knockout {
                profiles: if n % 50 == 0 {
                    None
                } else {
                    Some(vec!["CN".into()])
                },
                rule: KnockoutRule::MinScore(50.0),
                description: text(format!("{id} must score 50")),
            }]
        } else {
            vec![]
        };
        let show_if = (n % 48 == 6).then(|| Condition::Answer {
            question: format!("Q-{:04}", n - 6),
            one_of: vec!["yes".into()],
        });
        sections[n % 8].questions.push(Question {
            id: id.clone(),
            text: text(format!("Question {n}: does the vendor do the thing?")),
            help: None,
            vendor_guidance: None,
            weight: Some((1 + n % 5) as f64),
            answer,
            na_allowed: n % 3 == 0,
            evidence: (n % 4 == 0).then(|| EvidenceRule {
                required: true,
                ask_for: vec![EvidenceField::CertificateNumber],
                note: None,
                missing_factor: 0.5,
                expired_factor: 0.0,
            }),
            knockouts,
            mappings: vec![Mapping {
                framework: "Synthetic".into(),
                version: "1".into(),
                reference: id,
                note: None,
            }],
            show_if,
        });
    }
    Questionnaire {
        schema: None,
        id: "synthetic".into(),
        version: "1.0.0".into(),
        title: text("Synthetic questionnaire".into()),
        description: None,
        profiles: vec![profile("GLOBAL"), profile("CN")],
        sections,
        upgrades_from: Vec::new(),
    }
}

/// Answers for `vendors` vendors, about 90 % of questions answered, reproducible
/// from `seed`.
pub fn answers(
    q: &Questionnaire,
    vendors: usize,
    seed: u64,
    as_of: NaiveDate,
) -> Vec<(String, Vec<Answer>)> {
    let mut state = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..vendors)
        .map(|v| {
            let answers = q
                .questions()
                .filter_map(|(_, question)| {
                    if next() % 10 == 0 {
                        return None;
                    }
                    let value = match &question.answer {
                        AnswerSpec::YesNo => AnswerValue::Text(["yes", "no"][next() % 2].into()),
                        AnswerSpec::YesPartialNo => {
                            AnswerValue::Text(["yes", "partial", "no"][next() % 3].into())
                        }
                        AnswerSpec::Choice { options } => {
                            AnswerValue::Text(options[next() % options.len()].id.clone())
                        }
                        AnswerSpec::Multi { options } => AnswerValue::List(
                            options
                                .iter()
                                .filter(|_| next() % 2 == 0)
                                .map(|o| o.id.clone())
                                .collect(),
                        ),
                        AnswerSpec::Number { .. } => AnswerValue::Number((next() % 100) as f64),
                        AnswerSpec::Date { .. } => AnswerValue::Text(
                            (as_of + chrono::Duration::days((next() % 1000) as i64 - 300))
                                .format("%Y-%m-%d")
                                .to_string(),
                        ),
                        AnswerSpec::Text => AnswerValue::Text("notes".into()),
                    };
                    let evidence = if question.evidence.is_some() && next() % 3 != 0 {
                        vec![Evidence {
                            kind: EvidenceKind::Certificate,
                            identifier: Some(format!("C-{}", next() % 10_000)),
                            issuer: Some("Synthetic CB".into()),
                            scope: None,
                            issued: None,
                            expires: Some(
                                as_of + chrono::Duration::days((next() % 900) as i64 - 200),
                            ),
                            url: None,
                        }]
                    } else {
                        vec![]
                    };
                    Some(Answer {
                        question: question.id.clone(),
                        value: Some(value),
                        evidence,
                        ..Default::default()
                    })
                })
                .collect();
            (format!("Vendor {v:02}"), answers)
        })
        .collect()
}
