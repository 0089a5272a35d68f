//! Opera 9-10 (Presto) backtrace lines, from `error.stacktrace` (Opera 10) and from the
//! `Backtrace:` part of `error.message` (Opera 9).
//!
//! Grammar, as described by TraceKit (`computeStackTraceFromOperaMultiLineMessage`) and
//! stacktrace.js (`error-stack-parser`, `parseOpera9`/`parseOpera10`), read 2026:
//!
//! ```text
//! line   = indent "Line " N " of " script [": In function " name]
//! script = "linked script " url / "inline#" K " script in " url / "function script" / ...
//! ```
//!
//! Each frame line is followed by a line of source code, which is skipped like any other
//! line that is not a frame. Only scripts with a URL give frames. The line of an inline
//! script counts from the start of that `<script>` element, not of the page, and there
//! is no column: neither can be recovered from the text.
//! Opera 11-12 print `name(arguments)@url:line` in `error.stack`: see `gecko.rs`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text;

use super::{frame, parse_decimal, Frame};

/// Reads one Presto backtrace line, or `None` when it is not one.
pub(super) fn parse_line(line: &str) -> Option<Frame> {
    // `  Line 42 of linked script http://a.test/app.js: In function render`
    // `  Line 3 of inline#1 script in http://a.test/index.html: In function run`
    // `  Line 7 of linked script http://a.test/app.js`
    let rest = text::trim(line).strip_prefix("Line ")?;
    let (digits, rest) = text::split_once(rest, " of ")?;
    let lineno = parse_decimal(digits)?;
    let (place, function) = match text::rsplit_once(rest, ": In function ") {
        Some((place, function)) => (place, function),
        None => (rest, ""),
    };
    let url = match place.strip_prefix("linked script ") {
        Some(url) => url,
        None => {
            let inline = place.strip_prefix("inline#")?;
            let (number, url) = text::split_once(inline, " script in ")?;
            parse_decimal(number)?;
            url
        }
    };
    if text::trim(url).is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some(frame(function, url, Some(lineno), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_linked_and_inline_scripts() {
        assert_eq!(
            parse_line("  Line 4 of linked script http://a.test/a.js: In function f"),
            Some(frame("f", "http://a.test/a.js", Some(4), None))
        );
        assert_eq!(
            parse_line("Line 2 of inline#3 script in http://a.test/: In function g"),
            Some(frame("g", "http://a.test/", Some(2), None))
        );
        assert_eq!(
            parse_line("Line 9 of linked script http://a.test/a.js"),
            Some(frame("", "http://a.test/a.js", Some(9), None))
        );
    }

    #[test]
    fn other_lines_are_not_frames() {
        for line in [
            "Line 1 of function script",
            "  Line x of linked script http://a.test/a.js",
            "Line 1 of inline#x script in http://a.test/",
            "Line 1 of linked script ",
            "Line 1 of linked script a b",
            "Backtrace:",
            "    foo(1);",
        ] {
            assert_eq!(parse_line(line), None, "{line}");
        }
    }
}
