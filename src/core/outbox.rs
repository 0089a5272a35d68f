//! The delivery policy: which queued event goes out when, what an answer means, how a storm
//! of repeats becomes a few events with exact counts, and what every drop is reported as.
//!
//! Pure state machine; the glue asks it what to send ([`Outbox::take_due`]), performs the
//! `fetch`es, and reports each answer back ([`Outbox::on_answer`]). Time and jitter are
//! arguments. Policy:
//!
//! - **Batching.** Events wait up to `batch_delay_ms` for company, or go at once when
//!   `batch_size` are ready; `flush()` and page hide send whatever is ready now.
//! - **Folding.** While an event waits for its first send, further occurrences of the same
//!   error ([`Event::fold_key`](crate::core::event::Event::fold_key)) only count into it
//!   ([`Outbox::fold`]); at its first send it carries `contexts.repeats = {count, first_seen,
//!   last_seen}` when it stands for more than one. A new event of a fingerprint sent less than
//!   `fold_window_ms` ago waits out that window, gathering its repeats. So a storm costs one
//!   request per distinct error per window, every distinct error is reported, and the counts
//!   add up exactly.
//! - **In flight.** At most `max_in_flight` requests at a time, so a storm cannot open
//!   hundreds of connections.
//! - **Page hide.** Requests use `keepalive` so they outlive the page, but browsers cap the
//!   bytes of all in-flight keepalive bodies at 64 KiB and *reject* the request that would
//!   exceed it (the reference SDK loses most of its events this way). We stay under
//!   `keepalive_budget` bytes; what does not fit stays queued (and persisted by the glue).
//! - **Answers.** 2xx: delivered. 429: hold the limited categories (events, client reports)
//!   for the limit's duration, keep the event. 5xx and network errors: retry with exponential
//!   backoff and jitter, up to `max_attempts`. Any other 4xx: the collector will never take
//!   it; drop.
//! - **Bounds.** At most `max_queued` events and `max_bytes` of them wait; beyond that a new
//!   event is dropped. Open folds and remembered fingerprints are bounded too.
//! - **Accounting.** Every drop, here or before the outbox ([`Outbox::discard`]), is counted
//!   by [`Reason`] with the number of occurrences it stood for, and reported to the collector
//!   in `client_report` items ([`Kind::ClientReport`]). Nothing is dropped silently.

#[allow(unused_imports)]
use crate::prelude::*;


use crate::core::json::{self, JsonWriter};
use crate::core::ratelimit::{self, Category};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxConfig {
    pub max_queued: usize,
    /// Sum of queued payload bytes.
    pub max_bytes: usize,
    pub max_in_flight: usize,
    pub batch_size: usize,
    pub batch_delay_ms: u64,
    pub max_attempts: u32,
    pub backoff_base_ms: u64,
    pub backoff_max_ms: u64,
    pub keepalive_budget: usize,
    /// A fingerprint sends at most one event per window after its first.
    pub fold_window_ms: u64,
    /// Drops wait this long for company before a client report goes (flush and page hide
    /// send it at once).
    pub report_delay_ms: u64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl OutboxConfig {
    pub const DEFAULT: OutboxConfig = OutboxConfig {
        max_queued: 1000,
        max_bytes: 6 * 1024 * 1024,
        // Browsers open 6 connections per host over HTTP/1.1 (HTTP/2 multiplexes them).
        max_in_flight: 6,
        batch_size: 10,
        batch_delay_ms: 250,
        max_attempts: 8,
        backoff_base_ms: 1_000,
        backoff_max_ms: 60_000,
        // Below the browsers' 64 KiB, leaving room for requests the page itself keeps alive.
        keepalive_budget: 56 * 1024,
        fold_window_ms: 5_000,
        report_delay_ms: 5_000,
    };
}

/// Why events were dropped: the reasons of the client-report protocol
/// (develop.sentry.dev "Client Reports").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `sampleRate`.
    SampleRate,
    /// `beforeSend` returned null.
    BeforeSend,
    /// `ignoreErrors`, `denyUrls`, `allowUrls`, the noise filter.
    EventProcessor,
    /// The queue (or the stub's early buffer) was full.
    QueueOverflow,
    /// The persistent store was full; its oldest event made room.
    CacheOverflow,
    /// Network errors or 5xx answers until the attempts ran out.
    NetworkError,
    /// The collector refused it for good (4xx other than 429).
    SendError,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::SampleRate,
        Reason::BeforeSend,
        Reason::EventProcessor,
        Reason::QueueOverflow,
        Reason::CacheOverflow,
        Reason::NetworkError,
        Reason::SendError,
    ];

    /// The protocol's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SampleRate => "sample_rate",
            Reason::BeforeSend => "before_send",
            Reason::EventProcessor => "event_processor",
            Reason::QueueOverflow => "queue_overflow",
            Reason::CacheOverflow => "cache_overflow",
            Reason::NetworkError => "network_error",
            Reason::SendError => "send_error",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Counters a user (and the debug console) can read. Every occurrence ends in exactly one
