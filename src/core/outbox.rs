//! The delivery policy: which queued event goes out when, and what an answer means.
//!
//! Pure state machine; the glue asks it what to send ([`Outbox::take_due`]), performs the
//! `fetch`es, and reports each answer back ([`Outbox::on_answer`]). Time and jitter are
//! arguments. Policy:
//!
//! - **Batching.** Events wait up to `batch_delay_ms` for company, or go at once when
//!   `batch_size` are ready; `flush()` and page hide send whatever is ready now.
//! - **In flight.** At most `max_in_flight` requests at a time, so a storm cannot open
//!   hundreds of connections.
//! - **Page hide.** Requests use `keepalive` so they outlive the page, but browsers cap the
//!   bytes of all in-flight keepalive bodies at 64 KiB and *reject* the request that would
//!   exceed it (the reference SDK loses most of its events this way). We stay under
//!   `keepalive_budget` bytes; what does not fit waits for the next chance.
//! - **Answers.** 2xx: delivered. 429: hold everything for the limit's duration, keep the
//!   event. 5xx and network errors: retry with exponential backoff and jitter, up to
//!   `max_attempts`. Any other 4xx: the collector will never take it; drop and count.
//! - **Bounds.** At most `max_queued` events wait; a new event beyond that is dropped and
//!   counted. Nothing is dropped silently: every path ends in a [`Stats`] counter.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::VecDeque;

use crate::core::ratelimit;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxConfig {
    pub max_queued: usize,
    pub max_in_flight: usize,
    pub batch_size: usize,
    pub batch_delay_ms: u64,
    pub max_attempts: u32,
    pub backoff_base_ms: u64,
    pub backoff_max_ms: u64,
    pub keepalive_budget: usize,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl OutboxConfig {
    pub const DEFAULT: OutboxConfig = {
        OutboxConfig {
            max_queued: 100,
            max_in_flight: 4,
            batch_size: 10,
            batch_delay_ms: 250,
            max_attempts: 8,
            backoff_base_ms: 1_000,
            backoff_max_ms: 60_000,
            // Below the browsers' 64 KiB, leaving room for requests the page itself keeps alive.
            keepalive_budget: 56 * 1024,
        }
    };
}

/// Counters a user (and the debug console) can read. Every event ends in exactly one of
/// `sent`, `dropped_*`, or is still queued.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub sent: u64,
    pub dropped_queue_full: u64,
    pub dropped_rejected: u64,
    pub dropped_retries_exhausted: u64,
    pub retries: u64,
    pub rate_limited: u64,
}

/// Why the glue is asking for work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// A timer fired or an event was queued: respect batching.
    Tick,
    /// `flush()`: send what is ready without waiting for a batch.
    Flush,
    /// The page is being hidden or unloaded: send now with `keepalive`, within its budget.
    PageHide,
}

/// One request the glue should make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispatch {
    /// Handle to report the answer with.
    pub ticket: u64,
    /// Where it goes: the glue's handle for the endpoint and DSN the event was captured for
    /// (a re-`init` with another DSN must not redirect events already queued).
    pub route: u32,
    pub event_id: String,
    /// The event JSON (the glue frames it as an envelope with the current time).
    pub payload: String,
    pub keepalive: bool,
}

/// What came back from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<'a> {
    Status { code: u16, rate_limits: Option<&'a str>, retry_after: Option<&'a str> },
    /// `fetch` rejected: offline, DNS, CORS, aborted, or keepalive budget refused.
    NetworkError,
}

/// What [`Outbox::on_answer`] decided, for the debug console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    RateLimited,
    WillRetry,
    DroppedRejected,
    DroppedRetriesExhausted,
    UnknownTicket,
}

