//! The linguistic core of dossier: a part-of-speech tagger (UPOS and Penn
//! XPOS), a lemmatizer and a labelled dependency parser (UD relations), all
//! trained here from Universal Dependencies treebanks and fast on one core.
//!
//! * **Tagger** — greedy left-to-right averaged perceptron predicting the
//!   joint `UPOS|XPOS` class from hashed word, affix, shape, context and
//!   ambiguity-class features. Frequent words that (almost) always take one
//!   class skip scoring through a tag dictionary used only at run time (the
//!   model is still trained on them).
//! * **Lemmatizer** — form+tag lookup tables from training data, learnt
//!   suffix edits, then hand-written English rules ([`rule_lemma`]).
//! * **Parser** — greedy arc-hybrid transition parser: one averaged
//!   perceptron scores the three unlabelled moves, a second one labels each
//!   arc as it is made. Trained with the Goldberg & Nivre dynamic oracle
//!   (with error exploration) on jackknifed, i.e. predicted, tags.
//! * **Entity recogniser** ([`ner`]) — greedy BIO averaged perceptron with
//!   word, tag and [`gazetteer`] features.
//! * **Gazetteer** ([`gazetteer`]) — countries, demonyms, capitals, cities
//!   and regions with ISO codes, matched over tokens.
//!
//! Features are 64-bit hashes of template id + values, computed from
//! per-token hashes made once per sentence (no string allocation on the hot
//! path; working vectors are reused per thread). Weights are averaged, pruned, quantised to 16 bits and kept behind
//! an open-addressing table: 3-class models store the weights in an 8-byte
//! slot with a 16-bit key fingerprint, wider ones point to sparse `(class, weight)` runs or, for
//! features with many classes, to dense rows added with SIMD. Files are a
//! hand-written little-endian format (`models/en-*.bin`); training is
//! deterministic for a given seed.
//!
//! ```no_run
//! let model = dossier_nlp::Model::load_default()?;
//! let a = model.analyze(&["The", "cats", "sat", "."]);
//! assert_eq!(a.upos[1], "NOUN");
//! assert_eq!(a.lemma[1], "cat");
//! assert_eq!(a.head[1], 3); // "cats" depends on "sat"
//! assert_eq!(a.deprel[1], "nsubj");
//! # Ok::<(), dossier_nlp::Error>(())
//! ```
#![deny(missing_docs)]

pub mod casing;
pub mod gazetteer;
mod hash;
mod io;
mod lemma;
mod lex;
pub mod ner;
mod parser;
mod perceptron;
mod table;
mod tagger;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use conllu::Sentence;

pub use lemma::rule_lemma;

use crate::io::{Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::parser::{Inputs, ParseSent, Parser};
use crate::tagger::{TagSent, Tagger};

/// Per-thread working memory reused between sentences.
struct Scratch {
    buf: String,
    toks: Vec<lex::Tok>,
    ids: Vec<u16>,
    amb: Vec<u64>,
    feats: Vec<u64>,
    inputs: Inputs,
    labels: Vec<u16>,
    parse: parser::Scratch,
    words: tagger::WordCache,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch {
        buf: String::new(),
        toks: Vec::new(),
        ids: Vec::new(),
        amb: Vec::new(),
        feats: Vec::new(),
        inputs: Inputs::new(std::iter::empty(), std::iter::empty()),
        labels: Vec::new(),
        parse: parser::Scratch::default(),
        words: tagger::WordCache::default(),
    });
}

/// Tagger model file name inside a models directory.
pub const TAGGER_FILE: &str = "en-tagger.bin";
/// Parser model file name inside a models directory.
pub const PARSER_FILE: &str = "en-parser.bin";
/// Lemmatizer model file name inside a models directory.
pub const LEMMA_FILE: &str = "en-lemma.bin";

const TAGGER_MAGIC: &[u8; 8] = b"DSNTAG01";
const PARSER_MAGIC: &[u8; 8] = b"DSNPAR01";
const LEMMA_MAGIC: &[u8; 8] = b"DSNLEM01";

/// GUM genres whose texts are CC BY (or public domain): the only GUM
/// documents shipped models may be trained on.
pub use conllu::GUM_SHIPPABLE_GENRES as GUM_CC_BY_GENRES;

