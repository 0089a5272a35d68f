//! A tiny JSON writer: just enough to serialize events and envelope headers.
//!
//! Why by hand: `serde_json` pulls `core::fmt` float and error formatting into the wasm
//! (~20 KB raw). Events only need objects, arrays, strings, integers, booleans and one
//! kind of float (timestamps), so a writer over a `String` covers it in a few hundred bytes.
//!
//! Strings are escaped per RFC 8259 §7; lone surrogates cannot occur (input is `&str`).
//! Commas are tracked by the writer, so callers just emit keys and values in order.
//!
//! Values the page serialized itself with `JSON.stringify` (breadcrumb `data`, `extra`,
//! contexts) pass once through [`fragment`] and are then written as they are with
//! [`JsonWriter::raw`]: one bad fragment would make the collector refuse the whole event.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text::ELLIPSIS;

/// Appends JSON to an owned buffer. Keeps track of where commas go.
pub struct JsonWriter {
    out: String,
    /// True when the next value or key in the current container needs a leading comma.
    needs_comma: bool,
}

impl JsonWriter {
    pub fn new() -> Self {
        JsonWriter { out: String::new(), needs_comma: false }
    }

    pub fn with_capacity(bytes: usize) -> Self {
        JsonWriter { out: String::with_capacity(bytes), needs_comma: false }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn comma(&mut self) {
        if self.needs_comma {
            self.out.push(',');
        }
        self.needs_comma = true;
    }

    pub fn begin_object(&mut self) {
        self.comma();
        self.out.push('{');
        self.needs_comma = false;
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
        self.needs_comma = true;
    }

    pub fn begin_array(&mut self) {
        self.comma();
        self.out.push('[');
        self.needs_comma = false;
    }

    pub fn end_array(&mut self) {
        self.out.push(']');
        self.needs_comma = true;
    }

    /// Writes `"name":`; the value call that follows must not add a comma.
    pub fn key(&mut self, name: &str) {
        self.comma();
        write_escaped(&mut self.out, name);
        self.out.push(':');
        self.needs_comma = false;
    }

    pub fn string(&mut self, value: &str) {
        self.comma();
        write_escaped(&mut self.out, value);
    }

    pub fn uint(&mut self, value: u64) {
        self.comma();
        push_u64(&mut self.out, value);
    }

    pub fn bool(&mut self, value: bool) {
        self.comma();
        self.out.push_str(if value { "true" } else { "false" });
    }

    pub fn null(&mut self) {
        self.comma();
        self.out.push_str("null");
    }

    /// Seconds since the epoch with millisecond precision, from milliseconds:
    /// `1700000000123` → `1700000000.123`. Sentry accepts fractional UNIX timestamps.
    pub fn timestamp_ms(&mut self, millis: u64) {
        self.comma();
        push_u64(&mut self.out, millis / 1000);
        let frac = millis % 1000;
        self.out.push('.');
        self.out.push(char::from(b'0' + (frac / 100) as u8));
        self.out.push(char::from(b'0' + (frac / 10 % 10) as u8));
        self.out.push(char::from(b'0' + (frac % 10) as u8));
    }

    /// A JSON fragment written as is: the caller made it with [`fragment`] (breadcrumb
    /// `data`, `extra` values and contexts arrive from the page already serialized).
    pub fn raw(&mut self, fragment: &str) {
        self.comma();
        self.out.push_str(fragment);
    }

    /// Writes `value` cut as [`text::bounded`](crate::core::text::bounded) cuts it (at most
    /// `max` bytes, on a char boundary, marked with `…`), without copying it first.
    pub fn string_max(&mut self, value: &str, max: usize) {
        if value.len() <= max {
            return self.string(value);
        }
        let mut end = max.saturating_sub(ELLIPSIS.len());
        while end > 0 && !value.is_char_boundary(end) {
            end -= 1;
        }
        self.comma();
        self.out.push('"');
        escape_into(&mut self.out, value.get(..end).unwrap_or(""));
        self.out.push_str(ELLIPSIS);
        self.out.push('"');
    }

    /// Convenience: `"name":"value"` with the value cut as [`JsonWriter::string_max`] cuts.
    pub fn field_str_max(&mut self, name: &str, value: &str, max: usize) {
        self.key(name);
        self.string_max(value, max);
    }

    /// Convenience: `"name":"value"`.
    pub fn field_str(&mut self, name: &str, value: &str) {
        self.key(name);
        self.string(value);
    }

    /// Convenience: `"name":value` when present, nothing when `None`.
    pub fn field_opt_str(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.field_str(name, v);
        }
    }
}

