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

/// Large comparisons are scored on several threads (`compare` spreads vendors over
/// the cores above a work threshold): each vendor's result must be exactly what
/// scoring it alone gives, and every vendor is there once.
#[test]
fn a_large_comparison_scores_each_vendor_as_scoring_it_alone_does() {
    use assay::scoring::{compare, score_vendor, ScoringContext, VendorInput};
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let q = assay::synthetic::questionnaire(500);
    let vendors = assay::synthetic::answers(&q, 12, 7, as_of);
    let inputs: Vec<VendorInput> = vendors
        .iter()
        .map(|(name, answers)| VendorInput { name, answers })
        .collect();
    let ctx = ScoringContext {
        profiles: vec!["GLOBAL".into(), "CN".into()],
        as_of,
        section_weights: None,
        min_coverage: 0.0,
    };
    let together = compare(&q, &ctx, &inputs);
    assert_eq!(together.len(), 12);
    // Ranks depend on the others; everything else is the vendor's own.
    let without_rank = |score: &assay::scoring::VendorScore| {
        let mut json = serde_json::to_value(score).unwrap();
        let object = json.as_object_mut().unwrap();
        object.remove("rank");
        object.remove("tied_with");
        json
    };
    for score in &together {
        let input = inputs.iter().find(|v| v.name == score.vendor).unwrap();
        let alone = score_vendor(&q, &ctx, input.name, input.answers);
        assert_eq!(
            without_rank(score),
            without_rank(&alone),
            "{}",
            score.vendor
        );
    }
    let mut names: Vec<&str> = together.iter().map(|s| s.vendor.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 12, "every vendor exactly once");
}
