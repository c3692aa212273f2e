/**
 * `graphc build --target tfjs`: the saved layers model loads back through `tf.loadLayersModel`
 * and predicts the same values, its topology passes `tf.models.modelFromJSON`, the training
 * settings survive, and two builds are byte-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { loadSavedModel } from '../backends/tfjs/save.js';
import { runCli } from '../cli/main.js';
import { compileFileOk } from './helpers/compile.js';

const { tf } = await requireRuntime('cpu');

async function build(out: string): Promise<void> {
  let err = '';
  const code = await runCli(['build', 'architectures/resnet50.yaml', '--target', 'tfjs', '--backend', 'cpu', '--out', out], { out: () => {}, err: (t) => (err += t) });
  assert.equal(code, 0, err);
  assert.match(err, /^runtime: cpu$/m);
}

const dir = mkdtempSync(join(tmpdir(), 'graphc-tfjs-'));
const first = join(dir, 'a');
const second = join(dir, 'b');
await build(first);
await build(second);

test('two builds give byte-identical model.json and weights', () => {
  for (const f of ['model.json', 'weights.bin']) assert.ok(readFileSync(join(first, f)).equals(readFileSync(join(second, f))), f);
});

test('model.json is a Keras-compatible layers model with the seed\'s training settings', () => {
  const json = JSON.parse(readFileSync(join(first, 'model.json'), 'utf8')) as {
    format: string;
    modelTopology: { class_name: string; config: { name: string; layers: { name: string }[] } };
    trainingConfig: { loss: string; metrics: string[]; optimizer_config: { class_name: string } };
    weightsManifest: { paths: string[]; weights: { name: string }[] }[];
  };
  assert.equal(json.format, 'layers-model');
  assert.equal(json.modelTopology.class_name, 'Model');
  assert.equal(json.modelTopology.config.name, 'ResNet50');
  assert.equal(json.modelTopology.config.layers.length, 177);
  assert.equal(json.trainingConfig.loss, 'categorical_crossentropy');
  assert.deepEqual(json.trainingConfig.metrics, ['accuracy']);
  assert.equal(json.trainingConfig.optimizer_config.class_name, 'Adam');
  assert.deepEqual(json.weightsManifest[0]!.paths, ['weights.bin']);
  assert.equal(json.weightsManifest[0]!.weights[0]!.name, 'conv1/kernel');
  assert.equal(readFileSync(join(first, 'weights.bin')).length, 23_600_006 * 4);
});

test('the saved model loads with tf.loadLayersModel and predicts what the built model predicts', async () => {
  const loaded = await loadSavedModel(tf, first);
  const built = buildModel(compileFileOk('architectures/resnet50.yaml'), tf);
  const x = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 11);
  const a = (loaded.predict(x) as TfModule.Tensor).dataSync();
  const b = (built.predict(x) as TfModule.Tensor).dataSync();
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.equal(loaded.countParams(), 23_600_006);
  assert.ok(loaded.optimizer, 'the loader compiled the model from its training config');
});

test('tf.models.modelFromJSON accepts the topology', async () => {
  const json = JSON.parse(readFileSync(join(first, 'model.json'), 'utf8')) as { modelTopology: TfModule.serialization.ConfigDict };
  const model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology });
  assert.equal(model.layers.length, 177);
  assert.equal(model.layers[2]!.name, 'conv1');
});
