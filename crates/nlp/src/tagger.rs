//! Greedy left-to-right averaged-perceptron tagger predicting the joint
//! `UPOS|XPOS` class.

use std::collections::{BTreeMap, HashMap};

use crate::hash::{f1, f2, f3, hash_str, mix, Rng};
use crate::io::{Reader, Writer};
use crate::lex::{intern, neighbours, Tok, PAD};
use crate::perceptron::{argmax, argmax_by, prefetch, IdHasher, Scores, Trainer, Weights};
use crate::Error;

const START: u64 = 1;
const UNK_AMB: u64 = 0xa3b1_0000_0000_0007;

/// A trained tagger.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tagger {
    /// `(upos, xpos)` for each class id.
    pub(crate) classes: Vec<(&'static str, &'static str)>,
    /// Sorted `(norm hash, ambiguity class hash)`.
    amb_list: Vec<(u64, u64)>,
    amb: HashMap<u64, u64, std::hash::BuildHasherDefault<IdHasher>>,
    /// Sorted `(exact form hash, class)` for frequent words that (nearly)
    /// always take one class: tagged without scoring.
    sure_list: Vec<(u64, u16)>,
    sure: HashMap<u64, u16, std::hash::BuildHasherDefault<IdHasher>>,
    pub(crate) weights: Weights,
}

/// Whether training builds a tag dictionary. The model is still trained on
/// every word (skipping dictionary words in training cost 0.2 points of dev
/// UPOS); the dictionary only short-cuts scoring at run time.
const SURE_ENABLED: bool = true;
/// While training (picking epochs, jackknifing the parser's tags), a word
/// is "sure" when seen this often ...
const SURE_COUNT: u32 = 30;
/// ... with one class at least this share of the time (per mille).
const SURE_SHARE: u32 = 998;
/// The dictionary the finished model ships with is wider: seen 20 times,
/// 98% one class. On EWT dev it answers 40.6% of tokens instead of 26.7%
/// (each one skips scoring) for UPOS -0.01, XPOS, UAS and LAS unchanged or
/// +0.01. Training keeps the strict one so that the weights, the parser's
/// jackknifed tags and every epoch choice are what they were.
const SHIPPED_SURE_COUNT: u32 = 20;
const SHIPPED_SURE_SHARE: u32 = 980;

/// A training sentence for the tagger: hashed tokens and gold class ids.
pub(crate) struct TagSent {
    pub(crate) toks: Vec<Tok>,
    pub(crate) gold: Vec<u16>,
}

#[inline(always)]
fn tag_value(c: Option<u16>) -> u64 {
    match c {
        Some(c) => c as u64 + 2,
        None => START,
    }
}

/// Token `i`, the tokens around it and their ambiguity classes, with
/// padding outside the sentence.
struct Window<'a> {
    w: &'a Tok,
    m1: &'a Tok,
    m2: &'a Tok,
    p1t: &'a Tok,
    p2t: &'a Tok,
    a0: u64,
    a1: u64,
    a2: u64,
}

#[inline(always)]
fn window<'a>(toks: &'a [Tok], amb: &[u64], i: usize) -> Window<'a> {
    let [m2, m1, p1t, p2t] = neighbours(toks, i);
    let a = |j: usize| amb.get(j).copied().unwrap_or(PAD);
    Window {
        w: &toks[i],
        m1,
        m2,
        p1t,
        p2t,
        a0: amb[i],
        a1: a(i + 1),
        a2: a(i + 2),
    }
}

/// The feature keys for token `i`, given the two previous predicted classes:
/// [`own_features`] and [`context_features`], in the order training sums
/// them (float sums in another order would train other weights than the
/// shipped ones): the ambiguity class of the word, last of its own
/// features, goes between the context's 12th and 13th.
fn features(toks: &[Tok], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    own_features(&toks[i], amb[i], out);
    context_features(toks, amb, i, p1, p2, out);
    out[11..24].rotate_left(1);
}

