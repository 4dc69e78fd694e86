//! `cargo bench --bench report`: the comparison PDF, in process, font loaded once
//! outside the timed loop. Targets: the demo evaluation (8 vendors × the full
//! questionnaire, zh-CN) < 100 ms and < 400 KB; 50 vendors × 500 questions < 2 s.
//! Signing the demo report (PAdES, RSA-2048) and verifying the signed file are
//! measured beside them: what `--sign` and `assay verify` add.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use assay::answers::VendorAnswers;
use assay::report::data::{EvaluationMeta, ReportData};
use assay::report::{render, ReportFont};
use assay::store::{demo::ensure_demo, Store};
use assay::{synthetic, Lang};
use chrono::{DateTime, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The demo evaluation exactly as `assay export --evaluation` reads it.
fn demo() -> ReportData {
    let mut store = Store::open_in_memory().expect("an in-memory store");
    let id = ensure_demo(&mut store).expect("the demo loads");
    assay::app::report_data::from_store(&mut store, id).expect("the demo's report data")
}

fn large() -> ReportData {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let q = synthetic::questionnaire(500);
    let vendors = synthetic::answers(&q, 50, 7, as_of)
        .into_iter()
        .map(|(name, answers)| VendorAnswers {
            name,
            product: None,
            answers,
        })
        .collect();
    ReportData::new(
        &q,
        EvaluationMeta {
            name: "Synthetic 50 × 500".into(),
            profiles: vec!["GLOBAL".into(), "CN".into()],
            as_of,
            ..Default::default()
        },
        vendors,
    )
}

fn report(c: &mut Criterion) {
    let t = Instant::now();
    let font = ReportFont::load_default().expect("a CJK font");
    eprintln!("font {} loaded in {:?}", font.source, t.elapsed());
    let at = DateTime::parse_from_rfc3339("2026-05-04T10:30:00+08:00").unwrap();
    let demo = demo();
    for lang in [Lang::ZhCn, Lang::En] {
        let r = render(&demo, at, lang, &font).unwrap();
        eprintln!(
            "demo 8 vendors {lang:?}: {} pages, {} bytes",
            r.pages,
            r.bytes.len()
        );
    }
    c.bench_function("pdf demo 8 vendors x full questionnaire zh-CN", |b| {
        b.iter(|| render(black_box(&demo), at, Lang::ZhCn, &font).unwrap())
    });
    let identity = assay::report::sign::SigningIdentity::trial("Bench Org").unwrap();
    let unsigned = render(&demo, at, Lang::ZhCn, &font).unwrap().bytes;
    c.bench_function("sign demo report (PAdES, RSA-2048)", |b| {
        b.iter(|| {
            assay::report::sign::sign_pdf(black_box(&unsigned), &identity, at, "bench").unwrap()
        })
    });
    let signed = assay::report::sign::sign_pdf(&unsigned, &identity, at, "bench").unwrap();
    c.bench_function("verify signed demo report (re-render + revisions)", |b| {
        b.iter(|| assert!(assay::report::verify(black_box(&signed), Some(&font)).ok()))
    });
    let large = large();
    let t = Instant::now();
    let r = render(&large, at, Lang::ZhCn, &font).unwrap();
    eprintln!(
        "synthetic 50 x 500 zh-CN: {} pages, {} bytes, first run {:?}",
        r.pages,
        r.bytes.len(),
        t.elapsed()
    );
    let mut g = c.benchmark_group("large");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("pdf 50 vendors x 500 questions zh-CN", |b| {
        b.iter(|| render(black_box(&large), at, Lang::ZhCn, &font).unwrap())
    });
    g.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
