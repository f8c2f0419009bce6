//! Averaged perceptron: a sparse trainer and a compact, quantised scorer.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::io::{Reader, Writer};
use crate::table::{Plain, Table};
use crate::Error;

/// Feature keys are already well-mixed 64-bit hashes: hash them as themselves.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = crate::hash::mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Entry {
    class: u32,
    ts: u32,
    w: f32,
    total: f64,
}

/// Averaged-perceptron trainer with per-feature sparse class weights.
///
/// Only lookups go through the hash map; the finished model is built from
/// keys sorted numerically, so training output never depends on map order.
pub(crate) struct Trainer {
    n_classes: usize,
    index: IdMap<u32>,
    keys: Vec<u64>,
    rows: Vec<Vec<Entry>>,
    /// Updates each feature took part in.
    updates: Vec<u32>,
    now: u32,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            index: IdMap::default(),
            keys: Vec::new(),
            rows: Vec::new(),
            updates: Vec::new(),
            now: 0,
        }
    }

    /// Current (non-averaged) scores.
    pub(crate) fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    out[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Count one training instance (for averaging).
    pub(crate) fn tick(&mut self) {
        self.now += 1;
    }

    /// Reward `truth` and penalise `guess` on every feature.
    pub(crate) fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.now;
        for &f in feats {
            let r = match self.index.get(&f) {
                Some(&r) => r as usize,
                None => {
                    let r = self.rows.len();
                    self.index.insert(f, r as u32);
                    self.keys.push(f);
                    self.rows.push(Vec::new());
                    self.updates.push(0);
                    r
                }
            };
            self.updates[r] += 1;
            let row = &mut self.rows[r];
            for (class, d) in [(truth, 1.0f32), (guess, -1.0)] {
                let e = match row.iter_mut().position(|e| e.class as usize == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Entry {
                            class: class as u32,
                            ts: now,
                            w: 0.0,
                            total: 0.0,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                e.total += (now - e.ts) as f64 * e.w as f64;
                e.ts = now;
                e.w += d;
            }
        }
    }

    /// The averaged weights, quantised; features updated fewer than
    /// `min_updates` times and entries whose |weight| falls under `prune`
    /// are dropped.
    pub(crate) fn averaged(&self, min_updates: u32, prune: f32) -> Weights {
        let now = self.now.max(1) as f64;
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&i| self.keys[i]);
        let mut feats: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(order.len());
        for i in order {
            if self.updates[i] < min_updates {
                continue;
            }
            let mut ents: Vec<(u16, f32)> = self.rows[i]
                .iter()
                .map(|e| {
                    let total = e.total + (self.now - e.ts) as f64 * e.w as f64;
                    (e.class as u16, (total / now) as f32)
                })
                .filter(|&(_, w)| w.abs() >= prune && w != 0.0)
                .collect();
            if ents.is_empty() {
                continue;
            }
            ents.sort_unstable_by_key(|e| e.0);
            feats.push((self.keys[i], ents));
        }
        Weights::quantised(self.n_classes, feats)
    }
}

/// `train(seed)` for each seed, `threads` at a time, the results in seed
/// order: the runs that [`Weights::mean`] averages.
pub(crate) fn runs_by_seed<T: Send>(seeds: &[u64], threads: usize, train: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let train = &train;
    let mut runs = Vec::with_capacity(seeds.len());
    for chunk in seeds.chunks(threads.max(1)) {
        runs.extend(std::thread::scope(|sc| {
            let handles: Vec<_> = chunk.iter().map(|&seed| sc.spawn(move || train(seed))).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("training thread"))
                .collect::<Vec<_>>()
        }));
    }
    runs
}

