//! The real-text check: attributions, entities and roles of AllSides
//! articles read and annotated by hand (`crates/eval/data/real/`), scored
//! the way a careful reader judges output rather than the way a treebank
//! scorer counts spans.
//!
//! The gold file holds offsets and labels only (one JSON object per
//! article, see `CONVENTIONS.md` there); the article texts are read from
//! `../shared` by the caller, which checks each text's length against the
//! gold before scoring.
//!
//! How an output attribution is judged, so that every number can be
//! reproduced:
//! - Texts are compared as **words** (runs of letters and digits); a
//!   leading *that*, *whether* or *if* of a content is not counted.
//! - It is **real** when a gold attribution's content shares at least half
//!   of the words of the shorter of the two and their cues agree (they
//!   overlap, or either has none). It is matched to the real one it shares
//!   most words with.
//! - Its **speaker** is right when the name it resolves to is the gold
//!   speaker's ([`crate::speakers::same_name`]); for a gold speaker
//!   without a name the output could give (anonymous and unnamed sources),
//!   when its source mention overlaps the gold one; and when it gives no
//!   name, when its source mention (not a pronoun) overlaps the gold one
//!   and the text names nobody there ("the poll shows", "the Cato analyst
//!   said": unresolved, not wrong).
//! - Its **content** is right when at least 80% of its words lie in gold
//!   contents of the same speaker (a quotation merged with its
//!   continuation stays right) and it holds at least 80% of its match's
//!   words.
//! - **Fully right**: real, speaker right and content right.
//! - **Recall**: the share of gold attributions that some output
//!   attribution matches with the speaker right and content right.
//!
//! Entities: an output name mention of a type other than PERSON is right
//! when a gold name has the same span (a leading *the* and a trailing
//! possessive ignored on both sides) and the same type. A role is clean
//! when the output person matches a gold person by name and the role
//! equals one of the gold role spans of that person, ignoring case, a
//! leading article and edge punctuation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::speakers::same_name;

/// A byte range in the article text.
pub type Range = (usize, usize);

/// One gold attribution.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldAttribution {
    /// Its number within the article.
    pub n: u32,
    /// direct, indirect, mixed or partial.
    pub kind: String,
    /// Content fragments.
    pub content: Vec<Range>,
    /// The cue, when there is one.
    pub cue: Option<Range>,
    /// The local source mention, when there is one.
    pub source: Option<Range>,
    /// Who it really is.
    pub speaker: Option<String>,
    /// person, institution, government, anonymous, unnamed, document, media.
    pub speaker_kind: Option<String>,
    /// The attribution this quotation continues.
    pub continues: Option<u32>,
    /// The earlier attribution this one repeats.
    pub repeats: Option<u32>,
}

/// A quotation-marked passage that is nobody's statement.
#[derive(Debug, Clone, Deserialize)]
pub struct NonAttribution {
    /// Where.
    pub span: Range,
    /// scare, title, mention, author, question, other.
    pub why: Option<String>,
}

/// A gold named mention.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// Where.
    pub span: Range,
    /// OntoNotes-style type (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, LAW, WORK, PRODUCT, OTHER).
    #[serde(rename = "type")]
    pub etype: String,
}

/// A person the article names, with the roles it gives them.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPerson {
    /// Fullest name.
    pub name: Option<String>,
    /// m, f or ?.
    pub gender: Option<String>,
    /// Spans of titles and descriptions of this person.
    #[serde(default)]
    pub roles: Vec<Range>,
}

/// One annotated article.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The AllSides id.
    pub id: String,
    /// The shard it comes from (`articles-002`).
    pub shard: String,
    /// `dev` (read while building dossier) or `check` (only scored).
    pub split: String,
    /// Length of the text in bytes, to catch a changed text.
    pub text_bytes: usize,
    /// news, opinion, analysis, transcript, other.
    pub genre: Option<String>,
    /// Attributions, when annotated.
    #[serde(default)]
    pub attributions: Option<Vec<GoldAttribution>>,
    /// Quotations that are nobody's statement.
    #[serde(default)]
    pub non_attributions: Vec<NonAttribution>,
    /// Named mentions, when annotated.
    #[serde(default)]
    pub entities: Option<Vec<GoldEntity>>,
    /// People and roles, when annotated.
    #[serde(default)]
    pub people: Option<Vec<GoldPerson>>,
}

