//! `dossier train gazetteer|entities` and `dossier eval uner|entities`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dossier::entity_tools::{distilled_sentences, doc_from_gold, recognize_tokens};
use dossier::{eval, nlp, text, Pipeline};
use rayon::prelude::*;

/// Call `f` on the text of every document of a corpus; returns the
/// documents read and the inputs that failed (each reported on stderr).
fn for_each_text(corpus: &[PathBuf], mut f: impl FnMut(&str)) -> (usize, usize) {
    let (mut docs, mut failures) = (0usize, 0usize);
    for input in dossier::ingest::expand_paths(corpus) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                eprintln!("error: {e}");
                failures += 1;
                continue;
            }
        };
        for raw in dossier::ingest::read_input(&input, &dossier::ingest::Options::default()) {
            match raw {
                Ok(raw) => {
                    f(&raw.text);
                    docs += 1;
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    failures += 1;
                }
            }
        }
    }
    (docs, failures)
}

/// Build `models/word-case.tsv` from the texts of a news corpus.
pub fn train_word_case(corpus: &[PathBuf], out: &Path, min_count: u32) -> Result<()> {
    let mut counts = nlp::casing::CaseCounts::default();
    let (docs, failures) = for_each_text(corpus, |text| counts.add_text(text));
    anyhow::ensure!(docs > 0, "no documents read");
    let tsv = counts.to_tsv(min_count);
    std::fs::write(out, &tsv).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "{docs} documents; wrote {} ({} words)",
        out.display(),
        tsv.lines().count() - 1
    );
    anyhow::ensure!(failures == 0, "{failures} inputs could not be read");
    Ok(())
}

/// Build `models/first-names.tsv` from the texts of a news corpus.
pub fn train_first_names(
    corpus: &[PathBuf],
    out: &Path,
    min_count: u32,
    male_share: f64,
    female_share: f64,
) -> Result<()> {
    let mut counts = dossier::extract::gender::NameCounts::default();
    let (docs, failures) = for_each_text(corpus, |text| counts.add_text(text));
    anyhow::ensure!(docs > 0, "no documents read");
    // Words that lead capitalised runs without being first names.
    let gazetteer = nlp::gazetteer::Gazetteer::from_tsv(dossier::GAZETTEER)?;
    const PARTIES: &[&str] = &[
        "republican",
        "republicans",
        "democrat",
        "democrats",
        "democratic",
        "gop",
        "photo",
    ];
    use dossier::extract::lexicon;
    let excluded = |w: &str| {
        lexicon::TITLE_WORDS.contains(&w)
            || lexicon::ROLE_NOUNS.contains(&w)
            || dossier::extract::gender::honorific_gender(w).is_some()
            || lexicon::WEEKDAYS
                .iter()
                .chain(lexicon::MONTHS)
                .any(|d| d.eq_ignore_ascii_case(w))
            || PARTIES.contains(&w)
            || gazetteer.lookup(w).is_some()
    };
    let tsv = counts.to_tsv(min_count, male_share, female_share, excluded);
    std::fs::write(out, &tsv).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "counted {docs} documents ({failures} unreadable); wrote {} first names to {}",
        tsv.lines().filter(|l| !l.starts_with('#')).count(),
        out.display()
    );
    Ok(())
}

/// Build `models/gazetteer.tsv`.
pub fn train_gazetteer(data: &Path, out: &Path, min_city_population: u64) -> Result<()> {
    let g = nlp::gazetteer::build(data, min_city_population)?;
    std::fs::write(out, g.to_tsv()).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote {} names to {}", g.len(), out.display());
    Ok(())
}