impl Default for JsonWriter {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends the decimal digits of `value` without `core::fmt`.
pub fn push_u64(out: &mut String, value: u64) {
    let mut divisor = 1u64;
    while value / divisor >= 10 {
        divisor *= 10;
    }
    loop {
        out.push(char::from(b'0' + (value / divisor % 10) as u8));
        if divisor == 1 {
            break;
        }
        divisor /= 10;
    }
}

/// Lowercase hex digit of the low four bits.
pub fn hex_digit(nibble: u8) -> char {
    let n = nibble & 0xf;
    char::from(if n < 10 { b'0' + n } else { b'a' + n - 10 })
}

/// Text from `JSON.stringify` made safe to embed: `None` when it is empty or, for `object`,
/// not `{…}`; otherwise the trimmed text with each `\u` escape of a lone UTF-16 surrogate
/// replaced by `\ufffd`. `JSON.stringify` writes lone surrogates that way (a string cut in
/// the middle of an emoji has one), and serde_json, so Relay, refuses the whole event for one.
///
/// The structure is trusted: `JSON.stringify` output is valid JSON. A full validator costs
/// the wasm 1.5 KB gzip; this scan, a tenth of that.
pub fn fragment(text: &str, object: bool) -> Option<String> {
    let t = text.trim_ascii();
    if t.is_empty() || (object && !(t.starts_with('{') && t.ends_with('}'))) {
        return None;
    }
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2; // `\"`, `\\`, `\n`, …: the escaped byte is not a backslash to look at
            continue;
        }
        let unit = hex4(b, i + 2).unwrap_or(0);
        let paired = (0xD800..0xDC00).contains(&unit)
            && b.get(i + 6) == Some(&b'\\')
            && b.get(i + 7) == Some(&b'u')
            && hex4(b, i + 8).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            i += 12;
        } else if (0xD800..0xE000).contains(&unit) {
            // `i` is at an ASCII backslash, so both cuts fall on char boundaries.
            out.push_str(t.get(start..i).unwrap_or(""));
            out.push_str("\\ufffd");
            i += 6;
            start = i;
        } else {
            i += 6;
        }
    }
    out.push_str(t.get(start..).unwrap_or(""));
    Some(out)
}

