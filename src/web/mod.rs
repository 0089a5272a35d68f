//! The browser glue: translates between the JS stub and the core, and performs the effects
//! (fetch, timers, listeners) the core asks for. It decides nothing.
//!
//! Every export is called by the stub (`js/stub.js`), never by the page directly; the stub
//! wraps each call in `try`/`catch`, queues calls that arrive while one is running, and
//! replays calls made before the wasm was ready. Here, every JS call that could throw is
//! imported with `catch`, and state lives in one `RefCell` borrowed with `try_borrow_mut`
//! and never held across a call into JS, so a page that re-enters the SDK (a wrapped
//! `fetch` that reports errors, say) cannot make it panic.

#[allow(unused_imports)]
use crate::prelude::*;

mod read;
pub(crate) mod runtime;
mod transport;

use runtime::globals;

use core::cell::{Cell, RefCell};

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::core::dsn::Dsn;
use crate::core::event::{self, Event, Level, Mechanism, PageInfo, Thrown};
use crate::core::json::JsonWriter;
use crate::core::outbox::{Outbox, OutboxConfig, Trigger};
use crate::core::scope::{Scope, User};

/// The configured client. `None` until `init` succeeds, and after `close`.
struct Client {
    envelope_url: String,
    dsn: String,
    release: Option<String>,
    environment: Option<String>,
    dist: Option<String>,
    outbox: Outbox,
    captured: u64,
}

globals! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static DEBUG: Cell<bool> = const { Cell::new(false) };
    /// Errors the stub could not keep while the wasm was loading (its buffer was full).
    static EARLY_DROPPED: Cell<u64> = const { Cell::new(0) };
    /// The scope outlives the client: `setUser` before `init`, or across re-`init`, applies.
    static SCOPE: RefCell<Scope> = const { RefCell::new(Scope::new()) };
}

/// Runs `f` on the scope unless it is already borrowed.
fn with_scope<R>(f: impl FnOnce(&mut Scope) -> R) -> Option<R> {
    SCOPE.with(|s| s.try_borrow_mut().ok().map(|mut s| f(&mut s)))
}

/// Runs `f` on the client if there is one and it is not already borrowed.
fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Option<R> {
    CLIENT.with(|c| match c.try_borrow_mut() {
        Ok(mut guard) => guard.as_mut().map(f),
        Err(_) => None,
    })
}

/// `console.warn("faultline: …")` in debug mode; silent otherwise.
pub(crate) fn debug_log(message: &str, detail: Option<&str>) {
    if !DEBUG.with(Cell::get) {
        return;
    }
    let mut line = String::from("faultline: ");
    line.push_str(message);
    if let Some(d) = detail {
        line.push(' ');
        line.push_str(d);
    }
    let _ = console_warn(&line);
}

#[wasm_bindgen]
extern "C" {
    /// `catch`: a page may replace `console.warn` with something that throws.
    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    fn console_warn(line: &str) -> Result<(), JsValue>;
}

pub(crate) fn now_ms() -> u64 {
    let now = js_sys::Date::now();
    if now.is_finite() && now > 0.0 {
        now as u64
    } else {
        0
    }
}

fn timestamp_or_now(ts: f64) -> u64 {
    if ts.is_finite() && ts > 0.0 {
        ts as u64
    } else {
        now_ms()
    }
}

fn random_event_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (very old or locked-down context): Math.random is enough for an id.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    event::event_id_from_random(bytes)
}

fn page_info() -> PageInfo {
    let window = web_sys::window();
    PageInfo {
        url: window.as_ref().and_then(|w| w.location().href().ok()).map(|u| crate::core::text::bounded(&u, event::MAX_URL_BYTES)),
        user_agent: window.as_ref().and_then(|w| w.navigator().user_agent().ok()),
        ..PageInfo::default()
    }
}

fn option_string(options: &JsValue, key: &str) -> Option<String> {
    read::string_prop(options, key, 1024).filter(|s| !s.is_empty())
}

