//! The corpus store's commands: `ingest`, `search`, `quotes`, `entity`,
//! `timeline`, `claims`, `disputes`, `export` and `merges`.

use std::collections::{HashSet, VecDeque};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use dossier::{ingest, text, Pipeline};
use rayon::prelude::*;
use serde::Serialize;
use store::{BatchReport, ClaimFilter, ClaimRow, DisputeFilter, Item, QuoteFilter, QuoteRow, Store, Stored};

/// The store's subcommands, flattened into `dossier`'s own.
#[derive(Subcommand)]
pub enum StoreCommand {
    /// Analyse documents and store them in a database (SQLite, full-text
    /// indexed). Re-running skips what is stored; copies of stored content
    /// are recorded without analysing them again.
    Ingest(IngestArgs),
    /// Full-text search over stored articles and quotes.
    Search(SearchArgs),
    /// Stored quotes, newest first, by speaker, subject and date.
    Quotes(QuotesArgs),
    /// Profile of an entity: type, name variants, roles over time, mentions
    /// by month, the entities most mentioned with it, quotes by and about it.
    Entity(EntityArgs),
    /// The documents where an entity is mentioned or speaks, in date order.
    Timeline(TimelineArgs),
    /// Stored claims, newest first, by subject, status, source and date;
    /// `--cluster ID` shows one proposition across the corpus.
    Claims(ClaimsArgs),
    /// Propositions one source asserts and another denies, with both sides'
    /// sources, outlets and evidence, latest first.
    Disputes(DisputesArgs),
    /// Export a table, or the entity graph, as JSON Lines, CSV, Parquet or GraphML.
    Export(ExportArgs),
    /// Merges of entity name variants with their evidence; `--undo ID` reverses one.
    Merges(MergesArgs),
    /// Stored political events (PLOVER, CAMEO, ACLED), newest first, by
    /// actor, target, type, country and date.
    Events(crate::happenings_cmd::EventsArgs),
}

const DEFAULT_DB: &str = "dossier.db";

/// `println!` that does not panic when the reader went away (`| head`).
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database file (created when missing).
    #[arg(long, default_value = DEFAULT_DB)]
    db: PathBuf,
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
    /// Refuse documents with more text than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_doc_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Documents per transaction. Each commit flushes the full-text index
    /// into a new segment that later has to be merged, so larger batches
    /// cost the writer a little less (on three AllSides shards 512 took
    /// about 3 % less writer CPU than 256, 1024 about 10 %, for 30 and
    /// 100 MB more memory); a crash loses at most one batch of work, which
    /// a re-run redoes.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    /// Inputs per commit: batches join one transaction until it holds this
    /// many. Each commit writes every page the transaction changed, and the
    /// indexes keyed by entity, band or name change on nearly every page
    /// in each batch once the store holds a few thousand articles, so a
    /// commit per batch cost more the larger the store; a crash loses at
    /// most this many inputs' writing, which a re-run redoes. Memory does
    /// not grow with it (the batches are written as they come).
    #[arg(long, default_value_t = 2048, value_parser = clap::value_parser!(u32).range(1..))]
    commit_every: u32,
    #[command(flatten)]
    budget: crate::BudgetArgs,
    /// Analyse again the documents that earlier runs stopped over their
    /// budget (recorded in the database, and skipped by a run without
    /// this flag); give the same inputs.
    #[arg(long)]
    retry_failed: bool,
    /// SQLite page cache of the writer, in MiB. The store is read through
    /// this cache and the operating system's, never memory-mapped, so the
    /// ingest's memory does not grow with the database.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    cache_mib: u32,
}

