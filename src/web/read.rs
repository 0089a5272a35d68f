//! Reading arbitrary JS values without ever throwing.
//!
//! A page can throw anything: `null`, a Symbol, a Proxy whose every trap throws, an object
//! whose `stack` getter throws, a 50 MB string. String properties are read in JS inside
//! `try` (`holdProp` in `js/io.js`), other reads go through `Reflect.get` (imported with
//! `catch`), strings are sliced in JS before they are copied into wasm memory, and any
//! failure degrades to a less detailed description.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{JsString, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::event::{EventLocation, LinkSource, Linked, Thrown, MAX_STACK_BYTES, MAX_VALUE_BYTES};

#[wasm_bindgen]
extern "C" {
    /// `String(value)`: throws for objects whose `toString` throws, hence `catch`.
    #[wasm_bindgen(catch, js_name = String)]
    fn js_string(value: &JsValue) -> Result<JsString, JsValue>;
}

// Strings cross in two steps: JS holds the string (sliced to `max`) and says its length, then
// writes it as UTF-8 straight into a buffer of ours with the browser's native encoder.
// wasm-bindgen's own string passing copies ASCII one character at a time in JS, which while
// the page's code is still cold (as an SDK's usually is when an error comes) cost a capture
// more than all its parsing; and reading a property this way is two calls into JS, not five.
#[wasm_bindgen(module = "/js/io.js")]
extern "C" {
    /// Holds `value` if it is a string; its length in UTF-16 units, or -1.
    #[wasm_bindgen(js_name = holdText)]
    fn hold_text(value: &JsValue, max: u32) -> i32;
    /// Holds `object[key]` if it is a string (a throwing getter reads as absent); as `holdText`.
    #[wasm_bindgen(js_name = holdProp)]
    fn hold_prop(object: &JsValue, key: &str, max: u32) -> i32;
    /// Writes the held string as UTF-8 into `into`; the bytes written.
    #[wasm_bindgen(js_name = takeHeld)]
    fn take_held(into: &mut [u8]) -> u32;
    /// Holds `location.href`; as `holdText`.
    #[wasm_bindgen(js_name = holdHref)]
    fn hold_href(max: u32) -> i32;
    /// Whether `value` has an object `cause` or an array `errors` (true when reading throws).
    #[wasm_bindgen(js_name = hasLinks)]
    fn has_links(value: &JsValue) -> bool;
}

/// The string a `hold_*` call held, `units` UTF-16 units long.
fn take(units: i32) -> Option<String> {
    let units = usize::try_from(units).ok()?;
    // At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    let mut buf = vec![0u8; units * 3];
    let written = take_held(&mut buf) as usize;
    buf.truncate(written);
    String::from_utf8(buf).ok()
}

/// Longest JS string copied into wasm; the core bounds further.
const MAX_COPY_UTF16: u32 = (MAX_STACK_BYTES as u32) + 16;
/// Own keys read from a thrown object (its message lists a few of them).
const MAX_KEYS: u32 = 50;

/// A JS string value, sliced to `max` UTF-16 units before crossing into wasm.
pub fn bounded_string(value: &JsValue, max: u32) -> Option<String> {
    take(hold_text(value, max))
}

/// The page's URL, sliced to `max` UTF-16 units.
pub fn page_href(max: u32) -> Option<String> {
    take(hold_href(max))
}

/// `object[key]` as a string, `None` if absent, not a string, or the read throws.
pub fn string_prop(object: &JsValue, key: &str, max: u32) -> Option<String> {
    take(hold_prop(object, key, max))
}

/// `String(value)`, or a fixed word when even that throws.
fn repr(value: &JsValue) -> String {
    match js_string(value) {
        Ok(s) => bounded_string(&s.into(), MAX_VALUE_BYTES as u32).unwrap_or_default(),
        Err(_) => String::from("[unprintable value]"),
    }
}

