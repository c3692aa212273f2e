/**
 * The transformer ops through the runtimes: a small model using every one of them (and both
 * GELUs, integer inputs, LayerNormalization over several axes, cross-attention with a separate
 * key) gives the same outputs on tfjs and onnxruntime within 1e-4 with the same random
 * weights; a saved model.json with graphc's own layers loads back through `loadSavedModel` and
 * predicts identically, under Keras's class names and weight names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, readWeights, writeWeights } from '../backends/tfjs/build-model.js';
import { loadSavedModel, modelFiles } from '../backends/tfjs/save.js';
import { exportOnnx } from '../backends/onnx/export.js';
import { createOnnxSession, type OnnxFeed } from '../backends/onnx/ort.js';
import { indexBound } from '../compiler/index-bound.js';
import type { Graph } from '../compiler/ir.js';
import type { Weights } from '../compiler/weights.js';
import { compileOk } from './helpers/compile.js';
import { randomWeights, relativeDifference, uniform } from './helpers/numeric.js';

const { tf } = await requireRuntime('wasm');

/** Every transformer op, in the layouts they meet: patches (NCHW inside ONNX), sequences, ids. */
export const TRANSFORMER_SINK = `graphc: 1
name: TransformerSink
inputs:
  - { shape: [8, 8, 3], name: image, as: image }
  - { shape: [7], dtype: int32, name: ids, as: ids }
  - { shape: [7], dtype: int32, name: segments, as: segments }
body:
  - Conv2D: { input: image, filters: 12, kernel_size: 4, strides: 4, name: patches }
  - LayerScale: { init_values: 0.5, projection_dim: 12, name: scale_nchw }
  - LayerNormalization: { axis: [1, 2], epsilon: 1e-5, name: ln_spatial }
  - Reshape: { target_shape: [4, 12], name: tokens }
  - ClassToken: { name: cls, as: cls }
  - PositionEmbedding: { sequence_length: 9, name: pos, as: pos }
  - Add: { inputs: [cls, pos], name: embedded, as: embedded }
  - LayerNormalization: { epsilon: 1e-6, name: ln, as: ln }
  - MultiHeadAttention: { inputs: [ln, ln], num_heads: 3, key_dim: 4, name: self_attention, as: self_attention }
  - Add: { inputs: [embedded, self_attention], name: residual, as: residual }
  - Dense: { units: 24, activation: gelu, name: mlp_exact }
  - Dense: { units: 12, activation: gelu_approximate, name: mlp_tanh, as: mlp_tanh }
  - Take: { axis: 1, indices: 0, name: class_token, as: class_token }
  - Embedding: { input: ids, input_dim: 30, output_dim: 12, name: words, as: words }
  - Embedding: { input: segments, input_dim: 2, output_dim: 12, name: types, as: types }
  - Add: { inputs: [words, types], name: text }
  - LayerNormalization: { center: false, name: ln_text, as: ln_text }
  - MultiHeadAttention: { inputs: [ln_text, mlp_tanh, residual], num_heads: 2, key_dim: 5, value_dim: 3, output_shape: 6, use_bias: false, name: cross_attention }
  - LayerNormalization: { axis: -2, scale: false, name: ln_positions, as: ln_positions }
  - Take: { axis: -2, indices: -1, name: last_position, as: last_position }
  - Activation: { input: class_token, activation: gelu, name: gelu_layer, as: gelu_layer }
outputs: [last_position, gelu_layer, ln_positions]
`;

function withRandomWeights(graph: Graph, seed: number): { model: TfModule.LayersModel; weights: Weights } {
  const model = buildModel(graph, tf, { init: 'zeros', compile: false });
  const weights = randomWeights(model, seed);
  writeWeights(tf, model, weights);
  return { model, weights };
}

/** Feeds for a batch: floats in [-1, 1), integer ids below each input's Embedding bound. */
function feeds(graph: Graph, batch: number, seed: number): { name: string; feed: OnnxFeed }[] {
  return graph.inputs.map((name, i) => {
    const node = graph.nodes.find((n) => n.name === name)!;
    const dims = [batch, ...node.shape!.slice(1)] as number[];
    const values = uniform(dims.reduce((a, b) => a * b, 1), seed * 31 + i, 0, 1);
    const bound = indexBound(graph, name);
    const data = node.attrs['dtype'] === 'int32' ? Int32Array.from(values, (v) => Math.floor(v * bound)) : values.map((v) => 2 * v - 1);
    return { name, feed: { data, dims } };
  });
}