#[derive(Args)]
pub struct DbArgs {
    /// The database file.
    #[arg(long, default_value = DEFAULT_DB)]
    pub(crate) db: PathBuf,
    /// Print one JSON array instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words to find (all of them; stems match: "strike" finds "strikes").
    /// FTS5 syntax (quotes for phrases, OR, NOT, NEAR, prefix*) passes through.
    text: String,
    /// At most this many articles and this many quotes.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct QuotesArgs {
    /// Said by a speaker or entity whose name has these words.
    #[arg(long)]
    speaker: Option<String>,
    /// About an entity: it is mentioned in what was said.
    #[arg(long)]
    about: Option<String>,
    /// From this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    since: Option<String>,
    /// Up to this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    until: Option<String>,
    /// At most this many (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Only attributions of at least this confidence (0: all stored).
    #[arg(long, default_value_t = dossier::extract::quotes::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct EntityArgs {
    /// A name, or words of it.
    name: String,
    /// Latest quotes by and about it to show.
    #[arg(long, default_value_t = 5)]
    quotes: usize,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct TimelineArgs {
    /// An entity's or speaker's name, or words of it.
    entity: String,
    /// From this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    since: Option<String>,
    /// Up to this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    until: Option<String>,
    /// Show the latest this many documents (0: all).
    #[arg(long, default_value_t = 100)]
    limit: usize,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct ClaimsArgs {
    /// About an entity: its subject or object, or mentioned in its words.
    #[arg(long)]
    about: Option<String>,
    /// Only claims of this status.
    #[arg(long, value_parser = ["asserted", "denied", "unverified", "confirmed", "retracted", "questioned"])]
    status: Option<String>,
    /// Made by a source (entity or name) with these words in its name.
    #[arg(long)]
    source: Option<String>,
    /// From this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    since: Option<String>,
    /// Up to this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    until: Option<String>,
    /// Only claims of at least this confidence (0: all stored).
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f64,
    /// At most this many (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Show this claim cluster (its members, outlets, sources and dispute)
    /// instead of a list.
    #[arg(long, conflicts_with_all = ["about", "status", "source", "since", "until"])]
    cluster: Option<i64>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct DisputesArgs {
    /// About an entity: a claim of the disputed proposition is about it.
    #[arg(long)]
    about: Option<String>,
    /// With evidence on or after this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Arisen on or before this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// At most this many (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_parser = ["jsonl", "csv", "parquet", "graphml"])]
    format: String,
    /// What to export (GraphML: the entity graph, `edges`).
    #[arg(long, value_parser = ["documents", "entities", "mentions", "quotes", "edges", "claims", "claim_clusters", "disputes", "events", "times", "quantities"])]
    what: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Leave out graph edges lighter than this (quotes or shared documents).
    #[arg(long, default_value_t = 1)]
    min_weight: i64,
    /// The database file.
    #[arg(long, default_value = DEFAULT_DB)]
    db: PathBuf,
}

#[derive(Args)]
pub struct MergesArgs {
    /// Only the merges into entities with this name.
    name: Option<String>,
    /// Undo the merge with this id: the variant becomes an entity of its own.
    #[arg(long)]
    undo: Option<i64>,
    #[command(flatten)]
    db: DbArgs,
}

/// Run a store command; `Ok(false)` when some input failed.
pub fn run(cmd: StoreCommand) -> Result<bool> {
    match cmd {
        StoreCommand::Ingest(a) => ingest_cmd(a),
        StoreCommand::Search(a) => search_cmd(a).map(|()| true),
        StoreCommand::Quotes(a) => quotes_cmd(a).map(|()| true),
        StoreCommand::Entity(a) => entity_cmd(a).map(|()| true),
        StoreCommand::Timeline(a) => timeline_cmd(a).map(|()| true),
        StoreCommand::Claims(a) => claims_cmd(a).map(|()| true),
        StoreCommand::Disputes(a) => disputes_cmd(a).map(|()| true),
        StoreCommand::Export(a) => export_cmd(a).map(|()| true),
        StoreCommand::Merges(a) => merges_cmd(a).map(|()| true),
        StoreCommand::Events(a) => crate::happenings_cmd::events_cmd(a).map(|()| true),
    }
}

pub(crate) fn check_date(flag: &str, d: &Option<String>) -> Result<()> {
    if let Some(d) = d {
        if ingest::parse_date(d).as_deref() != Some(d.as_str()) {
            anyhow::bail!("{flag} {d:?} is not a date in the form YYYY-MM-DD");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- ingest

/// What the main thread sends the writer.
enum ToWriter {
    Batch(Vec<Item>),
    Failure(ingest::IngestError),
    /// A document stopped over its budget.
    Stopped(store::StoppedDocument),
    /// A document stopped in an earlier run and analysed in this one
    /// (input id, content hash).
    Cleared(String, String),
}

/// Progress on a terminal (a bar) or in a log (a line every ten seconds).
#[derive(Clone)]
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    state: Arc<std::sync::Mutex<(u64, Instant, Instant)>>,
    total: Arc<std::sync::atomic::AtomicU64>,
}

impl Progress {
    fn new() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} docs  {per_sec}  ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            state: Arc::new(std::sync::Mutex::new((0, now, now))),
            total: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        }
    }

    fn set_total(&self, n: u64) {
        self.total.store(n, std::sync::atomic::Ordering::Relaxed);
        if let Some(b) = &self.bar {
            b.set_length(n.max(b.position()));
        }
    }

    fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
            if b.length().is_some_and(|l| b.position() > l) {
                b.set_length(b.position());
            }
            return;
        }
        let mut s = self.state.lock().expect("progress lock");
        s.0 += n;
        if s.2.elapsed() >= Duration::from_secs(10) {
            s.2 = Instant::now();
            let secs = s.1.elapsed().as_secs_f64();
            let rate = s.0 as f64 / secs.max(1e-9);
            let total = self.total.load(std::sync::atomic::Ordering::Relaxed);
            let eta = if total > s.0 && rate > 0.0 {
                format!(", ETA {:.0} s", (total - s.0) as f64 / rate)
            } else {
                String::new()
            };
            let of = if total > 0 {
                format!(" of ~{total}")
            } else {
                String::new()
            };
            tracing::info!("ingest: {}{of} documents, {rate:.0} docs/s{eta}", s.0);
            eprintln!("dossier ingest: {}{of} documents, {rate:.0} docs/s{eta}", s.0);
        }
    }

    fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Count the documents in the inputs, roughly and cheaply, for the ETA:
/// lines of JSON Lines files (gzip or not), one per other file.
fn count_documents(inputs: Vec<ingest::Input>) -> u64 {
    use std::io::BufRead;
    let mut n = 0u64;
    for input in inputs {
        let ingest::Input::Path(p) = &input else {
            n += 1;
            continue;
        };
        let Ok(file) = std::fs::File::open(p) else { continue };
        let mut reader = std::io::BufReader::new(file);
        let gz = reader.fill_buf().map(|h| h.starts_with(&[0x1f, 0x8b])).unwrap_or(false);
        let mut reader: Box<dyn BufRead> = if gz {
            Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
        } else {
            Box::new(reader)
        };
        let head = reader.fill_buf().map(|h| h.to_vec()).unwrap_or_default();
        if ingest::detect_format(&input, &head) != ingest::Format::Jsonl {
            n += 1;
            continue;
        }
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
            if line.iter().any(|b| !b.is_ascii_whitespace()) {
                n += 1;
            }
            line.clear();
        }
    }
    n
}

/// What a run did, for the summary.
#[derive(Default)]
struct RunSummary {
    report: BatchReport,
    failures: Vec<ingest::IngestError>,
    skipped: usize,
    /// Documents stopped over their budget in this run, as reported.
    stopped: Vec<String>,
    /// Documents stopped in an earlier run, skipped.
    skipped_stopped: usize,
    /// CPU time the writer thread spent in transactions.
    write_time: Duration,
    /// Input documents per second at the start and the end of the run.
    rates: Rates,
}

