//! Replays every stack under `tests/fixtures/stacks/` against its expected frames (see that
//! folder's README for how they were made): each `<name>.txt` is an `error.stack`, the
//! sibling `<name>.json` the frames `parse` must return. When a `<name>.meta.json` records
//! the thrown error's `name` and `message`, the header is first removed with
//! `strip_header`, as `examples/parse_stack.rs` (the benchmark contract) does.

use std::fs;
use std::path::{Path, PathBuf};

use faultline::core::stack::{parse, strip_header, Frame};
use serde_json::Value;

struct Fixture {
    txt: PathBuf,
    json: PathBuf,
    meta: Option<PathBuf>,
}

/// Every `.txt` under `dir`, depth first, in name order.
fn walk(dir: &Path, out: &mut Vec<Fixture>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "txt") {
            let json = path.with_extension("json");
            assert!(json.exists(), "{} has no sibling .json", path.display());
            let meta = path.with_extension("meta.json");
            out.push(Fixture {
                meta: meta.exists().then_some(meta),
                txt: path,
                json,
            });
        }
    }
}

fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stacks");
    let mut out = Vec::new();
    walk(&root, &mut out);
    out
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).expect("read .json");
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn expected_frames(json: &Path) -> Vec<Frame> {
    let value = read_json(json);
    let frames = value.as_array().expect("top level is an array");
    frames
        .iter()
        .map(|frame| Frame {
            function: frame["function"].as_str().map(str::to_owned),
            filename: frame["filename"].as_str().map(str::to_owned),
            lineno: frame["lineno"]
                .as_u64()
                .map(|n| u32::try_from(n).expect("u32")),
            colno: frame["colno"]
                .as_u64()
                .map(|n| u32::try_from(n).expect("u32")),
        })
        .collect()
}

/// The thrown error's `name` and `message` from the meta file, empty when unknown.
fn name_and_message(fixture: &Fixture) -> (String, String) {
    let Some(meta) = &fixture.meta else {
        return (String::new(), String::new());
    };
    let meta = read_json(meta);
    let field = |key: &str| meta["thrown"][key].as_str().unwrap_or("").to_owned();
    (field("name"), field("message"))
}

fn parsed(fixture: &Fixture, crlf: bool) -> Vec<Frame> {
    let mut stack = fs::read_to_string(&fixture.txt).expect("read .txt");
    let (mut name, mut message) = name_and_message(fixture);
    if crlf {
        stack = stack.replace('\n', "\r\n");
        message = message.replace('\n', "\r\n");
        name = name.replace('\n', "\r\n");
    }
    parse(strip_header(&stack, &name, &message))
}

#[test]
fn every_fixture_parses_to_its_expected_frames() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 150,
        "expected the captured and legacy fixtures, found {}",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let got = parsed(fixture, false);
        let want = expected_frames(&fixture.json);
        if got != want {
            let mut diff = String::new();
            for i in 0..got.len().max(want.len()) {
                if got.get(i) != want.get(i) {
                    diff += &format!(
                        "\n  frame {i}:\n    got  {:?}\n    want {:?}",
                        got.get(i),
                        want.get(i)
                    );
                }
            }
            failures.push(format!("{}:{diff}", fixture.txt.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_parse_the_same_with_crlf_line_ends() {
    for fixture in fixtures() {
        assert_eq!(
            parsed(&fixture, true),
            expected_frames(&fixture.json),
            "{} with CRLF",
            fixture.txt.display()
        );
    }
}

#[test]
fn every_engine_folder_has_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stacks");
    for dir in ["chromium", "firefox", "webkit", "legacy"] {
        let mut out = Vec::new();
        walk(&root.join(dir), &mut out);
        assert!(out.len() >= 10, "{dir}: only {} fixtures", out.len());
    }
}
