//! Property tests for the DSN parser, the envelope writer and the JSON writer, with a
//! hand-rolled xorshift generator (no dependency, fixed seeds, well under a second each):
//! - `Dsn::parse` never panics on random or mutated input, and whatever it accepts
//!   round-trips through its canonical form; generated valid DSNs parse to their parts;
//! - an envelope's item `length` is always the payload's byte length, its header line
//!   is JSON holding the strings given, and the payload follows unchanged;
//! - whatever `JsonWriter` writes parses back (serde_json) to the values written.
//!
//! The fuzz targets in `fuzz/` check the same properties with coverage guidance.

use faultline::core::dsn::{Dsn, Scheme};
use faultline::core::envelope::event_envelope;
use faultline::core::json::JsonWriter;
use serde_json::{Map, Value};

mod common;
use common::Rng;

fn any_string(rng: &mut Rng, max_len: usize) -> String {
    common::any_string(rng, max_len, NASTY)
}

/// Characters that stress JSON escaping and UTF-8 handling.
const NASTY: &[char] = &[
    '"',
    '\\',
    '/',
    '\n',
    '\r',
    '\t',
    '\u{0}',
    '\u{1}',
    '\u{8}',
    '\u{c}',
    '\u{1f}',
    '\u{7f}',
    'é',
    'ф',
    '😀',
    '\u{2028}',
    '\u{2029}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10ffff}',
    '{',
    '}',
    '[',
    ']',
    ':',
    ',',
    ' ',
];


// ---------------------------------------------------------------------------------------
// DSN

/// What a generated DSN must parse to.
struct ValidDsn {
    text: String,
    scheme: Scheme,
    public_key: String,
    host: String,
    port: Option<u16>,
    path: String,
    project_id: String,
}

fn word(rng: &mut Rng, alphabet: &[u8], min: usize, max: usize) -> String {
    let len = min + rng.below(max - min + 1);
    (0..len).map(|_| char::from(*rng.pick(alphabet))).collect()
}

const KEY: &[u8] = b"abcdef0123456789ABCDEF-_.~";
const LABEL: &[u8] = b"abcxyz0189-";
const SEGMENT: &[u8] = b"abz09-_.%~";
const DIGITS: &[u8] = b"0123456789";