/// The inputs of one batch sent to the writer: (input id, content hash)
/// pairs and the contents it analyses.
#[derive(Default)]
struct BatchKeys {
    inputs: HashSet<(String, String)>,
    contents: HashSet<String>,
}

/// Batches sent to the writer and not yet committed, oldest first.
#[derive(Default)]
struct Pending {
    /// Batches sent so far (committed or not).
    sent: usize,
    batches: VecDeque<BatchKeys>,
}

impl Pending {
    fn push(&mut self, keys: BatchKeys) {
        self.sent += 1;
        self.batches.push_back(keys);
    }

    /// Drop the batches the writer has committed: the lookup connection
    /// sees them now.
    fn forget_committed(&mut self, committed: usize) {
        while self.sent - self.batches.len() < committed && !self.batches.is_empty() {
            self.batches.pop_front();
        }
    }

    fn has_input(&self, input: &(String, String)) -> bool {
        self.batches.iter().any(|b| b.inputs.contains(input))
    }

    fn has_content(&self, hash: &str) -> bool {
        self.batches.iter().any(|b| b.contents.contains(hash))
    }
}

/// Input documents per second over the first and the last [`RATE_WINDOW`]
/// inputs written, to tell whether ingest slows down as the store grows.
const RATE_WINDOW: u64 = 2000;

/// Ingest rates measured by the writer (batches are the unit: a window is
/// the batches that cover its inputs).
#[derive(Default)]
struct Rates {
    /// The first window.
    first: Option<Window>,
    /// The last window.
    last: Option<Window>,
}

/// Inputs written in a window, its wall seconds, and the CPU seconds the
/// writer spent on it: wall rate depends on what else the machine runs,
/// the writer's CPU per input on what the store costs.
#[derive(Clone, Copy, Default)]
struct Window {
    inputs: u64,
    seconds: f64,
    writer_cpu: f64,
}

impl Window {
    fn rate(&self) -> f64 {
        self.inputs as f64 / self.seconds.max(1e-9)
    }

    fn cpu_ms_per_input(&self) -> f64 {
        1000.0 * self.writer_cpu / (self.inputs.max(1) as f64)
    }

    fn since(&self, earlier: &Window) -> Window {
        Window {
            inputs: self.inputs - earlier.inputs,
            seconds: self.seconds - earlier.seconds,
            writer_cpu: self.writer_cpu - earlier.writer_cpu,
        }
    }
}

/// The writer's clock: commits as running totals since the writer
/// started, only as many as the last window needs.
struct RateClock {
    started: Instant,
    total: Window,
    recent: VecDeque<Window>,
    first: Option<Window>,
    /// Start of the current reporting window.
    window_start: Window,
}

impl RateClock {
    fn new() -> RateClock {
        RateClock {
            started: Instant::now(),
            total: Window::default(),
            recent: VecDeque::from([Window::default()]),
            first: None,
            window_start: Window::default(),
        }
    }

    /// A batch of `n` inputs committed, having cost the writer `cpu`.
    fn commit(&mut self, n: u64, cpu: Duration) {
        self.total = Window {
            inputs: self.total.inputs + n,
            seconds: self.started.elapsed().as_secs_f64(),
            writer_cpu: self.total.writer_cpu + cpu.as_secs_f64(),
        };
        let total = self.total;
        self.recent.push_back(total);
        // Keep the newest commit at or before `inputs - RATE_WINDOW`.
        while self.recent.len() > 2 && self.recent[1].inputs + RATE_WINDOW <= total.inputs {
            self.recent.pop_front();
        }
        if self.first.is_none() && total.inputs >= RATE_WINDOW {
            self.first = Some(total);
        }
        if total.inputs - self.window_start.inputs >= RATE_WINDOW {
            let w = total.since(&self.window_start);
            tracing::info!(
                inputs = total.inputs,
                docs_per_s = w.rate().round(),
                writer_cpu_ms_per_doc = w.cpu_ms_per_input(),
                "ingest: inputs {}-{} went in at {:.0} documents/s, {:.2} ms of writer CPU each",
                self.window_start.inputs + 1,
                total.inputs,
                w.rate(),
                w.cpu_ms_per_input()
            );
            self.window_start = total;
        }
    }

    fn rates(&self) -> Rates {
        let last = *self.recent.back().expect("never empty");
        let front = *self.recent.front().expect("never empty");
        Rates {
            first: self.first.or((last.inputs > 0).then_some(last)),
            last: (last.inputs > 0).then_some(last.since(&front)),
        }
    }
}