impl Weights {
    /// The mean of models of the same classes (a feature missing from one
    /// counts as zero there), as the averaged perceptron averages over
    /// steps: runs over other orders of the data smooth each other's noise.
    /// Features whose weights all stay under `prune` times the largest
    /// weight are dropped: most are ones that only some runs kept.
    pub(crate) fn mean(models: &[&Weights], prune: f32) -> Weights {
        let n_classes = models.first().map_or(0, |m| m.n_classes);
        assert!(
            models.iter().all(|m| m.n_classes == n_classes),
            "models of the same classes"
        );
        let mut sum: std::collections::BTreeMap<u64, Vec<f32>> = std::collections::BTreeMap::new();
        for m in models {
            for (i, &k) in m.keys.iter().enumerate() {
                let row = sum.entry(k).or_insert_with(|| vec![0.0; n_classes]);
                for e in &m.ents[m.offs[i] as usize..m.offs[i + 1] as usize] {
                    row[e.c as usize] += e.w as f32 * m.scale;
                }
            }
        }
        let runs = models.len().max(1) as f32;
        let largest = sum.values().flatten().fold(0f32, |m, w| m.max(w.abs()));
        let floor = prune * largest;
        let feats = sum
            .into_iter()
            .filter(|(_, row)| row.iter().any(|w| w.abs() >= floor))
            .map(|(k, row)| {
                let ents = row
                    .into_iter()
                    .enumerate()
                    .filter(|&(_, w)| w != 0.0)
                    .map(|(c, w)| (c as u16, w / runs))
                    .collect();
                (k, ents)
            })
            .collect();
        Weights::quantised(n_classes, feats)
    }

    /// Weights from `(key, [(class, weight)])` in increasing key order,
    /// quantised to 16 bits against the largest weight.
    fn quantised(n_classes: usize, feats: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
        let max_abs = feats
            .iter()
            .flat_map(|(_, es)| es.iter().map(|e| e.1.abs()))
            .fold(0f32, f32::max);
        let scale = if max_abs > 0.0 { max_abs / 32767.0 } else { 1.0 };
        let mut keys = Vec::with_capacity(feats.len());
        let mut offs = Vec::with_capacity(feats.len() + 1);
        let mut ents = Vec::new();
        offs.push(0u32);
        for (k, es) in feats {
            for (c, w) in es {
                let q = (w / scale).round() as i16;
                if q != 0 {
                    ents.push(Ent { w: q, c });
                }
            }
            if ents.len() as u32 == *offs.last().expect("offs") {
                continue;
            }
            keys.push(k);
            offs.push(ents.len() as u32);
        }
        Weights::from_parts(n_classes, scale, keys, offs, ents)
    }
}

/// One quantised weight of one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ent {
    pub(crate) w: i16,
    pub(crate) c: u16,
}

/// Finished weights: a bucketed hash table from feature key to a run of
/// `(class, weight)` entries with 16-bit weights.
///
/// Every bucket is one 64-byte cache line holding the fingerprints of up to
/// eight keys and what they map to. A lookup loads one line and compares all
/// fingerprints at once; it moves to the next bucket only when the bucket
/// is full. Misses (about 15% of what a parser state asks for) are as cheap
/// as hits: a linear-probing table at this load factor would walk several
/// slots, each a dependent load, before it could say "absent".
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    pub(crate) n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    offs: Vec<u32>,
    ents: Table<Ent>,
    /// Buckets of (low 32 bits of the key | 1) -> (start << 8 | len);
    /// len 0 means "dense row number `start`". Empty when `narrow` is used.
    wide: Table<WideBucket>,
    /// Number of buckets in `wide` or `narrow`.
    buckets: u64,
    /// Rows of `stride` weights for features with many classes, so that
    /// adding them vectorises.
    dense: Table<i16>,
    stride: usize,
    /// For models of at most 3 classes: the weights sit in the bucket
    /// itself, so a feature costs one memory access.
    narrow: Table<NarrowBucket>,
    id: Identity,
}

/// A number no other `Weights` value in the process has (a clone gets a
/// new one), so that a cache of scores made with one set of weights is
/// never read with another.
#[derive(Debug)]
pub(crate) struct Identity(u64);

