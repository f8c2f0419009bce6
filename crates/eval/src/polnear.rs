//! Attribution scoring against PolNeAR (BRAT standoff, code-point offsets).
//!
//! Rules, so that every number is reproducible:
//! - Where an article has several annotators' files, the alphabetically
//!   first is used.
//! - Within an article each role (Source, Cue, Content) is a *set* of items;
//!   an item is the tuple of its fragments (a discontinuous span is one
//!   item), so a span shared by several relations counts once.
//! - `Attribution` (the event trigger), `Attribution-no-source`, `Discard`
//!   and `Discuss` entities are ignored.
//! - Exact: an item matches when every fragment is identical.
//! - Overlap, in whitespace-separated tokens: precision is the share of
//!   tokens covered by predicted items of a role that are also covered by
//!   gold items of that role; recall the other way round.
//!
//! Predictions come in as UTF-8 byte offsets into the article text (as
//! dossier outputs them) and are converted to code points here.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Prf;

/// An item: fragments `(start, end)` in code points, in order.
pub type Item = Vec<(usize, usize)>;

/// The three roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Who.
    Source,
    /// The cue verb or phrase.
    Cue,
    /// What was attributed.
    Content,
}

const ROLES: [Role; 3] = [Role::Source, Role::Cue, Role::Content];

/// One predicted attribution, in UTF-8 byte offsets into the article text.
#[derive(Debug, Clone, Default)]
pub struct PredictedAttribution {
    /// Source fragments.
    pub source: Vec<(usize, usize)>,
    /// Cue fragments.
    pub cue: Vec<(usize, usize)>,
    /// Content fragments.
    pub content: Vec<(usize, usize)>,
}

/// Gold annotation of one article.
#[derive(Debug, Clone, Default)]
pub struct GoldArticle {
    /// Article name (the text file's stem).
    pub name: String,
    /// The text.
    pub text: String,
    /// Role → set of items.
    pub items: BTreeMap<Role, HashSet<Item>>,
    /// Number of relations (`E` lines).
    pub relations: usize,
    /// The relations themselves: which source, cue and content go together.
    pub attributions: Vec<GoldRelation>,
}

/// One gold attribution relation (an `E` line), its parts as items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldRelation {
    /// The source, when annotated.
    pub source: Option<Item>,
    /// The cue, when annotated.
    pub cue: Option<Item>,
    /// The content, when annotated.
    pub content: Option<Item>,
}

/// Read a PolNeAR split folder (`text/*.txt`, `attributions/*.ann`).
pub fn read_split(dir: &Path) -> Result<Vec<GoldArticle>, String> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("{}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut out = Vec::new();
    for t in texts {
        let stem = t.file_stem().unwrap().to_string_lossy().to_string();
        let prefix = format!("{stem}_");
        let Some(ann) = anns
            .iter()
            .find(|a| a.starts_with(&prefix) && !a[prefix.len()..].contains('_'))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&t).map_err(|e| format!("{}: {e}", t.display()))?;
        let ann_text = std::fs::read_to_string(ann_dir.join(ann)).map_err(|e| format!("{ann}: {e}"))?;
        let mut article = parse_ann(&ann_text).map_err(|e| format!("{ann}: {e}"))?;
        article.name = stem;
        article.text = text;
        out.push(article);
    }
    Ok(out)
}

