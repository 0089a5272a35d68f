//! The scope: context the page sets (`setUser`, `setTag`, `setExtra`, `setContext`,
//! `setLevel`, `setFingerprint`, `addBreadcrumb`) that every later event carries.
//!
//! Follows Sentry's unified API ("Scopes and Hubs", "Breadcrumbs", develop.sentry.dev, read
//! 2026-11) and the event fields it feeds ("Event Payloads": `user`, `tags`, `extra`,
//! `contexts`, `level`, `fingerprint`, `breadcrumbs.values[]`):
//!
//! - `extra` values, context objects and breadcrumb `data` arrive already serialized by the JS
//!   side (`JSON.stringify` after normalizing depth and breadth); they pass once through
//!   [`json::fragment`](crate::core::json::fragment) (shape, lone surrogates) and are
//!   written as they are.
//! - Breadcrumbs are a ring of at most [`Scope::set_max_breadcrumbs`] entries (default and
//!   ceiling 100, as `maxBreadcrumbs`; 0 turns them off), sent oldest first.
//! - A scope's `level` overrides the event's, and its `fingerprint` replaces the default
//!   grouping, as `Scope.applyToEvent` does.
//! - `Scope: Clone`, so the glue runs `withScope` as push/pop of a clone; [`Scope::merged`]
//!   overlays a `captureContext` (tags, extra, contexts, user, level, fingerprint).
//!
//! Everything is bounded, in count and bytes: tags and extra keys at 200 bytes (Relay's tag
//! limit), each raw JSON value below a byte limit and all of them below a total. Too large a
//! raw value is refused (it cannot be cut and stay JSON); strings are cut with `…`. Together
//! with the shrunk form ([`Size::Shrunk`]) this keeps the worst-case event under the
//! collector's 1 MiB (see `Event::to_json_with_scope`).
//!
//! Left out: `setContext` merging into an existing context (a new object replaces it), scope
//! listeners, attachments, propagation context, `transactionName`.
//!
//! ```
//! use faultline::core::scope::{Breadcrumb, Scope};
//! let mut scope = Scope::new();
//! scope.set_tag("plan", "pro");
//! assert!(scope.set_extra("cart", Some(r#"{"items":3}"#)));
//! assert!(!scope.set_context("list", Some("[1]")), "contexts are objects");
//! scope.add_breadcrumb(Breadcrumb { message: Some("clicked buy".into()), ..Breadcrumb::at(1_700_000_000_000) });
//! let request = scope.merged(&{ let mut c = Scope::new(); c.set_tag("plan", "trial"); c });
//! assert_ne!(request, scope);
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::event::{Level, Size};
use crate::core::json::{self, JsonWriter};
use crate::core::text::{bounded, bounded_owned};

pub const MAX_TAG_BYTES: usize = 200;
pub const MAX_TAGS: usize = 100;
pub const MAX_USER_FIELD_BYTES: usize = 512;
/// `extra`: keys as tags; each value at most 16 KiB of JSON, all of them at most 64 KiB.
pub const MAX_EXTRA: usize = 50;
pub const MAX_EXTRA_VALUE_BYTES: usize = 16 * 1024;
pub const MAX_EXTRA_TOTAL_BYTES: usize = 64 * 1024;
/// `contexts`: names up to 64 bytes, each object at most 8 KiB, all at most 32 KiB.
pub const MAX_CONTEXTS: usize = 20;
pub const MAX_CONTEXT_NAME_BYTES: usize = 64;
pub const MAX_CONTEXT_BYTES: usize = 8 * 1024;
pub const MAX_CONTEXTS_TOTAL_BYTES: usize = 32 * 1024;
pub const MAX_FINGERPRINT_PARTS: usize = 16;
pub const MAX_FINGERPRINT_PART_BYTES: usize = 200;
/// The default and the ceiling of `maxBreadcrumbs` (the reference SDK clamps to 100 too).
pub const MAX_BREADCRUMBS: usize = 100;
pub const MAX_BREADCRUMB_TYPE_BYTES: usize = 64;
pub const MAX_BREADCRUMB_CATEGORY_BYTES: usize = 128;
pub const MAX_BREADCRUMB_MESSAGE_BYTES: usize = 1024;
pub const MAX_BREADCRUMB_DATA_BYTES: usize = 2048;

/// `setUser({ id, email, username, ip_address })`; other keys are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct User {
    pub id: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub ip_address: Option<String>,
}

impl User {
    fn is_empty(&self) -> bool {
        self.id.is_none() && self.email.is_none() && self.username.is_none() && self.ip_address.is_none()
    }
}

