//! Replays every captured stack under `tests/fixtures/stacks/<engine>/` against its
//! expected frames (see that folder's README for how they were made).

use std::fs;
use std::path::{Path, PathBuf};

use faultline::core::stack::{parse, Frame};
use serde_json::Value;

fn fixture_pairs() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stacks");
    let mut pairs = Vec::new();
    for engine in ["chromium", "gecko", "webkit"] {
        let dir = root.join(engine);
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        entries.sort();
        for txt in entries {
            let json = txt.with_extension("json");
            assert!(json.exists(), "{} has no sibling .json", txt.display());
            pairs.push((txt, json));
        }
    }
    pairs
}

fn expected_frames(json: &Path) -> Vec<Frame> {
    let text = fs::read_to_string(json).expect("read .json");
    let value: Value =
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", json.display()));
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

#[test]
fn every_fixture_parses_to_its_expected_frames() {
    let pairs = fixture_pairs();
    assert!(
        pairs.len() >= 30,
        "expected the captured fixtures, found {}",
        pairs.len()
    );
    let mut failures = Vec::new();
    for (txt, json) in &pairs {
        let stack = fs::read_to_string(txt).expect("read .txt");
        let got = parse(&stack);
        let want = expected_frames(json);
        if got != want {
            failures.push(format!(
                "{}:\n  got  {got:?}\n  want {want:?}",
                txt.display()
            ));
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
    for (txt, json) in fixture_pairs() {
        let stack = fs::read_to_string(&txt)
            .expect("read .txt")
            .replace('\n', "\r\n");
        assert_eq!(
            parse(&stack),
            expected_frames(&json),
            "{} with CRLF",
            txt.display()
        );
    }
}
