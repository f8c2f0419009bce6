//! Where reported speech starts and ends: a learned choice of the first and
//! last tokens of an indirect content.
//!
//! The rules of [`crate::quotes`] take a cue's content from the parse: its
//! complement clause or object with all their dependents. Attachment
//! errors and PolNeAR's conventions (a trailing adjunct of the cue, a
//! relative clause on the last noun, or a second conjunct are left out; a
//! sentence-final full stop is sometimes kept) make that end wrong for
//! about one indirect content in five on PolNeAR dev; the start, when the
//! rules took a relative clause for the content or left an object out, in
//! one in twenty. A ranking perceptron first scores every token from the
//! cue to the rules' end as the content's first, then every token from
//! there to the end of the sentence as its last, and keeps the best of
//! each. The rules' own choice is a feature, and ties go to it, so an empty
//! model changes nothing: that is how `dossier train content-bounds` reads
//! the rules' output to learn from.

use text::{Doc, QuoteKind, Syntax};

use crate::cues::{fnv, HashedWeights, WeightMap};
use crate::lexicon::lower;

const MAGIC: &[u8; 8] = b"DSCBND01";

/// The learned content-boundary ranker (`models/content-bounds.bin`).
#[derive(Debug, Clone, Default)]
pub struct ContentBoundaryModel {
    weights: HashedWeights,
}

/// One training case: the features of each candidate first or last token,
/// and which candidate the gold content starts or ends on.
#[derive(Debug, Clone)]
pub struct BoundaryExample {
    /// Features per candidate, in text order.
    pub candidates: Vec<Vec<u64>>,
    /// Index of the gold candidate.
    pub gold: usize,
    /// Index of the rules' choice among the candidates.
    pub rule: usize,
    /// Whether the candidates are first tokens (else last tokens).
    pub start: bool,
}

impl ContentBoundaryModel {
    /// Read a model written by [`ContentBoundaryModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ContentBoundaryModel, String> {
        HashedWeights::read(bytes, MAGIC, "content-boundary model").map(|weights| ContentBoundaryModel { weights })
    }

    /// The model file (see [`HashedWeights`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.write(MAGIC)
    }

    /// Its weights (empty: the rules' bounds are kept).
    pub fn weights(&self) -> &HashedWeights {
        &self.weights
    }

    /// The best candidate; ties go to the rules' end, then to the earliest.
    pub fn choose(&self, candidates: &[Vec<u64>], rule: usize) -> usize {
        best(0..candidates.len(), rule, |i| self.weights.score(&candidates[i]))
    }

    /// The mean of `runs` averaged ranking perceptrons, each trained for
    /// `epochs` passes over the examples in an order fixed by its seed
    /// (`seed`, `seed + 1`, …).
    pub fn train(examples: &[BoundaryExample], epochs: usize, seed: u64, runs: usize) -> ContentBoundaryModel {
        let runs = (0..runs.max(1)).map(|r| train_one(examples, epochs, seed + r as u64));
        ContentBoundaryModel {
            weights: HashedWeights::mean(runs, 0.0),
        }
    }
}

/// The best of `items` (in order) by `score`; ties go to `rule`, then to
/// the earliest.
fn best(items: impl IntoIterator<Item = usize>, rule: usize, mut score: impl FnMut(usize) -> f32) -> usize {
    let (mut best, mut best_score) = (rule, score(rule));
    for i in items {
        if i == rule {
            continue;
        }
        let s = score(i);
        if s > best_score {
            best = i;
            best_score = s;
        }
    }
    best
}

/// One averaged ranking perceptron: on a wrong choice, the gold
/// candidate's features gain 1 and the chosen one's lose 1. Averaging by
/// the timestamp trick, as [`crate::cues::CueModel::train`] does.
fn train_one(examples: &[BoundaryExample], epochs: usize, seed: u64) -> HashedWeights {
    let mut weights = WeightMap::default();
    let mut total: std::collections::HashMap<u64, (f64, u64)> = std::collections::HashMap::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = seed.max(1);
    let mut step: u64 = 0;
    for _ in 0..epochs {
        text::seeded_shuffle(&mut order, &mut rng);
        for &e in &order {
            step += 1;
            let ex = &examples[e];
            let chosen = best(0..ex.candidates.len(), ex.rule, |i| {
                ex.candidates[i].iter().filter_map(|f| weights.get(f)).sum()
            });
            if chosen == ex.gold {
                continue;
            }
            for (feats, delta) in [(&ex.candidates[ex.gold], 1.0f32), (&ex.candidates[chosen], -1.0)] {
                for &f in feats {
                    let cur = weights.entry(f).or_insert(0.0);
                    let (sum, stamp) = total.entry(f).or_insert((0.0, 0));
                    *sum += f64::from(*cur) * (step - *stamp) as f64;
                    *stamp = step;
                    *cur += delta;
                }
            }
        }
    }
    let step = step.max(1);
    let averaged = weights
        .iter()
        .map(|(&f, &cur)| {
            let (sum, stamp) = total[&f];
            let sum = sum + f64::from(cur) * (step - stamp) as f64;
            (f, (sum / step as f64) as f32)
        })
        .collect();
    HashedWeights::from_map(averaged)
}

