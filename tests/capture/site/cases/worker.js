// Starts worker-body.js, a dedicated Web Worker, and records the stacks it posts back.
const worker = new Worker('/cases/worker-body.js');
worker.onmessage = (event) => {
  __capture.recordDescribed(event.data);
};
worker.postMessage('go');
