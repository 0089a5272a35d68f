//! The wasm allocator (`src/heap.rs`), run natively on an arena: size classes are tight and
//! aligned, live blocks never overlap and keep their bytes, freed blocks are reused, and
//! refused growth or an unsupported alignment is a null pointer, never a crash.

mod common;

use std::alloc::Layout;

use common::Rng;
use faultline::heap::{class_of, class_size, Heap, Pages, ALIGN, CLASSES, PAGE};

/// Pages handed out from one big allocation, like `memory.grow`; `gap_every` skips a page
/// now and then (memory grown by someone else), `limit` refuses growth past it.
struct Arena {
    base: usize,
    used: usize,
    limit: usize,
    gap_every: usize,
    grows: usize,
}

impl Arena {
    fn new(limit_pages: usize, gap_every: usize) -> Arena {
        let layout = Layout::from_size_align(limit_pages * PAGE, PAGE).unwrap();
        // Leaked on purpose: a test process's lifetime.
        let base = unsafe { std::alloc::alloc_zeroed(layout) } as usize;
        assert_ne!(base, 0);
        Arena { base, used: 0, limit: limit_pages, gap_every, grows: 0 }
    }
}

impl Pages for Arena {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        self.grows += 1;
        if self.gap_every > 0 && self.grows % self.gap_every == 0 {
            self.used += 1;
        }
        if self.used + pages > self.limit {
            return None;
        }
        let at = self.base + self.used * PAGE;
        self.used += pages;
        Some(at)
    }
}

#[test]
fn classes_are_tight_aligned_and_ordered() {
    let mut sizes: Vec<usize> = (0..=70_000).collect();
    sizes.extend([786_432, 1 << 20, (1 << 20) + 1, 3 << 20, 1 << 30, (1 << 31) - 1]);
    let mut last = 0;
    for size in sizes {
        let class = class_of(size).unwrap();
        assert!(class < CLASSES);
        assert!(class >= last, "classes grow with sizes ({size})");
        last = class;
        let block = class_size(class);
        assert!(block >= size.max(1), "{size} fits class {class} ({block})");
        assert_eq!(block % ALIGN, 0, "class {class} keeps blocks aligned");
        if class > 0 {
            assert!(class_size(class - 1) < size, "{size} is in the smallest class that fits");
        }
        if size > 64 {
            assert!(block - size <= block / 4 + 1, "at most a quarter of {block} is slack for {size}");
        }
    }
    assert_eq!(class_of(usize::MAX), None);
    for class in 0..CLASSES {
        assert_eq!(class_of(class_size(class)), Some(class));
    }
}

/// Random allocations, frees and reallocations; after each step no two live blocks overlap
/// and every live block still holds the byte pattern written into it.
#[test]
fn live_blocks_never_overlap_and_keep_their_bytes() {
    for seed in 1..=6u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut heap = Heap::new(Arena::new(4096, if seed % 2 == 0 { 7 } else { 0 }));
        let mut live: Vec<(usize, usize, u8)> = Vec::new(); // (address, size, fill byte)
        let mut last_realloc = 0;
        for step in 0..2_000 {
            let op = rng.below(10);
            if op < 5 || live.is_empty() {
                let size = match rng.below(8) {
                    0 => rng.below(16) + 1,
                    1..=5 => rng.below(600) + 1,
                    6 if rng.chance(8) => rng.below(800_000) + 1,
                    _ => rng.below(70_000) + 1,
                };
                let align = *rng.pick(&[1, 2, 4, 8, 16]);
                let p = unsafe { heap.alloc(Layout::from_size_align(size, align).unwrap()) } as usize;
                assert_ne!(p, 0, "seed {seed} step {step}: {size} bytes");
                assert_eq!(p % ALIGN, 0);
                let fill = (step % 251) as u8;
                unsafe { std::ptr::write_bytes(p as *mut u8, fill, size) };
                live.push((p, size, fill));
            } else if op < 8 {
                let (p, size, fill) = live.swap_remove(rng.below(live.len()));
                check(p, size, fill);
                unsafe { heap.dealloc(p as *mut u8, Layout::from_size_align(size, 1).unwrap()) };
            } else {
                let i = rng.below(live.len());
                let (p, size, fill) = live[i];
                let most = if rng.chance(4) { 100_000 } else { 2 * size + 16 };
                let new_size = rng.below(most) + 1;
                let q = unsafe { heap.realloc(p as *mut u8, Layout::from_size_align(size, 1).unwrap(), new_size) } as usize;
                assert_ne!(q, 0);
                check(q, size.min(new_size), fill);
                unsafe { std::ptr::write_bytes(q as *mut u8, fill, new_size) };
                live[i] = (q, new_size, fill);
                last_realloc = i;
            }
            // The newest block (pushed, or replaced in place) against every other live one.
            if let Some(&(p, size, _)) = live.last().filter(|_| op < 5).or_else(|| (op >= 8).then(|| live.get(last_realloc)).flatten()) {
                for &(q, qsize, _) in live.iter().filter(|(q, _, _)| *q != p) {
                    assert!(p + size <= q || q + qsize <= p, "seed {seed} step {step}: blocks overlap");
                }
            }
        }
        for (p, size, fill) in live {
            check(p, size, fill);
        }
    }
}

