//! DSN parsing: where and how to send events.
//!
//! Follows Sentry's DSN format (develop.sentry.dev, "SDK Overview: Parsing the DSN", read
//! 2026-11): `{scheme}://{public_key}[:{secret}]@{host}[:{port}]/[{path}/]{project_id}`.
//! The secret is legacy and ignored. The envelope endpoint is
//! `{scheme}://{host}[:{port}]/[{path}/]api/{project_id}/envelope/`, authenticated in the
//! query string so the browser sends a "simple" CORS request (no preflight).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::push_u64;
use crate::core::text;

/// A parsed DSN. Fields are private: a `Dsn` is always valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dsn {
    scheme: Scheme,
    public_key: String,
    host: String,
    port: Option<u16>,
    path: String,
    project_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// Why a DSN was rejected. Each variant is one thing a user can fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseDsnError {
    /// Not `http://` or `https://`.
    BadScheme,
    /// No `public_key@` before the host.
    NoPublicKey,
    /// Empty host, or a malformed `[ipv6]`.
    NoHost,
    /// Port is not a number in 1..=65535.
    BadPort,
    /// Nothing after the last `/`, or the project id has characters other than digits.
    BadProjectId,
}

impl ParseDsnError {
    /// A sentence for the debug console.
    pub fn message(self) -> &'static str {
        match self {
            ParseDsnError::BadScheme => "invalid DSN: scheme must be http or https",
            ParseDsnError::NoPublicKey => "invalid DSN: missing public key (expected https://KEY@host/PROJECT_ID)",
            ParseDsnError::NoHost => "invalid DSN: missing or malformed host",
            ParseDsnError::BadPort => "invalid DSN: port must be a number between 1 and 65535",
            ParseDsnError::BadProjectId => "invalid DSN: the last path segment must be a numeric project id",
        }
    }
}

