//! The hand-annotated time-expression set (`crates/eval/data/times/`):
//! sentences of AllSides articles with every date, time and duration
//! expression in them, as byte offsets and labels only.
//!
//! Predictions count only inside the annotated sentences. A span is
//! matched exactly (same start and end) or leniently (overlapping, each
//! gold and predicted span used once); the value, grain and anchor are
//! judged on lenient matches.

use serde::{Deserialize, Serialize};

use crate::Prf;

/// One annotated sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// The shard's file name (`articles-000.jsonl.gz`).
    pub shard: String,
    /// The article's id.
    pub id: String,
    /// The article's `date_iso`, the publication date the values resolve against.
    pub date: String,
    /// First byte of the sentence in the article's `text`.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its time expressions.
    pub times: Vec<GoldTime>,
}

/// A time expression, gold or predicted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldTime {
    /// First byte in the article's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// ISO 8601 value; absent when unresolved.
    pub value: Option<String>,
    /// publication, absolute or unresolved.
    pub anchor: String,
    /// day, week, month, quarter, year, decade, century, time or duration.
    pub grain: String,
}

/// The figures `dossier eval times` prints.
#[derive(Debug, Clone, Serialize)]
pub struct TimeScores {
    /// Annotated sentences.
    pub sentences: usize,
    /// Gold expressions.
    pub gold: usize,
    /// Predicted expressions inside the annotated sentences.
    pub predicted: usize,
    /// Spans with the same start and end.
    pub exact: Prf,
    /// Spans that overlap.
    pub lenient: Prf,
    /// Right value among lenient matches.
    pub value_accuracy: f64,
    /// Right grain among lenient matches.
    pub grain_accuracy: f64,
    /// Right anchor among lenient matches.
    pub anchor_accuracy: f64,
    /// Gold expressions whose value is right (a lenient match with the
    /// right value), over all gold: recall of the whole task.
    pub value_recall: f64,
}

/// Read the gold file (one JSON object a line).
pub fn read_gold(src: &str) -> Result<Vec<GoldSentence>, String> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(k, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", k + 1)))
        .collect()
}

/// Score `predicted[k]`, every time expression of the article of
/// `gold[k]` (whole article: only those inside the sentence count).
/// Also returns, per sentence, the (gold, predicted) pairs matched and
/// those left over, for reading the errors.
pub fn score(gold: &[GoldSentence], predicted: &[Vec<GoldTime>]) -> (TimeScores, Vec<Judgement>) {
    let (mut n_gold, mut n_pred, mut exact, mut lenient) = (0, 0, 0, 0);
    let (mut value, mut grain, mut anchor) = (0, 0, 0);
    let mut judgements = Vec::with_capacity(gold.len());
    for (g, p) in gold.iter().zip(predicted) {
        let inside: Vec<&GoldTime> = p.iter().filter(|t| t.start < g.end && g.start < t.end).collect();
        n_gold += g.times.len();
        n_pred += inside.len();
        exact += g
            .times
            .iter()
            .filter(|gt| inside.iter().any(|pt| pt.start == gt.start && pt.end == gt.end))
            .count();
        let mut used = vec![false; inside.len()];
        let mut judgement = Judgement::default();
        for gt in &g.times {
            // The predicted span that overlaps most.
            let best = inside
                .iter()
                .enumerate()
                .filter(|(k, pt)| !used[*k] && pt.start < gt.end && gt.start < pt.end)
                .max_by_key(|(_, pt)| pt.end.min(gt.end) - pt.start.max(gt.start))
                .map(|(k, _)| k);
            match best {
                Some(k) => {
                    used[k] = true;
                    lenient += 1;
                    let pt = inside[k];
                    value += usize::from(pt.value == gt.value);
                    grain += usize::from(pt.grain == gt.grain);
                    anchor += usize::from(pt.anchor == gt.anchor);
                    judgement.matched.push((gt.clone(), pt.clone()));
                }
                None => judgement.missed.push(gt.clone()),
            }
        }
        judgement.spurious = inside
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(t, _)| (*t).clone())
            .collect();
        judgements.push(judgement);
    }
    let frac = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            crate::round4(a as f64 / b as f64)
        }
    };
    let scores = TimeScores {
        sentences: gold.len(),
        gold: n_gold,
        predicted: n_pred,
        exact: Prf::from_counts(exact, n_pred, n_gold),
        lenient: Prf::from_counts(lenient, n_pred, n_gold),
        value_accuracy: frac(value, lenient),
        grain_accuracy: frac(grain, lenient),
        anchor_accuracy: frac(anchor, lenient),
        value_recall: frac(value, n_gold),
    };
    (scores, judgements)
}

/// What became of one sentence's expressions.
#[derive(Debug, Clone, Default)]
pub struct Judgement {
    /// Gold and the predicted expression matched to it.
    pub matched: Vec<(GoldTime, GoldTime)>,
    /// Gold expressions nothing overlaps.
    pub missed: Vec<GoldTime>,
    /// Predicted expressions no gold one overlaps.
    pub spurious: Vec<GoldTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, value: &str) -> GoldTime {
        GoldTime {
            start,
            end,
            value: Some(value.to_string()),
            anchor: "publication".into(),
            grain: "day".into(),
        }
    }

    #[test]
    fn lenient_matches_judge_values_and_outside_predictions_do_not_count() {
        let gold = vec![GoldSentence {
            shard: "s".into(),
            id: "a".into(),
            date: "2025-04-10".into(),
            start: 10,
            end: 50,
            times: vec![t(12, 19, "2025-04-08"), t(30, 40, "2022-02")],
        }];
        // One exact and right, one overlapping and wrong, one outside.
        let pred = vec![vec![t(12, 19, "2025-04-08"), t(27, 40, "2022-03"), t(60, 64, "2014")]];
        let (s, j) = score(&gold, &pred);
        assert_eq!((s.gold, s.predicted), (2, 2));
        assert_eq!(s.exact.p, 0.5);
        assert_eq!(s.lenient.r, 1.0);
        assert_eq!(s.value_accuracy, 0.5);
        assert!(j[0].missed.is_empty() && j[0].spurious.is_empty());
    }
}
