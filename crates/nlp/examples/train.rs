//! Train the tagger, lemmatizer and parser and write the models directory.
//!
//! ```text
//! cargo run --release -p dossier-nlp --example train -- \
//!     [--ud /work/shared/anchor-data/ud] [--out models] [--seed 1] \
//!     [--tagger-epochs 10] [--parser-epochs 15] [--folds 4] [--threads 2]
//! ```
use std::path::PathBuf;
use std::time::Instant;

use dossier_nlp::{evaluate, train, ud_train_set, Model, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut ud = PathBuf::from("/work/shared/anchor-data/ud");
    let mut out = Model::default_dir();
    let mut opts = TrainOptions {
        verbose: true,
        ..TrainOptions::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--ud" => ud = PathBuf::from(val()?),
            "--out" => out = PathBuf::from(val()?),
            "--seed" => opts.seed = val()?.parse()?,
            "--tagger-epochs" => opts.tagger_epochs = val()?.parse()?,
            "--parser-epochs" => opts.parser_epochs = val()?.parse()?,
            "--tagger-min-updates" => opts.tagger_min_updates = val()?.parse()?,
            "--parser-min-updates" => opts.parser_min_updates = val()?.parse()?,
            "--folds" => opts.jackknife_folds = val()?.parse()?,
            "--threads" => opts.threads = val()?.parse()?,
            "--explore" => opts.explore = val()?.parse()?,
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let t0 = Instant::now();
    let train_set = ud_train_set(&ud)?;
    let dev = conllu::read_file(&ud.join("ewt/en_ewt-ud-dev.conllu"))?;
    let words: usize = train_set.iter().map(|s| s.words.len()).sum();
    eprintln!("{} training sentences, {words} words", train_set.len());
    let model = train(&train_set, &dev, &opts)?;
    let secs = t0.elapsed().as_secs_f64();
    model.save(&out)?;
    let [t, p, l] = model.sizes();
    eprintln!("(features, weights): tagger {t:?}, parser moves {p:?}, labeler {l:?}");
    println!("training time {secs:.1}s, models written to {}", out.display());
    println!("EWT dev {}", evaluate(&model, &dev).to_json());
    Ok(())
}
