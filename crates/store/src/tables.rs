//! Whole tables for export, as typed rows, and the entity graph.

use std::collections::HashMap;

use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::{Error, Store};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per distinct content, with its text.
    Documents,
    /// One row per entity of a document, with its corpus entity.
    Entities,
    /// One row per mention.
    Mentions,
    /// One row per quote.
    Quotes,
    /// The entity graph's edges: speaker → entity said about, and co-mentions.
    Edges,
    /// One row per claim, with its source and cluster.
    Claims,
    /// One row per claim cluster (a proposition across the corpus).
    ClaimClusters,
    /// One row per piece of evidence of a dispute: the claim, its side,
    /// source, outlet, document and byte offsets.
    Disputes,
    /// One row per political event.
    Events,
    /// One row per date, time or duration expression.
    Times,
    /// One row per quantity (money, percentage, count, age).
    Quantities,
}

impl Table {
    /// Parse a name as the CLI spells it.
    pub fn from_name(name: &str) -> Option<Table> {
        Some(match name {
            "documents" => Table::Documents,
            "entities" => Table::Entities,
            "mentions" => Table::Mentions,
            "quotes" => Table::Quotes,
            "edges" => Table::Edges,
            "claims" => Table::Claims,
            "claim_clusters" => Table::ClaimClusters,
            "disputes" => Table::Disputes,
            "events" => Table::Events,
            "times" => Table::Times,
            "quantities" => Table::Quantities,
            _ => return None,
        })
    }
}

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// 64-bit integer.
    Int,
    /// 64-bit float.
    Real,
    /// UTF-8 text.
    Text,
}

/// A column: name and type; every column may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub ctype: ColumnType,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// No value.
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Real(f64),
    /// Text.
    Text(String),
}

/// Where exported rows go.
pub trait RowSink {
    /// Called once, before any row.
    fn columns(&mut self, columns: &[Column]) -> Result<(), Error>;
    /// One row, cells in column order.
    fn row(&mut self, row: &[Value]) -> Result<(), Error>;
}

/// A node of the entity graph: a corpus entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Corpus entity id.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub etype: String,
    /// Documents mentioning it.
    pub documents: i64,
    /// Quotes it said.
    pub quotes: i64,
}

/// An edge of the entity graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source corpus entity.
    pub source: i64,
    /// Target corpus entity.
    pub target: i64,
    /// `said_about` (directed: the speaker mentioned the target in quotes),
    /// `co_mention` (undirected: both in the same documents) or `event_*`
    /// (directed: the actor did an event of that PLOVER type to the target).
    pub kind: &'static str,
    /// Quotes, or documents.
    pub weight: i64,
}

/// Edge kinds of events, `event_` and the PLOVER type in lower case.
const EVENT_EDGE_KINDS: [&str; 16] = [
    "event_agree",
    "event_consult",
    "event_support",
    "event_concede",
    "event_cooperate",
    "event_aid",
    "event_retreat",
    "event_request",
    "event_accuse",
    "event_reject",
    "event_threaten",
    "event_protest",
    "event_sanction",
    "event_mobilize",
    "event_coerce",
    "event_assault",
];

/// The entity graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Graph {
    /// Entities with at least one edge.
    pub nodes: Vec<Node>,
    /// Edges of at least the minimum weight.
    pub edges: Vec<Edge>,
}

const fn col(name: &'static str, ctype: ColumnType) -> Column {
    Column { name, ctype }
}

use ColumnType::{Int, Real, Text};

