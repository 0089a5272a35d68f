// A minimal W3C WebDriver client for the engines playwright-core cannot drive here: Debian's
// Firefox ESR (geckodriver) and WebKitGTK (WebKitWebDriver + MiniBrowser, under Xvfb: it has
// no headless mode). Chromium works through chromedriver too, so one API covers all three.
//
//   const browser = await launchWebDriver('firefox');   // 'chromium' | 'firefox' | 'webkit'
//   const tab = await browser.newPage();
//   await tab.goto(url);
//   const v = await tab.evaluate((arg) => document.title + arg, '!');   // awaits promises
//   await browser.close();                              // ends the session, stops driver and Xvfb
//
// Every process listens on 127.0.0.1 only and is stopped by close().

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './collector.mjs';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Drivers and Xvfb die with this process, however it ends (a failed test, Ctrl-C, SIGPIPE):
// close() is the normal path, this is the backstop. geckodriver and WebKitWebDriver take
// their browsers down with them.
const children = new Set();
function track(proc) {
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  return proc;
}
process.once('exit', () => {
  for (const p of children) p.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE']) {
  process.once(sig, () => {
    for (const p of children) p.kill('SIGTERM');
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : sig === 'SIGPIPE' ? 13 : 15));
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':').concat([path.join(os.homedir(), '.cargo/bin')])) {
    const p = path.join(dir, cmd);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** Starts Xvfb on a free display; resolves to { display, stop }. */
async function startXvfb() {
  for (let n = 90 + Math.floor(Math.random() * 100); n < 400; n++) {
    if (fs.existsSync(`/tmp/.X${n}-lock`)) continue;
    const proc = track(spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' }));
    let exited = false;
    proc.once('exit', () => { exited = true; });
    for (let i = 0; i < 50 && !exited; i++) {
      if (fs.existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, stop: () => proc.kill('SIGTERM') };
      await sleep(100);
    }
    proc.kill('SIGKILL');
  }
  throw new Error('could not start Xvfb');
}

function capabilities(engine) {
  if (engine === 'firefox') {
    return { browserName: 'firefox', 'moz:firefoxOptions': { args: ['-headless'], prefs: { 'app.update.enabled': false } } };
  }
  if (engine === 'webkit') {
    return { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } };
  }
  return {
    browserName: 'chrome',
    'goog:chromeOptions': {
      binary: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  };
}

function driverCommand(engine, port) {
  if (engine === 'firefox') return [which('geckodriver'), ['--host', '127.0.0.1', '--port', String(port)]];
  if (engine === 'webkit') return ['/usr/bin/WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1']];
  return ['/usr/bin/chromedriver', [`--port=${port}`, '--allowed-ips=127.0.0.1']];
}

export async function launchWebDriver(engine) {
  const cleanups = [];
  const env = { ...process.env };
  try {
    if (engine === 'webkit') {
      const x = await startXvfb();
      cleanups.push(x.stop);
      env.DISPLAY = x.display;
    }
    const port = await freePort();
    const [cmd, args] = driverCommand(engine, port);
    if (!cmd || !fs.existsSync(cmd)) throw new Error(`no WebDriver for ${engine}: run scripts/ensure.sh browsers`);
    const driver = track(spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] }));
    let stderr = '';
    driver.stderr.on('data', (d) => { stderr = (stderr + d).slice(-5000); });
    cleanups.push(() => driver.kill('SIGTERM'));
    const base = `http://127.0.0.1:${port}`;

    async function call(method, url, body) {
      const res = await fetch(base + url, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) {
        const v = json.value ?? {};
        throw new Error(`WebDriver ${method} ${url}: ${v.error ?? res.status}: ${v.message ?? ''}`.slice(0, 2000));
      }
      return json.value;
    }

    for (let i = 0; ; i++) {
      try {
        await call('GET', '/status');
        break;
      } catch (e) {
        if (i > 100) throw new Error(`${engine} WebDriver did not start: ${e.message}\n${stderr}`);
        await sleep(100);
      }
    }
    const session = await call('POST', '/session', { capabilities: { alwaysMatch: capabilities(engine) } });
    const sid = session.sessionId;
    cleanups.unshift(() => call('DELETE', `/session/${sid}`).catch(() => {}));
    const caps = session.capabilities ?? {};
    await call('POST', `/session/${sid}/timeouts`, { script: 60_000, pageLoad: 60_000 });

    const page = {
      async goto(url) {
        await call('POST', `/session/${sid}/url`, { url });
      },
      /** Runs `fn(arg)` in the page and resolves with its awaited, JSON-able result. */
      async evaluate(fn, arg) {
        const script = `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
            .then((v) => done({ ok: true, v }), (e) => done({ ok: false, e: String(e && e.stack || e) }));`;
        const r = await call('POST', `/session/${sid}/execute/async`, { script, args: [arg ?? null] });
        if (!r.ok) throw new Error(`in page: ${r.e}`);
        return r.v;
      },
      async click(selector) {
        const el = await call('POST', `/session/${sid}/element`, { using: 'css selector', value: selector });
        const id = el['element-6066-11e4-a52e-4a52e4a52e4a'] ?? Object.values(el)[0];
        await call('POST', `/session/${sid}/element/${id}/click`, {});
      },
      url: () => call('GET', `/session/${sid}/url`),
    };

    return {
      engine,
      name: caps.browserName ?? engine,
      version: caps.browserVersion ?? 'unknown',
      /** One session has one window; each call navigates it fresh. */
      async newPage() {
        await page.goto('about:blank');
        return page;
      },
      async close() {
        for (const f of cleanups) await f();
        cleanups.length = 0;
      },
    };
  } catch (e) {
    for (const f of cleanups) await f();
    throw e;
  }
}
