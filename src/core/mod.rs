//! The pure core: everything that decides, nothing that touches the browser.
//!
//! Architecture invariant: nothing under `src/core` imports `wasm_bindgen`, `web_sys` or
//! `js_sys`, reads a clock or draws random numbers. Time (milliseconds since the Unix
//! epoch) and random bytes are parameters. That keeps every decision testable natively.

pub mod stack;
pub mod context;
pub mod dsn;
pub mod envelope;
pub mod event;
pub mod filter;
pub mod json;
pub mod outbox;
pub mod ratelimit;
pub mod scope;
pub mod text;
pub mod ua;
