//! Writing batches: one transaction per batch, a document and all its
//! annotations together.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use text::{Doc, Meta};

use crate::deferred::Deferred;
use crate::link::{decide_among, name_compatible, role_norm, surname_variants, NewPerson, PersonKey, PersonName};
use crate::minhash::{self, Signature};
use crate::{Error, Store};

/// One input document to store.
#[derive(Debug)]
pub enum Item {
    /// New content, analysed.
    Analysed(Box<Analysed>),
    /// Content already stored (or earlier in the same batch): a copy only.
    Copy(CopyOf),
}

/// An analysed document with its near-duplicate signature.
#[derive(Debug)]
pub struct Analysed {
    /// The document.
    pub doc: Doc,
    /// File and position it came from.
    pub origin: String,
    /// MinHash signature of its text (`None` when too short).
    pub signature: Option<Signature>,
}

/// Another copy of stored content.
#[derive(Debug)]
pub struct CopyOf {
    /// The copy's own metadata.
    pub meta: Meta,
    /// Its content hash.
    pub content_hash: String,
    /// File and position it came from.
    pub origin: String,
}

impl Item {
    /// An analysed document; computes its signature (do this on a worker
    /// thread: it reads the whole text).
    pub fn analysed(mut doc: Doc, origin: String) -> Item {
        let signature = Signature::of(&doc.text);
        // The store keeps none of the token-level layers (tokens, parse,
        // sentences, quotation marks); dropping them here, on the worker
        // thread, keeps the batches queued for the writer several times
        // smaller.
        doc.paragraphs = Vec::new();
        doc.sentences = Vec::new();
        doc.tokens = Vec::new();
        doc.quote_marks = Vec::new();
        doc.quote_runs = Vec::new();
        doc.syntax = None;
        // What is kept waits for the writer in up to three batches; the
        // stages' vectors grew by doubling and hold a quarter to half
        // again as much room as they use.
        doc.text.shrink_to_fit();
        doc.entities.shrink_to_fit();
        for e in &mut doc.entities {
            e.mentions.shrink_to_fit();
        }
        doc.quotes.shrink_to_fit();
        doc.claims.shrink_to_fit();
        doc.times.shrink_to_fit();
        doc.quantities.shrink_to_fit();
        doc.places.shrink_to_fit();
        doc.events.shrink_to_fit();
        doc.warnings.shrink_to_fit();
        Item::Analysed(Box::new(Analysed { doc, origin, signature }))
    }

    /// A copy of content that is stored, or comes earlier in the batch.
    pub fn copy(meta: Meta, content_hash: String, origin: String) -> Item {
        Item::Copy(CopyOf {
            meta,
            content_hash,
            origin,
        })
    }
}

/// What one batch (or a whole run, summed) added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchReport {
    /// New documents (distinct contents).
    pub documents: usize,
    /// New copy rows, one per input document not stored before.
    pub copies: usize,
    /// Of those, copies of content stored before (exact duplicates).
    pub duplicates: usize,
    /// Inputs stored already (same id and content): nothing written.
    pub already_stored: usize,
    /// New documents linked to an earlier near-duplicate.
    pub near_duplicates: usize,
    /// Entity rows.
    pub entities: usize,
    /// Mention rows.
    pub mentions: usize,
    /// New corpus-wide entities.
    pub corpus_entities: usize,
    /// Keys merged into an existing corpus entity.
    pub merges: usize,
    /// Quote rows.
    pub quotes: usize,
    /// Claim rows.
    pub claims: usize,
    /// New claim clusters.
    pub claim_clusters: usize,
    /// New disputes.
    pub disputes: usize,
    /// Evidence added to disputes that were open already.
    pub dispute_updates: usize,
    /// Time spent storing and linking claims, in microseconds.
    pub claim_link_micros: u64,
}