function predict(model: TfModule.LayersModel, inputs: readonly { feed: OnnxFeed }[]): Float32Array[] {
  return tf.tidy(() => {
    const xs = inputs.map(({ feed }) => (feed.data instanceof Int32Array ? tf.tensor(feed.data, [...feed.dims], 'int32') : tf.tensor(feed.data, [...feed.dims])));
    const out = model.predict(xs.length === 1 ? xs[0]! : xs);
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

/** tfjs and onnxruntime agree within 1e-4 on a graph with the given weights. */
export async function assertOnnxAgrees(graph: Graph, model: TfModule.LayersModel, weights: Weights, what: string): Promise<void> {
  const session = await createOnnxSession(exportOnnx(graph, weights), { optimization: 'all' });
  try {
    for (const batch of [1, 3]) {
      const inputs = feeds(graph, batch, batch);
      const expected = predict(model, inputs);
      const got = await session.run(Object.fromEntries(inputs.map((i) => [i.name, i.feed])));
      graph.outputs.forEach((name, i) => {
        const d = relativeDifference(got[name]!.data, expected[i]!);
        assert.ok(d <= 1e-4, `${what}: ${name} at batch ${batch} differs from tfjs by ${d.toExponential(2)}`);
      });
    }
  } finally {
    await session.release();
  }
}

test('every transformer op: ONNX equals tfjs within 1e-4 at batch 1 and 3', async () => {
  const graph = compileOk(TRANSFORMER_SINK);
  const { model, weights } = withRandomWeights(graph, 7);
  try {
    await assertOnnxAgrees(graph, model, weights, 'sink');
  } finally {
    model.dispose();
  }
});

test('graphc\'s own layers carry Keras\'s weight names and shapes', () => {
  const graph = compileOk(TRANSFORMER_SINK);
  const model = buildModel(graph, tf, { init: 'zeros', compile: false });
  try {
    const w = readWeights(model);
    const names = (layer: string): string[] => w.get(layer)!.map((t) => `${t.name}${JSON.stringify(t.shape)}`);
    assert.deepEqual(names('self_attention'), [
      'query/kernel[12,3,4]', 'query/bias[3,4]', 'key/kernel[12,3,4]', 'key/bias[3,4]',
      'value/kernel[12,3,4]', 'value/bias[3,4]', 'attention_output/kernel[3,4,12]', 'attention_output/bias[12]',
    ]);
    assert.deepEqual(names('cross_attention'), ['query/kernel[12,2,5]', 'key/kernel[12,2,5]', 'value/kernel[12,2,3]', 'attention_output/kernel[2,3,6]']);
    assert.deepEqual(names('cls'), ['cls[1,1,12]']);
    assert.deepEqual(names('pos'), ['embeddings[9,12]']);
    assert.deepEqual(names('scale_nchw'), ['gamma[12]']);
    assert.deepEqual(names('words'), ['embeddings[30,12]']);
    assert.deepEqual(names('ln_spatial'), ['gamma[2,2]', 'beta[2,2]']);
    // LayerScale starts at init_values, as Keras's does.
    assert.ok(w.get('scale_nchw')![0]!.data.every((v) => v === 0.5));
    const counted = graph.nodes.reduce((s, n) => s + n.params.trainable + n.params.nonTrainable, 0);
    assert.equal(model.countParams(), counted, 'the compiler counts what tfjs builds');
  } finally {
    model.dispose();
  }
});

test('a saved model with MultiHeadAttention and the learned tensors loads back with loadSavedModel and predicts identically', async () => {
  const graph = compileOk(TRANSFORMER_SINK);
  const { model } = withRandomWeights(graph, 11);
  const dir = mkdtempSync(join(tmpdir(), 'graphc-transformer-save-'));
  try {
    for (const f of await modelFiles(tf, model, 'test')) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.data);
    }
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };
    const layers = json.modelTopology.config.layers;
    const mha = layers.find((l) => l.config['name'] === 'cross_attention')!;
    assert.equal(mha.class_name, 'MultiHeadAttention');
    assert.equal(mha.config['num_heads'], 2);
    assert.equal(mha.config['key_dim'], 5);
    assert.equal(mha.config['value_dim'], 3);
    assert.equal(mha.config['output_shape'], 6);
    assert.equal(mha.config['use_bias'], false);
    for (const name of ['PositionEmbedding', 'ClassToken', 'LayerScale', 'Take']) assert.ok(layers.some((l) => l.class_name === name), name);
    const loaded = await loadSavedModel(tf, dir);
    try {
      const inputs = feeds(graph, 2, 5);
      const a = predict(model, inputs);
      const b = predict(loaded, inputs);
      a.forEach((x, i) => assert.deepEqual(b[i], x, `output ${i} is identical after loading`));
      assert.deepEqual(loaded.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()));
    } finally {
      loaded.dispose();
    }
  } finally {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