/// `object_json` with `"name":fragment` added to its top-level `contexts` object (made when
/// it has none). `None` when the text is not a JSON object. The text is trusted to be valid
/// JSON (the event serializer's, or `JSON.stringify`'s after `beforeSend`): the scan only
/// tracks strings and nesting to find the top-level `contexts` key, so a key of that name
/// inside `extra` or a string is never taken for it.
pub fn with_context(object_json: &str, name: &str, fragment: &str) -> Option<String> {
    let b = object_json.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let mut members = 0;
    let mut member = String::with_capacity(name.len() + fragment.len() + 4);
    write_escaped(&mut member, name);
    member.push(':');
    member.push_str(fragment);
    loop {
        i = skip_ws(b, i);
        match b.get(i)? {
            b'}' => {
                // No `contexts`: add one before the closing brace.
                let mut out = String::with_capacity(object_json.len() + member.len() + 16);
                out.push_str(object_json.get(..i)?);
                if members > 0 {
                    out.push(',');
                }
                out.push_str("\"contexts\":{");
                out.push_str(&member);
                out.push('}');
                out.push_str(object_json.get(i..)?);
                return Some(out);
            }
            b',' => i += 1,
            b'"' => {
                let key_end = skip_string(b, i)?;
                let is_contexts = b.get(i..key_end) == Some(b"\"contexts\"".as_slice());
                i = skip_ws(b, key_end);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i = skip_ws(b, i + 1);
                if is_contexts && b.get(i) == Some(&b'{') {
                    let after = skip_ws(b, i + 1);
                    let mut out = String::with_capacity(object_json.len() + member.len() + 2);
                    out.push_str(object_json.get(..=i)?);
                    out.push_str(&member);
                    if b.get(after) != Some(&b'}') {
                        out.push(',');
                    }
                    out.push_str(object_json.get(i + 1..)?);
                    return Some(out);
                }
                i = skip_value(b, i)?;
                members += 1;
            }
            _ => return None,
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// `i` at an opening quote: the index just past the closing one.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// `i` at the start of a value: the index just past it.
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match b.get(i)? {
            b'"' => i = skip_string(b, i)?,
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                if depth == 0 {
                    return Some(i); // the end of the enclosing object: a scalar ended here
                }
                depth -= 1;
                i += 1;
            }
            b',' if depth == 0 => return Some(i),
            _ => i += 1,
        }
        if depth == 0 && matches!(b.get(i.wrapping_sub(1)), Some(b'}' | b']' | b'"')) {
            return Some(i);
        }
    }
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let mut v = 0;
    for k in i..i + 4 {
        let d = char::from(*b.get(k)?).to_digit(16)?;
        v = v * 16 + d;
    }
    Some(v)
}

fn write_escaped(out: &mut String, s: &str) {
    out.push('"');
    escape_into(out, s);
    out.push('"');
}

fn escape_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => Some(""),
            _ => None,
        };
        if let Some(esc) = escape {
            // `i` is at an ASCII byte, so both slices fall on char boundaries.
            out.push_str(s.get(start..i).unwrap_or(""));
            if esc.is_empty() {
                out.push_str("\\u00");
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b & 0xf));
            } else {
                out.push_str(esc);
            }
            start = i + 1;
        }
    }
    out.push_str(s.get(start..).unwrap_or(""));
}

#[cfg(test)]
mod tests {

