//! Queries behind `dossier search`, `quotes`, `entity`, `timeline` and
//! `merges`. Each returns plain rows; the binary prints them.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{Error, Store};

/// A full-text search hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// `document` or `quote`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: &'static str,
    /// Document or quote row id.
    pub id: i64,
    /// The document it is in.
    pub document_id: i64,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// For a quote, who said it.
    pub speaker: Option<String>,
    /// The matching passage, matches in `[brackets]`.
    pub snippet: String,
    /// BM25 (lower is better, as SQLite ranks).
    pub score: f64,
}

/// Which quotes to list.
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Said by a speaker or entity of this name (any of its words order).
    pub speaker: Option<String>,
    /// About an entity of this name: it is mentioned in the content.
    pub about: Option<String>,
    /// From this date (`YYYY-MM-DD`, inclusive).
    pub since: Option<String>,
    /// Up to this date (inclusive).
    pub until: Option<String>,
    /// At most this many rows (0: all).
    pub limit: usize,
    /// Only quotes of at least this confidence (0: all).
    pub min_confidence: f64,
}

/// A stored quote with its document's metadata.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRow {
    /// Quote row id.
    pub id: i64,
    /// The document it is in.
    pub document_id: i64,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// direct, partial, indirect, mixed or scare.
    pub kind: String,
    /// What was said (fragments joined by " … ").
    pub content: String,
    /// The cue.
    pub cue: Option<String>,
    /// The speaker's name (or text when unresolved).
    pub speaker: Option<String>,
    /// The speaker's mention in the text ("he", "the minister").
    pub speaker_text: Option<String>,
    /// person, institution, anonymous or unnamed.
    pub speaker_kind: Option<String>,
    /// The corpus entity of the speaker, when the entity stage found one.
    pub speaker_entity_id: Option<i64>,
    /// Its canonical name.
    pub speaker_entity: Option<String>,
    /// spoken or written.
    pub medium: Option<String>,
    /// Where it was said.
    pub venue: Option<String>,
    /// To whom.
    pub addressee: Option<String>,
    /// 0 to 1.
    pub confidence: f64,
    /// When it was said, as the text gives it ("on Tuesday").
    pub time_text: Option<String>,
    /// That time's ISO 8601 value, when resolved.
    pub time: Option<String>,
}

/// Quotes found and the number of all that matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteList {
    /// Every matching quote, before the limit.
    pub total: usize,
    /// The most recent first (undated last), in text order within a document.
    pub quotes: Vec<QuoteRow>,
}

/// A surface variant (key) of a corpus entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Variant {
    /// The entity stage's key.
    pub key: String,
    /// The name first stored for it.
    pub name: String,
    /// Documents it appears in.
    pub documents: i64,
    /// Its mentions.
    pub mentions: i64,
    /// Why it joined this corpus entity, when it was merged into it.
    pub merge: Option<MergeRow>,
}

/// A role over time.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleSpan {
    /// The role, lowercased.
    pub role: String,
    /// First month seen (`YYYY-MM`, empty when undated).
    pub first: String,
    /// Last month seen.
    pub last: String,
    /// Documents that give it.
    pub documents: i64,
}

/// Counts for one month.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCount {
    /// `YYYY-MM`, or empty for undated documents.
    pub month: String,
    /// Documents mentioning the entity.
    pub documents: i64,
    /// Mentions in them.
    pub mentions: i64,
}

/// Another entity mentioned in the same documents.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoMention {
    /// Corpus entity id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub etype: String,
    /// Documents mentioning both (among those counted).
    pub documents: i64,
}

/// Everything the store knows about one corpus entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityProfile {
    /// Corpus entity id.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// PERSON, ORG, GPE, NORP, LOC, FAC or EVENT.
    #[serde(rename = "type")]
    pub etype: String,
    /// Documents mentioning it.
    pub documents: i64,
    /// Mentions.
    pub mentions: i64,
    /// Its keys, with merge evidence.
    pub variants: Vec<Variant>,
    /// Roles the texts give it, with the months they span.
    pub roles: Vec<RoleSpan>,
    /// Documents and mentions by month.
    pub months: Vec<MonthCount>,
    /// Most co-mentioned entities.
    pub co_mentioned: Vec<CoMention>,
    /// Documents the co-mentions were counted over (the most recently
    /// stored, at most [`CO_MENTION_DOCUMENTS`]).
    pub co_mention_documents: i64,
    /// Quotes it said.
    pub quotes_by: usize,
    /// Quotes that mention it.
    pub quotes_about: usize,
    /// The latest quotes it said.
    pub latest_quotes_by: Vec<QuoteRow>,
    /// The latest quotes about it.
    pub latest_quotes_about: Vec<QuoteRow>,
}

/// A profile, or for a name no entity has, what speakers of that name said.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityReport {
    /// The best-matching corpus entity.
    pub entity: Option<EntityProfile>,
    /// Other corpus entities whose names match (id, name, type, documents).
    pub also_matched: Vec<CoMention>,
    /// Speaker names that match, with their quote counts.
    pub speakers: Vec<(String, i64)>,
    /// The latest quotes by those speakers when no entity matched.
    pub speaker_quotes: Option<QuoteList>,
}

/// One dated entry of a timeline: a document where the entity is mentioned
/// or speaks.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// Publication date.
    pub date: Option<String>,
    /// The document.
    pub document_id: i64,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Mentions of the entity in it.
    pub mentions: i64,
    /// Quotes it said there.
    pub quotes: i64,
    /// The first of them.
    pub first_quote: Option<String>,
}

/// A timeline and how much of it there is.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    /// What the name resolved to.
    pub entity: Option<String>,
    /// Every matching document.
    pub total: usize,
    /// The latest `limit` of them, oldest first.
    pub entries: Vec<TimelineEntry>,
}

/// A stored merge of a key into a corpus entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRow {
    /// Merge id (for `dossier merges --undo`).
    pub id: i64,
    /// The merged key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// The key it was found similar to.
    pub matched_key: String,
    /// That key's name.
    pub matched_name: String,
    /// The corpus entity it joined.
    pub corpus_entity_id: i64,
    /// Which rule allowed it.
    pub rule: String,
    /// Surname edit distance.
    pub edit_distance: i64,
    /// The evidence, one statement each.
    pub evidence: Vec<String>,
    /// True once undone.
    pub undone: bool,
}

/// Co-mentions of frequent entities are counted over this many of their
/// most recently stored documents, to keep the profile fast.
pub const CO_MENTION_DOCUMENTS: usize = 3000;

/// A user's words as an FTS5 query: each word quoted (so punctuation and
/// operators are literal), all required. Text already written in FTS5
/// syntax (double quotes, AND/OR/NOT, NEAR, a trailing `*`) is passed as is.
pub fn fts_query(text: &str) -> String {
    let raw = text.contains('"')
        || text.contains('*')
        || text.contains("NEAR(")
        || text.split_whitespace().any(|w| matches!(w, "AND" | "OR" | "NOT"));
    if raw {
        return text.to_string();
    }
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .flat_map(|w| w.split(['\'', '-']))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

fn fts_error(query: &str, e: rusqlite::Error) -> Error {
    match e {
        // SQLITE_ERROR from an FTS5 MATCH is the query's syntax.
        rusqlite::Error::SqliteFailure(e, Some(msg)) if e.code == rusqlite::ErrorCode::Unknown => Error::Search {
            query: query.to_string(),
            message: msg,
        },
        e => Error::Sql(e),
    }
}

/// A date range; empty ends are open.
struct Range<'a> {
    since: &'a str,
    until: &'a str,
    /// The least confidence a quote needs.
    min_confidence: f64,
}

impl Range<'_> {
    fn admits(&self, date: Option<&str>) -> bool {
        match date {
            None => self.since.is_empty() && self.until.is_empty(),
            Some(d) => (self.since.is_empty() || d >= self.since) && (self.until.is_empty() || d <= self.until),
        }
    }
}

/// Which index a set of quotes is read through.
#[derive(Clone, Copy)]
enum Route {
    /// quotes.speaker_id
    Speaker,
    /// quotes.speaker_key_id
    SpeakerKey,
    /// quote_about.key_id
    AboutKey,
}

/// Quotes found: every id, and candidates for the newest with their dates.
#[derive(Default)]
struct Found {
    ids: HashSet<i64>,
    top: Vec<(i64, Option<String>)>,
}

/// Newest first, undated last, then text order.
fn by_date_desc(a: &(i64, Option<String>), b: &(i64, Option<String>)) -> std::cmp::Ordering {
    match (&a.1, &b.1) {
        (Some(x), Some(y)) => y.cmp(x).then(a.0.cmp(&b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(&b.0),
    }
}

/// A read transaction for the length of one query: one snapshot, and one
/// lock round trip instead of one per statement. Nested uses are no-ops.
struct Snapshot<'a> {
    conn: &'a rusqlite::Connection,
    active: bool,
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        if self.active {
            let _ = self.conn.execute_batch("COMMIT");
        }
    }
}

