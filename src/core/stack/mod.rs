//! JavaScript stack trace parsing: the text of `Error.prototype.stack` in, [`Frame`]s out.
//!
//! There is no standard for `error.stack`; each engine prints its own format. This
//! module reads the three that browsers ship, and the older ones still met in the wild,
//! one file per family, each with the real line shapes it handles quoted above the rule
//! that handles them:
//!
//! - `chromium.rs`: V8 (Chrome, Edge, Node, Electron, Opera 15+): `    at fn (url:line:col)`.
//!   Grammar read from V8's `SerializeJSStackFrame` and `FormatEvalOrigin`
//!   (`src/objects/call-site-info.cc`, `src/execution/messages.cc`, 2025). Also Chakra
//!   (IE 10-11, Edge 12-18) and Hermes (React Native), which print the same shape.
//! - `gecko.rs`: SpiderMonkey (Firefox): `fn@url:line:col`, `url line N > eval:1:5`; and
//!   Opera 11-12's `fn(arguments)@url:line`.
//! - `webkit.rs`: JavaScriptCore (Safari, every iOS browser, React Native on iOS):
//!   `fn@url:line:col`, `map@[native code]`, `eval code@`, bare `url:line:col`.
//! - `presto.rs`: Opera 9-10: `  Line 42 of linked script url: In function fn`.
//!
//! ```
//! use faultline::core::stack::{parse, Frame};
//! let frames = parse("TypeError: x is undefined\n    at load (https://a.test/app.js:10:5)");
//! assert_eq!(frames, vec![Frame {
//!     function: Some("load".into()),
//!     filename: Some("https://a.test/app.js".into()),
//!     lineno: Some(10),
//!     colno: Some(5),
//! }]);
//! ```
//!
//! # How a stack is read
//!
//! The stack is split into lines (`\n`, with a trailing `\r` dropped). If any line is a
//! V8 frame (it starts with `at ` after its indent and has a V8 location), the stack
//! is V8's and only V8 frames are kept: the other lines are the `Name: message` header,
//! which may span lines (when the message is known, [`strip_header`] removes it first,
//! so a message line shaped like a frame is not read as one). Otherwise each line is
//! tried as an Opera 9-10 frame, then a Firefox one, then a Safari one. A line that
//! matches nothing is skipped, so each line gives at most one frame. Each line is
//! scanned a bounded number of times, so parsing is linear in the length of the stack.
//!
//! # Conventions (the reference SDK's, sentry-javascript `stack-parsers.ts`)
//!
//! - `function` is the name as printed, trimmed; `None` only when it is empty. V8's
//!   `async ` prefix and ` [as alias]` suffix are dropped; `new Foo`, `get size`,
//!   `Object.<anonymous>`, `<static_initializer>`, Firefox's `fn/<` and `async*fn`,
//!   Safari's `global code`, Chakra's `Anonymous function` and Opera's
//!   `<anonymous function: name>` are kept as printed. Names can hold anything a string
//!   can (`weird (name)`, `on@click`): computed and `Object.defineProperty`'d names.
//!   Opera 11-12's argument lists are dropped, and JavaScriptCore's `(null)` for an
//!   unnamed wasm function is `None`.
//! - Eval frames point at the `eval()` call in the real script: V8's innermost
//!   `eval at outer (url:line:col)` (with its column); Firefox's `url line N > eval` gives
//!   `url` and line `N`, column `None`. The function is as printed (`eval`). Code with a
//!   `//# sourceURL=` comment is printed (by V8 and Firefox) at that URL instead.
//! - Native frames (`native`, `native code`, `<anonymous>`, `index 0`, `[native code]`)
//!   keep that text as the filename, with no line or column. Safari's eval'd code
//!   (`eval code@`) has no location at all; Chakra's keeps `eval code` as filename, with
//!   the position inside the eval'd code (Chakra prints no call site).
//! - wasm frames: the filename is the module URL before `:wasm-function[`, `lineno` is
//!   `None` and `colno` is the byte offset (the hex after `0x`) as a number. A Firefox
//!   module compiled from eval'd code drops the ` line N > ...` part; Safari prints
//!   `<?>` and no offset. Hermes' `address at file:1:offset` keeps line 1 and the
//!   bytecode offset as column.
//! - Line and column are decimal digits; a number that does not fit `u32` is `None`.
//!
//! Fixtures captured from Chromium, Firefox and WebKitGTK by `tests/capture/capture.mjs`,
//! and hand-written ones for the older formats, are in `tests/fixtures/stacks/`.
//!
//! # Left out
//!
//! Source-map resolution (done by the collector); Firefox <= 3's argument values that
//! hold parentheses inside strings; positions that an engine prints but that are not the
//! position in the document (inline event handlers, Opera's inline scripts), which no
//! parser can correct from the text alone. V8's format is ambiguous when a function name
//! and a location both contain ` (`: see `split_name_location` in `chromium.rs`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text;

