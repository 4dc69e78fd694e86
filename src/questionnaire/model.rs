//! The questionnaire definition: pure data, deserialized from the JSON files in
//! `questionnaires/`. The JSON Schema shipped beside them is generated from these
//! types (`assay questionnaire schema`), so editors and the loader agree on the shape.
//!
//! Semantic rules that a schema cannot express (unique ids, band order, conditions
//! naming earlier questions, …) live in `validate.rs`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A human text in both shipped languages. Both are required: a buyer working in
/// Chinese must never meet an English-only question, nor the reverse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

/// The two languages Assay ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" | "EN" | "en-US" | "en-GB" => Some(Lang::En),
            "zh-CN" | "zh" | "zh-cn" | "zh-Hans" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    /// The language's code as files, names and the UI write it: `en`, `zh-CN`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
        }
    }

    /// Both languages of something rendered per language.
    pub fn from_fn(show: impl Fn(Lang) -> String) -> Text {
        Text {
            en: show(Lang::En),
            zh_cn: show(Lang::ZhCn),
        }
    }
}

/// A questionnaire file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Where the JSON Schema lives, for editors; ignored by Assay.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable identifier, lower-case letters, digits and dashes (e.g. `assay-im-security`).
    pub id: String,
    /// Semantic version (MAJOR.MINOR.PATCH) of this questionnaire's content.
    pub version: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Buyer profiles: each sets section weights and switches knockouts on.
    pub profiles: Vec<Profile>,
    pub sections: Vec<Section>,
    /// How this version's ids follow from earlier versions' (for upgrading an
    /// evaluation made with one of them): questions and options renamed. A
    /// question id not listed keeps its id; one absent here was removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upgrades_from: Vec<IdChanges>,
}

/// The ids that changed since an earlier version of the same questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdChanges {
    /// The earlier version (MAJOR.MINOR.PATCH) these changes lead from.
    pub version: String,
    /// Questions renamed: the earlier id → the id in this version.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, String>,
    /// Answer options renamed, per question (its id in this version): the
    /// earlier option id → the option id in this version.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, BTreeMap<String, String>>,
}

/// A buyer profile (e.g. GLOBAL, CN-REG, EU-PD, HIGH-SENS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: Text,
    /// One line on what this profile switches on.
    pub description: Text,
    /// Weight of each section under this profile, keyed by section id. Every
    /// section must be listed; weights are relative (normalised when scoring).
    pub section_weights: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Short code, e.g. `TRN`.
    pub id: String,
    pub title: Text,
    /// The name of the section's sheet in the vendor workbook, e.g. "Key management"
    /// / "密钥管理": at most 31 characters (UTF-16 units) in each language, none of
    /// `[ ] : * ? / \`, unique among the sections. Without it the sheet is named
    /// after the title when that is a legal sheet name, else after the id; a
    /// title is never cut short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique across the questionnaire, e.g. `IRV-01`.
    pub id: String,
    pub text: Text,
    /// The buyer's help: what a good answer looks like and what to check. Shown
    /// to the buyer only (answering form), never in the vendor workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// Shown to the vendor (the workbook's guidance column): what to state and
    /// which document to provide. Must not reveal scoring: no best answer,
    /// points, weights or knockouts, and not a copy of `help`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_guidance: Option<Text>,
    /// Importance within its section (1 minor … 5 critical). Required for scored
    /// answer types, absent for free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    pub answer: AnswerSpec,
    /// Whether "not applicable" (with a reason) is an accepted answer.
    #[serde(default)]
    pub na_allowed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceRule>,
    /// Must-have gates, evaluated apart from the weighted score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knockouts: Vec<Knockout>,
    /// Cross-references to public frameworks; at least one per question.
    pub mappings: Vec<Mapping>,
    /// Shown only when this condition holds; hidden questions neither score nor count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

/// The answer type and how each answer becomes a score in 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerSpec {
    /// Yes 100, No 0.
    YesNo,
    /// Yes 100, Partial 50, No 0.
    YesPartialNo,
    /// One option; each option carries its score.
    Choice { options: Vec<ChoiceOption> },
    /// Any number of options; the score is the sum of their points, capped at 100.
    Multi { options: Vec<MultiOption> },
    /// A number with a unit, scored by threshold bands.
    Number {
        unit: Unit,
        /// Tried in order; the first band the value satisfies gives the score.
        bands: Vec<Band>,
        /// Score when no band matches.
        otherwise: f64,
        /// Non-numeric answers a vendor may give instead, e.g. "without undue delay".
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        alternatives: Vec<ChoiceOption>,
    },
    /// A date judged against the evaluation's as-of date.
    Date {
        measure: DateMeasure,
        /// Tried in order on the number of days `measure` yields.
        bands: Vec<Band>,
        otherwise: f64,
    },
    /// Free text; shown, never scored.
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stable id used in answers and conditions, e.g. `tls13-only`.
    pub id: String,
    pub label: Text,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MultiOption {
    pub id: String,
    pub label: Text,
    pub points: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Months,
    Percent,
    Count,
}

impl Unit {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Minutes, Lang::En) => "minutes",
            (Unit::Minutes, Lang::ZhCn) => "分钟",
            (Unit::Hours, Lang::En) => "hours",
            (Unit::Hours, Lang::ZhCn) => "小时",
            (Unit::Days, Lang::En) => "days",
            (Unit::Days, Lang::ZhCn) => "天",
            (Unit::Months, Lang::En) => "months",
            (Unit::Months, Lang::ZhCn) => "个月",
            (Unit::Percent, _) => "%",
            (Unit::Count, Lang::En) => "count",
            (Unit::Count, Lang::ZhCn) => "个",
        }
    }
}