/// Read the gold file (JSON Lines).
pub fn read_gold(src: &str) -> Result<Vec<GoldDoc>, String> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// An output attribution, as the scorer takes it.
#[derive(Debug, Clone, Default)]
pub struct PredictedQuote {
    /// Content fragments.
    pub content: Vec<Range>,
    /// The cue.
    pub cue: Option<Range>,
    /// The local source mention.
    pub source: Option<Range>,
    /// The name the source resolves to.
    pub speaker: Option<String>,
    /// direct, indirect, mixed or partial (scare quotes are not passed in).
    pub kind: String,
    /// The output's confidence.
    pub confidence: f32,
}

/// An output entity, as the scorer takes it.
#[derive(Debug, Clone, Default)]
pub struct PredictedEntity {
    /// Its name.
    pub name: String,
    /// Its output type label.
    pub etype: String,
    /// Its mentions by name.
    pub names: Vec<Range>,
    /// Its roles as output (title text).
    pub roles: Vec<String>,
}

/// What was output for one article.
#[derive(Debug, Clone, Default)]
pub struct Predicted {
    /// Attributions other than scare quotes.
    pub quotes: Vec<PredictedQuote>,
    /// Spans of scare quotes.
    pub scare: Vec<Range>,
    /// Entities.
    pub entities: Vec<PredictedEntity>,
}

/// Attribution figures for one group of articles.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct AttributionScores {
    /// Articles.
    pub articles: usize,
    /// Output attributions.
    pub output: usize,
    /// Of those, real ones.
    pub real: usize,
    /// Of the real ones, speaker right.
    pub speaker_right: usize,
    /// Of the real ones, content right.
    pub content_right: usize,
    /// Real, speaker and content right.
    pub fully_right: usize,
    /// Gold attributions.
    pub gold: usize,
    /// Gold attributions found fully right.
    pub found: usize,
    /// Gold attributions output only as scare quotes.
    pub gold_as_scare: usize,
    /// `real / output`.
    pub precision_real: f64,
    /// `fully_right / output`.
    pub precision_fully_right: f64,
    /// `speaker_right / real`.
    pub speaker_right_of_real: f64,
    /// `content_right / real`.
    pub content_right_of_real: f64,
    /// `found / gold`.
    pub recall_fully_right: f64,
}

impl AttributionScores {
    fn finish(&mut self) {
        let r = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                crate::round4(a as f64 / b as f64)
            }
        };
        self.precision_real = r(self.real, self.output);
        self.precision_fully_right = r(self.fully_right, self.output);
        self.speaker_right_of_real = r(self.speaker_right, self.real);
        self.content_right_of_real = r(self.content_right, self.real);
        self.recall_fully_right = r(self.found, self.gold);
    }

    fn add(&mut self, o: &AttributionScores) {
        self.articles += o.articles;
        self.output += o.output;
        self.real += o.real;
        self.speaker_right += o.speaker_right;
        self.content_right += o.content_right;
        self.fully_right += o.fully_right;
        self.gold += o.gold;
        self.found += o.found;
        self.gold_as_scare += o.gold_as_scare;
    }
}

/// One row of the reliability table.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ReliabilityBin {
    /// Lower edge of the confidence bin.
    pub from: f32,
    /// Upper edge (exclusive, except for the last bin).
    pub to: f32,
    /// Output attributions in the bin.
    pub output: usize,
    /// Of those, fully right.
    pub fully_right: usize,
    /// Mean confidence in the bin.
    pub mean_confidence: f64,
    /// `fully_right / output`.
    pub share: f64,
}