impl Identity {
    pub(crate) fn new() -> Identity {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Identity(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }

    /// The number itself.
    pub(crate) fn get(&self) -> u64 {
        self.0
    }
}

impl Clone for Identity {
    fn clone(&self) -> Identity {
        Identity::new()
    }
}

impl Default for Identity {
    fn default() -> Identity {
        Identity::new()
    }
}

/// Keys per bucket.
const BUCKET: usize = 8;

/// Eight keys of a model with at most 3 classes: 16-bit fingerprints and
/// their weights, one cache line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct NarrowBucket {
    fp: [u16; BUCKET],
    w: [[i16; 3]; BUCKET],
}

/// Eight keys of a wider model: 32-bit fingerprints and their runs, one
/// cache line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct WideBucket {
    fp: [u32; BUCKET],
    run: [u32; BUCKET],
}

// SAFETY: the buckets and entries are arrays of integers, owning nothing.
unsafe impl Plain for NarrowBucket {}
// SAFETY: as above.
unsafe impl Plain for WideBucket {}
// SAFETY: as above.
unsafe impl Plain for Ent {}

/// The 16-bit fingerprint of a key in a narrow bucket (never 0, the empty mark).
#[inline(always)]
fn narrow_fp(k: u64) -> u16 {
    ((k >> 16) as u16).max(1)
}

/// The 32-bit fingerprint of a key in a wide bucket (never 0).
#[inline(always)]
fn wide_fp(k: u64) -> u32 {
    k as u32 | 1
}

/// Bit `i` set where `fps[i] == fp`, and bit `i` set where `fps[i] == 0`.
#[inline(always)]
fn match16(fps: &[u16; BUCKET], fp: u16) -> (u32, u32) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes of `fps`.
        unsafe {
            let v = _mm_loadu_si128(fps.as_ptr() as *const __m128i);
            // Saturating packs turn each 16-bit lane's 0 / -1 into one byte.
            let hit = _mm_cmpeq_epi16(v, _mm_set1_epi16(fp as i16));
            let empty = _mm_cmpeq_epi16(v, _mm_setzero_si128());
            let both = _mm_movemask_epi8(_mm_packs_epi16(hit, empty)) as u32;
            (both & 0xff, both >> 8)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    match_scalar(fps, fp)
}

/// [`match16`] and [`match32`] without SIMD.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn match_scalar<T: Copy + Default + PartialEq>(fps: &[T; BUCKET], fp: T) -> (u32, u32) {
    let (mut hit, mut empty) = (0u32, 0u32);
    for (i, &f) in fps.iter().enumerate() {
        hit |= ((f == fp) as u32) << i;
        empty |= ((f == T::default()) as u32) << i;
    }
    (hit, empty)
}

/// Bit `i` set where `fps[i] == fp`, and bit `i` set where `fps[i] == 0`.
#[inline(always)]
fn match32(fps: &[u32; BUCKET], fp: u32) -> (u32, u32) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is part of x86_64; the loads read the 32 bytes of `fps`.
        unsafe {
            let a = _mm_loadu_si128(fps.as_ptr() as *const __m128i);
            let b = _mm_loadu_si128(fps.as_ptr().add(4) as *const __m128i);
            let f = _mm_set1_epi32(fp as i32);
            let z = _mm_setzero_si128();
            let hit = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a, f)))
                | _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(b, f))) << 4;
            let empty = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a, z)))
                | _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(b, z))) << 4;
            (hit as u32, empty as u32)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    match_scalar(fps, fp)
}

/// Score buffer: one slot per possible class id (class ids are `u8`).
pub(crate) type Scores = [i32; 256];

impl PartialEq for Weights {
    fn eq(&self, o: &Weights) -> bool {
        self.n_classes == o.n_classes
            && self.scale == o.scale
            && self.keys == o.keys
            && self.offs == o.offs
            && self.ents[..] == o.ents[..]
    }
}

/// Most weights a model may hold (24-bit offsets in the table).
const MAX_ENTS: usize = 1 << 24;

/// Ask for the cache line holding `p` ahead of its use.
#[inline(always)]
pub(crate) fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, and `p` is a valid reference.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const T as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The home bucket of key `k` in a table of `size` buckets (the top 32 bits, scaled).
#[inline(always)]
pub(crate) fn home(k: u64, size: u64) -> usize {
    (((k >> 32) * size) >> 32) as usize
}