/// Parse a BRAT `.ann` file into role items.
pub fn parse_ann(src: &str) -> Result<GoldArticle, String> {
    let mut article = GoldArticle::default();
    let mut by_id: BTreeMap<&str, (Role, Item)> = BTreeMap::new();
    let mut relations: Vec<&str> = Vec::new();
    for (lineno, line) in src.lines().enumerate() {
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or("");
        if id.starts_with('E') && id[1..].chars().all(|c| c.is_ascii_digit()) && id.len() > 1 {
            article.relations += 1;
            relations.push(cols.next().unwrap_or(""));
            continue;
        }
        if !(id.starts_with('T') && id.len() > 1 && id[1..].chars().all(|c| c.is_ascii_digit())) {
            continue; // notes, or a continuation line of a multi-line span text
        }
        let Some(spec) = cols.next() else { continue };
        let (kind, ranges) = spec.split_once(' ').ok_or(format!("line {}: no offsets", lineno + 1))?;
        let role = match kind {
            "Source" => Role::Source,
            "Cue" => Role::Cue,
            "Content" => Role::Content,
            _ => continue,
        };
        let mut item = Item::new();
        for frag in ranges.split(';') {
            let (a, b) = frag
                .trim()
                .split_once(' ')
                .ok_or(format!("line {}: bad fragment {frag:?}", lineno + 1))?;
            let a = a
                .parse()
                .map_err(|_| format!("line {}: bad offset {a:?}", lineno + 1))?;
            let b = b
                .parse()
                .map_err(|_| format!("line {}: bad offset {b:?}", lineno + 1))?;
            item.push((a, b));
        }
        by_id.insert(id, (role, item.clone()));
        article.items.entry(role).or_default().insert(item);
    }
    for spec in relations {
        let mut rel = GoldRelation::default();
        for arg in spec.split_whitespace() {
            let Some((_, t)) = arg.split_once(':') else { continue };
            match by_id.get(t) {
                Some((Role::Source, item)) => rel.source = Some(item.clone()),
                Some((Role::Cue, item)) => rel.cue = Some(item.clone()),
                Some((Role::Content, item)) => rel.content = Some(item.clone()),
                None => {}
            }
        }
        article.attributions.push(rel);
    }
    Ok(article)
}

/// Per-role figures.
#[derive(Debug, Clone, Serialize)]
pub struct RoleScores {
    /// Source.
    pub source: Prf,
    /// Cue.
    pub cue: Prf,
    /// Content.
    pub content: Prf,
}

/// The result printed by `dossier eval polnear`.
#[derive(Debug, Clone, Serialize)]
pub struct PolnearScores {
    /// Articles scored.
    pub articles: usize,
    /// Gold relations.
    pub relations_gold: usize,
    /// Predicted relations.
    pub relations_predicted: usize,
    /// Exact match of items.
    pub exact: RoleScores,
    /// Token overlap.
    pub overlap: RoleScores,
}

/// Convert byte offsets into `text` to code-point offsets.
pub fn bytes_to_chars(text: &str, frags: &[(usize, usize)]) -> Item {
    let mut map = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (b, _) in text.char_indices() {
        map[b] = n;
        n += 1;
    }
    map[text.len()] = n;
    frags
        .iter()
        .map(|&(s, e)| (map[s.min(text.len())], map[e.min(text.len())]))
        .collect()
}

/// Convert code-point offsets into `text` to byte offsets (the inverse of
/// [`bytes_to_chars`]), for training on gold spans.
pub fn chars_to_bytes(text: &str, item: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    let at = |c: usize| map[c.min(map.len() - 1)];
    item.iter().map(|&(s, e)| (at(s), at(e))).collect()
}

/// Whitespace token ranges of a text, in code points.
fn whitespace_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push((s, i));
    }
    out
}

fn covered(tokens: &[(usize, usize)], items: &HashSet<Item>) -> HashSet<usize> {
    let mut out = HashSet::new();
    for item in items {
        for &(s, e) in item {
            // Tokens are sorted: find the first that ends after s.
            let first = tokens.partition_point(|t| t.1 <= s);
            for (k, t) in tokens.iter().enumerate().skip(first) {
                if t.0 >= e {
                    break;
                }
                out.insert(k);
            }
        }
    }
    out
}