/// Entity figures.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct EntityScores {
    /// Articles with entity gold.
    pub articles: usize,
    /// Output name mentions typed other than PERSON.
    pub non_person_output: usize,
    /// Of those, span and type right.
    pub non_person_right: usize,
    /// Of those, span right whatever the type.
    pub non_person_span_right: usize,
    /// `non_person_right / non_person_output`.
    pub non_person_precision: f64,
    /// Gold name mentions of the types dossier outputs, other than PERSON.
    pub non_person_gold: usize,
    /// Of those, found with span and type.
    pub non_person_found: usize,
    /// `non_person_found / non_person_gold`.
    pub non_person_recall: f64,
    /// Output PERSON name mentions.
    pub person_output: usize,
    /// Of those, a gold PERSON span.
    pub person_right: usize,
    /// `person_right / person_output`.
    pub person_precision: f64,
    /// Roles output for people.
    pub roles_output: usize,
    /// Of those, clean.
    pub roles_clean: usize,
    /// `roles_clean / roles_output`.
    pub roles_clean_share: f64,
}

/// Every figure of the real-text check.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RealScores {
    /// All articles.
    pub all: AttributionScores,
    /// By split (`dev`, `check`).
    pub by_split: BTreeMap<String, AttributionScores>,
    /// By genre.
    pub by_genre: BTreeMap<String, AttributionScores>,
    /// By output kind (direct, indirect, mixed, partial).
    pub by_kind: BTreeMap<String, AttributionScores>,
    /// Output with confidence at least 0.8.
    pub confident: AttributionScores,
    /// Share fully right per confidence bin (all output, whatever the threshold).
    pub reliability: Vec<ReliabilityBin>,
    /// Entities and roles.
    pub entities: EntityScores,
}

/// What the scorer decided about one output attribution (for `--dump`).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteJudgement {
    /// Index of the output attribution.
    pub index: usize,
    /// Matched gold attribution (`n`), if real.
    pub gold: Option<u32>,
    /// Real.
    pub real: bool,
    /// Speaker right.
    pub speaker_right: bool,
    /// Content right.
    pub content_right: bool,
}

/// Per-article detail (for `--dump`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ArticleDetail {
    /// Judgement of each output attribution.
    pub output: Vec<QuoteJudgement>,
    /// Gold attributions not found fully right (`n`).
    pub missed: Vec<u32>,
}

/// Word ranges of a text: runs of letters and digits (an apostrophe
/// between letters stays inside).
pub fn words(text: &str) -> Vec<Range> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inner_apostrophe = (c == '\'' || c == '’')
            && start.is_some()
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner_apostrophe {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, b.len()));
    }
    out
}

/// The words of `text` inside some of `spans`, as indices into `words`;
/// a leading complementiser is dropped.
fn words_in(text: &str, all: &[Range], spans: &[Range]) -> Vec<usize> {
    let mut idx: Vec<usize> = spans
        .iter()
        .flat_map(|&(s, e)| {
            let first = all.partition_point(|w| w.1 <= s);
            (first..all.len()).take_while(move |&k| all[k].0 < e)
        })
        .collect();
    idx.sort_unstable();
    idx.dedup();
    if let Some(&first) = idx.first() {
        let w = &text[all[first].0..all[first].1];
        if ["that", "whether", "if"].iter().any(|c| w.eq_ignore_ascii_case(c)) {
            idx.remove(0);
        }
    }
    idx
}

fn overlaps(a: Range, b: Range) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Speaker kinds whose gold speaker is a description the output cannot be
/// expected to name: judged by the source mention instead.
fn unnamed_kind(kind: Option<&str>) -> bool {
    matches!(kind, Some("anonymous" | "unnamed"))
}

/// Pronouns, which say nothing of who speaks unless resolved.
const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "i", "we", "you", "who", "which", "that", "his", "her", "its", "their", "him", "them",
    "me", "us",
];

