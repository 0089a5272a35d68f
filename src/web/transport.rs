//! Performs what the outbox decides: `fetch` requests, the batching timer, and the
//! page-hide trigger.
//!
//! Requests are "simple" CORS requests: POST with a string body (the browser labels it
//! `text/plain;charset=UTF-8`) and the key in the query string, so there is no preflight.
//! Credentials are never sent (`credentials: "omit"`): collectors answer with
//! `Access-Control-Allow-Origin: *`, which browsers refuse to combine with credentials.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cell::{Cell, RefCell};

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::runtime::globals;
use super::{debug_log, now_ms, with_client};
use crate::core::envelope::event_envelope;
use crate::core::outbox::{Answer, Dispatch, Outcome, Trigger};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`; `catch` because a page's wrapper may throw synchronously.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
}

globals! {
    static TIMER: RefCell<Option<Closure<dyn FnMut()>>> = const { RefCell::new(None) };
    /// (handle, fire time) of the pending timer, if any.
    static TIMER_AT: Cell<Option<(i32, u64)>> = const { Cell::new(None) };
    static PAGE_HIDE_INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Asks the outbox for due requests, starts them, and re-arms the timer.
pub fn pump(trigger: Trigger) {
    let now = now_ms();
    let work = with_client(|c| {
        let due = c.outbox.take_due(trigger, now);
        (due, c.envelope_url.clone(), c.dsn.clone(), c.outbox.next_wake(now))
    });
    let Some((due, url, dsn, wake)) = work else { return };
    for dispatch in due {
        let body = event_envelope(&dispatch.event_id, &dispatch.payload, now, Some(&dsn));
        wasm_bindgen_futures::spawn_local(send(url.clone(), body, dispatch));
    }
    arm_timer(wake, now);
}

async fn send(url: String, body: String, dispatch: Dispatch) {
    let answer = post(&url, body, dispatch.keepalive).await;
    let outcome = match &answer {
        Some((code, limits, retry)) => {
            let answer = Answer::Status { code: *code, rate_limits: limits.as_deref(), retry_after: retry.as_deref() };
            with_client(|c| c.outbox.on_answer(dispatch.ticket, answer, now_ms(), js_sys::Math::random()))
        }
        None => with_client(|c| c.outbox.on_answer(dispatch.ticket, Answer::NetworkError, now_ms(), js_sys::Math::random())),
    };
    let what = match outcome {
        Some(Outcome::Delivered) => "delivered",
        Some(Outcome::RateLimited) => "rate limited by the collector; holding events",
        Some(Outcome::WillRetry) => "send failed; will retry",
        Some(Outcome::DroppedRejected) => "collector rejected event; dropped (counted in stats)",
        Some(Outcome::DroppedRetriesExhausted) => "send failed too often; dropped (counted in stats)",
        Some(Outcome::UnknownTicket) | None => "answer after close",
    };
    debug_log(what, Some(&dispatch.event_id));
    pump(Trigger::Tick);
}

/// POSTs the envelope; `Some((status, X-Sentry-Rate-Limits, Retry-After))`, or `None` on
/// a network error.
async fn post(url: &str, body: String, keepalive: bool) -> Option<(u16, Option<String>, Option<String>)> {
    let init = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&init, &JsValue::from_str(k), v).is_ok();
    let ok = set("method", &JsValue::from_str("POST"))
        && set("body", &JsValue::from_str(&body))
        && set("mode", &JsValue::from_str("cors"))
        && set("credentials", &JsValue::from_str("omit"))
        && set("keepalive", &JsValue::from_bool(keepalive));
    if !ok {
        return None;
    }
    drop(body);
    let promise = fetch(url, &init).ok()?;
    let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    Some((response.status(), header("x-sentry-rate-limits"), header("retry-after")))
}

/// Makes sure a timer fires at `wake` (or earlier); one timer at a time.
fn arm_timer(wake: Option<u64>, now: u64) {
    let Some(wake) = wake else { return };
    if let Some((_, at)) = TIMER_AT.with(Cell::get) {
        if at <= wake {
            return;
        }
    }
    let Some(window) = web_sys::window() else { return };
    if let Some((handle, _)) = TIMER_AT.with(Cell::get) {
        window.clear_timeout_with_handle(handle);
    }
    let handle = TIMER.with(|t| {
        let mut slot = t.try_borrow_mut().ok()?;
        let closure = slot.get_or_insert_with(|| {
            Closure::new(|| {
                TIMER_AT.with(|t| t.set(None));
                pump(Trigger::Tick);
            })
        });
        let delay = wake.saturating_sub(now).min(i32::MAX as u64) as i32;
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), delay)
            .ok()
    });
    TIMER_AT.with(|t| t.set(handle.map(|h| (h, wake))));
}

/// On `pagehide`, and on `visibilitychange` to hidden, sends what is queued with `keepalive`.
/// Mobile browsers often never fire `pagehide`, so hidden is the last reliable moment; and on
/// a navigation `pagehide` may come while the document still reads as visible.
pub fn install_page_hide_listeners() {
    if PAGE_HIDE_INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let on_hide = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let leaving = event.type_() == "pagehide"
            || web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if leaving {
            pump(Trigger::PageHide);
        }
    });
    let f = on_hide.as_ref().unchecked_ref();
    let _ = window.add_event_listener_with_callback("pagehide", f);
    if let Some(doc) = window.document() {
        let _ = doc.add_event_listener_with_callback("visibilitychange", f);
    }
    // Lives as long as the page.
    on_hide.forget();
}
