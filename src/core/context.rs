//! The page's own contexts: `browser`, `os`, `device` and `culture`, from what the glue reads
//! off `navigator`, `screen` and `Intl`.
//!
//! Sentry's "Contexts" interface (develop.sentry.dev, read 2026-11): `browser {name,
//! version}`, `os {name, version}`, `device {screen_resolution, memory_size, online}` and
//! `culture {locale, timezone}`; Relay knows each by its key, so no `type` is written. The
//! glue fills a [`PageContext`] with plain values; the core decides what they mean
//! (browser and OS come from [`ua::parse`]) and writes them, together with the scope's own
//! contexts, as the event's `contexts` object. A context the page set itself (`setContext`)
//! under one of these names wins, as Relay's user-agent normalizer also leaves existing ones.
//!
//! ```
//! use faultline::core::context::PageContext;
//! let page = PageContext { screen: Some((1920, 1080)), locale: Some("de-DE".into()), ..PageContext::default() };
//! assert_eq!(PageContext::memory_from_gib(0.5), Some(512 * 1024 * 1024));
//! # let _ = page;
//! ```
//!
//! Left out: device `family`/`model`/`brand` (Relay derives them from the UA only when no
//! `device` context is sent, so sending `device` gives that up), battery, orientation,
//! connection type, `app` (start time, memory) and `trace`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::event::Size;
use crate::core::json::{push_u64, JsonWriter};
use crate::core::scope::Scope;
use crate::core::text::bounded;
use crate::core::ua::{self, ClientHints, Software};

/// Longest locale or time zone name kept (`de-DE`, `America/Argentina/ComodRivadavia`).
pub const MAX_CULTURE_BYTES: usize = 64;
/// Largest screen side believed, in CSS pixels.
const MAX_SCREEN_SIDE: u32 = 100_000;

/// What the glue knows about the page's environment at capture time; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageContext {
    /// `navigator.userAgentData`, when the browser has it.
    pub hints: Option<ClientHints>,
    /// `screen.width`, `screen.height`.
    pub screen: Option<(u32, u32)>,
    /// Bytes of device memory (see [`PageContext::memory_from_gib`]).
    pub memory_size: Option<u64>,
    /// `navigator.onLine`.
    pub online: Option<bool>,
    /// `navigator.language`.
    pub locale: Option<String>,
    /// `Intl.DateTimeFormat().resolvedOptions().timeZone`.
    pub timezone: Option<String>,
    /// Browser and OS parsed once (the User-Agent does not change in a page's life); when
    /// `None`, [`PageContext::write_contexts`] parses the User-Agent it is given.
    pub agent: Option<ua::Agent>,
}

impl PageContext {
    /// `navigator.deviceMemory` (GiB, rounded by the browser: 0.25 … 8) as bytes; `None`
    /// for anything not a positive number up to 1 TiB.
    pub fn memory_from_gib(gib: f64) -> Option<u64> {
        (gib.is_finite() && gib > 0.0 && gib <= 1024.0).then_some((gib * 1_073_741_824.0) as u64)
    }

    /// Writes the event's `"contexts":{…}` member: this page's contexts for `user_agent`, then
    /// the scope's; nothing when there are none.
    pub fn write_contexts(&self, user_agent: Option<&str>, scope: &Scope, size: Size, w: &mut JsonWriter) {
        let parsed;
        let agent = match &self.agent {
            Some(agent) => agent,
            None => {
                parsed = ua::parse(user_agent.unwrap_or(""), self.hints.as_ref());
                &parsed
            }
        };
        let screen = self.screen.filter(|&(x, y)| x > 0 && y > 0 && x <= MAX_SCREEN_SIDE && y <= MAX_SCREEN_SIDE);
        let locale = self.locale.as_deref().filter(|s| !s.is_empty()).map(|s| bounded(s, MAX_CULTURE_BYTES));
        let timezone = self.timezone.as_deref().filter(|s| !s.is_empty()).map(|s| bounded(s, MAX_CULTURE_BYTES));
        let mine = |name: &str| !scope.has_context(name);
        let browser = agent.browser.as_ref().filter(|_| mine("browser"));
        let os = agent.os.as_ref().filter(|_| mine("os"));
        let device = (screen.is_some() || self.memory_size.is_some() || self.online.is_some()) && mine("device");
        let culture = (locale.is_some() || timezone.is_some()) && mine("culture");
        if browser.is_none() && os.is_none() && !device && !culture && scope.contexts_empty() {
            return;
        }
        w.key("contexts");
        w.begin_object();
        if let Some(b) = browser {
            write_software(w, "browser", b);
        }
        if let Some(o) = os {
            write_software(w, "os", o);
        }
        if device {
            w.key("device");
            w.begin_object();
            if let Some((x, y)) = screen {
                let mut s = String::with_capacity(12);
                push_u64(&mut s, u64::from(x));
                s.push('x');
                push_u64(&mut s, u64::from(y));
                w.field_str("screen_resolution", &s);
            }
            if let Some(bytes) = self.memory_size {
                w.key("memory_size");
                w.uint(bytes);
            }
            if let Some(online) = self.online {
                w.key("online");
                w.bool(online);
            }
            w.end_object();
        }
        if culture {
            w.key("culture");
            w.begin_object();
            w.field_opt_str("locale", locale.as_deref());
            w.field_opt_str("timezone", timezone.as_deref());
            w.end_object();
        }
        scope.write_contexts(w, size);
        w.end_object();
    }
}