impl Store {
    fn snapshot(&self) -> Result<Snapshot<'_>, Error> {
        let active = self.conn.is_autocommit();
        if active {
            self.conn.execute_batch("BEGIN")?;
        }
        Ok(Snapshot {
            conn: &self.conn,
            active,
        })
    }

    /// Full-text search over documents (title and text) and quotes.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        let _snapshot = self.snapshot()?;
        let q = fts_query(text);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let limit = if limit == 0 { i64::MAX } else { limit as i64 };
        let mut hits = Vec::new();
        let top = |sql: &str| -> Result<Vec<(i64, f64)>, Error> {
            let mut st = self.conn.prepare_cached(sql)?;
            let rows = st
                .query_map(params![q, limit], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| fts_error(text, e))?;
            rows.collect::<Result<_, _>>().map_err(|e| fts_error(text, e))
        };
        let docs = top("SELECT rowid, bm25(documents_fts, 4.0, 1.0) AS score FROM documents_fts
             WHERE documents_fts MATCH ?1 ORDER BY score LIMIT ?2")?;
        let mut snip = self.conn.prepare_cached(
            "SELECT snippet(documents_fts, 1, '[', ']', '…', 16) FROM documents_fts
             WHERE documents_fts MATCH ?1 AND rowid = ?2",
        )?;
        let mut meta = self
            .conn
            .prepare_cached("SELECT date, source, title FROM documents WHERE id = ?1")?;
        for (id, score) in docs {
            let snippet: String = snip.query_row(params![q, id], |r| r.get(0))?;
            let (date, source, title) = meta.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            hits.push(SearchHit {
                kind: "document",
                id,
                document_id: id,
                date,
                source,
                title,
                speaker: None,
                snippet,
                score,
            });
        }
        let quotes = top("SELECT rowid, bm25(quotes_fts) AS score FROM quotes_fts
             WHERE quotes_fts MATCH ?1 ORDER BY score LIMIT ?2")?;
        let mut qmeta = self.conn.prepare_cached(
            "SELECT q.document_id, q.date, d.source, d.title, q.speaker, q.content
             FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.id = ?1",
        )?;
        for (id, score) in quotes {
            let (document_id, date, source, title, speaker, content): (
                i64,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                String,
            ) = qmeta.query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
            hits.push(SearchHit {
                kind: "quote",
                id,
                document_id,
                date,
                source,
                title,
                speaker,
                snippet: content,
                score,
            });
        }
        Ok(hits)
    }

    /// Corpus entities whose names contain every word of `name`, best
    /// first: an exact name (any variant) before a partial one, then by
    /// mentions. Returns (corpus id, its key ids).
    fn match_entities(&self, name: &str) -> Result<Vec<(i64, Vec<i64>)>, Error> {
        let q = fts_query(name);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare_cached(
            "SELECT k.corpus_entity_id, lower(k.name) = lower(?2)
             FROM entity_keys_fts f JOIN entity_keys k ON k.id = f.rowid
             WHERE entity_keys_fts MATCH ?1",
        )?;
        let mut found: HashMap<i64, bool> = HashMap::new();
        let rows = st
            .query_map(params![q, name.trim()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?))
            })
            .map_err(|e| fts_error(name, e))?;
        for row in rows {
            let (c, exact) = row.map_err(|e| fts_error(name, e))?;
            *found.entry(c).or_default() |= exact;
        }
        let mut keys_of = self
            .conn
            .prepare_cached("SELECT id, mentions FROM entity_keys WHERE corpus_entity_id = ?1")?;
        let mut out = Vec::new();
        for (c, exact) in found {
            let mut keys = Vec::new();
            let mut mentions = 0;
            for row in keys_of.query_map([c], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
                let (k, m) = row?;
                keys.push(k);
                mentions += m;
            }
            out.push((exact, mentions, c, keys));
        }
        out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        Ok(out.into_iter().map(|(_, _, c, k)| (c, k)).collect())
    }

    /// Speaker ids whose names contain every word of `name`.
    fn match_speakers(&self, name: &str) -> Result<Vec<i64>, Error> {
        let q = fts_query(name);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ?1")?;
        let rows = st.query_map([&q], |r| r.get(0)).map_err(|e| fts_error(name, e))?;
        rows.collect::<Result<_, _>>().map_err(|e| fts_error(name, e))
    }

    /// Quotes said by a speaker or entity of this name.
    fn quotes_by_name(&self, name: &str, range: &Range<'_>) -> Result<Found, Error> {
        let mut found = Found::default();
        for s in self.match_speakers(name)? {
            self.collect(Route::Speaker, s, range, &mut found)?;
        }
        for (_, keys) in self.match_entities(name)? {
            for k in keys {
                self.collect(Route::SpeakerKey, k, range, &mut found)?;
            }
        }
        Ok(found)
    }

    /// Quotes about an entity of this name: its resolved mentions inside
    /// the content, or the name's words in the content.
    fn quotes_about_name(&self, name: &str, range: &Range<'_>) -> Result<Found, Error> {
        let mut found = Found::default();
        for (_, keys) in self.match_entities(name)? {
            for k in keys {
                self.collect(Route::AboutKey, k, range, &mut found)?;
            }
        }
        let q = fts_query(name);
        if q.is_empty() {
            return Ok(found);
        }
        let ids: Vec<i64> = {
            let mut st = self
                .conn
                .prepare_cached("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?1")?;
            let rows = st
                .query_map([format!("content : ({q})")], |r| r.get(0))
                .map_err(|e| fts_error(name, e))?;
            rows.collect::<Result<_, _>>().map_err(|e| fts_error(name, e))?
        };
        let mut date_of = self
            .conn
            .prepare_cached("SELECT date, confidence FROM quotes WHERE id = ?1")?;
        for id in ids {
            if found.ids.contains(&id) {
                continue;
            }
            let (date, confidence): (Option<String>, f64) = date_of.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if range.admits(date.as_deref()) && confidence >= range.min_confidence {
                found.ids.insert(id);
                found.top.push((id, date));
            }
        }
        Ok(found)
    }

    /// Add the quotes one index range reaches, with their dates (read off
    /// the index: no table row is visited).
    fn collect(&self, route: Route, arg: i64, range: &Range<'_>, found: &mut Found) -> Result<(), Error> {
        // Undated rows of quote_about hold '' (a key column cannot be null).
        let sql = match route {
            Route::Speaker => {
                "SELECT id, date FROM quotes WHERE speaker_id = ?1 AND (?2 = '' OR date >= ?2) AND (?3 = '' OR date <= ?3)
                 AND confidence >= ?4"
            }
            Route::SpeakerKey => {
                "SELECT id, date FROM quotes WHERE speaker_key_id = ?1 AND (?2 = '' OR date >= ?2)
                 AND (?3 = '' OR date <= ?3) AND confidence >= ?4"
            }
            Route::AboutKey => {
                // The index holds the confidence: no quote row is read.
                "SELECT a.quote_id, nullif(a.date, '') FROM quote_about a
                 JOIN quotes q INDEXED BY quotes_id_confidence ON q.id = a.quote_id
                 WHERE a.key_id = ?1 AND (?2 = '' OR a.date >= ?2)
                 AND (?3 = '' OR (a.date <> '' AND a.date <= ?3)) AND q.confidence >= ?4"
            }
        };
        let mut st = self.conn.prepare_cached(sql)?;
        let mut rows = st.query(params![arg, range.since, range.until, range.min_confidence])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if found.ids.insert(id) {
                found.top.push((id, r.get(1)?));
            }
        }
        Ok(())
    }

    /// How many quotes one key reaches, and the newest `n` of them.
    fn count_and_newest(
        &self,
        route: Route,
        key: i64,
        n: usize,
        top: &mut Vec<(i64, Option<String>)>,
    ) -> Result<usize, Error> {
        let (count_sql, top_sql) = match route {
            Route::AboutKey => (
                "SELECT count(*) FROM quote_about WHERE key_id = ?1",
                "SELECT quote_id, nullif(date, '') FROM quote_about WHERE key_id = ?1 ORDER BY date DESC LIMIT ?2",
            ),
            _ => (
                "SELECT count(*) FROM quotes WHERE speaker_key_id = ?1",
                "SELECT id, date FROM quotes WHERE speaker_key_id = ?1 ORDER BY date DESC LIMIT ?2",
            ),
        };
        let count: i64 = self.conn.prepare_cached(count_sql)?.query_row([key], |r| r.get(0))?;
        if n > 0 {
            let mut st = self.conn.prepare_cached(top_sql)?;
            for row in st.query_map(params![key, n as i64], |r| Ok((r.get(0)?, r.get(1)?)))? {
                top.push(row?);
            }
        }
        Ok(count as usize)
    }

    /// Quotes by speaker, about an entity, in a date range.
    pub fn quotes(&self, f: &QuoteFilter) -> Result<QuoteList, Error> {
        let _snapshot = self.snapshot()?;
        let range = Range {
            since: f.since.as_deref().unwrap_or(""),
            until: f.until.as_deref().unwrap_or(""),
            min_confidence: f.min_confidence,
        };
        let found = match (&f.speaker, &f.about) {
            (Some(s), Some(a)) => {
                // Both: the intersection, dated afterwards (it is small).
                let by = self.quotes_by_name(s, &range)?;
                let about = self.quotes_about_name(a, &range)?;
                let top: Vec<(i64, Option<String>)> =
                    by.top.into_iter().filter(|(id, _)| about.ids.contains(id)).collect();
                Found {
                    ids: top.iter().map(|t| t.0).collect(),
                    top,
                }
            }
            (Some(s), None) => self.quotes_by_name(s, &range)?,
            (None, Some(a)) => self.quotes_about_name(a, &range)?,
            (None, None) => {
                let total: i64 = self
                    .conn
                    .prepare_cached(
                        "SELECT count(*) FROM quotes WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)
                         AND confidence >= ?3",
                    )?
                    .query_row(params![range.since, range.until, range.min_confidence], |r| r.get(0))?;
                let limit = if f.limit == 0 { -1 } else { f.limit as i64 };
                let mut st = self.conn.prepare_cached(
                    "SELECT id, date FROM quotes WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)
                     AND confidence >= ?4 ORDER BY date DESC LIMIT ?3",
                )?;
                let top = st
                    .query_map(params![range.since, range.until, limit, range.min_confidence], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<Result<_, _>>()?;
                return self.quote_list(total as usize, top, f.limit);
            }
        };
        self.quote_list(found.ids.len(), found.top, f.limit)
    }

    /// The newest `limit` (0: all) of `top`, as rows.
    fn quote_list(&self, total: usize, mut top: Vec<(i64, Option<String>)>, limit: usize) -> Result<QuoteList, Error> {
        if limit > 0 && limit < top.len() {
            top.select_nth_unstable_by(limit, by_date_desc);
            top.truncate(limit);
        }
        top.sort_by(by_date_desc);
        let quotes = top
            .iter()
            .map(|(id, _)| self.quote_row(*id))
            .collect::<Result<_, _>>()?;
        Ok(QuoteList { total, quotes })
    }

    fn quote_row(&self, id: i64) -> Result<QuoteRow, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT q.id, q.document_id, q.date, d.source, d.title, q.kind, q.content, q.cue,
                    q.speaker, q.speaker_text, q.speaker_kind,
                    c.id, (SELECT name FROM entity_keys WHERE corpus_entity_id = c.id ORDER BY documents DESC, id LIMIT 1), q.medium, q.venue, q.addressee, q.confidence,
                    qt.text, qt.value
             FROM quotes q JOIN documents d ON d.id = q.document_id
             LEFT JOIN entity_keys k ON k.id = q.speaker_key_id
             LEFT JOIN corpus_entities c ON c.id = k.corpus_entity_id
             LEFT JOIN quote_times qt ON qt.quote_id = q.id
             WHERE q.id = ?1",
        )?;
        Ok(st.query_row([id], |r| {
            Ok(QuoteRow {
                id: r.get(0)?,
                document_id: r.get(1)?,
                date: r.get(2)?,
                source: r.get(3)?,
                title: r.get(4)?,
                kind: r.get(5)?,
                content: r.get(6)?,
                cue: r.get(7)?,
                speaker: r.get(8)?,
                speaker_text: r.get(9)?,
                speaker_kind: r.get(10)?,
                speaker_entity_id: r.get(11)?,
                speaker_entity: r.get(12)?,
                medium: r.get(13)?,
                venue: r.get(14)?,
                addressee: r.get(15)?,
                confidence: r.get(16)?,
                time_text: r.get(17)?,
                time: r.get(18)?,
            })
        })?)
    }

    fn corpus_entity(&self, id: i64) -> Result<CoMention, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT (SELECT name FROM entity_keys WHERE corpus_entity_id = c.id ORDER BY documents DESC, id LIMIT 1), c.type, coalesce((SELECT sum(documents) FROM entity_keys WHERE corpus_entity_id = c.id), 0)
             FROM corpus_entities c WHERE c.id = ?1",
        )?;
        Ok(st.query_row([id], |r| {
            Ok(CoMention {
                id,
                name: r.get(0)?,
                etype: r.get(1)?,
                documents: r.get(2)?,
            })
        })?)
    }

    /// The profile of the corpus entity best matching `name`, or what
    /// speakers of that name said when no entity matches.
    pub fn entity(&self, name: &str, quotes: usize) -> Result<EntityReport, Error> {
        let _snapshot = self.snapshot()?;
        let matched = self.match_entities(name)?;
        let mut speakers = Vec::new();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT name, quotes FROM speakers WHERE id = ?1")?;
            for id in self.match_speakers(name)? {
                speakers.push(st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?);
            }
            speakers.sort_by(|a: &(String, i64), b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            speakers.truncate(20);
        }
        let Some((id, keys)) = matched.first().cloned() else {
            let speaker_quotes = if speakers.is_empty() {
                None
            } else {
                Some(self.quotes(&QuoteFilter {
                    speaker: Some(name.to_string()),
                    limit: quotes,
                    ..QuoteFilter::default()
                })?)
            };
            return Ok(EntityReport {
                entity: None,
                also_matched: Vec::new(),
                speakers,
                speaker_quotes,
            });
        };
        let also_matched = matched
            .iter()
            .skip(1)
            .take(10)
            .map(|(c, _)| self.corpus_entity(*c))
            .collect::<Result<_, _>>()?;
        let profile = self.profile(id, &keys, quotes)?;
        Ok(EntityReport {
            entity: Some(profile),
            also_matched,
            speakers,
            speaker_quotes: None,
        })
    }

    fn profile(&self, id: i64, keys: &[i64], quotes: usize) -> Result<EntityProfile, Error> {
        let head = self.corpus_entity(id)?;
        let mut variants = Vec::new();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT key, name, documents, mentions FROM entity_keys WHERE id = ?1")?;
            let mut merge = self
                .conn
                .prepare_cached("SELECT id FROM merge_evidence WHERE key_id = ?1 AND undone = 0")?;
            for &k in keys {
                let (key, name, documents, mentions) =
                    st.query_row([k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                let merge_id: Option<i64> = merge.query_row([k], |r| r.get(0)).optional()?;
                let merge = match merge_id {
                    Some(m) => self.merges_where("m.id = ?1", m)?.into_iter().next(),
                    None => None,
                };
                variants.push(Variant {
                    key,
                    name,
                    documents,
                    mentions,
                    merge,
                });
            }
            variants.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
        }
        let mut months: HashMap<String, (i64, i64)> = HashMap::new();
        let mut roles: HashMap<String, (String, String, i64)> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT month, documents, mentions FROM entity_months WHERE key_id = ?1")?;
            let mut rs = self
                .conn
                .prepare_cached("SELECT role, month, documents FROM entity_roles WHERE key_id = ?1")?;
            for &k in keys {
                for row in st.query_map([k], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
                })? {
                    let (m, d, n) = row?;
                    let e = months.entry(m).or_default();
                    e.0 += d;
                    e.1 += n;
                }
                for row in rs.query_map([k], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
                })? {
                    let (role, m, d) = row?;
                    let e = roles.entry(role).or_insert_with(|| (m.clone(), m.clone(), 0));
                    // Undated ('') never moves the span's ends off real months.
                    if !m.is_empty() && (e.0.is_empty() || m < e.0) {
                        e.0 = m.clone();
                    }
                    if m > e.1 {
                        e.1 = m;
                    }
                    e.2 += d;
                }
            }
        }
        let mut months: Vec<MonthCount> = months
            .into_iter()
            .map(|(month, (documents, mentions))| MonthCount {
                month,
                documents,
                mentions,
            })
            .collect();
        months.sort_by(|a, b| a.month.cmp(&b.month));
        let mut roles: Vec<RoleSpan> = roles
            .into_iter()
            .map(|(role, (first, last, documents))| RoleSpan {
                role,
                first,
                last,
                documents,
            })
            .collect();
        roles.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.role.cmp(&b.role)));
        let (documents, mentions) = months.iter().fold((0, 0), |a, m| (a.0 + m.documents, a.1 + m.mentions));
        let (co_mentioned, co_mention_documents) = self.co_mentions(id, keys, 10)?;
        // Counts off the indexes, and the newest few per key: a frequent
        // entity has tens of thousands of quotes. A quote has one speaker, so
        // the `by` counts add up exactly; a quote mentioning two variants of
        // one entity would count twice in `about` (the entity stage keeps one
        // key per entity in a document, so that is rare).
        let (mut quotes_by, mut quotes_about) = (0, 0);
        let (mut by, mut about) = (Vec::new(), Vec::new());
        for &k in keys {
            quotes_by += self.count_and_newest(Route::SpeakerKey, k, quotes, &mut by)?;
            quotes_about += self.count_and_newest(Route::AboutKey, k, quotes, &mut about)?;
        }
        let latest = |top: Vec<(i64, Option<String>)>| -> Result<Vec<QuoteRow>, Error> {
            if quotes == 0 {
                return Ok(Vec::new());
            }
            Ok(self.quote_list(top.len(), top, quotes)?.quotes)
        };
        let latest_quotes_by = latest(by)?;
        let latest_quotes_about = latest(about)?;
        Ok(EntityProfile {
            id,
            name: head.name,
            etype: head.etype,
            documents,
            mentions,
            variants,
            roles,
            months,
            co_mentioned,
            co_mention_documents,
            quotes_by,
            quotes_about,
            latest_quotes_by,
            latest_quotes_about,
        })
    }

    /// The entities most often in the same documents as corpus entity
    /// `id`, over its most recently stored documents.
    fn co_mentions(&self, id: i64, keys: &[i64], top: usize) -> Result<(Vec<CoMention>, i64), Error> {
        let mut docs: Vec<i64> = Vec::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT DISTINCT document_id FROM entities WHERE key_id = ?1 ORDER BY document_id DESC LIMIT ?2",
            )?;
            for &k in keys {
                for row in st.query_map(params![k, CO_MENTION_DOCUMENTS as i64], |r| r.get(0))? {
                    docs.push(row?);
                }
            }
        }
        docs.sort_unstable_by(|a, b| b.cmp(a));
        docs.dedup();
        docs.truncate(CO_MENTION_DOCUMENTS);
        // Key ids are dense: count in an array, remembering which were touched.
        let mut counts: Vec<u32> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT key_ids FROM document_keys WHERE document_id = ?1")?;
        for &d in &docs {
            st.query_row([d], |r| {
                let blob = r.get_ref(0)?.as_blob()?;
                for c in blob.chunks_exact(4) {
                    let k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                    let i = k as usize;
                    if i >= counts.len() {
                        counts.resize(i + 1024, 0);
                    }
                    if counts[i] == 0 {
                        touched.push(k);
                    }
                    counts[i] += 1;
                }
                Ok(())
            })?;
        }
        touched.retain(|k| !keys.contains(&i64::from(*k)));
        // Only keys that can reach the top are mapped to corpus entities: the
        // first 20 * top by documents. A corpus entity's count is the sum of
        // its keys' counts (a document holding two variant keys of one entity
        // counts twice; the entity stage keeps one key per entity in a
        // document, so that is rare).
        let order = |a: &u32, b: &u32| counts[*b as usize].cmp(&counts[*a as usize]).then(a.cmp(b));
        let keep = (20 * top.max(1)).min(touched.len());
        if keep < touched.len() {
            touched.select_nth_unstable_by(keep, order);
            touched.truncate(keep);
        }
        touched.sort_unstable_by(order);
        let mut corpus_of = self
            .conn
            .prepare_cached("SELECT corpus_entity_id FROM entity_keys WHERE id = ?1")?;
        let mut totals: HashMap<i64, i64> = HashMap::new();
        for k in touched {
            let c: i64 = corpus_of.query_row([i64::from(k)], |r| r.get(0))?;
            if c != id {
                *totals.entry(c).or_default() += i64::from(counts[k as usize]);
            }
        }
        let mut totals: Vec<(i64, i64)> = totals.into_iter().collect();
        totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out = Vec::new();
        for (c, n) in totals.into_iter().take(top) {
            let mut e = self.corpus_entity(c)?;
            e.documents = n.min(docs.len() as i64);
            out.push(e);
        }
        Ok((out, docs.len() as i64))
    }

    /// The documents where an entity (or a speaker of that name) appears,
    /// the latest `limit` of them (0: all), oldest first.
    pub fn timeline(
        &self,
        name: &str,
        since: Option<&str>,
        until: Option<&str>,
        limit: usize,
    ) -> Result<Timeline, Error> {
        let _snapshot = self.snapshot()?;
        let since = since.unwrap_or("");
        let until = until.unwrap_or("");
        let matched = self.match_entities(name)?;
        let entity = match matched.first() {
            Some((c, _)) => Some(self.corpus_entity(*c)?.name),
            None => None,
        };
        let keys: Vec<i64> = matched.first().map(|(_, k)| k.clone()).unwrap_or_default();
        // document -> (date, mentions, quotes, first quote id)
        let mut docs: HashMap<i64, (Option<String>, i64, i64, Option<i64>)> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT e.document_id, d.date, e.mentions FROM entities e JOIN documents d ON d.id = e.document_id
                 WHERE e.key_id = ?1 AND (?2 = '' OR d.date >= ?2) AND (?3 = '' OR d.date <= ?3)",
            )?;
            for &k in &keys {
                for row in st.query_map(params![k, since, until], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?))
                })? {
                    let (d, date, m) = row?;
                    let e = docs.entry(d).or_insert((date, 0, 0, None));
                    e.1 += m;
                }
            }
        }
        let range = Range {
            since,
            until,
            min_confidence: 0.0,
        };
        let mut found = Found::default();
        for &k in &keys {
            self.collect(Route::SpeakerKey, k, &range, &mut found)?;
        }
        if keys.is_empty() {
            // No entity: follow the speaker name alone.
            found = self.quotes_by_name(name, &range)?;
        }
        let mut quote_ids: Vec<i64> = found.ids.into_iter().collect();
        quote_ids.sort_unstable();
        quote_ids.dedup();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT q.document_id, q.date FROM quotes q WHERE q.id = ?1")?;
            for q in quote_ids {
                let (d, date): (i64, Option<String>) = st.query_row([q], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let e = docs.entry(d).or_insert((date, 0, 0, None));
                e.2 += 1;
                if e.3.is_none_or(|f| q < f) {
                    e.3 = Some(q);
                }
            }
        }
        let total = docs.len();
        let mut rows: Vec<(i64, Option<String>)> = docs.iter().map(|(d, v)| (*d, v.0.clone())).collect();
        rows.sort_by(by_date_desc);
        if limit > 0 {
            rows.truncate(limit);
        }
        rows.reverse();
        let mut meta = self
            .conn
            .prepare_cached("SELECT source, title FROM documents WHERE id = ?1")?;
        let mut content = self.conn.prepare_cached("SELECT content FROM quotes WHERE id = ?1")?;
        let mut entries = Vec::with_capacity(rows.len());
        for (d, date) in rows {
            let (source, title) = meta.query_row([d], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let v = &docs[&d];
            let first_quote = match v.3 {
                Some(q) => Some(content.query_row([q], |r| r.get(0))?),
                None => None,
            };
            entries.push(TimelineEntry {
                date,
                document_id: d,
                source,
                title,
                mentions: v.1,
                quotes: v.2,
                first_quote,
            });
        }
        Ok(Timeline { entity, total, entries })
    }

    fn merges_where(&self, condition: &str, arg: i64) -> Result<Vec<MergeRow>, Error> {
        let sql = format!(
            "SELECT m.id, k.key, k.name, mk.key, mk.name, m.corpus_entity_id, m.rule, m.edit_distance, m.evidence, m.undone
             FROM merge_evidence m JOIN entity_keys k ON k.id = m.key_id JOIN entity_keys mk ON mk.id = m.matched_key_id
             WHERE {condition} ORDER BY m.id"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([arg], |r| {
            let evidence: String = r.get(8)?;
            Ok(MergeRow {
                id: r.get(0)?,
                key: r.get(1)?,
                name: r.get(2)?,
                matched_key: r.get(3)?,
                matched_name: r.get(4)?,
                corpus_entity_id: r.get(5)?,
                rule: r.get(6)?,
                edit_distance: r.get(7)?,
                evidence: serde_json::from_str(&evidence).unwrap_or_else(|_| vec![evidence]),
                undone: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every speaker name with its number of quotes, in id order.
    pub fn speakers(&self) -> Result<Vec<(String, i64)>, Error> {
        let mut st = self.conn.prepare("SELECT name, quotes FROM speakers ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every corpus entity's name with its number of mentions, in id order.
    pub fn entity_mentions(&self) -> Result<Vec<(String, i64)>, Error> {
        let mut st = self.conn.prepare(
            "SELECT (SELECT name FROM entity_keys WHERE corpus_entity_id = c.id ORDER BY documents DESC, id LIMIT 1), coalesce(sum(k.mentions), 0) FROM corpus_entities c
             LEFT JOIN entity_keys k ON k.corpus_entity_id = c.id GROUP BY c.id ORDER BY c.id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every merge of a surface variant into a corpus entity, or those of
    /// the entities matching `name`.
    pub fn merges(&self, name: Option<&str>) -> Result<Vec<MergeRow>, Error> {
        let _snapshot = self.snapshot()?;
        match name {
            None => self.merges_where("?1 = ?1", 0),
            Some(n) => {
                let mut out = Vec::new();
                for (c, _) in self.match_entities(n)? {
                    out.extend(self.merges_where("m.corpus_entity_id = ?1", c)?);
                }
                Ok(out)
            }
        }
    }

    /// Undo a merge: the merged key gets a corpus entity of its own (keys
    /// merged later because they resembled it stay where they are).
    pub fn undo_merge(&mut self, merge_id: i64) -> Result<MergeRow, Error> {
        self.commit()?;
        let row = self
            .merges_where("m.id = ?1", merge_id)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound(format!("no merge with id {merge_id}: see `dossier merges`")))?;
        if row.undone {
            return Err(Error::NotFound(format!("merge {merge_id} is already undone")));
        }
        let tx = self.conn.transaction()?;
        let (key_id, name, etype): (i64, String, String) = tx.query_row(
            "SELECT k.id, k.name, k.type FROM merge_evidence m JOIN entity_keys k ON k.id = m.key_id WHERE m.id = ?1",
            [merge_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "INSERT INTO corpus_entities(key, name, type) VALUES(?1, ?2, ?3)",
            params![row.key, name, etype],
        )?;
        let corpus = tx.last_insert_rowid();
        tx.execute(
            "UPDATE entity_keys SET corpus_entity_id = ?2 WHERE id = ?1",
            params![key_id, corpus],
        )?;
        tx.execute("UPDATE merge_evidence SET undone = 1 WHERE id = ?1", [merge_id])?;
        tx.commit()?;
        // The writer's cached key → corpus map is stale now.
        self.linker = None;
        Ok(MergeRow { undone: true, ..row })
    }
}

// ------------------------------------------------------------- browsing
//
// Paged lists with facets and entity lookups by id, for the server. The
// lists answer in bounded time whatever the corpus: facets are counted over
// the newest (or best) [`FACET_SAMPLE`] matches and a full-text filter
// contributes at most [`MAX_TEXT_MATCHES`] candidates.

/// Facets are counted over at most this many matches of a list (its first
/// in list order), so that a list of any size answers in bounded time.
pub const FACET_SAMPLE: usize = 1000;

/// A full-text filter contributes at most this many matches (best ranked).
pub const MAX_TEXT_MATCHES: usize = 20_000;

/// Lists without a filter on who or what stop counting their matches here
/// (an exact count of every quote walks the whole table).
pub const COUNT_CAP: usize = 10_000;

/// Ego networks read at most this many of each node's newest quotes about it.
pub const EGO_SAMPLE: usize = 1000;

/// Marks the start of a matched term in a snippet (the end is [`MATCH_END`]):
/// control characters, so that no article text can forge them.
pub const MATCH_START: char = '\u{1}';
/// See [`MATCH_START`].
pub const MATCH_END: char = '\u{2}';

/// One value of a facet and how many matches have it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facet {
    /// The value (an outlet, a month `YYYY-MM`, a speaker; empty: none).
    pub value: String,
    /// Matches with it among those counted.
    pub count: i64,
}

/// Counts of a list's matches by outlet, month and speaker.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Outlets, most first (at most 20).
    pub source: Vec<Facet>,
    /// Months, newest first.
    pub month: Vec<Facet>,
    /// Speakers, most first (quotes only; at most 20).
    pub speaker: Vec<Facet>,
    /// How many matches they were counted over (the first [`FACET_SAMPLE`]).
    pub counted: usize,
}

/// In which order a list comes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Newest first, undated last.
    #[default]
    Newest,
    /// Best full-text match first (newest first without a text filter).
    Relevance,
}

/// Which documents to list.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    /// Words of the title or text (FTS5 syntax passes through).
    pub text: Option<String>,
    /// From this outlet exactly.
    pub source: Option<String>,
    /// From this date (`YYYY-MM-DD`, inclusive).
    pub since: Option<String>,
    /// Up to this date (inclusive).
    pub until: Option<String>,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return.
    pub limit: usize,
    /// Newest first or best match first.
    pub order: Order,
}

/// A document in a list.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentSummary {
    /// Document row id.
    pub id: i64,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Words.
    pub words: i64,
    /// The earlier document it nearly repeats.
    pub near_dup_of: Option<i64>,
    /// The first 200 characters of the text (for documents without a headline).
    pub lead: String,
    /// With a text filter: the passage that matched, terms between
    /// [`MATCH_START`] and [`MATCH_END`].
    pub snippet: Option<String>,
}

/// A page of documents.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentPage {
    /// Every match.
    pub total: usize,
    /// True when there are more matches than `total`: counting stopped at
    /// [`COUNT_CAP`].
    pub total_capped: bool,
    /// Matches skipped before this page.
    pub offset: usize,
    /// This page.
    pub documents: Vec<DocumentSummary>,
    /// Counts by outlet and month.
    pub facets: Facets,
}

/// A stored document with its text.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredDocument {
    /// Document row id.
    pub id: i64,
    /// The first input's own id.
    pub input_id: String,
    /// Hash of the whitespace-normalised text.
    pub content_hash: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// ISO 639 language code.
    pub language: String,
    /// Words.
    pub words: i64,
    /// The earlier document it nearly repeats.
    pub near_dup_of: Option<i64>,
    /// Estimated similarity to it.
    pub near_dup_similarity: Option<f64>,
    /// Input documents with this content.
    pub copies: i64,
    /// The text all offsets point into.
    pub text: String,
}

