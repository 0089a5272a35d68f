//! Drops an event that repeats the one before it: the same error caught twice in a row.
//!
//! Sentry's Dedupe integration (sentry-javascript `packages/core/src/integrations/dedupe.ts`,
//! read 2026-11), which browsers need because one error often reaches the SDK twice: a
//! `try`/`catch` that calls `captureException` and rethrows into `window.onerror`, or a
//! retrying loop. An event is a duplicate of the previous one when
//!
//! - both are messages with the same text, or both are exceptions with the same type and
//!   value, and
//! - their frames are the same (filename, function, line and column of each, in order; none
//!   on both sides counts as the same), and
//! - their fingerprints are the same.
//!
//! A dropped event is counted ([`Dedupe::folded`]) and leaves the remembered event as it was,
//! so a third copy is dropped too; any other event replaces it. An event with neither message
//! nor exception is never a duplicate.
//!
//! One difference: Sentry compares only `exception.values[0]`, the deepest cause, so two
//! different errors wrapping the same cause count as one. Here every exception of a chain
//! must match.
//!
//! ```
//! use faultline::core::dedupe::Dedupe;
//! use faultline::core::event::{Event, Level, PageInfo};
//! let event = Event { event_id: String::new(), timestamp_ms: 0, level: Level::Info, exceptions: vec![],
//!     message: Some("hi".into()), release: None, environment: None, dist: None, page: PageInfo::default() };
//! let mut dedupe = Dedupe::new();
//! assert!(dedupe.check(&event, &[]));
//! assert!(!dedupe.check(&event, &[]));
//! assert_eq!(dedupe.folded(), 1);
//! ```
//!
//! Left out: Sentry skips transactions (there are none here).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::event::{Event, OutFrame};

/// The parts of an event that decide whether the next one repeats it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    message: Option<String>,
    /// Type, value and frames of each exception, in event order.
    exceptions: Vec<(String, String, Vec<FrameKey>)>,
    fingerprint: Vec<String>,
}

/// A frame as Dedupe compares it (not `in_app`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct FrameKey {
    filename: Option<String>,
    function: Option<String>,
    lineno: Option<u32>,
    colno: Option<u32>,
}

