//! Named-entity recogniser: a greedy left-to-right averaged-perceptron
//! tagger over BIO classes (`O`, `B-PERSON`, `I-PERSON`, ...).
//!
//! Its features are the word's own (form, shape, affixes), its neighbours',
//! the Penn tags from [`crate::Model::tag`], the two previous predicted
//! classes, and a gazetteer code per token supplied by the caller (which
//! list, if any, a name starting or continuing there belongs to). The
//! gazetteer is a feature, never a decision: "Jordan" the person and
//! "Jordan" the country are told apart by context.

use std::collections::BTreeSet;

use crate::hash::{f1, f2, f3, hash_str, Rng};
use crate::io::{Reader, Writer};
use crate::lex::{intern, neighbours, toks_into, Tok, PAD};
use crate::perceptron::{argmax_by, runs_by_seed, Scores, Trainer, Weights};
use crate::Error;

const MAGIC: &[u8; 8] = b"DSNER001";
const START: u64 = 1;

/// A recognised entity: token range `[start, end)` within the sentence and
/// its type label (`PERSON`, `ORG`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntitySpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Type label.
    pub label: &'static str,
}

/// One training sentence: words, Penn tags, gazetteer codes and gold BIO tags.
#[derive(Debug, Clone)]
pub struct NerSentence {
    /// Token forms.
    pub words: Vec<String>,
    /// Penn tag per token (predicted, as at run time).
    pub xpos: Vec<&'static str>,
    /// Gazetteer code per token (0 = none); see [`NerModel::predict`].
    pub gaz: Vec<u64>,
    /// Gold `O` / `B-X` / `I-X` per token.
    pub tags: Vec<String>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct NerTrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Features updated fewer times are dropped from the model.
    pub min_updates: u32,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Runs over other orders of the data (seeds `seed`, `seed + 1`, ...),
    /// trained two at a time and averaged into one model.
    pub runs: usize,
}

impl Default for NerTrainOptions {
    fn default() -> Self {
        NerTrainOptions {
            epochs: 6,
            seed: 1,
            min_updates: 2,
            verbose: false,
            runs: 1,
        }
    }
}

/// A trained recogniser.
#[derive(Debug, Clone, PartialEq)]
pub struct NerModel {
    /// Class names; 0 is `O`.
    classes: Vec<&'static str>,
    /// For each class: `Some(type index)` for B/I classes.
    types: Vec<&'static str>,
    /// True for `I-` classes.
    inside: Vec<bool>,
    weights: Weights,
}

/// Reusable buffers for [`NerModel::predict_with`].
#[derive(Default)]
pub struct NerScratch {
    /// Each token's hashes; [`Tok::PAD`] until `ready`.
    toks: Vec<Tok>,
    ready: Vec<bool>,
    /// Each token's form hash, its [`FormCache`] key.
    forms: Vec<u64>,
    buf: String,
    feats: Vec<u64>,
    xh: Vec<u64>,
}

#[inline(always)]
fn class_value(c: Option<u16>) -> u64 {
    match c {
        Some(c) => c as u64 + 2,
        None => START,
    }
}

/// Token `i`, the tokens around it, and the tags and gazetteer codes of
/// it and its next neighbours (before, itself, after), with padding
/// outside the sentence.
struct Window<'a> {
    w: &'a Tok,
    m1: &'a Tok,
    m2: &'a Tok,
    n1: &'a Tok,
    n2: &'a Tok,
    x: [u64; 3],
    g: [u64; 3],
}

#[inline(always)]
fn window<'a>(toks: &'a [Tok], xh: &[u64], gaz: &[u64], i: usize) -> Window<'a> {
    let [m2, m1, n1, n2] = neighbours(toks, i);
    let around = |v: &[u64]| {
        [
            i.checked_sub(1).map_or(PAD, |j| v[j]),
            v[i],
            v.get(i + 1).copied().unwrap_or(PAD),
        ]
    };
    Window {
        w: &toks[i],
        m1,
        m2,
        n1,
        n2,
        x: around(xh),
        g: around(gaz),
    }
}

