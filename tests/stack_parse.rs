//! Stack parsing, one table per engine: each case is a stack shaped the way that
//! engine prints it, with the frames `parse` must return. Whole captured stacks live
//! in `tests/fixtures/stacks/` (see `stack_fixtures.rs`); these tables pin the line
//! shapes the captures don't show, and the edge cases.

use faultline::core::stack::{cap, parse, strip_header, Frame};

/// (function, filename, lineno, colno)
type F = (
    Option<&'static str>,
    Option<&'static str>,
    Option<u32>,
    Option<u32>,
);

fn check(stack: &str, expected: &[F]) {
    let want: Vec<Frame> = expected
        .iter()
        .map(|&(function, filename, lineno, colno)| Frame {
            function: function.map(str::to_owned),
            filename: filename.map(str::to_owned),
            lineno,
            colno,
        })
        .collect();
    assert_eq!(parse(stack), want, "stack:\n{stack}");
}

fn check_table(table: &[(&str, &[F])]) {
    for (stack, expected) in table {
        check(stack, expected);
    }
}

const A: Option<&str> = Some("https://a.test/app.js");

const CHROMIUM: &[(&str, &[F])] = &[
    // Chrome: header, named, anonymous, inline handler at the page URL.
    (
        "TypeError: Cannot read properties of undefined (reading 'x')\n    at render (https://a.test/app.js:120:18)\n    at https://a.test/app.js:98:3\n    at HTMLButtonElement.onclick (https://a.test/:1:1)",
        &[
            (Some("render"), A, Some(120), Some(18)),
            (None, A, Some(98), Some(3)),
            (Some("HTMLButtonElement.onclick"), Some("https://a.test/"), Some(1), Some(1)),
        ],
    ),
    // `async` before a bare location and before a name.
    (
        "Error: x\n    at async https://a.test/app.js:5:9\n    at async Promise.all (index 0)\n    at async load (https://a.test/app.js:7:1)",
        &[
            (None, A, Some(5), Some(9)),
            (Some("Promise.all"), Some("index 0"), None, None),
            (Some("load"), A, Some(7), Some(1)),
        ],
    ),
    // Native frames: old Chrome's `native`, today's `<anonymous>`.
    (
        "Error: x\n    at Math.max (native)\n    at Generator.next (<anonymous>)\n    at Array.map (<anonymous>)",
        &[
            (Some("Math.max"), Some("native"), None, None),
            (Some("Generator.next"), Some("<anonymous>"), None, None),
            (Some("Array.map"), Some("<anonymous>"), None, None),
        ],
    ),
    // Constructors, aliases, `Object.<anonymous>`, a Windows path.
    (
        "Error: x\n    at new <anonymous> (https://a.test/app.js:1:2)\n    at new Foo (https://a.test/app.js:3:4)\n    at Timeout.tick [as _onTimeout] (node:internal/timers:5:6)\n    at Object.<anonymous> (C:\\Users\\dev\\app.js:3:9)",
        &[
            (Some("new <anonymous>"), A, Some(1), Some(2)),
            (Some("new Foo"), A, Some(3), Some(4)),
            (Some("Timeout.tick"), Some("node:internal/timers"), Some(5), Some(6)),
            (Some("Object.<anonymous>"), Some("C:\\Users\\dev\\app.js"), Some(3), Some(9)),
        ],
    ),
    // Eval: the call site of eval(); `unknown source` falls back to the eval'd position;
    // an anonymous function in eval'd code has a bare `eval at` location.
    (
        "Error: x\n    at eval (eval at outer (https://a.test/app.js:10:5), <anonymous>:1:7)\n    at eval (eval at f (unknown source), <anonymous>:1:7)\n    at eval at run (https://a.test/app.js:10:5), <anonymous>:1:20\n    at Object.eval (eval at a (eval at b (eval at c (https://a.test/app.js:3:1))), <anonymous>:2:2)",
        &[
            (Some("eval"), A, Some(10), Some(5)),
            (Some("eval"), Some("<anonymous>"), Some(1), Some(7)),
            (None, A, Some(10), Some(5)),
            (Some("Object.eval"), A, Some(3), Some(1)),
        ],
    ),
    // DevTools console code and wasm.
    (
        "Error: x\n    at <anonymous>:1:5\n    at fname (wasm://wasm/abc123:wasm-function[1]:0x42)\n    at wasm://wasm/abc123:wasm-function[7]:0x1f00",
        &[
            (None, Some("<anonymous>"), Some(1), Some(5)),
            (Some("fname"), Some("wasm://wasm/abc123"), None, Some(0x42)),
            (None, Some("wasm://wasm/abc123"), None, Some(0x1f00)),
        ],
    ),
    // Locations: unbalanced parenthesis, line only, none, too large, trailing spaces.
    (
        "Error: x\n    at f (https://a.test/a(.js:1:2)\n    at f (https://a.test/app.js:7)\n    at f (https://a.test/app.js)\n    at f (https://a.test/app.js:99999999999:3)\n    at f (https://a.test/app.js:1:2)   ",
        &[
            (Some("f"), Some("https://a.test/a(.js"), Some(1), Some(2)),
            (Some("f"), A, Some(7), None),
            (Some("f"), A, None, None),
            (Some("f"), A, None, Some(3)),
            (Some("f"), A, Some(1), Some(2)),
        ],
    ),
    // Header lines that contain ` at `, `@` and locations are not frames.
    (
        "Error: failed at step 3 (see https://a.test/x.js:1:2)\nsent to ops@https://a.test/x.js:1:2\n  at least one retry (see docs)\n    at f (https://a.test/app.js:1:2)",
        &[(Some("f"), A, Some(1), Some(2))],
    ),
    // Names with ` (`, `@` and a whole location in them (computed and defineProperty'd
    // names, as Chromium 156 prints them), next to locations with ` (` in them.
    (
        "Error: x\n    at weird (name) (https://a.test/app.js:1:2)\n    at given name (1)@x (https://a.test/app.js:3:4)\n    at x (http://evil.test/a.js:1:2) (https://a.test/app.js:5:6)\n    at f (C:\\Program Files (x86)\\app.js:7:8)\n    at g (data:text/javascript,f() (1):9:10)",
        &[
            (Some("weird (name)"), A, Some(1), Some(2)),
            (Some("given name (1)@x"), A, Some(3), Some(4)),
            (Some("x (http://evil.test/a.js:1:2)"), A, Some(5), Some(6)),
            (Some("f"), Some("C:\\Program Files (x86)\\app.js"), Some(7), Some(8)),
            (Some("g"), Some("data:text/javascript,f() (1)"), Some(9), Some(10)),
        ],
    ),
    // Chakra (IE 11, Edge <= 18): three-space indent, its own words for built-ins and eval.
    (
        "TypeError: x\n   at Anonymous function (https://a.test/app.js:1:2)\n   at Array.prototype.forEach (native code)\n   at eval code (eval code:1:1)\n   at Anonymous function (Function code:2:3)\n   at Global code (https://a.test/:4:5)",
        &[
            (Some("Anonymous function"), A, Some(1), Some(2)),
            (Some("Array.prototype.forEach"), Some("native code"), None, None),
            (Some("eval code"), Some("eval code"), Some(1), Some(1)),
            (Some("Anonymous function"), Some("Function code"), Some(2), Some(3)),
            (Some("Global code"), Some("https://a.test/"), Some(4), Some(5)),
        ],
    ),
    // Hermes: bytecode addresses (the column is the bytecode offset) and `(native)`.
    (
        "Error: x\n    at render (address at index.android.bundle:1:4823)\n    at map (native)\n    at global (address at InternalBytecode.js:1:12)",
        &[
            (Some("render"), Some("index.android.bundle"), Some(1), Some(4823)),
            (Some("map"), Some("native"), None, None),
            (Some("global"), Some("InternalBytecode.js"), Some(1), Some(12)),
        ],
    ),
    // Node: internal modules, `[cause]` and `... N lines` noise between frames.
    (
        "Error: outer\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n  [cause]: Error: inner\n    ... 4 lines matching cause stack trace ...\n    at node:internal/main/run_main_module:28:49",
        &[
            (Some("process.processTicksAndRejections"), Some("node:internal/process/task_queues"), Some(95), Some(5)),
            (None, Some("node:internal/main/run_main_module"), Some(28), Some(49)),
        ],
    ),
];

