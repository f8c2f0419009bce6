//! The attribution judge: how likely each attribution the rules found is
//! what a careful reader would call one, with its speaker and content
//! right. Its probability is the quote's `confidence`.
//!
//! The rules of [`crate::quotes`] propose candidates generously (PolNeAR
//! marks stance, intention and appearance as attributions, and the rules
//! were written against it). A reader of real news wants speech, writing,
//! thought and findings only, and never the author's own voice. The judge
//! is a logistic regression over hashed features of the candidate and its
//! setting: the cue's lemma and frame (negation, modal, the verb it
//! depends on), whether the cue is a verb of statement, the source's form
//! and how it was resolved, the content's form (a clause or only a noun
//! phrase, quotation marks), the sentence's form (a question, first
//! person, a headline-like line) and the document's voice (first person
//! and questions outside quotation marks). It is trained by `dossier train
//! judge` on PolNeAR train, as our own pipeline analyses it, each
//! candidate labelled right when it matches a gold attribution with its
//! source and content and its cue states something (see
//! [`reportable`]); its scores are mapped to probabilities by Platt
//! scaling. PolNeAR's notion of right is not a reader's (its speakers are
//! the local mention, never checked against who it is), so the shipped
//! scale is fitted on the `dev` articles of the real-text check (`dossier
//! train judge --calibrate-on crates/eval/data/real/gold.jsonl`: two
//! parameters, the weights untouched) and checked on its `check` articles;
//! without that option the scale comes from out-of-fold scores on PolNeAR
//! (five folds by article).
//!
//! The model file: the [`HashedWeights`] layout with the two Platt
//! parameters stored under two reserved keys.

use std::borrow::Cow;
use std::collections::HashMap;

use text::{Doc, Quote, QuoteKind, Resolution, SourceKind, Span, Syntax};

use crate::cues::{fnv, HashedWeights, WeightMap};
use crate::lexicon::{is_communication_verb, lower, NOT_STATEMENT_CUES};

const MAGIC: &[u8; 8] = b"DSJDG001";
/// Reserved keys for the Platt parameters (FNV hashes of feature names
/// never take them in practice).
const PLATT_A: u64 = u64::MAX;
const PLATT_B: u64 = u64::MAX - 1;

/// The learned judge.
#[derive(Debug, Clone, Default)]
pub struct JudgeModel {
    weights: HashedWeights,
    a: f32,
    b: f32,
}

