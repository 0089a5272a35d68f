//! The wasm build's memory allocator: segregated free lists over size classes.
//!
//! Why not `dlmalloc` (what `std` uses on wasm32): it was 5.6 KB of the optimized module,
//! the largest single dependency, for general-purpose features this SDK never needs
//! (threads, coalescing, trimming memory back — wasm memory cannot shrink anyway). This is
//! about a fifth of that, and every operation is O(1).
//!
//! How: a request is rounded up to one of 104 size classes (16, 32, 48, 64, then four
//! steps per doubling: 80, 96, 112, 128, 160, …, so at most 25 % of a block is slack). Each
//! class has a singly linked free list threaded through its free blocks; a request pops its
//! list, or carves a new block from the end of the heap, growing memory by whole 64 KiB
//! pages when needed. `free` pushes the block back onto its class's list: the class comes
//! from the `Layout` Rust hands back, so blocks carry no header.
//!
//! What it leaves out: blocks are never merged. Before memory grows, a free block of a larger
//! class is split (the request's block, and the rest as the largest class that fits, so at
//! most a quarter of the rest is given up): memory one storm's large events freed serves the
//! next one's smaller ones. Memory freed in small blocks never serves a larger request, so
//! the heap can be larger than what is live; it is bounded here because everything the SDK
//! keeps is (the outbox, the scope and every string it reads have bounds of their own), and
//! an error storm reuses the same blocks over and over. Alignment above 16 bytes is refused (null, which
//! Rust turns into an allocation failure); nothing in this crate asks for it.
//!
//! The allocator is generic over where pages come from ([`Pages`]), so `cargo test` runs it
//! natively on an arena (`tests/heap.rs`); on wasm32 the pages are `memory.grow`'s.
#![allow(unsafe_code)]

use core::alloc::Layout;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// WebAssembly's page size.
pub const PAGE: usize = 64 * 1024;
/// Every block starts on this boundary, and every class size is a multiple of it.
pub const ALIGN: usize = 16;
/// Number of size classes: 16..=64 in steps of 16, then 4 per doubling up to 2 GiB.
pub const CLASSES: usize = 4 + 4 * 25;

/// Where new memory comes from.
pub trait Pages {
    /// Grows by `pages` pages; the address of the first new byte, or `None` when refused.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// The class that holds `size` bytes, or `None` when no class is that large.
pub fn class_of(size: usize) -> Option<usize> {
    if size <= 64 {
        return Some(size.saturating_sub(1) / 16);
    }
    // size in (2^k, 2^(k+1)], k >= 6; four classes of 2^(k-2) bytes each cover it.
    let k = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize;
    let step = 1usize << (k - 2);
    let m = (size - (1usize << k)).div_ceil(step); // 1..=4
    let class = 4 + (k - 6) * 4 + (m - 1);
    (class < CLASSES).then_some(class)
}

/// The block size of `class`.
pub fn class_size(class: usize) -> usize {
    if class < 4 {
        return (class + 1) * 16;
    }
    let k = 6 + (class - 4) / 4;
    let m = (class - 4) % 4 + 1;
    (1usize << k) + m * (1usize << (k - 2))
}

/// The heap: free-list heads per class, and the unused tail of the last pages taken.
pub struct Heap<P> {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
    pages: P,
}

impl<P: Pages> Heap<P> {
    pub const fn new(pages: P) -> Self {
        Heap { free: [0; CLASSES], next: 0, end: 0, pages }
    }

    /// Where the pages come from (tests read their counters).
    pub fn pages(&self) -> &P {
        &self.pages
    }

    /// Bytes taken from `Pages` so far that are not yet carved into blocks.
    pub fn tail(&self) -> usize {
        self.end - self.next
    }

    /// # Safety
    /// As `GlobalAlloc::alloc`.
    pub unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        if layout.align() > ALIGN {
            return null_mut();
        }
        let Some(class) = class_of(layout.size()) else { return null_mut() };
        if let Some(block) = self.pop(class) {
            return block as *mut u8;
        }
        self.carve(class)
    }

