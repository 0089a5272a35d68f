//! V8 stack lines: Chrome, Edge (79+), Node, Electron, Opera 15+; and the engines that
//! print the same `at fn (location)` shape: Chakra (IE 10-11, Edge 12-18) and Hermes
//! (React Native).
//!
//! Grammar, from V8's `SerializeJSStackFrame` (`src/objects/call-site-info.cc`) and
//! `FormatEvalOrigin` (`src/execution/messages.cc`), read 2025:
//!
//! ```text
//! line     = indent "at " ["async "] (function " (" location ")" / location)
//! function = ["new "] name [" [as " alias "]"]      ; e.g. "Object.<anonymous>"
//! location = eval-origin ", " place / place / "native" / "index " N / wasm
//! place    = url [":" line [":" col]] / "<anonymous>"
//! eval-origin = "eval at " name " (" (eval-origin / url ":" line ":" col / "unknown source") ")"
//! wasm     = url ":wasm-function[" index "]:0x" hex-offset
//! ```
//!
//! The function name is printed only when it is not empty, so `at url:1:2` has none.
//! A name is any string a function can be given (`weird (name)`, `on@click`), so the
//! ` (` that starts the location is chosen with care, see [`split_name_location`].
//! The stack starts with the `Name: message` header, which can span lines; only lines
//! that start with `at ` and end in a location are frames, so a message that contains
//! ` at ` is not read as one.
//!
//! The other engines, from their public descriptions (fixtures in
//! `tests/fixtures/stacks/legacy/`):
//! - Chakra indents by three spaces, names anonymous functions `Anonymous function`,
//!   top-level code `Global code`, and prints `(native code)`, `(eval code:1:1)` and
//!   `(Function code:1:1)` for built-ins, eval'd and `new Function` code (kept as the
//!   filename, like V8's `<anonymous>`).
//! - Hermes prints `(native)` for built-ins and, for bytecode without debug information,
//!   `(address at index.android.bundle:1:9)`: line 1 and the bytecode offset as column.
//! - Chrome 109 marked await continuations inside the parentheses: `(async url:1:2)`.
//! - Stacks re-printed by tools (and some React Native and webpack eval builds) drop the
//!   space: `at name(location)`; read when the name is one word. Sentry's tracekit tests and
//!   error-stack-parser's fixtures show these shapes.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text;

use super::{frame, looks_like_location, split_line_col, split_wasm, Frame};

/// Reads one V8 line, or `None` when it is not a V8 frame.
pub(super) fn parse_line(line: &str) -> Option<Frame> {
    let rest = text::trim_start(text::trim(line).strip_prefix("at ")?);
    // `    at async Promise.all (index 0)`, `    at async http://a.test/app.js:3:9`:
    // `async ` marks an await continuation; the function is what follows.
    let rest = match rest.strip_prefix("async ") {
        Some(after) if !after.starts_with('(') => after,
        _ => rest,
    };

    // `    at handler (https://a.test/app.js:10:5)`
    // `    at new Widget (https://a.test/w.js:4:11)`
    // `    at Object.<anonymous> (/srv/app/index.js:1:7)`
    // `    at Timeout.tick [as _onTimeout] (/srv/app/t.js:8:3)`
    // `    at Array.map (<anonymous>)`
    // `    at eval (eval at run (https://a.test/app.js:10:5), <anonymous>:1:7)`
    // `    at weird (name) (http://127.0.0.1:47811/cases/names.js:12:34)` (a computed name)
    if rest.ends_with(')') && !rest.starts_with("eval at ") {
        if let Some(f) = split_name_location(rest).and_then(|(function, loc)| located(without_alias(text::trim(function)), loc, true)) {
            return Some(f);
        }
        // `    at Object.onPress(index.android.bundle:2342:3773)`: no space before `(`.
        // V8 never prints this, but stacks that tools re-format, and some React Native and
        // webpack eval builds, do. Only a name without spaces qualifies.
        if let Some(f) = split_unspaced(rest).and_then(|(function, loc)| located(function, loc, true)) {
            return Some(f);
        }
        if text::contains(rest, " (") {
            return None;
        }
    }

    // `    at https://a.test/app.js:10:5`
    // `    at <anonymous>:1:5`
    // `    at wasm://wasm/8c2f9b3e:wasm-function[1]:0x42`
    // `    at eval at run (https://a.test/app.js:10:5), <anonymous>:1:20`
    located("", rest, false)
}

