// A private Bugsink for one test file, read back through its REST API.
//
//   const bs = await startBugsink();            // fresh temp dir, free loopback port
//   ... point the SDK at bs.dsn ...
//   const events = await bs.waitForEvents(3);   // [{ id, event_id, issue, data, ... }]
//   await bs.stop();                            // kills the server, removes the dir
//
// Bugsink's API (`/api/canonical/0/`, `Authorization: Bearer <token>`), as read from 2.6.2:
// - `issues/?project=<id>` → `{ next, previous, results: [issue] }`, cursor-paginated (250 a page,
//   `next` is a full URL or null); an issue has `id` (uuid), `friendly_id`, `calculated_type`,
//   `calculated_value`, `digested_event_count`, `stored_event_count`.
// - `events/?issue=<uuid>` (the issue filter is REQUIRED: there is no per-project event list) → same
//   envelope, newest first unless `order=asc`; list items have NO `data`.
// - `events/<uuid>/` → one event with `data`: the event JSON exactly as the SDK sent it (Bugsink
//   does not normalise it), plus `event_id` (dashed uuid), `issue`, `ingested_at`, `digest_order`.
// Ingest is synchronous (tasks run inline), so an event is readable once its POST got its 200.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PYTHON = path.join(REPO, '.tools/venv/bin/python');
const BUGSINK_PY = path.join(REPO, 'tests/support/bugsink.py');
const RELAY_PY = path.join(REPO, 'tests/support/relay_check.py');

function needVenv() {
  if (!fs.existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: run scripts/ensure.sh python`);
  }
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** True if nothing listens on 127.0.0.1:port. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Run tests/support/bugsink.py in the foreground of a child process.
 * Resolves once `/health/ready` answers, with the JSON line it printed and the child.
 * `dir` persists if given; otherwise the caller owns removing it.
 */
export async function spawnBugsink({ dir, port, quota, timeoutMs = 60_000 } = {}) {
  needVenv();
  const args = [BUGSINK_PY, 'serve', '--dir', dir, '--port', String(port)];
  if (quota != null) args.push('--quota', String(quota));
  const child = spawn(PYTHON, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  const tail = () => stderr.split('\n').slice(-15).join('\n');

  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
  const firstLine = new Promise((resolve) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
  });
  const deadline = Date.now() + timeoutMs;
  const fail = (why) => {
    child.kill('SIGKILL');
    return new Error(`bugsink did not start: ${why}\n--- bugsink stderr (tail) ---\n${tail()}`);
  };

  let timer;
  const line = await Promise.race([
    firstLine,
    new Promise((_, reject) => {
      exited.then(({ code, sig }) => reject(new Error(`exited (${code ?? sig}) before printing its JSON line`)));
    }),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no JSON line within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).catch((e) => { throw fail(e.message); }).finally(() => clearTimeout(timer));
  const info = JSON.parse(line);

  let dead = null;
  exited.then((r) => { dead = r; });
  for (;;) {
    if (dead) throw fail(`exited (${dead.code ?? dead.sig}) before /health/ready`);
    try {
      const r = await fetch(`${info.url}/health/ready`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw fail(`/health/ready not answering within ${timeoutMs} ms`);
    await sleep(25);
  }
  return { info, child, exited, stderrTail: tail };
}

// Children still running when node exits (a test crashed before `after`) are killed.
const live = new Set();
process.on('exit', () => { for (const c of live) c.kill('SIGKILL'); });

/**
 * Start a fresh Bugsink in a temp dir on a free loopback port.
 * `quota` sets MAX_EVENTS_PER_PROJECT_PER_5_MINUTES (Bugsink answers 429 beyond it).
 */
export async function startBugsink({ quota } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bugsink-'));
  let started;
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      started = await spawnBugsink({ dir, port, quota });
      break;
    } catch (e) {
      // Another process may have taken the port between freePort() and bind: try once more.
      if (attempt >= 1 || !/already in use/i.test(e.message)) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const { info, child, exited } = started;
  live.add(child);

  const auth = { authorization: `Bearer ${info.token}` };
  async function api(pathOrUrl) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${info.url}/api/canonical/0/${pathOrUrl}`;
    const r = await fetch(url, { headers: auth });
    const text = await r.text();
    if (!r.ok) throw new Error(`GET ${url}: ${r.status} ${text.slice(0, 500)}`);
    return JSON.parse(text);
  }
  async function all(pathOrUrl) {
    const out = [];
    for (let next = pathOrUrl; next;) {
      const page = await api(next);
      out.push(...page.results);
      next = page.next;
    }
    return out;
  }

  const details = new Map(); // event uuid → detail (events never change once stored)
  async function detail(id) {
    if (!details.has(id)) details.set(id, await api(`events/${id}/`));
    return details.get(id);
  }

  /** Issues of the project, oldest first. */
  const issues = () => all(`issues/?project=${info.project_id}&sort=digest_order&order=asc`);

  /** Events of one issue (uuid), oldest first, each with its full `data`. */
  async function eventsOfIssue(issueId) {
    const list = await all(`events/?issue=${encodeURIComponent(issueId)}&order=asc`);
    return Promise.all(list.map((e) => detail(e.id)));
  }

  /** Every event of the project, in ingest order, each with its full `data`. */
  async function events() {
    const out = [];
    for (const issue of await issues()) out.push(...(await eventsOfIssue(issue.id)));
    return out.sort((a, b) => a.ingested_at.localeCompare(b.ingested_at) || a.digest_order - b.digest_order);
  }

  /** Poll until at least `n` events are stored; resolves with all of them, rejects on timeout. */
  async function waitForEvents(n, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const evs = await events();
      if (evs.length >= n) return evs;
      if (Date.now() > deadline) {
        const seen = evs.map((e) => `${e.data?.exception?.values?.[0]?.type ?? ''}: ${
          e.data?.exception?.values?.[0]?.value ?? e.data?.message ?? e.data?.logentry?.message ?? ''}`);
        throw new Error(`waited ${timeoutMs} ms for ${n} event(s) in Bugsink, got ${evs.length}` +
          (seen.length ? `:\n  ${seen.join('\n  ')}` : ''));
      }
      await sleep(100);
    }
  }

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    live.delete(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  return {
    url: info.url,
    dsn: info.dsn,
    projectId: info.project_id,
    token: info.token,
    user: info.user,
    password: info.password,
    dir,
    api,
    issues,
    events,
    eventsOfIssue,
    waitForEvents,
    stop,
  };
}

/**
 * Run events (event payloads, or Bugsink event details with `data`) through Relay's own
 * normaliser (PyPI sentry-relay). Resolves `{ ok, report }`; `report` lists each event's errors.
 */
export function relayCheck(events) {
  needVenv();
  const payloads = events.map((e) => (e && typeof e === 'object' && 'data' in e && 'ingested_at' in e ? e.data : e));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [RELAY_PY], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 || code === 1) resolve({ ok: code === 0, report: out.trim() });
      else reject(new Error(`relay_check.py exited ${code}: ${err}`));
    });
    child.stdin.end(JSON.stringify(payloads));
  });
}