impl JudgeModel {
    /// Read a model written by [`JudgeModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<JudgeModel, String> {
        let all = HashedWeights::read(bytes, MAGIC, "attribution judge")?;
        let (a, b) = (all.score(&[PLATT_A]), all.score(&[PLATT_B]));
        let weights = HashedWeights::from_map(all.entries().filter(|&(k, _)| k != PLATT_A && k != PLATT_B).collect());
        Ok(JudgeModel { weights, a, b })
    }

    /// The model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut map: WeightMap = self.weights.entries().collect();
        map.insert(PLATT_A, self.a);
        map.insert(PLATT_B, self.b);
        HashedWeights::from_map(map).write(MAGIC)
    }

    /// True for the empty model, which leaves the rules' confidences alone.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The raw score of a feature list.
    pub fn score(&self, features: &[u64]) -> f32 {
        self.weights.score(features)
    }

    /// The calibrated probability of a feature list.
    pub fn probability(&self, features: &[u64]) -> f32 {
        sigmoid(self.a * self.score(features) + self.b)
    }

    /// Refit the Platt parameters on `(raw score, right)` pairs from
    /// another sample (real news judged by reading), keeping the weights:
    /// the probability then speaks of that sample's notion of right.
    pub fn recalibrate(&mut self, data: &[(f32, bool)]) {
        let (a, b) = fit_platt(data);
        self.a = a;
        self.b = b;
    }

    /// Train on `(features, right)` examples, `group[i]` naming the article
    /// of example `i`: a logistic regression by stochastic gradient descent
    /// (`epochs` passes in an order fixed by `seed`), then Platt scaling
    /// fitted on the scores each example gets from a model trained without
    /// its fifth of the articles.
    pub fn train(examples: &[(Vec<u64>, bool)], group: &[usize], epochs: usize, seed: u64) -> JudgeModel {
        const FOLDS: usize = 5;
        let mut held_out: Vec<(f32, bool)> = Vec::with_capacity(examples.len());
        for fold in 0..FOLDS {
            let train: Vec<usize> = (0..examples.len()).filter(|&i| group[i] % FOLDS != fold).collect();
            let w = fit_logistic(examples, &train, epochs, seed);
            held_out.extend(
                (0..examples.len())
                    .filter(|&i| group[i] % FOLDS == fold)
                    .map(|i| (w.score(&examples[i].0), examples[i].1)),
            );
        }
        let (a, b) = fit_platt(&held_out);
        let all: Vec<usize> = (0..examples.len()).collect();
        JudgeModel {
            weights: fit_logistic(examples, &all, epochs, seed),
            a,
            b,
        }
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// L2-regularised logistic regression by SGD over the examples `rows`.
fn fit_logistic(examples: &[(Vec<u64>, bool)], rows: &[usize], epochs: usize, seed: u64) -> HashedWeights {
    const L2: f64 = 1e-4;
    let mut w: std::collections::HashMap<u64, f64> = std::collections::HashMap::new();
    let mut order = rows.to_vec();
    let mut rng = seed.max(1);
    for epoch in 0..epochs {
        text::seeded_shuffle(&mut order, &mut rng);
        let rate = 0.1 / (1.0 + epoch as f64);
        for &e in &order {
            let (feats, gold) = &examples[e];
            let s: f64 = feats.iter().filter_map(|f| w.get(f)).sum();
            let p = 1.0 / (1.0 + (-s).exp());
            let g = p - if *gold { 1.0 } else { 0.0 };
            for &f in feats {
                let cur = w.entry(f).or_insert(0.0);
                *cur -= rate * (g + L2 * *cur);
            }
        }
    }
    HashedWeights::from_map(
        w.into_iter()
            .filter(|&(_, v)| v.abs() >= 1e-4)
            .map(|(f, v)| (f, v as f32))
            .collect(),
    )
}

/// Platt scaling: `a`, `b` minimising the log loss of `sigmoid(a s + b)`
/// on held-out `(score, label)` pairs (Newton's method, with Platt's
/// smoothed targets).
fn fit_platt(data: &[(f32, bool)]) -> (f32, f32) {
    let pos = data.iter().filter(|d| d.1).count() as f64;
    let neg = data.len() as f64 - pos;
    let (hi, lo) = ((pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0));
    let (mut a, mut b) = (1.0f64, 0.0f64);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
        for &(s, y) in data {
            let s = f64::from(s);
            let t = if y { hi } else { lo };
            let p = 1.0 / (1.0 + (-(a * s + b)).exp());
            let d = p - t;
            let h = p * (1.0 - p);
            ga += d * s;
            gb += d;
            haa += h * s * s;
            hab += h * s;
            hbb += h;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        a -= da;
        b -= db;
        if da.abs() < 1e-7 && db.abs() < 1e-7 {
            break;
        }
    }
    (a as f32, b as f32)
}

/// Set the confidence of every attribution (scare quotes keep theirs) to
/// the judge's probability. The empty model changes nothing.
pub fn judge_quotes(doc: &mut Doc, model: &JudgeModel) {
    if model.is_empty() || doc.quotes.is_empty() {
        return;
    }
    let Some(syn) = doc.syntax.as_ref() else { return };
    let ctx = JudgeContext::new(doc, syn);
    let mut feats = Vec::with_capacity(96);
    let confidences: Vec<Option<f32>> = doc
        .quotes
        .iter()
        .map(|q| {
            (q.kind != QuoteKind::Scare).then(|| {
                feats.clear();
                ctx.features(q, &mut feats);
                model.probability(&feats)
            })
        })
        .collect();
    for (q, c) in doc.quotes.iter_mut().zip(confidences) {
        if let Some(c) = c {
            q.confidence = c;
        }
    }
}

/// Whether an attribution is of the kind a reader counts, whatever its
/// spans: somebody's speech, writing, thought or finding, as
/// `crates/eval/data/real/CONVENTIONS.md` defines it. Not counted:
/// - a cue that states nothing ([`NOT_STATEMENT_CUES`]: stance, wants,
///   plans, appearance, acts), which PolNeAR marks too;
/// - negated or hypothetical speech: the cue under *not*, *never* or a
///   modal ("did not say whether", "they'll say", "would argue");
/// - an infinitive after a verb that is not a speech act taking one
///   ("decided to", "expects to"; "urged … to", "promised to" count);
/// - reported speech whose content is only a noun phrase ("protested the
///   closures", "released a poll"), unless quoted;
/// - the narrator's own voice: a first- or second-person source outside
///   quotation marks.
///
/// A quotation without a cue (a continuation) counts. This defines the
/// judge's training label, together with the match to gold.
pub fn reportable(doc: &Doc, q: &Quote) -> bool {
    let Some(syn) = doc.syntax.as_ref() else { return true };
    let Some(h) = q.cue.and_then(|c| cue_head(doc, syn, c)) else {
        return true;
    };
    let lemma = syn.lemma[h].to_lowercase();
    if NOT_STATEMENT_CUES.contains(&lemma.as_str()) {
        return false;
    }
    // Dependents lie in their head's sentence (the parse is per sentence).
    let sentence = doc.sentences.partition_point(|s| s.tokens.end <= h);
    let within = doc.sentences.get(sentence).map_or(h..h, |s| s.tokens.clone());
    let children = |t: usize| within.clone().filter(move |&c| syn.head[c] == Some(t));
    let hedged = children(h).any(|c| {
        let w = lower(doc.token_text(c));
        matches!(w.as_ref(), "not" | "n't" | "never")
            || (matches!(syn.deprel[c], "aux" | "aux:pass") && MODALS.contains(&syn.lemma[c].as_str()))
    });
    if hedged {
        return false;
    }
    let (mut words, mut verb, mut quoted) = (0usize, false, false);
    let mut opener = None;
    for c in &q.content {
        let (a, b) = tokens_of(doc, *c);
        for t in a..b {
            if syn.upos[t] == "PUNCT" {
                quoted |= doc.token_text(t).chars().any(|ch| "\"“”«»".contains(ch));
                continue;
            }
            if words == 0 {
                opener = Some(t);
            }
            words += 1;
            // A verb that can carry a proposition: not a participle used
            // as an adjective ("the alleged men").
            verb |= matches!(syn.xpos[t], "VBD" | "VBZ" | "VBP" | "MD" | "VB");
        }
    }
    let infinitive = opener.is_some_and(|t| doc.token_text(t).eq_ignore_ascii_case("to") && syn.upos[t] == "PART");
    if infinitive && !INFINITIVE_SPEECH_ACTS.contains(&lemma.as_str()) {
        return false;
    }
    if matches!(q.kind, QuoteKind::Indirect) && !verb && !quoted {
        return false;
    }
    if let Some(s) = &q.speaker {
        let (a, b) = tokens_of(doc, s.span);
        let quoted = doc.quote_runs.iter().any(|r| r.span.contains(doc.tokens[a].span));
        if b == a + 1 && !quoted {
            let w = lower(doc.token_text(a));
            if FIRST_PERSON.contains(&w.as_ref()) || w == "you" {
                return false;
            }
        }
    }
    true
}

/// Speech acts that take an infinitive: directives and commissives ("urged
/// both sides to return", "vowed to respond").
const INFINITIVE_SPEECH_ACTS: &[&str] = &[
    "advise",
    "appeal",
    "ask",
    "beg",
    "call",
    "challenge",
    "command",
    "demand",
    "direct",
    "encourage",
    "implore",
    "instruct",
    "invite",
    "offer",
    "order",
    "plead",
    "pledge",
    "press",
    "pressure",
    "promise",
    "push",
    "remind",
    "request",
    "swear",
    "tell",
    "threaten",
    "urge",
    "vow",
    "warn",
];

/// The token of span `c` whose syntactic head lies outside it.
fn cue_head(doc: &Doc, syn: &Syntax, c: Span) -> Option<usize> {
    let first = doc.tokens.partition_point(|t| t.span.end <= c.start);
    let inside = |t: usize| t < doc.tokens.len() && doc.tokens[t].span.start < c.end;
    let mut t = first;
    let mut fallback = None;
    while inside(t) {
        if fallback.is_none() {
            fallback = Some(t);
        }
        match syn.head[t] {
            Some(h) if h >= first && inside(h) => {}
            _ => return Some(t),
        }
        t += 1;
    }
    fallback
}

/// Token range `[first, end)` covered by a span.
fn tokens_of(doc: &Doc, s: Span) -> (usize, usize) {
    let first = doc.tokens.partition_point(|t| t.span.end <= s.start);
    let end = doc.tokens.partition_point(|t| t.span.start < s.end);
    (first, end.max(first))
}

fn bucket(n: usize, edges: &[usize]) -> &'static str {
    const NAMES: [&str; 8] = ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"];
    NAMES[edges.iter().take_while(|&&e| n >= e).count().min(7)]
}

