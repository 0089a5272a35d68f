//! The delivery policy (src/core/outbox.rs) with an injected clock: batching, the in-flight
//! cap, page hide within the keepalive budget, what each collector answer means, storm
//! folding with exact counts, and client reports for every drop.

use faultline::core::outbox::{Answer, Dispatch, Kind, Outbox, OutboxConfig, Outcome, Reason, Trigger};

fn outbox() -> Outbox {
    Outbox::new(OutboxConfig::default())
}

fn push_n(o: &mut Outbox, n: usize, now: u64) {
    for i in 0..n {
        assert!(o.push(i.to_string(), "x".repeat(100), 0, None, now));
    }
}

fn ok() -> Answer<'static> {
    Answer::Status { code: 200, rate_limits: None, retry_after: None }
}

fn status(code: u16) -> Answer<'static> {
    Answer::Status { code, rate_limits: None, retry_after: None }
}

fn events(d: &[Dispatch]) -> Vec<&Dispatch> {
    d.iter().filter(|d| d.kind == Kind::Event).collect()
}

fn report(d: &[Dispatch]) -> Option<serde_json::Value> {
    d.iter().find(|d| d.kind == Kind::ClientReport).map(|d| serde_json::from_str(&d.payload).expect("report JSON"))
}

fn quantity(report: &serde_json::Value, reason: &str) -> u64 {
    report["discarded_events"]
        .as_array()
        .expect("discarded_events")
        .iter()
        .filter(|e| e["reason"] == reason && e["category"] == "error")
        .map(|e| e["quantity"].as_u64().expect("quantity"))
        .sum()
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
    assert_eq!(sent.len(), OutboxConfig::default().max_in_flight);
    assert!(o.take_due(Trigger::Flush, 0).is_empty(), "cap holds for flush too");
    o.on_answer(sent[0].ticket, ok(), 5, 0.0);
    assert_eq!(o.take_due(Trigger::Flush, 5).len(), 1);
    assert_eq!(o.stats().sent, 1);
    assert_eq!(o.pending(), 9);
}

