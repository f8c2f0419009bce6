//! Attribution: who said (or wrote, or believes) what.
//!
//! Rules over the dependency parse, in the order that has worked for
//! PARC-style systems: find cues, then each cue's content and source.
//! - A **cue** is a verb the learned model of [`crate::cues`] accepts (a
//!   verb of saying, believing or wanting in a frame PolNeAR's annotators
//!   mark) that has a content, or the phrase "according to".
//! - Its **content** is the complement clause, or the quotation the
//!   segmenter paired (marks included), with a second fragment when the cue
//!   interrupts the quote ("“A,” he said, “B.”"), or else its infinitive,
//!   object or prepositional object.
//! - Its **source** is the cue's subject (the local mention, often "he"),
//!   or the subject of the verb it hangs from ("…, adding that …").
//! - Quotations left over are either whole statements, given the speaker of
//!   the previous quotation, or short fragments: scare quotes, without a
//!   speaker.
//!
//! Speaker names are resolved within the document by simple means (fullest
//! name with the same surname; pronouns to the latest person speaker; role
//! nouns to a name that carried that title). The entities stage will take
//! this over with proper coreference.
//!
//! The stage's parts, one concern to a file: `cue_attribution` (one cue
//! verb's attribution, the pass over its sentence), `cue_phrase` (the
//! cue's own span), `content_span` (where the content lies), `source`
//! (the source mention), `resolve` (who the source is), `according`
//! ("according to", "reportedly") and `marks` (quotations no cue
//! claimed: colon and dash attributions, statements by the previous
//! speaker, scare quotes, repeats).

mod according;
mod content_span;
mod cue_attribution;
mod cue_phrase;
mod marks;
mod resolve;
mod source;

use std::collections::{HashMap, HashSet};

use text::{Doc, EntityType, Medium, Quote, QuoteKind, Resolution, SourceKind, Span, Speaker, Syntax};

use crate::cues::CueModel;
use crate::gender::{honorific_gender, name_gender, pronoun_gender, role_gender, Gender};
use crate::lexicon::*;

/// The confidence below which an attribution is withheld from the output
/// by default (`--min-confidence`): the judge's probability that a reader
/// finds it real with speaker and content right. At 0.5, on the real-text
/// check, 0.89 of what is output is a real attribution against 0.63 of
/// everything found, for 0.43 of the gold found fully right against 0.49.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.5;

/// Find the attributions of a tagged and parsed document and store them in
/// `doc.quotes`. Does nothing when the document has no parse.
pub fn extract_quotes(doc: &mut Doc, cues: &CueModel) {
    let quotes = match doc.syntax.as_ref() {
        Some(syn) => View::new(doc, syn, cues).extract(),
        None => Vec::new(),
    };
    doc.quotes = quotes;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Cues whose content is a quotation they hang from or govern.
    QuoteLinked,
    /// Cues with a clausal complement, and quotations next to a cue.
    Clausal,
}

/// How many of the attributions found before a new one its searches over
/// earlier ones look at (see [`View::recent`]); AllSides articles hold at
/// most about a hundred.
const DONE_WINDOW: usize = 500;

struct NameMention {
    /// Token range of the name itself (titles stripped).
    first: usize,
    last: usize,
    name: String,
    /// Lower-cased title and role words just before the name.
    titles: Vec<String>,
}

struct View<'a> {
    doc: &'a Doc,
    syn: &'a Syntax,
    children: Vec<Vec<usize>>,
    sent_of: Vec<usize>,
    run_of: Vec<Option<usize>>,
    /// Token range of each quote run.
    run_tokens: Vec<(usize, usize)>,
    names: Vec<NameMention>,
    /// For each name's last word, the fullest name ending with it (its
    /// index in `names`), so that [`View::fullest_name`] need not scan
    /// every name for every quotation.
    fullest_by_last_word: HashMap<String, usize>,
    /// The gender the document gives each name as written, and each
    /// surname (see [`View::document_genders`]); absent when it gives none,
    /// or both.
    gender_by_name: HashMap<String, Gender>,
    gender_by_surname: HashMap<String, Gender>,
    /// The words of earlier attributions' contents, by their place in the
    /// list `extract` grows, for [`View::quoted_before`].
    content_words: std::cell::RefCell<HashMap<usize, Vec<u64>>>,
    /// Whether each token is a cue verb, decided once per document by the
    /// learned model ([`crate::cues`]).
    cue: Vec<bool>,
    /// For a cue moved onto the infinitive of a verb like "continue" or
    /// "try", that verb: the cue span starts there.
    catenative_of: HashMap<usize, usize>,
    /// Token range of every subtree, and of every subtree without its
    /// `punct` dependents, computed once: the rules ask for them thousands
    /// of times, and walking a subtree each time is quadratic in a
    /// sentence's length. `None` for a token no root reaches.
    subtree_spans: SubtreeSpans,
    /// For each token index `t` (and `n`), the first of the tokens before
    /// `t` that are all punctuation (`t` itself when the one before is not).
    punct_stretch_start: Vec<usize>,
    /// Whether the quote runs come in text order without overlapping, as
    /// segmentation makes them ([`View::runs_next_to_sentence`] needs it).
    runs_in_order: bool,
    /// (head, dependent) for every `nsubj*` relation, sorted: a cue may
    /// have thousands of children, and [`View::subject_fills`] is asked for
    /// each quotation of its sentence.
    subjects: Vec<(usize, usize)>,
    /// Sentences holding a word of anonymity ("on condition of
    /// anonymity", "unnamed"), found once instead of per source.
    anonymous_sentences: Vec<bool>,
}