impl std::ops::AddAssign for BatchReport {
    fn add_assign(&mut self, o: BatchReport) {
        self.documents += o.documents;
        self.copies += o.copies;
        self.duplicates += o.duplicates;
        self.already_stored += o.already_stored;
        self.near_duplicates += o.near_duplicates;
        self.entities += o.entities;
        self.mentions += o.mentions;
        self.corpus_entities += o.corpus_entities;
        self.merges += o.merges;
        self.quotes += o.quotes;
        self.claims += o.claims;
        self.claim_clusters += o.claim_clusters;
        self.disputes += o.disputes;
        self.dispute_updates += o.dispute_updates;
        self.claim_link_micros += o.claim_link_micros;
    }
}

/// Writer state that would cost a query per row: bounded caches of key
/// and speaker ids. Everything the linker decides on lives in the database
/// (keys, the person-name index, roles), so the writer's memory does not
/// grow with the corpus; the caches only save lookups of the keys and
/// speakers that recur from document to document.
#[derive(Debug)]
pub(crate) struct Linker {
    /// Entity key → (key id, corpus entity id).
    keys: BoundedCache<String, (i64, i64)>,
    /// Speaker name → speaker id.
    speakers: BoundedCache<String, i64>,
    /// Stored claims and full bands, for linking claims by wording.
    wording: crate::claims::WordingCache,
    /// Person key id → what the merge rules read of it (`None`: its name
    /// does not parse). Fixed once stored, except the corpus entity, which
    /// only `undo_merge` changes, and it drops the linker.
    persons: BoundedCache<i64, Option<PersonFacts>>,
    /// The current batch's rows that are written at its end.
    pub(crate) deferred: Deferred,
}

/// A stored person key as the merge rules read it, roles aside (those
/// grow with every document).
#[derive(Debug, Clone)]
pub(crate) struct PersonFacts {
    corpus: i64,
    name: PersonName,
    wiki: bool,
    country: Option<String>,
}

/// Entries each generation of a [`Linker`] cache holds: the entity keys and
/// speakers of a few hundred recent documents (about 1 MB per 10,000 entries).
const CACHE_GENERATION: usize = 10_000;

impl Linker {
    fn new() -> Linker {
        Linker {
            keys: BoundedCache::new(CACHE_GENERATION),
            speakers: BoundedCache::new(CACHE_GENERATION),
            wording: crate::claims::WordingCache::new(),
            persons: BoundedCache::new(CACHE_GENERATION),
            deferred: Deferred::default(),
        }
    }

    /// A stored key's (key id, corpus entity id).
    fn key(&mut self, tx: &Connection, key: &str) -> Result<Option<(i64, i64)>, Error> {
        if let Some(&ids) = self.keys.get(key) {
            return Ok(Some(ids));
        }
        let ids: Option<(i64, i64)> = tx
            .prepare_cached("SELECT id, corpus_entity_id FROM entity_keys WHERE key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some(ids) = ids {
            self.keys.insert(key.to_string(), ids);
        }
        Ok(ids)
    }

