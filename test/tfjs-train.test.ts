/**
 * Training smoke test on the default runtime, wasm: tfjs-backend-wasm 4.22 has no
 * Conv2DBackpropFilter kernel, graphc registers one (backends/tfjs/wasm-grad.ts, checked against
 * the cpu gradient in wasm-grad.test.ts). One fit step of the compiled, compiled-with-the-YAML's
 * settings model on a small batch runs and changes the weights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { compileFileOk } from './helpers/compile.js';

const { tf, name } = await requireRuntime('wasm');

test('one fit step of ResNet-50 (adam, categorical_crossentropy) changes the weights', async () => {
  assert.equal(name, 'wasm');
  const graph = compileFileOk('architectures/resnet50.yaml');
  const model = buildModel(graph, tf);
  const before = model.getLayer('res2a_branch2a').getWeights()[0]!.dataSync().slice();
  const bnBefore = model.getLayer('bn_conv1').getWeights()[2]!.dataSync().slice();
  const x = tf.randomNormal([2, 64, 64, 3], 0, 1, 'float32', 5);
  const y = tf.oneHot(tf.tensor1d([1, 4], 'int32'), 6);
  const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
  const loss = history.history['loss']![0] as number;
  assert.ok(Number.isFinite(loss), `loss ${loss}`);
  const after = model.getLayer('res2a_branch2a').getWeights()[0]!.dataSync();
  const bnAfter = model.getLayer('bn_conv1').getWeights()[2]!.dataSync();
  let changed = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed++;
  assert.ok(changed > before.length / 2, `${changed} of ${before.length} kernel values changed`);
  assert.notDeepEqual(Array.from(bnAfter), Array.from(bnBefore), 'moving mean updated');
  (model.optimizer as TfModule.Optimizer).dispose();
});
