//! The DSN parser over arbitrary text: never panics, and a parsed DSN's canonical form
//! parses back to the same DSN (and is a fixed point).
#![no_main]

use faultline::core::dsn::Dsn;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(dsn) = Dsn::parse(input) else { return };
    let canonical = dsn.to_canonical();
    let again = Dsn::parse(&canonical);
    assert_eq!(
        again.as_ref(),
        Ok(&dsn),
        "canonical form {canonical:?} of {input:?}"
    );
    if let Ok(again) = again {
        assert_eq!(again.to_canonical(), canonical);
    }
    let url = dsn.envelope_url();
    assert!(url.ends_with("&sentry_version=7"));
});
