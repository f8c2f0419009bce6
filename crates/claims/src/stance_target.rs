//! Which earlier claim a stance answers.
//!
//! A denial, doubt or confirmation found by [`crate::stance_cue`] answers at
//! most one earlier claim of its document. The candidates are the earlier
//! claims it could answer at all (not nested in it, not its own source's
//! unless it retracts, not its own side's when it opposes); each is
//! described by the features below, and a logistic model trained on
//! hand-judged stances from AllSides dev shards (`dossier train
//! stance-target`, weights in `data/stance-target.tsv`) gives the
//! probability that the stance answers it. The most probable candidate is
//! taken when that probability reaches [`ANSWER_THRESHOLD`]; otherwise the
//! stance answers nothing in the document. A threshold rather than "always
//! the best candidate" because a wrong target makes a false dispute across
//! the corpus, while a missing one only leaves a claim unlinked.

use text::{ClaimSourceKind, StanceRelation};

use crate::{spans_overlap, Context, Draft};

/// Names of the features, in order (the weights file uses them).
pub const FEATURES: &[&str] = &[
    "bias",
    "topic_shared",
    "topic_ratio",
    "entities_shared",
    "inverse_claim_distance",
    "sentence_distance",
    "near",
    "same_sentence",
    "latest_candidate",
    "possessor_is_source",
    "reports_answers_media",
    "verification_of_event",
    "candidate_confidence",
    "cue_has_anaphor",
    "anaphor_fits",
    "cue_states_content",
    "stated_content_overlap",
    "relation_denies",
    "relation_questions",
    "relation_cannot_verify",
    "relation_confirms",
    "recency_fallback",
    "candidate_narrator",
    "candidate_is_stance",
    "candidate_unnamed_source",
    "same_paragraph",
    "anaphor_is_noun",
    "anaphor_names_candidate_cue",
    "evidence_is_verb",
    "evidence_is_adjective",
    "stance_agree_or_echo",
    "stance_back_or_support",
    "stance_acknowledge",
    "stance_deny_verb",
    "candidate_source_named_in_answer",
    "shares_most_words",
    "shares_three_words",
];

/// Number of features.
pub const N_FEATURES: usize = 37;

/// Lemma families of the cue verb a claim noun names ("the allegation"
/// names what was alleged).
const NOUN_CUES: &[(&str, &[&str])] = &[
    ("allegation", &["allege"]),
    ("accusation", &["accuse"]),
    ("charge", &["charge", "accuse", "allege"]),
    ("claim", &["claim", "say", "assert", "contend", "insist"]),
    ("report", &["report"]),
    ("assertion", &["assert", "claim"]),
    ("statement", &["say", "state", "tell", "announce"]),
    ("remark", &["say", "remark", "tell", "comment"]),
    ("comment", &["say", "comment", "tell", "remark"]),
    ("suggestion", &["suggest"]),
    ("warning", &["warn"]),
    ("prediction", &["predict", "forecast"]),
    ("promise", &["promise", "pledge", "vow"]),
    ("argument", &["argue", "contend"]),
    ("assessment", &["assess", "conclude", "find"]),
    ("finding", &["find", "conclude"]),
];

/// Probability from which the best candidate is taken as the answered
/// claim.
pub const ANSWER_THRESHOLD: f32 = 0.2;

/// Sentences back within which every earlier claim is a candidate for the
/// model; further back only claims sharing words or named as the owner are.
pub const WINDOW_SENTENCES: usize = 6;

/// Claims back (in text order) a stance may answer at most: far more than
/// any article's window of candidates, and it keeps a page of thousands of
/// denials linear.
pub const MAX_BACK: usize = 64;

/// One earlier claim a stance could answer.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Index of the candidate draft.
    pub di: usize,
    /// Content words shared with the answering claim.
    pub topic_shared: usize,
    /// Whether the anaphor's possessor is the candidate's source.
    pub possessed: bool,
    /// At most two sentences back.
    pub near: bool,
    /// Whether it is the latest candidate.
    pub latest: bool,
    /// Whether the model considers it: near, or sharing words, or named as
    /// the owner (every candidate the rules could take is in the window).
    pub window: bool,
    /// The hand-set score the rules ranked candidates by.
    pub rule_score: f32,
    /// The model's features.
    pub features: [f32; N_FEATURES],
}