/// Which quotes to list, for paged browsing.
#[derive(Debug, Clone, Default)]
pub struct QuoteQuery {
    /// Words of the content or speaker (FTS5 syntax passes through).
    pub text: Option<String>,
    /// Said by a speaker or entity of this name.
    pub speaker: Option<String>,
    /// Mentioning an entity of this name.
    pub about: Option<String>,
    /// Said by this corpus entity.
    pub speaker_entity: Option<i64>,
    /// Mentioning this corpus entity.
    pub about_entity: Option<i64>,
    /// From this outlet exactly.
    pub source: Option<String>,
    /// From this date (`YYYY-MM-DD`, inclusive).
    pub since: Option<String>,
    /// Up to this date (inclusive).
    pub until: Option<String>,
    /// Only quotes of at least this confidence.
    pub min_confidence: f64,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return.
    pub limit: usize,
    /// Leave the facets out (empty): counting them reads up to
    /// [`FACET_SAMPLE`] quote and article rows, which a list that shows no
    /// facets (an entity's page) need not pay for.
    pub no_facets: bool,
}

/// A page of quotes.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotePage {
    /// Every match.
    pub total: usize,
    /// True when there are more matches than `total`: counting stopped at
    /// [`COUNT_CAP`].
    pub total_capped: bool,
    /// Matches skipped before this page.
    pub offset: usize,
    /// This page, newest first.
    pub quotes: Vec<QuoteRow>,
    /// Counts by outlet, month and speaker.
    pub facets: Facets,
}