    /// The stored person keys whose surname shares a variant with the new
    /// key's. Roles are read only for the keys whose names the merge rules
    /// would compare further ([`name_compatible`]): the others are never
    /// looked at for roles, and a common surname gathers hundreds of keys as
    /// the corpus grows.
    fn person_candidates(
        &mut self,
        tx: &Connection,
        new: &NewPerson<'_>,
        exclude: &HashSet<i64>,
    ) -> Result<Vec<(i64, PersonKey)>, Error> {
        let mut ids: Vec<i64> = Vec::new();
        {
            let mut st = tx.prepare_cached("SELECT key_id FROM person_variants WHERE variant = ?1")?;
            for v in surname_variants(&new.name.surname) {
                ids.extend(self.deferred.person_variant_keys(&v));
                if !self.deferred.filters.person_variant(&v) {
                    continue;
                }
                for id in st.query_map([v], |r| r.get::<_, i64>(0))? {
                    ids.push(id?);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut key_of =
            tx.prepare_cached("SELECT key, name, country, corpus_entity_id FROM entity_keys WHERE id = ?1")?;
        let mut roles_of = tx.prepare_cached("SELECT DISTINCT role FROM entity_roles WHERE key_id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let facts = match self.persons.get(&id) {
                Some(f) => f.clone(),
                None => {
                    let (key, name, country, corpus): (String, String, Option<String>, i64) =
                        key_of.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                    let facts = PersonName::parse(&name).map(|name| PersonFacts {
                        corpus,
                        name,
                        wiki: is_wiki(&key),
                        country,
                    });
                    self.persons.insert(id, facts.clone());
                    facts
                }
            };
            let Some(facts) = facts else { continue };
            let mut key = PersonKey {
                corpus: facts.corpus,
                name: facts.name,
                wiki: facts.wiki,
                roles: HashSet::new(),
                country: facts.country,
            };
            if name_compatible(new, exclude, &key).is_some() {
                key.roles = roles_of
                    .query_map([id], |r| r.get::<_, String>(0))?
                    .collect::<Result<HashSet<String>, _>>()?;
                key.roles.extend(self.deferred.roles_of(id).cloned());
            }
            out.push((id, key));
        }
        Ok(out)
    }
}

/// A map that holds at most two generations of `generation` entries: when
/// the newer fills up, the older is dropped, and an entry found in the older
/// moves to the newer. Recently used entries stay; memory stays bounded.
#[derive(Debug)]
pub(crate) struct BoundedCache<K, V> {
    generation: usize,
    newer: HashMap<K, V>,
    older: HashMap<K, V>,
}

impl<K: std::hash::Hash + Eq, V> BoundedCache<K, V> {
    pub(crate) fn new(generation: usize) -> Self {
        BoundedCache {
            generation: generation.max(1),
            newer: HashMap::new(),
            older: HashMap::new(),
        }
    }

    pub(crate) fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        if !self.newer.contains_key(key) {
            let (k, v) = self.older.remove_entry(key)?;
            self.insert(k, v);
        }
        self.newer.get(key)
    }

    pub(crate) fn insert(&mut self, key: K, value: V) {
        if self.newer.len() >= self.generation {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(key, value);
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.newer.len() + self.older.len()
    }
}

fn is_wiki(key: &str) -> bool {
    key.split_once(':').is_some_and(|(_, rest)| rest.starts_with("wiki:"))
}

/// `YYYY-MM` of a date, or `""`.
fn month(date: Option<&str>) -> String {
    date.filter(|d| d.len() >= 7)
        .map(|d| d[..7].to_string())
        .unwrap_or_default()
}

const PRONOUNS: &[&str] = &[
    "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "that", "who", "which",
];

/// Round a confidence as the JSON output does.
fn conf(c: f32) -> f64 {
    (f64::from(c) * 100.0).round() / 100.0
}

/// A speaker's name for the speakers table: the name it resolves to, else
/// its own text unless that is a bare pronoun.
pub(crate) fn speaker_display(doc: &Doc, s: &text::Speaker) -> Option<String> {
    let name = s
        .name
        .clone()
        .or_else(|| s.entity.and_then(|e| doc.entities.get(e)).map(|e| e.name.clone()));
    let name = match name {
        Some(n) => n,
        None if s.resolution == text::Resolution::Pronoun => return None,
        None => doc.text.get(s.span.start..s.span.end).unwrap_or("").to_string(),
    };
    // An unresolved pronoun names nobody.
    if PRONOUNS.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

fn kind_label(k: text::QuoteKind) -> &'static str {
    use text::QuoteKind::*;
    match k {
        Direct => "direct",
        Partial => "partial",
        Indirect => "indirect",
        Mixed => "mixed",
        Scare => "scare",
    }
}

fn source_label(k: text::SourceKind) -> &'static str {
    use text::SourceKind::*;
    match k {
        Person => "person",
        Institution => "institution",
        Anonymous => "anonymous",
        Unnamed => "unnamed",
    }
}

fn resolution_label(r: text::Resolution) -> &'static str {
    use text::Resolution::*;
    match r {
        Explicit => "explicit",
        Pronoun => "pronoun",
        Nominal => "nominal",
        Previous => "previous",
        None => "none",
    }
}

