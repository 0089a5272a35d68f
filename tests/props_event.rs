//! Property tests for `event::exception_from`, with a hand-rolled xorshift generator (no
//! dependency, fixed seeds, fast): for any thrown value (errors with random, mutated or
//! huge stacks and messages, primitives, objects with many keys), any mechanism and any
//! `ErrorEvent` location, it never panics, every string and the frame list stay within
//! the limits `event.rs` declares, and the event built from it serializes to JSON that
//! parses back.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use faultline::core::event::{
    exception_from, Event, EventLocation, Exception, Level, Mechanism, PageInfo, Thrown,
    KEEP_INNER_FRAMES, KEEP_OUTER_FRAMES, MAX_NAME_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES,
};
use serde_json::Value;

mod common;
use common::Rng;

fn any_string(rng: &mut Rng, max_len: usize) -> String {
    common::any_string(rng, max_len, NASTY)
}

const NASTY: &[char] = &[
    '"', '\\', '\n', '\r', '\t', '\u{0}', '\u{1f}', 'é', 'ф', '😀', '\u{2028}', '@', ':', '(', ')',
];


/// Sometimes short, sometimes far over `limit` (multi-byte, so cuts land inside chars).
fn sized_string(rng: &mut Rng, limit: usize) -> String {
    match rng.below(5) {
        0 => "é".repeat(limit / 2 + rng.below(8)),
        1 => "😀".repeat(limit / 4 + rng.below(8)),
        2 => "x".repeat(limit + rng.below(3) - 1),
        _ => any_string(rng, 40),
    }
}

/// Every captured stack under `tests/fixtures/stacks`, whatever the folder layout.
fn seed_stacks() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "txt") {
                out.push(fs::read_to_string(path).expect("read seed"));
            }
        }
    }
    let mut seeds = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stacks"),
        &mut seeds,
    );
    seeds.sort();
    seeds.push("Error: x\n    at f (https://a.test/x.js:1:2)".into());
    seeds
}

/// A stack string: a captured one (maybe cut or repeated), a generated long one with
/// huge names and URLs, or random text.
fn any_stack(rng: &mut Rng, seeds: &[String]) -> String {
    match rng.below(5) {
        0 => {
            let seed = rng.pick(seeds);
            let cut = rng.below(seed.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&i| seed.is_char_boundary(i))
                .unwrap_or(0);
            seed[..cut].to_owned()
        }
        1 => rng.pick(seeds).repeat(1 + rng.below(20)),
        2 => {
            let lines = rng.below(200);
            let mut s = String::from("Error: generated");
            for i in 0..lines {
                let name = sized_string(rng, MAX_NAME_BYTES);
                let url =
                    sized_string(rng, MAX_URL_BYTES).replace([' ', '(', ')', '\n', '\r'], "_");
                if rng.chance(2) {
                    s += &format!(
                        "\n    at {} (https://a.test/{url}:{i}:1)",
                        name.replace(['\n', '\r', '('], "_")
                    );
                } else {
                    s += &format!(
                        "\n{}@https://a.test/{url}:{i}:1",
                        name.replace(['\n', '\r', '@'], "_")
                    );
                }
            }
            s
        }
        3 => any_string(rng, 300),
        _ => rng.pick(seeds).clone(),
    }
}

/// What `typeof` says of a primitive.
const TYPE_OF: &[&str] = &[
    "string",
    "number",
    "boolean",
    "symbol",
    "bigint",
    "undefined",
    "object",
];

fn any_thrown(rng: &mut Rng, seeds: &[String]) -> Thrown {
    match rng.below(4) {
        0 | 1 => Thrown::Error {
            name: if rng.chance(4) {
                String::new()
            } else {
                sized_string(rng, MAX_NAME_BYTES)
            },
            message: sized_string(rng, MAX_VALUE_BYTES),
            stack: if rng.chance(6) {
                None
            } else {
                Some(any_stack(rng, seeds))
            },
        },
        2 => Thrown::Primitive {
            type_of: TYPE_OF[rng.below(TYPE_OF.len())],
            repr: sized_string(rng, MAX_VALUE_BYTES),
        },
        _ => Thrown::Object {
            class: if rng.chance(3) {
                "Object".into()
            } else {
                sized_string(rng, MAX_NAME_BYTES)
            },
            keys: (0..rng.below(60)).map(|_| sized_string(rng, 300)).collect(),
        },
    }
}

