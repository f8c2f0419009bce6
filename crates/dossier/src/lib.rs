//! dossier: who said what, who disputes it, and what happened to whom,
//! where and when, for one article or millions.
//!
//! This crate is the façade over the pipeline crates and the home of the
//! `dossier` binary. A Rust user calls [`Pipeline`]:
//!
//! ```
//! use dossier::Pipeline;
//! let pipeline = Pipeline::new().unwrap();
//! let doc = pipeline.analyze_text("“We are ready,” the mayor said on Tuesday. Nobody answered.");
//! assert_eq!(doc.sentences.len(), 2);
//! ```
//!
//! Stages, in order, each adding annotations to one [`Doc`] and never
//! re-reading the raw input: ingest (in [`ingest`]) → language and
//! segmentation (in [`text`]) → tagging and parsing (in [`nlp`]) → entities
//! and attributions (in [`extract`]) → later stages as they land.
#![deny(missing_docs)]

pub use claims;
pub use eval;
pub use events;
pub use extract;
pub use geo;
pub use ingest;
pub use nlp;
pub use quantities;
pub use schema;
pub use text;
pub use text::Doc;
pub use time;

use ingest::RawDoc;
use text::Meta;

/// Errors setting up the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model could not be loaded.
    #[error("cannot load model: {0}")]
    Model(String),
}

/// The analysis pipeline. Build it once, then analyse any number of
/// documents, from any number of threads (it is `Sync`).
#[derive(Debug)]
pub struct Pipeline {
    syntax: nlp::Model,
    entities: extract::EntityModels,
    cues: extract::CueModel,
    content_bounds: extract::ContentBoundaryModel,
    judge: extract::JudgeModel,
    events: events::EventDictionary,
    /// What each document may spend (no limit unless set).
    limits: text::budget::Limits,
}

/// The default time budget of one document, all stages together: about a
/// hundred times what the largest AllSides article takes (0.05 s), and
/// twenty times what 10 MB of the hostile-input bench's inputs take.
pub const DEFAULT_DOC_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The default memory budget of one document: what its stages may hold
/// at once, beyond its text (counted only under the `dossier` binary's
/// counting allocator). A 10 MB document of plain words holds about 1 GB.
pub const DEFAULT_DOC_MEMORY_LIMIT: usize = 2 << 30;

pub mod entity_tools;

/// The shipped tagger, lemmatizer and parser, compiled into the binary so
/// that it runs from anywhere with nothing to download.
static TAGGER: &[u8] = include_bytes!("../../../models/en-tagger.bin");
static PARSER: &[u8] = include_bytes!("../../../models/en-parser.bin");
static LEMMAS: &[u8] = include_bytes!("../../../models/en-lemma.bin");
static NER: &[u8] = include_bytes!("../../../models/en-ner.bin");
static CUES: &[u8] = include_bytes!("../../../models/attribution-cues.bin");
static CONTENT_BOUNDS: &[u8] = include_bytes!("../../../models/content-bounds.bin");
static JUDGE: &[u8] = include_bytes!("../../../models/attribution-judge.bin");
/// The shipped place gazetteer (`models/gazetteer.tsv`).
pub static GAZETTEER: &str = include_str!("../../../models/gazetteer.tsv");
/// The shipped case profile (`models/word-case.tsv`).
pub static WORD_CASE: &str = include_str!("../../../models/word-case.tsv");

/// File names of the entity models inside a models folder.
pub const NER_FILE: &str = "en-ner.bin";
/// See [`NER_FILE`].
pub const CUES_FILE: &str = "attribution-cues.bin";
/// See [`NER_FILE`].
pub const CONTENT_BOUNDS_FILE: &str = "content-bounds.bin";
/// See [`NER_FILE`].
pub const JUDGE_FILE: &str = "attribution-judge.bin";
/// See [`NER_FILE`].
pub const GAZETTEER_FILE: &str = "gazetteer.tsv";
/// See [`NER_FILE`].
pub const WORD_CASE_FILE: &str = "word-case.tsv";

