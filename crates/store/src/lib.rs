//! dossier's corpus store: analysed documents and everything found in them,
//! in one SQLite file with full-text search.
//!
//! - **Documents** are stored once per content (the hash of their
//!   whitespace-normalised text); every input document is a **copy** row
//!   pointing at its content, so exact duplicates are recorded, not analysed
//!   twice, and re-ingesting the same input (same id, same content) is a no-op.
//! - **Near-duplicates** (a syndicated story with a changed line) are linked
//!   to the earlier document they copy, with their estimated similarity
//!   (MinHash over word shingles, see [`minhash`]).
//! - **Entities** of each document join corpus-wide entities by their key;
//!   surface variants are merged only on stored evidence (rules in `link.rs`),
//!   which [`Store::merges`] lists and [`Store::undo_merge`] reverses.
//! - **Quotes** keep their speaker's name and text as well as its entity,
//!   so speakers the entity stage did not catch are still found by name.
//! - A **batch** of documents and all their annotations is written in one
//!   transaction (WAL journal), or several batches in one with
//!   [`Store::set_commit_every`], so a killed ingest leaves a consistent
//!   file and a re-run stores only what is missing.
//!
//! - **Claims** join **clusters** (one per proposition across the corpus)
//!   as they are written: through their document's near-duplicate link, an
//!   equal corpus key, or near-identical wording (rules in `claims.rs`). A
//!   cluster asserted by one source and denied by another is a **dispute**,
//!   opened and updated incrementally.
//!
//! The schema has a version and an ordered list of migrations
//! (`schema.rs`); events will come as a new migration.
//!
//! ```
//! use dossier_store::{Item, Store};
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(&dir.path().join("corpus.db")).unwrap();
//! let doc = text::Doc::new(
//!     text::Meta { id: "a1".into(), date: Some("2025-04-10".into()), ..Default::default() },
//!     "The port reopened on Tuesday.".into(),
//! );
//! let report = store.write_batch(vec![Item::analysed(doc, "a.txt".into())], None).unwrap();
//! assert_eq!((report.documents, report.copies), (1, 1));
//! assert_eq!(store.totals().unwrap().documents, 1);
//! ```
#![deny(missing_docs)]

mod claims;
mod deferred;
mod filter;
mod happenings;
mod link;
pub mod minhash;
mod query;
mod schema;
mod stopped;
mod tables;
#[cfg(test)]
mod tests;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use happenings::{EventFilter, EventList, EventRow};
pub use minhash::Signature;
pub use query::*;
pub use schema::current_version;
pub use stopped::StoppedDocument;
pub use tables::*;
pub use write::{Analysed, BatchReport, CopyOf, Item};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or created.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The file is not a dossier database at a version this code reads.
    #[error("{0}")]
    Schema(String),
    /// A full-text query SQLite could not parse.
    #[error("cannot search for {query:?}: {message} (put words in double quotes to search for them literally)")]
    Search {
        /// The query as given.
        query: String,
        /// SQLite's message.
        message: String,
    },
    /// Anything else SQLite reports.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// Writing an export failed.
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    /// Something asked for does not exist.
    #[error("{0}")]
    NotFound(String),
}

/// An open dossier database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Writer state, loaded on the first write and dropped on a failed one.
    linker: Option<write::Linker>,
    /// Whether claims are linked by their wording (MinHash bands) as well
    /// as by copy and key.
    claim_wording: bool,
    /// Inputs a write transaction takes before it commits.
    commit_every: usize,
    /// Inputs written in the open write transaction (0: none open).
    uncommitted: usize,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Whether an input document is already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// This input (id and content) is stored: nothing to do.
    Copy,
    /// Its content is stored under another input: record a copy only.
    Content,
    /// New content: analyse it.
    No,
}

/// Row counts of the whole database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Distinct contents analysed.
    pub documents: i64,
    /// Input documents, exact duplicates included.
    pub copies: i64,
    /// Documents linked to an earlier near-duplicate.
    pub near_duplicates: i64,
    /// Entities over all documents.
    pub entities: i64,
    /// Their mentions.
    pub mentions: i64,
    /// Corpus-wide entities.
    pub corpus_entities: i64,
    /// Merges of surface variants in force.
    pub merges: i64,
    /// Attributions.
    pub quotes: i64,
    /// Distinct speaker names.
    pub speakers: i64,
    /// Claims.
    pub claims: i64,
    /// Claim clusters (propositions across the corpus).
    pub claim_clusters: i64,
    /// Disputes.
    pub disputes: i64,
}