/// Train the entity recogniser on the teacher-labelled corpus.
pub fn train_entities(
    distill_text: &Path,
    distill_ents: &Path,
    max_docs: usize,
    extra: &[(PathBuf, PathBuf)],
    out: &Path,
    opts: &nlp::ner::NerTrainOptions,
) -> Result<()> {
    let started = std::time::Instant::now();
    let syntax = match std::env::var_os("DOSSIER_MODELS") {
        Some(d) => nlp::Model::load(Path::new(&d))?,
        None => nlp::Model::load_default()?,
    };
    let gaz_path = out.with_file_name(dossier::GAZETTEER_FILE);
    let gaz_text = std::fs::read_to_string(&gaz_path).with_context(|| {
        format!(
            "cannot read {} (run `dossier train gazetteer` first)",
            gaz_path.display()
        )
    })?;
    let case_path = out.with_file_name(dossier::WORD_CASE_FILE);
    let case_text = std::fs::read_to_string(&case_path).with_context(|| {
        format!(
            "cannot read {} (run `dossier train word-case` first)",
            case_path.display()
        )
    })?;
    let models = dossier::extract::EntityModels {
        ner: nlp::ner::train_ner(
            &[],
            &nlp::ner::NerTrainOptions {
                verbose: false,
                ..opts.clone()
            },
        )?,
        gazetteer: nlp::gazetteer::Gazetteer::from_tsv(&gaz_text)?,
        case: nlp::casing::CaseProfile::from_tsv(&case_text)?,
    };
    let pipeline = Pipeline::with_models(syntax, models);
    let mut sents = distilled_sentences(&pipeline, distill_text, distill_ents, max_docs).map_err(anyhow::Error::msg)?;
    // Teacher labels on treebank text (gold tokens): web and other genres
    // beside the news.
    for (conllu_path, tags_path) in extra {
        let gold = conllu::read_file(conllu_path)?;
        let tags = eval::ner::read_anchor_tags(
            &std::fs::read_to_string(tags_path).with_context(|| format!("cannot read {}", tags_path.display()))?,
        )
        .map_err(|e| anyhow::anyhow!("{}: {e}", tags_path.display()))?;
        anyhow::ensure!(
            gold.len() == tags.len(),
            "{}: sentence count differs from {}",
            tags_path.display(),
            conllu_path.display()
        );
        for (s, t) in gold.iter().zip(tags) {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            if words.is_empty() || words.len() != t.len() {
                continue;
            }
            let (_, xpos) = pipeline.syntax_model().tag(&words);
            let gaz = dossier::extract::entities::gazetteer_features(pipeline.entity_models(), &words);
            // GUM's own names, where the file has them, correct the teacher.
            let t = eval::ner::gum_corrected_tags(&s.words, &t, |a, b| {
                let found = pipeline
                    .entity_models()
                    .gazetteer
                    .find(&words[a..b], &mut String::new());
                found.len() == 1 && found[0].start == 0 && found[0].end == b - a
            })
            .unwrap_or(t);
            let tags = t
                .iter()
                .map(|tag| match tag.split_once('-') {
                    Some((b, ty)) if text::EntityType::from_label(ty).is_some() => format!("{b}-{ty}"),
                    _ => "O".to_string(),
                })
                .collect();
            sents.push(nlp::ner::NerSentence {
                gaz,
                words: words.iter().map(|w| w.to_string()).collect(),
                xpos,
                tags,
            });
        }
    }
    anyhow::ensure!(!sents.is_empty(), "no training sentences");
    let words: usize = sents.iter().map(|s| s.words.len()).sum();
    eprintln!(
        "{} sentences, {} tokens prepared in {:.1}s",
        sents.len(),
        words,
        started.elapsed().as_secs_f64()
    );
    let model = nlp::ner::train_ner(&sents, opts)?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "trained in {:.1}s; wrote {} ({} bytes, {:?} features/weights)",
        started.elapsed().as_secs_f64(),
        out.display(),
        bytes.len(),
        model.size()
    );
    Ok(())
}

