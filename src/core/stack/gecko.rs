//! SpiderMonkey stack lines: Firefox (and anything embedding SpiderMonkey, like gjs).
//!
//! Grammar, from SpiderMonkey's `FormatStackFrame`/`SavedFrame` printing
//! (`js/src/vm/SavedStacks.cpp`), read 2025:
//!
//! ```text
//! line     = function "@" location        ; function may be empty
//! location = url ":" line [":" col]       ; no column before Firefox 30
//!          / url " line " N " > " kind (" line " N " > " kind)* ":" line ":" col
//!          / url ":wasm-function[" index "]:0x" hex-offset
//! ```
//!
//! `kind` is `eval`, `Function`, `injectedScript`, ... Inferred names are printed as
//! SpiderMonkey builds them (`fn/<`, `obj.method/inner<`) and kept as they are.
//! Lines without a usable position (`fn@[native code]`, `fn@`) are left to `webkit.rs`.
//!
//! The same `function@url:line` shape, without a column and with the arguments after the
//! name, is Opera 11-12's (Presto) `stack` and Firefox <= 3's:
//! `bar([arguments not available])@http://a.test/app.js:18`; the arguments are dropped.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text;

use super::{
    frame, looks_like_header, split_at_sign, split_line_col, split_wasm, starts_with_url, Frame,
};

/// Reads one SpiderMonkey line, or `None` when it is not one.
pub(super) fn parse_line(line: &str) -> Option<Frame> {
    let (function, loc) = split_at_sign(text::trim(line))?;
    // `https://user@a.test/app.js:1:2` is a bare location, not `function@location`; a
    // name may hold a URL further in (`x (http://evil.test/a.js:1:2)@https://...`).
    if looks_like_header(function) || starts_with_url(function) {
        return None;
    }

    // `trap@http://127.0.0.1:47811/cases/wasm.mjs line 22 > WebAssembly.Module:wasm-function[1]:0x43`
    // `callJs@http://127.0.0.1:47811/cases/trap.wasm:wasm-function[3]:0x4c`
    // `(null)@<?>:wasm-function[2]` (JavaScriptCore: `(null)` is an unnamed function)
    if let Some((module, offset)) = split_wasm(loc) {
        let module = eval_outer(module).map_or(module, |(url, _)| url);
        let function = if function == "(null)" { "" } else { function };
        return Some(frame(function, module, None, offset));
    }

    // `run@https://a.test/app.js line 10 > eval:1:5`
    // `@https://a.test/app.js line 10 > Function:1:5`
    // `@https://a.test/app.js line 3 > eval line 1 > eval:1:1`
    // The frame points at the outermost `eval()` call: url and line N, no column.
    if let Some((url, line)) = eval_outer(loc) {
        return Some(frame(function, url, line, None));
    }

    // `handler@https://a.test/app.js:10:5`
    // `@https://a.test/app.js:10:5`
    // `render/<@https://a.test/app.js:22:9`
    // `@debugger eval code:1:1`
    // `handler@https://a.test/app.js:10` (Firefox < 30: no column)
    // `bar([arguments not available])@http://a.test/app.js:18` (Opera 11-12, and Firefox
    // <= 3 with argument values): without a column, a trailing argument list is not part
    // of the name. Firefox 30+ always prints a column, and names like `weird (name)`.
    let (file, line, col) = split_line_col(loc)?;
    if text::trim(file).is_empty() {
        return None;
    }
    // `Error created at <anonymous function>@http://a.test/app.js:15` (Opera 11-12) says
    // where the Error object was made; it is not a call frame.
    if function.starts_with("Error created at ") {
        return None;
    }
    let function = if col.is_none() {
        without_arguments(function)
    } else {
        function
    };
    Some(frame(function, file, line, col))
}

/// `bar([arguments not available])` gives `bar`, `<anonymous function: run>(1, "a")`
/// gives `<anonymous function: run>`: the name before the parenthesized list that ends
/// it, when the list follows the name directly (no space).
fn without_arguments(function: &str) -> &str {
    let Some(inner) = function.strip_suffix(')') else {
        return function;
    };
    let mut depth = 0usize;
    for (at, c) in inner.char_indices().rev() {
        match c {
            ')' => depth = depth.saturating_add(1),
            '(' if depth > 0 => depth -= 1,
            '(' => {
                let name = inner.get(..at).unwrap_or(function);
                return if name.ends_with(char::is_whitespace) {
                    function
                } else {
                    name
                };
            }
            _ => {}
        }
    }
    function
}

/// `https://a.test/app.js line 10 > eval:1:5` gives `("https://a.test/app.js", Some(10))`:
/// the text before the first ` line N > `, and N.
fn eval_outer(loc: &str) -> Option<(&str, Option<u32>)> {
    const MARKER: &str = " line ";
    let mut from = 0;
    while let Some(found) = loc.get(from..).and_then(|rest| text::find(rest, MARKER)) {
        let at = from + found;
        from = at + 1;
        let after = loc.get(at + MARKER.len()..)?;
        let digits_end = after.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(after.len());
        let (digits, tail) = (after.get(..digits_end)?, after.get(digits_end..)?);
        if !digits.is_empty() && tail.starts_with(" > ") {
            return Some((loc.get(..at)?, super::parse_decimal(digits)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eval_outer_finds_first_marker() {
        assert_eq!(
            eval_outer("u line 3 > eval line 1 > eval:1:1"),
            Some(("u", Some(3)))
        );
        assert_eq!(eval_outer("u line x > eval:1:1"), None);
        assert_eq!(
            eval_outer("my line of work line 7 > Function:1:1"),
            Some(("my line of work", Some(7)))
        );
    }
}