fn mention_label(k: text::MentionKind) -> &'static str {
    match k {
        text::MentionKind::Name => "name",
        text::MentionKind::Pronoun => "pronoun",
        text::MentionKind::Nominal => "nominal",
    }
}

impl Store {
    /// Write a batch in one transaction. Items already stored are skipped;
    /// a copy whose content is neither stored nor earlier in the batch is an
    /// error (the caller analyses first occurrences).
    ///
    /// With [`Store::set_commit_every`] the transaction stays open across
    /// batches until that many inputs are in it; a failed batch then rolls
    /// back the uncommitted batches before it too.
    pub fn write_batch(&mut self, items: Vec<Item>, run: Option<i64>) -> Result<BatchReport, Error> {
        if self.linker.is_none() {
            self.linker = Some(Linker::new());
        }
        let mut linker = self.linker.take().expect("loaded above");
        let wording = self.claim_wording;
        let n = items.len();
        let result = (|| {
            if self.uncommitted == 0 {
                self.conn.execute_batch("BEGIN")?;
            }
            let tx = &self.conn;
            let mut report = BatchReport::default();
            linker.deferred.filters.load(tx)?;
            for item in items {
                match item {
                    Item::Analysed(a) => write_analysed(tx, &mut linker, *a, run, &mut report, wording)?,
                    Item::Copy(c) => write_copy(tx, &mut linker.deferred, c, run, &mut report)?,
                }
            }
            linker.deferred.flush(tx)?;
            self.uncommitted += n.max(1);
            if self.uncommitted >= self.commit_every {
                self.conn.execute_batch("COMMIT")?;
                self.uncommitted = 0;
            }
            Ok(report)
        })();
        match result {
            Ok(_) => self.linker = Some(linker),
            Err(_) => {
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                self.uncommitted = 0;
            }
        }
        result
    }

    /// Keep a write transaction open until it holds this many inputs (1,
    /// the default: commit every batch). Each commit writes every page the
    /// transaction changed, and the pages of the indexes keyed by entity,
    /// band or name are spread over the whole index: past a few thousand
    /// articles a batch of 512 changed nearly every page of them, so what
    /// a commit costs grew with the store. Fewer, larger commits write each
    /// such page once for more documents, without holding more documents
    /// in memory; a crash loses at most the open transaction.
    pub fn set_commit_every(&mut self, inputs: usize) {
        self.commit_every = inputs.max(1);
    }

    /// Inputs written since the last commit (0 when none is open).
    pub fn uncommitted(&self) -> usize {
        self.uncommitted
    }

    /// Commit the open transaction, if any.
    pub fn commit(&mut self) -> Result<(), Error> {
        if self.uncommitted > 0 {
            self.conn.execute_batch("COMMIT")?;
            self.uncommitted = 0;
        }
        Ok(())
    }
}

fn write_copy(
    tx: &Connection,
    deferred: &mut Deferred,
    c: CopyOf,
    run: Option<i64>,
    report: &mut BatchReport,
) -> Result<(), Error> {
    let doc_id: i64 = tx
        .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
        .query_row([&c.content_hash], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "copy {:?} of content {} that is not stored",
                c.meta.id, c.content_hash
            ))
        })?;
    let n = insert_copy(tx, doc_id, &c.meta, &c.content_hash, &c.origin, run)?;
    report.copies += n;
    report.duplicates += n;
    report.already_stored += 1 - n;
    if n > 0 {
        crate::claims::record_copy_outlet(tx, deferred, doc_id, c.meta.source.as_deref())?;
    }
    Ok(())
}