    #[test]
    fn with_context_adds_to_the_top_level_contexts_only() {
        let r = r#"{"count":2}"#;
        assert_eq!(
            with_context(r#"{"a":1,"contexts":{"os":{"name":"Linux"}},"b":[1]}"#, "repeats", r).as_deref(),
            Some(r#"{"a":1,"contexts":{"repeats":{"count":2},"os":{"name":"Linux"}},"b":[1]}"#)
        );
        assert_eq!(with_context(r#"{"contexts":{}}"#, "repeats", r).as_deref(), Some(r#"{"contexts":{"repeats":{"count":2}}}"#));
        // A `contexts` key nested in extra, or inside a string, is not the event's.
        assert_eq!(
            with_context(r#"{"extra":{"contexts":{"x":1}},"m":"\"contexts\":{","n":true}"#, "repeats", r).as_deref(),
            Some(r#"{"extra":{"contexts":{"x":1}},"m":"\"contexts\":{","n":true,"contexts":{"repeats":{"count":2}}}"#)
        );
        assert_eq!(with_context(" { } ", "k", "1").as_deref(), Some(r#" { "contexts":{"k":1}} "#));
        assert_eq!(with_context("[1]", "k", "1"), None);
        assert_eq!(with_context(r#"{"a""#, "k", "1"), None);
    }

    #[test]
    fn with_context_output_parses_for_any_event_shape() {
        for text in [
            r#"{"a":null,"b":false,"c":-1.5e3,"d":"x\\","e":[{"f":[]}],"contexts":{"g":{}}}"#,
            r#"{ "a" : { "contexts" : 1 } , "contexts" : { } }"#,
            r#"{"contexts":null}"#,
        ] {
            let out = with_context(text, "repeats", r#"{"count":3}"#).unwrap_or_default();
            let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{out}: {e}"));
            if text.contains(r#""contexts":null"#) {
                continue; // a null `contexts` is left as it was and another key added: still JSON
            }
            assert_eq!(v["contexts"]["repeats"]["count"], 3, "{out}");
        }
    }

    use super::*;

    #[test]
    fn writes_nested_containers_with_commas() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.field_str("a", "x");
        w.key("b");
        w.begin_array();
        w.uint(1);
        w.null();
        w.bool(true);
        w.begin_object();
        w.end_object();
        w.end_array();
        w.field_opt_str("skipped", None);
        w.key("t");
        w.timestamp_ms(1_700_000_000_007);
        w.end_object();
        assert_eq!(w.finish(), r#"{"a":"x","b":[1,null,true,{}],"t":1700000000.007}"#);
    }

    #[test]
    fn escapes_strings_as_rfc8259_requires() {
        let mut w = JsonWriter::new();
        w.string("q\"b\\n\nr\rt\t\u{1}\u{1f}é😀");
        assert_eq!(w.finish(), "\"q\\\"b\\\\n\\nr\\rt\\t\\u0001\\u001fé😀\"");
    }

    #[test]
    fn string_max_cuts_as_bounded_does() {
        for (s, max) in [("abc", 3), ("abcdef", 4), ("ééééé", 8), ("q\"\n\u{1}é😀xyz", 9), ("😀😀", 5), ("", 0)] {
            let mut w = JsonWriter::new();
            w.string_max(s, max);
            let mut want = JsonWriter::new();
            want.string(&crate::core::text::bounded(s, max));
            assert_eq!(w.finish(), want.finish(), "{s:?} {max}");
        }
    }

    #[test]
    fn raw_fragments_are_written_as_is_with_commas() {
        let mut w = JsonWriter::new();
        w.begin_array();
        w.raw("{\"a\":[1,2]}");
        w.raw("null");
        w.end_array();
        assert_eq!(w.finish(), r#"[{"a":[1,2]},null]"#);
    }

    #[test]
    fn fragments_keep_valid_text_and_mend_lone_surrogates() {
        let same = [r#"{"a":[1,"x"]}"#, "42", r#""😀""#, r#""\ud83d\ude00""#, r#""\\ud800""#, r#""q\"\\""#, r#"{"k":"\u00e9\n"}"#];
        for s in same {
            assert_eq!(fragment(s, false).as_deref(), Some(s), "{s}");
        }
        assert_eq!(fragment(" {} \n", true).as_deref(), Some("{}"));
        let mended = [
            (r#""\ud800""#, r#""\ufffd""#),
            (r#""\udc00x""#, r#""\ufffdx""#),
            (r#""é\ud83d\ud83d\ude00""#, r#""é\ufffd\ud83d\ude00""#),
            (r#"{"a":"\uD83D","b":"\ude00"}"#, r#"{"a":"\ufffd","b":"\ufffd"}"#),
            (r#""\ud800\u0041""#, r#""\ufffd\u0041""#),
        ];
        for (s, want) in mended {
            let got = fragment(s, false).unwrap();
            assert_eq!(got, want, "{s}");
            serde_json::from_str::<serde_json::Value>(&got).unwrap();
        }
        for (s, object) in [("", false), ("  ", false), ("[1]", true), ("\"s\"", true), ("{", true), ("1", true)] {
            assert_eq!(fragment(s, object), None, "{s:?}");
        }
        // Cut text is passed on as it is: its structure is JSON.stringify's to get right.
        assert_eq!(fragment(r#""\u12"#, false).as_deref(), Some(r#""\u12"#));
    }

    #[test]
    fn output_parses_back_as_the_same_values() {
        let nasty = "line\n\"quoted\" \\ tab\t nul\u{0} ünï 😀";
        let mut w = JsonWriter::new();
        w.begin_object();
        w.field_str(nasty, nasty);
        w.key("n");
        w.uint(u64::MAX);
        w.end_object();
        let v: serde_json::Value = serde_json::from_str(&w.finish()).unwrap();
        assert_eq!(v[nasty], nasty);
        assert_eq!(v["n"], u64::MAX);
    }
}
