//! The claim check: hand-annotated claims (`crates/eval/data/claims/*.jsonl`)
//! against dossier's output claims.
//!
//! One JSON object a line per document: `corpus` (`real` or `polnear`),
//! `id`, `split` (`dev` or `check`) and `claims`, each with `n`, the gold
//! `attribution` it comes from (or null for the narrator's), `spans` (byte
//! offsets into the text as dossier holds it), `source_kind`, `side`,
//! `hedges` (`[start, end, kind]`), `status` and `stance` (`{claim,
//! relation, evidence}`, `claim` being another gold claim's `n`).
//!
//! A gold claim matches the output claim whose words (whitespace-separated
//! words overlapping its spans) it shares most with, when the shared words
//! are at least half of each side's; each output claim matches at most one
//! gold claim. Figures per corpus and split: claim recall and precision,
//! source-kind, side and status accuracy among matched claims, hedge
//! precision and recall (overlapping span and same kind, over matched
//! claims), and stance edges found (both ends matched, same relation).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// `real` or `polnear`.
    pub corpus: String,
    /// The real-set id or the PolNeAR file stem.
    pub id: String,
    /// `dev` or `check`.
    pub split: String,
    /// Its claims.
    pub claims: Vec<GoldClaim>,
}

/// One gold claim.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldClaim {
    /// Its number in the document.
    pub n: usize,
    /// The gold attribution it comes from (a number or a brat id), null
    /// for the narrator's.
    #[serde(default)]
    pub attribution: serde_json::Value,
    /// Byte spans.
    pub spans: Vec<[usize; 2]>,
    /// named_person, institution, government, anonymous, document, media or narrator.
    pub source_kind: String,
    /// ISO code or organisation name.
    #[serde(default)]
    pub side: Option<String>,
    /// `[start, end, kind]`.
    #[serde(default)]
    pub hedges: Vec<(usize, usize, String)>,
    /// asserted, denied, unverified, confirmed, retracted or questioned.
    pub status: String,
    /// Stances towards other gold claims.
    #[serde(default)]
    pub stance: Vec<GoldStance>,
}

/// A gold stance edge.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldStance {
    /// The `n` of the claim answered.
    pub claim: usize,
    /// denies, confirms, supports, questions or cannot_verify.
    pub relation: String,
    /// The words carrying it.
    #[serde(default)]
    pub evidence: Option<[usize; 2]>,
}

/// One output claim as the scorer reads it.
#[derive(Debug, Clone, Default)]
pub struct PredictedClaim {
    /// Byte spans.
    pub spans: Vec<(usize, usize)>,
    /// Source kind label.
    pub source_kind: String,
    /// Side.
    pub side: Option<String>,
    /// `(start, end, kind)`.
    pub hedges: Vec<(usize, usize, String)>,
    /// Status label.
    pub status: String,
    /// `(index of the claim answered in this list, relation label)`.
    pub stance: Vec<(usize, String)>,
    /// The words describing the source, for reading the errors.
    pub source_words: Option<(usize, usize)>,
    /// The source's name, for reading the errors.
    pub source_name: Option<String>,
}

/// Read a gold file.
pub fn read_gold(src: &str) -> Result<Vec<GoldDoc>, String> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// A count and the share it is of a total.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Rate {
    /// Right.
    pub right: usize,
    /// Out of.
    pub of: usize,
    /// right / of (0 when of is 0).
    pub rate: f64,
}

impl Rate {
    fn add(&mut self, right: bool) {
        self.of += 1;
        if right {
            self.right += 1;
        }
    }

    fn finish(&mut self) {
        self.rate = if self.of == 0 {
            0.0
        } else {
            (self.right as f64 / self.of as f64 * 1000.0).round() / 1000.0
        };
    }
}