fn speaker_right(text: &str, g: &GoldAttribution, p: &PredictedQuote) -> bool {
    if unnamed_kind(g.speaker_kind.as_deref()) || g.speaker.is_none() {
        return match (g.source, p.source) {
            (Some(gs), Some(ps)) => overlaps(gs, ps),
            // A continuation of an unnamed source: the output's name, if
            // any, must still be that description.
            (None, _) => match (&g.speaker, &p.speaker) {
                (Some(gn), Some(pn)) => same_name(gn, pn),
                (None, None) => true,
                _ => false,
            },
            (Some(_), None) => false,
        };
    }
    let gold = g.speaker.as_deref().unwrap_or_default();
    match (&p.speaker, g.source, p.source) {
        (Some(name), _, _) => same_name(gold, name),
        // Unresolved, but the right description where the text names
        // nobody there ("the poll shows", "the Cato analyst said"): not
        // wrong, only not resolved further.
        (None, Some(gs), Some(ps)) => {
            let mention = &text[ps.0..ps.1];
            let surname = gold.split_whitespace().last().unwrap_or_default();
            overlaps(gs, ps)
                && !PRONOUNS.iter().any(|w| mention.eq_ignore_ascii_case(w))
                && !text[gs.0..gs.1].contains(surname)
        }
        _ => false,
    }
}

/// Score one article's attributions; `keep` says which output quotes count
/// as output (the confidence threshold).
fn score_attributions(
    text: &str,
    gold: &[GoldAttribution],
    pred: &[PredictedQuote],
    scare: &[Range],
    keep: impl Fn(&PredictedQuote) -> bool,
) -> (AttributionScores, Vec<Option<QuoteJudgement>>, Vec<u32>) {
    let all = words(text);
    let gw: Vec<Vec<usize>> = gold.iter().map(|g| words_in(text, &all, &g.content)).collect();
    let mut s = AttributionScores {
        articles: 1,
        gold: gold.len(),
        ..AttributionScores::default()
    };
    let mut found = vec![false; gold.len()];
    let mut judgements = Vec::with_capacity(pred.len());
    for (pi, p) in pred.iter().enumerate() {
        if !keep(p) {
            judgements.push(None);
            continue;
        }
        s.output += 1;
        let pw = words_in(text, &all, &p.content);
        // The real gold attribution sharing most words, cues agreeing.
        let mut best: Option<(usize, usize)> = None;
        for (gi, g) in gold.iter().enumerate() {
            let n = text::sorted_overlap(&pw, &gw[gi]);
            let smaller = pw.len().min(gw[gi].len()).max(1);
            let cues_agree = match (p.cue, g.cue) {
                (Some(a), Some(b)) => overlaps(a, b),
                _ => true,
            };
            if n * 2 >= smaller && n > 0 && cues_agree && best.is_none_or(|(_, bn)| n > bn) {
                best = Some((gi, n));
            }
        }
        let mut j = QuoteJudgement {
            index: pi,
            gold: None,
            real: false,
            speaker_right: false,
            content_right: false,
        };
        if let Some((gi, n)) = best {
            let g = &gold[gi];
            j.gold = Some(g.n);
            j.real = true;
            j.speaker_right = speaker_right(text, g, p);
            // Words in gold contents of the same speaker.
            let same: Vec<usize> = {
                let mut v: Vec<usize> = gold
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.speaker == g.speaker && (g.speaker.is_some() || o.source == g.source))
                    .flat_map(|(oi, _)| gw[oi].iter().copied())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let precision = text::sorted_overlap(&pw, &same) as f64 / pw.len().max(1) as f64;
            let recall = n as f64 / gw[gi].len().max(1) as f64;
            j.content_right = precision >= 0.8 && recall >= 0.8;
            s.real += 1;
            s.speaker_right += j.speaker_right as usize;
            s.content_right += j.content_right as usize;
            if j.speaker_right && j.content_right {
                s.fully_right += 1;
            }
            // Recall: every gold attribution this output covers fully right.
            if j.speaker_right && precision >= 0.8 {
                for (oi, o) in gold.iter().enumerate() {
                    let cues_agree = match (p.cue, o.cue) {
                        (Some(a), Some(b)) => overlaps(a, b),
                        _ => true,
                    };
                    if cues_agree
                        && speaker_right(text, o, p)
                        && text::sorted_overlap(&pw, &gw[oi]) as f64 >= 0.8 * gw[oi].len().max(1) as f64
                    {
                        found[oi] = true;
                    }
                }
            }
        }
        judgements.push(Some(j));
    }
    s.found = found.iter().filter(|&&f| f).count();
    for (gi, g) in gold.iter().enumerate() {
        let covered_by_output = pred
            .iter()
            .filter(|p| keep(p))
            .any(|p| p.content.iter().any(|&c| g.content.iter().any(|&gc| overlaps(c, gc))));
        if !found[gi] && !covered_by_output && scare.iter().any(|&sc| g.content.iter().any(|&gc| overlaps(sc, gc))) {
            s.gold_as_scare += 1;
        }
    }
    let missed = gold
        .iter()
        .zip(&found)
        .filter(|(_, f)| !**f)
        .map(|(g, _)| g.n)
        .collect();
    (s, judgements, missed)
}

