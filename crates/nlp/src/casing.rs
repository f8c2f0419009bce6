//! How a word is usually written: a case profile counted from running
//! news text, for the entity recogniser.
//!
//! Web text and headlines capitalise freely ("Excellent Pizza !", "Email :")
//! and lower-case names ("jill allen"); a sentence's first word is
//! capitalised whatever it is. What a word's own casing cannot say, its
//! casing elsewhere can: "Griffin" and "Debra" are capitalised wherever they
//! stand inside a sentence, "email" and "kitchen" almost never. The profile
//! holds, per lower-cased word, a class for the share of its occurrences
//! inside a sentence (not first) that start with a capital.
//!
//! `dossier train word-case` counts it ([`CaseCounts`]) and writes
//! `models/word-case.tsv`; [`CaseProfile::class`] reads it at run time.

use crate::hash::hash_str;
use crate::perceptron::{home, next};
use crate::Error;

/// Classes of [`CaseProfile::class`]: unseen, then by the share of
/// capitalised occurrences inside a sentence.
pub const CASE_CLASSES: [&str; 5] = ["unseen", "lower", "mixed", "upper", "always-upper"];

/// [`CASE_CLASSES`] by name, as [`CaseProfile::class`] returns them.
pub mod class {
    /// Never seen inside a sentence often enough to count.
    pub const UNSEEN: u8 = 0;
    /// Capitalised in under 10% of its occurrences.
    pub const LOWER: u8 = 1;
    /// Capitalised in 10% to 50%.
    pub const MIXED: u8 = 2;
    /// Capitalised in 50% to 90%.
    pub const UPPER: u8 = 3;
    /// Capitalised in 90% or more.
    pub const ALWAYS_UPPER: u8 = 4;
}

/// Share thresholds between classes 1–2, 2–3 and 3–4.
const THRESHOLDS: [f64; 3] = [0.1, 0.5, 0.9];

/// Per lower-cased word, its case class (see [`CASE_CLASSES`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseProfile {
    classes: ClassTable,
}

/// Word hash -> case class, in buckets of one cache line placed as the
/// perceptron's are ([`home`], then [`next`]): every token of every
/// sentence asks, and a general hash map's control bytes and entry cost
/// two cache misses where a bucket costs one.
#[derive(Debug, Clone, Default, PartialEq)]
struct ClassTable {
    buckets: Vec<ClassBucket>,
}

/// Keys per [`ClassBucket`].
const KEYS_PER_BUCKET: usize = 7;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(C, align(64))]
struct ClassBucket {
    keys: [u64; KEYS_PER_BUCKET],
    classes: [u8; KEYS_PER_BUCKET],
    len: u8,
}

impl ClassTable {
    /// A table for `(key, class)` pairs; a later pair of the same key
    /// replaces an earlier one.
    fn new(pairs: &[(u64, u8)]) -> ClassTable {
        // About half full, so that few keys spill into the next bucket.
        let size = (pairs.len() * 2 / KEYS_PER_BUCKET + 1) as u64;
        let mut table = ClassTable {
            buckets: vec![ClassBucket::default(); size as usize],
        };
        for &(key, class) in pairs {
            let mut b = home(key, size);
            loop {
                let bucket = &mut table.buckets[b];
                let len = bucket.len as usize;
                if let Some(i) = bucket.keys[..len].iter().position(|&k| k == key) {
                    bucket.classes[i] = class;
                    break;
                }
                if len < KEYS_PER_BUCKET {
                    bucket.keys[len] = key;
                    bucket.classes[len] = class;
                    bucket.len += 1;
                    break;
                }
                b = next(b, size);
            }
        }
        table
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u8> {
        if self.buckets.is_empty() {
            return None;
        }
        let size = self.buckets.len() as u64;
        let mut b = home(key, size);
        loop {
            let bucket = &self.buckets[b];
            let len = bucket.len as usize;
            if let Some(i) = bucket.keys[..len].iter().position(|&k| k == key) {
                return Some(bucket.classes[i]);
            }
            if len < KEYS_PER_BUCKET {
                return None;
            }
            b = next(b, size);
        }
    }
}

impl CaseProfile {
    /// Read `word<TAB>class` lines (`#` comments allowed).
    pub fn from_tsv(src: &str) -> Result<CaseProfile, Error> {
        let mut classes = Vec::new();
        for (n, line) in src.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (word, class) = line
                .split_once('\t')
                .ok_or_else(|| Error::Data(format!("word-case line {}: expected word<TAB>class", n + 1)))?;
            let class = CASE_CLASSES
                .iter()
                .position(|c| *c == class)
                .filter(|&c| c > 0)
                .ok_or_else(|| Error::Data(format!("word-case line {}: unknown class {class:?}", n + 1)))?;
            classes.push((hash_str(word), class as u8));
        }
        Ok(CaseProfile {
            classes: ClassTable::new(&classes),
        })
    }

    /// The class of `word` (an index into [`CASE_CLASSES`]; 0 when unseen).
    /// `buf` is scratch space for lower-casing.
    pub fn class(&self, word: &str, buf: &mut String) -> u8 {
        if self.classes.buckets.is_empty() {
            return 0;
        }
        let key = if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            buf.clear();
            crate::lex::push_lowercase(buf, word);
            hash_str(buf)
        } else {
            hash_str(word)
        };
        self.classes.get(key).unwrap_or(0)
    }
}

