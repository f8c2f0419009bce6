//! `dossier train stance-target`: the model that decides which earlier
//! claim a denial, doubt or confirmation answers
//! (`crates/claims/src/stance_target.rs`), trained on hand-judged stances
//! from AllSides dev shards (`crates/eval/data/stances/gold.jsonl`), and
//! `--dump`, which writes the stances of sampled articles with their
//! candidates for annotators to judge.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dossier::claims::{stance_candidates, stance_target, StanceCandidates};
use dossier::{ingest, Doc, Pipeline};

/// Articles analysed per batch.
const BATCH: usize = 256;

/// Read the shards, keeping the articles `keep` accepts by id.
fn read_shards(shards: &[PathBuf], keep: impl Fn(&str) -> bool) -> Result<Vec<(String, ingest::RawDoc)>> {
    let mut out = Vec::new();
    for shard in shards {
        anyhow::ensure!(shard.exists(), "{} is missing", shard.display());
        let name = shard
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".jsonl.gz")
            .to_string();
        let input = ingest::Input::Path(shard.clone());
        for raw in ingest::read_input(&input, &ingest::Options::default()).flatten() {
            if keep(&raw.meta.id) {
                out.push((name.clone(), raw));
            }
        }
    }
    Ok(out)
}

/// A deterministic 64-bit hash of a string (FNV-1a), for seeded sampling
/// that does not depend on the order of the input.
fn fnv(s: &str, seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Write up to `max` stances of the shards' articles, sampled by a seeded
/// hash of their ids, with the text an annotator needs to judge them.
pub fn dump(
    shards: &[PathBuf],
    out: &Path,
    max: usize,
    per_article: usize,
    seed: u64,
    exclude: Option<&Path>,
) -> Result<()> {
    let excluded: std::collections::HashSet<String> = match exclude {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("cannot read {}", p.display()))?
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_string))
            .collect(),
        None => Default::default(),
    };
    let mut raws = read_shards(shards, |id| !excluded.contains(id))?;
    raws.sort_by_key(|(_, r)| fnv(&r.meta.id, seed));
    let pipeline = Pipeline::new()?;
    let mut w =
        std::io::BufWriter::new(std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?);
    let mut written = 0usize;
    let mut docs_used = 0usize;
    'outer: for chunk in raws.chunks(BATCH) {
        let shards_of: Vec<String> = chunk.iter().map(|(s, _)| s.clone()).collect();
        let docs = pipeline.analyze_batch(chunk.iter().map(|(_, r)| r.clone()).collect());
        for (shard, doc) in shards_of.iter().zip(&docs) {
            let stances: Vec<StanceCandidates> = stance_candidates(doc)
                .into_iter()
                .filter(|s| !s.candidates.is_empty())
                .collect();
            if stances.is_empty() {
                continue;
            }
            docs_used += 1;
            // A few stances per article, so that the sample spreads.
            for s in stances.iter().take(per_article) {
                writeln!(w, "{}", serde_json::to_string(&dump_record(shard, doc, s))?)?;
                written += 1;
                if written >= max {
                    break 'outer;
                }
            }
        }
    }
    w.flush()?;
    eprintln!("wrote {written} stances of {docs_used} articles to {}", out.display());
    Ok(())
}

/// One stance as the annotators read it (scratch output: it holds text).
fn dump_record(shard: &str, doc: &Doc, s: &StanceCandidates) -> serde_json::Value {
    let slice = |sp: text::Span| doc.text.get(sp.start..sp.end).unwrap_or("");
    let words = |spans: &[text::Span]| spans.iter().map(|&sp| slice(sp)).collect::<Vec<_>>().join(" … ");
    let pairs = |spans: &[text::Span]| spans.iter().map(|sp| [sp.start, sp.end]).collect::<Vec<_>>();
    let first = s
        .candidates
        .iter()
        .filter_map(|c| c.spans.first())
        .map(|sp| sp.start)
        .min()
        .unwrap_or(s.evidence.start);
    let para_start = doc
        .paragraphs
        .iter()
        .find(|p| p.span.end > first)
        .map_or(first, |p| p.span.start);
    let end = s
        .spans
        .iter()
        .map(|sp| sp.end)
        .max()
        .unwrap_or(s.evidence.end)
        .max(s.evidence.end);
    let para_end = doc
        .paragraphs
        .iter()
        .find(|p| p.span.end >= end)
        .map_or(end, |p| p.span.end);
    serde_json::json!({
        "id": doc.meta.id,
        "shard": shard,
        "title": doc.meta.title,
        "relation": s.relation.label(),
        "evidence": [s.evidence.start, s.evidence.end],
        "evidence_text": slice(s.evidence),
        "spans": pairs(&s.spans),
        "claim_text": words(&s.spans),
        "source": s.source,
        "rule_pick": s.rule_pick,
        "candidates": s.candidates.iter().enumerate().map(|(k, c)| serde_json::json!({
            "k": k,
            "spans": pairs(&c.spans),
            "text": words(&c.spans),
            "source": c.source,
            "features": c.features.to_vec(),
        })).collect::<Vec<_>>(),
        "context": doc.text.get(para_start..para_end).unwrap_or(""),
        "context_start": para_start,
    })
}

/// One judged stance of the gold file.
#[derive(serde::Deserialize)]
struct Judged {
    id: String,
    shard: String,
    split: String,
    evidence: [usize; 2],
    /// First span of the answered claim, or none.
    target: Option<[usize; 2]>,
}

/// A stance's candidates and which (if any) the annotator chose.
struct Example {
    split: String,
    features: Vec<[f32; stance_target::N_FEATURES]>,
    gold: Option<usize>,
    rule: Option<usize>,
}

