//! Writing claims and linking them across the corpus, inside the batch's
//! transaction.
//!
//! Each new claim joins one cluster (a proposition), trying in order:
//! - **copy**: its document is a near-duplicate of an earlier one, and a
//!   claim of that original has nearly the same words (word-set Jaccard at
//!   least [`COPY_SIMILARITY`]);
//! - **key**: a cluster has the same corpus key, the proposition with
//!   corpus entity ids for resolved participants and without its negation
//!   ([`corpus_key`]);
//! - **text**: a stored claim's word bigrams overlap at least
//!   [`TEXT_SIMILARITY`], found through MinHash band keys
//!   ([`Signature::of_claim`]);
//! - otherwise it founds a cluster.
//!
//! Every step is an index lookup (the original's claims, one key, twenty
//! band keys), so the cost per article does not grow with the corpus.
//! Clusters are never merged or split afterwards: decisions depend on input
//! order, and a merge undone later does not move claims.
//!
//! A claim's **polarity** is −1 when its proposition is negated. It is
//! evidence on its cluster's `asserts` or `denies` side; a claim that
//! denies (or confirms, or supports) another claim of its document is
//! evidence on that claim's cluster too, and a claim whose status is
//! `denied` with no claim of its document denying it is evidence of a
//! denial by an unnamed source; a claim that denies another is no
//! evidence for its own words. A cluster becomes a **dispute**
//! when both sides hold evidence from different sources, one of them a
//! stance, or, on negation alone, two claims of the same strong key
//! ([`strong_key`]) in different documents; the dispute's counts and dates
//! are updated as evidence arrives.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use text::{Claim, ClaimStatus, Doc, Span, StanceRelation};

use crate::deferred::Deferred;
use crate::minhash::Signature;
use crate::write::{BatchReport, BoundedCache};
use crate::Error;

/// Word-set Jaccard from which a claim of a near-duplicate document is the
/// same claim as one of its original.
pub const COPY_SIMILARITY: f64 = 0.6;
/// Word-bigram Jaccard from which two claims are the same wording.
pub const TEXT_SIMILARITY: f64 = 0.7;
/// Candidates read per band key: a band shared by hundreds of claims is
/// boilerplate, and reading all of them would grow with the corpus.
const BAND_CANDIDATES: i64 = 32;
/// Words kept of a participant given as words (not an entity).
const KEY_WORDS: usize = 8;

const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "that", "this", "these", "those", "its", "his",
    "her", "their", "our", "at", "by", "with", "from", "as",
];

/// Words that name nobody in particular outside their document: a
/// participant made only of these is no participant for the key.
const PRONOUNS: &[&str] = &[
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "me",
    "him",
    "us",
    "them",
    "who",
    "which",
    "there",
    "here",
    "one",
    "someone",
    "something",
    "everyone",
    "everything",
    "nobody",
    "nothing",
];

/// Predicates that say too little without an object: "X is", "X has".
const LIGHT: &[&str] = &[
    "be", "have", "do", "say", "make", "get", "go", "take", "come", "see", "know", "think", "want", "tell", "give",
    "become", "seem", "happen", "continue", "begin", "start",
];

