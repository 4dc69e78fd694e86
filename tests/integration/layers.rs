//! The layering of ARCHITECTURE.md, checked on the source: a lower layer never
//! names a higher one, and the two front ends (the command line, the desktop
//! shell) use only the application layer and the crate's vocabulary types.
//!
//!   questionnaire ← scoring ← report; workbook beside report;
//!   store uses questionnaire and scoring; app uses all;
//!   src/cli and src-tauri use only app.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The modules a layer may not name (`crate::X` inside the core).
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "questionnaire",
        &["scoring", "report", "store", "workbook", "app"],
    ),
    (
        "answers",
        &["scoring", "report", "store", "workbook", "app"],
    ),
    ("answer_set", &["report", "store", "workbook", "app"]),
    (
        "catalog",
        &["scoring", "report", "store", "workbook", "app"],
    ),
    (
        "diagnostic",
        &["scoring", "report", "store", "workbook", "app"],
    ),
    (
        "samples",
        &["scoring", "report", "store", "workbook", "app"],
    ),
    ("scoring", &["report", "store", "workbook", "app"]),
    ("report", &["store", "workbook", "app"]),
    ("workbook", &["report", "store", "app"]),
    ("store", &["report", "workbook", "app"]),
];

/// What a front end may name of the core: the application layer and the
/// vocabulary types re-exported at the crate root.
const FRONT_END_ALLOWED: &[&str] = &["app", "Lang", "Text", "Diagnostic", "Questionnaire"];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The files of a core module: `src/NAME.rs` and `src/NAME/**`.
fn module_files(name: &str) -> Vec<PathBuf> {
    let src = Path::new(ROOT).join("src");
    let mut files = rust_files(&src.join(name));
    let single = src.join(format!("{name}.rs"));
    if single.exists() {
        files.push(single);
    }
    files
}

/// Every `PREFIX::name` in the code (comments stripped), with its line.
fn references(file: &Path, prefix: &str) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            let after = &rest[at + prefix.len()..];
            rest = after;
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // e.g. `mycrate::`
            }
            // `assay::{app, Lang}` names several.
            let names: Vec<String> = if let Some(group) = after.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                inner
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or("").to_string())
                    .filter(|n| !n.is_empty())
                    .collect()
            } else {
                vec![after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()]
            };
            out.extend(names.into_iter().map(|n| (i + 1, n)));
        }
    }
    out
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let mut violations = Vec::new();
    for (module, forbidden) in FORBIDDEN {
        let files = module_files(module);
        assert!(!files.is_empty(), "no files for module {module}");
        for file in files {
            for (line, name) in references(&file, "crate::") {
                if forbidden.contains(&name.as_str()) {
                    violations.push(format!(
                        "{}:{line}: {module} uses crate::{name}",
                        file.strip_prefix(ROOT).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_front_ends_use_only_the_application_layer() {
    let mut violations = Vec::new();
    let mut checked = 0;
    for dir in ["src/cli", "src-tauri/src"] {
        for file in rust_files(&Path::new(ROOT).join(dir)) {
            checked += 1;
            for (line, name) in references(&file, "assay::") {
                if !FRONT_END_ALLOWED.contains(&name.as_str()) {
                    violations.push(format!(
                        "{}:{line}: uses assay::{name} (front ends use assay::app)",
                        file.strip_prefix(ROOT).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(checked >= 5, "only {checked} front-end files found");
    assert!(
        violations.is_empty(),
        "layering broken:\n{}",
        violations.join("\n")
    );
}

/// The check itself can fail: a made-up file that breaks both rules is caught.
#[test]
fn the_layering_check_catches_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.rs");
    std::fs::write(
        &f,
        "use crate::store::Store; // fine in a comment: crate::app\nuse assay::{app, report::verify};\n",
    )
    .unwrap();
    assert_eq!(references(&f, "crate::"), vec![(1, "store".to_string())]);
    assert_eq!(
        references(&f, "assay::"),
        vec![(2, "app".to_string()), (2, "report".to_string())]
    );
}