/// Per-draft lookups the candidates are built from.
pub(crate) struct Lookups {
    /// Content-word lemma hashes per draft.
    pub topics: Vec<Vec<u64>>,
    /// Entities mentioned in each draft's content.
    pub entities: Vec<Vec<usize>>,
}

/// The earlier claims draft `ci` could answer, with features.
pub(crate) fn candidates(cx: &Context, drafts: &[Draft], look: &Lookups, ci: usize) -> Vec<Candidate> {
    let Some(cue) = drafts[ci].stance_cue else {
        return Vec::new();
    };
    let c = &drafts[ci].claim;
    let c_start = c.spans.first().map(|s| s.start).unwrap_or(0);
    let sentence_of = |d: &Draft| d.claim.spans.first().and_then(|s| cx.sentence_at(s.start));
    let paragraph_of = |d: &Draft| {
        d.claim
            .spans
            .first()
            .map(|s| cx.doc.paragraphs.partition_point(|p| p.span.end <= s.start))
    };
    let c_sentence = sentence_of(&drafts[ci]);
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let ev_tokens = crate::token_range(cx.doc, cue.evidence);
    let ev_upos = |u: &str| ev_tokens.clone().any(|t| cx.upos(t) == u);
    let ev_lemma = |ws: &[&str]| {
        ev_tokens
            .clone()
            .any(|t| ws.contains(&crate::base_form(cx, t).as_str()))
    };
    let anaphor_noun = cue.anaphor.filter(|&a| cx.upos(a) == "NOUN");
    let anaphor_cues: &[&str] = anaphor_noun
        .and_then(|a| {
            let l = cx.lemma(a).to_ascii_lowercase();
            let l = l.trim_end_matches('s');
            NOUN_CUES.iter().find(|(n, _)| *n == l).map(|(_, c)| *c)
        })
        .unwrap_or(&[]);
    let cue_flags = [
        flag(anaphor_noun.is_some()),
        0.0,
        flag(ev_upos("VERB")),
        flag(ev_upos("ADJ")),
        flag(ev_lemma(&["agree", "echo", "concur", "second", "share"])),
        flag(ev_lemma(&["back", "support", "endorse"])),
        flag(ev_lemma(&["acknowledge", "admit", "concede"])),
        flag(ev_lemma(crate::DENY_VERBS)),
    ];
    let c_paragraph = paragraph_of(&drafts[ci]);
    // The answering claim's own words, less the anaphor: "denied that he
    // deserted" says what it denies, "denied the allegation" does not.
    let stated = drafts[ci]
        .content_tokens
        .iter()
        .filter(|&&t| Some(t) != cue.anaphor && matches!(cx.upos(t), "NOUN" | "PROPN" | "VERB" | "ADJ" | "NUM"))
        .count();
    let mut out: Vec<Candidate> = Vec::new();
    for di in ci.saturating_sub(MAX_BACK)..ci {
        let d = &drafts[di].claim;
        // A claim whose words overlap this one's is the same report
        // nested ("Bergdahl has denied that he deserted" holds "that he
        // deserted"; "when Krauthammer stated '…'" holds his words): it
        // restates, it does not answer.
        if d.spans.iter().any(|s| c.spans.iter().any(|cs| spans_overlap(*cs, *s))) {
            continue;
        }
        let same_source = c.source.entity.is_some() && c.source.entity == d.source.entity;
        if same_source != cue.retracts {
            continue;
        }
        let opposing = matches!(
            cue.relation,
            StanceRelation::Denies | StanceRelation::Questions | StanceRelation::CannotVerify
        );
        if opposing && !cue.retracts && c.source.side.is_some() && c.source.side == d.source.side {
            continue;
        }
        // A verification statement answers what was said, not a denial or
        // another verification statement.
        if cue.relation == StanceRelation::CannotVerify && drafts[di].stance_cue.is_some() {
            continue;
        }
        let d_start = d.spans.first().map(|s| s.start).unwrap_or(0);
        if d_start >= c_start {
            continue;
        }
        let topic_shared = text::sorted_overlap(&look.topics[ci], &look.topics[di]);
        let ent_shared = look.entities[ci]
            .iter()
            .filter(|e| look.entities[di].contains(e))
            .count();
        let possessed = cue.possessor.is_some() && cue.possessor == d.source.entity;
        let distance = ci - di;
        let reports = d.source.kind == ClaimSourceKind::Media
            && cue
                .anaphor
                .is_some_and(|a| cx.is_any(a, &["report", "reports", "reporting"]));
        let verification_of_event = cue.relation == StanceRelation::CannotVerify && !d.events.is_empty();
        let mut rule_score = topic_shared as f32 + 0.5 * ent_shared as f32 + 1.0 / distance as f32;
        if possessed {
            rule_score += 3.0;
        }
        if reports {
            rule_score += 1.5;
        }
        if verification_of_event {
            rule_score += 2.5;
        }
        rule_score += 1.5 * d.confidence;
        let sentence_distance = match (c_sentence, sentence_of(&drafts[di])) {
            (Some(a), Some(b)) => a.saturating_sub(b),
            _ => 99,
        };
        let smaller = look.topics[ci].len().min(look.topics[di].len()).max(1);
        let topic_ratio = topic_shared as f32 / smaller as f32;
        let unnamed = matches!(d.source.kind, ClaimSourceKind::Anonymous | ClaimSourceKind::Media);
        let features = [
            1.0,
            topic_shared.min(6) as f32,
            topic_ratio,
            ent_shared.min(3) as f32,
            1.0 / distance as f32,
            sentence_distance.min(10) as f32 / 10.0,
            flag(sentence_distance <= 2),
            flag(sentence_distance == 0),
            0.0, // latest_candidate, set below
            flag(possessed),
            flag(reports),
            flag(verification_of_event),
            d.confidence,
            flag(cue.anaphor.is_some()),
            0.0, // anaphor_fits, set below
            flag(stated > 3),
            if stated > 3 { topic_ratio } else { 0.0 },
            flag(cue.relation == StanceRelation::Denies),
            flag(cue.relation == StanceRelation::Questions),
            flag(cue.relation == StanceRelation::CannotVerify),
            flag(matches!(
                cue.relation,
                StanceRelation::Confirms | StanceRelation::Supports
            )),
            flag(drafts[ci].recency_fallback),
            flag(d.source.kind == ClaimSourceKind::Narrator),
            flag(drafts[di].stance_cue.is_some()),
            flag(unnamed),
            flag(c_paragraph.is_some() && c_paragraph == paragraph_of(&drafts[di])),
            cue_flags[0],
            flag(
                !anaphor_cues.is_empty()
                    && drafts[di].claim.quotes.iter().any(|&q| {
                        cx.doc.quotes.get(q).and_then(|q| q.cue).is_some_and(|cue| {
                            crate::token_range(cx.doc, cue)
                                .any(|t| anaphor_cues.contains(&crate::base_form(cx, t).as_str()))
                        })
                    }),
            ),
            cue_flags[2],
            cue_flags[3],
            cue_flags[4],
            cue_flags[5],
            cue_flags[6],
            cue_flags[7],
            flag(d.source.entity.is_some_and(|e| look.entities[ci].contains(&e))),
            0.0, // shares_most_words, set below
            flag(topic_shared >= 3),
        ];
        out.push(Candidate {
            di,
            topic_shared,
            possessed,
            near: sentence_distance <= 2,
            latest: false,
            window: sentence_distance <= WINDOW_SENTENCES || topic_shared >= 2 || possessed || distance <= 2,
            rule_score,
            features,
        });
    }
    if let Some(last) = out.last_mut() {
        last.latest = true;
        last.features[8] = 1.0;
    }
    // The candidate sharing the most words with the answer, when one does
    // strictly more than every other.
    let most = out.iter().map(|c| c.topic_shared).max().unwrap_or(0);
    if most > 0 && out.iter().filter(|c| c.topic_shared == most).count() == 1 {
        if let Some(c) = out.iter_mut().find(|c| c.topic_shared == most) {
            c.features[35] = 1.0;
        }
    }
    for cand in &mut out {
        let fits = cue.anaphor.is_some() && (cand.latest || cand.topic_shared >= 1);
        cand.features[14] = if fits { 1.0 } else { 0.0 };
    }
    out
}

