//! Greedy arc-hybrid dependency parser: averaged perceptron over labelled
//! moves, trained with the Goldberg & Nivre dynamic oracle.

use crate::hash::{f1, f2, f3, mix, Rng};
use crate::io::{Reader, Writer};
use crate::lex::{intern, PAD};
use crate::perceptron::{argmax, argmax_by, runs_by_seed, Scores, Trainer, Weights};
use crate::Error;

const ROOT_W: u64 = 0x700d_0000_0000_0003;
pub(crate) const ROOT_T: u64 = 1;
pub(crate) const NONE_T: u64 = 0;

/// A trained parser.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Parser {
    pub(crate) labels: Vec<&'static str>,
    pub(crate) root_label: usize,
    /// Scores the unlabelled moves shift / left-arc / right-arc.
    pub(crate) weights: Weights,
    /// Scores the relation of each arc as it is made.
    pub(crate) labeler: Weights,
    /// Sorted hashes of the words the parser knows; others are `UNK_W`.
    vocab_list: Vec<u64>,
    vocab: Vocab,
    /// Arcs whose relation their direction and the two words' tags settle
    /// (see [`sure_labels`]): `arc_key` -> label, sorted by key. The
    /// labeler is not asked about them.
    sure: Vec<(u64, u16)>,
}

/// Relations a (direction, dependent tag, head tag) must take at least
/// this share of the time in training, over at least `SURE_MIN_ARCS`
/// arcs, to be settled without the labeler. In EWT train 50% of arcs
/// fall in such contexts and 0.14% of arcs disagree with their context's
/// relation (at 99%: 45% and 0.07%); the labeler, about as often wrong on
/// those anyway, costs a third of parsing time.
const SURE_SHARE: f64 = 0.98;
const SURE_MIN_ARCS: u32 = 30;

/// The key of an arc's context for [`Parser::sure`].
#[inline(always)]
fn arc_key(mv: usize, td: u64, th: u64) -> u64 {
    f3(99, mv as u64, td, th)
}

/// The contexts of `train`'s arcs whose relation is (nearly) always the same.
fn sure_labels(train: &[ParseSent]) -> Vec<(u64, u16)> {
    let mut seen: std::collections::HashMap<u64, std::collections::BTreeMap<u16, u32>> = Default::default();
    for s in train {
        let t = &s.inputs.t;
        for d in 1..s.heads.len() {
            let h = s.heads[d] as usize;
            if h == 0 {
                continue;
            }
            let mv = if d < h { LEFT } else { RIGHT };
            *seen
                .entry(arc_key(mv, t[d], t[h]))
                .or_default()
                .entry(s.labels[d])
                .or_default() += 1;
        }
    }
    let mut sure: Vec<(u64, u16)> = seen
        .into_iter()
        .filter_map(|(k, counts)| {
            let total: u32 = counts.values().sum();
            // The most frequent relation; ties go to the lower id.
            let (&l, &c) = counts.iter().max_by_key(|&(&l, &c)| (c, std::cmp::Reverse(l)))?;
            (total >= SURE_MIN_ARCS && c as f64 >= SURE_SHARE * total as f64).then_some((k, l))
        })
        .collect();
    sure.sort_unstable();
    sure
}

/// A set of word hashes.
pub(crate) type Vocab = std::collections::HashSet<u64, std::hash::BuildHasherDefault<crate::perceptron::IdHasher>>;

const UNK_W: u64 = 0x0dd0_0000_0000_0005;

/// The word feature the parser uses for normalised word hash `norm`.
#[inline]
pub(crate) fn word(vocab: &Vocab, norm: u64) -> u64 {
    if vocab.contains(&norm) {
        norm
    } else {
        UNK_W
    }
}

/// Labeler features updated fewer times than this (or than the move
/// model's threshold, if lower) are dropped: at 2 instead of 1 the labeler
/// keeps 215k features instead of 465k, with the same EWT dev LAS.
const LABEL_MIN_UPDATES: u32 = 2;

/// Features of a mean of runs whose weights all stay under this share of
/// the largest weight are dropped: most are ones that only some runs kept.
/// At this floor the mean of four runs holds 424k move and 126k labeler
/// features (11 MB); at half of it, 1.6 MB more, EWT dev scored lower
/// (UAS 85.62 / LAS 82.22 against 85.68 / 82.28).
const MEAN_PRUNE: f32 = 0.0122;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;

/// Per-position parser inputs: index 0 is the root, 1..=n the words and
/// n+1 the "none" position used for empty slots.
pub(crate) struct Inputs {
    pub(crate) w: Vec<u64>,
    pub(crate) t: Vec<u64>,
}

