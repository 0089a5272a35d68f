// The snippets source-url.mjs evaluates, each with a `//# sourceURL=` comment naming it as
// bundlers, extensions and app shells do; imported by tests/capture/cases.mjs too.
// Each snippet (site/eval/<file>) defines one global function that calls the next.
// A sourceURL cannot hold a space: V8 then ignores it and Firefox cuts it at the space.
export const SOURCES = [
  ['eval/webpack-internal.js', 'webpack-internal:///./src/index.js'],
  ['eval/webpack.js', 'webpack://my-app/./src/components/Button.tsx?4f2a'],
  ['eval/app.js', 'app:///renderer.js'],
  ['eval/capacitor.js', 'capacitor://localhost/main.js'],
  ['eval/chrome-extension.js', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/content.js'],
  ['eval/moz-extension.js', 'moz-extension://0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/content.js'],
  ['eval/safari-web-extension.js', 'safari-web-extension://0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/content.js'],
  ['eval/file-windows.js', 'file:///C:/Program%20Files%20(x86)/App/resources/app.asar/main.js'],
  ['eval/file-posix.js', '/home/dev/my-app/dist/main.js'],
];
