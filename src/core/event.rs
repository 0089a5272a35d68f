//! The Sentry event model: what a captured error or message becomes on the wire.
//!
//! Schema: develop.sentry.dev "Event Payloads" (read 2026-11): `event_id`, `timestamp`,
//! `platform`, `level`, `exception.values[]` (with `stacktrace.frames` outermost first and a
//! `mechanism`), `message`, `release`, `environment`, `request`, `sdk`. Every string is bounded
//! here, so no input can make an event larger than a few hundred KiB.
//!
//! Input comes in as a [`Thrown`]: the glue's safe description of whatever JS value was thrown.
//! Turning it into an exception (type, value, frames) is a decision, so it lives here.
//! Left for later issues: breadcrumbs, user, tags, contexts, linked errors.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::{hex_digit, JsonWriter};
use crate::core::scope::Scope;
use crate::core::stack::{self, Frame};
use crate::core::text::{self, bounded};

/// Limits for strings and frames (bytes, frames).
pub const MAX_VALUE_BYTES: usize = 8 * 1024;
pub const MAX_NAME_BYTES: usize = 256;
pub const MAX_URL_BYTES: usize = 2 * 1024;
pub const MAX_KEYS_LISTED: usize = 10;
/// A long trace keeps its innermost frames (where it threw) and a few outermost ones.
pub const KEEP_INNER_FRAMES: usize = 40;
pub const KEEP_OUTER_FRAMES: usize = 10;
/// The most bytes of a stack string that are parsed (a 1 MB stack is abuse, not a trace).
pub const MAX_STACK_BYTES: usize = 256 * 1024;
/// An event's JSON beyond this is sent shrunk (see [`Event::to_json_with_scope`]).
pub const MAX_EVENT_BYTES: usize = 256 * 1024;

pub const SDK_NAME: &str = "faultline.javascript";
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Severity, as Sentry spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Fatal,
    Error,
    Warning,
    Info,
    Debug,
}

impl Level {
    /// Lenient: Sentry's `log` is `info`; anything unknown is `None`.
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "fatal" => Level::Fatal,
            "error" => Level::Error,
            "warning" | "warn" => Level::Warning,
            "info" | "log" => Level::Info,
            "debug" => Level::Debug,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Fatal => "fatal",
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Debug => "debug",
        }
    }
}

/// How an exception was caught (Sentry's `mechanism.type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    /// `window` `error` event: uncaught, so `handled: false`.
    OnError,
    /// `window` `unhandledrejection` event: `handled: false`.
    OnUnhandledRejection,
    /// `captureException` by the page: `handled: true`.
    Generic,
}

impl Mechanism {
    pub fn kind(self) -> &'static str {
        match self {
            Mechanism::OnError => "onerror",
            Mechanism::OnUnhandledRejection => "onunhandledrejection",
            Mechanism::Generic => "generic",
        }
    }

    pub fn handled(self) -> bool {
        matches!(self, Mechanism::Generic)
    }
}

/// A safe description of a thrown JS value, built by the glue without ever throwing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Thrown {
    /// An `Error` (or anything with a string `stack`): its `name`, `message` and `stack`.
    Error { name: String, message: String, stack: Option<String> },
    /// A primitive: `typeof` and `String(value)` ("abc", "42", "null", "Symbol(x)").
    Primitive { type_of: &'static str, repr: String },
    /// Any other object: its constructor name and own enumerable keys.
    Object { class: String, keys: Vec<String> },
}

/// Where an `ErrorEvent` said the error happened; the only location a cross-origin
/// `Script error.` or a thrown non-Error still carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLocation {
    pub message: Option<String>,
    pub filename: Option<String>,
    pub lineno: Option<u32>,
    pub colno: Option<u32>,
}

