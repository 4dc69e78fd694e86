//! Every questionnaire file in `questionnaires/` loads without a single problem, the default
//! questionnaire has what the product promises, and the shipped schemas are current.

use assay::questionnaire::{self, AnswerSpec};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_questionnaire_file_validates() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("questionnaires")).unwrap() {
        let path = entry.unwrap().path();
        // Contract clause files sit beside their questionnaire (tests/integration/schedule.rs).
        let clauses = path.to_string_lossy().ends_with(".clauses.json");
        if path.extension().is_some_and(|e| e == "json") && !clauses {
            let loaded = questionnaire::load_file(&path);
            assert!(
                loaded.diagnostics.is_empty(),
                "{}: {:#?}",
                path.display(),
                loaded.diagnostics
            );
            assert!(loaded.questionnaire.is_some());
            count += 1;
        }
    }
    assert!(count >= 1);
}

#[test]
fn the_bundled_questionnaire_is_the_shipped_file() {
    for (name, text) in assay::catalog::BUNDLED {
        let on_disk = std::fs::read_to_string(root().join("questionnaires").join(name)).unwrap();
        assert_eq!(&on_disk, text, "{name}");
    }
    let summaries = assay::catalog::summaries();
    assert!(
        summaries.iter().all(|s| s.problems.is_empty()),
        "{summaries:#?}"
    );
}

#[test]
fn the_default_questionnaire_covers_the_im_security_domain() {
    let q = crate::support::shipped();
    let sections: Vec<&str> = q.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        sections,
        ["TRN", "E2E", "CNC", "KEY", "CRT", "IRV", "IAM", "DAT", "GOV"]
    );
    assert!(q.questions().count() >= 80);
    // The description states the real counts, in both languages.
    let (count, n) = (q.questions().count(), q.sections.len());
    let description = q.description.as_ref().expect("a description");
    assert!(
        description
            .en
            .contains(&format!("{count} questions in {n} sections")),
        "{}",
        description.en
    );
    assert!(
        description
            .zh_cn
            .contains(&format!("共{n}个部分{count}道题")),
        "{}",
        description.zh_cn
    );
    let profiles: Vec<&str> = q.profiles.iter().map(|p| p.id.as_str()).collect();
    for p in ["GLOBAL", "CN-REG", "EU-PD", "HIGH-SENS"] {
        assert!(profiles.contains(&p), "profile {p}");
    }
    for (_, question) in q.questions() {
        assert!(
            !question.mappings.is_empty(),
            "{} has no mapping",
            question.id
        );
        assert!(!question.text.zh_cn.is_empty() && !question.text.en.is_empty());
    }
    // The China-regulated profile requires notification of serious incidents within 4 h.
    let irv02 = q.question("IRV-02").unwrap();
    assert!(irv02.knockouts.iter().any(|k| k.profiles.as_deref()
        == Some(&["CN-REG".to_string()][..])
        && k.rule == questionnaire::KnockoutRule::AtMost(4.0)));
    // Every answer type is exercised by the shipped questionnaire.
    let types: std::collections::HashSet<&str> =
        q.questions().map(|(_, q)| q.answer.type_name()).collect();
    for t in [
        "yes_no",
        "yes_partial_no",
        "choice",
        "multi",
        "number",
        "date",
    ] {
        assert!(types.contains(t), "no {t} question");
    }
    assert!(
        q.questions().any(|(_, q)| q.show_if.is_some()),
        "conditional questions"
    );
    assert!(q
        .questions()
        .any(|(_, q)| q.evidence.as_ref().is_some_and(|e| e.required)));
    assert!(q.questions().any(|(_, q)| matches!(&q.answer, AnswerSpec::Number { alternatives, .. } if !alternatives.is_empty())));
}

/// The vendor workbook needs, for every question, guidance of its own in both
/// languages (the buyer's help stays with the buyer), and a sheet name per section.
#[test]
fn the_default_questionnaire_guides_the_vendor_in_both_languages() {
    let q = crate::support::shipped();
    for s in &q.sections {
        let short = s.short_title.as_ref().expect("a short title");
        assert!(short.en.chars().count() <= 31 && short.zh_cn.chars().count() <= 31);
    }
    for (_, question) in q.questions() {
        let g = question
            .vendor_guidance
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no vendor guidance", question.id));
        assert!(!g.en.trim().is_empty() && !g.zh_cn.trim().is_empty());
        let help = question.help.as_ref().unwrap();
        assert!(g.en != help.en && g.zh_cn != help.zh_cn, "{}", question.id);
    }
}

#[test]
fn the_shipped_json_schemas_are_current() {
    let dir = root().join("questionnaires/schema");
    let questionnaire = std::fs::read_to_string(dir.join("questionnaire.schema.json")).unwrap();
    let answers = std::fs::read_to_string(dir.join("answers.schema.json")).unwrap();
    assert_eq!(questionnaire, questionnaire::schema_text(), "regenerate with: assay questionnaire schema > questionnaires/schema/questionnaire.schema.json");
    assert_eq!(answers, assay::answer_set::schema_text(), "regenerate with: assay questionnaire schema --answers > questionnaires/schema/answers.schema.json");
}
