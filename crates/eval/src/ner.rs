//! Named-entity scoring.
//!
//! * [`read_iob2`] and [`score_spans`]: Universal NER (IOB2 over the EWT
//!   tokens), entity-level exact match of span and type, micro-averaged.
//!   dossier's types and spaCy's are mapped the same way by [`uner_type`]:
//!   PERSON → PER; ORG → ORG; GPE, LOC, FAC → LOC; everything else dropped.
//! * [`read_anchor_tags`]: the `index<TAB>token<TAB>TAG` files written by
//!   `bench/anchor/spacy_ner.py`, so that the anchor is scored by the same
//!   code in the same run.
//! * [`gum_mentions`] and [`score_heads`]: GUM's named entity mentions
//!   (head token PROPN), coarse types, and the head-containment rule.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::Prf;

/// One IOB2 sentence.
#[derive(Debug, Clone, Default)]
pub struct IobSentence {
    /// Index column, verbatim.
    pub ids: Vec<String>,
    /// Tokens.
    pub words: Vec<String>,
    /// Gold tags.
    pub tags: Vec<String>,
}

/// Read an IOB2 file (index, token, tag, ...; comment lines start with `#`;
/// sentences end at a blank line).
pub fn read_iob2(src: &str) -> Result<Vec<IobSentence>, String> {
    let mut out = Vec::new();
    let mut cur = IobSentence::default();
    for (n, line) in src.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!("line {}: expected at least 3 tab-separated columns", n + 1));
        }
        cur.ids.push(cols[0].to_string());
        cur.words.push(cols[1].to_string());
        cur.tags.push(cols[2].to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Read an anchor prediction file (`index<TAB>token<TAB>TAG`, blank line
/// between sentences) as one tag sequence per sentence.
pub fn read_anchor_tags(src: &str) -> Result<Vec<Vec<String>>, String> {
    Ok(read_iob2(src)?.into_iter().map(|s| s.tags).collect())
}

/// One sentence in the `index<TAB>token<TAB>TAG` format [`read_anchor_tags`]
/// reads, from token spans `[start, end)` with their types.
pub fn iob2_lines(words: &[String], spans: &[(usize, usize, &str)]) -> String {
    let mut tags = vec![String::from("O"); words.len()];
    for &(a, b, t) in spans {
        for (k, tag) in tags.iter_mut().enumerate().take(b).skip(a) {
            *tag = format!("{}-{t}", if k == a { "B" } else { "I" });
        }
    }
    let mut out = String::new();
    for (k, (w, t)) in words.iter().zip(&tags).enumerate() {
        out.push_str(&format!("{}\t{w}\t{t}\n", k + 1));
    }
    out
}

/// Map a type label (dossier's or spaCy's OntoNotes ones, or UNER's own) to
/// UNER's PER / ORG / LOC; `None` drops it.
pub fn uner_type(label: &str) -> Option<&'static str> {
    match label {
        "PERSON" | "PER" => Some("PER"),
        "ORG" => Some("ORG"),
        "GPE" | "LOC" | "FAC" => Some("LOC"),
        _ => None,
    }
}

/// Entity spans `(start, end, type)` of a BIO sequence, after mapping the
/// types with `map` (an `I-` that does not continue an entity of the same
/// type starts a new one, as conlleval does).
pub fn spans_of(tags: &[String], map: impl Fn(&str) -> Option<&'static str>) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let close = |open: &mut Option<(usize, &str)>, end: usize, out: &mut Vec<(usize, usize, &'static str)>| {
        if let Some((s, raw)) = open.take() {
            if let Some(t) = map(raw) {
                out.push((s, end, t));
            }
        }
    };
    for (i, t) in tags.iter().enumerate() {
        let (bio, ty) = match t.split_once('-') {
            Some((b, ty)) => (b, ty),
            None => ("O", ""),
        };
        match bio {
            "B" => {
                close(&mut open, i, &mut out);
                open = Some((i, ty));
            }
            "I" if open.is_some_and(|(_, o)| o == ty) => {}
            "I" => {
                close(&mut open, i, &mut out);
                open = Some((i, ty));
            }
            _ => close(&mut open, i, &mut out),
        }
    }
    close(&mut open, tags.len(), &mut out);
    out
}