/// The bucket after `b`, wrapping around.
#[inline(always)]
pub(crate) fn next(b: usize, size: u64) -> usize {
    if b + 1 == size as usize {
        0
    } else {
        b + 1
    }
}

/// The first free slot for key `k`, from its home bucket on: `(bucket,
/// slot)`, given each bucket's first free slot.
fn free_slot(k: u64, size: u64, free_in: impl Fn(usize) -> Option<usize>) -> (usize, usize) {
    let mut b = home(k, size);
    loop {
        if let Some(s) = free_in(b) {
            return (b, s);
        }
        b = next(b, size);
    }
}

/// Where a key whose home bucket is `b` sits: the bucket and the slot whose fingerprint `matches`
/// reports, or `None` once a bucket with a free slot has not held it.
#[inline(always)]
fn find<B>(buckets: &[B], mut b: usize, size: u64, matches: impl Fn(&B) -> (u32, u32)) -> Option<(&B, usize)> {
    loop {
        let bucket = &buckets[b];
        let (hit, empty) = matches(bucket);
        if hit != 0 {
            return Some((bucket, hit.trailing_zeros() as usize));
        }
        if empty != 0 {
            return None;
        }
        b = next(b, size);
    }
}

/// Number of buckets for `n` keys: load factor at most 1/2, four keys a
/// bucket on average. At 3/4 (six) a quarter of the buckets were full, and
/// every miss and overflowed hit there waited for a second bucket: at 1/2
/// one in twenty is full, and tag+parse ran 1.15–1.25× faster for 4 MB
/// more table (EWT test figures unchanged; GUM test one arc fewer right,
/// a 16-bit fingerprint matching elsewhere).
fn bucket_count(n: usize) -> u64 {
    (n * 2 / BUCKET + 2) as u64
}

/// `out = base`, or zeros for an empty `base`. The usual strides get
/// copies of a constant size, which compile to a few vector moves; a
/// length known only at run time becomes a call of memcpy or memset, which
/// cost more than the copy itself at these sizes.
#[inline(always)]
fn start_scores(out: &mut [i32], base: &[i32]) {
    #[inline(always)]
    fn fixed<const N: usize>(out: &mut [i32], base: &[i32]) {
        let out: &mut [i32; N] = out.try_into().expect("N scores");
        *out = if base.is_empty() {
            [0; N]
        } else {
            *<&[i32; N]>::try_from(base).expect("a base of N scores")
        };
    }
    match out.len() {
        16 => fixed::<16>(out, base),
        32 => fixed::<32>(out, base),
        48 => fixed::<48>(out, base),
        64 => fixed::<64>(out, base),
        _ if base.is_empty() => out.fill(0),
        _ => out.copy_from_slice(base),
    }
}

#[inline(always)]
fn add_row(out: &mut [i32], row: &[i16]) {
    for (o, &w) in out.iter_mut().zip(row) {
        *o += w as i32;
    }
}

