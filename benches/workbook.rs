//! `cargo bench --bench workbook`: reading the filled 87-question workbook of the
//! shipped questionnaire (open the zip, find sheets and header rows, map labels,
//! check every answer with `scoring::read`); target < 200 ms. Also the blank export.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use assay::catalog;
use assay::workbook::fixtures::{fill_all, rewrite};
use assay::workbook::{self, WbLang};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let q = assay::questionnaire::load_str("shipped", catalog::BUNDLED[0].1)
        .into_result()
        .expect("shipped questionnaire");
    let (fill, expected) = fill_all(&q);
    let filled = rewrite(
        &workbook::export_blank(&q, WbLang::En).expect("export"),
        &fill,
    );
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
    assert_eq!(
        workbook::import(&filled, "acme.xlsx", &q, today)
            .expect("valid")
            .len(),
        expected.len()
    );
    c.bench_function("workbook_import_87_questions", |b| {
        b.iter(|| black_box(workbook::import(black_box(&filled), "acme.xlsx", &q, today)))
    });
    c.bench_function("workbook_export_blank_both", |b| {
        b.iter(|| black_box(workbook::export_blank(&q, WbLang::Both)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