/// Errors from loading, saving or preparing data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A model file is malformed.
    #[error("{what} model: {message}")]
    Format {
        /// Which model.
        what: &'static str,
        /// What was wrong.
        message: String,
    },
    /// Treebank data could not be read.
    #[error(transparent)]
    Conllu(#[from] conllu::Error),
    /// Training data is unusable (e.g. empty).
    #[error("training data: {0}")]
    Data(String),
}

/// One sentence tagged, waiting for [`Model::parse_tagged`]: the parser's
/// word hashes and the tag classes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tagged {
    words: Vec<u64>,
    ids: Vec<u16>,
}

/// The analysis of one sentence; all vectors have one entry per word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// Universal POS tags (`NOUN`, `VERB`, ...).
    pub upos: Vec<&'static str>,
    /// Penn Treebank tags (`NNS`, `VBD`, ...).
    pub xpos: Vec<&'static str>,
    /// Lemmas (empty from [`Model::parse`], which skips lemmatization).
    pub lemma: Vec<String>,
    /// Heads: 0 is the root, otherwise the 1-based index of the head word.
    pub head: Vec<u32>,
    /// UD relations, with subtypes (`nsubj`, `nmod:poss`, ...).
    pub deprel: Vec<&'static str>,
}

/// Options for [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Seed for shuffling and oracle exploration; same seed, same model.
    pub seed: u64,
    /// Tagger passes over the training data (the best on dev is kept).
    pub tagger_epochs: usize,
    /// Parser passes over the training data (the best on dev is kept).
    pub parser_epochs: usize,
    /// Tagger features updated fewer times than this are pruned.
    pub tagger_min_updates: u32,
    /// Parser features updated fewer times than this are pruned.
    pub parser_min_updates: u32,
    /// Folds for jackknifed training tags for the parser; below 2 uses gold tags.
    pub jackknife_folds: usize,
    /// Probability of following the parser's own wrong move (after epoch 1).
    pub explore: f64,
    /// Parser runs over other orders of the data whose weights are
    /// averaged (seeds `seed`, `seed + 1`, …).
    pub parser_runs: usize,
    /// Threads for the jackknife folds and parser runs (results do not depend on it).
    pub threads: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            tagger_epochs: 10,
            parser_epochs: 12,
            tagger_min_updates: 1,
            parser_min_updates: 3,
            jackknife_folds: 4,
            explore: 0.9,
            parser_runs: 4,
            threads: 2,
            verbose: false,
        }
    }
}

/// Accuracy scores in percent, on gold tokenisation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact string match).
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment, universal part of the relation (as CoNLL 2018).
    pub las: f64,
    /// Labelled attachment on full relations with subtypes.
    pub las_full: f64,
}

impl Scores {
    /// The scores as a one-line JSON object.
    pub fn to_json(&self) -> String {
        format!(
            "{{\"words\":{},\"upos\":{:.2},\"xpos\":{:.2},\"lemma\":{:.2},\"uas\":{:.2},\"las\":{:.2},\"las_full\":{:.2}}}",
            self.words, self.upos, self.xpos, self.lemma, self.uas, self.las, self.las_full
        )
    }
}

/// A loaded or freshly trained tagger + lemmatizer + parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    parser: Parser,
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