mod chromium;
mod gecko;
mod presto;
mod webkit;

/// One stack frame as the engine printed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    pub function: Option<String>,
    pub filename: Option<String>,
    pub lineno: Option<u32>,
    pub colno: Option<u32>,
}

/// Parses `stack` into frames, innermost first (the order they appear in the string).
///
/// Never fails: lines that are not frames are skipped. Returns at most one frame per line.
pub fn parse(stack: &str) -> Vec<Frame> {
    let mut frames: Vec<Frame> = lines(stack).filter_map(chromium::parse_line).collect();
    if frames.is_empty() {
        frames = lines(stack)
            .filter_map(|line| {
                presto::parse_line(line)
                    .or_else(|| gecko::parse_line(line))
                    .or_else(|| webkit::parse_line(line))
            })
            .collect();
    }
    frames
}

/// Shortens a long trace in place (innermost-first input): keeps the first `keep_inner`
/// and the last `keep_outer` frames, returns how many were removed.
pub fn cap(frames: &mut Vec<Frame>, keep_inner: usize, keep_outer: usize) -> usize {
    // Remove `keep_inner..end`; nothing when the two kept ends already cover it all.
    let end = frames.len().saturating_sub(keep_outer);
    let removed = end.saturating_sub(keep_inner);
    if removed > 0 {
        // `retain` by position rather than `drain(range)`, whose range check links panic
        // formatting into the wasm.
        let mut i = 0;
        frames.retain(|_| {
            let keep = i < keep_inner || i >= end;
            i += 1;
            keep
        });
    }
    removed
}

/// Returns `stack` without the `Name: message` header V8 puts first, when it is there.
///
/// V8's header is the error's `toString()` at construction: `name: message`, or `name`
/// alone when the message is empty. A multi-line message can hold lines that look like
/// frames (`    at fn (x.js:1:2)`); removing the header first keeps them out. The name
/// V8 printed can differ from the current `name` (a subclass that sets `this.name` after
/// `super()`), so with a message any one-word name is accepted. Firefox and Safari
/// stacks have no header and come back unchanged.
pub fn strip_header<'a>(stack: &'a str, name: &str, message: &str) -> &'a str {
    let rest = if message.is_empty() {
        if name.is_empty() {
            None
        } else {
            stack.strip_prefix(name)
        }
    } else {
        let body = match text::split_once(stack, ": ") {
            Some((word, body)) if !word.is_empty() && !text::has_whitespace(word) => body,
            _ => stack,
        };
        body.strip_prefix(message)
            .or_else(|| stack.strip_prefix(message))
    };
    match rest {
        Some(rest) if rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n") => rest,
        _ => stack,
    }
}

/// The lines of `stack`, split at `\n`, without a trailing `\r`.
fn lines(stack: &str) -> impl Iterator<Item = &str> {
    text::split(stack, b'\n').map(|line| line.strip_suffix('\r').unwrap_or(line))
}