/// The candidate the hand-set rules take, if any: the best by rule score,
/// when it is grounded.
pub(crate) fn rule_pick(drafts: &[Draft], ci: usize, cands: &[Candidate]) -> Option<usize> {
    let cue = drafts[ci].stance_cue?;
    let best = cands
        .iter()
        .enumerate()
        .fold(None::<(f32, usize)>, |best, (k, c)| match best {
            Some((b, _)) if c.rule_score <= b => best,
            _ => Some((c.rule_score, k)),
        })?
        .1;
    let c = &cands[best];
    // An answer is near what it answers: a target more than two sentences
    // back is taken only on the words it shares or on its source named as
    // the owner ("Schumer's comments"); an anaphor alone reached far too
    // often for an unrelated claim. An anaphor answers the latest claim it
    // could answer, or one that shares a content word with it.
    let anaphor_fits = c.latest || c.topic_shared >= 1;
    let grounded = (cue.anaphor.is_some() && c.near && anaphor_fits)
        || c.possessed
        || c.topic_shared >= 3
        || (c.topic_shared >= 2 && c.near)
        || (drafts[ci].recency_fallback && ci - c.di <= 2);
    grounded.then_some(best)
}

/// The model's probability that a candidate with these features is the
/// answered claim, under weights `w` (in [`FEATURES`] order).
pub fn probability(w: &[f32], f: &[f32; N_FEATURES]) -> f32 {
    let z: f32 = w.iter().zip(f).map(|(a, b)| a * b).sum();
    1.0 / (1.0 + (-z).exp())
}