fn check(p: usize, size: usize, fill: u8) {
    let bytes = unsafe { std::slice::from_raw_parts(p as *const u8, size) };
    assert!(bytes.iter().all(|b| *b == fill), "a live block was overwritten");
}

/// A storm's pattern (the same shapes allocated and freed again and again) grows memory
/// once, then runs on reused blocks.
#[test]
fn freed_blocks_are_reused() {
    let mut heap = Heap::new(Arena::new(1024, 0));
    let sizes = [24usize, 100, 3_000, 3_000, 40_000, 262_144, 786_432, 7];
    let cycle = |heap: &mut Heap<Arena>| {
        let blocks: Vec<(usize, Layout)> = sizes
            .iter()
            .map(|&s| {
                let layout = Layout::from_size_align(s, 8).unwrap();
                (unsafe { heap.alloc(layout) } as usize, layout)
            })
            .collect();
        for (p, layout) in blocks {
            unsafe { heap.dealloc(p as *mut u8, layout) };
        }
    };
    cycle(&mut heap);
    let (pages, tail) = (heap_pages(&heap), heap.tail());
    for _ in 0..1_000 {
        cycle(&mut heap);
    }
    assert_eq!((heap_pages(&heap), heap.tail()), (pages, tail), "no growth after the first cycle");
}

fn heap_pages(heap: &Heap<Arena>) -> usize {
    heap.pages().used
}

#[test]
fn refusals_are_null_pointers() {
    let mut heap = Heap::new(Arena::new(4, 0));
    let big = Layout::from_size_align(5 * PAGE, 8).unwrap();
    assert!(unsafe { heap.alloc(big) }.is_null(), "more than memory can grow to");
    let over_aligned = Layout::from_size_align(64, 32).unwrap();
    assert!(unsafe { heap.alloc(over_aligned) }.is_null(), "alignment above 16 is refused");
    // The heap still works after a refusal.
    let small = Layout::from_size_align(100, 8).unwrap();
    let p = unsafe { heap.alloc(small) };
    assert!(!p.is_null());
    let q = unsafe { heap.realloc(p, small, 6 * PAGE) };
    assert!(q.is_null(), "a realloc that cannot grow fails");
}

/// Memory freed in large blocks serves later, smaller requests without growing (a storm of
/// big events, then one of small ones).
#[test]
fn larger_free_blocks_serve_smaller_requests() {
    let mut heap = Heap::new(Arena::new(1024, 0));
    let big = Layout::from_size_align(60_000, 8).unwrap();
    let blocks: Vec<usize> = (0..64).map(|_| unsafe { heap.alloc(big) } as usize).collect();
    for &p in &blocks {
        unsafe { heap.dealloc(p as *mut u8, big) };
    }
    let pages = heap_pages(&heap);
    let tail = heap.tail();
    // 64 blocks of 64 KiB freed: room for well over 500 blocks of 3,000 bytes.
    let small = Layout::from_size_align(3_000, 8).unwrap();
    let mut live = Vec::new();
    for i in 0..500 {
        let p = unsafe { heap.alloc(small) } as usize;
        assert_ne!(p, 0);
        assert_eq!(p % ALIGN, 0);
        unsafe { std::ptr::write_bytes(p as *mut u8, (i % 251) as u8, 3_000) };
        live.push((p, (i % 251) as u8));
    }
    // Fresh tail memory is used first; beyond it, only the freed blocks.
    assert_eq!(heap_pages(&heap), pages, "no growth while larger free blocks remain");
    assert!(heap.tail() <= tail);
    for (p, fill) in live {
        check(p, 3_000, fill);
    }
}
