//! What happened to a report after Assay wrote it (issue 17).
//!
//! A PDF grows by *incremental updates*: a reader that adds a sticky note, or
//! a signature, appends objects after the last `%%EOF` and leaves the earlier
//! bytes as they were. So the revision Assay wrote is a prefix of the file,
//! found by its own whole-file digest ([`super::assay_revision_end`]), and
//! what came after is compared object by object with it here: annotations
//! added to pages, signatures (checked by [`super::sign`]), and — the one that
//! matters — any change to what a page prints or to the embedded data.
//!
//! A program that *rewrites* the file (qpdf, "save as") leaves no prefix; then
//! the pages are compared with a fresh render of the embedded data instead
//! ([`same_print`]), with the same comparison: a lossless re-save is not
//! "changed print".

use super::sign::{self, SignatureCheck};
use lopdf::{Dictionary, Document, Object, ObjectId};
use openssl::x509::store::X509Store;
use std::collections::BTreeSet;

/// Nesting followed when comparing objects (resources are shallow; a cycle
/// or a hostile file ends here instead of overflowing the stack).
const MAX_DEPTH: usize = 24;

use super::pdf::MAX_STREAM_BYTES;

/// An annotation a reader added after the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedAnnotation {
    /// 1-based page number.
    pub page: usize,
    /// Its /Subtype (Text, Highlight, Square, FreeText …).
    pub kind: String,
}

/// What was added after the revision Assay wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaterChanges {
    pub annotations: Vec<AddedAnnotation>,
    /// Pages (1-based) whose printed content or resources differ; the page
    /// count changing is reported as every page past the shorter count.
    pub changed_pages: Vec<usize>,
    /// The embedded report data or the report's /Info records changed.
    pub data_changed: bool,
    /// Entries the document catalogue gained (e.g. OpenAction: something run
    /// when the file is opened).
    pub catalog_added: Vec<String>,
    /// Other objects added or changed that no page shows.
    pub other_objects: usize,
}

impl LaterChanges {
    /// The report's own content (print or data) is as exported.
    pub fn content_intact(&self) -> bool {
        self.changed_pages.is_empty() && !self.data_changed
    }
}

/// Revision ends tried at most: Assay writes one revision, so its end is among
/// the first; a hostile file of a million `%%EOF`s is not hashed a million times.
const MAX_REVISION_ENDS: usize = 64;

/// Where a revision may end, in file order: just after each `%%EOF`, and
/// after each end-of-line byte that follows it (a writer may or may not end
/// its revision with one; an update may add one before its own objects).
/// At most [`MAX_REVISION_ENDS`].
pub fn revision_ends(bytes: &[u8]) -> Vec<usize> {
    let marker = b"%%EOF";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = bytes[from..]
        .windows(marker.len())
        .position(|w| w == marker)
        .map(|p| p + from)
    {
        let mut end = at + marker.len();
        out.push(end);
        while matches!(bytes.get(end), Some(b'\r' | b'\n')) {
            end += 1;
            out.push(end);
        }
        from = at + marker.len();
        if out.len() >= MAX_REVISION_ENDS {
            out.truncate(MAX_REVISION_ENDS);
            break;
        }
    }
    out
}

fn load(bytes: &[u8]) -> Result<Document, String> {
    super::pdf::load_document(bytes).map_err(|e| e.to_string())
}

/// Every signature in the file, checked (Assay writes none itself, so all
/// were added after the export). An unreadable file has none to check.
pub fn signatures(full: &[u8], trust: &X509Store) -> Vec<SignatureCheck> {
    let Ok(doc) = load(full) else {
        return Vec::new();
    };
    sign::signature_fields(&doc)
        .into_iter()
        .map(|sig| sign::check_signature(full, &doc, sig, trust))
        .collect()
}