impl Inputs {
    /// Build from word hashes and tag values (class id + 2).
    pub(crate) fn new(words: impl Iterator<Item = u64>, tags: impl Iterator<Item = u64>) -> Inputs {
        let mut w = vec![ROOT_W];
        w.extend(words);
        w.push(PAD);
        let mut t = vec![ROOT_T];
        t.extend(tags);
        t.push(NONE_T);
        assert_eq!(w.len(), t.len(), "one tag per word");
        Inputs { w, t }
    }
    /// Refill from word hashes and tag values, reusing the storage.
    pub(crate) fn fill(&mut self, words: impl Iterator<Item = u64>, tags: impl Iterator<Item = u64>) {
        self.w.clear();
        self.w.push(ROOT_W);
        self.w.extend(words);
        self.w.push(PAD);
        self.t.clear();
        self.t.push(ROOT_T);
        self.t.extend(tags);
        self.t.push(NONE_T);
        assert_eq!(self.w.len(), self.t.len(), "one tag per word");
    }
    fn n(&self) -> usize {
        self.w.len() - 2
    }
}

/// Reusable working memory for [`Parser::parse_in`].
#[derive(Default)]
pub(crate) struct Scratch {
    stack: Vec<u32>,
    nd: Vec<Node>,
    feats: Vec<u64>,
    /// Per-position move scores of the s0, s1, s2 and buffer groups.
    groups: Vec<[[i32; 3]; 4]>,
    /// The features of every position's groups that read more than its
    /// own word and tag, in position order.
    group_feats: Vec<u64>,
    /// Their scores, one entry a position.
    rest: Vec<[[i32; 3]; 3]>,
    /// Per position, the scores of its own word and tag ([`OWN_LENS`]).
    own: Vec<[[i32; 3]; 6]>,
    /// Positions whose own scores were not cached, their features and scores.
    missed: Vec<usize>,
    missed_feats: Vec<u64>,
    missed_scores: Vec<[[i32; 3]; 6]>,
    cache: OwnCache,
}

/// Slots of an [`OwnCache`].
const OWN_SLOTS: usize = 1 << 13;

/// Per-thread memo of the move scores of the features that read one
/// (word, tag) pair alone ([`own_feats`]), 16 of the 29 features of a
/// position's groups. Words repeat, so most positions look up one cache
/// entry instead of 16 weights; the sums are the same integers.
/// Direct-mapped on a hash of the pair, tied to one set of weights.
#[derive(Default)]
struct OwnCache {
    owner: u64,
    keys: Vec<u64>,
    scores: Vec<[[i32; 3]; 6]>,
}

impl OwnCache {
    fn bind(&mut self, weights: &Weights) {
        if self.owner != weights.id() || self.keys.is_empty() {
            self.owner = weights.id();
            self.keys = vec![0; OWN_SLOTS];
            self.scores = vec![[[0; 3]; 6]; OWN_SLOTS];
        }
    }
}

/// Number of features of the s0, s1, s2 and buffer groups (the lengths
/// of what [`s0_feats`], [`s1_feats`], [`s2_feats`] and [`b_feats`] return).
const S0_FEATS: usize = 8;
const S1_FEATS: usize = 5;
const S2_FEATS: usize = 1;
const B_FEATS: usize = 15;

/// A training sentence: inputs plus gold heads and labels (index 0 unused).
pub(crate) struct ParseSent {
    pub(crate) inputs: Inputs,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u16>,
}

/// Per-position parser state, kept together for locality.
#[derive(Clone, Copy, Default)]
struct Node {
    head: u32,
    lc1: u32,
    lc2: u32,
    rc1: u32,
    rc2: u32,
    label: u16,
    nl: u8,
    nr: u8,
    lset: u64,
    rset: u64,
}

struct State {
    n: usize,
    none: u32,
    stack: Vec<u32>,
    b: usize,
    nd: Vec<Node>,
}

#[inline(always)]
fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

impl State {
    fn new(n: usize) -> State {
        State::reuse(n, Vec::with_capacity(n + 1), Vec::with_capacity(n + 2))
    }

    /// A fresh state for `n` words built in the given vectors' storage.
    fn reuse(n: usize, mut stack: Vec<u32>, mut nd: Vec<Node>) -> State {
        let none = (n + 1) as u32;
        let m = n + 2;
        stack.clear();
        stack.push(0);
        let node = Node {
            head: none,
            lc1: none,
            lc2: none,
            rc1: none,
            rc2: none,
            label: 0,
            nl: 0,
            nr: 0,
            lset: 0,
            rset: 0,
        };
        nd.clear();
        nd.resize(m, node);
        State {
            n,
            none,
            stack,
            b: 1,
            nd,
        }
    }

    #[inline(always)]
    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    #[inline(always)]
    fn s(&self, i: usize) -> u32 {
        let l = self.stack.len();
        if l > i {
            self.stack[l - 1 - i]
        } else {
            self.none
        }
    }

    #[inline(always)]
    fn buf(&self, i: usize) -> u32 {
        if self.b + i <= self.n {
            (self.b + i) as u32
        } else {
            self.none
        }
    }

