//! Attribution cues learned from PolNeAR: which words introduce what
//! somebody said, believes or wants.
//!
//! The cue lexicon of [`crate::lexicon`] covers the common verbs of saying,
//! but PolNeAR's annotators mark a long tail ("blasted", "pledged", "shows",
//! "called for"), and the same verb is a cue in one frame and not in
//! another ("he said" / "the said contract", "a poll shows" / "shows up").
//! A binary averaged perceptron over each candidate word's lemma, its
//! dependents, its subject and the quotation marks near it decides.
//!
//! Features are hashed (FNV-1a over a template number and its parts) so
//! that scoring allocates nothing; the model file is the list of
//! `(hash, weight)` pairs, trained by `dossier train cues`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use text::{Doc, Syntax};

use crate::lexicon::{is_communication_verb, INSTITUTION_WORDS, PERSON_PRONOUNS, ROLE_NOUNS};

const MAGIC: &[u8; 8] = b"DSCUE001";

/// The keys are FNV hashes already: hashing them again (SipHash) would
/// cost more than the lookup.
#[derive(Default)]
pub(crate) struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

pub(crate) type WeightMap = HashMap<u64, f32, BuildHasherDefault<KeyIsHash>>;

/// Hashed feature weights, the body of the cue and content-boundary
/// models. The file: an 8-byte magic naming the model, then
/// `(hash u64, weight f32)` pairs, little-endian, sorted by hash so that the
/// same weights give the same bytes.
#[derive(Debug, Clone, Default)]
pub struct HashedWeights {
    map: WeightMap,
}

impl HashedWeights {
    /// Read a file with this `magic`; `what` names the model in errors.
    pub(crate) fn read(bytes: &[u8], magic: &[u8; 8], what: &str) -> Result<HashedWeights, String> {
        let body = bytes
            .strip_prefix(magic.as_slice())
            .ok_or_else(|| format!("not a dossier {what} (bad magic)"))?;
        if body.len() % 12 != 0 {
            return Err(format!(
                "{what} body of {} bytes is not a list of 12-byte entries",
                body.len()
            ));
        }
        let map = body
            .chunks_exact(12)
            .map(|c| {
                let k = u64::from_le_bytes(c[..8].try_into().expect("8 bytes"));
                let w = f32::from_le_bytes(c[8..].try_into().expect("4 bytes"));
                (k, w)
            })
            .collect();
        Ok(HashedWeights { map })
    }

    /// The bytes [`HashedWeights::read`] reads.
    pub(crate) fn write(&self, magic: &[u8; 8]) -> Vec<u8> {
        let mut entries: Vec<(u64, f32)> = self.map.iter().map(|(&k, &w)| (k, w)).collect();
        entries.sort_by_key(|e| e.0);
        let mut out = magic.to_vec();
        for (k, w) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The mean of several runs' weights, without those smaller than
    /// `min_weight` (and never below 1e-4).
    pub(crate) fn mean(runs: impl ExactSizeIterator<Item = HashedWeights>, min_weight: f32) -> HashedWeights {
        let n = runs.len().max(1) as f64;
        let mut sum: HashMap<u64, f64> = HashMap::new();
        for run in runs {
            for (f, w) in run.map {
                *sum.entry(f).or_insert(0.0) += f64::from(w);
            }
        }
        let map = sum
            .into_iter()
            .map(|(f, w)| (f, (w / n) as f32))
            .filter(|&(_, w)| w.abs() >= min_weight.max(1e-4))
            .collect();
        HashedWeights { map }
    }

    pub(crate) fn from_map(map: WeightMap) -> HashedWeights {
        HashedWeights { map }
    }

    /// Every `(feature, weight)` pair, in no particular order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        self.map.iter().map(|(&k, &w)| (k, w))
    }

    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are no weights.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The sum of the weights of `features`.
    pub fn score(&self, features: &[u64]) -> f32 {
        features.iter().filter_map(|f| self.map.get(f)).sum()
    }
}

/// The learned cue classifier.
#[derive(Debug, Clone, Default)]
pub struct CueModel {
    weights: HashedWeights,
}

