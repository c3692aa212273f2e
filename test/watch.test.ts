/**
 * `--watch` (issue 15 item 16): validate and build run again when the model file is saved,
 * errors are printed without ending the watch, and the watch ends cleanly. Also the CLI's signal
 * handling (item 11): SIGTERM and Ctrl-C end a watching `graphc` with 143 and 130. No timings
 * are asserted: each step waits for the output it expects (the test's timeout bounds it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/main.js';

const GOOD = 'graphc: 1\nname: Watched\ninputs: [{ shape: [4], name: x }]\nbody:\n  - Dense: { units: 2, name: d }\n';
const BAD = 'graphc: 1\nname: Watched\ninputs: [{ shape: [4], name: x }]\nbody:\n  - Dense: { unitz: 2, name: d }\n';

/** An in-process CLI whose output can be awaited for a pattern. */
function watched(args: string[]): { done: Promise<number>; text: () => string; waitFor: (re: RegExp, count?: number) => Promise<void>; stop: () => void } {
  let text = '';
  const waiters: { re: RegExp; count: number; resolve: () => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if ((text.match(new RegExp(w.re.source, 'g')) ?? []).length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const write = (t: string): void => {
    text += t;
    check();
  };
  const controller = new AbortController();
  const done = runCli(args, { out: write, err: write, stop: controller.signal });
  return {
    done,
    text: () => text,
    waitFor: (re, count = 1) => new Promise<void>((resolve) => {
      waiters.push({ re, count, resolve });
      check();
    }),
    stop: () => controller.abort(),
  };
}

test('validate --watch checks again on save, reports errors and keeps watching', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-watch-'));
  const file = join(dir, 'm.yaml');
  writeFileSync(file, GOOD);
  const w = watched(['validate', file, '--watch']);
  await w.waitFor(/waiting for changes/);
  assert.match(w.text(), /m\.yaml: ok \(Watched, 2 layers/);
  writeFileSync(file, BAD);
  await w.waitFor(/GC2001: unknown key `unitz`/);
  await w.waitFor(/failed \(exit 1\); waiting for changes/);
  writeFileSync(file, GOOD);
  await w.waitFor(/m\.yaml: ok \(Watched/, 2);
  await w.waitFor(/waiting for changes/, 3);
  w.stop();
  assert.equal(await w.done, 0);
});

test('build --watch writes the outputs again after a save', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-watch-build-'));
  const file = join(dir, 'm.yaml');
  const out = join(dir, 'out');
  writeFileSync(file, GOOD);
  const w = watched(['build', file, '--target', 'ts', '--out', out, '--watch']);
  await w.waitFor(/waiting for changes/);
  assert.deepEqual(readdirSync(out), ['Watched.ts']);
  writeFileSync(file, GOOD.replace('Watched', 'Renamed'));
  await w.waitFor(/Renamed\.ts/);
  await w.waitFor(/waiting for changes/, 2);
  assert.deepEqual(readdirSync(out).sort(), ['Renamed.ts', 'Watched.ts']);
  w.stop();
  assert.equal(await w.done, 0);
});

test('--watch with --json is a usage error', async () => {
  let out = '';
  const code = await runCli(['validate', 'x.yaml', '--watch', '--json'], { out: (t) => (out += t), err: () => {} });
  assert.equal(code, 2);
  assert.match(out, /--watch prints a report for every run/);
});

for (const [signal, exit] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`${signal} ends a watching graphc with exit ${exit}, after cleaning up`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graphc-signal-'));
    const file = join(dir, 'm.yaml');
    writeFileSync(file, GOOD);
    const entry = fileURLToPath(new URL('../cli/graphc.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'validate', file, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    await new Promise<void>((ready) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('waiting for changes')) ready();
      });
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, sig) => done({ code, signal: sig })));
    child.kill(signal);
    const result = await exited;
    assert.deepEqual(result, { code: exit, signal: null });
    assert.match(err, new RegExp(`graphc: interrupted \\(${signal}\\)`));
  });
}
