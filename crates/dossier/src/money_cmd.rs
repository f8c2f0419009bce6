//! `dossier eval money`: sums of money against the hand-checked AllSides
//! sample (`crates/eval/data/quantities/money.jsonl`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dossier::{eval, ingest, Doc, Pipeline};
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
    let raws = read_articles(&gold, allsides)?;
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

/// The sampled articles' raw documents, read from their shards.
fn read_articles(gold: &[eval::money::GoldSentence], allsides: &Path) -> Result<BTreeMap<String, ingest::RawDoc>> {
    let shards: BTreeSet<&str> = gold.iter().map(|g| g.shard.as_str()).collect();
    let wanted: BTreeSet<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let mut out = BTreeMap::new();
    for shard in shards {
        let path = allsides.join(format!("{shard}.jsonl.gz"));
        anyhow::ensure!(
            path.exists(),
            "{} is missing: the money check reads the AllSides shards from --allsides",
            path.display()
        );
        let input = ingest::Input::Path(PathBuf::from(&path));
        for raw in ingest::read_input(&input, &ingest::Options::default()).flatten() {
            if wanted.contains(raw.meta.id.as_str()) {
                out.insert(raw.meta.id.clone(), raw);
            }
        }
    }
    let missing: Vec<&&str> = wanted.iter().filter(|id| !out.contains_key(**id)).collect();
    anyhow::ensure!(missing.is_empty(), "articles not found in their shards: {missing:?}");
    Ok(out)
}