/// What number of days a date answer is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateMeasure {
    /// Days from the as-of date until the answered date (an expiry date).
    DaysUntil,
    /// Days from the answered date until the as-of date (the date of a test or audit).
    DaysSince,
}

/// One threshold band. Exactly one of `at_most` / `at_least` is given, and all bands
/// of a question use the same one: `at_most` bands ascend, `at_least` bands descend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    pub score: f64,
}

impl Band {
    pub fn matches(&self, value: f64) -> bool {
        match (self.at_most, self.at_least) {
            (Some(max), _) => value <= max,
            (None, Some(min)) => value >= min,
            (None, None) => false,
        }
    }
}

/// What evidence a claim needs, and what its absence or expiry does to the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRule {
    /// Without evidence the answer is only *claimed*.
    pub required: bool,
    /// The pieces to ask the vendor for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ask_for: Vec<EvidenceField>,
    /// What to request, in words (e.g. "ISO/IEC 27001:2022 certificate and its scope
    /// statement"). Shown to the vendor in the workbook's evidence column, so it
    /// names documents and must not reveal scoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Score multiplier for a claim with no evidence (default 0.5).
    #[serde(default = "default_missing_factor")]
    pub missing_factor: f64,
    /// Score multiplier when every piece of evidence has expired (default 0).
    #[serde(default)]
    pub expired_factor: f64,
}

pub fn default_missing_factor() -> f64 {
    0.5
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceField {
    CertificateNumber,
    Issuer,
    AccreditationBody,
    Scope,
    Edition,
    IssueDate,
    ExpiryDate,
    ReportPeriod,
    Opinion,
    FilingNumber,
    ContractClause,
    VerificationUrl,
}

/// A must-have gate. With `profiles` it applies only when one of those buyer
/// profiles is active; without, always.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Knockout {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    pub rule: KnockoutRule,
    /// The requirement in plain words, printed when the gate fails.
    pub description: Text,
}

/// What an answer must satisfy to pass a gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum KnockoutRule {
    /// yes/no, yes/partial/no, choice or a number's alternative: the answer is one of these ids
    /// (`yes`, `partial`, `no` for the yes/no types).
    OneOf(Vec<String>),
    /// multi: every listed option is selected.
    IncludesAll(Vec<String>),
    /// number: the value is at most this (alternatives and "no commitment" fail).
    AtMost(f64),
    /// number: the value is at least this.
    AtLeast(f64),
    /// any scored type: the answer's score before evidence factors is at least this.
    MinScore(f64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// e.g. `CSA CAIQ`, `ISO/IEC 27001`, `GB/T 22239`, `GDPR`.
    pub framework: String,
    /// e.g. `v4.0.2`, `2022`, `2019 L3`, `2016/679`.
    pub version: String,
    /// Control, clause or article, e.g. `CEK-03.1`, `A.8.24`, `8.1.2.2`, `Art. 33`.
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// When a question is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Condition {
    /// An earlier question's answer is one of these ids (`yes`/`partial`/`no`, option ids).
    Answer {
        question: String,
        one_of: Vec<String>,
    },
    /// A buyer profile is active.
    Profile {
        profile: String,
    },
    All {
        all: Vec<Condition>,
    },
    Any {
        any: Vec<Condition>,
    },
}

impl Questionnaire {
    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }
}

impl AnswerSpec {
    /// The ids an answer may select: the options of a choice, the fixed
    /// yes / partial / no, a number's alternatives with "none" (no commitment).
    /// Empty for dates and free text.
    pub fn option_ids(&self) -> Vec<&str> {
        match self {
            AnswerSpec::YesNo => vec!["yes", "no"],
            AnswerSpec::YesPartialNo => vec!["yes", "partial", "no"],
            AnswerSpec::Choice { options } => options.iter().map(|o| o.id.as_str()).collect(),
            AnswerSpec::Multi { options } => options.iter().map(|o| o.id.as_str()).collect(),
            AnswerSpec::Number { alternatives, .. } => alternatives
                .iter()
                .map(|o| o.id.as_str())
                .chain([super::validate::NO_COMMITMENT])
                .collect(),
            AnswerSpec::Date { .. } | AnswerSpec::Text => Vec::new(),
        }
    }

    pub fn is_scored(&self) -> bool {
        !matches!(self, AnswerSpec::Text)
    }

    /// The ids a condition or a `one_of` knockout may name for this answer type.
    pub fn selectable_ids(&self) -> Vec<&str> {
        match self {
            AnswerSpec::YesNo => vec!["yes", "no"],
            AnswerSpec::YesPartialNo => vec!["yes", "partial", "no"],
            AnswerSpec::Choice { options } => options.iter().map(|o| o.id.as_str()).collect(),
            AnswerSpec::Multi { options } => options.iter().map(|o| o.id.as_str()).collect(),
            AnswerSpec::Number { alternatives, .. } => {
                alternatives.iter().map(|o| o.id.as_str()).collect()
            }
            AnswerSpec::Date { .. } | AnswerSpec::Text => vec![],
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            AnswerSpec::YesNo => "yes_no",
            AnswerSpec::YesPartialNo => "yes_partial_no",
            AnswerSpec::Choice { .. } => "choice",
            AnswerSpec::Multi { .. } => "multi",
            AnswerSpec::Number { .. } => "number",
            AnswerSpec::Date { .. } => "date",
            AnswerSpec::Text => "text",
        }
    }
}
