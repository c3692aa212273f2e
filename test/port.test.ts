// The hand-written tfjs port of the seed's ResNet-50 against the seed's published facts: layer
// count, parameter counts, names, strides, initialisers, shapes. countParams needs no predict,
// so the 224x224x1000 variant is cheap (about 0.5 s to build on wasm or cpu here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildResNet50Port } from './port/resnet50-port.js';

const { tf } = await requireRuntime('auto');

/** Weight shapes are fully known; a null dimension would be a bug in the port. */
function size(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? Number.NaN), 1);
}

function withModel<T>(build: () => TfModule.LayersModel, check: (m: TfModule.LayersModel) => T): T {
  const model = build();
  try {
    return check(model);
  } finally {
    model.dispose();
  }
}

test('ResNet50(64x64x3, 6): 177 layers and the seed summary parameter counts', () => {
  withModel(() => buildResNet50Port(tf), (m) => {
    assert.equal(m.name, 'ResNet50');
    assert.equal(m.layers.length, 177);
    assert.equal(m.countParams(), 23_600_006);
    assert.equal(m.trainableWeights.reduce((n, w) => n + size(w.shape), 0), 23_546_886);
    assert.equal(m.nonTrainableWeights.reduce((n, w) => n + size(w.shape), 0), 53_120);
    assert.deepEqual(m.outputs[0]?.shape, [null, 6]);
  });
});

test('ResNet50(224x224x3, 1000) with the seed head has 42,020,712 parameters', () => {
  withModel(() => buildResNet50Port(tf, { inputShape: [224, 224, 3], classes: 1000 }), (m) => {
    assert.equal(m.layers.length, 177);
    assert.equal(m.countParams(), 42_020_712);
    assert.deepEqual(m.getLayer('avg_pool').outputShape, [null, 3, 3, 2048]);
    assert.deepEqual(m.getLayer('fc1000').outputShape, [null, 1000]);
  });
});

test('names: the seed names, and deterministic per-class counters for the unnamed layers', () => {
  const names = withModel(() => buildResNet50Port(tf), (m) => m.layers.map((l) => l.name));
  assert.deepEqual(names.slice(0, 8), [
    'input_1', 'zero_padding2d_1', 'conv1', 'bn_conv1', 'activation_1', 'max_pooling2d_1',
    'res2a_branch2a', 'bn2a_branch2a',
  ]);
  assert.deepEqual(names.slice(-5), ['add_16', 'activation_49', 'avg_pool', 'flatten_1', 'fc6']);
  assert.equal(new Set(names).size, names.length, 'names are unique');
  const count = (prefix: string) => names.filter((n) => n.startsWith(prefix)).length;
  assert.equal(count('activation_'), 49);
  assert.equal(count('add_'), 16);
  assert.equal(count('res'), 52, 'conv1 is the 53rd Conv2D');
  assert.equal(count('bn'), 53, 'bn_conv1 and 52 block BatchNorms');
  for (const n of ['res3d_branch2b', 'bn4f_branch2c', 'res5a_branch1', 'bn5a_branch1', 'res5c_branch2c']) {
    assert.ok(names.includes(n), n);
  }
  // A second build in the same process, after tfjs's own counters moved, names layers identically.
  tf.layers.activation({ activation: 'relu' });
  const again = withModel(() => buildResNet50Port(tf), (m) => m.layers.map((l) => l.name));
  assert.deepEqual(again, names);
});

test('strides, padding, initialisers and BatchNorm settings follow the seed', () => {
  withModel(() => buildResNet50Port(tf), (m) => {
    const config = (name: string) => m.getLayer(name).getConfig();
    assert.deepEqual(config('conv1').strides, [2, 2]);
    assert.deepEqual(config('conv1').kernelSize, [7, 7]);
    assert.deepEqual(config('zero_padding2d_1').padding, [[3, 3], [3, 3]]);
    assert.deepEqual(config('max_pooling2d_1').poolSize, [3, 3]);
    assert.deepEqual(config('max_pooling2d_1').strides, [2, 2]);
    assert.deepEqual(config('res2a_branch2a').strides, [1, 1], 'stage 2 uses s = 1');
    for (const n of ['res3a_branch2a', 'res3a_branch1', 'res4a_branch2a', 'res5a_branch1']) {
      assert.deepEqual(config(n).strides, [2, 2], `${n} is strided (Keras/Caffe v1, not v1.5)`);
    }
    assert.deepEqual(config('res3a_branch2b').strides, [1, 1]);
    assert.equal(config('res3a_branch2b').padding, 'same');
    assert.equal(config('res3a_branch2a').padding, 'valid');
    assert.deepEqual(config('res4c_branch2b').kernelSize, [3, 3]);
    const conv1Init = config('conv1').kernelInitializer as { className: string; config: { seed?: number } };
    assert.equal(conv1Init.className, 'VarianceScaling');
    assert.equal(conv1Init.config.seed, 0);
    assert.equal(config('res4b_branch2a').useBias, true);
    const bn = config('bn3b_branch2b');
    assert.deepEqual([bn.axis, bn.momentum, bn.epsilon], [3, 0.99, 0.001]);
    assert.deepEqual(config('avg_pool').poolSize, [2, 2]);
    assert.equal(config('fc6').activation, 'softmax');
  });
});

test('shapes through the stages at 64x64', () => {
  withModel(() => buildResNet50Port(tf), (m) => {
    const shape = (name: string) => m.getLayer(name).outputShape;
    assert.deepEqual(shape('zero_padding2d_1'), [null, 70, 70, 3]);
    assert.deepEqual(shape('conv1'), [null, 32, 32, 64]);
    assert.deepEqual(shape('max_pooling2d_1'), [null, 15, 15, 64]);
    assert.deepEqual(shape('bn2c_branch2c'), [null, 15, 15, 256]);
    assert.deepEqual(shape('bn3d_branch2c'), [null, 8, 8, 512]);
    assert.deepEqual(shape('bn4f_branch2c'), [null, 4, 4, 1024]);
    assert.deepEqual(shape('bn5c_branch2c'), [null, 2, 2, 2048]);
    assert.deepEqual(shape('avg_pool'), [null, 1, 1, 2048]);
    assert.deepEqual(shape('flatten_1'), [null, 2048]);
  });
});

test('glorot_uniform(seed=0) makes equal-shaped kernels equal, across layers and builds', () => {
  const kernel = (m: TfModule.LayersModel, name: string) => m.getLayer(name).getWeights()[0]!.dataSync();
  const first = buildResNet50Port(tf);
  const second = buildResNet50Port(tf);
  try {
    assert.deepEqual(kernel(first, 'conv1'), kernel(second, 'conv1'));
    assert.deepEqual(kernel(first, 'res2a_branch2b'), kernel(first, 'res2b_branch2b'));
  } finally {
    first.dispose();
    second.dispose();
  }
});

test('one prediction at 64x64, batch 1, is a softmax over 6 classes', () => {
  withModel(() => buildResNet50Port(tf), (m) => {
    const probabilities = Array.from(tf.tidy(() => (m.predict(tf.ones([1, 64, 64, 3])) as TfModule.Tensor).dataSync()));
    assert.equal(probabilities.length, 6);
    assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.ok(probabilities.every((p) => p > 0 && p < 1));
  });
});
