// graphc's depthwise gradients and its faster Conv2DBackpropInput and Tile on wasm, each against
// the cpu backend's kernel (1e-4 relative; Tile bit for bit), including every ResNet-50 convolution shape at a small
// spatial size, and a fit step of a small MobileNetV2 (architectures/mobilenet_v2.yaml), which
// fails on wasm without the depthwise gradients. Own process (node --test): switching between
// wasm and cpu touches no other test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { conv2DBackpropInputPlan } from '../backends/tfjs/wasm-conv-input-grad.js';
import { makeTileWasm, tileIsBroadcast } from '../backends/tfjs/wasm-tile.js';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '../backends/tfjs/wasm-grad.js';
import { compileSource } from '../compiler/pipeline.js';
import { uniform } from './helpers/numeric.js';
import { compareWithCpu, fitLosses, maxAbsDiff, onBackend, weightGradients, type Batch } from './helpers/wasm-compare.js';

await requireRuntime('wasm');

type Pad = 'valid' | 'same' | number;
type Shape4 = [number, number, number, number];
type Case = { name: string; x: Shape4; filter: Shape4; strides: number | [number, number]; pad: Pad };

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

function depthwiseCase(c: Case, seed: number): { dyShape: Shape4; x: Float32Array; w: Float32Array; dy: Float32Array } {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, 'floor', true);
  const dyShape: Shape4 = [c.x[0], info.outHeight, info.outWidth, info.outChannels];
  return { dyShape, x: uniform(sizeOf(c.x), seed), w: uniform(sizeOf(c.filter), seed + 1), dy: uniform(sizeOf(dyShape), seed + 2) };
}

