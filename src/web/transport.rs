//! Performs what the outbox decides, through `js/io.js`: one `fetch` per envelope (answers
//! come back as [`on_answer`]), one timer (fires [`tick`]), page hide ([`page_hide`]), and
//! the persistent store (`js/store.js`: each queued event is stored until it is delivered or
//! dropped for good, so a reload or a closed tab loses nothing).
//!
//! The JS side is a few lines with no decisions in it; keeping `fetch` and `setTimeout` there
//! spares the wasm the closure and future machinery (~10 KB) it would need to await them.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::{debug_log, now_ms, with_delivery};
use crate::core::envelope::{client_report_envelope, event_envelope};
use crate::core::outbox::{Answer, Kind, Outcome, Trigger};

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// Starts the request; its answer arrives later through `onAnswer`. Never throws.
    #[wasm_bindgen(js_name = send)]
    fn io_send(url: &str, body: &str, keepalive: bool, ticket: f64);
    /// Makes sure `tick` is called within `ms` milliseconds.
    #[wasm_bindgen(js_name = schedule)]
    fn io_schedule(ms: f64);
    /// Stores (or replaces) a queued event until [`io_forget`]. Never throws.
    #[wasm_bindgen(js_name = persist)]
    fn io_persist(event_id: &str, url: &str, dsn: &str, payload: &str);
    /// The event was delivered or dropped for good: out of the store.
    #[wasm_bindgen(js_name = forget)]
    fn io_forget(event_id: &str);
}

/// A request or a store write, prepared inside the outbox's borrow, performed after it.
enum Io {
    Send(String, String, bool, u64),
    Persist(String, String, String, String),
}

/// Stores what was queued since the last call (and what `take_due` rewrote).
fn persist_new(d: &mut super::Delivery, io: &mut Vec<Io>) {
    for (event_id, route, payload) in d.outbox.take_unpersisted() {
        if let Some((url, dsn)) = d.endpoint(route) {
            io.push(Io::Persist(event_id, String::from(url), String::from(dsn), payload));
        }
    }
}

fn perform(io: Vec<Io>) {
    for op in io {
        match op {
            Io::Send(url, body, keepalive, ticket) => io_send(&url, &body, keepalive, ticket as f64),
            Io::Persist(id, url, dsn, payload) => io_persist(&id, &url, &dsn, &payload),
        }
    }
}

/// Asks the outbox for due requests, starts them, and re-arms the timer.
pub fn pump(trigger: Trigger) {
    let now = now_ms();
    // Requests are framed inside the borrow but started after it: `fetch` may re-enter.
    let work = with_delivery(|d| {
        let mut io = Vec::new();
        persist_new(d, &mut io);
        for dispatch in d.outbox.take_due(trigger, now) {
            // Every queued event's route is kept while it is queued (`Delivery::route`).
            let Some((url, dsn)) = d.endpoint(dispatch.route) else { continue };
            let body = match dispatch.kind {
                Kind::Event => event_envelope(&dispatch.event_id, &dispatch.payload, now, Some(dsn)),
                Kind::ClientReport => client_report_envelope(&dispatch.payload, now, Some(dsn)),
            };
            if dispatch.changed {
                io.push(Io::Persist(dispatch.event_id.clone(), String::from(url), String::from(dsn), dispatch.payload));
            }
            io.push(Io::Send(String::from(url), body, dispatch.keepalive, dispatch.ticket));
        }
        (io, d.outbox.next_wake(now))
    });
    let Some((io, wake)) = work else { return };
    perform(io);
    if let Some(wake) = wake {
        io_schedule(wake.saturating_sub(now) as f64);
    }
}

/// Stores what was just queued and arms the timer for the outbox's next wake, without
/// sending anything now: a capture must stay cheap, and a `fetch` costs the page
/// milliseconds. The request goes in the next task.
pub fn schedule() {
    let now = now_ms();
    let work = with_delivery(|d| {
        let mut io = Vec::new();
        persist_new(d, &mut io);
        (io, d.outbox.next_wake(now))
    });
    let Some((io, wake)) = work else { return };
    perform(io);
    if let Some(wake) = wake {
        io_schedule(wake.saturating_sub(now) as f64);
    }
}

/// The timer fired.
#[wasm_bindgen]
pub fn tick() {
    pump(Trigger::Tick);
}

/// `pagehide`, or `visibilitychange` to hidden: the last reliable moment to send.
#[wasm_bindgen(js_name = pageHide)]
pub fn page_hide() {
    pump(Trigger::PageHide);
}

/// The answer to a request `io.send` started: an HTTP status with the two headers that
/// matter, or status 0 for a network error.
#[wasm_bindgen(js_name = onAnswer)]
pub fn on_answer(ticket: f64, status: u16, rate_limits: JsValue, retry_after: JsValue) {
    let rate_limits = super::read::bounded_string(&rate_limits, 4096);
    let retry_after = super::read::bounded_string(&retry_after, 64);
    let answer = if status == 0 {
        Answer::NetworkError
    } else {
        Answer::Status { code: status, rate_limits: rate_limits.as_deref(), retry_after: retry_after.as_deref() }
    };
    let answered = with_delivery(|d| {
        let id = d.outbox.event_id_of(ticket as u64);
        (d.outbox.on_answer(ticket as u64, answer, now_ms(), js_sys::Math::random()), id)
    });
    let outcome = answered.as_ref().map(|(o, _)| *o);
    if let Some((o, Some(id))) = &answered {
        if o.is_final() {
            io_forget(id);
        }
    }
    let what = match outcome {
        Some(Outcome::Delivered) => "delivered",
        Some(Outcome::RateLimited) => "rate limited by the collector; holding events",
        Some(Outcome::WillRetry) => "send failed; will retry",
        Some(Outcome::DroppedRejected) => "collector rejected an event; dropped (counted in stats)",
        Some(Outcome::DroppedRetriesExhausted) => "send failed too often; event dropped (counted in stats)",
        Some(Outcome::Report) => "client report answered",
        Some(Outcome::Deferred) => "an earlier page's event ran out of attempts; left stored for a later page",
        Some(Outcome::UnknownTicket) | None => "answer after close",
    };
    debug_log(what, None);
    pump(Trigger::Tick);
}