    /// A free block of `class`, off its list.
    fn pop(&mut self, class: usize) -> Option<usize> {
        let slot = self.free.get_mut(class)?;
        let head = *slot;
        if head == 0 {
            return None;
        }
        // SAFETY: `head` is a free block of this class; its first word links the next.
        *slot = unsafe { *(head as *const usize) };
        Some(head)
    }

    /// Pushes `[at, at + len)`, unused memory, as the largest class block that fits in it; the
    /// rest (under a quarter of it, a multiple of 16) is given up.
    fn give_back(&mut self, at: usize, len: usize) {
        let Some(class) = class_of(len) else { return };
        let class = if class_size(class) > len { class.wrapping_sub(1) } else { class };
        self.push(class, at);
    }

    /// Puts the free block at `at` on the list of `class`.
    fn push(&mut self, class: usize, at: usize) {
        if let Some(slot) = self.free.get_mut(class) {
            // SAFETY: the block is ours, unused, 16-aligned and at least 16 bytes long.
            unsafe { *(at as *mut usize) = *slot };
            *slot = at;
        }
    }

    fn carve(&mut self, class: usize) -> *mut u8 {
        let size = class_size(class);
        if self.end - self.next < size {
            // Before growing memory, a larger free block is split: what one storm's big events
            // freed serves the next one's smaller ones.
            if let Some((block, bigger)) = (class + 1..CLASSES).find_map(|c| self.pop(c).map(|b| (b, c))) {
                self.give_back(block + size, class_size(bigger) - size);
                return block as *mut u8;
            }
            let pages = (size - (self.end - self.next)).div_ceil(PAGE);
            let Some(base) = self.pages.grow(pages) else { return null_mut() };
            if base != self.end {
                // Not contiguous with our tail (something else grew memory): the tail is
                // left unused, and the new pages may be too few on their own.
                self.next = base;
                self.end = base + pages * PAGE;
                return self.carve(class);
            }
            self.end += pages * PAGE;
        }
        self.take(size)
    }

    fn take(&mut self, size: usize) -> *mut u8 {
        let block = self.next;
        self.next += size;
        block as *mut u8
    }

    /// # Safety
    /// As `GlobalAlloc::dealloc`.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = class_of(layout.size()) {
            self.push(class, ptr as usize);
        }
    }

    /// # Safety
    /// As `GlobalAlloc::realloc`.
    pub unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if class_of(layout.size()) == class_of(new_size) {
            return ptr; // still fits its block (and not a None class: `layout` was allocated)
        }
        // SAFETY: `layout.align()` was valid for the old block and `new_size` is nonzero.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as `GlobalAlloc::realloc`; the two blocks are distinct.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

/// A [`Heap`] usable as the `#[global_allocator]` of a single-threaded program.
pub struct SingleThreaded<P>(UnsafeCell<Heap<P>>);

impl<P: Pages> SingleThreaded<P> {
    /// # Safety
    /// The program must have one thread (wasm32 without the `atomics` feature has).
    pub const unsafe fn new(pages: P) -> Self {
        SingleThreaded(UnsafeCell::new(Heap::new(pages)))
    }
}

// SAFETY: see `SingleThreaded::new`: there is one thread, so no two calls overlap.
unsafe impl<P> Sync for SingleThreaded<P> {}

// SAFETY: `Heap` hands out distinct, suitably aligned blocks of at least the requested size.
unsafe impl<P: Pages> core::alloc::GlobalAlloc for SingleThreaded<P> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread, and an allocator never calls itself.
        unsafe { (*self.0.get()).alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { (*self.0.get()).dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        unsafe { (*self.0.get()).realloc(ptr, layout, new_size) }
    }
}

/// wasm32's linear memory, grown with `memory.grow`.
#[cfg(target_arch = "wasm32")]
pub struct WasmMemory;

#[cfg(target_arch = "wasm32")]
impl Pages for WasmMemory {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        let before = core::arch::wasm32::memory_grow(0, pages);
        (before != usize::MAX).then(|| before * PAGE)
    }
}