/// Which corpus entities to list.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Words of a name.
    pub text: Option<String>,
    /// PERSON, ORG, GPE, ...
    pub etype: Option<String>,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return.
    pub limit: usize,
}

/// A page of corpus entities.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityPage {
    /// Every match (with a name filter, at most the first 500).
    pub total: usize,
    /// Matches skipped before this page.
    pub offset: usize,
    /// This page: best name match first, else most documents first.
    pub entities: Vec<CoMention>,
}

/// Quotes by and about an entity in one month.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteMonth {
    /// `YYYY-MM`, or empty for undated quotes.
    pub month: String,
    /// Quotes it said.
    pub by: i64,
    /// Quotes that mention it.
    pub about: i64,
}

/// An edge of an ego network.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EgoEdge {
    /// Corpus entity id: the speaker, or one of two co-mentioned.
    pub source: i64,
    /// Corpus entity id: the one spoken about, or the other.
    pub target: i64,
    /// `said_about` (source is quoted mentioning target) or `co_mention`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: &'static str,
    /// Quotes, or documents with both.
    pub weight: i64,
}

/// The entities around one: who it is mentioned with, who speaks about it,
/// and who of them speaks about whom.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EgoNetwork {
    /// The entity in the centre.
    pub centre: i64,
    /// It and its neighbours.
    pub nodes: Vec<CoMention>,
    /// Between them, heaviest first.
    pub edges: Vec<EgoEdge>,
}

