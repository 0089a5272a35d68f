//! The whole event, scope included, at its limits: every string, list and raw JSON value of the
//! scope and the page filled to its bound with characters JSON escapes as six bytes, five
//! linked errors with 60-frame stacks. The JSON must stay below the collector's 1 MiB (Relay
//! and Bugsink answer 413 above it) and parse back.
//!
//! `FAULTLINE_EVENTS_OUT=path cargo test --test core_event_bounds` also writes the events
//! built here as a JSON array, for `tests/support/relay_check.py` (Relay's `StoreNormalizer`).

use faultline::core::context::PageContext;
use faultline::core::event::{
    exceptions_from, Event, Level, LinkSource, Linked, Mechanism, PageInfo, Thrown, MAX_EVENT_BYTES,
    MAX_NAME_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES,
};
use faultline::core::scope::{
    Breadcrumb, Scope, User, MAX_BREADCRUMBS, MAX_BREADCRUMB_DATA_BYTES, MAX_CONTEXTS, MAX_CONTEXTS_TOTAL_BYTES,
    MAX_CONTEXT_BYTES, MAX_EXTRA, MAX_EXTRA_TOTAL_BYTES, MAX_EXTRA_VALUE_BYTES, MAX_FINGERPRINT_PARTS, MAX_TAGS,
};
use faultline::core::ua::{Brand, ClientHints};
use serde_json::Value;

/// `n` bytes that each escape to `\u0001`.
fn c(n: usize) -> String {
    "\u{1}".repeat(n)
}

/// `n` printable bytes: the same sizes, data Relay takes without a remark.
fn p(n: usize) -> String {
    "x".repeat(n)
}

type Fill = fn(usize) -> String;

/// A JSON string value of exactly `n` bytes (its largest raw form: no escapes to shrink).
fn raw_string(n: usize) -> String {
    String::from("\"") + &"x".repeat(n - 2) + "\""
}

fn hostile_error(c: Fill, i: usize) -> Thrown {
    let mut stack = String::new();
    for line in 0..60 {
        stack.push_str("\n    at ");
        stack.push_str(&c(MAX_NAME_BYTES * 2));
        stack.push_str(" (");
        stack.push_str(&c(MAX_URL_BYTES * 2));
        stack.push(':');
        stack.push_str(&line.to_string());
        stack.push_str(":1)");
    }
    Thrown::Error { name: c(1000) + &i.to_string(), message: c(MAX_VALUE_BYTES * 2), stack: Some(stack) }
}

fn worst_scope(c: Fill, timestamp_ms: u64) -> Scope {
    let mut s = Scope::new();
    for i in 0..MAX_TAGS {
        assert!(s.set_tag(&(i.to_string() + &c(400)), &c(400)));
    }
    let ip = (c(1) == "\u{1}").then(|| c(2000));
    s.set_user(Some(User { id: Some(c(2000)), email: Some(c(2000)), username: Some(c(2000)), ip_address: ip }));
    s.set_fingerprint(&vec![c(1000); MAX_FINGERPRINT_PARTS * 2]);
    // Extra: as many keys as allowed, the values filling the total.
    let per_value = (MAX_EXTRA_TOTAL_BYTES / MAX_EXTRA).min(MAX_EXTRA_VALUE_BYTES);
    for i in 0..MAX_EXTRA {
        assert!(s.set_extra(&(i.to_string() + &c(400)), Some(&raw_string(per_value))), "extra {i}");
    }
    let per_context = (MAX_CONTEXTS_TOTAL_BYTES / MAX_CONTEXTS).min(MAX_CONTEXT_BYTES);
    for i in 0..MAX_CONTEXTS {
        let object = String::from("{\"k\":") + &raw_string(per_context - 6) + "}";
        assert!(s.set_context(&(i.to_string() + &c(400)), Some(&object)), "context {i}");
    }
    let data = String::from("{\"k\":") + &raw_string(MAX_BREADCRUMB_DATA_BYTES - 6) + "}";
    for t in 0..MAX_BREADCRUMBS as u64 * 2 {
        s.add_breadcrumb(Breadcrumb {
            timestamp_ms: timestamp_ms - t,
            ty: Some(c(1000)),
            category: Some(c(1000)),
            message: Some(c(100_000)),
            level: Some(Level::Debug),
            data_json: Some(data.clone()),
        });
    }
    s
}