impl Thrown {
    /// An error known only by an `ErrorEvent.message`, as when a cross-origin script throws
    /// (`Script error.`) or a page throws `null`. Browsers prefix the message differently
    /// (Chromium: `Uncaught TypeError: x`; Firefox, Safari: `TypeError: x`); the prefix is
    /// removed and a leading built-in error name split off, so both group as one issue.
    pub fn from_event_message(message: &str) -> Thrown {
        let mut m = message.trim_start();
        for prefix in ["Uncaught exception: ", "uncaught exception: ", "Uncaught ", "uncaught "] {
            if let Some(rest) = m.strip_prefix(prefix) {
                m = rest;
                break;
            }
        }
        const NAMES: &[&str] = &[
            "Error", "EvalError", "InternalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
        ];
        if let Some((name, rest)) = text::split_once(m, ": ") {
            if NAMES.contains(&name) {
                return Thrown::Error { name: name.to_string(), message: rest.to_string(), stack: None };
            }
        }
        Thrown::Error { name: String::new(), message: m.to_string(), stack: None }
    }
}

/// A frame as sent: Sentry order (outermost first), with `in_app`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFrame {
    pub function: Option<String>,
    pub filename: Option<String>,
    pub lineno: Option<u32>,
    pub colno: Option<u32>,
    pub in_app: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    pub ty: String,
    pub value: String,
    pub frames: Vec<OutFrame>,
    /// Frames removed from the middle of a very long trace.
    pub frames_omitted: usize,
    pub mechanism: Mechanism,
}

/// What the page knows about itself at capture time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    pub url: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// 32 lowercase hex digits (a UUID v4 without dashes).
    pub event_id: String,
    pub timestamp_ms: u64,
    pub level: Level,
    pub exception: Option<Exception>,
    pub message: Option<String>,
    pub release: Option<String>,
    pub environment: Option<String>,
    pub dist: Option<String>,
    pub page: PageInfo,
}

/// A UUID v4 in Sentry's form (32 hex digits, no dashes) from 16 random bytes.
pub fn event_id_from_random(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut out = String::with_capacity(32);
    for b in bytes {
        out.push(hex_digit(b >> 4));
        out.push(hex_digit(b));
    }
    out
}

/// True for an id the page may pass in (`captureException(e, {event_id})`, the JS stub).
pub fn is_valid_event_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Builds the exception for a thrown value. `location` is the `ErrorEvent`'s own position,
/// used as the single frame when the value brings no stack of its own.
pub fn exception_from(thrown: &Thrown, mechanism: Mechanism, location: Option<&EventLocation>) -> Exception {
    let rejection = mechanism == Mechanism::OnUnhandledRejection;
    let (ty, value, stack) = match thrown {
        Thrown::Error { name, message, stack } => {
            let ty = if name.is_empty() { "Error" } else { name.as_str() };
            (bounded(ty, MAX_NAME_BYTES), bounded(message, MAX_VALUE_BYTES), stack.as_deref())
        }
        Thrown::Primitive { repr, .. } => {
            // Sentry's wording for rejections, so issues group as they would there.
            let value = if rejection {
                let mut v = String::from("Non-Error promise rejection captured with value: ");
                v.push_str(repr);
                v
            } else {
                repr.clone()
            };
            (String::from(if rejection { "UnhandledRejection" } else { "Error" }), bounded(&value, MAX_VALUE_BYTES), None)
        }
        Thrown::Object { class, keys } => {
            let mut v = String::from(if rejection {
                "Object captured as promise rejection with keys: "
            } else {
                "Object captured as exception with keys: "
            });
            let mut sorted: Vec<&str> = keys.iter().map(String::as_str).collect();
            insertion_sort(&mut sorted);
            for (i, k) in sorted.iter().take(MAX_KEYS_LISTED).enumerate() {
                if i > 0 {
                    v.push_str(", ");
                }
                v.push_str(k);
            }
            if sorted.is_empty() {
                v.push_str("[object has no keys]");
            } else if sorted.len() > MAX_KEYS_LISTED {
                v.push_str(", \u{2026}");
            }
            let ty = if rejection {
                String::from("UnhandledRejection")
            } else if class.is_empty() || class == "Object" {
                String::from("Error")
            } else {
                bounded(class, MAX_NAME_BYTES)
            };
            (ty, bounded(&v, MAX_VALUE_BYTES), None)
        }
    };

    let mut parsed = match stack {
        Some(s) => stack::parse(truncate_stack(s)),
        None => Vec::new(),
    };
    if parsed.is_empty() {
        if let Some(loc) = location.filter(|l| l.filename.as_deref().is_some_and(|f| !f.is_empty())) {
            parsed.push(Frame { function: None, filename: loc.filename.clone(), lineno: loc.lineno, colno: loc.colno });
        }
    }
    let frames_omitted = stack::cap(&mut parsed, KEEP_INNER_FRAMES, KEEP_OUTER_FRAMES);
    // The parser gives innermost first; Sentry wants the crash site last.
    let frames = parsed.into_iter().rev().map(out_frame).collect();
    Exception { ty, value, frames, frames_omitted, mechanism }
}

