/**
 * The wave-2 convolution, resampling and preprocessing ops in TensorFlow.js (issue 10 part A):
 * Keras's bilinear upsampling (half-pixel centres) by value, Normalization's arithmetic with
 * adapted weights, and a saved model with every custom layer (ZeroPadding1D, Normalization,
 * half-pixel UpSampling2D, keepdims poolings) loading back through graphc's loader and
 * predicting the same values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, readWeights, writeWeights } from '../backends/tfjs/build-model.js';
import { loadSavedModel, modelFiles } from '../backends/tfjs/save.js';
import { compileOk } from './helpers/compile.js';
import { randomWeights } from './helpers/numeric.js';

const { tf } = await requireRuntime('cpu');

const one = (body: string, shape: string): string => `graphc: 1\nname: m\ninputs: [{ shape: ${shape} }]\nbody:\n${body}\n`;

test('bilinear UpSampling2D uses Keras\'s half-pixel centres; nearest repeats pixels', () => {
  const g = compileOk(one('  - UpSampling2D: { size: [1, 2], interpolation: bilinear, name: up }', '[1, 2, 1]'));
  const model = buildModel(g, tf, { compile: false });
  const x = tf.tensor4d([0, 1], [1, 1, 2, 1]);
  // tf.image.resize (Keras 3): source x = (i + 0.5) / 2 - 0.5, clamped: 0, 0.25, 0.75, 1.
  assert.deepEqual(Array.from((model.predict(x) as TfModule.Tensor).dataSync()), [0, 0.25, 0.75, 1]);
  // tfjs's own layer would give TF1's corner-aligned 0, 0.5, 1, 1.
  assert.deepEqual(Array.from(tf.image.resizeBilinear(x, [1, 4]).dataSync()), [0, 0.5, 1, 1]);
  const nearest = buildModel(compileOk(one('  - UpSampling2D: { size: [1, 2], name: up }', '[1, 2, 1]')), tf, { compile: false });
  assert.deepEqual(Array.from((nearest.predict(x) as TfModule.Tensor).dataSync()), [0, 0, 1, 1]);
});

test('Normalization: (x - mean) / sqrt(variance) with adapted weights, constants from the file, invert', () => {
  const adapted = buildModel(compileOk(one('  - Normalization: { name: norm }', '[2]')), tf, { compile: false });
  const layer = adapted.getLayer('norm');
  assert.deepEqual(layer.weights.map((w) => [w.originalName, w.shape, w.trainable]), [['norm/mean', [2], false], ['norm/variance', [2], false], ['norm/count', [], false]]);
  layer.setWeights([tf.tensor1d([1, -2]), tf.tensor1d([4, 0.25]), tf.scalar(10)]);
  const x = tf.tensor2d([[3, -1]]);
  assert.deepEqual(Array.from((adapted.predict(x) as TfModule.Tensor).dataSync()), [1, 2]);
  const fixed = buildModel(compileOk(one('  - Normalization: { mean: [1, -2], variance: [4, 0.25], invert: true }', '[2]')), tf, { compile: false });
  assert.equal(fixed.countParams(), 0, 'given mean and variance are constants, as in Keras');
  assert.deepEqual(Array.from((fixed.predict(tf.tensor2d([[1, 2]])) as TfModule.Tensor).dataSync()), [3, -1]);
});

test('GroupNormalization: per sample over each group\'s channels and positions, then gamma and beta', () => {
  const model = buildModel(compileOk(one('  - GroupNormalization: { groups: 1, epsilon: 0, name: gn }', '[2, 2]')), tf, { compile: false });
  assert.equal(model.countParams(), 4, 'gamma and beta per channel: 2·C');
  model.getLayer('gn').setWeights([tf.tensor1d([1, 2]), tf.tensor1d([0, 10])]);
  // One group: mean 4, variance 5 over all four values.
  const y = Array.from((model.predict(tf.tensor3d([[[1, 3], [5, 7]]])) as TfModule.Tensor).dataSync());
  const z = [1, 3, 5, 7].map((v) => (v - 4) / Math.sqrt(5));
  [z[0]!, 2 * z[1]! + 10, z[2]!, 2 * z[3]! + 10].forEach((e, i) => assert.ok(Math.abs(y[i]! - e) < 1e-6, `${i}: ${y[i]} vs ${e}`));
});

const SAVED = `graphc: 1
name: CustomLayers
inputs:
  - { name: image, shape: [4, 6, 2] }
  - { name: seq, shape: [5, 3] }
body:
  - Normalization: { input: image, name: norm }
  - GroupNormalization: { groups: 2, name: gn }
  - UpSampling2D: { size: 2, interpolation: bilinear, name: bilinear }
  - Conv2DTranspose: { filters: 3, kernel_size: 3, strides: 2, padding: same, name: deconv }
  - Cropping2D: { cropping: 1, name: crop }
  - GlobalAveragePooling2D: { keepdims: true, name: gap_keep }
  - Flatten: { name: flat }
  - ZeroPadding1D: { padding: [2, 1], input: seq, name: pad1d }
  - Conv1D: { filters: 4, kernel_size: 3, strides: 2, padding: same, name: conv1d }
  - GlobalMaxPooling1D: { keepdims: true, name: gmp_keep }
  - Flatten: { name: flat_seq }
  - Concatenate: { inputs: [flat, flat_seq], name: joined }
outputs: [joined]
`;

test('a saved model with every custom layer loads back with loadSavedModel and predicts the same', async () => {
  const g = compileOk(SAVED);
  const model = buildModel(g, tf, { init: 'zeros', compile: false });
  writeWeights(tf, model, randomWeights(model, 3));
  const dir = mkdtempSync(join(tmpdir(), 'graphc-custom-'));
  for (const f of await modelFiles(tf, model, 'test')) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.data);
  }
  const loaded = await loadSavedModel(tf, dir);
  assert.deepEqual(loaded.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()));
  assert.equal(loaded.getLayer('gap_keep').getConfig()['keepdims'], true);
  assert.deepEqual(loaded.getLayer('norm').getConfig()['axis'], -1);
  const xs = [tf.randomUniform([2, 4, 6, 2], -1, 1, 'float32', 1), tf.randomUniform([2, 5, 3], -1, 1, 'float32', 2)];
  const a = (model.predict(xs) as TfModule.Tensor).dataSync();
  const b = (loaded.predict(xs) as TfModule.Tensor).dataSync();
  assert.deepEqual(Array.from(b), Array.from(a));
  assert.deepEqual([...readWeights(loaded).keys()].sort(), [...readWeights(model).keys()].sort());
});

test('the TypeScript target writes the new ops (golden; typescript-model.test.ts builds it and compares)', async () => {
  const { emitTypeScript } = await import('../backends/typescript/emit-module.js');
  const { compileSource } = await import('../compiler/pipeline.js');
  const { readFileSync } = await import('node:fs');
  const { expectGolden } = await import('./helpers/golden.js');
  const file = 'test/golden/typescript/conv-ops/model.yaml';
  const r = compileSource(file, readFileSync(file, 'utf8'));
  assert.ok(r.graph && r.program);
  const { fileName, text } = emitTypeScript(r.program, r.graph, file);
  assert.equal(fileName, 'ConvOps.ts');
  assert.match(text, /class Normalization extends tf\.layers\.Layer/);
  assert.match(text, /class ZeroPadding1D extends tf\.layers\.Layer/);
  expectGolden('test/golden/typescript/conv-ops/ConvOps.ts', text);
});
