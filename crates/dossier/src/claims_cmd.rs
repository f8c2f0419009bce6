//! `dossier eval claims`: the hand-annotated claim set
//! (`crates/eval/data/claims/*.jsonl`) scored on the AllSides and PolNeAR
//! texts it was built from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dossier::{eval, schema, Doc, Pipeline};
use rayon::prelude::*;

use crate::real_cmd::allsides_articles;

/// The default gold files, used when none is named.
const DEFAULT_FILES: &[&str] = &[
    "crates/eval/data/claims/real.jsonl",
    "crates/eval/data/claims/polnear.jsonl",
];

/// Where the real-text set says each article lives: id → shard.
const REAL_SPLITS: &str = "crates/eval/data/real/splits.tsv";

/// Score the gold files; print the figures per corpus and split as one
/// JSON object.
pub fn eval_claims(
    files: &[PathBuf],
    allsides: &Path,
    polnear: &Path,
    min_confidence: f32,
    split: Option<&str>,
    dump: Option<&Path>,
) -> Result<()> {
    let files: Vec<PathBuf> = if files.is_empty() {
        DEFAULT_FILES.iter().map(PathBuf::from).filter(|p| p.exists()).collect()
    } else {
        files.to_vec()
    };
    anyhow::ensure!(
        !files.is_empty(),
        "no gold files: expected {}",
        DEFAULT_FILES.join(" or ")
    );
    let mut gold = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        gold.extend(eval::claims::read_gold(&src).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?);
    }
    if let Some(split) = split {
        gold.retain(|g| g.split == split);
    }
    anyhow::ensure!(!gold.is_empty(), "no documents in the gold files");

    // Texts: AllSides articles through ingest (as the real-text check reads
    // them), PolNeAR files as they are.
    let splits = std::fs::read_to_string(REAL_SPLITS).with_context(|| format!("cannot read {REAL_SPLITS}"))?;
    let shard_of: BTreeMap<&str, &str> = splits
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?, cols.next()?))
        })
        .collect();
    let real_wanted: Vec<(&str, &str)> = gold
        .iter()
        .filter(|g| g.corpus == "real")
        .map(|g| {
            shard_of
                .get(g.id.as_str())
                .map(|s| (*s, g.id.as_str()))
                .ok_or_else(|| anyhow::anyhow!("real article {} is not in {REAL_SPLITS}", g.id))
        })
        .collect::<Result<_>>()?;
    let real_texts = if real_wanted.is_empty() {
        BTreeMap::new()
    } else {
        allsides_articles(real_wanted, allsides, "claim check")?
    };
    let pipeline = Pipeline::new()?;
    let docs: Vec<Doc> = gold
        .par_iter()
        .map(|g| -> Result<Doc> {
            match g.corpus.as_str() {
                "real" => Ok(pipeline.analyze(real_texts[&g.id].clone())),
                "polnear" => {
                    let path = polnear.join("text").join(format!("{}.txt", g.id));
                    let text =
                        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                    Ok(pipeline.analyze_text(&text))
                }
                other => anyhow::bail!("document {}: unknown corpus {other}", g.id),
            }
        })
        .collect::<Result<_>>()?;
    let predicted: Vec<Vec<eval::claims::PredictedClaim>> = docs.iter().map(|d| predicted(d, min_confidence)).collect();
    let texts: Vec<String> = docs.iter().map(|d| d.text.clone()).collect();
    let scores = eval::claims::score(&gold, &texts, &predicted);
    if let Some(path) = dump {
        let mut out = String::new();
        for ((g, d), p) in gold.iter().zip(&docs).zip(&predicted) {
            let m = eval::claims::match_claims(&d.text, &g.claims, p);
            let slice = |a: usize, b: usize| d.text.get(a..b).unwrap_or("").to_string();
            let gold_claims: Vec<_> = g
                .claims
                .iter()
                .zip(&m)
                .map(|(c, pm)| {
                    serde_json::json!({
                        "n": c.n, "text": c.spans.iter().map(|s| slice(s[0], s[1])).collect::<Vec<_>>(),
                        "source_kind": c.source_kind, "side": c.side, "status": c.status,
                        "hedges": c.hedges.iter().map(|h| (slice(h.0, h.1), h.2.clone())).collect::<Vec<_>>(),
                        "stance": c.stance.iter().map(|s| (s.claim, s.relation.clone())).collect::<Vec<_>>(),
                        "matched": pm,
                    })
                })
                .collect();
            let out_claims: Vec<_> = p
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    serde_json::json!({
                        "i": i, "text": c.spans.iter().map(|s| slice(s.0, s.1)).collect::<Vec<_>>(),
                        "source_kind": c.source_kind, "side": c.side, "status": c.status,
                        "hedges": c.hedges.iter().map(|h| (slice(h.0, h.1), h.2.clone())).collect::<Vec<_>>(),
                        "stance": c.stance,
                        "source": c.source_words.map(|s| slice(s.0, s.1)), "name": c.source_name,
                    })
                })
                .collect();
            out.push_str(
                &serde_json::json!({"corpus": g.corpus, "id": g.id, "split": g.split, "gold": gold_claims, "output": out_claims})
                    .to_string(),
            );
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{}", serde_json::to_string(&scores)?);
    Ok(())
}

/// The claims the output shows, as the scorer reads them (stances to
/// hidden claims dropped, indices into the shown list).
fn predicted(doc: &Doc, min_confidence: f32) -> Vec<eval::claims::PredictedClaim> {
    let shown: Vec<usize> = (0..doc.claims.len())
        .filter(|&i| schema::claim_shown(doc, &doc.claims[i], min_confidence))
        .collect();
    let index: BTreeMap<usize, usize> = shown.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    shown
        .iter()
        .map(|&i| {
            let c = &doc.claims[i];
            eval::claims::PredictedClaim {
                spans: c.spans.iter().map(|s| (s.start, s.end)).collect(),
                source_kind: c.source.kind.label().to_string(),
                side: c.source.side.clone(),
                hedges: c
                    .hedges
                    .iter()
                    .map(|h| (h.span.start, h.span.end, h.kind.to_string()))
                    .collect(),
                status: c.status.label().to_string(),
                stance: c
                    .stance
                    .iter()
                    .filter_map(|s| index.get(&s.claim).map(|&k| (k, s.relation.label().to_string())))
                    .collect(),
                source_words: c.source.description.map(|s| (s.start, s.end)),
                source_name: c.source.name.clone(),
            }
        })
        .collect()
}
