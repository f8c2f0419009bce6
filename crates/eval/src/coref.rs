//! Coreference scores: MUC, B³, CEAF-e and their average (the CoNLL
//! score), over chains given as sets of mention ids.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::Prf;

/// A document's chains, each a set of mention ids.
pub type Chains = Vec<HashSet<u64>>;

/// The four figures.
#[derive(Debug, Clone, Serialize)]
pub struct CorefScores {
    /// Gold chains scored (singletons excluded).
    pub gold_chains: usize,
    /// Predicted chains scored (singletons excluded).
    pub predicted_chains: usize,
    /// MUC (link-based).
    pub muc: Prf,
    /// B³ (mention-based).
    pub b3: Prf,
    /// CEAF-e (entity-based, φ4 similarity).
    pub ceafe: Prf,
    /// Mean F1 of the three.
    pub conll_f1: f64,
}

fn prf(pn: f64, pd: f64, rn: f64, rd: f64) -> Prf {
    Prf::from_fractions(pn, pd, rn, rd)
}

/// Mention id → index of the response chain holding it.
fn owners(response: &[HashSet<u64>]) -> HashMap<u64, usize> {
    response
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.iter().map(move |&m| (m, i)))
        .collect()
}

fn muc_side(key: &[HashSet<u64>], response: &[HashSet<u64>]) -> (f64, f64) {
    let owner = owners(response);
    let (mut num, mut den) = (0.0, 0.0);
    for k in key {
        let mut parts: HashSet<Option<usize>> = HashSet::new();
        let mut singles = 0usize;
        for m in k {
            match owner.get(m) {
                Some(&o) => {
                    parts.insert(Some(o));
                }
                None => singles += 1,
            }
        }
        num += (k.len() - (parts.len() + singles)) as f64;
        den += (k.len() - 1) as f64;
    }
    (num, den)
}

fn b3_side(key: &[HashSet<u64>], response: &[HashSet<u64>]) -> (f64, f64) {
    let owner = owners(response);
    let (mut num, mut den) = (0.0, 0.0);
    for k in key {
        for m in k {
            den += 1.0;
            if let Some(&o) = owner.get(m) {
                num += k.intersection(&response[o]).count() as f64 / k.len() as f64;
            }
        }
    }
    (num, den)
}

/// Kuhn–Munkres on a square cost matrix (minimisation); returns the column
/// assigned to each row.
fn hungarian(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut ans = vec![0usize; n];
    for j in 1..=n {
        if p[j] > 0 {
            ans[p[j] - 1] = j - 1;
        }
    }
    ans
}

/// Total φ4 similarity of the best one-to-one alignment of chains.
fn ceafe_total(key: &[HashSet<u64>], response: &[HashSet<u64>]) -> f64 {
    let n = key.len().max(response.len());
    if key.is_empty() || response.is_empty() {
        return 0.0;
    }
    let sim = |k: &HashSet<u64>, r: &HashSet<u64>| 2.0 * k.intersection(r).count() as f64 / (k.len() + r.len()) as f64;
    let mut cost = vec![vec![0.0; n]; n];
    for (i, k) in key.iter().enumerate() {
        for (j, r) in response.iter().enumerate() {
            cost[i][j] = -sim(k, r);
        }
    }
    let assign = hungarian(&cost);
    let total: f64 = assign
        .iter()
        .enumerate()
        .filter(|&(i, &j)| i < key.len() && j < response.len())
        .map(|(i, &j)| sim(&key[i], &response[j]))
        .sum();
    total
}

/// Score one corpus: per document, gold and predicted chains of mention
/// ids. Chains with one mention are dropped from both sides first.
pub fn score(docs: &[(Chains, Chains)]) -> CorefScores {
    let (mut mp, mut mpd, mut mr, mut mrd) = (0.0, 0.0, 0.0, 0.0);
    let (mut bp, mut bpd, mut br, mut brd) = (0.0, 0.0, 0.0, 0.0);
    let (mut cp, mut cpd, mut cr, mut crd) = (0.0, 0.0, 0.0, 0.0);
    let (mut ng, mut np) = (0, 0);
    for (gold, pred) in docs {
        let gold: Vec<HashSet<u64>> = gold.iter().filter(|c| c.len() > 1).cloned().collect();
        let pred: Vec<HashSet<u64>> = pred.iter().filter(|c| c.len() > 1).cloned().collect();
        ng += gold.len();
        np += pred.len();
        let (a, b) = muc_side(&gold, &pred);
        mr += a;
        mrd += b;
        let (a, b) = muc_side(&pred, &gold);
        mp += a;
        mpd += b;
        let (a, b) = b3_side(&gold, &pred);
        br += a;
        brd += b;
        let (a, b) = b3_side(&pred, &gold);
        bp += a;
        bpd += b;
        // CEAF-e is micro-averaged over documents, like the others.
        let total = ceafe_total(&gold, &pred);
        cr += total;
        crd += gold.len() as f64;
        cp += total;
        cpd += pred.len() as f64;
    }
    let muc = prf(mp, mpd, mr, mrd);
    let b3 = prf(bp, bpd, br, brd);
    let ceafe = prf(cp, cpd, cr, crd);
    let conll_f1 = crate::round4((muc.f1 + b3.f1 + ceafe.f1) / 3.0);
    CorefScores {
        gold_chains: ng,
        predicted_chains: np,
        muc,
        b3,
        ceafe,
        conll_f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chains(v: &[&[u64]]) -> Vec<HashSet<u64>> {
        v.iter().map(|c| c.iter().copied().collect()).collect()
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let g = chains(&[&[1, 2, 3], &[4, 5]]);
        let s = score(&[(g.clone(), g)]);
        assert_eq!((s.muc.f1, s.b3.f1, s.ceafe.f1, s.conll_f1), (1.0, 1.0, 1.0, 1.0));
    }

    #[test]
    fn textbook_muc_example() {
        // Key {1,2,3,4}, response {1,2},{3,4}: MUC recall 2/3, precision 1.
        let s = score(&[(chains(&[&[1, 2, 3, 4]]), chains(&[&[1, 2], &[3, 4]]))]);
        assert_eq!(s.muc.r, 0.6667);
        assert_eq!(s.muc.p, 1.0);
        assert_eq!(s.b3.r, 0.5);
        assert_eq!(s.b3.p, 1.0);
    }
}
