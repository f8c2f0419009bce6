//! The database schema and its migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each
//! migration runs in its own transaction together with the version bump, so
//! a crash leaves the database at one version or the next, never between.
//! New tables (claims, events, ...) come as new entries at the end of
//! [`MIGRATIONS`]; an applied migration is never edited.

use rusqlite::Connection;

use crate::Error;

/// Ordered migrations; entry `i` takes the database from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    V1,
    V2,
    crate::happenings::V_HAPPENINGS,
    crate::stopped::V4_STOPPED_DOCUMENTS,
    V5_PERSON_VARIANTS,
    V6_READ_INDEXES,
];

/// Covering indexes for the server's reads (issue 30, p99 at 37k articles):
/// - `quotes(id, confidence, speaker_key_id)`: a quote's confidence and
///   speaker without reading its row (quotes about an entity are found in
///   `quote_about`, then checked against the least confidence: Donald
///   Trump's 57k took 60-110 ms through the table rows, 30 ms through this
///   index; the ego network counts who speaks about whom the same way);
/// - `quotes(speaker_key_id, date, confidence)`: a speaker's quotes with
///   their dates and confidences off one index range;
/// - `entity_keys(corpus_entity_id, documents)`: documents per corpus
///   entity for the entity list without reading the key rows.
///
/// `IF NOT EXISTS`: applying it again, after a reordering at a merge, is a no-op.
const V6_READ_INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS quotes_id_confidence ON quotes(id, confidence, speaker_key_id);
CREATE INDEX IF NOT EXISTS quotes_speaker_key_confidence ON quotes(speaker_key_id, date, confidence)
    WHERE speaker_key_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS entity_keys_corpus_documents ON entity_keys(corpus_entity_id, documents);
"#;

/// The person-name index the writer links surface variants through, in
/// the database instead of in memory (memory must not grow with the
/// corpus): each stored PERSON key under its surname and each one-letter
/// deletion of it. Filled for existing keys by [`backfill_person_variants`].
const V5_PERSON_VARIANTS: &str = r#"
CREATE TABLE person_variants (
    variant TEXT NOT NULL,
    key_id  INTEGER NOT NULL REFERENCES entity_keys(id),
    PRIMARY KEY (variant, key_id)
) WITHOUT ROWID;
"#;

/// Index the PERSON keys stored before `person_variants` existed, as the
/// writer indexes new ones.
fn backfill_person_variants(tx: &rusqlite::Transaction<'_>) -> Result<(), Error> {
    let mut keys = tx.prepare("SELECT id, name FROM entity_keys WHERE type = 'PERSON'")?;
    let mut ins = tx.prepare("INSERT OR IGNORE INTO person_variants(variant, key_id) VALUES(?1, ?2)")?;
    let mut rows = keys.query([])?;
    while let Some(row) = rows.next()? {
        let (id, name): (i64, String) = (row.get(0)?, row.get(1)?);
        let Some(name) = crate::link::PersonName::parse(&name) else {
            continue;
        };
        for v in crate::link::surname_variants(&name.surname) {
            ins.execute(rusqlite::params![v, id])?;
        }
    }
    Ok(())
}

