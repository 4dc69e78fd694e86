//! `cargo bench --bench scoring`: scoring 50 vendors × 500 questions (target < 5 ms
//! wall time, what the user waits for; the CPU time of all threads is reported beside it).

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use assay::scoring::{compare, ScoringContext, VendorInput};
use assay::synthetic;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

mod cpu_time;

fn scoring(c: &mut Criterion) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let q = synthetic::questionnaire(500);
    assert!(
        assay::questionnaire::load_str("synthetic.json", &serde_json::to_string(&q).unwrap())
            .diagnostics
            .is_empty()
    );
    let vendors = synthetic::answers(&q, 50, 7, as_of);
    let inputs: Vec<VendorInput> = vendors
        .iter()
        .map(|(n, a)| VendorInput {
            name: n,
            answers: a,
        })
        .collect();
    let ctx = ScoringContext {
        profiles: vec!["GLOBAL".into(), "CN".into()],
        as_of,
        section_weights: None,
        min_coverage: assay::scoring::DEFAULT_MIN_COVERAGE,
    };
    c.bench_function("score 50 vendors x 500 questions", |b| {
        b.iter(|| compare(black_box(&q), black_box(&ctx), black_box(&inputs)))
    });
    // `compare` scores vendors on every core when the work is this large, so the
    // CPU figure is all threads' time: the work done, whatever the wall time.
    c.bench_function(
        "score 50 vendors x 500 questions (CPU time, all threads)",
        |b| {
            b.iter_custom(|iters| {
                cpu_time::iter_process_cpu(iters, || {
                    compare(black_box(&q), black_box(&ctx), black_box(&inputs))
                })
            })
        },
    );
    c.bench_function("load and validate the shipped questionnaire", |b| {
        b.iter(|| assay::questionnaire::load_str("q.json", black_box(assay::catalog::BUNDLED[0].1)))
    });
}

criterion_group!(benches, scoring);
criterion_main!(benches);