fn worst_event(c: Fill, timestamp_ms: u64) -> Event {
    let chain: Vec<Linked> = (0..8)
        .map(|i| Linked { thrown: hostile_error(c, i), source: LinkSource::Errors(u32::MAX), parent: i.saturating_sub(1) })
        .collect();
    Event {
        event_id: "0123456789abcdef0123456789abcdef".into(),
        timestamp_ms,
        level: Level::Error,
        exceptions: exceptions_from(&chain, Mechanism::OnError, None),
        message: Some(c(MAX_VALUE_BYTES * 4)),
        release: Some(c(4096)),
        environment: Some(c(4096)),
        dist: Some(c(4096)),
        page: PageInfo {
            url: Some(c(MAX_URL_BYTES * 4)),
            user_agent: Some(c(100_000)),
            referrer: Some(c(MAX_URL_BYTES * 4)),
            context: PageContext {
                hints: Some(ClientHints {
                    brands: vec![Brand { brand: c(1000), version: c(1000) }; 20],
                    platform: c(1000),
                    platform_version: "9".repeat(1000),
                }),
                screen: Some((u32::MAX, u32::MAX)),
                memory_size: Some(u64::MAX),
                online: Some(true),
                locale: Some(c(1000)),
                timezone: Some(c(1000)),
                agent: None,
            }.into(),
        },
    }
}