impl Pipeline {
    /// Load every model the pipeline needs: the shipped ones, or those in
    /// the folder named by `DOSSIER_MODELS` when it is set.
    pub fn new() -> Result<Pipeline, Error> {
        let syntax = match std::env::var_os("DOSSIER_MODELS") {
            Some(dir) => nlp::Model::load(std::path::Path::new(&dir)),
            None => nlp::Model::from_bytes(TAGGER, PARSER, LEMMAS),
        }
        .map_err(|e| Error::Model(e.to_string()))?;
        let dir = std::env::var_os("DOSSIER_MODELS").map(std::path::PathBuf::from);
        // A model file in that folder, or the shipped bytes (not copied).
        let bytes = |name: &str, shipped: &'static [u8]| -> Result<std::borrow::Cow<'static, [u8]>, Error> {
            match dir.as_ref().map(|d| d.join(name)).filter(|p| p.exists()) {
                Some(path) => std::fs::read(path)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|e| Error::Model(format!("{name}: {e}"))),
                None => Ok(std::borrow::Cow::Borrowed(shipped)),
            }
        };
        let ner_bytes = bytes(NER_FILE, NER)?;
        let gaz_bytes = bytes(GAZETTEER_FILE, GAZETTEER.as_bytes())?;
        let gaz_text = std::str::from_utf8(&gaz_bytes).map_err(|e| Error::Model(format!("{GAZETTEER_FILE}: {e}")))?;
        let entities = extract::EntityModels {
            ner: nlp::ner::NerModel::from_bytes(&ner_bytes).map_err(|e| Error::Model(e.to_string()))?,
            gazetteer: nlp::gazetteer::Gazetteer::from_tsv(gaz_text).map_err(|e| Error::Model(e.to_string()))?,
            case: {
                let bytes = bytes(WORD_CASE_FILE, WORD_CASE.as_bytes())?;
                let text = std::str::from_utf8(&bytes).map_err(|e| Error::Model(format!("{WORD_CASE_FILE}: {e}")))?;
                nlp::casing::CaseProfile::from_tsv(text).map_err(|e| Error::Model(format!("{WORD_CASE_FILE}: {e}")))?
            },
        };
        let cues = extract::CueModel::from_bytes(&bytes(CUES_FILE, CUES)?)
            .map_err(|e| Error::Model(format!("{CUES_FILE}: {e}")))?;
        let content_bounds = extract::ContentBoundaryModel::from_bytes(&bytes(CONTENT_BOUNDS_FILE, CONTENT_BOUNDS)?)
            .map_err(|e| Error::Model(format!("{CONTENT_BOUNDS_FILE}: {e}")))?;
        let judge = extract::JudgeModel::from_bytes(&bytes(JUDGE_FILE, JUDGE)?)
            .map_err(|e| Error::Model(format!("{JUDGE_FILE}: {e}")))?;
        let events = events::EventDictionary::shipped().map_err(|e| Error::Model(e.to_string()))?;
        Ok(Pipeline {
            syntax,
            entities,
            cues,
            content_bounds,
            judge,
            events,
            limits: text::budget::Limits::NONE,
        })
    }

    /// Build a pipeline from models in hand (for training and tests).
    pub fn with_models(syntax: nlp::Model, entities: extract::EntityModels) -> Pipeline {
        let cues = extract::CueModel::from_bytes(CUES).expect("the shipped cue model is valid");
        let content_bounds = extract::ContentBoundaryModel::from_bytes(CONTENT_BOUNDS)
            .expect("the shipped content-boundary model is valid");
        let judge = extract::JudgeModel::from_bytes(JUDGE).expect("the shipped attribution judge is valid");
        let events = events::EventDictionary::shipped().expect("the shipped event dictionaries are valid");
        Pipeline {
            syntax,
            entities,
            cues,
            content_bounds,
            judge,
            events,
            limits: text::budget::Limits::NONE,
        }
    }

    /// The same pipeline with a budget per document: one that overspends
    /// it is stopped at the next check (between stages, and in long loops
    /// such as the parser's, per sentence), its annotations dropped, and
    /// [`Doc::stopped`] says where; the batch goes on. No budget is the
    /// default of a library pipeline; the `dossier` binary's is
    /// [`DEFAULT_DOC_TIME_LIMIT`] and [`DEFAULT_DOC_MEMORY_LIMIT`].
    pub fn with_limits(mut self, limits: text::budget::Limits) -> Pipeline {
        // Tables some stages build on first use (the places stage's took
        // 0.3 s) are built here, not charged to the first document.
        self.analyze_text("“We are ready,” Mayor Jane Holt said in Paris on Tuesday, according to the clerk.");
        self.limits = limits;
        self
    }

    /// The same pipeline with the rules' content bounds kept: what
    /// `train content-bounds` learns from.
    pub fn without_content_bounds(mut self) -> Pipeline {
        self.content_bounds = extract::ContentBoundaryModel::default();
        self
    }

    /// The same pipeline with the rules' confidences kept: what `train
    /// judge` learns from.
    pub fn without_judge(mut self) -> Pipeline {
        self.judge = extract::JudgeModel::default();
        self
    }

    /// The entity recogniser and gazetteer.
    pub fn entity_models(&self) -> &extract::EntityModels {
        &self.entities
    }

    /// Run every stage after segmentation on a document whose tokens and
    /// sentences are already set (gold tokens in evaluations).
    pub fn analyze_segmented(&self, doc: &mut Doc) {
        let mut slot = Slot::new(std::mem::take(doc));
        for &stage in &Stage::ALL[1..] {
            self.run_stage(stage, &mut slot);
        }
        *doc = slot.doc;
    }

    /// Model names and versions, for the output's `pipeline.models`.
    pub fn models(&self) -> std::collections::BTreeMap<String, String> {
        let version = env!("CARGO_PKG_VERSION");
        let mut m = std::collections::BTreeMap::new();
        m.insert("segmenter".to_string(), format!("rules+perceptron-{version}"));
        m.insert("tagger".to_string(), format!("en-perceptron-{version}"));
        m.insert("parser".to_string(), format!("en-arc-hybrid-{version}"));
        m.insert("entities".to_string(), format!("en-perceptron-ner+gazetteer-{version}"));
        m
    }

    /// The tagger, lemmatizer and parser.
    pub fn syntax_model(&self) -> &nlp::Model {
        &self.syntax
    }

    /// Analyse a document read by [`ingest`]. Never fails: problems become
    /// warnings on the document.
    pub fn analyze(&self, raw: RawDoc) -> Doc {
        self.analyze_batch(vec![raw]).pop().expect("one document in, one out")
    }

    /// Only the linguistic core: segmentation (paragraphs, tokens,
    /// sentences), tags, the parse and, with `lemmas`, lemmas; no language
    /// check and no extraction. What the syntax benchmark times.
    pub fn analyze_syntax(&self, raw: RawDoc, lemmas: bool) -> Doc {
        let mut doc = Doc::new(raw.meta, raw.text);
        text::segment(&mut doc);
        self.tag_and_parse(&mut doc, lemmas);
        doc
    }

    /// Analyse a bare text (metadata left empty, id from its hash).
    pub fn analyze_text(&self, text: &str) -> Doc {
        let meta = Meta {
            id: text::stable_id(&[text]),
            ..Meta::default()
        };
        self.analyze(RawDoc {
            meta,
            text: text.to_string(),
            warnings: Vec::new(),
            origin: String::new(),
        })
    }

    /// The most documents a caller should hand [`Pipeline::analyze_batch`]
    /// at once (per thread): on AllSides sample-200, one thread, 8 gave
    /// 1.04x the words/s of one at a time, 32 1.06x, 64 1.08-1.13x, and 200
    /// no more; with tagging and parsing split into passes, 16 to 128 were
    /// alike.
    pub const BATCH_DOCS: usize = 64;

    /// How many of `docs` documents to hand [`Pipeline::analyze_batch`] at
    /// once on `threads` threads: about four batches a thread, so that
    /// threads finish together, between 8 and [`Pipeline::BATCH_DOCS`].
    pub fn batch_docs(docs: usize, threads: usize) -> usize {
        docs.div_ceil(threads.max(1) * 4).clamp(8, Self::BATCH_DOCS)
    }

    /// Analyse several documents, each exactly as it would be alone
    /// ([`Pipeline::analyze`] is a batch of one), stage by stage across
    /// the batch: segment them all, then tag them all, parse them all,
    /// lemmatise them all, then find entities in all, then quotations.
    /// Each model's tables are tens of megabytes and the stages together
    /// outgrow the processor's cache, so one document's pass through every
    /// stage finds each model evicted by the others; a batch reuses what
    /// the previous document left in the cache.
    pub fn analyze_batch(&self, raws: Vec<RawDoc>) -> Vec<Doc> {
        let mut slots: Vec<Slot> = raws
            .into_iter()
            .map(|raw| {
                let mut doc = Doc::new(raw.meta, raw.text);
                for w in raw.warnings {
                    doc.warn("ingest", w, None);
                }
                Slot::new(doc)
            })
            .collect();
        let budgeted = self.limits != text::budget::Limits::NONE;
        for stage in Stage::ALL {
            for slot in slots.iter_mut().filter(|slot| slot.going) {
                // Only English is analysed past segmentation.
                if stage != Stage::Segment && !matches!(slot.doc.language.as_str(), "en" | "und") {
                    continue;
                }
                let started = budgeted.then(|| {
                    let live = text::budget::open(self.limits, slot.spent, slot.held);
                    (std::time::Instant::now(), live)
                });
                // Analysis never fails on a document: a bug in a stage
                // becomes a warning on that document, which skips the
                // later stages, and the batch goes on.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run_stage(stage, slot)));
                let overspent = started.and_then(|(at, live)| {
                    let overspent = text::budget::exhausted();
                    let (kept, peak) = text::budget::close(live);
                    slot.spent += at.elapsed();
                    slot.peak = slot.peak.max(slot.held + peak);
                    slot.held += kept;
                    overspent
                });
                if outcome.is_err() {
                    drop_annotations(&mut slot.doc);
                    slot.going = false;
                } else if let Some(overspent) = overspent {
                    let stopped = text::budget::Stopped {
                        stage: stage.name(),
                        overspent,
                        elapsed: slot.spent,
                        peak_bytes: slot.peak.max(0) as usize,
                    };
                    drop_annotations_of_stopped(&mut slot.doc, stopped);
                    slot.going = false;
                }
            }
        }
        slots.into_iter().map(|slot| slot.doc).collect()
    }

    /// Run one stage on one document.
    fn run_stage(&self, stage: Stage, slot: &mut Slot) {
        let doc = &mut slot.doc;
        match stage {
            Stage::Segment => {
                text::detect_language(doc);
                text::segment(doc);
            }
            Stage::Tag => slot.tagged = self.tag(doc),
            Stage::Parse => self.parse(doc, &std::mem::take(&mut slot.tagged)),
            Stage::Lemmatise => self.lemmatise(doc),
            Stage::Entities => extract::extract_entities(doc, &self.entities),
            Stage::Quotes => {
                doc.genre = extract::detect_genre(doc);
                extract::extract_quotes(doc, &self.cues);
                extract::refine_content_bounds(doc, &self.content_bounds);
                extract::link_speakers(doc);
                extract::judge_quotes(doc, &self.judge);
            }
            Stage::Quantities => quantities::extract_quantities(doc),
            Stage::Times => time::extract_times(doc),
            Stage::Places => geo::extract_places(doc),
            Stage::Events => events::extract_events(doc, &self.events),
            Stage::Claims => claims::extract_claims(doc),
        }
    }
}