fn valid_dsn(rng: &mut Rng) -> ValidDsn {
    let https = rng.chance(2);
    let mut scheme: String = (if https { "https" } else { "http" }).into();
    if rng.chance(4) {
        // Schemes are case-insensitive.
        scheme = scheme
            .chars()
            .map(|c| {
                if rng.chance(2) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
    }
    let public_key = word(rng, KEY, 1, 40);
    let secret = if rng.chance(4) {
        format!(":{}", word(rng, KEY, 0, 20))
    } else {
        String::new()
    };
    let host = match rng.below(4) {
        0 => format!("{}.{}", word(rng, LABEL, 1, 12), word(rng, LABEL, 1, 6)),
        1 => format!(
            "{}.{}.{}.{}",
            rng.below(256),
            rng.below(256),
            rng.below(256),
            rng.below(256)
        ),
        2 => (*rng.pick(&["[::1]", "[2001:db8::7]", "[fe80::1%25eth0]"])).to_owned(),
        _ => word(rng, LABEL, 1, 20),
    };
    let port = if rng.chance(2) {
        Some(u16::try_from(1 + rng.below(65_535)).expect("port"))
    } else {
        None
    };
    let mut path = String::new();
    for _ in 0..rng.below(4) {
        path.push('/');
        path.push_str(&word(rng, SEGMENT, 1, 10));
    }
    let project_id = word(rng, DIGITS, 1, 12);

    let mut text = format!("{scheme}://{public_key}{secret}@{host}");
    if let Some(p) = port {
        text += &format!(":{p}");
    }
    text += &format!("{path}/{project_id}");
    if rng.chance(4) {
        text.push('/');
    }
    match rng.below(6) {
        0 => text += "?query=1&x=/2",
        1 => text += "#fragment/3",
        _ => {}
    }
    if rng.chance(6) {
        text = format!(" \t{text}\n ");
    }
    ValidDsn {
        text,
        scheme: if https { Scheme::Https } else { Scheme::Http },
        public_key,
        host,
        port,
        path,
        project_id,
    }
}

/// Whatever `parse` accepts must come back the same from its canonical form.
fn assert_dsn_round_trips(input: &str) {
    let Ok(dsn) = Dsn::parse(input) else { return };
    let canonical = dsn.to_canonical();
    assert_eq!(
        Dsn::parse(&canonical).as_ref(),
        Ok(&dsn),
        "{input:?} → {canonical:?}"
    );
    assert!(
        !dsn.public_key().is_empty() && !dsn.host().is_empty(),
        "{input:?}"
    );
    assert!(
        dsn.project_id().bytes().all(|b| b.is_ascii_digit()),
        "{input:?}"
    );
    let url = dsn.envelope_url();
    let api = format!("/api/{}/envelope/?sentry_key=", dsn.project_id());
    assert!(
        url.contains(&api) && url.ends_with("&sentry_version=7"),
        "{url}"
    );
}

#[test]
fn generated_dsns_parse_to_their_parts_and_round_trip() {
    let mut rng = Rng(0x5EED_0D5A_0000_0001);
    for _ in 0..5_000 {
        let want = valid_dsn(&mut rng);
        let dsn = Dsn::parse(&want.text).unwrap_or_else(|err| panic!("{:?}: {err:?}", want.text));
        assert_eq!(dsn.scheme(), want.scheme, "{}", want.text);
        assert_eq!(dsn.public_key(), want.public_key, "{}", want.text);
        assert_eq!(dsn.host(), want.host, "{}", want.text);
        assert_eq!(dsn.port(), want.port, "{}", want.text);
        assert_eq!(dsn.path(), want.path, "{}", want.text);
        assert_eq!(dsn.project_id(), want.project_id, "{}", want.text);
        assert_dsn_round_trips(&want.text);
        // The canonical form is a fixed point.
        let canonical = dsn.to_canonical();
        assert_eq!(
            Dsn::parse(&canonical).map(|d| d.to_canonical()),
            Ok(canonical)
        );
    }
}

/// DSN syntax that mutations splice in.
const DSN_TOKENS: &[&str] = &[
    "https://", "http://", "HTTPS://", "@", ":", "/", "//", "[", "]", "[::1]", "?", "#", "0",
    "65535", "65536", "99999", " ", "\t", "\\", "é", "\u{3000}", "\u{0}", "k@", ":1", "/1",
];

fn mutate(rng: &mut Rng, input: &str) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 => {
                let token: Vec<char> = rng.pick(DSN_TOKENS).chars().collect();
                chars.splice(at..at, token);
            }
            1 => {
                let end = (at + 1 + rng.below(6)).min(chars.len());
                chars.drain(at..end);
            }
            2 => {
                if at < chars.len() {
                    chars[at] = *rng.pick(NASTY);
                }
            }
            _ => {
                let end = (at + rng.below(10)).min(chars.len());
                let copy = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_and_random_dsns_never_panic_and_round_trip() {
    let mut rng = Rng(0x5EED_0D5A_0000_0002);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let input = match rng.below(3) {
            0 => any_string(&mut rng, 60),
            _ => {
                let valid = valid_dsn(&mut rng).text;
                mutate(&mut rng, &valid)
            }
        };
        if Dsn::parse(&input).is_ok() {
            accepted += 1;
        }
        assert_dsn_round_trips(&input);
    }
    // The mutations should leave plenty valid, or the round-trip check tests nothing.
    assert!(
        accepted > 2_000,
        "only {accepted} of 20000 mutated DSNs parsed"
    );
}

// ---------------------------------------------------------------------------------------
// Envelope

/// Splits an envelope into its header, item header and payload, checking each.
fn assert_envelope(event_id: &str, payload: &str, sent_at_ms: u64, dsn: Option<&str>) {
    let out = event_envelope(event_id, payload, sent_at_ms, dsn);
    let mut parts = out.splitn(3, '\n');
    let (Some(header), Some(item), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        panic!("not three parts: {out:?}");
    };
    let header: Value =
        serde_json::from_str(header).unwrap_or_else(|e| panic!("header {header:?}: {e}"));
    assert_eq!(header["event_id"].as_str(), Some(event_id));
    assert_eq!(header.get("dsn").and_then(Value::as_str), dsn);
    let sent_at = header["sent_at"].as_str().expect("sent_at");
    assert!(sent_at.len() >= 24 && sent_at.ends_with('Z'), "{sent_at}");
    let item: Value = serde_json::from_str(item).unwrap_or_else(|e| panic!("item {item:?}: {e}"));
    assert_eq!(item["type"], "event");
    assert_eq!(
        item["length"].as_u64(),
        Some(payload.len() as u64),
        "{payload:?}"
    );
    assert_eq!(rest, payload);
}

#[test]
fn envelope_length_is_the_payload_byte_length_and_headers_are_json() {
    let mut rng = Rng(0x5EED_E4E1_0000_0001);
    for _ in 0..5_000 {
        let event_id = any_string(&mut rng, 40);
        let payload = if rng.chance(3) {
            // A JSON event, as the client sends, with arbitrary text inside.
            let mut w = JsonWriter::new();
            w.begin_object();
            w.field_str("message", &any_string(&mut rng, 200));
            w.end_object();
            w.finish()
        } else {
            any_string(&mut rng, 300)
        };
        let sent_at_ms = match rng.below(3) {
            0 => rng.next(),
            1 => u64::MAX - u64::try_from(rng.below(1000)).expect("small"),
            _ => 1_764_072_045_007 + rng.next() % 1_000_000_000_000,
        };
        let dsn = if rng.chance(2) {
            Some(any_string(&mut rng, 60))
        } else {
            None
        };
        assert_envelope(&event_id, &payload, sent_at_ms, dsn.as_deref());
    }
    // Edge cases: empty everything, a payload that is all newlines, a huge payload.
    assert_envelope("", "", 0, Some(""));
    assert_envelope("x", "\n\n\n", 0, None);
    assert_envelope("x", &"é\n".repeat(300_000), 0, None);
}

// ---------------------------------------------------------------------------------------
// JSON writer

/// A random JSON value of the kinds the writer can write (no floats: timestamps are
/// checked on their own), at most `depth` containers deep.
fn any_value(rng: &mut Rng, depth: usize) -> Value {
    let kinds = if depth == 0 { 4 } else { 6 };
    match rng.below(kinds) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::from(if rng.chance(4) {
            u64::MAX - rng.next() % 3
        } else {
            rng.next() >> rng.below(64)
        }),
        3 => Value::String(any_string(rng, 30)),
        4 => Value::Array(
            (0..rng.below(5))
                .map(|_| any_value(rng, depth - 1))
                .collect(),
        ),
        _ => {
            // serde_json's Map keeps the last of duplicate keys; so does writing each once.
            let mut map = Map::new();
            for _ in 0..rng.below(5) {
                map.insert(any_string(rng, 12), any_value(rng, depth - 1));
            }
            Value::Object(map)
        }
    }
}

fn write_value(w: &mut JsonWriter, value: &Value) {
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.bool(*b),
        Value::Number(n) => w.uint(n.as_u64().expect("only u64 generated")),
        Value::String(s) => w.string(s),
        Value::Array(items) => {
            w.begin_array();
            for item in items {
                write_value(w, item);
            }
            w.end_array();
        }
        Value::Object(map) => {
            w.begin_object();
            for (key, item) in map {
                w.key(key);
                write_value(w, item);
            }
            w.end_object();
        }
    }
}

