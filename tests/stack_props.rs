//! Property tests for the stack parser, with a hand-rolled xorshift generator (no
//! dependency, fixed seeds, fast):
//! - mutated real stacks and random bytes never panic, give at most one frame per line,
//!   and every function and filename is text taken from the input;
//! - frames rendered in each engine's format parse back to themselves;
//! - huge inputs (a 1 MB line, 100,000 lines, adversarial repetitions) parse quickly.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use faultline::core::stack::{parse, Frame};

mod common;
use common::Rng;

/// Pieces of stack syntax that mutations splice in, so they reach deep paths.
const TOKENS: &[&str] = &[
    "    at ",
    "at ",
    "async ",
    "new ",
    " (",
    ")",
    "(",
    "@",
    ":",
    ":1",
    ":12:34",
    "\n",
    "\r\n",
    "eval at ",
    "eval at f (",
    "), <anonymous>:1:2",
    "<anonymous>",
    "native",
    "index 0",
    " [as x]",
    " line 3 > eval",
    " line ",
    " > ",
    ":wasm-function[1]:0x2a",
    "]:0x",
    "[native code]",
    "global code@",
    "https://a.test/x.js",
    "wasm://wasm/ab",
    "4294967296",
    "99999999999999999999",
    "é",
    "ф",
    "\u{FFFD}",
    "\u{0}",
    " ",
    "\t",
    "debugger eval code",
    "Error: ",
    "(null)@",
    "address at ",
    "native code",
    "Line 3 of linked script ",
    " of inline#1 script in ",
    ": In function ",
    "([arguments not available])",
    "Error created at ",
    "<anonymous function: f>",
    ") (",
];

/// Every fixture stack (all folders under `tests/fixtures/stacks/`), in path order.
fn fixture_stacks(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            fixture_stacks(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "txt") {
            out.push(fs::read_to_string(path).expect("read seed"));
        }
    }
}

fn seed_stacks() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stacks");
    let mut seeds = Vec::new();
    fixture_stacks(&root, &mut seeds);
    seeds.push(
        "Error: x\n    at eval (eval at a (eval at b (https://a.test/x.js:1:2)), <anonymous>:3:4)"
            .into(),
    );
    seeds.push(
        "f@https://a.test/x.js line 3 > eval line 1 > eval:1:1\n[native code]\neval code@".into(),
    );
    seeds
}