#[allow(clippy::too_many_arguments)]
fn features(toks: &[Tok], xh: &[u64], gaz: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let Window {
        w,
        m1,
        m2,
        n1,
        n2,
        x: [xm1, x0, xn1],
        g: [gm1, g0, gn1],
    } = window(toks, xh, gaz, i);
    out.clear();
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.word),
        f1(2, w.norm),
        f1(3, w.shape),
        f1(4, w.pre[0]),
        f1(5, w.pre[1]),
        f1(6, w.pre[2]),
        f1(7, w.suf[1]),
        f1(8, w.suf[2]),
        f1(9, w.suf[3]),
        f1(10, m1.norm),
        f1(11, m2.norm),
        f1(12, n1.norm),
        f1(13, n2.norm),
        f1(14, m1.shape),
        f1(15, n1.shape),
        f1(16, x0),
        f2(17, xm1, x0),
        f2(18, x0, xn1),
        f1(19, p1),
        f2(20, p1, p2),
        f2(21, p1, w.shape),
        f2(22, p1, w.norm),
        f2(23, p1, x0),
        f1(24, g0),
        f2(25, g0, gm1),
        f2(26, g0, gn1),
        f2(27, g0, w.shape),
        f2(28, p1, g0),
        f2(29, m1.norm, w.norm),
        f2(30, w.norm, n1.norm),
        f2(31, w.shape, (i == 0) as u64),
        f3(32, m1.shape, w.shape, n1.shape),
        f2(33, w.word, n1.shape),
        f2(34, m1.word, w.shape),
        f1(35, m1.suf[2]),
        f1(36, n1.suf[2]),
    ]);
}

/// The features of token `i` that read one token's form alone, by whose:
/// its own (10), the previous token's (3), the next one's (3), the one two
/// back (1) and two ahead (1). With [`context_features`] they are exactly
/// the keys of [`features`]; each group's summed weights are cached per
/// form ([`FormCache`]).
const FORM_GROUPS: usize = 5;

fn form_features(w: &Tok, out: &mut Vec<u64>) -> [usize; FORM_GROUPS] {
    out.clear();
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.word),
        f1(2, w.norm),
        f1(3, w.shape),
        f1(4, w.pre[0]),
        f1(5, w.pre[1]),
        f1(6, w.pre[2]),
        f1(7, w.suf[1]),
        f1(8, w.suf[2]),
        f1(9, w.suf[3]),
        // As the previous token.
        f1(10, w.norm),
        f1(14, w.shape),
        f1(35, w.suf[2]),
        // As the next token.
        f1(12, w.norm),
        f1(15, w.shape),
        f1(36, w.suf[2]),
        // Two back, two ahead.
        f1(11, w.norm),
        f1(13, w.norm),
    ]);
    [10, 3, 3, 1, 1]
}

/// The rest of [`features`]: tags, gazetteer codes, previous classes and
/// pairs of tokens.
#[allow(clippy::too_many_arguments)]
fn context_features(toks: &[Tok], xh: &[u64], gaz: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let Window {
        w,
        m1,
        n1,
        x: [xm1, x0, xn1],
        g: [gm1, g0, gn1],
        ..
    } = window(toks, xh, gaz, i);
    out.clear();
    out.extend_from_slice(&[
        f1(16, x0),
        f2(17, xm1, x0),
        f2(18, x0, xn1),
        f1(19, p1),
        f2(20, p1, p2),
        f2(21, p1, w.shape),
        f2(22, p1, w.norm),
        f2(23, p1, x0),
        f1(24, g0),
        f2(25, g0, gm1),
        f2(26, g0, gn1),
        f2(27, g0, w.shape),
        f2(28, p1, g0),
        f2(29, m1.norm, w.norm),
        f2(30, w.norm, n1.norm),
        f2(31, w.shape, (i == 0) as u64),
        f3(32, m1.shape, w.shape, n1.shape),
        f2(33, w.word, n1.shape),
        f2(34, m1.word, w.shape),
    ]);
}

/// Slots of a [`FormCache`].
const FORM_SLOTS: usize = 1 << 13;

/// Per-thread memo of what recognition computes from a word form alone:
/// its hashes ([`Tok`]) and the summed weights of each group of its
/// [`form_features`]. Words repeat, so most tokens replace 18 of their
/// 37 weight lookups by five cached rows; the scores are the same
/// integers as without it. Direct-mapped on the form's 64-bit hash, tied
/// to one set of weights by [`Weights::id`]; slot `FORM_SLOTS` holds the
/// rows of the padding beyond the sentence.
struct FormCache {
    owner: u64,
    forms: Vec<u64>,
    toks: Vec<Tok>,
    rows: Vec<i32>,
    stride: usize,
}