/// An indirect content the ranker may move the bounds of.
struct Target {
    /// Index into `doc.quotes`.
    quote: usize,
    /// The content's first token.
    first: usize,
    /// The rules' last token.
    rule_last: usize,
    /// The sentence's last token.
    sentence_last: usize,
    /// The cue's last token (the verb in "has learned").
    cue: usize,
    /// Indirect or mixed.
    kind: QuoteKind,
}

/// Per-document context the features read.
struct BoundaryContext<'a> {
    doc: &'a Doc,
    syn: &'a Syntax,
    run_of: Vec<Option<usize>>,
}

/// Indirect and mixed contents of one fragment that follow their cue and
/// lie in one sentence: the others are bounded by quotation marks or by
/// the cue itself.
fn targets(doc: &Doc) -> Vec<Target> {
    let sent_of = doc.sentence_of_tokens();
    let token_starting = |b: usize| {
        let t = doc.tokens.partition_point(|t| t.span.start < b);
        (t < doc.tokens.len() && doc.tokens[t].span.start == b).then_some(t)
    };
    let token_ending = |b: usize| {
        let t = doc.tokens.partition_point(|t| t.span.end < b);
        (t < doc.tokens.len() && doc.tokens[t].span.end == b).then_some(t)
    };
    doc.quotes
        .iter()
        .enumerate()
        .filter_map(|(qi, q)| {
            if !matches!(q.kind, QuoteKind::Indirect | QuoteKind::Mixed) || q.content.len() != 1 {
                return None;
            }
            let cue = q.cue?;
            let content = q.content[0];
            if cue.end > content.start {
                return None;
            }
            let first = token_starting(content.start)?;
            let rule_last = token_ending(content.end)?;
            let cue = token_ending(cue.end)?;
            let s = sent_of[first];
            (sent_of[rule_last] == s).then(|| Target {
                quote: qi,
                first,
                rule_last,
                sentence_last: doc.sentences[s].tokens.end - 1,
                cue,
                kind: q.kind,
            })
        })
        .collect()
}

fn distance_bucket(d: i64) -> &'static str {
    match d {
        i64::MIN..=-8 => "-8",
        -7..=-4 => "-4",
        -3..=-2 => "-2",
        -1 => "-1",
        0 => "0",
        1 => "1",
        2..=3 => "2",
        4..=7 => "4",
        _ => "8",
    }
}

/// How many tokens of a span hang outside it: one (a constituent), two,
/// or more.
fn roots_bucket(n: usize) -> &'static str {
    match n {
        0 | 1 => "1",
        2 => "2",
        _ => "3",
    }
}