/// Splits `name (location)` (the whole rest of the line, ending in `)`) into the name and
/// the location inside the parentheses.
///
/// Both sides can hold ` (`: computed and `Object.defineProperty`'d names
/// (`    at s (x) (http://127.0.0.1:47811/cases/names.js:19:39)`), and locations that are
/// raw paths or data: URLs (`    at f (C:\\Program Files (x86)\\app\\main.js:1:2)`,
/// `    at fromData (data:text/javascript,function fromData() {%0A...:2:19)`). The split
/// is at the first ` (` where the name before it has balanced parentheses, and the
/// remainder starts like a location and never closes a parenthesis it did not open (so
/// `x (http://evil.test/a.js:1:2) (url:1:2)`, a name that looks like a location, still
/// splits before `url`). When no ` (` qualifies, at the first one. The format itself is
/// ambiguous when a name and a location both break these rules; this keeps the reading
/// every captured stack needs. Linear: one forward pass for the depths, one backward
/// pass that tracks the lowest depth to the right of each position.
fn split_name_location(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_suffix(')')?;
    let bytes = inner.as_bytes();
    let step = |b: &u8| match b {
        b'(' => 1isize,
        b')' => -1,
        _ => 0,
    };
    // `depth` is the parenthesis depth before byte `at`, counted from the start.
    let mut depth: isize = 0;
    let mut first_negative = bytes.len();
    for (at, byte) in bytes.iter().enumerate() {
        depth += step(byte);
        if depth < 0 && first_negative == bytes.len() {
            first_negative = at;
        }
    }
    // Backwards, `lowest` is the least depth at or after `at`: the remainder starting at
    // `at` closes nothing it did not open exactly when `lowest == depth` there. The name
    // before ` (` is balanced when the depth after the `(` is 1 and never went negative.
    let mut lowest = depth;
    let mut chosen = None;
    for (at, byte) in bytes.iter().enumerate().rev() {
        depth -= step(byte);
        lowest = lowest.min(depth);
        let name_end = at.saturating_sub(2);
        let opens = at >= 2 && bytes.get(name_end) == Some(&b' ') && bytes.get(name_end + 1) == Some(&b'(');
        let balanced = depth == 1 && lowest == depth && name_end <= first_negative;
        if opens && balanced && inner.get(at..).is_some_and(starts_like_location) {
            chosen = Some(at);
        }
    }
    match chosen {
        Some(at) => Some((inner.get(..at.saturating_sub(2))?, inner.get(at..)?)),
        None => text::split_once(inner, " ("),
    }
}

