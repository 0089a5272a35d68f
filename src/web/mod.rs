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
use wasm_bindgen::JsCast;

use crate::core::context::PageContext;
use crate::core::dsn::Dsn;
use crate::core::event::{self, Event, Level, Linked, Mechanism, PageInfo, Thrown};
use crate::core::filter::{self, Filter};
use crate::core::json::JsonWriter;
use crate::core::outbox::{Outbox, OutboxConfig, Reason, Trigger};
use crate::core::scope::{Breadcrumb, Scope, User};
use crate::core::ua::{Brand, ClientHints};

/// The configured client. `None` until `init` succeeds, and after `close`.
struct Client {
    /// Where this client's events go (a handle into [`Delivery::routes`]).
    route: u32,
    release: Option<String>,
    environment: Option<String>,
    dist: Option<String>,
    filter: Filter,
    /// The Dedupe integration: repeats of an error fold into its pending event (with an
    /// exact count) instead of becoming events of their own.
    fold: bool,
    sample_rate: f64,
    /// Errors in a `cause` / `errors` chain kept per event (0: only the thrown one).
    linked_limit: usize,
    /// The stub has `beforeSend` or RegExp filters: events go back to it before the outbox.
    hooks: bool,
    /// `sendDefaultPii`: events ask the collector to record the sender's IP.
    send_default_pii: bool,
    /// `maxValueLength`: exception values and messages cut to this many bytes.
    max_value_length: Option<usize>,
    referrer: Option<String>,
    /// `navigator.userAgent`, read once: it does not change, and copying it out of JS for
    /// every event cost more than the rest of the page context.
    user_agent: Option<String>,
    context: alloc::rc::Rc<PageContext>,
}

/// Delivery outlives clients: a re-`init` (or `close`) must not lose what earlier clients
/// queued, and their events still go where they were captured for, as in Sentry.
pub(crate) struct Delivery {
    pub(crate) outbox: Outbox,
    /// `(handle, envelope URL, DSN)` of every client whose events may still be queued.
    routes: Vec<(u32, String, String)>,
    next_route: u32,
    /// Occurrences captured in this page's life (`getStats()`).
    captured: u64,
}

impl Delivery {
    /// The handle for an endpoint, reusing an existing one; forgets endpoints no queued
    /// event needs any more.
    fn route(&mut self, url: String, dsn: String) -> u32 {
        if let Some((id, _, _)) = self.routes.iter().find(|(_, u, d)| *u == url && *d == dsn) {
            return *id;
        }
        let outbox = &self.outbox;
        self.routes.retain(|(id, _, _)| outbox.uses_route(*id));
        self.next_route += 1;
        self.routes.push((self.next_route, url, dsn));
        self.next_route
    }

    pub(crate) fn endpoint(&self, route: u32) -> Option<(&str, &str)> {
        self.routes.iter().find(|(id, _, _)| *id == route).map(|(_, u, d)| (u.as_str(), d.as_str()))
    }
}

globals! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static DELIVERY: RefCell<Delivery> = const { RefCell::new(Delivery { outbox: Outbox::new(OutboxConfig::DEFAULT), routes: Vec::new(), next_route: 0, captured: 0 }) };
    static DEBUG: Cell<bool> = const { Cell::new(false) };
    /// Errors the stub could not keep while the wasm was loading (its buffer was full).
    static EARLY_DROPPED: Cell<u64> = const { Cell::new(0) };
    /// The scope stack: the global scope first, one more per `withScope` in progress. It
    /// outlives the client: `setUser` before `init`, or across re-`init`, applies.
    static SCOPES: RefCell<Vec<Scope>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on the current (innermost) scope unless it is already borrowed.
fn with_scope<R>(f: impl FnOnce(&mut Scope) -> R) -> Option<R> {
    SCOPES.with(|s| {
        let mut stack = s.try_borrow_mut().ok()?;
        if stack.is_empty() {
            stack.push(Scope::new());
        }
        stack.last_mut().map(f)
    })
}