/// Append the features of token `i` that read its own form only: what
/// [`WordCache`] sums once per word form.
fn own_features(w: &Tok, a0: u64, out: &mut Vec<u64>) {
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.norm),
        f1(2, w.word),
        f1(3, w.suf[0]),
        f1(4, w.suf[1]),
        f1(5, w.suf[2]),
        f1(6, w.suf[3]),
        f1(7, w.pre[0]),
        f1(8, w.pre[1]),
        f1(9, w.pre[2]),
        f1(10, w.shape),
        f1(23, a0),
    ]);
}

/// Append the rest of [`features`]: those that read the context or the
/// previous classes.
fn context_features(toks: &[Tok], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let Window {
        w,
        m1,
        m2,
        p1t,
        p2t,
        a0,
        a1,
        a2,
    } = window(toks, amb, i);
    out.extend_from_slice(&[
        f1(11, p1),
        f2(12, p1, p2),
        f2(13, p1, w.norm),
        f1(14, m1.norm),
        f1(15, m1.suf[2]),
        f1(16, m2.norm),
        f1(17, p1t.norm),
        f1(18, p1t.suf[2]),
        f1(19, p2t.norm),
        f1(20, p1t.shape),
        f2(21, m1.norm, w.norm),
        f2(22, w.norm, p1t.norm),
        f1(24, a1),
        f1(25, a2),
        f2(26, a0, a1),
        f2(27, p1, a0),
        f2(28, w.shape, (i == 0) as u64),
        f2(29, p1, w.suf[2]),
        f3(30, p1, a0, a1),
        f2(31, w.suf[2], p1t.suf[2]),
        f2(32, m1.suf[2], w.suf[2]),
    ]);
}

/// Slots of a [`WordCache`].
const CACHE_SLOTS: usize = 1 << 13;

/// Per-thread memo of what tagging computes from a word form alone: its
/// hashes ([`Tok`]), its ambiguity class and the summed weights of its
/// [`own_features`]. Running text repeats its words (Zipf), so most
/// tokens skip 12 of their 33 weight lookups and all their string
/// hashing; the scores are the same integers as without the cache.
///
/// Direct-mapped on the form's 64-bit hash, which is also how the models
/// themselves tell words apart; a collision of two forms in one slot only
/// evicts. Tied to one set of weights by their [`Weights::id`].
#[derive(Default)]
pub(crate) struct WordCache {
    owner: u64,
    forms: Vec<u64>,
    toks: Vec<Tok>,
    amb: Vec<u64>,
    has_row: Vec<bool>,
    rows: Vec<i32>,
    stride: usize,
}

impl WordCache {
    /// Forget everything unless it was made with `weights`.
    fn bind(&mut self, weights: &Weights) {
        if self.owner == weights.id() && !self.forms.is_empty() {
            return;
        }
        self.owner = weights.id();
        self.stride = weights.stride();
        self.forms = vec![0; CACHE_SLOTS];
        self.toks = vec![Tok::PAD; CACHE_SLOTS];
        self.amb = vec![0; CACHE_SLOTS];
        self.has_row = vec![false; CACHE_SLOTS];
        self.rows = vec![0; CACHE_SLOTS * self.stride];
    }

    #[inline(always)]
    fn slot(form: u64) -> usize {
        (form >> 40) as usize & (CACHE_SLOTS - 1)
    }
}

impl Tagger {
    /// Hash `words` into `toks` and look up their ambiguity classes into
    /// `amb`, through `cache`.
    pub(crate) fn prepare(
        &self,
        words: &[&str],
        cache: &mut WordCache,
        toks: &mut Vec<Tok>,
        amb: &mut Vec<u64>,
        buf: &mut String,
    ) {
        cache.bind(&self.weights);
        toks.clear();
        amb.clear();
        for w in words {
            let form = hash_str(w);
            let s = WordCache::slot(form);
            if cache.forms[s] != form {
                let t = Tok::new(w, buf);
                cache.forms[s] = form;
                cache.toks[s] = t;
                cache.amb[s] = *self.amb.get(&t.norm).unwrap_or(&UNK_AMB);
                cache.has_row[s] = false;
            } else if cache.has_row[s] {
                // Tagging reads the row soon: have it in cache by then.
                for line in cache.rows[s * cache.stride..][..cache.stride].chunks(16) {
                    prefetch(&line[0]);
                }
            }
            toks.push(cache.toks[s]);
            amb.push(cache.amb[s]);
        }
    }

