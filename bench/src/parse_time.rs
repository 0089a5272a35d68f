//! Times `faultline::core::stack::parse` (and `event::exception_from`, which bounds its
//! input first) on huge stacks, natively, and prints one JSON object per case on stdout:
//! `{"case", "bytes", "lines", "frames", "runs", "median_ms", "min_ms"}`.
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml [RUNS]
//! ```
//!
//! The inputs are built here, deterministically: realistic frame lines in V8's and
//! Firefox's formats repeated to 1 MB, and to 100,000 lines. Native timings, not wasm:
//! in a browser expect a small constant factor more.

use std::hint::black_box;
use std::time::{Duration, Instant};

use faultline::core::event::{exception_from, Mechanism, Thrown};
use faultline::core::stack::parse;

const MB: usize = 1 << 20;

fn v8_line(i: usize) -> String {
    format!(
        "    at Module.handler{i} (https://app.example.com/static/js/main.3f2a1c.js:{}:{})\n",
        1 + i % 5000,
        1 + i % 120
    )
}

fn gecko_line(i: usize) -> String {
    format!(
        "handler{i}@https://app.example.com/static/js/main.3f2a1c.js:{}:{}\n",
        1 + i % 5000,
        1 + i % 120
    )
}

/// `header` then lines from `line` until `bytes` (when `Some`) or `lines` lines.
fn build(header: &str, line: fn(usize) -> String, bytes: Option<usize>, lines: usize) -> String {
    let mut s = String::from(header);
    for i in 0.. {
        let next = line(i);
        match bytes {
            Some(max) if s.len() + next.len() > max => break,
            None if i == lines => break,
            _ => s.push_str(&next),
        }
    }
    s
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut out = black_box(f()); // warm-up, and the result to report
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        out = black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times[0], out)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(15)
        .max(1);
    let cases = [
        (
            "1 MB V8 stack",
            build("Error: deep\n", v8_line, Some(MB), 0),
        ),
        ("1 MB Firefox stack", build("", gecko_line, Some(MB), 0)),
        (
            "1 MB single line",
            format!("    at f (https://a.test/{}.js:1:2)", "a".repeat(MB - 40)),
        ),
        (
            "100,000-line V8 stack",
            build("Error: deep\n", v8_line, None, 100_000),
        ),
        (
            "100,000-line Firefox stack",
            build("", gecko_line, None, 100_000),
        ),
    ];
    for (name, stack) in &cases {
        let (median, min, frames) = time(runs, || parse(stack).len());
        report(name, "parse", stack, frames, runs, median, min);
    }
    // What a page pays: exception_from cuts the stack to 256 KiB and keeps 50 frames.
    for (name, stack) in cases.iter().filter(|(n, _)| n.starts_with("100,000")) {
        let thrown = Thrown::Error {
            name: "Error".into(),
            message: "deep".into(),
            stack: Some(stack.clone()),
        };
        let (median, min, frames) = time(runs, || {
            exception_from(&thrown, Mechanism::OnError, None)
                .frames
                .len()
        });
        report(name, "exception_from", stack, frames, runs, median, min);
    }
}

fn report(
    name: &str,
    what: &str,
    stack: &str,
    frames: usize,
    runs: usize,
    median: Duration,
    min: Duration,
) {
    println!(
        "{{\"case\":\"{name}\",\"fn\":\"{what}\",\"bytes\":{},\"lines\":{},\"frames\":{frames},\"runs\":{runs},\"median_ms\":{:.3},\"min_ms\":{:.3}}}",
        stack.len(),
        stack.split('\n').count(),
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
    );
}
