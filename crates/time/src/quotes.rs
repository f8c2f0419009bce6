//! The time each quotation was made: a time expression attached to its
//! cue, or standing in the cue's clause outside the content.

use text::{Doc, Span};

/// How far up the parse a time expression may hang from its cue ("on
/// Tuesday" → told; "Wednesday" → conference → said).
const MAX_STEPS: usize = 4;
/// How many tokens from the cue a time expression the parse does not
/// attach to it may stand and still be taken as its time.
const MAX_GAP: usize = 6;

/// Set [`text::Quote::time`] on every quote of `doc` whose cue has a time.
pub(crate) fn link_quotes(doc: &mut Doc) {
    if doc.times.is_empty() || doc.quotes.is_empty() {
        return;
    }
    let Some(syn) = doc.syntax.as_ref().filter(|s| s.head.len() == doc.tokens.len()) else {
        return;
    };
    let tokens = &doc.tokens;
    let token_range = |span: Span| {
        let first = tokens.partition_point(|t| t.span.end <= span.start);
        let last = tokens.partition_point(|t| t.span.start < span.end);
        (first, last.max(first))
    };
    let time_tokens: Vec<(usize, usize)> = doc.times.iter().map(|t| token_range(t.span)).collect();
    let mut links = Vec::with_capacity(doc.quotes.len());
    for quote in &doc.quotes {
        let Some(cue) = quote.cue else {
            links.push(None);
            continue;
        };
        let (c0, c1) = token_range(cue);
        if c0 >= c1 {
            links.push(None);
            continue;
        }
        let verb = (c0..c1).rev().find(|&k| syn.upos[k] == "VERB").unwrap_or(c1 - 1);
        let Some(sentence) = doc.sentences.iter().find(|s| s.tokens.contains(&c0)) else {
            links.push(None);
            continue;
        };
        let mut best: Option<(usize, usize)> = None;
        for (ti, &(t0, t1)) in time_tokens.iter().enumerate() {
            if t0 >= t1 || t0 < sentence.tokens.start || t1 > sentence.tokens.end {
                continue;
            }
            let span = doc.times[ti].span;
            // A length of time is no moment a thing was said.
            if doc.times[ti].grain == text::TimeGrain::Duration
                || quote.content.iter().any(|c| c.start < span.end && span.start < c.end)
                || cue.contains(span)
            {
                continue;
            }
            let score = match path_to(syn, t0, t1, verb) {
                Path::Cue(steps) => steps,
                Path::Elsewhere => continue,
                Path::Unknown => {
                    let gap = if t0 >= c1 { t0 - c1 } else { c0.saturating_sub(t1) };
                    if gap > MAX_GAP || crosses_a_verb(syn, t1.min(c0), t0.max(c1), verb) {
                        continue;
                    }
                    MAX_STEPS + 1 + gap
                }
            };
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, ti));
            }
        }
        links.push(best.map(|(_, ti)| ti));
    }
    for (quote, link) in doc.quotes.iter_mut().zip(links) {
        quote.time = link;
    }
}

/// Where a time expression hangs in the parse, seen from a cue.
enum Path {
    /// From the cue, this many arcs up.
    Cue(usize),
    /// From another verb, or from a noun that is an argument ("his
    /// statement last week", "Trump's use last week"): the time of that.
    Elsewhere,
    /// Neither within reach.
    Unknown,
}

/// How the expression at tokens `t0..t1` hangs from `verb`: up through
/// adverbial nouns only ("a news conference Wednesday"), not through
/// another verb or an argument noun.
fn path_to(syn: &text::Syntax, t0: usize, t1: usize, verb: usize) -> Path {
    let Some(mut k) = (t0..t1).find(|&k| syn.head[k].is_none_or(|h| h < t0 || h >= t1)) else {
        return Path::Unknown;
    };
    // "the 2016 election", "Tuesday's hearing": the time of a thing.
    if matches!(syn.deprel[k], "compound" | "amod" | "nummod" | "nmod:poss") {
        return Path::Elsewhere;
    }
    for step in 1..=MAX_STEPS {
        let Some(h) = syn.head[k] else {
            return Path::Unknown;
        };
        if h == verb {
            return Path::Cue(step);
        }
        if syn.upos[h] == "VERB" || matches!(syn.deprel[h], "obj" | "iobj" | "nsubj" | "nsubj:pass" | "nmod:poss") {
            return Path::Elsewhere;
        }
        k = h;
    }
    Path::Unknown
}

/// Whether a verb other than the cue stands between tokens `from` and `to`.
fn crosses_a_verb(syn: &text::Syntax, from: usize, to: usize, verb: usize) -> bool {
    (from..to).any(|k| k != verb && syn.upos[k] == "VERB")
}
