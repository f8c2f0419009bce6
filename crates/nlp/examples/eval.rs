//! Print the scores of the models on a CoNLL-U file as JSON (gold tokens).
//!
//! ```text
//! cargo run --release -p dossier-nlp --example eval -- FILE.conllu [MODELS_DIR]
//! ```
use std::path::PathBuf;

use dossier_nlp::{evaluate, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(args.next().ok_or("usage: eval FILE.conllu [MODELS_DIR]")?);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(Model::default_dir);
    let t = std::time::Instant::now();
    let model = Model::load(&dir)?;
    eprintln!("loaded {} in {:.3}s", dir.display(), t.elapsed().as_secs_f64());
    let gold = conllu::read_file(&file)?;
    println!("{}", evaluate(&model, &gold).to_json());
    Ok(())
}
