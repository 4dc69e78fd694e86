//! TypeScript shapes of core types the views expose but do not own (they live in
//! `questionnaire`, `scoring`, `answers`, `store`). Used only through
//! `#[ts(as = "…")]`; the exhaustive matches below fail to compile when a
//! variant is added to the real type and not here.

use crate::answers::SourceKind;
use crate::scoring::{Eligibility, EvidenceStatus, Flag, QuestionStatus};
use crate::store::Deployment;
use ts_rs::TS;

/// Bilingual text as stored in the questionnaire definition files.
#[derive(TS)]
#[ts(rename = "Text")]
#[allow(dead_code)]
pub struct TextTs {
    pub en: String,
    #[ts(rename = "zh-CN")]
    pub zh_cn: String,
}

/// Knockout gates, judged apart from the score.
#[derive(TS)]
#[ts(rename = "Eligibility", rename_all = "snake_case")]
pub enum EligibilityTs {
    Eligible,
    Undetermined,
    NotEligible,
}

#[allow(dead_code)]
fn check_eligibility(e: Eligibility) -> EligibilityTs {
    match e {
        Eligibility::Eligible => EligibilityTs::Eligible,
        Eligibility::Undetermined => EligibilityTs::Undetermined,
        Eligibility::NotEligible => EligibilityTs::NotEligible,
    }
}

/// Why a question's score is what it is.
#[derive(TS)]
#[ts(rename = "Flag", rename_all = "snake_case")]
pub enum FlagTs {
    Unknown,
    Claimed,
    EvidenceExpired,
    ExpiringSoon,
    DateOutOfRange,
    NoCommitment,
    Invalid,
}

#[allow(dead_code)]
fn check_flag(f: Flag) -> FlagTs {
    match f {
        Flag::Unknown => FlagTs::Unknown,
        Flag::Claimed => FlagTs::Claimed,
        Flag::EvidenceExpired => FlagTs::EvidenceExpired,
        Flag::ExpiringSoon => FlagTs::ExpiringSoon,
        Flag::DateOutOfRange => FlagTs::DateOutOfRange,
        Flag::NoCommitment => FlagTs::NoCommitment,
        Flag::Invalid => FlagTs::Invalid,
    }
}

#[derive(TS)]
#[ts(rename = "QuestionStatus", rename_all = "snake_case")]
pub enum QuestionStatusTs {
    Answered,
    Unknown,
    NotApplicable,
    Hidden,
    Unscored,
}

#[allow(dead_code)]
fn check_status(s: QuestionStatus) -> QuestionStatusTs {
    match s {
        QuestionStatus::Answered => QuestionStatusTs::Answered,
        QuestionStatus::Unknown => QuestionStatusTs::Unknown,
        QuestionStatus::NotApplicable => QuestionStatusTs::NotApplicable,
        QuestionStatus::Hidden => QuestionStatusTs::Hidden,
        QuestionStatus::Unscored => QuestionStatusTs::Unscored,
    }
}

#[derive(TS)]
#[ts(rename = "EvidenceStatus", rename_all = "snake_case")]
pub enum EvidenceStatusTs {
    NotRequired,
    Supported,
    Claimed,
    Expired,
}

#[allow(dead_code)]
fn check_evidence(s: EvidenceStatus) -> EvidenceStatusTs {
    match s {
        EvidenceStatus::NotRequired => EvidenceStatusTs::NotRequired,
        EvidenceStatus::Supported => EvidenceStatusTs::Supported,
        EvidenceStatus::Claimed => EvidenceStatusTs::Claimed,
        EvidenceStatus::Expired => EvidenceStatusTs::Expired,
    }
}

/// Where a claim came from.
#[derive(TS)]
#[ts(rename = "SourceKind", rename_all = "snake_case")]
pub enum SourceKindTs {
    VendorStated,
    PublicDocumentation,
    ContractClause,
    VerifiedByBuyer,
}

#[allow(dead_code)]
fn check_source(s: SourceKind) -> SourceKindTs {
    match s {
        SourceKind::VendorStated => SourceKindTs::VendorStated,
        SourceKind::PublicDocumentation => SourceKindTs::PublicDocumentation,
        SourceKind::ContractClause => SourceKindTs::ContractClause,
        SourceKind::VerifiedByBuyer => SourceKindTs::VerifiedByBuyer,
    }
}

#[derive(TS)]
#[ts(rename = "Deployment", rename_all = "snake_case")]
pub enum DeploymentTs {
    Saas,
    Dedicated,
    OnPremises,
}

#[allow(dead_code)]
fn check_deployment(d: Deployment) -> DeploymentTs {
    match d {
        Deployment::Saas => DeploymentTs::Saas,
        Deployment::Dedicated => DeploymentTs::Dedicated,
        Deployment::OnPremises => DeploymentTs::OnPremises,
    }
}

/// What a piece of evidence is.
#[derive(TS)]
#[ts(rename = "EvidenceKind", rename_all = "snake_case")]
pub enum EvidenceKindTs {
    Certificate,
    AuditReport,
    PentestLetter,
    ContractClause,
    Screenshot,
    Url,
    Other,
}

#[allow(dead_code)]
fn check_evidence_kind(k: crate::answers::EvidenceKind) -> EvidenceKindTs {
    use crate::answers::EvidenceKind as K;
    match k {
        K::Certificate => EvidenceKindTs::Certificate,
        K::AuditReport => EvidenceKindTs::AuditReport,
        K::PentestLetter => EvidenceKindTs::PentestLetter,
        K::ContractClause => EvidenceKindTs::ContractClause,
        K::Screenshot => EvidenceKindTs::Screenshot,
        K::Url => EvidenceKindTs::Url,
        K::Other => EvidenceKindTs::Other,
    }
}