/// Train the stance-target model on the gold file's `train` split, report
/// it against the rules on each split, and write the weights.
pub fn train(gold: &Path, allsides: &Path, out: &Path, epochs: usize, l2: f32) -> Result<()> {
    let src = std::fs::read_to_string(gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let judged: Vec<Judged> = src
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}: line {}", gold.display(), i + 1)))
        .collect::<Result<_>>()?;
    let mut by_doc: BTreeMap<&str, Vec<&Judged>> = BTreeMap::new();
    for j in &judged {
        by_doc.entry(j.id.as_str()).or_default().push(j);
    }
    let shards: std::collections::BTreeSet<PathBuf> = judged
        .iter()
        .map(|j| allsides.join(format!("{}.jsonl.gz", j.shard)))
        .collect();
    let shards: Vec<PathBuf> = shards.into_iter().collect();
    let raws = read_shards(&shards, |id| by_doc.contains_key(id))?;
    let pipeline = Pipeline::new()?;
    let docs = pipeline.analyze_batch(raws.into_iter().map(|(_, r)| r).collect());
    let mut examples: Vec<Example> = Vec::new();
    let mut unmatched = 0usize;
    for doc in &docs {
        let Some(js) = by_doc.get(doc.meta.id.as_str()) else {
            continue;
        };
        let stances = stance_candidates(doc);
        for j in js {
            let Some(s) = stances
                .iter()
                .find(|s| s.evidence.start == j.evidence[0] && s.evidence.end == j.evidence[1])
            else {
                unmatched += 1;
                continue;
            };
            let gold = match j.target {
                None => None,
                Some(t) => {
                    let k = s
                        .candidates
                        .iter()
                        .position(|c| c.spans.first().is_some_and(|sp| sp.start == t[0] && sp.end == t[1]));
                    if k.is_none() {
                        unmatched += 1;
                        continue;
                    }
                    k
                }
            };
            examples.push(Example {
                split: j.split.clone(),
                features: s.candidates.iter().map(|c| c.features).collect(),
                gold,
                rule: s.rule_pick,
            });
        }
    }
    anyhow::ensure!(!examples.is_empty(), "no judged stance matched the analysed articles");
    if let Ok(path) = std::env::var("DOSSIER_STANCE_FEATURES") {
        // For experiments outside: every example's candidates and answer.
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for e in &examples {
            let row = serde_json::json!({"split": e.split, "gold": e.gold, "rule": e.rule,
                "features": e.features.iter().map(|f| f.to_vec()).collect::<Vec<_>>()});
            writeln!(f, "{row}")?;
        }
    }
    let train: Vec<&Example> = examples.iter().filter(|e| e.split == "train").collect();
    let weights = fit(&train, epochs, l2);
    let mut report = serde_json::Map::new();
    report.insert("unmatched".into(), unmatched.into());
    for split in ["train", "dev"] {
        let set: Vec<&Example> = examples.iter().filter(|e| e.split == split).collect();
        let mut row = serde_json::Map::new();
        row.insert("stances".into(), set.len().into());
        row.insert(
            "answered".into(),
            set.iter().filter(|e| e.gold.is_some()).count().into(),
        );
        row.insert("rules".into(), score(&set, |e| e.rule));
        for t in [0.1f32, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5] {
            row.insert(
                format!("model@{t}"),
                score(&set, |e| stance_target::decide(&weights, &e.features, t)),
            );
        }
        report.insert(split.into(), row.into());
    }
    println!("{}", serde_json::to_string_pretty(&report)?);
    let mut f = std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    writeln!(
        f,
        "# Stance-target weights: `dossier train stance-target` on {} ({} training stances).",
        gold.display(),
        train.len()
    )?;
    for (name, w) in stance_target::FEATURES.iter().zip(&weights) {
        writeln!(f, "{name}\t{w:.6}")?;
    }
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Precision and recall of the answered claims a decision gives.
fn score(set: &[&Example], pick: impl Fn(&Example) -> Option<usize>) -> serde_json::Value {
    let (mut right, mut given, mut wrong_none) = (0usize, 0usize, 0usize);
    let answered = set.iter().filter(|e| e.gold.is_some()).count();
    for e in set {
        let p = pick(e);
        if p.is_some() {
            given += 1;
            if p == e.gold {
                right += 1;
            } else if e.gold.is_none() {
                wrong_none += 1;
            }
        }
    }
    let rate = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            (a as f64 / b as f64 * 1000.0).round() / 1000.0
        }
    };
    serde_json::json!({
        "given": given, "right": right, "precision": rate(right, given),
        "recall": rate(right, answered), "given_where_none": wrong_none,
    })
}

/// Logistic regression over candidates (each one a yes/no example), by
/// full-batch gradient descent with L2 on every weight but the bias.
fn fit(train: &[&Example], epochs: usize, l2: f32) -> Vec<f32> {
    let n = stance_target::N_FEATURES;
    let mut rows: Vec<(&[f32; stance_target::N_FEATURES], f32)> = Vec::new();
    for e in train {
        for (k, f) in e.features.iter().enumerate() {
            rows.push((f, if e.gold == Some(k) { 1.0 } else { 0.0 }));
        }
    }
    let mut w = vec![0f32; n];
    if rows.is_empty() {
        return w;
    }
    let lr = 0.5f32;
    let m = rows.len() as f32;
    for _ in 0..epochs {
        let mut grad = vec![0f32; n];
        for (f, y) in &rows {
            let p = stance_target::probability(&w, f);
            for i in 0..n {
                grad[i] += (p - y) * f[i];
            }
        }
        for i in 0..n {
            let reg = if i == 0 { 0.0 } else { l2 * w[i] };
            w[i] -= lr * (grad[i] / m + reg);
        }
    }
    w
}