impl BoundaryContext<'_> {
    /// Where token `k`'s head lies, seen from a content `[a, t]` of cue `v`.
    fn place(&self, k: usize, a: usize, t: usize, v: usize) -> &'static str {
        match self.syn.head[k] {
            None => "root",
            Some(h) if (a..=t).contains(&h) => "in",
            Some(h) if h == v => "cue",
            Some(h) if h > t => "after",
            Some(_) => "before",
        }
    }

    /// The features of starting target `g`'s content on token `s` (with
    /// the rules' end).
    fn start_features(&self, g: &Target, s: usize, out: &mut Vec<u64>) {
        let syn = self.syn;
        let (a, r, v) = (g.first, g.rule_last, g.cue);
        let mut f = |parts: &[&str]| out.push(fnv(parts));
        let at_rule = if s == a { "rule" } else { "other" };
        f(&["s:rule", at_rule]);
        f(&["s:d", distance_bucket(s as i64 - a as i64)]);
        f(&["s:cl", syn.lemma[v].as_str(), at_rule]);
        let first_word = lower(self.doc.token_text(s));
        let first_place = self.place(s, s, r, v);
        f(&["s:fw", &first_word]);
        f(&["s:fwp", &first_word, first_place]);
        f(&["s:fu", syn.upos[s], first_place]);
        f(&["s:fr", syn.deprel[s], first_place]);
        f(&["s:cl-fw", syn.lemma[v].as_str(), &first_word]);
        // A function word opens a phrase: what the phrase is, and whether
        // it hangs on the cue or on a word the content would leave out
        // ("her proposals | to expand …").
        if let Some(h) = syn.head[s].filter(|&h| h > s) {
            if matches!(syn.deprel[s], "mark" | "case" | "det" | "cc") {
                let attached = match syn.head[h] {
                    Some(x) if x == v => "cue",
                    Some(x) if x < s => "left-behind",
                    Some(_) => "later",
                    None => "root",
                };
                f(&["s:phrase", syn.deprel[s], syn.deprel[h], attached]);
            }
        }
        let roots = roots_bucket((s..=r).filter(|&k| self.place(k, s, r, v) != "in").count());
        f(&["s:roots", roots]);
        f(&["s:roots-fu", roots, syn.upos[s]]);
        let prev = s - 1;
        let prev_word = lower(self.doc.token_text(prev));
        f(&["s:pw", &prev_word]);
        f(&["s:pw-fw", &prev_word, &first_word]);
        f(&["s:pu-fu", syn.upos[prev], syn.upos[s]]);
        if prev == v {
            f(&["s:after-cue", syn.upos[s]]);
        } else {
            // What the content leaves between the cue and itself.
            let skipped = s - v - 1;
            f(&["s:skip", distance_bucket(skipped as i64), syn.deprel[v + 1]]);
            let object = (v + 1..s).any(|k| matches!(syn.deprel[k], "obj" | "iobj") && syn.head[k] == Some(v));
            f(&["s:skip-obj", if object { "obj" } else { "none" }, syn.upos[s]]);
            f(&["s:skip-w", &lower(self.doc.token_text(v + 1)), syn.upos[s]]);
        }
        if s > a {
            f(&["s:cut", syn.deprel[a], syn.upos[a]]);
            f(&["s:cut-w", &lower(self.doc.token_text(a))]);
        } else if s < a {
            f(&["s:ext", syn.deprel[s], syn.upos[s]]);
        }
        if self.run_of[s].is_some() && self.run_of[s] == self.run_of[prev] {
            f(&["s:splits-quote"]);
        }
    }

    /// The features of ending target `g`'s content, started on `a`, on
    /// token `t`.
    fn end_features(&self, g: &Target, a: usize, t: usize, out: &mut Vec<u64>) {
        let syn = self.syn;
        let (r, last, v) = (g.rule_last, g.sentence_last, g.cue);
        let mut f = |parts: &[&str]| out.push(fnv(parts));
        let at_rule = if t == r { "rule" } else { "other" };
        f(&["rule", at_rule]);
        let kind = if g.kind == QuoteKind::Mixed {
            "mixed"
        } else {
            "indirect"
        };
        f(&["k", kind, at_rule]);
        f(&["d", distance_bucket(t as i64 - r as i64)]);
        f(&["cl", syn.lemma[v].as_str(), at_rule]);
        let last_word = lower(self.doc.token_text(t));
        f(&["lw", &last_word]);
        f(&["lu", syn.upos[t]]);
        f(&["lr", syn.deprel[t], self.place(t, a, t, v)]);
        let roots = roots_bucket((a..=t).filter(|&k| self.place(k, a, t, v) != "in").count());
        // Later tokens that hang inside the content: cutting there leaves
        // them behind.
        let dangling = match (t + 1..=last).filter(|&k| self.place(k, a, t, v) == "in").count() {
            0 => "0",
            1 => "1",
            _ => "2",
        };
        f(&["roots", roots, dangling]);
        if t < last {
            let next = t + 1;
            let next_word = lower(self.doc.token_text(next));
            let next_place = self.place(next, a, t, v);
            f(&["nw", &next_word]);
            f(&["nwp", &next_word, next_place]);
            f(&["nu", syn.upos[next], next_place]);
            f(&["nr", syn.deprel[next], next_place]);
            f(&["lu-nu", syn.upos[t], syn.upos[next]]);
            f(&["roots-nu", roots, syn.upos[next]]);
            f(&["dangling-nr", dangling, syn.deprel[next]]);
            f(&["lw-nw", &last_word, &next_word]);
            f(&["cl-nw", syn.lemma[v].as_str(), &next_word]);
            if let Some(h) = syn.head[next] {
                f(&["nr-hr", syn.deprel[next], syn.deprel[h], next_place]);
                // A function word opens a phrase: where the phrase hangs
                // (on the content's last noun, or on the cue) is what
                // counts.
                if matches!(syn.deprel[next], "case" | "mark" | "cc" | "det" | "punct") && h > next {
                    let phrase_place = self.place(h, a, t, v);
                    f(&["phrase", syn.deprel[next], syn.deprel[h], phrase_place]);
                    f(&["phrase-w", &next_word, phrase_place]);
                }
            }
            if next < last {
                f(&["nn", syn.upos[next], syn.upos[next + 1]]);
                f(&["nw-nnr", &next_word, syn.deprel[next + 1]]);
                f(&["nw-nnw", &next_word, &lower(self.doc.token_text(next + 1))]);
            }
            f(&["left", distance_bucket((last - t) as i64)]);
            if self.run_of[t].is_some() && self.run_of[t] == self.run_of[next] {
                f(&["splits-quote"]);
            }
            if next == last && syn.upos[last] == "PUNCT" {
                f(&["before-final", self.doc.token_text(last)]);
            }
        } else {
            f(&["sentence-end", syn.upos[t], kind]);
        }
        if t < r {
            f(&["cut", syn.deprel[t + 1], syn.upos[t + 1]]);
        } else if t > r {
            f(&["ext", syn.deprel[r + 1], syn.upos[r + 1]]);
            f(&["ext-w", &lower(self.doc.token_text(r + 1))]);
        }
    }

    /// The candidate first tokens of target `g`: from right after the cue
    /// to a little past the rules' start (a content that starts later
    /// than the rules say starts soon after).
    fn starts(&self, g: &Target) -> impl Iterator<Item = usize> + '_ {
        let first = g.first;
        // An object keeps its infinitive ("urged voters | to reject"):
        // PolNeAR train includes the object about five times in six.
        (g.cue + 1..=g.rule_last.min(first + MAX_LATER_START)).filter(move |&s| s <= first || self.syn.xpos[s] != "TO")
    }

    /// The candidate last tokens of target `g` started on `first`: the
    /// rules' last, the sentence's last, and each token before a word that
    /// can open a phrase of its own (punctuation, a conjunction, a
    /// preposition, an adverb, a relative or a participle; not "to": an
    /// infinitive stays with the noun it modifies).
    fn ends(&self, g: &Target, first: usize) -> impl Iterator<Item = usize> + '_ {
        let (rule_last, last) = (g.rule_last, g.sentence_last);
        (first..=last).filter(move |&t| t == rule_last || t == last || self.may_open_phrase(t + 1))
    }

    fn may_open_phrase(&self, k: usize) -> bool {
        matches!(
            self.syn.upos[k],
            "PUNCT" | "CCONJ" | "ADP" | "SCONJ" | "ADV" | "PRON" | "DET"
        ) || matches!(self.syn.xpos[k], "VBG" | "VBN" | "WDT" | "WP" | "WRB")
    }

    /// Features of each of `tokens` as the first (`start`) or last token.
    fn candidates(&self, g: &Target, first: usize, start: bool, tokens: &[usize]) -> Vec<Vec<u64>> {
        tokens
            .iter()
            .map(|&k| {
                let mut feats = Vec::with_capacity(32);
                if start {
                    self.start_features(g, k, &mut feats);
                } else {
                    self.end_features(g, first, k, &mut feats);
                }
                feats
            })
            .collect()
    }
}