/// The first schema: documents, copies, entities, quotes, their corpus-wide
/// links, near-duplicate signatures and full-text indexes.
const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per distinct content (content_hash of the whitespace-normalised
-- text). Metadata is that of the first copy stored. `text` comes last so
-- that reading the other columns does not touch its overflow pages.
CREATE TABLE documents (
    id                  INTEGER PRIMARY KEY,
    content_hash        TEXT NOT NULL UNIQUE,
    input_id            TEXT NOT NULL,
    title               TEXT,
    date                TEXT,
    source              TEXT,
    url                 TEXT,
    authors             TEXT NOT NULL DEFAULT '[]',
    language            TEXT NOT NULL,
    words               INTEGER NOT NULL,
    warnings            INTEGER NOT NULL DEFAULT 0,
    near_dup_of         INTEGER REFERENCES documents(id),
    near_dup_similarity REAL,
    text                TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_near_dup ON documents(near_dup_of) WHERE near_dup_of IS NOT NULL;

-- Every input document, including exact duplicates of stored content.
-- (input_id, content_hash) is the identity of an input document, so
-- re-ingesting the same input is a no-op.
CREATE TABLE copies (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    input_id     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source       TEXT,
    url          TEXT,
    date         TEXT,
    title        TEXT,
    origin       TEXT NOT NULL,
    run_id       INTEGER REFERENCES runs(id),
    UNIQUE (input_id, content_hash)
);
CREATE INDEX copies_document ON copies(document_id);

-- MinHash signatures (u32 little-endian) and their LSH band keys.
CREATE TABLE minhash (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    signature   BLOB NOT NULL
);
CREATE TABLE minhash_bands (
    band_key    INTEGER NOT NULL,
    document_id INTEGER NOT NULL,
    PRIMARY KEY (band_key, document_id)
) WITHOUT ROWID;

-- Corpus-wide entities. A key (`TYPE:normalised name` from the entity
-- stage) belongs to exactly one corpus entity; surface variants merged
-- into one corpus entity say why in merge_evidence. `name` is the founding
-- key's; queries show the name of the key with the most documents.
CREATE TABLE corpus_entities (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL
);
CREATE TABLE entity_keys (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    type             TEXT NOT NULL,
    country          TEXT,
    corpus_entity_id INTEGER NOT NULL REFERENCES corpus_entities(id),
    documents        INTEGER NOT NULL DEFAULT 0,
    mentions         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entity_keys_corpus ON entity_keys(corpus_entity_id);
CREATE TABLE merge_evidence (
    id               INTEGER PRIMARY KEY,
    key_id           INTEGER NOT NULL REFERENCES entity_keys(id),
    matched_key_id   INTEGER NOT NULL REFERENCES entity_keys(id),
    corpus_entity_id INTEGER NOT NULL REFERENCES corpus_entities(id),
    rule             TEXT NOT NULL,
    edit_distance    INTEGER NOT NULL,
    evidence         TEXT NOT NULL,
    document_id      INTEGER REFERENCES documents(id),
    undone           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX merge_evidence_corpus ON merge_evidence(corpus_entity_id);
CREATE INDEX merge_evidence_key ON merge_evidence(key_id);

-- Entities of one document; local_id is the index in the document's
-- entity list (`e1` is 0).
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    local_id    INTEGER NOT NULL,
    key_id      INTEGER NOT NULL REFERENCES entity_keys(id),
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    roles       TEXT NOT NULL DEFAULT '[]',
    country     TEXT,
    metonymy    INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    mentions    INTEGER NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX entities_key ON entities(key_id, document_id);
CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    metonymy    INTEGER NOT NULL
);
-- The keys of each document's entities (u32 little-endian key ids), for
-- co-mention counts without a join over every entity row.
CREATE TABLE document_keys (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    key_ids     BLOB NOT NULL
);
-- Aggregates maintained at ingest, per key so that merging and unmerging
-- keys never rewrites them. month is YYYY-MM, or '' when undated.
CREATE TABLE entity_months (
    key_id    INTEGER NOT NULL,
    month     TEXT NOT NULL,
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (key_id, month)
) WITHOUT ROWID;
CREATE TABLE entity_roles (
    key_id    INTEGER NOT NULL,
    role      TEXT NOT NULL,
    month     TEXT NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (key_id, role, month)
) WITHOUT ROWID;

-- Speakers by the name they resolve to (or their own text when they
-- resolve to nothing but are not a bare pronoun), entity or not.
CREATE TABLE speakers (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    quotes INTEGER NOT NULL DEFAULT 0
);
-- speaker_name is the name the speaker resolved to; speaker is what the
-- speakers table holds (that name, else the speaker's own text).
CREATE TABLE quotes (
    id                 INTEGER PRIMARY KEY,
    document_id        INTEGER NOT NULL REFERENCES documents(id),
    local_id           INTEGER NOT NULL,
    date               TEXT,
    kind               TEXT NOT NULL,
    content            TEXT NOT NULL,
    spans              TEXT NOT NULL,
    cue                TEXT,
    cue_start          INTEGER,
    cue_end            INTEGER,
    speaker_text       TEXT,
    speaker_start      INTEGER,
    speaker_end        INTEGER,
    speaker_name       TEXT,
    speaker            TEXT,
    speaker_kind       TEXT,
    speaker_resolution TEXT,
    speaker_id         INTEGER REFERENCES speakers(id),
    speaker_entity_id  INTEGER REFERENCES entities(id),
    speaker_key_id     INTEGER REFERENCES entity_keys(id),
    medium             TEXT,
    venue              TEXT,
    addressee          TEXT,
    confidence         REAL NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id, date) WHERE speaker_id IS NOT NULL;
CREATE INDEX quotes_speaker_key ON quotes(speaker_key_id, date) WHERE speaker_key_id IS NOT NULL;
CREATE INDEX quotes_date ON quotes(date);
-- Entities mentioned inside a quotation's content (its speaker excluded),
-- with the quote's date ('' when undated) so the newest come off the key.
CREATE TABLE quote_about (
    key_id   INTEGER NOT NULL,
    date     TEXT NOT NULL,
    quote_id INTEGER NOT NULL,
    PRIMARY KEY (key_id, date, quote_id)
) WITHOUT ROWID;

-- One row per `dossier ingest` run, and the inputs it could not read.
CREATE TABLE runs (
    id        INTEGER PRIMARY KEY,
    started   TEXT NOT NULL,
    finished  TEXT,
    arguments TEXT NOT NULL
);
CREATE TABLE failures (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES runs(id),
    path     TEXT NOT NULL,
    position TEXT,
    message  TEXT NOT NULL
);

-- Full-text indexes over content kept in the tables above.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize='porter unicode61'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content, speaker, content='quotes', content_rowid='id', tokenize='porter unicode61'
);
CREATE VIRTUAL TABLE speakers_fts USING fts5(name, content='speakers', content_rowid='id');
CREATE VIRTUAL TABLE entity_keys_fts USING fts5(name, content='entity_keys', content_rowid='id');
"#;

/// Claims, their clusters across the corpus (one per proposition), the
/// stances between claims of a document, and disputes.
const V2: &str = r#"
-- Propositions across the corpus. `key` is the source-independent
-- proposition without its negation (so "X did Y" and "X did not do Y" share
-- one cluster, with opposite polarity); NULL for clusters founded by a claim
-- too thin to key, which only copies and near-identical wording join.
-- `text` is the founding claim's; the counters are kept at ingest.
CREATE TABLE claim_clusters (
    id          INTEGER PRIMARY KEY,
    key         TEXT,
    text        TEXT NOT NULL,
    first_seen  TEXT,
    last_seen   TEXT,
    members     INTEGER NOT NULL DEFAULT 0,
    asserting   INTEGER NOT NULL DEFAULT 0,
    denying     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX claim_clusters_key ON claim_clusters(key) WHERE key IS NOT NULL;
-- Distinct outlets (documents' sources, exact copies' included) and claim
-- sources of each cluster, with how many claims or copies each gave.
CREATE TABLE claim_cluster_outlets (
    cluster_id INTEGER NOT NULL,
    outlet     TEXT NOT NULL,
    claims     INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, outlet)
) WITHOUT ROWID;
CREATE TABLE claim_cluster_sources (
    cluster_id INTEGER NOT NULL,
    source     TEXT NOT NULL,
    claims     INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, source)
) WITHOUT ROWID;

-- One row per claim of a document; local_id is its index in the document's
-- claims (`c1` is 0). date and outlet are the document's. polarity is +1
-- when the claim says the cluster's proposition is so, -1 when it says it
-- is not (a negated proposition). source_ident tells sources apart for
-- disputes (corpus entity, else name, else kind and outlet). link_rule says
-- how the claim joined its cluster: copy, key, text or new.
CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id),
    local_id       INTEGER NOT NULL,
    date           TEXT,
    outlet         TEXT,
    text           TEXT NOT NULL,
    spans          TEXT NOT NULL,
    subject        TEXT,
    subject_key_id INTEGER REFERENCES entity_keys(id),
    predicate      TEXT,
    object         TEXT,
    object_key_id  INTEGER REFERENCES entity_keys(id),
    negated        INTEGER NOT NULL,
    source_kind    TEXT NOT NULL,
    source_name    TEXT,
    source_side    TEXT,
    source_key_id  INTEGER REFERENCES entity_keys(id),
    source_ident   TEXT NOT NULL,
    status         TEXT NOT NULL,
    key            TEXT NOT NULL,
    corpus_key     TEXT,
    hedges         TEXT NOT NULL DEFAULT '[]',
    quotes         TEXT NOT NULL DEFAULT '[]',
    confidence     REAL NOT NULL,
    polarity       INTEGER NOT NULL,
    cluster_id     INTEGER NOT NULL REFERENCES claim_clusters(id),
    link_rule      TEXT NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX claims_cluster ON claims(cluster_id, polarity);
