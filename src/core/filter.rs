//! Which events are noise, and `sampleRate`.
//!
//! Follows Sentry's InboundFilters integration (sentry-javascript
//! `packages/core/src/integrations/eventFilters.ts`, read 2026-11) with string patterns only:
//!
//! - **Defaults** (on unless [`Filter::set_defaults`] turns them off): `Script error.` with no
//!   frames (a cross-origin script threw; the browser hides everything else, so the event
//!   cannot be acted on); anything mentioning `ResizeObserver loop` (a benign notice every
//!   browser raises); and errors whose every frame is a browser extension's
//!   (`chrome-extension://`, `moz-extension://`, `safari-extension://`,
//!   `safari-web-extension://`; native frames are not counted either way).
//! - **`ignoreErrors`**: a pattern found in the message, or in `Type: value` of the thrown
//!   error (the last exception), drops the event.
//! - **`denyUrls`**, **`allowUrls`**: matched against the URL of the thrown error's innermost
//!   frame, skipping `<anonymous>` and `[native code]` ones (`_getLastValidUrl`). Denied, or
//!   not allowed when `allowUrls` is set, drops the event. No URL passes both.
//!
//! Each drop says why ([`Reason`]), so the glue can count drops per reason. Patterns are
//! substrings (JS `includes`), as Sentry matches strings; regular expressions are the JS
//! side's. Unlike Sentry, an empty pattern is ignored rather than matching every event.
//! At most [`MAX_PATTERNS`] patterns of [`MAX_PATTERN_BYTES`] each are kept per list; longer
//! ones are skipped (cut, they would match more than asked).
//!
//! ```
//! use faultline::core::filter::{sampled, Filter};
//! let mut filter = Filter::new();
//! filter.set_ignore_errors(&["Non-Error promise rejection".into()]);
//! assert!(sampled(1.0, 0.99) && !sampled(0.0, 0.0) && sampled(f64::NAN, 0.5));
//! # let _ = filter;
//! ```
//!
//! Left out: Sentry's other default messages (`googletag`, `gmo`, `solana`, …: ad and wallet
//! scripts that are rare outside big sites), transactions, `ignoreTransactions`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::event::{Event, Exception};
use crate::core::text;

pub const MAX_PATTERNS: usize = 50;
pub const MAX_PATTERN_BYTES: usize = 1024;

/// Why an event was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    ScriptError,
    ResizeObserver,
    BrowserExtension,
    IgnoreErrors,
    DenyUrls,
    AllowUrls,
}

impl Reason {
    /// A stable name, for counters and debug logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::ScriptError => "script_error",
            Reason::ResizeObserver => "resize_observer",
            Reason::BrowserExtension => "browser_extension",
            Reason::IgnoreErrors => "ignore_errors",
            Reason::DenyUrls => "deny_urls",
            Reason::AllowUrls => "allow_urls",
        }
    }
}

const EXTENSION_SCHEMES: &[&str] = &["chrome-extension://", "moz-extension://", "safari-extension://", "safari-web-extension://"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    defaults: bool,
    ignore_errors: Vec<String>,
    deny_urls: Vec<String>,
    allow_urls: Vec<String>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter::new()
    }
}

fn patterns(list: &[String]) -> Vec<String> {
    list.iter().filter(|p| !p.is_empty() && p.len() <= MAX_PATTERN_BYTES).take(MAX_PATTERNS).cloned().collect()
}

fn any_in(hay: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| text::contains(hay, p))
}

impl Filter {
    /// The default filters on, no patterns.
    pub const fn new() -> Self {
        Filter { defaults: true, ignore_errors: Vec::new(), deny_urls: Vec::new(), allow_urls: Vec::new() }
    }

    /// Turns the default filters (script errors, `ResizeObserver`, extensions) on or off.
    pub fn set_defaults(&mut self, on: bool) {
        self.defaults = on;
    }

    pub fn set_ignore_errors(&mut self, list: &[String]) {
        self.ignore_errors = patterns(list);
    }