    /// [`Tagger::predict`] of tokens made by [`Tagger::prepare`] with the
    /// same `cache`.
    pub(crate) fn predict_cached(
        &self,
        toks: &[Tok],
        amb: &[u64],
        cache: &mut WordCache,
        out: &mut Vec<u16>,
        feats: &mut Vec<u64>,
    ) {
        cache.bind(&self.weights);
        out.clear();
        let mut scores: Scores = [0; 256];
        let (mut p1, mut p2) = (START, START);
        let stride = cache.stride;
        for (i, t) in toks.iter().enumerate() {
            let c = match self.sure.get(&t.word) {
                Some(&c) => c,
                None => {
                    let s = WordCache::slot(t.word);
                    if cache.forms[s] != t.word || !cache.has_row[s] {
                        feats.clear();
                        own_features(t, amb[i], feats);
                        self.weights.score(feats, &mut scores);
                        cache.forms[s] = t.word;
                        cache.toks[s] = *t;
                        cache.amb[s] = amb[i];
                        cache.has_row[s] = true;
                        cache.rows[s * stride..][..stride].copy_from_slice(&scores[..stride]);
                    }
                    feats.clear();
                    context_features(toks, amb, i, p1, p2, feats);
                    self.weights
                        .score_from(&cache.rows[s * stride..][..stride], feats, &mut scores);
                    argmax(&scores[..self.weights.n_classes]).unwrap_or(0) as u16
                }
            };
            out.push(c);
            p2 = p1;
            p1 = tag_value(Some(c));
        }
    }

    fn amb_of(&self, toks: &[Tok]) -> Vec<u64> {
        toks.iter()
            .map(|t| *self.amb.get(&t.norm).unwrap_or(&UNK_AMB))
            .collect()
    }

    /// Predict class ids for one sentence.
    pub(crate) fn predict(&self, toks: &[Tok], out: &mut Vec<u16>) {
        self.predict_in(toks, out, &mut Vec::new(), &mut Vec::with_capacity(40));
    }

    /// [`Tagger::predict`] with caller-provided scratch vectors.
    pub(crate) fn predict_in(&self, toks: &[Tok], out: &mut Vec<u16>, amb: &mut Vec<u64>, feats: &mut Vec<u64>) {
        out.clear();
        amb.clear();
        amb.extend(toks.iter().map(|t| *self.amb.get(&t.norm).unwrap_or(&UNK_AMB)));
        let amb = &amb[..];
        let mut scores: Scores = [0; 256];
        let (mut p1, mut p2) = (START, START);
        for (i, t) in toks.iter().enumerate() {
            let c = match self.sure.get(&t.word) {
                Some(&c) => c,
                None => {
                    features(toks, amb, i, p1, p2, feats);
                    self.weights.score(feats, &mut scores);
                    argmax(&scores[..self.weights.n_classes]).unwrap_or(0) as u16
                }
            };
            out.push(c);
            p2 = p1;
            p1 = tag_value(Some(c));
        }
    }

    fn build_amb(amb_list: Vec<(u64, u64)>) -> HashMap<u64, u64, std::hash::BuildHasherDefault<IdHasher>> {
        amb_list.into_iter().collect()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.classes.len() as u32);
        for (u, x) in &self.classes {
            w.str(u);
            w.str(x);
        }
        w.u32(self.amb_list.len() as u32);
        for &(k, v) in &self.amb_list {
            w.u64(k);
            w.u64(v);
        }
        w.u32(self.sure_list.len() as u32);
        for &(k, c) in &self.sure_list {
            w.u64(k);
            w.u16(c);
        }
        self.weights.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Tagger, Error> {
        let n = r.u32()? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let u = intern(&r.str()?);
            let x = intern(&r.str()?);
            classes.push((u, x));
        }
        let n = r.u32()? as usize;
        let mut amb_list = Vec::with_capacity(n);
        for _ in 0..n {
            amb_list.push((r.u64()?, r.u64()?));
        }
        let n = r.u32()? as usize;
        let mut sure_list = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.u64()?;
            let c = r.u16()?;
            if c as usize >= classes.len() {
                return Err(r.error("tag dictionary class out of range"));
            }
            sure_list.push((k, c));
        }
        let weights = Weights::read(r)?;
        if weights.n_classes != classes.len() {
            return Err(r.error("tagger class count mismatch"));
        }
        Ok(Tagger {
            classes,
            amb: Self::build_amb(amb_list.clone()),
            amb_list,
            sure: sure_list.iter().copied().collect(),
            sure_list,
            weights,
        })
    }
}

