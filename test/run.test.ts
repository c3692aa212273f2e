/**
 * `graphc run`, in-process: random and file inputs (JSON, PNG), both runtimes, the optimizer,
 * weights from a build folder, the summary and timing it prints (text and JSON), and a diagnostic
 * with the right exit code for every bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../cli/main.js';
import type { OutputSummary, RunReport } from '../cli/run-report.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Runs with --json and parses the one object it prints. */
async function runJson(...args: string[]): Promise<RunReport> {
  const r = await cli('run', ...args, '--json');
  assert.equal(r.code, 0, r.err + r.out);
  return JSON.parse(r.out) as RunReport;
}

const dir = mkdtempSync(join(tmpdir(), 'graphc-run-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A small classifier: softmax head, BatchNorm to fold, Dropout to drop. */
const TINY = file('tiny.yaml', `graphc: 1
name: Tiny
params:
  channels: { type: int, default: 3 }
inputs: [{ shape: [2, 3, $channels], name: image }]
defaults:
  Conv2D: { kernel_initializer: { class_name: GlorotUniform, config: { seed: 3 } } }
  Dense: { kernel_initializer: { class_name: GlorotUniform, config: { seed: 4 } } }
body:
  - Conv2D: { filters: 8, kernel_size: 2, padding: same, name: conv }
  - BatchNormalization: { name: bn, moving_variance_initializer: { class_name: Constant, config: { value: 2.0 } }, beta_initializer: { class_name: Constant, config: { value: 0.1 } } }
  - ReLU: { max_value: 6, name: relu }
  - Flatten: { name: flat }
  - Dropout: { rate: 0.5, name: drop }
  - Dense: { units: 7, activation: softmax, name: probs }
`);

/** Two inputs, two outputs, one of them not a classifier. */
const TWO = file('two.yaml', `graphc: 1
name: Two
inputs:
  - { shape: [4], name: a }
  - { shape: [2], name: b }
defaults:
  Dense: { kernel_initializer: { class_name: GlorotUniform, config: { seed: 5 } } }
body:
  - Concatenate: { inputs: [a, b], name: joined }
  - Dense: { units: 3, activation: softmax, name: cls }
  - Dense: { input: joined, units: 2, name: reg }
outputs: [cls, reg]
`);

const close = (a: number, b: number, tol = 1e-4): boolean => Math.abs(a - b) <= tol;
function assertSameOutputs(a: readonly OutputSummary[], b: readonly OutputSummary[], tol = 1e-4): void {
  assert.equal(a.length, b.length);
  a.forEach((o, i) => {
    const p = b[i]!;
    assert.equal(o.name, p.name);
    assert.deepEqual(o.shape, p.shape);
    for (const k of ['min', 'max', 'mean'] as const) assert.ok(close(o[k], p[k], tol), `${o.name}.${k}: ${o[k]} vs ${p[k]}`);
    assert.equal(o.top5 === undefined, p.top5 === undefined);
    o.top5?.forEach((row, s) => row.forEach((c, j) => {
      assert.ok(close(c.probability, p.top5![s]![j]!.probability, tol), `${o.name} sample ${s} rank ${j}`);
    }));
  });
}

test('random input on tfjs: one JSON object with outputs, top-5 of the softmax head, timing', async () => {
  const r = await runJson(TINY, '--backend', 'wasm', '--repeat', '3');
  assert.equal(r.model, 'Tiny');
  assert.equal(r.runtime, 'tfjs');
  assert.equal(r.tfjs_backend, 'wasm');
  assert.equal(r.engine, 'tfjs (wasm)');
  assert.equal(r.weights, 'initializers');
  assert.equal(r.optimized, null);
  assert.deepEqual(r.input, { source: 'random', seed: 0, tensors: [{ name: 'image', shape: [1, 2, 3, 3], dtype: 'float32' }] });
  const [probs] = r.outputs;
  assert.equal(probs!.name, 'probs');
  assert.deepEqual(probs!.shape, [1, 7]);
  assert.ok(close(probs!.mean, 1 / 7, 1e-6), 'softmax rows sum to 1');
  const top = probs!.top5![0]!;
  assert.equal(top.length, 5);
  assert.equal(new Set(top.map((c) => c.class)).size, 5);
  for (let i = 1; i < top.length; i++) assert.ok(top[i - 1]!.probability >= top[i]!.probability);
  assert.equal(top[0]!.probability, probs!.max);
  const t = r.timing_ms;
  assert.equal(t.runs, 3);
  assert.ok(t.first_run > 0 && t.median! > 0 && t.min! > 0 && t.min! <= t.median! && t.compile >= 0 && t.build > 0);
});

test('the same seed gives the same outputs; another seed, others', async () => {
  const a = await runJson(TINY, '--backend', 'wasm', '--repeat', '0', '--seed', '42');
  const b = await runJson(TINY, '--backend', 'wasm', '--repeat', '0', '--seed', '42');
  const c = await runJson(TINY, '--backend', 'wasm', '--repeat', '0', '--seed', '43');
  assert.deepEqual(a.outputs, b.outputs);
  assert.notDeepEqual(a.outputs, c.outputs);
  assert.equal(a.timing_ms.median, null);
  assert.equal(a.timing_ms.runs, 0);
});

test('tfjs and onnx, plain and optimized, compute the same outputs', async () => {
  const base = await runJson(TINY, '--backend', 'wasm', '--batch', '3', '--repeat', '1');
  assert.deepEqual(base.outputs[0]!.shape, [3, 7]);
  assert.equal(base.outputs[0]!.top5!.length, 3);
  const variants = [
    ['--runtime', 'onnx'],
    ['--runtime', 'onnx', '--optimize', 'inference', '--threads', '1'],
    ['--optimize', 'inference'],
    ['--backend', 'cpu'],
  ];
  for (const extra of variants) {
    const r = await runJson(TINY, '--backend', 'wasm', '--batch', '3', '--repeat', '1', ...extra);
    assertSameOutputs(r.outputs, base.outputs);
    if (extra.includes('inference')) assert.deepEqual(r.optimized, { folded_batchnorms: 1, fused_activations: 1, dropped_layers: 1 });
  }
  const onnx = await runJson(TINY, '--runtime', 'onnx', '--threads', '2');
  assert.equal(onnx.engine, 'onnxruntime (cpu, 2 threads)');
  const cpu = await runJson(TINY, '--backend', 'cpu', '--repeat', '0');
  assert.equal(cpu.engine, 'tfjs (cpu)');
});

test('the seed ResNet-50 runs on onnx, optimized, as on tfjs', async () => {
  const args = ['--repeat', '1', '--backend', 'wasm'];
  const tfjs = await runJson('architectures/resnet50.yaml', ...args);
  const onnx = await runJson('architectures/resnet50.yaml', ...args, '--runtime', 'onnx', '--optimize', 'inference');
  assert.deepEqual(onnx.optimized, { folded_batchnorms: 53, fused_activations: 33, dropped_layers: 0 });
  assert.deepEqual(tfjs.outputs[0]!.shape, [1, 6]);
  assertSameOutputs(onnx.outputs, tfjs.outputs);
});

test('text output: header, input, outputs with top-5, timing', async () => {
  const r = await cli('run', TINY, '--backend', 'wasm', '--batch', '6', '--repeat', '2');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.match(r.out, /^Tiny from .*tiny\.yaml on tfjs \(wasm\)\n/);
  assert.match(r.out, /\nweights: the YAML's initializers\n/);
  assert.match(r.out, /\ninput image \[6, 2, 3, 3\] float32: random \(seed 0\)\n/);
  assert.match(r.out, /\noutput probs \[6, 7\]: min \S+, max \S+, mean 0\.1429\n/);
  assert.match(r.out, /\n {2}sample 0 top-5: \d \(0\.\d{4}\), \d \(0\.\d{4}\), \d \(0\.\d{4}\), \d \(0\.\d{4}\), \d \(0\.\d{4}\)\n/);
  assert.match(r.out, /\n {2}\.\.\. 2 more samples \(--json lists all\)\n/);
  assert.match(r.out, /\nready in .* \(compile .*, build .*\)\nfirst run [\d.]+ m?s; 2 more: median [\d.]+ m?s, min [\d.]+ m?s\n$/);
  const onnx = await cli('run', TINY, '--runtime', 'onnx', '--optimize', 'inference', '--repeat', '0');
  assert.match(onnx.out, /on onnxruntime \(cpu, default threads\)\nweights: the YAML's initializers \(model built on tfjs \w+\)\noptimized: folded 1 BatchNormalization, fused 1 activations, dropped 1 layers\n/);
  assert.match(onnx.out, /\nfirst run [\d.]+ m?s\n$/);
});

test('several inputs and outputs; a non-softmax output gets statistics only', async () => {
  const r = await runJson(TWO, '--backend', 'wasm', '--batch', '2', '--repeat', '0');
  assert.deepEqual(r.input.tensors.map((t) => [t.name, t.shape]), [['a', [2, 4]], ['b', [2, 2]]]);
  assert.deepEqual(r.outputs.map((o) => [o.name, o.shape, o.top5 === undefined]), [['cls', [2, 3], false], ['reg', [2, 2], true]]);
  assert.equal(r.outputs[0]!.top5![0]!.length, 3, 'three classes: a top-3');
  const onnx = await runJson(TWO, '--runtime', 'onnx', '--batch', '2', '--repeat', '0');
  assertSameOutputs(onnx.outputs, r.outputs);
});

/** 18 values of a [1, 2, 3, 3] image, as a nested array. */
const PIXELS = [[[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]], [[1, 0, -1], [2, 0, -2], [0.5, 0.25, 0]]]];

test('a JSON input: nested array, {shape, data}, and one entry per input', async () => {
  const nested = await runJson(TINY, '--input', file('nested.json', JSON.stringify(PIXELS)), '--backend', 'wasm', '--repeat', '0');
  const flat = await runJson(TINY, '--input', file('flat.json', JSON.stringify({ shape: [1, 2, 3, 3], data: PIXELS.flat(3) })), '--backend', 'wasm', '--repeat', '0');
  assert.deepEqual(flat.outputs, nested.outputs);
  assert.deepEqual(nested.input, { source: join(dir, 'nested.json'), seed: null, tensors: [{ name: 'image', shape: [1, 2, 3, 3], dtype: 'float32' }] });
  const two = file('two.json', JSON.stringify({ a: [[1, 2, 3, 4], [0, 0, 0, 0]], b: { shape: [2, 2], data: [1, -1, 0.5, 0] } }));
  const r = await runJson(TWO, '--input', two, '--backend', 'wasm', '--repeat', '0');
  assert.deepEqual(r.outputs.map((o) => o.shape), [[2, 3], [2, 2]]);
  const onnx = await runJson(TWO, '--input', two, '--runtime', 'onnx', '--repeat', '0');
  assertSameOutputs(onnx.outputs, r.outputs);
});

/** A 3x2 PNG (width 3, height 2), RGBA. */
function png(pixels: readonly (readonly [number, number, number, number])[]): Uint8Array {
  const image = new PNG({ width: 3, height: 2 });
  pixels.forEach((p, i) => image.data.set(p, 4 * i));
  return PNG.sync.write(image);
}
const RGBA: [number, number, number, number][] = [[255, 0, 0, 255], [0, 255, 0, 128], [0, 0, 255, 0], [10, 20, 30, 255], [200, 100, 50, 255], [1, 2, 3, 4]];

test('a PNG input: RGB values 0-255 as Keras img_to_array gives them; luma for one channel', async () => {
  const image = file('image.png', png(RGBA));
  const fromPng = await runJson(TINY, '--input', image, '--backend', 'wasm', '--repeat', '0');
  const rgb = [[0, 1, 2], [3, 4, 5]].map((row) => row.map((i) => RGBA[i]!.slice(0, 3)));
  const fromJson = await runJson(TINY, '--input', file('rgb.json', JSON.stringify([rgb])), '--backend', 'wasm', '--repeat', '0');
  assert.deepEqual(fromPng.outputs, fromJson.outputs);
  const gray = await runJson(TINY, '--set', 'channels=1', '--input', image, '--backend', 'wasm', '--repeat', '0');
  const luma = [[0, 1, 2], [3, 4, 5]].map((row) => row.map((i) => {
    const [r, g, b] = RGBA[i]!;
    return [Math.floor((r * 299 + g * 587 + b * 114) / 1000)];
  }));
  const grayJson = await runJson(TINY, '--set', 'channels=1', '--input', file('luma.json', JSON.stringify([luma])), '--backend', 'wasm', '--repeat', '0');
  assert.deepEqual(gray.outputs, grayJson.outputs);
  const rgba = await runJson(TINY, '--set', 'channels=4', '--input', image, '--backend', 'wasm', '--repeat', '0');
  const rgbaJson = await runJson(TINY, '--set', 'channels=4', '--input', file('rgba.json', JSON.stringify([[[0, 1, 2], [3, 4, 5]].map((row) => row.map((i) => RGBA[i]))])), '--backend', 'wasm', '--repeat', '0');
  assert.deepEqual(rgba.outputs, rgbaJson.outputs);
});

test('--weights DIR: the folder graphc build wrote gives the same outputs as the initializers', async () => {
  const out = join(dir, 'built');
  const b = await cli('build', TINY, '--target', 'tfjs', '--out', out);
  assert.equal(b.code, 0, b.err);
  const init = await runJson(TINY, '--backend', 'wasm', '--repeat', '0');
  const loaded = await runJson(TINY, '--weights', out, '--backend', 'wasm', '--repeat', '0');
  assert.equal(loaded.weights, `${out} (tfjs, 8 tensors)`);
  assert.deepEqual(loaded.outputs, init.outputs);
  const onnx = await runJson(TINY, '--weights', out, '--runtime', 'onnx', '--optimize', 'inference', '--repeat', '0');
  assertSameOutputs(onnx.outputs, init.outputs);
  // Weights of another --set do not fit: a diagnostic, not a tfjs error.
  const wrong = await cli('run', TINY, '--set', 'channels=1', '--weights', out);
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /^error GC7005: `conv\/kernel` has shape \[2, 2, 1, 8\] but checkpoint key `conv\/kernel` has shape \[2, 2, 3, 8\]/);
  // A folder without a model.json, and one whose model.json is not one.
  const missing = await cli('run', TINY, '--weights', join(dir, 'nowhere'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^error GC0002: cannot read `.*nowhere`: no such file or folder\n/);
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'model.json'), '{"modelTopology": 3');
  const broken = await cli('run', TINY, '--weights', join(dir, 'broken'));
  assert.equal(broken.code, 1);
  assert.match(broken.err, /^error GC7001: cannot read the checkpoint `.*broken`: model.json is not a tfjs model/);
});

/** Bad invocations: [args, exit code, stderr pattern]. */
const BAD: readonly [string[], number, RegExp][] = [
  [['--runtime', 'tensorrt'], 2, /^error GC0001: unknown runtime `tensorrt`; the runtimes are tfjs and onnx\n$/],
  [['--backend', 'gpu'], 2, /^error GC0001: --backend must be auto, tensorflow, wasm, cpu, got `gpu`\n$/],
  [['--optimize', 'fast'], 2, /^error GC0001: --optimize must be none or inference, got `fast`\n$/],
  [['--batch', '0'], 2, /^error GC0001: --batch must be a whole number from 1 to 4096, got `0`\n$/],
  [['--repeat', 'many'], 2, /^error GC0001: --repeat must be a whole number from 0 to 100000, got `many`\n$/],
  [['--threads', '1.5'], 2, /^error GC0001: --threads must be a whole number/],
  [['--seed', '-1'], 2, /^error GC0001: --seed must be a whole number/],
  [['--input', 'x.json', '--batch', '2'], 2, /^error GC0001: --batch applies to --input random; an input file gives its own batch\n$/],
  [['--input', 'missing.json'], 2, /^error GC0002: cannot read `missing\.json`: no such file\n/],
];

for (const [args, code, pattern] of BAD) {
  test(`usage: graphc run ${args.join(' ')} exits ${code}`, async () => {
    const r = await cli('run', TINY, ...args);
    assert.equal(r.code, code, r.err);
    assert.match(r.err, pattern);
    assert.equal(r.out, '');
  });
}

/** Bad input files: [file name, content, code, stderr pattern]. */
const BAD_FILES: readonly [string, string, string, RegExp][] = [
  ['bad.json', '[[1, 2', 'GC0006', /as the model input: not valid JSON/],
  ['ragged.json', '[[[[1, 2, 3]], [[1, 2]]]]', 'GC0006', /`image\[0\]\[1\]\[0\]` has shape \[2\]|is ragged/],
  ['strings.json', '[[[["a", 2, 3]]]]', 'GC0006', /`image\[0\]\[0\]\[0\]\[0\]` is "a", not a finite number or an array/],
  ['short.json', '{"shape": [1, 2, 3, 3], "data": [1, 2]}', 'GC0006', /`image\.data` has 2 values; shape \[1, 2, 3, 3\] needs 18/],
  ['shape.json', '{"shape": [1, 3, 2, 3], "data": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}', 'GC0007', /input `image` has shape \[1, 3, 2, 3\]; the model takes \[N, 2, 3, 3\]/],
  ['nobatch.json', JSON.stringify(PIXELS[0]), 'GC0007', /has shape \[2, 3, 3\]; the model takes \[N, 2, 3, 3\]\n {2}hint: add the batch dimension/],
  ['input.txt', '1 2 3', 'GC0006', /graphc reads \.json and \.png inputs/],
  ['broken.png', 'not a png', 'GC0006', /not a readable PNG/],
];

for (const [name, content, code, pattern] of BAD_FILES) {
  test(`bad input file ${name}: ${code}, exit 1`, async () => {
    const r = await cli('run', TINY, '--input', file(name, content));
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, new RegExp(`^error ${code}: `));
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    assert.equal(r.out, '');
  });
}