    pub fn set_deny_urls(&mut self, list: &[String]) {
        self.deny_urls = patterns(list);
    }

    pub fn set_allow_urls(&mut self, list: &[String]) {
        self.allow_urls = patterns(list);
    }

    /// `Some(reason)` when `event` should be dropped.
    pub fn check(&self, event: &Event) -> Option<Reason> {
        let top = event.exceptions.last();
        let message = event.message.as_deref();
        if self.defaults {
            let is_script_error = |s: &str| s == "Script error." || s == "Script error";
            if message.is_some_and(is_script_error) || top.is_some_and(|e| e.frames.is_empty() && is_script_error(&e.value)) {
                return Some(Reason::ScriptError);
            }
            let resize = |s: &str| text::contains(s, "ResizeObserver loop");
            if message.is_some_and(resize) || top.is_some_and(|e| resize(&e.value)) {
                return Some(Reason::ResizeObserver);
            }
            if from_extension(&event.exceptions) {
                return Some(Reason::BrowserExtension);
            }
        }
        if !self.ignore_errors.is_empty() {
            let in_message = message.is_some_and(|m| any_in(m, &self.ignore_errors));
            let in_error = top.filter(|e| !e.value.is_empty()).is_some_and(|e| {
                let mut typed = String::with_capacity(e.ty.len() + 2 + e.value.len());
                typed.push_str(&e.ty);
                typed.push_str(": ");
                typed.push_str(&e.value);
                any_in(&typed, &self.ignore_errors)
            });
            if in_message || in_error {
                return Some(Reason::IgnoreErrors);
            }
        }
        let url = top.and_then(filter_url);
        if url.is_some_and(|u| any_in(u, &self.deny_urls)) {
            return Some(Reason::DenyUrls);
        }
        if !self.allow_urls.is_empty() && url.is_some_and(|u| !any_in(u, &self.allow_urls)) {
            return Some(Reason::AllowUrls);
        }
        None
    }
}

fn is_native(filename: &str) -> bool {
    matches!(filename, "<anonymous>" | "[native code]" | "native")
}

/// Every frame with a real location, and at least one, is an extension's.
fn from_extension(exceptions: &[Exception]) -> bool {
    let mut files = exceptions
        .iter()
        .flat_map(|e| e.frames.iter())
        .filter_map(|f| f.filename.as_deref())
        .filter(|f| !is_native(f))
        .peekable();
    files.peek().is_some() && files.all(|f| EXTENSION_SCHEMES.iter().any(|s| f.starts_with(s)))
}

/// The URL the thrown error is filed under: its innermost frame's, skipping anonymous and
/// native frames; `None` if that frame has no filename.
fn filter_url(exc: &Exception) -> Option<&str> {
    let frame = exc.frames.iter().rev().find(|f| !f.filename.as_deref().is_some_and(|n| n == "<anonymous>" || n == "[native code]"))?;
    frame.filename.as_deref().filter(|f| !f.is_empty())
}

