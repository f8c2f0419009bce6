//! Claim linking at corpus scale: the time `write_batch` spends storing and
//! linking claims per article as the store fills up.
//!
//! ```text
//! cargo bench -p dossier-store --bench claim_linking -- SOURCE_DB [--out NEW_DB] [--batch N] [--min-confidence C]
//!     [--limit DOCUMENTS] [--no-wording]
//! ```
//!
//! SOURCE_DB is a store written by `dossier ingest` (say, the whole AllSides
//! corpus). Its documents are written again, in their stored order, into a
//! fresh store at NEW_DB (default `SOURCE_DB.claims.db`, replaced), with
//! their entities and mentions and with stand-in **claims** made from its
//! attributions of at least `--min-confidence` (default 0.5), one claim
//! per attribution — its content as the claim's words, its speaker as the
//! source, the first and second entities mentioned inside as subject and
//! object, the word after the subject as a crude predicate, and "not",
//! "never" or "n't" as negation. The stand-ins give the linker a realistic
//! number of claims, entities and wordings per article; cluster and dispute
//! counts they give say nothing about real claims. With the claim stage in
//! the pipeline, `dossier ingest` itself prints the linking time per new
//! document of real claims.
//!
//! Prints claims per article, linking time per article (over the whole run
//! and over the last tenth, when the store is nearly full), the share of
//! the writer's time it takes, and how claims joined their clusters.
//! `--no-wording` turns off linking by wording (MinHash), to measure what
//! it costs and adds.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier_store::{BatchReport, Item, Store};
use rusqlite::{Connection, OpenFlags};
use text::{
    Claim, ClaimArg, ClaimSource, ClaimSourceKind, ClaimStatus, Doc, Entity, EntityType, Mention, MentionKind, Meta,
    Proposition, Span,
};

struct Args {
    source: PathBuf,
    out: PathBuf,
    batch: usize,
    min_confidence: f64,
    wording: bool,
    limit: usize,
}

fn args() -> Args {
    let mut it = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut source = None;
    let mut out = None;
    let mut batch = 512;
    let mut min_confidence = 0.5;
    let mut wording = true;
    let mut limit = 0;
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            "--no-wording" => wording = false,
            "--limit" => limit = it.next().and_then(|v| v.parse().ok()).expect("--limit N"),
            "--batch" => batch = it.next().and_then(|v| v.parse().ok()).expect("--batch N"),
            "--min-confidence" => min_confidence = it.next().and_then(|v| v.parse().ok()).expect("--min-confidence C"),
            _ => source = Some(PathBuf::from(a)),
        }
    }
    let Some(source) = source else {
        eprintln!("usage: claim_linking SOURCE_DB [--out NEW_DB] [--batch N] [--min-confidence C]");
        std::process::exit(2);
    };
    let out = out.unwrap_or_else(|| source.with_extension("claims.db"));
    Args {
        source,
        out,
        batch,
        min_confidence,
        wording,
        limit,
    }
}

fn mention_kind(s: &str) -> MentionKind {
    match s {
        "pronoun" => MentionKind::Pronoun,
        "nominal" => MentionKind::Nominal,
        _ => MentionKind::Name,
    }
}

/// Mentions by document: (entity row, start, end, kind, metonymy).
type Mentions = HashMap<i64, Vec<(i64, i64, i64, String, bool)>>;

/// The mentions of a range of documents. The source's mentions table has
/// no index on the document, so one scan per batch reads them all.
fn read_mentions(conn: &Connection, first: i64, last: i64) -> rusqlite::Result<Mentions> {
    let mut out: Mentions = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT document_id, entity_id, start, end, kind, metonymy FROM mentions
         WHERE document_id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let rows = st.query_map([first, last], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
        ))
    })?;
    for row in rows {
        let (doc, m) = row?;
        out.entry(doc).or_default().push(m);
    }
    Ok(out)
}

