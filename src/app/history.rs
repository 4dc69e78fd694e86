//! An evaluation's history as the app lists it: each audit row reduced to the
//! fields that changed, named in words and shown as the user would say them —
//! an answer by its option's label, a status, deployment, source or evidence
//! kind by its name, profiles by their names — in both languages. The command
//! line's `assay evaluation audit` prints the full rows instead.

use crate::answers::{Answer, AnswerValue, EvidenceKind, SourceKind};
use crate::questionnaire::{Question, Questionnaire};
use crate::report::model::labels;
use crate::scoring::Open;
use crate::store::{Result, Store};
use crate::{Lang, Text};
use serde_json::Value;

/// One change in an evaluation's history, as the app lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct AuditLine {
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub at: String,
    pub who: String,
    /// `create`, `update`, `delete`, `import` or `copy`.
    pub action: String,
    /// What changed: `evaluation`, `vendor`, `answer`, …
    pub entity: String,
    #[ts(optional = nullable)]
    pub vendor: Option<String>,
    #[ts(optional = nullable)]
    pub question: Option<String>,
    /// The fields that differ, old → new (for a creation: the values set).
    pub changes: Vec<FieldChange>,
    /// The bundle the change was imported with, or (action `copy`) the
    /// evaluation and vendor the answer was copied from.
    #[ts(optional = nullable)]
    pub imported_from: Option<String>,
}

/// One field of a change: its value before and after (`None`: absent), in
/// words, in both languages.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct FieldChange {
    /// The stored field's key (`as_of`, `na`, …), for filters and tests.
    pub field: String,
    /// What the field is, in words, in both languages ("As-of date" / "评估基准日").
    pub label: Text,
    #[ts(optional = nullable)]
    pub old: Option<Text>,
    #[ts(optional = nullable)]
    pub new: Option<Text>,
}

/// Fields every row carries that say nothing about the change itself.
const BOOKKEEPING_FIELDS: &[&str] = &[
    "id",
    "evaluation_id",
    "vendor_id",
    "created_at",
    "updated_at",
];

/// An evaluation's history, newest first, each entry reduced to the fields that
/// changed. Values are read with the evaluation's questionnaire (an option of
/// an earlier version it no longer has is shown as recorded).
pub fn audit_lines(store: &mut Store, id: i64) -> Result<Vec<AuditLine>> {
    let questionnaire = store.questionnaire(id)?;
    let mut lines: Vec<AuditLine> = store
        .audit_log(id)?
        .into_iter()
        .map(|a| {
            let question = a
                .question
                .as_deref()
                .and_then(|q| questionnaire.question(q));
            AuditLine {
                changes: field_changes(a.old.as_ref(), a.new.as_ref(), question, &questionnaire),
                at: a.at,
                who: a.who,
                action: a.action,
                entity: a.entity,
                vendor: a.vendor_name,
                question: a.question,
                imported_from: a.imported_from,
            }
        })
        .collect();
    lines.reverse();
    Ok(lines)
}

/// The top-level fields of two JSON rows that differ, in field order.
fn field_changes(
    old: Option<&Value>,
    new: Option<&Value>,
    question: Option<&Question>,
    q: &Questionnaire,
) -> Vec<FieldChange> {
    let fields = |v: Option<&Value>| -> std::collections::BTreeMap<String, Value> {
        match v {
            Some(Value::Object(map)) => map
                .iter()
                // An empty list is shown as absent ("—"), like a missing value.
                .filter(|(k, v)| {
                    !BOOKKEEPING_FIELDS.contains(&k.as_str())
                        && !v.is_null()
                        && v.as_array().is_none_or(|a| !a.is_empty())
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            Some(other) => [("value".to_string(), other.clone())].into(),
            None => Default::default(),
        }
    };
    let (old, new) = (fields(old), fields(new));
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            label: field_label(k),
            old: old.get(k).map(|v| shown(k, v, question, q)),
            new: new.get(k).map(|v| shown(k, v, question, q)),
        })
        .collect()
}

fn same(s: String) -> Text {
    Text {
        en: s.clone(),
        zh_cn: s,
    }
}

fn words(en: &str, zh_cn: &str) -> Text {
    Text {
        en: en.to_string(),
        zh_cn: zh_cn.to_string(),
    }
}

/// Joins the parts of each language with `sep` (`"，"` in Chinese for `", "`).
fn join(parts: &[Text], sep: &str) -> Text {
    let zh_sep = match sep {
        ", " => "，",
        "; " => "；",
        other => other,
    };
    Text {
        en: parts
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(sep),
        zh_cn: parts
            .iter()
            .map(|t| t.zh_cn.as_str())
            .collect::<Vec<_>>()
            .join(zh_sep),
    }
}

/// A stored value as text, not JSON: a list as "a, b"; an object as its values.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("; "),
        Value::Object(map) => map
            .values()
            .filter(|v| !v.is_null())
            .map(plain)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// A field's value in words, in both languages.