fn any_location(rng: &mut Rng) -> Option<EventLocation> {
    rng.chance(2).then(|| EventLocation {
        message: rng.chance(2).then(|| any_string(rng, 40)),
        filename: match rng.below(3) {
            0 => None,
            1 => Some(String::new()),
            _ => Some(sized_string(rng, MAX_URL_BYTES)),
        },
        lineno: rng
            .chance(2)
            .then(|| u32::try_from(rng.next() >> 32).expect("u32")),
        colno: rng
            .chance(2)
            .then(|| u32::try_from(rng.next() >> 32).expect("u32")),
    })
}

fn assert_bounded(exc: &Exception, what: &dyn Fn() -> String) {
    assert!(
        !exc.ty.is_empty() && exc.ty.len() <= MAX_NAME_BYTES,
        "type {} bytes: {}",
        exc.ty.len(),
        what()
    );
    assert!(
        exc.value.len() <= MAX_VALUE_BYTES,
        "value {} bytes: {}",
        exc.value.len(),
        what()
    );
    assert!(
        exc.frames.len() <= KEEP_INNER_FRAMES + KEEP_OUTER_FRAMES,
        "{} frames: {}",
        exc.frames.len(),
        what()
    );
    if exc.frames_omitted > 0 {
        assert_eq!(
            exc.frames.len(),
            KEEP_INNER_FRAMES + KEEP_OUTER_FRAMES,
            "{}",
            what()
        );
    }
    for f in &exc.frames {
        assert!(
            f.function
                .as_ref()
                .map_or(true, |s| s.len() <= MAX_NAME_BYTES),
            "function: {}",
            what()
        );
        assert!(
            f.filename
                .as_ref()
                .map_or(true, |s| s.len() <= MAX_URL_BYTES),
            "filename: {}",
            what()
        );
    }
}

fn event_json(exc: Exception) -> String {
    Event {
        event_id: "0123456789abcdef0123456789abcdef".into(),
        timestamp_ms: 1_764_072_045_007,
        level: Level::Error,
        exceptions: vec![exc],
        message: None,
        release: None,
        environment: None,
        dist: None,
        page: PageInfo::default(),
    }
    .to_json()
}

#[test]
fn exception_from_never_panics_and_stays_bounded() {
    let seeds = seed_stacks();
    let mut rng = Rng(0x5EED_E7E7_0000_0001);
    let mechanisms = [
        Mechanism::OnError,
        Mechanism::OnUnhandledRejection,
        Mechanism::Generic,
    ];
    for round in 0..1_000 {
        let thrown = any_thrown(&mut rng, &seeds);
        let mechanism = *rng.pick(&mechanisms);
        let location = any_location(&mut rng);
        let exc = exception_from(&thrown, mechanism, location.as_ref());
        let what = || format!("round {round}");
        assert_bounded(&exc, &what);
        assert_eq!(exc.mechanism, mechanism);

        // No stack frames: the location, when it names a file, is the one frame.
        let stackless = match &thrown {
            Thrown::Error { stack, .. } => stack.is_none(),
            _ => true,
        };
        let has_file = location
            .as_ref()
            .and_then(|l| l.filename.as_deref())
            .is_some_and(|f| !f.is_empty());
        if stackless {
            assert_eq!(exc.frames.len(), usize::from(has_file), "{}", what());
        }

        if round % 10 == 0 {
            let json = event_json(exc);
            let back: Value =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", what()));
            assert!(back["exception"]["values"][0]["type"].is_string());
        }
    }
}