/// Figures for one corpus and split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClaimScores {
    /// Documents.
    pub docs: usize,
    /// Gold claims matched / gold claims.
    pub recall: Rate,
    /// Output claims matched / output claims.
    pub precision: Rate,
    /// Source kind right among matched claims.
    pub source_kind: Rate,
    /// Side right among matched claims whose gold or output side is set.
    pub side: Rate,
    /// Status right among matched claims.
    pub status: Rate,
    /// Output hedges of matched claims that match a gold hedge.
    pub hedge_precision: Rate,
    /// Gold hedges of matched claims that an output hedge matches.
    pub hedge_recall: Rate,
    /// Gold stance edges found (both ends matched, same relation).
    pub stance_recall: Rate,
    /// Output stance edges between matched claims that are gold edges.
    pub stance_precision: Rate,
    /// `gold -> output` source kinds of matched claims that differ, with counts.
    pub kind_confusion: BTreeMap<String, usize>,
    /// `gold -> output` statuses of matched claims that differ, with counts.
    pub status_confusion: BTreeMap<String, usize>,
}

/// Byte ranges of the whitespace-separated words of `text`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Indices of the words overlapping any of `spans`.
fn word_set(words: &[(usize, usize)], spans: &[(usize, usize)]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &(a, b) in spans {
        let first = words.partition_point(|w| w.1 <= a);
        for (i, w) in words.iter().enumerate().skip(first) {
            if w.0 >= b {
                break;
            }
            out.push(i);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Match gold claims to output claims: for each gold claim (index), the
/// output claim (index) it matches.
pub fn match_claims(text: &str, gold: &[GoldClaim], predicted: &[PredictedClaim]) -> Vec<Option<usize>> {
    let ws = words(text);
    let g_sets: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| word_set(&ws, &g.spans.iter().map(|s| (s[0], s[1])).collect::<Vec<_>>()))
        .collect();
    let p_sets: Vec<Vec<usize>> = predicted.iter().map(|p| word_set(&ws, &p.spans)).collect();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, g) in g_sets.iter().enumerate() {
        for (pi, p) in p_sets.iter().enumerate() {
            let shared = g.iter().filter(|w| p.binary_search(w).is_ok()).count();
            if shared > 0 && 2 * shared >= g.len() && 2 * shared >= p.len() {
                pairs.push((shared, gi, pi));
            }
        }
    }
    // Best pairs first; ties to the earlier claims.
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut g_match = vec![None; gold.len()];
    let mut p_used = vec![false; predicted.len()];
    for (_, gi, pi) in pairs {
        if g_match[gi].is_none() && !p_used[pi] {
            g_match[gi] = Some(pi);
            p_used[pi] = true;
        }
    }
    g_match
}

/// Score documents: `texts[i]` and `predicted[i]` belong to `gold[i]`.
/// Keys of the result: `corpus/split`.
pub fn score(gold: &[GoldDoc], texts: &[String], predicted: &[Vec<PredictedClaim>]) -> BTreeMap<String, ClaimScores> {
    let mut out: BTreeMap<String, ClaimScores> = BTreeMap::new();
    for ((g, text), preds) in gold.iter().zip(texts).zip(predicted) {
        let s = out.entry(format!("{}/{}", g.corpus, g.split)).or_default();
        s.docs += 1;
        let m = match_claims(text, &g.claims, preds);
        let mut p_matched = vec![None; preds.len()];
        for (gi, pm) in m.iter().enumerate() {
            if let Some(pi) = pm {
                p_matched[*pi] = Some(gi);
            }
        }
        for pm in &p_matched {
            s.precision.add(pm.is_some());
        }
        let n_index: BTreeMap<usize, usize> = g.claims.iter().enumerate().map(|(i, c)| (c.n, i)).collect();
        for (gi, gc) in g.claims.iter().enumerate() {
            s.recall.add(m[gi].is_some());
            let Some(pi) = m[gi] else {
                for _ in &gc.stance {
                    s.stance_recall.add(false);
                }
                continue;
            };
            let p = &preds[pi];
            s.source_kind.add(gc.source_kind == p.source_kind);
            if gc.source_kind != p.source_kind {
                *s.kind_confusion
                    .entry(format!("{} -> {}", gc.source_kind, p.source_kind))
                    .or_default() += 1;
            }
            if gc.side.is_some() || p.side.is_some() {
                let same = match (&gc.side, &p.side) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => false,
                };
                s.side.add(same);
            }
            s.status.add(gc.status == p.status);
            if gc.status != p.status {
                *s.status_confusion
                    .entry(format!("{} -> {}", gc.status, p.status))
                    .or_default() += 1;
            }
            for h in &p.hedges {
                s.hedge_precision
                    .add(gc.hedges.iter().any(|g| g.2 == h.2 && overlap((g.0, g.1), (h.0, h.1))));
            }
            for h in &gc.hedges {
                s.hedge_recall
                    .add(p.hedges.iter().any(|p| p.2 == h.2 && overlap((p.0, p.1), (h.0, h.1))));
            }
            for st in &gc.stance {
                let target = n_index.get(&st.claim).and_then(|&ti| m[ti]);
                let found = target.is_some_and(|t| p.stance.iter().any(|(c, r)| *c == t && *r == st.relation));
                s.stance_recall.add(found);
            }
        }
        // Output edges between matched claims.
        for (pi, p) in preds.iter().enumerate() {
            let Some(gi) = p_matched[pi] else {
                continue;
            };
            for (t, r) in &p.stance {
                let Some(tg) = p_matched.get(*t).copied().flatten() else {
                    continue;
                };
                let tn = g.claims[tg].n;
                s.stance_precision
                    .add(g.claims[gi].stance.iter().any(|st| st.claim == tn && st.relation == *r));
            }
        }
    }
    for s in out.values_mut() {
        for r in [
            &mut s.recall,
            &mut s.precision,
            &mut s.source_kind,
            &mut s.side,
            &mut s.status,
            &mut s.hedge_precision,
            &mut s.hedge_recall,
            &mut s.stance_recall,
            &mut s.stance_precision,
        ] {
            r.finish();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold_claim(n: usize, a: usize, b: usize, kind: &str, status: &str) -> GoldClaim {
        GoldClaim {
            n,
            attribution: serde_json::Value::Null,
            spans: vec![[a, b]],
            source_kind: kind.into(),
            side: None,
            hedges: Vec::new(),
            status: status.into(),
            stance: Vec::new(),
        }
    }

    #[test]
    fn a_claim_sharing_half_the_words_matches_and_its_stance_edge_is_found() {
        let text = "The mayor said the bridge will open in May. The council called that false.";
        let mut g1 = gold_claim(1, 15, 42, "named_person", "denied");
        g1.hedges.push((26, 30, "modal".into()));
        let mut g2 = gold_claim(2, 44, 74, "institution", "asserted");
        g2.stance.push(GoldStance {
            claim: 1,
            relation: "denies".into(),
            evidence: None,
        });
        let gold = vec![GoldDoc {
            corpus: "real".into(),
            id: "x".into(),
            split: "dev".into(),
            claims: vec![g1, g2],
        }];
        let p1 = PredictedClaim {
            spans: vec![(19, 42)],
            source_kind: "named_person".into(),
            status: "denied".into(),
            hedges: vec![(26, 30, "modal".into())],
            ..Default::default()
        };
        let p2 = PredictedClaim {
            spans: vec![(44, 73)],
            source_kind: "government".into(),
            status: "asserted".into(),
            stance: vec![(0, "denies".into())],
            ..Default::default()
        };
        let s = &score(&gold, &[text.to_string()], &[vec![p1, p2]])["real/dev"];
        assert_eq!((s.recall.right, s.recall.of), (2, 2));
        assert_eq!((s.source_kind.right, s.source_kind.of), (1, 2));
        assert_eq!(s.status.right, 2);
        assert_eq!((s.hedge_recall.right, s.hedge_precision.right), (1, 1));
        assert_eq!((s.stance_recall.right, s.stance_recall.of), (1, 1));
        assert_eq!(s.kind_confusion["institution -> government"], 1);
    }

    #[test]
    fn a_claim_sharing_under_half_the_words_does_not_match() {
        let text = "one two three four five six seven eight";
        let g = vec![gold_claim(1, 0, 40, "narrator", "asserted")];
        let p = vec![PredictedClaim {
            spans: vec![(0, 7)],
            ..Default::default()
        }];
        assert_eq!(match_claims(text, &g, &p), vec![None]);
    }
}
