//! Sentence-boundary evaluation on a CoNLL-U treebank.
//!
//! The raw text is rebuilt from the sentences' `# text` lines: sentences of
//! one paragraph joined by one space, paragraphs separated by a blank line.
//! dossier segments that text, and boundaries are compared only inside
//! paragraphs, since paragraph ends are given away by the blank lines.

use std::collections::HashSet;

use serde::Serialize;
use text::{BoundaryExample, Doc, Meta};

use crate::Prf;

/// The result of [`evaluate`].
#[derive(Debug, Clone, Serialize)]
pub struct SentenceScores {
    /// Gold sentences.
    pub gold_sentences: usize,
    /// Predicted sentences.
    pub predicted_sentences: usize,
    /// Sentence boundaries inside paragraphs.
    pub boundaries: Prf,
    /// F1 of sentences whose both ends match exactly.
    pub sentences_exact_f1: f64,
}

/// The rebuilt raw text with the gold sentence spans and paragraph ends.
pub struct Rebuilt {
    /// The text.
    pub text: String,
    /// Gold sentence spans (byte offsets).
    pub sentences: Vec<(usize, usize)>,
    /// Byte offsets where paragraphs end.
    pub paragraph_ends: HashSet<usize>,
}

/// Rebuild raw text from the `# text` lines of `sents`.
pub fn rebuild(sents: &[conllu::Sentence]) -> Rebuilt {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut paragraph_ends = HashSet::new();
    for (i, s) in sents.iter().enumerate() {
        let t = s.text.clone().unwrap_or_else(|| {
            s.tokens()
                .iter()
                .map(|(f, _, sp)| if *sp { format!("{f} ") } else { f.clone() })
                .collect::<String>()
        });
        let t = t.trim();
        if i > 0 {
            if s.new_par {
                paragraph_ends.insert(text.len());
                text.push_str("\n\n");
            } else {
                text.push(' ');
            }
        }
        spans.push((text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    paragraph_ends.insert(text.len());
    Rebuilt {
        text,
        sentences: spans,
        paragraph_ends,
    }
}

/// Segment the rebuilt text of `sents` with dossier and score it.
pub fn evaluate(sents: &[conllu::Sentence]) -> SentenceScores {
    evaluate_with(sents, Some(text::BoundaryModel::embedded()))
}

/// Like [`evaluate`], with a given boundary model or the rules alone.
pub fn evaluate_with(sents: &[conllu::Sentence], model: Option<&text::BoundaryModel>) -> SentenceScores {
    let rebuilt = rebuild(sents);
    let mut doc = Doc::new(Meta::default(), rebuilt.text.clone());
    text::segment_with(&mut doc, model);
    let predicted: Vec<(usize, usize)> = doc.sentences.iter().map(|s| (s.span.start, s.span.end)).collect();
    score(&rebuilt, &predicted)
}

/// Score predicted sentence spans against the rebuilt gold.
pub fn score(gold: &Rebuilt, predicted: &[(usize, usize)]) -> SentenceScores {
    let inner = |spans: &[(usize, usize)]| -> HashSet<usize> {
        spans
            .iter()
            .map(|s| s.1)
            .filter(|e| !gold.paragraph_ends.contains(e))
            .collect()
    };
    let gold_b = inner(&gold.sentences);
    let pred_b = inner(predicted);
    let correct_b = gold_b.intersection(&pred_b).count();
    let gold_s: HashSet<(usize, usize)> = gold.sentences.iter().copied().collect();
    let correct_s = predicted.iter().filter(|s| gold_s.contains(s)).count();
    SentenceScores {
        gold_sentences: gold.sentences.len(),
        predicted_sentences: predicted.len(),
        boundaries: Prf::from_counts(correct_b, pred_b.len(), gold_b.len()),
        sentences_exact_f1: Prf::from_counts(correct_s, predicted.len(), gold.sentences.len()).f1,
    }
}

/// Training examples for the boundary model: one per document of the
/// treebank, with its text rebuilt as [`rebuild`] does.
pub fn training_examples(sents: &[conllu::Sentence]) -> Vec<BoundaryExample> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=sents.len() {
        if i == sents.len() || sents[i].new_doc.is_some() {
            let rebuilt = rebuild(&sents[start..i]);
            out.push(BoundaryExample {
                text: rebuilt.text,
                gold_ends: rebuilt.sentences.iter().map(|s| s.1).collect(),
            });
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_segmentation_scores_one_and_a_merge_loses_recall() {
        let src = "# newpar\n# text = It rained.\n1\tIt\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\trained\train\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n# text = Then it stopped.\n1\tThen\tthen\tADV\tRB\t_\t3\tadvmod\t_\t_\n2\tit\tit\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n3\tstopped\tstop\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";
        let sents = conllu::parse_str(src).unwrap();
        let s = evaluate(&sents);
        assert_eq!(s.boundaries.f1, 1.0);
        assert_eq!(s.sentences_exact_f1, 1.0);
        let rebuilt = rebuild(&sents);
        let merged = score(&rebuilt, &[(0, rebuilt.text.len())]);
        assert_eq!(merged.boundaries.r, 0.0);
    }
}