/// `init(options)` (the stub's name for it is `configure`): configures the client. Returns false (and warns in debug mode) when
/// the SDK stays disabled: no or bad DSN, or `enabled: false`.
#[wasm_bindgen]
pub fn configure(options: JsValue) -> bool {
    let debug = Reflect::get(&options, &JsValue::from_str("debug")).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    DEBUG.with(|d| d.set(debug));
    let enabled = Reflect::get(&options, &JsValue::from_str("enabled")).ok().and_then(|v| v.as_bool()).unwrap_or(true);
    if !enabled {
        debug_log("disabled by the `enabled: false` option", None);
        CLIENT.with(|c| c.try_borrow_mut().map(|mut c| *c = None).ok());
        return false;
    }
    let Some(dsn_text) = option_string(&options, "dsn") else {
        debug_log("no DSN given; the SDK stays disabled", None);
        return false;
    };
    let dsn = match Dsn::parse(&dsn_text) {
        Ok(d) => d,
        Err(e) => {
            debug_log(e.message(), Some("(the SDK stays disabled)"));
            return false;
        }
    };
    let client = Client {
        envelope_url: dsn.envelope_url(),
        dsn: dsn.to_canonical(),
        release: option_string(&options, "release"),
        environment: option_string(&options, "environment"),
        dist: option_string(&options, "dist"),
        outbox: Outbox::new(OutboxConfig::default()),
        captured: 0,
    };
    let installed = CLIENT.with(|c| match c.try_borrow_mut() {
        Ok(mut slot) => {
            *slot = Some(client);
            true
        }
        Err(_) => false,
    });
    if installed {
        debug_log("initialized; sending to", Some(&dsn.envelope_url()));
    }
    installed
}

/// Builds an event, queues it, and returns its id ("" when the SDK is disabled).
fn capture(event_id: Option<String>, ts: f64, level: Level, exception: Option<event::Exception>, message: Option<String>) -> String {
    let event_id = event_id.filter(|id| event::is_valid_event_id(id)).unwrap_or_else(random_event_id);
    let timestamp_ms = timestamp_or_now(ts);
    let page = page_info();
    let queued = with_client(|c| {
        let ev = Event {
            event_id: event_id.clone(),
            timestamp_ms,
            level,
            exceptions: exception.into_iter().collect(),
            message,
            release: c.release.clone(),
            environment: c.environment.clone(),
            dist: c.dist.clone(),
            page,
        };
        c.captured += 1;
        let json = with_scope(|s| ev.to_json_with_scope(s)).unwrap_or_else(|| ev.to_json());
        c.outbox.push(event_id.clone(), json, now_ms())
    });
    match queued {
        Some(true) => {
            debug_log("captured event", Some(&event_id));
            transport::schedule();
            event_id
        }
        Some(false) => {
            debug_log("queue full; event dropped (counted in stats)", Some(&event_id));
            String::new()
        }
        None => {
            debug_log("not initialized (call init with a valid dsn); event not sent", None);
            String::new()
        }
    }
}

/// `captureException(value)`: a handled exception (`mechanism.type = "generic"`).
#[wasm_bindgen(js_name = captureException)]
pub fn capture_exception(value: JsValue, event_id: Option<String>, ts: f64) -> String {
    let thrown = read::describe(&value, None);
    let exc = event::exception_from(&thrown, Mechanism::Generic, None);
    capture(event_id, ts, Level::Error, Some(exc), None)
}

/// `captureMessage(text, level)`.
#[wasm_bindgen(js_name = captureMessage)]
pub fn capture_message(text: JsValue, level: JsValue, event_id: Option<String>, ts: f64) -> String {
    let message = match read::bounded_string(&text, event::MAX_VALUE_BYTES as u32) {
        Some(s) => s,
        None => match read::describe(&text, None) {
            Thrown::Primitive { repr, .. } => repr,
            _ => String::from("[non-string message]"),
        },
    };
    let level = read::bounded_string(&level, 16).and_then(|l| Level::parse(&l)).unwrap_or(Level::Info);
    capture(event_id, ts, level, None, Some(crate::core::text::bounded(&message, event::MAX_VALUE_BYTES)))
}

/// `setUser(user | null)`: `id`, `email`, `username`, `ip_address` (strings or numbers).
#[wasm_bindgen(js_name = setUser)]
pub fn set_user(user: JsValue) {
    let user = if user.is_object() {
        let field = |k: &str| {
            let v = Reflect::get(&user, &JsValue::from_str(k)).ok()?;
            (!(v.is_null() || v.is_undefined())).then(|| primitive_text(&v))
        };
        Some(User { id: field("id"), email: field("email"), username: field("username"), ip_address: field("ip_address") })
    } else {
        None
    };
    with_scope(|s| s.set_user(user));
}

/// `setTag(key, value)`: value is a string, number or boolean (as Sentry's `Primitive`).
#[wasm_bindgen(js_name = setTag)]
pub fn set_tag(key: JsValue, value: JsValue) {
    let (Some(key), value) = (read::bounded_string(&key, 1024), primitive_text(&value)) else {
        debug_log("setTag: the key must be a string", None);
        return;
    };
    if with_scope(|s| s.set_tag(&key, &value)) != Some(true) {
        debug_log("setTag: tag not set (empty key or too many tags)", Some(&key));
    }
}

