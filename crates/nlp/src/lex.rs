//! Per-token string features, hashed once per sentence.

use crate::hash::{fmix, hash_str, mix};

/// Hashed views of one token used by the tagger and the parser.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tok {
    /// The exact form.
    pub(crate) word: u64,
    /// Lowercased, digits mapped to `0`.
    pub(crate) norm: u64,
    /// Prefixes of `norm`, 1 to 3 characters.
    pub(crate) pre: [u64; 3],
    /// Suffixes of `norm`, 1 to 4 characters.
    pub(crate) suf: [u64; 4],
    /// Word shape with runs collapsed (`Xxxx` -> `Xx`, `1,234` -> `d,d`).
    pub(crate) shape: u64,
}

/// Value used for positions outside the sentence.
pub(crate) const PAD: u64 = 0x5eed_0000_0000_0001;

impl Tok {
    pub(crate) const PAD: Tok = Tok {
        word: PAD,
        norm: PAD,
        pre: [PAD; 3],
        suf: [PAD; 4],
        shape: PAD,
    };

    /// Compute the hashes of `form`; `buf` is scratch space.
    pub(crate) fn new(form: &str, buf: &mut String) -> Tok {
        normalize(form, buf);
        let norm = hash_str(buf);
        let mut pre = [0u64; 3];
        let mut suf = [0u64; 4];
        let mut ends = buf.char_indices().map(|(i, _)| i).skip(1);
        for p in pre.iter_mut() {
            let end = ends.next().unwrap_or(buf.len());
            *p = hash_str(&buf[..end]);
        }
        let mut starts = buf.char_indices().rev().map(|(i, _)| i);
        for s in suf.iter_mut() {
            let start = starts.next().unwrap_or(0);
            *s = hash_str(&buf[start..]);
        }
        let mut shape = 0x1234_5678u64;
        let mut prev = '\0';
        for c in form.chars() {
            let m = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                c
            };
            if m != prev {
                shape = mix(shape, m as u64);
                prev = m;
            }
        }
        Tok {
            word: hash_str(form),
            norm,
            pre,
            suf,
            shape: fmix(shape),
        }
    }
}

/// Lowercase and map ASCII digits to `0`, into `buf`.
pub(crate) fn normalize(form: &str, buf: &mut String) {
    buf.clear();
    if form.is_ascii() {
        buf.extend(form.bytes().map(|b| {
            if b.is_ascii_digit() {
                '0'
            } else {
                b.to_ascii_lowercase() as char
            }
        }));
    } else {
        for c in form.chars() {
            if c.is_ascii_digit() {
                buf.push('0');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

/// The tokens two and one before `i` and one and two after it, with
/// padding outside the sentence.
#[inline(always)]
pub(crate) fn neighbours(toks: &[Tok], i: usize) -> [&Tok; 4] {
    let t = |j: usize| toks.get(j).unwrap_or(&Tok::PAD);
    [
        i.checked_sub(2).map_or(&Tok::PAD, t),
        i.checked_sub(1).map_or(&Tok::PAD, t),
        t(i + 1),
        t(i + 2),
    ]
}

/// Append `word` in lower case to `buf`, byte-wise when it is ASCII.
pub(crate) fn push_lowercase(buf: &mut String, word: &str) {
    if word.is_ascii() {
        let start = buf.len();
        buf.push_str(word);
        buf[start..].make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Hash every token of a sentence.
pub(crate) fn toks(words: &[&str]) -> Vec<Tok> {
    let mut buf = String::with_capacity(32);
    words.iter().map(|w| Tok::new(w, &mut buf)).collect()
}

/// Hash every token of a sentence into `out`, reusing its storage.
pub(crate) fn toks_into(words: &[&str], out: &mut Vec<Tok>, buf: &mut String) {
    out.clear();
    out.extend(words.iter().map(|w| Tok::new(w, buf)));
}

/// Process-wide interning of tag and label names, so results can hold
/// `&'static str` without each model load leaking new copies.
pub(crate) fn intern(s: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, OnceLock};
    static SET: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut set = SET
        .get_or_init(|| Mutex::new(BTreeSet::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&k) = set.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(k);
    k
}
