//! The envelope writer over arbitrary strings: the header line is JSON holding the
//! strings given, the item header's `length` is the payload's byte length, and the
//! payload follows unchanged.
#![no_main]

use faultline::core::envelope::event_envelope;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|input: (String, String, u64, Option<String>)| {
    let (event_id, payload, sent_at_ms, dsn) = input;
    let out = event_envelope(&event_id, &payload, sent_at_ms, dsn.as_deref());

    let mut parts = out.splitn(3, '\n');
    let header_line = parts.next().expect("header line");
    let item_line = parts.next().expect("item header line");
    let rest = parts.next().expect("payload");

    let header: Value = serde_json::from_str(header_line)
        .unwrap_or_else(|err| panic!("envelope header is not JSON ({err}): {header_line:?}"));
    assert_eq!(header["event_id"].as_str(), Some(event_id.as_str()));
    assert_eq!(header.get("dsn").and_then(Value::as_str), dsn.as_deref());
    assert!(header["sent_at"].as_str().is_some_and(|s| s.ends_with('Z')));

    let item: Value = serde_json::from_str(item_line)
        .unwrap_or_else(|err| panic!("item header is not JSON ({err}): {item_line:?}"));
    assert_eq!(item["type"], "event");
    assert_eq!(item["length"].as_u64(), Some(payload.len() as u64));
    assert_eq!(rest, payload);
});
