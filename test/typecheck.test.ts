/**
 * The whole project — sources, tests, benchmarks, examples — type-checks under `strict`. The
 * tests themselves run through tsx, which strips types without checking them, so this is where a
 * type error anywhere fails the suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

test('tsc --noEmit -p tsconfig.json reports no errors', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