impl FormCache {
    fn bind(&mut self, weights: &Weights, feats: &mut Vec<u64>) {
        if self.owner == weights.id() && !self.forms.is_empty() {
            return;
        }
        self.owner = weights.id();
        self.stride = weights.stride();
        self.forms = vec![0; FORM_SLOTS];
        self.toks = vec![Tok::PAD; FORM_SLOTS];
        self.rows = vec![0; (FORM_SLOTS + 1) * FORM_GROUPS * self.stride];
        self.fill(weights, FORM_SLOTS, &Tok::PAD, feats);
    }

    /// Score `t`'s form groups into slot `s`.
    fn fill(&mut self, weights: &Weights, s: usize, t: &Tok, feats: &mut Vec<u64>) {
        let lens = form_features(t, feats);
        let mut scores: Scores = [0; 256];
        let mut at = 0;
        let stride = self.stride;
        for (g, len) in lens.into_iter().enumerate() {
            weights.score(&feats[at..at + len], &mut scores);
            self.rows[(s * FORM_GROUPS + g) * stride..][..stride].copy_from_slice(&scores[..stride]);
            at += len;
        }
    }

    /// The slot holding the form `form` of `word`, filled first if it
    /// holds another.
    fn slot_of(&mut self, weights: &Weights, form: u64, word: &str, buf: &mut String, feats: &mut Vec<u64>) -> usize {
        let slot = (form >> 40) as usize & (FORM_SLOTS - 1);
        if self.forms[slot] != form {
            let t = Tok::new(word, buf);
            self.fill(weights, slot, &t, feats);
            self.forms[slot] = form;
            self.toks[slot] = t;
        }
        slot
    }

    fn row(&self, s: usize, group: usize) -> &[i32] {
        &self.rows[(s * FORM_GROUPS + group) * self.stride..][..self.stride]
    }
}

thread_local! {
    static FORMS: std::cell::RefCell<FormCache> = const {
        std::cell::RefCell::new(FormCache {
            owner: 0,
            forms: Vec::new(),
            toks: Vec::new(),
            rows: Vec::new(),
            stride: 0,
        })
    };
}

/// Hash of a gazetteer code string, for [`NerModel::predict`] callers.
pub fn gazetteer_code(code: &str) -> u64 {
    if code.is_empty() {
        0
    } else {
        hash_str(code)
    }
}

