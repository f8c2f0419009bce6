//! Averaged perceptron: a sparse trainer and a compact, quantised scorer.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::io::{Reader, Writer};
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
        let mut max_abs = 0f32;
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
            for e in &ents {
                max_abs = max_abs.max(e.1.abs());
            }
            feats.push((self.keys[i], ents));
        }
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
        Weights::from_parts(self.n_classes, scale, keys, offs, ents)
    }
}

/// One quantised weight of one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ent {
    pub(crate) w: i16,
    pub(crate) c: u16,
}

/// Finished weights: an open-addressing table from feature key to a run of
/// `(class, weight)` entries with 16-bit weights.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    pub(crate) n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    offs: Vec<u32>,
    ents: Vec<Ent>,
    /// (low 32 bits of the key | 1, start << 8 | len); 0 = empty slot;
    /// len 0 means "dense row number `start`".
    table: Vec<(u32, u32)>,
    /// Number of slots in `table` or `narrow`.
    slots: u64,
    /// Rows of `stride` weights for features with many classes, so that
    /// adding them vectorises.
    dense: Vec<i16>,
    stride: usize,
    /// For models of at most 3 classes: the weights sit in the table slot
    /// itself, so a feature costs one memory access (`table` is then empty).
    narrow: Vec<Narrow>,
}

/// An 8-byte slot: eight per cache line, so probing rarely leaves the line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(8))]
struct Narrow {
    fp: u16,
    w: [i16; 3],
}

/// The 16-bit fingerprint of a key in a narrow slot (never 0, the empty mark).
#[inline(always)]
fn narrow_fp(k: u64) -> u16 {
    ((k >> 16) as u16).max(1)
}

/// Score buffer: one slot per possible class id (class ids are `u8`).
pub(crate) type Scores = [i32; 256];

impl PartialEq for Weights {
    fn eq(&self, o: &Weights) -> bool {
        self.n_classes == o.n_classes
            && self.scale == o.scale
            && self.keys == o.keys
            && self.offs == o.offs
            && self.ents == o.ents
    }
}

/// Most weights a model may hold (24-bit offsets in the table).
const MAX_ENTS: usize = 1 << 24;

#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, and `p` is a valid reference.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const T as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The home slot of key `k` in a table of `size` slots (the top 32 bits, scaled).
#[inline(always)]
fn slot(k: u64, size: u64) -> usize {
    (((k >> 32) * size) >> 32) as usize
}

/// The slot after `s`, wrapping around.
#[inline(always)]
fn next(s: usize, size: u64) -> usize {
    if s + 1 == size as usize {
        0
    } else {
        s + 1
    }
}

#[inline(always)]
fn add_row_plain(out: &mut [i32], row: &[i16]) {
    for (o, &w) in out.iter_mut().zip(row) {
        *o += w as i32;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_row_avx2(out: &mut [i32], row: &[i16]) {
    add_row_plain(out, row)
}

/// `out += row`, with AVX2 when the CPU has it.
#[inline(always)]
fn add_row(out: &mut [i32], row: &[i16]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above).
        unsafe { add_row_avx2(out, row) };
        return;
    }
    add_row_plain(out, row)
}

impl Weights {
    fn from_parts(n_classes: usize, scale: f32, keys: Vec<u64>, offs: Vec<u32>, ents: Vec<Ent>) -> Weights {
        assert!(n_classes <= 255 && ents.len() < MAX_ENTS, "model too large");
        if n_classes <= 3 {
            // Load factor at most 3/4: 8-byte slots keep probes in one line.
            let size = (keys.len() * 4 / 3 + 16) as u64;
            let mut narrow = vec![Narrow::default(); size as usize];
            for (i, &k) in keys.iter().enumerate() {
                let mut s = slot(k, size);
                while narrow[s].fp != 0 {
                    s = next(s, size);
                }
                narrow[s].fp = narrow_fp(k);
                for e in &ents[offs[i] as usize..offs[i + 1] as usize] {
                    narrow[s].w[e.c as usize] = e.w;
                }
            }
            return Weights {
                n_classes,
                scale,
                keys,
                offs,
                ents,
                table: Vec::new(),
                slots: size,
                dense: Vec::new(),
                stride: 16,
                narrow,
            };
        }
        // Load factor at most 2/3.
        let size = (keys.len() * 3 / 2 + 16) as u64;
        let mut table = vec![(0u32, 0u32); size as usize];
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
            let mut s = slot(k, size);
            while table[s].0 != 0 {
                s = next(s, size);
            }
            table[s] = (k as u32 | 1, start << 8 | len);
        }
        Weights {
            n_classes,
            scale,
            keys,
            offs,
            ents,
            table,
            slots: size,
            dense,
            stride,
            narrow: Vec::new(),
        }
    }

    /// Number of features and of stored weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.ents.len())
    }

    /// Integer scores (in units of `scale`) for every class.
    ///
    /// Three passes so that the memory loads of all features overlap:
    /// prefetch the table slots, find the runs (prefetching them), add.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], out: &mut Scores) {
        let stride = self.stride;
        out[..stride].fill(0);
        if !self.narrow.is_empty() {
            let size = self.slots;
            for &f in feats {
                prefetch(&self.narrow[slot(f, size)]);
            }
            let mut acc = [0i32; 3];
            for &f in feats {
                let fp = narrow_fp(f);
                let mut s = slot(f, size);
                loop {
                    let e = &self.narrow[s];
                    if e.fp == fp {
                        for (a, &w) in acc.iter_mut().zip(&e.w) {
                            *a += w as i32;
                        }
                        break;
                    }
                    if e.fp == 0 {
                        break;
                    }
                    s = next(s, size);
                }
            }
            out[..3].copy_from_slice(&acc);
            return;
        }
        let size = self.slots;
        let mut runs = [0u32; 64];
        for chunk in feats.chunks(64) {
            for &f in chunk {
                prefetch(&self.table[slot(f, size)]);
            }
            let mut nr = 0;
            for &f in chunk {
                let fp = f as u32 | 1;
                let mut s = slot(f, size);
                loop {
                    let (k, v) = self.table[s];
                    if k == fp {
                        if v & 0xff == 0 {
                            prefetch(&self.dense[(v >> 8) as usize * stride]);
                        } else {
                            prefetch(&self.ents[(v >> 8) as usize]);
                        }
                        runs[nr] = v;
                        nr += 1;
                        break;
                    }
                    if k == 0 {
                        break;
                    }
                    s = next(s, size);
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
        for e in &self.ents {
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
