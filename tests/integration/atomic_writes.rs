//! Every file Assay writes for a user is written whole or not at all: on any
//! error, nothing is left beside the destination — no half file, no temporary.

use assay::app::{self, Store};
use std::collections::BTreeSet;
use std::path::Path;

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn no_error_path_leaves_a_stray_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("a.db")).unwrap();
    let id = app::evaluations::demo(&mut store).unwrap();
    // The destination is a directory: every writer gets as far as the rename
    // and fails there, after the temporary file was written.
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside.txt"), b"keep").unwrap();
    let before = listing(out.path());

    let bundle = app::evaluations::export_bundle(&store, id, &target);
    assert!(bundle.is_err(), "bundle written over a directory");
    assert_eq!(listing(out.path()), before, "the bundle export left a file");

    let data = app::report::report_data_from_store(&mut store, id).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00+08:00").unwrap();
    let font = app::report::FontLoading::start();
    let pdf = app::report::export_pdf(&data, at, assay::Lang::En, &target, None, font);
    assert!(pdf.is_err(), "PDF written over a directory");
    assert_eq!(listing(out.path()), before, "the PDF export left a file");

    let xlsx = app::comparison_workbook(&mut store, id, assay::Lang::En).unwrap();
    assert!(app::write_file(&target, &xlsx).is_err());
    assert_eq!(
        listing(out.path()),
        before,
        "the workbook write left a file"
    );
    assert_eq!(listing(&target), BTreeSet::from(["inside.txt".to_string()]));

    // And on success the file is there, with nothing else beside it.
    let good = out.path().join("demo.assay");
    app::evaluations::export_bundle(&store, id, &good).unwrap();
    let mut expected = before.clone();
    expected.insert("demo.assay".into());
    assert_eq!(listing(out.path()), expected);
}
