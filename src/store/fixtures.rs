//! Generated questionnaires and evaluations for tests and benchmarks (not shipped data).

/// A valid questionnaire `synthetic@1.0.0` with `questions` yes/no questions in
/// sections of at most 50 (ids `Q0001`…), one profile `P`.
pub fn synthetic_questionnaire_json(questions: usize) -> String {
    let sections = questions.div_ceil(50).max(1);
    let text = |s: &str| serde_json::json!({"en": s, "zh-CN": s});
    let mut secs = Vec::new();
    let mut weights = serde_json::Map::new();
    for si in 0..sections {
        let id = format!("S{si:02}");
        weights.insert(id.clone(), serde_json::json!(1.0));
        let qs: Vec<_> = (si * 50..((si + 1) * 50).min(questions))
            .map(|qi| {
                serde_json::json!({
                    "id": format!("Q{:04}", qi + 1),
                    "text": text(&format!("Question {}?", qi + 1)),
                    "weight": (qi % 5 + 1) as f64,
                    "answer": {"type": "yes_no"},
                    "na_allowed": true,
                    "mappings": [{"framework": "TEST", "version": "1", "ref": format!("T-{}", qi + 1)}]
                })
            })
            .collect();
        secs.push(
            serde_json::json!({"id": id, "title": text(&format!("Section {si}")), "questions": qs}),
        );
    }
    serde_json::to_string_pretty(&serde_json::json!({
        "id": "synthetic",
        "version": "1.0.0",
        "title": text("Synthetic questionnaire"),
        "profiles": [{"id": "P", "name": text("Profile"), "description": text("Test profile"), "section_weights": weights}],
        "sections": secs,
    }))
    .expect("serializable")
}

/// A new evaluation of [`synthetic_questionnaire_json`]`(questions)` with profile
/// `P`, judged at 2026-11-01.
pub fn synthetic_evaluation(questions: usize) -> crate::store::NewEvaluation {
    crate::store::NewEvaluation {
        name: "Test evaluation".into(),
        notes: "notes".into(),
        profiles: vec!["P".into()],
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date"),
        evaluators: vec!["alice".into(), "bob".into()],
        questionnaire_json: synthetic_questionnaire_json(questions),
        section_weights: None,
    }
}