impl Dsn {
    pub fn parse(input: &str) -> Result<Dsn, ParseDsnError> {
        let input = text::trim(input);
        let (scheme, rest) = if let Some(r) = strip_prefix_ignore_case(input, "https://") {
            (Scheme::Https, r)
        } else if let Some(r) = strip_prefix_ignore_case(input, "http://") {
            (Scheme::Http, r)
        } else {
            return Err(ParseDsnError::BadScheme);
        };
        // Authority ends at the first '/'; a query or fragment is not part of a DSN.
        let end = rest.bytes().position(|b| b == b'?' || b == b'#').unwrap_or(rest.len());
        let rest = rest.get(..end).unwrap_or("");
        let (authority, path) = match text::find(rest, "/") {
            Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
            None => (rest, ""),
        };
        let (userinfo, hostport) = text::rsplit_once(authority, "@").ok_or(ParseDsnError::NoPublicKey)?;
        let public_key = text::split(userinfo, b':').next().unwrap_or("");
        if public_key.is_empty() {
            return Err(ParseDsnError::NoPublicKey);
        }
        let (host, port) = split_host_port(hostport)?;

        // path is "/a/b/42" or "/42" (maybe with a trailing slash).
        let path = path.get(..path.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1)).unwrap_or("");
        let (prefix, project_id) = match text::rfind(path, "/") {
            Some(i) => (path.get(..i).unwrap_or(""), path.get(i + 1..).unwrap_or("")),
            None => ("", path),
        };
        if project_id.is_empty() || !project_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseDsnError::BadProjectId);
        }
        Ok(Dsn {
            scheme,
            public_key: public_key.to_string(),
            host: host.to_string(),
            port,
            path: prefix.to_string(),
            project_id: project_id.to_string(),
        })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }
    pub fn public_key(&self) -> &str {
        &self.public_key
    }
    pub fn host(&self) -> &str {
        &self.host
    }
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// Path prefix before the project id, without a trailing slash ("" or "/sentry").
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// `scheme://host[:port]`
    fn origin(&self, out: &mut String) {
        out.push_str(match self.scheme {
            Scheme::Http => "http://",
            Scheme::Https => "https://",
        });
        out.push_str(&self.host);
        if let Some(port) = self.port {
            out.push(':');
            push_u64(out, u64::from(port));
        }
    }

    /// The envelope endpoint with its auth in the query string:
    /// `https://o1.ingest.example/api/42/envelope/?sentry_key=abc&sentry_version=7`.
    pub fn envelope_url(&self) -> String {
        let mut url = String::with_capacity(64 + self.host.len() + self.public_key.len());
        self.origin(&mut url);
        url.push_str(&self.path);
        url.push_str("/api/");
        url.push_str(&self.project_id);
        url.push_str("/envelope/?sentry_key=");
        url.push_str(&self.public_key);
        url.push_str("&sentry_version=7");
        url
    }

    /// The DSN written back in canonical form (no secret), for the envelope header.
    pub fn to_canonical(&self) -> String {
        let mut out = String::new();
        out.push_str(match self.scheme {
            Scheme::Http => "http://",
            Scheme::Https => "https://",
        });
        out.push_str(&self.public_key);
        out.push('@');
        out.push_str(&self.host);
        if let Some(port) = self.port {
            out.push(':');
            push_u64(&mut out, u64::from(port));
        }
        out.push_str(&self.path);
        out.push('/');
        out.push_str(&self.project_id);
        out
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn split_host_port(hostport: &str) -> Result<(&str, Option<u16>), ParseDsnError> {
    let (host, port) = if let Some(rest) = hostport.strip_prefix('[') {
        // IPv6 literal: keep the brackets, they are part of the URL host.
        let (inner, after) = text::split_once(rest, "]").ok_or(ParseDsnError::NoHost)?;
        let host = hostport.get(..inner.len() + 2).unwrap_or("");
        match after.strip_prefix(':') {
            Some(p) => (host, Some(p)),
            None if after.is_empty() => (host, None),
            None => return Err(ParseDsnError::NoHost),
        }
    } else {
        match text::rsplit_once(hostport, ":") {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() || host == "[]" || host.bytes().any(|b| b == b' ' || b == b'@' || b == b'\\') {
        return Err(ParseDsnError::NoHost);
    }
    let port = match port {
        None => None,
        Some(p) => Some(parse_port(p).ok_or(ParseDsnError::BadPort)?),
    };
    Ok((host, port))
}

fn parse_port(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 5 {
        return None;
    }
    let mut n: u32 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(b - b'0');
    }
    u16::try_from(n).ok().filter(|&p| p != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_common_shapes() {
        let d = Dsn::parse("https://abc123@o1.ingest.example.com/42").unwrap();
        assert_eq!(d.scheme(), Scheme::Https);
        assert_eq!(d.public_key(), "abc123");
        assert_eq!(d.host(), "o1.ingest.example.com");
        assert_eq!(d.port(), None);
        assert_eq!(d.path(), "");
        assert_eq!(d.project_id(), "42");
        assert_eq!(d.envelope_url(), "https://o1.ingest.example.com/api/42/envelope/?sentry_key=abc123&sentry_version=7");

        let d = Dsn::parse("http://key:legacysecret@127.0.0.1:8000/sub/path/7/").unwrap();
        assert_eq!(d.port(), Some(8000));
        assert_eq!(d.path(), "/sub/path");
        assert_eq!(d.envelope_url(), "http://127.0.0.1:8000/sub/path/api/7/envelope/?sentry_key=key&sentry_version=7");
        assert_eq!(d.to_canonical(), "http://key@127.0.0.1:8000/sub/path/7");

        let d = Dsn::parse("HTTP://k@[::1]:9000/3").unwrap();
        assert_eq!(d.host(), "[::1]");
        assert_eq!(d.port(), Some(9000));
        assert_eq!(d.envelope_url(), "http://[::1]:9000/api/3/envelope/?sentry_key=k&sentry_version=7");
    }

    #[test]
    fn canonical_form_round_trips() {
        for s in ["https://a@h/1", "http://a@h:1/p/q/22", "https://k@[::1]:65535/9"] {
            let d = Dsn::parse(s).unwrap();
            assert_eq!(d.to_canonical(), s);
            assert_eq!(Dsn::parse(&d.to_canonical()).unwrap(), d);
        }
    }

    #[test]
    fn rejects_each_kind_of_mistake_with_its_own_error() {
        let cases: &[(&str, ParseDsnError)] = &[
            ("", ParseDsnError::BadScheme),
            ("ftp://k@h/1", ParseDsnError::BadScheme),
            ("//k@h/1", ParseDsnError::BadScheme),
            ("https://h/1", ParseDsnError::NoPublicKey),
            ("https://@h/1", ParseDsnError::NoPublicKey),
            ("https://:s@h/1", ParseDsnError::NoPublicKey),
            ("https://k@/1", ParseDsnError::NoHost),
            ("https://k@[::1/1", ParseDsnError::NoHost),
            ("https://k@h:/1", ParseDsnError::BadPort),
            ("https://k@h:0/1", ParseDsnError::BadPort),
            ("https://k@h:70000/1", ParseDsnError::BadPort),
            ("https://k@h:80a/1", ParseDsnError::BadPort),
            ("https://k@h", ParseDsnError::BadProjectId),
            ("https://k@h/", ParseDsnError::BadProjectId),
            ("https://k@h/abc", ParseDsnError::BadProjectId),
        ];
        for (input, want) in cases {
            assert_eq!(Dsn::parse(input), Err(*want), "{input}");
            assert!(want.message().starts_with("invalid DSN"));
        }
    }
}
