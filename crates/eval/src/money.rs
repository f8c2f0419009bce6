//! Sums of money against a hand-checked sample of AllSides sentences
//! (`crates/eval/data/quantities/money.jsonl`): is each gold amount found,
//! and are its amount and currency right?
//!
//! The gold holds, per sampled sentence, its article, shard and byte range,
//! and each money expression in it as a byte span with its amount (null
//! when the text gives none: "millions of dollars") and ISO 4217 code
//! (null when the text leaves it open). A conversion the text states
//! beside another amount ("6.2 million rubles (about $177,500)") is a gold
//! item of its own, marked `conversion_of`.
//!
//! Scoring: a gold item is **found** when a predicted money quantity, or
//! the stated conversion of one, overlaps its span; its **amount** is right
//! when both are null or they agree to within a millionth; its
//! **currency** is right when the codes are equal (both null included). A
//! predicted money quantity inside a sampled sentence that overlaps no
//! gold item is a **false alarm**.

use serde::{Deserialize, Serialize};

/// One gold money expression.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldMoney {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The amount, scale words applied; `None` when the text gives none.
    pub amount: Option<f64>,
    /// ISO 4217 code, `None` when the text leaves it open.
    pub currency: Option<String>,
    /// Index (in this sentence's list) of the amount this one converts.
    pub conversion_of: Option<usize>,
}

/// One sampled sentence with its money expressions.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// Number in the sample.
    pub n: usize,
    /// `dev` (read while the stage was written) or `check` (annotated after,
    /// only scored).
    #[serde(default = "dev")]
    pub split: String,
    /// AllSides article id.
    pub id: String,
    /// Shard file stem (`articles-003`).
    pub shard: String,
    /// First byte of the sentence in the article's text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Length of the article's text in bytes, to catch a changed text.
    pub text_bytes: usize,
    /// Money expressions in it, in text order (empty for none).
    pub money: Vec<GoldMoney>,
}

fn dev() -> String {
    "dev".to_string()
}

/// Read the gold file (JSON Lines).
pub fn read_gold(src: &str) -> Result<Vec<GoldSentence>, String> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// A predicted sum of money (or a stated conversion) in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedMoney {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The amount.
    pub amount: Option<f64>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// True for a conversion stated beside another amount.
    pub conversion: bool,
}

/// The figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MoneyScores {
    /// Sampled sentences.
    pub sentences: usize,
    /// Gold money expressions.
    pub gold: usize,
    /// Gold expressions a prediction overlaps.
    pub found: usize,
    /// Found with the right amount.
    pub amount_right: usize,
    /// Found with the right currency.
    pub currency_right: usize,
    /// Found with both right.
    pub both_right: usize,
    /// `both_right / gold`: the headline figure.
    pub both_right_share: f64,
    /// `found / gold`.
    pub found_share: f64,
    /// Predicted money quantities in the sampled sentences.
    pub predicted: usize,
    /// Of those, how many overlap no gold expression.
    pub false_alarms: usize,
    /// The same counts for the gold items with an amount and a currency
    /// other than the US dollar (the corpus is mostly dollars).
    pub other_currencies: SubScores,
    /// The same for amounts with no value ("billions of dollars").
    pub vague: SubScores,
}

/// Counts for a subset of the gold.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SubScores {
    /// Gold items in the subset.
    pub gold: usize,
    /// Found.
    pub found: usize,
    /// Found with amount and currency right.
    pub both_right: usize,
}

/// One gold item's judgement, for error reading.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    /// Sentence number in the sample.
    pub n: usize,
    /// Index of the item in its sentence (`None` for a false alarm).
    pub item: Option<usize>,
    /// Found.
    pub found: bool,
    /// Amount right.
    pub amount_right: bool,
    /// Currency right.
    pub currency_right: bool,
    /// The predicted amount and currency it was matched with.
    pub predicted: Option<(Option<f64>, Option<String>)>,
}

