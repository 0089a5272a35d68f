// The expected frames of every captured case, per engine: declared knowledge, checked by eye
// against the raw stacks and by capture.mjs against them line by line.
//
// A case lists its frames innermost first, each `F(fn, at)`:
// - `fn`: the function name the engine prints, or null. An object keyed by engine gives each
//   engine's name; an engine missing from it does not print that frame at all (Firefox hides
//   built-ins, JavaScriptCore drops frames of strict-mode tail calls, and so on).
// - `at`: where the frame points. `'#name'` is marker /*@name*/ in the case's `file`,
//   `'file#name'` one in another site file: the filename is the URL that file was served at in
//   the case's page (as the engine prints URLs, see printedUrl), line and column the marker's.
//   `line('#name')`: URL and line, no column (Firefox's eval frames point at the eval() call's
//   line only). `NATIVE`: a built-in (V8 `<anonymous>`, JavaScriptCore `[native code]`).
//   `NOWHERE`: no location at all (JavaScriptCore's eval'd code). `wasm(...)`: a wasm
//   function, the column is the byte offset in the module (from site/cases/wasm-module.mjs).
//   `handler('#name')`: inside an inline event handler attribute (see handler()).
//   An object keyed by engine gives each engine's location.
// What the parser must return follows src/core/stack/mod.rs's conventions (eval frames point
// at the eval() call; native frames keep `<anonymous>`/`[native code]` as filename).

import { BLOB_UUID, ORIGINS, marker, position, servedUrl, siteText } from './site.mjs';
import { offsets } from './site/cases/wasm-module.mjs';
import { SOURCES } from './site/eval/sources.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];

const NATIVE = { native: true };
const NOWHERE = { nowhere: true };
const line = (ref) => ({ lineOnly: ref });
const wasm = (offset, module) => ({ wasm: offset, module });
const handler = (ref) => ({ handler: ref });
const F = (fn, at) => ({ fn, at });
const repeat = (n, frame) => Array.from({ length: n }, () => frame);

/** The unnamed top-level frame of a classic script and of a module. */
const TOP = { chromium: null, firefox: null, webkit: 'global code' };
const MODULE_TOP = { chromium: null, firefox: null, webkit: 'module code' };

const isPerEngine = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
  && Object.keys(v).length > 0 && Object.keys(v).every((k) => ENGINES.includes(k));

/**
 * How each engine prints the URL of a script it loaded (seen in the captures: the `urls` case).
 * Chromium drops the fragment; JavaScriptCore drops the query and the fragment; Firefox keeps
 * both. URLs are otherwise WHATWG-serialized (spaces and non-ASCII percent-encoded, `(`, `)`,
 * `@` kept); data: and blob: URLs are printed whole.
 */