fn write_file(path: &Path, data: &[u8]) -> Result<(), Error> {
    std::fs::write(path, data).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

impl Model {
    /// Load the three model files from `dir`.
    pub fn load(dir: &Path) -> Result<Model, Error> {
        Model::from_bytes(
            &read_file(&dir.join(TAGGER_FILE))?,
            &read_file(&dir.join(PARSER_FILE))?,
            &read_file(&dir.join(LEMMA_FILE))?,
        )
    }

    /// The default models directory: `$DOSSIER_NLP_MODELS` when set, else the
    /// workspace's `models/`.
    pub fn default_dir() -> PathBuf {
        match std::env::var_os("DOSSIER_NLP_MODELS") {
            Some(d) => PathBuf::from(d),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"),
        }
    }

    /// Load from [`Model::default_dir`].
    pub fn load_default() -> Result<Model, Error> {
        Model::load(&Model::default_dir())
    }

    /// Decode the three model files from memory.
    pub fn from_bytes(tagger: &[u8], parser: &[u8], lemma: &[u8]) -> Result<Model, Error> {
        let mut r = Reader::new(tagger, TAGGER_MAGIC, "tagger")?;
        let tagger = Tagger::read(&mut r)?;
        r.finish()?;
        let mut r = Reader::new(parser, PARSER_MAGIC, "parser")?;
        let parser = Parser::read(&mut r)?;
        r.finish()?;
        let mut r = Reader::new(lemma, LEMMA_MAGIC, "lemmatizer")?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        r.finish()?;
        Ok(Model {
            tagger,
            lemmatizer,
            parser,
        })
    }

    /// Encode the three model files (tagger, parser, lemmatizer).
    pub fn to_bytes(&self) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let mut t = Writer::new(TAGGER_MAGIC);
        self.tagger.write(&mut t);
        let mut p = Writer::new(PARSER_MAGIC);
        self.parser.write(&mut p);
        let mut l = Writer::new(LEMMA_MAGIC);
        self.lemmatizer.write(&mut l);
        (t.buf, p.buf, l.buf)
    }

    /// Write the three model files into `dir` (created if missing).
    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let (t, p, l) = self.to_bytes();
        write_file(&dir.join(TAGGER_FILE), &t)?;
        write_file(&dir.join(PARSER_FILE), &p)?;
        write_file(&dir.join(LEMMA_FILE), &l)
    }

    /// Hash `words` into `sc.toks` and tag them into `sc.ids`.
    fn tag_in(&self, words: &[&str], sc: &mut Scratch) {
        self.tagger
            .prepare(words, &mut sc.words, &mut sc.toks, &mut sc.amb, &mut sc.buf);
        self.tagger
            .predict_cached(&sc.toks, &sc.amb, &mut sc.words, &mut sc.ids, &mut sc.feats);
    }

    /// Tag one sentence: `(upos, xpos)`.
    pub fn tag(&self, words: &[&str]) -> (Vec<&'static str>, Vec<&'static str>) {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let sc = &mut *guard;
            self.tag_in(words, sc);
            sc.ids.iter().map(|&c| self.tagger.classes[c as usize]).unzip()
        })
    }

    /// Lemma of one word given its Penn tag.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        self.lemmatizer.lemma(form, xpos)
    }

    /// Tag and parse one sentence, without lemmas (`lemma` is left empty).
    pub fn parse(&self, words: &[&str]) -> Analysis {
        self.parse_tagged(&self.tag_for_parse(words))
    }

    /// Tag one sentence for [`Model::parse_tagged`]. Tagging every sentence
    /// of a batch of documents and then parsing them all keeps each
    /// model's tables in the processor's cache for its whole pass, where
    /// taking each sentence through both has them evict each other.
    pub fn tag_for_parse(&self, words: &[&str]) -> Tagged {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let sc = &mut *guard;
            self.tag_in(words, sc);
            Tagged {
                words: sc.toks.iter().map(|t| self.parser.word(t.norm)).collect(),
                ids: sc.ids.clone(),
            }
        })
    }

    /// Parse a sentence tagged by [`Model::tag_for_parse`] (`lemma` is left
    /// empty): the same analysis as [`Model::parse`] of its words.
    pub fn parse_tagged(&self, tagged: &Tagged) -> Analysis {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let sc = &mut *guard;
            sc.inputs
                .fill(tagged.words.iter().copied(), tagged.ids.iter().map(|&c| c as u64 + 2));
            let mut head = Vec::with_capacity(tagged.ids.len());
            self.parser
                .parse_in(&sc.inputs, &mut head, &mut sc.labels, &mut sc.parse);
            let (upos, xpos) = tagged.ids.iter().map(|&c| self.tagger.classes[c as usize]).unzip();
            Analysis {
                upos,
                xpos,
                lemma: Vec::new(),
                head,
                deprel: sc.labels.iter().map(|&l| self.parser.labels[l as usize]).collect(),
            }
        })
    }

    /// Tag, lemmatize and parse one sentence.
    pub fn analyze(&self, words: &[&str]) -> Analysis {
        let mut a = self.parse(words);
        a.lemma = words
            .iter()
            .zip(&a.xpos)
            .map(|(w, x)| self.lemmatizer.lemma(w, x))
            .collect();
        a
    }

    /// Sizes as (features, weights) of the tagger, the parser's move model
    /// and its labeler.
    pub fn sizes(&self) -> [(usize, usize); 3] {
        [
            self.tagger.weights.size(),
            self.parser.weights.size(),
            self.parser.labeler.size(),
        ]
    }
}

