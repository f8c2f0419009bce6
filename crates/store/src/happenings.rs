//! Events, time expressions and quantities in the store: written with each
//! analysed document, queried by actor, target, type, country and date.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::{Error, Store};
use text::Doc;

/// Events, times and quantities, and each quotation's time.
pub(crate) const V_HAPPENINGS: &str = r#"
CREATE TABLE events (
    id                   INTEGER PRIMARY KEY,
    document_id          INTEGER NOT NULL REFERENCES documents(id),
    local_id             INTEGER NOT NULL,
    date                 TEXT,
    type                 TEXT NOT NULL,
    mode                 TEXT,
    context              TEXT,
    cameo                TEXT NOT NULL,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    actor                TEXT NOT NULL,
    actor_country        TEXT,
    actor_sector         TEXT,
    actor_key_id         INTEGER REFERENCES entity_keys(id),
    target               TEXT,
    target_country       TEXT,
    target_sector        TEXT,
    target_key_id        INTEGER REFERENCES entity_keys(id),
    location             TEXT,
    geonames_id          INTEGER,
    location_country     TEXT,
    admin1               TEXT,
    lat                  REAL,
    lon                  REAL,
    time                 TEXT,
    negated              INTEGER NOT NULL,
    hedged               INTEGER NOT NULL,
    attributed_to        INTEGER,
    trigger              TEXT NOT NULL,
    trigger_start        INTEGER NOT NULL,
    trigger_end          INTEGER NOT NULL,
    confidence           REAL NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX events_type ON events(type, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_actor ON events(actor_key_id) WHERE actor_key_id IS NOT NULL;
CREATE INDEX events_target ON events(target_key_id) WHERE target_key_id IS NOT NULL;
CREATE INDEX events_actor_country ON events(actor_country, date) WHERE actor_country IS NOT NULL;
CREATE TABLE times (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    local_id    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    value       TEXT,
    anchor      TEXT NOT NULL,
    grain       TEXT NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX times_value ON times(value) WHERE value IS NOT NULL;
CREATE TABLE quantities (
    id                  INTEGER PRIMARY KEY,
    document_id         INTEGER NOT NULL REFERENCES documents(id),
    local_id            INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    text                TEXT NOT NULL,
    start               INTEGER NOT NULL,
    end                 INTEGER NOT NULL,
    value               REAL,
    unit                TEXT,
    currency            TEXT,
    conversion_value    REAL,
    conversion_currency TEXT,
    counts              TEXT,
    counts_country      TEXT,
    bound               TEXT NOT NULL,
    approximate         INTEGER NOT NULL,
    UNIQUE (document_id, local_id)
);
CREATE INDEX quantities_kind ON quantities(kind, currency);
-- When each quotation was said, where the text says (its time expression).
CREATE TABLE quote_times (
    quote_id INTEGER PRIMARY KEY REFERENCES quotes(id),
    text     TEXT NOT NULL,
    value    TEXT
);
"#;

/// Write a document's events, times and quantities, and its quotes' times.
/// `key_ids` is the entity key id of each of the document's entities.
pub(crate) fn write_happenings(tx: &Connection, doc: &Doc, doc_id: i64, key_ids: &[i64]) -> Result<(), Error> {
    let slice = |s: text::Span| doc.text.get(s.start..s.end).unwrap_or("");
    let key = |e: Option<usize>| e.and_then(|e| key_ids.get(e).copied());
    let time_value = |t: Option<usize>| t.and_then(|t| doc.times.get(t)).and_then(|t| t.value.clone());
    let mut ins = tx.prepare_cached(
        "INSERT INTO events(document_id, local_id, date, type, mode, context, cameo, acled_event_type,
                            acled_sub_event_type, actor, actor_country, actor_sector, actor_key_id, target,
                            target_country, target_sector, target_key_id, location, geonames_id, location_country,
                            admin1, lat, lon, time, negated, hedged, attributed_to, trigger, trigger_start,
                            trigger_end, confidence)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
    )?;
    for (i, e) in doc.events.iter().enumerate() {
        let place = e.location.and_then(|l| doc.places.get(l));
        let resolved = place.and_then(|p| p.resolved.as_ref());
        let t = e.target.as_ref();
        ins.execute(params![
            doc_id,
            i as i64,
            doc.meta.date,
            e.event_type,
            e.mode,
            e.context,
            e.cameo,
            e.acled.map(|a| a.0),
            e.acled.map(|a| a.1),
            e.actor.name,
            e.actor.country,
            e.actor.sector,
            key(e.actor.entity),
            t.map(|t| t.name.as_str()),
            t.and_then(|t| t.country.as_deref()),
            t.and_then(|t| t.sector),
            key(t.and_then(|t| t.entity)),
            place
                .and_then(|p| doc.entities.get(p.entity))
                .map(|en| en.name.as_str()),
            resolved.map(|r| r.geonames_id),
            resolved.map(|r| r.country.as_str()).filter(|c| !c.is_empty()),
            resolved.and_then(|r| r.admin1.as_deref()),
            resolved.and_then(|r| r.lat),
            resolved.and_then(|r| r.lon),
            time_value(e.time),
            e.negated,
            e.hedged,
            e.attributed_to.map(|q| q as i64),
            slice(e.trigger),
            e.trigger.start as i64,
            e.trigger.end as i64,
            f64::from((e.confidence * 1000.0).round() / 1000.0),
        ])?;
    }
    let mut ins = tx.prepare_cached(
        "INSERT INTO times(document_id, local_id, text, start, end, value, anchor, grain)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, t) in doc.times.iter().enumerate() {
        ins.execute(params![
            doc_id,
            i as i64,
            slice(t.span),
            t.span.start as i64,
            t.span.end as i64,
            t.value,
            t.anchor.label(),
            t.grain.label(),
        ])?;
    }
    let mut ins = tx.prepare_cached(
        "INSERT INTO quantities(document_id, local_id, kind, text, start, end, value, unit, currency,
                                conversion_value, conversion_currency, counts, counts_country, bound, approximate)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (i, q) in doc.quantities.iter().enumerate() {
        let conv = q.stated_conversion.as_ref();
        ins.execute(params![
            doc_id,
            i as i64,
            q.kind.label(),
            slice(q.span),
            q.span.start as i64,
            q.span.end as i64,
            q.value,
            q.unit,
            q.currency,
            conv.map(|c| c.value),
            conv.and_then(|c| c.currency),
            q.counts.as_ref().map(|c| slice(c.span)),
            q.counts.as_ref().and_then(|c| c.country.as_deref()),
            q.bound.label(),
            q.approximate,
        ])?;
    }
    let mut ins = tx.prepare_cached(
        "INSERT OR REPLACE INTO quote_times(quote_id, text, value)
         SELECT id, ?3, ?4 FROM quotes WHERE document_id = ?1 AND local_id = ?2",
    )?;
    for (i, q) in doc.quotes.iter().enumerate() {
        if let Some(t) = q.time.and_then(|t| doc.times.get(t)) {
            ins.execute(params![doc_id, i as i64, slice(t.span), t.value])?;
        }
    }
    Ok(())
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// An entity name (any variant of a corpus entity) as the actor.
    pub actor: Option<String>,
    /// An entity name as the target.
    pub target: Option<String>,
    /// PLOVER type (`ASSAULT`, ...).
    pub event_type: Option<String>,
    /// ISO 3166 alpha-2 code of the actor's or target's country, or of the
    /// place it happened.
    pub country: Option<String>,
    /// Publication date on or after (`YYYY-MM-DD`, or a prefix).
    pub since: Option<String>,
    /// Publication date on or before.
    pub until: Option<String>,
    /// Leave out events the text says did not happen or may not happen.
    pub factual_only: bool,
    /// Leave out events below this confidence.
    pub min_confidence: f64,
    /// At most this many rows (0: 50).
    pub limit: usize,
    /// Skip this many rows first.
    pub offset: usize,
}

/// One stored event.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRow {
    /// Event row id.
    pub id: i64,
    /// The document it is in.
    pub document_id: i64,
    /// Its id in the document (`v1`, ...).
    pub local_id: String,
    /// Publication date.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// ACLED event type.
    pub acled_event_type: Option<String>,
    /// ACLED sub-event type.
    pub acled_sub_event_type: Option<String>,
    /// Who acted.
    pub actor: String,
    /// The actor's country.
    pub actor_country: Option<String>,
    /// The actor's PLOVER sector.
    pub actor_sector: Option<String>,
    /// To whom.
    pub target: Option<String>,
    /// The target's country.
    pub target_country: Option<String>,
    /// The target's PLOVER sector.
    pub target_sector: Option<String>,
    /// Where.
    pub location: Option<String>,
    /// The place's GeoNames id.
    pub geonames_id: Option<i64>,
    /// The place's country.
    pub location_country: Option<String>,
    /// When (ISO 8601), where the text says.
    pub time: Option<String>,
    /// The text says it did not happen.
    pub negated: bool,
    /// The text does not say it happened.
    pub hedged: bool,
    /// The quote (`q1`, ...) whose content reports it.
    pub attributed_to: Option<String>,
    /// The trigger words.
    pub trigger: String,
    /// 0 to 1.
    pub confidence: f64,
}

/// Events found and the number of all that matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    /// Every matching event, before the limit.
    pub total: i64,
    /// The page asked for, newest first.
    pub events: Vec<EventRow>,
}