/// Verbs whose infinitive carries the statement: "continued to call for",
/// "tried to make the case". After a predicted cue on one of these,
/// PolNeAR train marks the pair as one cue 58 times and the first verb
/// alone once.
const CATENATIVE_CUES: &[&str] = &[
    "continue", "try", "struggle", "manage", "begin", "start", "tend", "fail",
];

/// Verbs of saying and knowing that make one cue with the verb they
/// complete ("refused to disclose", "appeared to suggest", "wanted to
/// know").
const SPEECH_INFINITIVES: &[&str] = &[
    "say",
    "tell",
    "pledge",
    "disclose",
    "suggest",
    "know",
    "comment",
    "discuss",
    "endorse",
    "acknowledge",
    "admit",
    "explain",
    "answer",
    "address",
    "criticize",
    "condemn",
    "describe",
    "deny",
    "confirm",
    "reveal",
    "announce",
    "declare",
    "apologize",
    "argue",
    "claim",
    "insist",
    "blame",
    "accuse",
    "praise",
    "warn",
    "speak",
    "talk",
];

fn is_date_word(s: &str) -> bool {
    WEEKDAYS.contains(&s)
        || MONTHS.contains(&s)
        || matches!(s, "Jan." | "Feb." | "Aug." | "Sept." | "Oct." | "Nov." | "Dec.")
}

/// Token ranges of subtrees, see [`View::subtree`].
#[derive(Debug, Default)]
struct SubtreeSpans {
    all: Vec<Option<(usize, usize)>>,
    without_punct: Vec<Option<(usize, usize)>>,
}

impl SubtreeSpans {
    /// One pass from the leaves up (linear in the number of tokens).
    fn new(syn: &Syntax, children: &[Vec<usize>]) -> SubtreeSpans {
        let n = children.len().min(syn.head.len());
        // Tokens in breadth-first order from the roots, so that every token
        // comes after its head.
        let mut order: Vec<usize> = (0..n).filter(|&i| syn.head[i].is_none()).collect();
        let mut k = 0;
        while k < order.len() {
            let t = order[k];
            order.extend(children[t].iter().copied().filter(|&c| c < n));
            k += 1;
            if order.len() > n {
                // Not a tree: leave every span to the walk.
                return SubtreeSpans::default();
            }
        }
        let mut all: Vec<Option<(usize, usize)>> = vec![None; n];
        let mut without_punct: Vec<Option<(usize, usize)>> = vec![None; n];
        for &t in order.iter().rev() {
            let (mut a, mut b) = (t, t);
            let (mut pa, mut pb) = (t, t);
            for &c in &children[t] {
                if let Some((ca, cb)) = all.get(c).copied().flatten() {
                    a = a.min(ca);
                    b = b.max(cb);
                }
                if syn.deprel[c] != "punct" {
                    if let Some((ca, cb)) = without_punct.get(c).copied().flatten() {
                        pa = pa.min(ca);
                        pb = pb.max(cb);
                    }
                }
            }
            all[t] = Some((a, b));
            without_punct[t] = Some((pa, pb));
        }
        SubtreeSpans { all, without_punct }
    }
}