const GECKO: &[(&str, &[F])] = &[
    (
        "render@https://a.test/app.js:10:5\n@https://a.test/app.js:20:1\n",
        &[(Some("render"), A, Some(10), Some(5)), (None, A, Some(20), Some(1))],
    ),
    // Inferred names are kept as printed, async causes too.
    (
        "fn/<@https://a.test/app.js:1:2\nfn/foo<@https://a.test/app.js:3:4\npromise callback*load@https://a.test/app.js:5:6\nasync*run@https://a.test/app.js:7:8",
        &[
            (Some("fn/<"), A, Some(1), Some(2)),
            (Some("fn/foo<"), A, Some(3), Some(4)),
            (Some("promise callback*load"), A, Some(5), Some(6)),
            (Some("async*run"), A, Some(7), Some(8)),
        ],
    ),
    // Firefox < 30: no column.
    ("f@https://a.test/app.js:10\n@https://a.test/app.js:11", &[(Some("f"), A, Some(10), None), (None, A, Some(11), None)]),
    // Eval and Function: the eval() call site, line only.
    (
        "fn@https://a.test/app.js line 10 > eval:1:5\n@https://a.test/app.js line 10 > Function:1:5\nf@https://a.test/app.js line 3 > eval line 1 > eval:1:1\n@https://a.test/app.js line 2 > injectedScript:1:5",
        &[
            (Some("fn"), A, Some(10), None),
            (None, A, Some(10), None),
            (Some("f"), A, Some(3), None),
            (None, A, Some(2), None),
        ],
    ),
    // Console code.
    ("@debugger eval code:1:1", &[(None, Some("debugger eval code"), Some(1), Some(1))]),
    // `@` inside the URL: the split is at the `@` before the URL.
    (
        "f@https://user:pw@a.test/npm/x@2.0.0/a.js:1:2\n@https://a.test/@scope/a.js:3:4",
        &[
            (Some("f"), Some("https://user:pw@a.test/npm/x@2.0.0/a.js"), Some(1), Some(2)),
            (None, Some("https://a.test/@scope/a.js"), Some(3), Some(4)),
        ],
    ),
    // wasm: module URL, offset as column.
    (
        "fn@https://a.test/a.wasm:wasm-function[3]:0x1a\n@https://a.test/app.js line 4 > WebAssembly.instantiate:wasm-function[0]:0x5",
        &[
            (Some("fn"), Some("https://a.test/a.wasm"), None, Some(0x1a)),
            (None, A, None, Some(5)),
        ],
    ),
    // Names with ` (`, `@` and a URL in them (Firefox 153).
    (
        "weird (name)@https://a.test/app.js:1:2\non@click@https://a.test/app.js:3:4\nx (http://evil.test/a.js:1:2)@https://a.test/app.js:5:6",
        &[
            (Some("weird (name)"), A, Some(1), Some(2)),
            (Some("on@click"), A, Some(3), Some(4)),
            (Some("x (http://evil.test/a.js:1:2)"), A, Some(5), Some(6)),
        ],
    ),
    // Opera 11-12 and Firefox <= 3: no column, arguments after the name; `Error created at`
    // is not a frame. With a column (Firefox 30+), parentheses are part of the name.
    (
        "bar([arguments not available])@https://a.test/app.js:18\n<anonymous function: run>(1, \"a\")@https://a.test/app.js:27\n([arguments not available])@https://a.test/app.js:3\n@\nError created at bar([arguments not available])@https://a.test/app.js:17\nf(x)@https://a.test/app.js:1:2",
        &[
            (Some("bar"), A, Some(18), None),
            (Some("<anonymous function: run>"), A, Some(27), None),
            (None, A, Some(3), None),
            (Some("f(x)"), A, Some(1), Some(2)),
        ],
    ),
    // Browser-internal schemes, leading spaces, blank lines.
    (
        "  f@resource://gre/modules/X.sys.mjs:5:3\n\n g@chrome://browser/content/a.js:1:1\nh@moz-extension://1234-abcd/content.js:2:2",
        &[
            (Some("f"), Some("resource://gre/modules/X.sys.mjs"), Some(5), Some(3)),
            (Some("g"), Some("chrome://browser/content/a.js"), Some(1), Some(1)),
            (Some("h"), Some("moz-extension://1234-abcd/content.js"), Some(2), Some(2)),
        ],
    ),
];

