//! The Sentry event model: what a captured error or message becomes on the wire.
//!
//! Schema: develop.sentry.dev "Event Payloads" (read 2026-11): `event_id`, `timestamp`,
//! `platform`, `level`, `exception.values[]` (with `stacktrace.frames` outermost first and a
//! `mechanism`), `message`, `release`, `environment`, `request`, `sdk`. Every string is bounded
//! here, so no input can make an event larger than a few hundred KiB.
//!
//! Input comes in as a [`Thrown`]: the glue's safe description of whatever JS value was thrown.
//! Turning it into an exception (type, value, frames) is a decision, so it lives here.
//!
//! Linked errors ("Exception Interface" and "Exception Mechanism", develop.sentry.dev, read
//! 2026-11; sentry-javascript `aggregate-errors.ts`): the glue walks `error.cause` and
//! `AggregateError.errors` and hands over up to [`MAX_EXCEPTIONS`] errors in walk order
//! ([`Linked`]); [`exceptions_from`] numbers them in that order (`exception_id`, the thrown
//! one 0) and sends them reversed, the thrown error last. Linked ones get the mechanism
//! `{type:"chained", handled:true, source:"cause"|"errors[i]", exception_id, parent_id}`; the
//! thrown one keeps its own plus `exception_id: 0`, and any error with `errors[i]` children
//! `is_exception_group: true`.
//!
//! The scope (user, tags, extra, contexts, level, fingerprint, breadcrumbs) and the page's
//! contexts ([`PageContext`]) are written with the event; see `scope.rs` and `context.rs`.
//! Left out: `threads`, `debug_meta`, `modules`, `transaction`, `server_name`.

#[allow(unused_imports)]
use crate::prelude::*;

pub use crate::core::context::PageContext;
use alloc::rc::Rc;

use crate::core::json::{hex_digit, push_u64, JsonWriter};
use crate::core::scope::Scope;
use crate::core::stack::{self, Frame};
use crate::core::text::{self, bounded, bounded_owned};

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
/// The thrown error and its linked errors, together (the reference SDK's `limit` is 5 too).
pub const MAX_EXCEPTIONS: usize = 5;

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
    /// A linked error (`cause`, `errors[i]`) of the one that was caught: `handled: true`.
    Chained,
}

impl Mechanism {
    pub fn kind(self) -> &'static str {
        match self {
            Mechanism::OnError => "onerror",
            Mechanism::OnUnhandledRejection => "onunhandledrejection",
            Mechanism::Generic => "generic",
            Mechanism::Chained => "chained",
        }
    }

    pub fn handled(self) -> bool {
        matches!(self, Mechanism::Generic | Mechanism::Chained)
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

/// Where a linked error hangs on its parent: `error.cause`, or `errors[i]` of an
/// `AggregateError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSource {
    Cause,
    Errors(u32),
}

/// One error of a chain, as the glue walks it: depth first from the thrown value (which comes
/// first), `cause` before `errors`, every error after its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    pub thrown: Thrown,
    pub source: LinkSource,
    /// Index in the walk of the error this one hangs on; ignored for the first.
    pub parent: usize,
}

impl Linked {
    /// The thrown value itself, first in a chain.
    pub fn top(thrown: Thrown) -> Linked {
        Linked { thrown, source: LinkSource::Cause, parent: 0 }
    }

    /// A plain `cause` chain, thrown value first: each error is the cause of the one before.
    pub fn causes(chain: Vec<Thrown>) -> Vec<Linked> {
        chain
            .into_iter()
            .enumerate()
            .map(|(i, thrown)| Linked { thrown, source: LinkSource::Cause, parent: i.saturating_sub(1) })
            .collect()
    }
}

/// Sentry's exception-group fields, set on every exception of an event with linked errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    /// Position in the walk: 0 for the thrown error.
    pub exception_id: u32,
    /// The parent's `exception_id` and where this error hung on it; `None` for the thrown one.
    pub parent: Option<(u32, LinkSource)>,
    /// Has `errors[i]` children (an `AggregateError` or a subclass).
    pub is_exception_group: bool,
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
        let mut m = text::trim_start(message);
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
    /// Set when the event holds linked errors.
    pub group: Option<Group>,
}

