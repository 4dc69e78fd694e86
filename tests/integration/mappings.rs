//! Framework cross-references are real: every mapping of a shipped questionnaire
//! whose framework and version have an id list in `questionnaires/frameworks/`
//! names an id on that list, and the id lists themselves are well formed.
//!
//! An id list is `{"framework", "version", "source", "ids": [{"id", "title"}]}`
//! with an optional `ref_suffix` (see docs/frameworks.md):
//! - `"question-number"`: a ref may add `.n` (n ≥ 1) to a listed id, e.g. the
//!   CAIQ question `CEK-03.1` of control `CEK-03`;
//! - `"item-letter"`: a ref may add ` x)` to a listed id, e.g. the list item
//!   `8.1.4.1 d)` of clause `8.1.4.1`.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Suffix {
    None,
    QuestionNumber,
    ItemLetter,
}

/// One id list: a framework at one version.
struct IdList {
    file: String,
    framework: String,
    version: String,
    suffix: Suffix,
    ids: BTreeSet<String>,
}

impl IdList {
    /// Whether `reference` names a listed id, directly or through the suffix
    /// the list allows.
    fn knows(&self, reference: &str) -> bool {
        if self.ids.contains(reference) {
            return true;
        }
        match self.suffix {
            Suffix::None => false,
            Suffix::QuestionNumber => reference.rsplit_once('.').is_some_and(|(id, n)| {
                self.ids.contains(id)
                    && !n.is_empty()
                    && !n.starts_with('0')
                    && n.bytes().all(|b| b.is_ascii_digit())
            }),
            Suffix::ItemLetter => reference
                .strip_suffix(')')
                .and_then(|r| r.rsplit_once(' '))
                .is_some_and(|(id, letter)| {
                    self.ids.contains(id)
                        && letter.len() == 1
                        && letter.bytes().all(|b| b.is_ascii_lowercase())
                }),
        }
    }
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty() && s.trim() == *s)
}

