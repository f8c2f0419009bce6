//! Grammatical gender of people, so that "she" never resolves to a man.
//!
//! Evidence, strongest first: an honorific before a name ("Mr.", "Mrs.",
//! "Ms."), a gendered role word ("congresswoman", "spokesman"), and the
//! first name. First names come from `models/first-names.tsv`, which
//! `dossier train first-names` counts from a news corpus: after a
//! two-word capitalised name, the first third-person pronoun within a few
//! words says which pronoun the writer used for that first name. Only names
//! seen often, with one pronoun nearly always, and rarely written in lower
//! case (so not "But" or "New") are kept. The counts are statistics over
//! the corpus; no text of it is kept.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A person's grammatical gender as news pronouns show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// he, him, his.
    Male,
    /// she, her, hers.
    Female,
}

/// The gender of a third-person singular pronoun.
pub fn pronoun_gender(lower: &str) -> Option<Gender> {
    match lower {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender an honorific gives the name after it.
pub fn honorific_gender(word: &str) -> Option<Gender> {
    match word.trim_end_matches('.').to_lowercase().as_str() {
        "mr" | "sir" | "lord" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "madam" | "dame" | "lady" => Some(Gender::Female),
        _ => None,
    }
}

/// Words ending in "man" that say nothing of a man: "Health and Human
/// Services Secretary", "German Chancellor", "freshman Rep.".
const NOT_MALE_MAN: &[&str] = &["human", "german", "roman", "freshman", "ottoman", "shaman", "talisman"];

/// The gender a role word gives ("congresswoman", "chairman").
pub fn role_gender(role: &str) -> Option<Gender> {
    let mut found = None;
    for w in role.split_whitespace() {
        let w = w.to_lowercase();
        let g = if w.ends_with("woman") || matches!(w.as_str(), "queen" | "princess" | "duchess" | "first lady") {
            Some(Gender::Female)
        } else if (w.ends_with("man") && w.len() > 4 && !NOT_MALE_MAN.iter().any(|x| w.ends_with(x)))
            || matches!(w.as_str(), "king" | "prince" | "duke")
        {
            Some(Gender::Male)
        } else {
            None
        };
        found = g.or(found);
    }
    found
}

/// The gender a person's name shows: an honorific first ("Mrs. Clinton"),
/// else the first name of a name with a surname ("Hillary Clinton").
pub fn name_gender(name: &str) -> Option<Gender> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    honorific_gender(first).or_else(|| {
        words
            .next()
            .and_then(|_| FirstNames::embedded().gender(&first.to_lowercase()))
    })
}

/// First names and the pronoun news uses for them.
#[derive(Debug, Clone, Default)]
pub struct FirstNames {
    map: HashMap<String, Gender>,
}

static EMBEDDED: OnceLock<FirstNames> = OnceLock::new();

impl FirstNames {
    /// The list shipped in `models/first-names.tsv`.
    pub fn embedded() -> &'static FirstNames {
        EMBEDDED.get_or_init(|| {
            FirstNames::from_tsv(include_str!("../../../models/first-names.tsv"))
                .expect("the shipped first-name list is valid")
        })
    }

    /// Read `name<TAB>M|F<TAB>...` lines; `#` lines are comments.
    pub fn from_tsv(src: &str) -> Result<FirstNames, String> {
        let mut map = HashMap::new();
        for (i, line) in src.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(name), Some(g)) = (cols.next(), cols.next()) else {
                return Err(format!("line {}: expected name and gender", i + 1));
            };
            let g = match g {
                "M" => Gender::Male,
                "F" => Gender::Female,
                _ => return Err(format!("line {}: gender must be M or F", i + 1)),
            };
            map.insert(name.to_lowercase(), g);
        }
        Ok(FirstNames { map })
    }

    /// The gender of a (lower-case) first name, when the list knows it.
    pub fn gender(&self, first: &str) -> Option<Gender> {
        self.map.get(first).copied()
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Pronoun counts per first name over a corpus, for [`FirstNames`].
#[derive(Debug, Default)]
pub struct NameCounts {
    /// First name → (he, she) counts.
    pronouns: HashMap<String, [u32; 2]>,
    /// Word (lower-cased) → (capitalised, lower-case) occurrences.
    cases: HashMap<String, [u32; 2]>,
    /// Word (lower-cased) → times it ended a capitalised run (a surname).
    last: HashMap<String, u32>,
    /// Word (lower-cased) → times it came just before a run's last word.
    lead: HashMap<String, u32>,
}

/// Words after a name within which its pronoun is looked for.
const WINDOW: usize = 8;

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "st", "jr", "sr", "prof", "rev", "u.s",
];

/// The words of a text (letters, with inner apostrophes and hyphens), and
/// an empty word after each sentence end.
fn words_with_stops(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let word = chunk.trim_matches(|c: char| !c.is_alphabetic());
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        if word.is_empty()
            || !word
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '’')
        {
            continue;
        }
        out.push(word);
        let tail = chunk.trim_end_matches(['"', '\'', '”', '’', ')']);
        let abbreviation = word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str());
        if tail.ends_with(['.', '!', '?', ':', ';']) && !abbreviation {
            out.push("");
        }
    }
    out
}

fn capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_uppercase()) && w.chars().count() >= 2 && cs.all(|c| c.is_lowercase())
}

