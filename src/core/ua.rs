//! Browser and OS from the User-Agent string, refined by User-Agent Client Hints.
//!
//! Sentry shows `contexts.browser` and `contexts.os` on every issue. Relay derives them from
//! the `User-Agent` header with uap-core's regex list (`relay-event-normalization`,
//! `normalize/user_agent.rs`, read 2026-11); a regex engine and that list would outweigh the
//! whole SDK, so this parser looks for the few tokens that name today's browsers, by hand, in
//! priority order. Names follow uap-core's families as Relay reports them, so issues look
//! the same as with the reference SDK: `Chrome`, `Chrome Mobile`, `Chrome Mobile WebView`,
//! `Chrome Mobile iOS`, `Chromium`, `HeadlessChrome`, `Edge`, `Edge Mobile`, `Opera`,
//! `Firefox`, `Firefox Mobile`, `Firefox iOS`, `Safari`, `Mobile Safari`,
//! `Mobile Safari UI/WKWebView`, `Samsung Internet`, `IE`. Versions have at most three parts
//! (`Chrome/156.0.7000.12` → `156.0.7000`), as Relay's `get_version` writes them.
//!
//! OS names: `Windows`, `macOS`, `iOS`, `iPadOS` (13 and later), `Android`, `Chrome OS`,
//! `Linux`. `Windows NT 6.1` is `7`, `6.2` `8`, `6.3` `8.1`, `6.0` `Vista`, `5.1`/`5.2`
//! `XP`, `5.0` `2000`. Browsers froze the version they report at `Windows NT 10.0` (also on
//! Windows 11), macOS `10_15_7` (Firefox: `10.15`): those read `>=10`, `>=10.15.7`, `>=10.15`,
//! as Relay marks them. (uap-core says `Mac OS X`; Client Hints and Apple say `macOS`.)
//!
//! Client Hints (`navigator.userAgentData`, Chromium only) are exact where the UA string is
//! frozen. Brands: the first that is not GREASE (`Not A(Brand`: any name with `Brand`) nor
//! `Chromium` names the browser (`Google Chrome` → `Chrome`, `Microsoft Edge` → `Edge`, as
//! the UA would); a bare `Chromium` only when the UA named nothing. A UA name that refines
//! the brand (`Chrome Mobile` for `Chrome`) is kept; a brand version with a dot (from
//! `fullVersionList`) replaces the UA's. `platform` names the OS, `platformVersion` gives its
//! version; for Windows as Microsoft documents it ("Detect Windows 11 … using User-Agent
//! Client Hints", learn.microsoft.com, read 2026-11): 13 and up is `11`, 1 to 10 is `10`,
//! `0` keeps the UA's (7, 8, 8.1).
//!
//! ```
//! use faultline::core::ua::{parse, Software};
//! let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
//! let agent = parse(ua, None);
//! assert_eq!(agent.browser, Some(Software::new("Firefox", Some("153.0"))));
//! assert_eq!(agent.os, Some(Software::new("Linux", None)));
//! ```
//!
//! Left out: devices (model, brand), bots, in-app browsers (Facebook, Instagram), Opera Mini,
//! Presto-era Opera, UC Browser, Yandex and other regional browsers (their UA names Chrome,
//! and they report as Chrome), iPads that ask for desktop sites (their UA is a Mac's).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text::{self, bounded};

/// `text::find`, kept out of line: inlined at each of the two dozen token checks below it
/// would cost the wasm a copy of the scan each time.
#[inline(never)]
fn find(hay: &str, token: &str) -> Option<usize> {
    text::find(hay, token)
}

fn has(hay: &str, token: &str) -> bool {
    find(hay, token).is_some()
}

/// Longest browser or OS name taken from a client hint.
pub const MAX_NAME_BYTES: usize = 64;
/// Longest version: three parts of up to ten digits each.
const MAX_PART_DIGITS: usize = 10;
/// Brands looked at; real lists hold three or four.
const MAX_BRANDS: usize = 8;

/// A name and version, as Sentry's `browser` and `os` contexts hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Software {
    pub name: String,
    pub version: Option<String>,
}

impl Software {
    pub fn new(name: &str, version: Option<&str>) -> Software {
        Software { name: name.to_string(), version: version.map(ToString::to_string) }
    }
}