fn ingest_cmd(args: IngestArgs) -> Result<bool> {
    check_date("--date", &args.date)?;
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start worker threads")?;
    }
    let started = Instant::now();
    let opts = ingest::Options {
        format: ingest::Format::from_name(&args.input_format).map_err(anyhow::Error::msg)?,
        max_doc_bytes: args.max_doc_bytes,
        overrides: ingest::Overrides {
            date: args.date.clone(),
            source: args.source.clone(),
            title: args.title.clone(),
        },
    };
    let pipeline = Pipeline::new()
        .context("cannot build the pipeline")?
        .with_limits(args.budget.limits()?);
    let mut writer = Store::open(&args.db)?;
    writer.bound_memory(args.cache_mib)?;
    writer.set_commit_every(args.commit_every as usize);
    let lookup = Store::open_read_only(&args.db)?;
    // Inputs earlier runs stopped over their budget: skipped, or retried
    // with --retry-failed. The list is short (a few per million).
    let stopped_before: HashSet<(String, String)> = lookup
        .stopped_documents()?
        .into_iter()
        .map(|d| (d.input_id, d.content_hash))
        .collect();
    // Contents stopped in this run: their later copies are stopped too.
    let mut stopped_now: std::collections::HashMap<String, store::StoppedDocument> = Default::default();
    // Lookups by id and hash, and the closing counts: a small cache will do.
    lookup.bound_memory(8)?;
    let run_id = writer.begin_run(&std::env::args().skip(1).collect::<Vec<_>>().join(" "))?;
    let progress = Progress::new();
    let inputs = ingest::expand_paths(&args.paths);
    {
        let found: Vec<ingest::Input> = inputs.iter().filter_map(|i| i.as_ref().ok().cloned()).collect();
        let p = progress.clone();
        std::thread::spawn(move || p.set_total(count_documents(found)));
    }
    // The writer takes a batch from the workers when it has written the
    // one before, while they go on to analyse the next: memory holds two
    // batches, whatever the corpus. (A third, queued between them, never
    // made the writer wait on the workers at the end of a corpus, when the
    // writer is the slower, and it cost about 15 MB at the peak.)
    let (tx, rx) = sync_channel::<ToWriter>(0);
    let writer_progress = progress.clone();
    let committed = Arc::new(AtomicUsize::new(0));
    let writer_committed = Arc::clone(&committed);
    let writer_thread = std::thread::Builder::new()
        .name("store-writer".into())
        .spawn(move || write_all(writer, run_id, rx, writer_progress, &writer_committed))
        .context("cannot start the writer thread")?;

    let mut summary = RunSummary::default();
    // Contents and inputs of the batches sent but not yet committed: the
    // lookup connection sees only what the writer has committed, and once
    // it has, these are dropped (memory stays bounded by the batches in
    // flight, not the corpus).
    let mut pending = Pending::default();
    let batch = args.batch as usize;
    // A send fails only when the writer stopped on an error; joining it
    // below reports that error.
    let mut writer_gone = false;
    'inputs: for input in inputs {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                progress.println(&format!("error: {e}"));
                summary.failures.push(e.clone());
                writer_gone |= tx.send(ToWriter::Failure(e)).is_err();
                continue;
            }
        };
        let mut items = ingest::read_input(&input, &opts).peekable();
        while items.peek().is_some() {
            let mut raws = Vec::with_capacity(batch);
            for item in items.by_ref().take(batch) {
                match item {
                    Ok(raw) => raws.push(raw),
                    Err(e) => {
                        progress.println(&format!("error: {e}"));
                        summary.failures.push(e.clone());
                        writer_gone |= tx.send(ToWriter::Failure(e)).is_err();
                    }
                }
            }
            // Classify in input order: skip, copy, or analyse.
            pending.forget_committed(committed.load(Ordering::Acquire));
            let mut plan: Vec<Result<Item, ingest::RawDoc>> = Vec::with_capacity(raws.len());
            let mut skipped = 0u64;
            let mut sent = BatchKeys::default();
            for raw in raws {
                let hash = text::content_hash(&raw.text);
                let input = (raw.meta.id.clone(), hash.clone());
                if pending.has_input(&input) || !sent.inputs.insert(input) {
                    skipped += 1;
                    continue;
                }
                if !args.retry_failed && stopped_before.contains(&(raw.meta.id.clone(), hash.clone())) {
                    summary.skipped_stopped += 1;
                    progress.inc(1);
                    continue;
                }
                if let Some(first) = stopped_now.get(&hash) {
                    let copy = store::StoppedDocument {
                        input_id: raw.meta.id.clone(),
                        content_hash: hash,
                        origin: raw.origin.clone(),
                        ..first.clone()
                    };
                    summary.stopped.push(format!(
                        "document {:?} ({}): {}",
                        copy.input_id, copy.origin, copy.message
                    ));
                    writer_gone |= tx.send(ToWriter::Stopped(copy)).is_err();
                    progress.inc(1);
                    continue;
                }
                match lookup.lookup(&raw.meta.id, &hash)? {
                    Stored::Copy => skipped += 1,
                    Stored::Content => plan.push(Ok(Item::copy(raw.meta, hash, raw.origin))),
                    Stored::No if pending.has_content(&hash) || sent.contents.contains(&hash) => {
                        plan.push(Ok(Item::copy(raw.meta, hash, raw.origin)))
                    }
                    Stored::No => {
                        sent.contents.insert(hash);
                        plan.push(Err(raw));
                    }
                }
            }
            summary.skipped += skipped as usize;
            progress.inc(skipped);
            let new_docs = plan.iter().filter(|p| p.is_err()).count();
            let chunk = Pipeline::batch_docs(new_docs, rayon::current_num_threads());
            let items: Vec<Item> = plan
                .into_par_iter()
                .chunks(chunk)
                .flat_map_iter(|plan| {
                    // Analyse the chunk's new documents together, then put
                    // them back among its copies in order.
                    let mut raws = Vec::new();
                    let mut copies = Vec::with_capacity(plan.len());
                    for p in plan {
                        match p {
                            Ok(item) => copies.push(Some(item)),
                            Err(raw) => {
                                raws.push(raw);
                                copies.push(None);
                            }
                        }
                    }
                    let origins: Vec<_> = raws.iter().map(|raw| raw.origin.clone()).collect();
                    let mut analysed = pipeline.analyze_batch(raws).into_iter().zip(origins);
                    copies
                        .into_iter()
                        .map(|copy| {
                            copy.unwrap_or_else(|| {
                                let (doc, origin) = analysed.next().expect("one analysis per new document");
                                Item::analysed(doc, origin)
                            })
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            // Documents stopped over their budget are recorded, not
            // stored, and so are their copies in the same batch.
            let mut kept = Vec::with_capacity(items.len());
            let mut stopped_copies: Vec<store::CopyOf> = Vec::new();
            for item in items {
                match item {
                    Item::Analysed(a) if a.doc.stopped.is_some() => {
                        let Some(stop) = &a.doc.stopped else { continue };
                        let record = store::StoppedDocument {
                            input_id: a.doc.meta.id.clone(),
                            content_hash: a.doc.content_hash.clone(),
                            origin: a.origin.clone(),
                            stage: stop.stage.to_string(),
                            overspent: match stop.overspent {
                                text::budget::Overspent::Time => "time",
                                text::budget::Overspent::Memory => "memory",
                            }
                            .to_string(),
                            message: stop.to_string(),
                        };
                        let line = format!("document {:?} ({}): {}", record.input_id, record.origin, record.message);
                        progress.println(&format!("error: {line}"));
                        summary.stopped.push(line);
                        stopped_now.insert(record.content_hash.clone(), record.clone());
                        writer_gone |= tx.send(ToWriter::Stopped(record)).is_err();
                        progress.inc(1);
                    }
                    Item::Copy(c) if stopped_now.contains_key(&c.content_hash) => stopped_copies.push(c),
                    Item::Copy(c) => kept.push(Item::Copy(c)),
                    Item::Analysed(a) => {
                        let key = (a.doc.meta.id.clone(), a.doc.content_hash.clone());
                        if stopped_before.contains(&key) {
                            writer_gone |= tx.send(ToWriter::Cleared(key.0, key.1)).is_err();
                        }
                        kept.push(Item::Analysed(a));
                    }
                }
            }
            for c in stopped_copies {
                let first = &stopped_now[&c.content_hash];
                let copy = store::StoppedDocument {
                    input_id: c.meta.id,
                    content_hash: c.content_hash,
                    origin: c.origin,
                    ..first.clone()
                };
                summary.stopped.push(format!(
                    "document {:?} ({}): {}",
                    copy.input_id, copy.origin, copy.message
                ));
                writer_gone |= tx.send(ToWriter::Stopped(copy)).is_err();
                progress.inc(1);
            }
            let items = kept;
            if !items.is_empty() {
                pending.push(sent);
                writer_gone |= tx.send(ToWriter::Batch(items)).is_err();
            }
            if writer_gone {
                break 'inputs;
            }
        }
    }
    drop(tx);
    let (report, write_time, rates, write_result) = writer_thread.join().expect("writer thread does not panic");
    progress.finish();
    write_result?;
    summary.report = report;
    summary.write_time = write_time;
    summary.rates = rates;
    let totals = lookup.totals()?;
    print_summary(&args.db, &summary, &totals, started.elapsed());
    Ok(summary.failures.is_empty() && summary.stopped.is_empty())
}

/// CPU time of the calling thread (Linux; zero elsewhere), so that the
/// summary tells the store's cost apart from waiting for a core.
fn thread_cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// The writer thread: one transaction per batch, in arrival order.
/// Counts each committed batch in `committed`.
fn write_all(
    mut store: Store,
    run: i64,
    rx: Receiver<ToWriter>,
    progress: Progress,
    committed: &AtomicUsize,
) -> (BatchReport, Duration, Rates, Result<()>) {
    let mut total = BatchReport::default();
    let mut busy = Duration::ZERO;
    let mut clock = RateClock::new();
    // Batches written into the open transaction, counted in `committed`
    // once it commits (the main thread's lookups see only committed rows).
    let mut uncommitted_batches = 0;
    for msg in rx {
        match msg {
            ToWriter::Batch(items) => {
                let n = items.len() as u64;
                let started = thread_cpu_time();
                match store.write_batch(items, Some(run)) {
                    Ok(r) => total += r,
                    Err(e) => {
                        let path = store.path().display().to_string();
                        return (
                            total,
                            busy,
                            clock.rates(),
                            Err(e).context(format!("cannot write to {path}")),
                        );
                    }
                }
                uncommitted_batches += 1;
                if store.uncommitted() == 0 {
                    committed.fetch_add(uncommitted_batches, Ordering::Release);
                    uncommitted_batches = 0;
                }
                let cpu = thread_cpu_time().saturating_sub(started);
                busy += cpu;
                clock.commit(n, cpu);
                progress.inc(n);
            }
            ToWriter::Failure(e) => {
                let position = e.position.map(|p| p.to_string());
                if let Err(e) = store.record_failure(run, &e.path, position.as_deref(), &e.message) {
                    return (total, busy, clock.rates(), Err(e.into()));
                }
            }
            ToWriter::Stopped(doc) => {
                if let Err(e) = store.record_stopped(run, &doc) {
                    return (total, busy, clock.rates(), Err(e.into()));
                }
            }
            ToWriter::Cleared(input_id, content_hash) => {
                if let Err(e) = store.clear_stopped(&input_id, &content_hash) {
                    return (total, busy, clock.rates(), Err(e.into()));
                }
            }
        }
    }
    let started = thread_cpu_time();
    let finished = store
        .commit()
        .and_then(|()| store.finish_run(run))
        .map_err(anyhow::Error::from);
    let cpu = thread_cpu_time().saturating_sub(started);
    busy += cpu;
    clock.commit(0, cpu);
    (total, busy, clock.rates(), finished)
}

fn print_summary(db: &Path, s: &RunSummary, t: &store::Totals, elapsed: Duration) {
    let r = &s.report;
    let inputs = r.copies + r.already_stored + s.skipped;
    let mut out = String::new();
    out.push_str(&format!(
        "{}: {inputs} input documents in {:.1} s (writing the store took {:.1} s of CPU, beside the analysis)\n",
        db.display(),
        elapsed.as_secs_f64(),
        s.write_time.as_secs_f64()
    ));
    let line = |out: &mut String, label: &str, n: usize, note: String| {
        out.push_str(format!("  {label:<18}{n:>9}  {note}").trim_end());
        out.push('\n');
    };
    line(&mut out, "documents", r.documents, "new, analysed".to_string());
    line(
        &mut out,
        "copies",
        r.copies,
        format!("recorded; {} of content already analysed", r.duplicates),
    );
    line(
        &mut out,
        "already stored",
        r.already_stored + s.skipped,
        "skipped".to_string(),
    );
    line(
        &mut out,
        "near-duplicates",
        r.near_duplicates,
        "linked to an earlier document".to_string(),
    );
    line(
        &mut out,
        "entities",
        r.entities,
        format!(
            "{} mentions; {} new corpus entities, {} name variants merged",
            r.mentions, r.corpus_entities, r.merges
        ),
    );
    line(&mut out, "quotes", r.quotes, String::new());
    line(
        &mut out,
        "claims",
        r.claims,
        if r.documents > 0 && r.claims > 0 {
            format!(
                "{} new clusters, {} new disputes, {} dispute updates; linking {:.0} µs per new document",
                r.claim_clusters,
                r.disputes,
                r.dispute_updates,
                r.claim_link_micros as f64 / r.documents as f64
            )
        } else {
            format!("{} new clusters, {} new disputes", r.claim_clusters, r.disputes)
        },
    );
    line(
        &mut out,
        "stopped",
        s.stopped.len(),
        "over the per-document budget; recorded, skipped by later runs unless --retry-failed".to_string(),
    );
    for f in s.stopped.iter().take(20) {
        out.push_str(&format!("    {f}\n"));
    }
    if s.skipped_stopped > 0 {
        line(
            &mut out,
            "stopped before",
            s.skipped_stopped,
            "skipped (stopped over budget in an earlier run; --retry-failed analyses them)".to_string(),
        );
    }
    line(&mut out, "failures", s.failures.len(), String::new());
    if let (Some(first), Some(last)) = (s.rates.first, s.rates.last) {
        let (r0, r1) = (first.rate(), last.rate());
        let (c0, c1) = (first.cpu_ms_per_input(), last.cpu_ms_per_input());
        out.push_str(&format!(
            "  rate              first {} inputs {r0:.0}/s, last {} inputs {r1:.0}/s (ratio {:.2}); \
             writer CPU {c0:.2} and {c1:.2} ms per input\n",
            first.inputs,
            last.inputs,
            r1 / r0.max(1e-9)
        ));
        tracing::info!(
            first_docs_per_s = r0.round(),
            last_docs_per_s = r1.round(),
            first_writer_cpu_ms = c0,
            last_writer_cpu_ms = c1,
            "ingest: first {} inputs at {r0:.0} documents/s, last {} at {r1:.0}",
            first.inputs,
            last.inputs
        );
    }
    for f in s.failures.iter().take(20) {
        out.push_str(&format!("    {f}\n"));
    }
    if s.failures.len() > 20 {
        out.push_str(&format!(
            "    ... and {} more (all are in the database's failures table)\n",
            s.failures.len() - 20
        ));
    }
    out.push_str(&format!(
        "database: {} documents, {} copies, {} entities in {} corpus entities, {} quotes by {} speakers, \
         {} claims in {} clusters, {} disputes\n",
        t.documents,
        t.copies,
        t.entities,
        t.corpus_entities,
        t.quotes,
        t.speakers,
        t.claims,
        t.claim_clusters,
        t.disputes
    ));
    let _ = std::io::stdout().write_all(out.as_bytes());
}

// ---------------------------------------------------------------- queries

/// Print rows as an aligned table; the last column is not padded.
pub(crate) fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut line = |cells: Vec<&str>| {
        let last = cells.len() - 1;
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i < last {
                s.push_str(&" ".repeat(widths[i] - width(c) + 2));
            }
        }
        let _ = writeln!(out, "{}", s.trim_end());
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

pub(crate) fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

pub(crate) fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".to_string())
}

pub(crate) fn print_json<T: Serialize>(rows: &[T]) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = serde_json::to_writer_pretty(&mut out, rows)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn search_cmd(a: SearchArgs) -> Result<()> {
    let store = Store::open_read_only(&a.db.db)?;
    let hits = store.search(&a.text, a.limit)?;
    if a.db.json {
        return print_json(&hits);
    }
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|h| {
            vec![
                h.kind.to_string(),
                opt(&h.date),
                clip(&opt(&h.source), 24),
                clip(
                    &if h.kind == "quote" {
                        opt(&h.speaker)
                    } else {
                        opt(&h.title)
                    },
                    40,
                ),
                clip(&h.snippet, 140),
            ]
        })
        .collect();
    print_table(&["KIND", "DATE", "SOURCE", "TITLE / SPEAKER", "MATCH"], &rows);
    Ok(())
}