impl NameCounts {
    /// Count one text.
    pub fn add_text(&mut self, text: &str) {
        let words = words_with_stops(text);
        for w in words.iter().filter(|w| !w.is_empty()) {
            let lower = w.to_lowercase();
            let slot = if capitalised(w) {
                0
            } else if w.chars().all(|c| c.is_lowercase()) {
                1
            } else {
                continue;
            };
            self.cases.entry(lower).or_default()[slot] += 1;
        }
        let mut i = 0;
        while i + 1 < words.len() {
            if !(capitalised(words[i]) && capitalised(words[i + 1])) {
                i += 1;
                continue;
            }
            // The name ends at the last capitalised word of the run; its
            // first name is the word before the surname ("Russian President
            // Vladimir Putin", "But Anna Berg").
            let mut end = i + 2;
            while end < words.len() && capitalised(words[end]) {
                end += 1;
            }
            *self.last.entry(words[end - 1].to_lowercase()).or_default() += 1;
            *self.lead.entry(words[end - 2].to_lowercase()).or_default() += 1;
            for w in &words[end..(end + WINDOW).min(words.len())] {
                if w.is_empty() || capitalised(w) {
                    // A sentence end, or another name that may own the pronoun.
                    break;
                }
                if let Some(g) = pronoun_gender(w) {
                    let slot = (g == Gender::Female) as usize;
                    self.pronouns.entry(words[end - 2].to_lowercase()).or_default()[slot] += 1;
                    break;
                }
            }
            i = end;
        }
    }

    /// The list: names followed by a pronoun at least `min_count` times,
    /// with "he" at least `male_share` of the time or "she" at least
    /// `female_share`; written in lower case less often than capitalised,
    /// ending a name (as a surname) less often than leading one, and not
    /// `excluded` (titles, places, weekdays).
    ///
    /// The shares differ because a pronoun near a name often belongs to
    /// someone else and news mentions more men: in the AllSides corpus a
    /// man's first name is followed by "he" 91–97 % of the time, a woman's
    /// by "she" only 64–83 %.
    pub fn to_tsv(
        &self,
        min_count: u32,
        male_share: f64,
        female_share: f64,
        excluded: impl Fn(&str) -> bool,
    ) -> String {
        let mut rows: Vec<(&String, Gender, u32, f64)> = self
            .pronouns
            .iter()
            .filter_map(|(name, &[he, she])| {
                let n = he + she;
                let [cap, low] = self.cases.get(name).copied().unwrap_or_default();
                let last = self.last.get(name).copied().unwrap_or_default();
                let lead = self.lead.get(name).copied().unwrap_or_default();
                if n < min_count || low >= cap || last >= lead || excluded(name) {
                    return None;
                }
                let (he_share, she_share) = (he as f64 / n as f64, she as f64 / n as f64);
                if he_share >= male_share {
                    Some((name, Gender::Male, n, he_share))
                } else if she_share >= female_share {
                    Some((name, Gender::Female, n, she_share))
                } else {
                    None
                }
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out =
            String::from("# first name\tgender (M: he, F: she)\tnames followed by a pronoun\tshare of that pronoun\n");
        for (name, g, n, share) in rows {
            let g = if g == Gender::Male { "M" } else { "F" };
            out.push_str(&format!("{name}\t{g}\t{n}\t{share:.3}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_keep_consistent_names_and_drop_common_words() {
        let mut c = NameCounts::default();
        for _ in 0..5 {
            c.add_text("Maria Lopez said she would run. But Maria Lopez added that she was tired.");
            c.add_text("John Smith said he agreed, and John Smith later said he had left.");
            c.add_text("But Anna Berg said she would stay; but John Smith said he left, but not for long.");
        }
        let list = FirstNames::from_tsv(&c.to_tsv(5, 0.9, 0.6, |w| w == "anna")).unwrap();
        assert_eq!(list.gender("maria"), Some(Gender::Female));
        assert_eq!(list.gender("john"), Some(Gender::Male));
        assert_eq!(list.gender("anna"), None, "excluded");
        // "But" is written in lower case as often as capitalised.
        assert_eq!(list.gender("but"), None);
        assert_eq!(list.gender("lopez"), None);
    }

    #[test]
    fn another_name_or_a_sentence_end_before_the_pronoun_stops_the_count() {
        let mut c = NameCounts::default();
        c.add_text("Maria Lopez met John Smith and he said no.");
        assert_eq!(c.pronouns.get("maria"), None);
        assert_eq!(c.pronouns.get("john"), Some(&[1, 0]));
        c.add_text("Sen. Ted Cruz arrived. He said no. Russian President Vladimir Putin said he would.");
        assert_eq!(c.pronouns.get("ted"), None);
        assert_eq!(c.pronouns.get("vladimir"), Some(&[1, 0]));
        assert_eq!(c.pronouns.get("russian"), None);
    }

    #[test]
    fn honorifics_and_roles_have_genders() {
        assert_eq!(honorific_gender("Mrs."), Some(Gender::Female));
        assert_eq!(honorific_gender("Mr"), Some(Gender::Male));
        assert_eq!(role_gender("Democratic congresswoman"), Some(Gender::Female));
        assert_eq!(role_gender("State Department spokesman"), Some(Gender::Male));
        assert_eq!(role_gender("German Chancellor"), None);
        assert_eq!(role_gender("foreign minister"), None);
        assert_eq!(role_gender("Health and Human Services Secretary"), None);
        assert_eq!(role_gender("freshman senator"), None);
        assert_eq!(pronoun_gender("her"), Some(Gender::Female));
        assert_eq!(pronoun_gender("they"), None);
    }

    #[test]
    fn malformed_lists_are_rejected() {
        assert!(FirstNames::from_tsv("anna\tX\n").is_err());
        assert!(FirstNames::from_tsv("anna\n").is_err());
    }
}
