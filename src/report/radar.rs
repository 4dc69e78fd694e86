//! Radar chart geometry for the app's SVG chart (ported 1:1): one specification,
//! kept here beside the report's other chart rules. The PDF itself shows range
//! bars instead (`layout.rs`), which stay readable when every score is low and
//! draw "no data" as no data rather than as a point at the centre.
//!
//! Coordinates are on a unit circle centred at (0, 0) with **y pointing down**
//! (SVG and the report layout both use top-down y). Axis `k` of `n` starts at the
//! top (12 o'clock) and runs clockwise: angle θₖ = 2πk/n, point = (r·sin θₖ, −r·cos θₖ),
//! where r = clamp(score / 100, 0, 1). A section without a score (nothing
//! applicable) is drawn at the centre (r = 0) and listed as "—" in the table.

/// One vendor's polygon: a point per axis, in unit coordinates.
pub fn polygon(scores: &[Option<f64>]) -> Vec<(f64, f64)> {
    let n = scores.len();
    scores
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let r = s.map(|v| (v / 100.0).clamp(0.0, 1.0)).unwrap_or(0.0);
            let r = if r.is_finite() { r } else { 0.0 };
            point(k, n, r)
        })
        .collect()
}

/// The point at radius `r` (0–1) on axis `k` of `n`.
pub fn point(k: usize, n: usize, r: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let theta = std::f64::consts::TAU * k as f64 / n as f64;
    (r * theta.sin(), -r * theta.cos())
}

/// The rings of the grid (fractions of the radius): 20, 40, 60, 80, 100 points.
pub const GRID: [f64; 5] = [0.2, 0.4, 0.6, 0.8, 1.0];

/// Marker shapes and dash patterns that keep series apart in black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    InvertedTriangle,
    Plus,
    Star,
}

pub const MARKERS: [Marker; 8] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Cross,
    Marker::InvertedTriangle,
    Marker::Plus,
    Marker::Star,
];

/// Dash patterns (dash, gap, … in points); empty = solid.
pub const DASHES: [&[f32]; 8] = [
    &[],
    &[4.0, 2.0],
    &[1.0, 1.5],
    &[6.0, 2.0, 1.0, 2.0],
    &[2.5, 2.5],
    &[8.0, 3.0],
    &[1.0, 3.0],
    &[5.0, 1.5, 1.5, 1.5, 1.5, 1.5],
];

/// The series style of the `i`-th vendor: (marker, dash pattern).
pub fn style(i: usize) -> (Marker, &'static [f32]) {
    (MARKERS[i % MARKERS.len()], DASHES[i % DASHES.len()])
}

/// The outline of a marker of the given radius centred at (0, 0), y down.
/// Cross and plus are returned as two open strokes each (pairs of points).
pub fn marker_outline(m: Marker, r: f64) -> Vec<(f64, f64)> {
    let reg = |n: usize, rot: f64, rr: f64| -> Vec<(f64, f64)> {
        (0..n)
            .map(|k| {
                let t = rot + std::f64::consts::TAU * k as f64 / n as f64;
                (rr * t.sin(), -rr * t.cos())
            })
            .collect()
    };
    match m {
        Marker::Circle => reg(12, 0.0, r),
        Marker::Square => vec![(-r, -r), (r, -r), (r, r), (-r, r)],
        Marker::Triangle => reg(3, 0.0, r * 1.2),
        Marker::InvertedTriangle => reg(3, std::f64::consts::PI, r * 1.2),
        Marker::Diamond => reg(4, 0.0, r * 1.25),
        Marker::Cross => vec![(-r, -r), (r, r), (-r, r), (r, -r)],
        Marker::Plus => vec![
            (0.0, -r * 1.2),
            (0.0, r * 1.2),
            (-r * 1.2, 0.0),
            (r * 1.2, 0.0),
        ],
        Marker::Star => {
            let outer = reg(5, 0.0, r * 1.3);
            let inner = reg(5, std::f64::consts::PI / 5.0, r * 0.55);
            outer
                .into_iter()
                .zip(inner)
                .flat_map(|(o, i)| [o, i])
                .collect()
        }
    }
}

/// Whether the marker is drawn as open strokes (pairs) rather than a closed shape.
pub fn is_stroked(m: Marker) -> bool {
    matches!(m, Marker::Cross | Marker::Plus)
}