impl CueModel {
    /// Read a model written by [`CueModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<CueModel, String> {
        HashedWeights::read(bytes, MAGIC, "cue model").map(|weights| CueModel { weights })
    }

    /// The model file (see [`HashedWeights`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.write(MAGIC)
    }

    /// Its weights: their number, and the score of a feature list
    /// (positive means "cue").
    pub fn weights(&self) -> &HashedWeights {
        &self.weights
    }

    /// Train on `(features, is_cue)` examples for `epochs` passes, visiting
    /// them in an order fixed by `seed`. Averaged weights smaller than
    /// `min_weight` are dropped, which keeps the file small.
    pub fn train(examples: &[(Vec<u64>, bool)], epochs: usize, seed: u64, min_weight: f32) -> CueModel {
        let mut w: HashMap<u64, f32> = HashMap::new();
        // Averaging by the usual timestamp trick: `total` holds the sum of
        // each weight over all steps, brought up to date lazily.
        let mut total: HashMap<u64, f64> = HashMap::new();
        let mut stamp: HashMap<u64, u64> = HashMap::new();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = seed.max(1);
        let mut step: u64 = 0;
        for _ in 0..epochs {
            text::seeded_shuffle(&mut order, &mut rng);
            for &e in &order {
                step += 1;
                let (feats, gold) = &examples[e];
                let s: f32 = feats.iter().filter_map(|f| w.get(f)).sum();
                if (s > 0.0) != *gold {
                    let delta = if *gold { 1.0 } else { -1.0 };
                    for &f in feats {
                        let cur = w.entry(f).or_insert(0.0);
                        let t = stamp.entry(f).or_insert(0);
                        *total.entry(f).or_insert(0.0) += f64::from(*cur) * (step - *t) as f64;
                        *t = step;
                        *cur += delta;
                    }
                }
            }
        }
        let weights: WeightMap = w
            .iter()
            .filter_map(|(&f, &cur)| {
                let t = stamp[&f];
                let sum = total[&f] + f64::from(cur) * (step - t) as f64;
                let avg = (sum / step as f64) as f32;
                (avg.abs() >= min_weight.max(1e-4)).then_some((f, avg))
            })
            .collect();
        CueModel {
            weights: HashedWeights::from_map(weights),
        }
    }

    /// The mean of `runs` models trained as [`CueModel::train`] does, with
    /// seeds `seed`, `seed + 1`, …: each run sees the examples in another
    /// order, and the mean is steadier than any one of them (a change to
    /// the features upstream moves its dev scores less). Mean weights
    /// smaller than `min_weight` are dropped.
    pub fn train_mean(
        examples: &[(Vec<u64>, bool)],
        epochs: usize,
        seed: u64,
        runs: usize,
        min_weight: f32,
    ) -> CueModel {
        let runs = (0..runs.max(1)).map(|r| CueModel::train(examples, epochs, seed + r as u64, 0.0).weights);
        CueModel {
            weights: HashedWeights::mean(runs, min_weight),
        }
    }
}

/// Whether token `i` is a word the model considers at all.
pub fn is_candidate(doc: &Doc, syn: &Syntax, i: usize) -> bool {
    matches!(syn.upos[i], "VERB" | "NOUN" | "ADJ") || doc.token_text(i).eq_ignore_ascii_case("according")
}

/// Per-document context the features read: dependents and quote runs.
pub struct CueContext<'a> {
    doc: &'a Doc,
    syn: &'a Syntax,
    children: &'a [Vec<usize>],
    run_of: &'a [Option<usize>],
    sent_of: &'a [usize],
    /// Entity type label of the entity mention each token lies in.
    entity_of: Vec<&'static str>,
}