/// Lower-case words of a text, punctuation dropped.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Jaccard similarity of two texts' word sets.
pub(crate) fn word_jaccard(a: &str, b: &str) -> f64 {
    let a: HashSet<String> = words(a).collect();
    let b: HashSet<String> = words(b).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(&b).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Jaccard similarity of two texts' word-bigram sets.
#[cfg(test)]
pub(crate) fn bigram_jaccard(a: &str, b: &str) -> f64 {
    sorted_jaccard(&bigram_hashes(a), &bigram_hashes(b))
}

/// A text's word bigrams (lower case, punctuation dropped) as 64-bit
/// hashes, sorted and distinct: the set [`TEXT_SIMILARITY`] compares, small
/// enough to cache and intersected without allocating.
pub(crate) fn bigram_hashes(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let w: Vec<String> = words(text).collect();
    let mut out: Vec<u64> = w
        .windows(2)
        .map(|p| {
            // SipHash with fixed keys: the same text hashes alike in every run.
            let mut h = std::hash::DefaultHasher::new();
            (&p[0], &p[1]).hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted, distinct sets.
fn sorted_jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = text::sorted_overlap(a, b);
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// What linking by wording reads again and again, in bounded caches: the
/// candidates of bands that are full (a band's first [`BAND_CANDIDATES`]
/// claims never change, since later claims have larger ids) and the cluster
/// and bigrams of claims (a claim never changes cluster). Without them each
/// claim reads up to a hundred stored claims, and more of its bands are
/// full the larger the corpus: the cost per document grew with the store.
#[derive(Debug)]
pub(crate) struct WordingCache {
    /// Claim id → (cluster id, word-bigram hashes).
    claims: BoundedCache<i64, (i64, Vec<u64>)>,
    /// Band key → its first claim ids, for full bands only.
    full_bands: BoundedCache<i64, Vec<i64>>,
}

impl WordingCache {
    pub(crate) fn new() -> WordingCache {
        WordingCache {
            claims: BoundedCache::new(16_384),
            full_bands: BoundedCache::new(8_192),
        }
    }
}

/// A participant as the key spells it: `e<corpus entity id>` when it
/// resolves to an entity, else its content words (at most [`KEY_WORDS`]).
fn participant(doc: &Doc, arg: Option<&text::ClaimArg>, corpus_of: &[i64]) -> String {
    let Some(arg) = arg else { return String::new() };
    if let Some(&c) = arg.entity.and_then(|e| corpus_of.get(e)) {
        return format!("e{c}");
    }
    let kept: Vec<String> = words(doc.text.get(arg.span.start..arg.span.end).unwrap_or(""))
        .filter(|w| !STOP.contains(&w.as_str()))
        .take(KEY_WORDS)
        .collect();
    if kept.iter().all(|w| PRONOUNS.contains(&w.as_str())) {
        return String::new();
    }
    kept.join(" ")
}

/// The corpus key of a claim: `subject|predicate lemma|object` with corpus
/// entity ids for resolved participants and no negation, or the claim's own
/// key (prefixed `k:`) when the proposition is too thin to match on (no
/// predicate, no participant but pronouns, or a light verb such as "be" or
/// "have" with no object); `None` when neither is there.
pub(crate) fn corpus_key(doc: &Doc, claim: &Claim, corpus_of: &[i64]) -> Option<String> {
    let p = &claim.proposition;
    let predicate = p
        .predicate_lemma
        .as_deref()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty());
    let subject = participant(doc, p.subject.as_ref(), corpus_of);
    let object = participant(doc, p.object.as_ref(), corpus_of);
    match predicate {
        // Without a subject, claims of every outlet that "open the door" or
        // "came from" something pooled into one cluster; a subject is needed.
        Some(pred) if !subject.is_empty() && (!object.is_empty() || !LIGHT.contains(&pred.as_str())) => {
            Some(format!("{subject}|{pred}|{object}"))
        }
        _ => {
            // The claim's own key, on the same terms: "chance|be|" pooled
            // every "there's a chance" of the corpus.
            let own = claim.key.trim();
            let mut parts = own.split('|');
            let (s, p, o) = (parts.next()?, parts.next()?, parts.next()?);
            let p = p.trim_start_matches("not ");
            let usable = !s.is_empty() && !p.is_empty() && (!o.is_empty() || !LIGHT.contains(&p));
            usable.then(|| format!("k:{own}"))
        }
    }
}

fn status_label(s: ClaimStatus) -> &'static str {
    s.label()
}

fn side_label(polarity: i64) -> &'static str {
    if polarity < 0 {
        "denies"
    } else {
        "asserts"
    }
}

/// The claim's words: its spans joined by " … ".
fn claim_text(doc: &Doc, claim: &Claim) -> String {
    claim
        .spans
        .iter()
        .map(|s| doc.text.get(s.start..s.end).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" … ")
}

/// From the first span's start to the last span's end.
fn outer(spans: &[Span]) -> (i64, i64) {
    match (spans.first(), spans.last()) {
        (Some(a), Some(b)) => (a.start as i64, b.end as i64),
        _ => (0, 0),
    }
}

/// What the document's other tables already know, by entity index.
pub(crate) struct DocLinks<'a> {
    pub doc_id: i64,
    /// The original this document nearly duplicates.
    pub near_dup_of: Option<i64>,
    /// entity_keys id of each entity.
    pub key_ids: &'a [i64],
    /// Corpus entity id of each entity.
    pub corpus_of: &'a [i64],
    /// Link by wording too.
    pub wording: bool,
}

