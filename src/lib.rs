//! faultline: browser error reporting, written in Rust and shipped as WebAssembly.
//!
//! A page's uncaught errors and unhandled rejections become Sentry events, sent as
//! envelopes to any Sentry-compatible collector (Sentry, GlitchTip, Bugsink).
//!
//! The crate has two halves, and the line between them is the architecture:
//!
//! - [`core`] is plain Rust: stack parsing, DSN, the event model, the envelope writer
//!   and the delivery policy. It never touches a browser API; the clock, randomness
//!   and configuration come in as arguments, so it is tested natively with `cargo test`.
//! - `web` (only built for `wasm32`) is thin glue: it reads JS values, calls the core,
//!   and performs the `fetch`es and timers the core asks for. It makes no decisions.
//!
//! See `docs/ARCHITECTURE.md` for the codemap.
#![cfg_attr(target_arch = "wasm32", no_std)]
#![deny(unsafe_code)]

extern crate alloc;

/// What `std`'s prelude would give; the wasm build is `no_std` (see `web/runtime.rs`).
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    #[allow(unused_imports)]
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod core;

#[cfg(target_arch = "wasm32")]
mod web;