impl From<&OutFrame> for FrameKey {
    fn from(f: &OutFrame) -> Self {
        FrameKey { filename: f.filename.clone(), function: f.function.clone(), lineno: f.lineno, colno: f.colno }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dedupe {
    last: Option<Seen>,
    folded: u64,
}

impl Dedupe {
    pub const fn new() -> Self {
        Dedupe { last: None, folded: 0 }
    }

    /// True when `event` should be sent; false when it repeats the previous event, which is
    /// then counted. `fingerprint` is the one the event goes out with (the scope's).
    pub fn check(&mut self, event: &Event, fingerprint: &[String]) -> bool {
        if event.message.is_none() && event.exceptions.is_empty() {
            return true;
        }
        let seen = Seen {
            message: event.message.clone(),
            exceptions: event
                .exceptions
                .iter()
                .map(|e| (e.ty.clone(), e.value.clone(), e.frames.iter().map(FrameKey::from).collect()))
                .collect(),
            fingerprint: fingerprint.to_vec(),
        };
        if self.last.as_ref() == Some(&seen) {
            self.folded += 1;
            return false;
        }
        self.last = Some(seen);
        true
    }

    /// How many events were dropped as repeats.
    pub fn folded(&self) -> u64 {
        self.folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{exception_from, exceptions_from, EventLocation, Level, Linked, Mechanism, PageInfo, Thrown};

    fn error(name: &str, message: &str, stack: &str) -> Thrown {
        Thrown::Error { name: name.into(), message: message.into(), stack: Some(stack.into()) }
    }

    const STACK: &str = "TypeError: x\n    at f (https://a.test/app.js:10:5)\n    at g (https://a.test/app.js:20:7)";

    fn exception_event(thrown: &Thrown, mechanism: Mechanism) -> Event {
        Event {
            exceptions: vec![exception_from(thrown, mechanism, None)],
            ..message_event("")
        }
    }

    fn message_event(text: &str) -> Event {
        Event {
            event_id: "0123456789abcdef0123456789abcdef".into(),
            timestamp_ms: 0,
            level: Level::Info,
            exceptions: vec![],
            message: (!text.is_empty()).then(|| text.into()),
            release: None,
            environment: None,
            dist: None,
            page: PageInfo::default(),
        }
    }

    #[test]
    fn the_same_error_twice_in_a_row_is_folded() {
        let mut d = Dedupe::new();
        let e = exception_event(&error("TypeError", "x", STACK), Mechanism::Generic);
        assert!(d.check(&e, &[]));
        assert!(!d.check(&e, &[]));
        assert!(!d.check(&e, &[]), "a third copy too");
        assert_eq!(d.folded(), 2);
    }

    #[test]
    fn caught_then_rethrown_is_one_event() {
        // captureException in a catch block, then the rethrow reaches window.onerror: the
        // mechanism and event id differ, the error does not.
        let mut d = Dedupe::new();
        let thrown = error("TypeError", "x", STACK);
        assert!(d.check(&exception_event(&thrown, Mechanism::Generic), &[]));
        let mut again = exception_event(&thrown, Mechanism::OnError);
        again.event_id = "fedcba9876543210fedcba9876543210".into();
        again.timestamp_ms = 5;
        assert!(!d.check(&again, &[]));
    }

    #[test]
    fn anything_different_is_sent() {
        let base = error("TypeError", "x", STACK);
        let variants = [
            error("RangeError", "x", STACK),
            error("TypeError", "y", STACK),
            error("TypeError", "x", "TypeError: x\n    at f (https://a.test/app.js:10:6)\n    at g (https://a.test/app.js:20:7)"),
            error("TypeError", "x", "TypeError: x\n    at h (https://a.test/app.js:10:5)\n    at g (https://a.test/app.js:20:7)"),
            error("TypeError", "x", "TypeError: x\n    at f (https://a.test/app.js:11:5)\n    at g (https://a.test/app.js:20:7)"),
            error("TypeError", "x", "TypeError: x\n    at f (https://a.test/lib.js:10:5)\n    at g (https://a.test/app.js:20:7)"),
            error("TypeError", "x", "TypeError: x\n    at f (https://a.test/app.js:10:5)"),
            Thrown::Error { name: "TypeError".into(), message: "x".into(), stack: None },
        ];
        for v in &variants {
            let mut d = Dedupe::new();
            assert!(d.check(&exception_event(&base, Mechanism::OnError), &[]));
            assert!(d.check(&exception_event(v, Mechanism::OnError), &[]), "{v:?}");
            assert_eq!(d.folded(), 0);
        }
    }

    #[test]
    fn only_the_previous_event_counts() {
        let mut d = Dedupe::new();
        let a = exception_event(&error("Error", "a", STACK), Mechanism::OnError);
        let b = message_event("b");
        assert!(d.check(&a, &[]));
        assert!(d.check(&b, &[]));
        assert!(d.check(&a, &[]), "a, b, a: not in a row");
    }

    #[test]
    fn messages_fold_on_text_and_fingerprint() {
        let mut d = Dedupe::new();
        assert!(d.check(&message_event("hello"), &[]));
        assert!(!d.check(&message_event("hello"), &[]));
        assert!(d.check(&message_event("hello!"), &[]));
        assert!(d.check(&message_event("hello!"), &["checkout".into()]), "another fingerprint");
        assert!(!d.check(&message_event("hello!"), &["checkout".into()]));
        // A message and an exception with the same words are different events.
        let exc = exception_event(&Thrown::Primitive { type_of: "string", repr: "hello!".into() }, Mechanism::Generic);
        assert!(d.check(&exc, &["checkout".into()]));
        assert_eq!(d.folded(), 2);
    }

    #[test]
    fn events_with_neither_are_never_folded() {
        let mut d = Dedupe::new();
        let empty = message_event("");
        assert!(d.check(&empty, &[]));
        assert!(d.check(&empty, &[]));
        assert_eq!(d.folded(), 0);
    }

    #[test]
    fn whole_chains_are_compared() {
        let cause = error("Error", "db down", "Error: db down\n    at q (https://a.test/db.js:1:1)");
        let chain = |top: &str| {
            let links = Linked::causes(vec![error("Error", top, STACK), cause.clone()]);
            Event { exceptions: exceptions_from(&links, Mechanism::OnError, None::<&EventLocation>), ..message_event("") }
        };
        let mut d = Dedupe::new();
        assert!(d.check(&chain("load failed"), &[]));
        assert!(d.check(&chain("save failed"), &[]), "same cause, another error: Sentry would fold it");
        assert!(!d.check(&chain("save failed"), &[]));
    }
}
