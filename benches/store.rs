//! `cargo bench --bench store`: the store's two hot paths.
//! - saving one answer with its audit row (target p99 < 2 ms), on a file database
//!   in WAL mode; p50/p99 are printed from a separate timed loop of 5,000 saves;
//! - loading and scoring a 50-vendor × 500-question evaluation (target < 50 ms),
//!   cold (open the database, parse the questionnaire snapshot) and warm.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use assay::store::fixtures::{
    synthetic_answer, synthetic_answered_evaluation, synthetic_evaluation,
};
use assay::store::{NewVendor, Store};
use criterion::{criterion_group, criterion_main, Criterion};

mod cpu_time;
use std::hint::black_box;
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn save_answer(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("bench.db")).unwrap();
    let e = s.create_evaluation(&synthetic_evaluation(500)).unwrap();
    let v = s
        .add_vendor(
            e,
            &NewVendor {
                name: "V".into(),
                ..NewVendor::default()
            },
        )
        .unwrap();
    // Timed loop for percentiles: each save changes the answer, so it writes an audit row.
    let mut times = Vec::with_capacity(5000);
    for i in 0..5000 {
        let a = synthetic_answer(format!("Q{:04}", i % 500 + 1), i);
        let t = Instant::now();
        s.set_answer(v, &a).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "save one answer + audit row (5000 saves): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    let mut i = 5000;
    c.bench_function("save one answer with its audit row", |b| {
        b.iter(|| {
            i += 1;
            s.set_answer(v, &synthetic_answer(format!("Q{:04}", i % 500 + 1), i))
                .unwrap();
        })
    });
}

fn load_and_score(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let e = synthetic_answered_evaluation(&mut Store::open(&path).unwrap(), 50, 500).unwrap();
    let mut warm = Store::open(&path).unwrap();
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let mut s = Store::open(&path).unwrap();
        black_box(s.comparison(e).unwrap());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "open + load + score 50 vendors x 500 questions (cold, 50 runs): p50 {:.1} ms, max {:.1} ms",
        percentile(&times, 0.5),
        times[times.len() - 1]
    );
    let mut g = c.benchmark_group("load and score 50 vendors x 500 questions");
    g.sample_size(20);
    g.bench_function("warm (snapshot parsed)", |b| {
        b.iter(|| black_box(warm.comparison(e).unwrap()))
    });
    g.bench_function("warm, thread CPU time", |b| {
        b.iter_custom(|iters| cpu_time::iter_cpu(iters, || warm.comparison(e).unwrap()))
    });
    g.bench_function("cold (open database + parse snapshot)", |b| {
        b.iter(|| {
            let mut s = Store::open(&path).unwrap();
            black_box(s.comparison(e).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, save_answer, load_and_score);
criterion_main!(benches);
