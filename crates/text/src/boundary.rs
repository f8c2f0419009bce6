//! A learned sentence-boundary classifier on top of the rules.
//!
//! The rules in [`crate::segment`] handle news punctuation well, but web
//! and e-mail text often ends sentences without punctuation, or starts them
//! in lower case. An averaged perceptron decides, after each token, whether
//! a sentence ends there. Its strongest feature is the rules' own decision,
//! so on well-punctuated news it agrees with them, and the lexical features
//! learn where they fail. Features are hashed into a fixed table, so the
//! model is small and loads in microseconds.
//!
//! The shipped weights (`models/sentence-boundary.bin`) are trained by
//! `dossier train segmenter` on UD English EWT train and the CC BY genres of
//! GUM train.

use std::sync::OnceLock;

use crate::doc::Token;
use crate::segment::{paragraphs, rule_boundaries, tokenize_into};
use crate::Span;

const BITS: u32 = 18;
const SIZE: usize = 1 << BITS;
const MAGIC: &[u8; 8] = b"DSBND001";

/// Weights of the boundary classifier.
#[derive(Clone)]
pub struct BoundaryModel {
    weights: Vec<f32>,
    /// The same weights for scoring: about one in ten of the table's
    /// slots is not zero, so the non-zero ones are kept in order, found
    /// through a bitmap with running counts. That is some 170 KB instead
    /// of 1 MB, which stays in the core's cache between tokens where the
    /// full table missed it: every token asks for 26 slots.
    compact: Compact,
}

/// Non-zero slots of a weight table: bit `i % 64` of `words[i / 64].bits`
/// tells whether slot `i` has a weight, and `words[i / 64].rank` how many
/// slots before that word do.
#[derive(Clone, Default)]
struct Compact {
    words: Vec<RankWord>,
    values: Vec<f32>,
}

#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
struct RankWord {
    bits: u64,
    rank: u32,
}

impl Compact {
    fn new(weights: &[f32]) -> Compact {
        let mut words = Vec::with_capacity(weights.len().div_ceil(64));
        let mut values = Vec::new();
        for chunk in weights.chunks(64) {
            let mut word = RankWord {
                bits: 0,
                rank: values.len() as u32,
            };
            for (b, &w) in chunk.iter().enumerate() {
                if w != 0.0 {
                    word.bits |= 1 << b;
                    values.push(w);
                }
            }
            words.push(word);
        }
        Compact { words, values }
    }

    /// The weight of slot `i`, 0 for an empty one.
    #[inline]
    fn get(&self, i: usize) -> f32 {
        let word = self.words[i / 64];
        let bit = 1u64 << (i % 64);
        if word.bits & bit == 0 {
            return 0.0;
        }
        self.values[word.rank as usize + (word.bits & (bit - 1)).count_ones() as usize]
    }
}

impl std::fmt::Debug for BoundaryModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nonzero = self.weights.iter().filter(|w| **w != 0.0).count();
        write!(f, "BoundaryModel({nonzero} weights)")
    }
}

static EMBEDDED: OnceLock<BoundaryModel> = OnceLock::new();
static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../models/sentence-boundary.bin");

impl BoundaryModel {
    /// The model shipped with dossier.
    pub fn embedded() -> &'static BoundaryModel {
        EMBEDDED.get_or_init(|| {
            BoundaryModel::from_bytes(EMBEDDED_BYTES).expect("shipped sentence-boundary model is valid")
        })
    }

    /// An empty model, which always follows the rules.
    pub fn empty() -> BoundaryModel {
        BoundaryModel::from_weights(vec![0.0; SIZE])
    }

    /// Read a model written by [`BoundaryModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<BoundaryModel, String> {
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err("not a dossier sentence-boundary model".into());
        }
        let n = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        let body = &bytes[12..];
        if body.len() != n * 8 {
            return Err("truncated sentence-boundary model".into());
        }
        let mut weights = vec![0.0; SIZE];
        for rec in body.chunks_exact(8) {
            let idx = u32::from_le_bytes(rec[..4].try_into().unwrap()) as usize;
            let w = f32::from_le_bytes(rec[4..].try_into().unwrap());
            *weights.get_mut(idx).ok_or("bad index in sentence-boundary model")? = w;
        }
        Ok(BoundaryModel::from_weights(weights))
    }

    fn from_weights(weights: Vec<f32>) -> BoundaryModel {
        let compact = Compact::new(&weights);
        BoundaryModel { weights, compact }
    }

    /// Serialise the non-zero weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let nz: Vec<(usize, f32)> = self
            .weights
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, w)| *w != 0.0)
            .collect();
        let mut out = Vec::with_capacity(12 + nz.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        for (i, w) in nz {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    fn score(&self, feats: &[u64]) -> f32 {
        feats.iter().map(|&f| self.compact.get((f as usize) & (SIZE - 1))).sum()
    }

    /// Decide boundaries for the tokens `range` of one paragraph, given the
    /// rules' decisions (same layout as [`rule_boundaries`]).
    #[allow(clippy::needless_range_loop)] // k indexes the features' context too
    pub(crate) fn decide(
        &self,
        text: &str,
        tokens: &[Token],
        range: std::ops::Range<usize>,
        rules: &[bool],
    ) -> Vec<bool> {
        let mut out = vec![false; range.len()];
        let mut feats = Vec::with_capacity(32);
        let mut lex = Vec::with_capacity(range.len());
        lexical(text, tokens, &range, &mut lex);
        let mut since = 0usize;
        for k in 0..range.len().saturating_sub(1) {
            since += 1;
            features(text, tokens, &range, &lex, k, rules, since, &mut feats);
            if self.score(&feats) > 0.0 {
                out[k] = true;
                since = 0;
            }
        }
        out
    }
}

/// Word shape: "Xxxx", "xxxx", "dd", "X.X.", ... with runs collapsed.
fn shape(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut last = '\0';
    for c in s.chars().take(12) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            h = (h ^ k as u64).wrapping_mul(0x100000001b3);
            last = k;
        }
    }
    h
}

fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(0x100000001b3);
    }
    h
}

fn mix(template: u64, a: u64, b: u64) -> u64 {
    let mut h = template.wrapping_mul(0x9E3779B97F4A7C15);
    h = (h.rotate_left(23) ^ a).wrapping_mul(0x9E3779B97F4A7C15);
    h = (h.rotate_left(23) ^ b).wrapping_mul(0x9E3779B97F4A7C15);
    h ^ (h >> 29)
}

/// The hashed form and shape of each token of a paragraph, computed once
/// (every token is looked at from four positions), with one "<none>" entry
/// before and two after, so token `k`'s neighbour `d` is `out[k + 1 + d]`.
fn lexical(text: &str, tokens: &[Token], range: &std::ops::Range<usize>, out: &mut Vec<(u64, u64)>) {
    let lex = |w: &str| (hash_str(w), shape(w));
    let none = lex("<none>");
    out.clear();
    out.push(none);
    out.extend(tokens[range.clone()].iter().map(|t| lex(t.span.slice(text))));
    out.extend([none, none]);
}

/// Features for "a sentence ends after token `range.start + k`"; `lex` is
/// [`lexical`] of the paragraph.
#[allow(clippy::too_many_arguments)]
fn features(
    text: &str,
    tokens: &[Token],
    range: &std::ops::Range<usize>,
    lex: &[(u64, u64)],
    k: usize,
    rules: &[bool],
    since: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let ((hm1, sm1), (h0, s0), (h1, s1), (hw2, s2)) = (lex[k], lex[k + 1], lex[k + 2], lex[k + 3]);
    let rule = rules[k] as u64;
    let i = range.start + k;
    let gap = &text[tokens[i].span.end..tokens[i + 1].span.start];
    let gap_kind = if gap.contains('\n') {
        2
    } else if gap.len() > 1 {
        1
    } else if gap.is_empty() {
        3
    } else {
        0
    };
    let since_b = since.min(40) as u64 / 4;
    out.extend_from_slice(&[
        mix(0, 0, 0),
        mix(1, rule, 0),
        mix(2, h0, 0),
        mix(3, h1, 0),
        mix(4, s0, 0),
        mix(5, s1, 0),
        mix(6, h0, s1),
        mix(7, s0, h1),
        mix(8, h0, h1),
        mix(9, sm1, s0),
        mix(10, s1, s2),
        mix(11, rule, s1),
        mix(12, rule, h1),
        mix(13, rule, h0),
        mix(14, gap_kind, rule),
        mix(15, since_b, rule),
        mix(16, hm1, h0),
        mix(17, s0, s1),
        mix(18, gap_kind, s1),
        mix(19, (range.len() - k).min(10) as u64, rule),
        mix(20, hw2, 0),
        mix(21, mix(s0, s1, s2), 0),
        mix(22, hm1, s1),
        mix(23, sm1, h1),
        mix(24, mix(sm1, s0, s1), rule),
        mix(25, h1, hw2),
    ]);
}

/// One training document: its text and the byte offsets where gold
/// sentences end.
pub struct BoundaryExample {
    /// The text (paragraphs separated by blank lines).
    pub text: String,
    /// Byte offsets of gold sentence ends.
    pub gold_ends: std::collections::HashSet<usize>,
}

struct Prepared {
    text: String,
    tokens: Vec<Token>,
    paragraphs: Vec<(std::ops::Range<usize>, Vec<bool>, Vec<bool>)>, // tokens, rules, gold
}