/// Builds a frame; empty (after trimming) function and filename become `None`.
fn frame(function: &str, filename: &str, lineno: Option<u32>, colno: Option<u32>) -> Frame {
    Frame {
        function: non_empty(function),
        filename: non_empty(filename),
        lineno,
        colno,
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text::trim(text);
    if text.is_empty() {
        None
    } else {
        Some(text.to_owned())
    }
}

/// Splits a trailing `:line:col` or `:line` off a location:
/// `https://a.test/app.js:10:5` gives `("https://a.test/app.js", Some(10), Some(5))`.
/// `None` when the location does not end in `:digits`. A number too large for `u32`
/// is still split off, as `None`.
fn split_line_col(loc: &str) -> Option<(&str, Option<u32>, Option<u32>)> {
    let (head, last) = split_trailing_number(loc)?;
    Some(match split_trailing_number(head) {
        Some((file, line)) => (file, line, last),
        None => (head, last, None),
    })
}

/// `"x.js:12"` gives `("x.js", Some(12))`.
fn split_trailing_number(text: &str) -> Option<(&str, Option<u32>)> {
    let split = text.as_bytes().iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |i| i + 1);
    let (head, digits) = (text.get(..split)?, text.get(split..)?);
    if digits.is_empty() {
        return None;
    }
    Some((head.strip_suffix(':')?, parse_decimal(digits)))
}

/// Splits a wasm location: `wasm://wasm/abc123:wasm-function[1]:0x42` (V8) or
/// `https://a.test/m.wasm:wasm-function[3]:0x1a` (Firefox) gives the module URL and
/// the byte offset (`0x42`), which becomes the column.
fn split_wasm(loc: &str) -> Option<(&str, Option<u32>)> {
    let (module, rest) = text::split_once(loc, ":wasm-function[")?;
    let offset = text::split_once(rest, "]:0x").and_then(|(_, hex)| parse_hex(text::trim_end(hex)));
    Some((module, offset))
}

/// Parses ASCII decimal digits; `None` for anything else or a value over `u32::MAX`.
fn parse_decimal(digits: &str) -> Option<u32> {
    parse_radix(digits, 10)
}

fn parse_hex(digits: &str) -> Option<u32> {
    parse_radix(digits, 16)
}

fn parse_radix(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for b in digits.bytes() {
        // Bytes, not chars: a non-ASCII byte is never a digit, and no UTF-8 decoding per digit.
        let digit = char::from(b).to_digit(radix)?;
        value = value.checked_mul(radix)?.checked_add(digit)?;
    }
    Some(value)
}

/// Splits a Firefox/Safari `function@location` line at the `@` that starts the
/// location. Function names and URLs can both hold `@`
/// (`fn@https://cdn.test/npm/lib@1.2.0/x.js:1:2`), so this takes the first `@` that is
/// followed by something shaped like a location (a URL scheme, `/`, `[native code]`,
/// `debugger eval code`); else the last `@` followed by a place with no `@` that ends in a
/// position (`obj["@fn"]@Scratchpad/1:10:29`, Firefox 43); else the first `@`.
fn split_at_sign(line: &str) -> Option<(&str, &str)> {
    let mut first = None;
    let mut positioned = None;
    for at in line.bytes().enumerate().filter(|&(_, b)| b == b'@').map(|(at, _)| at) {
        let function = line.get(..at)?;
        let loc = line.get(at.saturating_add(1)..)?;
        if looks_like_location(loc) {
            return Some((function, loc));
        }
        if first.is_none() {
            first = Some((function, loc));
        }
        if !loc.as_bytes().contains(&b'@') && split_line_col(loc).is_some_and(|(file, line, _)| !file.is_empty() && line.is_some()) {
            positioned = Some((function, loc));
        }
    }
    positioned.or(first)
}

/// Whether `text` starts like a location: `/`, `[native code]`, `<`, `debugger eval
/// code`, or a URI scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`, RFC 3986
/// §3.1), the scheme read for at most 40 characters.
fn looks_like_location(text: &str) -> bool {
    if matches!(text.as_bytes().first(), Some(b'/' | b'[' | b'<')) || text.starts_with("debugger eval code") {
        return true;
    }
    let mut chars = text.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars.take(40) {
        if c == ':' {
            return true;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return false;
        }
    }
    false
}

