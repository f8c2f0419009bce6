//! Query latency on a stored corpus: p50 and p95 per query kind.
//!
//! ```text
//! cargo bench -p dossier-store --bench query_latency -- DB [--queries FILE] [--passes N] [--only KIND]
//! ```
//!
//! The query set is drawn once, with a fixed seed, and written to FILE
//! (default `DB.queries.json`) so that a run can be checked and repeated:
//! - `speaker`: `dossier quotes --speaker NAME` for 50 speakers drawn
//!   uniformly from the stored speaker names;
//! - `entity`: `dossier entity NAME` for the 10 most-mentioned corpus
//!   entities and 40 more drawn with probability proportional to their
//!   mentions (without replacement);
//! - `search`: `dossier search TERM` for the 50 terms in
//!   `benches/search_terms.txt`.
//!
//! Each query runs once to warm the caches, then `passes` times (default 3);
//! percentiles are over every timed run.

use std::path::PathBuf;
use std::time::Instant;

use dossier_store::{QuoteFilter, Store};

const SEED: u64 = 20_260_317;
const PER_KIND: usize = 50;
const TOP_ENTITIES: usize = 10;

/// splitmix64: a fixed, dependency-free generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn sample_speakers(all: &[(String, i64)], rng: &mut Rng) -> Vec<String> {
    let mut idx: Vec<usize> = (0..all.len()).collect();
    // Partial Fisher-Yates: the first PER_KIND are a uniform sample.
    let n = PER_KIND.min(idx.len());
    for i in 0..n {
        let j = i + rng.below((idx.len() - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx[..n].iter().map(|&i| all[i].0.clone()).collect()
}

fn sample_entities(all: &[(String, i64)], rng: &mut Rng) -> Vec<String> {
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| all[b].1.cmp(&all[a].1).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = order.iter().take(TOP_ENTITIES).copied().collect();
    let mut rest: Vec<usize> = order.into_iter().skip(TOP_ENTITIES).filter(|&i| all[i].1 > 0).collect();
    while chosen.len() < PER_KIND && !rest.is_empty() {
        let total: i64 = rest.iter().map(|&i| all[i].1).sum();
        let mut r = rng.below(total as u64) as i64;
        let pos = rest
            .iter()
            .position(|&i| {
                r -= all[i].1;
                r < 0
            })
            .unwrap_or(rest.len() - 1);
        chosen.push(rest.swap_remove(pos));
    }
    chosen.into_iter().map(|i| all[i].0.clone()).collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut take = |flag: &str| -> Option<String> {
        let i = args.iter().position(|a| a == flag)?;
        args.remove(i);
        (i < args.len()).then(|| args.remove(i))
    };
    let queries_out = take("--queries").map(PathBuf::from);
    let passes: usize = take("--passes").map_or(3, |p| p.parse().expect("--passes N"));
    let only = take("--only");
    let Some(db) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench -p dossier-store --bench query_latency -- DB [--queries FILE] [--passes N]");
        std::process::exit(2);
    };
    let store = Store::open_read_only(&db).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let mut rng = Rng(SEED);
    let speakers = sample_speakers(&store.speakers().expect("speakers"), &mut rng);
    let entities = sample_entities(&store.entity_mentions().expect("entities"), &mut rng);
    let terms: Vec<String> = include_str!("search_terms.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let queries_out = queries_out.unwrap_or_else(|| {
        let mut p = db.clone().into_os_string();
        p.push(".queries.json");
        PathBuf::from(p)
    });
    let set = format!(
        "{{\n  \"seed\": {SEED},\n  \"speaker\": {},\n  \"entity\": {},\n  \"search\": {}\n}}\n",
        serde_json::to_string(&speakers).unwrap(),
        serde_json::to_string(&entities).unwrap(),
        serde_json::to_string(&terms).unwrap()
    );
    std::fs::write(&queries_out, set).expect("write the query set");
    eprintln!("query set written to {}", queries_out.display());

    type Query<'a> = Box<dyn Fn(&str) -> usize + 'a>;
    let kinds: Vec<(&str, &Vec<String>, Query)> = vec![
        (
            "speaker",
            &speakers,
            Box::new(|name: &str| {
                store
                    .quotes(&QuoteFilter {
                        speaker: Some(name.to_string()),
                        limit: 50,
                        ..QuoteFilter::default()
                    })
                    .expect("quotes")
                    .total
            }),
        ),
        (
            "entity",
            &entities,
            Box::new(|name: &str| {
                store
                    .entity(name, 5)
                    .expect("entity")
                    .entity
                    .map_or(0, |p| p.documents as usize)
            }),
        ),
        (
            "search",
            &terms,
            Box::new(|term: &str| store.search(term, 20).expect("search").len()),
        ),
    ];
    println!("db={} passes={passes}", db.display());
    for (kind, queries, run) in &kinds {
        if only.as_deref().is_some_and(|o| o != *kind) {
            continue;
        }
        for q in queries.iter() {
            std::hint::black_box(run(q));
        }
        let mut times = Vec::new();
        let mut slowest: Vec<(f64, &str)> = Vec::new();
        let mut found = 0;
        for _ in 0..passes {
            for q in queries.iter() {
                let t = Instant::now();
                let n = std::hint::black_box(run(q));
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                found += usize::from(n > 0);
                times.push(ms);
                slowest.push((ms, q));
            }
        }
        times.sort_by(f64::total_cmp);
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        slowest.dedup_by(|a, b| a.1 == b.1);
        println!(
            "{kind:<8} queries={:<3} with_results={:<3} p50_ms={:.2} p95_ms={:.2} max_ms={:.2} slowest={:?}",
            queries.len(),
            found / passes.max(1),
            percentile(&times, 50.0),
            percentile(&times, 95.0),
            times.last().copied().unwrap_or(f64::NAN),
            slowest
                .iter()
                .take(3)
                .map(|(ms, q)| format!("{q} ({ms:.1} ms)"))
                .collect::<Vec<_>>()
        );
    }
}