/// One entry of `navigator.userAgentData.brands` (or `fullVersionList`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Brand {
    pub brand: String,
    pub version: String,
}

/// What `navigator.userAgentData` says, as plain strings (empty when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientHints {
    pub brands: Vec<Brand>,
    pub platform: String,
    pub platform_version: String,
}

/// What the page runs in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agent {
    pub browser: Option<Software>,
    pub os: Option<Software>,
}

/// Browser and OS from a User-Agent string and, when the browser has them, Client Hints.
pub fn parse(user_agent: &str, hints: Option<&ClientHints>) -> Agent {
    let mut agent = Agent { browser: browser(user_agent), os: os(user_agent) };
    if let Some(h) = hints {
        if let Some(b) = browser_from_hints(&h.brands, agent.browser.as_ref()) {
            agent.browser = Some(b);
        }
        if let Some(o) = os_from_hints(h, agent.os.as_ref()) {
            agent.os = Some(o);
        }
    }
    agent
}

/// The version that starts `s`: digits separated by `sep`, at most three parts, joined with
/// dots. `None` when `s` does not start with a digit.
fn version_at(s: &str, sep: u8) -> Option<String> {
    let mut out = String::new();
    let mut parts = 0;
    let mut digits = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            if digits == 0 {
                if parts == 3 {
                    break;
                }
                if parts > 0 {
                    out.push('.');
                }
                parts += 1;
            }
            digits += 1;
            if digits <= MAX_PART_DIGITS {
                out.push(char::from(b));
            }
        } else if b == sep && digits > 0 {
            digits = 0;
        } else {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The version right after `token` (`"Firefox/"`), if the token occurs.
fn version_after(ua: &str, token: &str) -> Option<Option<String>> {
    let at = find(ua, token)?;
    Some(ua.get(at + token.len()..).and_then(|rest| version_at(rest, b'.')))
}

#[inline(never)]
fn found(name: &str, version: Option<String>) -> Option<Software> {
    Some(Software { name: name.to_string(), version })
}

fn is_ios(ua: &str) -> bool {
    has(ua, "(iPhone") || has(ua, "(iPad") || has(ua, "(iPod")
}

// What a browser rule needs the UA to say besides its token (bits of `BrowserRule::needs`).
const ANDROID: u8 = 1;
const MOBILE: u8 = 2;
const WEBVIEW: u8 = 4; // `; wv)`: Android's WebView
const IOS: u8 = 8;
const SAFARI: u8 = 16; // `Safari/`, or any iOS browser
const TRIDENT: u8 = 32;
/// Not a rule condition: the token's number is not the browser's version.
const NO_VERSION: u8 = 128;

/// `(token, name, needs)`: the first rule whose token occurs and whose needs the UA meets
/// names the browser, with the version after the token.
type BrowserRule = (&'static str, &'static str, u8);

/// Priority order: brands built on Chromium also say `Chrome/`, every browser on iOS is
/// WebKit under its own token, and `Version/` is Safari's only on WebKit. Quoted above each
/// group, the UA text it reads.
const BROWSERS: &[BrowserRule] = &[
    // HeadlessChrome/156.0.0.0 Safari/537.36 (before `Chrome/`, which it contains)
    ("HeadlessChrome/", "HeadlessChrome", 0),
    // EdgiOS/124.0.2478.50 Version/17.0 Mobile/15E148 Safari/604.1; EdgA/124.0.0.0 (Android)
    ("EdgiOS/", "Edge Mobile", 0),
    ("EdgA/", "Edge Mobile", 0),
    // Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0; Edge/18.17763 (EdgeHTML)
    ("Edg/", "Edge", 0),
    ("Edge/", "Edge", 0),
    // Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0
    ("OPR/", "Opera", 0),
    // SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36
    ("SamsungBrowser/", "Samsung Internet", 0),
    // CriOS/124.0.6367.111 Mobile/15E148 Safari/604.1; FxiOS/125.0 Mobile/15E148 Safari/605.1.15
    ("CriOS/", "Chrome Mobile iOS", 0),
    ("FxiOS/", "Firefox iOS", 0),
    // (Android 14; Mobile; rv:126.0) Gecko/126.0 Firefox/126.0
    // (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0
    ("Firefox/", "Firefox Mobile", ANDROID | MOBILE),
    ("Firefox/", "Firefox", 0),
    // (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.6099.224 Chrome/120.0.6099.224
    ("Chromium/", "Chromium", 0),
    // (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36
    // (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36
    ("Chrome/", "Chrome Mobile WebView", ANDROID | WEBVIEW),
    ("Chrome/", "Chrome Mobile", ANDROID | MOBILE),
    ("Chrome/", "Chrome", 0),
    // (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1
    // (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15
    // (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15 (WebKitGTK MiniBrowser)
    ("Version/", "Mobile Safari", IOS | MOBILE),
    ("Version/", "Safari", SAFARI),
    // (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148
    ("AppleWebKit/", "Mobile Safari UI/WKWebView", IOS | NO_VERSION),
    // (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0); (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko
    ("MSIE ", "IE", 0),
    ("rv:", "IE", TRIDENT),
];

fn browser(ua: &str) -> Option<Software> {
    let ios = is_ios(ua);
    let mut says = 0;
    for (bit, token) in [(ANDROID, "Android"), (MOBILE, "Mobile"), (WEBVIEW, "; wv)"), (SAFARI, "Safari/"), (TRIDENT, "Trident/")] {
        if has(ua, token) {
            says |= bit;
        }
    }
    if ios {
        says |= IOS | SAFARI;
    }
    for &(token, name, needs) in BROWSERS {
        if needs & says & !NO_VERSION != needs & !NO_VERSION {
            continue;
        }
        if let Some(version) = version_after(ua, token) {
            return found(name, if needs & NO_VERSION == 0 { version } else { None });
        }
    }
    None
}

/// OS tokens, most specific first: Android and Chrome OS UAs also say `Linux`, iOS ones
/// `like Mac OS X`.
fn os(ua: &str) -> Option<Software> {
    // (Windows NT 10.0; Win64; x64)
    if let Some(v) = version_after(ua, "Windows NT ") {
        const NT: &[(&str, &str)] = &[
            ("10.0", ">=10"),
            ("6.4", "10"),
            ("6.3", "8.1"),
            ("6.2", "8"),
            ("6.1", "7"),
            ("6.0", "Vista"),
            ("5.2", "XP"),
            ("5.1", "XP"),
            ("5.01", "2000"),
            ("5.0", "2000"),
        ];
        let name = v.and_then(|v| NT.iter().find(|(nt, _)| *nt == v).map(|(_, name)| *name));
        return found("Windows", name.map(ToString::to_string));
    }
    // (iPhone; CPU iPhone OS 17_4_1 like Mac OS X); (iPad; CPU OS 12_5 like Mac OS X)
    if is_ios(ua) {
        let version = find(ua, " OS ").and_then(|at| ua.get(at + 4..)).and_then(|rest| version_at(rest, b'_'));
        let ipados = has(ua, "(iPad") && version.as_deref().and_then(major).is_some_and(|m| m >= 13);
        return found(if ipados { "iPadOS" } else { "iOS" }, version);
    }
    // (Linux; Android 14; Pixel 8); (Android 14; Mobile; rv:126.0)
    if has(ua, "Android") {
        return found("Android", version_after(ua, "Android ").flatten());
    }
    // (X11; CrOS x86_64 14541.0.0)
    if let Some(at) = find(ua, "CrOS ") {
        let after_arch = ua.get(at + 5..).and_then(|rest| text::split_once(rest, " ")).map(|(_, v)| v);
        return found("Chrome OS", after_arch.and_then(|v| version_at(v, b'.')));
    }
    // (Macintosh; Intel Mac OS X 10_15_7); Firefox: (Macintosh; Intel Mac OS X 10.15; rv:126.0)
    if let Some(at) = find(ua, "Mac OS X") {
        let rest = ua.get(at + 8..).unwrap_or("");
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let sep = if has(rest.get(..3).unwrap_or(rest), "_") { b'_' } else { b'.' };
        let version = version_at(rest, sep).map(|v| if v == "10.15.7" || v == "10.15" { String::from(">=") + &v } else { v });
        return found("macOS", version);
    }
    // (X11; Linux x86_64); (X11; Ubuntu; Linux x86_64)
    if has(ua, "Linux") {
        return found("Linux", None);
    }
    None
}

/// The leading number of a version (`"15.0.0"` → 15); versions here have at most ten digits
/// a part, so the sum cannot overflow a `u64`.
fn major(version: &str) -> Option<u64> {
    let digits = version.bytes().take_while(u8::is_ascii_digit);
    let mut n = None;
    for b in digits {
        n = Some(n.unwrap_or(0u64).saturating_mul(10).saturating_add(u64::from(b - b'0')));
    }
    n
}

fn browser_from_hints(brands: &[Brand], ua: Option<&Software>) -> Option<Software> {
    let listed = || brands.iter().take(MAX_BRANDS).filter(|b| !text::trim(&b.brand).is_empty());
    let chosen = listed()
        .find(|b| !has(&b.brand, "Brand") && b.brand != "Chromium")
        .or_else(|| listed().find(|b| b.brand == "Chromium").filter(|_| ua.is_none()))?;
    let name = match text::trim(&chosen.brand) {
        "Google Chrome" => String::from("Chrome"),
        "Microsoft Edge" => String::from("Edge"),
        other => bounded(other, MAX_NAME_BYTES),
    };
    let version = version_at(text::trim(&chosen.version), b'.');
    match ua.filter(|u| u.name.starts_with(name.as_str())) {
        // The UA named the same browser, maybe more exactly (`Chrome Mobile`); a brand's
        // version is better than the UA's frozen one only when it is a full version.
        Some(u) => Some(Software {
            name: u.name.clone(),
            version: if version.as_deref().is_some_and(|v| has(v, ".")) { version } else { u.version.clone().or(version) },
        }),
        None => Some(Software { name, version }),
    }
}

fn os_from_hints(h: &ClientHints, ua: Option<&Software>) -> Option<Software> {
    let platform = text::trim(&h.platform);
    if platform.is_empty() || platform == "Unknown" {
        return None;
    }
    let name = match platform {
        "Chrome OS" | "Chromium OS" => String::from("Chrome OS"),
        other => bounded(other, MAX_NAME_BYTES),
    };
    let same_as_ua = ua.filter(|u| u.name == name).and_then(|u| u.version.clone());
    let hinted = version_at(text::trim(&h.platform_version), b'.');
    let version = if name == "Windows" {
        match hinted.as_deref().and_then(major) {
            Some(m) if m >= 13 => Some(String::from("11")),
            Some(m) if m >= 1 => Some(String::from("10")),
            _ => same_as_ua,
        }
    } else {
        hinted.or(same_as_ua)
    };
    Some(Software { name, version })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// User-Agent strings as these browsers send them (written from each vendor's documented
    /// format and the strings our own test browsers send), with the browser and OS expected.
    type Named = (&'static str, Option<&'static str>);
    const CASES: &[(&str, Named, Option<Named>)] = &[
        // The three engines the end-to-end suite runs.
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
            ("HeadlessChrome", Some("156.0.0")),
            Some(("Linux", None)),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
            ("Firefox", Some("153.0")),
            Some(("Linux", None)),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15",
            ("Safari", Some("60.5")),
            Some(("Linux", None)),
        ),
        // Desktop.
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            ("Chrome", Some("124.0.0")),
            Some(("Windows", Some(">=10"))),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
            ("Edge", Some("124.0.0")),
            Some(("Windows", Some(">=10"))),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0",
            ("Opera", Some("110.0.0")),
            Some(("Windows", Some(">=10"))),
        ),
        (
            "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
            ("Firefox", Some("115.0")),
            Some(("Windows", Some("7"))),
        ),
        (
            "Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36",
            ("Chrome", Some("109.0.0")),
            Some(("Windows", Some("8.1"))),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.17763",
            ("Edge", Some("18.17763")),
            Some(("Windows", Some(">=10"))),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
            ("IE", Some("11.0")),
            Some(("Windows", Some(">=10"))),
        ),
        (
            "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)",
            ("IE", Some("10.0")),
            Some(("Windows", Some("8"))),
        ),
        (
            "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)",
            ("IE", Some("8.0")),
            Some(("Windows", Some("XP"))),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
            ("Safari", Some("17.4.1")),
            Some(("macOS", Some(">=10.15.7"))),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Safari/605.1.15",
            ("Safari", Some("13.1.2")),
            Some(("macOS", Some("10.13.6"))),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:126.0) Gecko/20100101 Firefox/126.0",
            ("Firefox", Some("126.0")),
            Some(("macOS", Some(">=10.15"))),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            ("Chrome", Some("124.0.0")),
            Some(("macOS", Some(">=10.15.7"))),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.6099.224 Chrome/120.0.6099.224 Safari/537.36",
            ("Chromium", Some("120.0.6099")),
            Some(("Linux", None)),
        ),
        (
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            ("Firefox", Some("125.0")),
            Some(("Linux", None)),
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            ("Chrome", Some("124.0.0")),
            Some(("Chrome OS", Some("14541.0.0"))),
        ),
        // Mobile.
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
            ("Mobile Safari", Some("17.4.1")),
            Some(("iOS", Some("17.4.1"))),
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            ("Mobile Safari", Some("17.4")),
            Some(("iPadOS", Some("17.4"))),
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
            ("Mobile Safari", Some("12.1.2")),
            Some(("iOS", Some("12.5.7"))),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.111 Mobile/15E148 Safari/604.1",
            ("Chrome Mobile iOS", Some("124.0.6367")),
            Some(("iOS", Some("17.4"))),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
            ("Firefox iOS", Some("125.0")),
            Some(("iOS", Some("17.4"))),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/124.0.2478.50 Mobile/15E148 Safari/605.1.15",
            ("Edge Mobile", Some("124.0.2478")),
            Some(("iOS", Some("17.4"))),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            ("Mobile Safari UI/WKWebView", None),
            Some(("iOS", Some("16.6"))),
        ),
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            ("Chrome Mobile", Some("124.0.0")),
            Some(("Android", Some("10"))),
        ),
        (
            "Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36",
            ("Chrome Mobile WebView", Some("124.0.6367")),
            Some(("Android", Some("10"))),
        ),
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            ("Samsung Internet", Some("25.0")),
            Some(("Android", Some("10"))),
        ),
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.0.0",
            ("Edge Mobile", Some("124.0.0")),
            Some(("Android", Some("10"))),
        ),
        (
            "Mozilla/5.0 (Android 14; Mobile; rv:126.0) Gecko/126.0 Firefox/126.0",
            ("Firefox Mobile", Some("126.0")),
            Some(("Android", Some("14"))),
        ),
        (
            "Mozilla/5.0 (Linux; Android 4.0.4; Galaxy Nexus Build/IMM76B) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.133 Mobile Safari/535.19",
            ("Chrome Mobile", Some("18.0.1025")),
            Some(("Android", Some("4.0.4"))),
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            ("Chrome", Some("124.0.0")),
            Some(("Android", Some("13"))),
        ),
    ];

    fn sw(name: &str, version: Option<&str>) -> Option<Software> {
        Some(Software::new(name, version))
    }

    #[test]
    fn real_user_agents() {
        for (ua, (browser, version), os) in CASES {
            let agent = parse(ua, None);
            assert_eq!(agent.browser, sw(browser, *version), "{ua}");
            assert_eq!(agent.os, os.and_then(|(n, v)| sw(n, v)), "{ua}");
        }
    }

    #[test]
    fn unknown_and_hostile_strings_give_nothing_or_bounded_parts() {
        assert_eq!(parse("", None), Agent::default());
        assert_eq!(parse("curl/8.5.0", None), Agent::default());
        assert_eq!(parse("Mozilla/5.0 (Windows NT 99.9) Firefox/x", None).os, sw("Windows", None));
        assert_eq!(parse("Firefox/", None).browser, sw("Firefox", None));
        let long = String::from("Chrome/") + &"9".repeat(100_000) + "." + &"1".repeat(50);
        let v = parse(&long, None).browser.and_then(|b| b.version).unwrap();
        assert_eq!(v, String::from("9999999999.1111111111"));
        for cut in ["Mac OS X", "Mac OS X ", "CrOS ", "(iPad; CPU OS ", "Android", "Windows NT ", "rv:", "Version/"] {
            parse(cut, None);
        }
    }

    #[test]
    fn versions_have_at_most_three_parts() {
        assert_eq!(version_at("156.0.7000.12 Safari", b'.'), Some("156.0.7000".into()));
        assert_eq!(version_at("17_4_1 like", b'_'), Some("17.4.1".into()));
        assert_eq!(version_at("10.", b'.'), Some("10".into()));
        assert_eq!(version_at("1..2", b'.'), Some("1".into()));
        assert_eq!(version_at(".5", b'.'), None);
        assert_eq!(version_at("", b'.'), None);
    }

    fn hints(brands: &[(&str, &str)], platform: &str, platform_version: &str) -> ClientHints {
        ClientHints {
            brands: brands.iter().map(|(b, v)| Brand { brand: (*b).into(), version: (*v).into() }).collect(),
            platform: platform.into(),
            platform_version: platform_version.into(),
        }
    }

    const WIN_CHROME: &str =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    #[test]
    fn client_hints_name_windows_11_and_full_versions() {
        let h = hints(&[("Not-A.Brand", "99"), ("Google Chrome", "124.0.6367.91"), ("Chromium", "124.0.6367.91")], "Windows", "15.0.0");
        let agent = parse(WIN_CHROME, Some(&h));
        assert_eq!(agent.browser, sw("Chrome", Some("124.0.6367")));
        assert_eq!(agent.os, sw("Windows", Some("11")));

        let h = hints(&[("Chromium", "124"), ("Google Chrome", "124"), ("Not-A.Brand", "99")], "Windows", "10.0.0");
        let agent = parse(WIN_CHROME, Some(&h));
        assert_eq!(agent.browser, sw("Chrome", Some("124.0.0")), "a bare major keeps the UA's version");
        assert_eq!(agent.os, sw("Windows", Some("10")));

        let h = hints(&[("Google Chrome", "109")], "Windows", "0.3.0");
        let seven = "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36";
        assert_eq!(parse(seven, Some(&h)).os, sw("Windows", Some("7")));
    }

    #[test]
    fn client_hints_name_brands_the_ua_hides() {
        let h = hints(&[("Brave", "124"), ("Chromium", "124"), ("Not-A.Brand", "99")], "macOS", "14.4.1");
        let ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
        let agent = parse(ua, Some(&h));
        assert_eq!(agent.browser, sw("Brave", Some("124")));
        assert_eq!(agent.os, sw("macOS", Some("14.4.1")));

        let h = hints(&[("Not)A;Brand", "99"), ("Microsoft Edge", "124"), ("Chromium", "124")], "Windows", "");
        let edge = String::from(WIN_CHROME) + " Edg/124.0.0.0";
        let agent = parse(&edge, Some(&h));
        assert_eq!(agent.browser, sw("Edge", Some("124.0.0")));
        assert_eq!(agent.os, sw("Windows", Some(">=10")), "no platformVersion: the UA's");

        let h = hints(&[("Not_A Brand", "8"), ("Chromium", "156")], "Linux", "");
        let headless = CASES[0].0;
        let agent = parse(headless, Some(&h));
        assert_eq!(agent.browser, sw("HeadlessChrome", Some("156.0.0")), "a bare `Chromium` brand says less than the UA");
        assert_eq!(agent.os, sw("Linux", None));
        assert_eq!(parse("", Some(&h)).browser, sw("Chromium", Some("156")), "…but more than nothing");

        let h = hints(&[("Google Chrome", "124")], "Android", "14.0.0");
        let android = CASES.iter().find(|c| c.1 .0 == "Chrome Mobile").unwrap().0;
        let agent = parse(android, Some(&h));
        assert_eq!(agent.browser, sw("Chrome Mobile", Some("124.0.0")), "the UA's finer name stays");
        assert_eq!(agent.os, sw("Android", Some("14.0.0")));

        let h = hints(&[("Google Chrome", "124")], "Chromium OS", "");
        assert_eq!(parse("", Some(&h)).os, sw("Chrome OS", None));
    }

    #[test]
    fn empty_or_grease_only_hints_change_nothing() {
        let plain = parse(WIN_CHROME, None);
        assert_eq!(parse(WIN_CHROME, Some(&ClientHints::default())), plain);
        let h = hints(&[("Not A(Brand", "99"), (" ", "1")], "Unknown", "");
        assert_eq!(parse(WIN_CHROME, Some(&h)), plain);
        let long = "b".repeat(1000);
        let h = hints(&[(&long, &long)], &long, &long);
        let agent = parse("", Some(&h));
        assert!(agent.browser.unwrap().name.len() <= MAX_NAME_BYTES);
        assert!(agent.os.unwrap().name.len() <= MAX_NAME_BYTES);
    }
}