/// Compares `full` (the file as it is) with `original` (the revision Assay
/// wrote, a prefix of it).
pub fn changes_after(original: &[u8], full: &[u8]) -> Result<LaterChanges, String> {
    let before = load(original)?;
    let after = load(full)?;
    let mut changes = LaterChanges {
        changed_pages: changed_pages(&before, &after),
        data_changed: data_changed(original, full),
        ..Default::default()
    };
    // Annotations and signature fields added to pages.
    let pages_before: Vec<ObjectId> = before.get_pages().into_values().collect();
    let mut explained: BTreeSet<ObjectId> = BTreeSet::new();
    for (i, page) in after.get_pages().into_values().enumerate() {
        explained.insert(page);
        let old: BTreeSet<ObjectId> = pages_before
            .get(i)
            .map(|p| annotation_ids(&before, *p))
            .unwrap_or_default();
        if let Ok(Object::Reference(r)) = after.get_dictionary(page).and_then(|d| d.get(b"Annots"))
        {
            explained.insert(*r);
        }
        for annot in annotation_ids(&after, page) {
            if old.contains(&annot) {
                continue;
            }
            reachable(&after, annot, &mut explained, 0);
            let Ok(d) = after.get_dictionary(annot) else {
                continue;
            };
            if is_signature_field(&after, d) {
                continue;
            }
            let kind = d
                .get(b"Subtype")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|_| "unknown".into());
            changes
                .annotations
                .push(AddedAnnotation { page: i + 1, kind });
        }
    }
    // Signatures are checked by [`signatures`]; their dictionaries are no
    // "other" change.
    explained.extend(sign::signature_fields(&after));
    // The catalogue, its form, the information dictionary and the page tree
    // change with any of the above; what the catalogue *gains* is listed.
    for key in [b"Root".as_slice(), b"Info".as_slice()] {
        if let Ok(id) = after.trailer.get(key).and_then(Object::as_reference) {
            explained.insert(id);
        }
    }
    if let (Ok(old), Ok(new)) = (before.catalog(), after.catalog()) {
        for (key, value) in new.iter() {
            if key == b"AcroForm" {
                if let Object::Reference(r) = value {
                    explained.insert(*r);
                }
                continue;
            }
            if !old.has(key) {
                changes
                    .catalog_added
                    .push(String::from_utf8_lossy(key).into_owned());
            }
        }
        if let Ok(Object::Reference(pages)) = new.get(b"Pages") {
            explained.insert(*pages);
        }
    }
    let printed = reached_from_pages(&after);
    let mut cmp = Comparison::default();
    for (id, object) in &after.objects {
        if explained.contains(id) || printed.contains(id) || is_xref_stream(object) {
            continue;
        }
        let same = before
            .objects
            .get(id)
            .is_some_and(|old| cmp.same(&before, old, &after, object, 0));
        if !same {
            changes.other_objects += 1;
        }
    }
    Ok(changes)
}

fn is_xref_stream(o: &Object) -> bool {
    o.as_stream()
        .ok()
        .and_then(|s| s.dict.get(b"Type").and_then(Object::as_name).ok())
        .is_some_and(|t| t == b"XRef" || t == b"ObjStm")
}

/// The objects pages print with: judged by [`changed_pages`], not counted
/// again as "other".
fn reached_from_pages(doc: &Document) -> BTreeSet<ObjectId> {
    let mut seen = BTreeSet::new();
    for page in doc.get_pages().into_values() {
        if let Ok(d) = doc.get_dictionary(page) {
            for key in [b"Contents".as_slice(), b"Resources".as_slice()] {
                if let Ok(o) = d.get(key) {
                    reachable_object(doc, o, &mut seen, 0);
                }
            }
        }
    }
    seen
}

fn reachable(doc: &Document, id: ObjectId, seen: &mut BTreeSet<ObjectId>, depth: usize) {
    if depth > MAX_DEPTH || !seen.insert(id) {
        return;
    }
    if let Ok(o) = doc.get_object(id) {
        reachable_object(doc, o, seen, depth + 1);
    }
}

fn reachable_object(doc: &Document, o: &Object, seen: &mut BTreeSet<ObjectId>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match o {
        Object::Reference(r) => reachable(doc, *r, seen, depth),
        Object::Array(items) => items
            .iter()
            .for_each(|i| reachable_object(doc, i, seen, depth + 1)),
        Object::Dictionary(d) => dict_reachable(doc, d, seen, depth),
        Object::Stream(s) => dict_reachable(doc, &s.dict, seen, depth),
        _ => {}
    }
}