/// How many tokens a sentence may run past a cue for the model to choose
/// that cue's content bounds (the longest sentence of AllSides sample-200
/// has 5,929 tokens; the model's work grows with the cube of this).
pub const MAX_REFINED_SPAN: usize = 400;

/// How many tokens past the rules' first a content may start.
const MAX_LATER_START: usize = 8;

/// Move the start, then the end, of each indirect content to the model's
/// choice. Does nothing without a parse or with an empty model.
pub fn refine_content_bounds(doc: &mut Doc, model: &ContentBoundaryModel) {
    if model.weights().is_empty() {
        return;
    }
    let Some(syn) = doc.syntax.as_ref() else {
        return;
    };
    let targets = targets(doc);
    if targets.is_empty() {
        return;
    }
    let ctx = BoundaryContext {
        doc,
        syn,
        run_of: doc.quote_run_tokens().0,
    };
    let mut buffer = Vec::with_capacity(32);
    let mut left_alone = 0usize;
    let moves: Vec<(usize, usize, usize, bool)> = targets
        .iter()
        .filter_map(|g| {
            // Every end is scored, and each score counts the tokens between
            // start and end: cubic in a sentence's length. Past the budget
            // the rules' bounds stand.
            if g.sentence_last.saturating_sub(g.cue) > MAX_REFINED_SPAN {
                left_alone += 1;
                return None;
            }
            // Each candidate's features go into one reused buffer.
            let s = best(ctx.starts(g), g.first, |k| {
                buffer.clear();
                ctx.start_features(g, k, &mut buffer);
                model.weights().score(&buffer)
            });
            let t = best(ctx.ends(g, s), g.rule_last, |k| {
                buffer.clear();
                ctx.end_features(g, s, k, &mut buffer);
                model.weights().score(&buffer)
            });
            let quoted = (s..=t).any(|k| ctx.run_of[k].is_some());
            (s != g.first || t != g.rule_last).then_some((g.quote, s, t, quoted))
        })
        .collect();
    if left_alone > 0 {
        doc.warn(
            "content-bounds",
            format!(
                "{left_alone} contents in sentences running over {MAX_REFINED_SPAN} tokens past their cue keep the \
                 rules' bounds"
            ),
            None,
        );
    }
    for (qi, s, t, quoted) in moves {
        let span = text::Span::new(doc.tokens[s].span.start, doc.tokens[t].span.end);
        let q = &mut doc.quotes[qi];
        q.content[0] = span;
        q.kind = if quoted { QuoteKind::Mixed } else { QuoteKind::Indirect };
    }
}