fn quote_rows(quotes: &[QuoteRow], width: usize) -> Vec<Vec<String>> {
    quotes
        .iter()
        .map(|q| {
            vec![
                opt(&q.date),
                clip(&q.time.clone().or_else(|| q.time_text.clone()).unwrap_or_default(), 12),
                clip(
                    &q.speaker
                        .clone()
                        .or_else(|| q.speaker_text.as_ref().map(|t| format!("({t})")))
                        .unwrap_or_else(|| "-".to_string()),
                    28,
                ),
                q.kind.clone(),
                clip(&q.content, width),
                clip(&opt(&q.source), 24),
            ]
        })
        .collect()
}

const QUOTE_HEADERS: [&str; 6] = ["DATE", "SAID", "SPEAKER", "KIND", "QUOTE", "SOURCE"];

fn quotes_cmd(a: QuotesArgs) -> Result<()> {
    check_date("--since", &a.since)?;
    check_date("--until", &a.until)?;
    let store = Store::open_read_only(&a.db.db)?;
    let list = store.quotes(&QuoteFilter {
        speaker: a.speaker,
        about: a.about,
        since: a.since,
        until: a.until,
        limit: a.limit,
        min_confidence: f64::from(a.min_confidence),
    })?;
    if a.db.json {
        return print_json(&list.quotes);
    }
    print_table(&QUOTE_HEADERS, &quote_rows(&list.quotes, 100));
    if list.quotes.len() < list.total {
        say!("({} of {} quotes; --limit 0 shows all)", list.quotes.len(), list.total);
    }
    Ok(())
}

