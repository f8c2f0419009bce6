//! Read-only tables of plain values, placed on 2 MiB huge pages where the
//! kernel allows it.
//!
//! Why: scoring a perceptron reads one random cache line per feature across
//! tables of several megabytes. With 4 KiB pages almost every such read also
//! misses the TLB and walks the page tables; one huge page covers 512 times
//! as much memory, so the whole model fits in the TLB and a feature costs
//! one memory access again. On Linux the table is aligned to 2 MiB and
//! marked `MADV_HUGEPAGE` (which works when transparent huge pages are
//! `madvise` or `always`); elsewhere, or when the kernel refuses, it is an
//! ordinary allocation and only slower.

use std::alloc::{self, Layout};
use std::ops::Deref;
use std::ptr::NonNull;

/// Plain data: copied bit for bit, owning nothing.
///
/// # Safety
/// Implementors must be `Copy` and hold no pointers or references.
pub(crate) unsafe trait Plain: Copy {}

// SAFETY: an integer owns nothing.
unsafe impl Plain for i16 {}

/// Size from which a table is worth a huge page of its own.
const HUGE: usize = 2 << 20;

/// A fixed-length, immutable slice in memory of its own.
pub(crate) struct Table<T: Plain> {
    ptr: NonNull<T>,
    len: usize,
    layout: Layout,
}

// SAFETY: `Table` owns its memory exclusively and exposes it only as `&[T]`.
unsafe impl<T: Plain + Send> Send for Table<T> {}
// SAFETY: as above; shared access is read-only.
unsafe impl<T: Plain + Sync> Sync for Table<T> {}

impl<T: Plain> Table<T> {
    /// A table holding a copy of `items`.
    pub(crate) fn from_slice(items: &[T]) -> Table<T> {
        let bytes = std::mem::size_of_val(items);
        if bytes == 0 {
            return Table {
                ptr: NonNull::dangling(),
                len: items.len(),
                layout: Layout::new::<()>(),
            };
        }
        let huge = bytes >= HUGE;
        let (size, align) = if huge {
            (bytes.next_multiple_of(HUGE), HUGE)
        } else {
            // A cache line at least, so that a 64-byte row never straddles two.
            (bytes, std::mem::align_of::<T>().max(64))
        };
        let layout = Layout::from_size_align(size, align).expect("table layout");
        // SAFETY: `layout` has a non-zero size.
        let raw = unsafe { alloc::alloc(layout) };
        let Some(ptr) = NonNull::new(raw as *mut T) else {
            alloc::handle_alloc_error(layout)
        };
        if huge {
            advise_huge(raw, size);
        }
        // SAFETY: the allocation holds at least `items.len()` values of `T`
        // (size >= bytes) at `T`'s alignment, and does not overlap `items`.
        unsafe { std::ptr::copy_nonoverlapping(items.as_ptr(), ptr.as_ptr(), items.len()) };
        Table {
            ptr,
            len: items.len(),
            layout,
        }
    }
}

/// Ask the kernel to back `len` bytes at `addr` (2 MiB aligned) with huge
/// pages. Called before the memory is first touched, so that the pages are
/// huge from the first fault on. A refusal is harmless.
#[cfg(target_os = "linux")]
fn advise_huge(addr: *mut u8, len: usize) {
    // SAFETY: the range is one live allocation of ours; madvise only
    // changes how it is backed, never its contents.
    unsafe {
        libc::madvise(addr as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_addr: *mut u8, _len: usize) {}

impl<T: Plain> Drop for Table<T> {
    fn drop(&mut self) {
        if self.layout.size() != 0 {
            // SAFETY: allocated in `from_slice` with this very layout.
            unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, self.layout) };
        }
    }
}

impl<T: Plain> Deref for Table<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` holds `len` initialised values (or is dangling with
        // a zero-sized allocation), alive as long as `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Plain> Clone for Table<T> {
    fn clone(&self) -> Table<T> {
        Table::from_slice(self)
    }
}

impl<T: Plain> Default for Table<T> {
    fn default() -> Table<T> {
        Table::from_slice(&[])
    }
}

impl<T: Plain + std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("len", &self.len).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_large_and_empty_tables_hold_what_they_were_given() {
        for n in [0usize, 3, (HUGE / 2) * 3 + 7] {
            let items: Vec<i16> = (0..n).map(|i| (i % 30011) as i16).collect();
            let t = Table::from_slice(&items);
            assert_eq!(&t[..], &items[..]);
            assert_eq!(&t.clone()[..], &items[..]);
        }
    }
}
