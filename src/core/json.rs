//! A tiny JSON writer: just enough to serialize events and envelope headers.
//!
//! Why by hand: `serde_json` pulls `core::fmt` float and error formatting into the wasm
//! (~20 KB raw). Events only need objects, arrays, strings, integers, booleans and one
//! kind of float (timestamps), so a writer over a `String` covers it in a few hundred bytes.
//!
//! Strings are escaped per RFC 8259 §7; lone surrogates cannot occur (input is `&str`).
//! Commas are tracked by the writer, so callers just emit keys and values in order.

#[allow(unused_imports)]
use crate::prelude::*;

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

fn write_escaped(out: &mut String, s: &str) {
    out.push('"');
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
    out.push('"');
}

#[cfg(test)]
mod tests {
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