/// What the page knows about itself at capture time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    pub url: Option<String>,
    pub user_agent: Option<String>,
    /// `document.referrer`, sent as the `Referer` request header.
    pub referrer: Option<String>,
    /// Shared by every event of a client: built once, never copied per event.
    pub context: Rc<PageContext>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// 32 lowercase hex digits (a UUID v4 without dashes).
    pub event_id: String,
    pub timestamp_ms: u64,
    pub level: Level,
    /// Sentry order: the oldest cause first, the thrown error last. Empty for a message.
    pub exceptions: Vec<Exception>,
    pub message: Option<String>,
    pub release: Option<String>,
    pub environment: Option<String>,
    pub dist: Option<String>,
    pub page: PageInfo,
}

impl Event {
    /// What makes two occurrences "the same error" for storm folding: the thrown error's
    /// type, its value with digit runs collapsed (so `row 17` and `row 18` fold), its three
    /// innermost in-app frames (all frames when none is in-app), the message of a message
    /// event (digits collapsed too), the level, and the scope's fingerprint, tags and user
    /// ([`Scope::for_each_identity`]). A 64-bit FNV-1a hash: cheap enough to compute for
    /// every occurrence of a storm before any JSON is built.
    pub fn fold_key(&self, scope: &Scope) -> u64 {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.digits_folded(self.message.as_deref().unwrap_or(""));
        if let Some(top) = self.exceptions.last() {
            h.text(&top.ty);
            h.digits_folded(&top.value);
            let any_in_app = top.frames.iter().any(|f| f.in_app);
            for f in top.frames.iter().rev().filter(|f| f.in_app || !any_in_app).take(3) {
                h.text(f.function.as_deref().unwrap_or(""));
                h.text(f.filename.as_deref().unwrap_or(""));
                h.number(f.lineno.unwrap_or(0));
                h.number(f.colno.unwrap_or(0));
            }
        }
        h.text(self.level.as_str());
        scope.for_each_identity(&mut |part| h.text(part));
        h.0
    }
}

struct Fnv(u64);

impl Fnv {
    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }

    /// The bytes, then a separator no UTF-8 text contains, so ("ab", "c") ≠ ("a", "bc").
    fn text(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0xff);
    }

    fn digits_folded(&mut self, s: &str) {
        let mut in_digits = false;
        for b in s.bytes() {
            let digit = b.is_ascii_digit();
            if !(digit && in_digits) {
                self.byte(if digit { b'0' } else { b });
            }
            in_digits = digit;
        }
        self.byte(0xff);
    }

    fn number(&mut self, n: u32) {
        for b in n.to_le_bytes() {
            self.byte(b);
        }
    }
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
    Exception { ty, value, frames, frames_omitted, mechanism, group: None }
}

/// Builds the exceptions of a thrown value and its linked errors (`chain`, in walk order, the
/// thrown value first; see [`Linked`]). Only the first [`MAX_EXCEPTIONS`] are kept (every
/// parent comes before its children, so the kept ones stay linked). Returned in Sentry order:
/// the deepest cause first, the thrown error last. A chain of one is [`exception_from`].
pub fn exceptions_from(chain: &[Linked], mechanism: Mechanism, location: Option<&EventLocation>) -> Vec<Exception> {
    let chain = chain.get(..MAX_EXCEPTIONS).unwrap_or(chain);
    // A parent index that does not point back is read as "the one before".
    let parent_of = |i: usize, link: &Linked| link.parent.min(i.saturating_sub(1));
    let mut out: Vec<Exception> = Vec::with_capacity(chain.len());
    for (i, link) in chain.iter().enumerate() {
        let mut exc = if i == 0 {
            exception_from(&link.thrown, mechanism, location)
        } else {
            exception_from(&link.thrown, Mechanism::Chained, None)
        };
        if chain.len() > 1 {
            let is_exception_group = chain
                .iter()
                .enumerate()
                .skip(i + 1)
                .any(|(j, child)| parent_of(j, child) == i && matches!(child.source, LinkSource::Errors(_)));
            exc.group = Some(Group {
                exception_id: i as u32,
                parent: (i > 0).then(|| (parent_of(i, link) as u32, link.source)),
                is_exception_group,
            });
        }
        out.push(exc);
    }
    out.reverse();
    out
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
    match text::rfind(head, "\n") {
        Some(nl) => head.get(..nl).unwrap_or(head),
        None => head,
    }
}

