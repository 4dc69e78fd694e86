//! Ranks that say what they rest on. Only vendors whose coverage reaches the
//! evaluation's threshold (and who have any answer at all) are ranked; among them,
//! neighbours whose score ranges overlap cannot be told apart on what is known and
//! share a rank ("tied within what is known").

use super::VendorScore;

/// Sets `rank` and `tied_with` on vendors already in display order (eligibility
/// class, then total, then name). A tie group is a run of vendors of the same
/// eligibility whose ranges overlap one another in a chain; its members share the
/// rank of its first place.
pub(super) fn rank(vendors: &mut [VendorScore], min_coverage: f64) {
    let rankable = |v: &VendorScore| v.coverage > 0.0 && v.coverage + 1e-12 >= min_coverage;
    let ranked: Vec<usize> = (0..vendors.len())
        .filter(|&i| rankable(&vendors[i]))
        .collect();
    for v in vendors.iter_mut() {
        v.rank = None;
        v.tied_with.clear();
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in &ranked {
        let joins = groups.last().is_some_and(|group| {
            group.iter().any(|&j| {
                vendors[j].eligibility == vendors[i].eligibility
                    && vendors[j].range.overlaps(&vendors[i].range)
            })
        });
        match groups.last_mut() {
            Some(group) if joins => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    let mut place = 1;
    for group in &groups {
        let names: Vec<String> = group.iter().map(|&i| vendors[i].vendor.clone()).collect();
        for &i in group {
            vendors[i].rank = Some(place);
            vendors[i].tied_with = names
                .iter()
                .filter(|n| **n != vendors[i].vendor)
                .cloned()
                .collect();
        }
        place += group.len();
    }
}
