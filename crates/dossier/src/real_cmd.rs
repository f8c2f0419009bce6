//! `dossier eval real`: the hand-annotated real-text check
//! (`crates/eval/data/real/gold.jsonl`) scored on the AllSides texts it was
//! built from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dossier::{eval, ingest, text, Doc, Pipeline};
use rayon::prelude::*;

/// Score the gold file; print the figures as one JSON object, and with
/// `dump` write per-article judgements with the texts they judge (for
/// reading, never for the repository).
pub fn eval_real(
    gold_path: &Path,
    allsides: &Path,
    min_confidence: f32,
    split: Option<&str>,
    dump: Option<&Path>,
) -> Result<()> {
    let src = std::fs::read_to_string(gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    let mut gold = eval::real::read_gold(&src).map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    if let Some(split) = split {
        gold.retain(|g| g.split == split);
    }
    anyhow::ensure!(!gold.is_empty(), "no articles in {}", gold_path.display());
    let texts = allsides_articles(
        gold.iter().map(|g| (g.shard.as_str(), g.id.as_str())),
        allsides,
        "real-text check",
    )?;
    let pipeline = Pipeline::new()?;
    let docs: Vec<Doc> = gold
        .par_iter()
        .map(|g| {
            let raw = &texts[&g.id];
            pipeline.analyze(raw.clone())
        })
        .collect();
    for (g, d) in gold.iter().zip(&docs) {
        anyhow::ensure!(
            d.text.len() == g.text_bytes,
            "article {} is {} bytes here and {} in the gold: the text changed, re-anchor the annotations",
            g.id,
            d.text.len(),
            g.text_bytes
        );
    }
    let predicted: Vec<eval::real::Predicted> = docs.iter().map(predicted).collect();
    let doc_texts: Vec<String> = docs.iter().map(|d| d.text.clone()).collect();
    let (scores, details) = eval::real::score(&gold, &doc_texts, &predicted, min_confidence);
    if let Some(path) = dump {
        let mut out = String::new();
        for ((g, d), detail) in gold.iter().zip(&docs).zip(&details) {
            out.push_str(&serde_json::to_string(&dump_article(g, d, detail))?);
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{}", serde_json::to_string(&scores)?);
    Ok(())
}

/// The AllSides articles named by `(shard, id)` pairs, read from their
/// shards in `allsides` (a shard is named with or without `.jsonl.gz`);
/// `check` names the evaluation in errors.
pub fn allsides_articles<'a>(
    wanted: impl IntoIterator<Item = (&'a str, &'a str)>,
    allsides: &Path,
    check: &str,
) -> Result<BTreeMap<String, ingest::RawDoc>> {
    let mut shards: BTreeSet<&str> = BTreeSet::new();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for (shard, id) in wanted {
        shards.insert(shard);
        ids.insert(id);
    }
    let mut out = BTreeMap::new();
    for shard in shards {
        let file = if shard.ends_with(".jsonl.gz") {
            shard.to_string()
        } else {
            format!("{shard}.jsonl.gz")
        };
        let path = allsides.join(file);
        anyhow::ensure!(
            path.exists(),
            "{} is missing: the {check} reads the AllSides shards from --allsides",
            path.display()
        );
        let input = ingest::Input::Path(PathBuf::from(&path));
        for raw in ingest::read_input(&input, &ingest::Options::default()).flatten() {
            if ids.contains(raw.meta.id.as_str()) {
                out.insert(raw.meta.id.clone(), raw);
            }
        }
    }
    let missing: Vec<&&str> = ids.iter().filter(|id| !out.contains_key(**id)).collect();
    anyhow::ensure!(missing.is_empty(), "articles not found in their shards: {missing:?}");
    Ok(out)
}

/// What the scorer reads of an analysed document.
fn predicted(doc: &Doc) -> eval::real::Predicted {
    let pair = |s: text::Span| (s.start, s.end);
    let mut p = eval::real::Predicted::default();
    for q in &doc.quotes {
        if q.kind == text::QuoteKind::Scare {
            p.scare.extend(q.content.iter().map(|&s| pair(s)));
            continue;
        }
        p.quotes.push(predicted_quote(q));
    }
    p.entities = doc
        .entities
        .iter()
        .map(|e| eval::real::PredictedEntity {
            name: e.name.clone(),
            etype: e.etype.label().to_string(),
            names: e
                .mentions
                .iter()
                .filter(|m| m.kind == text::MentionKind::Name)
                .map(|m| pair(m.span))
                .collect(),
            roles: e.roles.clone(),
        })
        .collect();
    p
}

/// One training example of the judge: features, and whether it is right.
pub type JudgeExample = (Vec<u64>, bool);

/// An attribution as the real-text scorer takes it.
fn predicted_quote(q: &text::Quote) -> eval::real::PredictedQuote {
    let pair = |s: text::Span| (s.start, s.end);
    eval::real::PredictedQuote {
        content: q.content.iter().map(|&s| pair(s)).collect(),
        cue: q.cue.map(pair),
        source: q.speaker.as_ref().map(|s| pair(s.span)),
        speaker: q.speaker.as_ref().and_then(|s| s.name.clone()),
        kind: kind_label(q.kind).to_string(),
        confidence: q.confidence,
    }
}

/// The attribution judge's training examples from a PolNeAR split: each
/// attribution the pipeline finds (scare quotes aside), its features, and
/// whether it is right: it matches a gold relation as the real-text check
/// matches (content words shared, cues agreeing), its source mention
/// overlaps the gold source (or neither has one), its content holds 80% of
/// the gold content's words and no more than 20% others, and it is of a
/// kind a reader counts ([`dossier::extract::judge::reportable`]). Also the
/// article index of each example, for folds by article.
pub fn judge_examples(pipeline: &Pipeline, dir: &Path) -> Result<(Vec<JudgeExample>, Vec<usize>)> {
    let gold = eval::polnear::read_split(dir).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(!gold.is_empty(), "no annotated articles in {}", dir.display());
    let per_article: Vec<Vec<JudgeExample>> = gold
        .par_iter()
        .map(|g| {
            let doc = pipeline.analyze_text(&g.text);
            let to_bytes = |item: &[(usize, usize)]| eval::polnear::chars_to_bytes(&g.text, item);
            let outer = |item: &[(usize, usize)]| {
                let b = to_bytes(item);
                (b.first().map_or(0, |f| f.0), b.last().map_or(0, |l| l.1))
            };
            let attrs: Vec<eval::real::GoldAttribution> = g
                .attributions
                .iter()
                .enumerate()
                .filter_map(|(k, r)| {
                    Some(eval::real::GoldAttribution {
                        n: k as u32,
                        kind: String::new(),
                        content: to_bytes(r.content.as_ref()?),
                        cue: r.cue.as_deref().map(outer),
                        source: r.source.as_deref().map(outer),
                        speaker: None,
                        speaker_kind: Some("unnamed".into()),
                        continues: None,
                        repeats: None,
                    })
                })
                .collect();
            let features = dossier::extract::judge::features_of(&doc);
            let preds: Vec<_> = features.iter().map(|(i, _)| predicted_quote(&doc.quotes[*i])).collect();
            let judgements = eval::real::judge(&doc.text, &attrs, &preds);
            features
                .into_iter()
                .zip(judgements)
                .map(|((i, f), j)| {
                    let right = j.real
                        && j.speaker_right
                        && j.content_right
                        && dossier::extract::judge::reportable(&doc, &doc.quotes[i]);
                    (f, right)
                })
                .collect()
        })
        .collect();
    let group = per_article
        .iter()
        .enumerate()
        .flat_map(|(a, v)| std::iter::repeat_n(a, v.len()))
        .collect();
    Ok((per_article.into_iter().flatten().collect(), group))
}

/// The judge's raw score and the real-text check's verdict (fully right)
/// for every attribution found in the `dev` articles of a real-text gold
/// file, analysed by `pipeline` (without the judge): what the judge's
/// probability scale is fitted on.
pub fn real_dev_scores(
    pipeline: &Pipeline,
    model: &dossier::extract::JudgeModel,
    gold_path: &Path,
) -> Result<Vec<(f32, bool)>> {
    let src = std::fs::read_to_string(gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    let mut gold = eval::real::read_gold(&src).map_err(|e| anyhow::anyhow!("{}: {e}", gold_path.display()))?;
    gold.retain(|g| g.split == "dev" && g.attributions.is_some());
    let allsides = Path::new("../shared/anchor-data/allsides");
    let texts = allsides_articles(
        gold.iter().map(|g| (g.shard.as_str(), g.id.as_str())),
        allsides,
        "real-text check",
    )?;
    Ok(gold
        .par_iter()
        .flat_map_iter(|g| {
            let doc = pipeline.analyze(texts[&g.id].clone());
            let features = dossier::extract::judge::features_of(&doc);
            let preds: Vec<_> = features.iter().map(|(i, _)| predicted_quote(&doc.quotes[*i])).collect();
            let judgements = eval::real::judge(&doc.text, g.attributions.as_deref().unwrap_or_default(), &preds);
            features
                .into_iter()
                .zip(judgements)
                .map(|((_, f), j)| (model.score(&f), j.real && j.speaker_right && j.content_right))
                .collect::<Vec<_>>()
        })
        .collect())
}

fn kind_label(k: text::QuoteKind) -> &'static str {
    match k {
        text::QuoteKind::Direct => "direct",
        text::QuoteKind::Partial => "partial",
        text::QuoteKind::Indirect => "indirect",
        text::QuoteKind::Mixed => "mixed",
        text::QuoteKind::Scare => "scare",
    }
}

/// One article's judgements with the texts they judge.
fn dump_article(g: &eval::real::GoldDoc, doc: &Doc, detail: &eval::real::ArticleDetail) -> serde_json::Value {
    let t = |(a, b): (usize, usize)| doc.text.get(a..b).unwrap_or("").to_string();
    let quotes: Vec<&text::Quote> = doc.quotes.iter().filter(|q| q.kind != text::QuoteKind::Scare).collect();
    let output: Vec<serde_json::Value> = detail
        .output
        .iter()
        .map(|j| {
            let q = quotes[j.index];
            serde_json::json!({
                "real": j.real, "speaker_right": j.speaker_right, "content_right": j.content_right,
                "gold": j.gold, "confidence": q.confidence, "kind": kind_label(q.kind),
                "cue": q.cue.map(|c| t((c.start, c.end))),
                "source": q.speaker.as_ref().map(|s| t((s.span.start, s.span.end))),
                "speaker": q.speaker.as_ref().and_then(|s| s.name.clone()),
                "content": q.content.iter().map(|c| t((c.start, c.end))).collect::<Vec<_>>().join(" … "),
            })
        })
        .collect();
    let attrs = g.attributions.as_deref().unwrap_or_default();
    let missed: Vec<serde_json::Value> = detail
        .missed
        .iter()
        .filter_map(|n| attrs.iter().find(|a| a.n == *n))
        .map(|a| {
            serde_json::json!({
                "n": a.n, "kind": a.kind, "speaker": a.speaker, "cue": a.cue.map(t),
                "source": a.source.map(t),
                "content": a.content.iter().map(|&c| t(c)).collect::<Vec<_>>().join(" … "),
            })
        })
        .collect();
    serde_json::json!({"id": g.id, "split": g.split, "genre": g.genre, "output": output, "missed": missed})
}
