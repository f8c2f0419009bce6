//! Words per second for tagging + parsing (and with lemmas) on one core.
//!
//! ```text
//! cargo run --release -p dossier-nlp --example speed -- [FILE.conllu] [MODELS_DIR]
//! SPEED_REPS=2 SPEED_ONLY=tag+parse valgrind --tool=cachegrind --cache-sim=yes target/release/examples/speed
//! ```
use std::path::PathBuf;
use std::time::Instant;

use dossier_nlp::Model;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/work/shared/anchor-data/ud/ewt/en_ewt-ud-test.conllu".into()),
    );
    let dir = args.next().map(PathBuf::from).unwrap_or_else(Model::default_dir);
    let t = Instant::now();
    let model = Model::load(&dir)?;
    println!("load {:.3}s", t.elapsed().as_secs_f64());
    let [tg, mv, lb] = model.sizes();
    println!("(features, weights): tagger {tg:?}, parser moves {mv:?}, labeler {lb:?}");
    let sents: Vec<Vec<String>> = conllu::read_file(&file)?
        .into_iter()
        .map(|s| s.words.into_iter().map(|w| w.form).collect())
        .collect();
    let sents: Vec<Vec<&str>> = sents.iter().map(|s| s.iter().map(|w| w.as_str()).collect()).collect();
    let words: usize = sents.iter().map(|s| s.len()).sum();
    // SPEED_REPS=N passes (default 7) and SPEED_ONLY=NAME one measurement:
    // small fixed workloads for profilers and cache simulators.
    let reps: usize = std::env::var("SPEED_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let only = std::env::var("SPEED_ONLY").ok();
    let run = |name: &str, f: &dyn Fn(&[&str]) -> usize| {
        if only.as_deref().is_some_and(|o| o != name) {
            return;
        }
        let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
        for _ in 0..reps {
            let (t, c) = (Instant::now(), cpu_seconds());
            let mut sink = 0usize;
            for s in &sents {
                sink += f(s);
            }
            std::hint::black_box(sink);
            best = best.min(t.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (c, cpu_seconds()) {
                best_cpu = best_cpu.min(b - a);
            }
        }
        println!(
            "{name}: {:.0} words/s wall, {:.0} words/s of CPU time ({words} words)",
            words as f64 / best,
            words as f64 / best_cpu
        );
    };
    run("tag", &|s| model.tag(s).0.len());
    run("tag+parse", &|s| model.parse(s).head.len());
    run("tag+lemma+parse", &|s| model.analyze(s).lemma.len());
    Ok(())
}

/// CPU time of this thread (Linux), robust to a busy machine: nanoseconds
/// from `schedstat`, else 10 ms ticks from `stat`.
fn cpu_seconds() -> Option<f64> {
    if let Some(ns) = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
    {
        return Some(ns / 1e9);
    }
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