    fn attach(&mut self, h: u32, d: u32, l: usize) {
        let (hu, du) = (h as usize, d as usize);
        self.nd[du].head = h;
        self.nd[du].label = l as u16 + 1;
        let bit = 1u64 << (l % 64);
        if d < h {
            self.nd[hu].nl = self.nd[hu].nl.saturating_add(1);
            self.nd[hu].lset |= bit;
            if d < self.nd[hu].lc1 {
                self.nd[hu].lc2 = self.nd[hu].lc1;
                self.nd[hu].lc1 = d;
            } else if d < self.nd[hu].lc2 {
                self.nd[hu].lc2 = d;
            }
        } else {
            self.nd[hu].nr = self.nd[hu].nr.saturating_add(1);
            self.nd[hu].rset |= bit;
            if self.nd[hu].rc1 == self.none || d > self.nd[hu].rc1 {
                self.nd[hu].rc2 = self.nd[hu].rc1;
                self.nd[hu].rc1 = d;
            } else if self.nd[hu].rc2 == self.none || d > self.nd[hu].rc2 {
                self.nd[hu].rc2 = d;
            }
        }
    }

    /// The (head, dependent) an arc move would create.
    #[inline(always)]
    fn arc(&self, mv: usize) -> (u32, u32) {
        let sl = self.stack.len();
        let d = self.stack[sl - 1];
        let h = if mv == LEFT { self.b as u32 } else { self.stack[sl - 2] };
        (h, d)
    }

    /// Apply a move; `label` is used by arcs.
    fn apply(&mut self, mv: usize, label: usize) {
        if mv == SHIFT {
            self.stack.push(self.b as u32);
            self.b += 1;
        } else {
            let (h, d) = self.arc(mv);
            self.stack.pop();
            self.attach(h, d, label);
        }
    }

    /// Whether a move is allowed (a single word attaches to the root, last).
    #[inline(always)]
    fn valid(&self, mv: usize) -> bool {
        let sl = self.stack.len();
        match mv {
            SHIFT => self.b <= self.n,
            LEFT => sl >= 2 && self.b <= self.n,
            RIGHT => sl >= 3 || (sl == 2 && self.b > self.n),
            _ => false,
        }
    }

    /// Features for labelling the arc `h -> d` made by `mv`.
    fn label_features(&self, inp: &Inputs, mv: usize, h: usize, d: usize, out: &mut Vec<u64>) {
        let (w, t) = (&inp.w, &inp.t);
        let dir = mv as u64;
        let dist = bucket(h.abs_diff(d));
        let nd = &self.nd;
        let lv = |p: u32| nd[p as usize].label as u64;
        let (wd, td, wh, th) = (w[d], t[d], w[h], t[h]);
        let n1 = |p: usize| if p <= self.n { t[p + 1] } else { NONE_T };
        let kids = self.nd[d].lset | self.nd[d].rset.rotate_left(32);
        let dl = self.nd[d].lc1 as usize;
        out.clear();
        out.extend_from_slice(&[
            f1(100, dir),
            f2(101, dir, td),
            f2(102, dir, th),
            f2(104, dir, wd),
            f2(105, dir, wh),
            f3(106, dir, wd, th),
            f3(107, dir, td, wh),
            f3(109, dir, td, kids),
            f3(110, dir, td, lv(self.nd[d].lc1)),
            f3(111, dir, td, lv(self.nd[d].rc1)),
            f3(112, dir, td, dist),
            f3(116, dir, mix(td, th), n1(h)),
            f3(118, dir, td, self.nd[h].lset | self.nd[h].rset),
            f3(121, dir, wd, kids),
            f3(123, dir, w[dl], th),
            f3(124, dir, w[dl], td),
            f3(125, dir, mix(w[dl], td), th),
            // The words either side of the dependent.
            f3(133, dir, td, w[d + 1]),
            f3(134, dir, td, w[d - 1]),
        ]);
    }

    /// All move features: the structural ones plus the per-position groups.
    fn features(&self, inp: &Inputs, out: &mut Vec<u64>) {
        self.dyn_features(inp, out);
        let (s0, s1, s2) = (self.s(0) as usize, self.s(1) as usize, self.s(2) as usize);
        out.extend_from_slice(&s0_feats(inp, s0));
        out.extend_from_slice(&s1_feats(inp, s1));
        out.extend_from_slice(&s2_feats(inp, s2));
        out.extend_from_slice(&b_feats(
            inp,
            self.buf(0) as usize,
            self.buf(1) as usize,
            self.buf(2) as usize,
        ));
    }