impl NerModel {
    /// The type labels this model predicts.
    pub fn labels(&self) -> Vec<&'static str> {
        let set: BTreeSet<&'static str> = self.types.iter().copied().filter(|t| !t.is_empty()).collect();
        set.into_iter().collect()
    }

    fn valid(&self, prev: Option<u16>, c: usize) -> bool {
        if !self.inside[c] {
            return true;
        }
        match prev {
            Some(p) => self.types[p as usize] == self.types[c],
            None => false,
        }
    }

    /// Recognise entities in one sentence. `xpos` are Penn tags (one per
    /// word), `gaz` gazetteer codes from [`gazetteer_code`] (0 = none).
    pub fn predict(&self, words: &[&str], xpos: &[&str], gaz: &[u64]) -> Vec<EntitySpan> {
        self.predict_with(words, xpos, gaz, &mut NerScratch::default())
    }

    /// [`NerModel::predict`] with reusable buffers.
    pub fn predict_with(&self, words: &[&str], xpos: &[&str], gaz: &[u64], s: &mut NerScratch) -> Vec<EntitySpan> {
        FORMS.with(|cell| self.predict_cached(words, xpos, gaz, &[], s, &mut cell.borrow_mut()))
    }

    /// [`NerModel::predict_with`] that takes `O` without scoring for each
    /// token `i` with `outside[i]` set that follows an `O` (or starts the
    /// sentence): the caller asserts such a token starts no name (a word
    /// written in lower case, punctuation). Tokens inside a name are
    /// always scored, so `outside` never cuts a name short.
    pub fn predict_gated(
        &self,
        words: &[&str],
        xpos: &[&str],
        gaz: &[u64],
        outside: &[bool],
        s: &mut NerScratch,
    ) -> Vec<EntitySpan> {
        FORMS.with(|cell| self.predict_cached(words, xpos, gaz, outside, s, &mut cell.borrow_mut()))
    }

    fn predict_cached(
        &self,
        words: &[&str],
        xpos: &[&str],
        gaz: &[u64],
        outside: &[bool],
        s: &mut NerScratch,
        cache: &mut FormCache,
    ) -> Vec<EntitySpan> {
        cache.bind(&self.weights, &mut s.feats);
        let n = words.len();
        // A token's hashes and form rows are made only when a token within
        // two of it is scored: most tokens are not (see `predict_gated`),
        // and most of those have no scored neighbour either.
        s.forms.clear();
        s.forms.extend(words.iter().map(|w| hash_str(w)));
        s.toks.clear();
        s.toks.resize(n, Tok::PAD);
        s.ready.clear();
        s.ready.resize(n, false);
        s.xh.clear();
        s.xh.extend(xpos.iter().map(|x| hash_str(x)));
        let mut base = vec![0i32; cache.stride];
        let NerScratch {
            toks,
            ready,
            forms,
            buf,
            feats,
            xh,
        } = s;
        self.decode(n, outside, |i, p1, p2, scores| {
            // The hashes of the tokens the context features read.
            for j in i.saturating_sub(1)..(i + 2).min(n) {
                if !ready[j] {
                    let slot = cache.slot_of(&self.weights, forms[j], words[j], buf, feats);
                    toks[j] = cache.toks[slot];
                    ready[j] = true;
                }
            }
            // The form rows of the two tokens on either side and its own,
            // added as each is found: finding one may evict another.
            base.fill(0);
            for (offset, group) in [(0isize, 0usize), (-1, 1), (1, 2), (-2, 3), (2, 4)] {
                let j = i as isize + offset;
                let row = if j < 0 || j as usize >= n {
                    cache.row(FORM_SLOTS, group)
                } else {
                    let j = j as usize;
                    let slot = cache.slot_of(&self.weights, forms[j], words[j], buf, feats);
                    cache.row(slot, group)
                };
                for (b, &r) in base.iter_mut().zip(row) {
                    *b += r;
                }
            }
            context_features(toks, xh, gaz, i, p1, p2, feats);
            self.weights.score_from(&base, feats, scores);
        })
    }

    /// Greedy BIO decoding of `n` tokens; `score(i, p1, p2, scores)` fills
    /// the class scores of token `i` given the two previous class values.
    fn decode(
        &self,
        n: usize,
        outside: &[bool],
        mut score: impl FnMut(usize, u64, u64, &mut Scores),
    ) -> Vec<EntitySpan> {
        let mut scores: Scores = [0; 256];
        let (mut p1, mut p2) = (START, START);
        let mut prev: Option<u16> = None;
        let mut out = Vec::new();
        let mut open: Option<(usize, &'static str)> = None;
        for i in 0..n {
            let after_outside = prev.is_none_or(|p| p == 0);
            let c = if after_outside && outside.get(i).copied().unwrap_or(false) {
                0
            } else {
                score(i, p1, p2, &mut scores);
                argmax_by(&scores[..self.classes.len()], |c| self.valid(prev, c)).unwrap_or(0)
            };
            if !self.inside[c] {
                if let Some((st, l)) = open.take() {
                    out.push(EntitySpan {
                        start: st,
                        end: i,
                        label: l,
                    });
                }
                if c != 0 {
                    open = Some((i, self.types[c]));
                }
            }
            prev = Some(c as u16);
            p2 = p1;
            p1 = class_value(prev);
        }
        if let Some((st, l)) = open {
            out.push(EntitySpan {
                start: st,
                end: n,
                label: l,
            });
        }
        out
    }

    /// Encode the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC);
        w.u32(self.classes.len() as u32);
        for c in &self.classes {
            w.str(c);
        }
        self.weights.write(&mut w);
        w.buf
    }

    /// Decode a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(data: &[u8]) -> Result<NerModel, Error> {
        let mut r = Reader::new(data, MAGIC, "entity recogniser")?;
        let n = r.u32()? as usize;
        if n == 0 || n > 255 {
            return Err(r.error("bad class count"));
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            classes.push(intern(&r.str()?));
        }
        let weights = Weights::read(&mut r)?;
        r.finish()?;
        if weights.n_classes != n || classes[0] != "O" {
            return Err(Error::Data("entity recogniser: class table mismatch".into()));
        }
        Ok(NerModel::with_classes(classes, weights))
    }

    fn with_classes(classes: Vec<&'static str>, weights: Weights) -> NerModel {
        let types = classes.iter().map(|c| intern(c.get(2..).unwrap_or(""))).collect();
        let inside = classes.iter().map(|c| c.starts_with("I-")).collect();
        NerModel {
            classes,
            types,
            inside,
            weights,
        }
    }

    /// Number of features and stored weights.
    pub fn size(&self) -> (usize, usize) {
        self.weights.size()
    }
}

