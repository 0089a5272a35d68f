//! Performs what the outbox decides, through `js/io.js`: one `fetch` per envelope (answers
//! come back as [`on_answer`]), one timer (fires [`tick`]), and page hide ([`page_hide`]).
//!
//! The JS side is a few lines with no decisions in it; keeping `fetch` and `setTimeout` there
//! spares the wasm the closure and future machinery (~10 KB) it would need to await them.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::{debug_log, now_ms, with_delivery};
use crate::core::envelope::event_envelope;
use crate::core::outbox::{Answer, Outcome, Trigger};

#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// Starts the request; its answer arrives later through `onAnswer`. Never throws.
    #[wasm_bindgen(js_name = send)]
    fn io_send(url: &str, body: &str, keepalive: bool, ticket: f64);
    /// Makes sure `tick` is called within `ms` milliseconds.
    #[wasm_bindgen(js_name = schedule)]
    fn io_schedule(ms: f64);
}

/// Asks the outbox for due requests, starts them, and re-arms the timer.
pub fn pump(trigger: Trigger) {
    let now = now_ms();
    // Requests are framed inside the borrow but started after it: `fetch` may re-enter.
    let work = with_delivery(|d| {
        let due = d.outbox.take_due(trigger, now);
        let mut requests = Vec::with_capacity(due.len());
        for dispatch in due {
            let Some((url, dsn)) = d.endpoint(dispatch.route) else { continue };
            let body = event_envelope(&dispatch.event_id, &dispatch.payload, now, Some(dsn));
            requests.push((String::from(url), body, dispatch.keepalive, dispatch.ticket));
        }
        (requests, d.outbox.next_wake(now))
    });
    let Some((requests, wake)) = work else { return };
    for (url, body, keepalive, ticket) in requests {
        io_send(&url, &body, keepalive, ticket as f64);
    }
    if let Some(wake) = wake {
        io_schedule(wake.saturating_sub(now) as f64);
    }
}

/// Arms the timer for the outbox's next wake, without sending anything now: a capture must
/// stay cheap, and a `fetch` costs the page milliseconds. The request goes in the next task.
pub fn schedule() {
    let now = now_ms();
    if let Some(wake) = with_delivery(|d| d.outbox.next_wake(now)).flatten() {
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
pub fn on_answer(ticket: f64, status: u16, rate_limits: Option<String>, retry_after: Option<String>) {
    let answer = if status == 0 {
        Answer::NetworkError
    } else {
        Answer::Status { code: status, rate_limits: rate_limits.as_deref(), retry_after: retry_after.as_deref() }
    };
    let outcome = with_delivery(|d| d.outbox.on_answer(ticket as u64, answer, now_ms(), js_sys::Math::random()));
    let what = match outcome {
        Some(Outcome::Delivered) => "delivered",
        Some(Outcome::RateLimited) => "rate limited by the collector; holding events",
        Some(Outcome::WillRetry) => "send failed; will retry",
        Some(Outcome::DroppedRejected) => "collector rejected an event; dropped (counted in stats)",
        Some(Outcome::DroppedRetriesExhausted) => "send failed too often; event dropped (counted in stats)",
        Some(Outcome::UnknownTicket) | None => "answer after close",
    };
    debug_log(what, None);
    pump(Trigger::Tick);
}