fn dict_reachable(doc: &Document, d: &Dictionary, seen: &mut BTreeSet<ObjectId>, depth: usize) {
    for (key, value) in d.iter() {
        // Back-pointers lead to the page tree, not to what this object needs.
        if key == b"P" || key == b"Parent" {
            continue;
        }
        reachable_object(doc, value, seen, depth + 1);
    }
}

fn is_signature_field(doc: &Document, d: &Dictionary) -> bool {
    let field_type = d.get(b"FT").ok().or_else(|| {
        let parent = d.get(b"Parent").and_then(Object::as_reference).ok()?;
        doc.get_dictionary(parent).ok()?.get(b"FT").ok()
    });
    field_type.and_then(|t| t.as_name().ok()) == Some(b"Sig".as_slice())
}

fn annotation_ids(doc: &Document, page: ObjectId) -> BTreeSet<ObjectId> {
    let Ok(d) = doc.get_dictionary(page) else {
        return BTreeSet::new();
    };
    let annots = d
        .get(b"Annots")
        .and_then(|a| doc.dereference(a).map(|(_, o)| o))
        .and_then(Object::as_array);
    annots
        .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
        .unwrap_or_default()
}

/// Pages whose print differs: contents (decoded), resources, boxes — every
/// page key but the page tree's back-pointer and the annotations.
pub fn changed_pages(a: &Document, b: &Document) -> Vec<usize> {
    let pa: Vec<ObjectId> = a.get_pages().into_values().collect();
    let pb: Vec<ObjectId> = b.get_pages().into_values().collect();
    // One comparison for all pages: the resources they share are compared once.
    let mut cmp = Comparison::default();
    let mut out = Vec::new();
    for i in 0..pa.len().max(pb.len()) {
        let same = match (pa.get(i), pb.get(i)) {
            (Some(x), Some(y)) => match (a.get_dictionary(*x), b.get_dictionary(*y)) {
                (Ok(dx), Ok(dy)) => same_page(&mut cmp, a, dx, b, dy),
                _ => false,
            },
            _ => false,
        };
        if !same {
            out.push(i + 1);
        }
    }
    out
}

fn same_page(
    cmp: &mut Comparison,
    a: &Document,
    x: &Dictionary,
    b: &Document,
    y: &Dictionary,
) -> bool {
    let keys = |d: &Dictionary| -> BTreeSet<Vec<u8>> {
        d.iter()
            .map(|(k, _)| k.clone())
            .filter(|k| k != b"Parent" && k != b"Annots")
            .collect()
    };
    if keys(x) != keys(y) {
        return false;
    }
    keys(x).iter().all(|k| match (x.get(k), y.get(k)) {
        (Ok(vx), Ok(vy)) if k == b"Contents" => same_contents(a, vx, b, vy),
        (Ok(vx), Ok(vy)) => cmp.same(a, vx, b, vy, 0),
        _ => false,
    })
}

/// A page's content: one stream or an array of them, compared as the
/// concatenation of their decoded bytes (a program may split or join them).
fn same_contents(a: &Document, x: &Object, b: &Document, y: &Object) -> bool {
    match (decoded_contents(a, x), decoded_contents(b, y)) {
        (Some(cx), Some(cy)) => cx == cy,
        _ => false,
    }
}

/// A page's content may be a stream or an array of streams — one level: an
/// array inside the array (or one that holds itself) is not content.
fn decoded_contents(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    let stream = |o: &Object| match deref(doc, o)? {
        Object::Stream(s) => s.get_plain_content_with_limit(MAX_STREAM_BYTES).ok(),
        _ => None,
    };
    match deref(doc, o)? {
        Object::Array(items) => {
            let mut out = Vec::new();
            for i in items {
                out.extend(stream(i)?);
                out.push(b'\n');
            }
            Some(out)
        }
        _ => stream(o),
    }
}

