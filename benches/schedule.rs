//! `cargo bench --bench schedule`: one vendor's security schedule (issue 16:
//! < 100 ms), in process: the fictional example's first vendor (4 vendors × the
//! full questionnaire, all answered) from its report data, both languages —
//! scoring, the clauses and the DOCX bytes.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use assay::schedule;
use assay::store::Store;
use assay::workbook::WbLang;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    let id = assay::app::evaluations::example(&mut store).unwrap();
    let data = assay::app::report_data::from_store(&mut store, id).unwrap();
    let vendor = data.vendors[0].name.clone();
    let (_, text) = schedule::bundled(&data.questionnaire.id).unwrap();
    let clauses = schedule::load("clauses.json", text, &data.questionnaire).unwrap();
    c.bench_function(
        "schedule: one vendor of the example, both languages, DOCX",
        |b| {
            b.iter(|| {
                let built = schedule::build(black_box(&data), &clauses, &vendor).unwrap();
                black_box(schedule::write_docx(&built, WbLang::Both).unwrap())
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
