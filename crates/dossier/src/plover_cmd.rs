//! `dossier eval plover`: the PLOVER gold-standard records
//! (`PLOVER_GSR_CAMEO.json`, OEDA, from the CAMEO manual's examples) scored
//! on the event stage's output.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use dossier::Pipeline;
use rayon::prelude::*;
use serde_json::{json, Value};

/// PLOVER 0.5 names the GSR uses, as PLOVER 2.0 names them.
fn current_type(name: &str) -> &str {
    match name {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// True when a gold actor's words and a predicted actor name the same one.
fn same_actor(gold: &Value, predicted: &Value) -> bool {
    let Some(gold_text) = gold["actorText"].as_str().map(str::to_lowercase) else {
        return false;
    };
    let words = [predicted["text"].as_str(), predicted["name"].as_str()];
    words.iter().flatten().any(|w| {
        let w = w.to_lowercase();
        !w.is_empty() && (w.contains(&gold_text) || gold_text.contains(&w))
    })
}

/// The split a record id falls in: `check` for about a third of the ids
/// (by a fixed FNV-1a hash, so the split never moves), `dev` for the rest.
pub fn split_of(id: &str) -> &'static str {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    if hash % 3 == 0 {
        "check"
    } else {
        "dev"
    }
}

/// Score every coded record of the split and print one JSON object.
pub fn eval_plover(path: &Path, split: &str, dump: Option<&Path>) -> Result<()> {
    anyhow::ensure!(matches!(split, "dev" | "check" | "all"), "--split is dev, check or all");
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let records: Vec<Value> = serde_json::from_str(&src).with_context(|| format!("{} is not JSON", path.display()))?;
    let records: Vec<&Value> = records
        .iter()
        .filter(|r| r["event"].as_str().is_some_and(|e| e != "DOCUMENT") && r["text"].is_string())
        .filter(|r| split == "all" || split_of(r["id"].as_str().unwrap_or("")) == split)
        .collect();
    let pipeline = Pipeline::new()?;
    let opts = dossier::schema::OutputOptions::default();
    // Each record's predicted event: the one whose trigger the gold's
    // event words name, else the surest; none when the stage found none
    // that the text does not negate.
    let predicted: Vec<Option<Value>> = records
        .par_iter()
        .map(|r| {
            let doc = pipeline.analyze_text(r["text"].as_str().unwrap_or(""));
            let out: Value = serde_json::from_str(&dossier::schema::to_json(&doc, &opts)).ok()?;
            // An event the text negates did not happen: never the answer
            // (as in `eval petrarch`).
            let events: Vec<Value> = out["events"]
                .as_array()?
                .iter()
                .filter(|e| e["negated"] != true)
                .cloned()
                .collect();
            let event_words = r["eventText"].as_str().unwrap_or("").to_lowercase();
            events
                .iter()
                .find(|e| {
                    e["trigger"]["text"]
                        .as_str()
                        .is_some_and(|t| event_words.split_whitespace().any(|w| w == t.to_lowercase()))
                })
                .or_else(|| {
                    events.iter().max_by(|a, b| {
                        let c = |e: &Value| e["confidence"].as_f64().unwrap_or(0.0);
                        c(a).total_cmp(&c(b))
                    })
                })
                .cloned()
        })
        .collect();
    let mut correct = 0usize;
    let mut answered = 0usize;
    let mut false_positives = 0usize;
    // Per type: true positives, gold count, predicted count.
    let mut per_type: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let (mut source_right, mut source_scored, mut target_right, mut target_scored) = (0, 0, 0, 0);
    for (r, p) in records.iter().zip(&predicted) {
        let gold = current_type(r["event"].as_str().unwrap_or("")).to_string();
        per_type.entry(gold.clone()).or_default()[1] += 1;
        let Some(p) = p else {
            continue;
        };
        answered += 1;
        let got = p["type"].as_str().unwrap_or("").to_string();
        per_type.entry(got.clone()).or_default()[2] += 1;
        if got == gold {
            correct += 1;
            per_type.entry(gold).or_default()[0] += 1;
        } else {
            false_positives += 1;
        }
        if let Some(golds) = r["source"].as_array().filter(|g| !g.is_empty()) {
            source_scored += 1;
            source_right += usize::from(golds.iter().any(|g| same_actor(g, &p["actor"])));
        }
        if let Some(golds) = r["target"].as_array().filter(|g| !g.is_empty()) {
            target_scored += 1;
            target_right += usize::from(!p["target"].is_null() && golds.iter().any(|g| same_actor(g, &p["target"])));
        }
    }
    if let Some(dump) = dump {
        let mut out = String::new();
        for (r, p) in records.iter().zip(&predicted) {
            let row = json!({
                "id": r["id"], "gold": current_type(r["event"].as_str().unwrap_or("")), "eventText": r["eventText"],
                "text": r["text"], "type": p.as_ref().map(|p| p["type"].clone()),
                "cameo": p.as_ref().map(|p| p["cameo"].clone()),
                "trigger": p.as_ref().map(|p| p["trigger"]["text"].clone()),
                "actor": p.as_ref().map(|p| p["actor"]["name"].clone()),
                "target": p.as_ref().map(|p| p["target"]["name"].clone()),
            });
            out.push_str(&serde_json::to_string(&row)?);
            out.push('\n');
        }
        std::fs::write(dump, out).with_context(|| format!("cannot write {}", dump.display()))?;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let gold_types: Vec<&[usize; 3]> = per_type.values().filter(|c| c[1] > 0).collect();
    let macro_f1 = gold_types
        .iter()
        .map(|c| {
            let (p, r) = (ratio(c[0], c[2]), ratio(c[0], c[1]));
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        })
        .sum::<f64>()
        / gold_types.len().max(1) as f64;
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let scores = json!({
        "split": split,
        "records": records.len(),
        "answered": answered,
        "event_type": {
            "accuracy": round(ratio(correct, records.len())),
            "accuracy_answered": round(ratio(correct, answered)),
            "macro_f1": round(macro_f1),
        },
        "source": {"accuracy": round(ratio(source_right, source_scored)), "scored": source_scored},
        "target": {"accuracy": round(ratio(target_right, target_scored)), "scored": target_scored},
        "false_positives": false_positives,
    });
    println!("{}", serde_json::to_string(&scores)?);
    Ok(())
}
