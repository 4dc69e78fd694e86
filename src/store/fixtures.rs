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

/// A vendor-stated answer to yes/no question `question`: "no" when `i` is a
/// multiple of 3, else "yes", with a comment and provenance (what the store
/// benchmarks save).
pub fn synthetic_answer(question: String, i: usize) -> crate::answers::Answer {
    use crate::answers::{Answer, AnswerValue, Provenance, SourceKind};
    Answer {
        question,
        value: Some(AnswerValue::Text(
            if i.is_multiple_of(3) { "no" } else { "yes" }.into(),
        )),
        comment: Some(format!("save {i}")),
        provenance: Some(Provenance {
            source: SourceKind::VendorStated,
            reference: Some("RFP reply".into()),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
            confidence: Some("V".into()),
        }),
        ..Answer::default()
    }
}

/// Adds [`synthetic_evaluation`]`(questions)` to `store` with `vendors`
/// vendors ("Vendor 00"…), every question answered by [`synthetic_answer`].
/// Returns the evaluation's id.
pub fn synthetic_answered_evaluation(
    store: &mut crate::store::Store,
    vendors: usize,
    questions: usize,
) -> crate::store::Result<i64> {
    use crate::answers::{AnswerSet, QuestionnaireRef, VendorAnswers};
    let e = store.create_evaluation(&synthetic_evaluation(questions))?;
    let set = AnswerSet {
        schema: None,
        questionnaire: QuestionnaireRef {
            id: "synthetic".into(),
            version: "1.0.0".into(),
        },
        as_of: None,
        profiles: vec![],
        vendors: (0..vendors)
            .map(|vi| VendorAnswers {
                name: format!("Vendor {vi:02}"),
                product: None,
                answers: (0..questions)
                    .map(|qi| synthetic_answer(format!("Q{:04}", qi + 1), qi * 7 + vi))
                    .collect(),
            })
            .collect(),
    };
    store.import_answers(e, "bench", &set)?;
    Ok(e)
}

/// A throw-away PostgreSQL cluster for tests and benchmarks (team mode):
/// started by `scripts/pg-test-cluster` for this process, stopped once it exits.
pub struct PgTestCluster {
    pub port: u16,
    /// The password file with the superuser's line (mode 0600).
    pub pgpass: std::path::PathBuf,
    /// The CA that signed the server's certificate (for "localhost").
    pub ca: std::path::PathBuf,
    pub superuser_password: String,
    /// For a test that stops or restarts this server.
    data: std::path::PathBuf,
    bin: std::path::PathBuf,
    run_as: String,
    opts: String,
    log: std::path::PathBuf,
}

impl PgTestCluster {
    /// Runs `pg_ctl ACTION -m fast` on this server (stop, start, restart),
    /// waiting until it is done; panics if it fails.
    #[allow(clippy::unwrap_used)]
    pub fn pg_ctl(&self, action: &str) {
        let pg_ctl = self.bin.join("pg_ctl");
        let mut cmd = if self.run_as.is_empty() {
            std::process::Command::new(&pg_ctl)
        } else {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", &self.run_as, "--"]).arg(&pg_ctl);
            c
        };
        cmd.arg("-D")
            .arg(&self.data)
            .args(["-w", "-t", "60", "-m", "fast", "-o", &self.opts, "-l"])
            .arg(&self.log)
            .arg(action);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "pg_ctl {action}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Starts a [`PgTestCluster`]; panics with the script's output if it cannot.
#[allow(clippy::unwrap_used)]
pub fn start_pg_test_cluster() -> PgTestCluster {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-test-cluster");
    // Not waited for: the script outlives this process on purpose, to stop the
    // server once it has exited (it would otherwise outlive the tests).
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(&script)
        .arg(std::process::id().to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("scripts/pg-test-cluster runs");
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    if !out.ends_with("ready\n") {
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        panic!("the test PostgreSQL cluster did not start:\n{out}\n{err}");
    }
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_string()
    };
    let pgpass = std::path::PathBuf::from(field("pgpass"));
    let superuser_password = std::fs::read_to_string(&pgpass)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    PgTestCluster {
        port: field("port").parse().unwrap(),
        pgpass,
        ca: std::path::PathBuf::from(field("ca")),
        superuser_password,
        data: std::path::PathBuf::from(field("data")),
        bin: std::path::PathBuf::from(field("bin")),
        run_as: field("runas"),
        opts: field("opts"),
        log: std::path::PathBuf::from(field("log")),
    }
}
