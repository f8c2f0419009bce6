//! Cross-document entity linking: which corpus entity a new key joins.
//!
//! Keys from the entity stage (`TYPE:normalised name`, or `TYPE:wiki:Title`)
//! join per-document entities across the corpus exactly. Surface variants of
//! one person ("Zelensky", "Zelenskyy", "Volodymyr Zelenskyy") have different
//! keys; a new person key joins an existing corpus entity only when the
//! evidence supports it, and the evidence is stored so that a wrong merge
//! can be seen (`dossier merges`) and undone.
//!
//! The rules, for PERSON keys only (places and organisations differ by one
//! letter too often: Iran and Iraq):
//! - **spelling**: surnames at edit distance 1 (both at least 5 letters) and
//!   the same first name;
//! - **spelling + role**: surnames at edit distance 1, only one side (or
//!   neither) gives a first name, and the two share a role or a country;
//! - **surname + role**: the same surname, only one side gives a first name,
//!   and they share a role or a country;
//! - **sole surname**: the same surname, only one side gives a first name,
//!   and exactly one full name in the corpus carries that surname.
//!
//! Never: two different first names, two different gazetteer identities, or
//! a corpus entity that already has another entity in the same document (the
//! entity stage keeps those apart on purpose). Decisions are taken when a key
//! is first stored, so they depend on input order; undoing one moves the key
//! to a corpus entity of its own.

#[cfg(test)]
use std::collections::HashMap;
use std::collections::HashSet;

/// A person name split for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PersonName {
    pub first: Option<String>,
    /// Tokens between the first name and the surname ("h", "sebastian").
    pub middle: Vec<String>,
    pub surname: String,
}

const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

impl PersonName {
    pub fn parse(name: &str) -> Option<PersonName> {
        let mut tokens: Vec<String> = name
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        while tokens.len() > 1 && SUFFIXES.contains(&tokens[tokens.len() - 1].as_str()) {
            tokens.pop();
        }
        let surname = tokens.pop()?;
        let mut rest = tokens.into_iter();
        // An initial is not a first name to compare.
        let first = rest.next().filter(|f| f.chars().count() > 1);
        Some(PersonName {
            first,
            middle: rest.collect(),
            surname,
        })
    }

    /// Middle names agree when one side has none, or each of the shorter
    /// side's is one of the other's (or its initial): "Eric H. Holder" and
    /// "Eric Holder" agree, "John McCain Read" and "John Naughton Read" do not.
    fn middles_agree(&self, other: &PersonName) -> bool {
        let (short, long) = if self.middle.len() <= other.middle.len() {
            (&self.middle, &other.middle)
        } else {
            (&other.middle, &self.middle)
        };
        short.iter().all(|m| {
            long.iter().any(|l| {
                l == m
                    || (m.chars().count() == 1 && l.starts_with(m.as_str()))
                    || (l.chars().count() == 1 && m.starts_with(l.as_str()))
            })
        })
    }
}

/// Optimal string alignment distance (Levenshtein plus adjacent
/// transpositions), giving up above 1.
pub(crate) fn within_one_edit(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return None;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let ok = match (ra.len(), rb.len()) {
        (x, y) if x == y => ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        (x, y) if x > y => ra[1..] == *rb,
        _ => *ra == rb[1..],
    };
    ok.then_some(1)
}

fn deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![s.to_string()];
    for i in 0..chars.len() {
        let mut v = chars.clone();
        v.remove(i);
        out.push(v.into_iter().collect());
    }
    out
}

/// What the linker knows about a stored person key.
#[derive(Debug, Clone)]
pub(crate) struct PersonKey {
    pub corpus: i64,
    pub name: PersonName,
    pub wiki: bool,
    pub roles: HashSet<String>,
    pub country: Option<String>,
}

/// A new person key, as the linker sees it.
#[derive(Debug, Clone)]
pub(crate) struct NewPerson<'a> {
    pub name: PersonName,
    pub wiki: bool,
    pub roles: HashSet<String>,
    pub country: Option<&'a str>,
}

