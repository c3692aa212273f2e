/**
 * Pretrained weights in and out. Every checkpoint here is made by the test itself, independently
 * of graphc's writers: a torchvision-layout state dict by a small converter written below
 * (explicit index loops, hand-written key names), Keras 2 and Keras 3 HDF5 with h5wasm, `.keras`
 * zips with fflate, ONNX from graphc's exporter. Each is loaded through the model file's
 * mapping and must give back the exact weights (and so the outputs) it was made from; graphc's
 * own writers must then round-trip exactly. Models are tiny versions of the shipped ones (small
 * widths and inputs, the same layer names).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import h5wasm from 'h5wasm/node';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, writeWeights } from '../backends/tfjs/build-model.js';
import { modelFiles } from '../backends/tfjs/save.js';
import { exportOnnx } from '../backends/onnx/export.js';
import { runCli } from '../cli/main.js';
import { compileSource, type Override } from '../compiler/pipeline.js';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import type { Weights } from '../compiler/weights.js';
import { expectedLayers } from '../weights/expected.js';
import { loadWeights, type LoadedWeights } from '../weights/load-weights.js';
import { fitCheckpoint } from '../weights/fit-checkpoint.js';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import { activeConvention, resolveCheckpoints } from '../compiler/checkpoints.js';
import { randomWeights } from './helpers/numeric.js';
import { safetensorsBytes, type TestTensor } from './helpers/safetensors-file.js';

const { tf } = await requireRuntime('wasm');
await h5wasm.ready;
const dir = mkdtempSync(join(tmpdir(), 'graphc-weights-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

const set = (key: string, value: Override['value']): Override => ({ key, value });

/** A compiled model and its built tfjs model. */
interface Subject {
  readonly file: string;
  readonly args: string[];
  readonly graph: Graph;
  readonly program: Program;
}

function compile(file: string, variant: string | null, overrides: Override[]): Subject {
  const r = compileSource(file, readFileSync(file, 'utf8'), { variant, overrides });
  assert.ok(r.graph && r.program, r.diagnostics.map((d) => d.message).join('\n'));
  const args = [...(variant ? ['--variant', variant] : []), ...overrides.flatMap((o) => ['--set', `${o.key}=${JSON.stringify(o.value)}`])];
  return { file, args, graph: r.graph, program: r.program };
}

/** ResNet-18, torchvision convention, 32x32 input, narrow later stages (conv2 keeps its 64, so no projection there, as in torchvision): the real layer names. */
const RESNET18 = compile('architectures/resnet.yaml', 'resnet18', [
  set('convention', 'torchvision'), set('input_shape', [32, 32, 3]), set('classes', 5), set('classifier_activation', 'linear'),
  set('stages', [{ name: 'conv2', filters: 64, stride: 1 }, { name: 'conv3', filters: 8, stride: 2 }, { name: 'conv4', filters: 8, stride: 2 }, { name: 'conv5', filters: 16, stride: 2 }]),
]);
/** The seed's ResNet-50 at its own 64x64 input, narrow stages, 6 classes. */
const RESNET50 = compile('architectures/resnet50.yaml', null, [
  set('stages', [
    { stage: 2, filters: [4, 4, 8], s: 1, identity_blocks: 2 }, { stage: 3, filters: [4, 4, 8], s: 2, identity_blocks: 3 },
    { stage: 4, filters: [8, 8, 16], s: 2, identity_blocks: 5 }, { stage: 5, filters: [8, 8, 16], s: 2, identity_blocks: 2 },
  ]),
]);

/** Random weights (BatchNorm variances positive), made in graphc. */
function weightsFor(s: Subject, seed: number): Weights {
  const model = buildModel(s.graph, tf, { init: 'zeros', compile: false });
  const w = randomWeights(model, seed);
  model.dispose();
  return w;
}

/** The model's outputs on a fixed input, with the given weights. */
function predict(s: Subject, weights: Weights): Float32Array {
  const model = buildModel(s.graph, tf, { init: 'zeros', compile: false });
  writeWeights(tf, model, weights);
  const shape = [1, ...(s.graph.nodes[0]!.shape!.slice(1) as number[])];
  const n = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)), shape);
  const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
  const out = Float32Array.from(y.dataSync());
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

/** Loads a checkpoint into the subject through the one loading function. */
async function load(s: Subject, path: string, extra: { allowMissing?: boolean; skip?: string[] } = {}): Promise<LoadedWeights> {
  const model = buildModel(s.graph, tf, { init: 'zeros', compile: false });
  const expected = expectedLayers(model, s.graph);
  model.dispose();
  return loadWeights({ path, graph: s.graph, program: s.program, expected, ...extra });
}

