//! Throughput benchmark: words per second per core and peak memory of the
//! full `analyze` path (analysis + JSON serialisation, input already read).
//!
//! ```text
//! cargo bench -p dossier --bench throughput                 # AllSides sample-200
//! cargo bench -p dossier --bench throughput -- FILE...      # any inputs
//! cargo bench -p dossier --bench throughput -- --stream ../shared/anchor-data/allsides/*.jsonl.gz
//! cargo bench -p dossier --bench throughput -- --syntax     # segment + tag + parse only
//! cargo bench -p dossier --bench throughput -- --syntax-lemmas  # the same with lemmas
//! cargo bench -p dossier --bench throughput -- --batch 1    # documents one at a time
//! ```
//!
//! Like `dossier analyze`, it hands each thread batches of documents
//! (`Pipeline::analyze_batch`, sized by `Pipeline::batch_docs`); `--batch
//! N` sets the size, and `--batch 1` analyses one document at a time
//! (`Pipeline::analyze`).
//!
//! "Words" are whitespace-separated tokens of the input text, the unit
//! every speed figure in dossier uses. With `--stream`, inputs are read and
//! analysed batch by batch as `dossier analyze` does, and peak RSS is the
//! streaming peak.

use std::path::PathBuf;
use std::time::Instant;

use dossier::{ingest, schema, Pipeline};
use rayon::prelude::*;

// The allocator `dossier` itself runs with (see its main.rs), so that the
// figures are those of the shipped binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn read_docs(paths: &[PathBuf]) -> Vec<ingest::RawDoc> {
    let opts = ingest::Options::default();
    let mut docs = Vec::new();
    for input in ingest::expand_paths(paths).into_iter().flatten() {
        docs.extend(ingest::read_input(&input, &opts).flatten());
    }
    docs
}

fn run(
    pipeline: &Pipeline,
    out_opts: &schema::OutputOptions,
    docs: &[ingest::RawDoc],
    threads: usize,
    syntax_only: Option<bool>,
    batch: Option<usize>,
) -> (f64, usize) {
    let batch = batch.unwrap_or_else(|| Pipeline::batch_docs(docs.len(), threads));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let started = Instant::now();
    let bytes: usize = pool.install(|| {
        if batch > 1 && syntax_only.is_none() {
            return docs
                .par_chunks(batch)
                .map(|chunk| {
                    pipeline
                        .analyze_batch(chunk.to_vec())
                        .iter()
                        .map(|d| schema::to_json(d, out_opts).len())
                        .sum::<usize>()
                })
                .sum();
        }
        docs.par_iter()
            .with_min_len(8)
            .map(|raw| match syntax_only {
                Some(lemmas) => pipeline.analyze_syntax(raw.clone(), lemmas).tokens.len(),
                None => schema::to_json(&pipeline.analyze(raw.clone()), out_opts).len(),
            })
            .sum()
    });
    (started.elapsed().as_secs_f64(), bytes)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let stream = args.iter().any(|a| a == "--stream");
    // Some(with lemmas) for the linguistic core only.
    let syntax_only = if args.iter().any(|a| a == "--syntax-lemmas") {
        Some(true)
    } else {
        args.iter().any(|a| a == "--syntax").then_some(false)
    };
    let mut batch = None;
    if let Some(i) = args.iter().position(|a| a == "--batch") {
        batch = Some(
            args.get(i + 1)
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .expect("--batch takes a number of documents, at least 1"),
        );
        args.drain(i..i + 2);
    }
    args.retain(|a| a != "--stream" && a != "--syntax" && a != "--syntax-lemmas");
    let paths: Vec<PathBuf> = if args.is_empty() {
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/anchor-data/allsides/sample-200.jsonl")]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let pipeline = Pipeline::new().expect("pipeline loads");
    let out_opts = schema::OutputOptions {
        with_tokens: false,
        models: pipeline.models(),
        min_confidence: dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE,
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    if stream {
        let opts = ingest::Options::default();
        let started = Instant::now();
        let (mut words, mut docs, mut bytes) = (0usize, 0usize, 0usize);
        for input in ingest::expand_paths(&paths).into_iter().flatten() {
            let mut items = ingest::read_input(&input, &opts).flatten().peekable();
            while items.peek().is_some() {
                let raws: Vec<ingest::RawDoc> = items.by_ref().take(256).collect();
                words += raws.iter().map(|d| d.text.split_whitespace().count()).sum::<usize>();
                bytes += raws.iter().map(|d| d.text.len()).sum::<usize>();
                docs += raws.len();
                let chunk = batch.unwrap_or_else(|| Pipeline::batch_docs(raws.len(), cores));
                let _: usize = raws
                    .into_par_iter()
                    .chunks(chunk)
                    .flat_map_iter(|raws| pipeline.analyze_batch(raws))
                    .map(|doc| schema::to_json(&doc, &out_opts).len())
                    .sum();
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "stream  docs={docs} words={words} MB={:.1} threads={cores} secs={secs:.2} words/s={:.0} MB/s={:.2} peak_rss_MB={:.1}",
            bytes as f64 / 1e6,
            words as f64 / secs,
            bytes as f64 / 1e6 / secs,
            peak_rss_mb()
        );
        return;
    }
    let docs = read_docs(&paths);
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "input   docs={} words={words} MB={mb:.2} (read before timing){}",
        docs.len(),
        match syntax_only {
            Some(true) => "; segment + tag + lemma + parse only",
            Some(false) => "; segment + tag + parse only",
            None => "",
        }
    );
    let rss_before = peak_rss_mb();
    run(&pipeline, &out_opts, &docs, 1, syntax_only, batch); // warm-up
    let mut results = Vec::new();
    for threads in [1, cores] {
        // Repeat until at least two seconds have passed, and keep the best
        // run: the machine is shared and noisy.
        let mut best = f64::MAX;
        let mut total = 0.0;
        let mut reps = 0;
        while total < 2.0 || reps < 3 {
            let (secs, _) = run(&pipeline, &out_opts, &docs, threads, syntax_only, batch);
            best = best.min(secs);
            total += secs;
            reps += 1;
        }
        let wps = words as f64 / best;
        println!(
            "threads={threads:<2} reps={reps:<3} best_secs={best:.3} words/s={wps:.0} words/s/core={:.0} MB/s={:.2}",
            wps / threads as f64,
            mb / best
        );
        results.push(wps);
    }
    if results.len() == 2 && cores > 1 {
        println!("scaling {cores} threads / 1 thread = {:.2}x", results[1] / results[0]);
    }
    println!(
        "peak_rss_MB={:.1} (input held in memory: about {:.1} MB before analysis)",
        peak_rss_mb(),
        rss_before
    );
}