/// Runs `f` on the current scope for reading; an empty scope when there is none yet (or,
/// which cannot happen during a capture, when it is borrowed).
fn read_scope<R>(f: impl FnOnce(&Scope) -> R) -> R {
    SCOPES.with(|s| match s.try_borrow() {
        Ok(stack) => match stack.last() {
            Some(scope) => f(scope),
            None => f(&Scope::new()),
        },
        Err(_) => f(&Scope::new()),
    })
}

/// `withScope` begins: later scope changes go to a copy of the current scope.
#[wasm_bindgen(js_name = pushScope)]
pub fn push_scope() {
    SCOPES.with(|s| {
        if let Ok(mut stack) = s.try_borrow_mut() {
            let top = stack.last().cloned().unwrap_or_default();
            if stack.is_empty() {
                stack.push(Scope::new());
            }
            // Bounded: a page that never pops cannot grow this without end.
            if stack.len() < 64 {
                stack.push(top);
            }
        }
    });
}

/// `withScope` ends: its changes are forgotten.
#[wasm_bindgen(js_name = popScope)]
pub fn pop_scope() {
    SCOPES.with(|s| {
        if let Ok(mut stack) = s.try_borrow_mut() {
            if stack.len() > 1 {
                stack.pop();
            }
        }
    });
}

/// Runs `f` on the client if there is one and it is not already borrowed.
fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Option<R> {
    CLIENT.with(|c| match c.try_borrow_mut() {
        Ok(mut guard) => guard.as_mut().map(f),
        Err(_) => None,
    })
}

/// Runs `f` on the delivery state unless it is already borrowed.
fn with_delivery<R>(f: impl FnOnce(&mut Delivery) -> R) -> Option<R> {
    DELIVERY.with(|d| d.try_borrow_mut().ok().map(|mut d| f(&mut d)))
}