/// The shipped weights, in [`FEATURES`] order; `None` when the file holds
/// none (the rules choose then).
static WEIGHTS: std::sync::LazyLock<Option<Vec<f32>>> =
    std::sync::LazyLock::new(|| parse_weights(include_str!("../data/stance-target.tsv")));

/// Read a weights file: `name<TAB>weight` lines in [`FEATURES`] order, `#`
/// comments. `None` when it holds no weights or they do not match.
pub fn parse_weights(src: &str) -> Option<Vec<f32>> {
    let rows: Vec<(&str, f32)> = src
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, w) = l.split_once('\t')?;
            Some((name, w.trim().parse().ok()?))
        })
        .collect::<Option<_>>()?;
    let names_match = rows.len() == N_FEATURES && rows.iter().zip(FEATURES).all(|((n, _), f)| n == f);
    names_match.then(|| rows.into_iter().map(|(_, w)| w).collect())
}

/// Index of the `possessor_is_source` feature.
const POSSESSED: usize = 9;
/// Index of the `topic_shared` feature.
const TOPIC_SHARED: usize = 1;

/// The candidate the model takes among `features` (the window's
/// candidates): the most probable one when its probability reaches
/// `threshold`. A claim noun naming its owner ("Zelenskyy's remarks") is
/// rare in the training data, so the model cannot weigh it, but it is the
/// text itself saying whose claim is answered: the most probable candidate
/// of that owner that shares at least two content words with the answer
/// (an owner has many claims) is taken whatever its probability.
pub fn decide(w: &[f32], features: &[[f32; N_FEATURES]], threshold: f32) -> Option<usize> {
    let best = |only_possessed: bool| {
        features
            .iter()
            .enumerate()
            .filter(|(_, f)| !only_possessed || (f[POSSESSED] > 0.0 && f[TOPIC_SHARED] >= 1.0))
            .map(|(k, f)| (k, probability(w, f)))
            .fold(None::<(usize, f32)>, |best, (k, p)| match best {
                Some((_, b)) if p <= b => best,
                _ => Some((k, p)),
            })
    };
    if let Some((k, _)) = best(true) {
        return Some(k);
    }
    best(false).filter(|&(_, p)| p >= threshold).map(|(k, _)| k)
}

/// The candidate the claim stage takes (an index into `cands`), by the
/// shipped model, or by the rules when no weights ship.
pub(crate) fn pick(drafts: &[Draft], ci: usize, cands: &[Candidate]) -> Option<usize> {
    // A source taking back its own claim is left to the rules: the model's
    // candidates never include the answering source's own claims, so it
    // has never seen one.
    let retracts = drafts[ci].stance_cue.is_some_and(|c| c.retracts);
    let Some(w) = WEIGHTS.as_deref().filter(|_| !retracts) else {
        return rule_pick(drafts, ci, cands);
    };
    let window: Vec<usize> = (0..cands.len()).filter(|&k| cands[k].window).collect();
    let features: Vec<[f32; N_FEATURES]> = window.iter().map(|&k| cands[k].features).collect();
    decide(w, &features, ANSWER_THRESHOLD).map(|i| window[i])
}