/// The first `n` entries of a count map, most first, then by value.
fn top_facets(counts: HashMap<String, i64>, n: usize) -> Vec<Facet> {
    let mut v: Vec<Facet> = counts
        .into_iter()
        .map(|(value, count)| Facet { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    v.truncate(n);
    v
}

/// Months, newest first (undated last).
fn month_facets(counts: HashMap<String, i64>) -> Vec<Facet> {
    let mut v: Vec<Facet> = counts
        .into_iter()
        .map(|(value, count)| Facet { value, count })
        .collect();
    v.sort_by(|a, b| match (a.value.is_empty(), b.value.is_empty()) {
        (false, true) => std::cmp::Ordering::Less,
        (true, false) => std::cmp::Ordering::Greater,
        _ => b.value.cmp(&a.value),
    });
    v
}

/// The month (`YYYY-MM`) of a date, empty when undated.
fn month_of(date: Option<&str>) -> String {
    date.and_then(|d| d.get(..7)).unwrap_or("").to_string()
}

/// Counts of (outlet, date, speaker) rows as facets.
fn facets_of(rows: &[(Option<String>, Option<String>, Option<String>)], speakers: bool) -> Facets {
    let (mut sources, mut months, mut who) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (source, date, speaker) in rows {
        *sources.entry(source.clone().unwrap_or_default()).or_insert(0) += 1;
        *months.entry(month_of(date.as_deref())).or_insert(0) += 1;
        if speakers {
            *who.entry(speaker.clone().unwrap_or_default()).or_insert(0) += 1;
        }
    }
    Facets {
        source: top_facets(sources, 20),
        month: month_facets(months),
        speaker: top_facets(who, 20),
        counted: rows.len(),
    }
}

impl Store {
    /// The key ids of a corpus entity; `NotFound` when there is none.
    fn keys_of(&self, id: i64) -> Result<Vec<i64>, Error> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM entity_keys WHERE corpus_entity_id = ?1 ORDER BY id")?;
        let keys: Vec<i64> = st.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err(Error::NotFound(format!("no entity with id {id}")));
        }
        Ok(keys)
    }

    /// A page of documents, newest (or best matching) first, with facets.
    pub fn documents(&self, f: &DocumentFilter) -> Result<DocumentPage, Error> {
        let _snapshot = self.snapshot()?;
        let since = f.since.as_deref().unwrap_or("");
        let until = f.until.as_deref().unwrap_or("");
        let source = f.source.as_deref().unwrap_or("");
        let text = f.text.as_deref().map(fts_query).filter(|q| !q.is_empty());
        let mut meta = self.conn.prepare_cached(
            "SELECT id, date, source, title, url, words, near_dup_of, substr(text, 1, 200) FROM documents WHERE id = ?1",
        )?;
        let mut summary = |id: i64| -> Result<DocumentSummary, Error> {
            Ok(meta.query_row([id], |r| {
                Ok(DocumentSummary {
                    id: r.get(0)?,
                    date: r.get(1)?,
                    source: r.get(2)?,
                    title: r.get(3)?,
                    url: r.get(4)?,
                    words: r.get(5)?,
                    near_dup_of: r.get(6)?,
                    lead: r.get(7)?,
                    snippet: None,
                })
            })?)
        };
        let Some(q) = text else {
            // No text: straight off the date index (alone, without an outlet).
            let count_sql = if source.is_empty() {
                "SELECT count(*) FROM (SELECT 1 FROM documents WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)
                 AND ?3 = '' LIMIT ?4)"
            } else {
                "SELECT count(*) FROM (SELECT 1 FROM documents WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)
                 AND source = ?3 LIMIT ?4)"
            };
            let total: i64 = self
                .conn
                .prepare_cached(count_sql)?
                .query_row(params![since, until, source, COUNT_CAP as i64 + 1], |r| r.get(0))?;
            let mut st = self.conn.prepare_cached(
                "SELECT id, source, date FROM documents WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)
                 AND (?3 = '' OR source = ?3) ORDER BY date DESC, id DESC LIMIT ?4",
            )?;
            let sample: Vec<(i64, Option<String>, Option<String>)> = st
                .query_map(params![since, until, source, FACET_SAMPLE as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            let ids: Vec<i64> = if f.offset + f.limit <= sample.len() {
                sample.iter().skip(f.offset).take(f.limit).map(|r| r.0).collect()
            } else {
                let mut st = self.conn.prepare_cached(
                    "SELECT id FROM documents WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2)
                     AND (?3 = '' OR source = ?3) ORDER BY date DESC, id DESC LIMIT ?4 OFFSET ?5",
                )?;
                let ids = st
                    .query_map(params![since, until, source, f.limit as i64, f.offset as i64], |r| {
                        r.get(0)
                    })?
                    .collect::<Result<_, _>>()?;
                ids
            };
            let rows: Vec<_> = sample.into_iter().map(|(_, s, d)| (s, d, None)).collect();
            let documents = ids.into_iter().map(&mut summary).collect::<Result<_, _>>()?;
            return Ok(DocumentPage {
                total: (total as usize).min(COUNT_CAP),
                total_capped: total as usize > COUNT_CAP,
                offset: f.offset,
                documents,
                facets: facets_of(&rows, false),
            });
        };
        let raw = f.text.as_deref().unwrap_or("");
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.date, d.source FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
             WHERE documents_fts MATCH ?1 AND (?2 = '' OR d.date >= ?2) AND (?3 = '' OR d.date <= ?3)
             AND (?4 = '' OR d.source = ?4) ORDER BY bm25(documents_fts, 4.0, 1.0) LIMIT ?5",
        )?;
        let mut matches: Vec<(i64, Option<String>, Option<String>)> = st
            .query_map(params![q, since, until, source, MAX_TEXT_MATCHES as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| fts_error(raw, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| fts_error(raw, e))?;
        if f.order == Order::Newest {
            matches.sort_by(|a, b| by_date_desc(&(a.0, a.1.clone()), &(b.0, b.1.clone())));
        }
        let rows: Vec<_> = matches
            .iter()
            .take(FACET_SAMPLE)
            .map(|(_, d, s)| (s.clone(), d.clone(), None))
            .collect();
        let mut snip = self.conn.prepare_cached(
            "SELECT snippet(documents_fts, 1, char(1), char(2), '…', 24) FROM documents_fts
             WHERE documents_fts MATCH ?1 AND rowid = ?2",
        )?;
        let mut documents = Vec::new();
        for (id, _, _) in matches.iter().skip(f.offset).take(f.limit) {
            let mut d = summary(*id)?;
            d.snippet = Some(snip.query_row(params![q, id], |r| r.get(0))?);
            documents.push(d);
        }
        Ok(DocumentPage {
            total: matches.len(),
            total_capped: false,
            offset: f.offset,
            documents,
            facets: facets_of(&rows, false),
        })
    }

    /// One stored document with its text.
    pub fn document(&self, id: i64) -> Result<StoredDocument, Error> {
        let _snapshot = self.snapshot()?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, input_id, content_hash, title, date, source, url, authors, language, words,
                    near_dup_of, near_dup_similarity, (SELECT count(*) FROM copies WHERE document_id = d.id), text
             FROM documents d WHERE id = ?1",
        )?;
        st.query_row([id], |r| {
            let authors: String = r.get(7)?;
            Ok(StoredDocument {
                id: r.get(0)?,
                input_id: r.get(1)?,
                content_hash: r.get(2)?,
                title: r.get(3)?,
                date: r.get(4)?,
                source: r.get(5)?,
                url: r.get(6)?,
                authors: serde_json::from_str(&authors).unwrap_or_default(),
                language: r.get(8)?,
                words: r.get(9)?,
                near_dup_of: r.get(10)?,
                near_dup_similarity: r.get(11)?,
                copies: r.get(12)?,
                text: r.get(13)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no document with id {id}")))
    }

    /// Quotes whose content or speaker has these words, best first.
    fn quotes_matching(&self, text: &str, range: &Range<'_>) -> Result<Found, Error> {
        let mut found = Found::default();
        let q = fts_query(text);
        if q.is_empty() {
            return Ok(found);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT q.id, q.date FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
             WHERE quotes_fts MATCH ?1 AND (?2 = '' OR q.date >= ?2) AND (?3 = '' OR q.date <= ?3)
             AND q.confidence >= ?4 ORDER BY quotes_fts.rank LIMIT ?5",
        )?;
        let rows = st
            .query_map(
                params![
                    q,
                    range.since,
                    range.until,
                    range.min_confidence,
                    MAX_TEXT_MATCHES as i64
                ],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .map_err(|e| fts_error(text, e))?;
        for row in rows {
            let (id, date) = row.map_err(|e| fts_error(text, e))?;
            if found.ids.insert(id) {
                found.top.push((id, date));
            }
        }
        Ok(found)
    }

    /// A page of the quotes about any of `keys`, newest first, with a
    /// count capped at [`COUNT_CAP`]: each key's newest `offset + limit`
    /// off the `quote_about` index, merged. `None` when quotes about
    /// several keys at once left the merged page short (the caller then
    /// reads them all).
    fn about_page(
        &self,
        id: i64,
        keys: &[i64],
        range: &Range<'_>,
        offset: usize,
        limit: usize,
    ) -> Result<Option<QuotePage>, Error> {
        let need = offset.saturating_add(limit);
        let mut st = self.conn.prepare_cached(
            "SELECT a.quote_id, nullif(a.date, '') FROM quote_about a
             JOIN quotes q INDEXED BY quotes_id_confidence ON q.id = a.quote_id
             WHERE a.key_id = ?1 AND (?2 = '' OR a.date >= ?2)
             AND (?3 = '' OR (a.date <> '' AND a.date <= ?3)) AND q.confidence >= ?4
             ORDER BY a.date DESC, a.quote_id LIMIT ?5",
        )?;
        let mut top: Vec<(i64, Option<String>)> = Vec::new();
        let mut some_key_full = false;
        for &k in keys {
            let rows: Vec<(i64, Option<String>)> = st
                .query_map(
                    params![k, range.since, range.until, range.min_confidence, need as i64],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<Result<_, _>>()?;
            some_key_full |= rows.len() == need;
            top.extend(rows);
        }
        top.sort_by(by_date_desc);
        let mut seen = std::collections::HashSet::new();
        top.retain(|t| seen.insert(t.0));
        if top.len() < need && some_key_full && keys.len() > 1 {
            return Ok(None);
        }
        // Distinct quotes (one may be about two keys of the entity), read
        // off the index up to the cap.
        let total: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT DISTINCT a.quote_id FROM quote_about a
                 JOIN quotes q INDEXED BY quotes_id_confidence ON q.id = a.quote_id
                 WHERE a.key_id IN (SELECT id FROM entity_keys WHERE corpus_entity_id = ?1)
                 AND (?2 = '' OR a.date >= ?2) AND (?3 = '' OR (a.date <> '' AND a.date <= ?3))
                 AND q.confidence >= ?4 LIMIT ?5)",
            )?
            .query_row(
                params![id, range.since, range.until, range.min_confidence, COUNT_CAP as i64 + 1],
                |r| r.get(0),
            )?;
        let total = total as usize;
        let quotes = top
            .iter()
            .skip(offset)
            .take(limit)
            .map(|(id, _)| self.quote_row(*id))
            .collect::<Result<_, _>>()?;
        Ok(Some(QuotePage {
            total: total.min(COUNT_CAP),
            total_capped: total > COUNT_CAP,
            offset,
            quotes,
            facets: facets_of(&[], true),
        }))
    }

    /// A page of quotes, newest first, with facets: every filter given
    /// must hold.
    pub fn quote_page(&self, f: &QuoteQuery) -> Result<QuotePage, Error> {
        let _snapshot = self.snapshot()?;
        let range = Range {
            since: f.since.as_deref().unwrap_or(""),
            until: f.until.as_deref().unwrap_or(""),
            min_confidence: f.min_confidence,
        };
        let source = f.source.as_deref().unwrap_or("");
        let mut sets: Vec<Found> = Vec::new();
        if let Some(s) = &f.speaker {
            sets.push(self.quotes_by_name(s, &range)?);
        }
        if let Some(a) = &f.about {
            sets.push(self.quotes_about_name(a, &range)?);
        }
        if let Some(id) = f.speaker_entity {
            let mut found = Found::default();
            for k in self.keys_of(id)? {
                self.collect(Route::SpeakerKey, k, &range, &mut found)?;
            }
            sets.push(found);
        }
        if let Some(t) = &f.text {
            sets.push(self.quotes_matching(t, &range)?);
        }
        // Quotes about one entity and nothing else, without facets (the
        // entity page): a page read newest first off the index, instead of
        // every quote about it (tens of thousands for a president).
        let only_about = f.about_entity.is_some()
            && f.speaker_entity.is_none()
            && f.speaker.is_none()
            && f.about.is_none()
            && f.text.is_none()
            && source.is_empty()
            && f.no_facets;
        if let Some(id) = f.about_entity.filter(|_| only_about) {
            if let Some(page) = self.about_page(id, &self.keys_of(id)?, &range, f.offset, f.limit)? {
                return Ok(page);
            }
        }
        if let Some(id) = f.about_entity {
            let mut found = Found::default();
            for k in self.keys_of(id)? {
                self.collect(Route::AboutKey, k, &range, &mut found)?;
            }
            sets.push(found);
        }
        let mut facet_row = self.conn.prepare_cached(
            "SELECT d.source, q.date, q.speaker FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.id = ?1",
        )?;
        if sets.is_empty() {
            // No filter on who or what: straight off the date index.
            let total: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM quotes q WHERE (?1 = '' OR q.date >= ?1) AND (?2 = '' OR q.date <= ?2)
                     AND q.confidence >= ?3
                     AND (?4 = '' OR q.document_id IN (SELECT id FROM documents WHERE source = ?4)) LIMIT ?5)",
                )?
                .query_row(
                    params![range.since, range.until, range.min_confidence, source, COUNT_CAP as i64 + 1],
                    |r| r.get(0),
                )?;
            let mut st = self.conn.prepare_cached(
                "SELECT q.id FROM quotes q WHERE (?1 = '' OR q.date >= ?1) AND (?2 = '' OR q.date <= ?2)
                 AND q.confidence >= ?3
                 AND (?4 = '' OR q.document_id IN (SELECT id FROM documents WHERE source = ?4))
                 ORDER BY q.date DESC, q.id DESC LIMIT ?5 OFFSET ?6",
            )?;
            let ids: Vec<i64> = st
                .query_map(
                    params![
                        range.since,
                        range.until,
                        range.min_confidence,
                        source,
                        FACET_SAMPLE as i64,
                        0
                    ],
                    |r| r.get(0),
                )?
                .collect::<Result<_, _>>()?;
            let page: Vec<i64> = if f.offset + f.limit <= ids.len() {
                ids.iter().skip(f.offset).take(f.limit).copied().collect()
            } else {
                st.query_map(
                    params![
                        range.since,
                        range.until,
                        range.min_confidence,
                        source,
                        f.limit as i64,
                        f.offset as i64
                    ],
                    |r| r.get(0),
                )?
                .collect::<Result<_, _>>()?
            };
            let rows = ids
                .iter()
                .take(if f.no_facets { 0 } else { ids.len() })
                .map(|id| facet_row.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(QuotePage {
                total: (total as usize).min(COUNT_CAP),
                total_capped: total as usize > COUNT_CAP,
                offset: f.offset,
                quotes: page
                    .into_iter()
                    .map(|id| self.quote_row(id))
                    .collect::<Result<_, _>>()?,
                facets: facets_of(&rows, true),
            });
        }
        // Every filter must hold: walk the smallest set, test the others.
        sets.sort_by_key(|s| s.ids.len());
        let first = sets.remove(0);
        let mut top: Vec<(i64, Option<String>)> = first
            .top
            .into_iter()
            .filter(|(id, _)| sets.iter().all(|s| s.ids.contains(id)))
            .collect();
        top.sort_by(by_date_desc);
        let mut rows = Vec::new();
        if !source.is_empty() {
            let mut kept = Vec::with_capacity(top.len());
            for t in top {
                let row: (Option<String>, Option<String>, Option<String>) =
                    facet_row.query_row([t.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                if row.0.as_deref() == Some(source) {
                    if rows.len() < FACET_SAMPLE && !f.no_facets {
                        rows.push(row);
                    }
                    kept.push(t);
                }
            }
            top = kept;
        } else if !f.no_facets {
            for t in top.iter().take(FACET_SAMPLE) {
                rows.push(facet_row.query_row([t.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?);
            }
        }
        let quotes = top
            .iter()
            .skip(f.offset)
            .take(f.limit)
            .map(|(id, _)| self.quote_row(*id))
            .collect::<Result<_, _>>()?;
        Ok(QuotePage {
            total: top.len(),
            total_capped: false,
            offset: f.offset,
            quotes,
            facets: facets_of(&rows, true),
        })
    }

    /// A page of corpus entities: those whose names have the words, best
    /// match first, or all by documents.
    pub fn entity_list(&self, f: &EntityFilter) -> Result<EntityPage, Error> {
        let _snapshot = self.snapshot()?;
        let etype = f.etype.as_deref().unwrap_or("");
        if let Some(text) = f.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let mut all = Vec::new();
            for (c, _) in self.match_entities(text)?.into_iter().take(500) {
                let e = self.corpus_entity(c)?;
                if etype.is_empty() || e.etype == etype {
                    all.push(e);
                }
            }
            let total = all.len();
            return Ok(EntityPage {
                total,
                offset: f.offset,
                entities: all.into_iter().skip(f.offset).take(f.limit).collect(),
            });
        }
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM corpus_entities WHERE ?1 = '' OR type = ?1")?
            .query_row([etype], |r| r.get(0))?;
        // Documents per corpus entity off a covering index; the type, when
        // asked for, from the entity's row (a join for every key otherwise).
        let mut st = self.conn.prepare_cached(if etype.is_empty() {
            "SELECT k.corpus_entity_id, sum(k.documents) AS n FROM entity_keys k INDEXED BY entity_keys_corpus_documents
             WHERE ?1 = '' GROUP BY k.corpus_entity_id ORDER BY n DESC, k.corpus_entity_id LIMIT ?2 OFFSET ?3"
        } else {
            "SELECT k.corpus_entity_id, sum(k.documents) AS n
             FROM entity_keys k INDEXED BY entity_keys_corpus_documents JOIN corpus_entities c ON c.id = k.corpus_entity_id
             WHERE c.type = ?1 GROUP BY k.corpus_entity_id ORDER BY n DESC, k.corpus_entity_id LIMIT ?2 OFFSET ?3"
        })?;
        let ids: Vec<i64> = st
            .query_map(params![etype, f.limit as i64, f.offset as i64], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(EntityPage {
            total: total as usize,
            offset: f.offset,
            entities: ids
                .into_iter()
                .map(|c| self.corpus_entity(c))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The profile of corpus entity `id`, with its latest `quotes` quotes
    /// by and about it.
    pub fn entity_profile(&self, id: i64, quotes: usize) -> Result<EntityProfile, Error> {
        let _snapshot = self.snapshot()?;
        let keys = self.keys_of(id)?;
        self.profile(id, &keys, quotes)
    }

    /// Quotes by and about corpus entity `id` by month, oldest first.
    pub fn quote_months(&self, id: i64) -> Result<Vec<QuoteMonth>, Error> {
        let _snapshot = self.snapshot()?;
        let mut months: HashMap<String, (i64, i64)> = HashMap::new();
        // Dates straight off the covering indexes, counted here: a GROUP BY
        // on the month would sort every row first.
        let mut by = self
            .conn
            .prepare_cached("SELECT date FROM quotes WHERE speaker_key_id = ?1")?;
        let mut about = self
            .conn
            .prepare_cached("SELECT date FROM quote_about WHERE key_id = ?1")?;
        let mut count = |rows: &mut rusqlite::Rows<'_>, about: bool| -> Result<(), Error> {
            let mut add = |month: &str, n: i64| {
                let e = months.entry(month.to_string()).or_default();
                *(if about { &mut e.1 } else { &mut e.0 }) += n;
            };
            // Rows come in date order off the index: count runs of one month
            // (out of order would only mean more, shorter runs).
            let (mut current, mut run) = (String::new(), 0i64);
            while let Some(r) = rows.next()? {
                let month = match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t.get(..7).unwrap_or(t)).unwrap_or(""),
                    _ => "",
                };
                if run > 0 && month == current {
                    run += 1;
                } else {
                    if run > 0 {
                        add(&current, run);
                    }
                    current = month.to_string();
                    run = 1;
                }
            }
            if run > 0 {
                add(&current, run);
            }
            Ok(())
        };
        for k in self.keys_of(id)? {
            count(&mut by.query([k])?, false)?;
            count(&mut about.query([k])?, true)?;
        }
        let mut out: Vec<QuoteMonth> = months
            .into_iter()
            .map(|(month, (by, about))| QuoteMonth { month, by, about })
            .collect();
        out.sort_by(|a, b| a.month.cmp(&b.month));
        Ok(out)
    }

    /// Who speaks about corpus entity `id` (over its newest
    /// [`EGO_SAMPLE`] quotes about each key), by corpus entity.
    fn speakers_about(&self, id: i64) -> Result<HashMap<i64, i64>, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT k.corpus_entity_id FROM (SELECT quote_id FROM quote_about WHERE key_id = ?1 ORDER BY date DESC LIMIT ?2) a
             JOIN quotes q INDEXED BY quotes_id_confidence ON q.id = a.quote_id
             JOIN entity_keys k ON k.id = q.speaker_key_id",
        )?;
        let mut out: HashMap<i64, i64> = HashMap::new();
        for k in self.keys_of(id)? {
            for row in st.query_map(params![k, EGO_SAMPLE as i64], |r| r.get::<_, i64>(0))? {
                let c = row?;
                if c != id {
                    *out.entry(c).or_default() += 1;
                }
            }
        }
        Ok(out)
    }

    /// The ego network of corpus entity `id`: it, its `size` most
    /// co-mentioned entities and the `size / 2` entities most often quoted
    /// about it, with who of them is quoted about whom.
    pub fn ego_network(&self, id: i64, size: usize) -> Result<EgoNetwork, Error> {
        let _snapshot = self.snapshot()?;
        let keys = self.keys_of(id)?;
        let (co, _) = self.co_mentions(id, &keys, size)?;
        let mut nodes = vec![self.corpus_entity(id)?];
        let mut edges = Vec::new();
        for c in &co {
            edges.push(EgoEdge {
                source: id,
                target: c.id,
                kind: "co_mention",
                weight: c.documents,
            });
        }
        nodes.extend(co);
        let about_centre = self.speakers_about(id)?;
        let mut speakers: Vec<(i64, i64)> = about_centre.iter().map(|(c, n)| (*c, *n)).collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (c, _) in speakers.into_iter().take(size.div_ceil(2)) {
            if !nodes.iter().any(|n| n.id == c) {
                nodes.push(self.corpus_entity(c)?);
            }
        }
        let members: HashSet<i64> = nodes.iter().map(|n| n.id).collect();
        for n in &nodes {
            let said = if n.id == id {
                about_centre.clone()
            } else {
                self.speakers_about(n.id)?
            };
            for (speaker, weight) in said {
                if members.contains(&speaker) {
                    edges.push(EgoEdge {
                        source: speaker,
                        target: n.id,
                        kind: "said_about",
                        weight,
                    });
                }
            }
        }
        edges.sort_by(|a, b| {
            b.weight
                .cmp(&a.weight)
                .then(a.kind.cmp(b.kind))
                .then(a.source.cmp(&b.source))
                .then(a.target.cmp(&b.target))
        });
        Ok(EgoNetwork {
            centre: id,
            nodes,
            edges,
        })
    }

    /// The corpus entity of each entity key (`TYPE:name` as the entity
    /// stage writes it), `None` for a key not stored.
    pub fn entity_ids_for_keys(&self, keys: &[&str]) -> Result<Vec<Option<i64>>, Error> {
        let _snapshot = self.snapshot()?;
        let mut st = self
            .conn
            .prepare_cached("SELECT corpus_entity_id FROM entity_keys WHERE key = ?1")?;
        keys.iter()
            .map(|k| Ok(st.query_row([k], |r| r.get(0)).optional()?))
            .collect()
    }
}

impl Store {
    /// The document row holding this content (`text::content_hash`), if stored.
    pub fn document_id_by_hash(&self, content_hash: &str) -> Result<Option<i64>, Error> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
            .query_row([content_hash], |r| r.get(0))
            .optional()?)
    }
}

// ---------------------------------------------------------------- claims

/// Which claims to list. Every field is optional; an empty filter lists
/// every claim, newest first.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClaimFilter {
    /// About an entity of this name: its subject or object, or mentioned in
    /// its words (or the name's words in its text).
    pub about: Option<String>,
    /// Only claims of this status (`asserted`, `denied`, `unverified`,
    /// `confirmed`, `retracted`, `questioned`).
    pub status: Option<String>,
    /// Made by a source (entity or name) with these words in its name.
    pub source: Option<String>,
    /// From this date (`YYYY-MM-DD`, inclusive).
    pub since: Option<String>,
    /// Up to this date (inclusive).
    pub until: Option<String>,
    /// Only claims of at least this confidence (0: all).
    pub min_confidence: f64,
    /// At most this many rows (0: all).
    pub limit: usize,
    /// Skip this many rows first (paging).
    pub offset: usize,
}

/// Who makes a claim, as stored.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimSourceRow {
    /// named_person, institution, government, anonymous, document, media or narrator.
    pub kind: String,
    /// Its name, when the text gives one.
    pub name: Option<String>,
    /// The country code or organisation it speaks for.
    pub side: Option<String>,
    /// Its corpus entity, when it resolves to one.
    pub entity_id: Option<i64>,
    /// That entity's canonical name.
    pub entity: Option<String>,
}

/// A hedge of a claim.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HedgeRow {
    /// What it signals (`alleged`, `reportedly`, `modal`, ...).
    pub kind: String,
    /// Byte offsets in the document's text.
    pub start: i64,
    /// End offset.
    pub end: i64,
    /// The words.
    pub text: String,
}

