//! JavaScriptCore stack lines: Safari, and every iOS browser.
//!
//! Grammar, from JSC's `StackFrame::toString` (`Source/JavaScriptCore/runtime/StackFrame.cpp`),
//! read 2025:
//!
//! ```text
//! line = [function "@"] source [":" line ":" col]
//! ```
//!
//! `source` is the script URL, `[native code]` for built-ins, or empty (eval'd code
//! has no URL). Function names are kept as printed: `global code`, `eval code`,
//! `module code`. The common `fn@url:line:col` shape is the same as Firefox's and is
//! read by `gecko.rs`, which `parse` tries first; this file adds the shapes only
//! JavaScriptCore prints.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text;

use super::{frame, looks_like_header, split_at_sign, split_line_col, starts_with_url, Frame};

const NATIVE: &str = "[native code]";

/// Reads one JavaScriptCore line, or `None` when it is not one.
pub(super) fn parse_line(line: &str) -> Option<Frame> {
    let line = text::trim(line);

    // `[native code]` (Safari < 10 printed no function for built-ins)
    if line == NATIVE {
        return Some(frame("", NATIVE, None, None));
    }

    // An `@` inside a URL (`https://user@a.test/app.js:1:2`) is not a separator.
    let (function, loc) = match split_at_sign(line) {
        Some((function, loc)) if !starts_with_url(function) => (function, loc),
        _ => return bare_location(line),
    };
    if looks_like_header(function) {
        return None;
    }
    let loc = text::trim(loc);

    // `map@[native code]`
    if loc == NATIVE {
        return Some(frame(function, NATIVE, None, None));
    }

    // `eval code@`, `promiseReactionJob@`: no source URL
    if loc.is_empty() {
        return (!text::trim(function).is_empty()).then(|| frame(function, "", None, None));
    }

    // `handler@https://a.test/app.js`: a URL with no line information
    if split_line_col(loc).is_none() && (text::contains(loc, "://") || loc.starts_with('/')) {
        return Some(frame(function, loc, None, None));
    }
    None
}

/// `https://a.test/app.js:10:5` alone on a line (Safari 6-7, some iOS webviews).
/// The whole line must be one location: no spaces, a path-like file, a line number.
fn bare_location(line: &str) -> Option<Frame> {
    if text::has_whitespace(line) || !line.bytes().any(|b| b == b'/' || b == b'.') {
        return None;
    }
    let (file, line, col) = split_line_col(line)?;
    if file.is_empty() || line.is_none() {
        return None;
    }
    Some(frame("", file, line, col))
}