/// Counts for a [`CaseProfile`]: per lower-cased word, occurrences inside
/// a sentence that start with a capital, and all occurrences there.
#[derive(Debug, Default)]
pub struct CaseCounts {
    counts: std::collections::HashMap<String, [u32; 2]>,
}

/// Words after which a capital does not start a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "jr", "sr", "u.s",
    "vs", "no", "inc", "corp", "co", "ltd",
];

impl CaseCounts {
    /// Count one text. A word is inside a sentence when the text before it
    /// on its line does not end a sentence (`.`, `!`, `?`, `:` or a
    /// closing quotation mark after one of those); the first word of a
    /// line or of a sentence is not counted, as its capital says nothing.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let mut first = true;
            for chunk in line.split_whitespace() {
                let word = chunk.trim_matches(|c: char| !c.is_alphanumeric());
                let word = word
                    .strip_suffix("'s")
                    .or_else(|| word.strip_suffix("’s"))
                    .unwrap_or(word);
                let plain = !word.is_empty()
                    && word.chars().any(char::is_alphabetic)
                    && word
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '’' | '.'));
                if plain && !first {
                    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                    let entry = self.counts.entry(lower).or_default();
                    entry[0] += word.chars().next().is_some_and(char::is_uppercase) as u32;
                    entry[1] += 1;
                }
                let tail = chunk.trim_end_matches(['"', '\'', '”', '’', ')']);
                let abbreviation =
                    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().trim_end_matches('.'));
                let ends = tail.ends_with(['.', '!', '?', ':']) && !abbreviation;
                // A chunk of punctuation alone ("—", a lone quotation mark)
                // keeps the state it found.
                first = if word.is_empty() { first || ends } else { ends };
            }
        }
    }

    /// The profile as `word<TAB>class` lines, sorted, keeping words seen at
    /// least `min_count` times inside a sentence.
    pub fn to_tsv(&self, min_count: u32) -> String {
        let mut words: Vec<(&str, &str)> = self
            .counts
            .iter()
            .filter(|(_, c)| c[1] >= min_count)
            .map(|(w, c)| {
                let share = c[0] as f64 / c[1] as f64;
                let class = 1 + THRESHOLDS.iter().filter(|&&t| share >= t).count();
                (w.as_str(), CASE_CLASSES[class])
            })
            .filter(|(w, _)| !w.contains(['\t', '\n']))
            .collect();
        words.sort_unstable();
        let mut out = String::from("# word\tclass: share of its occurrences inside a sentence that are capitalised (lower < 0.1 ≤ mixed < 0.5 ≤ upper < 0.9 ≤ always-upper)\n");
        for (w, c) in words {
            out.push_str(w);
            out.push('\t');
            out.push_str(c);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_skip_sentence_starts_and_classify_by_share() {
        let mut counts = CaseCounts::default();
        // Made-up text.
        for _ in 0..3 {
            counts.add_text("Kitchen staff met Griffin. Kitchen staff said the kitchen was clean, Griffin said.");
        }
        let profile = CaseProfile::from_tsv(&counts.to_tsv(2)).expect("profile");
        let mut buf = String::new();
        let class = |w: &str, buf: &mut String| CASE_CLASSES[profile.class(w, buf) as usize];
        // "Kitchen" opens both sentences: only "kitchen" inside one counts.
        assert_eq!(class("Kitchen", &mut buf), "lower");
        assert_eq!(class("GRIFFIN", &mut buf), "always-upper");
        assert_eq!(class("clean", &mut buf), "lower");
        assert_eq!(class("Zanzibar", &mut buf), "unseen");
    }

    #[test]
    fn an_abbreviation_does_not_end_a_sentence() {
        let mut counts = CaseCounts::default();
        counts.add_text("They met Mr. Weber and Dr. Weber.");
        assert!(counts.to_tsv(1).contains("weber\talways-upper\n"));
    }

    #[test]
    fn the_class_table_finds_every_key_and_no_other() {
        // Many keys, forty of them with the same home bucket so that they
        // spill into the following buckets, and one key given twice.
        let mut pairs: Vec<(u64, u8)> = (1..5000u64)
            .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15), (i % 4) as u8 + 1))
            .collect();
        pairs.extend((1..=40u64).map(|i| (0x1234_5678_0000_0000 | i, 2)));
        pairs.push((pairs[10].0, 4));
        let table = ClassTable::new(&pairs);
        for (n, &(key, class)) in pairs.iter().enumerate() {
            let want = if n == 10 { 4 } else { class };
            assert_eq!(table.get(key), Some(want), "key {n}");
        }
        assert_eq!(table.get(0x1234_5678_0000_0000 | 99), None);
        assert_eq!(table.get(7), None);
        assert_eq!(ClassTable::new(&[]).get(7), None);
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(CaseProfile::from_tsv("word\n").is_err());
        assert!(CaseProfile::from_tsv("word\tshouting\n").is_err());
    }
}