/// Judge each output attribution of one text against its gold
/// attributions (all output counted), as the check does.
pub fn judge(text: &str, gold: &[GoldAttribution], pred: &[PredictedQuote]) -> Vec<QuoteJudgement> {
    score_attributions(text, gold, pred, &[], |_| true)
        .1
        .into_iter()
        .flatten()
        .collect()
}

/// Strip a leading "the " and a trailing possessive from a span.
fn trim_name(text: &str, (mut s, mut e): Range) -> Range {
    let t = &text[s..e];
    if t.len() > 4 && (t.starts_with("the ") || t.starts_with("The ")) {
        s += 4;
    }
    let t = &text[s..e];
    for suffix in ["'s", "’s", "'", "’"] {
        if t.len() > suffix.len() && t.ends_with(suffix) {
            e -= suffix.len();
            break;
        }
    }
    (s, e)
}

fn norm_role(r: &str) -> String {
    let lower = r.trim().to_lowercase();
    let t = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let t = ["the ", "a ", "an "]
        .iter()
        .find_map(|a| t.strip_prefix(a))
        .unwrap_or(t);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Dossier's types that are not PERSON.
const OUTPUT_TYPES: [&str; 6] = ["ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"];

fn score_entities(
    text: &str,
    gold_ents: &[GoldEntity],
    people: &[GoldPerson],
    pred: &[PredictedEntity],
) -> EntityScores {
    let mut s = EntityScores {
        articles: 1,
        ..EntityScores::default()
    };
    let gold: BTreeMap<Range, &str> = gold_ents
        .iter()
        .map(|g| (trim_name(text, g.span), g.etype.as_str()))
        .collect();
    let mut predicted: BTreeMap<Range, &str> = BTreeMap::new();
    for e in pred {
        for &m in &e.names {
            predicted.insert(trim_name(text, m), e.etype.as_str());
        }
    }
    for (span, t) in &predicted {
        let g = gold.get(span);
        if *t == "PERSON" {
            s.person_output += 1;
            s.person_right += (g == Some(&"PERSON")) as usize;
        } else {
            s.non_person_output += 1;
            s.non_person_right += (g == Some(t)) as usize;
            s.non_person_span_right += g.is_some() as usize;
        }
    }
    for (span, t) in &gold {
        if OUTPUT_TYPES.contains(t) {
            s.non_person_gold += 1;
            s.non_person_found += (predicted.get(span) == Some(t)) as usize;
        }
    }
    for e in pred.iter().filter(|e| e.etype == "PERSON") {
        let person = people
            .iter()
            .find(|p| p.name.as_deref().is_some_and(|n| same_name(n, &e.name)));
        for r in &e.roles {
            s.roles_output += 1;
            let clean = person.is_some_and(|p| {
                p.roles
                    .iter()
                    .any(|&(a, b)| text.get(a..b).is_some_and(|g| norm_role(g) == norm_role(r)))
            });
            s.roles_clean += clean as usize;
        }
    }
    s
}

impl EntityScores {
    fn add(&mut self, o: &EntityScores) {
        self.articles += o.articles;
        self.non_person_output += o.non_person_output;
        self.non_person_right += o.non_person_right;
        self.non_person_span_right += o.non_person_span_right;
        self.non_person_gold += o.non_person_gold;
        self.non_person_found += o.non_person_found;
        self.person_output += o.person_output;
        self.person_right += o.person_right;
        self.roles_output += o.roles_output;
        self.roles_clean += o.roles_clean;
    }

    fn finish(&mut self) {
        let r = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                crate::round4(a as f64 / b as f64)
            }
        };
        self.non_person_precision = r(self.non_person_right, self.non_person_output);
        self.non_person_recall = r(self.non_person_found, self.non_person_gold);
        self.person_precision = r(self.person_right, self.person_output);
        self.roles_clean_share = r(self.roles_clean, self.roles_output);
    }
}

