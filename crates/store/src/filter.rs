//! Fixed-size Bloom filters over the lookup keys of the writer's largest
//! random-access indexes (wording bands, near-duplicate bands, surname
//! variants).
//!
//! Nearly every such lookup is for a key the store does not hold (97 % of
//! the claim band keys of the AllSides corpus occur once), yet each one
//! descended its B-tree to a leaf, and once those trees outgrew the page
//! cache each descent was a page read: the lookups alone cost the writer
//! tens of page reads per document more at 37,000 articles than at 2,000.
//! A filter says "not stored" for almost all of them without reading a
//! page, and never says it of a key that is stored, so every lookup it lets
//! through, and every decision, is as before.
//!
//! Memory is fixed; a filter is filled from its table when the writer
//! starts, and one whose table has more keys than it was sized for is not
//! used (every lookup goes to the table, as without a filter).

use rusqlite::Connection;

use crate::Error;

/// A Bloom filter with a fixed number of bits and [`PROBES`] probes.
#[derive(Debug)]
pub(crate) struct KeyFilter {
    bits: Vec<u64>,
    mask: u64,
}

/// Bits set per key.
const PROBES: u64 = 4;

/// Keys a filter of `bits` bits takes before it is not worth asking: at
/// one key per 6 bits about 6 % of absent keys pass (0.6 % at 12 bits).
fn capacity(bits: u64) -> u64 {
    bits / 6
}

fn mix(mut x: u64) -> u64 {
    // splitmix64's finaliser.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl KeyFilter {
    /// An empty filter of `2^log2_bits` bits.
    pub(crate) fn new(log2_bits: u32) -> KeyFilter {
        let bits = 1u64 << log2_bits;
        KeyFilter {
            bits: vec![0; (bits / 64) as usize],
            mask: bits - 1,
        }
    }

    fn probes(&self, key: u64) -> impl Iterator<Item = u64> + '_ {
        let h1 = mix(key);
        let h2 = mix(h1 ^ 0x9e37_79b9_7f4a_7c15) | 1;
        (0..PROBES).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) & self.mask)
    }

    pub(crate) fn insert(&mut self, key: u64) {
        let probes: Vec<u64> = self.probes(key).collect();
        for bit in probes {
            self.bits[(bit / 64) as usize] |= 1 << (bit % 64);
        }
    }

    /// False only when the key was never inserted.
    pub(crate) fn may_contain(&self, key: u64) -> bool {
        self.probes(key)
            .all(|bit| self.bits[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }

    /// A filter of every key in the first column of `sql` (which lists one
    /// key per row, an integer or a text), or `None` when there are more
    /// keys than the filter is sized for.
    pub(crate) fn load(tx: &Connection, sql: &str, log2_bits: u32) -> Result<Option<KeyFilter>, Error> {
        let mut filter = KeyFilter::new(log2_bits);
        let limit = capacity(1u64 << log2_bits);
        let mut st = tx.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut n = 0u64;
        while let Some(row) = rows.next()? {
            n += 1;
            if n > limit {
                return Ok(None);
            }
            let key = match row.get_ref(0)? {
                rusqlite::types::ValueRef::Integer(i) => i as u64,
                rusqlite::types::ValueRef::Text(t) => text_key(t),
                _ => continue,
            };
            filter.insert(key);
        }
        Ok(Some(filter))
    }
}

/// A text key as a filter key (FNV-1a: the same in every run).
pub(crate) fn text_key(text: &[u8]) -> u64 {
    text.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The writer's filters, each `None` until loaded, and when its table
/// outgrew it.
#[derive(Debug, Default)]
pub(crate) struct Filters {
    /// `PRAGMA data_version` when loaded: it changes when another
    /// connection commits, whose keys the filters do not hold.
    loaded: Option<i64>,
    /// `claim_bands.band_key`.
    pub claim_bands: Option<KeyFilter>,
    /// `minhash_bands.band_key`.
    pub minhash_bands: Option<KeyFilter>,
    /// `person_variants.variant`.
    pub person_variants: Option<KeyFilter>,
}

impl Filters {
    /// Fill the filters from the database, once per writer.
    pub(crate) fn load(&mut self, tx: &Connection) -> Result<(), Error> {
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.loaded == Some(version) {
            return Ok(());
        }
        // 4 MB, 1 MB and 512 kB, for up to 5.6 million claim band keys
        // (75,000 articles' claims; the AllSides corpus has 2.7 million),
        // 1.4 million document bands (70,000 articles) and 700,000 surname
        // variants (260,000).
        self.claim_bands = KeyFilter::load(tx, "SELECT DISTINCT band_key FROM claim_bands", 25)?;
        self.minhash_bands = KeyFilter::load(tx, "SELECT DISTINCT band_key FROM minhash_bands", 23)?;
        self.person_variants = KeyFilter::load(tx, "SELECT DISTINCT variant FROM person_variants", 22)?;
        self.loaded = Some(version);
        Ok(())
    }

    /// Whether the claim band may be stored (true without a filter).
    pub(crate) fn claim_band(&self, band: i64) -> bool {
        self.claim_bands.as_ref().is_none_or(|f| f.may_contain(band as u64))
    }

    pub(crate) fn minhash_band(&self, band: i64) -> bool {
        self.minhash_bands.as_ref().is_none_or(|f| f.may_contain(band as u64))
    }

    pub(crate) fn person_variant(&self, variant: &str) -> bool {
        self.person_variants
            .as_ref()
            .is_none_or(|f| f.may_contain(text_key(variant.as_bytes())))
    }

    pub(crate) fn add_claim_band(&mut self, band: i64) {
        if let Some(f) = &mut self.claim_bands {
            f.insert(band as u64);
        }
    }

    pub(crate) fn add_minhash_band(&mut self, band: i64) {
        if let Some(f) = &mut self.minhash_bands {
            f.insert(band as u64);
        }
    }

    pub(crate) fn add_person_variant(&mut self, variant: &str) {
        if let Some(f) = &mut self.person_variants {
            f.insert(text_key(variant.as_bytes()));
        }
    }
}
