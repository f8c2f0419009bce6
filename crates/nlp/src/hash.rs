//! Small, fast, deterministic hashing for feature keys.

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Combine a running hash with one more value (FxHash step).
#[inline(always)]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Final avalanche (the splitmix64 / murmur3 finaliser).
#[inline(always)]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash a byte string.
#[inline]
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let rest = chunks.remainder();
    let mut last = 0u64;
    for (i, &x) in rest.iter().enumerate() {
        last |= (x as u64) << (8 * i);
    }
    h = mix(h, last);
    fmix(mix(h, b.len() as u64))
}

/// Hash a string.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A feature key from a template id and one value. Never 0 (0 marks empty slots).
#[inline(always)]
pub(crate) fn f1(t: u64, a: u64) -> u64 {
    fmix(mix(t.wrapping_mul(K), a)) | 1
}

/// A feature key from a template id and two values.
#[inline(always)]
pub(crate) fn f2(t: u64, a: u64, b: u64) -> u64 {
    fmix(mix(mix(t.wrapping_mul(K), a), b)) | 1
}

/// A feature key from a template id and three values.
#[inline(always)]
pub(crate) fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    fmix(mix(mix(mix(t.wrapping_mul(K), a), b), c)) | 1
}

/// A tiny deterministic PRNG (splitmix64) for shuffling and exploration.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        fmix(self.0)
    }

    /// Uniform in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fisher-Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}
