//! What a vendor answered, with the evidence and provenance behind each answer.
//! These types are what the scoring engine consumes, what the store persists and
//! what `assay score ANSWERS.json` reads.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One vendor's answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub question: String,
    /// The answer itself; its form depends on the question's type:
    /// `"yes"`/`"partial"`/`"no"`, an option id, a list of option ids, a number,
    /// an alternative's id or `"none"` (no commitment) for numbers, an ISO date
    /// `"2027-03-31"`, or free text. Absent when `na` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<AnswerValue>,
    /// Not applicable, with the reason. Only where the question allows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub na: Option<String>,
    /// Where a question without a value stands: asked and awaiting the vendor,
    /// declined by the vendor, or still unknown after asking. Absent with no value
    /// and no `na`: not asked yet. Never given together with a value or `na`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<AnswerState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The raw answer value, checked against the question type by `answer_check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// Where a question the vendor has not answered stands. Not asked yet is the
/// absence of an answer, not a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    /// Asked; the vendor has not answered yet. Scores as unknown.
    AwaitingVendor,
    /// The vendor refused to answer. Scores 0 (a known outcome, not an unknown)
    /// and fails the question's knockouts.
    Declined,
    /// Asked, and still unknown (the vendor does not know, or the answer could not
    /// be established). Scores as unknown.
    Unknown,
}

/// Where a claim came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub source: SourceKind,
    /// URL or document reference (e.g. "DPA v3 §7.2", "https://…").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// When the source said so (its publication or capture date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// Confidence tag of the source: V (vendor/standards text), S (secondary), S-low.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}

impl Provenance {
    /// The vendor's own statement to the buyer — in its questionnaire or workbook,
    /// or in a contract clause — and not a secondary report of one. Only such an
    /// answer is presented as the vendor's representation (PDF Annex A) or as its
    /// commitment without a caveat (the security schedule).
    pub fn is_vendors_own(&self) -> bool {
        matches!(
            self.source,
            SourceKind::VendorStated | SourceKind::ContractClause
        ) && !self.is_secondary()
    }

    /// A secondary source (confidence tag `S` or `S-low`): a report about the
    /// vendor, not the vendor's own statement. A knockout judged on it is provisional.
    pub fn is_secondary(&self) -> bool {
        self.confidence
            .as_deref()
            .is_some_and(|c| c.trim().starts_with(['S', 's']))
    }
}

/// Where a claim came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    VendorStated,
    PublicDocumentation,
    ContractClause,
    VerifiedByBuyer,
}

/// A piece of evidence behind an answer: a certificate, a report, a clause, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// Certificate no., 备案编号, CMVP no., report no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// Expiry date, or the end of a report period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Certificate,
    AuditReport,
    PentestLetter,
    ContractClause,
    Screenshot,
    Url,
    Other,
}

/// How long an audit report counts after the end of the period it covers, in
/// months: a SOC 2 (or CSA STAR attestation) report is current while its period
/// ended at most 12 months ago (domain criteria §3.2 and §7, "time decay").
pub const AUDIT_REPORT_CURRENT_MONTHS: u32 = 12;

impl Evidence {
    /// The last day this piece counts. A certificate's (or a letter's, a
    /// clause's …) `expires` is that day. An audit report's `expires` is the end
    /// of the period it covers, not an expiry: it counts for
    /// [`AUDIT_REPORT_CURRENT_MONTHS`] after.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        let end = self.expires?;
        Some(match self.kind {
            EvidenceKind::AuditReport => end
                .checked_add_months(chrono::Months::new(AUDIT_REPORT_CURRENT_MONTHS))
                .unwrap_or(NaiveDate::MAX),
            _ => end,
        })
    }

    /// Evidence counts at `as_of` when it was issued by then and is still valid
    /// ([`Evidence::valid_until`]).
    pub fn is_valid_at(&self, as_of: NaiveDate) -> bool {
        self.issued.is_none_or(|d| d <= as_of) && self.valid_until().is_none_or(|d| d >= as_of)
    }
}

/// The file `assay score` and `assay answers import` read: several vendors'
/// answers to one questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerSet {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub questionnaire: QuestionnaireRef,
    /// The date evidence and dates are judged at; defaults to today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// Active buyer profiles; defaults to the questionnaire's first profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    pub vendors: Vec<VendorAnswers>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
}

impl QuestionnaireRef {
    pub fn of(q: &crate::Questionnaire) -> QuestionnaireRef {
        QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
        }
    }
}

impl AnswerSet {
    /// Vendors' answers to `q` with no as-of date or profiles of their own: how
    /// the store and the workbook import check answers with `answer_set::check`.
    pub fn new(q: &crate::Questionnaire, vendors: Vec<VendorAnswers>) -> AnswerSet {
        AnswerSet {
            schema: None,
            questionnaire: QuestionnaireRef::of(q),
            as_of: None,
            profiles: Vec::new(),
            vendors,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VendorAnswers {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    pub answers: Vec<Answer>,
}