    /// Move features that depend on more than one position or on the
    /// structure built so far (the rest are summed once per position).
    fn dyn_features(&self, inp: &Inputs, out: &mut Vec<u64>) {
        let (w, t) = (&inp.w, &inp.t);
        let (s0, s1, s2) = (self.s(0) as usize, self.s(1) as usize, self.s(2) as usize);
        let (b0, b1) = (self.buf(0) as usize, self.buf(1) as usize);
        let s0l = self.nd[s0].lc1 as usize;
        let s0l2 = self.nd[s0].lc2 as usize;
        let s0r = self.nd[s0].rc1 as usize;
        let s0r2 = self.nd[s0].rc2 as usize;
        let s1l = self.nd[s1].lc1 as usize;
        let s1r = self.nd[s1].rc1 as usize;
        let b0l = self.nd[b0].lc1 as usize;
        let b0l2 = self.nd[b0].lc2 as usize;
        let none = self.none as usize;
        let d0 = if s0 != none && b0 != none { bucket(b0 - s0) } else { 0 };
        let d1 = if s1 != none && s0 != none { bucket(s0 - s1) } else { 0 };
        let (ws0, ts0, ts1, wb0, tb0, tb1) = (w[s0], t[s0], t[s1], w[b0], t[b0], t[b1]);
        let s0wt = mix(ws0, ts0);
        let b0wt = mix(wb0, tb0);
        let nd = &self.nd;
        let lv = |p: usize| nd[p].label as u64;
        out.clear();
        out.extend_from_slice(&[
            f2(16, s0wt, b0wt),
            f2(18, ws0, b0wt),
            f2(20, ts0, b0wt),
            f2(22, ts0, tb0),
            f2(26, ts1, ts0),
            f3(30, ts0, tb0, tb1),
            f3(31, ts1, ts0, tb0),
            f3(32, ts0, t[s0l], tb0),
            f3(34, ts0, tb0, t[b0l]),
            f3(35, ts1, t[s1r], ts0),
            f3(36, ts1, t[s1l], ts0),
            f3(37, t[s2], ts1, ts0),
            f3(40, tb0, t[b0l], t[b0l2]),
            f3(47, ws0, wb0, d0),
            f3(48, ts1, ts0, d1),
            f2(55, tb0, self.nd[b0].nl as u64),
            f1(57, w[s0l]),
            f2(58, t[s0l], lv(s0l)),
            f1(59, w[s0r]),
            f2(60, t[s0r], lv(s0r)),
            f2(62, t[b0l], lv(b0l)),
            f2(63, t[s1r], lv(s1r)),
            f1(64, w[s1r]),
            f2(65, lv(s0l), lv(s0l2)),
            f2(66, lv(s0r), lv(s0r2)),
            f2(67, lv(b0l), lv(b0l2)),
            f2(70, tb0, self.nd[b0].lset),
            f3(72, ws0, lv(s0l), lv(s0r)),
            f2(74, ws0, tb1),
            f2(75, ts0, w[b1]),
            f2(76, w[b0l], ts0),
        ]);
    }
}

/// The group features of a position that read its own word and tag
/// alone, by the group they join: as s0 (3), s1 (3), s2 (1), first buffer
/// word with the bias (4), second (3) and third buffer word (2). With
/// [`rest_feats`] they are exactly the features of [`s0_feats`],
/// [`s1_feats`], [`s2_feats`] and [`b_feats`].
const OWN_LENS: [usize; 6] = [3, 3, 1, 4, 3, 2];

#[inline(always)]
fn own_feats(w: u64, t: u64) -> [u64; 16] {
    let wt = mix(w, t);
    [
        f1(1, w),
        f1(2, t),
        f1(3, wt),
        f1(4, w),
        f1(5, t),
        f1(6, wt),
        f1(15, t),
        f1(0, 0),
        f1(7, w),
        f1(8, t),
        f1(9, wt),
        f1(10, w),
        f1(11, t),
        f2(12, w, t),
        f1(13, w),
        f1(14, t),
    ]
}

/// The rest of a position's group features, as s0 (5), s1 (2) and first
/// buffer word (6); `b1` and `b2` are the buffer words after it.
const REST_LENS: [usize; 3] = [5, 2, 6];

#[inline(always)]
fn rest_feats(inp: &Inputs, p: usize, b1: usize, b2: usize) -> [u64; 13] {
    let (w, t) = (inp.w[p], inp.t[p]);
    let (a, z) = around(inp, p);
    let (ta, tz, tb1) = (inp.t[a], inp.t[z], inp.t[b1]);
    [
        f2(140, ta, t),
        f2(141, t, tz),
        f3(142, ta, t, tz),
        f2(143, w, tz),
        f2(144, ta, w),
        f2(145, t, tz),
        f3(146, ta, t, tz),
        f2(147, w, inp.w[b1]),
        f2(148, ta, t),
        f3(149, ta, t, tb1),
        f2(150, inp.w[a], w),
        f2(23, t, tb1),
        f3(29, t, tb1, inp.t[b2]),
    ]
}

/// Move features of the word on top of the stack alone.
#[inline(always)]
fn s0_feats(inp: &Inputs, p: usize) -> [u64; S0_FEATS] {
    let (w, t) = (inp.w[p], inp.t[p]);
    let (a, z) = around(inp, p);
    let (ta, tz) = (inp.t[a], inp.t[z]);
    [
        f1(1, w),
        f1(2, t),
        f1(3, mix(w, t)),
        f2(140, ta, t),
        f2(141, t, tz),
        f3(142, ta, t, tz),
        f2(143, w, tz),
        f2(144, ta, w),
    ]
}

/// The positions just before and after `p` in the sentence: the root
/// before the first word, the "none" position after the last; "none"
/// for the root and "none" themselves.
#[inline(always)]
fn around(inp: &Inputs, p: usize) -> (usize, usize) {
    let n = inp.n();
    if p >= 1 && p <= n {
        (p - 1, p + 1)
    } else {
        (n + 1, n + 1)
    }
}

/// Move features of the second stack word alone.
#[inline(always)]
fn s1_feats(inp: &Inputs, p: usize) -> [u64; S1_FEATS] {
    let (w, t) = (inp.w[p], inp.t[p]);
    let (a, z) = around(inp, p);
    [
        f1(4, w),
        f1(5, t),
        f1(6, mix(w, t)),
        f2(145, t, inp.t[z]),
        f3(146, inp.t[a], t, inp.t[z]),
    ]
}