fn deref<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    let mut o = o;
    for _ in 0..MAX_DEPTH {
        match o {
            Object::Reference(r) => o = doc.get_object(*r).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// Whether objects of two documents mean the same: references followed,
/// numbers compared as numbers, streams by their decoded bytes (a re-save may
/// recompress them: /Length, /Filter and /DecodeParms are not compared) —
/// with one comparison's memory of the reference pairs already compared (or being
/// compared): a resource shared by every page, or a file whose objects refer
/// to each other over and over, is compared once, so the work is bounded by
/// the number of object pairs, not by the number of paths to them.
#[derive(Default)]
struct Comparison {
    seen: std::collections::HashMap<(ObjectId, ObjectId), bool>,
}

impl Comparison {
    fn same(&mut self, a: &Document, x: &Object, b: &Document, y: &Object, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if let (Object::Reference(rx), Object::Reference(ry)) = (x, y) {
            if let Some(known) = self.seen.get(&(*rx, *ry)) {
                return *known;
            }
            // Being compared: a cycle back to it adds no difference of its own.
            self.seen.insert((*rx, *ry), true);
            let same = self.same_resolved(a, x, b, y, depth);
            self.seen.insert((*rx, *ry), same);
            return same;
        }
        self.same_resolved(a, x, b, y, depth)
    }

    fn same_resolved(
        &mut self,
        a: &Document,
        x: &Object,
        b: &Document,
        y: &Object,
        depth: usize,
    ) -> bool {
        let (Some(x), Some(y)) = (deref(a, x), deref(b, y)) else {
            return false;
        };
        use Object::*;
        match (x, y) {
            (Integer(_) | Real(_), Integer(_) | Real(_)) => {
                let n = |o: &Object| o.as_float().map(f64::from).unwrap_or(f64::NAN);
                (n(x) - n(y)).abs() < 1e-6
            }
            (Array(p), Array(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .zip(q)
                        .all(|(i, j)| self.same(a, i, b, j, depth + 1))
            }
            (Dictionary(p), Dictionary(q)) => self.same_dict(a, p, b, q, depth, &[]),
            (Stream(p), Stream(q)) => {
                let ignore: &[&[u8]] = &[b"Length", b"Filter", b"DecodeParms"];
                self.same_dict(a, &p.dict, b, &q.dict, depth, ignore)
                    && p.get_plain_content_with_limit(MAX_STREAM_BYTES).ok()
                        == q.get_plain_content_with_limit(MAX_STREAM_BYTES).ok()
            }
            (String(p, _), String(q, _)) => p == q,
            _ => x == y,
        }
    }

    fn same_dict(
        &mut self,
        a: &Document,
        p: &Dictionary,
        b: &Document,
        q: &Dictionary,
        depth: usize,
        ignore: &[&[u8]],
    ) -> bool {
        let keys = |d: &Dictionary| -> BTreeSet<Vec<u8>> {
            d.iter()
                .map(|(k, _)| k.clone())
                .filter(|k| !ignore.contains(&k.as_slice()) && k != b"Parent" && k != b"P")
                .collect()
        };
        let kp = keys(p);
        kp == keys(q)
            && kp.iter().all(|k| match (p.get(k), q.get(k)) {
                (Ok(x), Ok(y)) => self.same(a, x, b, y, depth + 1),
                _ => false,
            })
    }
}

/// The embedded data and Assay's own /Info records of two files differ.
fn data_changed(original: &[u8], full: &[u8]) -> bool {
    match (super::pdf::extract(original), super::pdf::extract(full)) {
        (Ok(x), Ok(y)) => !super::pdf::same_report_records(&x, &y),
        _ => true,
    }
}

/// A file that is not a prefix-extension of the export (rewritten by another
/// program) against a fresh render of its embedded data: the pages that
/// print differently, and whether the embedded data and records differ.
pub fn same_print(rendered: &[u8], file: &[u8]) -> Result<(Vec<usize>, bool), String> {
    let a = load(rendered)?;
    let b = load(file)?;
    Ok((changed_pages(&a, &b), data_changed(rendered, file)))
}
