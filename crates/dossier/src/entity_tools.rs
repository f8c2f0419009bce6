//! Training and scoring of the entity stage: building the distilled
//! training set, `dossier eval uner` and `dossier eval entities`.

use std::collections::HashMap;
use std::path::Path;

use extract::entities::{recognize, EntityModels};
use nlp::ner::{NerScratch, NerSentence};
use text::{Doc, EntityType, Meta, Sentence, Span, Token};

use crate::Pipeline;

/// Teacher entities of one document: byte range and label.
type Labels = Vec<(usize, usize, String)>;

/// OntoNotes labels dossier keeps; the others (dates, money, ...) are left
/// to later stages and trained as `O`.
fn kept_label(label: &str) -> Option<&'static str> {
    EntityType::from_label(label).map(|t| t.label())
}

/// Training sentences from a corpus labelled by the teacher: `text_jsonl`
/// is `dossier analyze` output (for the exact text), `ents_jsonl` the
/// labels written by `bench/anchor/spacy_distill.py`. Sentences where a
/// teacher entity does not start and end on dossier's token boundaries are
/// left out.
pub fn distilled_sentences(
    pipeline: &Pipeline,
    text_jsonl: &Path,
    ents_jsonl: &Path,
    max_docs: usize,
) -> Result<Vec<NerSentence>, String> {
    let texts = std::fs::read_to_string(text_jsonl).map_err(|e| format!("{}: {e}", text_jsonl.display()))?;
    let ents = std::fs::read_to_string(ents_jsonl).map_err(|e| format!("{}: {e}", ents_jsonl.display()))?;
    let mut by_id: HashMap<String, Labels> = HashMap::new();
    for (n, line) in ents.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", ents_jsonl.display(), n + 1))?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let list = v["ents"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        Some((
                            e[0].as_u64()? as usize,
                            e[1].as_u64()? as usize,
                            e[2].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        by_id.insert(id, list);
    }
    let mut docs: Vec<(String, Labels)> = Vec::new();
    for (n, line) in texts.lines().enumerate() {
        if max_docs > 0 && docs.len() >= max_docs {
            break;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", text_jsonl.display(), n + 1))?;
        let id = v["id"].as_str().unwrap_or_default();
        if let Some(e) = by_id.remove(id) {
            docs.push((v["text"].as_str().unwrap_or_default().to_string(), e));
        }
    }
    use rayon::prelude::*;
    let models = pipeline.entity_models();
    let out: Vec<Vec<NerSentence>> = docs
        .par_iter()
        .map(|(t, ents)| {
            let mut doc = Doc::new(Meta::default(), t.clone());
            text::segment(&mut doc);
            let mut starts: HashMap<usize, usize> = HashMap::new();
            let mut ends: HashMap<usize, usize> = HashMap::new();
            for (i, tok) in doc.tokens.iter().enumerate() {
                starts.insert(tok.span.start, i);
                ends.insert(tok.span.end, i + 1);
            }
            let mut tags = vec!["O".to_string(); doc.tokens.len()];
            let mut bad = vec![false; doc.sentences.len()];
            let sent_of = |tok: usize| doc.sentences.partition_point(|s| s.tokens.end <= tok);
            for (s, e, label) in ents {
                let Some(label) = kept_label(label) else { continue };
                match (starts.get(s), ends.get(e)) {
                    (Some(&a), Some(&b)) if a < b && sent_of(a) == sent_of(b - 1) => {
                        tags[a] = format!("B-{label}");
                        for t in &mut tags[a + 1..b] {
                            *t = format!("I-{label}");
                        }
                    }
                    _ => {
                        // Mark the sentence holding the start as unusable.
                        let tok = doc.tokens.partition_point(|t| t.span.end <= *s);
                        if tok < doc.tokens.len() {
                            bad[sent_of(tok)] = true;
                        }
                    }
                }
            }
            let mut sents = Vec::new();
            for (k, s) in doc.sentences.iter().enumerate() {
                if bad[k] || s.tokens.is_empty() {
                    continue;
                }
                let words: Vec<&str> = s.tokens.clone().map(|i| doc.token_text(i)).collect();
                let (_, xpos) = pipeline.syntax_model().tag(&words);
                sents.push(NerSentence {
                    gaz: extract::entities::gazetteer_features(models, &words),
                    words: words.iter().map(|w| w.to_string()).collect(),
                    xpos,
                    tags: tags[s.tokens.clone()].to_vec(),
                });
            }
            sents
        })
        .collect();
    Ok(out.into_iter().flatten().collect())
}

/// Names recognised in one gold-tokenised sentence: `(start, end, label)`.
pub fn recognize_tokens(
    pipeline: &Pipeline,
    models: &EntityModels,
    words: &[&str],
    scratch: &mut NerScratch,
) -> Vec<(usize, usize, &'static str)> {
    let (_, xpos) = pipeline.syntax_model().tag(words);
    recognize(models, words, &xpos, scratch)
        .into_iter()
        .map(|e| (e.start, e.end, e.etype.label()))
        .collect()
}

/// A document built from gold tokens (CoNLL-U words and their SpaceAfter),
/// one sentence per gold sentence, analysed by the full pipeline from
/// tagging on. Returns the document and each sentence's first token.
pub fn doc_from_gold(pipeline: &Pipeline, sents: &[&conllu::Sentence]) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    for s in sents {
        let first = tokens.len();
        let start = text.len();
        for w in &s.words {
            let a = text.len();
            text.push_str(&w.form);
            tokens.push(Token {
                span: Span::new(a, text.len()),
                space_after: w.space_after(),
            });
            text.push(' ');
        }
        sentences.push(Sentence {
            span: Span::new(start, text.len().saturating_sub(1).max(start)),
            paragraph: 0,
            tokens: first..tokens.len(),
        });
        text.push('\n');
    }
    let mut doc = Doc::new(Meta::default(), text);
    doc.language = "en".into();
    doc.paragraphs = vec![text::Paragraph {
        span: Span::new(0, doc.text.len()),
        quote_run: None,
    }];
    doc.tokens = tokens;
    doc.sentences = sentences;
    pipeline.analyze_segmented(&mut doc);
    doc
}
