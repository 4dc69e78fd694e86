//! Upgrading an evaluation to a newer version of its questionnaire: plan (what
//! each vendor's answers become — carried, dropped, newly open, rescored) and
//! write nothing; then apply that plan in one transaction with its audit rows,
//! refused if anything changed since the plan was made.
//!
//! Answers are carried by question id (renamed ids as the new version's
//! `upgrades_from` declares them) and answer option (renamed options likewise);
//! an answer the new question cannot read is dropped, with the reason, and the
//! question is open again. Evidence, provenance and comments travel with the
//! answer. An evaluation made with an older version keeps that snapshot until
//! a user upgrades it.

use crate::answers::{Answer, AnswerValue};
use crate::questionnaire::{IdChanges, Questionnaire};
use crate::scoring;
use crate::store::{Evaluation, Result, Store, StoreError};
use crate::Text;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// A stored answer as the new version would keep it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Carried {
    /// The question's id in the old version.
    pub from: String,
    /// Its id in the new version (the same unless renamed).
    pub to: String,
    /// Whether the answer's option ids were renamed.
    pub options_renamed: bool,
    /// The answer as it will be stored.
    #[serde(skip)]
    pub answer: Answer,
}

/// A stored answer the new version cannot keep.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dropped {
    pub question: String,
    pub reason: Text,
}

/// A carried answer whose score changes (0–100, after evidence).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Rescored {
    pub question: String,
    pub before: f64,
    pub after: f64,
}

/// What the upgrade does to one vendor's answers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VendorUpgrade {
    pub vendor_id: i64,
    pub vendor: String,
    pub carried: Vec<Carried>,
    pub dropped: Vec<Dropped>,
    /// Scored questions of the new version this vendor has no answer to that it
    /// had in the old one, or that are new: to ask.
    pub newly_open: Vec<String>,
    pub rescored: Vec<Rescored>,
    /// The total (0–100) before and after.
    pub total_before: f64,
    pub total_after: f64,
}

/// A checked upgrade, ready to be applied with [`apply_upgrade`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UpgradePlan {
    pub evaluation: i64,
    pub questionnaire: String,
    pub from_version: String,
    pub to_version: String,
    /// Questions the new version adds (not renamed from an old one).
    pub added_questions: Vec<String>,
    /// Questions of the old version the new one has no more.
    pub removed_questions: Vec<String>,
    pub vendors: Vec<VendorUpgrade>,
    /// The new version's exact text: what the evaluation will keep.
    #[serde(skip)]
    pub new_text: String,
}

impl UpgradePlan {
    /// A digest of everything the plan would write (answers and the new text
    /// included): the app sends it back with "apply", so what is applied is
    /// exactly what the user previewed.
    pub fn fingerprint(&self) -> String {
        crate::store::sha256_hex(format!("{self:?}").as_bytes())
    }
    pub fn carried(&self) -> usize {
        self.vendors.iter().map(|v| v.carried.len()).sum()
    }
    pub fn dropped(&self) -> usize {
        self.vendors.iter().map(|v| v.dropped.len()).sum()
    }
}