#[test]
fn page_hide_stays_inside_the_keepalive_budget_and_ignores_the_in_flight_cap() {
    let mut o = outbox();
    for i in 0..20 {
        o.push(i.to_string(), "e".repeat(10 * 1024), 0, None, 0);
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
    assert_eq!(o.stats().discarded(Reason::NetworkError), 1);
    assert_eq!(o.stats().retries, 2);
    assert_eq!(o.pending(), 0);
}

#[test]
fn other_4xx_drop_the_event_and_report_it() {
    let mut o = outbox();
    push_n(&mut o, 2, 0);
    let d = o.take_due(Trigger::Flush, 0);
    assert_eq!(o.on_answer(d[0].ticket, status(413), 1, 0.0), Outcome::DroppedRejected);
    assert_eq!(o.on_answer(d[1].ticket, status(403), 1, 0.0), Outcome::DroppedRejected);
    assert_eq!(o.stats().discarded(Reason::SendError), 2);
    assert_eq!(o.pending(), 0);
    let r = report(&o.take_due(Trigger::Flush, 2)).expect("a client report");
    assert_eq!(quantity(&r, "send_error"), 2);
}

#[test]
fn a_429_holds_every_event_until_the_limit_expires_and_keeps_them() {
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
fn a_limit_on_another_category_does_not_hold_events() {
    let mut o = outbox();
    push_n(&mut o, 2, 0);
    let d = o.take_due(Trigger::Flush, 0);
    // A 200 may carry limits too; this one limits only client reports.
    let answer = Answer::Status { code: 200, rate_limits: Some("60:internal:key"), retry_after: None };
    assert_eq!(o.on_answer(d[0].ticket, answer, 1, 0.0), Outcome::Delivered);
    o.on_answer(d[1].ticket, status(400), 1, 0.0);
    push_n(&mut o, 1, 2);
    let due = o.take_due(Trigger::Flush, 2);
    assert_eq!(events(&due).len(), 1, "events still go");
    assert!(report(&due).is_none(), "client reports wait for their limit");
    assert!(report(&o.take_due(Trigger::Flush, 60_001)).is_some());
}

#[test]
fn a_full_queue_drops_new_events_and_reports_them() {
    let mut o = Outbox::new(OutboxConfig { max_queued: 2, ..OutboxConfig::default() });
    assert!(o.push("a".into(), String::new(), 0, None, 0));
    assert!(o.push("b".into(), String::new(), 0, None, 0));
    assert!(!o.push("c".into(), String::new(), 0, None, 0));
    assert_eq!(o.stats().discarded(Reason::QueueOverflow), 1);
}

#[test]
fn the_queue_is_bounded_in_bytes_too() {
    let mut o = Outbox::new(OutboxConfig { max_bytes: 250, ..OutboxConfig::default() });
    push_n(&mut o, 2, 0);
    assert!(!o.push("big".into(), "x".repeat(100), 0, None, 0));
    let d = o.take_due(Trigger::Flush, 0);
    o.on_answer(d[0].ticket, ok(), 1, 0.0);
    assert!(o.push("fits".into(), "x".repeat(100), 0, None, 1), "delivered bytes are given back");
}

#[test]
fn unknown_tickets_are_ignored() {
    let mut o = outbox();
    assert_eq!(o.on_answer(42, ok(), 0, 0.0), Outcome::UnknownTicket);
}

/// A storm: `per_site` occurrences from each of `sites` fingerprints, interleaved, one per
/// `step_ms`, with the glue's loop (timer ticks, answers after `rtt_ms`) running alongside.
/// Returns (events delivered, occurrences they carry, occurrences folded, max queue length).
fn storm(sites: u64, per_site: u64, step_ms: u64, rtt_ms: u64) -> (u64, u64, u64, usize, Vec<serde_json::Value>) {
    let mut o = outbox();
    let mut in_flight: Vec<(u64, u64)> = Vec::new(); // (answer at, ticket)
    let mut max_queue = 0;
    let mut now = 0;
    let mut bodies = Vec::new();
    let mut id = 0;
    let total = sites * per_site;
    let mut thrown = 0;
    while thrown < total || o.pending() > 0 {
        if thrown < total {
            let fp = thrown % sites;
            if !o.fold(fp, now) {
                id += 1;
                let event_id = id.to_string();
                o.open_fold(fp, &event_id, now);
                let payload = format!(r#"{{"message":"site {fp}","contexts":{{"os":{{"name":"Linux"}}}}}}"#);
                assert!(o.push(event_id, payload, 0, Some(fp), now));
            }
            thrown += 1;
        }
        max_queue = max_queue.max(o.pending());
        in_flight.retain(|(at, ticket)| {
            if *at <= now {
                o.on_answer(*ticket, ok(), now, 0.5);
                false
            } else {
                true
            }
        });
        if o.next_wake(now).is_some_and(|w| w <= now) {
            for d in o.take_due(Trigger::Tick, now) {
                if d.kind == Kind::Event {
                    bodies.push(serde_json::from_str(&d.payload).expect("event JSON"));
                }
                in_flight.push((now + rtt_ms, d.ticket));
            }
        }
        now += step_ms.max(1);
        assert!(now < 10 * 60 * 1000, "the storm never drained");
    }
    (o.stats().sent, o.stats().sent_occurrences, o.stats().folded, max_queue, bodies)
}

#[test]
fn a_storm_of_ten_thousand_from_twenty_sites_delivers_every_site_with_exact_counts() {
    // 10,000 errors in one second (one per 0.1 ms, rounded to 1 ms steps: 10 s here, which
    // only makes it harder: more windows).
    let (sent, occurrences, folded, max_queue, bodies) = storm(20, 500, 1, 20);
    assert_eq!(occurrences, 10_000, "every occurrence is carried by a delivered event");
    assert_eq!(sent + folded, 10_000);
    assert!(sent <= 20 * 5, "a few events per site, not thousands: {sent}");
    assert!(max_queue <= 40, "the queue stays small: {max_queue}");
    for site in 0..20 {
        let mine: Vec<_> = bodies.iter().filter(|b| b["message"] == format!("site {site}")).collect();
        assert!(!mine.is_empty(), "site {site} reported");
        let counted: u64 = mine.iter().map(|b| b["contexts"]["repeats"]["count"].as_u64().unwrap_or(1)).sum();
        assert_eq!(counted, 500, "site {site}: exact count");
        for b in &mine {
            if let Some(r) = b["contexts"].get("repeats") {
                assert!(r["first_seen"].as_f64() <= r["last_seen"].as_f64());
                assert_eq!(b["contexts"]["os"]["name"], "Linux", "other contexts kept");
            }
        }
    }
}

#[test]
fn distinct_errors_are_never_folded() {
    let (sent, occurrences, folded, _, _) = storm(300, 1, 1, 5);
    assert_eq!((sent, occurrences, folded), (300, 300, 0));
}

#[test]
fn a_repeat_after_the_first_send_waits_out_the_window_gathering_its_repeats() {
    let mut o = outbox();
    o.open_fold(7, "a", 0);
    o.push("a".into(), "{}".into(), 0, Some(7), 0);
    let d = o.take_due(Trigger::Flush, 0);
    assert_eq!(d.len(), 1);
    assert!(!d[0].changed, "one occurrence: no repeats context");
    assert!(!o.fold(7, 10), "sent: nothing open to fold into");
    o.open_fold(7, "b", 10);
    o.push("b".into(), "{}".into(), 0, Some(7), 10);
    assert!(o.fold(7, 20));
    assert!(o.fold(7, 30));
    assert!(o.take_due(Trigger::Flush, 4_999).iter().all(|d| d.event_id != "b"), "held for the window");
    let d = o.take_due(Trigger::Flush, 5_000);
    let b = d.iter().find(|d| d.event_id == "b").expect("sent after the window");
    assert!(b.changed);
    let v: serde_json::Value = serde_json::from_str(&b.payload).unwrap();
    assert_eq!(v["contexts"]["repeats"]["count"], 3);
    assert_eq!(v["contexts"]["repeats"]["first_seen"], 0.01);
    assert_eq!(v["contexts"]["repeats"]["last_seen"], 0.03);
}

#[test]
fn page_hide_does_not_wait_for_a_fold_window() {
    let mut o = outbox();
    o.push("a".into(), "{}".into(), 0, Some(1), 0);
    o.take_due(Trigger::Flush, 0);
    o.push("b".into(), "{}".into(), 0, Some(1), 1);
    assert!(o.take_due(Trigger::PageHide, 2).iter().any(|d| d.event_id == "b"));
}

#[test]
fn dropping_a_folded_event_reports_every_occurrence() {
    let mut o = outbox();
    o.open_fold(1, "a", 0);
    for t in 1..5 {
        assert!(o.fold(1, t));
    }
    // beforeSend returned null for it.
    let count = o.close_fold("a");
    assert_eq!(count, 5);
    o.discard(Reason::BeforeSend, count, 5);
    // A folded event the collector refuses.
    o.open_fold(2, "b", 6);
    o.fold(2, 7);
    o.push("b".into(), "{}".into(), 0, Some(2), 7);
    let d = o.take_due(Trigger::Flush, 8);
    let b = d.iter().find(|d| d.event_id == "b").unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(quantity(&report(&d).expect("report"), "before_send"), 5);
    let first_report = d.iter().find(|d| d.kind == Kind::ClientReport).unwrap();
    o.on_answer(first_report.ticket, ok(), 9, 0.0);
    o.on_answer(b.ticket, status(413), 9, 0.0);
    let r = report(&o.take_due(Trigger::Flush, 10)).expect("report");
    assert_eq!(quantity(&r, "send_error"), 2);
    assert_eq!(quantity(&r, "before_send"), 0, "reported once");
}

#[test]
fn client_reports_wait_for_company_then_go_once_and_come_back_if_lost() {
    let mut o = outbox();
    o.discard(Reason::SampleRate, 2, 100);
    o.discard(Reason::EventProcessor, 1, 200);
    assert!(report(&o.take_due(Trigger::Tick, 200)).is_none(), "waits report_delay_ms");
    assert_eq!(o.next_wake(200), Some(5_100));
    let due = o.take_due(Trigger::Tick, 5_100);
    let r = report(&due).expect("report after the delay");
    assert_eq!((quantity(&r, "sample_rate"), quantity(&r, "event_processor")), (2, 1));
    assert!(report(&o.take_due(Trigger::Flush, 5_101)).is_none(), "one at a time");
    // The request failed: the counts go out again with the next report.
    let ticket = due[0].ticket;
    assert_eq!(o.on_answer(ticket, Answer::NetworkError, 5_200, 0.0), Outcome::Report);
    o.discard(Reason::SampleRate, 1, 5_300);
    let r = report(&o.take_due(Trigger::Flush, 5_300)).expect("resent");
    assert_eq!(quantity(&r, "sample_rate"), 3);
    assert!(!o.is_idle());
}

#[test]
fn page_hide_sends_the_client_report_with_keepalive() {
    let mut o = outbox();
    o.discard(Reason::QueueOverflow, 9, 0);
    let due = o.take_due(Trigger::PageHide, 1);
    let d = due.iter().find(|d| d.kind == Kind::ClientReport).expect("report");
    assert!(d.keepalive);
    o.on_answer(d.ticket, ok(), 2, 0.0);
    assert!(o.is_idle());
    assert_eq!(o.stats().discarded(Reason::QueueOverflow), 9, "totals stay for getStats");
}

mod fold_key {
    use faultline::core::event::{exceptions_from, Event, Level, Linked, Mechanism, PageInfo, Thrown};
    use faultline::core::scope::Scope;

    fn error(name: &str, message: &str, stack: &str) -> Event {
        let chain = [Linked::top(Thrown::Error { name: name.into(), message: message.into(), stack: Some(stack.into()) })];
        Event {
            event_id: String::new(),
            timestamp_ms: 0,
            level: Level::Error,
            exceptions: exceptions_from(&chain, Mechanism::OnError, None),
            message: None,
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        }
    }

    const HERE: &str = "TypeError: x\n    at load (https://shop.example/app.js:10:5)\n    at main (https://shop.example/app.js:20:3)";

    #[test]
    fn the_same_error_with_other_numbers_in_its_message_folds() {
        let a = error("TypeError", "row 17 of 200 is empty", HERE);
        let b = error("TypeError", "row 18 of 3000 is empty", HERE);
        assert_eq!(a.fold_key(&Scope::new()), b.fold_key(&Scope::new()));
    }

    #[test]
    fn another_type_message_place_or_fingerprint_does_not() {
        let a = error("TypeError", "row 17 is empty", HERE);
        let key = a.fold_key(&Scope::new());
        assert_ne!(key, error("RangeError", "row 17 is empty", HERE).fold_key(&Scope::new()));
        assert_ne!(key, error("TypeError", "row 17 is full", HERE).fold_key(&Scope::new()));
        let elsewhere = HERE.replace("app.js:10:5", "app.js:11:5");
        assert_ne!(key, error("TypeError", "row 17 is empty", &elsewhere).fold_key(&Scope::new()));
        let mut scoped = Scope::new();
        scoped.set_fingerprint(&["checkout".into()]);
        assert_ne!(key, a.fold_key(&scoped), "fingerprint");
        let mut tagged = Scope::new();
        tagged.set_tag("step", "pay");
        assert_ne!(key, a.fold_key(&tagged), "tags");
        let mut warned = a.clone();
        warned.level = Level::Warning;
        assert_ne!(key, warned.fold_key(&Scope::new()), "level");
    }

    #[test]
    fn only_the_innermost_frames_count() {
        let deeper = format!("{HERE}\n    at other (https://shop.example/other.js:1:1)\n    at more (https://shop.example/other.js:2:2)");
        let a = error("TypeError", "x", &format!("{HERE}\n    at a (https://shop.example/a.js:1:1)"));
        let b = error("TypeError", "x", &format!("{HERE}\n    at a (https://shop.example/a.js:1:1)\n    at caller2 (https://shop.example/c.js:9:9)"));
        assert_eq!(a.fold_key(&Scope::new()), b.fold_key(&Scope::new()), "callers beyond the third frame do not split it");
        assert_ne!(a.fold_key(&Scope::new()), error("TypeError", "x", &deeper).fold_key(&Scope::new()), "the third frame does");
    }
}

#[test]
fn a_restored_event_is_retried_without_holding_flush_then_left_for_a_later_page() {
    let mut o = Outbox::new(OutboxConfig { max_attempts: 2, ..OutboxConfig::default() });
    assert!(o.restore("a".repeat(32), "{}".into(), 0, 0));
    assert!(!o.restore("a".repeat(32), "{}".into(), 0, 0), "already queued");
    assert_eq!((o.pending(), o.pending_own()), (1, 0), "flush does not wait for it");
    let d = o.take_due(Trigger::Flush, 0).remove(0);
    assert_eq!(o.on_answer(d.ticket, Answer::NetworkError, 1, 0.0), Outcome::WillRetry);
    let d = o.take_due(Trigger::Flush, 10_000).remove(0);
    assert_eq!(o.on_answer(d.ticket, Answer::NetworkError, 10_001, 0.0), Outcome::Deferred);
    assert!(!Outcome::Deferred.is_final(), "the glue keeps it stored");
    assert_eq!(o.pending(), 0);
    assert_eq!(o.stats().discarded(Reason::NetworkError), 0, "not a drop");
    assert!(o.restore("b".repeat(32), "{}".into(), 0, 2));
    let d = o.take_due(Trigger::Flush, 10_002).remove(0);
    assert_eq!(o.on_answer(d.ticket, ok(), 10_003, 0.0), Outcome::Delivered);
}

#[test]
fn flush_waits_for_the_client_report_unless_it_is_rate_limited() {
    let mut o = outbox();
    o.discard(Reason::BeforeSend, 1, 0);
    assert_eq!(o.flush_pending(0), 1);
    let d = o.take_due(Trigger::Flush, 0).remove(0);
    assert_eq!(o.flush_pending(0), 1, "in flight");
    let limited = Answer::Status { code: 429, rate_limits: Some("60:internal:key"), retry_after: None };
    o.on_answer(d.ticket, limited, 1, 0.0);
    assert_eq!(o.flush_pending(1), 0, "limited: flush does not wait for it");
    assert_eq!(o.flush_pending(60_001), 1, "after the limit it counts again");
}

#[test]
fn page_hide_sends_the_newest_first() {
    let mut o = outbox();
    for i in 0..10 {
        o.push(i.to_string(), "e".repeat(20 * 1024), 0, None, i);
    }
    let ids: Vec<String> = o.take_due(Trigger::PageHide, 10).into_iter().map(|d| d.event_id).collect();
    assert_eq!(ids, ["9", "8"], "two 20 KiB events fit the budget: the two newest");
}

#[test]
fn every_queued_event_is_handed_to_the_store_once_in_order() {
    let mut o = outbox();
    push_n(&mut o, 3, 0);
    let first: Vec<String> = o.take_unpersisted().into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(first, ["0", "1", "2"]);
    assert!(o.take_unpersisted().is_empty(), "once");
    assert!(o.restore("r".repeat(32), "{}".into(), 0, 0));
    o.push("late".into(), "{}".into(), 0, None, 1);
    // One is answered before the glue stored it: it simply is not handed over.
    let d = o.take_due(Trigger::Flush, 1);
    let late = d.iter().find(|d| d.event_id == "late").unwrap();
    o.on_answer(late.ticket, ok(), 2, 0.0);
    assert!(o.take_unpersisted().is_empty(), "restored ones are stored already; the late one is gone");
    o.push("next".into(), "{}".into(), 0, None, 3);
    let next: Vec<String> = o.take_unpersisted().into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(next, ["next"]);
}
