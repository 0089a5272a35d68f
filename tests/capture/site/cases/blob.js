// Loads blob-body.js through a blob: URL, and data-body.js through a data: URL built here.
(async function () {
  const text = await (await fetch('/cases/blob-body.js')).text();
  const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  __capture.record('blob-url', { name: 'url', message: url });
  const script = document.createElement('script');
  script.src = url;
  document.head.appendChild(script);
})();
