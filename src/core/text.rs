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

/// [`bounded`] for a `String` already owned: kept as it is (no copy) when within bounds.
pub fn bounded_owned(s: String, max_bytes: usize) -> String {
    if s.len() <= max_bytes {
        s
    } else {
        bounded(&s, max_bytes)
    }
}

// Substring search by hand. `str::find(&str)` and friends use core's two-way `StrSearcher`,
// whose checks link `core::fmt` panic formatting into the wasm (~8 KB with the Unicode tables
// it drags in). Needles here are a few bytes: scan for the first byte, then compare the rest
// byte by byte (a slice `==` per position is a `memcmp` call per byte, which profiled as a
// third of the stack parser's time). A match of a UTF-8 needle always starts on a char
// boundary, so the splits below are exact.

/// Whether `needle` occurs in `hay` at byte `at`.
fn matches_at(hay: &[u8], at: usize, needle: &[u8]) -> bool {
    hay.get(at..).is_some_and(|rest| rest.len() >= needle.len() && rest.iter().zip(needle).all(|(a, b)| a == b))
}

/// Byte offset of the first occurrence of `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return Some(0) };
    let last = h.len().checked_sub(n.len())?;
    h.iter().take(last + 1).enumerate().find(|&(at, &b)| b == first && matches_at(h, at, n)).map(|(at, _)| at)
}

/// Byte offset of the last occurrence of `needle` in `hay`.
pub fn rfind(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return Some(hay.len()) };
    let last = h.len().checked_sub(n.len())?;
    h.iter().take(last + 1).enumerate().rev().find(|&(at, &b)| b == first && matches_at(h, at, n)).map(|(at, _)| at)
}

/// The ASCII characters Unicode calls White_Space (`u8::is_ascii_whitespace` leaves out U+000B).
fn is_space(c: &u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// `s.trim()`, fast for the usual ASCII ends: Unicode whitespace is looked for only when an
/// end, after its ASCII whitespace, is not ASCII. (By hand rather than `str::trim`, whose
/// pattern searchers are half a kilobyte of the wasm.)
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// `s.trim_start()`, as [`trim`].
pub fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|c| !is_space(c)).unwrap_or(b.len());
    let t = s.get(start..).unwrap_or("");
    if t.as_bytes().first().is_some_and(|f| !f.is_ascii()) {
        let start = t.char_indices().find(|(_, c)| !c.is_whitespace()).map_or(t.len(), |(i, _)| i);
        t.get(start..).unwrap_or("")
    } else {
        t
    }
}

/// `s.trim_end()`, as [`trim`].
pub fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let end = b.iter().rposition(|c| !is_space(c)).map_or(0, |i| i + 1);
    let t = s.get(..end).unwrap_or("");
    if t.as_bytes().last().is_some_and(|l| !l.is_ascii()) {
        let end = t.char_indices().rev().find(|(_, c)| !c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        t.get(..end).unwrap_or("")
    } else {
        t
    }
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

/// `hay.split(sep)` for an ASCII separator, without core's `CharSearcher` (its `memchr`
/// slicing links panic formatting, and the searcher is 1 KB of the wasm on its own).
pub fn split(hay: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(hay), sep }
}

/// The pieces of [`split`].
pub struct Split<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == self.sep) {
            // An ASCII byte is always a char boundary.
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Whether `s` holds any character Unicode calls White_Space (`char::is_whitespace`).
pub fn has_whitespace(s: &str) -> bool {
    s.bytes().any(|b| is_space(&b)) || (!s.is_ascii() && s.chars().any(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_agree_with_std() {
        for h in ["", " ", "\u{b}x\u{c}", "  \t x \r\n", "\u{a0} x \u{2003}", " é ", "\u{3000}", " \u{85}", "é", "x\u{a0} ", "\u{feff}x"] {
            assert_eq!(trim(h), h.trim(), "trim({h:?})");
            assert_eq!(trim_start(h), h.trim_start(), "trim_start({h:?})");
            assert_eq!(trim_end(h), h.trim_end(), "trim_end({h:?})");
        }
    }

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
                assert_eq!(trim(h), h.trim());
                assert_eq!(trim_start(h), h.trim_start());
            }
        }
    }

    #[test]
    fn split_and_whitespace_agree_with_std() {
        let hays = ["", ",", "a", "a,b", ",a,,b,", "é,ü", "\n\nx\r\n", " \u{a0}", "x\u{2003}y", "\u{85}"];
        for h in hays {
            for sep in [b',', b'\n', b':'] {
                let ours: Vec<&str> = split(h, sep).collect();
                let std: Vec<&str> = h.split(char::from(sep)).collect();
                assert_eq!(ours, std, "split({h:?}, {sep})");
            }
            assert_eq!(has_whitespace(h), h.contains(char::is_whitespace), "has_whitespace({h:?})");
        }
    }

    #[test]
    fn short_strings_pass_through() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded_owned(String::from("abcdef"), 6), "abcdef");
        assert_eq!(bounded_owned(String::from("abcdefgh"), 6), bounded("abcdefgh", 6));
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
