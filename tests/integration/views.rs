//! The app's comparison screen data for the demo evaluation: ranked vendors,
//! gates in words, section columns in questionnaire order.

use assay::scoring::Eligibility;
use assay::store::{demo, Store};
use assay::views::comparison_view;

#[test]
fn the_demo_comparison_lists_every_vendor_ranked_with_its_gates() {
    let mut store = Store::open_in_memory().unwrap();
    let id = demo::ensure_demo(&mut store).unwrap();
    let view = comparison_view(&store.comparison(id).unwrap());
    assert!(view.evaluation.name.contains("Illustrative sample"));
    assert!(view.evaluation.illustrative);
    assert_eq!(view.vendors.len(), 8);
    let ids: Vec<&str> = view.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["TRN", "E2E", "CNC", "KEY", "CRT", "IRV", "IAM", "DAT"]
    );
    let share_sum: f64 = view.sections.iter().map(|s| s.share).sum();
    assert!((share_sum - 1.0).abs() < 1e-9);
    for (i, v) in view.vendors.iter().enumerate() {
        assert_eq!(v.rank, i + 1);
        assert_eq!(v.section_scores.len(), 8);
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
                    && !f.reason.is_empty()
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
        Eligibility::NotEligible => 2,
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