const DOCUMENTS: &[Column] = &[
    col("id", Int),
    col("content_hash", Text),
    col("input_id", Text),
    col("title", Text),
    col("date", Text),
    col("source", Text),
    col("url", Text),
    col("authors", Text),
    col("language", Text),
    col("words", Int),
    col("copies", Int),
    col("near_dup_of", Int),
    col("near_dup_similarity", Real),
    col("text", Text),
];
const ENTITIES: &[Column] = &[
    col("id", Int),
    col("document_id", Int),
    col("local_id", Text),
    col("key", Text),
    col("corpus_entity_id", Int),
    col("corpus_name", Text),
    col("name", Text),
    col("type", Text),
    col("roles", Text),
    col("country", Text),
    col("metonymy", Int),
    col("confidence", Real),
    col("mentions", Int),
];
const MENTIONS: &[Column] = &[
    col("id", Int),
    col("entity_id", Int),
    col("document_id", Int),
    col("corpus_entity_id", Int),
    col("start", Int),
    col("end", Int),
    col("text", Text),
    col("kind", Text),
    col("metonymy", Int),
];
const QUOTES: &[Column] = &[
    col("id", Int),
    col("document_id", Int),
    col("local_id", Text),
    col("date", Text),
    col("source", Text),
    col("title", Text),
    col("kind", Text),
    col("content", Text),
    col("spans", Text),
    col("cue", Text),
    col("speaker", Text),
    col("speaker_text", Text),
    col("speaker_kind", Text),
    col("speaker_resolution", Text),
    col("speaker_entity_id", Int),
    col("speaker_entity", Text),
    col("medium", Text),
    col("venue", Text),
    col("addressee", Text),
    col("confidence", Real),
];
const EDGES: &[Column] = &[
    col("source_id", Int),
    col("source", Text),
    col("target_id", Int),
    col("target", Text),
    col("kind", Text),
    col("weight", Int),
];

const CLAIMS: &[Column] = &[
    col("id", Int),
    col("document_id", Int),
    col("local_id", Text),
    col("date", Text),
    col("outlet", Text),
    col("title", Text),
    col("text", Text),
    col("spans", Text),
    col("subject", Text),
    col("predicate", Text),
    col("object", Text),
    col("negated", Int),
    col("source_kind", Text),
    col("source_name", Text),
    col("source_side", Text),
    col("source_entity_id", Int),
    col("source_entity", Text),
    col("status", Text),
    col("key", Text),
    col("corpus_key", Text),
    col("hedges", Text),
    col("confidence", Real),
    col("side", Text),
    col("cluster_id", Int),
    col("link_rule", Text),
];
const CLAIM_CLUSTERS: &[Column] = &[
    col("id", Int),
    col("key", Text),
    col("text", Text),
    col("first_seen", Text),
    col("last_seen", Text),
    col("members", Int),
    col("asserting", Int),
    col("denying", Int),
    col("outlets", Text),
    col("sources", Text),
    col("dispute_id", Int),
];
const DISPUTES: &[Column] = &[
    col("dispute_id", Int),
    col("cluster_id", Int),
    col("proposition", Text),
    col("since", Text),
    col("side", Text),
    col("claim_id", Int),
    col("document_id", Int),
    col("date", Text),
    col("outlet", Text),
    col("source", Text),
    col("source_kind", Text),
    col("source_entity_id", Int),
    col("start", Int),
    col("end", Int),
    col("evidence", Text),
    col("relation", Text),
];

const EVENTS: &[Column] = &[
    col("id", Int),
    col("document_id", Int),
    col("local_id", Text),
    col("date", Text),
    col("source", Text),
    col("type", Text),
    col("mode", Text),
    col("context", Text),
    col("cameo", Text),
    col("acled_event_type", Text),
    col("acled_sub_event_type", Text),
    col("actor", Text),
    col("actor_country", Text),
    col("actor_sector", Text),
    col("actor_entity_id", Int),
    col("target", Text),
    col("target_country", Text),
    col("target_sector", Text),
    col("target_entity_id", Int),
    col("location", Text),
    col("geonames_id", Int),
    col("location_country", Text),
    col("admin1", Text),
    col("lat", Real),
    col("lon", Real),
    col("time", Text),
    col("negated", Int),
    col("hedged", Int),
    col("attributed_to", Text),
    col("trigger", Text),
    col("trigger_start", Int),
    col("trigger_end", Int),
    col("confidence", Real),
];
const TIMES: &[Column] = &[
    col("id", Int),
    col("document_id", Int),
    col("local_id", Text),
    col("text", Text),
    col("start", Int),
    col("end", Int),
    col("value", Text),
    col("anchor", Text),
    col("grain", Text),
];
const QUANTITIES: &[Column] = &[
    col("id", Int),
    col("document_id", Int),
    col("local_id", Text),
    col("kind", Text),
    col("text", Text),
    col("start", Int),
    col("end", Int),
    col("value", Real),
    col("unit", Text),
    col("currency", Text),
    col("conversion_value", Real),
    col("conversion_currency", Text),
    col("counts", Text),
    col("counts_country", Text),
    col("bound", Text),
    col("approximate", Int),
];