/// One breadcrumb (Sentry's `Breadcrumb` interface). `data_json` is a JSON object as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breadcrumb {
    /// Milliseconds since the Unix epoch; sent as seconds (`1700000000.123`).
    pub timestamp_ms: u64,
    /// `type`: `default`, `http`, `navigation`, `ui`, … (Sentry renders by it).
    pub ty: Option<String>,
    pub category: Option<String>,
    pub message: Option<String>,
    pub level: Option<Level>,
    pub data_json: Option<String>,
}

impl Breadcrumb {
    /// An empty breadcrumb at `timestamp_ms`, for `Breadcrumb { message, ..Breadcrumb::at(t) }`.
    pub fn at(timestamp_ms: u64) -> Breadcrumb {
        Breadcrumb { timestamp_ms, ..Breadcrumb::default() }
    }

    /// In a shrunk event: messages cut to 256 bytes, `data` over 512 bytes left out.
    fn write(&self, w: &mut JsonWriter, size: Size) {
        let small = size == Size::Shrunk;
        w.begin_object();
        w.key("timestamp");
        w.timestamp_ms(self.timestamp_ms);
        w.field_opt_str("type", self.ty.as_deref());
        w.field_opt_str("category", self.category.as_deref());
        if let Some(m) = &self.message {
            w.field_str_max("message", m, if small { 256 } else { usize::MAX });
        }
        w.field_opt_str("level", self.level.map(Level::as_str));
        if let Some(data) = self.data_json.as_deref().filter(|d| !small || d.len() <= 512) {
            w.key("data");
            w.raw(data);
        }
        w.end_object();
    }
}

/// `s` cut to at most `max` bytes on a char boundary, unmarked.
fn clip(s: &str, max: usize) -> String {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("").to_string()
}

/// Keys in insertion order with their raw JSON values: `extra` and `contexts`.
type RawMap = Vec<(String, String)>;

/// Sets or (with `None`) removes `key` in a raw map, within its count and byte limits.
fn set_raw(map: &mut RawMap, key: String, value: Option<String>, max_count: usize, max_total: usize) -> bool {
    let slot = map.iter().position(|(k, _)| *k == key);
    let Some(value) = value else {
        if let Some(i) = slot {
            map.remove(i);
        }
        return true;
    };
    let others: usize = map.iter().enumerate().filter(|(i, _)| Some(*i) != slot).map(|(_, (_, v))| v.len()).sum();
    if others + value.len() > max_total {
        return false;
    }
    if let Some(entry) = slot.and_then(|i| map.get_mut(i)) {
        entry.1 = value;
    } else if map.len() < max_count {
        map.push((key, value));
    } else {
        return false;
    }
    true
}


#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    user: Option<User>,
    /// In insertion order; setting an existing key replaces its value.
    tags: Vec<(String, String)>,
    extra: RawMap,
    contexts: RawMap,
    level: Option<Level>,
    fingerprint: Vec<String>,
    /// Oldest first; never longer than `max_breadcrumbs` (at most 100, so dropping the oldest
    /// by shifting costs less than a `VecDeque`'s code).
    breadcrumbs: Vec<Breadcrumb>,
    max_breadcrumbs: usize,
}

impl Default for Scope {
    fn default() -> Self {
        Scope::new()
    }
}

impl Scope {
    pub const fn new() -> Self {
        Scope {
            user: None,
            tags: Vec::new(),
            extra: Vec::new(),
            contexts: Vec::new(),
            level: None,
            fingerprint: Vec::new(),
            breadcrumbs: Vec::new(),
            max_breadcrumbs: MAX_BREADCRUMBS,
        }
    }

    /// `scope.clear()`: everything but the breadcrumb limit (a client option) goes.
    pub fn clear(&mut self) {
        *self = Scope { max_breadcrumbs: self.max_breadcrumbs, ..Scope::new() };
    }

    /// `None` (or a user with no known field) clears the user.
    pub fn set_user(&mut self, user: Option<User>) {
        self.user = user
            .map(|u| User {
                id: u.id.map(|s| bounded_owned(s, MAX_USER_FIELD_BYTES)),
                email: u.email.map(|s| bounded_owned(s, MAX_USER_FIELD_BYTES)),
                username: u.username.map(|s| bounded_owned(s, MAX_USER_FIELD_BYTES)),
                ip_address: u.ip_address.map(|s| bounded_owned(s, MAX_USER_FIELD_BYTES)),
            })
            .filter(|u| !u.is_empty());
    }