/// Move features of the third stack word alone.
#[inline(always)]
fn s2_feats(inp: &Inputs, p: usize) -> [u64; S2_FEATS] {
    [f1(15, inp.t[p])]
}

/// Move features of the first three buffer words alone (and the bias).
#[inline(always)]
fn b_feats(inp: &Inputs, b0: usize, b1: usize, b2: usize) -> [u64; B_FEATS] {
    let (w, t) = (&inp.w, &inp.t);
    let (wb0, tb0, wb1, tb1) = (w[b0], t[b0], w[b1], t[b1]);
    let (a, _) = around(inp, b0);
    [
        f2(147, wb0, wb1),
        f2(148, t[a], tb0),
        f3(149, t[a], tb0, tb1),
        f2(150, w[a], wb0),
        f1(0, 0),
        f1(7, wb0),
        f1(8, tb0),
        f1(9, mix(wb0, tb0)),
        f1(10, wb1),
        f1(11, tb1),
        f2(12, wb1, tb1),
        f1(13, w[b2]),
        f1(14, t[b2]),
        f2(23, tb0, tb1),
        f3(29, tb0, tb1, t[b2]),
    ]
}

/// Unlabelled costs (arcs made unreachable) of shift, left and right in `st`.
fn costs(st: &State, gh: &[u32]) -> [u32; 3] {
    let n = st.n;
    let b = st.b;
    let sl = st.stack.len();
    let mut c = [0u32; 3];
    if b <= n {
        // Shift: b0 loses heads deeper than s0 and dependents on the stack.
        let h = gh[b];
        c[0] += st.stack[..sl - 1].contains(&h) as u32;
        c[0] += st
            .stack
            .iter()
            .filter(|&&s| s != 0 && gh[s as usize] == b as u32)
            .count() as u32;
    }
    if sl >= 2 {
        let s0 = st.stack[sl - 1] as usize;
        let s1 = st.stack[sl - 2];
        let h = gh[s0];
        let deps = (b..=n).filter(|&d| gh[d] == s0 as u32).count() as u32;
        // Left: s0 takes b0 as head; loses head s1 or a later buffer word.
        c[1] = deps + (h != b as u32 && (h == s1 || (h as usize > b && h as usize <= n))) as u32;
        // Right: s0 takes s1 as head; loses a head in the buffer.
        c[2] = deps + (h as usize >= b && h as usize <= n) as u32;
    }
    c
}

impl Parser {
    /// The parser's word feature for a normalised word hash.
    #[inline]
    pub(crate) fn word(&self, norm: u64) -> u64 {
        word(&self.vocab, norm)
    }

    /// The relation of an arc in a context that settles it.
    #[inline]
    fn sure_label(&self, mv: usize, td: u64, th: u64) -> Option<usize> {
        let k = arc_key(mv, td, th);
        self.sure
            .binary_search_by_key(&k, |e| e.0)
            .ok()
            .map(|i| self.sure[i].1 as usize)
    }

    /// The best label for the arc `mv` would make (never `root` unless
    /// the head is the root, and then always).
    fn label(&self, st: &State, inp: &Inputs, mv: usize, feats: &mut Vec<u64>, scores: &mut Scores) -> usize {
        let (h, d) = st.arc(mv);
        if h == 0 {
            return self.root_label;
        }
        if let Some(l) = self.sure_label(mv, inp.t[d as usize], inp.t[h as usize]) {
            return l;
        }
        st.label_features(inp, mv, h as usize, d as usize, feats);
        self.labeler.score(feats, scores);
        // Never `root` here: give it the lowest score (the labels are many,
        // so another one wins).
        scores[self.root_label] = i32::MIN;
        argmax(&scores[..self.labels.len()]).expect("a label")
    }

    /// Fill `scratch.own` with every position's [`own_feats`] scores,
    /// through the cache.
    fn own_scores(&self, inp: &Inputs, scratch: &mut Scratch) {
        let cache = &mut scratch.cache;
        cache.bind(&self.weights);
        let key = |p: usize| f2(0x0c_ac4e, inp.w[p], inp.t[p]);
        let slot = |k: u64| (k >> 40) as usize & (OWN_SLOTS - 1);
        scratch.own.clear();
        scratch.missed.clear();
        scratch.missed_feats.clear();
        for p in 0..inp.w.len() {
            let k = key(p);
            let s = slot(k);
            if cache.keys[s] == k {
                scratch.own.push(cache.scores[s]);
            } else {
                scratch.own.push([[0; 3]; 6]);
                scratch.missed.push(p);
                scratch.missed_feats.extend_from_slice(&own_feats(inp.w[p], inp.t[p]));
            }
        }
        if scratch.missed.is_empty() {
            return;
        }
        self.weights
            .score_groups(&scratch.missed_feats, OWN_LENS, &mut scratch.missed_scores);
        for (&p, &sc) in scratch.missed.iter().zip(&scratch.missed_scores) {
            let k = key(p);
            let s = slot(k);
            cache.keys[s] = k;
            cache.scores[s] = sc;
            scratch.own[p] = sc;
        }
    }