CREATE INDEX claims_date ON claims(date);
CREATE INDEX claims_source_key ON claims(source_key_id, date) WHERE source_key_id IS NOT NULL;
CREATE INDEX claims_status ON claims(status, date);
-- Entities a claim is about: its subject and object, and those mentioned
-- inside its words (its source excluded), with its date ('' when undated).
CREATE TABLE claim_about (
    key_id   INTEGER NOT NULL,
    date     TEXT NOT NULL,
    claim_id INTEGER NOT NULL,
    PRIMARY KEY (key_id, date, claim_id)
) WITHOUT ROWID;
-- LSH band keys of each claim's word-shingle MinHash, for near-identical
-- wording across documents.
CREATE TABLE claim_bands (
    band_key INTEGER NOT NULL,
    claim_id INTEGER NOT NULL,
    PRIMARY KEY (band_key, claim_id)
) WITHOUT ROWID;
-- How a claim answers another of the same document.
CREATE TABLE claim_stances (
    claim_id       INTEGER NOT NULL,
    target_id      INTEGER NOT NULL,
    relation       TEXT NOT NULL,
    document_id    INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    PRIMARY KEY (claim_id, target_id, relation)
) WITHOUT ROWID;
CREATE INDEX claim_stances_target ON claim_stances(target_id);