/// Train a recogniser on `train`. Deterministic for a given seed.
pub fn train_ner(train: &[NerSentence], opts: &NerTrainOptions) -> Result<NerModel, Error> {
    let mut set: BTreeSet<&str> = BTreeSet::new();
    for s in train {
        if s.words.len() != s.tags.len() || s.words.len() != s.xpos.len() || s.words.len() != s.gaz.len() {
            return Err(Error::Data("entity training sentence with unequal columns".into()));
        }
        for t in &s.tags {
            if t != "O" && !(t.starts_with("B-") || t.starts_with("I-")) {
                return Err(Error::Data(format!("bad BIO tag {t:?}")));
            }
            set.insert(t);
        }
    }
    set.remove("O");
    let mut classes: Vec<&'static str> = vec![intern("O")];
    classes.extend(set.iter().map(|c| intern(c)));
    if classes.len() > 255 {
        return Err(Error::Data("too many entity classes".into()));
    }
    let class_of = |t: &str| classes.iter().position(|&c| c == t).unwrap_or(0) as u16;
    let gold: Vec<Vec<u16>> = train
        .iter()
        .map(|s| s.tags.iter().map(|t| class_of(t)).collect())
        .collect();
    let seeds: Vec<u64> = (0..opts.runs.max(1) as u64).map(|r| opts.seed + r).collect();
    let mut runs = runs_by_seed(&seeds, 2, |seed| train_run(train, &classes, &gold, opts, seed));
    let weights = if runs.len() == 1 {
        runs.pop().expect("one run")
    } else {
        Weights::mean(&runs.iter().collect::<Vec<_>>(), MEAN_PRUNE)
    };
    Ok(NerModel::with_classes(classes, weights))
}

/// Features of a mean of runs whose weights all stay under this share of
/// the largest weight are dropped. None are: each run has already dropped
/// its rare features (`min_updates`), the mean of four holds 317k features
/// against one run's 297k, and a floor of 0.01 (the parser's order) kept
/// only 539.
const MEAN_PRUNE: f32 = 0.0;

