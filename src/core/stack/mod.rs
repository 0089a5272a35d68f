//! JavaScript stack trace parsing (placeholder; being written).

/// One stack frame as the engine printed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    pub function: Option<String>,
    pub filename: Option<String>,
    pub lineno: Option<u32>,
    pub colno: Option<u32>,
}

/// Parses `stack` into frames, innermost first (the order they appear in the string).
pub fn parse(stack: &str) -> Vec<Frame> {
    let _ = stack;
    Vec::new()
}