fn same_amount(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

/// Score predictions (per gold sentence, the money predicted in its
/// article) against the gold.
pub fn score(gold: &[GoldSentence], predicted: &[Vec<PredictedMoney>]) -> (MoneyScores, Vec<Judgement>) {
    let mut s = MoneyScores {
        sentences: gold.len(),
        ..MoneyScores::default()
    };
    let mut judgements = Vec::new();
    for (g, preds) in gold.iter().zip(predicted) {
        let in_sentence: Vec<&PredictedMoney> = preds.iter().filter(|p| p.start < g.end && g.start < p.end).collect();
        for (ii, item) in g.money.iter().enumerate() {
            s.gold += 1;
            let overlapping: Vec<&&PredictedMoney> = in_sentence
                .iter()
                .filter(|p| p.start < item.end && item.start < p.end)
                .collect();
            // Prefer a prediction of the same role (a conversion for a
            // conversion), then the closest start.
            let best = overlapping.iter().min_by_key(|p| {
                (
                    p.conversion != item.conversion_of.is_some(),
                    p.start.abs_diff(item.start),
                )
            });
            let found = best.is_some();
            let amount_right = best.is_some_and(|p| same_amount(p.amount, item.amount));
            let currency_right = best.is_some_and(|p| p.currency == item.currency);
            s.found += usize::from(found);
            s.amount_right += usize::from(amount_right);
            s.currency_right += usize::from(currency_right);
            s.both_right += usize::from(amount_right && currency_right);
            let sub = |sub: &mut SubScores| {
                sub.gold += 1;
                sub.found += usize::from(found);
                sub.both_right += usize::from(amount_right && currency_right);
            };
            if item.amount.is_none() {
                sub(&mut s.vague);
            }
            if item.currency.as_deref() != Some("USD") {
                sub(&mut s.other_currencies);
            }
            judgements.push(Judgement {
                n: g.n,
                item: Some(ii),
                found,
                amount_right,
                currency_right,
                predicted: best.map(|p| (p.amount, p.currency.clone())),
            });
        }
        for p in in_sentence.iter().filter(|p| !p.conversion) {
            s.predicted += 1;
            if !g.money.iter().any(|m| p.start < m.end && m.start < p.end) {
                s.false_alarms += 1;
                judgements.push(Judgement {
                    n: g.n,
                    item: None,
                    found: false,
                    amount_right: false,
                    currency_right: false,
                    predicted: Some((p.amount, p.currency.clone())),
                });
            }
        }
    }
    let share = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            crate::round4(a as f64 / b as f64)
        }
    };
    s.both_right_share = share(s.both_right, s.gold);
    s.found_share = share(s.found, s.gold);
    (s, judgements)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> Vec<GoldSentence> {
        read_gold(
            r#"{"n":1,"id":"a","shard":"articles-000","start":0,"end":100,"text_bytes":120,"money":[{"start":10,"end":25,"amount":2000000.0,"currency":"RUB","conversion_of":null},{"start":27,"end":34,"amount":23200.0,"currency":"USD","conversion_of":0}]}
{"n":2,"id":"a","shard":"articles-000","start":100,"end":120,"text_bytes":120,"money":[]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_conversion_is_matched_by_the_stated_conversion_and_a_stray_amount_is_a_false_alarm() {
        let g = gold();
        let p = vec![
            PredictedMoney {
                start: 10,
                end: 25,
                amount: Some(2e6),
                currency: Some("RUB".into()),
                conversion: false,
            },
            PredictedMoney {
                start: 27,
                end: 34,
                amount: Some(23200.0),
                currency: Some("USD".into()),
                conversion: true,
            },
            PredictedMoney {
                start: 105,
                end: 110,
                amount: Some(3.0),
                currency: None,
                conversion: false,
            },
        ];
        let (s, _) = score(&g, &[p.clone(), p]);
        assert_eq!((s.gold, s.found, s.both_right), (2, 2, 2));
        assert_eq!(s.false_alarms, 1);
        assert_eq!(s.both_right_share, 1.0);
    }

    #[test]
    fn a_wrong_currency_is_found_but_not_right() {
        let g = gold();
        let p = vec![PredictedMoney {
            start: 12,
            end: 20,
            amount: Some(2e6),
            currency: None,
            conversion: false,
        }];
        let (s, _) = score(&g[..1], &[p]);
        assert_eq!((s.found, s.amount_right, s.currency_right), (1, 1, 0));
    }
}