/// One stored claim, for the stance pass.
struct Written {
    id: i64,
    cluster: i64,
    polarity: i64,
    ident: String,
    retracted: bool,
}

/// Store the document's claims, link each to a cluster, record stances and
/// evidence, and open or update disputes.
pub(crate) fn write_claims(
    tx: &Connection,
    cache: &mut WordingCache,
    deferred: &mut Deferred,
    doc: &Doc,
    links: &DocLinks<'_>,
    report: &mut BatchReport,
) -> Result<(), Error> {
    if doc.claims.is_empty() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let m = &doc.meta;
    let date = m.date.as_deref();
    let outlet = m.source.as_deref().map(str::trim).filter(|s| !s.is_empty());
    // The original's claims, once per document: (id, text, cluster).
    let originals: Vec<(i64, String, i64)> = match links.near_dup_of {
        Some(orig) => {
            let mut st = tx.prepare_cached("SELECT id, text, cluster_id FROM claims WHERE document_id = ?1")?;
            let rows = st.query_map([orig], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        }
        None => Vec::new(),
    };
    let slice = |s: Span| doc.text.get(s.start..s.end).unwrap_or("");
    let mut written: Vec<Written> = Vec::with_capacity(doc.claims.len());
    for (i, claim) in doc.claims.iter().enumerate() {
        let text = claim_text(doc, claim);
        let key = corpus_key(doc, claim, links.corpus_of);
        let signature = if links.wording {
            Signature::of_claim(&text)
        } else {
            None
        };
        let mut bigrams: Option<Vec<u64>> = None;
        let p = &claim.proposition;
        let polarity: i64 = if p.negated { -1 } else { 1 };
        let src = &claim.source;
        let source_entity = src.entity.filter(|&e| e < links.key_ids.len());
        let source_name = src
            .name
            .clone()
            .or_else(|| source_entity.map(|e| doc.entities[e].name.clone()))
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty());
        let ident = match (source_entity, &source_name) {
            (Some(e), _) => format!("e{}", links.corpus_of[e]),
            (None, Some(n)) => format!("n:{}", n.to_lowercase()),
            (None, None) => format!(
                "{}:{}",
                src.kind.label(),
                outlet.map_or_else(|| format!("d{}", links.doc_id), str::to_lowercase)
            ),
        };

        // Which cluster: copy, key, text, or a new one.
        let mut rule = "new";
        let mut cluster: Option<i64> = None;
        let best_copy = originals
            .iter()
            .map(|(_, t, c)| (word_jaccard(&text, t), *c))
            .filter(|(s, _)| *s >= COPY_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, c)) = best_copy {
            cluster = Some(c);
            rule = "copy";
        }
        if cluster.is_none() {
            if let Some(k) = &key {
                cluster = tx
                    .prepare_cached("SELECT id FROM claim_clusters WHERE key = ?1")?
                    .query_row([k], |r| r.get(0))
                    .optional()?;
                if cluster.is_some() {
                    rule = "key";
                }
            }
        }
        if cluster.is_none() {
            if let Some(sig) = &signature {
                let grams = bigrams.insert(bigram_hashes(&text));
                cluster = similar_wording(tx, cache, deferred, sig, grams)?;
                if cluster.is_some() {
                    rule = "text";
                }
            }
        }
        let cluster = match cluster {
            Some(c) => {
                if let Some(k) = &key {
                    // A cluster founded without a key takes the first one
                    // a member brings, so later claims find it by key.
                    tx.prepare_cached(
                        "UPDATE claim_clusters SET key = ?2 WHERE id = ?1 AND key IS NULL
                         AND NOT EXISTS (SELECT 1 FROM claim_clusters WHERE key = ?2)",
                    )?
                    .execute(params![c, k])?;
                }
                c
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO claim_clusters(key, text, first_seen, last_seen) VALUES(?1, ?2, ?3, ?3)",
                )?
                .execute(params![key, text, date])?;
                report.claim_clusters += 1;
                tx.last_insert_rowid()
            }
        };
        tx.prepare_cached(
            "UPDATE claim_clusters SET members = members + 1,
                 asserting = asserting + (?2 > 0), denying = denying + (?2 < 0),
                 first_seen = CASE WHEN ?3 IS NOT NULL AND (first_seen IS NULL OR ?3 < first_seen) THEN ?3 ELSE first_seen END,
                 last_seen = CASE WHEN ?3 IS NOT NULL AND (last_seen IS NULL OR ?3 > last_seen) THEN ?3 ELSE last_seen END
             WHERE id = ?1",
        )?
        .execute(params![cluster, polarity, date])?;

        let spans: Vec<[usize; 2]> = claim.spans.iter().map(|s| [s.start, s.end]).collect();
        let hedges: Vec<serde_json::Value> = claim
            .hedges
            .iter()
            .map(|h| serde_json::json!({"kind": h.kind, "start": h.span.start, "end": h.span.end, "text": slice(h.span)}))
            .collect();
        let arg_key = |a: Option<&text::ClaimArg>| a.and_then(|a| a.entity).and_then(|e| links.key_ids.get(e).copied());
        tx.prepare_cached(
            "INSERT INTO claims(document_id, local_id, date, outlet, text, spans, subject, subject_key_id, predicate,
                                object, object_key_id, negated, source_kind, source_name, source_side, source_key_id,
                                source_ident, status, key, corpus_key, hedges, quotes, confidence, polarity, cluster_id,
                                link_rule)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                    ?22, ?23, ?24, ?25, ?26)",
        )?
        .execute(params![
            links.doc_id,
            i as i64,
            date,
            outlet,
            text,
            serde_json::to_string(&spans).expect("numbers serialise"),
            p.subject.as_ref().map(|a| slice(a.span)),
            arg_key(p.subject.as_ref()),
            p.predicate_lemma.as_deref().or(p.predicate.map(slice)),
            p.object.as_ref().map(|a| slice(a.span)),
            arg_key(p.object.as_ref()),
            p.negated,
            src.kind.label(),
            source_name,
            src.side,
            source_entity.map(|e| links.key_ids[e]),
            ident,
            status_label(claim.status),
            claim.key,
            key,
            serde_json::to_string(&hedges).expect("values serialise"),
            serde_json::to_string(&claim.quotes).expect("numbers serialise"),
            (f64::from(claim.confidence) * 100.0).round() / 100.0,
            polarity,
            cluster,
            rule,
        ])?;
        let claim_id = tx.last_insert_rowid();
        report.claims += 1;
        tx.prepare_cached("INSERT INTO claims_fts(rowid, text, source_name) VALUES(?1, ?2, ?3)")?
            .execute(params![claim_id, text, source_name.as_deref().unwrap_or("")])?;
        if let Some(sig) = &signature {
            for band in sig.band_keys() {
                deferred.add_claim_band(band, claim_id);
            }
            let grams = bigrams.unwrap_or_else(|| bigram_hashes(&text));
            cache.claims.insert(claim_id, (cluster, grams));
        }
        // What it is about: subject, object, and entities mentioned inside
        // its words, its source excluded.
        let source_key = source_entity.map(|e| links.key_ids[e]);
        let mut about: Vec<i64> = [arg_key(p.subject.as_ref()), arg_key(p.object.as_ref())]
            .into_iter()
            .flatten()
            .collect();
        for (e, &k) in doc.entities.iter().zip(links.key_ids) {
            if e.mentions
                .iter()
                .any(|m| claim.spans.iter().any(|s| s.contains(m.span)))
            {
                about.push(k);
            }
        }
        about.sort_unstable();
        about.dedup();
        for k in about.into_iter().filter(|&k| Some(k) != source_key) {
            deferred.add_claim_about(k, date.unwrap_or(""), claim_id);
        }
        if let Some(o) = outlet {
            deferred.count_outlet(cluster, o);
        }
        match &source_name {
            Some(name) => deferred.count_source(cluster, name),
            None => deferred.count_source(cluster, src.kind.label()),
        }
        let retracted = claim.status == ClaimStatus::Retracted;
        // A claim that denies another ("rejected the suggestion that …")
        // does not assert its own words: its source is on the other side.
        let denies_another = claim.stance.iter().any(|st| st.relation == StanceRelation::Denies);
        if !retracted && !denies_another {
            let (start, end) = outer(&claim.spans);
            add_evidence(
                tx,
                Evidence {
                    cluster,
                    side: side_label(polarity),
                    claim_id,
                    ident: &ident,
                    document_id: links.doc_id,
                    date,
                    start,
                    end,
                    relation: None,
                    strong_key: strong_key(key.as_deref(), &text),
                },
                report,
            )?;
        }
        written.push(Written {
            id: claim_id,
            cluster,
            polarity,
            ident,
            retracted,
        });
    }
    // Stances, once every claim of the document has its row.
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO claim_stances(claim_id, target_id, relation, document_id, evidence_start, evidence_end)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (claim, w) in doc.claims.iter().zip(&written) {
        for st in &claim.stance {
            let Some(target) = written.get(st.claim).filter(|t| t.id != w.id) else {
                continue;
            };
            ins.execute(params![
                w.id,
                target.id,
                st.relation.label(),
                links.doc_id,
                st.evidence.start as i64,
                st.evidence.end as i64
            ])?;
            // Denying a claim takes the other side of its proposition;
            // confirming or supporting it takes its side.
            let side = match st.relation {
                StanceRelation::Denies => -target.polarity,
                StanceRelation::Confirms | StanceRelation::Supports => target.polarity,
                StanceRelation::Questions | StanceRelation::CannotVerify => continue,
            };
            if w.retracted || target.retracted {
                continue;
            }
            add_evidence(
                tx,
                Evidence {
                    cluster: target.cluster,
                    side: side_label(side),
                    claim_id: w.id,
                    ident: &w.ident,
                    document_id: links.doc_id,
                    date,
                    start: st.evidence.start as i64,
                    end: st.evidence.end as i64,
                    relation: Some(st.relation.label()),
                    strong_key: None,
                },
                report,
            )?;
        }
    }
    // A claim the text says is denied, with no claim of the document
    // denying it: the denial is evidence with no named source.
    for (i, (claim, w)) in doc.claims.iter().zip(&written).enumerate() {
        let answered = doc.claims.iter().enumerate().any(|(j, c)| {
            j != i
                && c.stance
                    .iter()
                    .any(|s| s.claim == i && s.relation == StanceRelation::Denies)
        });
        if claim.status != ClaimStatus::Denied || answered {
            continue;
        }
        let (start, end) = outer(&claim.spans);
        add_evidence(
            tx,
            Evidence {
                cluster: w.cluster,
                side: side_label(-w.polarity),
                claim_id: w.id,
                ident: &format!("{UNNAMED_DENIAL}:d{}", links.doc_id),
                document_id: links.doc_id,
                date,
                start,
                end,
                relation: Some(UNNAMED_DENIAL),
                strong_key: None,
            },
            report,
        )?;
    }
    report.claim_link_micros += started.elapsed().as_micros() as u64;
    Ok(())
}