/// Read the shippable training set from a UD folder holding `ewt/` and
/// `gum/`: EWT train plus the GUM train documents of [`GUM_CC_BY_GENRES`].
pub fn ud_train_set(ud: &Path) -> Result<Vec<Sentence>, Error> {
    let paths = conllu::shippable_train_paths(ud)?;
    Ok(conllu::read_files(&paths)?)
}

fn class_key(upos: &str, xpos: &str) -> (String, String) {
    (upos.to_string(), xpos.to_string())
}

/// Train tagger, lemmatizer and parser. `dev` is used only to pick the best
/// epoch; pass an empty slice to keep the last one.
pub fn train(train: &[Sentence], dev: &[Sentence], opts: &TrainOptions) -> Result<Model, Error> {
    let train: Vec<&Sentence> = train.iter().filter(|s| !s.words.is_empty()).collect();
    if train.is_empty() {
        return Err(Error::Data("no training sentences".into()));
    }
    let classes: BTreeSet<(String, String)> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| class_key(&w.upos, &w.xpos)))
        .collect();
    let labels: BTreeSet<&str> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.as_str()))
        .collect();
    if classes.len() > 255 || labels.len() > 127 {
        return Err(Error::Data("too many tag classes or relations".into()));
    }
    let classes: Vec<(&'static str, &'static str)> =
        classes.iter().map(|(u, x)| (lex::intern(u), lex::intern(x))).collect();
    let labels: Vec<&'static str> = labels.iter().map(|l| lex::intern(l)).collect();
    let root_label = labels
        .iter()
        .position(|&l| l == "root")
        .ok_or_else(|| Error::Data("no `root` relation".into()))?;
    let class_of = |u: &str, x: &str| -> u16 { classes.binary_search(&(u, x)).map(|i| i as u16).unwrap_or(u16::MAX) };
    let tag_sent = |s: &Sentence| TagSent {
        toks: lex::toks(&s.words.iter().map(|w| w.form.as_str()).collect::<Vec<_>>()),
        gold: s.words.iter().map(|w| class_of(&w.upos, &w.xpos)).collect(),
    };
    let tag_train: Vec<TagSent> = train.iter().map(|s| tag_sent(s)).collect();
    let tag_dev: Vec<TagSent> = dev.iter().filter(|s| !s.words.is_empty()).map(tag_sent).collect();

    let t0 = std::time::Instant::now();
    let topts = tagger::TagTrain {
        classes: &classes,
        epochs: opts.tagger_epochs,
        min_updates: opts.tagger_min_updates,
        seed: opts.seed,
        verbose: opts.verbose,
    };
    let tagger = tagger::train(&tag_train, &tag_dev, &topts);
    if opts.verbose {
        eprintln!("tagger trained in {:.1}s", t0.elapsed().as_secs_f64());
    }

    // Tags the parser trains on: jackknifed predictions, or gold.
    let k = opts.jackknife_folds;
    let train_tags: Vec<Vec<u16>> = if k >= 2 {
        let t1 = std::time::Instant::now();
        let fold = |f: usize| -> Vec<(usize, Vec<u16>)> {
            let rest: Vec<TagSent> = tag_train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != f)
                .map(|(_, s)| TagSent {
                    toks: s.toks.clone(),
                    gold: s.gold.clone(),
                })
                .collect();
            let fo = tagger::TagTrain {
                seed: opts.seed.wrapping_add(f as u64 + 1),
                verbose: false,
                ..topts
            };
            let t = tagger::train(&rest, &[], &fo);
            let mut out = Vec::new();
            for (i, s) in tag_train.iter().enumerate().filter(|(i, _)| i % k == f) {
                let mut ids = Vec::new();
                t.predict(&s.toks, &mut ids);
                out.push((i, ids));
            }
            out
        };
        let mut all: Vec<Vec<u16>> = vec![Vec::new(); tag_train.len()];
        let threads = opts.threads.max(1);
        for chunk in (0..k).collect::<Vec<_>>().chunks(threads) {
            let results: Vec<Vec<(usize, Vec<u16>)>> = std::thread::scope(|sc| {
                let hs: Vec<_> = chunk.iter().map(|&f| sc.spawn(move || fold(f))).collect();
                hs.into_iter().map(|h| h.join().expect("jackknife thread")).collect()
            });
            for (i, ids) in results.into_iter().flatten() {
                all[i] = ids;
            }
        }
        if opts.verbose {
            let right: usize = all
                .iter()
                .zip(&tag_train)
                .map(|(p, s)| p.iter().zip(&s.gold).filter(|(a, b)| a == b).count())
                .sum();
            let total: usize = tag_train.iter().map(|s| s.gold.len()).sum();
            eprintln!(
                "jackknife ({k} folds) in {:.1}s, tag accuracy {:.2}%",
                t1.elapsed().as_secs_f64(),
                100.0 * right as f64 / total as f64
            );
        }
        all
    } else {
        tag_train.iter().map(|s| s.gold.clone()).collect()
    };

    // Words seen at least twice keep their own parser features.
    let mut counts: std::collections::BTreeMap<u64, u32> = std::collections::BTreeMap::new();
    for s in &tag_train {
        for t in &s.toks {
            *counts.entry(t.norm).or_default() += 1;
        }
    }
    let vocab_list: Vec<u64> = counts.into_iter().filter(|&(_, c)| c >= 2).map(|(k, _)| k).collect();
    let vocab: parser::Vocab = vocab_list.iter().copied().collect();
    let label_of = |l: &str| labels.binary_search(&l).map(|i| i as u16).unwrap_or(u16::MAX);
    let parse_sent = |s: &Sentence, toks: &[lex::Tok], tags: &[u16]| ParseSent {
        inputs: Inputs::new(
            toks.iter().map(|t| parser::word(&vocab, t.norm)),
            tags.iter().map(|&c| c as u64 + 2),
        ),
        heads: std::iter::once(0)
            .chain(s.words.iter().map(|w| w.head as u32))
            .collect(),
        labels: std::iter::once(0)
            .chain(s.words.iter().map(|w| label_of(&w.deprel)))
            .collect(),
    };
    let parse_train: Vec<ParseSent> = train
        .iter()
        .zip(&tag_train)
        .zip(&train_tags)
        .map(|((s, ts), tags)| parse_sent(s, &ts.toks, tags))
        .collect();
    let parse_dev: Vec<ParseSent> = dev
        .iter()
        .filter(|s| !s.words.is_empty())
        .zip(&tag_dev)
        .map(|(s, ts)| {
            let mut ids = Vec::new();
            tagger.predict(&ts.toks, &mut ids);
            parse_sent(s, &ts.toks, &ids)
        })
        .collect();
    let t2 = std::time::Instant::now();
    let popts = parser::ParseTrain {
        labels: &labels,
        root_label,
        vocab: &vocab_list,
        epochs: opts.parser_epochs,
        min_updates: opts.parser_min_updates,
        seed: opts.seed,
        explore: opts.explore,
        runs: opts.parser_runs,
        threads: opts.threads,
        verbose: opts.verbose,
    };
    let parser = parser::train(&parse_train, &parse_dev, &popts);
    if opts.verbose {
        eprintln!("parser trained in {:.1}s", t2.elapsed().as_secs_f64());
    }
    let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
        s.words
            .iter()
            .map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str()))
    }));
    // Last, once nothing in training tags with it any more.
    let mut tagger = tagger;
    tagger::widen_dictionary(&mut tagger, &tag_train);
    Ok(Model {
        tagger,
        lemmatizer,
        parser,
    })
}

/// Score `model` on gold sentences (gold tokenisation).
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut c = [0usize; 6];
    let mut words = 0usize;
    let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
    for s in gold.iter().filter(|s| !s.words.is_empty()) {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let a = model.analyze(&forms);
        for (i, w) in s.words.iter().enumerate() {
            words += 1;
            c[0] += (a.upos[i] == w.upos) as usize;
            c[1] += (a.xpos[i] == w.xpos) as usize;
            c[2] += (a.lemma[i] == w.lemma) as usize;
            if a.head[i] as usize == w.head {
                c[3] += 1;
                c[4] += (universal(a.deprel[i]) == universal(&w.deprel)) as usize;
                c[5] += (a.deprel[i] == w.deprel) as usize;
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / words.max(1) as f64;
    Scores {
        words,
        upos: pct(c[0]),
        xpos: pct(c[1]),
        lemma: pct(c[2]),
        uas: pct(c[3]),
        las: pct(c[4]),
        las_full: pct(c[5]),
    }
}