#[test]
fn json_writer_output_parses_back_to_what_was_written() {
    let mut rng = Rng(0x5EED_150A_0000_0001);
    for _ in 0..3_000 {
        // A container at the top, so every test writes commas and nesting.
        let value = loop {
            let v = any_value(&mut rng, 4);
            if v.is_object() || v.is_array() {
                break v;
            }
        };
        let mut w = JsonWriter::new();
        write_value(&mut w, &value);
        let text = w.finish();
        let back: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(back, value, "{text}");
    }
}

#[test]
fn json_writer_strings_round_trip_for_any_text() {
    let mut rng = Rng(0x5EED_150A_0000_0002);
    for _ in 0..10_000 {
        let s = any_string(&mut rng, 80);
        let mut w = JsonWriter::new();
        w.begin_object();
        w.field_str(&s, &s);
        w.field_opt_str("none", None);
        w.end_object();
        let text = w.finish();
        // RFC 8259 §7: no raw control characters inside strings.
        assert!(!text.chars().any(|c| c < ' '), "{text:?}");
        let back: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(back.as_object().map(Map::len), Some(1));
        assert_eq!(back[s.as_str()].as_str(), Some(s.as_str()), "{text}");
    }
}

#[test]
fn json_writer_timestamps_are_seconds_with_milliseconds() {
    let mut rng = Rng(0x5EED_150A_0000_0003);
    for _ in 0..5_000 {
        // Up to 2^53 ms (year 285,000), so the f64 comparison below is exact enough.
        let ms = rng.next() >> 11;
        let mut w = JsonWriter::new();
        w.begin_array();
        w.timestamp_ms(ms);
        w.end_array();
        let text = w.finish();
        let want = format!("[{}.{:03}]", ms / 1000, ms % 1000);
        assert_eq!(text, want);
        let back: Value = serde_json::from_str(&text).expect("JSON");
        let seconds = back[0].as_f64().expect("number");
        assert!(
            (seconds - ms as f64 / 1000.0).abs() <= seconds.abs() * 1e-15 + 1e-9,
            "{text}"
        );
    }
}