impl<'a> View<'a> {
    fn new(doc: &'a Doc, syn: &'a Syntax, model: &CueModel) -> View<'a> {
        let n = doc.tokens.len();
        let children = syn.children();
        let sent_of = doc.sentence_of_tokens();
        let (run_of, run_tokens) = doc.quote_run_tokens();
        // Verbs are cues when the model learned from PolNeAR says so; the
        // lexicon is kept for "according to", which has a path of its own.
        let ctx = crate::cues::CueContext::new(doc, syn, &children, &run_of, &sent_of);
        let mut feats = Vec::with_capacity(48);
        let mut cue: Vec<bool> = (0..n)
            .map(|i| {
                if syn.upos[i] != "VERB" || doc.token_text(i).eq_ignore_ascii_case("according") {
                    return false;
                }
                feats.clear();
                ctx.features(i, &mut feats);
                let score = model.weights().score(&feats);
                tracing::trace!(token = i, text = doc.token_text(i), score, "cue model");
                // "call for" and "call on" are cues whatever the model
                // makes of the context (PolNeAR train: 66 of 67).
                let demand = syn.lemma[i] == "call" && i + 1 < n && matches!(doc.token_text(i + 1), "for" | "on");
                score > 0.0 || demand
            })
            .collect();
        let mut catenative_of = HashMap::new();
        for v in 0..n {
            if !cue[v] {
                continue;
            }
            // Any cue whose infinitive is a cue too makes one cue with it
            // ("refused to pledge", "appeared to suggest", "wanted to know").
            let catenative = CATENATIVE_CUES.contains(&syn.lemma[v].as_str());
            // A particle may come between: "went on | to say".
            let particle = (v + 1 < n
                && syn.head[v + 1] == Some(v)
                && (syn.deprel[v + 1] == "compound:prt" || doc.token_text(v + 1).eq_ignore_ascii_case("on")))
                as usize;
            let inner = children[v].iter().copied().find(|&x| {
                (syn.deprel[x] == "xcomp" || (particle == 1 && syn.deprel[x] == "advcl"))
                    && syn.upos[x] == "VERB"
                    && x == v + 2 + particle
                    && doc.token_text(v + 1 + particle).eq_ignore_ascii_case("to")
                    && (catenative
                        // but "declined | to comment" (PolNeAR train: 30 to 4)
                        || (syn.lemma[v] != "decline"
                            && (cue[x] || SPEECH_INFINITIVES.contains(&syn.lemma[x].as_str()))))
            });
            // And a gerund right after "began", "started", "kept":
            // "began writing", "started publishing" (PolNeAR train: the bare
            // "began" and "started" fall short of the gold cue 17 times,
            // right 3).
            let gerund = (matches!(syn.lemma[v].as_str(), "begin" | "start" | "continue" | "keep") && v + 1 < n)
                .then_some(v + 1)
                .filter(|&x| syn.head[x] == Some(v) && syn.deprel[x] == "xcomp" && syn.xpos[x] == "VBG");
            if let Some(x) = inner.or(gerund) {
                cue[v] = false;
                cue[x] = true;
                catenative_of.insert(x, v);
            }
        }
        // "Writing on the ministry's website, he urged …": a participle of
        // writing or speaking before the verb it hangs on, with a place to
        // appear in and nothing said of its own, is the medium of that
        // verb's statement (see `circumstances`), not a statement.
        for v in 0..n {
            let medium_clause = cue[v]
                && syn.deprel[v] == "advcl"
                && syn.xpos[v] == "VBG"
                && syn.head[v].is_some_and(|h| h > v)
                && matches!(syn.lemma[v].as_str(), "write" | "speak" | "post" | "tweet" | "talk")
                && children[v].iter().any(|&c| {
                    syn.deprel[c] == "obl"
                        && children[c].iter().any(|&k| {
                            syn.deprel[k] == "case" && matches!(lower(doc.token_text(k)).as_ref(), "on" | "in" | "at")
                        })
                })
                && !children[v]
                    .iter()
                    .any(|&c| matches!(syn.deprel[c], "ccomp" | "obj" | "iobj" | "xcomp" | "parataxis"));
            if medium_clause {
                cue[v] = false;
            }
        }
        let mut view = View {
            doc,
            syn,
            children,
            sent_of,
            run_of,
            run_tokens,
            names: Vec::new(),
            fullest_by_last_word: HashMap::new(),
            gender_by_name: HashMap::new(),
            gender_by_surname: HashMap::new(),
            content_words: Default::default(),
            cue,
            catenative_of,
            subtree_spans: SubtreeSpans::default(),
            punct_stretch_start: Vec::new(),
            runs_in_order: false,
            subjects: (0..n)
                .filter(|&t| syn.deprel[t].starts_with("nsubj"))
                .filter_map(|t| syn.head[t].map(|h| (h, t)))
                .collect(),
            anonymous_sentences: doc
                .sentences
                .iter()
                .map(|s| {
                    s.tokens.clone().any(|t| {
                        let w = doc.token_text(t);
                        w.as_bytes()
                            .first()
                            .is_some_and(|b| matches!(b, b'a' | b'A' | b'u' | b'U'))
                            && ANONYMITY_MARKERS.contains(&lower(w).as_ref())
                    })
                })
                .collect(),
        };
        view.subjects.sort_unstable();
        view.runs_in_order = view.run_tokens.windows(2).all(|w| w[0].1 < w[1].0 && w[0].0 <= w[0].1);
        view.punct_stretch_start = Vec::with_capacity(n + 1);
        view.punct_stretch_start.push(0);
        for t in 0..n {
            let from = if view.is_punct(t) {
                view.punct_stretch_start[t]
            } else {
                t + 1
            };
            view.punct_stretch_start.push(from);
        }
        view.subtree_spans = SubtreeSpans::new(syn, &view.children);
        view.names = view.name_mentions();
        // The longest name, and of those the first, as a scan would pick.
        let mut fullest: HashMap<String, usize> = HashMap::new();
        for (i, m) in view.names.iter().enumerate() {
            let key = |m: &NameMention| (m.last - m.first, std::cmp::Reverse(m.first));
            let entry = fullest.entry(view.text(m.last).to_string()).or_insert(i);
            if key(m) >= key(&view.names[*entry]) {
                *entry = i;
            }
        }
        view.fullest_by_last_word = fullest;
        (view.gender_by_name, view.gender_by_surname) = view.document_genders();
        view
    }

    /// The name mention holding token `i` (names are in text order and do
    /// not overlap).
    fn name_at(&self, i: usize) -> Option<&NameMention> {
        let k = self.names.partition_point(|m| m.last < i);
        self.names.get(k).filter(|m| m.first <= i)
    }

    /// The attributions found so far that a search over earlier ones looks
    /// at: the latest [`DONE_WINDOW`] found. Past it a page of thousands of
    /// quotations made every new one scan all the others.
    fn recent<'q>(&self, done: &'q [(usize, Quote)]) -> (usize, &'q [(usize, Quote)]) {
        let from = done.len().saturating_sub(DONE_WINDOW);
        (from, &done[from..])
    }

    fn text(&self, i: usize) -> &str {
        self.doc.token_text(i)
    }

    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.doc.tokens[a].span.start, self.doc.tokens[b].span.end)
    }

    fn is_punct(&self, i: usize) -> bool {
        self.syn.upos[i] == "PUNCT"
    }

    fn is_quote_mark(&self, i: usize) -> bool {
        matches!(self.text(i), "“" | "”" | "\"" | "«" | "»" | "``" | "''" | "‘" | "’")
    }

    fn child_with(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.syn.deprel[c]))
    }

    /// The preposition of `k` (its `case` dependent), lower-cased.
    fn preposition(&self, k: usize) -> Option<String> {
        self.child_with(k, &["case"]).map(|p| lower(self.text(p)).into_owned())
    }

    /// Token range of the subtree of `i`, leaving out children whose
    /// relation is in `skip`.
    fn subtree(&self, i: usize, skip: &[&str]) -> (usize, usize) {
        let cached = match skip {
            [] => self.subtree_spans.all.get(i),
            ["punct"] => self.subtree_spans.without_punct.get(i),
            _ => None,
        };
        if let Some(&Some(span)) = cached {
            return span;
        }
        self.subtree_skipping_at_head(i, &[], skip)
    }

    /// [`View::subtree`] that also leaves out the children of `i` itself
    /// whose relation is in `at_head`.
    fn subtree_skipping_at_head(&self, i: usize, at_head: &[&str], skip: &[&str]) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            lo = lo.min(t);
            hi = hi.max(t);
            for &c in &self.children[t] {
                let rel = self.syn.deprel[c];
                let skipped = skip.contains(&rel) || (t == i && at_head.contains(&rel));
                if !skipped {
                    stack.push(c);
                }
            }
        }
        (lo, hi)
    }

    /// Drop punctuation at both ends (keeping quotation marks when `keep_quotes`).
    fn trim(&self, mut a: usize, mut b: usize, keep_quotes: bool) -> Option<(usize, usize)> {
        while a <= b && self.is_punct(a) && !(keep_quotes && self.is_quote_mark(a)) {
            a += 1;
        }
        // A dangling conjunction never ends a content (the comma before it
        // goes with the punctuation below): "they want “justice for
        // Terrence,” but".
        while b > a && matches!(self.syn.upos[b], "CCONJ" | "SCONJ") {
            b -= 1;
        }
        while b > a && self.is_punct(b) && !(keep_quotes && self.is_quote_mark(b)) {
            // Keep a closing bracket whose opening one is inside: "(D-N.Y.)".
            if matches!(self.text(b), ")" | "]") && (a..b).any(|t| matches!(self.text(t), "(" | "[")) {
                break;
            }
            b -= 1;
        }
        (a <= b && !(a == b && self.is_punct(a))).then_some((a, b))
    }

    fn is_cue(&self, i: usize) -> bool {
        self.cue[i]
    }

    fn extract(&self) -> Vec<Quote> {
        let n = self.doc.tokens.len();
        let mut quotes: Vec<(usize, Quote)> = Vec::new(); // (sort key: first token)
        let mut used_runs: HashSet<usize> = HashSet::new();
        let mut used_cues: HashSet<usize> = HashSet::new();
        // Cues tied to a quotation claim it first, so that a partial quote
        // ("calling them “groundless”") is not swallowed by a wider clause.
        for pass in [Pass::QuoteLinked, Pass::Clausal] {
            for v in 0..n {
                // A document over its budget stops here (the pipeline drops
                // what was found).
                if v % 512 == 0 && text::budget::exhausted().is_some() {
                    break;
                }
                if self.is_cue(v) && !used_cues.contains(&v) {
                    if let Some(q) = self.attribution_of_cue(v, pass, &mut used_runs, &quotes) {
                        used_cues.insert(v);
                        quotes.push(q);
                    }
                } else if pass == Pass::Clausal
                    && self.text(v).eq_ignore_ascii_case("according")
                    && v + 1 < n
                    && self.text(v + 1).eq_ignore_ascii_case("to")
                    // Inside a quotation it is the speaker's words ("we are
                    // running it exactly according to the way …").
                    && self.run_of[v].is_none()
                {
                    if let Some(q) = self.according_to(v) {
                        quotes.push(q);
                    }
                } else if pass == Pass::Clausal && self.text(v).eq_ignore_ascii_case("reportedly") {
                    if let Some(q) = self.reportedly(v) {
                        quotes.push(q);
                    }
                }
            }
        }
        // "NAME: words" at the start of a paragraph: a headline or a
        // transcript line.
        for p in 0..self.doc.paragraphs.len() {
            if let Some(q) = self.colon_attribution(p) {
                if let Some(r) = self.run_of[q.0] {
                    used_runs.insert(r);
                }
                quotes.push(q);
            }
        }
        // Quotations no cue claimed.
        for (ri, &(a, b)) in self.run_tokens.iter().enumerate() {
            if used_runs.contains(&ri) || b < a {
                continue;
            }
            let q = self
                .dash_attribution(a, b)
                .or_else(|| self.unclaimed_run(ri, a, b, &quotes, &used_cues));
            if let Some(q) = q {
                quotes.push(q);
            }
        }
        // Into text order (a stable sort, so ties keep the order found);
        // `repeats` pointed into the order found.
        let mut order: Vec<usize> = (0..quotes.len()).collect();
        order.sort_by_key(|&i| quotes[i].0);
        let mut new_index = vec![0; quotes.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut slots: Vec<Option<Quote>> = quotes.into_iter().map(|(_, q)| Some(q)).collect();
        order
            .iter()
            .filter_map(|&old| slots[old].take())
            .map(|mut q| {
                q.repeats = q.repeats.map(|r| new_index[r]);
                q
            })
            .collect()
    }

    fn run_of_range(&self, a: usize, b: usize) -> Option<usize> {
        let r = self.run_of[a]?;
        (self.run_of[b] == Some(r)).then_some(r)
    }

    /// Quote runs in sentence `s` not yet used.
    fn runs_in_sentence(&self, s: usize, used: &HashSet<usize>) -> Vec<usize> {
        // Runs in text order: only those that may touch the sentence.
        let range = if self.runs_in_order {
            let sent = &self.doc.sentences[s].tokens;
            self.run_tokens.partition_point(|r| r.1 < sent.start)..self.run_tokens.partition_point(|r| r.0 < sent.end)
        } else {
            0..self.run_tokens.len()
        };
        range
            .filter(|r| !used.contains(r))
            .filter(|&r| {
                let (a, b) = self.run_tokens[r];
                b >= a && (self.sent_of[a] == s || self.sent_of[b] == s)
            })
            .collect()
    }

    /// Whether token `t` is in the subtree of token `v`.
    fn descends_from(&self, t: usize, v: usize) -> bool {
        let mut x = t;
        for _ in 0..32 {
            match self.syn.head[x] {
                Some(h) if h == v => return true,
                Some(h) => x = h,
                None => return false,
            }
        }
        false
    }
}
