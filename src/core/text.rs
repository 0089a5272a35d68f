//! Bounding strings before they are sent.
//!
//! Every string that reaches an event passes through [`bounded`]: a 5 MB message must still
//! produce an event far below the collector's 1 MiB limit, truncated rather than dropped.

#[allow(unused_imports)]
use crate::prelude::*;

/// The suffix that marks a truncated value.
pub const ELLIPSIS: &str = "\u{2026}";

/// `s` cut to at most `max_bytes` bytes (on a char boundary), with `…` appended when cut.
pub fn bounded(s: &str, max_bytes: usize) -> String {
    if s.len() <= max_bytes {
        return s.to_string();
    }
    let mut end = max_bytes.saturating_sub(ELLIPSIS.len());
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + ELLIPSIS.len());
    out.push_str(s.get(..end).unwrap_or(""));
    out.push_str(ELLIPSIS);
    out
}

// Substring search by hand. `str::find(&str)` and friends use core's two-way `StrSearcher`,
// whose checks link `core::fmt` panic formatting into the wasm (~8 KB with the Unicode tables
// it drags in). Needles here are a few bytes, so a byte-window scan is as fast in practice.
// A match of a UTF-8 needle always starts on a char boundary, so the splits below are exact.

/// Byte offset of the first occurrence of `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(needle.len()).position(|w| w == needle.as_bytes())
}

/// Byte offset of the last occurrence of `needle` in `hay`.
pub fn rfind(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.as_bytes().windows(needle.len()).rposition(|w| w == needle.as_bytes())
}

pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay.split_once(needle)` without the two-way searcher.
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let i = find(hay, needle)?;
    Some((hay.get(..i)?, hay.get(i + needle.len()..)?))
}

/// `hay.rsplit_once(needle)` without the two-way searcher.
pub fn rsplit_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let i = rfind(hay, needle)?;
    Some((hay.get(..i)?, hay.get(i + needle.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_search_agrees_with_std() {
        let hays = ["", "a", "at f (x) (y)", "ü: ü: ü", "a, b, c", ", ,", "x [as y]", "é:wasm-function[1]:0x2"];
        let needles = ["", " (", ", ", ": ", "ü", "[as ", ":wasm-function[", "zz", "a"];
        for h in hays {
            for n in needles {
                assert_eq!(find(h, n), h.find(n), "find({h:?}, {n:?})");
                assert_eq!(rfind(h, n), h.rfind(n), "rfind({h:?}, {n:?})");
                assert_eq!(split_once(h, n), h.split_once(n), "split_once({h:?}, {n:?})");
                assert_eq!(rsplit_once(h, n), h.rsplit_once(n), "rsplit_once({h:?}, {n:?})");
                assert_eq!(contains(h, n), h.contains(n));
            }
        }
    }

    #[test]
    fn short_strings_pass_through() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded("", 0), "");
    }

    #[test]
    fn long_strings_are_cut_on_a_char_boundary_and_marked() {
        let s = "ééééé"; // 10 bytes
        let b = bounded(s, 8);
        assert!(b.len() <= 8);
        assert_eq!(b, "éé\u{2026}");
        let huge = "x".repeat(5_000_000);
        assert_eq!(bounded(&huge, 100).len(), 100);
    }
}