test('a PNG of the wrong size, and for a model that takes no image', async () => {
  const image = file('size.png', png(RGBA));
  const big = await cli('run', file('square.yaml', readFileSync(TINY, 'utf8').replace('[2, 3, $channels]', '[3, 3, $channels]')), '--input', image);
  assert.equal(big.code, 1);
  assert.match(big.err, /^error GC0007: input `image` has shape \[1, 2, 3, 3\]; the model takes \[N, 3, 3, 3\]/);
  const two = await cli('run', TWO, '--input', image);
  assert.equal(two.code, 1);
  assert.match(two.err, /^error GC0006: .*a PNG feeds a model with one image input/);
  const multi = await cli('run', TWO, '--input', file('one.json', '[[1, 2, 3, 4]]'));
  assert.match(multi.err, /^error GC0006: .*the model has 2 inputs: give an object with one entry per input \(a, b\)/);
  const keys = await cli('run', TWO, '--input', file('keys.json', '{"a": [[1, 2, 3, 4]], "c": [[1, 2]]}'));
  assert.match(keys.err, /^error GC0006: .*missing b; unknown c/);
});

test('errors with --json come out as one JSON object of diagnostics', async () => {
  const r = await cli('run', TINY, '--input', file('shape2.json', '[[1]]'), '--json');
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out) as { diagnostics: { code: string }[] };
  assert.deepEqual(json.diagnostics.map((d) => d.code), ['GC0007']);
});