fn out_frame(f: Frame) -> OutFrame {
    let in_app = f.filename.as_deref().is_some_and(is_in_app);
    OutFrame {
        function: f.function.map(|s| bounded_owned(s, MAX_NAME_BYTES)),
        filename: f.filename.map(|s| bounded_owned(s, MAX_URL_BYTES)),
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

    /// The event as Sentry JSON, with the scope: its user, tags, extra, contexts, fingerprint
    /// and breadcrumbs, and its level over the event's. An event whose JSON would pass
    /// [`MAX_EVENT_BYTES`] (many long breadcrumbs, or hostile input: JSON escapes a control
    /// character as six bytes) is written again shrunk ([`Size::Shrunk`]) rather than refused
    /// by the collector (413 over 1 MiB).
    pub fn to_json_with_scope(&self, scope: &Scope) -> String {
        let json = self.write_json(scope, Size::Full);
        if json.len() <= MAX_EVENT_BYTES {
            return json;
        }
        self.write_json(scope, Size::Shrunk)
    }

    fn write_json(&self, scope: &Scope, size: Size) -> String {
        let small = size == Size::Shrunk;
        let cap = |max: usize| if small { max } else { usize::MAX };
        let opt = |w: &mut JsonWriter, name: &str, value: &Option<String>, max: usize| {
            if let Some(v) = value {
                w.field_str_max(name, v, cap(max));
            }
        };
        let mut w = JsonWriter::with_capacity(1024);
        w.begin_object();
        w.field_str("event_id", &self.event_id);
        w.key("timestamp");
        w.timestamp_ms(self.timestamp_ms);
        w.field_str("platform", "javascript");
        w.field_str("level", scope.level().unwrap_or(self.level).as_str());
        opt(&mut w, "release", &self.release, SHRUNK_NAME);
        opt(&mut w, "environment", &self.environment, SHRUNK_NAME);
        opt(&mut w, "dist", &self.dist, SHRUNK_NAME);
        if let Some(message) = &self.message {
            w.key("message");
            w.begin_object();
            w.field_str_max("formatted", message, cap(SHRUNK_TEXT));
            w.end_object();
        }
        if !self.exceptions.is_empty() {
            w.key("exception");
            w.begin_object();
            w.key("values");
            w.begin_array();
            let top = self.exceptions.len() - 1;
            for (i, exc) in self.exceptions.iter().enumerate() {
                write_exception(&mut w, exc, size, i == top);
            }
            w.end_array();
            w.end_object();
        }
        scope.write_fields(&mut w, size);
        let page = &self.page;
        page.context.write_contexts(page.user_agent.as_deref(), scope, size, &mut w);
        if page.url.is_some() || page.user_agent.is_some() || page.referrer.is_some() {
            w.key("request");
            w.begin_object();
            opt(&mut w, "url", &page.url, MAX_URL_BYTES);
            if page.user_agent.is_some() || page.referrer.is_some() {
                w.key("headers");
                w.begin_object();
                opt(&mut w, "User-Agent", &page.user_agent, 512);
                opt(&mut w, "Referer", &page.referrer, MAX_URL_BYTES);
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

/// How much of an event to write.
///
/// `Shrunk` stays far below 1 MiB whatever the strings hold (each byte at most ×6 when
/// escaped): the thrown error keeps 12 frames (10 innermost, 2 outermost), each linked one 5;
/// names and URLs in frames 256 B, texts 1 KiB; the page's URLs 2 KiB, its User-Agent 512 B;
/// release, environment and dist 256 B. The scope writes its 30 newest breadcrumbs with short
/// messages, and the `extra` and contexts that fit 32 and 16 KiB (see `Scope::write_fields`).
/// With its tags (≤ 240 KiB escaped) the sum is about 630 KiB; `tests/core_event_bounds.rs`
/// builds that worst case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Full,
    Shrunk,
}

const SHRUNK_TEXT: usize = 1024;
const SHRUNK_NAME: usize = 256;

/// `{"name":"faultline.javascript","version":"…"}`, shared by events and envelope headers.
pub fn write_sdk(w: &mut JsonWriter) {
    w.begin_object();
    w.field_str("name", SDK_NAME);
    w.field_str("version", SDK_VERSION);
    w.end_object();
}

/// One entry of `exception.values`; `top` is the thrown error (the last).
fn write_exception(w: &mut JsonWriter, exc: &Exception, size: Size, top: bool) {
    let small = size == Size::Shrunk;
    let cap = |max: usize| if small { max } else { usize::MAX };
    // Frames are outermost first here: the innermost (where it threw) are last.
    let (keep_inner, keep_outer) = if top { (10, 2) } else { (4, 1) };
    let n = exc.frames.len();
    let cut = if small && n > keep_inner + keep_outer { n - keep_inner - keep_outer } else { 0 };
    w.begin_object();
    // A message's synthetic stack (attachStacktrace) has a value and frames but no type.
    if !exc.ty.is_empty() {
        w.field_str_max("type", &exc.ty, cap(SHRUNK_NAME));
    }
    w.field_str_max("value", &exc.value, cap(SHRUNK_TEXT));
    if n > 0 {
        w.key("stacktrace");
        w.begin_object();
        w.key("frames");
        w.begin_array();
        for (i, f) in exc.frames.iter().enumerate() {
            if i >= keep_outer && i < keep_outer + cut {
                continue;
            }
            w.begin_object();
            if let Some(name) = &f.filename {
                w.field_str_max("filename", name, cap(SHRUNK_NAME));
                w.field_str_max("abs_path", name, cap(SHRUNK_NAME));
            }
            if let Some(name) = &f.function {
                w.field_str_max("function", name, cap(SHRUNK_NAME));
            }
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
    if let Some(g) = &exc.group {
        if let Some((parent_id, source)) = g.parent {
            let mut s = String::from(match source {
                LinkSource::Cause => "cause",
                LinkSource::Errors(_) => "errors[",
            });
            if let LinkSource::Errors(i) = source {
                push_u64(&mut s, u64::from(i));
                s.push(']');
            }
            w.field_str("source", &s);
            w.key("parent_id");
            w.uint(u64::from(parent_id));
        }
        w.key("exception_id");
        w.uint(u64::from(g.exception_id));
        if g.is_exception_group {
            w.key("is_exception_group");
            w.bool(true);
        }
    }
    if exc.frames_omitted + cut > 0 {
        w.key("data");
        w.begin_object();
        w.key("frames_omitted");
        w.uint((exc.frames_omitted + cut) as u64);
        w.end_object();
    }
    w.end_object();
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
            exceptions: vec![e],
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
            exceptions: vec![exc],
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
        event.exceptions.clear();
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
            exceptions: vec![],
            message: Some("hello".into()),
            release: Some("shop@1.4.2".into()),
            environment: Some("staging".into()),
            dist: None,
            page: PageInfo { url: Some("http://h/".into()), user_agent: Some("UA/1".into()), ..PageInfo::default() },
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

    fn mechanism_of(v: &serde_json::Value) -> String {
        v["mechanism"].to_string()
    }

    #[test]
    fn a_cause_chain_goes_oldest_first_with_chained_mechanisms() {
        let chain = Linked::causes(vec![
            err("Error", "save failed", Some("Error: save failed\n    at save (http://h/a.js:9:1)")),
            err("TypeError", "db down", Some("TypeError: db down\n    at q (http://h/db.js:1:2)")),
            Thrown::Primitive { type_of: "string", repr: "socket closed".into() },
        ]);
        let excs = exceptions_from(&chain, Mechanism::OnUnhandledRejection, None);
        let event = Event { exceptions: excs, ..message_event() };
        let v: serde_json::Value = serde_json::from_str(&event.to_json()).unwrap();
        let values = v["exception"]["values"].as_array().unwrap();
        let summary: Vec<(&str, &str)> = values.iter().map(|e| (e["type"].as_str().unwrap(), e["value"].as_str().unwrap())).collect();
        assert_eq!(summary, [("Error", "socket closed"), ("TypeError", "db down"), ("Error", "save failed")]);
        assert_eq!(
            mechanism_of(&values[0]),
            r#"{"exception_id":2,"handled":true,"parent_id":1,"source":"cause","type":"chained"}"#
        );
        assert_eq!(
            mechanism_of(&values[1]),
            r#"{"exception_id":1,"handled":true,"parent_id":0,"source":"cause","type":"chained"}"#
        );
        assert_eq!(mechanism_of(&values[2]), r#"{"exception_id":0,"handled":false,"type":"onunhandledrejection"}"#);
        assert_eq!(values[1]["stacktrace"]["frames"][0]["function"], "q");
    }

    #[test]
    fn an_aggregate_error_is_an_exception_group() {
        // new AggregateError([new Error("a", { cause: new Error("c") }), new Error("b")]), walked
        // depth first: top 0, errors[0] 1, its cause 2, errors[1] 3.
        let chain = [
            Linked::top(err("AggregateError", "2 failed", None)),
            Linked { thrown: err("Error", "a", None), source: LinkSource::Errors(0), parent: 0 },
            Linked { thrown: err("Error", "c", None), source: LinkSource::Cause, parent: 1 },
            Linked { thrown: err("Error", "b", None), source: LinkSource::Errors(1), parent: 0 },
        ];
        let excs = exceptions_from(&chain, Mechanism::Generic, None);
        let values: Vec<&str> = excs.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values, ["b", "c", "a", "2 failed"]);
        let event = Event { exceptions: excs, ..message_event() };
        let v: serde_json::Value = serde_json::from_str(&event.to_json()).unwrap();
        let m: Vec<String> = v["exception"]["values"].as_array().unwrap().iter().map(mechanism_of).collect();
        assert_eq!(
            m,
            [
                r#"{"exception_id":3,"handled":true,"parent_id":0,"source":"errors[1]","type":"chained"}"#,
                r#"{"exception_id":2,"handled":true,"parent_id":1,"source":"cause","type":"chained"}"#,
                r#"{"exception_id":1,"handled":true,"parent_id":0,"source":"errors[0]","type":"chained"}"#,
                r#"{"exception_id":0,"handled":true,"is_exception_group":true,"type":"generic"}"#,
            ]
        );
    }

    #[test]
    fn chains_are_cut_at_five_and_bad_parents_mended() {
        let chain: Vec<Linked> = (0..9)
            .map(|i| Linked { thrown: err("Error", &i.to_string(), None), source: LinkSource::Cause, parent: 100 })
            .collect();
        let excs = exceptions_from(&chain, Mechanism::OnError, None);
        assert_eq!(excs.len(), MAX_EXCEPTIONS);
        let parents: Vec<Option<u32>> = excs.iter().map(|e| e.group.and_then(|g| g.parent).map(|p| p.0)).collect();
        assert_eq!(parents, [Some(3), Some(2), Some(1), Some(0), None]);
        assert_eq!(excs.last().map(|e| e.value.as_str()), Some("0"));
    }

    #[test]
    fn a_chain_of_one_is_a_plain_exception() {
        let loc = EventLocation { filename: Some("http://h/x.js".into()), lineno: Some(1), ..EventLocation::default() };
        let t = err("", "Script error.", None);
        let one = exceptions_from(&[Linked::top(t.clone())], Mechanism::OnError, Some(&loc));
        assert_eq!(one, [exception_from(&t, Mechanism::OnError, Some(&loc))]);
        assert_eq!(one[0].group, None);
        assert!(exceptions_from(&[], Mechanism::OnError, None).is_empty());
        // The location is the thrown error's, never a cause's.
        let two = exceptions_from(&Linked::causes(vec![t.clone(), t]), Mechanism::OnError, Some(&loc));
        assert_eq!((two[0].frames.len(), two[1].frames.len()), (0, 1));
    }

    fn message_event() -> Event {
        Event {
            event_id: "0123456789abcdef0123456789abcdef".into(),
            timestamp_ms: 1_700_000_000_250,
            level: Level::Error,
            exceptions: vec![],
            message: None,
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        }
    }

    #[test]
    fn serializes_scope_page_context_and_referrer() {
        let mut scope = Scope::new();
        scope.set_level(Some(Level::Fatal));
        scope.set_fingerprint(&["{{ default }}".into(), "pay".into()]);
        scope.set_extra("order", Some(r#"{"id":7}"#));
        scope.set_context("app", Some(r#"{"build":"42"}"#));
        scope.add_breadcrumb(crate::core::scope::Breadcrumb {
            category: Some("ui.click".into()),
            message: Some("button#pay".into()),
            ..crate::core::scope::Breadcrumb::at(1_700_000_000_000)
        });
        let event = Event {
            message: Some("paid twice".into()),
            page: PageInfo {
                url: Some("https://shop.test/pay".into()),
                user_agent: Some("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0".into()),
                referrer: Some("https://shop.test/cart".into()),
                context: PageContext { locale: Some("de-DE".into()), timezone: Some("Europe/Berlin".into()), ..PageContext::default() }.into(),
            },
            ..message_event()
        };
        let want = concat!(
            r#"{"event_id":"0123456789abcdef0123456789abcdef","timestamp":1700000000.250,"platform":"javascript","level":"fatal","#,
            r#""message":{"formatted":"paid twice"},"extra":{"order":{"id":7}},"fingerprint":["{{ default }}","pay"],"#,
            r#""breadcrumbs":{"values":[{"timestamp":1700000000.000,"category":"ui.click","message":"button#pay"}]},"#,
            r#""contexts":{"browser":{"name":"Firefox","version":"153.0"},"os":{"name":"Linux"},"#,
            r#""culture":{"locale":"de-DE","timezone":"Europe/Berlin"},"app":{"build":"42"}},"#,
            r#""request":{"url":"https://shop.test/pay","headers":{"User-Agent":"Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0","#,
            r#""Referer":"https://shop.test/cart"}},"sdk":{"name":"faultline.javascript","version":""#,
            env!("CARGO_PKG_VERSION"),
            r#""}}"#
        );
        assert_eq!(event.to_json_with_scope(&scope), want);
        // Without a scope level, the event's own.
        assert!(event.to_json().contains(r#""level":"error""#));
        let referrer_only = Event { page: PageInfo { referrer: Some("https://a.test/".into()), ..PageInfo::default() }, ..message_event() };
        assert!(referrer_only.to_json().contains(r#""request":{"headers":{"Referer":"https://a.test/"}}"#));
    }

    #[test]
    fn exception_json_has_frames_and_mechanism() {
        let stack = "Error: a\n    at f (http://h/a.js:1:2)";
        let exc = exception_from(&err("Error", "a", Some(stack)), Mechanism::OnUnhandledRejection, None);
        let event = Event {
            event_id: "0123456789abcdef0123456789abcdef".into(),
            timestamp_ms: 0,
            level: Level::Error,
            exceptions: vec![exc],
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