/// The relation of evidence that a claim is denied, where the text names
/// no one denying it (the claim's status is `denied`, no stance says who).
pub(crate) const UNNAMED_DENIAL: &str = "denied_unnamed";

/// The cluster of the stored claim worded most like the claim with these
/// word bigrams, if one is similar enough.
fn similar_wording(
    tx: &Connection,
    cache: &mut WordingCache,
    deferred: &Deferred,
    sig: &Signature,
    bigrams: &[u64],
) -> Result<Option<i64>, Error> {
    let mut candidates: Vec<i64> = Vec::new();
    {
        let mut st = tx.prepare_cached("SELECT claim_id FROM claim_bands WHERE band_key = ?1 LIMIT ?2")?;
        for band in sig.band_keys() {
            if let Some(ids) = cache.full_bands.get(&band) {
                candidates.extend_from_slice(ids);
                continue;
            }
            // The batch's own claims come after every stored one, as the
            // index would list them.
            let mut ids = if deferred.filters.claim_band(band) {
                st.query_map(params![band, BAND_CANDIDATES], |r| r.get::<_, i64>(0))?
                    .collect::<Result<Vec<i64>, _>>()?
            } else {
                Vec::new()
            };
            ids.extend(deferred.claim_band_claims(band));
            ids.truncate(BAND_CANDIDATES as usize);
            candidates.extend_from_slice(&ids);
            if ids.len() as i64 == BAND_CANDIDATES {
                cache.full_bands.insert(band, ids);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut st = tx.prepare_cached("SELECT text, cluster_id FROM claims WHERE id = ?1")?;
    let mut best: Option<(f64, i64)> = None;
    for id in candidates {
        let (s, cluster) = match cache.claims.get(&id) {
            Some((cluster, other)) => (sorted_jaccard(bigrams, other), *cluster),
            None => {
                let (other, cluster): (String, i64) = st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let other = bigram_hashes(&other);
                let s = sorted_jaccard(bigrams, &other);
                cache.claims.insert(id, (cluster, other));
                (s, cluster)
            }
        };
        if s >= TEXT_SIMILARITY && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, cluster));
        }
    }
    Ok(best.map(|(_, c)| c))
}

