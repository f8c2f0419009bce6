//! Speaker resolution: of the direct quotes whose source is only a pronoun
//! or a role noun ("he", "the president"), the share whose speaker dossier
//! resolves to the right named entity.
//!
//! The gold is a hand-built table (`crates/eval/data/polnear-dev-speakers.tsv`):
//! one row per PolNeAR source mention, with the fullest name of the entity it
//! refers to, or `-` when it refers to no named entity (those rows are listed
//! for audit and not scored). Offsets are code points, as in PolNeAR.
//!
//! A row counts as resolved when a predicted quote's local speaker mention
//! overlaps the gold mention and the name it resolves to is the gold name:
//! equal after dropping case, punctuation and titles, or sharing the last
//! word with one name's words all inside the other's ("Trump" and "Donald
//! Trump", but not "Bill Clinton" and "Hillary Clinton").

use std::collections::BTreeMap;

use serde::Serialize;

/// One gold row.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSpeaker {
    /// Article name (the text file's stem).
    pub article: String,
    /// The source mention, in code points.
    pub start: usize,
    /// End of the source mention, in code points.
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// The named entity it refers to; `None` for `-`.
    pub entity: Option<String>,
    /// `pronoun` or `nominal`.
    pub kind: String,
}

/// A predicted speaker: its local mention (code points) and resolved name.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedSpeaker {
    /// Start of the local mention, in code points.
    pub start: usize,
    /// End of the local mention, in code points.
    pub end: usize,
    /// The name it resolves to.
    pub name: Option<String>,
}

/// Read the gold table; `#` lines are comments and the first other line is
/// the header.
pub fn read_gold(src: &str) -> Result<Vec<GoldSpeaker>, String> {
    let mut out = Vec::new();
    let mut header = true;
    for (i, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if header {
            header = false;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| format!("line {}: {what}", i + 1);
        if cols.len() != 6 {
            return Err(bad("expected 6 tab-separated columns"));
        }
        let num = |s: &str| s.parse::<usize>().map_err(|_| bad("offset is not a number"));
        out.push(GoldSpeaker {
            article: cols[0].to_string(),
            start: num(cols[1])?,
            end: num(cols[2])?,
            text: cols[3].to_string(),
            entity: (cols[4] != "-").then(|| cols[4].to_string()),
            kind: cols[5].to_string(),
        });
    }
    Ok(out)
}

/// Scores of one group of rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Share {
    /// Gold rows with a named entity.
    pub gold: usize,
    /// Of those, rows where a predicted quote has a speaker at the mention.
    pub found: usize,
    /// Of those, rows resolved to the gold entity.
    pub resolved_right: usize,
    /// `resolved_right / gold`.
    pub share: f64,
    /// `resolved_right / found`.
    pub share_of_found: f64,
}

/// All figures.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SpeakerScores {
    /// Every scored row.
    pub all: Share,
    /// Rows by mention kind (`pronoun`, `nominal`).
    pub by_kind: BTreeMap<String, Share>,
    /// Rows with `-`, not scored.
    pub unscored: usize,
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "president",
    "senator",
    "secretary",
    "former",
];

fn words(name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut w: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    // "Clinton's" -> "clinton"
    if w.last().is_some_and(|l| l == "s") && w.len() > 1 {
        w.pop();
    }
    w.retain(|x| !TITLES.contains(&x.as_str()));
    w
}

/// Whether a predicted name denotes the gold entity (see the module docs).
pub fn same_name(gold: &str, predicted: &str) -> bool {
    let (g, p) = (words(gold), words(predicted));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    if g == p {
        return true;
    }
    let subset = |a: &[String], b: &[String]| a.iter().all(|x| b.contains(x));
    g.last() == p.last() && (subset(&g, &p) || subset(&p, &g))
}

/// Score predictions (per article name) against the gold rows.
pub fn score(gold: &[GoldSpeaker], predicted: &BTreeMap<String, Vec<PredictedSpeaker>>) -> SpeakerScores {
    let mut out = SpeakerScores::default();
    for g in gold {
        let Some(entity) = &g.entity else {
            out.unscored += 1;
            continue;
        };
        let at: Vec<&PredictedSpeaker> = predicted
            .get(&g.article)
            .map(|ps| ps.iter().filter(|p| p.start < g.end && g.start < p.end).collect())
            .unwrap_or_default();
        let found = !at.is_empty();
        let right = at
            .iter()
            .any(|p| p.name.as_deref().is_some_and(|n| same_name(entity, n)));
        for share in [&mut out.all, out.by_kind.entry(g.kind.clone()).or_default()] {
            share.gold += 1;
            share.found += found as usize;
            share.resolved_right += right as usize;
        }
    }
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            crate::round4(a as f64 / b as f64)
        }
    };
    for share in std::iter::once(&mut out.all).chain(out.by_kind.values_mut()) {
        share.share = ratio(share.resolved_right, share.gold);
        share.share_of_found = ratio(share.resolved_right, share.found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_surname_only_when_one_contains_the_other() {
        assert!(same_name("Donald Trump", "Trump"));
        assert!(same_name("Obama", "Barack Obama"));
        assert!(same_name("Hillary Clinton", "Mrs. Clinton"));
        assert!(!same_name("Hillary Clinton", "Bill Clinton"));
        assert!(!same_name("Donald Trump", "Mike Pence"));
        assert!(!same_name("Donald Trump", ""));
    }

    #[test]
    fn a_row_counts_only_when_a_speaker_at_the_mention_has_the_right_name() {
        let src = "# comment\narticle\tsource_start\tsource_end\tsource_text\tentity\tkind\n\
                   a\t10\t12\the\tDonald Trump\tpronoun\n\
                   a\t50\t63\tthe president\tBarack Obama\tnominal\n\
                   a\t70\t72\the\t-\tpronoun\n";
        let gold = read_gold(src).unwrap();
        assert_eq!(gold.len(), 3);
        let mut predicted = BTreeMap::new();
        predicted.insert(
            "a".to_string(),
            vec![
                PredictedSpeaker {
                    start: 10,
                    end: 12,
                    name: Some("Trump".into()),
                },
                PredictedSpeaker {
                    start: 54,
                    end: 63,
                    name: Some("Joe Biden".into()),
                },
            ],
        );
        let s = score(&gold, &predicted);
        assert_eq!(
            (s.all.gold, s.all.found, s.all.resolved_right, s.unscored),
            (2, 2, 1, 1)
        );
        assert_eq!(s.all.share, 0.5);
        assert_eq!(s.by_kind["pronoun"].resolved_right, 1);
        assert_eq!(s.by_kind["nominal"].resolved_right, 0);
    }

    #[test]
    fn malformed_rows_name_their_line() {
        let err = read_gold("h\n a\tx\t1\the\tX\tpronoun\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }
}