/// A stored claim with its document's metadata and its cluster.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimRow {
    /// Claim row id.
    pub id: i64,
    /// The document it is in.
    pub document_id: i64,
    /// Its id in the document (`c1` is the first).
    pub local_id: String,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// The claim's words (fragments joined by " … ").
    pub text: String,
    /// Byte offsets of its fragments in the document's text.
    pub spans: Vec<[i64; 2]>,
    /// The proposition's subject.
    pub subject: Option<String>,
    /// Its predicate (lemma).
    pub predicate: Option<String>,
    /// Its object.
    pub object: Option<String>,
    /// The proposition is negated.
    pub negated: bool,
    /// Who makes it.
    pub source: ClaimSourceRow,
    /// asserted, denied, unverified, confirmed, retracted or questioned.
    pub status: String,
    /// The claim stage's key.
    pub key: String,
    /// The key it was clustered by (`None`: too thin to key).
    pub corpus_key: Option<String>,
    /// What weakens it.
    pub hedges: Vec<HedgeRow>,
    /// 0 to 1.
    pub confidence: f64,
    /// `asserts` or `denies` its cluster's proposition.
    pub side: String,
    /// Its cluster.
    pub cluster_id: i64,
    /// Claims in that cluster.
    pub cluster_members: i64,
    /// How it joined the cluster: copy, key, text or new.
    pub link_rule: String,
}