/// The stages a document goes through, in order: the one list that
/// [`Pipeline::analyze_batch`] (and so [`Pipeline::analyze`]) and
/// [`Pipeline::analyze_segmented`] run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Language, paragraphs, tokens, sentences, quotation marks.
    Segment,
    Tag,
    Parse,
    Lemmatise,
    Entities,
    /// Quotations, their content bounds and speakers, and the judge's
    /// confidence in each.
    Quotes,
    /// Money, percentages, counts and ages (after entities: a count's
    /// nationality and an age's person are entities).
    Quantities,
    /// Time expressions, and the time of each quotation.
    Times,
    /// Place entities geocoded (GeoNames), before the events they locate.
    Places,
    /// Political events (PLOVER), after quotes, times and places.
    Events,
    /// Claims: each attribution's source kind and side, hedges, the
    /// stances claims take towards each other and their status (after
    /// events: a claim lists the events it reports).
    Claims,
}

impl Stage {
    /// The name a stopped document's report gives the stage.
    fn name(self) -> &'static str {
        match self {
            Stage::Segment => "segment",
            Stage::Tag => "tag",
            Stage::Parse => "parse",
            Stage::Lemmatise => "lemmatise",
            Stage::Entities => "entities",
            Stage::Quotes => "quotes",
            Stage::Quantities => "quantities",
            Stage::Times => "times",
            Stage::Places => "places",
            Stage::Events => "events",
            Stage::Claims => "claims",
        }
    }

    const ALL: [Stage; 11] = [
        Stage::Segment,
        Stage::Tag,
        Stage::Parse,
        Stage::Lemmatise,
        Stage::Entities,
        Stage::Quotes,
        Stage::Quantities,
        Stage::Times,
        Stage::Places,
        Stage::Events,
        Stage::Claims,
    ];
}

