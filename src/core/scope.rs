//! The scope: context the page sets once (`setUser`, `setTag`) that every later event carries.
//!
//! Follows Sentry's unified API ("Scopes and Hubs", develop.sentry.dev, read 2026-11) for the
//! parts faultline 0.1 has: the user and tags. Strings are bounded as Relay bounds them (tag keys
//! and values at 200 bytes), and the number of tags is capped so a loop cannot grow events
//! without end.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::JsonWriter;
use crate::core::text::bounded;

pub const MAX_TAG_BYTES: usize = 200;
pub const MAX_TAGS: usize = 100;
pub const MAX_USER_FIELD_BYTES: usize = 512;

/// `setUser({ id, email, username, ip_address })`; other keys are ignored in 0.1.
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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    user: Option<User>,
    /// In insertion order; setting an existing key replaces its value.
    tags: Vec<(String, String)>,
}

impl Scope {
    pub const fn new() -> Self {
        Scope { user: None, tags: Vec::new() }
    }

    /// `None` (or a user with no known field) clears the user.
    pub fn set_user(&mut self, user: Option<User>) {
        self.user = user
            .map(|u| User {
                id: u.id.map(|s| bounded(&s, MAX_USER_FIELD_BYTES)),
                email: u.email.map(|s| bounded(&s, MAX_USER_FIELD_BYTES)),
                username: u.username.map(|s| bounded(&s, MAX_USER_FIELD_BYTES)),
                ip_address: u.ip_address.map(|s| bounded(&s, MAX_USER_FIELD_BYTES)),
            })
            .filter(|u| !u.is_empty());
    }

    /// Sets a tag; returns false when the key is empty or the tag limit is reached.
    pub fn set_tag(&mut self, key: &str, value: &str) -> bool {
        let key = bounded(key, MAX_TAG_BYTES);
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

    /// Writes `"user":{…}` and `"tags":{…}` fields into an event object, when set.
    pub fn write_fields(&self, w: &mut JsonWriter) {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(scope: &Scope) -> String {
        let mut w = JsonWriter::new();
        w.begin_object();
        scope.write_fields(&mut w);
        w.end_object();
        w.finish()
    }

    #[test]
    fn an_empty_scope_writes_nothing() {
        assert_eq!(json(&Scope::default()), "{}");
    }

    #[test]
    fn writes_user_and_tags_in_order_with_replacement() {
        let mut s = Scope::default();
        s.set_user(Some(User { id: Some("42".into()), email: Some("a@b.c".into()), ..User::default() }));
        assert!(s.set_tag("plan", "free"));
        assert!(s.set_tag("locale", "de"));
        assert!(s.set_tag("plan", "pro"));
        assert!(!s.set_tag("", "x"));
        assert_eq!(json(&s), r#"{"user":{"id":"42","email":"a@b.c"},"tags":{"plan":"pro","locale":"de"}}"#);
        s.set_user(None);
        assert_eq!(json(&s), r#"{"tags":{"plan":"pro","locale":"de"}}"#);
        s.set_user(Some(User::default()));
        assert!(!json(&s).contains("user"));
    }

    #[test]
    fn tags_are_bounded_in_size_and_number() {
        let mut s = Scope::default();
        let long = "k".repeat(1000);
        assert!(s.set_tag(&long, &long));
        assert!(s.tags[0].0.len() <= MAX_TAG_BYTES && s.tags[0].1.len() <= MAX_TAG_BYTES);
        for i in 1..MAX_TAGS {
            assert!(s.set_tag(&i.to_string(), "v"));
        }
        assert!(!s.set_tag("one-too-many", "v"));
        assert!(s.set_tag("1", "replacing still works"));
    }
}