fn entity_cmd(a: EntityArgs) -> Result<()> {
    let store = Store::open_read_only(&a.db.db)?;
    let report = store.entity(&a.name, a.quotes)?;
    if a.db.json {
        return print_json(std::slice::from_ref(&report));
    }
    let Some(p) = &report.entity else {
        if report.speakers.is_empty() {
            say!("no entity or speaker named {:?} in {}", a.name, a.db.db.display());
            return Ok(());
        }
        say!("no entity named {:?}; speakers with that name:", a.name);
        for (name, n) in &report.speakers {
            say!("  {name} ({n} quotes)");
        }
        if let Some(q) = &report.speaker_quotes {
            say!("\nlatest quotes ({} in all):", q.total);
            print_table(&QUOTE_HEADERS, &quote_rows(&q.quotes, 120));
        }
        return Ok(());
    };
    say!("{} ({}), corpus entity {}", p.name, p.etype, p.id);
    say!(
        "  {} documents, {} mentions, {} quotes by, {} quotes about",
        p.documents,
        p.mentions,
        p.quotes_by,
        p.quotes_about
    );
    if p.variants.len() > 1 {
        say!("\nname variants:");
        for v in &p.variants {
            let why = match &v.merge {
                Some(m) => format!("  merged (#{}, {}): {}", m.id, m.rule, m.evidence.join("; ")),
                None => String::new(),
            };
            say!("  {} [{}] {} documents{why}", v.name, v.key, v.documents);
        }
    }
    if !p.roles.is_empty() {
        say!("\nroles:");
        let rows: Vec<Vec<String>> = p
            .roles
            .iter()
            .map(|r| vec![r.role.clone(), r.first.clone(), r.last.clone(), r.documents.to_string()])
            .collect();
        print_table(&["  ROLE", "FROM", "TO", "DOCUMENTS"], &indent(rows));
    }
    say!("\nmentions by month:");
    let rows: Vec<Vec<String>> = p
        .months
        .iter()
        .map(|m| {
            vec![
                if m.month.is_empty() {
                    "undated".to_string()
                } else {
                    m.month.clone()
                },
                m.documents.to_string(),
                m.mentions.to_string(),
            ]
        })
        .collect();
    print_table(&["  MONTH", "DOCUMENTS", "MENTIONS"], &indent(rows));
    if !p.co_mentioned.is_empty() {
        say!(
            "\nmost mentioned with it (over its latest {} documents):",
            p.co_mention_documents
        );
        let rows: Vec<Vec<String>> = p
            .co_mentioned
            .iter()
            .map(|c| vec![c.name.clone(), c.etype.clone(), c.documents.to_string()])
            .collect();
        print_table(&["  ENTITY", "TYPE", "DOCUMENTS"], &indent(rows));
    }
    if !p.latest_quotes_by.is_empty() {
        say!("\nlatest quotes by it:");
        print_table(&QUOTE_HEADERS, &quote_rows(&p.latest_quotes_by, 120));
    }
    if !p.latest_quotes_about.is_empty() {
        say!("\nlatest quotes about it:");
        print_table(&QUOTE_HEADERS, &quote_rows(&p.latest_quotes_about, 120));
    }
    if !report.also_matched.is_empty() {
        say!("\nother entities with that name:");
        for c in &report.also_matched {
            say!("  {} ({}, {} documents)", c.name, c.etype, c.documents);
        }
    }
    Ok(())
}

