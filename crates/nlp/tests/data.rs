//! Checks on the shipped models and the real treebanks. They skip (with a
//! message) when the data or the models are missing, except under CI.

use std::path::{Path, PathBuf};

use dossier_nlp::{evaluate, Model};

/// The UD folder: `$DOSSIER_UD`, else the shared data location.
fn ud() -> PathBuf {
    std::env::var_os("DOSSIER_UD")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/anchor-data/ud"))
}

fn available(what: &str, path: &Path) -> bool {
    if path.exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{what} missing at {} (required under CI)", path.display());
    }
    eprintln!("skipping: {what} missing at {}", path.display());
    false
}

#[test]
fn shipped_models_score_on_ewt_test() {
    let test = ud().join("ewt/en_ewt-ud-test.conllu");
    let models = Model::default_dir();
    if !available("EWT test file", &test) || !available("models", &models.join(dossier_nlp::PARSER_FILE)) {
        return;
    }
    let t = std::time::Instant::now();
    let model = Model::load_default().unwrap();
    assert!(t.elapsed().as_secs_f64() < 2.0, "loading took {:?}", t.elapsed());
    let gold = conllu::read_file(&test).unwrap();
    let s = evaluate(&model, &gold[..600]);
    eprintln!("EWT test (600 sentences): {}", s.to_json());
    assert!(s.upos > 94.0 && s.xpos > 93.0 && s.lemma > 95.0, "{s:?}");
    assert!(s.uas > 82.0 && s.las > 78.0, "{s:?}");
}

#[test]
fn training_set_has_only_cc_by_gum_genres() {
    let ud = ud();
    if !available("UD data", &ud) {
        return;
    }
    let train = dossier_nlp::ud_train_set(&ud).unwrap();
    let words: usize = train.iter().map(|s| s.words.len()).sum();
    // EWT train alone is 204,577 words; GUM's CC-BY train part adds ~110k.
    assert!(words > 300_000 && words < 340_000, "{words}");
    let docs: Vec<&str> = train.iter().filter_map(|s| s.new_doc.as_deref()).collect();
    assert!(docs.iter().any(|d| d.starts_with("GUM_news")));
    for bad in ["GUM_fiction", "GUM_whow", "GUM_academic", "GUM_reddit", "GUM_court"] {
        assert!(!docs.iter().any(|d| d.starts_with(bad)), "{bad} leaked into training");
    }
}
