// Runtime selection. tfjs's backend is process-global, so the cpu-versus-wasm checks also run in
// child processes: one process must be able to pick cpu while another picks wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  isRuntimeRequest, requireRuntime, RuntimeLoadError, selectRuntime, type RuntimeRequest,
} from '../backends/tfjs/runtime.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtimeModule = fileURLToPath(new URL('../backends/tfjs/runtime.ts', import.meta.url));

function tfjsNodeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}
const hasTfjsNode = tfjsNodeInstalled();

/** Selects `request` in a fresh Node process and reports what it got, plus its stderr. */
function selectInChild(request: RuntimeRequest, options = '{}') {
  const script = `
    const { selectRuntime } = await import(${JSON.stringify(runtimeModule)});
    const r = await selectRuntime(${JSON.stringify(request)}, ${options});
    const out = r.ok ? { ok: true, name: r.name, backend: r.tf.getBackend(), sum: r.tf.tensor([1, 2]).sum().dataSync()[0] }
                     : { ok: false, codes: r.failures.map((f) => f.code), message: r.message };
    console.log(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  return { result, stderr: child.stderr };
}

test('auto picks tensorflow when tfjs-node is installed, else wasm, and says why', async () => {
  const r = await selectRuntime('auto');
  assert.ok(r.ok);
  assert.equal(r.name, hasTfjsNode ? 'tensorflow' : 'wasm');
  assert.equal(r.tf.getBackend(), r.name);
  if (!hasTfjsNode) {
    assert.deepEqual(r.skipped.map((f) => [f.runtime, f.code]), [['tensorflow', 'RUNTIME_NOT_INSTALLED']]);
    assert.match(r.note ?? '', /tensorflow skipped: @tensorflow\/tfjs-node is not installed/);
  }
});

test('selecting twice is idempotent', async () => {
  const first = await requireRuntime('wasm');
  const second = await requireRuntime('wasm');
  assert.equal(second.name, first.name);
  assert.equal(second.tf, first.tf);
  assert.equal(second.tf.getBackend(), 'wasm');
  assert.equal(second.tf.tensor([3]).square().dataSync()[0], 9);
});

test('an explicit tensorflow request without tfjs-node is a typed failure, not a throw', { skip: hasTfjsNode }, async () => {
  const r = await selectRuntime('tensorflow');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.failures.map((f) => f.code), ['RUNTIME_NOT_INSTALLED']);
  assert.match(r.message, /^the tensorflow runtime cannot be loaded: @tensorflow\/tfjs-node is not installed/);
  assert.doesNotMatch(r.message, /\n|\bat .*:\d+:\d+/, 'one line, no stack frames');
  await assert.rejects(requireRuntime('tensorflow'), (e: unknown) => e instanceof RuntimeLoadError && e.failures[0]?.runtime === 'tensorflow');
});

test('a wasm folder without the binaries fails cleanly, and auto falls back to cpu', async () => {
  const wasmDir = '/nonexistent/graphc-wasm/';
  const explicit = await selectRuntime('wasm', { wasmDir });
  assert.equal(explicit.ok, false);
  if (!explicit.ok) {
    assert.deepEqual(explicit.failures.map((f) => f.code), ['RUNTIME_WASM_BINARY_MISSING']);
    assert.match(explicit.message, /tfjs-backend-wasm-simd\.wasm not found in \/nonexistent\/graphc-wasm\//);
  }
  if (hasTfjsNode) return;
  const auto = await requireRuntime('auto', { wasmDir });
  assert.equal(auto.name, 'cpu');
  assert.match(auto.note ?? '', /wasm skipped: .*not found.*; using cpu/);
  await requireRuntime('wasm');
});

test('one process selects cpu while another selects wasm, both silently', () => {
  const cpu = selectInChild('cpu');
  assert.deepEqual(cpu.result, { ok: true, name: 'cpu', backend: 'cpu', sum: 3 });
  const wasm = selectInChild('wasm');
  assert.deepEqual(wasm.result, { ok: true, name: 'wasm', backend: 'wasm', sum: 3 });
  // quiet (the default) hides tfjs's "install tfjs-node" banner; the note says it instead.
  assert.equal(cpu.stderr + wasm.stderr, '');
});

test('a missing optional package prints nothing in a fresh process', { skip: hasTfjsNode }, () => {
  const { result, stderr } = selectInChild('tensorflow');
  assert.deepEqual(result.codes, ['RUNTIME_NOT_INSTALLED']);
  assert.equal(stderr, '');
});

test('without wasm binaries, auto falls back silently in a fresh process', () => {
  const { result, stderr } = selectInChild('auto', JSON.stringify({ wasmDir: '/nonexistent/' }));
  assert.equal(result.name, hasTfjsNode ? 'tensorflow' : 'cpu');
  assert.equal(stderr, '');
});

test('isRuntimeRequest accepts the four names only', () => {
  for (const ok of ['auto', 'tensorflow', 'wasm', 'cpu']) assert.ok(isRuntimeRequest(ok));
  for (const bad of ['', 'webgl', 'WASM', 'node']) assert.ok(!isRuntimeRequest(bad));
});