/// An exact copy of a stored document: its outlet joins the outlets of the
/// document's clusters.
pub(crate) fn record_copy_outlet(
    tx: &Connection,
    deferred: &mut Deferred,
    doc_id: i64,
    outlet: Option<&str>,
) -> Result<(), Error> {
    let Some(outlet) = outlet.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    let clusters: Vec<i64> = {
        let mut st = tx.prepare_cached("SELECT cluster_id FROM claims WHERE document_id = ?1")?;
        let rows = st.query_map([doc_id], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for c in clusters {
        deferred.count_outlet(c, outlet);
    }
    Ok(())
}

/// One piece of evidence on one side of a cluster.
struct Evidence<'a> {
    cluster: i64,
    side: &'static str,
    claim_id: i64,
    ident: &'a str,
    document_id: i64,
    date: Option<&'a str>,
    start: i64,
    end: i64,
    relation: Option<&'static str>,
    /// For a claim's own evidence (no relation): its corpus key when the
    /// key is strong enough for negation alone to make a dispute.
    strong_key: Option<&'a str>,
}

/// A corpus key strong enough that the same key asserted by one source and
/// negated by another is a dispute on negation alone: subject, predicate
/// and object all there, the predicate not a light verb, and the claim not
/// a question ("whether Hagel would withdraw"). Weaker matches ("he will
/// not run" against "Graham … run") were mostly different propositions.
fn strong_key<'k>(key: Option<&'k str>, text: &str) -> Option<&'k str> {
    let key = key?;
    if key.starts_with("k:") {
        return None;
    }
    let mut parts = key.split('|');
    let (s, p, o) = (parts.next()?, parts.next()?, parts.next()?);
    if s.is_empty() || p.is_empty() || o.is_empty() || LIGHT.contains(&p) {
        return None;
    }
    let first = words(text).next().unwrap_or_default();
    if matches!(first.as_str(), "whether" | "if") {
        return None;
    }
    Some(key)
}