/// A `Name: message` header line is never a frame; Firefox and Safari never print
/// `": "` inside a function name (Opera's `<anonymous function: run>` is in brackets).
fn looks_like_header(function: &str) -> bool {
    text::contains(function, ": ") && !function.starts_with('<')
}

/// Whether `text` starts with `scheme://` (the scheme as in [`looks_like_location`]):
/// `https://user@a.test/app.js:1:2` split at its `@` gives a "function" that is really
/// the start of a URL.
fn starts_with_url(text: &str) -> bool {
    let mut chars = text.char_indices();
    if !chars.next().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
        return false;
    }
    for (at, c) in chars.take(40) {
        if c == ':' {
            return text.get(at..).is_some_and(|rest| rest.starts_with("://"));
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_line_col_takes_up_to_two_numbers() {
        assert_eq!(split_line_col("a.js:1:2"), Some(("a.js", Some(1), Some(2))));
        assert_eq!(split_line_col("a.js:7"), Some(("a.js", Some(7), None)));
        assert_eq!(
            split_line_col("http://h:80/a.js:3"),
            Some(("http://h:80/a.js", Some(3), None))
        );
        assert_eq!(split_line_col("a.js"), None);
        assert_eq!(split_line_col("a.js:"), None);
        assert_eq!(split_line_col("a.js:x1"), None);
    }

    #[test]
    fn out_of_range_numbers_are_none() {
        assert_eq!(parse_decimal("4294967295"), Some(u32::MAX));
        assert_eq!(parse_decimal("4294967296"), None);
        assert_eq!(parse_decimal("99999999999999999999999"), None);
        assert_eq!(
            split_line_col("a.js:99999999999:1"),
            Some(("a.js", None, Some(1)))
        );
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("１"), None);
    }

    #[test]
    fn wasm_offset_is_hex() {
        assert_eq!(
            split_wasm("wasm://wasm/ab:wasm-function[1]:0x42"),
            Some(("wasm://wasm/ab", Some(0x42)))
        );
        assert_eq!(
            split_wasm("m.wasm:wasm-function[1]"),
            Some(("m.wasm", None))
        );
        assert_eq!(
            split_wasm("m.wasm:wasm-function[1]:0xffffffffff"),
            Some(("m.wasm", None))
        );
    }

    #[test]
    fn at_sign_prefers_the_one_before_a_url() {
        assert_eq!(
            split_at_sign("f@https://c.test/lib@1/x.js:1:2"),
            Some(("f", "https://c.test/lib@1/x.js:1:2"))
        );
        assert_eq!(split_at_sign("a@b@c"), Some(("a", "b@c")));
        assert_eq!(split_at_sign("obj[\"@fn\"]@Scratchpad/1:10:29"), Some(("obj[\"@fn\"]", "Scratchpad/1:10:29")));
        assert_eq!(split_at_sign("f@a.js:1:2"), Some(("f", "a.js:1:2")));
        assert_eq!(split_at_sign("abc"), None);
    }

    #[test]
    fn strip_header_removes_multiline_message() {
        let stack = "Error: one\n    at two (x.js:1:2)\n    at f (a.js:1:2)";
        assert_eq!(
            strip_header(stack, "Error", "one\n    at two (x.js:1:2)"),
            "\n    at f (a.js:1:2)"
        );
        assert_eq!(
            strip_header(stack, "MyError", "one\n    at two (x.js:1:2)"),
            "\n    at f (a.js:1:2)"
        );
        assert_eq!(
            strip_header("Error\n    at f (a.js:1:2)", "Error", ""),
            "\n    at f (a.js:1:2)"
        );
        assert_eq!(strip_header("f@a.js:1:2", "Error", "boom"), "f@a.js:1:2");
        assert_eq!(
            strip_header("Error: boomer\n", "Error", "boom"),
            "Error: boomer\n"
        );
    }
}
