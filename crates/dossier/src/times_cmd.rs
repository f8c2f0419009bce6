//! `dossier eval times`: the hand-annotated time-expression set
//! (`crates/eval/data/times/gold.jsonl`) scored on the AllSides texts it
//! was drawn from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result};
use dossier::{eval, Doc, Pipeline};
use eval::times::GoldTime;
use rayon::prelude::*;

/// Score the gold file and print the figures as one JSON object; with
/// `dump`, write each sentence's matches and errors with their text (for
/// reading, never for the repository).
pub fn eval_times(gold_path: &Path, allsides: &Path, dump: Option<&Path>) -> Result<()> {
    let src = std::fs::read_to_string(gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    let gold = eval::times::read_gold(&src).map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    anyhow::ensure!(!gold.is_empty(), "no sentences in {}", gold_path.display());
    let mut raws = crate::real_cmd::allsides_articles(
        gold.iter().map(|g| (g.shard.as_str(), g.id.as_str())),
        allsides,
        "time check",
    )?;
    let pipeline = Pipeline::new()?;
    let ids: Vec<&str> = gold
        .iter()
        .map(|g| g.id.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let dates: BTreeMap<&str, &str> = gold.iter().map(|g| (g.id.as_str(), g.date.as_str())).collect();
    let docs: BTreeMap<&str, Doc> = ids
        .par_iter()
        .map(|id| {
            let mut raw = raws.get(*id).cloned().expect("allsides_articles found every article");
            // The gold resolves against the article's date_iso.
            raw.meta.date = Some(dates[id].to_string());
            (*id, pipeline.analyze(raw))
        })
        .collect();
    raws.clear();
    let predicted: Vec<Vec<GoldTime>> = gold
        .iter()
        .map(|g| {
            docs[g.id.as_str()]
                .times
                .iter()
                .map(|t| GoldTime {
                    start: t.span.start,
                    end: t.span.end,
                    value: t.value.clone(),
                    anchor: t.anchor.label().to_string(),
                    grain: t.grain.label().to_string(),
                })
                .collect()
        })
        .collect();
    for g in &gold {
        let doc = &docs[g.id.as_str()];
        anyhow::ensure!(
            g.end <= doc.text.len() && g.times.iter().all(|t| doc.text.get(t.start..t.end).is_some()),
            "article {}: the gold's offsets do not fit its text; re-anchor the annotations",
            g.id
        );
    }
    let (scores, judgements) = eval::times::score(&gold, &predicted);
    if let Some(path) = dump {
        let mut out = String::new();
        for (g, j) in gold.iter().zip(&judgements) {
            let text = &docs[g.id.as_str()].text;
            let show = |t: &GoldTime| serde_json::json!({"text": text.get(t.start..t.end), "value": t.value, "grain": t.grain, "anchor": t.anchor});
            let line = serde_json::json!({
                "id": g.id,
                "date": g.date,
                "sentence": text.get(g.start..g.end),
                "matched": j.matched.iter().map(|(a, b)| [show(a), show(b)]).collect::<Vec<_>>(),
                "missed": j.missed.iter().map(show).collect::<Vec<_>>(),
                "spurious": j.spurious.iter().map(show).collect::<Vec<_>>(),
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{}", serde_json::to_string(&scores)?);
    Ok(())
}