#[derive(Debug)]
struct Item {
    ticket: u64,
    route: u32,
    event_id: String,
    payload: String,
    queued_at: u64,
    attempts: u32,
    not_before: u64,
    in_flight: Option<Flight>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flight {
    Normal,
    KeepAlive,
}

#[derive(Debug)]
pub struct Outbox {
    config: OutboxConfig,
    items: VecDeque<Item>,
    next_ticket: u64,
    limited_until: u64,
    in_flight: usize,
    keepalive_bytes: usize,
    stats: Stats,
}

impl Outbox {
    pub const fn new(config: OutboxConfig) -> Self {
        Outbox {
            config,
            items: VecDeque::new(),
            next_ticket: 1,
            limited_until: 0,
            in_flight: 0,
            keepalive_bytes: 0,
            stats: Stats { sent: 0, dropped_queue_full: 0, dropped_rejected: 0, dropped_retries_exhausted: 0, retries: 0, rate_limited: 0 },
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Events not yet delivered (waiting or in flight).
    pub fn pending(&self) -> usize {
        self.items.len()
    }

    pub fn is_idle(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether any queued event still goes to `route`.
    pub fn uses_route(&self, route: u32) -> bool {
        self.items.iter().any(|i| i.route == route)
    }

    /// Queues an event for `route`. Returns false (and counts it) when the queue is full.
    pub fn push(&mut self, event_id: String, payload: String, route: u32, now: u64) -> bool {
        if self.items.len() >= self.config.max_queued {
            self.stats.dropped_queue_full += 1;
            return false;
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.items.push_back(Item { ticket, route, event_id, payload, queued_at: now, attempts: 0, not_before: now, in_flight: None });
        true
    }

    fn is_ready(&self, item: &Item, now: u64) -> bool {
        item.in_flight.is_none() && item.not_before <= now && self.limited_until <= now
    }

    /// The requests to make now.
    pub fn take_due(&mut self, trigger: Trigger, now: u64) -> Vec<Dispatch> {
        let mut out = Vec::new();
        if trigger == Trigger::Tick {
            let ready: Vec<u64> = self.items.iter().filter(|i| self.is_ready(i, now)).map(|i| i.queued_at).collect();
            let oldest = ready.iter().copied().min();
            let full_batch = ready.len() >= self.config.batch_size;
            let waited = oldest.is_some_and(|t| now >= t.saturating_add(self.config.batch_delay_ms));
            if !(full_batch || waited) {
                return out;
            }
        }
        let limited = self.limited_until > now;
        for i in 0..self.items.len() {
            let Some(item) = self.items.get(i) else { break };
            // Page hide is the last chance: an event waiting out a backoff goes too.
            let backing_off = item.not_before > now && trigger != Trigger::PageHide;
            if limited || item.in_flight.is_some() || backing_off {
                continue;
            }
            let flight = if trigger == Trigger::PageHide {
                if self.keepalive_bytes + item.payload.len() > self.config.keepalive_budget {
                    continue;
                }
                Flight::KeepAlive
            } else {
                if self.in_flight >= self.config.max_in_flight {
                    break;
                }
                Flight::Normal
            };
            let Some(item) = self.items.get_mut(i) else { break };
            item.in_flight = Some(flight);
            item.attempts += 1;
            if flight == Flight::KeepAlive {
                self.keepalive_bytes += item.payload.len();
            } else {
                self.in_flight += 1;
            }
            out.push(Dispatch {
                ticket: item.ticket,
                route: item.route,
                event_id: item.event_id.clone(),
                payload: item.payload.clone(),
                keepalive: flight == Flight::KeepAlive,
            });
        }
        out
    }

    /// Records the answer to a dispatched request. `jitter` is uniform in [0, 1).
    pub fn on_answer(&mut self, ticket: u64, answer: Answer<'_>, now: u64, jitter: f64) -> Outcome {
        let Some(pos) = self.items.iter().position(|i| i.ticket == ticket) else {
            return Outcome::UnknownTicket;
        };
        let Some(item) = self.items.get_mut(pos) else { return Outcome::UnknownTicket };
        match item.in_flight.take() {
            Some(Flight::Normal) => self.in_flight = self.in_flight.saturating_sub(1),
            Some(Flight::KeepAlive) => self.keepalive_bytes = self.keepalive_bytes.saturating_sub(item.payload.len()),
            None => {}
        }
        let attempts = item.attempts;
        let (code, rate_limits, retry_after) = match answer {
            Answer::Status { code, rate_limits, retry_after } => (code, rate_limits, retry_after),
            Answer::NetworkError => (0, None, None),
        };
        // Any answer may announce a limit (Sentry sends it on 200s too).
        if code != 0 {
            if let Some(ms) = ratelimit::error_limit_ms(code, rate_limits, retry_after) {
                self.limited_until = self.limited_until.max(now.saturating_add(ms));
            }
        }
        match code {
            200..=299 => {
                self.items.remove(pos);
                self.stats.sent += 1;
                Outcome::Delivered
            }
            429 => {
                // Not the event's fault: it keeps its attempt.
                item.attempts = attempts.saturating_sub(1);
                self.stats.rate_limited += 1;
                Outcome::RateLimited
            }
            400..=499 => {
                self.items.remove(pos);
                self.stats.dropped_rejected += 1;
                Outcome::DroppedRejected
            }
            _ if attempts >= self.config.max_attempts => {
                self.items.remove(pos);
                self.stats.dropped_retries_exhausted += 1;
                Outcome::DroppedRetriesExhausted
            }
            _ => {
                item.not_before = now.saturating_add(backoff_ms(&self.config, attempts, jitter));
                self.stats.retries += 1;
                Outcome::WillRetry
            }
        }
    }

    /// When the glue should call `take_due(Tick, …)` next, if anything is waiting: now when a
    /// full batch is ready, else when the oldest waiting event has waited `batch_delay_ms`,
    /// its backoff ended, or the rate limit expires.
    pub fn next_wake(&self, now: u64) -> Option<u64> {
        let mut wake: Option<u64> = None;
        let mut ready = 0;
        for item in self.items.iter().filter(|i| i.in_flight.is_none()) {
            if self.is_ready(item, now) {
                ready += 1;
            }
            let at = item.not_before.max(item.queued_at.saturating_add(self.config.batch_delay_ms)).max(self.limited_until);
            wake = Some(wake.map_or(at, |w| w.min(at)));
        }
        if ready >= self.config.batch_size && self.in_flight < self.config.max_in_flight {
            return Some(now);
        }
        wake.map(|w| w.max(now))
    }
}

/// Exponential backoff with "equal jitter": half fixed, half random, so retries from
/// many pages spread out without ever retrying immediately.
fn backoff_ms(config: &OutboxConfig, attempts: u32, jitter: f64) -> u64 {
    let exp = config.backoff_base_ms.saturating_mul(1u64 << attempts.saturating_sub(1).min(20));
    let half = exp.min(config.backoff_max_ms) / 2;
    let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.5 };
    half + (half as f64 * jitter) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox() -> Outbox {
        Outbox::new(OutboxConfig::default())
    }

    fn push_n(o: &mut Outbox, n: usize, now: u64) {
        for i in 0..n {
            assert!(o.push(i.to_string(), "x".repeat(100), 0, now));
        }
    }

    fn ok() -> Answer<'static> {
        Answer::Status { code: 200, rate_limits: None, retry_after: None }
    }

    fn status(code: u16) -> Answer<'static> {
        Answer::Status { code, rate_limits: None, retry_after: None }
    }

    #[test]
    fn waits_for_a_batch_or_the_delay() {
        let mut o = outbox();
        push_n(&mut o, 3, 1000);
        assert!(o.take_due(Trigger::Tick, 1000).is_empty());
        assert_eq!(o.next_wake(1000), Some(1250));
        assert_eq!(o.take_due(Trigger::Tick, 1250).len(), 3);
    }

    #[test]
    fn a_full_batch_asks_to_be_woken_now() {
        let mut o = outbox();
        push_n(&mut o, 9, 100);
        assert_eq!(o.next_wake(100), Some(350));
        push_n(&mut o, 1, 100);
        assert_eq!(o.next_wake(100), Some(100));
    }

    #[test]
    fn a_full_batch_goes_at_once_but_in_flight_is_capped() {
        let mut o = outbox();
        push_n(&mut o, 10, 0);
        let sent = o.take_due(Trigger::Tick, 0);
        assert_eq!(sent.len(), 4);
        assert!(o.take_due(Trigger::Flush, 0).is_empty(), "cap holds for flush too");
        o.on_answer(sent[0].ticket, ok(), 5, 0.0);
        assert_eq!(o.take_due(Trigger::Flush, 5).len(), 1);
        assert_eq!(o.stats().sent, 1);
        assert_eq!(o.pending(), 9);
    }

    #[test]
    fn flush_skips_the_batch_delay() {
        let mut o = outbox();
        push_n(&mut o, 1, 0);
        assert_eq!(o.take_due(Trigger::Flush, 0).len(), 1);
    }

    #[test]
    fn page_hide_stays_inside_the_keepalive_budget_and_ignores_the_in_flight_cap() {
        let mut o = outbox();
        for i in 0..20 {
            o.push(i.to_string(), "e".repeat(10 * 1024), 0, 0);
        }
        let sent = o.take_due(Trigger::PageHide, 0);
        assert!(sent.iter().all(|d| d.keepalive));
        assert_eq!(sent.len(), 5, "5 × 10 KiB fit in 56 KiB, 6 do not");
        assert!(o.take_due(Trigger::PageHide, 0).is_empty());
        o.on_answer(sent[0].ticket, ok(), 1, 0.0);
        assert_eq!(o.take_due(Trigger::PageHide, 1).len(), 1, "budget is given back on answer");
    }

    #[test]
    fn page_hide_sends_events_that_are_backing_off_but_not_rate_limited_ones() {
        let mut o = outbox();
        push_n(&mut o, 1, 0);
        let d = o.take_due(Trigger::Flush, 0).remove(0);
        o.on_answer(d.ticket, status(503), 0, 0.0);
        assert!(o.take_due(Trigger::Flush, 1).is_empty());
        let d = o.take_due(Trigger::PageHide, 1).remove(0);
        let limited = Answer::Status { code: 429, rate_limits: None, retry_after: Some("30") };
        o.on_answer(d.ticket, limited, 2, 0.0);
        assert!(o.take_due(Trigger::PageHide, 3).is_empty());
    }

    #[test]
    fn server_errors_back_off_exponentially_then_give_up_counted() {
        let mut o = Outbox::new(OutboxConfig { max_attempts: 3, ..OutboxConfig::default() });
        push_n(&mut o, 1, 0);
        let d = o.take_due(Trigger::Flush, 0).remove(0);
        assert_eq!(o.on_answer(d.ticket, status(503), 0, 0.0), Outcome::WillRetry);
        assert_eq!(o.next_wake(0), Some(500), "first backoff: 1 s with equal jitter at 0 = 0.5 s");
        assert!(o.take_due(Trigger::Flush, 499).is_empty());
        let d = o.take_due(Trigger::Flush, 500).remove(0);
        assert_eq!(o.on_answer(d.ticket, Answer::NetworkError, 500, 0.999), Outcome::WillRetry);
        assert_eq!(o.next_wake(500), Some(500 + 1999));
        let d = o.take_due(Trigger::Flush, 2499).remove(0);
        assert_eq!(o.on_answer(d.ticket, status(500), 2499, 0.0), Outcome::DroppedRetriesExhausted);
        assert_eq!(o.stats().dropped_retries_exhausted, 1);
        assert_eq!(o.stats().retries, 2);
        assert!(o.is_idle());
    }

    #[test]
    fn other_4xx_drop_the_event_and_count_it() {
        let mut o = outbox();
        push_n(&mut o, 2, 0);
        let d = o.take_due(Trigger::Flush, 0);
        assert_eq!(o.on_answer(d[0].ticket, status(413), 1, 0.0), Outcome::DroppedRejected);
        assert_eq!(o.on_answer(d[1].ticket, status(403), 1, 0.0), Outcome::DroppedRejected);
        assert_eq!(o.stats().dropped_rejected, 2);
        assert!(o.is_idle());
    }

    #[test]
    fn a_429_holds_everything_until_the_limit_expires_and_keeps_the_event() {
        let mut o = outbox();
        push_n(&mut o, 2, 0);
        let d = o.take_due(Trigger::Flush, 0);
        let limited = Answer::Status { code: 429, rate_limits: Some("60::key"), retry_after: None };
        assert_eq!(o.on_answer(d[0].ticket, limited, 10, 0.0), Outcome::RateLimited);
        o.on_answer(d[1].ticket, status(429), 10, 0.0);
        assert!(o.take_due(Trigger::Flush, 60_009).is_empty());
        assert_eq!(o.next_wake(20), Some(60_010));
        assert_eq!(o.take_due(Trigger::Flush, 60_010).len(), 2);
        assert_eq!(o.stats().rate_limited, 2);
    }

    #[test]
    fn a_full_queue_drops_new_events_and_counts_them() {
        let mut o = Outbox::new(OutboxConfig { max_queued: 2, ..OutboxConfig::default() });
        assert!(o.push("a".into(), String::new(), 0, 0));
        assert!(o.push("b".into(), String::new(), 0, 0));
        assert!(!o.push("c".into(), String::new(), 0, 0));
        assert_eq!(o.stats().dropped_queue_full, 1);
    }

    #[test]
    fn unknown_tickets_are_ignored() {
        let mut o = outbox();
        assert_eq!(o.on_answer(42, ok(), 0, 0.0), Outcome::UnknownTicket);
    }
}
