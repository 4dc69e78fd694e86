//! The synthetic questionnaire used by benchmarks is itself a valid questionnaire.

#[test]
fn the_synthetic_benchmark_questionnaire_is_valid() {
    let q = assay::synthetic::questionnaire(500);
    let loaded =
        assay::questionnaire::load_str("synthetic.json", &serde_json::to_string(&q).unwrap());
    assert!(
        loaded.diagnostics.is_empty(),
        "{:#?}",
        &loaded.diagnostics[..loaded.diagnostics.len().min(5)]
    );
    assert_eq!(q.questions().count(), 500);
}