fn indent(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for r in &mut rows {
        r[0] = format!("  {}", r[0]);
    }
    rows
}

fn timeline_cmd(a: TimelineArgs) -> Result<()> {
    check_date("--since", &a.since)?;
    check_date("--until", &a.until)?;
    let store = Store::open_read_only(&a.db.db)?;
    let t = store.timeline(&a.entity, a.since.as_deref(), a.until.as_deref(), a.limit)?;
    if a.db.json {
        return print_json(&t.entries);
    }
    if t.entries.is_empty() {
        say!("nothing about {:?} in {}", a.entity, a.db.db.display());
        return Ok(());
    }
    if let Some(e) = &t.entity {
        say!("{e}");
    }
    let rows: Vec<Vec<String>> = t
        .entries
        .iter()
        .map(|e| {
            vec![
                opt(&e.date),
                clip(&opt(&e.source), 24),
                clip(&opt(&e.title), 50),
                e.mentions.to_string(),
                e.quotes.to_string(),
                e.first_quote.as_deref().map(|q| clip(q, 100)).unwrap_or_default(),
            ]
        })
        .collect();
    print_table(&["DATE", "SOURCE", "TITLE", "MENTIONS", "QUOTES", "FIRST QUOTE"], &rows);
    if t.entries.len() < t.total {
        say!(
            "(latest {} of {} documents; --limit 0 shows all)",
            t.entries.len(),
            t.total
        );
    }
    Ok(())
}

fn claim_rows(claims: &[ClaimRow]) -> Vec<Vec<String>> {
    claims
        .iter()
        .map(|c| {
            let source = c
                .source
                .name
                .clone()
                .or_else(|| c.source.entity.clone())
                .unwrap_or_else(|| format!("({})", c.source.kind));
            vec![
                opt(&c.date),
                clip(&source, 28),
                c.status.clone(),
                clip(&c.text, 100),
                clip(&opt(&c.outlet), 24),
                format!("{} ({})", c.cluster_id, c.cluster_members),
            ]
        })
        .collect()
}

const CLAIM_HEADERS: [&str; 6] = ["DATE", "SOURCE", "STATUS", "CLAIM", "OUTLET", "CLUSTER (CLAIMS)"];

