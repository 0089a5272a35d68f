//! Reading a collector's rate-limit answers.
//!
//! Protocol: develop.sentry.dev "Rate Limiting" (read 2026-11). The header grammar:
//!
//! ```text
//! X-Sentry-Rate-Limits: limit ("," limit)*
//! limit      = retry_after ":" categories ":" scope [":" reason [":" namespaces]]
//! categories = category (";" category)*      (empty means every category)
//! ```
//!
//! e.g. `60:error;default:key, 2700::organization`. Bad groups are skipped, unknown
//! categories ignored. Without that header, a 429's `Retry-After` (seconds) applies to all;
//! with neither, 60 seconds (Bugsink answers 429 with `60::key` and no `Retry-After`).
//! faultline sends `event` items (category `error`; `default` names it too) and
//! `client_report` items (category `internal`).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text;

/// How long everything is held after a 429 that says nothing.
pub const DEFAULT_RETRY_AFTER_MS: u64 = 60_000;
/// A limit longer than this is taken as this (a bad header must not mute a page forever).
pub const MAX_RETRY_AFTER_MS: u64 = 60 * 60 * 1000;

/// What an item's category is called in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Events (`error`; `default` is the category of message events).
    Error,
    /// Client reports.
    Internal,
}

impl Category {
    fn named(self, name: &str) -> bool {
        match self {
            Category::Error => matches!(name, "error" | "default"),
            Category::Internal => name == "internal",
        }
    }
}

/// Milliseconds the `error` category is limited for, per the response headers.
/// `None` when the response does not limit it.
pub fn error_limit_ms(status: u16, rate_limits: Option<&str>, retry_after: Option<&str>) -> Option<u64> {
    limit_ms(Category::Error, status, rate_limits, retry_after)
}

/// Milliseconds `category` is limited for, per the response headers; `None` when the
/// response does not limit it.
pub fn limit_ms(category: Category, status: u16, rate_limits: Option<&str>, retry_after: Option<&str>) -> Option<u64> {
    if let Some(header) = rate_limits.filter(|h| !text::trim(h).is_empty()) {
        let mut longest: Option<u64> = None;
        for group in text::split(header, b',') {
            let mut parts = text::split(text::trim(group), b':');
            let secs = parts.next().and_then(parse_seconds);
            let categories = parts.next();
            let (Some(secs), Some(categories)) = (secs, categories) else { continue };
            let applies = categories.is_empty()
                || text::split(categories, b';').any(|c| category.named(text::trim(c)));
            if applies {
                longest = Some(longest.map_or(secs, |l| l.max(secs)));
            }
        }
        return longest.map(|s| s.saturating_mul(1000).min(MAX_RETRY_AFTER_MS));
    }
    if status == 429 {
        let ms = retry_after.and_then(parse_seconds).map_or(DEFAULT_RETRY_AFTER_MS, |s| s.saturating_mul(1000));
        return Some(ms.min(MAX_RETRY_AFTER_MS));
    }
    None
}

/// Whole seconds; a fractional part ("1.5") rounds up. HTTP dates are not supported and
/// yield `None` (the caller then uses the default).
fn parse_seconds(s: &str) -> Option<u64> {
    let s = text::trim(s);
    let (whole, frac) = match text::split_once(s, ".") {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty() || whole.len() > 12 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = whole.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some(if frac.bytes().any(|b| b != b'0') { n + 1 } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bugsink_quota_answer_holds_for_sixty_seconds() {
        assert_eq!(error_limit_ms(429, Some("60::key"), None), Some(60_000));
    }

    #[test]
    fn only_groups_naming_our_category_apply() {
        assert_eq!(error_limit_ms(429, Some("30:transaction:key"), None), None);
        assert_eq!(error_limit_ms(200, Some("30:transaction:key, 10:error;default:project"), None), Some(10_000));
        assert_eq!(error_limit_ms(429, Some("5::org, 90:error:key:quota:ns"), None), Some(90_000));
    }

    #[test]
    fn client_reports_have_a_limit_of_their_own() {
        let header = Some("30:internal:key, 10:error:key");
        assert_eq!(limit_ms(Category::Internal, 429, header, None), Some(30_000));
        assert_eq!(limit_ms(Category::Error, 429, header, None), Some(10_000));
        assert_eq!(limit_ms(Category::Internal, 429, Some("10:error:key"), None), None);
        assert_eq!(limit_ms(Category::Internal, 429, Some("5::org"), None), Some(5_000), "empty: every category");
        assert_eq!(limit_ms(Category::Internal, 429, None, Some("3")), Some(3_000));
    }

    #[test]
    fn bad_groups_are_skipped() {
        assert_eq!(error_limit_ms(429, Some("abc::key, 7::key"), None), Some(7_000));
        assert_eq!(error_limit_ms(429, Some("1.5::key"), None), Some(2_000));
    }

    #[test]
    fn retry_after_applies_when_there_is_no_rate_limit_header() {
        assert_eq!(error_limit_ms(429, None, Some("12")), Some(12_000));
        assert_eq!(error_limit_ms(429, None, Some("Wed, 21 Oct 2015 07:28:00 GMT")), Some(DEFAULT_RETRY_AFTER_MS));
        assert_eq!(error_limit_ms(429, None, None), Some(DEFAULT_RETRY_AFTER_MS));
        assert_eq!(error_limit_ms(503, None, Some("12")), None);
        assert_eq!(error_limit_ms(429, None, Some("99999999")), Some(MAX_RETRY_AFTER_MS));
    }
}
