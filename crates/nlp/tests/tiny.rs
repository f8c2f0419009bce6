//! Training on a handful of sentences: overfitting, determinism, save/load.

use dossier_nlp::{evaluate, train, Model, TrainOptions};

const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tcats\tcat\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tsat\tsit\tVERB\tVBD\t_\t0\troot\t_\t_
4\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tmat\tmat\tNOUN\tNN\t_\t3\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\twas\tbe\tAUX\tVBD\t_\t0\troot\t_\t_
3\thappy\thappy\tADJ\tJJ\t_\t2\txcomp\t_\t_
4\tand\tand\tCCONJ\tCC\t_\t5\tcc\t_\t_
5\tran\trun\tVERB\tVBD\t_\t2\tconj\t_\t_
6\thome\thome\tADV\tRB\t_\t5\tadvmod\t_\t_
7\t!\t!\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tchase\tchase\tVERB\tVBP\t_\t0\troot\t_\t_
3\tbig\tbig\tADJ\tJJ\t_\t4\tamod\t_\t_
4\tballs\tball\tNOUN\tNNS\t_\t2\tobj\t_\t_
5\tin\tin\tADP\tIN\t_\t7\tcase\t_\t_
6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_
7\tpark\tpark\tNOUN\tNN\t_\t2\tobl\t_\t_

";

fn opts() -> TrainOptions {
    TrainOptions {
        seed: 7,
        tagger_epochs: 20,
        parser_epochs: 30,
        jackknife_folds: 0,
        tagger_min_updates: 1,
        parser_min_updates: 1,
        threads: 1,
        ..TrainOptions::default()
    }
}

fn tiny_model() -> (Vec<conllu::Sentence>, Model) {
    let sents = conllu::parse_str(TINY).unwrap();
    let model = train(&sents, &[], &opts()).unwrap();
    (sents, model)
}

#[test]
fn overfits_three_sentences() {
    let (sents, model) = tiny_model();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let a = model.analyze(&words);
        for (i, w) in s.words.iter().enumerate() {
            assert_eq!(a.upos[i], w.upos, "upos of {}", w.form);
            assert_eq!(a.xpos[i], w.xpos, "xpos of {}", w.form);
            assert_eq!(a.lemma[i], w.lemma, "lemma of {}", w.form);
            assert_eq!(a.head[i] as usize, w.head, "head of {}", w.form);
            assert_eq!(a.deprel[i], w.deprel, "deprel of {}", w.form);
        }
    }
    let scores = evaluate(&model, &sents);
    assert_eq!(scores.words, 21);
    assert_eq!(scores.las, 100.0);
}

#[test]
fn output_is_a_single_rooted_tree() {
    let (_, model) = tiny_model();
    let words = ["Cats", "in", "the", "park", "chase", "dogs", "and", "sat", "."];
    let a = model.parse(&words);
    assert_eq!(a.head.len(), words.len());
    assert!(a.lemma.is_empty());
    let roots: Vec<usize> = (0..words.len()).filter(|&i| a.head[i] == 0).collect();
    assert_eq!(roots.len(), 1, "{a:?}");
    assert_eq!(a.deprel[roots[0]], "root");
    for i in 0..words.len() {
        // Following heads from any word reaches the root without cycles.
        let (mut j, mut steps) = (i, 0);
        while a.head[j] != 0 {
            j = a.head[j] as usize - 1;
            steps += 1;
            assert!(steps <= words.len(), "cycle in {a:?}");
        }
        if a.head[i] != 0 {
            assert_ne!(a.deprel[i], "root");
        }
    }
    assert_eq!(model.analyze(&[]), dossier_nlp::Analysis::default());
}

#[test]
fn same_seed_same_bytes() {
    let sents = conllu::parse_str(TINY).unwrap();
    let a = train(&sents, &[], &opts()).unwrap().to_bytes();
    let b = train(&sents, &[], &opts()).unwrap().to_bytes();
    assert!(a == b, "training is not deterministic");
}

#[test]
fn save_load_round_trip() {
    let (sents, model) = tiny_model();
    let dir = std::env::temp_dir().join(format!("dossier-nlp-test-{}", std::process::id()));
    model.save(&dir).unwrap();
    let loaded = Model::load(&dir).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(loaded, model);
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(loaded.analyze(&words), model.analyze(&words));
    }
    let odd = ["Unseen", "wordsmithing", "quokkas", "zzz"];
    assert_eq!(loaded.analyze(&odd), model.analyze(&odd));
}

#[test]
fn corrupt_files_are_rejected() {
    let (_, model) = tiny_model();
    let (t, p, l) = model.to_bytes();
    assert!(Model::from_bytes(&t[..t.len() - 3], &p, &l).is_err());
    assert!(Model::from_bytes(&p, &t, &l).is_err());
    assert!(Model::from_bytes(&t, &p, &l[..5]).is_err());
    assert!(Model::from_bytes(&t, &p, &l).is_ok());
}
