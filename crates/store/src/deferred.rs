//! Rows a batch writes at its end, in key order, instead of document by
//! document.
//!
//! The tables here are keyed by something unrelated to the order documents
//! arrive in (an entity key, a MinHash band, a surname variant), so writing
//! them as each document comes lands every row on a random page of a large
//! B-tree. Once those trees outgrow the page cache, each such row cost a
//! page read, and, the cache being full of dirty pages, the write of
//! another page to make room, which the next row on that page read back:
//! the writer's CPU per document doubled between the first and the last
//! 2,000 AllSides articles. Collected over the batch, summed where they are
//! counters, and written sorted at its end, the rows that share a page
//! share one read and one write per batch.
//!
//! What the batch reads back before its end (bands, surname variants, an
//! entity key's roles) is looked up here as well as in the database, so
//! every decision, and therefore every row, is the same as when the rows
//! were written at once.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection};

use crate::filter::Filters;
use crate::Error;

/// A batch's deferred rows and counter increments.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    /// Which keys the bands and variant tables may hold, these rows
    /// included: lookups of the others are skipped.
    pub(crate) filters: Filters,
    /// `entity_keys` id → (documents, mentions) to add.
    key_counts: BTreeMap<i64, (i64, i64)>,
    /// `entity_months` (key id, month) → (documents, mentions) to add.
    months: BTreeMap<(i64, String), (i64, i64)>,
    /// `entity_roles` (key id, role, month) → documents to add.
    roles: BTreeMap<(i64, String, String), i64>,
    /// `person_variants` (variant, key id).
    person_variants: BTreeSet<(String, i64)>,
    /// `minhash_bands` (band key, document id).
    minhash_bands: BTreeSet<(i64, i64)>,
    /// `claim_bands` (band key, claim id).
    claim_bands: BTreeSet<(i64, i64)>,
    /// `claim_about` (key id, date, claim id).
    claim_about: BTreeSet<(i64, String, i64)>,
    /// `quote_about` (key id, date, quote id).
    quote_about: BTreeSet<(i64, String, i64)>,
    /// `claim_cluster_outlets` (cluster id, outlet) → claims to add.
    outlets: BTreeMap<(i64, String), i64>,
    /// `claim_cluster_sources` (cluster id, source) → claims to add.
    sources: BTreeMap<(i64, String), i64>,
    /// `speakers` id → quotes to add.
    speaker_quotes: BTreeMap<i64, i64>,
}

impl Deferred {
    /// A document mentions this key `mentions` times.
    pub(crate) fn count_key(&mut self, key_id: i64, mentions: i64) {
        let c = self.key_counts.entry(key_id).or_default();
        c.0 += 1;
        c.1 += mentions;
    }

    /// A document of `month` mentions this key `mentions` times.
    pub(crate) fn count_month(&mut self, key_id: i64, month: &str, mentions: i64) {
        let c = self.months.entry((key_id, month.to_string())).or_default();
        c.0 += 1;
        c.1 += mentions;
    }

    /// A document of `month` gives this key this role.
    pub(crate) fn count_role(&mut self, key_id: i64, role: &str, month: &str) {
        *self
            .roles
            .entry((key_id, role.to_string(), month.to_string()))
            .or_default() += 1;
    }

    /// The roles of a key written in this batch.
    pub(crate) fn roles_of(&self, key_id: i64) -> impl Iterator<Item = &String> {
        self.roles
            .range((key_id, String::new(), String::new())..)
            .take_while(move |((k, _, _), _)| *k == key_id)
            .map(|((_, role, _), _)| role)
    }

    pub(crate) fn add_person_variant(&mut self, variant: String, key_id: i64) {
        self.filters.add_person_variant(&variant);
        self.person_variants.insert((variant, key_id));
    }

    /// Keys indexed under a surname variant in this batch.
    pub(crate) fn person_variant_keys<'a>(&'a self, variant: &'a str) -> impl Iterator<Item = i64> + 'a {
        self.person_variants
            .range((variant.to_string(), i64::MIN)..)
            .take_while(move |(v, _)| v == variant)
            .map(|&(_, id)| id)
    }

    pub(crate) fn add_minhash_band(&mut self, band: i64, document_id: i64) {
        self.filters.add_minhash_band(band);
        self.minhash_bands.insert((band, document_id));
    }