/// One document on its way through the stages.
struct Slot {
    doc: Doc,
    /// False once a stage has failed on it: the later stages skip it.
    going: bool,
    /// Its sentences tagged, between the tagging and the parsing stage.
    tagged: Vec<nlp::Tagged>,
    /// Time its stages took so far (counted only under a budget).
    spent: std::time::Duration,
    /// Bytes its stages allocated and kept so far, and the most they held
    /// at once (counted only under a budget and a counting allocator).
    held: isize,
    peak: isize,
}

impl Slot {
    fn new(doc: Doc) -> Slot {
        Slot {
            doc,
            going: true,
            tagged: Vec::new(),
            spent: std::time::Duration::ZERO,
            held: 0,
            peak: 0,
        }
    }
}

/// What is left of a document stopped for overspending its budget: its
/// text, metadata and warnings, a warning saying where it stopped, and
/// [`Doc::stopped`].
fn drop_annotations_of_stopped(doc: &mut Doc, stopped: text::budget::Stopped) {
    clear_annotations(doc);
    doc.warn("budget", stopped.to_string(), None);
    doc.stopped = Some(stopped);
}

/// What is left of a document a stage failed on: its text, metadata and
/// warnings, and a warning saying so.
fn drop_annotations(doc: &mut Doc) {
    clear_annotations(doc);
    doc.warn(
        "pipeline",
        "internal error while analysing this document; annotations dropped (please report it)",
        None,
    );
}