    /// Parse one sentence; heads (0 = root, else 1-based) and label ids.
    pub(crate) fn parse(&self, inp: &Inputs, heads: &mut Vec<u32>, labels: &mut Vec<u16>) {
        self.parse_in(inp, heads, labels, &mut Scratch::default());
    }

    /// [`Parser::parse`] reusing `scratch` between sentences.
    pub(crate) fn parse_in(&self, inp: &Inputs, heads: &mut Vec<u32>, labels: &mut Vec<u16>, scratch: &mut Scratch) {
        let n = inp.n();
        let mut st = State::reuse(n, std::mem::take(&mut scratch.stack), std::mem::take(&mut scratch.nd));
        let mut scores: Scores = [0; 256];
        // Scores of the features that depend on one position only, once per position.
        let none = n + 1;
        let at = |p: usize| if p <= n { p } else { none };
        self.own_scores(inp, scratch);
        let all = &mut scratch.group_feats;
        all.clear();
        for p in 0..=none {
            all.extend_from_slice(&rest_feats(inp, p, at(p + 1), at(p + 2)));
        }
        self.weights.score_groups(all, REST_LENS, &mut scratch.rest);
        let own = &scratch.own;
        let add = |a: [i32; 3], b: [i32; 3]| [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
        let groups = &mut scratch.groups;
        let feats = &mut scratch.feats;
        groups.clear();
        groups.extend(scratch.rest.iter().enumerate().map(|(p, r)| {
            let buffer = add(add(own[p][3], own[at(p + 1)][4]), own[at(p + 2)][5]);
            [add(own[p][0], r[0]), add(own[p][1], r[1]), own[p][2], add(buffer, r[2])]
        }));
        while !st.terminal() {
            let n_valid = (0..3).filter(|&c| st.valid(c)).count();
            let mv = if n_valid == 1 {
                (0..3).find(|&c| st.valid(c)).expect("a valid move")
            } else {
                st.dyn_features(inp, feats);
                self.weights.score(feats, &mut scores);
                let (s0, s1, s2, b0) = (st.s(0), st.s(1), st.s(2), st.buf(0));
                for c in 0..3 {
                    scores[c] += groups[s0 as usize][0][c]
                        + groups[s1 as usize][1][c]
                        + groups[s2 as usize][2][c]
                        + groups[b0 as usize][3][c];
                }
                argmax_by(&scores[..3], |c| st.valid(c)).expect("a valid move")
            };
            let l = if mv == SHIFT {
                0
            } else {
                self.label(&st, inp, mv, feats, &mut scores)
            };
            st.apply(mv, l);
        }
        heads.clear();
        labels.clear();
        for i in 1..=n {
            heads.push(st.nd[i].head);
            labels.push(st.nd[i].label.saturating_sub(1));
        }
        scratch.stack = st.stack;
        scratch.nd = st.nd;
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l);
        }
        w.u32(self.root_label as u32);
        w.u32(self.vocab_list.len() as u32);
        for &v in &self.vocab_list {
            w.u64(v);
        }
        self.weights.write(w);
        self.labeler.write(w);
        w.u32(self.sure.len() as u32);
        for &(k, l) in &self.sure {
            w.u64(k);
            w.u16(l);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Parser, Error> {
        let n = r.u32()? as usize;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(intern(&r.str()?));
        }
        let root_label = r.u32()? as usize;
        let nv = r.u32()? as usize;
        let mut vocab_list = Vec::with_capacity(nv);
        for _ in 0..nv {
            vocab_list.push(r.u64()?);
        }
        let weights = Weights::read(r)?;
        let labeler = Weights::read(r)?;
        if root_label >= n || weights.n_classes != 3 || labeler.n_classes != n {
            return Err(r.error("parser label count mismatch"));
        }
        let ns = r.u32()? as usize;
        let mut sure = Vec::with_capacity(ns.min(1 << 16));
        for _ in 0..ns {
            let k = r.u64()?;
            let l = r.u16()?;
            if l as usize >= n || sure.last().is_some_and(|&(p, _)| p >= k) {
                return Err(r.error("bad settled-relation table"));
            }
            sure.push((k, l));
        }
        Ok(Parser {
            labels,
            root_label,
            weights,
            labeler,
            vocab: vocab_list.iter().copied().collect(),
            vocab_list,
            sure,
        })
    }
}

/// Training settings for the parser.
pub(crate) struct ParseTrain<'a> {
    pub(crate) labels: &'a [&'static str],
    pub(crate) root_label: usize,
    /// Sorted word hashes the parser keeps (the inputs must already map others to UNK).
    pub(crate) vocab: &'a [u64],
    pub(crate) epochs: usize,
    /// Features updated fewer times than this are dropped.
    pub(crate) min_updates: u32,
    pub(crate) seed: u64,
    /// Probability of following the model's own (wrong) move after the first epoch.
    pub(crate) explore: f64,
    /// Runs over other orders of the data (seeds `seed`, `seed + 1`, …)
    /// whose weights are averaged.
    pub(crate) runs: usize,
    /// Runs trained at once.
    pub(crate) threads: usize,
    pub(crate) verbose: bool,
}