fn shown(field: &str, v: &Value, question: Option<&Question>, q: &Questionnaire) -> Text {
    let known = match field {
        "value" => question.and_then(|question| answer_value(question, v)),
        "state" => v.as_str().and_then(state),
        "status" => v
            .as_str()
            .and_then(crate::store::NegotiationStatus::parse)
            .map(crate::store::NegotiationStatus::label),
        "deployment" => v.as_str().and_then(deployment),
        "read_only" => v.as_bool().map(|b| {
            if b {
                words("Yes", "是")
            } else {
                words("No", "否")
            }
        }),
        "profiles" => v.as_array().map(|ids| {
            let names: Vec<Text> = ids
                .iter()
                .filter_map(Value::as_str)
                .map(|id| match q.profiles.iter().find(|p| p.id == id) {
                    Some(p) => p.name.clone(),
                    None => same(id.to_string()),
                })
                .collect();
            join(&names, ", ")
        }),
        "provenance" => v.as_object().map(|source| {
            join(
                &object_parts(source, &["source", "reference", "as_of", "confidence"]),
                ", ",
            )
        }),
        "evidence" => v.as_array().map(|pieces| {
            let each: Vec<Text> = pieces
                .iter()
                .map(|piece| match piece.as_object() {
                    Some(o) => join(&object_parts(o, EVIDENCE_ORDER), ", "),
                    None => same(plain(piece)),
                })
                .collect();
            join(&each, "; ")
        }),
        _ => None,
    };
    known.unwrap_or_else(|| same(plain(v)))
}

/// A piece of evidence's fields, in the order the form shows them.
const EVIDENCE_ORDER: &[&str] = &[
    "kind",
    "identifier",
    "issuer",
    "scope",
    "issued",
    "expires",
    "url",
    "file",
];

/// The values of a source or a piece of evidence, kinds by their names, in
/// `order` first, then any other field as recorded.
fn object_parts(o: &serde_json::Map<String, Value>, order: &[&str]) -> Vec<Text> {
    let mut keys: Vec<&String> = o.keys().collect();
    keys.sort_by_key(|k| order.iter().position(|x| x == k).unwrap_or(usize::MAX));
    keys.into_iter()
        .filter(|k| !o[*k].is_null())
        .map(|k| {
            let v = &o[k];
            let parsed = |lang: Lang| -> Option<String> {
                match k.as_str() {
                    "source" => serde_json::from_value::<SourceKind>(v.clone())
                        .ok()
                        .map(|s| labels::source_label(s, lang).to_string()),
                    "kind" => serde_json::from_value::<EvidenceKind>(v.clone())
                        .ok()
                        .map(|e| labels::evidence_kind_label(e, lang).to_string()),
                    "expires" => v.as_str().map(|d| match lang {
                        Lang::En => format!("expires {d}"),
                        Lang::ZhCn => format!("{d} 到期"),
                    }),
                    "file" => v.as_str().map(|sha| match lang {
                        Lang::En => format!("file sha256:{}", &sha[..sha.len().min(12)]),
                        Lang::ZhCn => format!("文件 sha256:{}", &sha[..sha.len().min(12)]),
                    }),
                    _ => None,
                }
            };
            match (parsed(Lang::En), parsed(Lang::ZhCn)) {
                (Some(en), Some(zh_cn)) => Text { en, zh_cn },
                _ => same(plain(v)),
            }
        })
        .collect()
}

/// An answer's value by the question's labels ("24 hours", "TLS 1.2 and 1.3 only").
fn answer_value(question: &Question, v: &Value) -> Option<Text> {
    let value: AnswerValue = serde_json::from_value(v.clone()).ok()?;
    let answer = Answer {
        question: question.id.clone(),
        value: Some(value),
        ..Answer::default()
    };
    let words = |lang| labels::answer_text(question, Some(&answer), lang);
    Some(Text {
        en: words(Lang::En)?,
        zh_cn: words(Lang::ZhCn)?,
    })
}

/// Where an unanswered question stands, by name.
fn state(s: &str) -> Option<Text> {
    let open = match s {
        "awaiting_vendor" => Open::AwaitingVendor,
        "unknown" => Open::UnknownAfterAsking,
        "declined" => return Some(words("declined to answer", "拒绝回答")),
        _ => return None,
    };
    Some(Text::from_fn(|lang| {
        labels::open_label(open, lang).to_string()
    }))
}

/// A vendor's deployment, by name (as the vendor form says it).
fn deployment(s: &str) -> Option<Text> {
    Some(match s {
        "saas" => words("SaaS (multi-tenant cloud)", "SaaS（多租户云）"),
        "dedicated" => words("Dedicated cloud", "专属云"),
        "on_premises" => words("On premises", "本地部署"),
        _ => return None,
    })
}

/// A stored field's name in words, in both languages; an unknown key as it is.
fn field_label(key: &str) -> Text {
    let (en, zh_cn) = match key {
        "name" => ("Name", "名称"),
        "notes" => ("Notes", "备注"),
        "profiles" => ("Buyer profiles", "采购方画像"),
        "as_of" => ("As-of date", "评估基准日"),
        "evaluators" => ("Evaluators", "评估人"),
        "section_weights" => ("Section weights", "章节权重"),
        "coverage_threshold" => ("Coverage needed to be ranked", "参与排名所需覆盖率"),
        "questionnaire_id" => ("Questionnaire", "问卷"),
        "questionnaire_version" => ("Questionnaire version", "问卷版本"),
        "read_only" => ("Read-only", "只读"),
        "product" => ("Product", "产品"),
        "deployment" => ("Deployment", "部署方式"),
        "question" => ("Question", "问题"),
        "value" => ("Answer", "回答"),
        "na" => ("Not applicable, because", "不适用理由"),
        "state" => ("Status", "状态"),
        "comment" => ("Comment", "备注"),
        "provenance" => ("Source", "来源"),
        "evidence" => ("Evidence", "证据"),
        "clause" => ("Contract clause", "合同条款"),
        "status" => ("Negotiation", "协商状态"),
        "note" => (
            "Reason or where the contract settles it",
            "理由或合同中的约定出处",
        ),
        other => (other, other),
    };
    words(en, zh_cn)
}
