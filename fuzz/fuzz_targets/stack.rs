//! The stack parser over arbitrary text: never panics, gives at most one frame per line,
//! and `cap` keeps the ends and reports what it removed.
#![no_main]

use faultline::core::event::{KEEP_INNER_FRAMES, KEEP_OUTER_FRAMES};
use faultline::core::stack::{cap, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let stack = String::from_utf8_lossy(data);
    let lines = stack.split('\n').count();
    let mut frames = parse(&stack);
    let parsed = frames.len();
    assert!(parsed <= lines, "{parsed} frames from {lines} lines");

    let (first, last) = (frames.first().cloned(), frames.last().cloned());
    let removed = cap(&mut frames, KEEP_INNER_FRAMES, KEEP_OUTER_FRAMES);
    assert_eq!(frames.len() + removed, parsed);
    assert!(frames.len() <= KEEP_INNER_FRAMES + KEEP_OUTER_FRAMES);
    assert_eq!(
        frames.first().cloned(),
        first,
        "cap keeps the innermost frame"
    );
    assert_eq!(
        frames.last().cloned(),
        last,
        "cap keeps the outermost frame"
    );
});