/// Splits `name(location)` at the `(` that the final `)` closes (so a location may hold
/// balanced parentheses of its own), when the name, without a ` [as alias]` and a `new `,
/// is one word.
fn split_unspaced(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_suffix(')')?;
    let mut depth = 1usize;
    let open = inner.bytes().enumerate().rev().find_map(|(at, b)| {
        match b {
            b')' => depth += 1,
            b'(' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(at)
    })?;
    let function = without_alias(text::trim(inner.get(..open)?));
    let word = function.strip_prefix("new ").unwrap_or(function);
    if word.is_empty() || text::has_whitespace(word) {
        return None;
    }
    Some((function, inner.get(open + 1..)?))
}

/// What V8 (and the engines that copied its format) put inside the parentheses: a URL or
/// path, or one of the words for a position without a script.
fn starts_like_location(loc: &str) -> bool {
    looks_like_location(loc)
        || [
            "native",
            "eval at ",
            "index ",
            "address at ",
            "unknown location",
            "eval code",
            "Function code",
        ]
        .iter()
        .any(|word| loc.starts_with(word))
}

/// `Timeout.tick [as _onTimeout]` gives `Timeout.tick`.
fn without_alias(function: &str) -> &str {
    function
        .strip_suffix(']')
        .and_then(|inner| text::rfind(inner, " [as "))
        .and_then(|at| function.get(..at))
        .unwrap_or(function)
}

/// Reads what V8 printed as the location (inside the parentheses when `in_parens`).
fn located(function: &str, loc: &str, in_parens: bool) -> Option<Frame> {
    let loc = text::trim(loc);
    // `    at fn (address at index.android.bundle:1:2)` (Hermes bytecode: the column is
    // the bytecode offset); `    at Object.callback (async http://a.test/:25:7)` (Chrome
    // 109 printed await continuations this way).
    let loc = loc.strip_prefix("address at ").or_else(|| loc.strip_prefix("async ")).unwrap_or(loc);

    if let Some(origin) = loc.strip_prefix("eval at ") {
        return eval_frame(function, loc, origin);
    }
    if let Some((module, offset)) = split_wasm(loc) {
        return Some(frame(function, module, None, offset));
    }
    if is_native(loc) {
        return Some(frame(function, loc, None, None));
    }
    match split_line_col(loc) {
        Some((file, line, col)) if !text::trim(file).is_empty() => {
            Some(frame(function, file, line, col))
        }
        // `    at fn (https://a.test/app.js)`: a URL with no position.
        None if in_parens && text::contains(loc, ":/") => Some(frame(function, loc, None, None)),
        _ => None,
    }
}

/// Locations V8 prints for frames without a script position:
/// `    at Array.forEach (<anonymous>)`, `    at Math.max (native)`,
/// `    at async Promise.all (index 0)`; Chakra's `   at Array.prototype.forEach (native code)`.
fn is_native(loc: &str) -> bool {
    loc == "native"
        || loc == "native code"
        || loc == "<anonymous>"
        || loc == "unknown location"
        || loc
            .strip_prefix("index ")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An eval frame points at the `eval()` call in the real script, the innermost
/// `(url:line:col)` of the origin:
/// `eval at inner (eval at outer (https://a.test/app.js:10:5), <anonymous>:3:4), <anonymous>:1:7`
/// gives `https://a.test/app.js`, 10, 5. When the origin is a URL without a position, that
/// URL; when it is `unknown source`, the position inside the eval'd code after the last
/// `, ` is used instead.
fn eval_frame(function: &str, loc: &str, origin: &str) -> Option<Frame> {
    let site = eval_call_site(origin);
    if let Some((file, line, col)) = site.and_then(split_line_col) {
        if !text::trim(file).is_empty() {
            return Some(frame(function, file, line, col));
        }
    }
    // `eval at proxyClass (webpack:///./modules/createClassProxy.js?), <anonymous>:4:17`:
    // the script that called eval, without a position, says more than `<anonymous>`.
    if let Some(url) = site.filter(|s| text::contains(s, ":/") && !text::has_whitespace(s)) {
        return Some(frame(function, url, None, None));
    }
    let (_, inner) = text::rsplit_once(loc, ", ")?;
    if is_native(inner) {
        return Some(frame(function, inner, None, None));
    }
    let (file, line, col) = split_line_col(inner)?;
    Some(frame(function, file, line, col))
}

/// `outer (https://a.test/app.js:10:5), <anonymous>:1:7` (the text after `eval at `)
/// gives `https://a.test/app.js:10:5`. A nested origin carries no position of its own:
/// `inner (eval at outer (https://a.test/app.js:10:5)), <anonymous>:1:7`, so after
/// descending `depth` levels the call site is followed by `depth` `)`s and the last
/// `, ` position. Each step moves forward, so this is one pass over the text.
fn eval_call_site(origin: &str) -> Option<&str> {
    let mut rest = origin;
    let mut depth = 0usize;
    loop {
        let (_, inner) = text::split_once(rest, " (")?;
        depth = depth.saturating_add(1);
        match inner.strip_prefix("eval at ") {
            Some(deeper) => rest = deeper,
            None => {
                rest = inner;
                break;
            }
        }
    }
    let mut site = text::rsplit_once(rest, ", ").map_or(rest, |(site, _)| site);
    for _ in 0..depth {
        match site.strip_suffix(')') {
            Some(shorter) => site = shorter,
            None => break,
        }
    }
    Some(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_is_dropped() {
        assert_eq!(
            without_alias("Timeout.tick [as _onTimeout]"),
            "Timeout.tick"
        );
        assert_eq!(
            without_alias("Foo.[Symbol.iterator]"),
            "Foo.[Symbol.iterator]"
        );
        assert_eq!(without_alias("[as x]"), "[as x]");
    }

    #[test]
    fn eval_call_site_descends() {
        assert_eq!(
            eval_call_site("f (https://a.test/a.js:1:2), <anonymous>:3:4"),
            Some("https://a.test/a.js:1:2")
        );
        assert_eq!(
            eval_call_site("f (eval at g (https://a.test/a (1).js:1:2)), <anonymous>:5:6"),
            Some("https://a.test/a (1).js:1:2")
        );
        assert_eq!(eval_call_site("f"), None);
    }

    #[test]
    fn message_lines_are_not_frames() {
        assert_eq!(parse_line("Error: failed at step 3 (init)"), None);
        assert_eq!(
            parse_line("  at least one item is required (see docs)"),
            None
        );
        assert_eq!(parse_line("    at"), None);
        assert_eq!(parse_line("    at "), None);
    }
}
