//! Lemmatizer: lookup tables learnt from the treebank, then learnt suffix
//! edits, then hand-written English suffix rules.

use std::collections::BTreeMap;

// Lookups run once per token: a fast non-keyed hash (the tables come from
// our own model file, so there is no untrusted input to defend against).
use rustc_hash::FxHashMap as HashMap;

use std::hash::BuildHasher;

use crate::io::{Reader, Writer};
use crate::perceptron::Identity;
use crate::Error;

/// Longest suffix (in characters) the learnt edit table looks at.
const MAX_SUFFIX: usize = 5;

/// A suffix edit: drop `strip` characters, then append `append`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edit {
    strip: u8,
    append: String,
}

/// A trained lemmatizer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lemmatizer {
    /// `form \t xpos` -> lemma, where it differs from the fallbacks.
    exact: HashMap<String, String>,
    /// `lowercase form \t xpos` -> lemma, where it differs from the fallbacks.
    lower: HashMap<String, String>,
    /// `xpos \t suffix` -> edit.
    suffix: HashMap<String, Edit>,
    /// Ties [`LemmaCache`] entries to these tables.
    id: Identity,
}

impl PartialEq for Lemmatizer {
    fn eq(&self, other: &Lemmatizer) -> bool {
        self.exact == other.exact && self.lower == other.lower && self.suffix == other.suffix
    }
}

/// Slots of a [`LemmaCache`]: 1 MB a thread. On 40 AllSides articles from
/// cold, 4096 slots missed on 26% of tokens and 16384 on 21%; over a long
/// run the larger table keeps more of a corpus's vocabulary.
const LEMMA_SLOTS: usize = 1 << 14;

/// Longest `form \t xpos` key a [`LemmaSlot`] holds; longer words skip the
/// memo.
const LEMMA_KEY: usize = 30;

/// One remembered lemma, in one cache line: the form and tag it is for
/// are kept inline and compared in full on every read, so a hash
/// collision costs a recomputation, never a wrong lemma.
#[derive(Default)]
#[repr(align(64))]
struct LemmaSlot {
    hash: u64,
    key_len: u8,
    key: [u8; LEMMA_KEY],
    lemma: String,
}

/// Per-thread memo of lemmas by (form, tag). Words repeat, and a lookup
/// that misses the exact-form table goes on to lowercase the form and
/// try up to five suffixes (about 6% of the pipeline's time before this
/// memo); a direct-mapped slot answers most tokens with one comparison.
/// Bound to one lemmatizer by its [`Identity`].
#[derive(Default)]
struct LemmaCache {
    owner: u64,
    slots: Vec<LemmaSlot>,
}

thread_local! {
    static LEMMAS: std::cell::RefCell<LemmaCache> = std::cell::RefCell::new(LemmaCache::default());
}

