//! Scoring dossier against gold standards.
//!
//! Each scorer takes gold data and returns plain figures (serialisable with
//! serde) so that the binary can print them as JSON. Scorers never depend on
//! how the figures are printed.
//!
//! Offsets: dossier's spans are UTF-8 byte offsets; gold standards that
//! count Unicode code points are converted here, never in the pipeline.
#![deny(missing_docs)]

pub mod claims;
pub mod coref;
pub mod money;
pub mod ner;
pub mod polnear;
pub mod real;
pub mod sentences;
pub mod speakers;
pub mod times;
pub mod ud;

use serde::Serialize;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// From separate precision and recall fractions (`p_num / p_den`,
    /// `r_num / r_den`), for scorers whose two sides count differently.
    pub fn from_fractions(p_num: f64, p_den: f64, r_num: f64, r_den: f64) -> Prf {
        let p = if p_den == 0.0 { 0.0 } else { p_num / p_den };
        let r = if r_den == 0.0 { 0.0 } else { r_num / r_den };
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf {
            p: round4(p),
            r: round4(r),
            f1: round4(f1),
        }
    }

    /// From counts of true positives, predictions and gold items.
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Prf {
        let p = if predicted == 0 {
            0.0
        } else {
            correct as f64 / predicted as f64
        };
        let r = if gold == 0 { 0.0 } else { correct as f64 / gold as f64 };
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf {
            p: round4(p),
            r: round4(r),
            f1: round4(f1),
        }
    }
}

/// Round to four decimals, enough for reporting.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Keep only the sentences of documents whose `# newdoc id` contains `needle`.
pub fn filter_documents(sents: Vec<conllu::Sentence>, needle: &str) -> Vec<conllu::Sentence> {
    let mut keep = false;
    sents
        .into_iter()
        .filter(|s| {
            if let Some(id) = &s.new_doc {
                keep = id.contains(needle);
            }
            keep
        })
        .collect()
}