/// `sampleRate`: whether an event is kept, given a uniform `random` in `[0, 1)`. The rate is
/// clamped to `[0, 1]`; `NaN` (a mistyped option) means keep everything, as an unset rate does.
pub fn sampled(rate: f64, random: f64) -> bool {
    if rate.is_nan() || rate >= 1.0 {
        return true;
    }
    rate > 0.0 && random < rate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{exception_from, exceptions_from, EventLocation, Level, Linked, Mechanism, PageInfo, Thrown};

    fn event(exceptions: Vec<Exception>, message: Option<&str>) -> Event {
        Event {
            event_id: "0123456789abcdef0123456789abcdef".into(),
            timestamp_ms: 0,
            level: Level::Error,
            exceptions,
            message: message.map(Into::into),
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        }
    }

    fn thrown(name: &str, message: &str, stack: Option<&str>) -> Event {
        let t = Thrown::Error { name: name.into(), message: message.into(), stack: stack.map(Into::into) };
        event(vec![exception_from(&t, Mechanism::OnError, None)], None)
    }

    const APP: &str = "Error: x\n    at f (https://shop.test/app.js:1:2)\n    at g (https://cdn.test/vendor.js:3:4)";

    #[test]
    fn script_errors_without_frames_are_noise() {
        let f = Filter::new();
        let cross_origin = Thrown::from_event_message("Script error.");
        let loc = EventLocation { message: Some("Script error.".into()), filename: Some(String::new()), lineno: Some(0), colno: Some(0) };
        let e = event(vec![exception_from(&cross_origin, Mechanism::OnError, Some(&loc))], None);
        assert_eq!(f.check(&e), Some(Reason::ScriptError));
        assert_eq!(f.check(&thrown("Error", "Script error", None)), Some(Reason::ScriptError));
        assert_eq!(f.check(&event(vec![], Some("Script error."))), Some(Reason::ScriptError));
        // With a location it can be acted on.
        let loc = EventLocation { filename: Some("https://shop.test/app.js".into()), lineno: Some(3), ..loc };
        let e = event(vec![exception_from(&cross_origin, Mechanism::OnError, Some(&loc))], None);
        assert_eq!(f.check(&e), None);
        assert_eq!(f.check(&thrown("Error", "Script error. in my code", None)), None);
    }

    #[test]
    fn resize_observer_notices_are_noise() {
        let f = Filter::new();
        let chrome = "ResizeObserver loop completed with undelivered notifications.";
        assert_eq!(f.check(&thrown("Error", chrome, Some(APP))), Some(Reason::ResizeObserver));
        assert_eq!(f.check(&thrown("Error", "ResizeObserver loop limit exceeded", None)), Some(Reason::ResizeObserver));
        assert_eq!(f.check(&event(vec![], Some(chrome))), Some(Reason::ResizeObserver));
        assert_eq!(f.check(&thrown("Error", "ResizeObserver is not defined", None)), None);
    }

    #[test]
    fn errors_only_in_extension_code_are_noise() {
        let f = Filter::new();
        for scheme in EXTENSION_SCHEMES {
            let stack = String::from("Error: x\n    at f (") + scheme + "abc/content.js:1:2)\n    at Array.map (<anonymous>)";
            assert_eq!(f.check(&thrown("Error", "x", Some(&stack))), Some(Reason::BrowserExtension), "{scheme}");
        }
        let mixed = "Error: x\n    at f (chrome-extension://abc/content.js:1:2)\n    at g (https://shop.test/app.js:3:4)";
        assert_eq!(f.check(&thrown("Error", "x", Some(mixed))), None);
        assert_eq!(f.check(&thrown("Error", "x", Some("Error: x\n    at Array.map (<anonymous>)"))), None, "native only");
        assert_eq!(f.check(&thrown("Error", "x", None)), None, "no frames");
        // A cause from an extension under an app error is the app's.
        let chain = Linked::causes(vec![
            Thrown::Error { name: "Error".into(), message: "x".into(), stack: Some(APP.into()) },
            Thrown::Error { name: "Error".into(), message: "y".into(), stack: Some("Error: y\n    at f (moz-extension://abc/c.js:1:2)".into()) },
        ]);
        assert_eq!(f.check(&event(exceptions_from(&chain, Mechanism::OnError, None), None)), None);
    }

    #[test]
    fn defaults_can_be_turned_off() {
        let mut f = Filter::new();
        f.set_defaults(false);
        assert_eq!(f.check(&event(vec![], Some("Script error."))), None);
        assert_eq!(f.check(&thrown("Error", "ResizeObserver loop limit exceeded", None)), None);
        assert_eq!(f.check(&thrown("Error", "x", Some("Error: x\n    at f (chrome-extension://a/b.js:1:2)"))), None);
    }

    #[test]
    fn ignore_errors_matches_type_value_and_message() {
        let mut f = Filter::new();
        f.set_ignore_errors(&["TypeError: Failed to fetch".into(), "flaky".into(), String::new()]);
        assert_eq!(f.ignore_errors.len(), 2, "the empty pattern is skipped");
        assert_eq!(f.check(&thrown("TypeError", "Failed to fetch", Some(APP))), Some(Reason::IgnoreErrors));
        assert_eq!(f.check(&thrown("Error", "a flaky test", Some(APP))), Some(Reason::IgnoreErrors));
        assert_eq!(f.check(&event(vec![], Some("flaky network"))), Some(Reason::IgnoreErrors));
        assert_eq!(f.check(&thrown("RangeError", "Failed to fetch", Some(APP))), None);
        assert_eq!(f.check(&thrown("TypeError", "", Some(APP))), None, "no value: Sentry checks nothing");
        // Only the thrown error (the last exception), not its causes.
        let chain = Linked::causes(vec![
            Thrown::Error { name: "Error".into(), message: "save failed".into(), stack: None },
            Thrown::Error { name: "Error".into(), message: "flaky".into(), stack: None },
        ]);
        assert_eq!(f.check(&event(exceptions_from(&chain, Mechanism::OnError, None), None)), None);
    }

    #[test]
    fn pattern_lists_are_bounded() {
        let mut f = Filter::new();
        let many: Vec<String> = (0..500).map(|i| i.to_string()).collect();
        f.set_deny_urls(&many);
        assert_eq!(f.deny_urls.len(), MAX_PATTERNS);
        f.set_allow_urls(&["x".repeat(MAX_PATTERN_BYTES + 1), "shop".into()]);
        assert_eq!(f.allow_urls, ["shop"]);
    }

    #[test]
    fn deny_and_allow_urls_look_at_the_innermost_real_frame() {
        let mut f = Filter::new();
        // Innermost (where it threw) is app.js; vendor.js is outer.
        f.set_deny_urls(&["cdn.test".into()]);
        assert_eq!(f.check(&thrown("Error", "x", Some(APP))), None);
        f.set_deny_urls(&["shop.test/app".into()]);
        assert_eq!(f.check(&thrown("Error", "x", Some(APP))), Some(Reason::DenyUrls));

        let via_native = "Error: x\n    at Array.forEach (<anonymous>)\n    at g (https://cdn.test/vendor.js:3:4)";
        f.set_deny_urls(&["cdn.test".into()]);
        assert_eq!(f.check(&thrown("Error", "x", Some(via_native))), Some(Reason::DenyUrls));

        let mut f = Filter::new();
        f.set_allow_urls(&["shop.test".into()]);
        assert_eq!(f.check(&thrown("Error", "x", Some(APP))), None);
        assert_eq!(f.check(&thrown("Error", "x", Some(via_native))), Some(Reason::AllowUrls));
        assert_eq!(f.check(&thrown("Error", "x", None)), None, "no URL is allowed");
        assert_eq!(f.check(&event(vec![], Some("m"))), None);
    }

    #[test]
    fn reasons_have_stable_names() {
        let all = [
            Reason::ScriptError,
            Reason::ResizeObserver,
            Reason::BrowserExtension,
            Reason::IgnoreErrors,
            Reason::DenyUrls,
            Reason::AllowUrls,
        ];
        let names: Vec<&str> = all.iter().map(|r| r.as_str()).collect();
        assert_eq!(names, ["script_error", "resize_observer", "browser_extension", "ignore_errors", "deny_urls", "allow_urls"]);
    }

    #[test]
    fn sample_rate() {
        assert!(sampled(1.0, 0.999_999));
        assert!(sampled(2.0, 0.5));
        assert!(sampled(f64::NAN, 0.999));
        assert!(!sampled(0.0, 0.0));
        assert!(!sampled(-1.0, 0.0));
        assert!(sampled(0.25, 0.249));
        assert!(!sampled(0.25, 0.25));
        assert!(!sampled(0.5, f64::NAN));
        let kept = (0..1000).filter(|i| sampled(0.3, f64::from(*i) / 1000.0)).count();
        assert_eq!(kept, 300);
    }
}
