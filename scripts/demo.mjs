#!/usr/bin/env node
// scripts/demo.mjs — what `make demo` runs after the build.
//
// Starts a Bugsink whose data persists in .cache/demo-bugsink (port 8000, or any free one),
// serves www/ at / and pkg/ at /pkg/ on 127.0.0.1:8080 (or any free port), with /config.js
// carrying the DSN, prints where to look, and stops everything it started on Ctrl-C / SIGTERM.
// Options: --bugsink-port N, --port N (0 = any free port); FAULTLINE_PKG=<dir> serves another pkg/.

import fs from 'node:fs';
import path from 'node:path';

import { REPO, freePort, portIsFree, spawnBugsink } from '../tests/support/collector.mjs';
import { serve } from '../tests/support/static.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

const PKG = path.resolve(process.env.FAULTLINE_PKG ?? path.join(REPO, 'pkg'));
const WWW = path.join(REPO, 'www');
const DATA = path.join(REPO, '.cache/demo-bugsink');

async function pickPort(wanted) {
  if (wanted && (await portIsFree(wanted))) return wanted;
  return freePort();
}

let bugsink = null;
let site = null;
let stopping = false;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await site?.close();
  if (bugsink && bugsink.child.exitCode === null && bugsink.child.signalCode === null) {
    bugsink.child.kill('SIGTERM');
    const t = setTimeout(() => bugsink.child.kill('SIGKILL'), 3000);
    await bugsink.exited;
    clearTimeout(t);
  }
  process.exit(code);
}
process.on('SIGINT', () => { console.log('\nstopping…'); stop(0); });
process.on('SIGTERM', () => stop(0));

try {
  if (!fs.existsSync(path.join(PKG, 'faultline.min.js'))) {
    console.warn('warning: pkg/faultline.min.js is missing (run make build): the page will say so.');
  }
  fs.mkdirSync(DATA, { recursive: true });
  const bugsinkPort = await pickPort(opt('--bugsink-port', 8000));
  bugsink = await spawnBugsink({ dir: DATA, port: bugsinkPort });
  const { info } = bugsink;
  bugsink.exited.then(({ code, sig }) => {
    if (stopping) return;
    // Ctrl-C in a terminal reaches the whole process group: Bugsink may stop first.
    if (code === 0 || sig === 'SIGINT' || sig === 'SIGTERM') return stop(0);
    console.error(`Bugsink exited (${code ?? sig}):\n${bugsink.stderrTail()}`);
    return stop(1);
  });

  const config = { dsn: info.dsn, bugsink: info.url, projectId: info.project_id, user: info.user, password: info.password };
  site = await serve(WWW, {
    port: await pickPort(opt('--port', 8080)),
    mounts: { '/pkg/': PKG },
    routes: {
      '/config.js': () => ({
        type: 'text/javascript; charset=utf-8',
        body: `window.FAULTLINE_DEMO = ${JSON.stringify(config, null, 2)};\n`,
      }),
    },
  });

  console.log(`
  faultline demo   ${site.url}/
  Bugsink          ${info.url}/issues/${info.project_id}/
  Bugsink login    ${info.user} / ${info.password}
  DSN              ${info.dsn}
  data             ${path.relative(process.cwd(), DATA) || DATA} (kept between runs; delete it to start over)

  Ctrl-C stops both servers.
`);
} catch (e) {
  console.error(`demo: ${e.message}`);
  await stop(1);
}