const WEBKIT: &[(&str, &[F])] = &[
    (
        "render@https://a.test/app.js:10:5\nglobal code@https://a.test/app.js:30:1\nmodule code@https://a.test/app.js:31:2",
        &[
            (Some("render"), A, Some(10), Some(5)),
            (Some("global code"), A, Some(30), Some(1)),
            (Some("module code"), A, Some(31), Some(2)),
        ],
    ),
    // Native and eval frames carry no position.
    (
        "eval code@\neval@[native code]\nmap@[native code]\n[native code]\npromiseReactionJob@",
        &[
            (Some("eval code"), None, None, None),
            (Some("eval"), Some("[native code]"), None, None),
            (Some("map"), Some("[native code]"), None, None),
            (None, Some("[native code]"), None, None),
            (Some("promiseReactionJob"), None, None, None),
        ],
    ),
    // Anonymous, URL without position, spaces in the URL.
    (
        "@https://a.test/app.js:1:2\nf@https://a.test/app.js\ng@https://a.test/a b (1).js:3:4",
        &[
            (None, A, Some(1), Some(2)),
            (Some("f"), A, None, None),
            (Some("g"), Some("https://a.test/a b (1).js"), Some(3), Some(4)),
        ],
    ),
    // Safari 6-7: bare locations, one with `@` in the authority.
    (
        "https://a.test/app.js:10:5\nhttps://user@a.test/app.js:11\nhttps://a.test/app.js",
        &[
            (None, A, Some(10), Some(5)),
            (None, Some("https://user@a.test/app.js"), Some(11), None),
        ],
    ),
    // wasm: JSC prints no module URL and no offset, and `(null)` for a function with no
    // name (WebKitGTK 2.50).
    ("run_wasm@<?>:wasm-function[1]\n2@<?>:wasm-function[2]\n(null)@<?>:wasm-function[3]", &[
        (Some("run_wasm"), Some("<?>"), None, None),
        (Some("2"), Some("<?>"), None, None),
        (None, Some("<?>"), None, None),
    ]),
];