/// Drop every annotation of `doc`, keeping its text, metadata and warnings.
fn clear_annotations(doc: &mut Doc) {
    doc.paragraphs.clear();
    doc.sentences.clear();
    doc.tokens.clear();
    doc.quote_marks.clear();
    doc.quote_runs.clear();
    doc.syntax = None;
    doc.entities.clear();
    doc.quotes.clear();
    doc.quantities.clear();
    doc.times.clear();
    doc.events.clear();
    doc.claims.clear();
    doc.places.clear();
    doc.genre = None;
}

impl Pipeline {
    /// Tag, lemmatise (with `lemmas`) and parse every sentence of `doc`.
    fn tag_and_parse(&self, doc: &mut Doc, lemmas: bool) {
        let tagged = self.tag(doc);
        self.parse(doc, &tagged);
        if lemmas {
            self.lemmatise(doc);
        }
    }

    /// Tag every sentence of `doc`, for [`Pipeline::parse`].
    fn tag(&self, doc: &Doc) -> Vec<nlp::Tagged> {
        let mut words: Vec<&str> = Vec::new();
        doc.sentences
            .iter()
            // A document over its budget stops here; the stage's caller
            // drops what was done.
            .take_while(|_| text::budget::exhausted().is_none())
            .map(|s| {
                words.clear();
                words.extend(s.tokens.clone().map(|i| doc.tokens[i].span.slice(&doc.text)));
                self.syntax.tag_for_parse(&words)
            })
            .collect()
    }