/// `dossier eval uner FILE [--anchor PRED] [--dump OUT]`.
pub fn eval_uner(file: &Path, anchor: Option<&PathBuf>, dump: Option<&PathBuf>) -> Result<()> {
    let src = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let gold = eval::ner::read_iob2(&src).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let pipeline = Pipeline::new()?;
    let models = pipeline.entity_models();
    let predicted: Vec<Vec<(usize, usize, &'static str)>> = gold
        .par_iter()
        .map_init(nlp::ner::NerScratch::default, |scratch, s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
            recognize_tokens(&pipeline, models, &words, scratch)
                .into_iter()
                .filter_map(|(a, b, l)| Some((a, b, eval::ner::uner_type(l)?)))
                .collect()
        })
        .collect();
    let gold_spans: Vec<_> = gold
        .iter()
        .map(|s| eval::ner::spans_of(&s.tags, eval::ner::uner_type))
        .collect();
    if let Some(path) = dump {
        let mut text = String::new();
        for (s, spans) in gold.iter().zip(&predicted) {
            text.push_str(&eval::ner::iob2_lines(&s.words, spans));
            text.push('\n');
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut out = serde_json::to_value(eval::ner::score_spans(&gold_spans, &predicted))?;
    if let Some(a) = anchor {
        let tags = eval::ner::read_anchor_tags(
            &std::fs::read_to_string(a).with_context(|| format!("cannot read {}", a.display()))?,
        )
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.display()))?;
        anyhow::ensure!(
            tags.len() == gold.len(),
            "{}: {} sentences, gold has {}",
            a.display(),
            tags.len(),
            gold.len()
        );
        let spans: Vec<_> = tags
            .iter()
            .map(|t| eval::ner::spans_of(t, eval::ner::uner_type))
            .collect();
        out["anchor"] = serde_json::to_value(eval::ner::score_spans(&gold_spans, &spans))?;
        out["anchor"]["file"] = a.display().to_string().into();
    }
    println!("{out}");
    Ok(())
}

/// One GUM document: its sentences.
fn gum_documents(sents: &[conllu::Sentence]) -> Vec<(String, Vec<&conllu::Sentence>)> {
    let mut docs: Vec<(String, Vec<&conllu::Sentence>)> = Vec::new();
    for s in sents {
        if let Some(id) = &s.new_doc {
            docs.push((id.clone(), Vec::new()));
        }
        if docs.is_empty() {
            docs.push((String::new(), Vec::new()));
        }
        docs.last_mut().expect("a document").1.push(s);
    }
    docs
}