function assertSameWeights(actual: Weights, expected: Weights): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [layer, ws] of expected) {
    const got = actual.get(layer)!;
    for (const w of ws) {
      const g = got.find((x) => x.name === w.name);
      assert.ok(g, `${layer}/${w.name} loaded`);
      assert.deepEqual(g.shape, w.shape, `${layer}/${w.name} shape`);
      assert.ok(Buffer.from(g.data.buffer, g.data.byteOffset, g.data.byteLength).equals(Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength)), `${layer}/${w.name} values are exact`);
    }
  }
}

// --- an independent torchvision converter: names by hand, layouts by explicit index loops ---

function torchvisionModule(layer: string): string {
  if (layer === 'conv1_conv') return 'conv1';
  if (layer === 'conv1_bn') return 'bn1';
  if (layer === 'predictions') return 'fc';
  const m = /^conv(\d)_block(\d+)_(\d)_(conv|bn)$/.exec(layer);
  assert.ok(m, `no torchvision name for ${layer}`);
  const [, stage, block, k, kind] = m;
  const prefix = `layer${Number(stage) - 1}.${Number(block) - 1}`;
  return k === '0' ? `${prefix}.downsample.${kind === 'conv' ? 0 : 1}` : `${prefix}.${kind}${k}`;
}

/** HWIO → OIHW and [in, out] → [out, in], one element at a time. */
function toTorchLayout(name: string, shape: readonly number[], data: Float32Array): TestTensor {
  if (name === 'kernel' && shape.length === 4) {
    const [kh, kw, ci, co] = shape as [number, number, number, number];
    const out = new Float32Array(data.length);
    for (let h = 0; h < kh; h++) for (let w = 0; w < kw; w++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
      out[((o * ci + i) * kh + h) * kw + w] = data[((h * kw + w) * ci + i) * co + o]!;
    }
    return { shape: [co, ci, kh, kw], data: out };
  }
  if (name === 'kernel' && shape.length === 2) {
    const [n, m] = shape as [number, number];
    const out = new Float32Array(data.length);
    for (let i = 0; i < n; i++) for (let o = 0; o < m; o++) out[o * n + i] = data[i * m + o]!;
    return { shape: [m, n], data: out };
  }
  return { shape, data };
}

