/**
 * What selecting a tfjs runtime shows (issue 15): one short `runtime: wasm` line, the reasons
 * for skipping faster runtimes only under --verbose (item 14); and selecting wasm leaves the
 * process's exception handlers as it found them, so a user's uncaught error prints its own short
 * stack, not Emscripten's 30 KB of minified source (item 20).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/main.js';

const MODEL = 'test/cases/diagnostics/run-input-shape/model.yaml';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('a child that selects wasm and then throws prints a short stack, and keeps its own handlers', () => {
  const runtime = fileURLToPath(new URL('../backends/tfjs/runtime.ts', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'graphc-handlers-'));
  const script = join(dir, 'throw.mts');
  writeFileSync(script, [
    `import { selectRuntime } from ${JSON.stringify(runtime)};`,
    "const mine = () => {};",
    "process.on('unhandledRejection', mine);",
    "const s = await selectRuntime('wasm');",
    "const kept = process.listeners('unhandledRejection');",
    "console.error(`selected ${s.ok ? s.name : 'none'}; handlers ${process.listeners('uncaughtException').length} ${kept.length} ${kept[0] === mine}`);",
    "process.removeListener('unhandledRejection', mine);",
    "setTimeout(() => { throw new Error('user bug'); }, 0);",
    '',
  ].join('\n'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /selected wasm; handlers 0 1 true/);
  assert.match(r.stderr, /Error: user bug\n\s+at /);
  assert.doesNotMatch(r.stderr, /WasmBackendModule|tfjs-backend-wasm\.js/);
  assert.ok(r.stderr.length < 2000, `stderr is ${r.stderr.length} characters`);
});

test('build prints one short runtime line; --verbose says why faster runtimes were skipped', async () => {
  const out = mkdtempSync(join(tmpdir(), 'graphc-rt-'));
  const plain = await cli('build', MODEL, '--target', 'tfjs', '--backend', 'auto', '--out', join(out, 'a'));
  assert.equal(plain.code, 0, plain.err);
  const line = plain.err.split('\n').find((l) => l.startsWith('runtime: '));
  assert.ok(line !== undefined && /^runtime: (tensorflow|wasm|cpu)$/.test(line), plain.err);
  assert.doesNotMatch(plain.err, /skipped|one thread/);
  const verbose = await cli('build', MODEL, '--target', 'tfjs', '--backend', 'auto', '--out', join(out, 'b'), '--verbose');
  assert.equal(verbose.code, 0, verbose.err);
  if (line === 'runtime: wasm') assert.match(verbose.err, /^runtime: wasm\n {2}tensorflow skipped: .+\n {2}using wasm/m);
});

test('run prints no runtime remarks unless --verbose', async () => {
  const plain = await cli('run', MODEL, '--repeat', '0');
  assert.equal(plain.code, 0, plain.err);
  assert.doesNotMatch(plain.out, /skipped|one thread/);
  const verbose = await cli('run', MODEL, '--repeat', '0', '--verbose');
  if (/on tfjs \(wasm\)/.test(verbose.out)) assert.match(verbose.out, /\n {2}tensorflow skipped: /);
});