#[test]
fn the_worst_case_event_stays_under_one_mib_and_parses() {
    let json = worst_event(c, u64::MAX).to_json_with_scope(&worst_scope(c, u64::MAX));
    assert!(json.len() < 1 << 20, "worst case is {} bytes", json.len());
    assert!(json.len() > MAX_EVENT_BYTES, "the worst case is the shrunk form, {} bytes", json.len());
    let v: Value = serde_json::from_str(&json).expect("valid JSON");
    let values = v["exception"]["values"].as_array().expect("exceptions");
    assert_eq!(values.len(), 5);
    assert_eq!(values[4]["stacktrace"]["frames"].as_array().map(Vec::len), Some(12));
    assert_eq!(values[0]["stacktrace"]["frames"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["breadcrumbs"]["values"].as_array().map(Vec::len), Some(30));
    eprintln!("worst-case event: {} bytes", json.len());
}

#[test]
fn a_busy_but_ordinary_page_is_not_shrunk() {
    // 100 breadcrumbs with 500-byte console lines and small data, a dozen tags and extras.
    let mut scope = Scope::new();
    for t in 0..100u64 {
        scope.add_breadcrumb(Breadcrumb {
            timestamp_ms: 1_700_000_000_000 + t,
            ty: Some("default".into()),
            category: Some("console".into()),
            message: Some("log line ".repeat(55)),
            level: Some(Level::Info),
            data_json: Some(r#"{"arguments":["a",1,{"b":true}],"logger":"console"}"#.into()),
        });
    }
    for i in 0..12 {
        scope.set_tag(&format!("tag{i}"), "value");
        scope.set_extra(&format!("extra{i}"), Some(r#"{"nested":{"list":[1,2,3],"text":"some words"}}"#));
    }
    let event = Event { exceptions: vec![], message: Some("checkout failed".into()), ..worst_event(p, 0) };
    let event = Event { page: PageInfo::default(), release: None, environment: None, dist: None, ..event };
    let json = event.to_json_with_scope(&scope);
    assert!(json.len() <= MAX_EVENT_BYTES, "{} bytes", json.len());
    let v: Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["breadcrumbs"]["values"].as_array().map(Vec::len), Some(100));
}

/// Representative events for Relay's normalizer: linked errors, an exception group, a full
/// scope, page contexts with client hints, and the shrunk worst case (printable: control
/// characters in tags are the page's doing, and Relay marks them one by one).
fn samples() -> Vec<String> {
    let error = |name: &str, message: &str| Thrown::Error {
        name: name.into(),
        message: message.into(),
        stack: Some(format!("{name}: {message}\n    at f (https://shop.test/app.js:10:5)\n    at g (https://shop.test/app.js:20:7)")),
    };
    let base = Event {
        event_id: "0123456789abcdef0123456789abcdef".into(),
        timestamp_ms: 1_764_072_045_007,
        level: Level::Error,
        exceptions: vec![],
        message: None,
        release: Some("shop@1.2.3".into()),
        environment: Some("production".into()),
        dist: None,
        page: PageInfo {
            url: Some("https://shop.test/cart".into()),
            user_agent: Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36".into()),
            referrer: Some("https://shop.test/".into()),
            context: PageContext {
                hints: Some(ClientHints {
                    brands: vec![Brand { brand: "Google Chrome".into(), version: "124.0.6367.91".into() }],
                    platform: "Windows".into(),
                    platform_version: "15.0.0".into(),
                }),
                screen: Some((2560, 1440)),
                memory_size: PageContext::memory_from_gib(8.0),
                online: Some(true),
                locale: Some("de-DE".into()),
                timezone: Some("Europe/Berlin".into()),
                agent: None,
            }.into(),
        },
    };
    let mut scope = Scope::new();
    scope.set_user(Some(User { id: Some("42".into()), ip_address: Some("{{auto}}".into()), ..User::default() }));
    scope.set_tag("plan", "pro");
    scope.set_extra("cart", Some(r#"{"items":[{"sku":"a","qty":2}],"total":19.99}"#));
    scope.set_extra("note", Some(r#""text""#));
    scope.set_context("app", Some(r#"{"build":"7","features":["x","y"]}"#));
    scope.set_fingerprint(&["{{ default }}".into(), "checkout".into()]);
    scope.add_breadcrumb(Breadcrumb {
        timestamp_ms: 1_764_072_044_000,
        ty: Some("http".into()),
        category: Some("fetch".into()),
        message: None,
        level: Some(Level::Warning),
        data_json: Some(r#"{"method":"POST","url":"/api/pay","status_code":502}"#.into()),
    });
    scope.add_breadcrumb(Breadcrumb {
        ty: Some("default".into()),
        category: Some("ui.click".into()),
        message: Some("button#pay".into()),
        ..Breadcrumb::at(1_764_072_044_500)
    });

    let causes = Linked::causes(vec![error("Error", "payment failed"), error("TypeError", "fetch failed")]);
    let group = [
        Linked::top(error("AggregateError", "2 requests failed")),
        Linked { thrown: error("Error", "a"), source: LinkSource::Errors(0), parent: 0 },
        Linked { thrown: error("Error", "a's cause"), source: LinkSource::Cause, parent: 1 },
        Linked { thrown: error("Error", "b"), source: LinkSource::Errors(1), parent: 0 },
    ];
    let message = Event { message: Some("paid twice".into()), level: Level::Warning, ..base.clone() };
    vec![
        Event { exceptions: exceptions_from(&causes, Mechanism::OnError, None), ..base.clone() }.to_json_with_scope(&scope),
        Event { exceptions: exceptions_from(&group, Mechanism::OnUnhandledRejection, None), ..base.clone() }.to_json(),
        message.to_json_with_scope(&scope.merged(&{
            let mut ctx = Scope::new();
            ctx.set_level(Some(Level::Fatal));
            ctx
        })),
        // Release, environment and dist over Relay's 200/64/64 are refused field by field
        // (Relay drops the field, keeps the event); options are checked before they get here.
        Event { release: Some("shop@1.2.3".into()), environment: Some("production".into()), dist: Some("7".into()), ..worst_event(p, 1_764_072_045_007) }
            .to_json_with_scope(&worst_scope(p, 1_764_072_045_007)),
    ]
}

#[test]
fn samples_for_relay_are_json() {
    let samples = samples();
    for s in &samples {
        serde_json::from_str::<Value>(s).expect("valid JSON");
    }
    if let Some(path) = std::env::var_os("FAULTLINE_EVENTS_OUT") {
        std::fs::write(path, String::from("[") + &samples.join(",") + "]").expect("write samples");
    }
}
