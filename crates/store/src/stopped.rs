//! Documents an ingest stopped for overspending their budget of time or
//! memory: recorded so that a re-run skips them instead of stalling on
//! them again, until `dossier ingest --retry-failed` tries them anew.

use rusqlite::OptionalExtension;

use crate::{Error, Store};

/// The fourth migration: the stopped documents, one row per input (id and
/// content), the latest stop kept.
pub(crate) const V4_STOPPED_DOCUMENTS: &str = r#"
CREATE TABLE stopped_documents (
    input_id     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    origin       TEXT NOT NULL,
    stage        TEXT NOT NULL,
    overspent    TEXT NOT NULL,
    message      TEXT NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES runs(id),
    PRIMARY KEY (input_id, content_hash)
) WITHOUT ROWID;
"#;

/// A document stopped for overspending its budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoppedDocument {
    /// The input's id.
    pub input_id: String,
    /// Its content hash.
    pub content_hash: String,
    /// File and position it came from.
    pub origin: String,
    /// The stage it was stopped in.
    pub stage: String,
    /// `time` or `memory`.
    pub overspent: String,
    /// What the pipeline said.
    pub message: String,
}

impl Store {
    /// Record a stopped document (replacing an earlier stop of it).
    pub fn record_stopped(&self, run: i64, doc: &StoppedDocument) -> Result<(), Error> {
        self.conn.execute(
            "INSERT OR REPLACE INTO stopped_documents(input_id, content_hash, origin, stage, overspent, message, run_id) \
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                &doc.input_id,
                &doc.content_hash,
                &doc.origin,
                &doc.stage,
                &doc.overspent,
                &doc.message,
                run,
            ),
        )?;
        Ok(())
    }

    /// Forget a stopped document (it has since been analysed); returns
    /// whether it was recorded.
    pub fn clear_stopped(&self, input_id: &str, content_hash: &str) -> Result<bool, Error> {
        let n = self.conn.execute(
            "DELETE FROM stopped_documents WHERE input_id = ?1 AND content_hash = ?2",
            (input_id, content_hash),
        )?;
        Ok(n > 0)
    }

    /// Every stopped document, in input id order.
    pub fn stopped_documents(&self) -> Result<Vec<StoppedDocument>, Error> {
        let mut stmt = self.conn.prepare(
            "SELECT input_id, content_hash, origin, stage, overspent, message FROM stopped_documents \
             ORDER BY input_id, content_hash",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoppedDocument {
                input_id: r.get(0)?,
                content_hash: r.get(1)?,
                origin: r.get(2)?,
                stage: r.get(3)?,
                overspent: r.get(4)?,
                message: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stop recorded for an input, if any.
    pub fn stopped_document(&self, input_id: &str, content_hash: &str) -> Result<Option<StoppedDocument>, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT input_id, content_hash, origin, stage, overspent, message FROM stopped_documents \
                 WHERE input_id = ?1 AND content_hash = ?2",
                (input_id, content_hash),
                |r| {
                    Ok(StoppedDocument {
                        input_id: r.get(0)?,
                        content_hash: r.get(1)?,
                        origin: r.get(2)?,
                        stage: r.get(3)?,
                        overspent: r.get(4)?,
                        message: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }
}