/// Training settings for the tagger.
pub(crate) struct TagTrain<'a> {
    pub(crate) classes: &'a [(&'static str, &'static str)],
    pub(crate) epochs: usize,
    /// Features updated fewer times than this are dropped.
    pub(crate) min_updates: u32,
    pub(crate) seed: u64,
    pub(crate) verbose: bool,
}

/// Ambiguity classes: for words seen at least 3 times, the hash of the set of
/// classes they took at least 1% of the time.
fn ambiguity(train: &[TagSent]) -> Vec<(u64, u64)> {
    let mut counts: HashMap<u64, BTreeMap<u16, u32>, std::hash::BuildHasherDefault<IdHasher>> = HashMap::default();
    for s in train {
        for (t, &g) in s.toks.iter().zip(&s.gold) {
            *counts.entry(t.norm).or_default().entry(g).or_default() += 1;
        }
    }
    let mut out: Vec<(u64, u64)> = counts
        .into_iter()
        .filter_map(|(k, m)| {
            let total: u32 = m.values().sum();
            if total < 3 {
                return None;
            }
            let mut h = 0x77u64;
            for (&c, &n) in &m {
                if n * 100 >= total {
                    h = mix(h, c as u64 + 1);
                }
            }
            Some((k, crate::hash::fmix(h)))
        })
        .collect();
    out.sort_unstable();
    out
}

/// The training-time tag dictionary: frequent words that nearly always take
/// one class.
fn sure_words(train: &[TagSent]) -> Vec<(u64, u16)> {
    sure_words_with(train, SURE_COUNT, SURE_SHARE)
}

/// Give a trained tagger the dictionary it ships with.
pub(crate) fn widen_dictionary(tagger: &mut Tagger, train: &[TagSent]) {
    let list = sure_words_with(train, SHIPPED_SURE_COUNT, SHIPPED_SURE_SHARE);
    tagger.sure = list.iter().copied().collect();
    tagger.sure_list = list;
}

/// Words seen at least `min_count` times with one class at least `share`
/// per mille of the time.
fn sure_words_with(train: &[TagSent], min_count: u32, share: u32) -> Vec<(u64, u16)> {
    if !SURE_ENABLED {
        return Vec::new();
    }
    let mut counts: HashMap<u64, BTreeMap<u16, u32>, std::hash::BuildHasherDefault<IdHasher>> = HashMap::default();
    for s in train {
        for (t, &g) in s.toks.iter().zip(&s.gold) {
            *counts.entry(t.word).or_default().entry(g).or_default() += 1;
        }
    }
    let mut out: Vec<(u64, u16)> = counts
        .into_iter()
        .filter_map(|(k, m)| {
            let total: u32 = m.values().sum();
            let (&c, &n) = m.iter().max_by_key(|&(c, n)| (*n, std::cmp::Reverse(*c)))?;
            (total >= min_count && n * 1000 >= total * share).then_some((k, c))
        })
        .collect();
    out.sort_unstable();
    out
}