/// Training cases of one analysed document (analysed with an empty model,
/// so that the rules' bounds stand), against the gold contents of one
/// fragment (`gold_contents`, byte ranges):
/// - a start case for each target with a gold content that overlaps the
///   rules' and starts on one of the candidates (the most overlapping);
/// - an end case for each target whose rules' start is a gold content's
///   and whose gold end is one of the candidates.
pub fn training_examples(doc: &Doc, gold_contents: &[Vec<(usize, usize)>]) -> Vec<BoundaryExample> {
    let Some(syn) = doc.syntax.as_ref() else {
        return Vec::new();
    };
    let ctx = BoundaryContext {
        doc,
        syn,
        run_of: doc.quote_run_tokens().0,
    };
    let single: Vec<(usize, usize)> = gold_contents.iter().filter(|c| c.len() == 1).map(|c| c[0]).collect();
    let mut out = Vec::new();
    for g in targets(doc) {
        let (rule_start, rule_end) = (doc.tokens[g.first].span.start, doc.tokens[g.rule_last].span.end);
        let starts: Vec<usize> = ctx.starts(&g).collect();
        let start_gold = single
            .iter()
            .filter_map(|&(a, b)| {
                let overlap = b.min(rule_end).saturating_sub(a.max(rule_start));
                let s = starts.iter().position(|&s| doc.tokens[s].span.start == a)?;
                (overlap > 0).then_some((overlap, s))
            })
            .max();
        if let (Some((_, gold)), Some(rule)) = (start_gold, starts.iter().position(|&s| s == g.first)) {
            out.push(BoundaryExample {
                candidates: ctx.candidates(&g, g.first, true, &starts),
                gold,
                rule,
                start: true,
            });
        }
        let ends: Vec<usize> = ctx.ends(&g, g.first).collect();
        let end_gold = single
            .iter()
            .filter(|c| c.0 == rule_start)
            .find_map(|c| ends.iter().position(|&t| doc.tokens[t].span.end == c.1));
        if let (Some(gold), Some(rule)) = (end_gold, ends.iter().position(|&t| t == g.rule_last)) {
            out.push(BoundaryExample {
                candidates: ctx.candidates(&g, g.first, false, &ends),
                gold,
                rule,
                start: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(gold: usize, rule: usize) -> BoundaryExample {
        // Candidate i carries feature "i", and "punct-next" when the word
        // after it is a comma (candidate 2).
        let candidates = (0..4)
            .map(|i| {
                let mut f = vec![fnv(&["i", &i.to_string()])];
                if i == 2 {
                    f.push(fnv(&["punct-next"]));
                }
                f
            })
            .collect();
        BoundaryExample {
            candidates,
            gold,
            rule,
            start: false,
        }
    }

    #[test]
    fn empty_model_keeps_the_rule_end() {
        let m = ContentBoundaryModel::default();
        let ex = example(2, 3);
        assert_eq!(m.choose(&ex.candidates, ex.rule), 3);
    }

    #[test]
    fn ranker_learns_the_gold_end_and_round_trips() {
        let examples: Vec<BoundaryExample> = (0..10).map(|_| example(2, 3)).collect();
        let m = ContentBoundaryModel::train(&examples, 3, 5, 2);
        assert!(!m.weights().is_empty());
        assert_eq!(m.choose(&examples[0].candidates, 3), 2);
        let back = ContentBoundaryModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), m.to_bytes());
        assert_eq!(m.to_bytes(), ContentBoundaryModel::train(&examples, 3, 5, 2).to_bytes());
        assert!(ContentBoundaryModel::from_bytes(b"DSCUE001").is_err());
    }
}