/// Train `opts.runs` parsers, each keeping its epoch with the best
/// labelled attachment on `dev`, and average their weights.
pub(crate) fn train(train: &[ParseSent], dev: &[ParseSent], opts: &ParseTrain) -> Parser {
    let sure = sure_labels(train);
    let sure = &sure;
    let seeds: Vec<u64> = (0..opts.runs.max(1) as u64).map(|r| opts.seed + r).collect();
    let mut runs = runs_by_seed(&seeds, opts.threads, |seed| train_run(train, dev, opts, sure, seed));
    if runs.len() == 1 {
        return runs.pop().expect("one run");
    }
    let weights = Weights::mean(&runs.iter().map(|p| &p.weights).collect::<Vec<_>>(), MEAN_PRUNE);
    let labeler = Weights::mean(&runs.iter().map(|p| &p.labeler).collect::<Vec<_>>(), MEAN_PRUNE);
    let n_runs = runs.len();
    let mut parser = runs.swap_remove(0);
    parser.weights = weights;
    parser.labeler = labeler;
    if opts.verbose {
        let (uas, las) = attachment(&parser, dev);
        eprintln!(
            "parser mean of {n_runs} runs: dev UAS {:.2} LAS {:.2} ({} + {} features)",
            100.0 * uas,
            100.0 * las,
            parser.weights.size().0,
            parser.labeler.size().0,
        );
    }
    parser
}

/// One training run with shuffling and exploration seed `seed`.
fn train_run(train: &[ParseSent], dev: &[ParseSent], opts: &ParseTrain, sure: &[(u64, u16)], seed: u64) -> Parser {
    let nl = opts.labels.len();
    let mut parser = Parser {
        labels: opts.labels.to_vec(),
        root_label: opts.root_label,
        weights: Trainer::new(3).averaged(0, 0.0),
        labeler: Trainer::new(nl).averaged(0, 0.0),
        vocab_list: opts.vocab.to_vec(),
        vocab: opts.vocab.iter().copied().collect(),
        sure: sure.to_vec(),
    };
    let mut tr = Trainer::new(3);
    let mut ltr = Trainer::new(nl);
    let mut rng = Rng::new(seed ^ 0x9a55);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut feats = Vec::with_capacity(80);
    let mut lfeats = Vec::with_capacity(32);
    let mut scores = [0f32; 3];
    let mut lscores = vec![0f32; nl];
    let mut best: Option<(f64, Weights, Weights)> = None;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut moves, mut wrong) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let mut st = State::new(s.inputs.n());
            while !st.terminal() {
                st.features(&s.inputs, &mut feats);
                tr.score(&feats, &mut scores);
                let all = costs(&st, &s.heads);
                let mut cost = [u32::MAX; 3];
                for (mv, c) in cost.iter_mut().enumerate() {
                    if st.valid(mv) {
                        *c = all[mv];
                    }
                }
                let min = *cost.iter().min().expect("three moves");
                let guess = argmax_by(&scores, |c| cost[c] != u32::MAX).expect("a valid move");
                let gold = argmax_by(&scores, |c| cost[c] == min).expect("a best move");
                if cost[guess] > min {
                    tr.update(&feats, gold, guess);
                    wrong += 1;
                }
                tr.tick();
                moves += 1;
                let mv = if cost[guess] > min && epoch > 0 && rng.unit() < opts.explore {
                    guess
                } else {
                    gold
                };
                let mut label = 0;
                if mv != SHIFT {
                    let (h, d) = st.arc(mv);
                    if h == 0 {
                        label = opts.root_label;
                    } else if let Some(l) = parser.sure_label(mv, s.inputs.t[d as usize], s.inputs.t[h as usize]) {
                        // Settled without the labeler, as when parsing.
                        label = if s.heads[d as usize] == h {
                            s.labels[d as usize] as usize
                        } else {
                            l
                        };
                    } else {
                        st.label_features(&s.inputs, mv, h as usize, d as usize, &mut lfeats);
                        ltr.score(&lfeats, &mut lscores);
                        let lg = argmax_by(&lscores, |l| l != opts.root_label).expect("a label");
                        label = lg;
                        if s.heads[d as usize] == h {
                            let gl = s.labels[d as usize] as usize;
                            ltr.update(&lfeats, gl, lg);
                            ltr.tick();
                            label = gl;
                        }
                    }
                }
                st.apply(mv, label);
            }
        }
        parser.weights = tr.averaged(opts.min_updates, 0.0);
        parser.labeler = ltr.averaged(LABEL_MIN_UPDATES.min(opts.min_updates), 0.0);
        let (uas, las) = attachment(&parser, dev);
        if opts.verbose {
            eprintln!(
                "parser epoch {epoch}: train move errors {:.2}% dev UAS {:.2} LAS {:.2} ({} + {} features)",
                100.0 * wrong as f64 / moves.max(1) as f64,
                100.0 * uas,
                100.0 * las,
                parser.weights.size().0,
                parser.labeler.size().0,
            );
        }
        if best.as_ref().is_none_or(|(b, _, _)| las > *b || dev.is_empty()) {
            best = Some((las, parser.weights.clone(), parser.labeler.clone()));
        }
    }
    if let Some((_, w, l)) = best {
        parser.weights = w;
        parser.labeler = l;
    }
    parser
}