    /// `sendDefaultPii`: ask the collector to fill in the sender's IP (`{{auto}}`, Sentry's
    /// convention) unless the page set one. Without it no IP is ever asked for.
    pub fn infer_ip(&mut self) {
        let mut user = self.user.take().unwrap_or_default();
        if user.ip_address.is_none() {
            user.ip_address = Some(String::from("{{auto}}"));
        }
        self.user = Some(user);
    }

    /// Sets a tag; returns false when the key is empty or the tag limit is reached. A long
    /// key is cut without the `…` mark: Relay allows only ASCII letters, digits and `_.:-` in
    /// keys and would drop a marked one (it trims long keys the same way itself).
    pub fn set_tag(&mut self, key: &str, value: &str) -> bool {
        let key = clip(key, MAX_TAG_BYTES);
        if key.is_empty() {
            return false;
        }
        let value = bounded(value, MAX_TAG_BYTES);
        if let Some(slot) = self.tags.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
            return true;
        }
        if self.tags.len() >= MAX_TAGS {
            return false;
        }
        self.tags.push((key, value));
        true
    }

    /// `setTag(key, undefined)`: the tag is gone, as `JSON.stringify` makes it in Sentry.
    pub fn remove_tag(&mut self, key: &str) {
        let key = clip(key, MAX_TAG_BYTES);
        self.tags.retain(|(k, _)| *k != key);
    }

    /// `setExtra(key, value)` with the value as `JSON.stringify` text; `None` removes the key.
    /// Returns false (and changes nothing) for an empty key or text, a value over
    /// [`MAX_EXTRA_VALUE_BYTES`], or when the count or total limit would be passed.
    pub fn set_extra(&mut self, key: &str, value_json: Option<&str>) -> bool {
        let key = bounded(key, MAX_TAG_BYTES);
        let value = match value_json {
            Some(v) if v.len() > MAX_EXTRA_VALUE_BYTES => return false,
            Some(v) => match json::fragment(v, false) {
                Some(f) => Some(f),
                None => return false,
            },
            None => None,
        };
        !key.is_empty() && set_raw(&mut self.extra, key, value, MAX_EXTRA, MAX_EXTRA_TOTAL_BYTES)
    }

    /// `setContext(name, object)` with the object as `JSON.stringify` text; `None` removes it.
    /// Returns false as [`Scope::set_extra`] does, and for text that is not `{…}` (Relay
    /// accepts only objects under `contexts`).
    pub fn set_context(&mut self, name: &str, object_json: Option<&str>) -> bool {
        let name = bounded(name, MAX_CONTEXT_NAME_BYTES);
        let value = match object_json {
            Some(v) if v.len() > MAX_CONTEXT_BYTES => return false,
            Some(v) => match json::fragment(v, true) {
                Some(f) => Some(f),
                None => return false,
            },
            None => None,
        };
        !name.is_empty() && set_raw(&mut self.contexts, name, value, MAX_CONTEXTS, MAX_CONTEXTS_TOTAL_BYTES)
    }

    /// `setLevel(level)`: overrides every event's level while set.
    pub fn set_level(&mut self, level: Option<Level>) {
        self.level = level;
    }

    pub fn level(&self) -> Option<Level> {
        self.level
    }

    /// `setFingerprint([...])`: the first [`MAX_FINGERPRINT_PARTS`] parts, each bounded. An
    /// empty list restores default grouping.
    pub fn set_fingerprint(&mut self, parts: &[String]) {
        self.fingerprint = parts.iter().take(MAX_FINGERPRINT_PARTS).map(|p| bounded(p, MAX_FINGERPRINT_PART_BYTES)).collect();
    }

    /// What tells events of the same error apart for folding: fingerprint, level, tags and
    /// who the user is (not extras or contexts: they may be large, and change per call).
    pub fn for_each_identity(&self, f: &mut dyn FnMut(&str)) {
        for part in &self.fingerprint {
            f(part);
        }
        f(self.level.map_or("", Level::as_str));
        for (k, v) in &self.tags {
            f(k);
            f(v);
        }
        if let Some(u) = &self.user {
            for part in [&u.id, &u.email, &u.username] {
                f(part.as_deref().unwrap_or(""));
            }
        }
    }

    pub fn fingerprint(&self) -> &[String] {
        &self.fingerprint
    }

    /// `maxBreadcrumbs`: clamped to [`MAX_BREADCRUMBS`]; the oldest beyond it are dropped.
    pub fn set_max_breadcrumbs(&mut self, max: usize) {
        self.max_breadcrumbs = max.min(MAX_BREADCRUMBS);
        let excess = self.breadcrumbs.len().saturating_sub(self.max_breadcrumbs);
        // The oldest go (`retain` by position: `drain(..excess)`'s range check links panic
        // formatting into the wasm).
        let mut i = 0;
        self.breadcrumbs.retain(|_| {
            i += 1;
            i > excess
        });
    }

    /// Records a breadcrumb, dropping the oldest when full. Returns false when breadcrumbs
    /// are off (`maxBreadcrumbs: 0`). Strings are cut to their limits; `data` that is not a
    /// JSON object within [`MAX_BREADCRUMB_DATA_BYTES`] is dropped, the breadcrumb kept.
    pub fn add_breadcrumb(&mut self, crumb: Breadcrumb) -> bool {
        if self.max_breadcrumbs == 0 {
            return false;
        }
        if self.breadcrumbs.len() >= self.max_breadcrumbs {
            self.breadcrumbs.remove(0);
        }
        self.breadcrumbs.push(Breadcrumb {
            timestamp_ms: crumb.timestamp_ms,
            ty: crumb.ty.map(|s| bounded_owned(s, MAX_BREADCRUMB_TYPE_BYTES)),
            category: crumb.category.map(|s| bounded_owned(s, MAX_BREADCRUMB_CATEGORY_BYTES)),
            message: crumb.message.map(|s| bounded_owned(s, MAX_BREADCRUMB_MESSAGE_BYTES)),
            level: crumb.level,
            data_json: crumb.data_json.filter(|d| d.len() <= MAX_BREADCRUMB_DATA_BYTES).and_then(|d| json::fragment(&d, true)),
        });
        true
    }

    pub fn clear_breadcrumbs(&mut self) {
        self.breadcrumbs.clear();
    }

    /// Oldest first.
    pub fn breadcrumbs(&self) -> impl Iterator<Item = &Breadcrumb> {
        self.breadcrumbs.iter()
    }

    pub fn has_context(&self, name: &str) -> bool {
        self.contexts.iter().any(|(k, _)| k == name)
    }

    pub fn contexts_empty(&self) -> bool {
        self.contexts.is_empty()
    }

    /// This scope with a `captureContext` laid over it, as `Scope.update(object)` does: tags,
    /// extra and contexts are merged key by key; user, level and fingerprint replace this
    /// scope's when the overlay has them. Breadcrumbs and the limit are this scope's.
    pub fn merged(&self, overlay: &Scope) -> Scope {
        let mut out = self.clone();
        for (k, v) in &overlay.tags {
            out.set_tag(k, v);
        }
        for (k, v) in &overlay.extra {
            set_raw(&mut out.extra, k.clone(), Some(v.clone()), MAX_EXTRA, MAX_EXTRA_TOTAL_BYTES);
        }
        for (k, v) in &overlay.contexts {
            set_raw(&mut out.contexts, k.clone(), Some(v.clone()), MAX_CONTEXTS, MAX_CONTEXTS_TOTAL_BYTES);
        }
        if overlay.user.is_some() {
            out.user = overlay.user.clone();
        }
        if overlay.level.is_some() {
            out.level = overlay.level;
        }
        if !overlay.fingerprint.is_empty() {
            out.fingerprint = overlay.fingerprint.clone();
        }
        out
    }

    /// Writes `user`, `tags`, `extra`, `fingerprint` and `breadcrumbs` into an event object,
    /// each when set. `level` and `contexts` are the event's to write (see [`Scope::level`],
    /// [`Scope::write_contexts`]): it merges them with its own.
    ///
    /// In a shrunk event ([`Size::Shrunk`]) only the 30 newest breadcrumbs go, with short
    /// messages and small `data`, and the first `extra` entries that fit in 32 KiB (keys
    /// counted at six bytes each, as if every byte were escaped). Tags, user and fingerprint
    /// are small already.
    pub fn write_fields(&self, w: &mut JsonWriter, size: Size) {
        if let Some(u) = &self.user {
            w.key("user");
            w.begin_object();
            w.field_opt_str("id", u.id.as_deref());
            w.field_opt_str("email", u.email.as_deref());
            w.field_opt_str("username", u.username.as_deref());
            w.field_opt_str("ip_address", u.ip_address.as_deref());
            w.end_object();
        }
        if !self.tags.is_empty() {
            w.key("tags");
            w.begin_object();
            for (k, v) in &self.tags {
                w.field_str(k, v);
            }
            w.end_object();
        }
        if !self.extra.is_empty() {
            w.key("extra");
            w.begin_object();
            write_raw_entries(w, &self.extra, size, 32 * 1024);
            w.end_object();
        }
        if !self.fingerprint.is_empty() {
            w.key("fingerprint");
            w.begin_array();
            for part in &self.fingerprint {
                w.string(part);
            }
            w.end_array();
        }
        if !self.breadcrumbs.is_empty() {
            const SHRUNK_BREADCRUMBS: usize = 30;
            let skip = if size == Size::Shrunk { self.breadcrumbs.len().saturating_sub(SHRUNK_BREADCRUMBS) } else { 0 };
            w.key("breadcrumbs");
            w.begin_object();
            w.key("values");
            w.begin_array();
            for b in self.breadcrumbs.iter().skip(skip) {
                b.write(w, size);
            }
            w.end_array();
            w.end_object();
        }
    }

    /// Writes this scope's contexts as `"name":{…}` members of an open `contexts` object; in
    /// a shrunk event, the first that fit in 16 KiB.
    pub fn write_contexts(&self, w: &mut JsonWriter, size: Size) {
        write_raw_entries(w, &self.contexts, size, 16 * 1024);
    }
}