/// `setTags({ key: value, … })`.
#[wasm_bindgen(js_name = setTags)]
pub fn set_tags(tags: JsValue) {
    let Ok(keys) = Reflect::own_keys(&tags) else { return };
    for i in 0..keys.length().min(crate::core::scope::MAX_TAGS as u32) {
        let key = keys.get(i);
        if let Ok(value) = Reflect::get(&tags, &key) {
            set_tag(key, value);
        }
    }
}

/// A string as is; a number, boolean or other primitive as `String(value)`.
fn primitive_text(value: &JsValue) -> String {
    match read::bounded_string(value, 1024) {
        Some(s) => s,
        None => match read::describe(value, None) {
            Thrown::Primitive { repr, .. } => repr,
            _ => String::from("[object]"),
        },
    }
}

/// A `window` `error` event, forwarded by the stub (also for errors caught before the wasm
/// was ready: then `ts` is when it happened and `stack` was read at that moment).
#[wasm_bindgen(js_name = onError)]
#[allow(clippy::too_many_arguments)]
pub fn on_error(error: JsValue, message: JsValue, filename: JsValue, lineno: JsValue, colno: JsValue, stack: JsValue, ts: f64) {
    let location = read::location(&message, &filename, &lineno, &colno);
    let thrown = if error.is_null() || error.is_undefined() {
        // No error object: a cross-origin `Script error.`, or `throw null`/`undefined`.
        Thrown::from_event_message(location.message.as_deref().unwrap_or(""))
    } else {
        read::describe(&error, read::bounded_string(&stack, event::MAX_STACK_BYTES as u32))
    };
    let exc = event::exception_from(&thrown, Mechanism::OnError, Some(&location));
    capture(None, ts, Level::Error, Some(exc), None);
}

/// A `window` `unhandledrejection` event's `reason`, forwarded by the stub.
#[wasm_bindgen(js_name = onRejection)]
pub fn on_rejection(reason: JsValue, stack: JsValue, ts: f64) {
    let thrown = read::describe(&reason, read::bounded_string(&stack, event::MAX_STACK_BYTES as u32));
    let exc = event::exception_from(&thrown, Mechanism::OnUnhandledRejection, None);
    capture(None, ts, Level::Error, Some(exc), None);
}

/// Sends what is ready now; returns how many events are still pending. The stub polls this
/// to implement `flush(timeout)`.
#[wasm_bindgen(js_name = flushStep)]
pub fn flush_step() -> u32 {
    transport::pump(Trigger::Flush);
    with_client(|c| c.outbox.pending() as u32).unwrap_or(0)
}

/// The stub reports how many early errors its buffer had to drop.
#[wasm_bindgen(js_name = earlyDropped)]
pub fn early_dropped(count: u32) {
    EARLY_DROPPED.with(|d| d.set(d.get() + u64::from(count)));
    if count > 0 {
        debug_log("errors dropped while loading (early buffer full):", Some(&count_text(count.into())));
    }
}

/// Disables the client after pending events were given to the browser (`close()`).
#[wasm_bindgen(js_name = disable)]
pub fn disable() {
    CLIENT.with(|c| c.try_borrow_mut().map(|mut c| *c = None).ok());
}

fn count_text(n: u64) -> String {
    let mut s = String::new();
    crate::core::json::push_u64(&mut s, n);
    s
}

/// Delivery counters as JSON: `{"captured","sent","pending","dropped":{…},"retries",…}`.
#[wasm_bindgen(js_name = statsJson)]
pub fn stats_json() -> String {
    let early = EARLY_DROPPED.with(Cell::get);
    let mut w = JsonWriter::new();
    w.begin_object();
    with_client(|c| {
        let s = c.outbox.stats();
        w.key("captured");
        w.uint(c.captured);
        w.key("sent");
        w.uint(s.sent);
        w.key("pending");
        w.uint(c.outbox.pending() as u64);
        w.key("retries");
        w.uint(s.retries);
        w.key("rate_limited");
        w.uint(s.rate_limited);
        w.key("dropped");
        w.begin_object();
        w.key("queue_full");
        w.uint(s.dropped_queue_full);
        w.key("rejected");
        w.uint(s.dropped_rejected);
        w.key("retries_exhausted");
        w.uint(s.dropped_retries_exhausted);
        w.key("early_buffer_full");
        w.uint(early);
        w.end_object();
    });
    w.end_object();
    w.finish()
}