/// Claims found and the number of all that matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimList {
    /// Every matching claim, before limit and offset, up to [`COUNT_CAP`].
    pub total: usize,
    /// More than [`COUNT_CAP`] match: `total` is the cap (counting 850k
    /// claims of the AllSides corpus took 400 ms a page).
    pub total_capped: bool,
    /// The page asked for, newest first (undated last).
    pub claims: Vec<ClaimRow>,
}

/// Which disputes to list.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DisputeFilter {
    /// About an entity of this name: a claim of the disputed cluster is
    /// about it (or has the name's words).
    pub about: Option<String>,
    /// With evidence on or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Arisen on or before this date.
    pub until: Option<String>,
    /// At most this many rows (0: all).
    pub limit: usize,
    /// Skip this many rows first.
    pub offset: usize,
    /// At most this many pieces of evidence per side (0: all). The sides'
    /// sources, outlets and `evidence_total` count all of it; a dispute of
    /// the AllSides corpus has up to hundreds, and a page of 50 with all of
    /// them was 1.3 MB.
    pub evidence: usize,
}

/// One claim on one side of a dispute, with where it is said.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceRow {
    /// The claim.
    pub claim_id: i64,
    /// Its document.
    pub document_id: i64,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Who says it (name, else entity, else kind of source).
    pub source: String,
    /// The kind of source.
    pub source_kind: String,
    /// Its corpus entity.
    pub source_entity_id: Option<i64>,
    /// Byte offsets of the evidence in the document's text.
    pub start: i64,
    /// End offset.
    pub end: i64,
    /// The evidence's words.
    pub text: String,
    /// For a stance: `denies`, `confirms` or `supports` (the claim answers
    /// a member); `denied_unnamed` where the text reports the claim denied
    /// but names no one (source `unnamed`); none for a member's own words.
    pub relation: Option<String>,
}

/// One side of a dispute.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeSide {
    /// The earliest evidence's date.
    pub first_seen: Option<String>,
    /// Distinct sources, in order of first evidence.
    pub sources: Vec<String>,
    /// Distinct outlets.
    pub outlets: Vec<String>,
    /// The evidence, oldest first: all of it, or the first
    /// [`DisputeFilter::evidence`] in a list.
    pub evidence: Vec<EvidenceRow>,
    /// How many pieces of evidence there are in all.
    pub evidence_total: usize,
}

/// A dispute: a proposition one source asserts and another denies.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeRow {
    /// Dispute id.
    pub id: i64,
    /// The disputed cluster.
    pub cluster_id: i64,
    /// The cluster's representative wording.
    pub proposition: String,
    /// Its key.
    pub key: Option<String>,
    /// The first date both sides had evidence.
    pub since: Option<String>,
    /// The latest evidence's date.
    pub last_seen: Option<String>,
    /// Those who say it is so.
    pub asserted: DisputeSide,
    /// Those who say it is not.
    pub denied: DisputeSide,
}

/// Disputes found and the number of all that matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeList {
    /// Every matching dispute, before limit and offset.
    pub total: usize,
    /// The page asked for, latest evidence first.
    pub disputes: Vec<DisputeRow>,
}

/// A count by name.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameCount {
    /// Outlet or source.
    pub name: String,
    /// Claims (or copies) it gave.
    pub claims: i64,
}

/// A cluster of claims: one proposition across the corpus.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimCluster {
    /// Cluster id.
    pub id: i64,
    /// Its key, when it has one.
    pub key: Option<String>,
    /// The founding claim's words.
    pub text: String,
    /// The earliest member's date.
    pub first_seen: Option<String>,
    /// The latest member's date.
    pub last_seen: Option<String>,
    /// Claims in it.
    pub members: i64,
    /// Of those, asserting its proposition.
    pub asserting: i64,
    /// And denying it (negated).
    pub denying: i64,
    /// Outlets that carried it (exact copies counted), most first.
    pub outlets: Vec<NameCount>,
    /// Sources that made it, most first.
    pub sources: Vec<NameCount>,
    /// Its dispute, when it is disputed.
    pub dispute_id: Option<i64>,
    /// Its claims, oldest first.
    pub claims: Vec<ClaimRow>,
}

/// A list of ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
fn json_ids(ids: &HashSet<i64>) -> String {
    let mut v: Vec<i64> = ids.iter().copied().collect();
    v.sort_unstable();
    serde_json::to_string(&v).expect("numbers serialise")
}