export function printedUrl(engine, href) {
  if (!/^https?:/.test(href)) return href;
  if (engine === 'chromium') return href.split('#')[0];
  if (engine === 'webkit') return href.split(/[?#]/)[0];
  return href;
}

const V8_WASM = 'wasm://wasm/54f8d79e'; // V8 names a module by a hash of its bytes (read off the capture)
const JSC_WASM = '<?>'; // JavaScriptCore prints no module URL

export const CASES = {
  nested: {
    about: 'plain named functions six deep, called from top-level code',
    file: 'cases/nested.js',
    frames: [
      F('level6', '#throw'), F('level5', '#5'), F('level4', '#4'), F('level3', '#3'),
      F('level2', '#2'), F('level1', '#1'), F(TOP, '#top'),
    ],
  },
  anonymous: {
    about: 'function expressions with inferred names, arrows, object-literal methods, IIFEs',
    file: 'cases/anonymous.js',
    frames: [
      F('inferred', '#throw'),
      F('arrow', '#arrow'),
      F({ chromium: 'Object.prop', firefox: 'prop', webkit: 'prop' }, '#prop'),
      F({ chromium: 'Object.short', firefox: 'short', webkit: 'short' }, '#short'),
      F({ chromium: 'Object.arrowProp', firefox: 'arrowProp', webkit: 'arrowProp' }, '#arrowProp'),
      F(null, '#innerArrow'),
      F(null, '#iife'),
      F(TOP, '#top'),
    ],
  },
  classes: {
    about: 'class members in one stack: method, private method, setter, arrow field, constructor, static method, static field initializer',
    file: 'cases/classes.js',
    frames: [
      F({ chromium: 'Widget.validate', firefox: 'validate', webkit: 'validate' }, '#throw'),
      F('#check', '#check'),
      F({ chromium: 'set size', firefox: 'set size', webkit: 'size' }, '#setter'),
      F({ chromium: 'Widget.onResize', firefox: 'onResize', webkit: null }, '#onResize'),
      F({ chromium: 'new Widget', firefox: 'Widget', webkit: 'Widget' }, '#ctor'),
      F({ chromium: 'Widget.create', firefox: 'create', webkit: 'create' }, '#create'),
      F({ chromium: 'Gadget.boom', firefox: 'boom', webkit: 'boom' }, '#staticBoom'),
      // JavaScriptCore: the initializer's call is in tail position and its frame is gone.
      F({ chromium: '<static_initializer>', firefox: null }, '#staticField'),
      F(TOP, '#classTop'),
    ],
    notes: {
      webkit: 'No frame for the static field initializer: JavaScriptCore makes the call in it a tail call (class bodies are strict mode).',
    },
  },
  getter: {
    about: 'a getter calling a method, on an instance of a derived class',
    file: 'cases/classes.js',
    frames: [
      F({ chromium: 'Derived.describe', firefox: 'describe', webkit: 'describe' }, '#describe'),
      F({ chromium: 'get label', firefox: 'get label' }, '#getter'),
      F(TOP, '#getterTop'),
    ],
    notes: {
      webkit: 'No getter frame: `return this.describe()` is a strict-mode tail call, which JavaScriptCore eliminates.',
    },
  },
  async: {
    about: 'an await chain: async function, async arrow, async method; the throw comes after an await',
    file: 'cases/async.js',
    frames: [
      F('fetchUser', '#throw'),
      F({ chromium: 'loadProfile' }, '#loadProfile'),
      F({ chromium: 'render' }, '#render'),
      F({ chromium: 'Page.show' }, '#show'),
      F({ chromium: 'main' }, '#main'),
    ],
    notes: {
      chromium: 'V8 prints `at async fn` for await continuations; the parser drops `async `.',
      firefox: 'Only the frame that threw: async stack frames are captured only while devtools are open.',
      webkit: 'Only the frame that threw: JavaScriptCore keeps no async frames.',
    },
  },
  'promise-then': {
    about: 'an error thrown by JSON.parse inside a .then callback',
    file: 'cases/async.js',
    frames: [
      F({ chromium: 'JSON.parse', webkit: 'parse' }, NATIVE),
      F('parse', '#parse'),
      F('onText', '#onText'),
    ],
  },
  'promise-all': {
    about: 'an async function rejecting inside Promise.all, awaited',
    file: 'cases/async.js',
    frames: [
      F('one', '#allThrow'),
      F({ chromium: 'Promise.all' }, { chromium: { native: 'index 1' } }),
      F({ chromium: 'all' }, '#all'),
    ],
  },
  generator: {
    about: 'a generator throwing on its second next(), through yield*',
    file: 'cases/generators.js',
    frames: [
      F('inner', '#throw'),
      F({ chromium: 'inner.next' }, NATIVE),
      F('outer', '#delegate'),
      F({ chromium: 'outer.next' }, NATIVE),
      F('drive', '#next'),
      F(TOP, '#top'),
    ],
  },
  'async-generator': {
    about: 'an async generator throwing after an await, consumed by for await',
    file: 'cases/generators.js',
    frames: [F('ticks', '#asyncThrow'), F({ chromium: 'consume' }, '#forAwait')],
  },
  eval: {
    about: 'a function defined and called in eval()',
    file: 'cases/eval.js',
    frames: [
      F('inEval', { chromium: '#eval', firefox: line('#eval'), webkit: NOWHERE }),
      F({ chromium: 'eval', firefox: null, webkit: 'eval code' }, { chromium: '#eval', firefox: line('#eval'), webkit: NOWHERE }),
      F({ webkit: 'eval' }, NATIVE),
      F('runEval', '#eval'),
      F(TOP, '#evalTop'),
    ],
  },
  'eval-nested': {
    about: 'eval() inside eval()',
    file: 'cases/eval.js',
    frames: [
      F({ chromium: 'eval', firefox: null, webkit: 'eval code' }, { chromium: '#nested', firefox: line('#nested'), webkit: NOWHERE }),
      F({ webkit: 'eval' }, NATIVE),
      F({ chromium: 'eval', firefox: null, webkit: 'eval code' }, { chromium: '#nested', firefox: line('#nested'), webkit: NOWHERE }),
      F({ webkit: 'eval' }, NATIVE),
      F('runNestedEval', '#nested'),
      F(TOP, '#nestedTop'),
    ],
  },
  'new-function': {
    about: 'a function made with new Function, called',
    file: 'cases/eval.js',
    frames: [
      F({ chromium: 'eval', firefox: 'anonymous', webkit: 'anonymous' }, { chromium: '#function', firefox: line('#function'), webkit: NOWHERE }),
      F('runFunction', '#functionCall'),
      F(TOP, '#functionTop'),
    ],
  },
  'eval-function-nested': {
    about: 'new Function whose body evals code that makes and calls another new Function',
    file: 'cases/eval.js',
    frames: [
      F({ chromium: 'eval', firefox: 'anonymous', webkit: 'anonymous' }, { chromium: '#mixed', firefox: line('#mixed'), webkit: NOWHERE }),
      F('named', { chromium: '#mixed', firefox: line('#mixed'), webkit: NOWHERE }),
      F({ chromium: 'eval', firefox: null, webkit: 'eval code' }, { chromium: '#mixed', firefox: line('#mixed'), webkit: NOWHERE }),
      F({ webkit: 'eval' }, NATIVE),
      F({ chromium: 'eval', firefox: 'anonymous', webkit: 'anonymous' }, { chromium: '#mixed', firefox: line('#mixed'), webkit: NOWHERE }),
      F('runMixed', '#mixedCall'),
      F(TOP, '#mixedTop'),
    ],
  },
  settimeout: {
    about: 'captured inside a setTimeout callback',
    file: 'cases/callbacks.js',
    frames: [F('fail', '#throw'), F('onTimer', '#onTimer')],
  },
  'event-listener': {
    about: 'a listener run by a synchronous dispatchEvent from top-level code',
    file: 'cases/callbacks.js',
    frames: [
      F('fail', '#throw'),
      F({ chromium: 'EventTarget.onPong', firefox: 'onPong', webkit: 'onPong' }, '#onPong'),
      F({ webkit: 'dispatchEvent' }, NATIVE),
      F(TOP, '#pong'),
    ],
  },
  'event-listener-nested': {
    about: 'a listener dispatched from a click listener run by element.click()',
    file: 'cases/callbacks.js',
    frames: [
      F('fail', '#throw'),
      F({ chromium: 'EventTarget.onPing', firefox: 'onPing', webkit: 'onPing' }, '#onPing'),
      F({ webkit: 'dispatchEvent' }, NATIVE),
      F({ chromium: 'HTMLButtonElement.<anonymous>', firefox: null, webkit: null }, '#onClick'),
      F({ webkit: 'click' }, NATIVE),
      F(TOP, '#click'),
    ],
  },
  'array-native': {
    about: 'built-ins calling back: Array.prototype.forEach and map, String.prototype.replace, a JSON.parse reviver',
    file: 'cases/callbacks.js',
    frames: [
      F('fail', '#throw'),
      F({ chromium: 'Array.reviver', firefox: 'reviver', webkit: 'reviver' }, '#reviver'),
      F({ chromium: 'JSON.parse', webkit: 'parse' }, NATIVE),
      F('replacer', '#replacer'),
      F({ chromium: 'String.replace', webkit: 'anonymous' }, NATIVE),
      F({ chromium: null, firefox: 'natives/each/<', webkit: null }, '#map'),
      F({ chromium: 'Array.map', webkit: 'map' }, NATIVE),
      F('each', '#each'),
      F({ chromium: 'Array.forEach', webkit: 'forEach' }, NATIVE),
      F('natives', '#forEach'),
      F({ firefox: null, webkit: 'global code' }, '#natives'),
    ],
    notes: { chromium: 'The top-level frame is the 11th: past V8\'s default Error.stackTraceLimit of 10.' },
  },
  'bind-call-apply': {
    about: 'a bound method called through Function.prototype.call, itself called through apply',
    file: 'cases/callbacks.js',
    frames: [
      F('fail', '#throw'),
      F({ chromium: 'Object.apply', firefox: 'apply', webkit: 'apply' }, '#bound'),
      F('viaCall', '#call'),
      F(TOP, '#apply'),
    ],
  },
  cause: {
    about: 'an Error with a cause: the outer error',
    file: 'cases/errors.js',
    frames: [F('save', '#outer'), F(TOP, '#causeTop')],
  },
  'cause-inner': {
    about: 'an Error with a cause: the cause',
    file: 'cases/errors.js',
    frames: [F('lowLevel', '#inner'), F('save', '#save'), F(TOP, '#causeTop')],
  },
  'custom-name': {
    about: 'a subclass of Error that sets this.name in its constructor',
    file: 'cases/errors.js',
    frames: [
      F({ firefox: 'ValidationError', webkit: 'ValidationError' }, '#super'),
      F('validate', '#validate'),
      F(TOP, '#validateTop'),
    ],
    notes: { chromium: 'V8 leaves out the frames of the constructor that new.target names.' },
  },
  renamed: {
    about: 'an Error whose name is changed after construction',
    file: 'cases/errors.js',
    frames: [F('named', '#renamed'), F(TOP, '#renamedTop')],
  },
  'multiline-message': {
    about: 'a message whose lines look like V8 and Firefox frames',
    file: 'cases/errors.js',
    frames: [F('multiline', '#multiline'), F(TOP, '#multilineTop')],
    notes: { chromium: 'The header holds lines shaped like frames; strip_header(stack, name, message) removes them.' },
  },
  'type-error': {
    about: 'a TypeError from reading a property of undefined',
    file: 'cases/errors.js',
    frames: [F('readMissing', '#typeError'), F(TOP, '#typeErrorTop')],
  },
  'dom-exception': {
    about: 'a DOMException (SyntaxError) from querySelector',
    file: 'cases/errors.js',
    frames: [F({ webkit: 'querySelector' }, NATIVE), F('badSelector', '#dom'), F(TOP, '#domTop')],
  },
  'object-thrown': {
    about: 'a plain object thrown: no stack property',
    file: 'cases/errors.js',
    frames: [],
  },
  'string-thrown': {
    about: 'a string thrown: no stack',
    file: 'cases/errors.js',
    frames: [],
  },
  'deep-default': {
    about: 'recursion 120 deep with the default Error.stackTraceLimit',
    file: 'cases/deep.js',
    frames: (e) => ({
      chromium: [F('recurse', '#throw'), ...repeat(9, F('recurse', '#recurse'))],
      firefox: [F('recurse', '#throw'), ...repeat(120, F('recurse', '#recurse')), F('deep', '#deep'), F(TOP, '#top')],
      webkit: [F('recurse', '#throw'), ...repeat(99, F('recurse', '#recurse'))],
    })[e],
    notes: {
      chromium: 'Error.stackTraceLimit is 10 by default.',
      firefox: 'Error.stackTraceLimit is 128 by default.',
      webkit: 'Error.stackTraceLimit is 100 by default.',
    },
  },
  'deep-raised': {
    about: 'recursion 120 deep with Error.stackTraceLimit = 200',
    file: 'cases/deep.js',
    frames: [F('recurse', '#throw'), ...repeat(120, F('recurse', '#recurse')), F('deep', '#deep'), F(TOP, '#top')],
  },
  'limit-3': {
    about: 'recursion 120 deep with Error.stackTraceLimit = 3',
    file: 'cases/deep.js',
    frames: [F('recurse', '#throw'), F('recurse', '#recurse'), F('recurse', '#recurse')],
  },
  'limit-0': {
    about: 'Error.stackTraceLimit = 0: no frames',
    file: 'cases/deep.js',
    frames: [],
  },
  worker: {
    about: 'thrown in a dedicated Web Worker\'s top-level code, through Array.prototype.map; the stack posted back',
    file: 'cases/worker-body.js',
    frames: [
      F('crunch', '#throw'),
      F({ chromium: 'Array.map', webkit: 'map' }, NATIVE),
      F('work', '#map'),
      F(TOP, '#top'),
    ],
  },
  'worker-onmessage': {
    about: 'thrown in a Web Worker\'s message handler',
    file: 'cases/worker-body.js',
    frames: [F('crunch', '#throw'), F('onMessage', '#handler')],
  },
  'promise-executor': {
    about: 'an error made in a Promise executor (run synchronously by new Promise)',
    file: 'cases/async.js',
    frames: [
      F('executor', '#executor'),
      F({ chromium: 'new Promise', webkit: 'Promise' }, NATIVE),
      F('startJob', '#promise'),
      F(TOP, '#startJob'),
    ],
  },
  'capture-stack-trace': {
    about: 'Error.captureStackTrace(object, makeReport) on a plain object, never thrown',
    file: 'cases/errors.js',
    frames: [F('buildReport', '#report'), F(TOP, '#reportTop')],
  },
  names: {
    about: 'function names with spaces, parentheses, `@`, a URL, a Symbol, non-ASCII; one set with Object.defineProperty',
    file: 'cases/names.js',
    frames: [
      F({ chromium: 'given name (1)@x', firefox: 'given<', webkit: null }, '#throw'),
      F({ chromium: 'weird (name)', firefox: 'weird (name)', webkit: null }, '#weird'),
      F({ chromium: 'on@click', firefox: 'on@click', webkit: null }, '#at'),
      F({ chromium: '[Symbol.iterator]', firefox: '[Symbol.iterator]', webkit: null }, '#symbol'),
      F({ chromium: 'x (http://evil.test/a.js:1:2)', firefox: 'x (http://evil.test/a.js:1:2)', webkit: null }, '#url'),
      F({ chromium: 'Object.ünï', firefox: 'ünï', webkit: 'ünï' }, '#unicode'),
      F({ chromium: 's (x)', firefox: 's (x)', webkit: null }, '#static'),
      F({ chromium: 'get g y', firefox: 'get g y' }, '#getter'),
      F(TOP, '#top'),
    ],
    notes: {
      firefox: 'SpiderMonkey names the function by where it was written (`given<`), not by its `name` property.',
      webkit: 'JavaScriptCore prints no name for computed member names; the getter makes a strict-mode tail call, so its frame is gone.',
    },
  },
  'stack-overflow': {
    about: 'unbounded recursion: the engine\'s own stack-overflow error',
    file: 'cases/overflow.js',
    frames: (e) => ({
      chromium: [F('overflow', '#entry'), ...repeat(9, F('overflow', '#call'))],
      firefox: [F('overflow', '#entry'), ...repeat(127, F('overflow', '#call'))],
      webkit: repeat(100, F('overflow', '#call')),
    })[e],
    notes: {
      chromium: 'RangeError; the innermost frame points into the function that could not be entered.',
      firefox: 'InternalError: too much recursion; 128 frames (Firefox\'s default Error.stackTraceLimit).',
      webkit: 'RangeError; 100 frames, all at the call that overflowed.',
    },
  },
  'source-url': {
    about: 'functions from eval\'d code named by //# sourceURL= comments: webpack, app://, capacitor://, extension and file URLs',
    file: 'cases/source-url.mjs',
    frames: [
      ...SOURCES.map(([file, url], i) => F(
        ['viaWebpackInternal', 'viaWebpack', 'viaApp', 'viaCapacitor', 'viaChromeExtension', 'viaMozExtension',
          'viaSafariWebExtension', 'viaFileWindows', 'viaFilePosix'][i],
        { chromium: { sourceUrl: url, at: `${file}#${i === SOURCES.length - 1 ? 'throw' : 'call'}` },
          firefox: { sourceUrl: url, at: `${file}#${i === SOURCES.length - 1 ? 'throw' : 'call'}` }, webkit: NOWHERE },
      )).reverse(),
      F(MODULE_TOP, '#top'),
    ],
    notes: { webkit: 'JavaScriptCore ignores sourceURL in stack traces: eval\'d code has no location.' },
  },
  'blob-url': { record: false, about: 'the blob: URL itself (not a fixture)' },
  blob: {
    about: 'a script loaded from a blob: URL',
    file: 'cases/blob-body.js',
    url: `blob:${ORIGINS[0]}/${BLOB_UUID}`,
    frames: [F('fromBlob', '#throw'), F(TOP, '#top')],
  },
  'data-url': {
    about: 'a script loaded from a data: URL, percent-encoded with encodeURIComponent',
    file: 'cases/data-body.js',
    frames: [F('fromData', '#throw'), F(TOP, '#top')],
  },
  'data-url-raw': {
    about: 'a script loaded from a data: URL with spaces, parentheses, quotes and `@` left as they are',
    file: 'cases/data-body.js',
    frames: [F('fromData', '#throw'), F(TOP, '#top')],
  },
  urls: {
    about: 'scripts at URLs with spaces, parentheses, `@`, non-ASCII, pre-encoded, a query and a fragment; on another port with and without CORS',
    file: 'cases/urls.js',
    frames: [
      F('hop8', 'hops/hop8.js#throw'),
      ...[7, 6, 5, 4, 3, 2, 1].map((n) => F(`hop${n}`, `hops/hop${n}.js#call`)),
      F(TOP, '#top'),
    ],
  },
  minified: {
    about: 'one-line minified strict-mode code, frames past column 12,000',
    file: 'cases/min.js',
    frames: [
      F('q', '#throw'),
      F({ chromium: 'r', firefox: 'r' }, '#r'),
      F({ chromium: null, firefox: 's/<' }, '#s'),
      F({ chromium: 'Array.map', webkit: 'map' }, NATIVE),
      F({ chromium: 's', firefox: 's' }, '#map'),
      F(TOP, '#top'),
    ],
    notes: { webkit: 'r and the map callback are gone: JavaScriptCore eliminates strict-mode tail calls.' },
  },
  'wasm-trap': {
    about: 'a wasm `unreachable` trap, two wasm functions deep (one named in the name section, one not); module compiled from bytes',
    file: 'cases/wasm.mjs',
    frames: [
      F('trap', wasm(offsets.trap)),
      F({ chromium: null, firefox: null, webkit: null }, wasm(offsets.viaUnnamed)),
      F('run', '#trap'),
      F({ webkit: 'run' }, '#asyncRun'),
      F(MODULE_TOP, '#bytes'),
    ],
  },
  'wasm-through-js': {
    about: 'a JS error thrown by an import called from wasm; module compiled from bytes',
    file: 'cases/wasm.mjs',
    frames: [
      F('callback', '#callback'),
      F('callJs', wasm(offsets.callJs)),
      F('run', '#callJs'),
      F({ webkit: 'run' }, '#asyncRun'),
      F(MODULE_TOP, '#bytes'),
    ],
  },
  'wasm-url-trap': {
    about: 'the same trap, module from WebAssembly.instantiateStreaming(fetch(trap.wasm))',
    file: 'cases/wasm.mjs',
    frames: [
      F('trap', wasm(offsets.trap, 'url')),
      F({ chromium: null, firefox: null, webkit: null }, wasm(offsets.viaUnnamed, 'url')),
      F('run', '#trap'),
      F({ webkit: 'run' }, '#asyncRun'),
      F(MODULE_TOP, '#streamed'),
    ],
  },
  'wasm-url-through-js': {
    about: 'the same JS error through wasm, module from instantiateStreaming',
    file: 'cases/wasm.mjs',
    frames: [
      F('callback', '#callback'),
      F('callJs', wasm(offsets.callJs, 'url')),
      F('run', '#callJs'),
      F({ webkit: 'run' }, '#asyncRun'),
      F(MODULE_TOP, '#streamed'),
    ],
  },
  module: {
    about: 'a module script calling an imported function',
    file: 'cases/module.mjs',
    frames: [F('parseConfig', 'cases/module-lib.mjs#throw'), F(MODULE_TOP, '#top')],
  },
  'inline-script': {
    about: 'an inline <script> in the HTML page',
    file: 'pages/inline.html',
    frames: [F('explode', '#throw'), F(TOP, '#inline')],
  },
  'inline-handler': {
    about: 'an onclick attribute, run by element.click() from an inline script',
    file: 'pages/inline.html',
    frames: [
      F('explode', '#throw'),
      F({ chromium: 'HTMLButtonElement.onclick', firefox: 'onclick', webkit: 'onclick' }, handler('#onclick')),
      F({ webkit: 'click' }, NATIVE),
      F(TOP, '#click'),
    ],
    notes: {
      _: 'The onclick frame\'s position is not the document position of the call: see handler() in tests/capture/cases.mjs.',
    },
  },
};

/**
 * Where an engine says a call inside an inline event handler attribute is. Each compiles the
 * attribute value as a function body with its own idea of where that body starts (measured
 * with tests/capture probes: one-line and multi-line attributes at different columns):
 * - Firefox: line and column inside the attribute value (its first line is line 1).
 * - Chromium: offset from the end of the element's start tag (the character after `>`):
 *   on the value's first line the column is that column plus the column in the value.
 * - JavaScriptCore: the document line, but on the value's first line the column in the value.
 * So only JavaScriptCore's line and nobody's column is the position in the document.
 */
function handlerPosition(file, name, engine) {
  const text = siteText(file);
  const at = marker(file, name, engine);
  const valueStart = text.lastIndexOf('="', at.index) + 2;
  const tagEnd = text.indexOf('>', at.index) + 1;
  const inValue = position(text.slice(valueStart), at.index - valueStart);
  const start = position(text, valueStart);
  const end = position(text, tagEnd);
  if (engine === 'firefox') return { line: inValue.line, col: inValue.col };
  if (engine === 'webkit') return { line: start.line + inValue.line - 1, col: inValue.line === 1 ? inValue.col : at.col };
  return { line: end.line + inValue.line - 1, col: inValue.line === 1 ? end.col - 1 + inValue.col : inValue.col };
}

const pick = (value, engine) => (isPerEngine(value) ? value[engine] : value);

/** The frames `engine` is expected to print for case `label` (page: the page it ran in). */
export function expectedFrames(label, engine, { page }) {
  const decl = CASES[label];
  const list = typeof decl.frames === 'function' ? decl.frames(engine) : decl.frames;
  const frames = [];
  for (const spec of list) {
    if (isPerEngine(spec.fn) && !(engine in spec.fn)) continue;
    if (isPerEngine(spec.at) && !(engine in spec.at)) continue;
    const fn = pick(spec.fn, engine) ?? null;
    const at = pick(spec.at, engine);
    const where = locate(decl, at, engine, page, label);
    // `source`: the site file the position is in, for capture.mjs's diagnostics.
    frames.push({ function: fn, ...where, source: sourceOf(decl, at) });
  }
  return frames;
}

function locate(decl, at, engine, page, label) {
  const none = { filename: null, lineno: null, colno: null };
  if (at === NOWHERE) return none;
  if (at === NATIVE) {
    if (engine === 'firefox') throw new Error(`${label}: Firefox prints no native frames`);
    return { ...none, filename: engine === 'chromium' ? '<anonymous>' : '[native code]' };
  }
  if (at.native) return { ...none, filename: at.native };
  if (at.wasm !== undefined) {
    const filename = {
      chromium: V8_WASM,
      webkit: JSC_WASM,
      // Firefox names a module compiled from bytes by the script that compiled it.
      firefox: at.module === 'url' ? `${ORIGINS[0]}/cases/trap.wasm` : fileUrl(decl, decl.file, engine, page, label),
    }[engine];
    return { filename, lineno: null, colno: engine === 'webkit' ? null : at.wasm };
  }
  if (at.handler) {
    const [file, name] = ref(decl, at.handler);
    const pos = handlerPosition(file, name, engine);
    return { filename: fileUrl(decl, file, engine, page, label), lineno: pos.line, colno: pos.col };
  }
  if (at.sourceUrl) {
    const [file, name] = ref(decl, at.at);
    const pos = marker(file, name, engine);
    return { filename: at.sourceUrl, lineno: pos.line, colno: pos.col };
  }
  if (at.lineOnly) {
    const [file, name] = ref(decl, at.lineOnly);
    return { filename: fileUrl(decl, file, engine, page, label), lineno: marker(file, name, engine).line, colno: null };
  }
  const [file, name] = ref(decl, at);
  const pos = marker(file, name, engine);
  return { filename: fileUrl(decl, file, engine, page, label), lineno: pos.line, colno: pos.col };
}

function sourceOf(decl, at) {
  const text = typeof at === 'string' ? at : at?.lineOnly ?? at?.handler ?? at?.at;
  return typeof text === 'string' ? ref(decl, text)[0] : null;
}

function ref(decl, text) {
  const [file, name] = text.split('#');
  return [file || decl.file, name];
}

function fileUrl(decl, file, engine, page, label) {
  if (decl.url && file === decl.file) return decl.url;
  return printedUrl(engine, servedUrl(page, file, label));
}
