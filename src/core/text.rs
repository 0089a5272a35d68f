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

#[cfg(test)]
mod tests {
    use super::*;

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
