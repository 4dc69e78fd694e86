//! Shared fixtures: the mini questionnaire, answer builders, the `assay` binary.

use assay::answers::{Answer, AnswerValue, Evidence, EvidenceKind};
use assay::questionnaire::{self, Questionnaire};
use assay::scoring::ScoringContext;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/integration/fixtures")
        .join(name)
}

pub fn mini() -> Questionnaire {
    questionnaire::load_file(&fixture("mini-questionnaire.json"))
        .into_result()
        .expect("the mini questionnaire is valid")
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn ctx(profiles: &[&str], as_of: &str) -> ScoringContext {
    ScoringContext {
        profiles: profiles.iter().map(|p| p.to_string()).collect(),
        as_of: date(as_of),
        section_weights: None,
    }
}

pub fn text(question: &str, value: &str) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::Text(value.into())),
        ..Default::default()
    }
}

pub fn number(question: &str, value: f64) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::Number(value)),
        ..Default::default()
    }
}

pub fn list(question: &str, values: &[&str]) -> Answer {
    Answer {
        question: question.into(),
        value: Some(AnswerValue::List(
            values.iter().map(|s| s.to_string()).collect(),
        )),
        ..Default::default()
    }
}

pub fn na(question: &str, reason: &str) -> Answer {
    Answer {
        question: question.into(),
        na: Some(reason.into()),
        ..Default::default()
    }
}

pub fn with_evidence(mut answer: Answer, expires: Option<&str>) -> Answer {
    answer.evidence.push(Evidence {
        kind: EvidenceKind::ContractClause,
        identifier: Some("DPA §7".into()),
        issuer: None,
        scope: None,
        issued: Some(date("2024-01-01")),
        expires: expires.map(date),
        url: None,
    });
    answer
}

/// Runs the `assay` binary built for these tests.
pub fn assay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the assay binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
