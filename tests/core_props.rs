//! Property tests for the pieces of issue 5 that read untrusted text, with the shared xorshift
//! generator (fixed seeds): whatever string `JSON.stringify` was given (lone surrogates
//! included), `json::fragment` of its output parses in serde_json (the parser Relay uses), and
//! `ua::parse` never panics and keeps its output small on mutated real User-Agent strings,
//! hints included.

use faultline::core::json::fragment;
use faultline::core::ua::{parse, Brand, ClientHints};
use serde_json::Value;

mod common;
use common::Rng;

/// `JSON.stringify` of a JS string given as UTF-16 code units (ES2019 well-formed: a lone
/// surrogate is written as a lowercase `\uXXXX` escape).
fn stringify(units: &[u16]) -> String {
    let mut out = String::from("\"");
    for item in char::decode_utf16(units.iter().copied()) {
        match item {
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok('\n') => out.push_str("\\n"),
            Ok(c) if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            Ok(c) => out.push(c),
            Err(e) => out.push_str(&format!("\\u{:04x}", e.unpaired_surrogate())),
        }
    }
    out.push('"');
    out
}

const PLATFORMS: &[&str] = &["Windows", "macOS", "Android", "Chrome OS", ""];
const SPECIAL_UNITS: &[u16] = &[0x22, 0x5C, 0x0A, 0x01, 0x75];

fn any_units(rng: &mut Rng) -> Vec<u16> {
    (0..rng.below(12))
        .map(|_| match rng.below(6) {
            0 => 0xD800 + rng.below(0x400) as u16,
            1 => 0xDC00 + rng.below(0x400) as u16,
            2 => *rng.pick(SPECIAL_UNITS),
            3 => 0xE9,
            _ => 0x61 + rng.below(26) as u16,
        })
        .collect()
}

#[test]
fn fragments_of_any_js_string_parse_in_serde_json() {
    let mut rng = Rng(0x15_0A11_D000_0005);
    let mut mended = 0;
    for _ in 0..20_000 {
        let units = any_units(&mut rng);
        let text = format!("{{\"k\":{},\"n\":[1,{}]}}", stringify(&units), stringify(&any_units(&mut rng)));
        let out = fragment(&text, true).expect("an object");
        let parsed: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{text:?} → {out:?}: {e}"));
        if serde_json::from_str::<Value>(&text).is_ok() {
            assert_eq!(out, text, "valid text is kept as it is");
        } else {
            mended += 1;
            assert!(parsed["k"].is_string());
        }
    }
    assert!(mended > 1000, "lone surrogates should be common here ({mended})");
}

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, *rng.pick(&['{', '}', '[', ']', ',', ':', '"', '\\', '0', 'e', '-', ' '])),
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

const UAS: &[&str] = &[
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36",
];

#[test]
fn ua_parse_never_panics_and_stays_small() {
    let mut rng = Rng(0x0A11_0A11_0000_0005);
    for _ in 0..20_000 {
        let seed = *rng.pick(UAS);
        let ua = mutate(&mut rng, seed);
        let ua = if rng.chance(4) { ua.repeat(1 + rng.below(50)) } else { ua };
        let hints = rng.chance(2).then(|| ClientHints {
            brands: (0..rng.below(12))
                .map(|_| Brand { brand: mutate(&mut rng, "Google Chrome"), version: mutate(&mut rng, "124.0.6367.91") })
                .collect(),
            platform: {
                let platform = *rng.pick(PLATFORMS);
                mutate(&mut rng, platform)
            },
            platform_version: mutate(&mut rng, "15.0.0"),
        });
        let agent = parse(&ua, hints.as_ref());
        for sw in agent.browser.iter().chain(agent.os.iter()) {
            assert!(!sw.name.is_empty() && sw.name.len() <= 64, "{ua:?}");
            assert!(sw.version.as_ref().map_or(true, |v| v.len() <= 3 * 11 + 2), "{ua:?}");
        }
    }
}