/// Writes `"key":value` members; in a shrunk event, only the first whose keys (counted at
/// ×6, escaped) and values fit `budget` bytes.
fn write_raw_entries(w: &mut JsonWriter, map: &RawMap, size: Size, budget: usize) {
    let mut used = 0;
    for (k, v) in map {
        used += k.len() * 6 + v.len() + 4;
        if size == Size::Shrunk && used > budget {
            break;
        }
        w.key(k);
        w.raw(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_sized(scope: &Scope, size: Size) -> String {
        let mut w = JsonWriter::new();
        w.begin_object();
        scope.write_fields(&mut w, size);
        w.key("contexts");
        w.begin_object();
        scope.write_contexts(&mut w, size);
        w.end_object();
        w.end_object();
        w.finish()
    }

    fn json(scope: &Scope) -> String {
        json_sized(scope, Size::Full)
    }

    fn crumb(t: u64, message: &str) -> Breadcrumb {
        Breadcrumb { message: Some(message.into()), ..Breadcrumb::at(t) }
    }

    #[test]
    fn infer_ip_asks_for_the_senders_ip_unless_one_is_set() {
        let mut s = Scope::new();
        s.infer_ip();
        assert!(json(&s).contains(r#""ip_address":"{{auto}}""#));
        let mut s = Scope::new();
        s.set_user(Some(User { id: Some("1".into()), ip_address: Some("10.0.0.1".into()), ..User::default() }));
        s.infer_ip();
        assert!(json(&s).contains(r#""ip_address":"10.0.0.1""#));
    }

    #[test]
    fn an_empty_scope_writes_nothing() {
        assert_eq!(json(&Scope::default()), r#"{"contexts":{}}"#);
        assert_eq!(Scope::default(), Scope::new());
    }

    #[test]
    fn writes_user_and_tags_in_order_with_replacement() {
        let mut s = Scope::default();
        s.set_user(Some(User { id: Some("42".into()), email: Some("a@b.c".into()), ..User::default() }));
        assert!(s.set_tag("plan", "free"));
        assert!(s.set_tag("locale", "de"));
        assert!(s.set_tag("plan", "pro"));
        assert!(!s.set_tag("", "x"));
        assert_eq!(json(&s), r#"{"user":{"id":"42","email":"a@b.c"},"tags":{"plan":"pro","locale":"de"},"contexts":{}}"#);
        s.set_user(None);
        assert_eq!(json(&s), r#"{"tags":{"plan":"pro","locale":"de"},"contexts":{}}"#);
        s.set_user(Some(User::default()));
        assert!(!json(&s).contains("user"));
    }

    #[test]
    fn tags_are_bounded_in_size_and_number() {
        let mut s = Scope::default();
        let long = "k".repeat(1000);
        assert!(s.set_tag(&long, &long));
        assert!(s.tags[0].0.len() <= MAX_TAG_BYTES && s.tags[0].1.len() <= MAX_TAG_BYTES);
        assert_eq!(s.tags[0].0, "k".repeat(MAX_TAG_BYTES), "keys are cut unmarked");
        assert_eq!(clip("ééé", 5), "éé");
        for i in 1..MAX_TAGS {
            assert!(s.set_tag(&i.to_string(), "v"));
        }
        assert!(!s.set_tag("one-too-many", "v"));
        assert!(s.set_tag("1", "replacing still works"));
        s.remove_tag("1");
        assert!(s.set_tag("one-too-many", "v"), "removing makes room");
        assert!(!s.tags.iter().any(|(k, _)| k == "1"));
    }

    #[test]
    fn extra_and_contexts_are_written_raw_and_replaced_by_key() {
        let mut s = Scope::new();
        assert!(s.set_extra("cart", Some(r#"{"items":[1,2]}"#)));
        assert!(s.set_extra("n", Some("42")));
        assert!(s.set_extra("cart", Some(r#""emptied""#)));
        assert!(s.set_context("app", Some(r#"{"build":"7"}"#)));
        assert!(s.set_context("app", Some(r#"{"build":"8"}"#)));
        assert!(s.has_context("app") && !s.has_context("os"));
        assert_eq!(json(&s), r#"{"extra":{"cart":"emptied","n":42},"contexts":{"app":{"build":"8"}}}"#);
        assert!(s.set_extra("n", None));
        assert!(s.set_context("app", None));
        assert!(s.set_extra("absent", None));
        assert_eq!(json(&s), r#"{"extra":{"cart":"emptied"},"contexts":{}}"#);
    }

    #[test]
    fn bad_raw_values_are_refused_or_mended() {
        let mut s = Scope::new();
        assert!(!s.set_extra("", Some("1")));
        assert!(!s.set_extra("k", Some("")));
        assert!(!s.set_extra("k", Some("  ")));
        assert!(!s.set_context("c", Some("[1]")), "contexts must be objects");
        assert!(!s.set_context("c", Some("\"s\"")));
        assert!(!s.set_context("c", Some("{")));
        assert!(!s.set_context("", Some("{}")));
        assert_eq!(s, Scope::new());
        // A string cut inside an emoji: JSON.stringify writes the lone half as an escape.
        assert!(s.set_extra("cut", Some(r#""ab\ud83d""#)));
        assert!(s.set_context("c", Some(r#"{"t":"\ude00"}"#)));
        s.add_breadcrumb(Breadcrumb { data_json: Some(r#"{"x":"\ud83d"}"#.into()), ..Breadcrumb::at(0) });
        let out = json(&s);
        assert!(!out.contains("\\ud83d") && !out.contains("\\ude00"), "{out}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap();
    }

    #[test]
    fn extra_and_contexts_are_bounded_in_size_and_number() {
        let mut s = Scope::new();
        let big = |n: usize| {
            let mut v = String::from("\"");
            v.push_str(&"x".repeat(n - 2));
            v.push('"');
            v
        };
        assert!(!s.set_extra("k", Some(&big(MAX_EXTRA_VALUE_BYTES + 1))));
        for i in 0..MAX_EXTRA_TOTAL_BYTES / MAX_EXTRA_VALUE_BYTES {
            assert!(s.set_extra(&i.to_string(), Some(&big(MAX_EXTRA_VALUE_BYTES))));
        }
        assert!(!s.set_extra("over-total", Some("1")));
        assert!(s.set_extra("0", Some("1")), "replacing frees the old value's bytes");
        assert!(s.set_extra("fits-now", Some("2")));

        let mut s = Scope::new();
        for i in 0..MAX_EXTRA {
            assert!(s.set_extra(&i.to_string(), Some("0")));
        }
        assert!(!s.set_extra("one-too-many", Some("0")));
        assert!(s.set_extra(&"k".repeat(1000), None));

        let mut s = Scope::new();
        let obj = |n: usize| {
            let mut v = String::from("{\"a\":\"");
            v.push_str(&"x".repeat(n - 8));
            v.push_str("\"}");
            v
        };
        assert!(!s.set_context("big", Some(&obj(MAX_CONTEXT_BYTES + 1))));
        for i in 0..MAX_CONTEXTS_TOTAL_BYTES / MAX_CONTEXT_BYTES {
            assert!(s.set_context(&i.to_string(), Some(&obj(MAX_CONTEXT_BYTES))));
        }
        assert!(!s.set_context("over-total", Some("{}")));
        let mut s = Scope::new();
        for i in 0..MAX_CONTEXTS {
            assert!(s.set_context(&i.to_string(), Some("{}")));
        }
        assert!(!s.set_context("one-too-many", Some("{}")));
        let mut s = Scope::new();
        assert!(s.set_context(&"n".repeat(1000), Some("{}")));
        assert!(s.contexts.iter().all(|(k, _)| k.len() <= MAX_CONTEXT_NAME_BYTES));
    }

    #[test]
    fn level_and_fingerprint_are_written_bounded() {
        let mut s = Scope::new();
        s.set_level(Some(Level::Warning));
        assert_eq!(s.level(), Some(Level::Warning));
        let parts: Vec<String> = (0..40).map(|i| "p".repeat(300) + &i.to_string()).collect();
        s.set_fingerprint(&parts);
        assert_eq!(s.fingerprint().len(), MAX_FINGERPRINT_PARTS);
        assert!(s.fingerprint().iter().all(|p| p.len() <= MAX_FINGERPRINT_PART_BYTES));
        s.set_fingerprint(&["{{ default }}".into(), "checkout".into()]);
        assert_eq!(json(&s), r#"{"fingerprint":["{{ default }}","checkout"],"contexts":{}}"#);
        s.set_fingerprint(&[]);
        assert!(!json(&s).contains("fingerprint"));
    }

    #[test]
    fn breadcrumbs_are_a_ring_sent_oldest_first() {
        let mut s = Scope::new();
        for t in 0..150u64 {
            assert!(s.add_breadcrumb(crumb(1_700_000_000_000 + t, &t.to_string())));
        }
        let kept: Vec<&str> = s.breadcrumbs().filter_map(|b| b.message.as_deref()).collect();
        assert_eq!(kept.len(), MAX_BREADCRUMBS);
        assert_eq!(kept.first(), Some(&"50"));
        assert_eq!(kept.last(), Some(&"149"));

        s.set_max_breadcrumbs(3);
        let kept: Vec<&str> = s.breadcrumbs().filter_map(|b| b.message.as_deref()).collect();
        assert_eq!(kept, ["147", "148", "149"]);
        s.add_breadcrumb(crumb(1_700_000_001_000, "new"));
        let kept: Vec<&str> = s.breadcrumbs().filter_map(|b| b.message.as_deref()).collect();
        assert_eq!(kept, ["148", "149", "new"]);

        s.set_max_breadcrumbs(1000);
        assert_eq!(s.max_breadcrumbs, MAX_BREADCRUMBS);
        s.clear_breadcrumbs();
        assert_eq!(s.breadcrumbs().count(), 0);
        s.set_max_breadcrumbs(0);
        assert!(!s.add_breadcrumb(crumb(0, "off")));
        assert_eq!(s.breadcrumbs().count(), 0);
    }

    #[test]
    fn breadcrumbs_serialize_as_sentry_values() {
        let mut s = Scope::new();
        s.add_breadcrumb(Breadcrumb {
            timestamp_ms: 1_700_000_000_250,
            ty: Some("http".into()),
            category: Some("fetch".into()),
            message: None,
            level: Some(Level::Warning),
            data_json: Some(r#"{"url":"/api","status_code":500}"#.into()),
        });
        s.add_breadcrumb(Breadcrumb { data_json: Some("[1]".into()), ..crumb(1_700_000_000_999, "clicked") });
        assert_eq!(
            json(&s),
            concat!(
                r#"{"breadcrumbs":{"values":[{"timestamp":1700000000.250,"type":"http","category":"fetch","level":"warning","#,
                r#""data":{"url":"/api","status_code":500}},{"timestamp":1700000000.999,"message":"clicked"}]},"contexts":{}}"#
            )
        );
    }

    #[test]
    fn breadcrumb_strings_and_data_are_bounded() {
        let mut s = Scope::new();
        let mut data = String::from("{\"a\":\"");
        data.push_str(&"x".repeat(MAX_BREADCRUMB_DATA_BYTES));
        data.push_str("\"}");
        s.add_breadcrumb(Breadcrumb {
            timestamp_ms: 0,
            ty: Some("t".repeat(1000)),
            category: Some("c".repeat(1000)),
            message: Some("m".repeat(100_000)),
            level: None,
            data_json: Some(data),
        });
        s.add_breadcrumb(Breadcrumb { data_json: Some("[1]".into()), ..Breadcrumb::at(1) });
        let b: Vec<&Breadcrumb> = s.breadcrumbs().collect();
        assert!(b[0].ty.as_ref().unwrap().len() <= MAX_BREADCRUMB_TYPE_BYTES);
        assert!(b[0].category.as_ref().unwrap().len() <= MAX_BREADCRUMB_CATEGORY_BYTES);
        assert!(b[0].message.as_ref().unwrap().len() <= MAX_BREADCRUMB_MESSAGE_BYTES);
        assert_eq!(b[0].data_json, None, "too large");
        assert_eq!(b[1].data_json, None, "not an object");
    }

    #[test]
    fn clones_make_with_scope_a_push_and_pop() {
        let mut s = Scope::new();
        s.set_tag("a", "1");
        let saved = s.clone();
        s.set_tag("b", "2");
        s.add_breadcrumb(crumb(0, "inside"));
        s = saved;
        assert_eq!(json(&s), r#"{"tags":{"a":"1"},"contexts":{}}"#);
    }

    #[test]
    fn capture_context_overlays_a_clone() {
        let mut s = Scope::new();
        s.set_tag("plan", "free");
        s.set_tag("locale", "de");
        s.set_extra("a", Some("1"));
        s.set_user(Some(User { id: Some("1".into()), ..User::default() }));
        s.set_fingerprint(&["base".into()]);
        s.add_breadcrumb(crumb(0, "kept"));

        let mut ctx = Scope::new();
        ctx.set_tag("plan", "pro");
        ctx.set_extra("b", Some("2"));
        ctx.set_context("app", Some("{}"));
        ctx.set_level(Some(Level::Fatal));
        let m = s.merged(&ctx);
        assert_eq!(
            json(&m),
            concat!(
                r#"{"user":{"id":"1"},"tags":{"plan":"pro","locale":"de"},"extra":{"a":1,"b":2},"fingerprint":["base"],"#,
                r#""breadcrumbs":{"values":[{"timestamp":0.000,"message":"kept"}]},"contexts":{"app":{}}}"#
            )
        );
        assert_eq!(m.level(), Some(Level::Fatal));
        assert_eq!(s.level(), None, "the scope itself is untouched");

        let mut ctx = Scope::new();
        ctx.set_user(Some(User { email: Some("e@x".into()), ..User::default() }));
        ctx.set_fingerprint(&["own".into()]);
        let m = s.merged(&ctx);
        assert_eq!(m.user, Some(User { email: Some("e@x".into()), ..User::default() }));
        assert_eq!(m.fingerprint(), ["own"]);
        assert_eq!(s.merged(&Scope::new()), s);
    }

    #[test]
    fn merging_keeps_the_limits() {
        let mut s = Scope::new();
        for i in 0..MAX_TAGS {
            s.set_tag(&i.to_string(), "v");
        }
        let mut ctx = Scope::new();
        ctx.set_tag("new", "v");
        assert_eq!(s.merged(&ctx).tags.len(), MAX_TAGS);
    }

    #[test]
    fn clear_keeps_only_the_breadcrumb_limit() {
        let mut s = Scope::new();
        s.set_max_breadcrumbs(5);
        s.set_tag("a", "b");
        s.set_level(Some(Level::Debug));
        s.add_breadcrumb(crumb(0, "x"));
        s.clear();
        assert_eq!(s.max_breadcrumbs, 5);
        s.set_max_breadcrumbs(MAX_BREADCRUMBS);
        assert_eq!(s, Scope::new());
    }

    #[test]
    fn shrunk_writes_the_newest_breadcrumbs_and_what_fits() {
        let mut s = Scope::new();
        for t in 0..100u64 {
            s.add_breadcrumb(Breadcrumb { data_json: Some("{\"k\":1}".into()), ..crumb(t, &"m".repeat(1000)) });
        }
        let big = |n: usize| String::from("\"") + &"x".repeat(n) + "\"";
        for i in 0..4 {
            s.set_extra(&i.to_string(), Some(&big(15_000)));
            s.set_context(&i.to_string(), Some(&(String::from("{\"a\":") + &big(7_000) + "}")));
        }
        let v: serde_json::Value = serde_json::from_str(&json_sized(&s, Size::Shrunk)).unwrap();
        let crumbs = v["breadcrumbs"]["values"].as_array().unwrap();
        assert_eq!(crumbs.len(), 30);
        assert_eq!(crumbs[0]["timestamp"], 0.07);
        assert!(crumbs.iter().all(|b| b["message"].as_str().unwrap().len() <= 256 && b["data"]["k"] == 1));
        assert_eq!(v["extra"].as_object().unwrap().len(), 2);
        assert_eq!(v["contexts"].as_object().unwrap().len(), 2);
        let full: serde_json::Value = serde_json::from_str(&json(&s)).unwrap();
        assert_eq!(full["breadcrumbs"]["values"].as_array().unwrap().len(), 100);
        assert_eq!(full["extra"].as_object().unwrap().len(), 4);
    }
}