/// Train on `train`, keeping the epoch that tags `dev` best (the last epoch if `dev` is empty).
pub(crate) fn train(train: &[TagSent], dev: &[TagSent], opts: &TagTrain) -> Tagger {
    let amb_list = ambiguity(train);
    let sure_list = sure_words(train);
    let mut tagger = Tagger {
        classes: opts.classes.to_vec(),
        amb: Tagger::build_amb(amb_list.clone()),
        amb_list,
        sure: sure_list.iter().copied().collect(),
        sure_list,
        weights: Trainer::new(opts.classes.len()).averaged(0, 0.0),
    };
    let ambs: Vec<Vec<u64>> = train.iter().map(|s| tagger.amb_of(&s.toks)).collect();
    let mut tr = Trainer::new(opts.classes.len());
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0f32; opts.classes.len()];
    let mut best: Option<(f64, Weights)> = None;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let (mut p1, mut p2) = (START, START);
            for i in 0..s.toks.len() {
                let gold = s.gold[i] as usize;
                features(&s.toks, &ambs[si], i, p1, p2, &mut feats);
                tr.score(&feats, &mut scores);
                let guess = argmax_by(&scores, |_| true).unwrap_or(0);
                tr.update(&feats, gold, guess);
                tr.tick();
                right += (guess == gold) as usize;
                total += 1;
                p2 = p1;
                // Condition on the prediction, as at run time.
                p1 = tag_value(Some(guess as u16));
            }
        }
        tagger.weights = tr.averaged(opts.min_updates, 0.0);
        let dev_acc = accuracy(&tagger, dev);
        if opts.verbose {
            eprintln!(
                "tagger epoch {epoch}: train {:.2}% dev {:.2}%",
                100.0 * right as f64 / total.max(1) as f64,
                100.0 * dev_acc
            );
        }
        if best.as_ref().is_none_or(|(b, _)| dev_acc > *b || dev.is_empty()) {
            best = Some((dev_acc, tagger.weights.clone()));
        }
    }
    if let Some((_, w)) = best {
        tagger.weights = w;
    }
    tagger
}

/// Joint-class accuracy on `sents`.
pub(crate) fn accuracy(tagger: &Tagger, sents: &[TagSent]) -> f64 {
    let (mut right, mut total) = (0usize, 0usize);
    let mut out = Vec::new();
    for s in sents {
        tagger.predict(&s.toks, &mut out);
        right += out.iter().zip(&s.gold).filter(|(a, b)| a == b).count();
        total += s.gold.len();
    }
    right as f64 / total.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::toks;

    #[test]
    fn own_and_context_features_are_exactly_the_features() {
        let words = ["The", "cats", "sat", "on", "3", "mats", "."];
        let ts = toks(&words);
        let amb: Vec<u64> = (0..ts.len() as u64).map(|i| i * 7 + 3).collect();
        let (mut all, mut own, mut ctx) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..ts.len() {
            features(&ts, &amb, i, 5, 9, &mut all);
            own.clear();
            ctx.clear();
            own_features(&ts[i], amb[i], &mut own);
            context_features(&ts, &amb, i, 5, 9, &mut ctx);
            own.extend_from_slice(&ctx);
            all.sort_unstable();
            own.sort_unstable();
            assert_eq!(all, own, "token {i}");
        }
    }

    #[test]
    fn cached_tagging_equals_uncached_and_survives_new_weights() {
        let model = crate::Model::load_default().expect("shipped models");
        let tagger = &model.tagger;
        let sents: [&[&str]; 3] = [
            &["Zelenskyy", "said", "the", "troops", "captured", "two", "men", "."],
            &["The", "men", "said", "they", "were", "captured", "in", "Donetsk", "."],
            &["Troops", "said", "nothing", "."],
        ];
        let mut cache = WordCache::default();
        let (mut ts, mut amb, mut buf, mut feats) = (Vec::new(), Vec::new(), String::new(), Vec::new());
        let (mut cached, mut plain) = (Vec::new(), Vec::new());
        // Twice, so the second pass reads what the first one stored.
        for _ in 0..2 {
            for words in sents {
                tagger.prepare(words, &mut cache, &mut ts, &mut amb, &mut buf);
                tagger.predict_cached(&ts, &amb, &mut cache, &mut cached, &mut feats);
                tagger.predict(&toks(words), &mut plain);
                assert_eq!(cached, plain, "{words:?}");
            }
        }
        // Other weights (a clone has its own identity) must not read the
        // rows the first ones cached: a tagger without weights scores 0.
        let mut empty = tagger.clone();
        empty.weights = Trainer::new(tagger.classes.len()).averaged(0, 0.0);
        let mut expect = Vec::new();
        for words in sents {
            empty.prepare(words, &mut cache, &mut ts, &mut amb, &mut buf);
            empty.predict_cached(&ts, &amb, &mut cache, &mut cached, &mut feats);
            empty.predict(&toks(words), &mut expect);
            assert_eq!(cached, expect, "{words:?}");
        }
    }
}
