//! Whole-pipeline evaluation on raw text, aligned as in the CoNLL 2018
//! shared task.
//!
//! The raw text is rebuilt from the treebank's `# text` lines (as for the
//! sentence evaluation). dossier segments, tokenises, tags and parses it;
//! gold and system words are aligned by their character spans in that text
//! (words of a gold multi-word token share its span and are aligned in
//! order). Every figure is an F1 over words, as the shared task reports
//! them: precision over system words, recall over gold words.

use serde::Serialize;
use text::Doc;

use crate::sentences::rebuild;

/// Raw-text figures, each an F1 in percent.
#[derive(Debug, Clone, Serialize)]
pub struct RawTextScores {
    /// Tokens (surface spans).
    pub tokens: f64,
    /// Sentences (exact spans).
    pub sentences: f64,
    /// Syntactic words.
    pub words: f64,
    /// Aligned words with the right UPOS.
    pub upos: f64,
    /// Aligned words with the right XPOS.
    pub xpos: f64,
    /// Aligned words with the right lemma.
    pub lemma: f64,
    /// Aligned words whose head is the aligned gold head.
    pub uas: f64,
    /// As `uas`, and the universal part of the relation matches.
    pub las: f64,
}

struct GoldWord {
    span: (usize, usize),
    upos: String,
    xpos: String,
    lemma: String,
    /// Index into the gold word list of the head, or `None` for a root.
    head: Option<usize>,
    deprel: String,
}

fn f1(correct: usize, system: usize, gold: usize) -> f64 {
    crate::Prf::from_counts(correct, system, gold).f1 * 100.0
}

/// Score `analyze` (which turns raw text into an analysed [`Doc`]) on the
/// raw text rebuilt from `sents`.
pub fn evaluate_raw_text(sents: &[conllu::Sentence], analyze: impl Fn(String) -> Doc) -> RawTextScores {
    let rebuilt = rebuild(sents);
    let text = &rebuilt.text;
    // Gold words with spans in the rebuilt text.
    let mut gold: Vec<GoldWord> = Vec::new();
    let mut gold_tokens: Vec<(usize, usize)> = Vec::new();
    for (s, &(sstart, send)) in sents.iter().zip(&rebuilt.sentences) {
        let base = gold.len();
        let mut cursor = sstart;
        for (form, range, _) in s.tokens() {
            // Find the token's form from the cursor, skipping whitespace; a
            // form that does not match the text keeps the cursor's place.
            let rest = &text[cursor..send];
            let skip = rest.len() - rest.trim_start().len();
            let start = cursor + skip;
            let end = if text[start..send].starts_with(form.as_str()) {
                start + form.len()
            } else {
                start + text[start..send].split_whitespace().next().map_or(0, str::len)
            };
            gold_tokens.push((start, end));
            for w in range {
                let word = &s.words[w];
                gold.push(GoldWord {
                    span: (start, end),
                    upos: word.upos.clone(),
                    xpos: word.xpos.clone(),
                    lemma: word.lemma.clone(),
                    head: (word.head > 0).then(|| base + word.head - 1),
                    deprel: word.deprel.split(':').next().unwrap_or("").to_string(),
                });
            }
            cursor = end;
        }
    }
    let doc = analyze(text.clone());
    let syn = doc.syntax.as_ref();
    let sys_spans: Vec<(usize, usize)> = doc.tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    // Align words with identical spans; equal-span runs (multi-word
    // tokens) align in order.
    let mut gold_of_sys: Vec<Option<usize>> = vec![None; sys_spans.len()];
    let mut gi = 0;
    for (si, span) in sys_spans.iter().enumerate() {
        while gi < gold.len() && gold[gi].span.0 < span.0 {
            gi += 1;
        }
        if gi < gold.len() && gold[gi].span == *span {
            gold_of_sys[si] = Some(gi);
            gi += 1;
        }
    }
    let aligned = gold_of_sys.iter().flatten().count();
    let (mut upos, mut xpos, mut lemma, mut uas, mut las) = (0, 0, 0, 0, 0);
    if let Some(syn) = syn {
        for (si, g) in gold_of_sys.iter().enumerate() {
            let Some(g) = *g else { continue };
            let gw = &gold[g];
            upos += (syn.upos[si] == gw.upos) as usize;
            xpos += (syn.xpos[si] == gw.xpos) as usize;
            lemma += (syn.lemma[si] == gw.lemma) as usize;
            let sys_head_gold = syn.head[si].map(|h| gold_of_sys[h]);
            let head_ok = match (sys_head_gold, gw.head) {
                (None, None) => true,
                (Some(Some(a)), Some(b)) => a == b,
                _ => false,
            };
            if head_ok {
                uas += 1;
                las += (syn.deprel[si].split(':').next().unwrap_or("") == gw.deprel) as usize;
            }
        }
    }
    let (ns, ng) = (sys_spans.len(), gold.len());
    let gold_tok: std::collections::HashSet<(usize, usize)> = gold_tokens.iter().copied().collect();
    let tok_ok = sys_spans.iter().filter(|s| gold_tok.contains(s)).count();
    let gold_sent: std::collections::HashSet<(usize, usize)> = rebuilt.sentences.iter().copied().collect();
    let sent_ok = doc
        .sentences
        .iter()
        .filter(|s| gold_sent.contains(&(s.span.start, s.span.end)))
        .count();
    RawTextScores {
        tokens: crate::round4(f1(tok_ok, ns, gold_tokens.len())),
        sentences: crate::round4(f1(sent_ok, doc.sentences.len(), rebuilt.sentences.len())),
        words: crate::round4(f1(aligned, ns, ng)),
        upos: crate::round4(f1(upos, ns, ng)),
        xpos: crate::round4(f1(xpos, ns, ng)),
        lemma: crate::round4(f1(lemma, ns, ng)),
        uas: crate::round4(f1(uas, ns, ng)),
        las: crate::round4(f1(las, ns, ng)),
    }
}