fn claims_cmd(a: ClaimsArgs) -> Result<()> {
    check_date("--since", &a.since)?;
    check_date("--until", &a.until)?;
    let store = Store::open_read_only(&a.db.db)?;
    if let Some(id) = a.cluster {
        let c = store.claim_cluster(id)?;
        if a.db.json {
            return print_json(std::slice::from_ref(&c));
        }
        say!("cluster {}: {}", c.id, clip(&c.text, 160));
        say!(
            "  {} claims ({} asserting, {} denying), {} to {}",
            c.members,
            c.asserting,
            c.denying,
            opt(&c.first_seen),
            opt(&c.last_seen)
        );
        let counts = |v: &[store::NameCount]| {
            v.iter()
                .map(|n| format!("{} ({})", n.name, n.claims))
                .collect::<Vec<_>>()
                .join(", ")
        };
        say!("  outlets: {}", counts(&c.outlets));
        say!("  sources: {}", counts(&c.sources));
        if let Some(d) = c.dispute_id {
            say!("  disputed: see `dossier disputes` (dispute {d})");
        }
        say!("");
        print_table(&CLAIM_HEADERS, &claim_rows(&c.claims));
        return Ok(());
    }
    let list = store.claims(&ClaimFilter {
        about: a.about,
        status: a.status,
        source: a.source,
        since: a.since,
        until: a.until,
        min_confidence: a.min_confidence,
        limit: a.limit,
        offset: a.offset,
    })?;
    if a.db.json {
        return print_json(&list.claims);
    }
    print_table(&CLAIM_HEADERS, &claim_rows(&list.claims));
    if a.offset + list.claims.len() < list.total || a.offset > 0 {
        say!(
            "({} from {} of {} claims; --limit 0 shows all)",
            list.claims.len(),
            a.offset + 1,
            list.total
        );
    }
    Ok(())
}

/// The first `n` names joined, and how many more there are.
fn first_of(names: &[String], n: usize) -> String {
    let mut s = names.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > n {
        s.push_str(&format!(" and {} more", names.len() - n));
    }
    s
}

fn disputes_cmd(a: DisputesArgs) -> Result<()> {
    check_date("--since", &a.since)?;
    check_date("--until", &a.until)?;
    let store = Store::open_read_only(&a.db.db)?;
    let list = store.disputes(&DisputeFilter {
        about: a.about,
        since: a.since,
        until: a.until,
        limit: a.limit,
        offset: a.offset,
        evidence: 0,
    })?;
    if a.db.json {
        return print_json(&list.disputes);
    }
    if list.disputes.is_empty() {
        say!("no disputes in {}", a.db.db.display());
        return Ok(());
    }
    for d in &list.disputes {
        say!(
            "dispute {} (cluster {}), since {}: {}",
            d.id,
            d.cluster_id,
            opt(&d.since),
            clip(&d.proposition, 140)
        );
        for (label, side) in [("asserts", &d.asserted), ("denies", &d.denied)] {
            say!(
                "  {label:<8} {} — {} (first {})",
                first_of(&side.sources, 6),
                first_of(&side.outlets, 6),
                opt(&side.first_seen)
            );
            for e in side.evidence.iter().take(3) {
                say!(
                    "           {} {} doc {} [{}..{}] {}",
                    opt(&e.date),
                    clip(&opt(&e.outlet), 20),
                    e.document_id,
                    e.start,
                    e.end,
                    clip(&e.text, 90)
                );
            }
            if side.evidence.len() > 3 {
                say!("           … {} more", side.evidence.len() - 3);
            }
        }
    }
    if a.offset + list.disputes.len() < list.total || a.offset > 0 {
        say!(
            "({} from {} of {} disputes; --limit 0 shows all)",
            list.disputes.len(),
            a.offset + 1,
            list.total
        );
    }
    Ok(())
}

fn export_cmd(a: ExportArgs) -> Result<()> {
    let format = export::Format::from_name(&a.format).expect("clap checked the name");
    let what = match (a.what.as_deref(), format) {
        (Some(w), _) => w,
        (None, export::Format::Graphml) => "edges",
        (None, _) => anyhow::bail!(
            "say what to export: --what documents|entities|mentions|quotes|edges|claims|claim_clusters|disputes|events|times|quantities"
        ),
    };
    let table = store::Table::from_name(what).expect("clap checked the name");
    let store = Store::open_read_only(&a.db)?;
    let n = match &a.output {
        Some(path) => {
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            );
            let n = export::export(&store, format, table, &mut file, a.min_weight)?;
            file.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            n
        }
        None => {
            if format == export::Format::Parquet && std::io::stdout().is_terminal() {
                anyhow::bail!("Parquet is binary: write it to a file with --output FILE");
            }
            let mut out = std::io::BufWriter::new(std::io::stdout());
            let n = export::export(&store, format, table, &mut out, a.min_weight)?;
            out.flush()?;
            n
        }
    };
    tracing::info!(rows = n, "exported");
    if let Some(path) = &a.output {
        eprintln!(
            "wrote {n} {} to {}",
            if format == export::Format::Graphml {
                "edges"
            } else {
                "rows"
            },
            path.display()
        );
    }
    Ok(())
}

fn merges_cmd(a: MergesArgs) -> Result<()> {
    if let Some(id) = a.undo {
        let mut store = Store::open(&a.db.db)?;
        let m = store.undo_merge(id)?;
        say!("undone: {:?} [{}] is an entity of its own again", m.name, m.key);
        return Ok(());
    }
    let store = Store::open_read_only(&a.db.db)?;
    let rows = store.merges(a.name.as_deref())?;
    if a.db.json {
        return print_json(&rows);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|m| {
            vec![
                m.id.to_string(),
                m.name.clone(),
                m.matched_name.clone(),
                if m.undone {
                    format!("{} (undone)", m.rule)
                } else {
                    m.rule.clone()
                },
                m.evidence.join("; "),
            ]
        })
        .collect();
    print_table(&["ID", "VARIANT", "JOINED", "RULE", "EVIDENCE"], &table);
    Ok(())
}
