/**
 * Golden-file comparison shared by every suite. `npm run goldens` sets UPDATE_GOLDENS=1 to
 * rewrite the files (a reviewer then reads the diff); CI never sets it, so there a stale or
 * missing golden fails the test.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import assert from 'node:assert/strict';

/** True when the run should rewrite goldens instead of comparing. */
export const UPDATING = process.env['UPDATE_GOLDENS'] === '1' && process.env['CI'] !== 'true';

/** Compares `actual` with the golden file at `path` (relative to the repo root), byte for byte. */
export function expectGolden(path: string, actual: string | Uint8Array): void {
  if (UPDATING) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden file ${path} is missing; run \`npm run goldens\` and review the diff`);
  const expected = readFileSync(path);
  const got = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : Buffer.from(actual);
  if (!expected.equals(got)) {
    if (typeof actual === 'string') assert.equal(actual, expected.toString('utf8'), `${path} differs; run \`npm run goldens\` if the change is intended`);
    assert.fail(`${path} differs (binary); run \`npm run goldens\` if the change is intended`);
  }
}