    /// Documents of this batch under a MinHash band, in id order.
    pub(crate) fn minhash_band_documents(&self, band: i64) -> impl Iterator<Item = i64> + '_ {
        self.minhash_bands
            .range((band, i64::MIN)..=(band, i64::MAX))
            .map(|&(_, id)| id)
    }

    pub(crate) fn add_claim_band(&mut self, band: i64, claim_id: i64) {
        self.filters.add_claim_band(band);
        self.claim_bands.insert((band, claim_id));
    }

    /// Claims of this batch under a wording band, in id order (all later
    /// than any stored claim).
    pub(crate) fn claim_band_claims(&self, band: i64) -> impl Iterator<Item = i64> + '_ {
        self.claim_bands
            .range((band, i64::MIN)..=(band, i64::MAX))
            .map(|&(_, id)| id)
    }

    pub(crate) fn add_claim_about(&mut self, key_id: i64, date: &str, claim_id: i64) {
        self.claim_about.insert((key_id, date.to_string(), claim_id));
    }

    pub(crate) fn add_quote_about(&mut self, key_id: i64, date: &str, quote_id: i64) {
        self.quote_about.insert((key_id, date.to_string(), quote_id));
    }

    /// A claim (or copy) of this outlet joins a cluster.
    pub(crate) fn count_outlet(&mut self, cluster: i64, outlet: &str) {
        *self.outlets.entry((cluster, outlet.to_string())).or_default() += 1;
    }

    /// A claim of this source joins a cluster.
    pub(crate) fn count_source(&mut self, cluster: i64, source: &str) {
        *self.sources.entry((cluster, source.to_string())).or_default() += 1;
    }

    pub(crate) fn count_speaker_quote(&mut self, speaker_id: i64) {
        *self.speaker_quotes.entry(speaker_id).or_default() += 1;
    }

    /// Write everything collected, in key order, and start empty.
    pub(crate) fn flush(&mut self, tx: &Connection) -> Result<(), Error> {
        let filters = std::mem::take(&mut self.filters);
        let d = std::mem::replace(
            self,
            Deferred {
                filters,
                ..Deferred::default()
            },
        );
        let mut st = tx.prepare_cached(
            "UPDATE entity_keys SET documents = documents + ?2, mentions = mentions + ?3 WHERE id = ?1",
        )?;
        for (id, (documents, mentions)) in d.key_counts {
            st.execute((id, documents, mentions))?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO entity_months(key_id, month, documents, mentions) VALUES(?1, ?2, ?3, ?4)
             ON CONFLICT(key_id, month) DO UPDATE SET documents = documents + excluded.documents,
                                                     mentions = mentions + excluded.mentions",
        )?;
        for ((key_id, month), (documents, mentions)) in d.months {
            st.execute(params![key_id, month, documents, mentions])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO entity_roles(key_id, role, month, documents) VALUES(?1, ?2, ?3, ?4)
             ON CONFLICT(key_id, role, month) DO UPDATE SET documents = documents + excluded.documents",
        )?;
        for ((key_id, role, month), documents) in d.roles {
            st.execute(params![key_id, role, month, documents])?;
        }
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO person_variants(variant, key_id) VALUES(?1, ?2)")?;
        for (variant, key_id) in d.person_variants {
            st.execute(params![variant, key_id])?;
        }
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO minhash_bands(band_key, document_id) VALUES(?1, ?2)")?;
        for (band, id) in d.minhash_bands {
            st.execute((band, id))?;
        }
        let mut st = tx.prepare_cached("INSERT OR IGNORE INTO claim_bands(band_key, claim_id) VALUES(?1, ?2)")?;
        for (band, id) in d.claim_bands {
            st.execute((band, id))?;
        }
        let mut st =
            tx.prepare_cached("INSERT OR IGNORE INTO claim_about(key_id, date, claim_id) VALUES(?1, ?2, ?3)")?;
        for (key_id, date, id) in d.claim_about {
            st.execute(params![key_id, date, id])?;
        }
        let mut st =
            tx.prepare_cached("INSERT OR IGNORE INTO quote_about(key_id, date, quote_id) VALUES(?1, ?2, ?3)")?;
        for (key_id, date, id) in d.quote_about {
            st.execute(params![key_id, date, id])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO claim_cluster_outlets(cluster_id, outlet, claims) VALUES(?1, ?2, ?3)
             ON CONFLICT(cluster_id, outlet) DO UPDATE SET claims = claims + excluded.claims",
        )?;
        for ((cluster, outlet), n) in d.outlets {
            st.execute(params![cluster, outlet, n])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO claim_cluster_sources(cluster_id, source, claims) VALUES(?1, ?2, ?3)
             ON CONFLICT(cluster_id, source) DO UPDATE SET claims = claims + excluded.claims",
        )?;
        for ((cluster, source), n) in d.sources {
            st.execute(params![cluster, source, n])?;
        }
        let mut st = tx.prepare_cached("UPDATE speakers SET quotes = quotes + ?2 WHERE id = ?1")?;
        for (id, n) in d.speaker_quotes {
            st.execute((id, n))?;
        }
        Ok(())
    }
}
