//! Importing a workbook into a stored evaluation: read and check the whole file,
//! show what would change, then write it in one transaction (all or nothing).

use crate::answers::{Answer, AnswerSet, VendorAnswers};
use crate::questionnaire::Questionnaire;
use crate::scoring;
use crate::store::{ImportSummary, Result, Store, StoreError};
use crate::{Lang, Text};
use chrono::NaiveDate;
use serde::Serialize;

/// One answer the import would change, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub question: String,
    /// The stored answer, shown; `None` when the question was unanswered.
    pub old: Option<Text>,
    pub new: Text,
}

/// A checked workbook, ready to be written.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub evaluation: i64,
    pub vendor: String,
    /// Whether the vendor already exists in the evaluation.
    pub vendor_exists: bool,
    /// How many answers the vendor has stored now.
    pub existing_answers: usize,
    pub file: String,
    pub answers: Vec<Answer>,
    /// Answers whose value, N/A, comment or evidence differ from the stored ones.
    pub changes: Vec<Change>,
}

/// An answer in one line: the value (labels in `lang`), or N/A with its reason,
/// then the comment and evidence identifier when given.
pub fn show_answer(q: &Questionnaire, a: &Answer, lang: Lang) -> String {
    let mut s = match q
        .question(&a.question)
        .map(|qq| (qq, scoring::read(qq, Some(a))))
    {
        Some((qq, Ok(scoring::Reading::Given(g)))) => scoring::display(&qq.answer, &g, lang),
        Some((_, Ok(scoring::Reading::NotApplicable(r)))) => match lang {
            Lang::En => format!("N/A ({r})"),
            Lang::ZhCn => format!("不适用（{r}）"),
        },
        _ => match lang {
            Lang::En => "(unanswered)".to_string(),
            Lang::ZhCn => "（未回答）".to_string(),
        },
    };
    if let Some(c) = &a.comment {
        s.push_str(&format!(" — \"{c}\""));
    }
    for e in &a.evidence {
        let parts: Vec<String> = [
            e.identifier.clone(),
            e.issuer.clone(),
            e.expires.map(|d| match lang {
                Lang::En => format!("expires {d}"),
                Lang::ZhCn => format!("{d} 到期"),
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        match lang {
            Lang::En => s.push_str(&format!(" [evidence: {}]", parts.join(", "))),
            Lang::ZhCn => s.push_str(&format!(" [证据：{}]", parts.join("，"))),
        }
    }
    s
}

fn same_content(a: &Answer, b: &Answer) -> bool {
    a.value == b.value && a.na == b.na && a.comment == b.comment && a.evidence == b.evidence
}

/// Reads and checks `bytes` against the evaluation's questionnaire and compares it
/// with the vendor's stored answers. Writes nothing.
pub fn plan_import(
    store: &mut Store,
    evaluation: i64,
    vendor: &str,
    file: &str,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<ImportPlan> {
    check_vendor_name(vendor)?;
    let q = store.questionnaire(evaluation)?;
    let answers = read_answers(bytes, file, &q, today)?;
    plan_read(store, evaluation, vendor, file, answers)
}

/// Reads and checks a workbook's answers against `q`, without the store: the
/// slow part of an import (a large sheet takes seconds), so the app runs it
/// without holding the store.
pub fn read_answers(
    bytes: &[u8],
    file: &str,
    q: &Questionnaire,
    today: NaiveDate,
) -> Result<Vec<Answer>> {
    let answers = crate::workbook::import(bytes, file, q, today).map_err(StoreError::Invalid)?;
    if answers.is_empty() {
        return Err(StoreError::Invalid(
            vec![crate::diagnostic::Diagnostic::bilingual(
            file,
            "",
            Text {
                en: "the workbook holds no answers; fill in the 'Answer' column and import it again"
                    .into(),
                zh_cn: "工作簿中没有回答；请填写“回答”列后重新导入".into(),
            },
        )],
        ));
    }
    Ok(answers)
}

/// Refuses an empty vendor name (said before the file's problems).
fn check_vendor_name(vendor: &str) -> Result<()> {
    if vendor.trim().is_empty() {
        return Err(StoreError::invalid_input(
            "--vendor",
            "the vendor name is empty",
        ));
    }
    Ok(())
}

/// Compares answers read by [`read_answers`] with the vendor's stored answers.
/// Writes nothing.
pub fn plan_read(
    store: &mut Store,
    evaluation: i64,
    vendor: &str,
    file: &str,
    answers: Vec<Answer>,
) -> Result<ImportPlan> {
    check_vendor_name(vendor)?;
    let q = store.questionnaire(evaluation)?;
    let existing = match store.vendor_by_name(evaluation, vendor) {
        Ok(v) => Some(store.answers(v.id)?),
        Err(StoreError::NoVendorNamed { .. }) => None,
        Err(e) => return Err(e),
    };
    let vendor_exists = existing.is_some();
    let stored = existing.unwrap_or_default();
    let changes = answers
        .iter()
        .filter_map(|a| {
            let old = stored.iter().find(|s| s.answer.question == a.question);
            match old {
                Some(o) if same_content(&o.answer, a) => None,
                _ => Some(Change {
                    question: a.question.clone(),
                    old: old.map(|o| Text::from_fn(|lang| show_answer(&q, &o.answer, lang))),
                    new: Text::from_fn(|lang| show_answer(&q, a, lang)),
                }),
            }
        })
        .collect();
    Ok(ImportPlan {
        evaluation,
        vendor: vendor.trim().to_string(),
        vendor_exists,
        existing_answers: stored.len(),
        file: file.to_string(),
        answers,
        changes,
    })
}

/// Writes a plan's changed and new answers in one transaction (the vendor is
/// created when missing); the answers are checked again by the store like any
/// answers file.
pub fn apply_import(store: &mut Store, plan: &ImportPlan) -> Result<ImportSummary> {
    let q = store.questionnaire(plan.evaluation)?;
    let set = AnswerSet::new(
        &q,
        vec![VendorAnswers {
            name: plan.vendor.clone(),
            product: None,
            // Unchanged answers keep the provenance of the workbook that first gave them.
            answers: plan
                .answers
                .iter()
                .filter(|a| plan.changes.iter().any(|c| c.question == a.question))
                .cloned()
                .collect(),
        }],
    );
    store.import_answers(plan.evaluation, &plan.file, &set)
}