impl<'a> CueContext<'a> {
    /// Wrap a parsed document's dependents, quote-run and sentence of each
    /// token.
    pub fn new(
        doc: &'a Doc,
        syn: &'a Syntax,
        children: &'a [Vec<usize>],
        run_of: &'a [Option<usize>],
        sent_of: &'a [usize],
    ) -> CueContext<'a> {
        let mut entity_of = vec![""; doc.tokens.len()];
        for e in &doc.entities {
            for m in &e.mentions {
                let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
                let mut t = first;
                while t < doc.tokens.len() && doc.tokens[t].span.start < m.span.end {
                    entity_of[t] = e.etype.label();
                    t += 1;
                }
            }
        }
        CueContext {
            doc,
            syn,
            children,
            run_of,
            sent_of,
            entity_of,
        }
    }

    /// Token `i` in lower case, copied only when it has capitals: only the
    /// candidates and the words around them are ever asked for.
    fn lower(&self, i: usize) -> Cow<'a, str> {
        crate::lexicon::lower(self.doc.token_text(i))
    }

    /// The features of token `i`, appended to `out`.
    pub fn features(&self, i: usize, out: &mut Vec<u64>) {
        let syn = self.syn;
        let lemma = syn.lemma[i].as_str();
        let form = self.lower(i);
        let n = self.doc.tokens.len();
        let mut f = |parts: &[&str]| out.push(fnv(parts));
        f(&["bias"]);
        f(&["l", lemma]);
        f(&["w", &form]);
        f(&["lx", lemma, syn.xpos[i]]);
        f(&["ld", lemma, syn.deprel[i]]);
        f(&["xd", syn.xpos[i], syn.deprel[i]]);
        let class = if is_communication_verb(lemma) { "comm" } else { "other" };
        f(&["k", class]);
        f(&["kd", class, syn.deprel[i]]);
        f(&["kx", class, syn.xpos[i]]);
        let mut subject = "none";
        let mut subject_lemma = "";
        for &c in &self.children[i] {
            let rel = syn.deprel[c];
            if rel == "punct" {
                continue;
            }
            f(&["c", rel]);
            f(&["lc", lemma, rel]);
            if matches!(rel, "obj" | "xcomp" | "mark" | "advmod" | "obl:tmod") {
                f(&["lcl", lemma, rel, syn.lemma[c].as_str()]);
            }
            if matches!(rel, "nsubj" | "nsubj:pass") {
                let sl = syn.lemma[c].as_str();
                subject_lemma = sl;
                f(&["se", self.entity_of[c]]);
                f(&["lse", lemma, self.entity_of[c]]);
                subject = if syn.upos[c] == "PRON" {
                    if PERSON_PRONOUNS.contains(&sl) {
                        "person-pronoun"
                    } else {
                        "pronoun"
                    }
                } else if syn.upos[c] == "PROPN" {
                    "name"
                } else if ROLE_NOUNS.contains(&sl) {
                    "role"
                } else if INSTITUTION_WORDS.contains(&sl) {
                    "institution"
                } else {
                    "noun"
                };
            }
            if rel == "ccomp" && self.children[c].iter().any(|&k| self.lower(k) == "that") {
                f(&["that"]);
            }
            if rel.starts_with("obl") {
                if let Some(&k) = self.children[c].iter().find(|&&k| syn.deprel[k] == "case") {
                    f(&["lobl", lemma, &self.lower(k)]);
                }
            }
        }
        f(&["s", subject]);
        f(&["ks", class, subject]);
        f(&["ls", lemma, subject]);
        f(&["sl", subject_lemma]);
        f(&["lsl", lemma, subject_lemma]);
        match syn.head[i] {
            Some(h) => {
                f(&["h", syn.lemma[h].as_str(), syn.deprel[i]]);
                f(&["lh", lemma, syn.lemma[h].as_str()]);
            }
            None => f(&["root"]),
        }
        let prev = if i > 0 { self.lower(i - 1) } else { Cow::Borrowed("<s>") };
        let next = if i + 1 < n {
            self.lower(i + 1)
        } else {
            Cow::Borrowed("</s>")
        };
        f(&["p", &prev]);
        f(&["lp", lemma, &prev]);
        f(&["n", &next]);
        f(&["ln", lemma, &next]);
        // Quotation marks around the word: inside one, one just closed
        // before it, one opening after it.
        let s = self.sent_of[i];
        let inside = self.run_of[i].is_some();
        let closed_before = (i.saturating_sub(4)..i).any(|t| self.sent_of[t] == s && self.run_of[t].is_some());
        let opens_after = (i + 1..n.min(i + 5)).any(|t| self.sent_of[t] == s && self.run_of[t].is_some());
        let q = match (inside, closed_before, opens_after) {
            (true, _, _) => "in",
            (false, true, true) => "between",
            (false, true, false) => "after-quote",
            (false, false, true) => "before-quote",
            _ => "none",
        };
        f(&["q", q]);
        f(&["kq", class, q]);
        f(&["lq", lemma, q]);
        f(&["xq", syn.xpos[i], q]);
        let sentence = &self.doc.sentences[s].tokens;
        let quoted = sentence.clone().any(|t| self.run_of[t].is_some());
        f(&["sq", if quoted { "quote" } else { "plain" }, syn.xpos[i]]);
    }
}