/// Counts occurrences dropped before the outbox (reported in client reports).
fn discard(reason: Reason, quantity: u64) {
    with_delivery(|d| d.outbox.discard(reason, quantity, now_ms()));
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

/// Only for an event that came without an id, which the stub never sends (it makes ids from
/// `crypto.getRandomValues`, pooled): `Math.random` is enough for this fallback, and spares
/// the wasm web-sys' global-object lookup and its Crypto bindings.
fn random_event_id() -> String {
    let mut bytes = [0u8; 16];
    for b in bytes.iter_mut() {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    event::event_id_from_random(bytes)
}

/// `location.href`, read the way other strings are (two calls; see `read.rs`).
fn page_url() -> Option<String> {
    let href = read::page_href(event::MAX_URL_BYTES as u32)?;
    Some(crate::core::text::bounded_owned(href, event::MAX_URL_BYTES))
}

fn number(options: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(options, &JsValue::from_str(key)).ok()?.as_f64().filter(|n| n.is_finite())
}

fn flag(options: &JsValue, key: &str, default: bool) -> bool {
    Reflect::get(options, &JsValue::from_str(key)).ok().and_then(|v| v.as_bool()).unwrap_or(default)
}

/// A JS array of strings (anything else in it skipped), at most `max` of them.
fn strings(options: &JsValue, key: &str, max: u32) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(list) = Reflect::get(options, &JsValue::from_str(key)) {
        if let Some(list) = list.dyn_ref::<js_sys::Array>() {
            for i in 0..list.length().min(max) {
                if let Some(s) = read::bounded_string(&list.get(i), 1024) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// `navigator.userAgent`, as the stub read it into `options.context`.
fn user_agent(ctx: &JsValue) -> Option<String> {
    read::string_prop(ctx, "userAgent", 1024).filter(|s| !s.is_empty())
}

/// The page's environment as the stub read it at `init` (`options.context`): the contexts,
/// the referrer and the User-Agent.
fn page_context(ctx: &JsValue) -> (PageContext, Option<String>, Option<String>) {
    let text = |k: &str| read::string_prop(ctx, k, 256).filter(|s| !s.is_empty());
    let mut brands = Vec::new();
    if let Ok(list) = Reflect::get(ctx, &JsValue::from_str("brands")) {
        if let Some(list) = list.dyn_ref::<js_sys::Array>() {
            for i in 0..list.length().min(16) {
                let b = list.get(i);
                if let (Some(brand), Some(version)) = (read::string_prop(&b, "brand", 128), read::string_prop(&b, "version", 64)) {
                    brands.push(Brand { brand, version });
                }
            }
        }
    }
    let hints = (!brands.is_empty()).then(|| ClientHints {
        brands,
        platform: text("platform").unwrap_or_default(),
        platform_version: text("platformVersion").unwrap_or_default(),
    });
    let side = |k: &str| number(ctx, k).filter(|n| *n >= 1.0 && *n <= 1.0e6).map(|n| n as u32);
    let online = Reflect::get(ctx, &JsValue::from_str("online")).ok().and_then(|v| v.as_bool());
    // Parsed here, once, rather than for every event.
    let user_agent = user_agent(ctx);
    let agent = Some(crate::core::ua::parse(user_agent.as_deref().unwrap_or_default(), hints.as_ref()));
    let context = PageContext {
        hints,
        screen: side("screenWidth").zip(side("screenHeight")),
        memory_size: number(ctx, "memory").and_then(PageContext::memory_from_gib),
        online,
        locale: text("locale"),
        timezone: text("timezone"),
        agent,
    };
    (context, read::string_prop(ctx, "referrer", 2048).filter(|s| !s.is_empty()), user_agent)
}

fn option_string(options: &JsValue, key: &str) -> Option<String> {
    read::string_prop(options, key, 1024).filter(|s| !s.is_empty())
}

/// `init(options)` (the stub's name for it is `configure`): replaces the client. Returns its
/// route (where its events go; the stub hands it back with events it finished), or 0 (and
/// warns in debug mode) when the SDK stays disabled: no or bad DSN, or `enabled: false`.
#[wasm_bindgen]
pub fn configure(options: JsValue) -> u32 {
    let debug = Reflect::get(&options, &JsValue::from_str("debug")).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    DEBUG.with(|d| d.set(debug));
    // As in Sentry, every `init` replaces the client, also one that leaves the SDK off;
    // events already queued are still delivered where they were headed.
    CLIENT.with(|c| c.try_borrow_mut().map(|mut c| *c = None).ok());
    let enabled = Reflect::get(&options, &JsValue::from_str("enabled")).ok().and_then(|v| v.as_bool()).unwrap_or(true);
    if !enabled {
        debug_log("disabled by the `enabled: false` option", None);
        return 0;
    }
    let Some(dsn_text) = option_string(&options, "dsn") else {
        debug_log("no DSN given; the SDK stays disabled", None);
        return 0;
    };
    let dsn = match Dsn::parse(&dsn_text) {
        Ok(d) => d,
        Err(e) => {
            debug_log(e.message(), Some("(the SDK stays disabled)"));
            return 0;
        }
    };
    let mut filter = Filter::default();
    filter.set_defaults(flag(&options, "noiseFilter", true));
    filter.set_ignore_errors(&strings(&options, "ignoreErrors", 256));
    filter.set_deny_urls(&strings(&options, "denyUrls", 256));
    filter.set_allow_urls(&strings(&options, "allowUrls", 256));
    let (context, referrer, user_agent) = match Reflect::get(&options, &JsValue::from_str("context")) {
        Ok(ctx) if ctx.is_object() => page_context(&ctx),
        _ => (PageContext::default(), None, None),
    };
    if let Some(max) = number(&options, "maxBreadcrumbs") {
        SCOPES.with(|s| {
            if let Ok(mut stack) = s.try_borrow_mut() {
                for scope in stack.iter_mut() {
                    scope.set_max_breadcrumbs(max.max(0.0) as usize);
                }
            }
        });
        with_scope(|s| s.set_max_breadcrumbs(max.max(0.0) as usize));
    }
    // A tunnel is the site's own endpoint that forwards envelopes (the DSN stays in the header).
    let envelope_url = option_string(&options, "tunnel").unwrap_or_else(|| dsn.envelope_url());
    let Some(route) = with_delivery(|d| {
        let route = d.route(envelope_url, dsn.to_canonical());
        d.outbox.set_report_route(route);
        route
    }) else {
        return 0;
    };
    let client = Client {
        route,
        release: option_string(&options, "release").map(|s| crate::core::text::bounded(&s, 200)),
        environment: option_string(&options, "environment").map(|s| crate::core::text::bounded(&s, 64)),
        dist: option_string(&options, "dist").map(|s| crate::core::text::bounded(&s, 64)),
        filter,
        fold: flag(&options, "dedupe", true),
        sample_rate: number(&options, "sampleRate").unwrap_or(1.0),
        linked_limit: number(&options, "linkedErrors").map_or(event::MAX_EXCEPTIONS, |n| n.clamp(0.0, 5.0) as usize),
        hooks: flag(&options, "hooks", false),
        send_default_pii: flag(&options, "sendDefaultPii", false),
        max_value_length: number(&options, "maxValueLength").filter(|n| *n >= 1.0).map(|n| n as usize),
        referrer,
        user_agent,
        context: context.into(),
    };
    let installed = CLIENT.with(|c| match c.try_borrow_mut() {
        Ok(mut slot) => {
            *slot = Some(client);
            true
        }
        Err(_) => false,
    });
    if !installed {
        return 0;
    }
    let url = with_delivery(|d| d.endpoint(route).map(|(u, _)| String::from(u))).flatten().unwrap_or_default();
    debug_log("initialized; sending to", Some(&url));
    route
}

/// Builds an event and runs it through sampling and the filters, as Sentry orders them,
/// then folds it into the pending event of the same error (Dedupe) or queues it. Returns `""` when it was queued or dropped, or the event JSON when the stub must
/// finish it (`beforeSend`, RegExp filters) and hand it back through [`enqueue`].
/// `synthetic`: the chain is a stack taken for a message (`attachStacktrace`), not an error.
#[allow(clippy::too_many_arguments)]
fn capture(event_id: Option<String>, ts: f64, level: Level, chain: Vec<Linked>, mechanism: Mechanism, location: Option<&event::EventLocation>, message: Option<String>, synthetic: bool) -> String {
    let event_id = event_id.filter(|id| event::is_valid_event_id(id)).unwrap_or_else(random_event_id);
    let timestamp_ms = timestamp_or_now(ts);
    let url = page_url();
    // A random draw only when sampling can drop (a call into JS, and outside the client's borrow).
    let random = match with_client(|c| c.sample_rate) {
        Some(rate) if rate < 1.0 => js_sys::Math::random(),
        _ => 0.0,
    };
    let built = with_client(|c| {
        with_delivery(|d| d.captured += 1);
        if !filter::sampled(c.sample_rate, random) {
            discard(Reason::SampleRate, 1);
            return Err("dropped by sampleRate");
        }
        let chain = chain.get(..c.linked_limit.max(1)).unwrap_or(&chain);
        let mut ev = Event {
            event_id: event_id.clone(),
            timestamp_ms,
            level,
            exceptions: if chain.is_empty() { Vec::new() } else { event::exceptions_from(chain, mechanism, location) },
            message,
            release: c.release.clone(),
            environment: c.environment.clone(),
            dist: c.dist.clone(),
            page: PageInfo { url, user_agent: c.user_agent.clone(), referrer: c.referrer.clone(), context: alloc::rc::Rc::clone(&c.context) },
        };
        if synthetic {
            for exc in ev.exceptions.iter_mut() {
                exc.ty.clear();
                // The innermost frame is the SDK's own captureMessage.
                exc.frames.pop();
            }
        }
        if let Some(max) = c.max_value_length {
            for exc in ev.exceptions.iter_mut() {
                exc.value = crate::core::text::bounded(&exc.value, max);
            }
            ev.message = ev.message.as_deref().map(|m| crate::core::text::bounded(m, max));
        }
        if let Some(reason) = c.filter.check(&ev) {
            discard(Reason::EventProcessor, 1);
            return Err(reason.as_str());
        }
        // The scope is read in place (no per-capture copy of its breadcrumbs and extras), and
        // only for events that got this far; a repeat of a pending event only counts into it.
        let now = now_ms();
        let send_default_pii = c.send_default_pii;
        let fold = c.fold;
        let json = read_scope(|scope| {
            let key = ev.fold_key(scope);
            if fold && with_delivery(|d| d.outbox.fold(key, now)) == Some(true) {
                return None;
            }
            if fold {
                with_delivery(|d| d.outbox.open_fold(key, &event_id, now));
            }
            let json = if send_default_pii {
                let mut scope = scope.clone();
                scope.infer_ip();
                ev.to_json_with_scope(&scope)
            } else {
                ev.to_json_with_scope(scope)
            };
            Some((json, fold.then_some(key)))
        });
        let Some((json, key)) = json else {
            return Err("a repeat of a pending event: counted into it");
        };
        if c.hooks {
            return Ok(Some(json));
        }
        let route = c.route;
        with_delivery(|d| d.outbox.push(event_id.clone(), json, route, key, now))
            .unwrap_or(false)
            .then_some(None)
            .ok_or("queue full (counted in stats)")
    });
    match built {
        Some(Ok(Some(json))) => json,
        Some(Ok(None)) => {
            debug_log("captured event", Some(&event_id));
            transport::schedule();
            String::new()
        }
        Some(Err(why)) => {
            debug_log("event dropped:", Some(why));
            String::new()
        }
        None => {
            debug_log("not initialized (call init with a valid dsn); event not sent", None);
            String::new()
        }
    }
}

/// An event the stub finished (`beforeSend` returned it): into the outbox, for `route`, the
/// client that captured it.
#[wasm_bindgen]
pub fn enqueue(event_id: String, json: String, route: u32) {
    // Where the client that captured it sends (the stub remembers it across `beforeSend`);
    // the current client's if that endpoint was forgotten meanwhile.
    let known = with_delivery(|d| d.endpoint(route).is_some()) == Some(true);
    let route = if known { Some(route) } else { with_client(|c| c.route) };
    let Some(route) = route else {
        debug_log("SDK closed or re-initialized without a DSN; event not sent", Some(&event_id));
        return;
    };
    if with_delivery(|d| d.outbox.push(event_id.clone(), json, route, None, now_ms())) == Some(true) {
        debug_log("captured event", Some(&event_id));
        transport::schedule();
    }
}

/// An event a previous page stored and did not deliver (`js/store.js` found it): queued for
/// the endpoint it was captured for.
#[wasm_bindgen]
pub fn restore(record: JsValue) {
    let field = |name: &str| read::string_prop(&record, name, 4 * 1024 * 1024).unwrap_or_default();
    let (event_id, url, dsn, json) = (field("id"), field("url"), field("dsn"), field("payload"));
    if !event::is_valid_event_id(&event_id) || url.is_empty() {
        return;
    }
    let restored = with_delivery(|d| {
        let route = d.route(url, dsn);
        d.outbox.restore(event_id, json, route, now_ms())
    });
    if restored == Some(true) {
        debug_log("restored an event stored by an earlier page", None);
        transport::schedule();
    }
}

/// The store dropped its oldest events to stay within its bounds.
#[wasm_bindgen(js_name = storeDropped)]
pub fn store_dropped(count: u32) {
    discard(Reason::CacheOverflow, count.into());
}

/// The stub dropped an event (`beforeSend` returned null, or a RegExp filter matched): it is
/// reported with every repeat folded into it meanwhile.
#[wasm_bindgen(js_name = discard)]
pub fn discard_event(event_id: JsValue, before_send: bool) {
    let id = read::bounded_string(&event_id, 64).unwrap_or_default();
    let reason = if before_send { Reason::BeforeSend } else { Reason::EventProcessor };
    with_delivery(|d| {
        let count = d.outbox.close_fold(&id);
        d.outbox.discard(reason, count, now_ms());
    });
    transport::schedule();
}

fn linked_limit() -> usize {
    with_client(|c| c.linked_limit).unwrap_or(event::MAX_EXCEPTIONS)
}

/// `captureException(value)`: a handled exception (`mechanism.type = "generic"`).
#[wasm_bindgen(js_name = captureException)]
pub fn capture_exception(value: JsValue, event_id: JsValue, ts: f64) -> String {
    let chain = read::linked(&value, None, linked_limit());
    let level = with_scope(|s| s.level()).flatten().unwrap_or(Level::Error);
    capture(read::bounded_string(&event_id, 64), ts, level, chain, Mechanism::Generic, None, None, false)
}

/// `captureMessage(text, level)`.
#[wasm_bindgen(js_name = captureMessage)]
pub fn capture_message(text: JsValue, level: JsValue, event_id: JsValue, ts: f64, stack: JsValue) -> String {
    let message = match read::bounded_string(&text, event::MAX_VALUE_BYTES as u32) {
        Some(s) => s,
        None => match read::describe(&text, None) {
            Thrown::Primitive { repr, .. } => repr,
            _ => String::from("[non-string message]"),
        },
    };
    let level = read::bounded_string(&level, 16).and_then(|l| Level::parse(&l)).unwrap_or(Level::Info);
    let message = crate::core::text::bounded(&message, event::MAX_VALUE_BYTES);
    // attachStacktrace: the stub took a stack where captureMessage was called.
    let chain = match read::bounded_string(&stack, event::MAX_STACK_BYTES as u32) {
        Some(stack) => vec![Linked::top(Thrown::Error { name: String::new(), message: message.clone(), stack: Some(stack) })],
        None => Vec::new(),
    };
    let synthetic = !chain.is_empty();
    capture(read::bounded_string(&event_id, 64), ts, level, chain, Mechanism::Generic, None, Some(message), synthetic)
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

/// `setTag(key, value)`: value is a string, number or boolean (as Sentry's `Primitive`);
/// `undefined` removes the tag.
#[wasm_bindgen(js_name = setTag)]
pub fn set_tag(key: JsValue, value: JsValue) {
    let Some(key) = read::bounded_string(&key, 1024) else {
        debug_log("setTag: the key must be a string", None);
        return;
    };
    if value.is_undefined() {
        with_scope(|s| s.remove_tag(&key));
        return;
    }
    let value = primitive_text(&value);
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

/// `setExtra(key, value)`: `json` is the value already normalized to JSON by the stub;
/// `None` removes the key.
#[wasm_bindgen(js_name = setExtra)]
pub fn set_extra(key: JsValue, json: JsValue) {
    let key = read::bounded_string(&key, 1024).unwrap_or_default();
    let json = read::bounded_string(&json, crate::core::scope::MAX_EXTRA_VALUE_BYTES as u32 + 1);
    if with_scope(|s| s.set_extra(&key, json.as_deref())) != Some(true) {
        debug_log("setExtra: not set (too large or too many)", Some(&key));
    }
}

/// `setContext(name, context | null)`, the context already normalized to a JSON object.
#[wasm_bindgen(js_name = setContext)]
pub fn set_context(name: JsValue, json: JsValue) {
    let name = read::bounded_string(&name, 1024).unwrap_or_default();
    let json = read::bounded_string(&json, crate::core::scope::MAX_CONTEXT_BYTES as u32 + 1);
    if with_scope(|s| s.set_context(&name, json.as_deref())) != Some(true) {
        debug_log("setContext: not set (not an object, too large or too many)", Some(&name));
    }
}

/// `setLevel(level | null)`: overrides the level of later events.
#[wasm_bindgen(js_name = setLevel)]
pub fn set_level(level: JsValue) {
    let level = read::bounded_string(&level, 16).and_then(|l| Level::parse(&l));
    with_scope(|s| s.set_level(level));
}

/// `setFingerprint(["{{ default }}", "checkout"])`: how the collector groups later events.
#[wasm_bindgen(js_name = setFingerprint)]
pub fn set_fingerprint(parts: JsValue) {
    let mut out = Vec::new();
    if let Some(list) = parts.dyn_ref::<js_sys::Array>() {
        for i in 0..list.length().min(64) {
            out.push(primitive_text(&list.get(i)));
        }
    }
    with_scope(|s| s.set_fingerprint(&out));
}

/// `addBreadcrumb` after the stub stamped it, ran `beforeBreadcrumb` and normalized `data`.
#[wasm_bindgen(js_name = addBreadcrumb)]
pub fn add_breadcrumb(ts: f64, ty: JsValue, category: JsValue, message: JsValue, level: JsValue, data_json: JsValue) {
    use crate::core::scope::{MAX_BREADCRUMB_DATA_BYTES, MAX_BREADCRUMB_MESSAGE_BYTES};
    // Read as JS values (a smaller boundary than optional strings); a cut JSON text is longer
    // than the scope accepts, so it is refused, never half-read.
    let text = |v: &JsValue, max: usize| read::bounded_string(v, max as u32 + 1);
    let mut crumb = Breadcrumb::at(timestamp_or_now(ts));
    crumb.ty = text(&ty, 64);
    crumb.category = text(&category, 256);
    crumb.message = text(&message, MAX_BREADCRUMB_MESSAGE_BYTES);
    crumb.level = text(&level, 16).as_deref().and_then(Level::parse);
    crumb.data_json = text(&data_json, MAX_BREADCRUMB_DATA_BYTES);
    with_scope(|s| s.add_breadcrumb(crumb));
}

#[wasm_bindgen(js_name = clearBreadcrumbs)]
pub fn clear_breadcrumbs() {
    with_scope(|s| s.clear_breadcrumbs());
}

/// A `window` `error` event, forwarded by the stub (also for errors caught before the wasm
/// was ready: then `ts` is when it happened and `stack` was read at that moment).
#[wasm_bindgen(js_name = onError)]
#[allow(clippy::too_many_arguments)]
pub fn on_error(error: JsValue, message: JsValue, filename: JsValue, lineno: f64, colno: f64, stack: JsValue, event_id: JsValue, ts: f64) -> String {
    let no_error = error.is_null() || error.is_undefined();
    // The event's message is read only when there is no error object to describe.
    let location = read::location(no_error.then_some(&message), &filename, lineno, colno);
    let chain = if no_error {
        // No error object: a cross-origin `Script error.`, or `throw null`/`undefined`.
        vec![Linked::top(Thrown::from_event_message(location.message.as_deref().unwrap_or("")))]
    } else {
        read::linked(&error, read::bounded_string(&stack, event::MAX_STACK_BYTES as u32), linked_limit())
    };
    capture(read::bounded_string(&event_id, 64), ts, Level::Error, chain, Mechanism::OnError, Some(&location), None, false)
}

/// A `window` `unhandledrejection` event's `reason`, forwarded by the stub.
#[wasm_bindgen(js_name = onRejection)]
pub fn on_rejection(reason: JsValue, stack: JsValue, event_id: JsValue, ts: f64) -> String {
    let chain = read::linked(&reason, read::bounded_string(&stack, event::MAX_STACK_BYTES as u32), linked_limit());
    capture(read::bounded_string(&event_id, 64), ts, Level::Error, chain, Mechanism::OnUnhandledRejection, None, None, false)
}

/// Sends what is ready now; returns how many events are still pending. The stub polls this
/// to implement `flush(timeout)`.
#[wasm_bindgen(js_name = flushStep)]
pub fn flush_step() -> u32 {
    transport::pump(Trigger::Flush);
    with_delivery(|d| d.outbox.flush_pending(now_ms()) as u32).unwrap_or(0)
}

/// The stub reports how many early errors its buffer had to drop.
#[wasm_bindgen(js_name = earlyDropped)]
pub fn early_dropped(count: u32) {
    EARLY_DROPPED.with(|d| d.set(d.get() + u64::from(count)));
    discard(Reason::QueueOverflow, count.into());
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

/// Delivery counters as JSON: `{"captured","sent","sent_occurrences","folded","pending",
/// "retries","rate_limited","early_buffer_full","dropped":{<client-report reason>: n}}`.
#[wasm_bindgen(js_name = statsJson)]
pub fn stats_json() -> String {
    let early = EARLY_DROPPED.with(Cell::get);
    let mut w = JsonWriter::new();
    w.begin_object();
    if let Some((s, pending, captured)) = with_delivery(|d| (d.outbox.stats().clone(), d.outbox.pending() as u64, d.captured)) {
        for (name, n) in [
            ("captured", captured),
            ("sent", s.sent),
            ("sent_occurrences", s.sent_occurrences),
            ("folded", s.folded),
            ("pending", pending),
            ("retries", s.retries),
            ("rate_limited", s.rate_limited),
            ("early_buffer_full", early),
        ] {
            w.key(name);
            w.uint(n);
        }
        w.key("dropped");
        w.begin_object();
        for reason in Reason::ALL {
            w.key(reason.as_str());
            w.uint(s.discarded(reason));
        }
        w.end_object();
    }
    w.end_object();
    w.finish()
}