// Filters are [KH, KW, C, multiplier]: multipliers 1 and 2, 'same' on odd and even sizes, strides 1-3.
const depthwise: Case[] = [
  { name: '3x3 s1 same, odd size, multiplier 1', x: [2, 7, 5, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'same' },
  { name: '3x3 s2 same, odd size, multiplier 1', x: [2, 9, 7, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'same' },
  { name: '3x3 s2 same, even size, multiplier 2', x: [1, 8, 8, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'same' },
  { name: '3x3 s1 valid, multiplier 2', x: [2, 6, 7, 5], filter: [3, 3, 5, 2], strides: 1, pad: 'valid' },
  { name: '3x3 s2 valid, even size (trailing row unread)', x: [2, 10, 8, 2], filter: [3, 3, 2, 1], strides: 2, pad: 'valid' },
  { name: '5x5 s2 same, odd size, multiplier 2', x: [1, 11, 9, 2], filter: [5, 5, 2, 2], strides: 2, pad: 'same' },
  { name: '2x4 strides (1, 3) same (even kernel)', x: [2, 7, 10, 3], filter: [2, 4, 3, 1], strides: [1, 3], pad: 'same' },
  { name: '3x3 s1 explicit pad 1, multiplier 2', x: [1, 5, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: 1 },
];

for (const [i, c] of depthwise.entries()) {
  test(`DepthwiseConv2dNativeBackpropInput on wasm matches cpu: ${c.name}`, async () => {
    const d = depthwiseCase(c, 10 * i);
    const attrs = { strides: c.strides, pad: c.pad, dilations: 1, dimRoundingMode: 'floor', inputShape: c.x };
    const diff = await compareWithCpu('DepthwiseConv2dNativeBackpropInput', { dy: { data: d.dy, shape: d.dyShape }, filter: { data: d.w, shape: c.filter } }, attrs);
    assert.ok(diff < 1e-4, `relative diff ${diff}`);
  });
  test(`DepthwiseConv2dNativeBackpropFilter on wasm matches cpu: ${c.name}`, async () => {
    const d = depthwiseCase(c, 10 * i + 5);
    const attrs = { strides: c.strides, pad: c.pad, dilations: 1, dimRoundingMode: 'floor', filterShape: c.filter };
    const diff = await compareWithCpu('DepthwiseConv2dNativeBackpropFilter', { x: { data: d.x, shape: c.x }, dy: { data: d.dy, shape: d.dyShape } }, attrs);
    assert.ok(diff < 1e-4, `relative diff ${diff}`);
  });
}

// ResNet-50's convolutions that need an input gradient (conv1 reads the image and needs none),
// at 4x4 (2x2 after a stride), then odd sizes, other paddings, and the cases left to wasm's kernel;
// k×k cases have at least MIN_CONV_POSITIONS input positions unless they are meant for wasm's.
const resnet50: Case[] = [
  ...[[64, 64], [64, 256], [256, 64], [128, 512], [512, 128], [256, 1024], [1024, 256], [512, 2048], [2048, 512]]
    .map(([ci, co]): Case => ({ name: `ResNet-50 1x1 ${ci}->${co} s1`, x: [2, 4, 4, ci!], filter: [1, 1, ci!, co!], strides: 1, pad: 'valid' })),
  ...[[256, 128], [256, 512], [512, 256], [512, 1024], [1024, 512], [1024, 2048]]
    .map(([ci, co]): Case => ({ name: `ResNet-50 1x1 ${ci}->${co} s2`, x: [2, 4, 4, ci!], filter: [1, 1, ci!, co!], strides: 2, pad: 'valid' })),
  // 16 images of 4x4: the fewest positions (MIN_CONV_POSITIONS) for the composition.
  ...[64, 128, 256, 512].map((c): Case => ({ name: `ResNet-50 3x3 ${c}->${c} s1 same`, x: [16, 4, 4, c], filter: [3, 3, c, c], strides: 1, pad: 'same' })),
  { name: 'ResNet-50 3x3 512->512 s1 same, 4 images of 2x2 (left to wasm)', x: [4, 2, 2, 512], filter: [3, 3, 512, 512], strides: 1, pad: 'same' },
];
const convInput: Case[] = [
  ...resnet50,
  { name: '1x1 s2 odd size (last row cropped)', x: [2, 7, 5, 6], filter: [1, 1, 6, 9], strides: 2, pad: 'valid' },
  { name: '1x1 strides (3, 2) same', x: [1, 8, 7, 5], filter: [1, 1, 5, 4], strides: [3, 2], pad: 'same' },
  { name: '3x3 s1 same, odd size', x: [8, 7, 5, 6], filter: [3, 3, 6, 5], strides: 1, pad: 'same' },
  { name: '3x3 s1 valid', x: [6, 8, 6, 3], filter: [3, 3, 3, 7], strides: 1, pad: 'valid' },
  { name: '4x2 s1 same (even kernel, uneven padding)', x: [7, 7, 6, 3], filter: [4, 2, 3, 5], strides: 1, pad: 'same' },
  { name: '3x3 s1 explicit pad 2 (wider than the kernel needs)', x: [11, 5, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 2 },
  { name: '1x1 s1 explicit pad 1 (flipped, dy cropped)', x: [13, 4, 5, 3], filter: [1, 1, 3, 4], strides: 1, pad: 1 },
  { name: '3x3 s2 same, even size (dy spread)', x: [4, 8, 8, 8], filter: [3, 3, 8, 6], strides: 2, pad: 'same' },
  { name: '3x3 s2 same, odd size (dy spread)', x: [5, 9, 7, 8], filter: [3, 3, 8, 5], strides: 2, pad: 'same' },
  { name: '3x3 s2 valid, even size (dy spread, last row unread)', x: [4, 10, 8, 9], filter: [3, 3, 9, 4], strides: 2, pad: 'valid' },
  { name: '5x3 strides (2, 3) same (dy spread)', x: [3, 11, 10, 8], filter: [5, 3, 8, 3], strides: [2, 3], pad: 'same' },
  { name: '3x3 s2 same onto 4 channels (left to wasm)', x: [4, 9, 8, 4], filter: [3, 3, 4, 6], strides: 2, pad: 'same' },
  { name: '7x7 s2 valid onto 3 channels (left to wasm)', x: [1, 21, 21, 3], filter: [7, 7, 3, 8], strides: 2, pad: 'valid' },
];

for (const [i, c] of convInput.entries()) {
  test(`Conv2DBackpropInput on wasm matches cpu: ${c.name}`, async () => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, 'floor');
    const expectPlan = c.name.includes('left to wasm') ? null : c.name.includes('flipped') || c.filter[0] * c.filter[1] > 1 ? 'flipped-conv' : 'matmul';
    assert.equal(conv2DBackpropInputPlan(info), expectPlan, 'the composition the case is meant to exercise');
    const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', inputShape: c.x };
    const inputs = { dy: { data: uniform(sizeOf(dyShape), 100 + i), shape: dyShape }, filter: { data: uniform(sizeOf(c.filter), 200 + i), shape: c.filter } };
    const diff = await compareWithCpu('Conv2DBackpropInput', inputs, attrs);
    assert.ok(diff < 1e-4, `relative diff ${diff}`);
  });
}

// Explicit padding whose output size is fractional: the rounding mode picks it (tfjs's
// `dimRoundingMode`); dy has that size and the composition must agree with cpu for each mode.
const rounding: (Case & { mode: 'ceil' | 'round' | 'floor'; plan: string | null })[] = [
  { name: '3x3 s2 pad 1, ceil', x: [4, 8, 8, 8], filter: [3, 3, 8, 6], strides: 2, pad: 1, mode: 'ceil', plan: 'flipped-conv' },
  { name: '3x3 s2 pad 1, round', x: [4, 8, 8, 8], filter: [3, 3, 8, 6], strides: 2, pad: 1, mode: 'round', plan: 'flipped-conv' },
  { name: '1x1 s2 pad 1, ceil, onto 6 channels (left to wasm)', x: [2, 7, 5, 6], filter: [1, 1, 6, 9], strides: 2, pad: 1, mode: 'ceil', plan: null },
  { name: '1x1 s2 pad 1, ceil, onto 8 channels', x: [8, 7, 5, 8], filter: [1, 1, 8, 9], strides: 2, pad: 1, mode: 'ceil', plan: 'flipped-conv' },
  { name: '1x1 s3 valid, floor (last rows unread)', x: [2, 8, 7, 6], filter: [1, 1, 6, 4], strides: 3, pad: 'valid', mode: 'floor', plan: 'matmul' },
];

for (const [i, c] of rounding.entries()) {
  test(`Conv2DBackpropInput on wasm matches cpu with dimRoundingMode: ${c.name}`, async () => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.mode);
    assert.equal(conv2DBackpropInputPlan(info), c.plan);
    const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.mode, inputShape: c.x };
    const inputs = { dy: { data: uniform(sizeOf(dyShape), 400 + i), shape: dyShape }, filter: { data: uniform(sizeOf(c.filter), 500 + i), shape: c.filter } };
    const diff = await compareWithCpu('Conv2DBackpropInput', inputs, attrs);
    assert.ok(diff < 1e-4, `relative diff ${diff}`);
  });
}

