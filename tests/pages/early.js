// Runs in the <script> right after Faultline.init(): the wasm cannot have loaded yet.
// The marker comment /*@name*/ sits right before the token V8 reports.
Promise.reject(/*@earlyRejection*/new Error('rejected before the wasm was ready'));
throw /*@earlyThrow*/new RangeError('thrown before the wasm was ready');