/// Entity-level scores.
#[derive(Debug, Clone, Serialize)]
pub struct NerScores {
    /// Gold entities.
    pub entities_gold: usize,
    /// Predicted entities (after type mapping).
    pub entities_predicted: usize,
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
    /// The same per type.
    pub by_type: BTreeMap<String, Prf>,
}

/// Exact span-and-type scoring of predicted against gold spans, sentence by
/// sentence (both already mapped to one type set).
pub fn score_spans(
    gold: &[Vec<(usize, usize, &'static str)>],
    predicted: &[Vec<(usize, usize, &'static str)>],
) -> NerScores {
    let mut per: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let (mut c, mut p, mut g) = (0, 0, 0);
    for (gs, ps) in gold.iter().zip(predicted) {
        for e in gs {
            per.entry(e.2).or_default()[2] += 1;
            g += 1;
        }
        for e in ps {
            per.entry(e.2).or_default()[1] += 1;
            p += 1;
            if gs.contains(e) {
                per.entry(e.2).or_default()[0] += 1;
                c += 1;
            }
        }
    }
    let all = Prf::from_counts(c, p, g);
    NerScores {
        entities_gold: g,
        entities_predicted: p,
        p: all.p,
        r: all.r,
        f1: all.f1,
        by_type: per
            .into_iter()
            .map(|(t, [c, p, g])| (t.to_string(), Prf::from_counts(c, p, g)))
            .collect(),
    }
}

/// GUM's coarse types for the `eval entities` rules.
pub fn gum_coarse_type(gum: &str) -> Option<&'static str> {
    match gum {
        "person" => Some("PERSON"),
        "organization" => Some("ORG"),
        "place" => Some("PLACE"),
        "event" => Some("EVENT"),
        _ => None,
    }
}

/// The same coarse set for dossier's and spaCy's labels.
pub fn coarse_type(label: &str) -> Option<&'static str> {
    match label {
        "PERSON" => Some("PERSON"),
        "ORG" => Some("ORG"),
        "GPE" | "LOC" | "FAC" => Some("PLACE"),
        "EVENT" => Some("EVENT"),
        _ => None,
    }
}

/// A GUM entity mention in one sentence: token range, head token, GUM type,
/// and the entity (chain) id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GumMention {
    /// First token (index into the sentence's words).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Head token.
    pub head: usize,
    /// GUM entity type (person, place, ...).
    pub etype: String,
    /// Chain id, unique in the document.
    pub chain: String,
}

/// A teacher's BIO tags for one GUM sentence corrected by GUM's own
/// annotation, for training: every named mention (head PROPN) of a person,
/// organisation or place replaces what the teacher said there, and a
/// teacher's person, organisation or place that GUM does not name is
/// dropped (GUM marks every mention, so it is a teacher error). Other
/// teacher types (NORP, EVENT, ...) stay unless they overlap a gold name.
///
/// A name's span is the run of proper nouns around the mention's head,
/// joined over "of", "and", "&" and "de" ("University of Chicago");
/// determiners and modifiers of the mention are outside it. A place is
/// GPE when `is_gpe` says so of its span, LOC otherwise. Returns `None`
/// when the sentence carries no `Entity=` annotation.
pub fn gum_corrected_tags(
    words: &[conllu::Word],
    teacher: &[String],
    is_gpe: impl Fn(usize, usize) -> bool,
) -> Option<Vec<String>> {
    let misc: Vec<&str> = words.iter().map(|w| w.misc.as_str()).collect();
    if !misc.iter().any(|m| m.contains("Entity=")) || teacher.len() != words.len() {
        return None;
    }
    let propn = |i: usize| words[i].upos == "PROPN";
    let joiner = |i: usize| matches!(words[i].form.as_str(), "of" | "and" | "&" | "de");
    let mut mentions: Vec<GumMention> = gum_mentions(&misc)
        .into_iter()
        .filter(|m| m.head < words.len() && propn(m.head))
        .filter(|m| matches!(m.etype.as_str(), "person" | "organization" | "place"))
        .collect();
    mentions.sort_by_key(|m| std::cmp::Reverse(m.end - m.start));
    let mut gold: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut taken = vec![false; words.len()];
    for m in &mentions {
        let (mut a, mut b) = (m.head, m.head + 1);
        loop {
            if a > m.start && propn(a - 1) {
                a -= 1;
            } else if a > m.start + 1 && joiner(a - 1) && propn(a - 2) {
                a -= 2;
            } else {
                break;
            }
        }
        loop {
            if b < m.end && propn(b) {
                b += 1;
            } else if b + 1 < m.end && joiner(b) && propn(b + 1) {
                b += 2;
            } else {
                break;
            }
        }
        if taken[a..b].iter().any(|&t| t) {
            continue;
        }
        taken[a..b].iter_mut().for_each(|t| *t = true);
        let label = match m.etype.as_str() {
            "person" => "PERSON",
            "organization" => "ORG",
            _ if is_gpe(a, b) => "GPE",
            _ => "LOC",
        };
        gold.push((a, b, label));
    }
    let mut tags = vec![String::from("O"); words.len()];
    for (a, b, label) in spans_of(teacher, |l| {
        text::EntityType::from_label(l).map(text::EntityType::label)
    }) {
        let named_type = matches!(label, "PERSON" | "ORG" | "GPE" | "LOC" | "FAC");
        if named_type || taken[a..b].iter().any(|&t| t) {
            continue;
        }
        for (k, tag) in tags.iter_mut().enumerate().take(b).skip(a) {
            *tag = format!("{}-{label}", if k == a { "B" } else { "I" });
        }
    }
    for (a, b, label) in gold {
        for (k, tag) in tags.iter_mut().enumerate().take(b).skip(a) {
            *tag = format!("{}-{label}", if k == a { "B" } else { "I" });
        }
    }
    Some(tags)
}

/// Parse the `Entity=` annotations of one sentence's MISC column.
///
/// GUM writes `(ID-type-infstat-...-head_index-...-Wikification` openings
/// and `ID)` closings, bracket-style, across tokens; a single-token mention
/// is `(ID-...)`. The head index is 1-based within the mention.
pub fn gum_mentions(misc: &[&str]) -> Vec<GumMention> {
    let mut out = Vec::new();
    let mut open: Vec<(String, usize, String, usize)> = Vec::new();
    for (i, m) in misc.iter().enumerate() {
        let Some(ent) = m.split('|').find_map(|kv| kv.strip_prefix("Entity=")) else {
            continue;
        };
        let mut rest = ent;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('(') {
                let end = r.find(['(', ')']).unwrap_or(r.len());
                let body = &r[..end];
                let fields: Vec<&str> = body.split('-').collect();
                let id = fields.first().copied().unwrap_or("").to_string();
                let etype = fields.get(1).copied().unwrap_or("").to_string();
                let head = fields.iter().skip(2).find_map(|f| f.parse::<usize>().ok()).unwrap_or(1);
                open.push((id, i, etype, head));
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix(')') {
                if let Some((id, s, t, h)) = open.pop() {
                    out.push(GumMention {
                        start: s,
                        end: i + 1,
                        head: s + h.saturating_sub(1),
                        etype: t,
                        chain: id,
                    });
                }
                rest = r;
            } else {
                let end = rest.find(['(', ')']).unwrap_or(rest.len());
                let id = &rest[..end];
                rest = &rest[end..];
                if rest.starts_with(')') {
                    rest = &rest[1..];
                    if let Some(k) = open.iter().rposition(|o| o.0 == id) {
                        let (id, s, t, h) = open.remove(k);
                        out.push(GumMention {
                            start: s,
                            end: i + 1,
                            head: s + h.saturating_sub(1),
                            etype: t,
                            chain: id,
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}

/// Head-rule scores for one system: a gold named mention is found when a
/// predicted span of the same coarse type contains its head token; a
/// prediction is correct when it contains the head of some gold named
/// mention of its type.
pub fn score_heads(gold: &[Vec<(usize, &'static str)>], predicted: &[Vec<(usize, usize, &'static str)>]) -> NerScores {
    let mut per: BTreeMap<&str, [usize; 4]> = BTreeMap::new(); // [pred correct, pred, gold found, gold]
    for (gs, ps) in gold.iter().zip(predicted) {
        for &(h, t) in gs {
            let e = per.entry(t).or_default();
            e[3] += 1;
            if ps.iter().any(|&(s, en, pt)| pt == t && s <= h && h < en) {
                e[2] += 1;
            }
        }
        for &(s, en, t) in ps {
            let e = per.entry(t).or_default();
            e[1] += 1;
            if gs.iter().any(|&(h, gt)| gt == t && s <= h && h < en) {
                e[0] += 1;
            }
        }
    }
    let tot = per.values().fold([0usize; 4], |mut a, v| {
        for k in 0..4 {
            a[k] += v[k];
        }
        a
    });
    let prf = |v: [usize; 4]| Prf::from_fractions(v[0] as f64, v[1] as f64, v[2] as f64, v[3] as f64);
    let all = prf(tot);
    NerScores {
        entities_gold: tot[3],
        entities_predicted: tot[1],
        p: all.p,
        r: all.r,
        f1: all.f1,
        by_type: per.into_iter().map(|(t, v)| (t.to_string(), prf(v))).collect(),
    }
}

/// Map chain ids to small integers, for coreference scoring.
pub fn chain_ids<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::new();
    for id in ids {
        let n = m.len();
        m.entry(id).or_insert(n);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    fn word(form: &str, upos: &str, misc: &str) -> conllu::Word {
        conllu::Word {
            form: form.into(),
            upos: upos.into(),
            misc: misc.into(),
            ..Default::default()
        }
    }

    #[test]
    fn gum_names_correct_the_teacher() {
        // Made-up sentence: "the University of Chicago hired Bob Smith in
        // Ohio ." GUM: an organisation (with a nested place), a person and
        // a place; the teacher took "Chicago" for a GPE, missed Bob Smith,
        // called Ohio a person and tagged a NORP GUM does not name.
        let words = [
            word("the", "DET", "Entity=(1-organization-new-cf1-2"),
            word("University", "PROPN", "_"),
            word("of", "ADP", "_"),
            word("Chicago", "PROPN", "Entity=(2-place-new-sgl-1)1)"),
            word("hired", "VERB", "_"),
            word("Bob", "PROPN", "Entity=(3-person-new-sgl-2"),
            word("Smith", "PROPN", "Entity=3)"),
            word("in", "ADP", "_"),
            word("Ohio", "PROPN", "Entity=(4-place-new-sgl-1)"),
            word("Danish", "ADJ", "_"),
        ];
        let teacher = tags("O O O B-GPE O O O O B-PERSON B-NORP");
        let got = gum_corrected_tags(&words, &teacher, |a, _| words[a].form == "Ohio").expect("annotated");
        assert_eq!(got, tags("O B-ORG I-ORG I-ORG O B-PERSON I-PERSON O B-GPE B-NORP"),);
        let bare = [word("Hi", "INTJ", "_")];
        assert_eq!(gum_corrected_tags(&bare, &tags("O"), |_, _| false), None);
    }

    #[test]
    fn predictions_written_as_iob2_read_back() {
        let words: Vec<String> = ["Lin", "Jian", "said", "in", "Beijing"].map(String::from).to_vec();
        let text = iob2_lines(&words, &[(0, 2, "PER"), (4, 5, "LOC")]);
        assert_eq!(read_anchor_tags(&text).unwrap(), vec![tags("B-PER I-PER O O B-LOC")]);
    }

    #[test]
    fn spans_follow_conlleval_and_map_types() {
        let t = tags("B-PERSON I-PERSON O B-GPE I-ORG B-NORP");
        assert_eq!(
            spans_of(&t, uner_type),
            vec![(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG")]
        );
    }

    #[test]
    fn exact_match_needs_span_and_type() {
        let g = vec![vec![(0, 2, "PER"), (3, 4, "LOC")]];
        let p = vec![vec![(0, 2, "PER"), (3, 5, "LOC"), (6, 7, "ORG")]];
        let s = score_spans(&g, &p);
        assert_eq!((s.entities_gold, s.entities_predicted), (2, 3));
        assert_eq!(s.p, 0.3333);
        assert_eq!(s.r, 0.5);
    }

    #[test]
    fn gum_brackets_nest_and_close() {
        let misc = [
            "Entity=(1-person-new-cf1-2-Wiki_Bob_Smith",
            "Entity=1)",
            "Entity=(2-place-new-sgl-1)",
        ];
        let m = gum_mentions(&misc);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end, m[0].head), (0, 2, 1));
        assert_eq!(m[0].etype, "person");
        assert_eq!((m[1].start, m[1].end, m[1].etype.as_str()), (2, 3, "place"));
    }
}