// Tile: broadcasts (BatchNormalization's gradient) become ones × x, bit for bit; the rest stays wasm's.
const tiles: { name: string; shape: number[]; reps: number[]; dtype?: 'int32' }[] = [
  { name: 'per-channel statistic to an activation', shape: [1, 1, 1, 6], reps: [3, 5, 4, 1] },
  { name: 'rank 2, middle axis', shape: [3, 1], reps: [1, 7] },
  { name: 'rank 1', shape: [1], reps: [9] },
  { name: 'all reps 1', shape: [2, 3], reps: [1, 1] },
  { name: 'a repeated axis longer than 1 (left to wasm)', shape: [2, 3], reps: [2, 2] },
  { name: 'int32 (left to wasm)', shape: [1, 4], reps: [3, 1], dtype: 'int32' },
];

for (const [i, c] of tiles.entries()) {
  test(`Tile on wasm equals cpu bit for bit: ${c.name}`, async () => {
    const values = uniform(sizeOf(c.shape), 300 + i, -4, 4);
    if (values.length >= 4) values.set([-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    const run = async (): Promise<Uint32Array | Int32Array> => {
      const out = tf.tidy(() => tf.tile(c.dtype ? tf.tensor(values, c.shape, 'float32').toInt() : tf.tensor(values, c.shape), c.reps));
      const data = await out.data();
      out.dispose();
      return c.dtype ? Int32Array.from(data) : new Uint32Array(Float32Array.from(data).buffer);
    };
    assert.equal(tileIsBroadcast(c.shape, c.reps), !c.name.includes('left to wasm') || c.dtype !== undefined);
    const expected = await onBackend('cpu', run);
    const before = tf.engine().backend.numDataIds();
    assert.deepEqual(await run(), expected);
    assert.equal(tf.engine().backend.numDataIds(), before, 'Tile freed its intermediates');
  });
}

test('the broadcast Tile is composed (the original is not called); other tiles call the original', () => {
  const calls: string[] = [];
  const tile = makeTileWasm(((p: { attrs?: { reps?: number[] } }) => {
    calls.push(JSON.stringify(p.attrs?.reps));
    return tf.getKernel('Tile', 'wasm')!.kernelFunc(p as never);
  }) as tf.KernelFunc);
  const x = tf.tensor([[1], [2]]);
  const run = (reps: number[]): number[] => {
    const info = tile({ inputs: { x }, backend: tf.backend(), attrs: { reps } }) as tf.TensorInfo;
    const out = tf.engine().makeTensorFromTensorInfo(info);
    const values = Array.from(out.dataSync());
    out.dispose();
    return values;
  };
  assert.deepEqual(run([1, 3]), [1, 1, 1, 2, 2, 2]);
  assert.deepEqual(calls, [], 'a broadcast never reaches the original');
  assert.deepEqual(run([2, 2]), [1, 1, 2, 2, 1, 1, 2, 2]);
  assert.deepEqual(calls, ['[2,2]']);
  x.dispose();
});

/** A MobileNetV2 from architectures/ cut to three rows of blocks (strides 1 and 2, expansion 1 and 6), 32x32. */
function smallMobileNet(): tf.LayersModel {
  const text = readFileSync('architectures/mobilenet_v2.yaml', 'utf8');
  const stages = [{ t: 1, c: 16, n: 1, s: 1 }, { t: 6, c: 24, n: 2, s: 2 }, { t: 6, c: 32, n: 1, s: 2 }];
  const { graph, diagnostics } = compileSource('architectures/mobilenet_v2.yaml', text, {
    overrides: [{ key: 'input_shape', value: [32, 32, 3] }, { key: 'classes', value: 3 }, { key: 'alpha', value: 0.35 }, { key: 'stages', value: stages }],
  });
  assert.ok(graph, diagnostics.map((d) => d.message).join('\n'));
  return buildModel(graph, tf);
}

const batchOf = (labels: number[], seed: number): Batch => ({ x: uniform(labels.length * 32 * 32 * 3, seed), shape: [labels.length, 32, 32, 3], labels, classes: 3 });
const gradients = (): Promise<Map<string, Float32Array>> => weightGradients(smallMobileNet, batchOf([0, 2], 7));
const fitStep = (): Promise<number[]> => fitLosses(smallMobileNet, batchOf([0, 1, 2, 1], 11));

test('every weight gradient of a small MobileNetV2 matches cpu on wasm', async () => {
  const expected = await onBackend('cpu', gradients);
  const actual = await gradients();
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  assert.ok([...actual.keys()].some((k) => k.includes('depthwise')), 'the model has depthwise convolutions');
  // BatchNorm in training mode makes some gradients vanish (a shift before the next BatchNorm
  // changes nothing): those are rounding noise, so the bound is relative to the model's scale.
  const scale = Math.max(...[...expected.values()].map((v) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
  for (const [name, values] of actual) {
    const diff = maxAbsDiff(values, expected.get(name)!);
    assert.ok(diff < 1e-4 * scale, `${name}: max abs diff ${diff}, largest gradient ${scale}`);
  }
});

test('a small MobileNetV2 trains on wasm, and does not without the depthwise gradients', async () => {
  const losses = await fitStep();
  assert.equal(tf.getBackend(), 'wasm');
  assert.ok(losses.length === 2 && losses.every(Number.isFinite), `losses ${losses}`);
  assert.deepEqual(unregisterWasmTrainingKernels(['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']).sort(), ['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']);
  try {
    await assert.rejects(fitStep(), /DepthwiseConv2dNativeBackprop\w+' not registered for backend 'wasm'/);
  } finally {
    assert.deepEqual(registerWasmTrainingKernels().sort(), ['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']);
  }
});

test('the faster Conv2DBackpropInput can be taken back, and registered again once', () => {
  const fast = tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc;
  assert.deepEqual(unregisterWasmTrainingKernels(['Conv2DBackpropInput']), ['Conv2DBackpropInput']);
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc;
  assert.notEqual(original, fast);
  assert.deepEqual(registerWasmTrainingKernels(), ['Conv2DBackpropInput']);
  assert.deepEqual(registerWasmTrainingKernels(), [], 'a second call finds it in place');
});
