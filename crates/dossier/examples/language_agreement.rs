//! How often the quick English test in `detect_language` agrees with
//! whatlang, the detector it short-cuts, over a corpus:
//!
//! ```text
//! cargo run --release -p dossier --example language_agreement -- ../shared/anchor-data/allsides/
//! ```
//!
//! Prints the documents where the quick test says English and whatlang
//! says otherwise (the quick test's only way to change an output), and
//! counts of each verdict.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dossier::{ingest, text};

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let opts = ingest::Options::default();
    let mut verdicts: BTreeMap<(bool, &'static str), usize> = BTreeMap::new();
    let mut disagreements = 0usize;
    for input in ingest::expand_paths(&paths).into_iter().flatten() {
        for raw in ingest::read_input(&input, &opts).flatten() {
            let mut end = raw.text.len().min(2048);
            while !raw.text.is_char_boundary(end) {
                end -= 1;
            }
            let sample = &raw.text[..end];
            let quick = text::looks_english(sample);
            let full = text::detect_sample(sample);
            *verdicts.entry((quick, full)).or_default() += 1;
            if quick && full != "en" {
                disagreements += 1;
                println!(
                    "{} {}: whatlang says {full}: {:?}",
                    raw.origin,
                    raw.meta.id,
                    &sample[..sample.len().min(160)]
                );
            }
        }
    }
    for ((quick, full), n) in &verdicts {
        println!("quick={quick} whatlang={full}: {n}");
    }
    println!("disagreements (quick says en, whatlang does not): {disagreements}");
}