/// Plans upgrading `evaluation` to the questionnaire `new_text` (read from
/// `label`, a file name or a bundled id). Writes nothing. Refused: another
/// questionnaire id, a version not newer than the evaluation's, a read-only
/// evaluation, profiles or own section weights the new version lacks.
pub fn plan_upgrade(
    store: &mut Store,
    evaluation: i64,
    label: &str,
    new_text: &str,
) -> Result<UpgradePlan> {
    store.check_editable(evaluation)?;
    let e = store.evaluation(evaluation)?;
    let old = store.questionnaire(evaluation)?;
    let new = crate::store::questionnaire_from_text(label, new_text)?;
    check_target(&e, &old, &new, label)?;

    let changes = new.upgrades_from.iter().find(|c| c.version == old.version);
    let renamed = |id: &str| -> String {
        changes
            .and_then(|c| c.questions.get(id))
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let old_ids: Vec<&str> = old.questions().map(|(_, x)| x.id.as_str()).collect();
    let carried_to: BTreeSet<String> = old_ids.iter().map(|id| renamed(id)).collect();
    let added_questions: Vec<String> = new
        .questions()
        .map(|(_, x)| x.id.clone())
        .filter(|id| !carried_to.contains(id))
        .collect();
    let removed_questions: Vec<String> = old_ids
        .iter()
        .filter(|id| new.question(&renamed(id)).is_none())
        .map(|id| id.to_string())
        .collect();

    let old_ctx = e.scoring_context(&old);
    let new_ctx = e.scoring_context(&new);
    let mut vendors = Vec::new();
    for v in store.vendors(evaluation)? {
        let stored: Vec<Answer> = store.answers(v.id)?.into_iter().map(|s| s.answer).collect();
        let mut carried = Vec::new();
        let mut dropped = Vec::new();
        for a in &stored {
            match carry(&new, changes, &renamed(&a.question), a) {
                Ok(c) => carried.push(c),
                Err(reason) => dropped.push(Dropped {
                    question: a.question.clone(),
                    reason,
                }),
            }
        }
        // Two answers that become one question (A renamed to B while B stays):
        // the one already under that id stays, the renamed one is dropped.
        carried.sort_by_key(|c: &Carried| c.from != c.to);
        let mut taken = BTreeSet::new();
        let mut kept = Vec::new();
        for c in carried {
            if taken.insert(c.to.clone()) {
                kept.push(c);
            } else {
                dropped.push(Dropped {
                    reason: Text {
                        en: format!("{} already has an answer under that id", c.to),
                        zh_cn: format!("{} 在该编号下已有回答", c.to),
                    },
                    question: c.from,
                });
            }
        }
        kept.sort_by(|a, b| a.from.cmp(&b.from));
        let carried = kept;
        let after: Vec<Answer> = carried.iter().map(|c| c.answer.clone()).collect();
        let before_score = scoring::score_vendor(&old, &old_ctx, &v.name, &stored);
        let after_score = scoring::score_vendor(&new, &new_ctx, &v.name, &after);
        let rescored = carried
            .iter()
            .filter_map(|c| {
                let b = before_score.question(&c.from)?.score;
                let a = after_score.question(&c.to)?.score;
                ((a - b).abs() > 1e-9).then(|| Rescored {
                    question: c.to.clone(),
                    before: b,
                    after: a,
                })
            })
            .collect();
        let answered_before: BTreeSet<String> =
            stored.iter().map(|a| renamed(&a.question)).collect();
        let newly_open = new
            .questions()
            .map(|(_, x)| x)
            .filter(|x| x.answer.is_scored())
            .filter(|x| !carried.iter().any(|c| c.to == x.id))
            .filter(|x| answered_before.contains(&x.id) || added_questions.contains(&x.id))
            .map(|x| x.id.clone())
            .collect();
        vendors.push(VendorUpgrade {
            vendor_id: v.id,
            vendor: v.name,
            carried,
            dropped,
            newly_open,
            rescored,
            total_before: before_score.total.as_f64(),
            total_after: after_score.total.as_f64(),
        });
    }
    Ok(UpgradePlan {
        evaluation,
        questionnaire: new.id.clone(),
        from_version: old.version.clone(),
        to_version: new.version.clone(),
        added_questions,
        removed_questions,
        vendors,
        new_text: new_text.to_string(),
    })
}

/// Applies a plan from [`plan_upgrade`] in one transaction, after planning
/// again and finding the same: an answer saved or a setting changed since the
/// preview refuses it ("preview again"), so what is written is what was shown.
pub fn apply_upgrade(store: &mut Store, plan: &UpgradePlan) -> Result<()> {
    apply_if_unchanged(
        store,
        plan.evaluation,
        "upgrade",
        &plan.new_text,
        &plan.fingerprint(),
    )
}

/// Plans again and writes only when the plan is still the one previewed
/// (`fingerprint`): the one check behind the command line and the app.
fn apply_if_unchanged(
    store: &mut Store,
    evaluation: i64,
    label: &str,
    new_text: &str,
    fingerprint: &str,
) -> Result<()> {
    let plan = plan_upgrade(store, evaluation, label, new_text)?;
    if plan.fingerprint() != fingerprint {
        return Err(StoreError::refused(
            "upgrade",
            "The evaluation changed since the upgrade was previewed; preview it again.",
            "预览之后评估已有改动；请重新预览升级。",
        ));
    }
    let rewrites: Vec<(i64, String, Option<Answer>)> = plan
        .vendors
        .iter()
        .flat_map(|v| {
            let changed = v
                .carried
                .iter()
                .filter(|c| c.from != c.to || c.options_renamed)
                .map(|c| (v.vendor_id, c.from.clone(), Some(c.answer.clone())));
            let dropped = v
                .dropped
                .iter()
                .map(|d| (v.vendor_id, d.question.clone(), None));
            changed.chain(dropped).collect::<Vec<_>>()
        })
        .collect();
    store.upgrade_questionnaire(evaluation, &plan.new_text, &rewrites)
}

fn check_target(
    e: &Evaluation,
    old: &Questionnaire,
    new: &Questionnaire,
    label: &str,
) -> Result<()> {
    let refuse = |m: String| Err(StoreError::invalid_input(label, m));
    if new.id != old.id {
        return refuse(format!(
            "this is questionnaire \"{}\", the evaluation uses \"{}\"; another questionnaire needs a new evaluation",
            new.id, old.id
        ));
    }
    let version = |v: &str| semver::Version::parse(v).ok();
    match (version(&old.version), version(&new.version)) {
        (Some(o), Some(n)) if n > o => {}
        _ => {
            return refuse(format!(
                "version {} is not newer than the evaluation's {}; nothing to upgrade",
                new.version, old.version
            ))
        }
    }
    let missing: Vec<&str> = e
        .profiles
        .iter()
        .filter(|p| new.profile(p).is_none())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return refuse(format!(
            "version {} has no profile {}; choose the evaluation's profiles among {} first",
            new.version,
            missing.join(", "),
            new.profiles
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(w) = &e.section_weights {
        if crate::store::check_section_weights(new, w).is_err() {
            return refuse(format!(
                "the evaluation's own section weights do not fit version {}'s sections; go back to the profiles' weights first",
                new.version
            ));
        }
    }
    Ok(())
}

/// The answer `a` (to a question of the old version) under question `to` of
/// the new version, or why it cannot be kept.
fn carry(
    new: &Questionnaire,
    changes: Option<&IdChanges>,
    to: &str,
    a: &Answer,
) -> std::result::Result<Carried, Text> {
    let Some(question) = new.question(to) else {
        return Err(Text {
            en: format!("the new version has no question {to}"),
            zh_cn: format!("新版本没有问题 {to}"),
        });
    };
    let options: Option<&BTreeMap<String, String>> = changes.and_then(|c| c.options.get(to));
    let rename = |id: &String| -> String {
        options
            .and_then(|o| o.get(id))
            .cloned()
            .unwrap_or_else(|| id.clone())
    };
    let mut answer = a.clone();
    answer.question = to.to_string();
    answer.value = match &a.value {
        // Free text is no option: never renamed.
        Some(AnswerValue::Text(id)) if question.answer.is_scored() => {
            Some(AnswerValue::Text(rename(id)))
        }
        Some(AnswerValue::List(ids)) => Some(AnswerValue::List(ids.iter().map(rename).collect())),
        other => other.clone(),
    };
    if let Err(problem) = scoring::read(question, Some(&answer)) {
        return Err(Text {
            en: format!("{to} cannot take this answer any more: {problem}"),
            zh_cn: format!("{to} 已不能接受此回答：{problem}"),
        });
    }
    Ok(Carried {
        from: a.question.clone(),
        to: to.to_string(),
        options_renamed: answer.value != a.value,
        answer,
    })
}

/// The upgrade preview the app shows: the plan and the fingerprint to send back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UpgradePreview {
    pub plan: UpgradePlan,
    pub fingerprint: String,
}

/// The questionnaires an evaluation can be upgraded to: bundled or loaded in
/// this session, the same questionnaire id, a newer version.
pub fn upgrade_choices(
    store: &mut Store,
    library: &super::LoadedQuestionnaires,
    evaluation: i64,
) -> Result<Vec<super::QuestionnaireChoice>> {
    let e = store.evaluation(evaluation)?;
    let current = semver::Version::parse(&e.questionnaire_version).ok();
    Ok(library
        .choices()
        .into_iter()
        .filter(|c| c.id == e.questionnaire_id && c.problems.is_empty())
        .filter(|c| match (&current, semver::Version::parse(&c.version)) {
            (Some(now), Ok(v)) => v > *now,
            _ => false,
        })
        .collect())
}

/// The app's "preview the upgrade": [`plan_upgrade`] to the questionnaire
/// behind a choice key.
pub fn preview_upgrade(
    store: &mut Store,
    library: &super::LoadedQuestionnaires,
    evaluation: i64,
    key: &str,
) -> Result<UpgradePreview> {
    let (text, _) = library.get(key)?;
    let plan = plan_upgrade(store, evaluation, key, &text)?;
    Ok(UpgradePreview {
        fingerprint: plan.fingerprint(),
        plan,
    })
}

/// The app's "apply the upgrade": planned again and applied only when it is
/// the previewed one (`fingerprint`); returns the upgraded evaluation.
pub fn apply_previewed_upgrade(
    store: &mut Store,
    library: &super::LoadedQuestionnaires,
    evaluation: i64,
    key: &str,
    fingerprint: &str,
) -> Result<super::EvaluationSummary> {
    let (text, _) = library.get(key)?;
    apply_if_unchanged(store, evaluation, key, &text, fingerprint)?;
    Ok(super::EvaluationSummary::from(
        &store.evaluation(evaluation)?,
    ))
}
