// `node tests/types/check.mjs`: pkg/index.d.ts against how Sentry users write code.
//  1. usage.sentry.ts must be usage.ts with the import from '@sentry/browser' instead of
//     'faultline' (`--write` regenerates it), so the two never drift apart;
//  2. `tsc --noEmit -p tests/types`: usage.ts must type-check against faultline's
//     declarations, usage.sentry.ts against @sentry/browser's, extensions.ts and global.ts
//     (faultline only) too; each `@ts-expect-error` line must fail in both.
//  3. pkg/index.d.ts on its own, strict.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = root + 'node_modules/.bin/tsc';

const usage = readFileSync(dir + 'usage.ts', 'utf8');
const expected = usage.replace(/from 'faultline';/g, "from '@sentry/browser';");
if (!usage.includes("from 'faultline';")) throw new Error("usage.ts must import from 'faultline'");
if (process.argv.includes('--write')) writeFileSync(dir + 'usage.sentry.ts', expected);
if (readFileSync(dir + 'usage.sentry.ts', 'utf8') !== expected) {
  console.error('tests/types/usage.sentry.ts is not usage.ts with the @sentry/browser import: run node tests/types/check.mjs --write');
  process.exit(1);
}

try {
  execFileSync(tsc, ['--noEmit', '-p', dir], { stdio: 'inherit' });
  execFileSync(tsc, ['--noEmit', '--strict', root + 'pkg/index.d.ts'], { stdio: 'inherit' });
} catch (_) {
  console.error('type check failed');
  process.exit(1);
}
console.log('types: usage.ts checks against faultline and @sentry/browser alike; extensions.ts, global.ts, index.d.ts ok');