/// Train a boundary model with an averaged perceptron. Deterministic: the
/// same examples, epochs and seed give the same weights.
#[allow(clippy::needless_range_loop)] // k indexes the features' context too
pub fn train_boundaries(examples: &[BoundaryExample], epochs: usize, seed: u64) -> BoundaryModel {
    let prepared: Vec<Prepared> = examples
        .iter()
        .map(|ex| {
            let mut tokens = Vec::new();
            let mut paras = Vec::new();
            for p in paragraphs(&ex.text) {
                let start = tokens.len();
                tokenize_into(&ex.text, Span::new(p.start, p.end), &mut tokens);
                let range = start..tokens.len();
                if range.is_empty() {
                    continue;
                }
                let rules = rule_boundaries(&ex.text, &tokens, range.clone());
                let gold = range
                    .clone()
                    .map(|i| ex.gold_ends.contains(&tokens[i].span.end))
                    .collect();
                paras.push((range, rules, gold));
            }
            Prepared {
                text: ex.text.clone(),
                tokens,
                paragraphs: paras,
            }
        })
        .collect();
    let mut order: Vec<(usize, usize)> = prepared
        .iter()
        .enumerate()
        .flat_map(|(d, p)| (0..p.paragraphs.len()).map(move |k| (d, k)))
        .collect();
    let mut w = vec![0f32; SIZE];
    let mut totals = vec![0f64; SIZE];
    let mut stamps = vec![0u64; SIZE];
    let mut step: u64 = 0;
    let mut rng = seed.max(1);
    let mut feats = Vec::with_capacity(32);
    let mut lex = Vec::new();
    for _ in 0..epochs {
        seeded_shuffle(&mut order, &mut rng);
        for &(d, pk) in &order {
            let doc = &prepared[d];
            let (range, rules, gold) = &doc.paragraphs[pk];
            lexical(&doc.text, &doc.tokens, range, &mut lex);
            let mut since = 0usize;
            for k in 0..range.len().saturating_sub(1) {
                step += 1;
                since += 1;
                features(&doc.text, &doc.tokens, range, &lex, k, rules, since, &mut feats);
                let score: f32 = feats.iter().map(|&f| w[(f as usize) & (SIZE - 1)]).sum();
                let predicted = score > 0.0;
                if predicted != gold[k] {
                    let delta = if gold[k] { 1.0 } else { -1.0 };
                    for &f in &feats {
                        let idx = (f as usize) & (SIZE - 1);
                        totals[idx] += (step - stamps[idx]) as f64 * w[idx] as f64;
                        stamps[idx] = step;
                        w[idx] += delta;
                    }
                }
                // Follow the gold history, as decoding will follow its own.
                if gold[k] {
                    since = 0;
                }
            }
        }
    }
    let weights = (0..SIZE)
        .map(|i| {
            let total = totals[i] + (step - stamps[i]) as f64 * w[i] as f64;
            let avg = (total / step.max(1) as f64) as f32;
            // Drop negligible weights to keep the shipped file small.
            if avg.abs() < 1e-3 {
                0.0
            } else {
                avg
            }
        })
        .collect();
    BoundaryModel::from_weights(weights)
}

/// Fisher–Yates with xorshift: the same `state` gives the same order on
/// every platform, so that every model dossier trains is reproducible.
/// `state` must not be 0; it is advanced.
pub fn seeded_shuffle<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        items.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_round_trips_through_bytes() {
        let mut m = BoundaryModel::empty();
        m.weights[7] = 1.5;
        m.weights[SIZE - 1] = -0.25;
        let back = BoundaryModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.weights, m.weights);
        for (i, &w) in back.weights.iter().enumerate() {
            assert_eq!(back.compact.get(i), w, "slot {i}");
        }
        assert!(BoundaryModel::from_bytes(b"garbage").is_err());
    }

    #[test]
    fn training_learns_a_boundary_the_rules_miss() {
        // Lower-case sentence starts after a line with no punctuation.
        let text = "thanks for the help see you tomorrow bob\n\nthanks for the note see you soon ann".to_string();
        let ends = ["thanks for the help", "thanks for the note"]
            .iter()
            .map(|p| text.find(p).unwrap() + p.len())
            .chain([text.find("bob").unwrap() + 3, text.len()])
            .collect();
        let ex = BoundaryExample {
            text: text.clone(),
            gold_ends: ends,
        };
        let model = train_boundaries(&[ex], 10, 1);
        let mut doc = crate::Doc::new(crate::Meta::default(), text);
        crate::segment::segment_with(&mut doc, Some(&model));
        assert_eq!(doc.sentences.len(), 4, "{:?}", doc.sentences);
    }
}