/// Score every article: `texts[i]` and `predicted[i]` belong to `gold[i]`.
/// Output attributions below `min_confidence` are not counted as output
/// (the reliability table still bins them all).
pub fn score(
    gold: &[GoldDoc],
    texts: &[String],
    predicted: &[Predicted],
    min_confidence: f32,
) -> (RealScores, Vec<ArticleDetail>) {
    let mut out = RealScores::default();
    let mut details = Vec::with_capacity(gold.len());
    let mut bins: Vec<(usize, usize, f64)> = vec![(0, 0, 0.0); 10];
    for ((g, text), p) in gold.iter().zip(texts).zip(predicted) {
        let mut detail = ArticleDetail::default();
        if let Some(attrs) = &g.attributions {
            let (s, judgements, missed) =
                score_attributions(text, attrs, &p.quotes, &p.scare, |q| q.confidence >= min_confidence);
            out.all.add(&s);
            out.by_split.entry(g.split.clone()).or_default().add(&s);
            out.by_genre
                .entry(g.genre.clone().unwrap_or_else(|| "unknown".into()))
                .or_default()
                .add(&s);
            let (c, _, _) = score_attributions(text, attrs, &p.quotes, &p.scare, |q| q.confidence >= 0.8);
            out.confident.add(&c);
            // Per kind and reliability, over every output attribution.
            let (_, every, _) = score_attributions(text, attrs, &p.quotes, &p.scare, |_| true);
            for (q, j) in p.quotes.iter().zip(&every) {
                let Some(j) = j else { continue };
                let full = j.real && j.speaker_right && j.content_right;
                let bin = ((q.confidence * 10.0) as usize).min(9);
                bins[bin].0 += 1;
                bins[bin].1 += full as usize;
                bins[bin].2 += q.confidence as f64;
            }
            for (q, j) in p.quotes.iter().zip(&judgements) {
                let Some(j) = j else { continue };
                let k = out.by_kind.entry(q.kind.clone()).or_default();
                k.output += 1;
                k.real += j.real as usize;
                k.speaker_right += j.speaker_right as usize;
                k.content_right += j.content_right as usize;
                k.fully_right += (j.real && j.speaker_right && j.content_right) as usize;
            }
            detail.output = judgements.into_iter().flatten().collect();
            detail.missed = missed;
        }
        if let (Some(ents), Some(people)) = (&g.entities, &g.people) {
            out.entities.add(&score_entities(text, ents, people, &p.entities));
        }
        details.push(detail);
    }
    out.all.finish();
    out.confident.finish();
    for s in out
        .by_split
        .values_mut()
        .chain(out.by_genre.values_mut())
        .chain(out.by_kind.values_mut())
    {
        s.finish();
    }
    out.entities.finish();
    out.reliability = bins
        .iter()
        .enumerate()
        .map(|(i, &(n, full, sum))| ReliabilityBin {
            from: i as f32 / 10.0,
            to: (i + 1) as f32 / 10.0,
            output: n,
            fully_right: full,
            mean_confidence: if n == 0 { 0.0 } else { crate::round4(sum / n as f64) },
            share: if n == 0 {
                0.0
            } else {
                crate::round4(full as f64 / n as f64)
            },
        })
        .collect();
    (out, details)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold_attr(n: u32, content: Range, cue: Option<Range>, source: Option<Range>, speaker: &str) -> GoldAttribution {
        GoldAttribution {
            n,
            kind: "indirect".into(),
            content: vec![content],
            cue,
            source,
            speaker: Some(speaker.into()),
            speaker_kind: Some("person".into()),
            continues: None,
            repeats: None,
        }
    }

    const TEXT: &str = "Ann Lee said that the port will close soon. Bob opposed the plan to sell it.";

    #[test]
    fn an_attribution_with_the_right_speaker_and_content_is_fully_right() {
        let gold = vec![gold_attr(1, (18, 42), Some((8, 12)), Some((0, 7)), "Ann Lee")];
        let pred = vec![PredictedQuote {
            content: vec![(13, 42)],
            cue: Some((8, 12)),
            source: Some((0, 7)),
            speaker: Some("Lee".into()),
            kind: "indirect".into(),
            confidence: 0.9,
        }];
        let (s, j, missed) = score_attributions(TEXT, &gold, &pred, &[], |_| true);
        assert_eq!((s.output, s.real, s.fully_right, s.found), (1, 1, 1, 1));
        assert!(j[0].as_ref().unwrap().content_right);
        assert!(missed.is_empty());
    }

    #[test]
    fn a_verb_that_is_not_speech_is_not_real_and_a_wrong_speaker_is_not_fully_right() {
        let gold = vec![gold_attr(1, (18, 42), Some((8, 12)), Some((0, 7)), "Ann Lee")];
        let pred = vec![
            PredictedQuote {
                content: vec![(56, 75)],
                cue: Some((48, 55)),
                source: Some((44, 47)),
                speaker: Some("Bob".into()),
                kind: "indirect".into(),
                confidence: 0.5,
            },
            PredictedQuote {
                content: vec![(18, 42)],
                cue: Some((8, 12)),
                source: Some((0, 7)),
                speaker: Some("Bob Lee".into()),
                kind: "indirect".into(),
                confidence: 0.5,
            },
        ];
        let (s, _, missed) = score_attributions(TEXT, &gold, &pred, &[], |_| true);
        assert_eq!(
            (s.output, s.real, s.speaker_right, s.fully_right, s.found),
            (2, 1, 0, 0, 0)
        );
        assert_eq!(missed, vec![1]);
        // Below the threshold nothing is output.
        let (s, _, _) = score_attributions(TEXT, &gold, &pred, &[], |q| q.confidence >= 0.6);
        assert_eq!((s.output, s.gold, s.found), (0, 1, 0));
    }

    #[test]
    fn content_cut_short_is_real_but_not_right() {
        let gold = vec![gold_attr(1, (18, 42), Some((8, 12)), Some((0, 7)), "Ann Lee")];
        let pred = vec![PredictedQuote {
            content: vec![(18, 32)],
            cue: Some((8, 12)),
            source: Some((0, 7)),
            speaker: Some("Ann Lee".into()),
            kind: "indirect".into(),
            confidence: 0.9,
        }];
        let (s, _, _) = score_attributions(TEXT, &gold, &pred, &[], |_| true);
        assert_eq!((s.real, s.speaker_right, s.content_right, s.found), (1, 1, 0, 0));
    }

    #[test]
    fn words_keep_inner_apostrophes_and_names_lose_the_and_possessives() {
        let t = "the White House’s view, don't";
        let w: Vec<&str> = words(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(w, ["the", "White", "House’s", "view", "don't"]);
        assert_eq!(trim_name(t, (0, 19)), (4, 15));
        assert_eq!(norm_role(", the Senate Minority Leader."), "senate minority leader");
    }
}