const FIRST_PERSON: &[&str] = &[
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "mine",
    "ours",
    "myself",
    "ourselves",
];

/// Whether a word is a first-person pronoun; most words are turned away
/// by their length and first letter.
fn is_first_person(w: &str) -> bool {
    w.len() <= 9
        && matches!(
            w.as_bytes().first(),
            Some(b'i' | b'I' | b'm' | b'M' | b'w' | b'W' | b'u' | b'U' | b'o' | b'O')
        )
        && FIRST_PERSON.iter().any(|f| w.eq_ignore_ascii_case(f))
}
const MODALS: &[&str] = &[
    "would", "could", "might", "may", "will", "should", "can", "must", "shall", "'d", "'ll",
];

/// What the features read of a document, computed once.
struct JudgeContext<'a> {
    doc: &'a Doc,
    syn: &'a Syntax,
    run_of: Vec<Option<usize>>,
    sent_of: Vec<usize>,
    /// The document's voice: first person and questions outside quotation marks.
    voice_first_person: &'static str,
    voice_questions: &'static str,
    /// Per sentence, figures every attribution in it shares, computed on
    /// first use: recounting them per attribution is quadratic in a
    /// sentence's length when one holds thousands of attributions.
    sentence_figures: std::cell::RefCell<HashMap<usize, SentenceFigures>>,
    /// Words of each paragraph, counted on first use, for the same reason.
    paragraph_words: std::cell::RefCell<HashMap<usize, usize>>,
}

