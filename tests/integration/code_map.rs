//! ARCHITECTURE.md's code map matches the tree: every path it names exists, and
//! every module of the core (each file and folder under src/) is named in it.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The backquoted paths in the first column of the code map's table.
fn mapped_paths() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let map = text
        .split("## Code map")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("ARCHITECTURE.md has a '## Code map' section");
    map.lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|p| p.contains('/') || p.contains('.'))
        .collect()
}

#[test]
fn every_path_in_the_code_map_exists() {
    let paths = mapped_paths();
    assert!(paths.len() > 20, "only {} paths found", paths.len());
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !Path::new(ROOT).join(p.trim_end_matches('/')).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn every_core_module_is_in_the_code_map() {
    let paths = mapped_paths();
    let named = |entry: &str| {
        paths
            .iter()
            .any(|p| p.trim_end_matches('/') == entry || p.starts_with(&format!("{entry}/")))
    };
    let mut unnamed = Vec::new();
    for e in std::fs::read_dir(Path::new(ROOT).join("src")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let entry = format!("src/{name}");
        if name != "lib.rs" && !named(&entry) {
            unnamed.push(entry);
        }
    }
    assert!(
        unnamed.is_empty(),
        "not in ARCHITECTURE.md's code map: {unnamed:?}"
    );
}
