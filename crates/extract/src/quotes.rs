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

use std::collections::{HashMap, HashSet};

use text::{Doc, EntityType, Medium, Quote, QuoteKind, Resolution, SourceKind, Span, Speaker, Syntax};

use crate::cues::CueModel;
use crate::gender::{honorific_gender, name_gender, pronoun_gender, Gender};
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
}

/// Verbs whose infinitive carries the statement: "continued to call for",
/// "tried to make the case". After a predicted cue on one of these,
/// PolNeAR train marks the pair as one cue 58 times and the first verb
/// alone once.
const CATENATIVE_CUES: &[&str] = &[
    "continue", "try", "struggle", "manage", "begin", "start", "tend", "fail",
];

/// Paragraph labels before a colon that name no speaker.
const COLON_LABELS: &[&str] = &[
    "q",
    "a",
    "update",
    "updated",
    "correction",
    "clarification",
    "email",
    "e-mail",
    "byline",
    "twitter",
    "name",
    "age",
    "city",
    "exclusive",
    "breaking",
    "boom",
    "bombshell",
    "source",
    "sources",
    "video",
    "photo",
    "photos",
    "watch",
    "read",
    "note",
    "editor's note",
    "related",
    "contact",
    "follow",
    "tags",
    "image",
    "credit",
    "disclosure",
    "reporting",
    "delegate update",
    "transcript",
    "listen",
    "see also",
    "more",
    "also",
    "opinion",
    "analysis",
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

/// Verbs that give a thing a name or a label: "called it “a disgrace”".
const NAMING_CUES: &[&str] = &[
    "call",
    "label",
    "dub",
    "describe",
    "term",
    "brand",
    "deem",
    "characterize",
    "name",
];

/// Verbs whose subject "it" stands for no one ("it seems", "it was
/// thought", "it goes without saying").
const IMPERSONAL_WITH_IT: &[&str] = &[
    "seem", "appear", "be", "become", "learn", "think", "believe", "expect", "go", "remain", "turn", "happen",
];

fn is_date_word(s: &str) -> bool {
    WEEKDAYS.contains(&s)
        || MONTHS.contains(&s)
        || matches!(s, "Jan." | "Feb." | "Aug." | "Sept." | "Oct." | "Nov." | "Dec.")
}

/// Verbs of pointing at something, whose "to" opens what was said about
/// ("pointed to rising costs"); after other verbs "to" is mostly an
/// addressee ("shouted to the crowd").
/// A party and state label after a politician's name ("D-Ill.", "R-Ky",
/// "I-Vt."): it says who the person is, but it is no name.
fn is_party_label(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3 && matches!(b[0], b'D' | b'R' | b'I') && b[1] == b'-' && b[2].is_ascii_uppercase()
}

fn takes_to(lemma: &str) -> bool {
    matches!(
        lemma,
        "point" | "refer" | "object" | "allude" | "link" | "liken" | "compare"
    )
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

    /// The runs that can be the quotation of cue `v` in sentence `sent`
    /// when it closes the sentence: those ending before it with nothing but
    /// punctuation between, and those starting within three tokens after
    /// `v` past the sentence's end; all runs, in order, when the runs are
    /// not in text order. Looking at every run of the document for every
    /// cue is quadratic in its length.
    fn runs_next_to_sentence(&self, v: usize, sent: &std::ops::Range<usize>) -> Box<dyn Iterator<Item = usize> + '_> {
        if !self.runs_in_order {
            return Box::new(0..self.run_tokens.len());
        }
        let punct_from = self.punct_stretch_start.get(sent.start).copied().unwrap_or(sent.start);
        let before_lo = self.run_tokens.partition_point(|&(_, rb)| rb + 1 < punct_from);
        let before_hi = self.run_tokens.partition_point(|&(_, rb)| rb < sent.start);
        let after_lo = self.run_tokens.partition_point(|&(ra, _)| ra < sent.end);
        let after_hi = self.run_tokens.partition_point(|&(ra, _)| ra <= v + 3);
        Box::new((before_lo..before_hi.max(before_lo)).chain(after_lo..after_hi.max(after_lo)))
    }

    fn is_cue(&self, i: usize) -> bool {
        self.cue[i]
    }

    /// Proper-noun runs, with the titles before them split off.
    fn name_mentions(&self) -> Vec<NameMention> {
        let mut out = Vec::new();
        let n = self.doc.tokens.len();
        let mut i = 0;
        while i < n {
            if self.syn.upos[i] != "PROPN" {
                i += 1;
                continue;
            }
            let start = i;
            // A hyphen with no space on either side joins two names into
            // one: "Dina Temple-Raston".
            let joining_hyphen = |i: usize| {
                matches!(self.text(i), "-" | "‐")
                    && i > start
                    && i + 1 < n
                    && self.syn.upos[i + 1] == "PROPN"
                    && self.doc.tokens[i - 1].span.end == self.doc.tokens[i].span.start
                    && self.doc.tokens[i].span.end == self.doc.tokens[i + 1].span.start
            };
            while i < n
                && (self.syn.upos[i] == "PROPN"
                    || joining_hyphen(i)
                    || (matches!(self.text(i), "De" | "de" | "van" | "von" | "bin" | "al")
                        && i + 1 < n
                        && self.syn.upos[i + 1] == "PROPN"))
                && self.sent_of[i] == self.sent_of[start]
            {
                i += 1;
            }
            let end = i - 1;
            // The name starts after the last title word in the run:
            // "Transport Minister Alan Reyes" → "Alan Reyes".
            let mut titles: Vec<String> = Vec::new();
            let mut first = start;
            if let Some(last_title) = (start..end)
                .rev()
                .find(|&t| TITLE_WORDS.contains(&lower(self.text(t)).as_ref()))
            {
                titles.extend((start..=last_title).map(|t| lower(self.text(t)).into_owned()));
                first = last_title + 1;
            }
            // Role words just before the run: "ministry spokesperson Lin Jian".
            let mut k = start;
            while k > 0 && start - k < 4 && self.sent_of[k - 1] == self.sent_of[start] {
                let w = lower(self.text(k - 1));
                if matches!(self.syn.upos[k - 1], "NOUN" | "ADJ" | "PROPN")
                    && (TITLE_WORDS.contains(&w.as_ref())
                        || ROLE_NOUNS.contains(&w.as_ref())
                        || INSTITUTION_WORDS.contains(&w.as_ref()))
                {
                    titles.push(w.into_owned());
                    k -= 1;
                } else {
                    break;
                }
            }
            let name = self
                .doc
                .slice(self.span(first, end))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push(NameMention {
                first,
                last: end,
                name,
                titles,
            });
        }
        out
    }

    /// Where a source after its cue ends: at the end of the sentence when
    /// what follows the name describes the speaker ("…,” said Tim Hess, a
    /// real estate developer in Virginia, who introduced Mr. Clarke to his
    /// banking contacts.), as PolNeAR marks it; the parser often hangs such
    /// a tail on the verb or the quotation instead. A tail that opens with
    /// a verb or a preposition (", adding …", "in a statement") is the
    /// cue's, and one holding a quotation or another cue is a new statement.
    fn inverted_source_end(&self, b: usize) -> usize {
        let end = self.doc.sentences[self.sent_of[b]].tokens.end - 1;
        let Some(first) = (b + 1..=end).find(|&t| !self.is_punct(t)) else {
            return b;
        };
        if first == b + 1
            || !(b + 1..first).any(|t| matches!(self.text(t), "," | "("))
            || matches!(self.syn.upos[first], "VERB" | "AUX" | "ADP" | "SCONJ" | "CCONJ")
            || (first..=end).any(|t| self.run_of[t].is_some() || self.is_cue(t))
        {
            return b;
        }
        self.trim(b, end, false).map_or(b, |(_, e)| e)
    }

    /// The fullest name in the document that ends with the same word as the
    /// mention containing token `i`.
    fn fullest_name(&self, i: usize) -> Option<String> {
        let m = self.name_at(i)?;
        let o = self.fullest_by_last_word.get(self.text(m.last))?;
        Some(self.names[*o].name.clone())
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

    fn attribution_of_cue(
        &self,
        v: usize,
        pass: Pass,
        used_runs: &mut HashSet<usize>,
        done: &[(usize, Quote)],
    ) -> Option<(usize, Quote)> {
        let deprel = self.syn.deprel[v];
        let s = self.sent_of[v];
        let mut content: Vec<(usize, usize)> = Vec::new();
        let mut kind = QuoteKind::Indirect;
        let mut runs_taken: Vec<usize> = Vec::new();
        // The last token of the cue when a preposition introduces the
        // content ("called for", "pointed to").
        let mut cue_end: Option<usize> = None;
        let in_quote = self.run_of[v].is_some();
        if in_quote {
            return None; // a verb inside a quotation is the speaker's words, not a cue
        }
        // 0. A quotation right after the cue's colon is what was said, even
        // when the sentence before the cue reads like reported speech too
        // ("… some kind of news, Kall said: “I feel like …”").
        // The source may stand between when inverted ("Said Ellis: “…”"),
        // or the one spoken to ("scolded him: “…”").
        let mut colon = self.particle_end(v) + 1;
        if let Some(n) = self.children[v]
            .iter()
            .copied()
            .find(|&n| matches!(self.syn.deprel[n], "nsubj" | "obj" | "iobj") && self.subtree(n, &["punct"]).0 == colon)
        {
            colon = self.subtree(n, &["punct"]).1 + 1;
        }
        if colon + 1 < self.doc.tokens.len() && self.text(colon) == ":" {
            if let Some(r) =
                self.run_of[colon + 1].filter(|&r| self.run_tokens[r].0 == colon + 1 && !used_runs.contains(&r))
            {
                content.push(self.run_tokens[r]);
                runs_taken.push(r);
                kind = QuoteKind::Direct;
            }
        }
        // A colon that ends the paragraph hands it the next one ("The
        // governor added: ¶ It's typical of …"): in PolNeAR train that
        // paragraph is the content 17 times of 26, the rest run on.
        if content.is_empty() && colon + 1 < self.doc.tokens.len() && self.text(colon) == ":" {
            if let Some(next) = self.paragraph_after(colon).filter(|&(a, _)| self.run_of[a].is_none()) {
                content.push(next);
            }
        }
        // 1. A clausal complement.
        let clause = if pass == Pass::Clausal && content.is_empty() {
            self.child_with(v, &["ccomp"])
                .or_else(|| {
                    self.child_with(v, &["parataxis"])
                        .filter(|&c| self.run_of[c].is_some() || (c > v && matches!(self.syn.upos[c], "VERB" | "AUX")))
                })
                // An embedded question the parser made an adverbial:
                // "isn't saying if the foundation violated any laws".
                .or_else(|| {
                    self.children[v].iter().copied().find(|&c| {
                        c > v
                            && self.syn.deprel[c] == "advcl"
                            && self
                                .child_with(c, &["mark"])
                                .is_some_and(|m| matches!(lower(self.text(m)).as_ref(), "if" | "whether"))
                    })
                })
                .or_else(|| self.that_clause_after(v))
                .or_else(|| self.second_subject(v))
                .or_else(|| self.clause_right_after(v))
                // A clause the parser hung on this cue that opens right
                // after a nearer cue is that cue's.
                .filter(|&c| {
                    let start = self.subtree(c, &[]).0;
                    !(v + 1..start).any(|w| self.clause_right_after(w) == Some(c))
                })
        } else {
            None
        };
        if let Some(c) = clause {
            let (mut a, mut b) = self.subtree(c, &[]);
            // A cue coordinated inside the clause ("… were disturbing | but
            // did not say whether …") starts an attribution of its own.
            if let Some(t) = (c + 1..=b)
                .find(|&t| self.is_cue(t) && self.syn.deprel[t] == "conj" && self.run_of[t].is_none() && t != v)
            {
                let mut start = t;
                while start > c + 1 && self.syn.head[start - 1] == Some(t) {
                    start -= 1;
                }
                if start > c + 1 {
                    b = start - 1;
                }
            }
            // The clause's subject taken for the cue's object ("said the
            // courts have no business …") is part of the content.
            if c > v {
                if let Some(o) = self.children[v]
                    .iter()
                    .copied()
                    .filter(|&o| o > v && o < a && matches!(self.syn.deprel[o], "obj" | "nsubj"))
                    // Not an addressee before "that": "told The Washington
                    // Post that …".
                    // Only punctuation may stand between: "say the program,
                    // run by the Department of Homeland Security, | has
                    // brought …".
                    .filter(|&o| {
                        let end = self.subtree(o, &[]).1;
                        end < a && (end + 1..a).all(|t| self.is_punct(t)) && !lower(self.text(a)).eq("that")
                    })
                    .min()
                {
                    a = self.subtree(o, &[]).0;
                }
            }
            // A trailing participial clause after a comma ("…, forcing them
            // to …") comments on the content; it is not part of it.
            if let Some(tail) = self.children[c]
                .iter()
                .copied()
                .filter(|&k| k > c && self.syn.deprel[k] == "advcl" && self.syn.xpos[k] == "VBG")
                .min()
            {
                let start = self.subtree(tail, &[]).0;
                if start > a && self.text(start - 1) == "," {
                    b = start - 1;
                }
            } else if c > v && self.run_of[c].is_none() {
                // Reported speech after its cue usually runs to the end of
                // the sentence, whatever the parser attached elsewhere,
                // quotations included ("there was “no evidence” yet that
                // …"); stop at a participial comment, an "according to" or
                // another cue.
                b = self.run_on_end(c, b);
            }
            let (a, b) = self.trim(a, b, true)?;
            if let Some(r) = self
                .run_of_range(
                    a.max(
                        self.run_tokens
                            .get(self.run_of[c].unwrap_or(usize::MAX))
                            .map_or(a, |x| x.0),
                    ),
                    b,
                )
                .filter(|&r| {
                    let (ra, rb) = self.run_tokens[r];
                    ra <= a + 1 && rb + 1 >= b
                })
            {
                content.push(self.run_tokens[r]);
                runs_taken.push(r);
                kind = QuoteKind::Direct;
            } else {
                // A quotation that starts inside the clause and closes just
                // after it ("… would last “as long as it takes.”") belongs to it.
                let b = self.extend_to_closing_run(a, b);
                let mut has_quote = false;
                for r in self.runs_starting_within(a, b + 1) {
                    let (ra, rb) = self.run_tokens[r];
                    if ra >= a && rb <= b {
                        has_quote = true;
                        runs_taken.push(r);
                    }
                }
                content.push((a, b));
                if has_quote {
                    kind = QuoteKind::Mixed;
                }
            }
        }
        // 2. The cue hangs from a verb inside a quotation: "“…,” he said".
        if content.is_empty() && pass == Pass::QuoteLinked {
            if let Some(h) = self.syn.head[v] {
                if let Some(r) = self.run_of[h].filter(|r| !used_runs.contains(r)) {
                    if matches!(deprel, "parataxis" | "ccomp" | "advcl" | "conj" | "root") || self.sent_of[h] == s {
                        content.push(self.run_tokens[r]);
                        runs_taken.push(r);
                        kind = QuoteKind::Direct;
                    }
                }
            }
        }
        // 3. A quotation as the complement: "calling them “groundless”".
        if content.is_empty() && pass == Pass::QuoteLinked {
            for &c in &self.children[v] {
                if matches!(self.syn.deprel[c], "xcomp" | "obj" | "advcl" | "obl") {
                    let (a, b) = self.subtree(c, &[]);
                    let probe = if self.is_quote_mark(a) || self.run_of[a].is_none() {
                        b
                    } else {
                        a
                    };
                    if let Some(r) = self.run_of[probe].or(self.run_of[a]).filter(|r| !used_runs.contains(r)) {
                        let (ra, rb) = self.run_tokens[r];
                        if ra <= a + 1 && ra + 1 >= a && rb <= b + 2 && rb + 2 >= b {
                            content.push((ra, rb));
                            runs_taken.push(r);
                            // A long quotation before its cue is a whole
                            // statement ("“This museum tells …,” Mr. Bush
                            // declared"), whatever the parser hung it as.
                            kind = if (self.syn.deprel[c] == "obj" || rb < v) && rb - ra > 6 {
                                QuoteKind::Direct
                            } else {
                                QuoteKind::Partial
                            };
                            // "calling them “groundless”", "called the
                            // walkout “regrettable”": the object the quoted
                            // words predicate of is part of what was said
                            // (PolNeAR marks it so in most of its 129 such
                            // "call" contents in train).
                            if kind == QuoteKind::Partial {
                                let object = self.children[v].iter().copied().find(|&o| {
                                    o > v && o < ra && self.syn.deprel[o] == "obj" && self.run_of[o].is_none()
                                });
                                if let Some(o) = object {
                                    let (oa, ob) = self.subtree(o, &["punct"]);
                                    if oa > v && ob < ra && (ob + 1..ra).all(|t| self.is_punct(t)) {
                                        content[0].0 = oa;
                                    }
                                }
                            }
                            break;
                        }
                    }
                }
            }
        }
        // 4. A quotation next to the cue in its sentence.
        if content.is_empty() && pass == Pass::Clausal {
            let sent_start = self.doc.sentences[s].tokens.start;
            for r in self.runs_in_sentence(s, used_runs) {
                let (ra, rb) = self.run_tokens[r];
                // A long source may stand between: "“…,” White House Press
                // Secretary Josh Earnest said."
                let before = rb < v
                    && (v - rb <= 4
                        || self.subject_fills(v, rb + 1..=rb + 2)
                        || self.name_before(v).is_some_and(|(_, a)| a == rb + 1));
                let after = ra > v && ra - v <= 3;
                let words = (ra..=rb).filter(|&t| !self.is_punct(t)).count();
                // A short quotation that opens the sentence and closes on a
                // comma before its cue is a statement too: "“I would,”
                // Melanie said to the TV."
                let opens_and_hands_over =
                    before && rb > ra + 1 && self.text(rb - 1) == "," && (sent_start..ra).all(|t| self.is_punct(t));
                if (before || after) && (words >= 4 || opens_and_hands_over) {
                    content.push((ra, rb));
                    runs_taken.push(r);
                    kind = QuoteKind::Direct;
                    break;
                }
            }
        }
        // 4a. A quotation that the sentence splitter cut off from its cue:
        // "“… in our country?” Clinton said." and "Caddell continued:"
        // before a quoted paragraph.
        if content.is_empty() && pass == Pass::Clausal {
            let sent = &self.doc.sentences[s].tokens;
            // Only circumstances may follow the cue: "… Trump said, looking
            // out on the cheering crowd."
            let closes_sentence = (v + 1..sent.end).all(|t| self.run_of[t].is_none())
                && self.children[v].iter().all(|&k| {
                    k < v
                        || self.is_punct(k)
                        || matches!(
                            self.syn.deprel[k],
                            "advcl" | "obl" | "advmod" | "obl:tmod" | "obl:unmarked" | "compound:prt"
                        )
                });
            let only_punct = |a: usize, b: usize| (a..b).all(|t| self.is_punct(t));
            let fills_sentence_start = std::cell::OnceCell::new();
            let found = self
                .runs_next_to_sentence(v, sent)
                .filter(|r| !used_runs.contains(r))
                .find(|&r| {
                    let (ra, rb) = self.run_tokens[r];
                    if rb < sent.start {
                        // Before: the cue's sentence is "NAME said." right after it.
                        closes_sentence
                            && only_punct(rb + 1, sent.start)
                            // A long source may fill the sentence up to the cue:
                            // "Scott's niece, state Del. Marcia “Cia” Price
                            // (D-Newport News), shouted to the crowd."
                            && ((v - sent.start <= 6 && v.saturating_sub(rb) <= 8)
                                || *fills_sentence_start.get_or_init(|| self.subject_fills(v, 0..=sent.start + 1)))
                    } else if ra >= sent.end {
                        // After: "… continued:" ends its sentence or paragraph.
                        v + 1 < sent.end && self.text(v + 1) == ":" && only_punct(v + 1, ra) && ra - v <= 3
                    } else {
                        false
                    }
                });
            if let Some(r) = found {
                content.push(self.run_tokens[r]);
                runs_taken.push(r);
                kind = QuoteKind::Direct;
            }
        }
        // 4b. "…, the union said." The cue closes the sentence and hangs
        // from its main verb: the content is what comes before the source.
        // The parser may also coordinate it with the main verb ("…, other
        // studies have shown.").
        // Only punctuation, a time, a medium or whom it was told may follow:
        // "…, Sen. Lindsey Graham told The Huffington Post on Thursday."
        let closes_sentence = || {
            let end = self.doc.sentences[s].tokens.end;
            let circumstance = |k: usize| {
                matches!(self.syn.deprel[k], "obl:tmod" | "obl:unmarked" | "advmod")
                    || (self.syn.deprel[k] == "obl" && self.is_time_or_medium(k))
                    || (matches!(self.syn.deprel[k], "obj" | "iobj")
                        && self.syn.lemma[v] == "tell"
                        && matches!(self.syn.upos[k], "PROPN" | "PRON"))
            };
            // Every word after the cue hangs from it through a circumstance.
            (v + 1..end).all(|t| {
                self.is_punct(t)
                    || (self.run_of[t].is_none() && {
                        let mut x = t;
                        while self.syn.head[x].is_some_and(|h| h != v && h > v) {
                            x = self.syn.head[x].unwrap_or(v);
                        }
                        self.syn.head[x] == Some(v) && !self.is_punct(x) && circumstance(x)
                    })
            })
        };
        if content.is_empty()
            && pass == Pass::Clausal
            && (matches!(deprel, "parataxis" | "ccomp")
                || (matches!(deprel, "conj" | "root") && closes_sentence())
                || (deprel == "advcl" && closes_sentence() && self.child_with(v, &["mark"]).is_none())
                // Or hang it as a relative clause: "… was not wearing a
                // recording device, police said."
                || (matches!(deprel, "acl:relcl" | "acl") && closes_sentence()))
        {
            let sent_start = self.doc.sentences[s].tokens.start;
            // As the root, the cue took the statement's words as its own
            // dependents ("… a compact among developed economies, he said.").
            let start = if matches!(deprel, "root" | "acl:relcl" | "acl") {
                Some(sent_start)
            } else {
                self.syn.head[v]
                    .filter(|&h| h < v && self.run_of[h].is_none())
                    .map(|h| sent_start.max(self.subtree(h, &[]).0))
            };
            if let Some(start) = start {
                let subj_start = self.children[v]
                    .iter()
                    .copied()
                    .filter(|&n| n < v && matches!(self.syn.deprel[n], "nsubj" | "nsubj:pass"))
                    .max()
                    .map(|n| self.subtree(n, &[]).0)
                    .or_else(|| self.name_before(v).map(|(_, a)| a))
                    .unwrap_or(usize::MAX);
                if subj_start != usize::MAX
                    && subj_start > start + 2
                    && subj_start < v + 2
                    && (!matches!(deprel, "conj" | "root" | "advcl" | "acl:relcl" | "acl")
                        || self.text(subj_start - 1) == ","
                        // "… are “very, very pro-Bernie,” | Kilfoyle said."
                        || (self.is_quote_mark(subj_start - 1) && self.text(subj_start - 2) == ","))
                    && !matches!(lower(self.text(subj_start)).as_ref(), "who" | "which" | "that" | "whom")
                    && (start..subj_start).all(|t| self.run_of[t].is_none_or(|r| !used_runs.contains(&r)))
                {
                    if let Some((a, b)) = self.trim(start, subj_start.min(v) - 1, true) {
                        content.push((a, b));
                    }
                }
            }
        }
        // 4b'. The cue inverted after its content, with the parser
        // coordinating it with the content's verb: "… but it has attracted
        // a loyal following, | said Ms. Gil, | with games of …". The
        // content runs from that verb's first word to the comma.
        if content.is_empty()
            && pass == Pass::Clausal
            && deprel == "conj"
            && v > 1
            && self.text(v - 1) == ","
            && self.child_with(v, &["cc"]).is_none()
        {
            let inverted = self.children[v].iter().any(|&n| {
                n > v && matches!(self.syn.deprel[n], "nsubj" | "nsubj:pass") && self.subtree(n, &["punct"]).0 == v + 1
            });
            let head = self.syn.head[v].filter(|&h| h < v && self.run_of[h].is_none());
            if let (true, Some(h)) = (inverted, head) {
                let start = self.doc.sentences[s].tokens.start.max(self.subtree(h, &[]).0);
                if (start..v).all(|t| self.run_of[t].is_none()) {
                    if let Some(range) = self.trim(start, v - 2, true) {
                        content.push(range);
                    }
                }
            }
        }
        // 4c. A parenthetical cue between commas: "Acts of protest, Mr.
        // Obama said, are acts of patriotism". The content is the rest of
        // the sentence, in two parts.
        if content.is_empty()
            && pass == Pass::Clausal
            && self.children[v]
                .iter()
                .all(|&c| !matches!(self.syn.deprel[c], "ccomp" | "obj" | "xcomp"))
        {
            let sent = self.doc.sentences[s].tokens.clone();
            // The subject nearest the cue: the parser may give it the
            // clause's subject too ("The deal, Lopez said, was …").
            let nearest_subject = self.children[v]
                .iter()
                .copied()
                .filter(|&n| n < v && self.syn.deprel[n] == "nsubj")
                .max();
            if let Some(subj) = nearest_subject {
                let subj_start = self.subtree(subj, &[]).0;
                let after_cue = (v + 1..sent.end).find(|&t| self.text(t) == ",").filter(|&t| {
                    (v + 1..t).all(|k| self.syn.head[k].is_some_and(|h| h >= v && h < t) && self.run_of[k].is_none())
                });
                if subj_start > sent.start + 1
                    && self.text(subj_start - 1) == ","
                    && self.run_of[subj_start - 1].is_none()
                {
                    if let Some(comma) = after_cue {
                        let before = self.trim(sent.start, subj_start - 2, true);
                        let after = self.trim(comma + 1, sent.end - 1, true);
                        if let (Some(x), Some(y)) = (before, after) {
                            // Quotations may stand whole inside the second part
                            // ("…, whether it was … wearing a T-shirt with the
                            // words “I can't breathe.”"), which makes it mixed.
                            let mut inside: Vec<usize> = (y.0..=y.1).filter_map(|k| self.run_of[k]).collect();
                            inside.dedup();
                            // … unless another cue there introduces them
                            // ("she laughed and admitted “…”").
                            let whole = inside.iter().all(|&r| {
                                let (ra, rb) = self.run_tokens[r];
                                ra >= y.0 && rb <= y.1 && !used_runs.contains(&r)
                            }) && (inside.is_empty()
                                || (y.0..=y.1).all(|k| k == v || self.run_of[k].is_some() || !self.is_cue(k)));
                            if x.1 > x.0 && y.1 > y.0 && (x.0..=x.1).all(|k| self.run_of[k].is_none()) && whole {
                                content.push(x);
                                content.push(y);
                                if !inside.is_empty() {
                                    kind = QuoteKind::Mixed;
                                }
                                runs_taken.extend(inside);
                            }
                        }
                    }
                }
            }
        }
        // 4c'. The content fronted before the source, and the cue between
        // commas with more of the sentence after it, which the parser hung
        // on the cue: "The old mill was a landmark, Ms. Varga said, | until
        // it burned down". The rest is the content's second part.
        if content.len() == 1 && pass == Pass::Clausal && content[0].1 + 1 < v && self.text(content[0].1 + 1) == "," {
            let sent = self.doc.sentences[s].tokens.clone();
            let after_cue = (v + 1..sent.end).find(|&t| self.text(t) == ",").filter(|&t| {
                (v + 1..t).all(|k| self.syn.head[k].is_some_and(|h| h >= v && h < t) && self.run_of[k].is_none())
            });
            if let Some(comma) = after_cue {
                let hung_on_cue = self.children[v]
                    .iter()
                    .any(|&c| c > comma && matches!(self.syn.deprel[c], "advcl" | "conj" | "dep"));
                if let Some(y) = self.trim(comma + 1, sent.end - 1, true).filter(|_| hung_on_cue) {
                    if y.1 > y.0 && (y.0..=y.1).all(|k| self.run_of[k].is_none()) {
                        content.push(y);
                    }
                }
            }
        }
        // 4d. An impression with no one behind it: "Melania seems | to have
        // vanished", "Obama's veto is expected | to come before Friday".
        // The subject is what the impression is about, so it opens the
        // content, and there is no source (PolNeAR train: 221 of 263).
        let mut sourceless = false;
        if content.is_empty() && pass == Pass::Clausal {
            let raising = matches!(self.syn.lemma[v].as_str(), "seem" | "appear")
                || (self.syn.lemma[v] == "expect" && self.child_with(v, &["aux:pass"]).is_some());
            let complement = self.child_with(v, &["xcomp"]).filter(|&x| x > v && !self.is_cue(x));
            let subject = self.children[v]
                .iter()
                .copied()
                .find(|&n| n < v && matches!(self.syn.deprel[n], "nsubj" | "nsubj:pass" | "expl"));
            if let (true, Some(x), Some(n)) = (raising, complement, subject) {
                let (sa, sb) = self.subtree(n, &["punct"]);
                let (xa, xb) = self.object_and_complement(v, x);
                // An impersonal "it" before a clause is no part of it: "it
                // appeared | that Trump was …" (but "it seems | to work").
                let impersonal =
                    sa == sb && self.text(sa).eq_ignore_ascii_case("it") && !self.text(xa).eq_ignore_ascii_case("to");
                match (self.trim(sa, sb, true), self.trim(xa, xb, true)) {
                    (_, Some(clause)) if impersonal => {
                        content.push(clause);
                        sourceless = true;
                    }
                    (Some(first), Some(second)) => {
                        content.push(first);
                        content.push(second);
                        sourceless = true;
                    }
                    _ => {}
                }
            }
        }
        // 4f. A passive cue: what was mentioned, echoed or rejected is its
        // subject ("North Korea's ambitions | have barely been mentioned"),
        // or what follows "for"/"of" ("have been blamed for | introducing
        // cholera"); the agent is the source.
        let mut passive_agent = None;
        if content.is_empty() && pass == Pass::Clausal && self.child_with(v, &["aux:pass"]).is_some() {
            let subject = self.child_with(v, &["nsubj:pass"]).filter(|&n| n < v);
            let p = self.particle_end(v) + 1;
            let reason = (p + 1 < self.doc.tokens.len()
                && self.sent_of[p] == self.sent_of[v]
                && matches!(lower(self.text(p)).as_ref(), "for" | "of"))
            .then(|| self.syn.head[p].filter(|&h| h > p))
            .flatten();
            // The subject opens the content when it is what the cue is
            // about: "peacekeepers | have been blamed for | introducing
            // cholera", "it | is considered | a threat", "which | was
            // nominated | for a Daytime Emmy".
            let subject_range = subject.and_then(|n| {
                let (a, b) = self.subtree(n, &["punct"]);
                self.trim(a, b, true)
            });
            if let Some(h) = reason {
                let (_, b) = self.subtree(h, &["punct"]);
                if let Some(range) = self.trim(p + 1, b, true) {
                    content.extend(subject_range);
                    content.push(range);
                    cue_end = cue_end.max(Some(p));
                    sourceless = true;
                }
            } else if let (Some(first), Some(second)) = (subject_range, self.complement_after(v, &["as", "with"], true)) {
                content.push(first);
                content.push(second);
                match self.child_with(v, &["obl:agent"]) {
                    Some(g) => passive_agent = Some(g),
                    None => sourceless = true,
                }
            } else if let Some(range) = subject_range.filter(|_| {
                // What is found or seen is a fact, not something said:
                // "Chinese components have still been found in …".
                !matches!(
                    self.syn.lemma[v].as_str(),
                    "find" | "see" | "show" | "hear" | "discover" | "detect" | "observe" | "know" | "feel"
                ) && self.children[v]
                    .iter()
                    .all(|&c| !matches!(self.syn.deprel[c], "ccomp" | "xcomp" | "obj" | "parataxis"))
                    // A relative pronoun alone says nothing.
                    && subject.is_some_and(|n| !matches!(lower(self.text(n)).as_ref(), "which" | "that" | "who" | "what"))
            }) {
                content.push(range);
                match self.child_with(v, &["obl:agent"]).filter(|&g| g > v) {
                    // "by" stays out of the cue (PolNeAR train: 174 out, 70 in).
                    Some(g) => passive_agent = Some(g),
                    None => sourceless = true,
                }
            }
        }
        // 4e. "called for a moratorium", "has called for eliminating …",
        // "called on the administration to …" (PolNeAR train: "called
        // for" 46 of 46 a cue, "called on" 20 of 21), however the parser
        // hung the phrase and whatever the verb's form.
        if content.is_empty() && pass == Pass::Clausal {
            if let Some((p, a, b)) = self.demand_phrase(v) {
                if let Some(range) = self.trim(a, b, true) {
                    content.push(range);
                    cue_end = cue_end.max(Some(p));
                    // Quoted words inside, labels too, make it a mixed quotation.
                    for r in self.runs_inside(&content, true, |r| used_runs.contains(&r)) {
                        runs_taken.push(r);
                        kind = QuoteKind::Mixed;
                    }
                }
            }
        }
        // 5. Stance and intention: "called for an inquiry", "cited a poll",
        // "wants to leave".
        // A coordinated verb shares its head's subject: "… and called for
        // compensation to be “clawed back”".
        let subject_holder = if deprel == "conj" && self.child_with(v, &["nsubj"]).is_none() {
            self.syn.head[v].filter(|&h| matches!(self.syn.xpos[h], "VBD" | "VBZ" | "VBP"))
        } else {
            Some(v)
        };
        let finite_with_subject = matches!(self.syn.xpos[v], "VBD" | "VBZ" | "VBP")
            && subject_holder
                .and_then(|h| self.child_with(h, &["nsubj"]))
                .is_some_and(|n| !matches!(lower(self.text(n)).as_ref(), "which" | "that" | "it"));
        if content.is_empty() && pass == Pass::Clausal && finite_with_subject {
            let lemma = self.syn.lemma[v].as_str();
            let target = if matches!(lemma, "call" | "urge") {
                self.children[v]
                    .iter()
                    .copied()
                    .find(|&c| {
                        self.syn.deprel[c].starts_with("obl")
                            && matches!(self.preposition(c).as_deref(), Some("for" | "on"))
                    })
                    .or_else(|| (lemma == "call").then(|| self.child_with(v, &["xcomp"])).flatten())
            } else if OBJECT_CUES.contains(&lemma) {
                self.child_with(v, &["xcomp"]).or_else(|| self.child_with(v, &["obj"]))
            } else {
                None
            };
            if let Some(c) = target {
                let (a, b) = self.object_and_complement(v, c);
                let b = self.plain_rest_of_sentence(v, b);
                let a = if matches!(lemma, "call" | "urge") {
                    let case = self.child_with(c, &["case"]).filter(|&k| k > v);
                    cue_end = cue_end.max(case);
                    case.map_or(a, |k| k + 1).max(a)
                } else {
                    a
                };
                if let Some((a, b)) = self.trim(a, b, true) {
                    content.push((a, b));
                }
            }
        }
        // 6. A learned cue with any complement: "pledged to …", "blasted
        // the plan", "spoke of …".
        if content.is_empty() && pass == Pass::Clausal {
            if let Some(range) = self.complement_content(v, &mut cue_end) {
                content.push(range);
            }
        }
        // A naming cue whose object comes first: "what it calls | “the
        // single-biggest coordinated media attack”", "it was labeled |
        // “Mostly True.”" The object opens the content; a passive one has
        // no source but its agent.
        if NAMING_CUES.contains(&self.syn.lemma[v].as_str()) {
            let passive = self.child_with(v, &["aux:pass"]).is_some();
            let fronted = self.children[v]
                .iter()
                .copied()
                .find(|&o| {
                    o < v
                        && ((self.syn.deprel[o] == "obj"
                            && matches!(lower(self.text(o)).as_ref(), "which" | "what" | "who" | "whom" | "that"))
                            || (passive && self.syn.deprel[o] == "nsubj:pass"))
                })
                // or the pronoun the parser hung the clause on: "what | it calls …".
                .or_else(|| {
                    self.syn.head[v].filter(|&h| {
                        h < v
                            && self.syn.deprel[v] == "acl:relcl"
                            && matches!(lower(self.text(h)).as_ref(), "which" | "what" | "whom")
                    })
                });
            if let Some(o) = fronted {
                let after = content
                    .iter()
                    .copied()
                    .find(|&(a, _)| a > v)
                    .or_else(|| self.complement_after(v, &["as"], false));
                let (oa, ob) = if self.syn.head[v] == Some(o) {
                    (o, o)
                } else {
                    self.subtree(o, &["punct"])
                };
                if let (Some(first), Some(second)) = (self.trim(oa, ob, true), after) {
                    if first.1 < v {
                        content = vec![first, second];
                        if kind == QuoteKind::Direct {
                            kind = QuoteKind::Mixed;
                        }
                        if passive && self.syn.deprel[o] == "nsubj:pass" && self.child_with(v, &["obl:agent"]).is_none()
                        {
                            sourceless = true;
                        }
                    }
                }
            }
        }
        // Quoted words inside reported speech are the source's own: a
        // mixed quotation, not scare quotes of the writer ("called Wells
        // Fargo's behavior “outrageous”").
        // A short label before its noun stays the writer's scare quotes: a
        // “no-limits” relationship.
        if kind == QuoteKind::Indirect {
            for r in self.runs_inside(&content, false, |r| used_runs.contains(&r) || runs_taken.contains(&r)) {
                runs_taken.push(r);
                kind = QuoteKind::Mixed;
            }
        }
        if content.is_empty() {
            return None;
        }
        // A second part after an interrupting cue: "“A,” he said, “B.”"
        // A mixed content that ends in a quotation cut by its cue ("The
        // answers are “not meeting the demand,” says …) runs on the same way.
        let ends_in_open_quote = |&(a, b): &(usize, usize)| {
            b > a + 1 && self.is_quote_mark(b) && self.text(b - 1) == "," && self.run_of[b - 1].is_some()
        };
        if kind == QuoteKind::Direct
            || (matches!(kind, QuoteKind::Mixed | QuoteKind::Partial)
                && content.first().is_some_and(ends_in_open_quote))
        {
            let (_, first_end) = content[0];
            if first_end < v {
                let taken = |r: &usize| used_runs.contains(r) || runs_taken.contains(r);
                // The second part may open the next sentence of the same
                // paragraph: "“A,” he said. “B.”"
                let par = self.doc.sentences[s].paragraph;
                let in_source = |t: usize| {
                    self.children[v]
                        .iter()
                        .any(|&n| self.syn.deprel[n].starts_with("nsubj") && self.descends_from(t, n))
                };
                let next = self
                    .runs_starting_within(v + 1, usize::MAX)
                    // In text order, the runs past the paragraph are not it.
                    .take_while(|&r| {
                        !self.runs_in_order || self.doc.sentences[self.sent_of[self.run_tokens[r].0]].paragraph <= par
                    })
                    .filter(|r| !taken(r))
                    .find(|&r| {
                        let ra = self.run_tokens[r].0;
                        ra > v
                        && self.doc.sentences[self.sent_of[ra]].paragraph == par
                        && (v + 1..ra).all(|t| self.is_punct(t) || self.sent_of[t] == s)
                        // A cue inside the source's own relative clause ("said
                        // Don Fowler, who … has backed Hillary Clinton") does not
                        // break the statement.
                        && (v + 1..ra).all(|t| (!self.is_cue(t) || in_source(t)) && self.run_of[t].is_none())
                    });
                // Or open the next paragraph, when the cue's sentence ends its
                // own and nothing in the new paragraph attributes the
                // quotation to anyone else: "“…,” he said.¶“Right now, …”"
                let next = next.or_else(|| {
                    let sent_end = self.doc.sentences[s].tokens.end;
                    let last_of_par = self.doc.sentences.get(s + 1).is_none_or(|n| n.paragraph != par);
                    if !last_of_par || sent_end >= self.doc.tokens.len() {
                        return None;
                    }
                    let r = self.run_of[sent_end].filter(|r| !taken(r) && self.run_tokens[*r].0 == sent_end)?;
                    let (ra, rb) = self.run_tokens[r];
                    let np = self.doc.sentences[self.sent_of[ra]].paragraph;
                    // Sentences are in order: the paragraph's last one ends it.
                    let sentences = &self.doc.sentences;
                    let par_end = sentences[..sentences.partition_point(|x| x.paragraph <= np)]
                        .last()
                        .filter(|x| x.paragraph == np)
                        .map_or(rb + 1, |x| x.tokens.end);
                    let claimed = (ra..par_end).any(|t| self.is_cue(t) && self.run_of[t].is_none())
                        || (rb + 1..par_end).any(|t| self.run_of[t].is_some());
                    (!claimed && self.text(rb.saturating_sub(1)) != ",").then_some(r)
                });
                if let Some(r) = next {
                    content.push(self.run_tokens[r]);
                    runs_taken.push(r);
                    // "“My hope,” he said, “is that …”": two pieces of one
                    // statement, not a quoted phrase.
                    if kind == QuoteKind::Partial {
                        kind = QuoteKind::Direct;
                    }
                }
            } else if content[0].0 > v {
                // The first part before the cue: "“My hope,” he said, “is
                // that …”".
                let taken = |r: &usize| used_runs.contains(r) || runs_taken.contains(r);
                // In text order, only runs ending in the eight tokens before the cue.
                let candidates = if self.runs_in_order {
                    self.run_tokens.partition_point(|r| r.1 < v.saturating_sub(8))
                        ..self.run_tokens.partition_point(|r| r.1 < v)
                } else {
                    0..self.run_tokens.len()
                };
                let before = candidates.filter(|r| !taken(r)).find(|&r| {
                    let (ra, rb) = self.run_tokens[r];
                    ra <= rb
                        && rb < v
                        && v - rb <= 8
                        && (rb + 1..v).all(|t| self.sent_of[t] == s && self.run_of[t].is_none())
                        && self.text(rb.saturating_sub(1)) == ","
                });
                if let Some(r) = before {
                    content.insert(0, self.run_tokens[r]);
                    runs_taken.push(r);
                }
            }
        }
        // A quoted word or two is a partial quote, not a statement.
        if kind == QuoteKind::Direct && content.len() == 1 {
            let (a, b) = content[0];
            if (a..=b).filter(|&t| !self.is_punct(t)).count() <= 3 {
                kind = QuoteKind::Partial;
            }
        }
        // Reported speech after its cue ends before a trailing participle
        // (", citing her work", ", claiming that …"): that is the
        // writer's, not the source's (PolNeAR train: the content stops
        // before ", VBG" 334 times and runs over it 183 times).
        for range in content.iter_mut() {
            // A quotation after its cue keeps the subject or object it
            // predicates of: "says Kaine “has a passion for …”", "called
            // the holiday “a celebration of …”", as PolNeAR marks it; the
            // content is then mixed. (A partial quote keeps its own words:
            // "calling them “groundless”".)
            let (a, b) = *range;
            if kind == QuoteKind::Direct && a > v + 1 && self.is_quote_mark(a) && self.run_of[a - 1].is_none() {
                let t = a - 1;
                let predicated = self.syn.head[t]
                    .is_some_and(|h| (h > a && h <= b) || (h == v && matches!(self.syn.deprel[t], "obj" | "nsubj")));
                if predicated && matches!(self.syn.upos[t], "NOUN" | "PROPN" | "PRON" | "NUM") {
                    range.0 = self.subtree(t, &["punct"]).0.max(v + 1);
                    kind = QuoteKind::Mixed;
                }
            }
            // A quotation introduced by "that" after the cue keeps it ("told
            // supporters that “we're in this together.”"): PolNeAR train
            // marks it 30 times to 2.
            let (a, _) = *range;
            if a > v + 1 && self.is_quote_mark(a) && lower(self.text(a - 1)) == "that" && self.run_of[a - 1].is_none() {
                range.0 = a - 1;
                if kind == QuoteKind::Direct {
                    kind = QuoteKind::Mixed;
                }
            }
            // A quotation completing an object's infinitive or "as" phrase
            // keeps the object ("exhorted Republicans to “vote your
            // conscience”", "described the incident as “a terrible
            // situation”"): PolNeAR train starts the content right after
            // the cue 23 times to 2.
            let (a, _) = *range;
            if a > v + 2
                && self.is_quote_mark(a)
                && matches!(lower(self.text(a - 1)).as_ref(), "to" | "as")
                && self.run_of[a - 1].is_none()
            {
                let first = cue_end.unwrap_or(v).max(self.particle_end(v)) + 1;
                if first + 1 < a && a - first <= 8 && (first..a).all(|t| !self.is_punct(t) && self.run_of[t].is_none())
                {
                    range.0 = first;
                    if kind == QuoteKind::Direct {
                        kind = QuoteKind::Mixed;
                    }
                }
            }
            let (a, b) = *range;
            if a > v && !self.is_quote_mark(a) {
                if let Some(t) = (a + 2..=b).find(|&t| {
                    self.text(t - 1) == ","
                        && self.syn.xpos[t] == "VBG"
                        && self.run_of[t].is_none()
                        && self.syn.head[t].is_some_and(|h| h < t)
                        && !matches!(
                            lower(self.text(t)).as_ref(),
                            "including" | "according" | "regarding" | "concerning" | "following" | "excluding"
                        )
                }) {
                    if let Some(cut) = self.trim(a, t - 1, true) {
                        *range = cut;
                    }
                }
            }
        }
        // A source and cue set off by commas inside the content ("Acts of
        // protest, Mr. Obama said, are acts of patriotism", "Hawaii, as one
        // of his advisers pointed out, normally does not …"): the words
        // before them are the content's first fragment, as PolNeAR marks it.
        let mut source_floor: Option<usize> = None;
        if content.len() == 1 {
            if let Some((prefix, comma)) = self.parenthetical_prefix(v, content[0].0, used_runs, done) {
                content.insert(0, prefix);
                source_floor = Some(comma + 1);
                if kind == QuoteKind::Direct || kind == QuoteKind::Partial {
                    kind = QuoteKind::Mixed;
                }
            }
        }
        // A dateline is not the source's words: "WASHINGTON ― Donald
        // Trump's … obsession …, Mr. X said".
        for range in content.iter_mut() {
            let (a, b) = *range;
            if let Some(d) = (a + 1..b.min(a + 5)).find(|&t| matches!(self.text(t), "―" | "—" | "--" | "–")) {
                let caps = (a..d).all(|t| {
                    let w = self.text(t);
                    self.is_punct(t) || (w.chars().any(|c| c.is_alphabetic()) && !w.chars().any(|c| c.is_lowercase()))
                });
                if caps && self.sent_of[a] == self.sent_of[b] && (a..d).all(|t| self.run_of[t].is_none()) {
                    range.0 = d + 1;
                }
            }
            // A quotation that opens inside the content and closes right
            // after its last word keeps its closing mark and the comma or
            // stop before it: "described the incident as a “terrible
            // situation,”".
            if b + 2 < self.doc.tokens.len()
                && matches!(self.text(b + 1), "," | ".")
                && self.is_quote_mark(b + 2)
                && self.run_of[b + 2].is_some_and(|r| self.run_tokens[r].1 == b + 2 && self.run_tokens[r].0 >= range.0)
            {
                range.1 = b + 2;
            }
        }
        used_runs.extend(runs_taken.iter().copied());
        let mut speaker = match (sourceless, passive_agent) {
            (true, _) => None,
            (false, Some(g)) => Some(self.make_speaker(g, v, done)),
            (false, None) => self.speaker_of_cue(v, done),
        };
        // "it appears that …", "it was learned that …", "it is hardly
        // surprising that …": an impersonal "it" is nobody's voice.
        if speaker
            .as_ref()
            .is_some_and(|sp| self.doc.slice(sp.span).eq_ignore_ascii_case("it"))
            && (IMPERSONAL_WITH_IT.contains(&self.syn.lemma[v].as_str()) || self.syn.upos[v] == "ADJ")
        {
            speaker = None;
        }
        // The parser may hang the fronted words on the source ("Lenox was
        // a juggernaut, Mr. Clarke"): the mention starts after the comma.
        if let (Some(floor), Some(sp)) = (source_floor, speaker.as_mut()) {
            let mut first = floor;
            while first < v
                && (matches!(self.syn.deprel[first], "mark" | "cc" | "advmod") || lower(self.text(first)) == "as")
            {
                first += 1;
            }
            let start = self.doc.tokens[first].span.start;
            if sp.span.start < start && sp.span.end > start {
                sp.span = Span::new(start, sp.span.end);
            }
        }
        // A source inside the content is the content's own subject, taken
        // by mistake ("when asked whether | fuel supplies | would be
        // affected"): nobody is named.
        // (A subject of the cue itself stays: the content is then what is
        // wrong.)
        if speaker.as_ref().is_some_and(|sp| {
            content.iter().any(|&(a, b)| {
                let c = self.span(a, b);
                let inside = |t: &usize| {
                    let span = self.doc.tokens[*t].span;
                    span.start >= sp.span.start && span.end <= sp.span.end
                };
                sp.span.start >= c.start
                    && sp.span.end <= c.end
                    && !(a..=b).filter(inside).any(|t| self.syn.head[t] == Some(v))
            })
        }) {
            speaker = None;
        }
        let (medium, venue, addressee) = self.circumstances(v);
        // A preposition of topic or stance right after the cue belongs to
        // it ("railed against", "opened up about", "pushed for"), however
        // the parser attached it: after a predicted cue, PolNeAR train
        // marks these four in the cue 76 times and outside it 25 ("said
        // about" goes the other way).
        if cue_end.is_none() && !matches!(self.syn.lemma[v].as_str(), "say" | "tell") {
            let p = self.particle_end(v) + 1;
            if p + 1 < self.doc.tokens.len()
                && self.sent_of[p] == self.sent_of[v]
                && self.syn.upos[p] == "ADP"
                // A passive keeps its "for" out ("was criticized | for";
                // train: 10 out, 6 in).
                && !(lower(self.text(p)) == "for" && self.child_with(v, &["aux:pass"]).is_some())
                && (matches!(lower(self.text(p)).as_ref(), "about" | "against" | "for" | "with")
                    // and the ones these verbs take: "referring to",
                    // "focused on", "spoke of" (train: about 200 in, 15 out).
                    || matches!(
                        (self.syn.lemma[v].as_str(), lower(self.text(p)).as_ref()),
                        ("refer" | "point" | "respond" | "allude" | "object" | "react", "to")
                            | ("focus" | "comment" | "elaborate" | "weigh" | "insist" | "dwell", "on")
                            | ("speak" | "talk" | "boast" | "warn" | "complain", "of")
                    ))
                && self.syn.upos[p + 1] != "NUM"
                && content.iter().all(|&(a, b)| !(a..=b).contains(&p))
            {
                cue_end = Some(p);
            }
        }
        if cue_end.is_none() {
            cue_end = self.phrase_cue_end(v, &content);
        }
        let cue = self.cue_span(v, cue_end);
        let confidence = match (kind, speaker.as_ref().map(|s| s.resolution)) {
            (_, None) => 0.4,
            (QuoteKind::Direct, Some(Resolution::Explicit)) => 0.9,
            (QuoteKind::Direct, _) => 0.8,
            (QuoteKind::Mixed, _) => 0.75,
            (QuoteKind::Partial, _) => 0.7,
            _ => 0.7,
        };
        let key = content[0].0.min(v);
        Some((
            key,
            Quote {
                kind,
                content: content.iter().map(|&(a, b)| self.span(a, b)).collect(),
                cue: Some(cue),
                speaker,
                medium,
                venue,
                addressee,
                confidence,
                time: None,
                repeats: None,
            },
        ))
    }

    /// The first fragment of a content that cue `v` interrupts: the
    /// sentence's words before the comma that opens the source, when the
    /// source and cue stand between two commas and the rest of the content
    /// starts at `a`, right after the second. Returns the fragment and the
    /// opening comma.
    fn parenthetical_prefix(
        &self,
        v: usize,
        a: usize,
        used_runs: &HashSet<usize>,
        done: &[(usize, Quote)],
    ) -> Option<((usize, usize), usize)> {
        let s = self.sent_of[v];
        let sent = self.doc.sentences[s].tokens.clone();
        if a <= v + 1 || self.text(a - 1) != "," || a - v > 8 {
            return None;
        }
        // Between the cue and the content only the cue's own words ("told
        // me on Friday"), no verb and no quotation.
        if (v + 1..a - 1)
            .any(|t| matches!(self.syn.upos[t], "VERB" | "AUX") || self.run_of[t].is_some() || self.is_punct(t))
        {
            return None;
        }
        // The source: a few words after a comma, with a noun or pronoun and
        // no verb.
        let comma = (sent.start..v).rev().take(12).find(|&t| self.is_punct(t))?;
        if self.text(comma) != "," || comma + 1 >= v || comma <= sent.start {
            return None;
        }
        let source = comma + 1..v;
        if source
            .clone()
            .any(|t| matches!(self.syn.upos[t], "VERB" | "AUX") || self.run_of[t].is_some())
            || !source
                .clone()
                .any(|t| matches!(self.syn.upos[t], "NOUN" | "PROPN" | "PRON"))
        {
            return None;
        }
        // The fragment: no quotation already taken, no part of an earlier
        // attribution.
        let (mut pa, pb) = self.trim(sent.start, comma - 1, true)?;
        // A relative pronoun the cue interrupts is the fragment alone: "Mr.
        // Schultz, who, Mr. King said, has recently seemed …".
        if matches!(self.syn.xpos[pb], "WP" | "WDT") {
            pa = pb;
        }
        if (pa..=pb).any(|t| self.run_of[t].is_some_and(|r| used_runs.contains(&r) || self.run_tokens[r].0 < pa)) {
            return None;
        }
        let (start, end) = (self.doc.tokens[pa].span.start, self.doc.tokens[pb].span.end);
        if self
            .recent(done)
            .1
            .iter()
            .any(|(_, q)| q.content.iter().any(|c| c.start < end && c.end > start))
        {
            return None;
        }
        Some(((pa, pb), comma))
    }

    /// Where the cue of `v` ends when PolNeAR marks a whole phrase as the
    /// cue, none of it inside `content` (train counts: the bare verb fell
    /// short of the gold cue so many times and was right so many):
    /// - "issued a statement saying …" ([`View::document_participle`]);
    /// - "as one senator put it" (12 short, 5 right);
    /// - "expressed confidence | that …", when the content follows the
    ///   feeling (11 of 12);
    /// - "made clear that …", "made it clear that …" (34 short, 5 right).
    fn phrase_cue_end(&self, v: usize, content: &[(usize, usize)]) -> Option<usize> {
        let word = |t: usize| (t < self.doc.tokens.len()).then(|| lower(self.text(t)));
        let outside = |e: &usize| content.iter().all(|&(a, b)| !(a..=b).contains(e));
        match self.syn.lemma[v].as_str() {
            "put" => (word(v + 1).as_deref() == Some("it")).then_some(v + 1).filter(outside),
            "express" => self
                .child_with(v, &["obj"])
                .filter(|&c| c > v && content.first().is_some_and(|&(a, _)| a == c + 1)),
            "make" => {
                let clear = |t: usize| word(t).as_deref() == Some("clear");
                if clear(v + 1) {
                    Some(v + 1)
                } else if word(v + 1).as_deref() == Some("it") && clear(v + 2) {
                    Some(v + 2)
                } else {
                    None
                }
                .filter(outside)
            }
            _ => self
                .document_participle(v)
                .filter(|&k| !content.is_empty() && content.iter().all(|&(a, _)| a > k)),
        }
    }

    /// In "issued a statement saying …", "released a statement Wednesday,
    /// saying …" or "sent an email urging …", the participle that says
    /// what the document says: the verb, the document and the participle
    /// are one cue (PolNeAR train: the bare "issued" and "released" fall
    /// short of the gold cue 39 times and are right 10; "sent", 10 and 0).
    fn document_participle(&self, v: usize) -> Option<usize> {
        if !matches!(
            self.syn.lemma[v].as_str(),
            "issue" | "release" | "send" | "post" | "publish"
        ) {
            return None;
        }
        let c = self.children[v].iter().copied().find(|&c| {
            self.syn.deprel[c] == "obj"
                && matches!(
                    self.syn.lemma[c].as_str(),
                    "statement" | "report" | "letter" | "memo" | "message" | "release" | "note" | "email" | "tweet"
                )
        })?;
        // Only a comma and words of time may come between.
        let times: Vec<(usize, usize)> = self.children[v]
            .iter()
            .chain(&self.children[c])
            .copied()
            .filter(|&k| k > c && self.is_time_or_medium(k))
            .map(|k| self.subtree(k, &[]))
            .collect();
        self.children[c]
            .iter()
            .chain(&self.children[v])
            .copied()
            .filter(|&k| {
                k > c
                    && self.syn.xpos[k] == "VBG"
                    && matches!(self.syn.deprel[k], "acl" | "advcl" | "xcomp")
                    && (c + 1..k).all(|t| self.text(t) == "," || times.iter().any(|&(a, b)| (a..=b).contains(&t)))
            })
            .min()
    }

    /// The content a verb's complement gives: its clause, infinitive or
    /// object, or a prepositional object whose preposition then ends the
    /// cue (`cue_end`: "pointed to", "railed against", "asked Clinton
    /// about").
    fn complement_content(&self, v: usize, cue_end: &mut Option<usize>) -> Option<(usize, usize)> {
        let c = ["ccomp", "xcomp", "obj", "acl"]
            .iter()
            .find_map(|r| self.child_with(v, &[r]))
            .or_else(|| {
                self.children[v].iter().copied().find(|&c| {
                    (self.syn.deprel[c].starts_with("obl") || self.syn.deprel[c] == "nmod")
                        && !self.is_time_or_medium(c)
                        && match self.preposition(c).as_deref() {
                            Some("for" | "on" | "about" | "of" | "against" | "that" | "as" | "with" | "into") => true,
                            Some("to") => takes_to(&self.syn.lemma[v]),
                            _ => false,
                        }
                })
            })
            .or_else(|| self.misattached_complement(v));
        // "when asked | whether fuel supplies would be affected", parsed
        // with the cue as an adverbial clause of the clause it introduces:
        // the clause from its subordinator on is the content.
        let Some(c) = c else {
            let h = self.syn.head[v].filter(|&h| h > v && self.syn.deprel[v] == "advcl")?;
            let m = self.child_with(h, &["mark"]).filter(|&m| m == v + 1)?;
            if !matches!(lower(self.text(m)).as_ref(), "whether" | "if" | "that") {
                return None;
            }
            let (_, hb) = self.subtree(h, &["punct"]);
            return self.trim(m, hb, true);
        };
        // A stance noun belongs to the cue and its object is the content:
        // "expressed concern about …", "voiced doubts that …". Not once a
        // possessor makes it a noun phrase of its own: in "reiterated | his
        // support for Mr. Trump" the verb is the cue and the phrase the
        // content (PolNeAR train: cue F1 0.7505 → 0.7513, content 0.5380 →
        // 0.5384; an article or "no" does not do it: "made no mention of").
        if self.syn.deprel[c] == "obj"
            && STANCE_NOUNS.contains(&self.syn.lemma[c].as_str())
            && !self.children[c]
                .iter()
                .any(|&k| k > v && k < c && self.syn.deprel[k] == "nmod:poss")
        {
            let inner = self.children[c].iter().copied().find(|&k| {
                k > c
                    && (matches!(self.syn.deprel[k], "acl" | "ccomp")
                        || (self.syn.deprel[k] == "nmod"
                            && matches!(
                                self.preposition(k).as_deref(),
                                Some("about" | "over" | "of" | "on" | "for" | "against" | "with")
                            )))
            });
            if let Some(k) = inner {
                let (mut a, b) = self.subtree(k, &["punct"]);
                let mut end = c;
                if self.syn.deprel[k] == "nmod" {
                    if let Some(p) = self.child_with(k, &["case"]) {
                        end = p;
                        a = a.max(p + 1);
                    }
                }
                *cue_end = (*cue_end).max(Some(end));
                return self.trim(a, b, true);
            }
        }
        // "issued a statement saying …": the participle's complement is the
        // content (and the cue runs to the participle, see
        // `document_participle`).
        if self.syn.deprel[c] == "obj" {
            if let Some(k) = self.document_participle(v) {
                let mut inner_end = None;
                if let Some(content) = self.complement_content(k, &mut inner_end) {
                    *cue_end = (*cue_end).max(Some(k));
                    return Some(content);
                }
            }
        }
        // "took issue with …", "took aim at …", "took credit for …": the
        // verb, its object and the preposition right after it are the cue,
        // and the preposition's object is the content (PolNeAR train: 19 of
        // the 20 predicted "took" cues are such phrases in the gold).
        if self.syn.lemma[v] == "take" && self.syn.deprel[c] == "obj" {
            let inner = self.children[c]
                .iter()
                .chain(&self.children[v])
                .copied()
                .filter(|&k| {
                    let rel = self.syn.deprel[k];
                    k > c
                        && !is_date_word(self.text(k))
                        && (((rel == "nmod" || rel.starts_with("obl")) && self.child_with(k, &["case"]) == Some(c + 1))
                            // "took credit for | achieving …"
                            || (rel == "advcl" && self.child_with(k, &["mark"]) == Some(c + 1)))
                        && matches!(
                            lower(self.text(c + 1)).as_ref(),
                            "at" | "with" | "for" | "in" | "of" | "on" | "against"
                        )
                })
                .min();
            if let Some(k) = inner {
                let (_, b) = self.subtree(k, &["punct"]);
                *cue_end = (*cue_end).max(Some(c + 1));
                return self.trim(c + 2, self.phrase_tail(v, b), true);
            }
        }
        let (a, b) = self.object_and_complement(v, c);
        let a = if let Some(m) = self
            .child_with(c, &["mark"])
            .filter(|&m| m == a && self.syn.deprel[c] == "advcl" && lower(self.text(m)) == "to")
        {
            *cue_end = (*cue_end).max(Some(m));
            m + 1
        } else if self.syn.deprel[c].starts_with("obl") || self.syn.deprel[c] == "nmod" {
            let case = self.child_with(c, &["case"]).filter(|&k| k > v);
            *cue_end = (*cue_end).max(case);
            case.map_or(a, |k| k + 1).max(a)
        } else {
            a
        };
        let b = if matches!(self.syn.deprel[c], "obj" | "nmod") || self.syn.deprel[c].starts_with("obl") {
            self.phrase_tail(v, b)
        } else {
            b
        };
        let b = self.plain_rest_of_sentence(v, b);
        self.trim(a, b, true)
    }

    /// A complement of cue `v` that the parser hung on it as an adverbial
    /// clause, a loose dependent or an oblique with a subject: one that
    /// starts right after the cue with no subordinator of its own ("showed
    /// | Clinton doing better", "criticized | long-standing free-trade
    /// deals").
    fn misattached_complement(&self, v: usize) -> Option<usize> {
        let first = self.particle_end(v) + 1;
        self.children[v].iter().copied().find(|&k| {
            // A bare noun with a subject of its own is a clause too ("polls
            // showed | Clinton was the winner", winner taken for an oblique).
            let clausal_noun = self.syn.deprel[k] == "obl"
                && self.child_with(k, &["case"]).is_none()
                && self.child_with(k, &["nsubj", "nsubj:pass"]).is_some();
            k >= first
                && (matches!(self.syn.deprel[k], "advcl" | "dep") || clausal_noun)
                && self.subtree(k, &["punct"]).0 == first
                && !self.is_punct(first)
                && self.child_with(k, &["mark"]).is_none_or(|m| {
                    let mark = lower(self.text(m));
                    // "pointed | to rising housing costs", parsed as an
                    // infinitive: the preposition the verb takes.
                    mark == "that" || (mark == "to" && takes_to(&self.syn.lemma[v]))
                })
                && !self.is_time_or_medium(k)
        })
    }

    /// The quotation runs wholly inside `content` that `skip` does not rule out,
    /// leaving out a short label before its noun (a “no-limits”
    /// relationship) unless `labels` is set.
    fn runs_inside(&self, content: &[(usize, usize)], labels: bool, skip: impl Fn(usize) -> bool) -> Vec<usize> {
        let label = |ra: usize, rb: usize| {
            rb + 1 < self.doc.tokens.len()
                && matches!(self.syn.upos[rb + 1], "NOUN" | "PROPN")
                && (ra..=rb).filter(|&t| !self.is_punct(t)).count() <= 3
        };
        let mut candidates: Vec<usize> = content
            .iter()
            .flat_map(|&(a, b)| self.runs_starting_within(a, b.saturating_add(1)))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|&r| {
                let (ra, rb) = self.run_tokens[r];
                content.iter().any(|&(a, b)| ra >= a && rb <= b) && (labels || !label(ra, rb)) && !skip(r)
            })
            .collect()
    }

    /// The token range of the first complement after cue `v`: an
    /// infinitive, an object, or an oblique introduced by one of `preps`
    /// (without the preposition): "is considered | a threat", "was
    /// described as | “…”". With `not_cue`, a complement that is a cue of
    /// its own does not count.
    fn complement_after(&self, v: usize, preps: &[&str], not_cue: bool) -> Option<(usize, usize)> {
        let x = self.children[v].iter().copied().find(|&x| {
            x > v
                && (matches!(self.syn.deprel[x], "xcomp" | "obj")
                    || (self.syn.deprel[x].starts_with("obl")
                        && self.preposition(x).is_some_and(|p| preps.contains(&p.as_str()))))
        })?;
        if not_cue && self.is_cue(x) {
            return None;
        }
        let (a, b) = self.subtree(x, &["punct"]);
        let a = if self.syn.deprel[x].starts_with("obl") {
            a.max(self.child_with(x, &["case"]).map_or(a, |c| c + 1))
        } else {
            a
        };
        self.trim(a, b, true)
    }

    /// Whether a subject of cue `v` starts within `first` and runs up to
    /// the cue (but for a comma or a closing bracket): a source filling
    /// the gap between a quotation, or the sentence start, and its cue.
    fn subject_fills(&self, v: usize, first: std::ops::RangeInclusive<usize>) -> bool {
        let from = self.subjects.partition_point(|&(h, _)| h < v);
        self.subjects[from..]
            .iter()
            .take_while(|&&(h, _)| h == v)
            .any(|&(_, n)| {
                n < v && {
                    let (a, b) = self.subtree(n, &["punct"]);
                    first.contains(&a) && b + 3 >= v
                }
            })
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

    /// The head and first token of the name phrase between a comma and
    /// cue `v`, when the parser did not make it the cue's subject.
    fn name_before(&self, v: usize) -> Option<(usize, usize)> {
        let s = self.doc.sentences[self.sent_of[v]].tokens.start;
        let mut t = v.checked_sub(1)?;
        if self.text(t) == ")" {
            t = t.checked_sub(1)?;
        }
        if t <= s || self.is_punct(t) || self.run_of[t].is_some() {
            return None;
        }
        // The name must start within 12 tokens of the cue, one or two
        // tokens after the comma: a comma further back never qualifies, so
        // the search stops there (a sentence may run to 100k tokens).
        let comma = (s.max(v.saturating_sub(15))..t).rev().find(|&k| self.text(k) == ",")?;
        let mut x = t;
        while let Some(h) = self.syn.head[x] {
            let (a, b) = self.subtree(h, &["punct"]);
            if h < v && a > comma && b < v {
                x = h;
            } else {
                break;
            }
        }
        let (a, _) = self.subtree(x, &["punct"]);
        // The comma may close a quotation: "“…,” Daily News opinion editor
        // Josh Greenman told The Daily Beast".
        let after_comma = a == comma + 1 || (a == comma + 2 && self.is_quote_mark(comma + 1));
        (after_comma && matches!(self.syn.upos[x], "PROPN" | "NOUN") && v - a <= 12).then_some((x, a))
    }

    /// The preposition and the token range of what "call for" / "call
    /// on" demands, when cue `v` is such a verb.
    fn demand_phrase(&self, v: usize) -> Option<(usize, usize, usize)> {
        if !matches!(self.syn.lemma[v].as_str(), "call" | "urge") {
            return None;
        }
        let p = v + 1;
        let prep = lower(self.text(p));
        if p + 1 >= self.doc.tokens.len()
            || self.sent_of[p] != self.sent_of[v]
            || !matches!(prep.as_ref(), "for" | "on")
        {
            return None;
        }
        // The phrase the preposition introduces, with an infinitive that
        // completes it ("on the administration | to really call out …").
        let head = self.syn.head[p].filter(|&h| h > p)?;
        let (_, mut b) = self.subtree(head, &["punct"]);
        if let Some(x) = self.children[v]
            .iter()
            .chain(self.children[head].iter())
            .copied()
            .find(|&x| x > head && self.syn.deprel[x] == "xcomp")
        {
            b = b.max(self.subtree(x, &["punct"]).1);
        }
        // An infinitive right after, wherever the parser hung it: "called on
        // Trump | to stop attacking Machado and apologize".
        let verb_at = |t: usize| {
            t < self.doc.tokens.len()
                && self.sent_of[t] == self.sent_of[v]
                && (matches!(self.syn.upos[t], "VERB" | "AUX")
                    || (self.is_quote_mark(t)
                        && t + 2 < self.doc.tokens.len()
                        && matches!(self.syn.upos[t + 1], "VERB" | "AUX" | "ADV")))
        };
        if b + 2 < self.doc.tokens.len() && lower(self.text(b + 1)) == "to" && verb_at(b + 2) {
            let verb = self.syn.head[b + 1].filter(|&h| h > b + 1).unwrap_or(b + 2);
            b = b.max(self.subtree(verb, &["punct"]).1);
        }
        (b > p).then_some((p, p + 1, b))
    }

    /// Where reported speech ending at `b` (headed by `c`) really ends:
    /// the end of its sentence, whatever the parser attached elsewhere,
    /// unless a participial comment, an "according to", a contrast or
    /// another cue comes first.
    fn run_on_end(&self, c: usize, b: usize) -> usize {
        let sent_end = self.doc.sentences[self.sent_of[c]].tokens.end - 1;
        let mut t = b + 1;
        while t <= sent_end {
            let w = self.text(t);
            let stop = (w == ","
                && t < sent_end
                && (self.syn.xpos[t + 1] == "VBG"
                    || ["according", "but", "though", "although", "while", "whereas"]
                        .iter()
                        .any(|w| self.text(t + 1).eq_ignore_ascii_case(w))))
                || matches!(w, ";" | "―" | "—" | "--")
                || self.is_cue(t)
                    && self.run_of[t].is_none()
                    && self.syn.xpos[t] != "VBG"
                    // a coordinated cue is a statement of its own: "… in his
                    // campaigns | and called it a common ailment"
                    && (self.syn.head[t] != Some(c) || self.syn.deprel[t] == "conj");
            if stop {
                // A stopping cue keeps its auxiliaries and conjunction:
                // "… were disturbing | but did not say".
                if self.is_cue(t) {
                    let cue = t;
                    while t > b + 1 && self.syn.head[t - 1] == Some(cue) && !self.is_punct(t - 1) {
                        t -= 1;
                    }
                }
                break;
            }
            t += 1;
        }
        t - 1
    }

    /// The end of a complement of cue `v` ending at `b` that the parser
    /// cut short ("mentions policies | she supported that …"): the end of
    /// the sentence when only plain words follow, with no punctuation,
    /// date, quotation or other cue.
    fn plain_rest_of_sentence(&self, v: usize, b: usize) -> usize {
        let sent_end = self.doc.sentences[self.sent_of[v]].tokens.end;
        if b <= v || b + 2 >= sent_end || !self.is_punct(sent_end - 1) {
            return b;
        }
        // Nor past a cue inside the complement ("… an architect who said
        // | he was stiffed": that clause is the inner cue's).
        let plain = (v + 1..sent_end - 1).all(|t| {
            !self.is_cue(t)
                && (t <= b || (!self.is_punct(t) && self.run_of[t].is_none() && !is_date_word(self.text(t))))
        });
        if plain {
            sent_end - 2
        } else {
            b
        }
    }

    /// The end of a phrasal content once the dependents of cue `v` that
    /// follow it directly are added: the parser often hangs the rest of
    /// the phrase on the verb ("laid out her proposals | to increase
    /// national service", "dismissed Estonia | as being in the suburbs"),
    /// where PolNeAR's content runs on. A comma, a time or a place ("in
    /// Ohio", "on Tuesday") ends it.
    fn phrase_tail(&self, v: usize, mut b: usize) -> usize {
        loop {
            let next = self.children[v].iter().copied().find_map(|k| {
                // A noun coordinated with the object is part of it too
                // ("invoked the rising seas | and heating planet").
                let nominal_conj = self.syn.deprel[k] == "conj" && matches!(self.syn.upos[k], "NOUN" | "PROPN");
                if k <= b
                    || !(matches!(self.syn.deprel[k], "advcl" | "xcomp" | "obl" | "ccomp" | "acl" | "dep")
                        || nominal_conj)
                {
                    return None;
                }
                let (ka, kb) = self.subtree(k, &["punct"]);
                let time_or_place = matches!(
                    self.preposition(k).as_deref(),
                    Some("during" | "after" | "before" | "since" | "until")
                ) || (b + 1..=kb).any(|t| is_date_word(self.text(t)));
                (ka == b + 1 && !time_or_place).then_some(kb)
            });
            match next {
                Some(kb) => b = kb,
                None => return b,
            }
        }
    }

    /// An oblique that says when or through what, never what was said:
    /// "on Friday", "on Twitter", "on the other hand".
    fn is_time_or_medium(&self, c: usize) -> bool {
        let (a, b) = self.subtree(c, &["punct"]);
        (a..=b).any(|t| is_date_word(self.text(t)))
            || matches!(
                self.syn.lemma[c].as_str(),
                "twitter"
                    | "Twitter"
                    | "facebook"
                    | "Facebook"
                    | "instagram"
                    | "Instagram"
                    | "television"
                    | "tv"
                    | "radio"
                    | "phone"
                    | "hand"
                    | "behalf"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "night"
                    | "day"
                    | "week"
                    | "weekend"
                    | "occasion"
            )
    }

    /// Token range of the content headed by `c`, a dependent of cue `v`,
    /// with the object and its infinitive together ("urged North Korea to
    /// refrain", "asked his supporters to visit"), as PolNeAR marks them.
    fn object_and_complement(&self, v: usize, c: usize) -> (usize, usize) {
        let (mut a, mut b) = self.subtree(c, &["punct"]);
        match self.syn.deprel[c] {
            "xcomp" => {
                if let Some(o) = self.child_with(v, &["obj"]).filter(|&o| o > v && o < c) {
                    a = a.min(self.subtree(o, &["punct"]).0);
                }
            }
            "obj" => {
                if let Some(x) = self.child_with(v, &["xcomp"]).filter(|&x| x > c) {
                    b = b.max(self.subtree(x, &["punct"]).1);
                }
            }
            _ => {}
        }
        // A quotation that opens inside and closes just after keeps its
        // closing mark: "a goal of “Peace Through Strength.”"
        (a, self.extend_to_closing_run(a, b))
    }

    /// `b` moved to the end of each run that opens within `a..=b` (as it
    /// grows) and closes at most three tokens past it.
    fn extend_to_closing_run(&self, a: usize, mut b: usize) -> usize {
        for r in self.runs_starting_within(a, usize::MAX) {
            let (ra, rb) = self.run_tokens[r];
            if self.runs_in_order && ra > b {
                // Later runs open later still, and `b` has stopped growing.
                break;
            }
            if ra >= a && ra <= b && rb > b && rb <= b + 3 {
                b = rb;
            }
        }
        b
    }

    /// A range of run indices holding every run that opens within `a..=b`,
    /// in index order: a slice of the runs found by binary search when
    /// they are in text order, all of them otherwise. Looking at every run
    /// for every cue made a page of quotations quadratic.
    fn runs_starting_within(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        if !self.runs_in_order {
            return 0..self.run_tokens.len();
        }
        let lo = self.run_tokens.partition_point(|r| r.0 < a);
        let hi = self.run_tokens.partition_point(|r| r.0 <= b);
        lo..hi.max(lo)
    }

    /// A "that" clause shortly after the cue that the parser attached
    /// elsewhere ("told reporters outside the gates that …").
    fn that_clause_after(&self, v: usize) -> Option<usize> {
        let s = self.sent_of[v];
        (v + 1..self.doc.tokens.len().min(v + 16))
            .take_while(|&t| self.sent_of[t] == s && self.run_of[t].is_none() && !self.is_cue(t))
            .find(|&t| lower(self.text(t)) == "that")
            // A relative "that" that is its clause's subject
            // ("conversations that extended …") opens no complement of the
            // cue; one the parser took for an object often does ("told
            // reporters outside the gates that the strike would last").
            .filter(|&t| !matches!(self.syn.deprel[t], "nsubj" | "nsubj:pass"))
            // A nominal predicate with a subject is a clause too, when the
            // "that" follows the cue's own time or venue ("said during the
            // debate | that he is in favor of …"), not a noun it
            // complements ("made the case that …").
            .and_then(|t| {
                let after_oblique = || {
                    self.children[v].iter().any(|&o| {
                        let setting = match self.preposition(o).as_deref() {
                            None | Some("in" | "during" | "at" | "after" | "before") => true,
                            // "asked about | the declaration that …" is content.
                            _ => self.is_time_or_medium(o),
                        };
                        self.syn.deprel[o].starts_with("obl")
                            && setting
                            && o < t
                            && (o == t - 1 || self.descends_from(t - 1, o))
                    })
                };
                self.syn.head[t].filter(|&h| {
                    h > t
                        && (matches!(self.syn.upos[h], "VERB" | "AUX" | "ADJ")
                            || (self.child_with(h, &["nsubj", "nsubj:pass"]).is_some_and(|n| n > t) && after_oblique()))
                })
            })
    }

    /// A subject right after a cue that already has one: the greedy parser
    /// took the reported clause's subject for the cue's own ("He said | the
    /// United States and its allies will seek …", "Trump said | Democrats
    /// are the ones …"). The clause starts there.
    fn second_subject(&self, v: usize) -> Option<usize> {
        let subjects = |right: bool| {
            self.children[v]
                .iter()
                .copied()
                .filter(move |&c| matches!(self.syn.deprel[c], "nsubj" | "nsubj:pass") && (c > v) == right)
        };
        subjects(false).next()?;
        let r = subjects(true).find(|&r| self.run_of[r].is_none())?;
        let start = self.subtree(r, &["punct"]).0;
        let s = self.sent_of[v];
        let sent_end = self.doc.sentences[s].tokens.end;
        // Right after the cue (or its "that"), and a verb of its own after it.
        let gap_ok = (v + 1..start).all(|t| lower(self.text(t)) == "that");
        let has_verb =
            (r + 1..sent_end).any(|t| matches!(self.syn.upos[t], "VERB" | "AUX") && self.run_of[t].is_none());
        (gap_ok && start > v && has_verb).then_some(r)
    }

    /// A clausal complement of an earlier verb that starts right after cue
    /// `w` (or after its "that"), when `w` has no complement of its own:
    /// the greedy parser hung it on the wrong verb ("refused to pay an
    /// architect who said | he was stiffed").
    fn clause_right_after(&self, w: usize) -> Option<usize> {
        if !self.is_cue(w)
            || self.children[w]
                .iter()
                .any(|&k| matches!(self.syn.deprel[k], "ccomp" | "xcomp" | "obj"))
        {
            return None;
        }
        let s = self.sent_of[w];
        let sent = self.doc.sentences[s].tokens.clone();
        (w + 1..sent.end.min(w + 4)).find(|&c| {
            self.syn.deprel[c] == "ccomp" && self.syn.head[c].is_some_and(|h| h < w) && self.run_of[c].is_none() && {
                let start = self.subtree(c, &[]).0;
                start == w + 1 || (start == w + 2 && lower(self.text(w + 1)) == "that")
            }
        })
    }

    /// The last token of verb `v` with its particle ("pointed out").
    fn particle_end(&self, v: usize) -> usize {
        self.children[v]
            .iter()
            .copied()
            .filter(|&c| self.syn.deprel[c] == "compound:prt" && c > v && c - v <= 2)
            .max()
            .unwrap_or(v)
    }

    /// The cue verb with its auxiliaries and particle ("has said", "pointed
    /// out"), the preposition that introduces a prepositional content
    /// (`end`: "called for"), an "also", "-ly" adverb or negation before it
    /// and a colon right after it ("also said:"),
    /// as PolNeAR's annotators mark cues (47 of 50 dev cues followed by a
    /// colon include it, 27 of 28 after "also").
    fn cue_span(&self, v: usize, end: Option<usize>) -> Span {
        let mut a = v;
        let mut b = end.unwrap_or(v).max(self.particle_end(v));
        // Only auxiliaries and adverbs may stand between, never the source
        // ("Then someone asked" is cue "asked").
        // An adverb may lean on the next one ("is once again questioning").
        let adjoins = |c: usize| {
            (c + 1..v).all(|t| {
                let rel = self.syn.deprel[t];
                (self.syn.head[t] == Some(v) && matches!(rel, "aux" | "aux:pass" | "advmod"))
                    || (rel == "advmod"
                        && self.syn.head[t].is_some_and(|h| {
                            h > t && h < v && self.syn.head[h] == Some(v) && self.syn.deprel[h] == "advmod"
                        }))
            })
        };
        for &c in &self.children[v] {
            let rel = self.syn.deprel[c];
            if matches!(rel, "aux" | "aux:pass") && c < v && v - c <= 3 && adjoins(c) {
                a = a.min(c);
            }
            if rel == "advmod" && c < v && v - c <= 3 {
                let w = lower(self.text(c));
                // PolNeAR marks an adverb and a negation with the cue
                // ("openly admires", "later said", "did not say"): 355 of
                // 409 "-ly" adverbs right before a train cue are inside it,
                // and 20 to 30 to 1 or 2 for "now", "still", "later" and the
                // like ("earlier" 6 to 1, "always" 2 to 0, "sometimes" 1 to
                // 0; "since", 0 to 5, stays out).
                let ok = w.ends_with("ly")
                    || matches!(
                        w.as_ref(),
                        "also"
                            | "not"
                            | "n't"
                            | "never"
                            | "again"
                            | "already"
                            | "even"
                            | "first"
                            | "just"
                            | "last"
                            | "later"
                            | "now"
                            | "often"
                            | "once"
                            | "still"
                            | "then"
                            | "long"
                            | "earlier"
                            | "further"
                            | "soon"
                            | "always"
                            | "sometimes"
                    );
                if ok && adjoins(c) {
                    a = a.min(c);
                }
            }
        }
        // An infinitive cue keeps its "to" ("to admit", "to judge"; train:
        // 200 in, 57 out).
        if a > 0
            && lower(self.text(a - 1)) == "to"
            && self.syn.head[a - 1] == Some(v)
            && self.syn.deprel[a - 1] == "mark"
            // before a gerund "to" is a preposition ("in addition to stating")
            && self.syn.xpos[v] != "VBG"
        {
            a -= 1;
        }
        // "without naming her" (PolNeAR train: 6 in, 1 out).
        if a > 0 && a == v && lower(self.text(a - 1)) == "without" && self.syn.head[a - 1] == Some(v) {
            a -= 1;
        }
        // And the adverb leaning on the cue's first one ("almost |
        // immediately disclosed").
        while a > 0
            && a < v
            && self.syn.deprel[a - 1] == "advmod"
            && self.syn.head[a - 1] == Some(a)
            && self.syn.deprel[a] == "advmod"
        {
            a -= 1;
        }
        if matches!(self.syn.lemma[v].as_str(), "call" | "urge")
            && v + 1 < self.doc.tokens.len()
            && matches!(lower(self.text(v + 1)).as_ref(), "for" | "on")
        {
            b = b.max(v + 1);
        }
        // And the manner adverb right after it ("said sarcastically", "asks
        // rhetorically", "noted repeatedly"; PolNeAR train: 52 in, 27 out).
        if b + 1 < self.doc.tokens.len()
            && self.syn.head[b + 1] == Some(v)
            && self.syn.deprel[b + 1] == "advmod"
            && self.sent_of[b + 1] == self.sent_of[v]
        {
            let w = lower(self.text(b + 1));
            if w.len() > 4 && w.ends_with("ly") && !matches!(w.as_ref(), "only" | "early" | "likely" | "really") {
                b += 1;
            }
        }
        let toks = &self.doc.tokens;
        if b + 1 < toks.len() && self.text(b + 1) == ":" && toks[b].span.end == toks[b + 1].span.start {
            b += 1;
        }
        if let Some(&outer) = self.catenative_of.get(&v) {
            let start = self.cue_span(outer, None).start;
            return Span::new(start, toks[b].span.end);
        }
        self.span(a, b)
    }

    /// The source of cue `v`: its subject, or the subject of the verb it
    /// depends on ("…, adding that …").
    fn speaker_of_cue(&self, v: usize, done: &[(usize, Quote)]) -> Option<Speaker> {
        let mut verb = v;
        // "…, adding that …", "calling them …": a participle takes the
        // subject of the cue or main verb it hangs from.
        if self.syn.xpos[v] == "VBG" && matches!(self.syn.deprel[v], "advcl" | "xcomp" | "conj" | "acl" | "dep") {
            let mut h = self.syn.head[v];
            while let Some(x) = h {
                if self.run_of[x].is_some() {
                    break;
                }
                if self.is_cue(x) || self.syn.head[x].is_none() {
                    verb = x;
                    break;
                }
                h = self.syn.head[x];
            }
        }
        // "the NAACP called for …", parsed as a name's modifier.
        if self.syn.deprel[v] == "acl" && self.demand_phrase(v).is_some() {
            if let Some(h) = self.syn.head[v].filter(|&h| h < v && matches!(self.syn.upos[h], "PROPN" | "NOUN")) {
                return Some(self.make_speaker(h, v, done));
            }
        }
        for _ in 0..3 {
            // A subject inside a quotation belongs to the quoted words.
            // With two subjects (a parse of "China's Foreign Ministry"),
            // the one nearest the verb heads the source.
            let subjects: Vec<usize> = self.children[verb]
                .iter()
                .copied()
                .filter(|&c| matches!(self.syn.deprel[c], "nsubj" | "nsubj:pass" | "csubj") && self.run_of[c].is_none())
                .collect();
            let subject = subjects
                .iter()
                .copied()
                .filter(|&c| c < verb)
                .max()
                .or(subjects.first().copied());
            if let Some(subj) = subject {
                if self.syn.deprel[subj] == "nsubj:pass" && verb == v && self.child_with(v, &["obl:agent"]).is_some() {
                    let agent = self.child_with(v, &["obl:agent"]).unwrap();
                    return Some(self.make_speaker(agent, v, done));
                }
                return Some(self.make_speaker(subj, v, done));
            }
            match (self.syn.deprel[verb], self.syn.head[verb]) {
                // A cue with no subject coordinated with a verb inside
                // another cue's complement ("Bruce said the reports …
                // captured … | but did not say whether …") shares that
                // cue's subject, not the reported clause's.
                ("conj", Some(h)) if verb == v && !self.is_cue(h) && self.run_of[h].is_none() => {
                    verb = self.cue_above_complement(h).unwrap_or(h);
                }
                ("advcl" | "xcomp" | "conj" | "acl", Some(h)) if self.run_of[h].is_none() => verb = h,
                // A cue coordinated into an earlier cue's content by the
                // parser ("Bruce said the reports were disturbing but did
                // not say whether …") shares that cue's subject.
                ("ccomp", Some(h)) if self.syn.deprel[v] == "conj" && verb != v && self.run_of[h].is_none() => {
                    let mut up = Some(h);
                    while let Some(u) = up.filter(|&u| !self.is_cue(u)) {
                        up = matches!(self.syn.deprel[u], "ccomp" | "conj")
                            .then(|| self.syn.head[u])
                            .flatten();
                    }
                    match up {
                        Some(u) => verb = u,
                        None => break,
                    }
                }
                _ => break,
            }
        }
        // A name the parser hung elsewhere, between a comma and the cue:
        // "…, Sen. Lindsey Graham (R-S.C.) told The Huffington Post."
        if let Some((x, _)) = self.name_before(v).filter(|_| {
            self.children[v]
                .iter()
                .all(|&c| c > v || self.is_punct(c) || !self.syn.deprel[c].starts_with("nsubj"))
        }) {
            return Some(self.make_speaker(x, v, done));
        }
        // The parser may make the source an appositive of a fronted
        // phrase: "In a statement, | one of the family's attorneys, Justin
        // Bamberg, | said …".
        if let Some(a) = self.children[v]
            .iter()
            .copied()
            .filter(|&c| c < v && self.syn.deprel[c].starts_with("obl") && self.run_of[c].is_none())
            .flat_map(|c| {
                self.children[c]
                    .iter()
                    .copied()
                    .filter(move |&k| k > c && self.syn.deprel[k] == "appos")
            })
            .find(|&k| self.text(k - 1) == "," && self.subtree(k, &[]).1 + 2 >= v)
        {
            return Some(self.make_speaker(a, v, done));
        }
        // A name or pronoun right next to the cue: "Zelenskyy said", "said Zelenskyy".
        let s = self.sent_of[v];
        for t in [v.wrapping_sub(1), v + 1] {
            if t < self.doc.tokens.len()
                && self.sent_of[t] == s
                && self.run_of[t].is_none()
                && matches!(self.syn.upos[t], "PROPN" | "PRON")
                && !is_date_word(self.text(t))
            {
                return Some(self.make_speaker(t, v, done));
            }
        }
        None
    }

    /// The noun a relative pronoun subject stands for: "who" in "Don
    /// Fowler, who … said" is Don Fowler.
    fn relative_antecedent(&self, head: usize) -> Option<usize> {
        if self.syn.upos[head] != "PRON"
            || !matches!(lower(self.text(head)).as_ref(), "who" | "which" | "that")
            || !self.syn.deprel[head].starts_with("nsubj")
        {
            return None;
        }
        let mut clause = self.syn.head[head];
        for _ in 0..3 {
            let Some(c) = clause else { break };
            if self.syn.deprel[c] == "acl:relcl" {
                let antecedent = self.syn.head[c]?;
                if antecedent >= head || self.syn.upos[antecedent] == "PRON" {
                    return None;
                }
                return Some(self.person_above(antecedent, head).unwrap_or(antecedent));
            }
            clause = self.syn.head[c];
        }
        // A clause the parser coordinated instead ("the rise of Donald
        // Trump, who had talked about …"): the noun before the comma, when
        // it can be what the pronoun stands for ("who" for a person, not
        // a place; "which" for anything but a person).
        let mut noun = head.checked_sub(2)?;
        // Up from a noun that only modifies another: "Democrats on |
        // Capitol Hill, who".
        while let Some(h) = self.syn.head[noun].filter(|&h| h < noun && self.syn.deprel[noun] == "nmod") {
            noun = h;
        }
        let fits = match self.entity_type_at(noun) {
            Some(EntityType::Person) => lower(self.text(head)) == "who",
            Some(EntityType::Org | EntityType::Norp) | None => true,
            Some(_) => lower(self.text(head)) != "who",
        };
        (self.text(head - 1) == ","
            && self.sent_of[noun] == self.sent_of[head]
            && matches!(self.syn.upos[noun], "PROPN" | "NOUN")
            && fits)
            .then(|| self.person_above(noun, head).unwrap_or(noun))
    }

    /// For "who" (`pronoun`) hung on what describes a person rather than on
    /// the person: the nearest person named before it with no verb between,
    /// which the description is in apposition to however the parser joined
    /// them ("Mike Rogers, R-Mich., who", "Eliot Engel, the top Democrat on
    /// the committee, who").
    fn person_above(&self, antecedent: usize, pronoun: usize) -> Option<usize> {
        // A plural stands for others ("Trump's supporters, who").
        if lower(self.text(pronoun)) != "who"
            || self.entity_type_at(antecedent) == Some(EntityType::Person)
            || matches!(self.syn.xpos[antecedent], "NNS" | "NNPS")
        {
            return None;
        }
        let first = self.doc.sentences[self.sent_of[pronoun]].tokens.start;
        let person = (first.max(pronoun.saturating_sub(15))..pronoun)
            .rev()
            .take_while(|&k| !matches!(self.syn.upos[k], "VERB" | "AUX"))
            .find(|&k| self.entity_type_at(k) == Some(EntityType::Person))?;
        // The description follows the name, or is a title before it ("Rep.
        // Tom Reyes, R-Mich., who" hung on "Rep."); not "the wife of John
        // Smith, who".
        (person < antecedent || self.syn.upos[antecedent] == "PROPN").then_some(person)
    }

    /// The type of the entity whose mention covers token `t`, if any.
    fn entity_type_at(&self, t: usize) -> Option<EntityType> {
        let span = self.doc.tokens[t].span;
        self.doc
            .entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.span.contains(span)))
            .map(|e| e.etype)
    }

    /// The tokens of the paragraph after the one that token `t` ends.
    fn paragraph_after(&self, t: usize) -> Option<(usize, usize)> {
        let sentences = &self.doc.sentences;
        let s = self.sent_of[t];
        let (this, next) = (sentences[s].paragraph, sentences.get(s + 1)?.paragraph);
        if sentences[s].tokens.end != t + 1 || next == this {
            return None;
        }
        let last = (s + 1..sentences.len())
            .take_while(|&k| sentences[k].paragraph == next)
            .last()?;
        let (a, b) = (
            sentences[s + 1].tokens.start,
            sentences[last].tokens.end.checked_sub(1)?,
        );
        (a <= b).then_some((a, b))
    }

    /// The cue whose clausal complement holds verb `h`, climbing through
    /// complements and the clauses joined to them.
    fn cue_above_complement(&self, h: usize) -> Option<usize> {
        let (mut up, mut through_complement) = (h, false);
        for _ in 0..4 {
            let rel = self.syn.deprel[up];
            if !matches!(rel, "ccomp" | "conj" | "advcl") {
                return None;
            }
            through_complement |= rel == "ccomp";
            up = self.syn.head[up]?;
            if self.is_cue(up) {
                return through_complement.then_some(up);
            }
        }
        None
    }

    fn make_speaker(&self, head: usize, cue: usize, done: &[(usize, Quote)]) -> Speaker {
        // The local mention keeps its appositive, as PolNeAR marks it:
        // "Daryl Kimball, executive director of the association".
        let skip = ["parataxis", "advcl", "dep", "obl:tmod", "nmod:tmod", "obl:unmarked"];
        // Coordination is left out only at the head ("Mr. Grassley and Mr.
        // Leahy" is seen to below); deeper down it is part of what
        // describes the source: "Paul Rieckhoff, founder and CEO of …"
        // (PolNeAR source F1 +0.5 on train and on dev).
        let coordination = ["cc", "conj"];
        let (mut a, mut b) = self.subtree_skipping_at_head(head, &coordination, &skip);
        // Coordinated names are one source: "Mr. Grassley and Mr. Leahy".
        // After an appositive, a coordinated noun the parser gave the head
        // is the appositive's: "said Paul Rieckhoff, founder | and CEO of …".
        let kids = &self.children[head];
        for &c in kids.iter().filter(|&&c| c > head && self.syn.deprel[c] == "conj") {
            let before_cue = c < cue && matches!(self.syn.upos[c], "PROPN" | "NOUN");
            let after_appositive = || {
                self.syn.upos[c] == "NOUN" && kids.iter().any(|&k| k > head && k < c && self.syn.deprel[k] == "appos")
            };
            if before_cue || after_appositive() {
                b = b.max(self.subtree_skipping_at_head(c, &coordination, &skip).1);
            }
        }
        // A time the parser hung on the source belongs to the cue's clause:
        // "The Times on Saturday", "Wells Fargo just this month".
        if let Some(t) = (head + 1..=b).find(|&t| {
            let w = self.text(t);
            is_date_word(w)
                || matches!(
                    lower(w).as_ref(),
                    "yesterday" | "today" | "tonight" | "week" | "month" | "year"
                )
        }) {
            let mut cut = t;
            while cut > head + 1
                && matches!(
                    lower(self.text(cut - 1)).as_ref(),
                    "on" | "last" | "this" | "next" | "early" | "late" | "just" | "earlier" | "later"
                )
            {
                cut -= 1;
            }
            if (cut..=b).all(|k| {
                self.syn.head[k].is_some_and(|h| h >= cut && h <= b) || self.syn.head[k] == Some(head) || k == t
            }) {
                b = cut - 1;
            }
        }
        // A modifier set off by commas that is neither an appositive nor a
        // relative clause belongs to the clause, not to the mention:
        // "Trump, speaking to a veterans group, said", "Clinton, like
        // Obama, has", "Reid, in particular, has" (PolNeAR source F1 +0.1
        // on train and on dev; other prepositional phrases than these are
        // more often the mention's own: "Sen. Mark Warner, of Virginia,").
        if let Some(first) = self.children[head]
            .iter()
            .filter(|&&c| c > head && c <= b)
            .map(|&c| (c, self.subtree(c, &["punct"]).0))
            .find(|&(c, first)| {
                let rel = self.syn.deprel[c];
                first > head + 1
                    && self.text(first - 1) == ","
                    && (matches!(rel, "advmod" | "advcl" | "obl" | "acl")
                        || (rel == "nmod"
                            && matches!(lower(self.text(first)).as_ref(), "like" | "unlike" | "at" | "in")))
            })
            .map(|(_, first)| first)
        {
            // Before the aside's opening comma.
            b = first - 2;
        }
        // Never run into the cue or a quotation.
        if head < cue && b >= cue {
            b = cue - 1;
        }
        if let Some(q) = (a..=b).find(|&t| t > head && self.run_of[t].is_some()) {
            b = q - 1;
        }
        let (a0, b0) = self.trim(a, b, false).unwrap_or((head, head));
        a = a0;
        b = b0;
        // Nothing before the mention itself: a dateline ("WASHINGTON --"),
        // a fronted clause the parser hung on it ("Based on …, Sanders"),
        // the preposition of an agent ("by Congress") or a focus word
        // ("Even China", "Both Mr. King and Mr. Schultz").
        if let Some(k) = (a..head).rev().find(|&k| {
            matches!(self.text(k), "--" | "—" | "―" | "–")
                || (self.text(k) == "," && (a..k).any(|t| self.syn.upos[t] == "VERB"))
        }) {
            a = k + 1;
        }
        // A quantifier's modifier stays ("Only 52 percent of voters",
        // "Nearly eight of 10", "Both Mr. Grassley and Mr. Leahy"): in
        // PolNeAR train these words open the source 140 times and precede
        // it 17 times, where "even" precedes it 28 times to 8.
        while a < head
            && (self.is_punct(a)
                || (!matches!(
                    lower(self.text(a)).as_ref(),
                    "only"
                        | "nearly"
                        | "not"
                        | "almost"
                        | "about"
                        | "more"
                        | "most"
                        | "roughly"
                        | "approximately"
                        | "fewer"
                        | "less"
                        | "both"
                        | "either"
                        | "neither"
                ) && (self.syn.upos[a] == "ADP" || matches!(self.syn.deprel[a], "advmod" | "cc:preconj" | "cc"))))
        {
            a += 1;
        }
        // "Rendell, a Clinton surrogate, said": the closing comma of the
        // appositive belongs to the mention.
        if b + 1 < cue && self.text(b + 1) == "," && (a..=b).any(|t| self.text(t) == ",") {
            b += 1;
        }
        // Extend left over a possessor or name the parser split off:
        // "China ’s | Foreign Ministry". A pronoun never takes a name.
        let pronoun = self.syn.upos[head] == "PRON";
        while !pronoun && a > 0 {
            if a >= 2
                && matches!(self.text(a - 1), "’s" | "'s")
                && self.syn.upos[a - 2] == "PROPN"
                && self.run_of[a - 2].is_none()
            {
                a -= 2;
            } else if a >= 1
                && self.syn.upos[a - 1] == "PROPN"
                && self.run_of[a - 1].is_none()
                && self.sent_of[a - 1] == self.sent_of[a]
            {
                a -= 1;
            } else {
                break;
            }
        }
        // The parser sometimes splits a title from its name and gives the
        // verb two subjects ("Republican nominee | Donald Trump", "IMF
        // chief economist | Maury Obstfeld"), or hangs a number on the verb
        // ("Twelve | percent"): a sibling that ends right before the
        // mention is part of it.
        if let (false, Some(parent)) = (pronoun, self.syn.head[head]) {
            while let Some(start) = (0..a).rev().take(8).find_map(|s| {
                let sibling = self.syn.head[s] == Some(parent)
                    && (matches!(self.syn.deprel[s], "nsubj" | "nsubj:pass" | "obl:unmarked")
                        || self.syn.upos[s] == "NUM")
                    && matches!(self.syn.upos[s], "NOUN" | "PROPN" | "NUM");
                sibling
                    .then(|| self.subtree(s, &["punct"]))
                    .filter(|&(_, e)| e + 1 == a)
                    .map(|(st, _)| st)
            }) {
                a = start;
            }
        }
        while b + 1 < cue && self.run_of[b + 1].is_none() {
            let next_is_name = self.syn.upos[b + 1] == "PROPN";
            let possessive_then_name =
                matches!(self.text(b + 1), "’s" | "'s") && b + 2 < cue && self.syn.upos[b + 2] == "PROPN";
            if !(next_is_name || possessive_then_name) {
                break;
            }
            b += 1;
        }
        if head > cue {
            b = self.inverted_source_end(b);
        }
        let span = self.span(a, b);
        let words: Vec<String> = (a..=b).map(|t| lower(self.text(t)).into_owned()).collect();
        let head_text = self.text(head);
        let head_lower = lower(head_text);
        let upos = self.syn.upos[head];
        let sentence = &self.doc.sentences[self.sent_of[cue]];
        let anonymous = sentence
            .tokens
            .clone()
            .any(|t| ANONYMITY_MARKERS.contains(&lower(self.text(t)).as_ref()));
        let institution = words.iter().any(|w| INSTITUTION_WORDS.contains(&w.as_str()))
            || GOVERNMENT_METONYMS.contains(&head_text)
            || (head_lower == "it" && upos == "PRON");
        let (kind, resolution, name) = if let Some(antecedent) = self.relative_antecedent(head) {
            // "Don Fowler, who … said": the local mention stays "who", as
            // PolNeAR marks it; who it is comes from the noun it modifies.
            let of = self.make_speaker(antecedent, cue, done);
            let resolution = if of.name.is_some() {
                Resolution::Pronoun
            } else {
                Resolution::None
            };
            // "which" stands for a thing or a body, never a person; what
            // names no one stays unnamed.
            let kind = if of.name.is_none() && of.kind != SourceKind::Anonymous {
                SourceKind::Unnamed
            } else if head_lower != "who" && of.kind == SourceKind::Person {
                SourceKind::Institution
            } else {
                of.kind
            };
            (kind, resolution, of.name)
        } else if upos == "PRON" {
            if PERSON_PRONOUNS.contains(&head_lower.as_ref()) && !matches!(head_lower.as_ref(), "they" | "we") {
                let name = self.previous_person(cue, done, pronoun_gender(&head_lower));
                let res = if name.is_some() {
                    Resolution::Pronoun
                } else {
                    Resolution::None
                };
                (SourceKind::Person, res, name)
            } else if institution {
                let pos = self.doc.tokens[cue].span.start;
                let name = self
                    .recent(done)
                    .1
                    .iter()
                    .filter_map(|(_, q)| {
                        q.speaker
                            .as_ref()
                            .filter(|s| s.span.end <= pos && s.kind == SourceKind::Institution)
                    })
                    .max_by_key(|s| s.span.start)
                    .and_then(|s| s.name.clone().or_else(|| Some(self.doc.slice(s.span).to_string())))
                    .or_else(|| self.previous_institution_subject(cue));
                let res = if name.is_some() {
                    Resolution::Pronoun
                } else {
                    Resolution::None
                };
                (SourceKind::Institution, res, name)
            } else {
                (SourceKind::Unnamed, Resolution::None, None)
            }
        } else if let Some(last_name) = (a..=b)
            .rev()
            .filter(|&t| {
                self.syn.upos[t] == "PROPN"
                    && !INSTITUTION_WORDS.contains(&lower(self.text(t)).as_ref())
                    && !TITLE_WORDS.contains(&lower(self.text(t)).as_ref())
                    && !is_party_label(self.text(t))
            })
            // The last name with no role after it in its phrase, where a
            // role or title describes someone ("spokesman John Kirby",
            // "Arthur Brooks, the event's keynote speaker"): a role right
            // after the name makes it a body's ("a former IRS official", "a
            // Trump campaign adviser"), and the name before an appositive
            // is the person's ("Sen. Mitt Romney, the GOP's nominee").
            .find(|&name| {
                words
                    .iter()
                    .any(|w| ROLE_NOUNS.contains(&w.as_str()) || TITLE_WORDS.contains(&w.as_str()))
                    && !words[name - a..]
                        .iter()
                        .take_while(|w| !matches!(w.as_str(), "," | "(" | "—" | "--"))
                        .any(|w| ROLE_NOUNS.contains(&w.as_str()))
            })
            .filter(|_| {
                !GOVERNMENT_METONYMS.contains(&head_text)
                    && !INSTITUTION_WORDS.contains(&head_lower.as_ref())
                    && !INSTITUTION_WORDS.contains(&lower(self.text(b)).as_ref())
            })
        {
            let name = self.fullest_name(last_name);
            (SourceKind::Person, Resolution::Explicit, name)
        } else if upos == "PROPN" {
            let name = self
                .fullest_name(head)
                .or_else(|| Some(self.doc.slice(span).to_string()));
            // A person's name stays a person's whatever bodies its
            // appositive names ("Adam Schiff, the ranking member of the
            // House Intelligence Committee, who said"), and so does a
            // first name and surname after a body's possessive, whatever
            // type the recogniser gave it ("Operation Homefront's Jim
            // Knotts", "the Transportation Department's Steve Faulkner").
            let owned_person = || {
                let Some(m) = self.name_at(head) else {
                    return false;
                };
                m.first >= 1
                    && matches!(self.text(m.first - 1), "’s" | "'s")
                    && m.name.contains(' ')
                    && name_gender(&m.name).is_some()
            };
            if owned_person() {
                let m = self.name_at(head);
                (
                    SourceKind::Person,
                    Resolution::Explicit,
                    m.map(|m| m.name.clone()).or(name),
                )
            } else if institution && self.entity_type_at(head) != Some(EntityType::Person) {
                // The name, not the clause or appositive after it:
                // "Beijing | , which has engaged in some diplomatic efforts".
                let end = (head + 1..=b)
                    .find(|&t| matches!(self.text(t), "," | "(" | "—" | "--"))
                    .map_or(b, |t| t - 1);
                (
                    SourceKind::Institution,
                    Resolution::Explicit,
                    Some(self.doc.slice(self.span(a, end)).to_string()),
                )
            } else {
                (SourceKind::Person, Resolution::Explicit, name)
            }
        } else if let Some(author) = self.document_author(head, a, b) {
            // A document speaks for whoever made it: "a Gallup poll", "a
            // report by FamiliesUSA", "the latest Bloomberg numbers".
            (SourceKind::Institution, Resolution::Explicit, Some(author))
        } else if anonymous {
            (SourceKind::Anonymous, Resolution::None, None)
        } else if institution {
            let name = self.previous_institution(&words, cue);
            let res = if name.is_some() {
                Resolution::Nominal
            } else {
                Resolution::None
            };
            (SourceKind::Institution, res, name)
        } else if ROLE_NOUNS.contains(&head_lower.as_ref()) && !head_text.ends_with('s') {
            let name = self.person_by_role(&words, cue);
            let res = if name.is_some() {
                Resolution::Nominal
            } else {
                Resolution::None
            };
            (SourceKind::Person, res, name)
        } else {
            (SourceKind::Unnamed, Resolution::None, None)
        };
        let kind = if anonymous && kind != SourceKind::Person {
            SourceKind::Anonymous
        } else {
            kind
        };
        Speaker {
            span,
            entity: None,
            name,
            kind,
            resolution,
        }
    }

    /// The maker of a document source ("a survey from Rasmussen"): the
    /// name inside the mention `a..=b` whose head is a document noun,
    /// either modifying it ("a Gallup poll") or after "from", "by" or "of".
    fn document_author(&self, head: usize, a: usize, b: usize) -> Option<String> {
        if !DOCUMENT_WORDS.contains(&lower(self.text(head)).as_ref()) || matches!(self.syn.upos[head], "PROPN" | "PRON")
        {
            return None;
        }
        // The document's own phrase ends at a comma, a dash or a verb: after
        // "According to the poll, only 8% of Republicans …" the name is no
        // author of it.
        let b = (head + 1..=b)
            .find(|&t| {
                matches!(self.text(t), "," | ";" | "(" | "—" | "--" | ":") || matches!(self.syn.upos[t], "VERB" | "AUX")
            })
            .map_or(b, |t| t - 1);
        let name = (a..=b).find(|&t| {
            t != head
                && self.syn.upos[t] == "PROPN"
                && self.run_of[t].is_none()
                && !TITLE_WORDS.contains(&lower(self.text(t)).as_ref())
                && !is_party_label(self.text(t))
                && (t < head
                    || (t > a
                        && (a..t)
                            .rev()
                            .take(3)
                            .any(|k| matches!(lower(self.text(k)).as_ref(), "from" | "by" | "of"))))
        })?;
        // The whole name: its run of proper nouns, and capitalised words the
        // tagger took for common nouns ("Families USA").
        let capitalised = |t: usize| self.text(t).chars().next().is_some_and(char::is_uppercase);
        let mut s = name;
        while s > a && (self.syn.upos[s - 1] == "PROPN" || (self.syn.upos[s - 1] == "NOUN" && capitalised(s - 1))) {
            s -= 1;
        }
        let mut e = name;
        while e < b && self.syn.upos[e + 1] == "PROPN" && e + 1 != head {
            e += 1;
        }
        if s < name && self.syn.upos[s] != "PROPN" {
            // A name the tagger split ("Families | USA") is the words as written.
            return Some(self.doc.slice(self.span(s, e)).to_string());
        }
        self.fullest_name(name)
            .or_else(|| Some(self.doc.slice(self.span(s, e)).to_string()))
    }

    /// The latest person speaker named before token `before`.
    fn previous_person(&self, before: usize, done: &[(usize, Quote)], gender: Option<Gender>) -> Option<String> {
        let pos = self.doc.tokens[before].span.start;
        // "she" never goes to a known man, nor "he" to a known woman.
        let agrees = |name: &str| gender.is_none() || name_gender(name).is_none_or(|g| Some(g) == gender);
        let from_quotes = self
            .recent(done)
            .1
            .iter()
            .filter_map(|(_, q)| q.speaker.as_ref().filter(|s| s.span.end <= pos))
            .filter(|s| s.kind == SourceKind::Person && s.name.as_deref().is_some_and(agrees))
            .max_by_key(|s| s.span.start)
            .map(|s| (s.span.start, s.name.clone().unwrap()));
        // A person named in the previous sentences, as a fallback.
        let sent = self.sent_of[before];
        // Only names ending before `before` and at most two sentences back.
        let from = self.doc.sentences[sent.saturating_sub(2)].tokens.start;
        let (lo, hi) = (
            self.names.partition_point(|m| m.last < from),
            self.names.partition_point(|m| m.last < before),
        );
        let from_text = self.names[lo..hi.max(lo)]
            .iter()
            .filter(|m| {
                m.last < before && sent - self.sent_of[m.last] <= 2 && !GOVERNMENT_METONYMS.contains(&m.name.as_str())
            })
            .filter(|m| self.run_of[m.last].is_none())
            .filter(|m| !m.titles.iter().any(|t| INSTITUTION_WORDS.contains(&t.as_str())) || m.name.contains(' '))
            .filter(|m| {
                !m.name
                    .split(' ')
                    .any(|w| INSTITUTION_WORDS.contains(&lower(w).as_ref()))
            })
            .filter(|m| {
                self.syn.deprel[m.first] != "compound"
                    && (m.name.contains(' ')
                        || !m.titles.is_empty()
                        || self.fullest_name(m.first).is_some_and(|f| f.contains(' ')))
            })
            .map(|m| {
                (
                    m.last,
                    self.doc.tokens[m.first].span.start,
                    self.fullest_name(m.first).unwrap_or(m.name.clone()),
                    m.titles.iter().find_map(|t| honorific_gender(t)),
                )
            })
            .filter(|(_, _, name, titled)| match (gender, titled) {
                (Some(g), Some(t)) => g == *t,
                _ => agrees(name),
            })
            .max_by_key(|(last, ..)| *last)
            .map(|(_, start, name, _)| (start, name));
        match (from_quotes, from_text) {
            (Some(q), Some(t)) => Some(if q.0 >= t.0 { q.1 } else { t.1 }),
            (Some(q), None) => Some(q.1),
            (None, Some(t)) => Some(t.1),
            (None, None) => None,
        }
    }

    /// A name carrying the role words of a nominal source ("the foreign
    /// minister" → "Foreign Minister Andrii Sybiha").
    fn person_by_role(&self, words: &[String], before: usize) -> Option<String> {
        let role: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| !matches!(*w, "the" | "a" | "an" | "this" | "that" | "'s" | "’s"))
            .collect();
        self.names
            .iter()
            .filter(|m| m.last < before)
            .map(|m| (role.iter().filter(|w| m.titles.iter().any(|t| t == *w)).count(), m))
            .filter(|(score, m)| *score > 0 && m.titles.iter().any(|t| role.last().is_some_and(|r| t == r)))
            .max_by_key(|(score, m)| (*score, m.last))
            .map(|(_, m)| self.fullest_name(m.first).unwrap_or(m.name.clone()))
    }

    /// The latest named institution matching the nominal's head ("the ministry").
    fn previous_institution(&self, words: &[String], before: usize) -> Option<String> {
        let head = words.last()?;
        let pos = self.doc.tokens[before].span.start;
        let text = &self.doc.text[..pos];
        // Find the last capitalised phrase containing the head noun.
        let cap = head.chars().next()?.to_uppercase().collect::<String>() + &head[head.chars().next()?.len_utf8()..];
        let at = text.rfind(&cap)?;
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '.' | ',' | ';' | '\n' | '“' | '"'))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let phrase = text[start..at + cap.len()].trim();
        (phrase.len() > cap.len()).then(|| phrase.to_string())
    }

    /// Medium, venue and addressee of cue `v`.
    fn circumstances(&self, v: usize) -> (Option<Medium>, Option<Span>, Option<Span>) {
        let lemma = self.syn.lemma[v].as_str();
        let mut medium = if WRITTEN_CUES.contains(&lemma) {
            Some(Medium::Written)
        } else if matches!(lemma, "tell" | "shout" | "joke" | "quip" | "testify") {
            Some(Medium::Spoken)
        } else {
            None
        };
        let mut venue = None;
        let mut addressee = None;
        // Look at the cue and at a "Writing on X" clause attached to it.
        let mut holders = vec![v];
        for &c in &self.children[v] {
            if self.syn.deprel[c] == "advcl"
                && matches!(
                    self.syn.lemma[c].as_str(),
                    "write" | "speak" | "post" | "tweet" | "talk"
                )
            {
                holders.push(c);
                if medium.is_none() {
                    medium = Some(if self.syn.lemma[c] == "speak" || self.syn.lemma[c] == "talk" {
                        Medium::Spoken
                    } else {
                        Medium::Written
                    });
                }
            }
        }
        for &h in &holders {
            for &c in &self.children[h] {
                let rel = self.syn.deprel[c];
                let case = self.preposition(c);
                // The venue noun may head the phrase or modify its head, as in
                // a parse of "at a regular news conference Wednesday".
                let venue_noun = std::iter::once(c)
                    .chain(
                        self.children[c]
                            .iter()
                            .copied()
                            .filter(|&k| matches!(self.syn.deprel[k], "compound" | "nmod")),
                    )
                    .find(|&k| {
                        let k_case = self.preposition(k).or(case.clone());
                        is_venue(&lower(self.text(k)))
                            && matches!(
                                k_case.as_deref(),
                                Some("in" | "at" | "on" | "during" | "via" | "through")
                            )
                    });
                let noun = venue_noun.map(|k| lower(self.text(k))).unwrap_or_default();
                if (rel.starts_with("obl") || matches!(rel, "nmod" | "ccomp" | "advmod" | "dep"))
                    && venue_noun.is_some()
                    && venue.is_none()
                {
                    let (a, mut b) = self.subtree(c, &["punct", "acl:relcl", "acl", "advcl", "appos", "parataxis"]);
                    if let Some(comma) = (a..=b).find(|&t| self.text(t) == ",") {
                        b = comma.saturating_sub(1).max(a);
                    }
                    // The day right after it belongs to it, however the
                    // parser hung it: "at a regular news conference | Wednesday".
                    while b + 1 < self.doc.tokens.len()
                        && is_date_word(self.text(b + 1))
                        && self.syn.head[b + 1].is_some_and(|hd| hd == h || (a..=b).contains(&hd))
                    {
                        b += 1;
                    }
                    if let Some((a, b)) = self.trim(a, b, false) {
                        venue = Some(self.span(a, b));
                    }
                    if WRITTEN_VENUES.contains(&noun.as_ref()) {
                        medium = Some(Medium::Written);
                    } else if SPOKEN_VENUES.contains(&noun.as_ref()) {
                        medium = Some(Medium::Spoken);
                    }
                }
                let to_obl = rel.starts_with("obl") && case.as_deref() == Some("to");
                let told_obj = h == v && lemma == "tell" && matches!(rel, "obj" | "iobj");
                if (to_obl || told_obj) && addressee.is_none() && h == v {
                    let (a, b) = self.subtree(c, &["case", "punct", "acl:relcl"]);
                    if let Some((a, b)) = self.trim(a, b, false) {
                        addressee = Some(self.span(a, b));
                    }
                }
            }
        }
        (medium, venue, addressee)
    }

    /// "according to X": X is the source, the rest of the sentence the content.
    fn according_to(&self, v: usize) -> Option<(usize, Quote)> {
        let s = &self.doc.sentences[self.sent_of[v]];
        let (mut sa, sb) = (s.tokens.start, s.tokens.end - 1);
        // A sentence-opening "And" or "But" links to what came before; it
        // is not the source's (PolNeAR leaves it out).
        if sa + 1 < v && self.syn.upos[sa] == "CCONJ" {
            sa += 1;
        }
        // Fronted ("According to X, …"): the source is everything up to the
        // comma that closes the phrase, whatever the parse hung on it (a
        // relative clause stays with its source), and the content is the
        // rest; the parse often hangs "according" on the main verb instead.
        if v <= sa {
            if let Some(comma) = (v + 2..sb).find(|&t| self.text(t) == "," && self.run_of[t].is_none()) {
                if let (Some((xa, xb)), Some(content)) =
                    (self.trim(v + 2, comma - 1, false), self.trim(comma + 1, sb, true))
                {
                    let head = (xa..=xb)
                        .find(|&t| self.syn.head[t].is_none_or(|h| h < xa || h > xb))
                        .unwrap_or(xa);
                    let mut speaker = self.make_speaker(head, v, &[]);
                    speaker.span = self.span(xa, xb);
                    return Some((
                        v,
                        Quote {
                            kind: QuoteKind::Indirect,
                            content: vec![self.span(content.0, content.1)],
                            cue: Some(self.span(v, v + 1)),
                            speaker: Some(speaker),
                            medium: None,
                            venue: None,
                            addressee: None,
                            confidence: 0.7,
                            time: None,
                            repeats: None,
                        },
                    ));
                }
            }
        }
        let x = match self.syn.head[v] {
            Some(h) if h > v + 1 => h,
            _ => (v + 2..s.tokens.end).find(|&t| matches!(self.syn.upos[t], "NOUN" | "PROPN" | "PRON"))?,
        };
        let (xa, xb) = self.subtree(x, &["punct", "acl:relcl"]);
        let (xa, xb) = self.trim(xa.max(v + 2), xb, false)?;
        let content = if v > sa + 1 {
            self.trim(sa, v - 1, true)
        } else {
            self.trim(xb + 1, sb, true)
        }?;
        let speaker = self.make_speaker(x, v, &[]);
        let mut speaker = speaker;
        speaker.span = self.span(xa, xb);
        Some((
            content.0.min(v),
            Quote {
                kind: QuoteKind::Indirect,
                content: vec![self.span(content.0, content.1)],
                cue: Some(self.span(v, v + 1)),
                speaker: Some(speaker),
                medium: None,
                venue: None,
                addressee: None,
                confidence: 0.7,
                time: None,
                repeats: None,
            },
        ))
    }

    /// "He reportedly told aides …": a report with no named source; the
    /// content is the clause around the adverb, in two parts when it
    /// splits the subject from its verb (PolNeAR train: 19 of 29
    /// "reportedly" are cues, 12 of them so).
    fn reportedly(&self, v: usize) -> Option<(usize, Quote)> {
        let h = self.syn.head[v].filter(|&h| h > v && self.run_of[v].is_none())?;
        let (a, b) = self.subtree(h, &["punct"]);
        let mut content = Vec::new();
        if a < v {
            content.extend(self.trim(a, v - 1, true));
        }
        content.extend(self.trim(v + 1, b, true));
        if content.is_empty() {
            return None;
        }
        Some((
            content[0].0.min(v),
            Quote {
                kind: QuoteKind::Indirect,
                content: content.iter().map(|&(a, b)| self.span(a, b)).collect(),
                cue: Some(self.span(v, v)),
                speaker: None,
                medium: None,
                venue: None,
                addressee: None,
                confidence: 0.5,
                time: None,
                repeats: None,
            },
        ))
    }

    /// A quotation no cue claimed: a statement by the previous speaker, or
    /// scare quotes.
    /// "NAME: content" opening a paragraph ("Poll: Voters …", "WALLACE: …").
    fn colon_attribution(&self, p: usize) -> Option<(usize, Quote)> {
        let first = self.doc.sentences.iter().position(|s| s.paragraph == p)?;
        let last = self.doc.sentences.iter().rposition(|s| s.paragraph == p)?;
        let start = self.doc.sentences[first].tokens.start;
        let end = self.doc.sentences[last].tokens.end - 1;
        // The headline repeated as the text's first line ("Obama: People
        // 'Will Be Held Accountable' …") is the outlet's, not a statement.
        if let Some(title) = self.doc.meta.title.as_deref() {
            let line = self.doc.slice(self.doc.paragraphs[p].span);
            if line.trim().eq_ignore_ascii_case(title.trim()) {
                return None;
            }
        }
        let mut a = start;
        if self.is_quote_mark(a) {
            a += 1;
        }
        let colon = (a + 1..(a + 5).min(end)).find(|&t| self.text(t) == ":")?;
        let names_ok = (a..colon).all(|t| {
            let w = self.text(t);
            w.chars().next().is_some_and(char::is_uppercase)
                && matches!(self.syn.upos[t], "PROPN" | "NOUN" | "ADJ" | "X")
        });
        if !names_ok || colon + 1 > end {
            return None;
        }
        // A label is nobody speaking ("UPDATE:", "Q:", "Source: NATO."),
        // nor is a figure or a handle what anyone said ("Sanders: 1,501.").
        let label = (a..colon).map(|t| lower(self.text(t))).collect::<Vec<_>>().join(" ");
        if COLON_LABELS.contains(&label.as_str()) {
            return None;
        }
        let (ca, cb) = self.trim(colon + 1, end, false)?;
        let words = (ca..=cb).filter(|&t| !self.is_punct(t)).count();
        if words < 3 || self.text(ca).starts_with(|c: char| c.is_ascii_digit() || c == '@') {
            return None;
        }
        let head = (a..colon)
            .rev()
            .find(|&t| self.syn.upos[t] == "PROPN")
            .unwrap_or(colon - 1);
        let mut speaker = self.make_speaker(head, colon, &[]);
        speaker.span = self.span(a, colon - 1);
        Some((
            a,
            Quote {
                kind: QuoteKind::Direct,
                content: vec![self.span(ca, cb)],
                cue: Some(self.span(colon, colon)),
                speaker: Some(speaker),
                medium: None,
                venue: None,
                addressee: None,
                confidence: 0.6,
                time: None,
                repeats: None,
            },
        ))
    }

    /// "“…” ― Name": a quotation signed with a dash.
    fn dash_attribution(&self, a: usize, b: usize) -> Option<(usize, Quote)> {
        let dash = b + 1;
        if dash >= self.doc.tokens.len() || !matches!(self.text(dash), "―" | "—" | "–" | "-") {
            return None;
        }
        let par = |t: usize| self.doc.sentences[self.sent_of[t]].paragraph;
        let names: Vec<usize> = (dash + 1..self.doc.tokens.len().min(dash + 6))
            .take_while(|&t| par(t) == par(dash) && self.syn.upos[t] == "PROPN")
            .collect();
        let (&first, &last) = (names.first()?, names.last()?);
        let mut speaker = self.make_speaker(last, dash, &[]);
        speaker.span = self.span(first, last);
        speaker.kind = SourceKind::Person;
        speaker.resolution = Resolution::Explicit;
        speaker.name = Some(self.doc.slice(speaker.span).to_string());
        Some((
            a,
            Quote {
                kind: QuoteKind::Direct,
                content: vec![self.span(a, b)],
                cue: Some(self.span(dash, dash)),
                speaker: Some(speaker),
                medium: Some(Medium::Written),
                venue: None,
                addressee: None,
                confidence: 0.7,
                time: None,
                repeats: None,
            },
        ))
    }

    /// For "it" as a source: the subject of this or one of the two
    /// sentences before that names a body ("The port authority said …. It
    /// disputed …"), read off the text, since attributions found in an
    /// earlier pass may come later in it.
    fn previous_institution_subject(&self, cue: usize) -> Option<String> {
        let sent = self.sent_of[cue];
        let first = self.doc.sentences[sent.saturating_sub(2)].tokens.start;
        (first..cue)
            .rev()
            .filter(|&t| self.syn.deprel[t].starts_with("nsubj") && self.run_of[t].is_none())
            .find(|&t| {
                INSTITUTION_WORDS.contains(&lower(&self.syn.lemma[t]).as_ref())
                    || self.entity_type_at(t) == Some(EntityType::Org)
            })
            .and_then(|t| {
                let (a, b) = self.subtree(t, &["punct", "acl:relcl", "acl", "appos"]);
                let (a, b) = self.trim(a, b, false)?;
                Some(self.doc.slice(self.span(a, b)).to_string())
            })
    }

    /// The attribution (its place in `done` and the quote) whose content
    /// already holds the words of tokens `a..=b`, at least two of them,
    /// when it has a speaker.
    fn quoted_before<'q>(&self, a: usize, b: usize, done: &'q [(usize, Quote)]) -> Option<(usize, &'q Quote)> {
        // Words as hashes of their lower case, each earlier content's
        // worked out once: a page of short quotations re-read every earlier
        // one for each new one.
        let norm = |t: &str, out: &mut Vec<u64>| {
            out.extend(
                t.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let mut h = std::hash::DefaultHasher::new();
                        std::hash::Hash::hash(&w.to_lowercase(), &mut h);
                        std::hash::Hasher::finish(&h)
                    }),
            )
        };
        let mut own = Vec::new();
        norm(self.doc.slice(self.span(a, b)), &mut own);
        if own.len() < 2 {
            return None;
        }
        let start = self.doc.tokens[a].span.start;
        let (offset, recent) = self.recent(done);
        recent.iter().enumerate().find_map(|(i, (_, q))| {
            let i = i + offset;
            let earlier = q.content.first().is_some_and(|c| c.end <= start);
            let said = q.kind != QuoteKind::Scare && q.speaker.as_ref().is_some_and(|s| s.name.is_some());
            if !earlier || !said {
                return None;
            }
            // `done` is the one list `extract` grows, so a place in it
            // always names the same attribution.
            let mut cache = self.content_words.borrow_mut();
            let words = cache.entry(i).or_insert_with(|| {
                let mut words = Vec::new();
                for c in &q.content {
                    norm(self.doc.slice(*c), &mut words);
                }
                words
            });
            words.windows(own.len()).any(|w| w == own.as_slice()).then_some((i, q))
        })
    }

    fn unclaimed_run(
        &self,
        _ri: usize,
        a: usize,
        b: usize,
        done: &[(usize, Quote)],
        _used_cues: &HashSet<usize>,
    ) -> Option<(usize, Quote)> {
        let words = (a..=b).filter(|&t| !self.is_punct(t)).count();
        let sent_tokens: usize = (self.sent_of[a]..=self.sent_of[b])
            .map(|s| self.doc.sentences[s].tokens.len())
            .sum();
        let statement = words >= 6 && (b - a + 1) * 10 >= sent_tokens * 6;
        // Words already quoted with their speaker, repeated later without
        // one, point at their first occurrence. The speaker is left as the
        // rules find it: a repetition may be someone else quoting them
        // ("we too are “a strong, tight-knit family”").
        let repeats = self.quoted_before(a, b, done).map(|(first, _)| first);
        if !statement {
            return Some((
                a,
                Quote {
                    kind: QuoteKind::Scare,
                    content: vec![self.span(a, b)],
                    cue: None,
                    speaker: None,
                    medium: None,
                    venue: None,
                    addressee: None,
                    confidence: 0.6,
                    time: None,
                    repeats,
                },
            ));
        }
        // The speaker of the latest quotation in this or the two paragraphs before.
        let par = self.doc.sentences[self.sent_of[a]].paragraph;
        let start = self.doc.tokens[a].span.start;
        let prev = self
            .recent(done)
            .1
            .iter()
            .filter(|(_, q)| q.content[0].start < start)
            .filter(|(_, q)| q.speaker.is_some() && q.kind != QuoteKind::Scare)
            .filter(|(_, q)| {
                let qp = self.doc.paragraphs.partition_point(|p| p.span.end < q.content[0].start);
                par >= qp && par - qp <= 2
            })
            .max_by_key(|(_, q)| q.content[0].start);
        let speaker = prev.and_then(|(_, q)| q.speaker.clone()).map(|mut s| {
            s.resolution = Resolution::Previous;
            s
        });
        Some((
            a,
            Quote {
                kind: QuoteKind::Direct,
                content: vec![self.span(a, b)],
                cue: None,
                confidence: if speaker.is_some() { 0.6 } else { 0.3 },
                time: None,
                repeats,
                speaker,
                medium: None,
                venue: None,
                addressee: None,
            },
        ))
    }
}