/// of: an event `sent` (as itself or folded into one), a `discarded` reason, or still queued.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Events delivered (2xx).
    pub sent: u64,
    /// Occurrences those events stood for (≥ `sent`: folded repeats count here).
    pub sent_occurrences: u64,
    /// Occurrences counted into an event instead of becoming one.
    pub folded: u64,
    pub retries: u64,
    pub rate_limited: u64,
    /// Occurrences dropped, by [`Reason`] (indexed as [`Reason::ALL`]).
    pub discarded: [u64; 7],
}

impl Stats {
    pub fn discarded(&self, reason: Reason) -> u64 {
        self.discarded.get(reason.index()).copied().unwrap_or(0)
    }
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

/// What a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Event,
    /// A `client_report` item: `body` is its JSON payload.
    ClientReport,
}

/// One request the glue should make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispatch {
    /// Handle to report the answer with.
    pub ticket: u64,
    /// Where it goes: the glue's handle for the endpoint and DSN the event was captured for
    /// (a re-`init` with another DSN must not redirect events already queued).
    pub route: u32,
    pub kind: Kind,
    /// Empty for a client report.
    pub event_id: String,
    /// The event JSON (the glue frames it as an envelope with the current time).
    pub payload: String,
    pub keepalive: bool,
    /// The payload changed since it was queued (folded repeats were written into it): the
    /// glue persists it again.
    pub changed: bool,
}

/// What came back from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<'a> {
    Status { code: u16, rate_limits: Option<&'a str>, retry_after: Option<&'a str> },
    /// `fetch` rejected: offline, DNS, CORS, aborted, or keepalive budget refused.
    NetworkError,
}

/// What [`Outbox::on_answer`] decided: for the debug console, and for the glue to forget a
/// persisted event once it is [`Outcome::is_final`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    RateLimited,
    WillRetry,
    DroppedRejected,
    DroppedRetriesExhausted,
    /// A client report's answer (delivered or not: its counts are kept until one arrives).
    Report,
    /// An earlier page's event ran out of attempts here: it leaves this page's queue but
    /// stays stored, for a later page.
    Deferred,
    UnknownTicket,
}

impl Outcome {
    /// The event is gone from the queue, delivered or dropped.
    pub fn is_final(self) -> bool {
        matches!(self, Outcome::Delivered | Outcome::DroppedRejected | Outcome::DroppedRetriesExhausted)
    }
}