/// Sorts the few keys of a thrown object. `sort_unstable` would pull 2.5 KB of quicksort into
/// the wasm for lists the glue caps at 50 entries.
fn insertion_sort(keys: &mut [&str]) {
    for i in 1..keys.len() {
        let mut j = i;
        while j > 0 && keys.get(j - 1) > keys.get(j) {
            keys.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// At most [`MAX_STACK_BYTES`] of the stack string, cut at a line end when possible.
fn truncate_stack(s: &str) -> &str {
    if s.len() <= MAX_STACK_BYTES {
        return s;
    }
    let mut end = MAX_STACK_BYTES;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = s.get(..end).unwrap_or("");
    match head.rfind('\n') {
        Some(nl) => head.get(..nl).unwrap_or(head),
        None => head,
    }
}

fn out_frame(f: Frame) -> OutFrame {
    let in_app = f.filename.as_deref().is_some_and(is_in_app);
    OutFrame {
        function: f.function.map(|s| bounded(&s, MAX_NAME_BYTES)),
        filename: f.filename.map(|s| bounded(&s, MAX_URL_BYTES)),
        lineno: f.lineno,
        colno: f.colno,
        in_app,
    }
}

/// A frame is the page's own code unless it is native, from a browser extension, or a
/// dependency bundled from `node_modules`.
fn is_in_app(filename: &str) -> bool {
    const NOT_APP_PREFIXES: &[&str] = &[
        "native",
        "[native code]",
        "<anonymous>",
        "chrome-extension:",
        "moz-extension:",
        "safari-extension:",
        "safari-web-extension:",
    ];
    !(NOT_APP_PREFIXES.iter().any(|p| filename.starts_with(p)) || text::contains(filename, "/node_modules/"))
}

impl Event {
    /// The event as Sentry JSON.
    pub fn to_json(&self) -> String {
        self.to_json_with_scope(&Scope::default())
    }

    /// The event as Sentry JSON, with the scope's user and tags. An event whose JSON would pass
    /// [`MAX_EVENT_BYTES`] (possible only with hostile input: JSON escapes a control character
    /// as six bytes) is sent shrunk rather than refused by the collector (413 over 1 MiB).
    pub fn to_json_with_scope(&self, scope: &Scope) -> String {
        let json = self.write_json(scope);
        if json.len() <= MAX_EVENT_BYTES {
            return json;
        }
        self.shrunk().write_json(scope)
    }

    /// A copy with fewer frames and short strings. Its JSON is below 400 KiB whatever the
    /// strings hold: 12 frames × 3 × 256 B, 2 × 1 KiB of text, each at most ×6 when escaped,
    /// plus the scope's bounded tags and user.
    fn shrunk(&self) -> Event {
        const KEEP_INNER: usize = 10;
        const KEEP_OUTER: usize = 2;
        const TEXT: usize = 1024;
        const NAME: usize = 256;
        let mut small = self.clone();
        small.message = self.message.as_deref().map(|m| bounded(m, TEXT));
        if let Some(exc) = small.exception.as_mut() {
            exc.ty = bounded(&exc.ty, NAME);
            exc.value = bounded(&exc.value, TEXT);
            let n = exc.frames.len();
            if n > KEEP_INNER + KEEP_OUTER {
                // Frames are outermost first here: the innermost (where it threw) are last.
                exc.frames.drain(KEEP_OUTER..n - KEEP_INNER);
                exc.frames_omitted += n - KEEP_INNER - KEEP_OUTER;
            }
            for f in exc.frames.iter_mut() {
                f.function = f.function.as_deref().map(|s| bounded(s, NAME));
                f.filename = f.filename.as_deref().map(|s| bounded(s, NAME));
            }
        }
        small
    }

    fn write_json(&self, scope: &Scope) -> String {
        let mut w = JsonWriter::with_capacity(1024);
        w.begin_object();
        w.field_str("event_id", &self.event_id);
        w.key("timestamp");
        w.timestamp_ms(self.timestamp_ms);
        w.field_str("platform", "javascript");
        w.field_str("level", self.level.as_str());
        w.field_opt_str("release", self.release.as_deref());
        w.field_opt_str("environment", self.environment.as_deref());
        w.field_opt_str("dist", self.dist.as_deref());
        if let Some(message) = &self.message {
            w.key("message");
            w.begin_object();
            w.field_str("formatted", message);
            w.end_object();
        }
        if let Some(exc) = &self.exception {
            write_exception(&mut w, exc);
        }
        scope.write_fields(&mut w);
        if self.page.url.is_some() || self.page.user_agent.is_some() {
            w.key("request");
            w.begin_object();
            w.field_opt_str("url", self.page.url.as_deref());
            if let Some(ua) = &self.page.user_agent {
                w.key("headers");
                w.begin_object();
                w.field_str("User-Agent", ua);
                w.end_object();
            }
            w.end_object();
        }
        w.key("sdk");
        write_sdk(&mut w);
        w.end_object();
        w.finish()
    }
}

/// `{"name":"faultline.javascript","version":"…"}`, shared by events and envelope headers.
pub fn write_sdk(w: &mut JsonWriter) {
    w.begin_object();
    w.field_str("name", SDK_NAME);
    w.field_str("version", SDK_VERSION);
    w.end_object();
}

fn write_exception(w: &mut JsonWriter, exc: &Exception) {
    w.key("exception");
    w.begin_object();
    w.key("values");
    w.begin_array();
    w.begin_object();
    w.field_str("type", &exc.ty);
    w.field_str("value", &exc.value);
    if !exc.frames.is_empty() {
        w.key("stacktrace");
        w.begin_object();
        w.key("frames");
        w.begin_array();
        for f in &exc.frames {
            w.begin_object();
            if let Some(name) = &f.filename {
                w.field_str("filename", name);
                w.field_str("abs_path", name);
            }
            w.field_opt_str("function", f.function.as_deref());
            if let Some(n) = f.lineno {
                w.key("lineno");
                w.uint(u64::from(n));
            }
            if let Some(n) = f.colno {
                w.key("colno");
                w.uint(u64::from(n));
            }
            w.key("in_app");
            w.bool(f.in_app);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.key("mechanism");
    w.begin_object();
    w.field_str("type", exc.mechanism.kind());
    w.key("handled");
    w.bool(exc.mechanism.handled());
    if exc.frames_omitted > 0 {
        w.key("data");
        w.begin_object();
        w.key("frames_omitted");
        w.uint(exc.frames_omitted as u64);
        w.end_object();
    }
    w.end_object();
    w.end_object();
    w.end_array();
    w.end_object();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(name: &str, message: &str, stack: Option<&str>) -> Thrown {
        Thrown::Error { name: name.into(), message: message.into(), stack: stack.map(Into::into) }
    }

    #[test]
    fn event_ids_are_uuid_v4_hex() {
        let id = event_id_from_random([0xff; 16]);
        assert_eq!(id, "ffffffffffff4fffbfffffffffffffff");
        assert!(is_valid_event_id(&id));
        assert_eq!(event_id_from_random([0; 16]), "00000000000040008000000000000000");
        assert!(!is_valid_event_id("FFFFFFFFFFFF4FFFBFFFFFFFFFFFFFFF"));
        assert!(!is_valid_event_id("abc"));
    }

    #[test]
    fn errors_keep_their_name_and_message_and_frames_go_outermost_first() {
        let stack = "TypeError: x is not a function\n    at inner (http://h/a.js:3:9)\n    at outer (http://h/a.js:7:3)";
        let e = exception_from(&err("TypeError", "x is not a function", Some(stack)), Mechanism::OnError, None);
        assert_eq!(e.ty, "TypeError");
        assert_eq!(e.value, "x is not a function");
        assert_eq!(e.frames.len(), 2);
        assert_eq!(e.frames[0].function.as_deref(), Some("outer"));
        assert_eq!(e.frames[1].function.as_deref(), Some("inner"));
        assert_eq!((e.frames[1].lineno, e.frames[1].colno), (Some(3), Some(9)));
        assert!(e.frames[1].in_app);
        assert!(!e.mechanism.handled());
    }

    #[test]
    fn an_error_without_a_stack_falls_back_to_the_event_location() {
        let loc = EventLocation { message: None, filename: Some("http://h/x.js".into()), lineno: Some(1), colno: Some(2) };
        let e = exception_from(&err("", "Script error.", None), Mechanism::OnError, Some(&loc));
        assert_eq!(e.ty, "Error");
        assert_eq!(e.frames.len(), 1);
        assert_eq!(e.frames[0].filename.as_deref(), Some("http://h/x.js"));
        let e = exception_from(&err("", "Script error.", None), Mechanism::OnError, Some(&EventLocation::default()));
        assert!(e.frames.is_empty());
    }

    #[test]
    fn event_messages_lose_their_browser_prefix() {
        let chromium = Thrown::from_event_message("Uncaught TypeError: x is not a function");
        let firefox = Thrown::from_event_message("TypeError: x is not a function");
        assert_eq!(chromium, firefox);
        assert_eq!(chromium, err("TypeError", "x is not a function", None));
        assert_eq!(Thrown::from_event_message("Script error."), err("", "Script error.", None));
        assert_eq!(Thrown::from_event_message("Uncaught null"), err("", "null", None));
        assert_eq!(Thrown::from_event_message("Uncaught MyError: no"), err("", "MyError: no", None));
    }

    #[test]
    fn non_errors_read_as_sentry_words_them() {
        let s = Thrown::Primitive { type_of: "string", repr: "boom".into() };
        assert_eq!(exception_from(&s, Mechanism::OnError, None).value, "boom");
        let r = exception_from(&s, Mechanism::OnUnhandledRejection, None);
        assert_eq!(r.ty, "UnhandledRejection");
        assert_eq!(r.value, "Non-Error promise rejection captured with value: boom");

        let o = Thrown::Object { class: "Object".into(), keys: vec!["b".into(), "a".into()] };
        let e = exception_from(&o, Mechanism::Generic, None);
        assert_eq!((e.ty.as_str(), e.value.as_str()), ("Error", "Object captured as exception with keys: a, b"));
        assert!(e.mechanism.handled());
        let many = Thrown::Object { class: "Thing".into(), keys: (0..20).map(|i| i.to_string()).collect() };
        let e = exception_from(&many, Mechanism::OnError, None);
        assert_eq!(e.ty, "Thing");
        assert!(e.value.ends_with(", \u{2026}"));
        let empty = Thrown::Object { class: String::new(), keys: vec![] };
        assert!(exception_from(&empty, Mechanism::OnError, None).value.ends_with("[object has no keys]"));
    }

    #[test]
    fn insertion_sort_orders_keys() {
        let mut keys = ["b", "a", "c", "a", ""];
        insertion_sort(&mut keys);
        assert_eq!(keys, ["", "a", "a", "b", "c"]);
    }

    #[test]
    fn huge_inputs_are_bounded() {
        let message = "m".repeat(5 * 1024 * 1024);
        let mut stack = String::from("Error: m\n");
        for i in 0..100_000 {
            stack.push_str("    at f (http://h/a.js:");
            stack.push_str(&i.to_string());
            stack.push_str(":1)\n");
        }
        let e = exception_from(&err("Error", &message, Some(&stack)), Mechanism::OnError, None);
        assert!(e.value.len() <= MAX_VALUE_BYTES);
        assert_eq!(e.frames.len(), KEEP_INNER_FRAMES + KEEP_OUTER_FRAMES);
        assert!(e.frames_omitted > 0);
        let event = Event {
            event_id: event_id_from_random([1; 16]),
            timestamp_ms: 0,
            level: Level::Error,
            exception: Some(e),
            message: None,
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        };
        assert!(event.to_json().len() < 64 * 1024);
    }

    #[test]
    fn hostile_strings_cannot_push_an_event_past_the_collectors_limit() {
        // Control characters escape to six bytes each; every string at its bound.
        let c = |n: usize| "\u{1}".repeat(n);
        let mut stack = String::new();
        for i in 0..60 {
            stack.push_str("\n    at ");
            stack.push_str(&c(MAX_NAME_BYTES * 2));
            stack.push_str(" (");
            stack.push_str(&c(MAX_URL_BYTES * 2));
            stack.push(':');
            stack.push_str(&i.to_string());
            stack.push_str(":1)");
        }
        let thrown = Thrown::Error { name: c(1000), message: c(MAX_VALUE_BYTES * 2), stack: Some(stack) };
        let exc = exception_from(&thrown, Mechanism::OnError, None);
        let mut scope = Scope::new();
        for i in 0..200 {
            scope.set_tag(&(i.to_string() + &c(400)), &c(400));
        }
        scope.set_user(Some(crate::core::scope::User { id: Some(c(2000)), email: Some(c(2000)), username: Some(c(2000)), ip_address: Some(c(2000)) }));
        let mut event = Event {
            event_id: event_id_from_random([7; 16]),
            timestamp_ms: 0,
            level: Level::Error,
            exception: Some(exc),
            message: Some(c(MAX_VALUE_BYTES)),
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        };
        let json = event.to_json_with_scope(&scope);
        assert!(json.len() < 400 * 1024, "{} bytes", json.len());
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let frames = v["exception"]["values"][0]["stacktrace"]["frames"].as_array().unwrap();
        assert_eq!(frames.len(), 12, "shrunk to 10 innermost + 2 outermost frames");
        assert_eq!(frames[11]["lineno"], 0, "the innermost frame (where it threw) is kept last");
        // A normal event is not touched.
        event.exception = None;
        event.message = Some("short".into());
        assert!(event.to_json_with_scope(&scope).contains("\"formatted\":\"short\""));
    }

    #[test]
    fn frames_from_extensions_native_code_and_dependencies_are_not_in_app() {
        assert!(is_in_app("https://shop.example/app.js"));
        assert!(!is_in_app("chrome-extension://abc/content.js"));
        assert!(!is_in_app("[native code]"));
        assert!(!is_in_app("https://shop.example/node_modules/lib/x.js"));
    }

    #[test]
    fn serializes_the_sentry_schema() {
        let event = Event {
            event_id: "0123456789abcdef0123456789abcdef".into(),
            timestamp_ms: 1_700_000_000_250,
            level: Level::Warning,
            exception: None,
            message: Some("hello".into()),
            release: Some("shop@1.4.2".into()),
            environment: Some("staging".into()),
            dist: None,
            page: PageInfo { url: Some("http://h/".into()), user_agent: Some("UA/1".into()) },
        };
        let want = concat!(
            r#"{"event_id":"0123456789abcdef0123456789abcdef","timestamp":1700000000.250,"#,
            r#""platform":"javascript","level":"warning","release":"shop@1.4.2","environment":"staging","#,
            r#""message":{"formatted":"hello"},"request":{"url":"http://h/","headers":{"User-Agent":"UA/1"}},"#,
            r#""sdk":{"name":"faultline.javascript","version":""#,
            env!("CARGO_PKG_VERSION"),
            r#""}}"#
        );
        assert_eq!(event.to_json(), want);
    }

    #[test]
    fn exception_json_has_frames_and_mechanism() {
        let stack = "Error: a\n    at f (http://h/a.js:1:2)";
        let exc = exception_from(&err("Error", "a", Some(stack)), Mechanism::OnUnhandledRejection, None);
        let event = Event {
            event_id: "0123456789abcdef0123456789abcdef".into(),
            timestamp_ms: 0,
            level: Level::Error,
            exception: Some(exc),
            message: None,
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        };
        let v: serde_json::Value = serde_json::from_str(&event.to_json()).unwrap();
        let ex = &v["exception"]["values"][0];
        assert_eq!(ex["mechanism"]["type"], "onunhandledrejection");
        assert_eq!(ex["mechanism"]["handled"], false);
        let f = &ex["stacktrace"]["frames"][0];
        assert_eq!(f["filename"], "http://h/a.js");
        assert_eq!(f["abs_path"], "http://h/a.js");
        assert_eq!(f["function"], "f");
        assert_eq!(f["lineno"], 1);
        assert_eq!(f["colno"], 2);
        assert_eq!(f["in_app"], true);
    }
}