/// `dossier eval entities FILE... [--anchor PRED...]`.
pub fn eval_entities(files: &[PathBuf], anchors: &[PathBuf], dump: Option<&Path>) -> Result<()> {
    anyhow::ensure!(
        anchors.is_empty() || anchors.len() == files.len(),
        "give one --anchor file per treebank file, in the same order"
    );
    let pipeline = Pipeline::new()?;
    let mut sents = Vec::new();
    let mut anchor_tags: Vec<Vec<String>> = Vec::new();
    for (k, f) in files.iter().enumerate() {
        let s = conllu::read_file(f)?;
        if let Some(a) = anchors.get(k) {
            let t = eval::ner::read_anchor_tags(
                &std::fs::read_to_string(a).with_context(|| format!("cannot read {}", a.display()))?,
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", a.display()))?;
            anyhow::ensure!(
                t.len() == s.len(),
                "{}: {} sentences, {} has {}",
                a.display(),
                t.len(),
                f.display(),
                s.len()
            );
            anchor_tags.extend(t);
        }
        sents.extend(s);
    }
    let docs = gum_documents(&sents);
    struct DocResult {
        id: String,
        words: Vec<Vec<String>>,
        news: bool,
        gold: Vec<Vec<(usize, &'static str)>>,
        pred: Vec<Vec<(usize, usize, &'static str)>>,
        gold_chains: Vec<HashSet<u64>>,
        pred_chains: Vec<HashSet<u64>>,
    }
    let results: Vec<DocResult> = docs
        .par_iter()
        .map(|(id, ss)| {
            let doc = doc_from_gold(&pipeline, ss);
            let mut gold = Vec::new();
            let mut pred = Vec::new();
            // Gold mentions of person and organisation chains, by token.
            let mut chains: HashMap<String, HashSet<u64>> = HashMap::new();
            let mut head_to_mention: HashMap<usize, u64> = HashMap::new();
            let mut mention_ids = 0u64;
            for (k, s) in ss.iter().enumerate() {
                let first = doc.sentences[k].tokens.start;
                let misc: Vec<&str> = s.words.iter().map(|w| w.misc.as_str()).collect();
                let mentions = eval::ner::gum_mentions(&misc);
                let mut g = Vec::new();
                for m in &mentions {
                    if s.words.get(m.head).is_some_and(|w| w.upos == "PROPN") {
                        if let Some(t) = eval::ner::gum_coarse_type(&m.etype) {
                            g.push((m.head, t));
                        }
                    }
                    if matches!(m.etype.as_str(), "person" | "organization") {
                        mention_ids += 1;
                        chains.entry(m.chain.clone()).or_default().insert(mention_ids);
                        head_to_mention.entry(first + m.head).or_insert(mention_ids);
                    }
                }
                gold.push(g);
                // Predicted names in this sentence, sentence-relative.
                let mut p = Vec::new();
                for e in &doc.entities {
                    for m in &e.mentions {
                        if m.kind != text::MentionKind::Name {
                            continue;
                        }
                        let toks = &doc.sentences[k].tokens;
                        let a = toks.clone().find(|&t| doc.tokens[t].span.start == m.span.start);
                        let b = toks.clone().find(|&t| doc.tokens[t].span.end == m.span.end);
                        if let (Some(a), Some(b)) = (a, b) {
                            // Metonymic capitals are scored as the place they name.
                            if let Some(t) = eval::ner::coarse_type(e.etype.label()) {
                                p.push((a - first, b + 1 - first, t));
                            }
                        }
                    }
                }
                pred.push(p);
            }
            // Predicted chains: each predicted mention maps to the gold
            // mention whose head it contains, or to a fresh id.
            let mut fresh = 1u64 << 40;
            let mut pred_chains = Vec::new();
            for e in &doc.entities {
                if !matches!(e.etype, text::EntityType::Person | text::EntityType::Org) {
                    continue;
                }
                let mut c = HashSet::new();
                for m in &e.mentions {
                    let toks: Vec<usize> = (0..doc.tokens.len())
                        .filter(|&t| m.span.contains(doc.tokens[t].span))
                        .collect();
                    match toks.iter().find_map(|t| head_to_mention.get(t)) {
                        Some(&id) => c.insert(id),
                        None => {
                            fresh += 1;
                            c.insert(fresh)
                        }
                    };
                }
                pred_chains.push(c);
            }
            DocResult {
                id: id.to_string(),
                words: ss
                    .iter()
                    .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
                    .collect(),
                news: id.contains("news"),
                gold,
                pred,
                gold_chains: chains.into_values().collect(),
                pred_chains,
            }
        })
        .collect();
    if let Some(path) = dump {
        // One line a sentence: the gold named heads and the predicted names,
        // for error analysis.
        let mut out = String::new();
        for r in &results {
            for (k, words) in r.words.iter().enumerate() {
                let gold: Vec<_> = r.gold[k].iter().map(|&(h, t)| (words[h].as_str(), t)).collect();
                let pred: Vec<_> = r.pred[k].iter().map(|&(a, b, t)| (words[a..b].join(" "), t)).collect();
                out.push_str(
                    &serde_json::json!({"doc": r.id, "sentence": k, "gold": gold, "predicted": pred}).to_string(),
                );
                out.push('\n');
            }
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let flat = |news_only: bool| {
        let mut g = Vec::new();
        let mut p = Vec::new();
        for r in results.iter().filter(|r| !news_only || r.news) {
            g.extend(r.gold.iter().cloned());
            p.extend(r.pred.iter().cloned());
        }
        (g, p)
    };
    let (g, p) = flat(false);
    let all = eval::ner::score_heads(&g, &p);
    let (gn, pn) = flat(true);
    let news = eval::ner::score_heads(&gn, &pn);
    let coref = eval::coref::score(
        &results
            .iter()
            .map(|r| (r.gold_chains.clone(), r.pred_chains.clone()))
            .collect::<Vec<_>>(),
    );
    let mut out = serde_json::json!({
        "documents": results.len(),
        "news_documents": results.iter().filter(|r| r.news).count(),
        "names": all,
        "names_news_only": news,
        "coreference": coref,
    });
    if !anchor_tags.is_empty() {
        let spans: Vec<Vec<(usize, usize, &'static str)>> = anchor_tags
            .iter()
            .map(|t| eval::ner::spans_of(t, eval::ner::coarse_type))
            .collect();
        out["anchor"] = serde_json::json!({ "names": eval::ner::score_heads(&g, &spans) });
        let news_idx: Vec<bool> = results
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.news, r.gold.len()))
            .collect();
        let (gn2, sn): (Vec<_>, Vec<_>) = g
            .iter()
            .zip(&spans)
            .zip(&news_idx)
            .filter(|(_, &n)| n)
            .map(|((a, b), _)| (a.clone(), b.clone()))
            .unzip();
        out["anchor"]["names_news_only"] = serde_json::to_value(eval::ner::score_heads(&gn2, &sn))?;
    }
    println!("{out}");
    Ok(())
}