test('a model error and an op onnx lacks are diagnostics (exit 1); random token ids are valid ids', async () => {
  const bad = await cli('run', file('bad.yaml', 'graphc: 1\nname: Bad\ninputs: [{ shape: [4] }]\nbody:\n  - Dense: { unitz: 2 }\n'));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /error GC2001: unknown key `unitz`/);
  const axis = file('bn-axis.yaml', 'graphc: 1\nname: Axis\ninputs: [{ shape: [4, 3] }]\nbody:\n  - BatchNormalization: { axis: 1, name: bn }\n');
  const onnx = await cli('run', axis, '--runtime', 'onnx');
  assert.equal(onnx.code, 1);
  assert.match(onnx.err, /^error GC0005: the onnx target cannot emit this model: BatchNormalization `bn` on axis 1/);
  assert.equal((await cli('run', axis, '--repeat', '0', '--backend', 'wasm')).code, 0, 'tfjs normalizes any axis');
  // Random token ids stay below the Embedding's input_dim (2): onnxruntime's Gather would reject 2..9.
  const ids = await cli('run', 'test/cases/diagnostics/run-runtime-failure/model.yaml', '--runtime', 'onnx', '--repeat', '0');
  assert.equal(ids.code, 0, ids.err);
  assert.match(ids.out, /input ids \[1, 4\] int32: random/);
});

test('--threads with tfjs is noted, not refused', async () => {
  const r = await cli('run', TINY, '--threads', '2', '--repeat', '0', '--backend', 'wasm');
  assert.equal(r.code, 0);
  assert.equal(r.err, 'note: --threads applies to --runtime onnx; tfjs-wasm runs on one thread in Node\n');
});

test('graphc --help lists run', async () => {
  const r = await cli('--help');
  assert.match(r.out, /\n {2}run \[options\] <file>\s+run a model on random or file input and time it\n/);
});