fn mutate(rng: &mut Rng, input: &str) -> String {
    let mut bytes = input.as_bytes().to_vec();
    for _ in 0..=rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => {
                let token = rng.pick(TOKENS).as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            1 => {
                let end = (at + rng.below(20)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(40)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            3 => bytes.insert(at, u8::try_from(rng.below(256)).expect("byte")),
            4 => {
                // Break a character: invalid UTF-8 becomes U+FFFD below.
                if at < bytes.len() {
                    bytes[at] = 0x80 | u8::try_from(rng.below(64)).expect("byte");
                }
            }
            _ => {
                let token = rng.pick(TOKENS).as_bytes();
                let end = (at + token.len()).min(bytes.len());
                bytes.splice(at..end, token.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn random_bytes(rng: &mut Rng) -> String {
    let len = rng.below(200);
    let bytes: Vec<u8> = (0..len)
        .map(|_| u8::try_from(rng.below(256)).expect("byte"))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The invariants every parse must keep, whatever the input.
fn assert_invariants(input: &str) {
    let frames = parse(input);
    let lines = input.split('\n').count();
    assert!(
        frames.len() <= lines,
        "{} frames from {lines} lines: {input:?}",
        frames.len()
    );
    for frame in &frames {
        for text in [&frame.function, &frame.filename].into_iter().flatten() {
            assert!(
                !text.is_empty() && text.trim() == text,
                "untrimmed {text:?} from {input:?}"
            );
            assert!(
                input.contains(text.as_str()),
                "{text:?} is not from {input:?}"
            );
        }
    }
}

#[test]
fn mutated_stacks_keep_the_invariants() {
    let seeds = seed_stacks();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let seed = rng.pick(&seeds).clone();
        let line_count = seed.lines().count().max(1);
        // Mutating one line at a time keeps most of the stack well formed.
        let input = if rng.below(2) == 0 {
            mutate(&mut rng, &seed)
        } else {
            let target = rng.below(line_count);
            let mut lines: Vec<String> = seed.split('\n').map(str::to_owned).collect();
            if let Some(line) = lines.get_mut(target) {
                *line = mutate(&mut rng, line);
            }
            lines.join("\n")
        };
        assert_invariants(&input);
    }
}

#[test]
fn random_bytes_keep_the_invariants() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        assert_invariants(&random_bytes(&mut rng));
    }
}

/// 1 to `max_len` characters from `alphabet`.
fn word(rng: &mut Rng, alphabet: &[char], max_len: usize) -> String {
    let len = 1 + rng.below(max_len);
    (0..len).map(|_| *rng.pick(alphabet)).collect()
}

const NAME: &[char] = &['a', 'b', 'Z', '_', '$', '.', '1', 'é', 'ф', '<', '>'];
const PATH: &[char] = &[
    'a', 'b', '/', '.', '-', '_', '1', '9', ' ', '(', ')', '@', '?', '=', '#', '%', 'é', 'ф', ',',
];
const SCHEMES: &[&str] = &[
    "https://a.test",
    "http://localhost:8080",
    "file:///C:",
    "blob:https://a.test",
    "webpack://app",
    "chrome-extension://abc",
    "moz-extension://abc",
];

/// A frame with a name two times in three, a URL (spaces only when `spaces`), a position.
///
/// With spaces (V8), a `)` that closes nothing is left out of the path: `at a (x) (y:1:2)`
/// is a name `a (x)` (computed names print like that) as much as a location `x) (y`, and
/// the parser reads the name (see `split_name_location` in `chromium.rs`). Unbalanced
/// `(` and balanced `(1)` stay in.
fn random_frame(rng: &mut Rng, spaces: bool) -> Frame {
    let named = rng.below(3) > 0;
    let mut path = word(rng, PATH, 30);
    if !spaces {
        path.retain(|c| c != ' ');
    } else {
        let mut depth = 0usize;
        path.retain(|c| match c {
            '(' => {
                depth += 1;
                true
            }
            ')' if depth == 0 => false,
            ')' => {
                depth -= 1;
                true
            }
            _ => true,
        });
    }
    // Names and filenames come back trimmed.
    let path = path.trim_end();
    Frame {
        function: named.then(|| word(rng, NAME, 12)),
        filename: Some(format!("{}/{}", rng.pick(SCHEMES), path)),
        lineno: Some(u32::try_from(rng.below(100_000)).expect("small")),
        colno: Some(u32::try_from(rng.below(1_000)).expect("small")),
    }
}

fn position(frame: &Frame) -> String {
    format!(
        "{}:{}:{}",
        frame.filename.as_deref().unwrap_or(""),
        frame.lineno.unwrap_or(0),
        frame.colno.unwrap_or(0)
    )
}

#[test]
fn rendered_frames_parse_back() {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    for round in 0..2_000 {
        let count = 1 + rng.below(8);
        // V8: `    at name (url:line:col)` or `    at url:line:col`, after a header.
        let v8: Vec<Frame> = (0..count).map(|_| random_frame(&mut rng, true)).collect();
        let mut text = String::from("Error: rendered");
        for frame in &v8 {
            match &frame.function {
                Some(name) => text += &format!("\n    at {name} ({})", position(frame)),
                None => text += &format!("\n    at {}", position(frame)),
            }
        }
        assert_eq!(parse(&text), v8, "round {round}: {text}");

        // Firefox and Safari: `name@url:line:col` (Firefox URLs have no spaces).
        let gecko: Vec<Frame> = (0..count).map(|_| random_frame(&mut rng, false)).collect();
        let text: Vec<String> = gecko
            .iter()
            .map(|frame| {
                format!(
                    "{}@{}",
                    frame.function.as_deref().unwrap_or(""),
                    position(frame)
                )
            })
            .collect();
        let text = text.join("\n");
        assert_eq!(parse(&text), gecko, "round {round}: {text}");
    }
}

/// Parses `input` and fails if it takes longer than a linear parse reasonably could,
/// even unoptimized on a slow machine (a quadratic one takes minutes on these sizes).
fn parse_within(label: &str, input: &str, limit: Duration) -> Vec<Frame> {
    let start = Instant::now();
    let frames = parse(input);
    let took = start.elapsed();
    assert!(took < limit, "{label}: {} bytes took {took:?}", input.len());
    frames
}

#[test]
fn huge_inputs_parse_in_linear_time() {
    const MB: usize = 1 << 20;
    let limit = Duration::from_secs(3);

    let long_url = format!("    at f (https://a.test/{}.js:1:2)", "a".repeat(MB));
    assert_eq!(parse_within("1 MB V8 line", &long_url, limit).len(), 1);

    let long_gecko = format!("f@https://a.test/{}.js:1:2", "a".repeat(MB));
    assert_eq!(
        parse_within("1 MB Firefox line", &long_gecko, limit).len(),
        1
    );

    let adversarial = [
        ("@", "@".repeat(MB)),
        (
            "eval at",
            format!(
                "    at {}https://a.test/x.js:1:2{}",
                "eval at f (".repeat(MB / 11),
                ")".repeat(MB / 11)
            ),
        ),
        (
            " line ",
            format!("@https://a.test/x.js{}:1:2", " line 1".repeat(MB / 7)),
        ),
        (" (", format!("    at f{})", " (".repeat(MB / 2))),
        (
            "digits",
            format!(
                "    at f (x.js:{}:{})",
                "9".repeat(MB / 2),
                "1".repeat(MB / 2)
            ),
        ),
        ("colons", ":1".repeat(MB / 2)),
        ("at", "at ".repeat(MB / 3)),
        (
            "scheme-like",
            format!(
                "f{}",
                "@abcdefghijklmnopqrstuvwxyz0123456789".repeat(MB / 37)
            ),
        ),
        (
            "[as",
            format!("    at f{} (x.js:1:2)", " [as x]".repeat(MB / 7)),
        ),
        (
            "wasm",
            format!("    at {}", ":wasm-function[".repeat(MB / 15)),
        ),
        (
            "balanced ( )",
            format!("    at f{}(https://a.test/x.js:1:2)", " (a)".repeat(MB / 4)),
        ),
        (
            "location-like ( )",
            format!("    at f{})", " (https://a.test/x.js:1:2)".repeat(MB / 26)),
        ),
        (
            "argument list",
            format!(
                "f{}{}@https://a.test/x.js:1",
                "(".repeat(MB / 2),
                ")".repeat(MB / 2)
            ),
        ),
        (
            "presto",
            format!(
                "  Line 1 of inline#{} script in https://a.test/",
                "1".repeat(MB)
            ),
        ),
    ];
    for (label, line) in &adversarial {
        let frames = parse_within(label, line, limit);
        assert!(frames.len() <= 1, "{label}");
    }

    let many_v8: String = (0..100_000)
        .map(|i| format!("    at f{i} (https://a.test/app.js:{i}:1)\n"))
        .collect();
    let frames = parse_within(
        "100,000 V8 lines",
        &format!("Error: many\n{many_v8}"),
        limit,
    );
    assert_eq!(frames.len(), 100_000);
    assert_eq!(frames[99_999].lineno, Some(99_999));

    let many_gecko: String = (0..100_000)
        .map(|i| format!("f{i}@https://a.test/app.js:{i}:1\n"))
        .collect();
    assert_eq!(
        parse_within("100,000 Firefox lines", &many_gecko, limit).len(),
        100_000
    );

    let many_junk = "Error: not a frame at all\n".repeat(100_000);
    assert!(parse_within("100,000 junk lines", &many_junk, limit).is_empty());
}