/// Score predictions (one list per article, same order as `gold`).
pub fn score(gold: &[GoldArticle], predicted: &[Vec<PredictedAttribution>]) -> PolnearScores {
    #[derive(Default, Clone, Copy)]
    struct Counts {
        exact_correct: usize,
        exact_pred: usize,
        exact_gold: usize,
        tok_pred_in_gold: usize,
        tok_pred: usize,
        tok_gold_in_pred: usize,
        tok_gold: usize,
    }
    let mut counts: BTreeMap<Role, Counts> = ROLES.iter().map(|r| (*r, Counts::default())).collect();
    let mut relations_predicted = 0;
    for (g, preds) in gold.iter().zip(predicted) {
        relations_predicted += preds.len();
        let mut pred_items: BTreeMap<Role, HashSet<Item>> = BTreeMap::new();
        for p in preds {
            for (role, frags) in [
                (Role::Source, &p.source),
                (Role::Cue, &p.cue),
                (Role::Content, &p.content),
            ] {
                if !frags.is_empty() {
                    pred_items
                        .entry(role)
                        .or_default()
                        .insert(bytes_to_chars(&g.text, frags));
                }
            }
        }
        let tokens = whitespace_tokens(&g.text);
        let empty = HashSet::new();
        for role in ROLES {
            let gi = g.items.get(&role).unwrap_or(&empty);
            let pi = pred_items.get(&role).unwrap_or(&empty);
            let c = counts.get_mut(&role).unwrap();
            c.exact_correct += pi.intersection(gi).count();
            c.exact_pred += pi.len();
            c.exact_gold += gi.len();
            let gt = covered(&tokens, gi);
            let pt = covered(&tokens, pi);
            let both = gt.intersection(&pt).count();
            c.tok_pred_in_gold += both;
            c.tok_pred += pt.len();
            c.tok_gold_in_pred += both;
            c.tok_gold += gt.len();
        }
    }
    let exact = |r: Role| {
        let c = counts[&r];
        Prf::from_counts(c.exact_correct, c.exact_pred, c.exact_gold)
    };
    let overlap = |r: Role| {
        let c = counts[&r];
        let p = if c.tok_pred == 0 {
            0.0
        } else {
            c.tok_pred_in_gold as f64 / c.tok_pred as f64
        };
        let rr = if c.tok_gold == 0 {
            0.0
        } else {
            c.tok_gold_in_pred as f64 / c.tok_gold as f64
        };
        let f1 = if p + rr == 0.0 { 0.0 } else { 2.0 * p * rr / (p + rr) };
        Prf {
            p: crate::round4(p),
            r: crate::round4(rr),
            f1: crate::round4(f1),
        }
    };
    PolnearScores {
        articles: gold.len(),
        relations_gold: gold.iter().map(|g| g.relations).sum(),
        relations_predicted,
        exact: RoleScores {
            source: exact(Role::Source),
            cue: exact(Role::Cue),
            content: exact(Role::Content),
        },
        overlap: RoleScores {
            source: overlap(Role::Source),
            cue: overlap(Role::Cue),
            content: overlap(Role::Content),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: &str = "T1\tSource 0 3\tBob\nT2\tCue 4 8\tsaid\nT3\tContent 9 15;20 25\tit was rain\nand more\nT4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT5\tDiscard 30 33\txyz\n";

    #[test]
    fn discontinuous_content_is_one_item_and_triggers_are_ignored() {
        let a = parse_ann(ANN).unwrap();
        assert_eq!(a.relations, 1);
        assert_eq!(a.items[&Role::Content].len(), 1);
        assert!(a.items[&Role::Content].contains(&vec![(9, 15), (20, 25)]));
        assert_eq!(a.items.len(), 3, "Attribution and Discard are not roles");
    }

    #[test]
    fn byte_offsets_are_converted_to_code_points_before_matching() {
        let mut g = parse_ann("T1\tSource 0 3\tJoé\nT2\tCue 4 8\tsaid\n").unwrap();
        g.text = "Joé said so.".to_string();
        // "Joé" is 4 bytes; "said" starts at byte 5.
        let pred = PredictedAttribution {
            source: vec![(0, 4)],
            cue: vec![(5, 9)],
            content: vec![],
        };
        let s = score(&[g], &[vec![pred]]);
        assert_eq!(s.exact.source.f1, 1.0);
        assert_eq!(s.exact.cue.f1, 1.0);
        assert_eq!(s.exact.content.r, 0.0);
    }

    #[test]
    fn overlap_counts_whitespace_tokens() {
        let mut g = parse_ann("T1\tContent 0 11\tit was rain\n").unwrap();
        g.text = "it was rain today".to_string();
        let pred = PredictedAttribution {
            content: vec![(7, 17)],
            ..Default::default()
        };
        let s = score(&[g], &[vec![pred]]);
        assert_eq!(s.overlap.content.p, 0.5); // "rain" of "rain today"
        assert_eq!(s.overlap.content.r, 0.3333);
        assert_eq!(s.exact.content.f1, 0.0);
    }
}
