//! `cargo bench --bench team`: 20 evaluators saving answers at once on one
//! PostgreSQL team database (issue 18), each as their own database user, on a
//! throw-away cluster (scripts/pg-test-cluster).
//!
//! Each evaluator reads an answer's revision and saves over it, as the app
//! does: 20 vendors × 25 questions, each evaluator 250 saves to answers
//! picked at random (so two people often save the same answer). A save
//! based on an outdated revision is refused by the database (a conflict);
//! the evaluator reads again and saves again. Printed: save latency p50/p99
//! (the successful saves: one UPDATE with its change-log row and notice, one
//! round trip each), conflicts, and the lost-update check: every answer's
//! final revision is 1 + the saves the evaluators were told succeeded, and
//! its value the last of them.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use postgres::{Client, NoTls};
use std::sync::{Arc, Barrier};
use std::time::Instant;

const EVALUATORS: usize = 20;
const VENDORS: i64 = 20;
const QUESTIONS: i64 = 25;
const SAVES_EACH: usize = 250;

fn main() {
    // The cluster lives as long as this process.
    let cluster = assay::store::fixtures::start_pg_test_cluster();
    let port = cluster.port.to_string();
    let pgpass = cluster.pgpass.clone();
    let su_password = cluster.superuser_password.clone();
    let connect = |user: &str, password: &str, db: &str| {
        Client::connect(
            &format!("host=127.0.0.1 port={port} user={user} password={password} dbname={db}"),
            NoTls,
        )
        .unwrap()
    };
    connect("postgres", &su_password, "postgres")
        .batch_execute("CREATE DATABASE bench")
        .unwrap();
    std::env::set_var("PGPASSFILE", &pgpass);
    let migrated =
        assay::store::team::migrate(&format!("postgres://postgres@127.0.0.1:{port}/bench"))
            .unwrap();
    assert_eq!(migrated.to, assay::store::team::TEAM_SCHEMA_VERSION);

    let mut su = connect("postgres", &su_password, "bench");
    su.batch_execute("SET search_path = assay").unwrap();
    let eval: i64 = su
        .query_one(
            "INSERT INTO evaluation (name, as_of, questionnaire_id, questionnaire_version, created_at, updated_at)
             VALUES ('Bench', '2026-12-01', 'q', '1', 'now', 'now') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    for v in 0..VENDORS {
        let vendor: i64 = su
            .query_one(
                "INSERT INTO vendor (evaluation_id, name, created_at, updated_at) VALUES ($1, $2, 'now', 'now') RETURNING id",
                &[&eval, &format!("Vendor {v}")],
            )
            .unwrap()
            .get(0);
        for q in 0..QUESTIONS {
            su.execute(
                "INSERT INTO answer (vendor_id, question, value, updated_at, updated_by) VALUES ($1, $2, '0', 'now', 'setup')",
                &[&vendor, &format!("Q-{q:02}")],
            )
            .unwrap();
        }
    }
    for i in 0..EVALUATORS {
        su.batch_execute(&format!(
            "CREATE ROLE bench_e{i} LOGIN PASSWORD 'pw{i}'; GRANT assay_evaluator TO bench_e{i};
             INSERT INTO evaluation_member (evaluation_id, member) VALUES ({eval}, 'bench_e{i}')"
        ))
        .unwrap();
    }
    let answer_ids: Vec<i64> = su
        .query("SELECT id FROM answer ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();

    let barrier = Arc::new(Barrier::new(EVALUATORS));
    let started = Instant::now();
    let workers: Vec<_> = (0..EVALUATORS)
        .map(|i| {
            let barrier = barrier.clone();
            let ids = answer_ids.clone();
            let port = port.clone();
            std::thread::spawn(move || {
                let mut c = Client::connect(
                    &format!("host=127.0.0.1 port={port} user=bench_e{i} password=pw{i} dbname=bench"),
                    NoTls,
                )
                .unwrap();
                c.batch_execute("SET search_path = assay").unwrap();
                let read = c
                    .prepare("SELECT revision FROM answer WHERE id = $1")
                    .unwrap();
                let save = c
                    .prepare("UPDATE answer SET value = $1, based_on = $2, updated_by = $3 WHERE id = $4")
                    .unwrap();
                // A small deterministic generator: the same picks every run.
                let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1);
                let mut latencies = Vec::with_capacity(SAVES_EACH);
                let mut saved: Vec<(i64, String)> = Vec::with_capacity(SAVES_EACH);
                let mut conflicts = 0usize;
                barrier.wait();
                for n in 0..SAVES_EACH {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let id = ids[(seed % ids.len() as u64) as usize];
                    let value = format!("\"e{i}-{n}\"");
                    loop {
                        let revision: i64 = c.query_one(&read, &[&id]).unwrap().get(0);
                        let t = Instant::now();
                        match c.execute(&save, &[&value, &revision, &format!("bench_e{i}"), &id]) {
                            Ok(1) => {
                                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                                saved.push((id, value.clone()));
                                break;
                            }
                            Ok(n) => panic!("a save reached {n} rows"),
                            Err(e) if e.code().map(|c| c.code()) == Some("AS005") => {
                                conflicts += 1;
                            }
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
                (latencies, saved, conflicts)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut saves_per_answer = std::collections::HashMap::<i64, i64>::new();
    let mut conflicts = 0;
    for w in workers {
        let (l, saved, c) = w.join().unwrap();
        latencies.extend(l);
        for (id, _) in saved {
            *saves_per_answer.entry(id).or_default() += 1;
        }
        conflicts += c;
    }
    let wall = started.elapsed();
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];

    // No lost update: each answer's revision counts every acknowledged save,
    // and its value is the last one the change log recorded.
    let mut lost = 0;
    for id in &answer_ids {
        let row = su
            .query_one(
                "SELECT a.revision, a.value,
                        (SELECT c.new->>'value' FROM change_log c WHERE c.table_name = 'answer'
                          AND (c.new->>'id')::bigint = a.id ORDER BY c.id DESC LIMIT 1)
                 FROM answer a WHERE a.id = $1",
                &[id],
            )
            .unwrap();
        let (revision, value, last): (i64, String, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        let acknowledged = saves_per_answer.get(id).copied().unwrap_or(0);
        if revision != 1 + acknowledged || (acknowledged > 0 && last.as_deref() != Some(&value)) {
            lost += 1;
        }
    }
    println!(
        "team saves: {EVALUATORS} evaluators × {SAVES_EACH} saves on {} answers in {:.2} s: \
         save p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} conflicts refused and saved again; \
         answers with a lost update: {lost}",
        answer_ids.len(),
        wall.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        latencies.last().unwrap(),
        conflicts
    );
    assert_eq!(lost, 0, "an acknowledged save was lost");

    // The evaluation above was written by SQL for this measurement alone (it
    // has no questionnaire): gone before the app's session reads the database.
    su.execute("DELETE FROM evaluation WHERE id = $1", &[&eval])
        .unwrap();
    load_and_score_from_team(&format!("postgres://postgres@127.0.0.1:{port}/bench"));
}

/// Loading and scoring 50 vendors × 500 questions from the team database,
/// beside the same evaluation in an SQLite file: the evaluation is pushed as
/// a bundle, then read as every team command reads it (one repeatable-read
/// snapshot into a temporary store) and scored.
fn load_and_score_from_team(url: &str) {
    use assay::store::team::{push_bundle, snapshot, TeamDb};
    use assay::store::Store;
    const RUNS: usize = 10;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.db");
    let local = assay::store::fixtures::synthetic_answered_evaluation(
        &mut Store::open(&path).unwrap(),
        50,
        500,
    )
    .unwrap();
    let bundle = dir.path().join("big.assay");
    assay::app::evaluations::export_bundle(&Store::open(&path).unwrap(), local, &bundle).unwrap();
    let mut team = TeamDb::open(url).unwrap();
    let id = push_bundle(&mut team, &bundle).unwrap().evaluation;

    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        (times[times.len() / 2], times[times.len() - 1])
    };
    let timed = |f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            assert_eq!(f(), 50, "every vendor scored");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        median(times)
    };
    let sqlite = timed(&mut || {
        let mut s = Store::open(&path).unwrap();
        s.comparison(local).unwrap().vendors.len()
    });
    let session = timed(&mut || {
        let mut snap = snapshot(&mut team, id).unwrap();
        snap.store.comparison(id).unwrap().vendors.len()
    });
    let cold = timed(&mut || {
        let mut team = TeamDb::open(url).unwrap();
        let mut snap = snapshot(&mut team, id).unwrap();
        snap.store.comparison(id).unwrap().vendors.len()
    });
    change_from_the_app(url, id, &path, local);
    println!(
        "load + score 50 vendors x 500 questions ({RUNS} runs, median / max): \
         SQLite file (open + score) {:.1} / {:.1} ms; team database on an open connection \
         (snapshot + score) {:.1} / {:.1} ms; team database with connecting (as a CLI command) \
         {:.1} / {:.1} ms",
        sqlite.0, sqlite.1, session.0, session.1, cold.0, cold.1
    );
}

/// What one change costs in the desktop app on the 50 × 500 evaluation: a
/// vendor's notes edited and an answer saved through the app's team session
/// (snapshot, the app's own function, the checked replay, the copy read
/// again), beside the same edits on the SQLite file.
fn change_from_the_app(url: &str, id: i64, path: &std::path::Path, local: i64) {
    use assay::app::team_session::TeamSession;
    use assay::store::Store;
    const RUNS: usize = 10;
    let stats = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        (times[times.len() / 2], times[times.len() - 1])
    };
    let notes = |i: usize| assay::app::VendorEdit {
        name: "Vendor 00".into(),
        product: None,
        deployment: None,
        notes: Some(format!("reviewed {i}")),
    };
    let answer = |i: usize| -> assay::app::AnswerEdit {
        // A state any question may take; alternating, so every save changes it.
        let state = if i.is_multiple_of(2) {
            "awaiting_vendor"
        } else {
            "unknown"
        };
        serde_json::from_value(serde_json::json!({"question": "Q0001", "state": state})).unwrap()
    };
    let mut file = Store::open(path).unwrap();
    let file_vendor = file.vendors(local).unwrap()[0].id;
    let (mut file_notes, mut file_saves) = (Vec::new(), Vec::new());
    for i in 0..RUNS {
        let t = Instant::now();
        assay::app::update_vendor(&mut file, file_vendor, &notes(i)).unwrap();
        file_notes.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        assay::app::save_answer(&mut file, file_vendor, &answer(i)).unwrap();
        file_saves.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut session = TeamSession::open(url).unwrap();
    let vendor = session.copy().vendors(id).unwrap()[0].id;
    let (mut team_notes, mut team_saves) = (Vec::new(), Vec::new());
    for i in 0..RUNS {
        let t = Instant::now();
        session
            .change(id, &[], |s| assay::app::update_vendor(s, vendor, &notes(i)))
            .unwrap();
        team_notes.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        session.save_answer(vendor, &answer(i)).unwrap();
        team_saves.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (fnotes, fsaves, tnotes, tsaves) = (
        stats(file_notes),
        stats(file_saves),
        stats(team_notes),
        stats(team_saves),
    );
    println!(
        "a change from the app on 50 vendors x 500 questions ({RUNS} runs, median / max): \
         vendor notes: SQLite file {:.1} / {:.1} ms, team session {:.1} / {:.1} ms; \
         an answer (re-scored form): SQLite file {:.1} / {:.1} ms, team session {:.1} / {:.1} ms",
        fnotes.0, fnotes.1, tnotes.0, tnotes.1, fsaves.0, fsaves.1, tsaves.0, tsaves.1
    );
}