impl Store {
    /// Stored events, newest first.
    pub fn events(&self, f: &EventFilter) -> Result<EventList, Error> {
        let mut wh: Vec<String> = vec!["ev.confidence >= ?1".into()];
        let mut args: Vec<rusqlite::types::Value> = vec![f.min_confidence.into()];
        // Entity filters match every name variant of the corpus entity, or
        // the words themselves when the actor is no entity ("protesters").
        for (name, key_column, text_column) in [
            (&f.actor, "ev.actor_key_id", "ev.actor"),
            (&f.target, "ev.target_key_id", "ev.target"),
        ] {
            if let Some(name) = name {
                args.push(name.clone().into());
                let n = args.len();
                wh.push(format!(
                    "({key_column} IN (SELECT k2.id FROM entity_keys k1
                                       JOIN entity_keys k2 ON k2.corpus_entity_id = k1.corpus_entity_id
                                       WHERE k1.name = ?{n} COLLATE NOCASE)
                      OR {text_column} = ?{n} COLLATE NOCASE)"
                ));
            }
        }
        if let Some(t) = &f.event_type {
            args.push(t.to_uppercase().into());
            wh.push(format!("ev.type = ?{}", args.len()));
        }
        if let Some(c) = &f.country {
            args.push(c.to_uppercase().into());
            let n = args.len();
            wh.push(format!(
                "(ev.actor_country = ?{n} OR ev.target_country = ?{n} OR ev.location_country = ?{n})"
            ));
        }
        if let Some(s) = &f.since {
            args.push(s.clone().into());
            wh.push(format!("ev.date >= ?{}", args.len()));
        }
        if let Some(u) = &f.until {
            // A prefix ("2025-04") takes in the whole month.
            args.push(format!("{u}\u{10FFFF}").into());
            wh.push(format!("ev.date <= ?{}", args.len()));
        }
        if f.factual_only {
            wh.push("ev.negated = 0 AND ev.hedged = 0".into());
        }
        let cond = wh.join(" AND ");
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM events ev WHERE {cond}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let limit = if f.limit == 0 { 50 } else { f.limit.min(10_000) };
        let sql = format!(
            "SELECT ev.id, ev.document_id, ev.local_id, ev.date, d.source, d.title, ev.type, ev.mode, ev.cameo,
                    ev.acled_event_type, ev.acled_sub_event_type, ev.actor, ev.actor_country, ev.actor_sector,
                    ev.target, ev.target_country, ev.target_sector, ev.location, ev.geonames_id,
                    ev.location_country, ev.time, ev.negated, ev.hedged, ev.attributed_to, ev.trigger,
                    ev.confidence
             FROM events ev JOIN documents d ON d.id = ev.document_id
             WHERE {cond}
             ORDER BY ev.date DESC, ev.id DESC LIMIT {limit} OFFSET {offset}",
            offset = f.offset.min(1_000_000)
        );
        let mut st = self.conn.prepare(&sql)?;
        let events = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    document_id: r.get(1)?,
                    local_id: format!("v{}", r.get::<_, i64>(2)? + 1),
                    date: r.get(3)?,
                    source: r.get(4)?,
                    title: r.get(5)?,
                    event_type: r.get(6)?,
                    mode: r.get(7)?,
                    cameo: r.get(8)?,
                    acled_event_type: r.get(9)?,
                    acled_sub_event_type: r.get(10)?,
                    actor: r.get(11)?,
                    actor_country: r.get(12)?,
                    actor_sector: r.get(13)?,
                    target: r.get(14)?,
                    target_country: r.get(15)?,
                    target_sector: r.get(16)?,
                    location: r.get(17)?,
                    geonames_id: r.get(18)?,
                    location_country: r.get(19)?,
                    time: r.get(20)?,
                    negated: r.get(21)?,
                    hedged: r.get(22)?,
                    attributed_to: r.get::<_, Option<i64>>(23)?.map(|q| format!("q{}", q + 1)),
                    trigger: r.get(24)?,
                    confidence: r.get(25)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(EventList { total, events })
    }

    /// The time a stored quote was said, as the text gives it: the words
    /// and their ISO 8601 value.
    pub fn quote_time(&self, quote_id: i64) -> Result<Option<(String, Option<String>)>, Error> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT text, value FROM quote_times WHERE quote_id = ?1")?
            .query_row([quote_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
}