-- The claims on each side of a cluster's proposition: every claim on its
-- own cluster (side by polarity), a claim that denies, confirms or
-- supports another of its document on the other's cluster (relation says
-- which), and a claim whose status is denied with no claim denying it as an
-- unnamed denial of itself (relation 'denied_unnamed'). side is 'asserts'
-- or 'denies'; the evidence span is the claim's words, or for a stance the
-- words that carry it.
CREATE TABLE claim_evidence (
    cluster_id     INTEGER NOT NULL,
    side           TEXT NOT NULL,
    claim_id       INTEGER NOT NULL,
    source_ident   TEXT NOT NULL,
    document_id    INTEGER NOT NULL,
    date           TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    relation       TEXT,
    PRIMARY KEY (cluster_id, side, claim_id)
) WITHOUT ROWID;
-- A dispute: a cluster whose proposition one source asserts and another
-- denies. One per cluster, made when the second side's first source
-- arrives and kept up to date after; its evidence is the cluster's
-- claim_evidence. Dates: each side's first evidence, and the date the
-- dispute arose (`since`: the first date both sides had evidence).
CREATE TABLE disputes (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL UNIQUE REFERENCES claim_clusters(id),
    since           TEXT,
    first_asserted  TEXT,
    first_denied    TEXT,
    last_seen       TEXT,
    asserting       INTEGER NOT NULL DEFAULT 0,
    denying         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX disputes_last_seen ON disputes(last_seen);

CREATE VIRTUAL TABLE claims_fts USING fts5(
    text, source_name, content='claims', content_rowid='id', tokenize='porter unicode61'
);
"#;

/// Bring the database up to the newest schema.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let newest = MIGRATIONS.len() as i64;
    if version > newest {
        return Err(Error::Schema(format!(
            "the database is at schema version {version}, newer than this dossier knows ({newest}): \
             use a newer dossier, or another --db file"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if *sql == V5_PERSON_VARIANTS {
            backfill_person_variants(&tx)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database schema migrated");
    }
    Ok(())
}

/// The schema version this code writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