#[test]
fn exception_from_huge_inputs_is_fast_and_bounded() {
    const MB: usize = 1 << 20;
    let limit = Duration::from_secs(2);
    let many: String = (0..100_000)
        .map(|i| format!("\n    at f{i} (https://a.test/app.js:{i}:1)"))
        .collect();
    let cases = [
        (
            "1 MB message and name",
            "N".repeat(MB),
            "m".repeat(MB),
            None,
        ),
        (
            "1 MB one-line stack",
            "Error".into(),
            "x".into(),
            Some(format!(
                "    at f (https://a.test/{}.js:1:2)",
                "a".repeat(MB)
            )),
        ),
        (
            "100,000 frames",
            "Error".into(),
            "many".into(),
            Some(format!("Error: many{many}")),
        ),
        (
            "1 MB of newlines",
            "Error".into(),
            "x".into(),
            Some("\n".repeat(MB)),
        ),
        (
            "1 MB of @",
            "Error".into(),
            "x".into(),
            Some("@".repeat(MB)),
        ),
    ];
    for (label, name, message, stack) in cases {
        let thrown = Thrown::Error {
            name,
            message,
            stack,
        };
        let start = Instant::now();
        let exc = exception_from(&thrown, Mechanism::OnError, None);
        let took = start.elapsed();
        assert!(took < limit, "{label}: took {took:?}");
        assert_bounded(&exc, &|| label.to_owned());
    }

    // 100,000 frames: the stack is cut at MAX_STACK_BYTES, then capped to 40 + 10.
    let thrown = Thrown::Error {
        name: "Error".into(),
        message: "many".into(),
        stack: Some(format!("Error: many{many}")),
    };
    let exc = exception_from(&thrown, Mechanism::Generic, None);
    assert_eq!(exc.frames.len(), KEEP_INNER_FRAMES + KEEP_OUTER_FRAMES);
    assert!(exc.frames_omitted > 0);
    // Sentry order: the innermost frame (f0, where it threw) is last.
    assert_eq!(
        exc.frames.last().and_then(|f| f.function.as_deref()),
        Some("f0")
    );

    let object = Thrown::Object {
        class: "C".repeat(MB),
        keys: (0..10_000).map(|i| format!("k{i}").repeat(100)).collect(),
    };
    let start = Instant::now();
    let exc = exception_from(&object, Mechanism::OnUnhandledRejection, None);
    assert!(
        start.elapsed() < limit,
        "10,000 keys took {:?}",
        start.elapsed()
    );
    assert_bounded(&exc, &|| "object with 10,000 keys".to_owned());
}

/// The event a worst-case stack produces: 50 frames whose function and filename are at
/// their byte limits and made of characters JSON must escape as `\u00XX` (6 bytes each).
/// A page can set `error.stack` to anything, so this is reachable. Collectors reject
/// events over 1 MiB (Bugsink answers 413).
fn worst_case_event_bytes() -> usize {
    let name = "\u{1}".repeat(MAX_NAME_BYTES * 2);
    let url = "\u{1}".repeat(MAX_URL_BYTES * 2);
    let stack: String = (0..60)
        .map(|i| format!("\n    at {name} ({url}:{i}:1)"))
        .collect();
    let thrown = Thrown::Error {
        name: name.clone(),
        message: "\u{1}".repeat(MAX_VALUE_BYTES * 2),
        stack: Some(stack),
    };
    let exc = exception_from(&thrown, Mechanism::OnError, None);
    assert_eq!(exc.frames.len(), KEEP_INNER_FRAMES + KEEP_OUTER_FRAMES);
    let json = event_json(exc);
    serde_json::from_str::<Value>(&json).expect("JSON");
    json.len()
}

#[test]
fn worst_case_event_serializes_to_json() {
    assert!(worst_case_event_bytes() > 0);
}

#[test]
fn worst_case_event_is_under_one_mib() {
    let bytes = worst_case_event_bytes();
    assert!(bytes < 1 << 20, "worst-case event is {bytes} bytes");
}