fn write_software(w: &mut JsonWriter, key: &str, s: &Software) {
    w.key(key);
    w.begin_object();
    w.field_str("name", &s.name);
    w.field_opt_str("version", s.version.as_deref());
    w.end_object();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ua::Brand;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";

    fn json(page: &PageContext, ua: Option<&str>, scope: &Scope) -> String {
        let mut w = JsonWriter::new();
        w.begin_object();
        page.write_contexts(ua, scope, Size::Full, &mut w);
        w.end_object();
        w.finish()
    }

    #[test]
    fn nothing_known_writes_nothing() {
        assert_eq!(json(&PageContext::default(), None, &Scope::new()), "{}");
        assert_eq!(json(&PageContext::default(), Some("curl/8"), &Scope::new()), "{}");
    }

    #[test]
    fn writes_every_context_sentry_knows() {
        let page = PageContext {
            hints: None,
            screen: Some((1920, 1080)),
            memory_size: PageContext::memory_from_gib(8.0),
            online: Some(true),
            locale: Some("en-US".into()),
            timezone: Some("Europe/Berlin".into()),
            agent: None,
        };
        assert_eq!(
            json(&page, Some(FIREFOX), &Scope::new()),
            concat!(
                r#"{"contexts":{"browser":{"name":"Firefox","version":"153.0"},"os":{"name":"Linux"},"#,
                r#""device":{"screen_resolution":"1920x1080","memory_size":8589934592,"online":true},"#,
                r#""culture":{"locale":"en-US","timezone":"Europe/Berlin"}}}"#
            )
        );
    }

    #[test]
    fn the_pages_own_contexts_win_and_are_written_after() {
        let page = PageContext { online: Some(false), ..PageContext::default() };
        let mut scope = Scope::new();
        scope.set_context("browser", Some(r#"{"name":"Embedded"}"#));
        scope.set_context("app", Some(r#"{"build":"1"}"#));
        assert_eq!(
            json(&page, Some(FIREFOX), &scope),
            r#"{"contexts":{"os":{"name":"Linux"},"device":{"online":false},"browser":{"name":"Embedded"},"app":{"build":"1"}}}"#
        );
        assert_eq!(json(&PageContext::default(), None, &scope), r#"{"contexts":{"browser":{"name":"Embedded"},"app":{"build":"1"}}}"#);
    }

    #[test]
    fn client_hints_refine_the_user_agent() {
        let page = PageContext {
            hints: Some(ClientHints {
                brands: vec![Brand { brand: "Google Chrome".into(), version: "124.0.6367.91".into() }],
                platform: "Windows".into(),
                platform_version: "15.0.0".into(),
            }),
            ..PageContext::default()
        };
        let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
        assert_eq!(
            json(&page, Some(ua), &Scope::new()),
            r#"{"contexts":{"browser":{"name":"Chrome","version":"124.0.6367"},"os":{"name":"Windows","version":"11"}}}"#
        );
    }

    #[test]
    fn odd_values_are_dropped_or_bounded() {
        assert_eq!(PageContext::memory_from_gib(0.25), Some(268_435_456));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9] {
            assert_eq!(PageContext::memory_from_gib(bad), None);
        }
        let page = PageContext {
            screen: Some((0, 1080)),
            locale: Some(String::new()),
            timezone: Some("z".repeat(1000)),
            ..PageContext::default()
        };
        let out = json(&page, None, &Scope::new());
        assert!(!out.contains("device") && !out.contains("locale"), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["contexts"]["culture"]["timezone"].as_str().unwrap().len() <= MAX_CULTURE_BYTES);
    }
}
