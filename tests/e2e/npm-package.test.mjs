// The npm package works the way an app would use it: `npm pack` pkg/, install the tarball into
// a scratch project (offline: the package must need nothing from a registry), bundle
// `import * as Faultline from 'faultline'` with esbuild, put the package's .wasm beside the
// bundle, load it in a page, and see an event reach Bugsink.
// The app is built once; it then runs in every engine: the npm entry is an ES module that
// finds its .wasm through `import.meta.url`, a load path the script-tag pages do not take.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { launchBrowser } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PAGES, PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, exceptionOf, forEachEngine, requirePkg, sameEventId,
  sdkConfig, waitForMatching,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

const ESBUILD = path.join(REPO, 'node_modules/.bin/esbuild');
let work, app;

async function run(cmd, args, cwd) {
  try {
    return await promisify(execFile)(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout}\n${e.stderr}`);
  }
}

function findFiles(dir, pred, out = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory() && ent.name !== 'node_modules') findFiles(p, pred, out);
    else if (ent.isFile() && pred(ent.name)) out.push(p);
  }
  return out;
}

before(() => {
  requirePkg(['package.json', 'index.js']);
  if (!fs.existsSync(ESBUILD)) throw new Error(`${ESBUILD} missing: run scripts/ensure.sh node`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-npm-'));
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('pkg/ packs, installs offline from the tarball, and bundles with esbuild', async () => {
  const { stdout } = await run('npm', ['pack', '--pack-destination', work, '--json'], PKG);
  const [{ filename }] = JSON.parse(stdout);
  const tgz = path.join(work, filename);
  assert.ok(fs.existsSync(tgz), `npm pack made no ${tgz}`);

  const dir = path.join(work, 'app');
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  await run('npm', ['install', tgz, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  const installed = path.join(dir, 'node_modules/faultline');
  assert.ok(fs.existsSync(installed), 'the tarball did not install as node_modules/faultline');

  fs.writeFileSync(path.join(dir, 'main.js'), [
    "import * as Faultline from 'faultline';",
    'Faultline.init(window.FAULTLINE_CONFIG);',
    'window.Faultline = Faultline; // for the test to drive',
    '',
  ].join('\n'));
  await run(ESBUILD, ['main.js', '--bundle', '--format=esm', '--outfile=dist/app.js', '--log-level=warning'], dir);

  const wasm = findFiles(installed, (n) => n.endsWith('.wasm'));
  assert.ok(wasm.length > 0, `the installed package has no .wasm:\n${findFiles(installed, () => true).join('\n')}`);
  for (const w of wasm) fs.copyFileSync(w, path.join(dir, 'dist', path.basename(w)));

  fs.writeFileSync(path.join(dir, 'index.html'), [
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>scratch app</title>',
    '<script src="/e2e/recorder.js"></script>', // the test's page-error recorder, first
    '<script src="/e2e/helpers.js"></script>', // throwLater(), newError()
    '<script src="/config.js"></script>',
    '<script type="module" src="/dist/app.js"></script>',
    '',
  ].join('\n'));
  app = dir;
});

forEachEngine((engine) => {
  let bs, site, browser;

  before(async () => {
    bs = await startBugsink();
    browser = await launchBrowser(engine);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await bs?.stop();
  });

  test('the bundled SDK delivers a captured and an uncaught error to Bugsink', async () => {
    assert.ok(app, 'the packing test did not build the app');
    site = await serve(app, {
      routes: { '/config.js': configRoute(sdkConfig(bs.dsn)) },
      mounts: { '/e2e/': PAGES },
    });
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/`);
    await tab.waitFor(() => typeof window.Faultline?.captureException === 'function', null, { what: 'the bundle to run' })
      .catch(async (e) => { throw new Error(`${e.message}:\n${await tab.describe()}`); });

    const { id, flushed, stats } = await tab.evaluate(async () => {
      const id = Faultline.captureException(newError('captured from the npm bundle'));
      throwLater('uncaught in the npm bundle', 'TypeError');
      await new Promise((r) => setTimeout(r, 50));
      return { id, flushed: await Faultline.flush(5000), stats: Faultline.getStats() };
    });
    assert.equal(flushed, true, `flush: ${JSON.stringify(stats)}\n${await tab.describe()}`);
    assert.equal(stats.loaded, true, 'the wasm was found through import.meta.url');
    const [captured] = await waitForMatching(bs, (d) => sameEventId(d.event_id, id), 1, { what: `event ${id}` });
    assert.equal(exceptionOf(captured.data)?.value, 'captured from the npm bundle');
    await waitForMatching(bs, (d) => exceptionOf(d)?.value === 'uncaught in the npm bundle', 1,
      { what: 'uncaught TypeError event' });
    await assertOnlyIntentionalPageErrors(tab, ['uncaught in the npm bundle']);
    const { ok, report } = await relayCheck(await bs.events());
    assert.ok(ok, report);
    await tab.close();
  });
});
