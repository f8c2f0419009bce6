//! The claim stage's share of the pipeline's time, on one thread: analyse
//! AllSides sample-200 (or the JSON Lines file given) in batches as
//! `dossier analyze` does, then run the claim stage alone again over the
//! analysed documents.
//!
//! ```text
//! cargo run --profile quick -p dossier --example claim_stage_share [FILE]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use dossier::{ingest, Pipeline};

fn main() {
    let path = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/anchor-data/allsides/sample-200.jsonl")
    });
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let raws: Vec<_> = ingest::read_input(&ingest::Input::Path(path), &ingest::Options::default())
        .flatten()
        .collect();
    let pipeline = Pipeline::new().expect("the shipped models load");
    let words: usize = raws.iter().map(|r| r.text.split_whitespace().count()).sum();
    let start = Instant::now();
    let mut docs = Vec::new();
    for batch in raws.chunks(Pipeline::BATCH_DOCS) {
        docs.extend(pipeline.analyze_batch(batch.to_vec()));
    }
    let pipeline_s = start.elapsed().as_secs_f64();
    let claims: usize = docs.iter().map(|d| d.claims.len()).sum();
    // The stage alone, averaged over several runs (it is short).
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        for doc in docs.iter_mut() {
            doc.claims.clear();
            dossier::claims::extract_claims(doc);
        }
    }
    let stage_s = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "{} docs, {words} words, {claims} claims: pipeline {pipeline_s:.3} s ({:.0} words/s), claim stage {stage_s:.4} s = {:.2}% of it",
        docs.len(),
        words as f64 / pipeline_s,
        100.0 * stage_s / pipeline_s
    );
}