impl Store {
    /// Claim ids one FTS column matches.
    fn claims_matching(&self, column: &str, words: &str, out: &mut HashSet<i64>) -> Result<(), Error> {
        let q = fts_query(words);
        if q.is_empty() {
            return Ok(());
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1")?;
        let rows = st
            .query_map([format!("{column} : ({q})")], |r| r.get::<_, i64>(0))
            .map_err(|e| fts_error(words, e))?;
        for id in rows {
            out.insert(id.map_err(|e| fts_error(words, e))?);
        }
        Ok(())
    }

    /// Claims about an entity of this name (any date).
    fn claims_about(&self, name: &str) -> Result<HashSet<i64>, Error> {
        let mut ids = HashSet::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT claim_id FROM claim_about WHERE key_id = ?1")?;
        for (_, keys) in self.match_entities(name)? {
            for k in keys {
                for id in st.query_map([k], |r| r.get::<_, i64>(0))? {
                    ids.insert(id?);
                }
            }
        }
        self.claims_matching("text", name, &mut ids)?;
        Ok(ids)
    }

    /// Claims made by a source of this name.
    fn claims_by(&self, name: &str) -> Result<HashSet<i64>, Error> {
        let mut ids = HashSet::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM claims WHERE source_key_id = ?1")?;
        for (_, keys) in self.match_entities(name)? {
            for k in keys {
                for id in st.query_map([k], |r| r.get::<_, i64>(0))? {
                    ids.insert(id?);
                }
            }
        }
        self.claims_matching("source_name", name, &mut ids)?;
        Ok(ids)
    }

    /// Claims by subject, status, source and date, newest first.
    pub fn claims(&self, f: &ClaimFilter) -> Result<ClaimList, Error> {
        let _snapshot = self.snapshot()?;
        let status = match f.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                let s = s.to_lowercase();
                if text::ClaimStatus::from_label(&s).is_none() {
                    let known: Vec<&str> = text::ClaimStatus::ALL.iter().map(|s| s.label()).collect();
                    return Err(Error::NotFound(format!(
                        "no claim status {s:?}: use one of {}",
                        known.join(", ")
                    )));
                }
                s
            }
            None => String::new(),
        };
        let mut candidates: Option<HashSet<i64>> = None;
        if let Some(a) = f.about.as_deref().filter(|a| !a.trim().is_empty()) {
            candidates = Some(self.claims_about(a)?);
        }
        if let Some(s) = f.source.as_deref().filter(|s| !s.trim().is_empty()) {
            let by = self.claims_by(s)?;
            candidates = Some(match candidates {
                Some(c) => c.intersection(&by).copied().collect(),
                None => by,
            });
        }
        let ids = candidates.as_ref().map(json_ids);
        let since = f.since.as_deref().unwrap_or("");
        let until = f.until.as_deref().unwrap_or("");
        let filter = "(?1 IS NULL OR c.id IN (SELECT value FROM json_each(?1)))
             AND (?2 = '' OR c.status = ?2) AND (?3 = '' OR c.date >= ?3) AND (?4 = '' OR c.date <= ?4)
             AND c.confidence >= ?5";
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM claims c WHERE {filter} LIMIT ?6)"
            ))?
            .query_row(
                params![ids, status, since, until, f.min_confidence, COUNT_CAP as i64 + 1],
                |r| r.get(0),
            )?;
        let limit = if f.limit == 0 { -1 } else { f.limit as i64 };
        // SQLite sorts NULL lowest, so `date DESC` puts undated claims last
        // and can walk the date index.
        let page: Vec<i64> = {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT c.id FROM claims c WHERE {filter}
                 ORDER BY c.date DESC, c.id LIMIT ?6 OFFSET ?7"
            ))?;
            let rows = st.query_map(
                params![ids, status, since, until, f.min_confidence, limit, f.offset as i64],
                |r| r.get(0),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let claims = page
            .into_iter()
            .map(|id| self.claim_row(id))
            .collect::<Result<_, _>>()?;
        Ok(ClaimList {
            total: (total as usize).min(COUNT_CAP),
            total_capped: total as usize > COUNT_CAP,
            claims,
        })
    }

    fn claim_row(&self, id: i64) -> Result<ClaimRow, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.document_id, c.local_id, c.date, c.outlet, d.title, c.text, c.spans, c.subject, c.predicate,
                    c.object, c.negated, c.source_kind, c.source_name, c.source_side, ce.id,
                    (SELECT name FROM entity_keys WHERE corpus_entity_id = ce.id ORDER BY documents DESC, id LIMIT 1),
                    c.status, c.key, c.corpus_key, c.hedges, c.confidence, c.polarity, c.cluster_id, cl.members,
                    c.link_rule
             FROM claims c JOIN documents d ON d.id = c.document_id
             JOIN claim_clusters cl ON cl.id = c.cluster_id
             LEFT JOIN entity_keys k ON k.id = c.source_key_id
             LEFT JOIN corpus_entities ce ON ce.id = k.corpus_entity_id
             WHERE c.id = ?1",
        )?;
        Ok(st.query_row([id], |r| {
            let spans: String = r.get(7)?;
            let hedges: String = r.get(20)?;
            let polarity: i64 = r.get(22)?;
            Ok(ClaimRow {
                id: r.get(0)?,
                document_id: r.get(1)?,
                local_id: format!("c{}", r.get::<_, i64>(2)? + 1),
                date: r.get(3)?,
                outlet: r.get(4)?,
                title: r.get(5)?,
                text: r.get(6)?,
                spans: serde_json::from_str(&spans).unwrap_or_default(),
                subject: r.get(8)?,
                predicate: r.get(9)?,
                object: r.get(10)?,
                negated: r.get(11)?,
                source: ClaimSourceRow {
                    kind: r.get(12)?,
                    name: r.get(13)?,
                    side: r.get(14)?,
                    entity_id: r.get(15)?,
                    entity: r.get(16)?,
                },
                status: r.get(17)?,
                key: r.get(18)?,
                corpus_key: r.get(19)?,
                hedges: serde_json::from_str(&hedges).unwrap_or_default(),
                confidence: r.get(21)?,
                side: if polarity < 0 { "denies" } else { "asserts" }.to_string(),
                cluster_id: r.get(23)?,
                cluster_members: r.get(24)?,
                link_rule: r.get(25)?,
            })
        })?)
    }

    /// Disputes, latest evidence first: about an entity, in a date range.
    pub fn disputes(&self, f: &DisputeFilter) -> Result<DisputeList, Error> {
        let _snapshot = self.snapshot()?;
        let clusters: Option<String> = match f.about.as_deref().filter(|a| !a.trim().is_empty()) {
            Some(a) => {
                let mut clusters = HashSet::new();
                let mut st = self
                    .conn
                    .prepare_cached("SELECT cluster_id FROM claims WHERE id = ?1")?;
                for id in self.claims_about(a)? {
                    clusters.insert(st.query_row([id], |r| r.get::<_, i64>(0))?);
                }
                Some(json_ids(&clusters))
            }
            None => None,
        };
        let since = f.since.as_deref().unwrap_or("");
        let until = f.until.as_deref().unwrap_or("");
        let filter = "(?1 IS NULL OR d.cluster_id IN (SELECT value FROM json_each(?1)))
             AND (?2 = '' OR d.last_seen >= ?2) AND (?3 = '' OR d.since <= ?3)";
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM disputes d WHERE {filter}"))?
            .query_row(params![clusters, since, until], |r| r.get(0))?;
        let limit = if f.limit == 0 { -1 } else { f.limit as i64 };
        let page: Vec<i64> = {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT d.id FROM disputes d WHERE {filter}
                 ORDER BY d.last_seen IS NULL, d.last_seen DESC, d.id LIMIT ?4 OFFSET ?5"
            ))?;
            let rows = st.query_map(params![clusters, since, until, limit, f.offset as i64], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let disputes = page
            .into_iter()
            .map(|id| self.dispute_with(id, f.evidence))
            .collect::<Result<_, _>>()?;
        Ok(DisputeList {
            total: total as usize,
            disputes,
        })
    }

    /// One dispute with the evidence on both sides.
    pub fn dispute(&self, id: i64) -> Result<DisputeRow, Error> {
        self.dispute_with(id, 0)
    }

    /// One dispute with the first `evidence` pieces of each side (0: all).
    fn dispute_with(&self, id: i64, evidence: usize) -> Result<DisputeRow, Error> {
        let _snapshot = self.snapshot()?;
        let head = self
            .conn
            .prepare_cached(
                "SELECT d.cluster_id, c.text, c.key, d.since, d.last_seen, d.first_asserted, d.first_denied
                 FROM disputes d JOIN claim_clusters c ON c.id = d.cluster_id WHERE d.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no dispute with id {id}")))?;
        let (cluster_id, proposition, key, since, last_seen, first_asserted, first_denied) = head;
        Ok(DisputeRow {
            id,
            cluster_id,
            proposition,
            key,
            since,
            last_seen,
            asserted: self.dispute_side(cluster_id, "asserts", first_asserted, evidence)?,
            denied: self.dispute_side(cluster_id, "denies", first_denied, evidence)?,
        })
    }

    fn dispute_side(
        &self,
        cluster: i64,
        side: &str,
        first_seen: Option<String>,
        cap: usize,
    ) -> Result<DisputeSide, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.claim_id, e.document_id, e.date, c.outlet,
                    CASE WHEN e.relation = 'denied_unnamed' THEN 'unnamed' ELSE
                    coalesce(c.source_name,
                             (SELECT name FROM entity_keys WHERE corpus_entity_id = k.corpus_entity_id
                              ORDER BY documents DESC, id LIMIT 1),
                             c.source_kind) END,
                    CASE WHEN e.relation = 'denied_unnamed' THEN 'unnamed' ELSE c.source_kind END,
                    CASE WHEN e.relation = 'denied_unnamed' THEN NULL ELSE k.corpus_entity_id END, e.evidence_start, e.evidence_end,
                    e.relation
             FROM claim_evidence e JOIN claims c ON c.id = e.claim_id
             LEFT JOIN entity_keys k ON k.id = c.source_key_id
             WHERE e.cluster_id = ?1 AND e.side = ?2
             ORDER BY e.date IS NULL, e.date, e.claim_id",
        )?;
        let mut evidence: Vec<EvidenceRow> = st
            .query_map(params![cluster, side], |r| {
                Ok(EvidenceRow {
                    claim_id: r.get(0)?,
                    document_id: r.get(1)?,
                    date: r.get(2)?,
                    outlet: r.get(3)?,
                    source: r.get(4)?,
                    source_kind: r.get(5)?,
                    source_entity_id: r.get(6)?,
                    start: r.get(7)?,
                    end: r.get(8)?,
                    text: String::new(),
                    relation: r.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let evidence_total = evidence.len();
        let mut sources: Vec<String> = Vec::new();
        let mut outlets: Vec<String> = Vec::new();
        for e in &evidence {
            if !sources.contains(&e.source) {
                sources.push(e.source.clone());
            }
            if let Some(o) = &e.outlet {
                if !outlets.contains(o) {
                    outlets.push(o.clone());
                }
            }
        }
        if cap > 0 {
            evidence.truncate(cap);
        }
        // The words of the evidence, for the rows kept only: each reads its
        // article's text.
        let mut words = self.conn.prepare_cached(
            "SELECT CAST(substr(CAST(text AS BLOB), ?2 + 1, ?3 - ?2) AS BLOB) FROM documents WHERE id = ?1",
        )?;
        for e in &mut evidence {
            let bytes: Vec<u8> = words.query_row(params![e.document_id, e.start, e.end], |r| r.get(0))?;
            e.text = String::from_utf8_lossy(&bytes).into_owned();
        }
        Ok(DisputeSide {
            first_seen,
            sources,
            outlets,
            evidence,
            evidence_total,
        })
    }

    /// A cluster of claims with its members, outlets, sources and dispute.
    pub fn claim_cluster(&self, id: i64) -> Result<ClaimCluster, Error> {
        let _snapshot = self.snapshot()?;
        let mut cluster = self
            .conn
            .prepare_cached(
                "SELECT c.key, c.text, c.first_seen, c.last_seen, c.members, c.asserting, c.denying,
                        (SELECT id FROM disputes WHERE cluster_id = c.id)
                 FROM claim_clusters c WHERE c.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ClaimCluster {
                    id,
                    key: r.get(0)?,
                    text: r.get(1)?,
                    first_seen: r.get(2)?,
                    last_seen: r.get(3)?,
                    members: r.get(4)?,
                    asserting: r.get(5)?,
                    denying: r.get(6)?,
                    outlets: Vec::new(),
                    sources: Vec::new(),
                    dispute_id: r.get(7)?,
                    claims: Vec::new(),
                })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no claim cluster with id {id}")))?;
        let counts = |sql: &str| -> Result<Vec<NameCount>, Error> {
            let mut st = self.conn.prepare_cached(sql)?;
            let rows = st.query_map([id], |r| {
                Ok(NameCount {
                    name: r.get(0)?,
                    claims: r.get(1)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        cluster.outlets = counts(
            "SELECT outlet, claims FROM claim_cluster_outlets WHERE cluster_id = ?1 ORDER BY claims DESC, outlet",
        )?;
        cluster.sources = counts(
            "SELECT source, claims FROM claim_cluster_sources WHERE cluster_id = ?1 ORDER BY claims DESC, source",
        )?;
        let ids: Vec<i64> = {
            let mut st = self
                .conn
                .prepare_cached("SELECT id FROM claims WHERE cluster_id = ?1 ORDER BY date IS NULL, date, id")?;
            let rows = st.query_map([id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        cluster.claims = ids.into_iter().map(|c| self.claim_row(c)).collect::<Result<_, _>>()?;
        Ok(cluster)
    }
}