const TORCH_NAMES: Readonly<Record<string, string>> = { kernel: 'weight', bias: 'bias', gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' };

/** A torchvision state dict of graphc weights, with BatchNorm's `num_batches_tracked`. */
function torchvisionStateDict(weights: Weights): Record<string, TestTensor> {
  const out: Record<string, TestTensor> = {};
  for (const [layer, ws] of weights) {
    const module = torchvisionModule(layer);
    for (const w of ws) out[`${module}.${TORCH_NAMES[w.name]}`] = toTorchLayout(w.name, w.shape, w.data);
    if (ws.some((w) => w.name === 'moving_mean')) out[`${module}.num_batches_tracked`] = { shape: [], data: [100], dtype: 'I64' };
  }
  return out;
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const R18_W = weightsFor(RESNET18, 1);
const R18_FILE = at('resnet18.safetensors');
writeFileSync(R18_FILE, safetensorsBytes(torchvisionStateDict(R18_W)));

test('a torchvision ResNet-18 state dict loads through the torchvision mapping: exact weights, the same outputs', async () => {
  const loaded = await load(RESNET18, R18_FILE);
  assert.ok(loaded.ok, !loaded.ok ? loaded.diagnostics.map((d) => d.message).join('\n') : '');
  assert.equal(loaded.summary.convention, 'torchvision');
  assert.equal(loaded.summary.tensors, 102);
  assertSameWeights(loaded.weights, R18_W);
  assert.deepEqual(predict(RESNET18, loaded.weights), predict(RESNET18, R18_W));
  // `graphc run --weights model.safetensors` reports what the model with those weights computes.
  const model = buildModel(RESNET18.graph, tf, { init: 'zeros', compile: false });
  writeWeights(tf, model, R18_W);
  for (const f of await modelFiles(tf, model, 'test')) writeFileSync(join(dir, f.path === 'model.json' ? 'r18-model.json' : f.path), f.data);
  model.dispose();
  const [viaTorch, viaGraphc] = await Promise.all([
    cli('run', RESNET18.file, ...RESNET18.args, '--weights', R18_FILE, '--backend', 'wasm', '--repeat', '0', '--json'),
    cli('run', RESNET18.file, ...RESNET18.args, '--weights', at('r18-model.json'), '--backend', 'wasm', '--repeat', '0', '--json'),
  ]);
  assert.equal(viaTorch.code, 0, viaTorch.err);
  assert.equal(viaGraphc.code, 0, viaGraphc.err);
  assert.deepEqual(JSON.parse(viaTorch.out).outputs, JSON.parse(viaGraphc.out).outputs);
});

test('build --target safetensors writes the state dict the independent converter wrote, and it loads back exactly', async () => {
  const out = at('r18-out');
  const r = await cli('build', RESNET18.file, ...RESNET18.args, '--weights', R18_FILE, '--target', 'safetensors,keras-h5', '--out', out);
  assert.equal(r.code, 0, r.err);
  const written = readFileSync(join(out, 'model.safetensors'));
  const header = (b: Uint8Array): Record<string, { shape: number[] }> => JSON.parse(Buffer.from(b.subarray(8, 8 + Number(Buffer.from(b).readBigUInt64LE(0)))).toString()) as Record<string, { shape: number[] }>;
  const expected = torchvisionStateDict(R18_W);
  const got = header(written);
  assert.deepEqual(Object.keys(got).filter((k) => k !== '__metadata__').sort(), Object.keys(expected).sort());
  for (const [k, t] of Object.entries(expected)) assert.deepEqual(got[k]!.shape, t.shape, k);
  for (const file of ['model.safetensors', 'keras_weights.h5']) {
    const back = await load(RESNET18, join(out, file));
    assert.ok(back.ok, `${file}: ${!back.ok ? back.diagnostics.map((d) => d.message).join('\n') : ''}`);
    assertSameWeights(back.weights, R18_W);
  }
  // Same weights, byte-identical files.
  const again = await cli('build', RESNET18.file, ...RESNET18.args, '--weights', R18_FILE, '--target', 'safetensors,keras-h5', '--out', at('r18-again'));
  assert.equal(again.code, 0, again.err);
  for (const file of ['model.safetensors', 'keras_weights.h5']) assert.ok(readFileSync(join(out, file)).equals(readFileSync(at(`r18-again/${file}`))), `${file} is deterministic`);
});

test('one tensor of the wrong shape: refused with both names and both shapes, nothing written', async () => {
  const dict = torchvisionStateDict(R18_W);
  dict['layer2.0.conv1.weight'] = { shape: [8, 4, 3, 2], data: new Float32Array(8 * 4 * 3 * 2) };
  const file = at('r18-wrong.safetensors');
  writeFileSync(file, safetensorsBytes(dict));
  const loaded = await load(RESNET18, file);
  assert.ok(!loaded.ok);
  assert.deepEqual(loaded.diagnostics.map((d) => d.code), ['GC7005']);
  assert.equal(loaded.diagnostics[0]!.message, '`conv3_block1_1_conv/kernel` has shape [3, 3, 64, 8] but checkpoint key `layer2.0.conv1.weight` has shape [8, 4, 3, 2] (expected [8, 64, 3, 3])');
  const out = at('never-written');
  const r = await cli('build', RESNET18.file, ...RESNET18.args, '--weights', file, '--target', 'tfjs,safetensors', '--out', out);
  assert.equal(r.code, 1);
  assert.match(r.err, /GC7005/);
  assert.equal(existsSync(out), false);
});

test('fine-tuning with a new head: --skip leaves the classifier to the YAML, --allow-missing the absent layers', async () => {
  const keep = ['convention', 'input_shape', 'classifier_activation', 'stages'];
  const six = compile(RESNET18.file, 'resnet18', [...keep.map((k) => set(k, RESNET18.graph.params[k]!)), set('classes', 6)]);
  const strict = await load(six, R18_FILE);
  assert.ok(!strict.ok);
  assert.deepEqual(strict.diagnostics.map((d) => d.code), ['GC7005', 'GC7005']);
  const skipped = await load(six, R18_FILE, { skip: ['predictions'] });
  assert.ok(skipped.ok);
  assert.deepEqual(skipped.summary.initialized, ['predictions']);
  assert.equal(skipped.weights.has('predictions'), false);
  // Without fc in the file, --allow-missing initializes it; strict mode names both tensors.
  const dict = torchvisionStateDict(R18_W);
  delete dict['fc.weight'];
  delete dict['fc.bias'];
  writeFileSync(at('headless.safetensors'), safetensorsBytes(dict));
  const missing = await load(six, at('headless.safetensors'));
  assert.ok(!missing.ok);
  assert.deepEqual(missing.diagnostics.map((d) => d.message), [
    '`predictions/kernel` [16, 6] is not in the checkpoint (key `fc.weight`, expected shape [6, 16])',
    '`predictions/bias` [6] is not in the checkpoint (key `fc.bias`, expected shape [6])',
  ]);
  const allowed = await load(six, at('headless.safetensors'), { allowMissing: true });
  assert.ok(allowed.ok);
  assert.deepEqual(allowed.summary.initialized, ['predictions']);
});

// --- Keras HDF5, written here with h5wasm in the layouts Keras writes ---

const R50_W = weightsFor(RESNET50, 2);

/** Keras 2 `save_weights` (or, under `model_weights`, a full-model .h5), fixed-length strings as numpy writes them. */
function writeKeras2(path: string, s: Subject, weights: Weights, fullModel: boolean): void {
  const f = new h5wasm.File(path, 'w');
  if (fullModel) f.create_attribute('model_config', '{"class_name": "Functional"}');
  const root = fullModel ? f.create_group('model_weights') : f;
  const names = s.graph.nodes.map((n) => n.name);
  root.create_attribute('layer_names', names, [names.length], `S${Math.max(...names.map((n) => n.length))}`);
  root.create_attribute('keras_version', '2.15.0');
  for (const name of names) {
    const g = root.create_group(name);
    const ws = weights.get(name) ?? [];
    const wn = ws.map((w) => `${name}/${w.name}:0`);
    if (wn.length === 0) g.create_attribute('weight_names', new Float64Array(0), [0]);
    else g.create_attribute('weight_names', wn, [wn.length], `S${Math.max(...wn.map((n) => n.length))}`);
    if (ws.length === 0) continue;
    const inner = g.create_group(name);
    for (const w of ws) inner.create_dataset({ name: `${w.name}:0`, data: w.data, shape: [...w.shape] });
  }
  f.close();
}

test('Keras 2 HDF5 of the seed ResNet-50 (save_weights and full-model files) loads by the seed names, exactly', async () => {
  for (const full of [false, true]) {
    const file = at(`r50-${full ? 'model' : 'weights'}.h5`);
    writeKeras2(file, RESNET50, R50_W, full);
    const loaded = await load(RESNET50, file);
    assert.ok(loaded.ok, !loaded.ok ? loaded.diagnostics.map((d) => d.message).join('\n') : '');
    assert.equal(loaded.summary.format, 'keras-h5');
    assert.equal(loaded.summary.convention, 'keras');
    assertSameWeights(loaded.weights, R50_W);
  }
  const r = await cli('run', RESNET50.file, ...RESNET50.args, '--weights', at('r50-weights.h5'), '--backend', 'wasm', '--repeat', '0', '--json');
  assert.equal(r.code, 0, r.err);
  assert.match(JSON.parse(r.out).weights, /keras-h5, convention keras, 320 tensors/);
});

/** A Keras 3 `model.weights.h5` (`layers/<path>/vars/<i>`), zipped as a `.keras` archive. */
function writeKerasArchive(path: string, s: Subject, weights: Weights, recordNames: boolean): void {
  const h5path = `${path}.weights.h5`;
  const f = new h5wasm.File(h5path, 'w');
  const layers = f.create_group('layers');
  const used = new Map<string, number>();
  for (const node of s.graph.nodes) {
    const snake = node.op === 'Input' ? 'input_layer' : node.op.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    const n = used.get(snake);
    used.set(snake, n === undefined ? 0 : n + 1);
    const ws = weights.get(node.name);
    if (!ws) continue;
    const vars = layers.create_group(n === undefined ? snake : `${snake}_${n + 1}`).create_group('vars');
    if (recordNames) vars.create_attribute('name', node.name);
    ws.forEach((w, i) => vars.create_dataset({ name: String(i), data: w.data, shape: [...w.shape] }));
  }
  f.close();
  const zip = zipSync({ 'metadata.json': new TextEncoder().encode('{"keras_version": "3.5.0"}'), 'config.json': new TextEncoder().encode('{}'), 'model.weights.h5': readFileSync(h5path) });
  writeFileSync(path, zip);
}

test('.keras archives (Keras 3 layout, with and without recorded layer names) load exactly', async () => {
  for (const recordNames of [true, false]) {
    const file = at(`r50-${recordNames}.keras`);
    writeKerasArchive(file, RESNET50, R50_W, recordNames);
    const loaded = await load(RESNET50, file);
    assert.ok(loaded.ok, !loaded.ok ? loaded.diagnostics.map((d) => d.message).join('\n') : '');
    assert.equal(loaded.summary.format, 'keras-archive');
    assertSameWeights(loaded.weights, R50_W);
  }
});

test('build --target keras-h5 of the seed ResNet-50 round-trips: in → out → in is exact', async () => {
  const out = at('r50-out');
  const r = await cli('build', RESNET50.file, ...RESNET50.args, '--weights', at('r50-model.h5'), '--target', 'keras-h5,safetensors', '--out', out);
  assert.equal(r.code, 0, r.err);
  for (const file of ['keras_weights.h5', 'model.safetensors']) {
    const back = await load(RESNET50, join(out, file));
    assert.ok(back.ok, `${file}: ${!back.ok ? back.diagnostics.map((d) => d.message).join('\n') : ''}`);
    assertSameWeights(back.weights, R50_W);
  }
  // Keras's own reader needs every layer listed, weightless ones included, in model order.
  const f = new h5wasm.File(join(out, 'keras_weights.h5'), 'r');
  assert.deepEqual(f.attrs['layer_names']!.value, RESNET50.graph.nodes.map((n) => n.name));
  assert.deepEqual((f.get('conv1') as InstanceType<typeof h5wasm.Group>).attrs['weight_names']!.value, ['conv1/kernel:0', 'conv1/bias:0']);
  f.close();
});

const ALL_OPS = `graphc: 1
name: AllWeighted
inputs:
  - { shape: [8, 8, 3] }
body:
  - Conv2D: { filters: 4, kernel_size: 3, name: conv }
  - DepthwiseConv2D: { kernel_size: 3, depth_multiplier: 2, name: dw }
  - SeparableConv2D: { filters: 5, kernel_size: 3, depth_multiplier: 2, name: sep }
  - BatchNormalization: { name: bn }
  - GlobalAveragePooling2D: { name: gap }
  - Dense: { units: 3, name: fc }
checkpoints:
  torch:
    layout: torch
    layers: { conv: features.conv, dw: features.dw, sep: features.sep, bn: features.bn, fc: head }
`;

test('every weighted op kind: ONNX initializers from graphc\'s exporter, and torch layouts out and back in', async () => {
  writeFileSync(at('all.yaml'), ALL_OPS);
  const s = compile(at('all.yaml'), null, []);
  const w = weightsFor(s, 3);
  writeFileSync(at('all.onnx'), exportOnnx(s.graph, w));
  const viaOnnx = await load(s, at('all.onnx'));
  assert.ok(viaOnnx.ok, !viaOnnx.ok ? viaOnnx.diagnostics.map((d) => d.message).join('\n') : '');
  assert.equal(viaOnnx.summary.format, 'onnx');
  assertSameWeights(viaOnnx.weights, w);
  const out = at('all-out');
  const r = await cli('build', at('all.yaml'), '--weights', at('all.onnx'), '--target', 'safetensors,keras-h5,tfjs', '--out', out);
  assert.equal(r.code, 0, r.err);
  for (const file of ['model.safetensors', 'keras_weights.h5', 'model.json']) {
    const back = await load(s, join(out, file));
    assert.ok(back.ok, `${file}: ${!back.ok ? back.diagnostics.map((d) => d.message).join('\n') : ''}`);
    assertSameWeights(back.weights, w);
  }
  const keys = Object.keys(JSON.parse(Buffer.from(readFileSync(join(out, 'model.safetensors')).subarray(8, 8 + Number(readFileSync(join(out, 'model.safetensors')).readBigUInt64LE(0)))).toString()) as object);
  assert.ok(keys.includes('features.dw.weight') && keys.includes('features.sep.depthwise.weight') && keys.includes('features.sep.pointwise.bias') && keys.includes('head.weight'));
});

test('malformed safetensors are refused, not half-read', async () => {
  const good = safetensorsBytes({ a: { shape: [2], data: [1, 2] }, b: { shape: [1], data: [3] } });
  const header = (json: string, data = 12): Uint8Array => {
    const h = Buffer.from(json);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(h.length));
    return Buffer.concat([len, h, Buffer.alloc(data)]);
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['truncated', good.subarray(0, good.length - 1), /past the end of the file/],
    ['trailing', Buffer.concat([good, Buffer.alloc(4)]), /4 bytes after the last tensor/],
    ['overlap', header('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}'), /a gap or an overlap/],
    ['size', header('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', 8), /need 12/],
    ['dtype', header('{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,8]}}', 8), /unknown dtype/],
    ['json', header('{"a":', 0), /not JSON/],
  ];
  for (const [name, bytes, why] of cases) {
    writeFileSync(at(`${name}.safetensors`), bytes);
    const r = await load(RESNET18, at(`${name}.safetensors`));
    assert.ok(!r.ok, name);
    assert.equal(r.diagnostics[0]!.code, 'GC7001', name);
    assert.match(r.diagnostics[0]!.message, why, name);
  }
});

test('an op kind without a torch form is refused by name (GC7010), never guessed; --skip leaves it to the YAML', () => {
  const expected = [{ name: 'act', op: 'PReLU', weights: [{ name: 'alpha', shape: [4, 4, 8] }] }];
  const ckpt = { format: 'safetensors' as const, layout: 'torch' as const, tensors: new Map([['act.weight', { key: 'act.weight', dtype: 'float32', shape: [8], data: new Float32Array(8) }]]) };
  const sink = new DiagnosticSink();
  fitCheckpoint(ckpt, RESNET18.graph, expected, null, { allowMissing: false, skip: [] }, sink);
  assert.deepEqual(sink.all().map((d) => d.message), ['the torch layout has no form for PReLU layer `act`', 'checkpoint tensor `act.weight` [8] has no place in this model']);
  const skipping = new DiagnosticSink();
  const fit = fitCheckpoint(ckpt, RESNET18.graph, expected, null, { allowMissing: false, skip: [/^act$/, /^act\..*$/] }, skipping);
  assert.deepEqual(skipping.all(), []);
  assert.deepEqual(fit.initialized, ['act']);
});

test('names from a checkpoint reach diagnostics with control characters escaped', async () => {
  const dict = torchvisionStateDict(R18_W);
  dict['\u001b[2Jevil'] = { shape: [1], data: [0] };
  writeFileSync(at('evil.safetensors'), safetensorsBytes(dict));
  const r = await load(RESNET18, at('evil.safetensors'));
  assert.ok(!r.ok);
  assert.deepEqual(r.diagnostics.map((d) => d.message), ['checkpoint tensor `\\x1b[2Jevil` [1] has no place in this model']);
});

test('an nn.LSTM state dict: kernels transposed, same gate order (i, f, g/c, o), the two PyTorch biases summed', () => {
  const [inputs, units] = [2, 3];
  const expected = [{ name: 'lstm', op: 'LSTM', weights: [{ name: 'kernel', shape: [inputs, 4 * units] }, { name: 'recurrent_kernel', shape: [units, 4 * units] }, { name: 'bias', shape: [4 * units] }] }];
  const seq = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i * k);
  const tensor = (key: string, shape: number[], data: Float32Array) => [key, { key, dtype: 'float32', shape, data }] as const;
  const ckpt = {
    format: 'safetensors' as const,
    layout: 'torch' as const,
    tensors: new Map([
      tensor('rnn.weight_ih_l0', [4 * units, inputs], seq(4 * units * inputs, 1)),
      tensor('rnn.weight_hh_l0', [4 * units, units], seq(4 * units * units, 2)),
      tensor('rnn.bias_ih_l0', [4 * units], seq(4 * units, 1)),
      tensor('rnn.bias_hh_l0', [4 * units], seq(4 * units, 10)),
    ]),
  };
  // the mapping as a model file declares it
  writeFileSync(at('rnn.yaml'), `${ALL_OPS.slice(0, ALL_OPS.indexOf('checkpoints:'))}checkpoints:\n  t:\n    layout: torch\n    layers: { lstm: rnn }\n`);
  const s = compile(at('rnn.yaml'), null, []);
  const sink = new DiagnosticSink();
  const convention = activeConvention(resolveCheckpoints(s.program, s.graph.params, sink), 'torch');
  const fit = fitCheckpoint(ckpt, RESNET18.graph, expected, convention, { allowMissing: false, skip: [] }, sink);
  assert.deepEqual(sink.all(), []);
  const [kernel, recurrent, bias] = fit.weights.get('lstm')!;
  // Keras kernel[i][g] = PyTorch weight_ih[g][i]
  assert.equal(kernel!.data[1 * 4 * units + 5], 5 * inputs + 1);
  assert.equal(recurrent!.data[2 * 4 * units + 7], (7 * units + 2) * 2);
  assert.deepEqual([...bias!.data], Array.from({ length: 4 * units }, (_, i) => i * 11));
});
