//! The sample evaluations Assay ships, by name: the vocabulary the store (which
//! creates them, `store::demo`) and the report (which marks every page of a
//! sample's PDF) share. Names only: recognising a sample parses nothing.

/// A sample evaluation Assay ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// Real vendors, public sources only: mostly unknown.
    PublicSources,
    /// Invented vendors, complete answers: what a finished evaluation looks like.
    Fictional,
}

impl Sample {
    pub const ALL: [Sample; 2] = [Sample::PublicSources, Sample::Fictional];

    /// The evaluation's name, which is how a database's copy (and a report's
    /// embedded data) is recognised. Equal to the name in the sample's JSON (a
    /// test checks it).
    pub fn name(self) -> &'static str {
        match self {
            Sample::PublicSources => {
                "Illustrative sample — IM vendors (public sources, audited 2026-12)"
            }
            Sample::Fictional => {
                "Fictional example — IM platform tender (invented vendors) / 虚构示例"
            }
        }
    }

    /// The sample an evaluation with this name is.
    pub fn from_name(name: &str) -> Option<Sample> {
        Sample::ALL.into_iter().find(|s| name == s.name())
    }
}