fn is_proper(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

impl Lemmatizer {
    /// Lemma of `form` with Penn tag `xpos`, through the thread's
    /// [`LemmaCache`].
    pub(crate) fn lemma(&self, form: &str, xpos: &str) -> String {
        let len = form.len() + 1 + xpos.len();
        if len > LEMMA_KEY {
            return self.lemma_uncached(form, xpos);
        }
        let mut key = [0u8; LEMMA_KEY];
        key[..form.len()].copy_from_slice(form.as_bytes());
        key[form.len()] = b'\t';
        key[form.len() + 1..len].copy_from_slice(xpos.as_bytes());
        let hash = rustc_hash::FxBuildHasher.hash_one(key);
        LEMMAS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.owner != self.id.get() || cache.slots.is_empty() {
                cache.owner = self.id.get();
                cache.slots = (0..LEMMA_SLOTS).map(|_| LemmaSlot::default()).collect();
            }
            let slot = &mut cache.slots[(hash >> 40) as usize & (LEMMA_SLOTS - 1)];
            if slot.hash == hash && usize::from(slot.key_len) == len && slot.key == key {
                return slot.lemma.clone();
            }
            let lemma = self.lemma_uncached(form, xpos);
            slot.hash = hash;
            slot.key_len = len as u8;
            slot.key = key;
            slot.lemma.clear();
            slot.lemma.push_str(&lemma);
            lemma
        })
    }

    /// Lemma of `form` with Penn tag `xpos`, from the tables and rules.
    fn lemma_uncached(&self, form: &str, xpos: &str) -> String {
        let mut key = String::with_capacity(form.len() + xpos.len() + 1);
        key.push_str(form);
        key.push('\t');
        key.push_str(xpos);
        if let Some(l) = self.exact.get(&key) {
            return l.clone();
        }
        self.unseen_exact(form, xpos, &mut key)
    }

    /// Everything after the exact-form table.
    fn unseen_exact(&self, form: &str, xpos: &str, key: &mut String) -> String {
        let lower = form.to_lowercase();
        key.clear();
        key.push_str(&lower);
        key.push('\t');
        key.push_str(xpos);
        if let Some(l) = self.lower.get(key.as_str()) {
            return l.clone();
        }
        self.unseen(form, &lower, xpos, key)
    }

    /// Learnt suffix edits, then rules.
    fn unseen(&self, form: &str, lower: &str, xpos: &str, key: &mut String) -> String {
        if !is_proper(xpos) {
            let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
            let n = starts.len();
            for k in (1..=MAX_SUFFIX.min(n.saturating_sub(1))).rev() {
                key.clear();
                key.push_str(xpos);
                key.push('\t');
                key.push_str(&lower[starts[n - k]..]);
                if let Some(e) = self.suffix.get(key.as_str()) {
                    let strip = e.strip as usize;
                    if strip < n {
                        let cut = if strip == 0 { lower.len() } else { starts[n - strip] };
                        let mut out = lower[..cut].to_string();
                        out.push_str(&e.append);
                        return out;
                    }
                }
            }
        }
        rule_lemma(form, xpos)
    }

    /// Learn from `(form, xpos, lemma)` triples.
    pub(crate) fn train<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Lemmatizer {
        let mut exact: BTreeMap<(String, String), BTreeMap<String, u32>> = BTreeMap::new();
        for (f, x, l) in words {
            if l == "_" || l.is_empty() {
                continue;
            }
            *exact
                .entry((f.to_string(), x.to_string()))
                .or_default()
                .entry(l.to_string())
                .or_default() += 1;
        }
        let best = |m: &BTreeMap<String, u32>| -> String {
            // Most frequent; ties go to the smallest string (BTreeMap order).
            let mut b: Option<(&String, u32)> = None;
            for (l, &c) in m {
                if b.is_none_or(|(_, bc)| c > bc) {
                    b = Some((l, c));
                }
            }
            b.expect("non-empty").0.clone()
        };
        let mut lowers: BTreeMap<(String, String), BTreeMap<String, u32>> = BTreeMap::new();
        for ((f, x), m) in &exact {
            let e = lowers.entry((f.to_lowercase(), x.clone())).or_default();
            for (l, &c) in m {
                *e.entry(l.clone()).or_default() += c;
            }
        }
        // Suffix edits from lowercase types.
        let mut edits: BTreeMap<(String, String), BTreeMap<Edit, u32>> = BTreeMap::new();
        for ((lf, x), m) in &lowers {
            if is_proper(x) {
                continue;
            }
            let lemma = best(m);
            let fc: Vec<char> = lf.chars().collect();
            let lc: Vec<char> = lemma.chars().collect();
            let p = fc.iter().zip(&lc).take_while(|(a, b)| a == b).count();
            if p == 0 || fc.len() - p > 255 {
                continue;
            }
            let edit = Edit {
                strip: (fc.len() - p) as u8,
                append: lc[p..].iter().collect(),
            };
            for k in 1..=MAX_SUFFIX.min(fc.len() - 1) {
                let suf: String = fc[fc.len() - k..].iter().collect();
                *edits
                    .entry((x.clone(), suf))
                    .or_default()
                    .entry(edit.clone())
                    .or_default() += 1;
            }
        }
        let mut lem = Lemmatizer::default();
        for ((x, suf), m) in &edits {
            let total: u32 = m.values().sum();
            let (e, c) = m
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .expect("non-empty");
            if total >= 2 && *c * 2 > total {
                lem.suffix.insert(format!("{x}\t{suf}"), e.clone());
            }
        }
        // Drop suffix entries that agree with what the shorter suffix gives.
        let mut keys: Vec<String> = lem.suffix.keys().cloned().collect();
        keys.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
        for k in keys {
            let e = lem.suffix.remove(&k).expect("present");
            let (x, suf) = k.split_once('\t').expect("tab");
            // A longer word ending in the suffix reaches this entry.
            let word = format!("######{suf}");
            let mut probe = String::new();
            let fallback = lem.unseen(&word, &word, x, &mut probe);
            lem.suffix.insert(k.clone(), e);
            let with = lem.unseen(&word, &word, x, &mut probe);
            if with == fallback {
                lem.suffix.remove(&k);
            }
        }
        for ((lf, x), m) in &lowers {
            let l = best(m);
            let mut key = String::new();
            if lem.unseen(lf, lf, x, &mut key) != l {
                lem.lower.insert(format!("{lf}\t{x}"), l);
            }
        }
        for ((f, x), m) in &exact {
            let l = best(m);
            let mut key = String::new();
            if lem.unseen_exact(f, x, &mut key) != l {
                lem.exact.insert(format!("{f}\t{x}"), l);
            }
        }
        lem
    }

    fn write_map(w: &mut Writer, m: &HashMap<String, String>) {
        let mut v: Vec<(&String, &String)> = m.iter().collect();
        v.sort();
        w.u32(v.len() as u32);
        for (k, l) in v {
            w.str(k);
            w.str(l);
        }
    }

    fn read_map(r: &mut Reader) -> Result<HashMap<String, String>, Error> {
        let n = r.u32()? as usize;
        let mut m = HashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.str()?;
            m.insert(k, r.str()?);
        }
        Ok(m)
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        Self::write_map(w, &self.exact);
        Self::write_map(w, &self.lower);
        let mut v: Vec<(&String, &Edit)> = self.suffix.iter().collect();
        v.sort();
        w.u32(v.len() as u32);
        for (k, e) in v {
            w.str(k);
            w.u8(e.strip);
            w.str(&e.append);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Lemmatizer, Error> {
        let exact = Self::read_map(r)?;
        let lower = Self::read_map(r)?;
        let n = r.u32()? as usize;
        let mut suffix = HashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.str()?;
            let strip = r.u8()?;
            let append = r.str()?;
            suffix.insert(k, Edit { strip, append });
        }
        Ok(Lemmatizer {
            exact,
            lower,
            suffix,
            id: Identity::new(),
        })
    }
}