/// Record evidence, then open the cluster's dispute when this is the first
/// time both sides have evidence from different sources, or update the
/// dispute that is open.
fn add_evidence(tx: &Connection, e: Evidence<'_>, report: &mut BatchReport) -> Result<(), Error> {
    // The same words of the same document are one piece of evidence, though
    // two claims carry them (a quotation and a partial quotation of it both
    // deny with "groundless").
    let same_words: Option<i64> = tx
        .prepare_cached(
            "SELECT 1 FROM claim_evidence WHERE cluster_id = ?1 AND side = ?2 AND document_id = ?3
             AND evidence_start = ?4 AND evidence_end = ?5 LIMIT 1",
        )?
        .query_row(params![e.cluster, e.side, e.document_id, e.start, e.end], |r| r.get(0))
        .optional()?;
    if same_words.is_some() {
        return Ok(());
    }
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO claim_evidence(cluster_id, side, claim_id, source_ident, document_id, date,
                                                  evidence_start, evidence_end, relation)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            e.cluster,
            e.side,
            e.claim_id,
            e.ident,
            e.document_id,
            e.date,
            e.start,
            e.end,
            e.relation
        ])?;
    if inserted == 0 {
        return Ok(());
    }
    let dispute: Option<i64> = tx
        .prepare_cached("SELECT id FROM disputes WHERE cluster_id = ?1")?
        .query_row([e.cluster], |r| r.get(0))
        .optional()?;
    let asserts = e.side == "asserts";
    if let Some(id) = dispute {
        tx.prepare_cached(
            "UPDATE disputes SET
                 asserting = asserting + ?2, denying = denying + (1 - ?2),
                 first_asserted = CASE WHEN ?2 = 1 AND ?3 IS NOT NULL AND (first_asserted IS NULL OR ?3 < first_asserted)
                                       THEN ?3 ELSE first_asserted END,
                 first_denied = CASE WHEN ?2 = 0 AND ?3 IS NOT NULL AND (first_denied IS NULL OR ?3 < first_denied)
                                     THEN ?3 ELSE first_denied END,
                 last_seen = CASE WHEN ?3 IS NOT NULL AND (last_seen IS NULL OR ?3 > last_seen) THEN ?3 ELSE last_seen END
             WHERE id = ?1",
        )?
        .execute(params![id, i64::from(asserts), e.date])?;
        tx.prepare_cached(
            "UPDATE disputes SET since = CASE
                 WHEN first_asserted IS NULL OR first_denied IS NULL THEN since
                 WHEN first_asserted > first_denied THEN first_asserted ELSE first_denied END
             WHERE id = ?1",
        )?
        .execute([id])?;
        report.dispute_updates += 1;
        return Ok(());
    }
    let other = if asserts { "denies" } else { "asserts" };
    // Negation against negation makes a dispute only between claims of the
    // same strong key in different documents (within one article they were
    // mostly one source's words split in two); a stance on either side is
    // enough by itself.
    let opposed: Option<i64> = tx
        .prepare_cached(
            "SELECT 1 FROM claim_evidence ev JOIN claims c ON c.id = ev.claim_id
             WHERE ev.cluster_id = ?1 AND ev.side = ?2 AND ev.source_ident <> ?3
               AND (ev.relation IS NOT NULL OR ?4 IS NOT NULL
                    OR (?5 IS NOT NULL AND c.corpus_key = ?5 AND ev.document_id <> ?6
                        AND c.text NOT LIKE 'whether %' AND c.text NOT LIKE 'if %'))
             LIMIT 1",
        )?
        .query_row(
            params![e.cluster, other, e.ident, e.relation, e.strong_key, e.document_id],
            |r| r.get(0),
        )
        .optional()?;
    if opposed.is_none() {
        return Ok(());
    }
    // The cluster's evidence so far, read once (a lookup on its key).
    tx.prepare_cached(
        "INSERT INTO disputes(cluster_id, first_asserted, first_denied, last_seen, asserting, denying)
         SELECT ?1,
                min(CASE WHEN side = 'asserts' THEN date END),
                min(CASE WHEN side = 'denies' THEN date END),
                max(date),
                sum(side = 'asserts'),
                sum(side = 'denies')
         FROM claim_evidence WHERE cluster_id = ?1",
    )?
    .execute([e.cluster])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "UPDATE disputes SET since = CASE
             WHEN first_asserted IS NULL OR first_denied IS NULL THEN NULL
             WHEN first_asserted > first_denied THEN first_asserted ELSE first_denied END
         WHERE id = ?1",
    )?
    .execute([id])?;
    report.disputes += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use text::{ClaimArg, ClaimSource, ClaimSourceKind, Meta, Proposition};

    fn claim(
        doc: &Doc,
        subject: Option<&str>,
        entity: Option<usize>,
        lemma: &str,
        object: Option<&str>,
        negated: bool,
    ) -> Claim {
        let at = |w: &str| {
            let s = doc.text.find(w).unwrap();
            Span::new(s, s + w.len())
        };
        Claim {
            spans: vec![Span::new(0, doc.text.len())],
            proposition: Proposition {
                subject: subject.map(|w| ClaimArg { span: at(w), entity }),
                predicate: None,
                predicate_lemma: Some(lemma.to_string()),
                object: object.map(|w| ClaimArg {
                    span: at(w),
                    entity: None,
                }),
                negated,
            },
            source: ClaimSource {
                entity: None,
                name: None,
                kind: ClaimSourceKind::Narrator,
                side: None,
                description: None,
            },
            hedges: Vec::new(),
            status: ClaimStatus::Asserted,
            quotes: Vec::new(),
            events: Vec::new(),
            stance: Vec::new(),
            key: String::new(),
            confidence: 0.5,
        }
    }

    #[test]
    fn corpus_key_uses_corpus_entity_ids_and_leaves_out_negation() {
        let doc = Doc::new(
            Meta::default(),
            "The Mayor of Linden did not close the old ferry pier".into(),
        );
        let corpus_of = [42];
        let pos = claim(
            &doc,
            Some("Mayor of Linden"),
            Some(0),
            "close",
            Some("the old ferry pier"),
            false,
        );
        let neg = claim(
            &doc,
            Some("Mayor of Linden"),
            Some(0),
            "close",
            Some("the old ferry pier"),
            true,
        );
        assert_eq!(
            corpus_key(&doc, &pos, &corpus_of).as_deref(),
            Some("e42|close|old ferry pier")
        );
        assert_eq!(corpus_key(&doc, &pos, &corpus_of), corpus_key(&doc, &neg, &corpus_of));
        let unresolved = claim(&doc, Some("Mayor of Linden"), None, "close", None, false);
        assert_eq!(
            corpus_key(&doc, &unresolved, &corpus_of).as_deref(),
            Some("mayor linden|close|")
        );
    }

    #[test]
    fn thin_propositions_have_no_key_unless_the_claim_brings_a_full_one() {
        let doc = Doc::new(Meta::default(), "They said it is what it is, and the board has".into());
        let pronoun = claim(&doc, Some("it"), None, "close", None, false);
        assert_eq!(corpus_key(&doc, &pronoun, &[]), None);
        let light = claim(&doc, Some("the board"), None, "have", None, false);
        assert_eq!(corpus_key(&doc, &light, &[]), None);
        let mut own = light.clone();
        own.key = "PERSON:x|have|e5".into();
        assert_eq!(corpus_key(&doc, &own, &[]).as_deref(), Some("k:PERSON:x|have|e5"));
        // An own key as thin as the proposition brings nothing: "chance|be|"
        // pooled every "there's a chance" of a corpus.
        own.key = "chance|be|".into();
        assert_eq!(corpus_key(&doc, &own, &[]), None);
        own.key = "|open|door".into();
        assert_eq!(corpus_key(&doc, &own, &[]), None);
    }

    #[test]
    fn similarity_of_wordings_ignores_case_and_punctuation() {
        assert_eq!(word_jaccard("The pier, closed!", "the PIER closed"), 1.0);
        assert!(bigram_jaccard("the ferry will stop on Sundays", "the ferry will stop on Mondays") > 0.6);
        assert_eq!(bigram_jaccard("one", "one"), 0.0, "no bigram in one word");
    }
}
