//! A per-document budget of time and memory, checked cooperatively.
//!
//! The pipeline opens a budget on the thread that runs a document's stage
//! ([`open`]), and the stages' long loops (per sentence, per cue) ask
//! [`exhausted`] now and then and stop early when it says so; the pipeline
//! then drops what the stage left and reports the document as stopped.
//! Nothing is killed: a stage that never asks runs to its end, and the
//! check between stages catches it there.
//!
//! Memory is what the document's stages allocated and have not freed,
//! counted per thread by [`note_alloc`] and [`note_free`], which a counting
//! global allocator in the binary calls (the `dossier` binary installs
//! one). Without it the count stays at zero and only time is checked.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    /// Bytes allocated minus bytes freed on this thread, ever.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The highest `LIVE` since the budget was opened.
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// `LIVE` at which the open budget's memory is spent (`isize::MAX`: no
    /// limit, or no budget open).
    static MEMORY_CEILING: Cell<isize> = const { Cell::new(isize::MAX) };
    /// When the open budget's time is spent.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Record `bytes` allocated on this thread (for a counting allocator).
#[inline]
pub fn note_alloc(bytes: usize) {
    // `try_with`: an allocation while the thread's locals are torn down is
    // simply not counted.
    let _ = LIVE.try_with(|live| {
        let now = live.get().wrapping_add(bytes as isize);
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now)
            }
        });
    });
}

/// Record `bytes` freed on this thread (for a counting allocator).
#[inline]
pub fn note_free(bytes: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().wrapping_sub(bytes as isize)));
}

/// Bytes allocated minus freed on this thread so far (zero without a
/// counting allocator).
pub fn live_bytes() -> isize {
    LIVE.with(Cell::get)
}

/// What a document's budget allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time across all its stages; `None`: no limit.
    pub time: Option<Duration>,
    /// Bytes its stages may hold at once (counted only under a counting
    /// allocator); `None`: no limit.
    pub memory: Option<usize>,
}

impl Limits {
    /// No limit at all.
    pub const NONE: Limits = Limits {
        time: None,
        memory: None,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::NONE
    }
}

/// Which part of a budget a document overspent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overspent {
    /// It ran past its time.
    Time,
    /// Its stages held more memory than allowed.
    Memory,
}

/// A document stopped for overspending its budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    /// The stage it was in (`parse`, `quotes`, …).
    pub stage: &'static str,
    /// What it overspent.
    pub overspent: Overspent,
    /// Time spent on it, all stages together.
    pub elapsed: Duration,
    /// The most bytes its stages held at once (zero when not counted).
    pub peak_bytes: usize,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.overspent {
            Overspent::Time => write!(
                f,
                "stopped in stage {} after {:.1} s: over the time limit",
                self.stage,
                self.elapsed.as_secs_f64()
            ),
            Overspent::Memory => write!(
                f,
                "stopped in stage {} holding {} MB: over the memory limit",
                self.stage,
                self.peak_bytes / (1024 * 1024)
            ),
        }
    }
}

/// Open a budget on this thread for one stage of a document that has
/// already spent `spent` time and holds `held` bytes from earlier stages.
/// Returns the thread's live count at the start, for [`close`].
pub fn open(limits: Limits, spent: Duration, held: isize) -> isize {
    let live = live_bytes();
    PEAK.with(|p| p.set(live));
    DEADLINE.with(|d| d.set(limits.time.map(|t| Instant::now() + t.saturating_sub(spent))));
    MEMORY_CEILING.with(|c| {
        c.set(
            limits
                .memory
                .map_or(isize::MAX, |m| live.saturating_add((m as isize).saturating_sub(held))),
        )
    });
    live
}

/// Close the budget opened by [`open`] (returning `start`): the bytes the
/// stage kept, and the most it held above `start` at once.
pub fn close(start: isize) -> (isize, isize) {
    DEADLINE.with(|d| d.set(None));
    MEMORY_CEILING.with(|c| c.set(isize::MAX));
    (live_bytes() - start, PEAK.with(Cell::get) - start)
}

/// Whether the budget open on this thread is spent, and on what. Cheap
/// (a clock read): call it once per sentence or per few hundred tokens,
/// not per token.
pub fn exhausted() -> Option<Overspent> {
    if PEAK.with(Cell::get) > MEMORY_CEILING.with(Cell::get) {
        return Some(Overspent::Memory);
    }
    match DEADLINE.with(Cell::get) {
        Some(deadline) if Instant::now() >= deadline => Some(Overspent::Time),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_budget_open_is_never_exhausted() {
        assert_eq!(exhausted(), None);
    }

    #[test]
    fn a_spent_time_budget_is_exhausted_and_closing_it_clears_it() {
        let start = open(
            Limits {
                time: Some(Duration::from_millis(5)),
                memory: None,
            },
            Duration::from_millis(10),
            0,
        );
        assert_eq!(exhausted(), Some(Overspent::Time));
        close(start);
        assert_eq!(exhausted(), None);
    }

    #[test]
    fn counted_bytes_past_the_memory_limit_exhaust_it() {
        let start = open(
            Limits {
                time: None,
                memory: Some(1000),
            },
            Duration::ZERO,
            400,
        );
        note_alloc(500);
        assert_eq!(exhausted(), None);
        note_alloc(200);
        assert_eq!(exhausted(), Some(Overspent::Memory));
        note_free(700);
        let (kept, peak) = close(start);
        assert_eq!((kept, peak), (0, 700));
    }
}