/// A merge the rules allow, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MergeDecision {
    pub matched_key: i64,
    pub corpus: i64,
    pub rule: &'static str,
    pub edit_distance: usize,
    pub evidence: Vec<String>,
}

/// In-memory index of person keys by surname and its one-letter deletions
/// (the rules' reference implementation for tests; the writer keeps the same
/// index in the `person_variants` table).
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct PersonIndex {
    pub keys: HashMap<i64, PersonKey>,
    by_variant: HashMap<String, Vec<i64>>,
}

/// Lowercased role without a final full stop, for comparing roles across
/// documents.
pub(crate) fn role_norm(role: &str) -> String {
    role.trim().trim_end_matches('.').to_lowercase()
}

/// Titles every man or woman has: no evidence that two names are one person.
const COURTESY_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lady", "lord", "rev", "mx",
];

/// The index keys under which a surname is stored and looked up: itself and
/// each of its one-letter deletions, so that two surnames one edit apart
/// share at least one.
pub(crate) fn surname_variants(surname: &str) -> Vec<String> {
    deletions(surname)
}

#[cfg(test)]
impl PersonIndex {
    pub fn insert(&mut self, key_id: i64, key: PersonKey) {
        for v in deletions(&key.name.surname) {
            self.by_variant.entry(v).or_default().push(key_id);
        }
        self.keys.insert(key_id, key);
    }

    /// Which corpus entity a new person key should join, if any.
    /// `exclude` holds corpus entities already present in the document.
    pub fn decide(&self, new: &NewPerson<'_>, exclude: &HashSet<i64>) -> Option<MergeDecision> {
        let mut seen = HashSet::new();
        let mut candidates = Vec::new();
        for v in deletions(&new.name.surname) {
            for &id in self.by_variant.get(&v).into_iter().flatten() {
                if seen.insert(id) {
                    candidates.push((id, self.keys[&id].clone()));
                }
            }
        }
        decide_among(new, exclude, candidates)
    }
}

/// The edit distance of the surnames when the merge rules compare a stored
/// key with a new one further (and read its roles): not a corpus entity of
/// the document, not two gazetteer identities, surnames at most one edit
/// apart (and then both of at least 5 letters), and no two different first
/// names or middle names. `None` when the rules pass the key over.
pub(crate) fn name_compatible(new: &NewPerson<'_>, exclude: &HashSet<i64>, k: &PersonKey) -> Option<usize> {
    if exclude.contains(&k.corpus) || (k.wiki && new.wiki) {
        return None;
    }
    let dist = within_one_edit(&new.name.surname, &k.name.surname)?;
    if dist == 1 && new.name.surname.chars().count().min(k.name.surname.chars().count()) < 5 {
        return None;
    }
    if let (Some(a), Some(b)) = (new.name.first.as_deref(), k.name.first.as_deref()) {
        if a != b || !new.name.middles_agree(&k.name) {
            return None;
        }
    }
    Some(dist)
}