impl Store {
    /// Open (or create) a database and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        configure(&conn).map_err(open_err)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            linker: None,
            claim_wording: true,
            commit_every: 1,
            uncommitted: 0,
        })
    }

    /// Open an existing database for queries only (it is not migrated).
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        if !path.exists() {
            return Err(Error::NotFound(format!(
                "no database at {}: create one with `dossier ingest FILES --db {}`",
                path.display(),
                path.display()
            )));
        }
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            // Read-write without create: a read-only handle on a WAL file
            // fails when its -shm file is missing; query_only keeps it safe.
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(open_err)?;
        conn.execute_batch(
            "PRAGMA query_only = ON; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;",
        )
            .map_err(open_err)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version != schema::current_version() {
            return Err(Error::Schema(format!(
                "{} is at schema version {version}, this dossier reads version {}{}",
                path.display(),
                schema::current_version(),
                if version < schema::current_version() {
                    ": run `dossier ingest` on it once to migrate"
                } else {
                    ": use a newer dossier"
                }
            )));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            linker: None,
            claim_wording: true,
            commit_every: 1,
            uncommitted: 0,
        })
    }

    /// Link claims by near-identical wording too (on by default): each claim
    /// then stores and looks up [`minhash::CLAIM_BANDS`] MinHash band keys. Off, claims join
    /// clusters by their document's copy link and by key only, and store no
    /// band keys (claims written meanwhile cannot be found by wording later).
    pub fn set_claim_wording_links(&mut self, on: bool) {
        self.claim_wording = on;
    }

    /// Bound the memory this connection keeps: a page cache of at most
    /// `cache_mib` MiB and no memory-mapped reads. Mapped pages of the file
    /// count as the process's resident memory and grow with the file (an
    /// ingest's closing counts touch all of it); without them reads go
    /// through the operating system's cache, which is not the process's.
    pub fn bound_memory(&self, cache_mib: u32) -> Result<(), Error> {
        self.conn.execute_batch(&format!(
            "PRAGMA cache_size = -{}; PRAGMA mmap_size = 0;",
            u64::from(cache_mib) * 1024
        ))?;
        Ok(())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an input document (its id and content hash) is stored.
    pub fn lookup(&self, input_id: &str, content_hash: &str) -> Result<Stored, Error> {
        let copy: Option<i64> = self
            .conn
            .prepare_cached("SELECT 1 FROM copies WHERE input_id = ?1 AND content_hash = ?2")?
            .query_row((input_id, content_hash), |r| r.get(0))
            .optional()?;
        if copy.is_some() {
            return Ok(Stored::Copy);
        }
        let doc: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
            .query_row([content_hash], |r| r.get(0))
            .optional()?;
        Ok(if doc.is_some() { Stored::Content } else { Stored::No })
    }

    /// Row counts of the whole database.
    pub fn totals(&self) -> Result<Totals, Error> {
        let count = |sql: &str| -> Result<i64, Error> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(Totals {
            documents: count("SELECT count(*) FROM documents")?,
            copies: count("SELECT count(*) FROM copies")?,
            near_duplicates: count("SELECT count(*) FROM documents WHERE near_dup_of IS NOT NULL")?,
            entities: count("SELECT count(*) FROM entities")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            corpus_entities: count("SELECT count(*) FROM corpus_entities")?,
            merges: count("SELECT count(*) FROM merge_evidence WHERE undone = 0")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            speakers: count("SELECT count(*) FROM speakers")?,
            claims: count("SELECT count(*) FROM claims")?,
            claim_clusters: count("SELECT count(*) FROM claim_clusters")?,
            disputes: count("SELECT count(*) FROM disputes")?,
        })
    }

    /// Check the database and every full-text index; returns SQLite's
    /// complaints, empty when all is well.
    pub fn check(&self) -> Result<Vec<String>, Error> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        problems.retain(|p| p != "ok");
        for fts in [
            "documents_fts",
            "quotes_fts",
            "speakers_fts",
            "entity_keys_fts",
            "claims_fts",
        ] {
            if let Err(e) = self.conn.execute(
                &format!("INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)"),
                [],
            ) {
                problems.push(format!("{fts}: {e}"));
            }
        }
        Ok(problems)
    }

    /// Record the start of an ingest run; returns its id.
    pub fn begin_run(&self, arguments: &str) -> Result<i64, Error> {
        self.conn.execute(
            "INSERT INTO runs(started, arguments) VALUES(strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?1)",
            [arguments],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Record an input or item that could not be read.
    pub fn record_failure(&self, run: i64, path: &str, position: Option<&str>, message: &str) -> Result<(), Error> {
        self.conn.execute(
            "INSERT INTO failures(run_id, path, position, message) VALUES(?1, ?2, ?3, ?4)",
            (run, path, position, message),
        )?;
        Ok(())
    }

    /// Record the end of an ingest run.
    pub fn finish_run(&self, run: i64) -> Result<(), Error> {
        self.conn.execute(
            "UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
            [run],
        )?;
        Ok(())
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // The writer cycles through some forty statements per document; with
    // rusqlite's default cache of 16 they would be re-parsed every time.
    conn.set_prepared_statement_cache_capacity(128);
    // WAL: readers never block the writer, and a killed writer leaves the
    // last committed transaction intact. NORMAL sync is safe against a
    // process crash (the WAL is in the OS's hands once written).
    // Ingest inserts into indexes keyed by entity and date all over the
    // file: a 256 MB page cache keeps their inner pages, and checkpointing
    // every 64 MB of WAL instead of every 4 MB copies a page that many
    // batches touch back into the database once, not once per batch.
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = -262144;
         PRAGMA temp_store = MEMORY;
         PRAGMA mmap_size = 1073741824;
         PRAGMA wal_autocheckpoint = 16384;",
    )
}