/// What [`JudgeContext::features`] reads of a whole sentence.
#[derive(Debug, Clone, Copy)]
struct SentenceFigures {
    first_person_outside: bool,
    words: usize,
    capitals: usize,
}

impl<'a> JudgeContext<'a> {
    fn new(doc: &'a Doc, syn: &'a Syntax) -> JudgeContext<'a> {
        let (run_of, _) = doc.quote_run_tokens();
        let sent_of = doc.sentence_of_tokens();
        let mut outside = 0usize;
        let mut first_person = 0usize;
        for (i, r) in run_of.iter().enumerate() {
            if r.is_none() && syn.upos[i] != "PUNCT" {
                outside += 1;
                if is_first_person(doc.token_text(i)) {
                    first_person += 1;
                }
            }
        }
        let questions = doc
            .sentences
            .iter()
            .filter(|s| {
                s.tokens.end > s.tokens.start
                    && run_of[s.tokens.end - 1].is_none()
                    && doc.token_text(s.tokens.end - 1) == "?"
            })
            .count();
        let per_mille = |a: usize, b: usize| (a * 1000).checked_div(b).unwrap_or(0);
        JudgeContext {
            doc,
            syn,
            run_of,
            sent_of,
            voice_first_person: bucket(per_mille(first_person, outside), &[1, 5, 10, 20, 40]),
            voice_questions: bucket(per_mille(questions, doc.sentences.len()), &[1, 20, 50, 100]),
            sentence_figures: Default::default(),
            paragraph_words: Default::default(),
        }
    }

    fn lower(&self, i: usize) -> Cow<'a, str> {
        lower(self.doc.token_text(i))
    }

    fn features(&self, q: &Quote, out: &mut Vec<u64>) {
        let (doc, syn) = (self.doc, self.syn);
        let mut f = |parts: &[&str]| out.push(fnv(parts));
        let kind = match q.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Scare => "scare",
        };
        f(&["bias"]);
        f(&["k", kind]);
        f(&["dfp", self.voice_first_person]);
        f(&["dq", self.voice_questions]);
        f(&["dfpk", self.voice_first_person, kind]);
        let genre = doc.genre.map_or("unknown", text::Genre::label);
        f(&["genre", genre]);
        f(&["genrek", genre, kind]);

        // The cue.
        let head = q.cue.and_then(|c| cue_head(doc, syn, c));
        let lemma: Cow<str> = head.map_or(Cow::Borrowed(""), |h| lower(&syn.lemma[h]));
        let lemma = lemma.as_ref();
        let cue_text = q.cue.map(|c| lower(doc.slice(c)).into_owned()).unwrap_or_default();
        let cue_type = match (q.cue, head) {
            (None, _) => "none",
            _ if cue_text.starts_with("according") => "according",
            _ if cue_text == ":" => "colon",
            _ if matches!(cue_text.as_str(), "—" | "–" | "-" | "--") => "dash",
            (_, Some(h)) if syn.upos[h] == "NOUN" => "noun",
            (_, Some(h)) if matches!(syn.upos[h], "VERB" | "AUX") => "verb",
            _ => "other",
        };
        let statement = if NOT_STATEMENT_CUES.contains(&lemma) {
            "not-statement"
        } else if is_communication_verb(lemma) {
            "communication"
        } else {
            "other"
        };
        f(&["ct", cue_type]);
        f(&["ctk", cue_type, kind]);
        f(&["cl", lemma]);
        f(&["clk", lemma, kind]);
        f(&["cs", statement]);
        f(&["csk", statement, kind]);
        let resolution = q.speaker.as_ref().map_or("no-source", |s| match s.resolution {
            Resolution::Explicit => "explicit",
            Resolution::Pronoun => "pronoun",
            Resolution::Nominal => "nominal",
            Resolution::Previous => "previous",
            Resolution::None => "unresolved",
        });
        f(&["clr", lemma, resolution]);
        let mut cue_in_quote = false;
        let mut sentence = 0;
        if let Some(h) = head {
            sentence = self.sent_of[h];
            cue_in_quote = self.run_of[h].is_some();
            f(&["cx", syn.xpos[h]]);
            f(&["cd", syn.deprel[h]]);
            f(&["csd", statement, syn.deprel[h]]);
            f(&["clx", lemma, syn.xpos[h]]);
            let mut negated = false;
            let mut modal = "";
            // The cue's dependents, found within its sentence: cheaper than
            // every token's list of dependents for the few cues a document
            // has.
            let sentence = &doc.sentences[self.sent_of[h]].tokens;
            for c in sentence.clone().filter(|&c| syn.head[c] == Some(h)) {
                let cl = syn.lemma[c].as_str();
                match syn.deprel[c] {
                    "advmod" if matches!(cl, "not" | "never" | "n't") => negated = true,
                    "aux" | "aux:pass" if MODALS.contains(&cl) => modal = "modal",
                    "aux" if cl == "to" => modal = "infinitive",
                    _ => {}
                }
                if matches!(self.lower(c).as_ref(), "not" | "n't" | "never") {
                    negated = true;
                }
            }
            f(&["neg", if negated { "yes" } else { "no" }]);
            f(&["negs", if negated { "yes" } else { "no" }, statement]);
            f(&["mod", modal]);
            f(&["mods", modal, statement]);
            if let Some(up) = syn.head[h] {
                f(&["up", syn.deprel[h], &lower(&syn.lemma[up])]);
            }
        } else if let Some(c) = q.content.first() {
            let (t, _) = tokens_of(doc, *c);
            if t < self.sent_of.len() {
                sentence = self.sent_of[t];
            }
        }
        f(&["ciq", if cue_in_quote { "yes" } else { "no" }, kind]);

        // The source.
        match &q.speaker {
            None => f(&["src", "none", kind]),
            Some(s) => {
                let skind = match s.kind {
                    SourceKind::Person => "person",
                    SourceKind::Institution => "institution",
                    SourceKind::Anonymous => "anonymous",
                    SourceKind::Unnamed => "unnamed",
                };
                f(&["src", skind, kind]);
                f(&["res", resolution]);
                f(&["resk", resolution, kind]);
                f(&["named", if s.name.is_some() { "yes" } else { "no" }, resolution]);
                let (a, b) = tokens_of(doc, s.span);
                if a < b {
                    let first = self.lower(a);
                    f(&["su", syn.upos[a], resolution]);
                    if b - a == 1 && syn.upos[a] == "PRON" {
                        f(&["spron", &first]);
                    }
                    if FIRST_PERSON.contains(&first.as_ref()) || first == "you" {
                        f(&["sfp", kind, if cue_in_quote { "in" } else { "out" }]);
                    }
                    f(&["slen", bucket(b - a, &[2, 3, 5, 9])]);
                    f(&["siq", if self.run_of[a].is_some() { "yes" } else { "no" }]);
                }
            }
        }

        // The content.
        let mut n = 0usize;
        let mut finite = false;
        let mut verb = false;
        let mut quoted = false;
        let mut first_word = Cow::Borrowed("");
        for c in &q.content {
            let (a, b) = tokens_of(doc, *c);
            for t in a..b {
                if syn.upos[t] == "PUNCT" {
                    if self.doc.token_text(t).chars().any(|ch| "\"“”«»".contains(ch)) {
                        quoted = true;
                    }
                    continue;
                }
                if n == 0 {
                    first_word = self.lower(t);
                }
                n += 1;
                verb |= syn.xpos[t] == "VB";
                finite |= matches!(syn.xpos[t], "VBD" | "VBZ" | "VBP" | "MD");
            }
        }
        let opener = match first_word.as_ref() {
            w @ ("that" | "to" | "whether" | "if" | "how" | "what" | "why" | "when") => w,
            _ => "other",
        };
        let form = match (finite, verb) {
            (true, _) => "clause",
            (false, true) => "nonfinite",
            _ => "phrase",
        };
        f(&["cn", bucket(n, &[2, 3, 5, 9, 17, 33])]);
        f(&["cnk", bucket(n, &[2, 3, 5, 9, 17]), kind]);
        f(&["cf", form, kind]);
        f(&["cfs", form, statement]);
        f(&["cfl", form, lemma]);
        f(&["co", opener]);
        f(&["col", opener, lemma]);
        f(&["cq", if quoted { "yes" } else { "no" }, kind]);
        f(&["cfrag", bucket(q.content.len(), &[2, 3])]);
        if let (Some(c), Some(first)) = (q.cue, q.content.first()) {
            f(&["side", if first.start > c.start { "after" } else { "before" }, kind]);
        }

        // The sentence and its line.
        if let Some(s) = doc.sentences.get(sentence) {
            let (a, b) = (s.tokens.start, s.tokens.end);
            let question = b > a && doc.token_text(b - 1) == "?" && self.run_of[b - 1].is_none();
            f(&["sqm", if question { "yes" } else { "no" }, kind]);
            let figures = *self.sentence_figures.borrow_mut().entry(sentence).or_insert_with(|| {
                let first_person_outside =
                    (a..b).any(|t| self.run_of[t].is_none() && is_first_person(doc.token_text(t)));
                let words = (a..b).filter(|&t| syn.upos[t] != "PUNCT").count();
                let capitals = (a..b)
                    .filter(|&t| syn.upos[t] != "PUNCT" && doc.token_text(t).starts_with(char::is_uppercase))
                    .count();
                SentenceFigures {
                    first_person_outside,
                    words,
                    capitals,
                }
            });
            let SentenceFigures {
                first_person_outside,
                words,
                capitals,
            } = figures;
            f(&["sfpo", if first_person_outside { "yes" } else { "no" }, resolution]);
            f(&["spos", bucket(sentence, &[1, 2, 4])]);
            let title_case = words >= 3 && capitals * 10 >= words * 6;
            let end_punct = b > a && matches!(doc.token_text(b - 1), "." | "?" | "!" | "\"" | "”" | ":");
            f(&[
                "line",
                if title_case { "title" } else { "plain" },
                if end_punct { "end" } else { "open" },
            ]);
            if let Some(p) = doc.paragraphs.get(s.paragraph) {
                let pw = *self
                    .paragraph_words
                    .borrow_mut()
                    .entry(s.paragraph)
                    .or_insert_with(|| doc.slice(p.span).split_whitespace().count());
                f(&["plen", bucket(pw, &[6, 13, 25])]);
            }
        }
    }
}

