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
import { expectGolden } from './helpers/golden.js';
import { compileSource } from '../compiler/pipeline.js';
import { emitTypeScript } from '../backends/typescript/emit-module.js';
import { randomWeights, relativeDifference, uniform } from './helpers/numeric.js';
import { TRANSFORMER_SINK } from './helpers/transformer-sink.js';

const { tf } = await requireRuntime('wasm');


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

test('generated TypeScript for the transformer ops is golden: graphc\'s layers embedded once, tfjs\'s called by factory', () => {
  const file = 'test/golden/typescript/transformers/model.yaml';
  const r = compileSource(file, TRANSFORMER_SINK);
  assert.ok(r.program && r.graph);
  const { fileName, text } = emitTypeScript(r.program, r.graph, file);
  assert.equal(fileName, 'Transformers.ts');
  for (const cls of ['MultiHeadAttention', 'Take', 'ClassToken', 'PositionEmbedding', 'LayerScale']) {
    assert.equal(text.split(`class ${cls} extends tf.layers.Layer`).length, 2, `${cls} is defined once`);
    assert.ok(text.includes(`tf.serialization.registerClass(${cls});`), `${cls} is registered`);
  }
  assert.ok(text.includes('tf.layers.layerNormalization({ axis: [1, 2]'));
  assert.ok(text.includes('activation: "gelu_new"'), 'the tanh GELU is tfjs\'s gelu_new');
  expectGolden('test/golden/typescript/transformers/Transformers.ts', text);
});

test('Embedding trains on wasm: Gather\'s gradient (UnsortedSegmentSum) adds the rows of repeated ids', () => {
  assert.equal(tf.getBackend(), 'wasm');
  const ids = [3, 1, 3, 0, 3, 1];
  const w = uniform(ids.length * 2, 3);
  const grad = tf.tidy(() => {
    const g = tf.grad((table: TfModule.Tensor) => tf.sum(tf.mul(tf.gather(table, tf.tensor1d(ids, 'int32')), tf.tensor(w, [ids.length, 2]))));
    return Array.from(g(tf.zeros([5, 2])).dataSync());
  });
  const expected = new Array<number>(10).fill(0);
  ids.forEach((id, i) => {
    expected[id * 2] += w[i * 2]!;
    expected[id * 2 + 1] += w[i * 2 + 1]!;
  });
  grad.forEach((g, i) => assert.ok(Math.abs(g - expected[i]!) < 1e-6, `row ${Math.floor(i / 2)}: ${g} vs ${expected[i]}`));
});
