// The wasm Conv2DBackpropFilter kernel against the cpu backend's, and a training step of a small
// network with every layer kind ResNet-50 uses, on wasm. Runs in its own process (node --test),
// so switching this process between wasm and cpu touches no other test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../backends/tfjs/wasm-grad.js';
import { fitLosses, maxAbsDiff, onBackend, weightGradients, type Batch } from './helpers/wasm-compare.js';

await requireRuntime('wasm');

type Pad = 'valid' | 'same' | number;
type Strides = number | [number, number];

/** Deterministic data so a failure reproduces. */
function randomData(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: size }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function backpropFilter(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], strides: Strides, pad: Pad): tf.Tensor {
  const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

async function computeBackpropFilter(xData: Float32Array, xShape: number[], dyData: Float32Array, dyShape: number[],
  filterShape: number[], strides: Strides, pad: Pad): Promise<Float32Array> {
  const dw = tf.tidy(() => backpropFilter(tf.tensor(xData, xShape), tf.tensor(dyData, dyShape), filterShape, strides, pad));
  const values = (await dw.data()) as Float32Array;
  dw.dispose();
  return values;
}

const cases: { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; strides: Strides; pad: Pad }[] = [
  { name: '1x1 stride 1 (matrix product path)', x: [2, 6, 5, 8], filter: [1, 1, 8, 12], strides: 1, pad: 'valid' },
  { name: '1x1 stride 2, odd input', x: [2, 9, 7, 6], filter: [1, 1, 6, 10], strides: 2, pad: 'valid' },
  { name: '1x1 stride 2, even input (trailing row cropped)', x: [3, 8, 10, 4], filter: [1, 1, 4, 8], strides: 2, pad: 'valid' },
  { name: '3x3 stride 1 same', x: [2, 7, 6, 5], filter: [3, 3, 5, 4], strides: 1, pad: 'same' },
  { name: '3x3 stride 2 same, odd input', x: [2, 9, 7, 3], filter: [3, 3, 3, 6], strides: 2, pad: 'same' },
  { name: '3x3 stride 2 same, even input', x: [1, 8, 8, 4], filter: [3, 3, 4, 5], strides: 2, pad: 'same' },
  { name: '3x3 stride 2 valid', x: [2, 10, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { name: '7x7 stride 2 valid (conv1)', x: [2, 20, 20, 3], filter: [7, 7, 3, 8], strides: 2, pad: 'valid' },
  { name: '5x3 strides (2, 3) same', x: [2, 11, 10, 3], filter: [5, 3, 3, 2], strides: [2, 3], pad: 'same' },
  { name: '3x3 explicit pad 2', x: [2, 6, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 2 },
];

for (const [i, c] of cases.entries()) {
  test(`Conv2DBackpropFilter on wasm matches cpu: ${c.name}`, async () => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, 'floor');
    const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
    const xData = randomData(tf.util.sizeFromShape(c.x), 2 * i + 1);
    const dyData = randomData(tf.util.sizeFromShape(dyShape), 2 * i + 2);
    const run = () => computeBackpropFilter(xData, c.x, dyData, dyShape, c.filter, c.strides, c.pad);
    const expected = await onBackend('cpu', run);
    // Counted in the backend: the kernel's own intermediates are invisible to tf.memory().
    const before = tf.engine().backend.numDataIds();
    const actual = await run();
    assert.equal(tf.engine().backend.numDataIds(), before, 'the kernel freed its intermediates');
    assert.ok(maxAbsDiff(actual, expected) < 1e-4, `max abs diff ${maxAbsDiff(actual, expected)}`);
  });
}

test('a second call with new data gives the new gradient (no stale XNNPACK operator)', async () => {
  const c = cases[4]!;
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
  const xData = randomData(tf.util.sizeFromShape(c.x), 91);
  for (const seed of [92, 93]) {
    const dyData = randomData(tf.util.sizeFromShape(dyShape), seed);
    const run = () => computeBackpropFilter(xData, c.x, dyData, dyShape, c.filter, c.strides, c.pad);
    const expected = await onBackend('cpu', run);
    assert.ok(maxAbsDiff(await run(), expected) < 1e-4);
  }
});

test('registerWasmTrainingKernels is idempotent', () => {
  assert.deepEqual(registerWasmTrainingKernels(), [], 'selecting wasm already registered them');
  for (const name of WASM_TRAINING_KERNELS) assert.ok(tf.getKernel(name, 'wasm') !== undefined);
});

/** Conv (strided and same), BatchNorm, ReLU, ZeroPadding, MaxPool, Add, AvgPool, Dense softmax. */
function tinyResNet(): tf.LayersModel {
  const init = () => tf.initializers.glorotUniform({ seed: 0 });
  const input = tf.input({ shape: [16, 16, 3], name: 'input_1' });
  const layer = <T extends tf.layers.Layer>(l: T, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(x) as tf.SymbolicTensor;
  let x = layer(tf.layers.zeroPadding2d({ padding: 3, name: 'pad' }), input);
  x = layer(tf.layers.conv2d({ filters: 4, kernelSize: 7, strides: 2, name: 'conv1', kernelInitializer: init() }), x);
  x = layer(tf.layers.batchNormalization({ axis: 3, name: 'bn1' }), x);
  x = layer(tf.layers.activation({ activation: 'relu', name: 'relu1' }), x);
  x = layer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }), x);
  let y = layer(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', name: 'conv2', kernelInitializer: init() }), x);
  y = layer(tf.layers.batchNormalization({ axis: 3, name: 'bn2' }), y);
  const shortcut = layer(tf.layers.conv2d({ filters: 6, kernelSize: 1, name: 'conv3', kernelInitializer: init() }), x);
  x = layer(tf.layers.add({ name: 'add' }), [y, shortcut]);
  x = layer(tf.layers.activation({ activation: 'relu', name: 'relu2' }), x);
  x = layer(tf.layers.averagePooling2d({ poolSize: 2, name: 'avg_pool' }), x);
  x = layer(tf.layers.flatten({ name: 'flatten' }), x);
  x = layer(tf.layers.dense({ units: 3, activation: 'softmax', name: 'fc3', kernelInitializer: init() }), x);
  return tf.model({ inputs: input, outputs: x });
}

const batchOf = (n: number, seed: number, labels: number[]): Batch => ({ x: randomData(n * 16 * 16 * 3, seed), shape: [n, 16, 16, 3], labels, classes: 3 });
const gradients = (): Promise<Map<string, Float32Array>> => weightGradients(tinyResNet, batchOf(2, 7, [0, 2]));

test('every weight gradient of a small ResNet-shaped network matches cpu', async () => {
  const expected = await onBackend('cpu', gradients);
  const actual = await gradients();
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [name, values] of actual) {
    const diff = maxAbsDiff(values, expected.get(name)!);
    assert.ok(diff < 1e-4, `${name}: max abs diff ${diff}`);
  }
});

test('model.fit runs a training step on wasm', async () => {
  const losses = await fitLosses(tinyResNet, batchOf(4, 11, [0, 1, 2, 1]));
  assert.equal(tf.getBackend(), 'wasm');
  assert.ok(losses.length === 2 && losses.every(Number.isFinite), `losses ${losses}`);
});
