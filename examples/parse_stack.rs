//! Parses JavaScript stacks from stdin, for accuracy benchmarks.
//!
//! Input: a JSON array of `{"name", "message", "stack"}` objects (a missing or
//! non-string field counts as empty). Output: a JSON array, in the same order, of
//! frame arrays, innermost first as in the stack string, each frame
//! `{"function", "filename", "lineno", "colno"}` with `null` for unknown.
//! Invalid JSON: a message on stderr and exit status 1.
//!
//! ```text
//! cargo run --example parse_stack < cases.json
//! ```

use std::io::{Read, Write};
use std::process::ExitCode;

use faultline::core::stack::{parse, strip_header, Frame};
use serde_json::{json, Value};

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(err) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("parse_stack: cannot read stdin: {err}");
        return ExitCode::FAILURE;
    }
    let cases: Vec<Value> = match serde_json::from_str(&input) {
        Ok(Value::Array(cases)) => cases,
        Ok(_) => {
            eprintln!(
                "parse_stack: input must be a JSON array of {{name, message, stack}} objects"
            );
            return ExitCode::FAILURE;
        }
        Err(err) => {
            eprintln!("parse_stack: invalid JSON: {err}");
            return ExitCode::FAILURE;
        }
    };

    let mut output = String::from("[");
    for (i, case) in cases.iter().enumerate() {
        if i > 0 {
            output.push(',');
        }
        write_case(&mut output, case);
    }
    output.push(']');
    let mut stdout = std::io::stdout().lock();
    let written = writeln!(stdout, "{output}");
    if let Err(err) = written {
        eprintln!("parse_stack: cannot write stdout: {err}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Appends the case's frames as a JSON array, keys in the documented order.
fn write_case(out: &mut String, case: &Value) {
    let field = |key: &str| case.get(key).and_then(Value::as_str).unwrap_or("");
    let stack = strip_header(field("stack"), field("name"), field("message"));
    out.push('[');
    for (i, frame) in parse(stack).iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_frame(out, frame);
    }
    out.push(']');
}

fn write_frame(out: &mut String, frame: &Frame) {
    let fields = [
        ("function", json!(frame.function)),
        ("filename", json!(frame.filename)),
        ("lineno", json!(frame.lineno)),
        ("colno", json!(frame.colno)),
    ];
    out.push('{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"{key}\":{value}"));
    }
    out.push('}');
}