#[derive(Debug)]
struct Item {
    ticket: u64,
    route: u32,
    event_id: String,
    payload: String,
    fingerprint: Option<u64>,
    /// Occurrences it stands for, frozen at its first send.
    count: u64,
    queued_at: u64,
    attempts: u32,
    not_before: u64,
    in_flight: Option<Flight>,
    /// The glue has stored it (to survive a reload) or it came from the store.
    persisted: bool,
    /// It came from the store: an earlier page's event, tried once here.
    restored: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flight {
    Normal,
    KeepAlive,
}

/// An event still open for repeats: from its capture until its first send.
#[derive(Debug)]
struct Fold {
    fingerprint: u64,
    event_id: String,
    count: u64,
    first_ms: u64,
    last_ms: u64,
}

const MAX_OPEN_FOLDS: usize = 64;
const MAX_RECENT: usize = 64;

#[derive(Debug)]
pub struct Outbox {
    config: OutboxConfig,
    /// Oldest first. A `Vec`: items leave from anywhere (by answer), so a `VecDeque` gained
    /// nothing and cost the wasm 1.4 KB of its own code.
    items: Vec<Item>,
    bytes: usize,
    next_ticket: u64,
    /// Until when events (`[0]`) and client reports (`[1]`) are rate limited.
    limited_until: [u64; 2],
    in_flight: usize,
    keepalive_bytes: usize,
    folds: Vec<Fold>,
    /// Fingerprints sent lately, and when.
    recent: Vec<(u64, u64)>,
    /// Drops not yet reported, by reason, and since when.
    unreported: [u64; 7],
    unreported_since: Option<u64>,
    /// The client report in flight: its ticket, counts (given back if it fails), and
    /// keepalive bytes.
    report: Option<(u64, [u64; 7], usize)>,
    /// Where client reports go (the current client's route).
    report_route: u32,
    /// How many items are not yet persisted: always the newest ones (pushed at the back,
    /// drained by every `take_unpersisted`), so finding them never walks the whole queue.
    unpersisted: usize,
    stats: Stats,
}

impl Outbox {
    pub const fn new(config: OutboxConfig) -> Self {
        Outbox {
            config,
            items: Vec::new(),
            bytes: 0,
            next_ticket: 1,
            limited_until: [0; 2],
            in_flight: 0,
            keepalive_bytes: 0,
            folds: Vec::new(),
            recent: Vec::new(),
            unreported: [0; 7],
            unreported_since: None,
            report: None,
            report_route: 0,
            unpersisted: 0,
            stats: Stats { sent: 0, sent_occurrences: 0, folded: 0, retries: 0, rate_limited: 0, discarded: [0; 7] },
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Events not yet delivered (waiting or in flight).
    pub fn pending(&self) -> usize {
        self.items.len()
    }

    /// Events this page captured that are not yet delivered: what `flush()` waits for (an
    /// earlier page's restored events are retried too, but a dead endpoint of theirs must not
    /// hold this page's `flush`).
    pub fn pending_own(&self) -> usize {
        self.items.iter().filter(|i| !i.restored).count()
    }

    /// What `flush()` waits for: [`Outbox::pending_own`], plus one while a client report waits
    /// to be sent or answered (unless the collector limits client reports).
    pub fn flush_pending(&self, now: u64) -> usize {
        let report = (self.unreported_since.is_some() || self.report.is_some()) && !self.limited(Kind::ClientReport, now);
        self.pending_own() + usize::from(report)
    }

    /// Nothing queued and no drop waiting to be reported.
    pub fn is_idle(&self) -> bool {
        self.items.is_empty() && self.unreported_since.is_none() && self.report.is_none()
    }

    /// Whether any queued event still goes to `route`.
    pub fn uses_route(&self, route: u32) -> bool {
        route == self.report_route || self.items.iter().any(|i| i.route == route)
    }

    /// Where client reports go from now on.
    pub fn set_report_route(&mut self, route: u32) {
        self.report_route = route;
    }

    /// Counts `quantity` occurrences dropped for `reason`, to be reported.
    pub fn discard(&mut self, reason: Reason, quantity: u64, now: u64) {
        if quantity == 0 {
            return;
        }
        if let Some(n) = self.stats.discarded.get_mut(reason.index()) {
            *n += quantity;
        }
        if let Some(n) = self.unreported.get_mut(reason.index()) {
            *n += quantity;
        }
        self.unreported_since.get_or_insert(now);
    }

    /// Counts an occurrence of `fingerprint` into the event open for it, if there is one.
    /// True when it was folded: the caller builds no event for it.
    pub fn fold(&mut self, fingerprint: u64, now: u64) -> bool {
        match self.folds.iter_mut().find(|f| f.fingerprint == fingerprint) {
            Some(f) => {
                f.count += 1;
                f.last_ms = f.last_ms.max(now);
                self.stats.folded += 1;
                true
            }
            None => false,
        }
    }

    /// Opens event `event_id` to the repeats of `fingerprint` (it is about to be queued,
    /// maybe after `beforeSend`). Without room, it simply does not fold.
    pub fn open_fold(&mut self, fingerprint: u64, event_id: &str, now: u64) {
        if self.folds.len() < MAX_OPEN_FOLDS && !self.folds.iter().any(|f| f.fingerprint == fingerprint) {
            self.folds.push(Fold { fingerprint, event_id: String::from(event_id), count: 1, first_ms: now, last_ms: now });
        }
    }

    /// The event will not be queued (`beforeSend` dropped it): closes its fold and returns
    /// how many occurrences it stood for (1 when it had none open).
    pub fn close_fold(&mut self, event_id: &str) -> u64 {
        match self.folds.iter().position(|f| f.event_id == event_id) {
            Some(pos) => self.folds.swap_remove(pos).count,
            None => 1,
        }
    }

    /// Queues an event for `route`. Returns false (and counts it with its folded repeats)
    /// when the queue is full. `fingerprint`: its [`Outbox::open_fold`] key, if any.
    pub fn push(&mut self, event_id: String, payload: String, route: u32, fingerprint: Option<u64>, now: u64) -> bool {
        // An event back from `beforeSend` finds its fingerprint through its open fold.
        let fingerprint = fingerprint.or_else(|| self.folds.iter().find(|f| f.event_id == event_id).map(|f| f.fingerprint));
        if self.items.len() >= self.config.max_queued || self.bytes + payload.len() > self.config.max_bytes {
            let count = self.close_fold(&event_id);
            self.discard(Reason::QueueOverflow, count, now);
            return false;
        }
        // A fingerprint sent within the window waits out the window, gathering repeats.
        let not_before = fingerprint
            .and_then(|fp| self.recent.iter().find(|(f, _)| *f == fp))
            .map_or(now, |(_, sent)| now.max(sent.saturating_add(self.config.fold_window_ms)));
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.bytes += payload.len();
        self.items.push(Item { ticket, route, event_id, payload, fingerprint, count: 1, queued_at: now, attempts: 0, not_before, in_flight: None, persisted: false, restored: false });
        self.unpersisted += 1;
        true
    }

    /// Queues an event a previous page stored and did not deliver (no folding: its repeats
    /// were counted into it then). False when it is already queued or there is no room.
    pub fn restore(&mut self, event_id: String, payload: String, route: u32, now: u64) -> bool {
        if self.contains(&event_id) || self.items.len() >= self.config.max_queued || self.bytes + payload.len() > self.config.max_bytes {
            return false;
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.bytes += payload.len();
        self.items.push(Item { ticket, route, event_id, payload, fingerprint: None, count: 1, queued_at: now, attempts: 0, not_before: now, in_flight: None, persisted: true, restored: true });
        true
    }

    /// Events to store (id, route, payload): those queued since the last call.
    pub fn take_unpersisted(&mut self) -> Vec<(String, u32, String)> {
        let mut out = Vec::with_capacity(self.unpersisted);
        for item in self.items.iter_mut().rev().take(self.unpersisted).filter(|i| !i.persisted) {
            item.persisted = true;
            out.push((item.event_id.clone(), item.route, item.payload.clone()));
        }
        self.unpersisted = 0;
        out.reverse();
        out
    }

    /// The id of the event a request carries (`None` for a client report or an unknown ticket).
    pub fn event_id_of(&self, ticket: u64) -> Option<String> {
        self.items.iter().find(|i| i.ticket == ticket).map(|i| i.event_id.clone())
    }

    /// Whether an event with this id is queued (a restored event may already be).
    pub fn contains(&self, event_id: &str) -> bool {
        self.items.iter().any(|i| i.event_id == event_id)
    }

    fn limited(&self, kind: Kind, now: u64) -> bool {
        let slot = if kind == Kind::Event { 0 } else { 1 };
        self.limited_until.get(slot).is_some_and(|until| *until > now)
    }

    fn is_ready(&self, item: &Item, now: u64) -> bool {
        item.in_flight.is_none() && item.not_before <= now && !self.limited(Kind::Event, now)
    }

    /// The requests to make now.
    pub fn take_due(&mut self, trigger: Trigger, now: u64) -> Vec<Dispatch> {
        let mut out = Vec::new();
        let batch_ready = trigger != Trigger::Tick || {
            let ready = self.items.iter().filter(|i| self.is_ready(i, now));
            let (count, oldest) = ready.fold((0, u64::MAX), |(n, t), i| (n + 1, t.min(i.queued_at.max(i.not_before))));
            count >= self.config.batch_size || (count > 0 && now >= oldest.saturating_add(self.config.batch_delay_ms))
        };
        let limited = self.limited(Kind::Event, now);
        // At page hide the newest go first: the oldest have long been written to the store
        // and will go with the next page; the newest may not have been.
        let n = self.items.len();
        for k in 0..n {
            let i = if trigger == Trigger::PageHide { n - 1 - k } else { k };
            if !batch_ready || limited {
                break;
            }
            let Some(item) = self.items.get(i) else { break };
            // Page hide is the last chance: an event waiting out a backoff or a fold window goes too.
            let waiting = item.not_before > now && trigger != Trigger::PageHide;
            if item.in_flight.is_some() || waiting {
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
            let first_send = item.attempts == 0;
            let changed = first_send && self.seal(i, now);
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
                kind: Kind::Event,
                event_id: item.event_id.clone(),
                payload: item.payload.clone(),
                keepalive: flight == Flight::KeepAlive,
                changed,
            });
        }
        if let Some(report) = self.take_report(trigger, now) {
            out.push(report);
        }
        out
    }

    /// At an event's first send: closes its fold, writes the repeats into it, remembers its
    /// fingerprint as sent. True when the payload changed.
    fn seal(&mut self, index: usize, now: u64) -> bool {
        let Some(item) = self.items.get(index) else { return false };
        let fingerprint = item.fingerprint;
        let fold = self.folds.iter().position(|f| f.event_id == item.event_id).map(|pos| self.folds.swap_remove(pos));
        if let Some(fp) = fingerprint {
            self.recent.retain(|(f, _)| *f != fp);
            if self.recent.len() >= MAX_RECENT {
                self.recent.remove(0);
            }
            self.recent.push((fp, now));
        }
        let Some(fold) = fold.filter(|f| f.count > 1) else { return false };
        let mut w = JsonWriter::with_capacity(80);
        w.begin_object();
        w.key("count");
        w.uint(fold.count);
        w.key("first_seen");
        w.timestamp_ms(fold.first_ms);
        w.key("last_seen");
        w.timestamp_ms(fold.last_ms);
        w.end_object();
        let Some(item) = self.items.get_mut(index) else { return false };
        item.count = fold.count;
        match json::with_context(&item.payload, "repeats", &w.finish()) {
            Some(payload) => {
                self.bytes = self.bytes + payload.len() - item.payload.len();
                item.payload = payload;
                true
            }
            None => false,
        }
    }

    /// A client report when drops wait to be reported, none is in flight, and client
    /// reports are not rate limited: at once on flush and page hide, after
    /// `report_delay_ms` otherwise.
    fn take_report(&mut self, trigger: Trigger, now: u64) -> Option<Dispatch> {
        let since = self.unreported_since?;
        if self.report.is_some() || self.limited(Kind::ClientReport, now) {
            return None;
        }
        if trigger == Trigger::Tick && now < since.saturating_add(self.config.report_delay_ms) {
            return None;
        }
        let mut w = JsonWriter::with_capacity(160);
        w.begin_object();
        w.key("timestamp");
        w.timestamp_ms(now);
        w.key("discarded_events");
        w.begin_array();
        for reason in Reason::ALL {
            let quantity = self.unreported.get(reason.index()).copied().unwrap_or(0);
            if quantity > 0 {
                w.begin_object();
                w.field_str("reason", reason.as_str());
                w.field_str("category", "error");
                w.key("quantity");
                w.uint(quantity);
                w.end_object();
            }
        }
        w.end_array();
        w.end_object();
        let payload = w.finish();
        let keepalive = trigger == Trigger::PageHide;
        let keepalive_bytes = if keepalive { payload.len() } else { 0 };
        if self.keepalive_bytes + keepalive_bytes > self.config.keepalive_budget {
            return None;
        }
        self.keepalive_bytes += keepalive_bytes;
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.report = Some((ticket, core::mem::take(&mut self.unreported), keepalive_bytes));
        self.unreported_since = None;
        Some(Dispatch { ticket, route: self.report_route, kind: Kind::ClientReport, event_id: String::new(), payload, keepalive, changed: false })
    }

    /// Records the answer to a dispatched request. `jitter` is uniform in [0, 1).
    pub fn on_answer(&mut self, ticket: u64, answer: Answer<'_>, now: u64, jitter: f64) -> Outcome {
        let (code, rate_limits, retry_after) = match answer {
            Answer::Status { code, rate_limits, retry_after } => (code, rate_limits, retry_after),
            Answer::NetworkError => (0, None, None),
        };
        // Any answer may announce a limit (Sentry sends it on 200s too).
        if code != 0 {
            for (slot, category) in [Category::Error, Category::Internal].into_iter().enumerate() {
                if let Some(ms) = ratelimit::limit_ms(category, code, rate_limits, retry_after) {
                    if let Some(until) = self.limited_until.get_mut(slot) {
                        *until = (*until).max(now.saturating_add(ms));
                    }
                }
            }
        }
        if let Some((report_ticket, counts, keepalive_bytes)) = self.report {
            if report_ticket == ticket {
                self.keepalive_bytes = self.keepalive_bytes.saturating_sub(keepalive_bytes);
                self.report = None;
                if code == 0 || code == 429 || code >= 500 {
                    // Not received: the counts wait for the next report.
                    for (n, c) in self.unreported.iter_mut().zip(counts) {
                        *n += c;
                    }
                    self.unreported_since.get_or_insert(now);
                }
                return Outcome::Report;
            }
        }
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
        let count = item.count;
        let outcome = match code {
            200..=299 => Outcome::Delivered,
            429 => {
                // Not the event's fault: it keeps its attempt.
                item.attempts = attempts.saturating_sub(1);
                self.stats.rate_limited += 1;
                return Outcome::RateLimited;
            }
            400..=499 => Outcome::DroppedRejected,
            _ if attempts >= self.config.max_attempts && item.restored => Outcome::Deferred,
            _ if attempts >= self.config.max_attempts => Outcome::DroppedRetriesExhausted,
            _ => {
                item.not_before = now.saturating_add(backoff_ms(&self.config, attempts, jitter));
                self.stats.retries += 1;
                return Outcome::WillRetry;
            }
        };
        if pos < self.items.len() {
            let item = self.items.remove(pos);
            self.bytes = self.bytes.saturating_sub(item.payload.len());
            if !item.persisted {
                self.unpersisted = self.unpersisted.saturating_sub(1);
            }
        }
        match outcome {
            Outcome::Delivered => {
                self.stats.sent += 1;
                self.stats.sent_occurrences += count;
            }
            Outcome::DroppedRejected => self.discard(Reason::SendError, count, now),
            Outcome::DroppedRetriesExhausted => self.discard(Reason::NetworkError, count, now),
            _ => {}
        }
        outcome
    }

    /// When the glue should call `take_due(Tick, …)` next, if anything is waiting: now when a
    /// full batch is ready, else when the oldest waiting event has waited `batch_delay_ms`,
    /// its backoff or fold window ended, the rate limit expires, or a client report is due.
    pub fn next_wake(&self, now: u64) -> Option<u64> {
        let mut wake: Option<u64> = None;
        let mut ready = 0;
        let event_limit = self.limited_until.first().copied().unwrap_or(0);
        for item in self.items.iter().filter(|i| i.in_flight.is_none()) {
            if self.is_ready(item, now) {
                ready += 1;
            }
            let at = item.not_before.max(item.queued_at.saturating_add(self.config.batch_delay_ms)).max(event_limit);
            wake = Some(wake.map_or(at, |w| w.min(at)));
        }
        if ready >= self.config.batch_size && self.in_flight < self.config.max_in_flight {
            return Some(now);
        }
        if let (Some(since), None) = (self.unreported_since, self.report) {
            let at = since.saturating_add(self.config.report_delay_ms).max(self.limited_until.get(1).copied().unwrap_or(0));
            wake = Some(wake.map_or(at, |w| w.min(at)));
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