/// Which of the candidate person keys (those sharing a surname variant with
/// the new key) a new person key should join, if any. `exclude` holds corpus
/// entities already present in the document.
pub(crate) fn decide_among(
    new: &NewPerson<'_>,
    exclude: &HashSet<i64>,
    mut candidates: Vec<(i64, PersonKey)>,
) -> Option<MergeDecision> {
    candidates.sort_unstable_by_key(|c| c.0);
    // For "sole surname": how many distinct full-name corpus entities
    // carry exactly this surname.
    let full_same_surname: HashSet<i64> = candidates
        .iter()
        .map(|(_, k)| k)
        .filter(|k| k.name.surname == new.name.surname && k.name.first.is_some())
        .map(|k| k.corpus)
        .collect();
    let mut best: Option<(u8, MergeDecision)> = None;
    for (id, k) in candidates {
        let Some(dist) = name_compatible(new, exclude, &k) else {
            continue;
        };
        let firsts = (new.name.first.as_deref(), k.name.first.as_deref());
        let mut evidence = vec!["both PERSON".to_string()];
        if dist == 0 {
            evidence.push(format!("same surname {:?}", k.name.surname));
        } else {
            evidence.push(format!(
                "surnames {:?} and {:?} one edit apart",
                new.name.surname, k.name.surname
            ));
        }
        let shared_roles: Vec<&String> = {
            let mut r: Vec<&String> = new
                .roles
                .intersection(&k.roles)
                .filter(|r| !COURTESY_TITLES.contains(&r.as_str()))
                .collect();
            r.sort();
            r
        };
        if !shared_roles.is_empty() {
            evidence.push(format!("shared role {shared_roles:?}"));
        }
        let same_country = match (new.country, k.country.as_deref()) {
            (Some(a), Some(b)) if a == b => {
                evidence.push(format!("same country {a}"));
                true
            }
            _ => false,
        };
        let support = !shared_roles.is_empty() || same_country;
        let (score, rule) = match (firsts, dist) {
            ((Some(a), Some(_)), 0) => {
                // Same first name and surname but another key: a
                // normalisation difference (middle name, accents).
                evidence.push(format!("same first name {a:?}"));
                (5, "same name")
            }
            ((Some(a), Some(_)), _) => {
                evidence.push(format!("same first name {a:?}"));
                (4, "spelling")
            }
            (_, 0) if firsts.0.is_none() && firsts.1.is_none() => continue,
            (_, 0) if support => {
                evidence.push("first name given on one side only".to_string());
                (3, "surname + role")
            }
            (_, 0) => {
                // A bare surname joins the only full name with it; a new
                // full name joins a bare surname while no other full
                // name with it is stored.
                let sole = match new.name.first {
                    None => full_same_surname.len() == 1,
                    Some(_) => full_same_surname.is_empty(),
                };
                if !sole {
                    continue;
                }
                evidence.push("the only full name with this surname in the corpus".to_string());
                (1, "sole surname")
            }
            (_, _) if support => {
                evidence.push("first name given on one side at most".to_string());
                (2, "spelling + role")
            }
            _ => continue,
        };
        let better = match &best {
            None => true,
            Some((s, d)) => score > *s || (score == *s && id < d.matched_key),
        };
        if better {
            best = Some((
                score,
                MergeDecision {
                    matched_key: id,
                    corpus: k.corpus,
                    rule,
                    edit_distance: dist,
                    evidence,
                },
            ));
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, roles: &[&str], country: Option<&str>, corpus: i64) -> PersonKey {
        PersonKey {
            corpus,
            name: PersonName::parse(name).unwrap(),
            wiki: false,
            roles: roles.iter().map(|r| role_norm(r)).collect(),
            country: country.map(str::to_string),
        }
    }

    fn new<'a>(name: &str, roles: &[&str], country: Option<&'a str>) -> NewPerson<'a> {
        NewPerson {
            name: PersonName::parse(name).unwrap(),
            wiki: false,
            roles: roles.iter().map(|r| role_norm(r)).collect(),
            country,
        }
    }

    #[test]
    fn edit_distance_counts_one_change_or_a_swap() {
        assert_eq!(within_one_edit("zelensky", "zelenskyy"), Some(1));
        assert_eq!(within_one_edit("zelenskyy", "zelensky"), Some(1));
        assert_eq!(within_one_edit("zelenksy", "zelensky"), Some(1));
        assert_eq!(within_one_edit("iran", "iraq"), Some(1));
        assert_eq!(within_one_edit("smith", "smith"), Some(0));
        assert_eq!(within_one_edit("zelensky", "zelenskiy"), Some(1));
        assert_eq!(within_one_edit("clinton", "clifton"), Some(1));
        assert_eq!(within_one_edit("obama", "osama"), Some(1));
        assert_eq!(within_one_edit("trump", "truman"), None);
    }

    #[test]
    fn spelling_variant_with_a_shared_role_joins_the_full_name() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Volodymyr Zelenskyy", &["President"], Some("UA"), 10));
        let d = idx
            .decide(&new("Zelensky", &["president"], None), &HashSet::new())
            .expect("merged");
        assert_eq!((d.corpus, d.rule, d.edit_distance), (10, "spelling + role", 1));
        assert!(d.evidence.iter().any(|e| e.contains("president")), "{:?}", d.evidence);
    }

    #[test]
    fn spelling_variant_without_support_stays_apart() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Volodymyr Zelenskyy", &["President"], None, 10));
        assert!(idx.decide(&new("Zelensky", &[], None), &HashSet::new()).is_none());
    }

    #[test]
    fn same_first_name_and_a_one_letter_surname_difference_merge() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Volodymyr Zelenskyy", &[], None, 10));
        let d = idx
            .decide(&new("Volodymyr Zelensky", &[], None), &HashSet::new())
            .unwrap();
        assert_eq!(d.rule, "spelling");
    }

    #[test]
    fn different_first_names_never_merge() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Donald Trump", &["President"], Some("US"), 10));
        assert!(idx
            .decide(&new("Ivanka Trump", &["President"], Some("US")), &HashSet::new())
            .is_none());
    }

    #[test]
    fn bare_surname_joins_the_full_name_sharing_its_role() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Donald Trump", &["President"], None, 10));
        idx.insert(2, person("Ivanka Trump", &["adviser"], None, 11));
        let d = idx
            .decide(&new("Trump", &["president"], None), &HashSet::new())
            .unwrap();
        assert_eq!((d.corpus, d.rule), (10, "surname + role"));
        // Two full names with that surname and no role: no merge.
        assert!(idx.decide(&new("Trump", &[], None), &HashSet::new()).is_none());
    }

    #[test]
    fn bare_surname_joins_the_only_full_name_with_it() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Dmytro Kuleba", &[], None, 10));
        let d = idx.decide(&new("Kuleba", &[], None), &HashSet::new()).unwrap();
        assert_eq!(d.rule, "sole surname");
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Kuleba", &[], None, 10));
        let d = idx.decide(&new("Dmytro Kuleba", &[], None), &HashSet::new()).unwrap();
        assert_eq!((d.corpus, d.rule), (10, "sole surname"));
        idx.insert(2, person("Olena Kuleba", &[], None, 11));
        assert!(idx.decide(&new("Dmytro Kuleba", &[], None), &HashSet::new()).is_none());
    }

    #[test]
    fn an_entity_already_in_the_document_is_not_a_candidate() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Volodymyr Zelenskyy", &[], None, 10));
        let exclude: HashSet<i64> = [10].into();
        assert!(idx.decide(&new("Volodymyr Zelensky", &[], None), &exclude).is_none());
    }

    #[test]
    fn short_surnames_need_an_exact_match() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("George Bush", &[], None, 10));
        assert!(idx.decide(&new("George Rush", &[], None), &HashSet::new()).is_none());
    }

    #[test]
    fn middle_names_must_agree() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("Eric Holder", &[], None, 10));
        idx.insert(2, person("John Naughton Read", &[], None, 11));
        let d = idx
            .decide(&new("Eric H. Holder Jr.", &[], None), &HashSet::new())
            .unwrap();
        assert_eq!(d.rule, "same name");
        assert!(idx
            .decide(&new("John McCain Read", &[], None), &HashSet::new())
            .is_none());
        assert!(idx.decide(&new("John N. Read", &[], None), &HashSet::new()).is_some());
    }

    #[test]
    fn a_courtesy_title_is_not_a_shared_role() {
        let mut idx = PersonIndex::default();
        idx.insert(1, person("John Dowd", &["Mr."], None, 10));
        idx.insert(2, person("Maureen Dowd", &["columnist"], None, 11));
        assert!(idx.decide(&new("Dowd", &["Mr"], None), &HashSet::new()).is_none());
    }

    #[test]
    fn names_parse_without_suffixes_and_initials() {
        let n = PersonName::parse("Martin Luther King Jr.").unwrap();
        assert_eq!((n.first.as_deref(), n.surname.as_str()), (Some("martin"), "king"));
        let n = PersonName::parse("J. Smith").unwrap();
        assert_eq!((n.first, n.surname.as_str()), (None, "smith"));
    }
}