const PRESTO: &[(&str, &[F])] = &[
    // Opera 10 `stacktrace`: frame lines, each followed by a line of source.
    (
        "  Line 42 of linked script https://a.test/app.js: In function render\n      render();\n  Line 3 of inline#1 script in https://a.test/: In function start\n    start();\n  Line 1 of function script \n    go();",
        &[
            (Some("render"), A, Some(42), None),
            (Some("start"), Some("https://a.test/"), Some(3), None),
        ],
    ),
    // Opera 9 `message`: a header, `Backtrace:`, no function names.
    (
        "Statement on line 7: Undefined variable: x\nBacktrace:\n  Line 7 of linked script https://a.test/app.js\n    x();",
        &[(None, A, Some(7), None)],
    ),
];

#[test]
fn chromium_lines() {
    check_table(CHROMIUM);
}

#[test]
fn gecko_lines() {
    check_table(GECKO);
}

#[test]
fn webkit_lines() {
    check_table(WEBKIT);
}

#[test]
fn presto_lines() {
    check_table(PRESTO);
}

#[test]
fn non_frames_give_nothing() {
    for stack in [
        "",
        "\n\n\n",
        "Error: boom",
        "TypeError: x is not a function at line 3",
        "Error: contact me@",
        "Error: see a.test:1:2",
        "at",
        "    at",
        "    at ",
        "@",
        "foo",
        "1:2",
        "    ... 2 more lines",
        "[object Object]",
    ] {
        check(stack, &[]);
    }
}