fn insert_copy(
    tx: &Connection,
    doc_id: i64,
    m: &Meta,
    hash: &str,
    origin: &str,
    run: Option<i64>,
) -> Result<usize, Error> {
    Ok(tx
        .prepare_cached(
            "INSERT OR IGNORE INTO copies(document_id, input_id, content_hash, source, url, date, title, origin, run_id)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![doc_id, m.id, hash, m.source, m.url, m.date, m.title, origin, run])?)
}

/// The earlier document this signature nearly duplicates: (its original,
/// similarity to that original).
fn near_duplicate(tx: &Connection, deferred: &Deferred, sig: &Signature) -> Result<Option<(i64, f64)>, Error> {
    let mut candidates: Vec<i64> = Vec::new();
    {
        let mut st = tx.prepare_cached("SELECT document_id FROM minhash_bands WHERE band_key = ?1")?;
        for key in sig.band_keys() {
            if deferred.filters.minhash_band(key) {
                for id in st.query_map([key], |r| r.get::<_, i64>(0))? {
                    candidates.push(id?);
                }
            }
            candidates.extend(deferred.minhash_band_documents(key));
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut sig_of = tx.prepare_cached("SELECT signature FROM minhash WHERE document_id = ?1")?;
    let mut root_of = tx.prepare_cached("SELECT near_dup_of FROM documents WHERE id = ?1")?;
    let mut best: Option<(i64, f64)> = None;
    for id in candidates {
        let bytes: Vec<u8> = sig_of.query_row([id], |r| r.get(0))?;
        let s = sig.similarity(&Signature::from_bytes(&bytes));
        if s >= minhash::THRESHOLD && best.is_none_or(|(_, b)| s > b) {
            best = Some((id, s));
        }
    }
    let Some((id, s)) = best else { return Ok(None) };
    // Link to the original, not to another copy of it.
    let root: Option<i64> = root_of.query_row([id], |r| r.get(0))?;
    match root {
        None => Ok(Some((id, s))),
        Some(root) => {
            let bytes: Vec<u8> = sig_of.query_row([root], |r| r.get(0))?;
            Ok(Some((root, sig.similarity(&Signature::from_bytes(&bytes)))))
        }
    }
}

fn write_analysed(
    tx: &Connection,
    linker: &mut Linker,
    a: Analysed,
    run: Option<i64>,
    report: &mut BatchReport,
    wording: bool,
) -> Result<(), Error> {
    let Analysed { doc, origin, signature } = a;
    let m = &doc.meta;
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
        .query_row([&doc.content_hash], |r| r.get(0))
        .optional()?;
    if let Some(doc_id) = existing {
        // Analysed twice (two runs raced, or the caller did not check):
        // keep the stored analysis and record a copy.
        let n = insert_copy(tx, doc_id, m, &doc.content_hash, &origin, run)?;
        report.copies += n;
        report.duplicates += n;
        report.already_stored += 1 - n;
        if n > 0 {
            crate::claims::record_copy_outlet(tx, &mut linker.deferred, doc_id, m.source.as_deref())?;
        }
        return Ok(());
    }
    let near = match &signature {
        Some(sig) => near_duplicate(tx, &linker.deferred, sig)?,
        None => None,
    };
    let authors = serde_json::to_string(&m.authors).expect("strings serialise");
    tx.prepare_cached(
        "INSERT INTO documents(content_hash, input_id, title, date, source, url, authors, language, words,
                               warnings, near_dup_of, near_dup_similarity, text)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        doc.content_hash,
        m.id,
        m.title,
        m.date,
        m.source,
        m.url,
        authors,
        doc.language,
        doc.word_count() as i64,
        doc.warnings.len() as i64,
        near.map(|n| n.0),
        near.map(|n| (n.1 * 1000.0).round() / 1000.0),
        doc.text,
    ])?;
    let doc_id = tx.last_insert_rowid();
    report.documents += 1;
    report.near_duplicates += usize::from(near.is_some());
    tx.prepare_cached("INSERT INTO documents_fts(rowid, title, text) VALUES(?1, ?2, ?3)")?
        .execute(params![doc_id, m.title.as_deref().unwrap_or(""), doc.text])?;
    report.copies += insert_copy(tx, doc_id, m, &doc.content_hash, &origin, run)?;
    if let Some(sig) = &signature {
        tx.prepare_cached("INSERT INTO minhash(document_id, signature) VALUES(?1, ?2)")?
            .execute(params![doc_id, sig.to_bytes()])?;
        for key in sig.band_keys() {
            linker.deferred.add_minhash_band(key, doc_id);
        }
    }
    let month = month(m.date.as_deref());
    let EntityIds {
        rows: entity_rows,
        keys: key_ids,
        corpus: corpus_of,
    } = write_entities(tx, linker, &doc, doc_id, &month, report)?;
    write_quotes(tx, linker, &doc, doc_id, &entity_rows, &key_ids, report)?;
    crate::claims::write_claims(
        tx,
        &mut linker.wording,
        &mut linker.deferred,
        &doc,
        &crate::claims::DocLinks {
            doc_id,
            near_dup_of: near.map(|n| n.0),
            key_ids: &key_ids,
            corpus_of: &corpus_of,
            wording,
        },
        report,
    )?;
    crate::happenings::write_happenings(tx, &doc, doc_id, &key_ids)?;
    Ok(())
}

/// Ids of a document's entities, by local index.
#[derive(Default)]
struct EntityIds {
    /// Row ids in `entities`.
    rows: Vec<i64>,
    /// Their keys' ids.
    keys: Vec<i64>,
    /// Their corpus entities' ids.
    corpus: Vec<i64>,
}

/// Link, insert and aggregate the document's entities; returns the row id,
/// key id and corpus entity id of each, by local index.
fn write_entities(
    tx: &Connection,
    linker: &mut Linker,
    doc: &Doc,
    doc_id: i64,
    month: &str,
    report: &mut BatchReport,
) -> Result<EntityIds, Error> {
    if doc.entities.is_empty() {
        return Ok(EntityIds::default());
    }
    // Corpus entities already present through known keys: a new key of this
    // document must not merge into one of them.
    let known: Vec<Option<(i64, i64)>> = doc
        .entities
        .iter()
        .map(|e| linker.key(tx, &e.key))
        .collect::<Result<_, _>>()?;
    let mut present: HashSet<i64> = known.iter().flatten().map(|&(_, c)| c).collect();
    let mut key_ids = Vec::with_capacity(doc.entities.len());
    let mut corpus_of = Vec::with_capacity(doc.entities.len());
    for (e, known) in doc.entities.iter().zip(known) {
        // A key new to the store may have been stored by an earlier
        // entity of this same document.
        let known = match known {
            Some(ids) => Some(ids),
            None => linker.key(tx, &e.key)?,
        };
        let (id, corpus) = match known {
            Some(ids) => ids,
            None => {
                let ids = new_key(tx, linker, e, doc_id, &present, report)?;
                present.insert(ids.1);
                ids
            }
        };
        key_ids.push(id);
        corpus_of.push(corpus);
    }
    let mut rows = Vec::with_capacity(doc.entities.len());
    let mut per_key: HashMap<i64, (i64, Vec<String>)> = HashMap::new();
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO entities(document_id, local_id, key_id, name, type, roles, country, metonymy, confidence, mentions)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut ins_m = tx.prepare_cached(
            "INSERT INTO mentions(entity_id, document_id, start, end, text, kind, metonymy)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, (e, &key_id)) in doc.entities.iter().zip(&key_ids).enumerate() {
            ins.execute(params![
                doc_id,
                i as i64,
                key_id,
                e.name,
                e.etype.label(),
                serde_json::to_string(&e.roles).expect("strings serialise"),
                e.country,
                e.metonymy,
                conf(e.confidence),
                e.mentions.len() as i64,
            ])?;
            let entity_id = tx.last_insert_rowid();
            rows.push(entity_id);
            for mention in &e.mentions {
                let text = doc.text.get(mention.span.start..mention.span.end).unwrap_or("");
                ins_m.execute(params![
                    entity_id,
                    doc_id,
                    mention.span.start as i64,
                    mention.span.end as i64,
                    text,
                    mention_label(mention.kind),
                    mention.metonymy,
                ])?;
            }
            report.entities += 1;
            report.mentions += e.mentions.len();
            let agg = per_key.entry(key_id).or_default();
            agg.0 += e.mentions.len() as i64;
            agg.1.extend(e.roles.iter().map(|r| role_norm(r)));
        }
    }
    let mut keys_sorted: Vec<i64> = per_key.keys().copied().collect();
    keys_sorted.sort_unstable();
    for key_id in &keys_sorted {
        let (mentions, roles) = &per_key[key_id];
        linker.deferred.count_key(*key_id, *mentions);
        linker.deferred.count_month(*key_id, month, *mentions);
        let mut roles: Vec<&String> = roles.iter().filter(|r| !r.is_empty()).collect();
        roles.sort();
        roles.dedup();
        for role in roles {
            linker.deferred.count_role(*key_id, role, month);
        }
    }
    let blob: Vec<u8> = keys_sorted.iter().flat_map(|&k| (k as u32).to_le_bytes()).collect();
    tx.prepare_cached("INSERT INTO document_keys(document_id, key_ids) VALUES(?1, ?2)")?
        .execute(params![doc_id, blob])?;
    Ok(EntityIds {
        rows,
        keys: key_ids,
        corpus: corpus_of,
    })
}

/// Store a key seen for the first time, joining a corpus entity when the
/// merge rules allow it; returns (key id, corpus entity id).
fn new_key(
    tx: &Connection,
    linker: &mut Linker,
    e: &text::Entity,
    doc_id: i64,
    present: &HashSet<i64>,
    report: &mut BatchReport,
) -> Result<(i64, i64), Error> {
    let etype = e.etype.label();
    let person = (e.etype == text::EntityType::Person)
        .then(|| PersonName::parse(&e.name))
        .flatten();
    let decision = match &person {
        Some(name) => {
            let new = NewPerson {
                name: name.clone(),
                wiki: is_wiki(&e.key),
                roles: e.roles.iter().map(|r| role_norm(r)).collect(),
                country: e.country.as_deref(),
            };
            let candidates = linker.person_candidates(tx, &new, present)?;
            decide_among(&new, present, candidates)
        }
        None => None,
    };
    let corpus = match &decision {
        Some(d) => d.corpus,
        None => {
            tx.prepare_cached("INSERT INTO corpus_entities(key, name, type) VALUES(?1, ?2, ?3)")?
                .execute(params![e.key, e.name, etype])?;
            report.corpus_entities += 1;
            tx.last_insert_rowid()
        }
    };
    tx.prepare_cached(
        "INSERT INTO entity_keys(key, name, type, country, corpus_entity_id) VALUES(?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![e.key, e.name, etype, e.country, corpus])?;
    let key_id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO entity_keys_fts(rowid, name) VALUES(?1, ?2)")?
        .execute(params![key_id, e.name])?;
    if let Some(d) = decision {
        tx.prepare_cached(
            "INSERT INTO merge_evidence(key_id, matched_key_id, corpus_entity_id, rule, edit_distance, evidence, document_id)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            key_id,
            d.matched_key,
            d.corpus,
            d.rule,
            d.edit_distance as i64,
            serde_json::to_string(&d.evidence).expect("strings serialise"),
            doc_id,
        ])?;
        report.merges += 1;
    }
    if let Some(name) = person {
        for v in surname_variants(&name.surname) {
            linker.deferred.add_person_variant(v, key_id);
        }
    }
    linker.keys.insert(e.key.clone(), (key_id, corpus));
    Ok((key_id, corpus))
}

#[allow(clippy::too_many_arguments)]
fn write_quotes(
    tx: &Connection,
    linker: &mut Linker,
    doc: &Doc,
    doc_id: i64,
    entity_rows: &[i64],
    key_ids: &[i64],
    report: &mut BatchReport,
) -> Result<(), Error> {
    let mut ins = tx.prepare_cached(
        "INSERT INTO quotes(document_id, local_id, date, kind, content, spans, cue, cue_start, cue_end,
                            speaker_text, speaker_start, speaker_end, speaker_name, speaker, speaker_kind,
                            speaker_resolution, speaker_id, speaker_entity_id, speaker_key_id, medium, venue, addressee,
                            confidence)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?;
    let mut fts = tx.prepare_cached("INSERT INTO quotes_fts(rowid, content, speaker) VALUES(?1, ?2, ?3)")?;
    let date = doc.meta.date.as_deref().unwrap_or("");
    let slice = |s: text::Span| doc.text.get(s.start..s.end).unwrap_or("");
    for (i, q) in doc.quotes.iter().enumerate() {
        let content = q.content.iter().map(|s| slice(*s)).collect::<Vec<_>>().join(" … ");
        let spans: Vec<[usize; 2]> = q.content.iter().map(|s| [s.start, s.end]).collect();
        let sp = q.speaker.as_ref();
        let display = sp.and_then(|s| speaker_display(doc, s));
        let speaker_id = match &display {
            Some(name) => Some(speaker_id(tx, linker, name)?),
            None => None,
        };
        if let Some(id) = speaker_id {
            linker.deferred.count_speaker_quote(id);
        }
        let speaker_entity = sp.and_then(|s| s.entity).filter(|&e| e < entity_rows.len());
        ins.execute(params![
            doc_id,
            i as i64,
            doc.meta.date,
            kind_label(q.kind),
            content,
            serde_json::to_string(&spans).expect("numbers serialise"),
            q.cue.map(slice),
            q.cue.map(|c| c.start as i64),
            q.cue.map(|c| c.end as i64),
            sp.map(|s| slice(s.span)),
            sp.map(|s| s.span.start as i64),
            sp.map(|s| s.span.end as i64),
            sp.and_then(|s| s.name.as_deref()),
            display,
            sp.map(|s| source_label(s.kind)),
            sp.map(|s| resolution_label(s.resolution)),
            speaker_id,
            speaker_entity.map(|e| entity_rows[e]),
            speaker_entity.map(|e| key_ids[e]),
            q.medium.map(|m| match m {
                text::Medium::Spoken => "spoken",
                text::Medium::Written => "written",
            }),
            q.venue.map(slice),
            q.addressee.map(slice),
            conf(q.confidence),
        ])?;
        let quote_id = tx.last_insert_rowid();
        fts.execute(params![quote_id, content, display.as_deref().unwrap_or("")])?;
        report.quotes += 1;
        // Entities mentioned inside the content, the speaker excluded.
        let speaker_key = speaker_entity.map(|e| key_ids[e]);
        let mut seen = HashSet::new();
        for (e, &key) in doc.entities.iter().zip(key_ids) {
            if Some(key) == speaker_key || seen.contains(&key) {
                continue;
            }
            let inside = e.mentions.iter().any(|m| q.content.iter().any(|c| c.contains(m.span)));
            if inside {
                seen.insert(key);
                linker.deferred.add_quote_about(key, date, quote_id);
            }
        }
    }
    Ok(())
}

fn speaker_id(tx: &Connection, linker: &mut Linker, name: &str) -> Result<i64, Error> {
    if let Some(&id) = linker.speakers.get(name) {
        return Ok(id);
    }
    let stored: Option<i64> = tx
        .prepare_cached("SELECT id FROM speakers WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = stored {
        linker.speakers.insert(name.to_string(), id);
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO speakers(name) VALUES(?1)")?
        .execute([name])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO speakers_fts(rowid, name) VALUES(?1, ?2)")?
        .execute(params![id, name])?;
    linker.speakers.insert(name.to_string(), id);
    Ok(id)
}