/// Unlabelled and labelled attachment (label ids compared exactly).
pub(crate) fn attachment(parser: &Parser, sents: &[ParseSent]) -> (f64, f64) {
    let (mut u, mut l, mut total) = (0usize, 0usize, 0usize);
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    for s in sents {
        parser.parse(&s.inputs, &mut heads, &mut labels);
        for i in 0..heads.len() {
            if heads[i] == s.heads[i + 1] {
                u += 1;
                l += (labels[i] == s.labels[i + 1]) as usize;
            }
        }
        total += heads.len();
    }
    let t = total.max(1) as f64;
    (u as f64 / t, l as f64 / t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_and_rest_features_are_exactly_the_group_features() {
        let inp = Inputs::new([21, 22, 23, 24].into_iter(), [5, 6, 7, 8].into_iter());
        let none = inp.n() + 1;
        let at = |p: usize| p.min(none);
        for p in 0..=none {
            let mut groups: Vec<u64> = s0_feats(&inp, p).to_vec();
            groups.extend_from_slice(&s1_feats(&inp, p));
            groups.extend_from_slice(&s2_feats(&inp, p));
            groups.extend_from_slice(&b_feats(&inp, p, at(p + 1), at(p + 2)));
            // A position's buffer group takes the own features of the two
            // positions after it as second and third buffer word.
            let own = |q: usize| own_feats(inp.w[q], inp.t[q]);
            let mut split: Vec<u64> = own(p)[..11].to_vec();
            split.extend_from_slice(&own(at(p + 1))[11..14]);
            split.extend_from_slice(&own(at(p + 2))[14..]);
            split.extend_from_slice(&rest_feats(&inp, p, at(p + 1), at(p + 2)));
            groups.sort_unstable();
            split.sort_unstable();
            assert_eq!(groups, split, "position {p}");
        }
    }

    #[test]
    fn cached_own_scores_parse_as_uncached_and_survive_new_weights() {
        let model = crate::Model::load_default().expect("shipped models");
        let sents: [&[&str]; 3] = [
            &["Zelenskyy", "said", "the", "troops", "captured", "two", "men", "."],
            &["The", "men", "said", "they", "were", "captured", "in", "Donetsk", "."],
            &["Troops", "said", "nothing", "."],
        ];
        let inputs: Vec<Inputs> = sents
            .iter()
            .map(|words| {
                let toks = crate::lex::toks(words);
                let mut ids = Vec::new();
                model.tagger.predict(&toks, &mut ids);
                Inputs::new(
                    toks.iter().map(|t| model.parser.word(t.norm)),
                    ids.iter().map(|&c| c as u64 + 2),
                )
            })
            .collect();
        let parse = |parser: &Parser, scratch: &mut Scratch| -> Vec<(Vec<u32>, Vec<u16>)> {
            inputs
                .iter()
                .map(|inp| {
                    let (mut h, mut l) = (Vec::new(), Vec::new());
                    parser.parse_in(inp, &mut h, &mut l, scratch);
                    (h, l)
                })
                .collect()
        };
        let mut warm = Scratch::default();
        let first = parse(&model.parser, &mut warm);
        // Each sentence alone with an empty cache, then all again through
        // the cache the first pass filled.
        for (inp, want) in inputs.iter().zip(&first) {
            let (mut h, mut l) = (Vec::new(), Vec::new());
            model.parser.parse(inp, &mut h, &mut l);
            assert_eq!((&h, &l), (&want.0, &want.1));
        }
        assert_eq!(parse(&model.parser, &mut warm), first);
        // Weights without features score every move 0; stale cached
        // scores of the shipped weights would make other parses.
        let mut blank = model.parser.clone();
        blank.weights = Trainer::new(3).averaged(0, 0.0);
        assert_eq!(parse(&blank, &mut warm), parse(&blank, &mut Scratch::default()));
    }

    /// `n` two-word sentences whose first word (tag `td`) depends on the
    /// second (tag `th`, the root) with relation `label(i)`.
    fn pairs(n: usize, td: u64, th: u64, label: impl Fn(usize) -> u16) -> Vec<ParseSent> {
        (0..n)
            .map(|i| ParseSent {
                inputs: Inputs::new([10, 11].into_iter(), [td, th].into_iter()),
                heads: vec![0, 2, 0],
                labels: vec![0, label(i), 1],
            })
            .collect()
    }

    #[test]
    fn a_relation_is_settled_only_by_a_near_unanimous_frequent_context() {
        let mut train = pairs(200, 5, 6, |i| if i == 0 { 3 } else { 2 }); // 199 of 200
        train.extend(pairs(40, 7, 6, |i| (i % 2) as u16 + 2)); // split
        train.extend(pairs(20, 8, 6, |_| 2)); // unanimous but rare
        let sure = sure_labels(&train);
        assert_eq!(sure, vec![(arc_key(LEFT, 5, 6), 2)]);
    }
}