/// Features of every attribution of an analysed document (scare quotes
/// left out), in the order of `doc.quotes`: what `dossier train judge`
/// learns from.
pub fn features_of(doc: &Doc) -> Vec<(usize, Vec<u64>)> {
    let Some(syn) = doc.syntax.as_ref() else {
        return Vec::new();
    };
    let ctx = JudgeContext::new(doc, syn);
    doc.quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuoteKind::Scare)
        .map(|(i, q)| {
            let mut f = Vec::with_capacity(96);
            ctx.features(q, &mut f);
            (i, f)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_scaling_maps_scores_to_their_observed_rate() {
        // Scores above zero are right three times in four, below zero once
        // in four: the fitted probabilities sit near those rates.
        let mut data = Vec::new();
        for i in 0..400 {
            data.push((1.0, i % 4 != 0));
            data.push((-1.0, i % 4 == 0));
        }
        let (a, b) = fit_platt(&data);
        let p_hi = sigmoid(a + b);
        let p_lo = sigmoid(-a + b);
        assert!((p_hi - 0.75).abs() < 0.02, "{p_hi}");
        assert!((p_lo - 0.25).abs() < 0.02, "{p_lo}");
    }

    #[test]
    fn model_learns_round_trips_and_keeps_platt() {
        let good = fnv(&["cl", "say"]);
        let bad = fnv(&["cl", "oppose"]);
        let bias = fnv(&["bias"]);
        let mut examples = Vec::new();
        let mut group = Vec::new();
        for i in 0..200 {
            examples.push((vec![bias, good], i % 10 != 0));
            examples.push((vec![bias, bad], i % 10 == 0));
            group.extend([i, i]);
        }
        let m = JudgeModel::train(&examples, &group, 5, 3);
        let (pg, pb) = (m.probability(&[bias, good]), m.probability(&[bias, bad]));
        assert!(pg > 0.8 && pg < 0.97, "{pg}");
        assert!(pb < 0.2 && pb > 0.03, "{pb}");
        let back = JudgeModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.probability(&[bias, good]), pg);
        assert_eq!(back.to_bytes(), m.to_bytes());
        assert!(JudgeModel::from_bytes(b"nonsense").is_err());
        assert!(JudgeModel::default().is_empty());
    }
}