/// The document as stored, with its entities and stand-in claims.
fn read_doc(conn: &Connection, id: i64, mentions: &Mentions, min_confidence: f64) -> rusqlite::Result<Doc> {
    let mut language = String::new();
    let mut text = String::new();
    let meta = conn
        .prepare_cached("SELECT input_id, title, date, source, url, language, text FROM documents WHERE id = ?1")?
        .query_row([id], |r| {
            language = r.get(5)?;
            text = r.get(6)?;
            Ok(Meta {
                id: r.get(0)?,
                title: r.get(1)?,
                date: r.get(2)?,
                source: r.get(3)?,
                url: r.get(4)?,
                ..Meta::default()
            })
        })?;
    let mut doc = Doc::new(meta, text);
    doc.language = language;
    let mut row_to_local: HashMap<i64, usize> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT e.id, k.key, e.name, e.type, e.roles, e.country, e.metonymy, e.confidence
             FROM entities e JOIN entity_keys k ON k.id = e.key_id WHERE e.document_id = ?1 ORDER BY e.local_id",
        )?;
        let rows = st.query_map([id], |r| {
            let roles: String = r.get(4)?;
            let etype: String = r.get(3)?;
            Ok((
                r.get::<_, i64>(0)?,
                Entity {
                    key: r.get(1)?,
                    name: r.get(2)?,
                    etype: EntityType::from_label(&etype).unwrap_or(EntityType::Org),
                    roles: serde_json::from_str(&roles).unwrap_or_default(),
                    honorific: None,
                    country: r.get(5)?,
                    metonymy: r.get(6)?,
                    confidence: r.get::<_, f64>(7)? as f32,
                    mentions: Vec::new(),
                },
            ))
        })?;
        for row in rows {
            let (rowid, e) = row?;
            row_to_local.insert(rowid, doc.entities.len());
            doc.entities.push(e);
        }
    }
    for &(entity, start, end, ref kind, metonymy) in mentions.get(&id).map(Vec::as_slice).unwrap_or(&[]) {
        if let Some(&e) = row_to_local.get(&entity) {
            doc.entities[e].mentions.push(Mention {
                span: Span::new(start as usize, end as usize),
                kind: mention_kind(kind),
                metonymy,
            });
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT spans, speaker_name, speaker, speaker_kind, speaker_entity_id, confidence
         FROM quotes WHERE document_id = ?1 AND confidence >= ?2 ORDER BY local_id",
    )?;
    let rows = st.query_map(rusqlite::params![id, min_confidence], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, f64>(5)?,
        ))
    })?;
    for row in rows {
        let (spans, name, speaker, kind, entity, confidence) = row?;
        let spans: Vec<[usize; 2]> = serde_json::from_str(&spans).unwrap_or_default();
        let spans: Vec<Span> = spans.into_iter().map(|[s, e]| Span::new(s, e)).collect();
        if spans.is_empty() {
            continue;
        }
        let claim = stand_in(
            &doc,
            spans,
            name.or(speaker),
            kind,
            entity.and_then(|e| row_to_local.get(&e).copied()),
            confidence,
        );
        doc.claims.push(claim);
    }
    Ok(doc)
}

/// A claim made from an attribution (see the module's documentation).
fn stand_in(
    doc: &Doc,
    spans: Vec<Span>,
    name: Option<String>,
    kind: Option<String>,
    entity: Option<usize>,
    confidence: f64,
) -> Claim {
    // Entities mentioned inside, in text order.
    let mut inside: Vec<(Span, usize)> = doc
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i)))
        .filter(|(m, i)| Some(*i) != entity && spans.iter().any(|s| s.contains(*m)))
        .collect();
    inside.sort_by_key(|(m, _)| m.start);
    let subject = inside.first().copied();
    let object = inside.iter().find(|(_, i)| Some(*i) != subject.map(|s| s.1)).copied();
    let words_from = subject.map_or(spans[0].start, |(m, _)| m.end);
    let end = spans.last().map_or(words_from, |s| s.end);
    let rest = doc.text.get(words_from..end).unwrap_or("");
    let predicate = rest
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .find(|w| w.len() >= 3 && w.chars().all(|c| c.is_lowercase()))
        .map(|w| w.trim_end_matches("ed").trim_end_matches('s').to_string());
    let content: String = spans
        .iter()
        .map(|s| doc.text.get(s.start..s.end).unwrap_or(""))
        .collect();
    let negated = content.contains(" not ") || content.contains("n't ") || content.contains(" never ");
    let kind = match kind.as_deref() {
        Some("person") => ClaimSourceKind::NamedPerson,
        Some("institution") => ClaimSourceKind::Institution,
        Some("anonymous") | Some("unnamed") => ClaimSourceKind::Anonymous,
        _ => ClaimSourceKind::Narrator,
    };
    Claim {
        spans,
        proposition: Proposition {
            subject: subject.map(|(span, e)| ClaimArg { span, entity: Some(e) }),
            predicate: None,
            predicate_lemma: predicate,
            object: object.map(|(span, e)| ClaimArg { span, entity: Some(e) }),
            negated,
        },
        source: ClaimSource {
            entity,
            name,
            kind,
            side: None,
            description: None,
        },
        hedges: Vec::new(),
        status: ClaimStatus::Asserted,
        quotes: Vec::new(),
        events: Vec::new(),
        stance: Vec::new(),
        key: String::new(),
        confidence: confidence as f32,
    }
}

