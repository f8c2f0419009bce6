//! `dossier eval money`: sums of money against the hand-checked AllSides
//! sample (`crates/eval/data/quantities/money.jsonl`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use dossier::{eval, Doc, Pipeline};
use rayon::prelude::*;

/// Score the gold file and print the figures as one JSON object; with
/// `dump`, also write each judgement with the sentence it judges (for
/// reading, never for the repository).
pub fn eval_money(gold_path: &Path, allsides: &Path, split: Option<&str>, dump: Option<&Path>) -> Result<()> {
    let src = std::fs::read_to_string(gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    let mut gold = eval::money::read_gold(&src).map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    if let Some(split) = split {
        gold.retain(|g| g.split == split);
    }
    anyhow::ensure!(!gold.is_empty(), "no sentences in {}", gold_path.display());
    let raws = crate::real_cmd::allsides_articles(
        gold.iter().map(|g| (g.shard.as_str(), g.id.as_str())),
        allsides,
        "money check",
    )?;
    let pipeline = Pipeline::new()?;
    let docs: BTreeMap<String, Doc> = raws
        .into_par_iter()
        .map(|(id, raw)| (id, pipeline.analyze(raw)))
        .collect();
    let mut predicted = Vec::with_capacity(gold.len());
    for g in &gold {
        let doc = &docs[&g.id];
        anyhow::ensure!(
            doc.text.len() == g.text_bytes,
            "article {} is {} bytes here and {} in the gold: the text changed, re-anchor the sample",
            g.id,
            doc.text.len(),
            g.text_bytes
        );
        predicted.push(money_of(doc));
    }
    let (scores, judgements) = eval::money::score(&gold, &predicted);
    if let Some(path) = dump {
        let mut out = String::new();
        for j in &judgements {
            let g = gold
                .iter()
                .find(|g| g.n == j.n)
                .expect("judgements name gold sentences");
            let sentence = docs[&g.id].text.get(g.start..g.end).unwrap_or("");
            let expression = j
                .item
                .and_then(|i| g.money.get(i))
                .and_then(|m| docs[&g.id].text.get(m.start..m.end));
            let gold_item = j
                .item
                .and_then(|i| g.money.get(i))
                .map(|m| (m.amount, m.currency.clone()));
            out.push_str(
                &serde_json::json!({"judgement": j, "gold": gold_item, "expression": expression, "sentence": sentence})
                    .to_string(),
            );
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{}", serde_json::to_string(&scores)?);
    Ok(())
}

/// The money quantities of a document and their stated conversions.
fn money_of(doc: &Doc) -> Vec<eval::money::PredictedMoney> {
    let mut out = Vec::new();
    for q in doc
        .quantities
        .iter()
        .filter(|q| q.kind == dossier::text::QuantityKind::Money)
    {
        out.push(eval::money::PredictedMoney {
            start: q.span.start,
            end: q.span.end,
            amount: q.value,
            currency: q.currency.map(str::to_string),
            conversion: false,
        });
        if let Some(c) = &q.stated_conversion {
            out.push(eval::money::PredictedMoney {
                start: c.span.start,
                end: c.span.end,
                amount: Some(c.value),
                currency: c.currency.map(str::to_string),
                conversion: true,
            });
        }
    }
    out
}