/// Describes any thrown value. `stack` is a stack string read earlier (by the JS stub at
/// the moment of the throw), used in preference to reading it again.
pub fn describe(value: &JsValue, stack: Option<String>) -> Thrown {
    if !(value.is_object() || value.is_function()) {
        let type_of = if value.is_string() {
            "string"
        } else if value.is_null() {
            "null"
        } else if value.is_undefined() {
            "undefined"
        } else if value.is_symbol() {
            "symbol"
        } else if value.is_bigint() {
            "bigint"
        } else if value.as_f64().is_some() {
            "number"
        } else {
            "boolean"
        };
        let repr = if value.is_string() {
            bounded_string(value, MAX_VALUE_BYTES as u32).unwrap_or_default()
        } else {
            repr(value)
        };
        return Thrown::Primitive { type_of, repr };
    }
    let stack = stack.or_else(|| string_prop(value, "stack", MAX_COPY_UTF16));
    // `instanceof` fails across realms (iframes); a string `stack` is the better test.
    if stack.is_some() || value.is_instance_of::<js_sys::Error>() {
        return Thrown::Error {
            name: string_prop(value, "name", 256).unwrap_or_default(),
            message: string_prop(value, "message", MAX_VALUE_BYTES as u32).unwrap_or_default(),
            stack,
        };
    }
    let class = Reflect::get(value, &JsValue::from_str("constructor"))
        .ok()
        .filter(|c| c.is_function())
        .and_then(|c| string_prop(&c, "name", 256))
        .unwrap_or_default();
    let mut keys = Vec::new();
    if let Ok(own) = Reflect::own_keys(value) {
        for i in 0..own.length().min(MAX_KEYS) {
            if let Some(k) = bounded_string(&own.get(i), 256) {
                keys.push(k);
            }
        }
    }
    Thrown::Object { class, keys }
}

/// The thrown value and the errors linked to it, at most `limit` in all (at least the value
/// itself): its `cause` chain, then an `AggregateError`'s `errors`. Only objects are followed,
/// and an error seen before ends the walk (a `cause` cycle).
pub fn linked(value: &JsValue, stack: Option<String>, limit: usize) -> Vec<Linked> {
    let mut out = vec![Linked::top(describe(value, stack))];
    let mut seen = vec![value.clone()];
    let is_new = |seen: &[JsValue], v: &JsValue| v.is_object() && !seen.iter().any(|s| js_sys::Object::is(s, v));
    // Most errors link nothing: one call finds that out, instead of reading `cause` and
    // `errors` through four.
    if limit <= 1 || !has_links(value) {
        return out;
    }
    let mut current = value.clone();
    while out.len() < limit {
        let Ok(cause) = Reflect::get(&current, &JsValue::from_str("cause")) else { break };
        if !is_new(&seen, &cause) {
            break;
        }
        out.push(Linked { thrown: describe(&cause, None), source: LinkSource::Cause, parent: out.len() - 1 });
        seen.push(cause.clone());
        current = cause;
    }
    if let Ok(errors) = Reflect::get(value, &JsValue::from_str("errors")) {
        if let Some(errors) = errors.dyn_ref::<js_sys::Array>() {
            for i in 0..errors.length() {
                if out.len() >= limit {
                    break;
                }
                let e = errors.get(i);
                if is_new(&seen, &e) {
                    out.push(Linked { thrown: describe(&e, None), source: LinkSource::Errors(i), parent: 0 });
                    seen.push(e);
                }
            }
        }
    }
    out
}

/// The `ErrorEvent` fields the stub passed along, for the no-error-object fallback.
pub fn location(message: Option<&JsValue>, filename: &JsValue, lineno: f64, colno: f64) -> EventLocation {
    let line = |n: f64| (n >= 1.0 && n <= f64::from(u32::MAX)).then_some(n as u32);
    EventLocation {
        message: message.and_then(|m| bounded_string(m, MAX_VALUE_BYTES as u32)),
        filename: bounded_string(filename, 4096).filter(|f| !f.is_empty()),
        lineno: line(lineno),
        colno: line(colno),
    }
}
