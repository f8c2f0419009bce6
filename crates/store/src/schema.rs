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
pub(crate) const MIGRATIONS: &[&str] = &[V1, crate::happenings::V_HAPPENINGS];

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
