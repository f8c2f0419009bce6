//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// `../shared` next to the repository, or `None` (with a message) when it
/// is absent. Under CI a missing folder is a failure, not a skip.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let p = root.join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing: CI needs ../shared beside the repository", p.display());
    }
    eprintln!(
        "skipped: {} is not here (it is beside the repository on the project's machines)",
        p.display()
    );
    None
}

pub fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

pub fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("dossier runs")
}

pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Analyse `text`, written to a temporary file, with `args` before its
/// path; the first document of the output.
pub fn analyze_text(text: &str, args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, text).unwrap();
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    all.push(file.to_str().unwrap());
    let out = dossier(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    json_lines(&out).remove(0)
}

/// Validate against the repository's JSON Schema and check that every
/// span slices cleanly out of `text`.
pub fn check_document(doc: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(dossier::schema::JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}");
    let text = doc["text"].as_str().unwrap();
    let mut check = |v: &serde_json::Value| {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert!(
            s <= e && e <= text.len(),
            "span {s}..{e} outside text of {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a character"
        );
    };
    for key in ["paragraphs", "sentences", "quote_runs"] {
        doc[key].as_array().unwrap().iter().for_each(&mut check);
    }
    if let Some(tokens) = doc.get("tokens").and_then(|t| t.as_array()) {
        for t in tokens {
            check(t);
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], t["text"].as_str().unwrap());
        }
    }
}
