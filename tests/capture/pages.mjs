// The capture pages: what each one loads, from which URL, and which labels it records.
// Every page also loads /harness.js first. A script entry is either a site path (served from
// tests/capture/site/ at that path) or an object:
//   { src, file }     serve site file `file` at URL `src` (raw or percent-encoded, as a page
//                     author would write it in <script src>); `origin: 2` puts it on the
//                     second loopback port; `crossorigin: true` adds the attribute
//   { data, file, encode }   inline `file` as a data: URL ('component': encodeURIComponent;
//                     'raw': only newlines, `%` and `#` escaped)
//   { module: true }  <script type="module">
//   { dataset: {...} } data-* attributes, read by the script through document.currentScript
// `html`: a committed page under site/pages/ instead of a generated one.

export const PAGES = [
  { page: 'nested', scripts: ['/cases/nested.js'], labels: ['nested'] },
  { page: 'anonymous', scripts: ['/cases/anonymous.js'], labels: ['anonymous'] },
  { page: 'classes', scripts: ['/cases/classes.js'], labels: ['classes', 'getter'] },
  { page: 'async', scripts: ['/cases/async.js'], labels: ['async', 'promise-then', 'promise-all', 'promise-executor'] },
  { page: 'generators', scripts: ['/cases/generators.js'], labels: ['generator', 'async-generator'] },
  { page: 'eval', scripts: ['/cases/eval.js'], labels: ['eval', 'eval-nested', 'new-function', 'eval-function-nested'] },
  {
    page: 'callbacks',
    scripts: ['/cases/callbacks.js'],
    labels: ['settimeout', 'event-listener', 'event-listener-nested', 'array-native', 'bind-call-apply'],
  },
  {
    page: 'errors',
    scripts: ['/cases/errors.js'],
    labels: ['cause', 'cause-inner', 'custom-name', 'renamed', 'multiline-message', 'type-error',
      'dom-exception', 'object-thrown', 'string-thrown', 'capture-stack-trace'],
  },
  ...[['deep-default'], ['deep-raised', '200'], ['limit-3', '3'], ['limit-0', '0']].map(([label, limit]) => ({
    page: label,
    scripts: [{ src: '/cases/deep.js', dataset: { label, ...(limit ? { limit } : {}) } }],
    labels: [label],
  })),
  { page: 'worker', scripts: ['/cases/worker.js'], labels: ['worker', 'worker-onmessage'] },
  { page: 'blob', scripts: ['/cases/blob.js'], labels: ['blob-url', 'blob'] },
  {
    page: 'data',
    scripts: [
      { data: 'cases/data-body.js', encode: 'component', dataset: { label: 'data-url' } },
      { data: 'cases/data-body.js', encode: 'raw', dataset: { label: 'data-url-raw' } },
    ],
    labels: ['data-url', 'data-url-raw'],
  },
  {
    page: 'urls',
    scripts: [
      { src: '/odd/with space/file name.js', file: 'hops/hop1.js' },
      { src: '/odd/paren (1)/copy (2).js', file: 'hops/hop2.js' },
      { src: '/odd/npm/@scope/lib@1.2.0/index.js', file: 'hops/hop3.js' },
      { src: '/odd/ünïcödé/файл.js', file: 'hops/hop4.js' },
      { src: '/odd/%C3%A9t%C3%A9/pre%20encoded.js', file: 'hops/hop5.js' },
      { src: '/odd/query.js?v=1.2.3&lang=en&q=a b#section:2', file: 'hops/hop6.js' },
      { src: '/cdn/cors.js', file: 'hops/hop7.js', origin: 2, crossorigin: true },
      { src: '/cdn/no-cors.js', file: 'hops/hop8.js', origin: 2 },
      '/cases/urls.js',
    ],
    labels: ['urls'],
  },
  { page: 'minified', scripts: ['/cases/min.js'], labels: ['minified'] },
  {
    page: 'wasm',
    scripts: [{ src: '/cases/wasm.mjs', module: true }],
    labels: ['wasm-trap', 'wasm-through-js', 'wasm-url-trap', 'wasm-url-through-js'],
  },
  { page: 'names', scripts: ['/cases/names.js'], labels: ['names'] },
  { page: 'overflow', scripts: ['/cases/overflow.js'], labels: ['stack-overflow'] },
  { page: 'source-url', scripts: [{ src: '/cases/source-url.mjs', module: true }], labels: ['source-url'] },
  { page: 'module', scripts: [{ src: '/cases/module.mjs', module: true }], labels: ['module'] },
  { page: 'inline', html: 'pages/inline.html', labels: ['inline-script', 'inline-handler'] },
];