/// One training run with shuffling seed `seed`.
fn train_run(
    train: &[NerSentence],
    classes: &[&'static str],
    gold: &[Vec<u16>],
    opts: &NerTrainOptions,
    seed: u64,
) -> Weights {
    let shell = NerModel::with_classes(classes.to_vec(), Trainer::new(classes.len()).averaged(1, 0.0));
    let mut trainer = Trainer::new(classes.len());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(seed);
    let (mut toks, mut buf, mut feats, mut xh) = (Vec::new(), String::new(), Vec::new(), Vec::new());
    let mut scores = vec![0f32; classes.len()];
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
            toks_into(&words, &mut toks, &mut buf);
            xh.clear();
            xh.extend(s.xpos.iter().map(|x| hash_str(x)));
            let (mut p1, mut p2) = (START, START);
            let mut prev: Option<u16> = None;
            for (i, &truth) in gold[si].iter().enumerate() {
                let truth = truth as usize;
                features(&toks, &xh, &s.gaz, i, p1, p2, &mut feats);
                trainer.score(&feats, &mut scores);
                let guess = argmax_by(&scores, |c| shell.valid(prev, c)).unwrap_or(0);
                trainer.tick();
                if guess != truth {
                    trainer.update(&feats, truth, guess);
                } else {
                    correct += 1;
                }
                total += 1;
                // Train on the model's own history, as it runs; the gold
                // history would hide its own mistakes from it.
                prev = Some(guess as u16);
                p2 = p1;
                p1 = class_value(prev);
            }
        }
        if opts.verbose {
            eprintln!(
                "entities seed {seed} epoch {}: token accuracy {:.4}",
                epoch + 1,
                correct as f64 / total.max(1) as f64
            );
        }
    }
    trainer.averaged(opts.min_updates, 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::toks;

    #[test]
    fn form_and_context_features_are_exactly_the_features() {
        let words = ["President", "Volodymyr", "Zelenskyy", "said", "on", "Tuesday", "."];
        let ts = toks(&words);
        let xh: Vec<u64> = (0..ts.len() as u64).map(|i| i * 11 + 1).collect();
        let gaz: Vec<u64> = (0..ts.len() as u64).map(|i| i % 3).collect();
        let pad = |j: isize| {
            if j < 0 || j as usize >= ts.len() {
                Tok::PAD
            } else {
                ts[j as usize]
            }
        };
        let (mut all, mut split, mut part) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..ts.len() {
            let ii = i as isize;
            features(&ts, &xh, &gaz, i, 4, 6, &mut all);
            split.clear();
            // Group g of the token at offset `at` from i.
            for (g, at) in [(0, 0), (1, -1), (2, 1), (3, -2), (4, 2)] {
                let lens = form_features(&pad(ii + at), &mut part);
                let start: usize = lens[..g].iter().sum();
                split.extend_from_slice(&part[start..start + lens[g]]);
            }
            context_features(&ts, &xh, &gaz, i, 4, 6, &mut part);
            split.extend_from_slice(&part);
            all.sort_unstable();
            split.sort_unstable();
            assert_eq!(all, split, "token {i}");
        }
    }

    #[test]
    fn cached_recognition_equals_scoring_every_feature() {
        let model = NerModel::from_bytes(include_bytes!("../../../models/en-ner.bin")).expect("shipped model");
        let sents: [(&[&str], &[&str]); 2] = [
            (
                &[
                    "President",
                    "Volodymyr",
                    "Zelenskyy",
                    "said",
                    "Chinese",
                    "citizens",
                    "fought",
                    "in",
                    "Donetsk",
                    ".",
                ],
                &["NNP", "NNP", "NNP", "VBD", "JJ", "NNS", "VBD", "IN", "NNP", "."],
            ),
            (
                &["Lin", "Jian", "said", "Beijing", "was", "objective", "."],
                &["NNP", "NNP", "VBD", "NNP", "VBD", "JJ", "."],
            ),
        ];
        let mut scratch = NerScratch::default();
        let mut found = 0;
        // Twice: the second pass reads the rows the first one stored.
        for _ in 0..2 {
            for (words, xpos) in sents {
                let gaz = vec![0; words.len()];
                let ts = toks(words);
                let xh: Vec<u64> = xpos.iter().map(|x| hash_str(x)).collect();
                let mut feats = Vec::new();
                let want = model.decode(words.len(), &[], |i, p1, p2, scores| {
                    features(&ts, &xh, &gaz, i, p1, p2, &mut feats);
                    model.weights.score(&feats, scores);
                });
                let got = model.predict_with(words, xpos, &gaz, &mut scratch);
                assert_eq!(got, want, "{words:?}");
                found += got.len();
            }
        }
        assert!(found > 0, "the sentences hold names");
    }

    #[test]
    fn gated_recognition_skips_only_tokens_after_outside() {
        let model = NerModel::from_bytes(include_bytes!("../../../models/en-ner.bin")).expect("shipped model");
        let words = [
            "President",
            "Volodymyr",
            "Zelenskyy",
            "said",
            "Chinese",
            "citizens",
            "fought",
            "in",
            "Donetsk",
            ".",
        ];
        let xpos = ["NNP", "NNP", "NNP", "VBD", "JJ", "NNS", "VBD", "IN", "NNP", "."];
        let gaz = vec![0; words.len()];
        let mut scratch = NerScratch::default();
        let plain = model.predict_with(&words, &xpos, &gaz, &mut scratch);
        let long = *plain
            .iter()
            .find(|e| e.end - e.start >= 2)
            .expect("a name of two words");
        // Nothing marked: the same as scoring every token.
        let none = vec![false; words.len()];
        assert_eq!(model.predict_gated(&words, &xpos, &gaz, &none, &mut scratch), plain);
        // The lower-case words and the full stop marked: still the same.
        let lower: Vec<bool> = words.iter().map(|w| !w.starts_with(char::is_uppercase)).collect();
        assert_eq!(model.predict_gated(&words, &xpos, &gaz, &lower, &mut scratch), plain);
        // A token inside a name is scored even when marked.
        let mut inner = vec![false; words.len()];
        inner[long.start + 1] = true;
        assert_eq!(model.predict_gated(&words, &xpos, &gaz, &inner, &mut scratch), plain);
        // Marking a name's first word keeps a name from starting there.
        let mut first = vec![false; words.len()];
        first[long.start] = true;
        let gated = model.predict_gated(&words, &xpos, &gaz, &first, &mut scratch);
        assert!(gated.iter().all(|e| e.start != long.start), "{gated:?}");
    }
}