#[test]
fn frames_keep_the_order_of_the_string() {
    let stack = "Error\n    at a (https://a.test/app.js:1:1)\n    at b (https://a.test/app.js:2:2)\n    at c (https://a.test/app.js:3:3)";
    let names: Vec<_> = parse(stack)
        .into_iter()
        .filter_map(|f| f.function)
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
}

/// Captured from Node 20 (V8 11.3): `new Error('first line\n    at fake (...)\nfailed at step 3')`.
const MULTILINE_MESSAGE: &str = "Error: first line\n    at fake (https://evil.test/x.js:1:1)\nfailed at step 3\n    at cases.multiline_message (https://app.example.com/static/js/main.3f2a1c.js:43:9)\n    at Array.forEach (<anonymous>)";

#[test]
fn strip_header_keeps_message_lines_out_of_the_frames() {
    let message = "first line\n    at fake (https://evil.test/x.js:1:1)\nfailed at step 3";
    let main = Some("https://app.example.com/static/js/main.3f2a1c.js");
    check(
        strip_header(MULTILINE_MESSAGE, "Error", message),
        &[
            (Some("cases.multiline_message"), main, Some(43), Some(9)),
            (Some("Array.forEach"), Some("<anonymous>"), None, None),
        ],
    );
    // Without the message, a message line shaped like a frame cannot be told apart.
    assert_eq!(parse(MULTILINE_MESSAGE).len(), 3);
    // `this.name` set after `super()`: V8 printed `Error`, `name` is the subclass's.
    assert_eq!(
        strip_header(
            "Error: a\nb\n    at f (x.js:1:2)",
            "ValidationError",
            "a\nb"
        ),
        "\n    at f (x.js:1:2)"
    );
    // Firefox and Safari stacks have no header.
    let gecko = "f@https://a.test/app.js:1:2";
    assert_eq!(strip_header(gecko, "Error", "boom"), gecko);
    assert_eq!(strip_header(gecko, "", ""), gecko);
}

fn frames(n: usize) -> Vec<Frame> {
    (0..n)
        .map(|i| Frame {
            lineno: Some(u32::try_from(i).expect("small")),
            ..Frame::default()
        })
        .collect()
}

fn linenos(frames: &[Frame]) -> Vec<u32> {
    frames.iter().filter_map(|f| f.lineno).collect()
}

#[test]
fn cap_keeps_both_ends() {
    let mut f = frames(10);
    assert_eq!(cap(&mut f, 3, 2), 5);
    assert_eq!(linenos(&f), [0, 1, 2, 8, 9]);
}

#[test]
fn cap_leaves_short_traces_alone() {
    for n in [0, 1, 4, 5] {
        let mut f = frames(n);
        assert_eq!(cap(&mut f, 3, 2), 0);
        assert_eq!(f, frames(n));
    }
}

#[test]
fn cap_edge_limits() {
    let mut f = frames(6);
    assert_eq!(cap(&mut f, 0, 2), 4);
    assert_eq!(linenos(&f), [4, 5]);

    let mut f = frames(6);
    assert_eq!(cap(&mut f, 2, 0), 4);
    assert_eq!(linenos(&f), [0, 1]);

    let mut f = frames(6);
    assert_eq!(cap(&mut f, 0, 0), 6);
    assert!(f.is_empty());

    let mut f = frames(6);
    assert_eq!(cap(&mut f, usize::MAX, usize::MAX), 0);
    assert_eq!(cap(&mut f, usize::MAX, 0), 0);
    assert_eq!(f.len(), 6);
}