/// Hand-written English rules for a word never seen in training.
///
/// Proper nouns keep their form (plural `NNPS` lose the `s`); other words
/// are lowercased and lose regular inflection by Penn tag.
///
/// ```
/// assert_eq!(dossier_nlp::rule_lemma("Cities", "NNS"), "city");
/// assert_eq!(dossier_nlp::rule_lemma("stopped", "VBD"), "stop");
/// assert_eq!(dossier_nlp::rule_lemma("Obama", "NNP"), "Obama");
/// ```
pub fn rule_lemma(form: &str, xpos: &str) -> String {
    match xpos {
        "NNP" => return form.to_string(),
        "NNPS" => return plural(form),
        _ => {}
    }
    let w = form.to_lowercase();
    match xpos {
        "NNS" | "VBZ" => plural(&w),
        "VBD" | "VBN" => past(&w),
        "VBG" => gerund(&w),
        "JJR" | "RBR" => degree(&w, "er"),
        "JJS" | "RBS" => degree(&w, "est"),
        _ => w,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn plural(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for es in ["sses", "shes", "ches", "xes", "zzes", "oes"] {
        if w.ends_with(es) && n > es.len() {
            return w[..w.len() - 2].to_string();
        }
    }
    if n > 2 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// Undo consonant doubling or restore a silent `e` on a bare stem.
fn restore(stem: &str) -> String {
    let c: Vec<char> = stem.chars().collect();
    let n = c.len();
    if n >= 3 && c[n - 1] == c[n - 2] && matches!(c[n - 1], 'b' | 'd' | 'g' | 'm' | 'n' | 'p' | 'r' | 't') {
        return c[..n - 1].iter().collect();
    }
    let e_endings = [
        "at", "iz", "is", "ys", "bl", "pl", "tl", "dl", "gl", "kl", "ur", "iv", "av", "ov", "ev", "uc", "nc", "rc",
        "ng", "rg", "dg", "as", "us", "os", "ot", "ut", "ak", "ok", "ik", "ib", "id", "ir", "ar", "or", "ap",
    ];
    let needs_e = match n {
        0..=1 => false,
        2 => !is_vowel(c[0]) || c[1] != 'y',
        _ => {
            e_endings.iter().any(|e| stem.ends_with(e)) && !stem.ends_with("ing") && !stem.ends_with("eat")
                || (c[n - 1] == 'v' || c[n - 1] == 'z')
        }
    };
    if needs_e {
        format!("{stem}e")
    } else {
        stem.to_string()
    }
}

fn past(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ied") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if n > 3 && w.ends_with("ed") && !w.ends_with("eed") {
        return restore(&w[..w.len() - 2]);
    }
    w.to_string()
}

fn gerund(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ing") {
        return restore(&w[..w.len() - 3]);
    }
    w.to_string()
}

fn degree(w: &str, suf: &str) -> String {
    let n = w.chars().count();
    if n > suf.len() + 2 && w.ends_with(&format!("i{suf}")) {
        return format!("{}y", &w[..w.len() - suf.len() - 1]);
    }
    if n > suf.len() + 2 && w.ends_with(suf) {
        let stem = &w[..w.len() - suf.len()];
        let c: Vec<char> = stem.chars().collect();
        let m = c.len();
        if m >= 3 && c[m - 1] == c[m - 2] && !matches!(c[m - 1], 'l' | 's') {
            return c[..m - 1].iter().collect();
        }
        if stem.ends_with("g") && !stem.ends_with("ng") || stem.ends_with("at") || stem.ends_with("ur") {
            return format!("{stem}e");
        }
        return stem.to_string();
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_undo_regular_inflection() {
        let cases = [
            ("cities", "NNS", "city"),
            ("boxes", "NNS", "box"),
            ("dogs", "NNS", "dog"),
            ("glass", "NN", "glass"),
            ("Walks", "VBZ", "walk"),
            ("stopped", "VBD", "stop"),
            ("rotated", "VBN", "rotate"),
            ("carried", "VBD", "carry"),
            ("walked", "VBD", "walk"),
            ("running", "VBG", "run"),
            ("making", "VBG", "make"),
            ("bigger", "JJR", "big"),
            ("happiest", "JJS", "happy"),
            ("Obama", "NNP", "Obama"),
            ("Americans", "NNPS", "American"),
            ("The", "DT", "the"),
        ];
        for (form, xpos, lemma) in cases {
            assert_eq!(rule_lemma(form, xpos), lemma, "{form}/{xpos}");
        }
    }

    #[test]
    fn learnt_tables_beat_rules() {
        let data = [
            ("went", "VBD", "go"),
            ("was", "VBD", "be"),
            ("I", "PRP", "I"),
            ("US", "NNP", "US"),
            ("us", "PRP", "we"),
            ("operated", "VBD", "operate"),
            ("rotated", "VBD", "rotate"),
            ("stated", "VBN", "state"),
            ("knives", "NNS", "knife"),
            ("wives", "NNS", "wife"),
        ];
        let lem = Lemmatizer::train(data.iter().copied());
        for (f, x, l) in data {
            assert_eq!(lem.lemma(f, x), l, "{f}/{x}");
        }
        assert_eq!(lem.lemma("Was", "VBD"), "be");
        // "-ated" -> "-ate" is learnt from three types and generalises.
        assert_eq!(lem.lemma("migrated", "VBD"), "migrate");
        assert_eq!(lem.lemma("lives", "NNS"), "life");
    }

    #[test]
    fn serialisation_round_trip() {
        let lem = Lemmatizer::train([("went", "VBD", "go"), ("mice", "NNS", "mouse")].into_iter());
        let mut w = Writer::new(b"TESTLEM0");
        lem.write(&mut w);
        let mut r = Reader::new(&w.buf, b"TESTLEM0", "test").unwrap();
        assert_eq!(Lemmatizer::read(&mut r).unwrap(), lem);
        r.finish().unwrap();
    }
}