fn spec(table: Table) -> (&'static [Column], &'static str) {
    match table {
        Table::Documents => (
            DOCUMENTS,
            "SELECT d.id, d.content_hash, d.input_id, d.title, d.date, d.source, d.url, d.authors, d.language, d.words,
                    (SELECT count(*) FROM copies c WHERE c.document_id = d.id), d.near_dup_of, d.near_dup_similarity, d.text
             FROM documents d ORDER BY d.id",
        ),
        Table::Entities => (
            ENTITIES,
            "SELECT e.id, e.document_id, 'e' || (e.local_id + 1), k.key, c.id, (SELECT name FROM entity_keys WHERE corpus_entity_id = c.id ORDER BY documents DESC, id LIMIT 1), e.name, e.type, e.roles,
                    e.country, e.metonymy, e.confidence, e.mentions
             FROM entities e JOIN entity_keys k ON k.id = e.key_id JOIN corpus_entities c ON c.id = k.corpus_entity_id
             ORDER BY e.id",
        ),
        Table::Mentions => (
            MENTIONS,
            "SELECT m.id, m.entity_id, m.document_id, k.corpus_entity_id, m.start, m.end, m.text, m.kind, m.metonymy
             FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN entity_keys k ON k.id = e.key_id
             ORDER BY m.id",
        ),
        Table::Quotes => (
            QUOTES,
            "SELECT q.id, q.document_id, 'q' || (q.local_id + 1), q.date, d.source, d.title, q.kind, q.content, q.spans,
                    q.cue, q.speaker, q.speaker_text, q.speaker_kind, q.speaker_resolution, c.id, (SELECT name FROM entity_keys WHERE corpus_entity_id = c.id ORDER BY documents DESC, id LIMIT 1), q.medium,
                    q.venue, q.addressee, q.confidence
             FROM quotes q JOIN documents d ON d.id = q.document_id
             LEFT JOIN entity_keys k ON k.id = q.speaker_key_id
             LEFT JOIN corpus_entities c ON c.id = k.corpus_entity_id
             ORDER BY q.id",
        ),
        Table::Edges => (
            EDGES,
            "",
        ),
        Table::Claims => (
            CLAIMS,
            "SELECT c.id, c.document_id, 'c' || (c.local_id + 1), c.date, c.outlet, d.title, c.text, c.spans, c.subject,
                    c.predicate, c.object, c.negated, c.source_kind, c.source_name, c.source_side, ce.id,
                    (SELECT name FROM entity_keys WHERE corpus_entity_id = ce.id ORDER BY documents DESC, id LIMIT 1),
                    c.status, c.key, c.corpus_key, c.hedges, c.confidence,
                    CASE WHEN c.polarity < 0 THEN 'denies' ELSE 'asserts' END, c.cluster_id, c.link_rule
             FROM claims c JOIN documents d ON d.id = c.document_id
             LEFT JOIN entity_keys k ON k.id = c.source_key_id
             LEFT JOIN corpus_entities ce ON ce.id = k.corpus_entity_id
             ORDER BY c.id",
        ),
        Table::ClaimClusters => (
            CLAIM_CLUSTERS,
            "SELECT c.id, c.key, c.text, c.first_seen, c.last_seen, c.members, c.asserting, c.denying,
                    (SELECT json_group_array(outlet) FROM claim_cluster_outlets WHERE cluster_id = c.id),
                    (SELECT json_group_array(source) FROM claim_cluster_sources WHERE cluster_id = c.id),
                    (SELECT id FROM disputes WHERE cluster_id = c.id)
             FROM claim_clusters c ORDER BY c.id",
        ),
        Table::Disputes => (
            DISPUTES,
            "SELECT p.id, p.cluster_id, cl.text, p.since, e.side, e.claim_id, e.document_id, e.date, c.outlet,
                    CASE WHEN e.relation = 'denied_unnamed' THEN 'unnamed' ELSE
                    coalesce(c.source_name,
                             (SELECT name FROM entity_keys WHERE corpus_entity_id = k.corpus_entity_id
                              ORDER BY documents DESC, id LIMIT 1),
                             c.source_kind) END,
                    CASE WHEN e.relation = 'denied_unnamed' THEN 'unnamed' ELSE c.source_kind END,
                    CASE WHEN e.relation = 'denied_unnamed' THEN NULL ELSE k.corpus_entity_id END, e.evidence_start, e.evidence_end,
                    CAST(substr(CAST(d.text AS BLOB), e.evidence_start + 1, e.evidence_end - e.evidence_start) AS TEXT),
                    e.relation
             FROM disputes p JOIN claim_clusters cl ON cl.id = p.cluster_id
             JOIN claim_evidence e ON e.cluster_id = p.cluster_id
             JOIN claims c ON c.id = e.claim_id JOIN documents d ON d.id = e.document_id
             LEFT JOIN entity_keys k ON k.id = c.source_key_id
             ORDER BY p.id, e.side, e.date IS NULL, e.date, e.claim_id",
        ),
        Table::Events => (
            EVENTS,
            "SELECT ev.id, ev.document_id, 'v' || (ev.local_id + 1), ev.date, d.source, ev.type, ev.mode, ev.context,
                    ev.cameo, ev.acled_event_type, ev.acled_sub_event_type, ev.actor, ev.actor_country,
                    ev.actor_sector, ka.corpus_entity_id, ev.target, ev.target_country, ev.target_sector,
                    kt.corpus_entity_id, ev.location, ev.geonames_id, ev.location_country, ev.admin1, ev.lat, ev.lon,
                    ev.time, ev.negated, ev.hedged, 'q' || (ev.attributed_to + 1), ev.trigger, ev.trigger_start,
                    ev.trigger_end, ev.confidence
             FROM events ev JOIN documents d ON d.id = ev.document_id
             LEFT JOIN entity_keys ka ON ka.id = ev.actor_key_id
             LEFT JOIN entity_keys kt ON kt.id = ev.target_key_id
             ORDER BY ev.id",
        ),
        Table::Times => (
            TIMES,
            "SELECT id, document_id, 't' || (local_id + 1), text, start, end, value, anchor, grain
             FROM times ORDER BY id",
        ),
        Table::Quantities => (
            QUANTITIES,
            "SELECT id, document_id, 'n' || (local_id + 1), kind, text, start, end, value, unit, currency,
                    conversion_value, conversion_currency, counts, counts_country, bound, approximate
             FROM quantities ORDER BY id",
        ),
    }
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

impl Store {
    /// The columns of a table.
    pub fn columns(table: Table) -> &'static [Column] {
        spec(table).0
    }

    /// Stream a whole table into `sink`; returns the number of rows.
    pub fn export(&self, table: Table, sink: &mut dyn RowSink) -> Result<u64, Error> {
        let (columns, sql) = spec(table);
        sink.columns(columns)?;
        let mut n = 0;
        if table == Table::Edges {
            let graph = self.graph(1)?;
            let names: HashMap<i64, &str> = graph.nodes.iter().map(|n| (n.id, n.name.as_str())).collect();
            for e in &graph.edges {
                sink.row(&[
                    Value::Int(e.source),
                    Value::Text(names[&e.source].to_string()),
                    Value::Int(e.target),
                    Value::Text(names[&e.target].to_string()),
                    Value::Text(e.kind.to_string()),
                    Value::Int(e.weight),
                ])?;
                n += 1;
            }
            return Ok(n);
        }
        let mut st = self.conn.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut buf = Vec::with_capacity(columns.len());
        while let Some(r) = rows.next()? {
            buf.clear();
            for i in 0..columns.len() {
                buf.push(value(r.get_ref(i)?));
            }
            sink.row(&buf)?;
            n += 1;
        }
        Ok(n)
    }

    /// The entity graph: corpus entities as nodes; `said_about` edges from
    /// a speaker to the entities mentioned in their quotes (weight: quotes)
    /// and `co_mention` edges between entities in the same documents
    /// (weight: documents). Edges lighter than `min_weight` are left out,
    /// and so are nodes left without edges.
    pub fn graph(&self, min_weight: i64) -> Result<Graph, Error> {
        let mut corpus_of: HashMap<i64, i64> = HashMap::new();
        {
            let mut st = self.conn.prepare("SELECT id, corpus_entity_id FROM entity_keys")?;
            for row in st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (k, c) = row?;
                corpus_of.insert(k, c);
            }
        }
        let mut edges = Vec::new();
        {
            let mut said: HashMap<(i64, i64), i64> = HashMap::new();
            let mut st = self.conn.prepare(
                "SELECT q.speaker_key_id, a.key_id FROM quote_about a JOIN quotes q ON q.id = a.quote_id
                 WHERE q.speaker_key_id IS NOT NULL",
            )?;
            for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
                let (s, t) = row?;
                let (s, t) = (corpus_of[&s], corpus_of[&t]);
                if s != t {
                    *said.entry((s, t)).or_default() += 1;
                }
            }
            edges.extend(said.into_iter().map(|((source, target), weight)| Edge {
                source,
                target,
                kind: "said_about",
                weight,
            }));
        }
        {
            let mut co: HashMap<(i64, i64), i64> = HashMap::new();
            let mut st = self.conn.prepare("SELECT key_ids FROM document_keys")?;
            let mut rows = st.query([])?;
            let mut ents = Vec::new();
            while let Some(r) = rows.next()? {
                let blob = r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
                ents.clear();
                ents.extend(
                    blob.chunks_exact(4)
                        .map(|c| corpus_of[&i64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))]),
                );
                ents.sort_unstable();
                ents.dedup();
                for (i, &a) in ents.iter().enumerate() {
                    for &b in &ents[i + 1..] {
                        *co.entry((a, b)).or_default() += 1;
                    }
                }
            }
            edges.extend(co.into_iter().map(|((source, target), weight)| Edge {
                source,
                target,
                kind: "co_mention",
                weight,
            }));
        }
        {
            // Actor → target of the events the text says happened (not
            // negated, not hedged), one edge kind per PLOVER type.
            let mut did: HashMap<(i64, i64, &'static str), i64> = HashMap::new();
            let mut st = self.conn.prepare(
                "SELECT actor_key_id, target_key_id, type FROM events
                 WHERE actor_key_id IS NOT NULL AND target_key_id IS NOT NULL AND negated = 0 AND hedged = 0",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (s, t): (i64, i64) = (r.get(0)?, r.get(1)?);
                let ty: String = r.get(2)?;
                let Some(kind) = EVENT_EDGE_KINDS.iter().find(|k| k[6..].eq_ignore_ascii_case(&ty)) else {
                    continue;
                };
                let (s, t) = (corpus_of[&s], corpus_of[&t]);
                if s != t {
                    *did.entry((s, t, kind)).or_default() += 1;
                }
            }
            edges.extend(did.into_iter().map(|((source, target, kind), weight)| Edge {
                source,
                target,
                kind,
                weight,
            }));
        }
        edges.retain(|e| e.weight >= min_weight);
        edges.sort_by(|a, b| {
            a.kind
                .cmp(b.kind)
                .then(a.source.cmp(&b.source))
                .then(a.target.cmp(&b.target))
        });
        let mut used: Vec<i64> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
        used.sort_unstable();
        used.dedup();
        let mut st = self.conn.prepare_cached(
            "SELECT (SELECT name FROM entity_keys WHERE corpus_entity_id = c.id ORDER BY documents DESC, id LIMIT 1), c.type,
                    coalesce((SELECT sum(documents) FROM entity_keys WHERE corpus_entity_id = c.id), 0),
                    (SELECT count(*) FROM quotes q JOIN entity_keys k ON k.id = q.speaker_key_id WHERE k.corpus_entity_id = c.id)
             FROM corpus_entities c WHERE c.id = ?1",
        )?;
        let nodes = used
            .into_iter()
            .map(|id| {
                st.query_row([id], |r| {
                    Ok(Node {
                        id,
                        name: r.get(0)?,
                        etype: r.get(1)?,
                        documents: r.get(2)?,
                        quotes: r.get(3)?,
                    })
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Graph { nodes, edges })
    }
}