/// Reads one id list; every way it is malformed is a problem.
fn read_id_list(path: &Path) -> Result<IdList, Vec<String>> {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let value: Value = match serde_json::from_str(&std::fs::read_to_string(path).unwrap()) {
        Ok(v) => v,
        Err(e) => return Err(vec![format!("{file}: not JSON: {e}")]),
    };
    let Some(object) = value.as_object() else {
        return Err(vec![format!("{file}: not a JSON object")]);
    };
    let mut problems = Vec::new();
    for key in object.keys() {
        if !["framework", "version", "source", "ref_suffix", "ids"].contains(&key.as_str()) {
            problems.push(format!("{file}: unknown key \"{key}\""));
        }
    }
    for key in ["framework", "version", "source"] {
        if text(object, key).is_none() {
            problems.push(format!(
                "{file}: \"{key}\" must be a non-empty string without surrounding spaces"
            ));
        }
    }
    let suffix = match object.get("ref_suffix") {
        None => Suffix::None,
        Some(v) if v == "question-number" => Suffix::QuestionNumber,
        Some(v) if v == "item-letter" => Suffix::ItemLetter,
        Some(v) => {
            problems.push(format!(
                "{file}: ref_suffix {v} is neither \"question-number\" nor \"item-letter\""
            ));
            Suffix::None
        }
    };
    let mut ids = BTreeSet::new();
    match object.get("ids").and_then(Value::as_array) {
        None => problems.push(format!("{file}: \"ids\" must be an array")),
        Some(entries) if entries.is_empty() => problems.push(format!("{file}: \"ids\" is empty")),
        Some(entries) => {
            for (i, entry) in entries.iter().enumerate() {
                let Some(entry) = entry.as_object() else {
                    problems.push(format!("{file}: ids[{i}] is not an object"));
                    continue;
                };
                if entry.len() != 2 || text(entry, "title").is_none() {
                    problems.push(format!(
                        "{file}: ids[{i}] must have exactly a non-empty \"id\" and \"title\""
                    ));
                }
                match text(entry, "id") {
                    None => problems.push(format!("{file}: ids[{i}].id is missing or blank")),
                    Some(id) if !ids.insert(id.to_string()) => {
                        problems.push(format!("{file}: ids[{i}].id \"{id}\" is listed twice"))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(IdList {
        file,
        framework: text(object, "framework").unwrap().to_string(),
        version: text(object, "version").unwrap().to_string(),
        suffix,
        ids,
    })
}

/// All id lists, keyed by (framework, version); every problem in any of them.
fn id_lists() -> (BTreeMap<(String, String), IdList>, Vec<String>) {
    let mut lists: BTreeMap<(String, String), IdList> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in json_files(&root().join("questionnaires/frameworks")) {
        match read_id_list(&path) {
            Err(p) => problems.extend(p),
            Ok(list) => {
                let key = (list.framework.clone(), list.version.clone());
                if let Some(other) = lists.get(&key) {
                    problems.push(format!(
                        "{} and {} both list {} {}",
                        other.file, list.file, key.0, key.1
                    ));
                } else {
                    lists.insert(key, list);
                }
            }
        }
    }
    (lists, problems)
}

/// Checks every mapping of one questionnaire (as raw JSON, so that a problem can
/// name its JSON path). Returns the number of mappings checked against an id
/// list, and the problems. A mapping to a framework that has id lists, but at a
/// version none of them covers, is a problem too: a stale version would
/// otherwise escape the check.
fn check_questionnaire(
    name: &str,
    questionnaire: &Value,
    lists: &BTreeMap<(String, String), IdList>,
) -> (usize, Vec<String>) {
    let listed: BTreeSet<&str> = lists.keys().map(|(f, _)| f.as_str()).collect();
    let mut checked = 0;
    let mut problems = Vec::new();
    let sections = questionnaire["sections"].as_array().map_or(&[][..], |s| s);
    for (si, section) in sections.iter().enumerate() {
        let questions = section["questions"].as_array().map_or(&[][..], |q| q);
        for (qi, question) in questions.iter().enumerate() {
            let id = question["id"].as_str().unwrap_or("?");
            let mappings = question["mappings"].as_array().map_or(&[][..], |m| m);
            for (mi, mapping) in mappings.iter().enumerate() {
                let at = format!("sections[{si}].questions[{qi}].mappings[{mi}]");
                let framework = mapping["framework"].as_str().unwrap_or_default();
                let version = mapping["version"].as_str().unwrap_or_default();
                let reference = mapping["ref"].as_str().unwrap_or_default();
                match lists.get(&(framework.to_string(), version.to_string())) {
                    Some(list) => {
                        checked += 1;
                        if !list.knows(reference) {
                            problems.push(format!(
                                "{name}: question {id}: ref \"{reference}\" is not an id of \
                                 {framework} {version} (questionnaires/frameworks/{}) at {at}.ref",
                                list.file
                            ));
                        }
                    }
                    None if listed.contains(framework) => problems.push(format!(
                        "{name}: question {id}: {framework} version \"{version}\" has no id \
                         list in questionnaires/frameworks/ (ref \"{reference}\") at {at}.version"
                    )),
                    None => {}
                }
            }
        }
    }
    (checked, problems)
}

fn shipped_questionnaires() -> Vec<(String, Value)> {
    json_files(&root().join("questionnaires"))
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (name, value)
        })
        .collect()
}

#[test]
fn every_framework_id_list_is_well_formed() {
    let (lists, problems) = id_lists();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for key in [
        ("CSA CAIQ", "v4.1"),
        ("ISO/IEC 27001", "2022"),
        ("GB/T 22239", "2019 L3"),
        ("GB/T 28448", "2019 L3"),
    ] {
        assert!(
            lists.contains_key(&(key.0.to_string(), key.1.to_string())),
            "no id list for {} {}",
            key.0,
            key.1
        );
    }
}

/// The lists have the sizes their publishers give, so a truncated or padded
/// list does not pass for a real one.
#[test]
fn the_id_lists_have_the_published_sizes() {
    let (lists, problems) = id_lists();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let get = |f: &str, v: &str| &lists[&(f.to_string(), v.to_string())];

    // ISO/IEC 27001:2022 Annex A: 93 controls, 37 + 8 + 14 + 34.
    let iso = get("ISO/IEC 27001", "2022");
    for (theme, count) in [("A.5.", 37), ("A.6.", 8), ("A.7.", 14), ("A.8.", 34)] {
        let ids: BTreeSet<String> = iso
            .ids
            .iter()
            .filter(|i| i.starts_with(theme))
            .cloned()
            .collect();
        let expected: BTreeSet<String> = (1..=count).map(|n| format!("{theme}{n}")).collect();
        assert_eq!(ids, expected, "Annex A {theme}");
    }

    // CSA CCM / CAIQ v4.1: 207 controls in 17 domains, numbered without gaps.
    let caiq = get("CSA CAIQ", "v4.1");
    assert_eq!(caiq.ids.len(), 207);
    let mut domains: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for id in &caiq.ids {
        let (domain, n) = id.rsplit_once('-').unwrap();
        assert_eq!(n.len(), 2, "{id}");
        domains.entry(domain).or_default().push(n.parse().unwrap());
    }
    assert_eq!(domains.len(), 17, "{:?}", domains.keys());
    for (domain, numbers) in &domains {
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(
            numbers,
            &expected,
            "{domain} is not numbered 01..{}",
            numbers.len()
        );
    }
}

#[test]
fn every_shipped_mapping_names_a_real_id() {
    let (lists, problems) = id_lists();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let mut problems = Vec::new();
    let mut total = 0;
    let shipped = shipped_questionnaires();
    assert!(!shipped.is_empty());
    for (name, questionnaire) in &shipped {
        let (checked, p) = check_questionnaire(name, questionnaire, &lists);
        total += checked;
        problems.extend(p);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The bundled questionnaire maps mostly to the listed frameworks; a
    // version typo must not turn the check into a no-op.
    let bundled = crate::support::shipped();
    let listed = bundled
        .questions()
        .flat_map(|(_, q)| q.mappings.iter())
        .filter(|m| lists.contains_key(&(m.framework.clone(), m.version.clone())))
        .count();
    assert!(
        listed >= 150,
        "only {listed} mappings of the bundled questionnaire were checked"
    );
    assert!(total >= listed);
}

/// The check itself: a wrong id, a stale version or a malformed suffix is
/// reported with the question, the ref and the JSON path.
#[test]
fn a_wrong_mapping_is_reported_with_its_question_ref_and_path() {
    let (lists, problems) = id_lists();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let (name, original) = shipped_questionnaires()
        .into_iter()
        .find(|(n, _)| n == "assay-im-security.json")
        .unwrap();
    let e2e = original["sections"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == "E2E")
        .unwrap();
    assert_eq!(original["sections"][e2e]["questions"][0]["id"], "E2E-01");
    let mapping = original["sections"][e2e]["questions"][0]["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .position(|m| m["framework"] == "CSA CAIQ")
        .unwrap();
    let at = format!("sections[{e2e}].questions[0].mappings[{mapping}]");

    // Only the problems the change adds (the shipped file is checked above).
    let before = check_questionnaire(&name, &original, &lists).1;
    let with = |field: &str, value: &str| {
        let mut q = original.clone();
        q["sections"][e2e]["questions"][0]["mappings"][mapping][field] = value.into();
        let mut problems = check_questionnaire(&name, &q, &lists).1;
        problems.retain(|p| !before.contains(p));
        problems
    };

    // An id that does not exist in CAIQ v4.1 (CCM v4.1 has no IAM-16).
    let problems = with("ref", "IAM-16.1");
    assert_eq!(problems.len(), 1, "{problems:?}");
    for part in [
        "E2E-01",
        "\"IAM-16.1\"",
        "csa-caiq-v4.1.json",
        &format!("{at}.ref"),
    ] {
        assert!(problems[0].contains(part), "{} lacks {part}", problems[0]);
    }
    // Malformed question numbers.
    for bad in [
        "CEK-03",
        "CEK-03.0",
        "CEK-03.01",
        "CEK-03.",
        "CEK-03.1a",
        "CEK-3.1",
        "cek-03.1",
    ] {
        let ok = bad == "CEK-03"; // the bare control id is listed
        assert_eq!(with("ref", bad).is_empty(), ok, "{bad}");
    }
    // A stale version of a listed framework.
    let problems = with("version", "v4.0.2");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains(&format!("{at}.version")),
        "{}",
        problems[0]
    );

    // Item letters under a GB/T 22239 clause.
    let gb = &lists[&("GB/T 22239".to_string(), "2019 L3".to_string())];
    assert!(gb.knows("8.1.4.1") && gb.knows("8.1.4.1 d)"));
    for bad in [
        "8.1.4.1 dd)",
        "8.1.4.1 D)",
        "8.1.4.1 d",
        "8.1.4.1d)",
        "8.1.4.99 a)",
        "8.3 移动终端管控",
    ] {
        assert!(!gb.knows(bad), "{bad}");
    }
    // Lists without a suffix accept exact ids only.
    let iso = &lists[&("ISO/IEC 27001".to_string(), "2022".to_string())];
    assert!(iso.knows("A.8.24") && !iso.knows("A.8.24.1") && !iso.knows("A.8.35"));
}