impl Weights {
    fn from_parts(n_classes: usize, scale: f32, keys: Vec<u64>, offs: Vec<u32>, ents: Vec<Ent>) -> Weights {
        assert!(n_classes <= 255 && ents.len() < MAX_ENTS, "model too large");
        let size = bucket_count(keys.len());
        if n_classes <= 3 {
            let mut narrow = vec![NarrowBucket::default(); size as usize];
            for (i, &k) in keys.iter().enumerate() {
                let (b, slot) = free_slot(k, size, |b| narrow[b].fp.iter().position(|&f| f == 0));
                narrow[b].fp[slot] = narrow_fp(k);
                for e in &ents[offs[i] as usize..offs[i + 1] as usize] {
                    narrow[b].w[slot][e.c as usize] = e.w;
                }
            }
            return Weights {
                n_classes,
                scale,
                keys,
                offs,
                ents: Table::from_slice(&ents),
                wide: Table::default(),
                buckets: size,
                dense: Table::default(),
                stride: 16,
                narrow: Table::from_slice(&narrow),
                id: Identity::new(),
            };
        }
        let mut wide = vec![WideBucket::default(); size as usize];
        let stride = n_classes.next_multiple_of(16);
        let dense_min = (stride / 16).max(4) as u32;
        let mut dense = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let (mut start, mut len) = (offs[i], offs[i + 1] - offs[i]);
            if len >= dense_min {
                let row = dense.len() / stride;
                dense.resize(dense.len() + stride, 0i16);
                for e in &ents[start as usize..(start + len) as usize] {
                    dense[row * stride + e.c as usize] = e.w;
                }
                (start, len) = (row as u32, 0);
            }
            let (b, slot) = free_slot(k, size, |b| wide[b].fp.iter().position(|&f| f == 0));
            wide[b].fp[slot] = wide_fp(k);
            wide[b].run[slot] = start << 8 | len;
        }
        Weights {
            n_classes,
            scale,
            keys,
            offs,
            ents: Table::from_slice(&ents),
            wide: Table::from_slice(&wide),
            buckets: size,
            dense: Table::from_slice(&dense),
            stride,
            narrow: Table::default(),
            id: Identity::new(),
        }
    }

    /// This value's identity (see [`Identity`]): no other `Weights` in the
    /// process, clones included, has the same.
    pub(crate) fn id(&self) -> u64 {
        self.id.0
    }

    /// Row length of [`Weights::score`]'s output that is written: the
    /// class count rounded up to a multiple of 16.
    pub(crate) fn stride(&self) -> usize {
        self.stride
    }

    /// Number of features and of stored weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.ents.len())
    }

    /// For a model of at most 3 classes: the scores of many groups of
    /// features at once, each block of `feats` holding `lens[0]` keys of
    /// group 0, then `lens[1]` of group 1, and so on; one entry of `out`
    /// a block. Every bucket is fetched before any is read, so the whole
    /// call waits for memory about once, where a call per group would wait
    /// once a group.
    pub(crate) fn score_groups<const G: usize>(&self, feats: &[u64], lens: [usize; G], out: &mut Vec<[[i32; 3]; G]>) {
        assert!(
            self.n_classes <= 3,
            "grouped scoring is for models of at most 3 classes"
        );
        let size = self.buckets;
        for &f in feats {
            prefetch(&self.narrow[home(f, size)]);
        }
        let block: usize = lens.iter().sum();
        out.clear();
        for fs in feats.chunks_exact(block) {
            let mut g = [[0i32; 3]; G];
            let mut fs = fs.iter();
            for (acc, &len) in g.iter_mut().zip(&lens) {
                for &f in fs.by_ref().take(len) {
                    let fp = narrow_fp(f);
                    if let Some((bucket, slot)) = find(&self.narrow, home(f, size), size, |b| match16(&b.fp, fp)) {
                        for (a, &w) in acc.iter_mut().zip(&bucket.w[slot]) {
                            *a += w as i32;
                        }
                    }
                }
            }
            out.push(g);
        }
    }

    /// Integer scores (in units of `scale`) for every class.
    ///
    /// Passes so that the memory loads of all features overlap: prefetch
    /// the buckets, find the runs (prefetching them), add.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], out: &mut Scores) {
        self.score_from(&[], feats, out)
    }

    /// [`Weights::score`] on top of `base`, the scores of other features
    /// (of length [`Weights::stride`], or empty for none): the integer
    /// sum is the same as scoring all the features at once.
    #[inline]
    pub(crate) fn score_from(&self, base: &[i32], feats: &[u64], out: &mut Scores) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            unsafe { self.score_avx2(base, feats, out) };
            return;
        }
        self.score_body(base, feats, out)
    }

    /// [`Weights::score`] compiled for AVX2, so that adding dense rows
    /// and everything around it is vectorised with 256-bit registers.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn score_avx2(&self, base: &[i32], feats: &[u64], out: &mut Scores) {
        self.score_body(base, feats, out)
    }

    #[inline(always)]
    fn score_body(&self, base: &[i32], feats: &[u64], out: &mut Scores) {
        let stride = self.stride;
        start_scores(&mut out[..stride], base);
        let size = self.buckets;
        if !self.narrow.is_empty() {
            let mut acc = [0i32; 3];
            let mut homes = [0usize; 64];
            for chunk in feats.chunks(64) {
                for (h, &f) in homes.iter_mut().zip(chunk) {
                    *h = home(f, size);
                    prefetch(&self.narrow[*h]);
                }
                for (&h, &f) in homes.iter().zip(chunk) {
                    let fp = narrow_fp(f);
                    if let Some((bucket, slot)) = find(&self.narrow, h, size, |b| match16(&b.fp, fp)) {
                        for (a, &w) in acc.iter_mut().zip(&bucket.w[slot]) {
                            *a += w as i32;
                        }
                    }
                }
            }
            for (o, a) in out[..3].iter_mut().zip(acc) {
                *o += a;
            }
            return;
        }
        let mut runs = [0u32; 64];
        let mut homes = [0usize; 64];
        for chunk in feats.chunks(64) {
            for (h, &f) in homes.iter_mut().zip(chunk) {
                *h = home(f, size);
                prefetch(&self.wide[*h]);
            }
            let mut nr = 0;
            for (&h, &f) in homes.iter().zip(chunk) {
                let fp = wide_fp(f);
                if let Some((bucket, slot)) = find(&self.wide, h, size, |b| match32(&b.fp, fp)) {
                    let v = bucket.run[slot];
                    if v & 0xff == 0 {
                        // A dense row of more than 32 weights spans two cache lines.
                        let row = &self.dense[(v >> 8) as usize * stride..][..stride];
                        prefetch(&row[0]);
                        prefetch(&row[stride - 1]);
                    } else {
                        prefetch(&self.ents[(v >> 8) as usize]);
                    }
                    runs[nr] = v;
                    nr += 1;
                }
            }
            for &v in &runs[..nr] {
                let start = (v >> 8) as usize;
                let len = (v & 0xff) as usize;
                if len == 0 {
                    add_row(&mut out[..stride], &self.dense[start * stride..(start + 1) * stride]);
                } else {
                    for e in &self.ents[start..start + len] {
                        out[e.c as u8 as usize] += e.w as i32;
                    }
                }
            }
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        w.f32(self.scale);
        w.u32(self.keys.len() as u32);
        for (i, &k) in self.keys.iter().enumerate() {
            w.u64(k);
            w.u16((self.offs[i + 1] - self.offs[i]) as u16);
        }
        let wide = self.n_classes > 256;
        for e in self.ents.iter() {
            if wide {
                w.u16(e.c);
            } else {
                w.u8(e.c as u8);
            }
            w.i16(e.w);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Weights, Error> {
        let n_classes = r.u32()? as usize;
        if n_classes > 255 {
            return Err(r.error("too many classes"));
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut offs = Vec::with_capacity(n + 1);
        offs.push(0u32);
        let mut total = 0u32;
        for _ in 0..n {
            let k = r.u64()?;
            if k == 0 || keys.last().is_some_and(|&p| p >= k) {
                return Err(r.error("feature keys not strictly increasing"));
            }
            keys.push(k);
            total += r.u16()? as u32;
            offs.push(total);
        }
        if total as usize >= MAX_ENTS {
            return Err(r.error("too many weights"));
        }
        let wide = n_classes > 256;
        let mut ents = Vec::with_capacity(total as usize);
        for _ in 0..total {
            let c = if wide { r.u16()? } else { r.u8()? as u16 };
            if c as usize >= n_classes {
                return Err(r.error("class id out of range"));
            }
            ents.push(Ent { c, w: r.i16()? });
        }
        Ok(Weights::from_parts(n_classes, scale, keys, offs, ents))
    }
}

/// Index of the best integer score (first wins ties), as [`argmax_by`]
/// accepting every class, in two passes that vectorise: the maximum, then
/// where it first is. `None` for no scores.
#[inline]
pub(crate) fn argmax(scores: &[i32]) -> Option<usize> {
    let best = scores.iter().copied().max()?;
    scores.iter().position(|&s| s == best)
}

/// Index of the best-scoring class among those `valid` accepts (first wins ties).
#[inline]
pub(crate) fn argmax_by<T: PartialOrd + Copy>(scores: &[T], valid: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, T)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if valid(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of `n_classes` whose key `i` (of `keys`) has weight `i + 1`
    /// on class `i % n_classes` and `-(i + 1)` on the next class.
    fn model(n_classes: usize, keys: &[u64]) -> Weights {
        let mut offs = vec![0u32];
        let mut ents = Vec::new();
        for i in 0..keys.len() {
            let (a, b) = ((i % n_classes) as u16, ((i + 1) % n_classes) as u16);
            let mut row = vec![
                Ent { c: a, w: i as i16 + 1 },
                Ent {
                    c: b,
                    w: -(i as i16) - 1,
                },
            ];
            row.sort_unstable_by_key(|e| e.c);
            ents.extend(row);
            offs.push(ents.len() as u32);
        }
        Weights::from_parts(n_classes, 1.0, keys.to_vec(), offs, ents)
    }

    fn keys() -> Vec<u64> {
        let mut rng = crate::hash::Rng::new(7);
        let mut keys: Vec<u64> = (0..5000).map(|_| rng.next_u64() | 1).collect();
        // Twenty keys with the same home bucket: they must spill over
        // into the following buckets and still be found.
        keys.extend((1..=20u64).map(|i| 0x1234_5678_0000_0000 | i << 16 | i));
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    #[test]
    fn argmax_takes_the_first_of_equal_best_scores() {
        for scores in [
            vec![3, 9, 1, 9],
            vec![-5, -2, -2],
            vec![7],
            vec![0; 70],
            (0..70).rev().collect(),
        ] {
            assert_eq!(argmax(&scores), argmax_by(&scores, |_| true), "{scores:?}");
        }
        assert_eq!(argmax(&[]), None);
    }

    #[test]
    fn grouped_scoring_equals_scoring_each_group() {
        let keys = keys();
        let w = model(3, &keys);
        // Blocks of 2 + 3 keys, absent keys mixed in.
        let mut feats: Vec<u64> = keys.iter().copied().step_by(7).take(40).collect();
        feats[3] = 0xdead_beef_0000_0001;
        feats[17] = 0x1234_5678_0000_0000 | 99 << 16 | 3;
        let mut grouped = Vec::new();
        w.score_groups(&feats, [2, 3], &mut grouped);
        assert_eq!(grouped.len(), 8);
        let mut out: Scores = [0; 256];
        for (block, g) in feats.chunks_exact(5).zip(&grouped) {
            w.score(&block[..2], &mut out);
            assert_eq!(out[..3], g[0]);
            w.score(&block[2..], &mut out);
            assert_eq!(out[..3], g[1]);
        }
    }

    #[test]
    fn every_stored_key_scores_its_weights_and_absent_keys_score_nothing() {
        let keys = keys();
        for n_classes in [3, 40] {
            let w = model(n_classes, &keys);
            let mut out: Scores = [0; 256];
            for (i, &k) in keys.iter().enumerate() {
                w.score(&[k], &mut out);
                let mut want = vec![0i32; n_classes];
                want[i % n_classes] += i as i32 + 1;
                want[(i + 1) % n_classes] -= i as i32 + 1;
                assert_eq!(&out[..n_classes], &want[..], "key {i} of a {n_classes}-class model");
            }
            // Absent keys (in the crowded bucket too) add nothing.
            let absent = [0x1234_5678_0000_0000 | 99 << 16 | 3, 0xdead_beef_0000_0001];
            w.score(&absent, &mut out);
            assert!(out[..n_classes].iter().all(|&s| s == 0), "{n_classes} classes");
            // Scores of several features add up.
            w.score(&keys[..2], &mut out);
            let total: i32 = out[..n_classes].iter().sum();
            assert_eq!(total, 0);
        }
    }
}