    /// Parse every sentence of `doc`, tagged by [`Pipeline::tag`]: its
    /// syntax, lemmas left empty.
    fn parse(&self, doc: &mut Doc, tagged: &[nlp::Tagged]) {
        let n = doc.tokens.len();
        let mut syn = text::Syntax {
            upos: Vec::with_capacity(n),
            xpos: Vec::with_capacity(n),
            lemma: Vec::new(),
            head: Vec::with_capacity(n),
            deprel: Vec::with_capacity(n),
        };
        for (s, t) in doc.sentences.iter().zip(tagged) {
            if text::budget::exhausted().is_some() {
                break; // over budget: the caller drops what was done
            }
            let a = self.syntax.parse_tagged(t);
            syn.upos.extend_from_slice(&a.upos);
            syn.xpos.extend_from_slice(&a.xpos);
            syn.head
                .extend(a.head.iter().map(|&h| (h > 0).then(|| s.tokens.start + h as usize - 1)));
            syn.deprel.extend_from_slice(&a.deprel);
        }
        doc.syntax = Some(syn);
    }

    /// Lemmatise every token of a parsed `doc`.
    fn lemmatise(&self, doc: &mut Doc) {
        let Some(syn) = doc.syntax.as_mut() else {
            return;
        };
        syn.lemma = doc
            .tokens
            .iter()
            .zip(&syn.xpos)
            .map(|(t, x)| self.syntax.lemma(t.span.slice(&doc.text), x))
            .collect();
    }
}

/// A global allocator that passes every call on to `A` and counts, on each
/// thread, the bytes allocated and freed there ([`text::budget`]), so that a
/// document whose analysis holds more than its memory budget is stopped.
/// The `dossier` binary installs it over mimalloc:
///
/// ```ignore
/// #[global_allocator]
/// static ALLOCATOR: dossier::CountingAllocator<mimalloc::MiMalloc> =
///     dossier::CountingAllocator(mimalloc::MiMalloc);
/// ```
///
/// The count is one thread-local add per call. A document is analysed on
/// one thread from its first stage to its last, so what its stages keep is
/// counted where it was allocated.
#[derive(Debug, Default, Clone, Copy)]
pub struct CountingAllocator<A>(pub A);

// SAFETY: every call is passed on unchanged to `A`; the counting touches
// only thread-local integers (const-initialised, without destructors, so
// it never allocates).
unsafe impl<A: std::alloc::GlobalAlloc> std::alloc::GlobalAlloc for CountingAllocator<A> {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on.
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() {
            text::budget::note_alloc(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on.
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() {
            text::budget::note_alloc(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        text::budget::note_free(layout.size());
        // SAFETY: the caller's guarantees, passed on.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on.
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            text::budget::note_free(layout.size());
            text::budget::note_alloc(new_size);
        }
        p
    }
}

/// The speakers of a document's quotes, in code points, with the names
/// they resolve to, for the speaker-resolution check.
pub fn speakers(doc: &Doc) -> Vec<eval::speakers::PredictedSpeaker> {
    doc.quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .map(|s| {
            let span = eval::polnear::bytes_to_chars(&doc.text, &[(s.span.start, s.span.end)]);
            eval::speakers::PredictedSpeaker {
                start: span[0].0,
                end: span[0].1,
                name: s.name.clone(),
            }
        })
        .collect()
}

/// The attributions of an analysed document as the PolNeAR scorer takes
/// them: one per quotation, with its source, cue and content spans.
pub fn attributions(doc: &Doc) -> Vec<eval::polnear::PredictedAttribution> {
    let pairs = |spans: &[text::Span]| spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>();
    doc.quotes
        .iter()
        .filter(|q| q.kind != text::QuoteKind::Scare)
        .map(|q| eval::polnear::PredictedAttribution {
            source: q
                .speaker
                .as_ref()
                .map(|s| vec![(s.span.start, s.span.end)])
                .unwrap_or_default(),
            cue: q.cue.map(|c| vec![(c.start, c.end)]).unwrap_or_default(),
            content: pairs(&q.content),
        })
        .collect()
}
