//! The compare screen's extra data: the radar chart computed with the PDF's own
//! geometry (`report::radar`), evidence counts per vendor, what-if weights and
//! the profile weights the "new evaluation" dialog starts from.

use super::{comparison_view, ComparisonView};
use crate::questionnaire::Questionnaire;
use crate::report::radar;
use crate::scoring::{Flag, VendorScore};
use crate::store::{Result, Store};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A section's weight as the what-if sliders and the new-evaluation dialog show it:
/// percent of the total (relative: the core normalises them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SectionWeight {
    pub section: String,
    pub weight: f64,
}

/// The radar chart, in unit coordinates (centre (0, 0), radius 1, y down), exactly
/// as `report::radar` computes it for the PDF; the UI only scales and translates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RadarChart {
    /// One axis per section, in questionnaire order; the end point at radius 1.
    pub axes: Vec<RadarAxis>,
    /// The grid rings (20 … 100 points), each a closed polygon.
    pub rings: Vec<RadarRing>,
    /// One series per vendor, in rank order.
    pub series: Vec<RadarSeries>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RadarAxis {
    pub section: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RadarRing {
    /// The score the ring stands for (20, 40, … 100).
    pub score: f64,
    pub points: Vec<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RadarSeries {
    pub vendor: String,
    /// A point per axis; a section without a score is at the centre.
    pub points: Vec<[f64; 2]>,
    /// Marker name (`circle`, `square`, …) and its outline at radius 1, y down.
    pub marker: String,
    pub marker_outline: Vec<[f64; 2]>,
    /// Cross and plus: pairs of points drawn as open strokes.
    pub marker_stroked: bool,
    /// Dash pattern in points (dash, gap, …); empty = solid. Same as the PDF.
    pub dash: Vec<f64>,
}

fn xy(p: (f64, f64)) -> [f64; 2] {
    [p.0, p.1]
}

fn marker_name(m: radar::Marker) -> &'static str {
    match m {
        radar::Marker::Circle => "circle",
        radar::Marker::Square => "square",
        radar::Marker::Triangle => "triangle",
        radar::Marker::Diamond => "diamond",
        radar::Marker::Cross => "cross",
        radar::Marker::InvertedTriangle => "inverted_triangle",
        radar::Marker::Plus => "plus",
        radar::Marker::Star => "star",
    }
}

/// The radar chart of vendors in rank order (section scores in `q` order).
pub fn radar_chart(q: &Questionnaire, vendors: &[VendorScore]) -> RadarChart {
    let n = q.sections.len();
    RadarChart {
        axes: q
            .sections
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let (x, y) = radar::point(k, n, 1.0);
                RadarAxis {
                    section: s.id.clone(),
                    x,
                    y,
                }
            })
            .collect(),
        rings: radar::GRID
            .iter()
            .map(|g| RadarRing {
                score: (g * 100.0).round(),
                points: (0..n).map(|k| xy(radar::point(k, n, *g))).collect(),
            })
            .collect(),
        series: vendors
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let scores: Vec<Option<f64>> = q
                    .sections
                    .iter()
                    .map(|s| v.section(&s.id).and_then(|r| r.score))
                    .collect();
                let (marker, dash) = radar::style(i);
                RadarSeries {
                    vendor: v.vendor.clone(),
                    points: radar::polygon(&scores).into_iter().map(xy).collect(),
                    marker: marker_name(marker).to_string(),
                    marker_outline: radar::marker_outline(marker, 1.0)
                        .into_iter()
                        .map(xy)
                        .collect(),
                    marker_stroked: radar::is_stroked(marker),
                    dash: dash.iter().map(|d| *d as f64).collect(),
                }
            })
            .collect(),
    }
}

/// (expired, expiring soon): questions whose evidence has expired at the as-of
/// date, and questions whose valid evidence runs out within 90 days.
pub fn evidence_counts(v: &VendorScore) -> (usize, usize) {
    let count = |flag: Flag| v.questions().filter(|q| q.flags.contains(&flag)).count();
    (count(Flag::EvidenceExpired), count(Flag::ExpiringSoon))
}

/// The weights by section, as the store keeps an evaluation's own.
pub(super) fn weight_map(weights: &[SectionWeight]) -> BTreeMap<String, f64> {
    weights
        .iter()
        .map(|w| (w.section.clone(), w.weight))
        .collect()
}

/// The weights as (section, weight) pairs, checked as the store checks an
/// evaluation's own weights; none given is fine (the stored weights apply).
pub(super) fn check_weights(
    q: &Questionnaire,
    weights: &[SectionWeight],
) -> Result<Vec<(String, f64)>> {
    if !weights.is_empty() {
        crate::store::check_section_weights(q, &weight_map(weights))?;
    }
    Ok(weights
        .iter()
        .map(|w| (w.section.clone(), w.weight))
        .collect())
}

/// Saves section weights as the evaluation's own (`None`: back to its
/// profiles'), one transaction with its audit row; returns the re-scored
/// comparison. Sections not given weigh 0, as in the "new evaluation" dialog,
/// which always sends every section.
pub fn save_section_weights(
    store: &mut Store,
    evaluation: i64,
    weights: Option<&[SectionWeight]>,
) -> Result<ComparisonView> {
    let map = weights.map(weight_map);
    store.set_section_weights(evaluation, map.as_ref())?;
    Ok(comparison_view(&store.comparison(evaluation)?))
}

/// Saves the coverage (percent, 0–100) a vendor needs to be ranked as the
/// evaluation's own (`None`: back to the default, 60 %), with its audit row;
/// returns the re-scored comparison.
pub fn save_coverage_threshold(
    store: &mut Store,
    evaluation: i64,
    percent: Option<f64>,
) -> Result<ComparisonView> {
    store.set_coverage_threshold(evaluation, percent)?;
    Ok(comparison_view(&store.comparison(evaluation)?))
}

/// Every question × every vendor of an evaluation, in the comparison's vendor
/// order, for the grid and its filters. Apart from [`ComparisonView`] because
/// it is most of the data and only the Questions tab shows it: the other tabs
/// open without fetching, parsing and rendering it (issue 15).
pub fn evaluation_grid(store: &mut Store, evaluation: i64) -> Result<super::QuestionGrid> {
    Ok(super::decision::question_grid(
        &store.comparison(evaluation)?,
    ))
}

/// The comparison re-scored with what-if section weights (percent, relative; the
/// sections not given keep their current share). Nothing is saved: the stored
/// evaluation and a later `comparison_view` are unchanged. `what_if` is set.
pub fn comparison_what_if(
    store: &mut Store,
    evaluation: i64,
    weights: &[SectionWeight],
) -> Result<ComparisonView> {
    let q = store.questionnaire(evaluation)?;
    let overrides = check_weights(&q, weights)?;
    Ok(comparison_view(
        &store.comparison_what_if(evaluation, &overrides)?,
    ))
}
