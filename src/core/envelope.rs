//! The envelope: the framing Sentry's `/envelope/` endpoint ingests.
//!
//! Spec: develop.sentry.dev "Envelopes" (read 2026-11). An envelope is a JSON header line,
//! then items, each a JSON item header line followed by its payload:
//!
//! ```text
//! {"event_id":"…","sent_at":"2026-11-25T12:00:00.000Z","dsn":"…","sdk":{…}}\n
//! {"type":"event","length":123}\n
//! {…the event JSON, 123 bytes…}
//! ```
//!
//! `length` is the payload's UTF-8 byte length, so payloads may hold any bytes, newlines
//! included. We write one event item per envelope and no trailing newline (both allowed).
//! `sent_at` is written at send time, so a retried envelope tells the collector its real age.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::event::write_sdk;
use crate::core::json::{push_u64, JsonWriter};

/// Frames one event payload (already JSON) as an envelope.
pub fn event_envelope(event_id: &str, event_json: &str, sent_at_ms: u64, dsn: Option<&str>) -> String {
    let mut header = JsonWriter::with_capacity(160);
    header.begin_object();
    header.field_str("event_id", event_id);
    header.field_str("sent_at", &rfc3339_utc(sent_at_ms));
    header.field_opt_str("dsn", dsn);
    header.key("sdk");
    write_sdk(&mut header);
    header.end_object();
    let header = header.finish();

    let mut out = String::with_capacity(header.len() + event_json.len() + 40);
    out.push_str(&header);
    out.push_str("\n{\"type\":\"event\",\"length\":");
    push_u64(&mut out, event_json.len() as u64);
    out.push_str("}\n");
    out.push_str(event_json);
    out
}

/// Frames a `client_report` payload (already JSON) as an envelope of its own.
pub fn client_report_envelope(report_json: &str, sent_at_ms: u64, dsn: Option<&str>) -> String {
    let mut header = JsonWriter::with_capacity(120);
    header.begin_object();
    header.field_str("sent_at", &rfc3339_utc(sent_at_ms));
    header.field_opt_str("dsn", dsn);
    header.end_object();
    let mut out = header.finish();
    out.push_str("\n{\"type\":\"client_report\",\"length\":");
    push_u64(&mut out, report_json.len() as u64);
    out.push_str("}\n");
    out.push_str(report_json);
    out
}

/// `2026-11-25T12:00:00.123Z` from milliseconds since the Unix epoch.
pub fn rfc3339_utc(ms: u64) -> String {
    let secs = ms / 1000;
    let days = secs / 86_400;
    let sod = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let mut s = String::with_capacity(24);
    push_padded(&mut s, y, 4);
    s.push('-');
    push_padded(&mut s, m, 2);
    s.push('-');
    push_padded(&mut s, d, 2);
    s.push('T');
    push_padded(&mut s, sod / 3600, 2);
    s.push(':');
    push_padded(&mut s, sod / 60 % 60, 2);
    s.push(':');
    push_padded(&mut s, sod % 60, 2);
    s.push('.');
    push_padded(&mut s, ms % 1000, 3);
    s.push('Z');
    s
}

fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = String::new();
    push_u64(&mut digits, n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, restricted to dates after the epoch).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339_across_epochs_and_leap_days() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_utc(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339_utc(1_764_072_045_007), "2025-11-25T12:00:45.007Z");
        assert_eq!(rfc3339_utc(4_102_444_799_999), "2099-12-31T23:59:59.999Z");
    }

    #[test]
    fn writes_exact_envelope_bytes() {
        let got = event_envelope(
            "9ec79c33ec9942ab8353589fcb2e04dc",
            r#"{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","message":{"formatted":"hé"}}"#,
            1_764_072_045_007,
            Some("http://k@127.0.0.1:8000/1"),
        );
        let want = concat!(
            r#"{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","sent_at":"2025-11-25T12:00:45.007Z","#,
            r#""dsn":"http://k@127.0.0.1:8000/1","sdk":{"name":"faultline.javascript","version":""#,
            env!("CARGO_PKG_VERSION"),
            "\"}}\n",
            // 77 bytes: "é" is two bytes in UTF-8.
            "{\"type\":\"event\",\"length\":77}\n",
            r#"{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","message":{"formatted":"hé"}}"#,
        );
        assert_eq!(got, want);
    }

    #[test]
    fn length_counts_bytes_of_payloads_with_newlines() {
        let payload = "{\"a\":\"x\\ny\"}\n";
        let got = event_envelope("00000000000040008000000000000000", payload, 0, None);
        let mut lines = got.splitn(3, '\n');
        let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
        assert!(header.get("dsn").is_none());
        let item: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
        assert_eq!(item["length"], payload.len());
        assert_eq!(lines.next().unwrap(), payload);
    }
}