fn main() {
    let a = args();
    let src = Connection::open_with_flags(&a.source, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("source store");
    let ids: Vec<i64> = {
        let mut st = src.prepare("SELECT id FROM documents ORDER BY id LIMIT ?1").unwrap();
        let limit = if a.limit == 0 { -1 } else { a.limit as i64 };
        let rows = st.query_map([limit], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", a.out.display()));
    }
    let mut store = Store::open(&a.out).expect("new store");
    store.set_claim_wording_links(a.wording);
    let n = ids.len();
    let tail_from = n - n / 10;
    let (mut total, mut tail) = (BatchReport::default(), BatchReport::default());
    let (mut write_time, mut tail_write) = (Duration::ZERO, Duration::ZERO);
    let started = Instant::now();
    for (chunk_no, chunk) in ids.chunks(a.batch).enumerate() {
        let mentions = read_mentions(&src, chunk[0], chunk[chunk.len() - 1]).expect("readable");
        let items: Vec<Item> = chunk
            .iter()
            .map(|&id| {
                let doc = read_doc(&src, id, &mentions, a.min_confidence).expect("readable");
                Item::analysed(doc, format!("src:{id}"))
            })
            .collect();
        let t = Instant::now();
        let r = store.write_batch(items, None).expect("written");
        let dt = t.elapsed();
        write_time += dt;
        if chunk_no * a.batch >= tail_from {
            tail += r;
            tail_write += dt;
        }
        total += r;
        if chunk_no % 10 == 0 {
            eprintln!(
                "{} of {n} documents, {} claims, {:.0} µs linking per document so far",
                (chunk_no + 1) * a.batch,
                total.claims,
                total.claim_link_micros as f64 / total.documents.max(1) as f64
            );
        }
    }
    let per_doc = |r: &BatchReport| r.claim_link_micros as f64 / r.documents.max(1) as f64;
    let per_claim = |r: &BatchReport| r.claim_link_micros as f64 / r.claims.max(1) as f64;
    let rules: Vec<(String, i64)> = {
        let conn = Connection::open(&a.out).unwrap();
        let mut st = conn
            .prepare("SELECT link_rule, count(*) FROM claims GROUP BY link_rule ORDER BY 2 DESC")
            .unwrap();
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let totals = store.totals().unwrap();
    let report = serde_json::json!({
        "source": a.source.display().to_string(),
        "documents": total.documents,
        "claims": total.claims,
        "claims_per_document": total.claims as f64 / total.documents.max(1) as f64,
        "claim_linking_us_per_document": per_doc(&total),
        "claim_linking_us_per_claim": per_claim(&total),
        "last_tenth": {
            "documents": tail.documents,
            "claim_linking_us_per_document": per_doc(&tail),
            "claim_linking_us_per_claim": per_claim(&tail),
            "write_batch_us_per_document": tail_write.as_micros() as f64 / tail.documents.max(1) as f64,
        },
        "claim_linking_share_of_write_batch": total.claim_link_micros as f64 / write_time.as_micros().max(1) as f64,
        "write_batch_us_per_document": write_time.as_micros() as f64 / total.documents.max(1) as f64,
        "clusters": totals.claim_clusters,
        "disputes": totals.disputes,
        "link_rules": rules.into_iter().collect::<HashMap<_, _>>(),
        "wall_s": started.elapsed().as_secs_f64(),
        "wording_links": a.wording,
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}