/// FNV-1a over the parts, with a separator byte so that ("ab","c") and
/// ("a","bc") differ. Stable across platforms and Rust versions, which the
/// model file relies on.
pub(crate) fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Training examples of one analysed document: each candidate token's
/// features and whether it heads one of `cue_spans` (byte ranges, one list
/// per gold cue). A cue's head is its token whose syntactic head lies
/// outside the cue.
pub fn training_examples(doc: &Doc, cue_spans: &[Vec<(usize, usize)>]) -> Vec<(Vec<u64>, bool)> {
    let Some(syn) = doc.syntax.as_ref() else {
        return Vec::new();
    };
    let n = doc.tokens.len();
    let mut positive = vec![false; n];
    for frags in cue_spans {
        let inside: Vec<usize> = (0..n)
            .filter(|&t| {
                let sp = doc.tokens[t].span;
                frags.iter().any(|&(s, e)| sp.start >= s && sp.end <= e)
            })
            .collect();
        let heads: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&t| syn.head[t].is_none_or(|h| !inside.contains(&h)))
            .collect();
        let head = heads
            .iter()
            .copied()
            .find(|&t| is_candidate(doc, syn, t))
            .or(heads.first().copied());
        if let Some(h) = head {
            positive[h] = true;
        }
    }
    let children = syn.children();
    let sent_of = doc.sentence_of_tokens();
    let (run_of, _) = doc.quote_run_tokens();
    let ctx = CueContext::new(doc, syn, &children, &run_of, &sent_of);
    (0..n)
        .filter(|&i| is_candidate(doc, syn, i))
        .map(|i| {
            let mut f = Vec::with_capacity(40);
            ctx.features(i, &mut f);
            (f, positive[i])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_separates_parts() {
        assert_ne!(fnv(&["ab", "c"]), fnv(&["a", "bc"]));
        assert_eq!(fnv(&["said"]), fnv(&["said"]));
    }

    #[test]
    fn model_bytes_round_trip_and_training_learns() {
        let a = fnv(&["l", "say"]);
        let b = fnv(&["l", "eat"]);
        let bias = fnv(&["bias"]);
        let examples: Vec<(Vec<u64>, bool)> = (0..20)
            .flat_map(|_| [(vec![bias, a], true), (vec![bias, b], false)])
            .collect();
        let m = CueModel::train(&examples, 3, 7, 0.0);
        assert!(m.weights().score(&[bias, a]) > 0.0);
        assert!(m.weights().score(&[bias, b]) < 0.0);
        let mean = CueModel::train_mean(&examples, 3, 7, 4, 0.0);
        assert!(mean.weights().score(&[bias, a]) > 0.0 && mean.weights().score(&[bias, b]) < 0.0);
        assert_eq!(
            mean.to_bytes(),
            CueModel::train_mean(&examples, 3, 7, 4, 0.0).to_bytes(),
            "the same seed gives the same mean"
        );
        let back = CueModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), m.to_bytes());
        assert!(CueModel::from_bytes(b"nonsense").is_err());
    }
}
