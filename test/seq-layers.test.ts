/**
 * The layers of issue 10 part C end to end, on small models: parameter counts against Keras's
 * formulas (written out here with the numbers), output shapes against tfjs's, and the ONNX export
 * against the tfjs model with the same random weights (1e-4). LSTM and GRU run on float
 * sequences; the gate reordering of the ONNX export is what the recurrent cases check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSavedModel, modelFiles } from '../backends/tfjs/save.js';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { TargetError } from '../backends/target.js';
import type { Graph } from '../compiler/ir.js';
import { broadcastShapes } from '../compiler/ops/shape-math.js';
import { compileOk } from './helpers/compile.js';
import { assertOnnxAgrees, modelWithRandomWeights, predictAll, randomInputs } from './helpers/backends-agree.js';

const { tf } = await requireRuntime('wasm');

/** A one-input model: `input` (shape without batch) then `body` (YAML steps, indented 2). */
function model(name: string, input: string, body: string, outputs = ''): Graph {
  return compileOk(`graphc: 1\nname: ${name}\ninputs:\n  - { shape: ${input}, name: x }\nbody:\n${body}\n${outputs}`);
}

const byName = (g: Graph, name: string): Graph['nodes'][number] => g.nodes.find((n) => n.name === name)!;

/** tfjs's own shapes and parameter counts agree with the compiler's, layer by layer. */
function assertTfjsAgrees(g: Graph): void {
  const m = buildModel(g, tf, { init: 'zeros', compile: false });
  try {
    for (const n of g.nodes) {
      const layer = m.getLayer(n.name);
      assert.deepEqual(layer.outputShape, n.shape, `${n.name}: tfjs's output shape`);
      assert.equal(layer.countParams(), n.params.trainable + n.params.nonTrainable, `${n.name}: tfjs's parameter count`);
    }
  } finally {
    m.dispose();
  }
}

const ACTIVATIONS = model('Activations', '[4, 6, 3]', `
  - LeakyReLU: { name: leaky }
  - LeakyReLU: { alpha: 0.1, name: leaky_keras2 }
  - ELU: { name: elu }
  - PReLU: { name: prelu_all }
  - PReLU: { shared_axes: [1, 2], name: prelu_channel, alpha_initializer: { class_name: Constant, config: { value: 0.25 } } }
  - Softmax: { name: softmax }
  - ELU: { alpha: 0.5, name: elu_half }
  - Softmax: { axis: 1, name: softmax_steps }`);

const MERGES = compileOk(`graphc: 1
name: Merges
inputs:
  - { shape: [5, 4], name: a, as: a }
  - { shape: [5, 4], name: b, as: b }
  - { shape: [4], name: v, as: v }
  - { shape: [5, 1], name: col, as: col }
body:
  - Subtract: { inputs: [a, b], name: sub }
  - Subtract: { inputs: [a, v], name: sub_rank }
  - Maximum: { inputs: [a, b, col], name: max }
  - Minimum: { inputs: [a, col], name: min }
  - Average: { inputs: [a, b, v], name: avg }
  - Add: { inputs: [a, v], name: add_rank }
  - Multiply: { inputs: [a, col], name: mul_col }
  - Dot: { inputs: [a, b], axes: 2, name: dot_features }
  - Dot: { inputs: [a, b], axes: [1, 1], normalize: true, name: dot_cosine }
  - Dot: { inputs: [v, v], axes: -1, name: dot_vectors }
  - Dot: { inputs: [v, a], axes: [1, 2], name: dot_mixed }
outputs: [sub, sub_rank, max, min, avg, add_rank, mul_col, dot_features, dot_cosine, dot_vectors, dot_mixed]
`);

const SHAPES = model('Shapes', '[6, 4]', `
  - Permute: { dims: [2, 1], name: swap }
  - Dropout: { rate: 0.5, noise_shape: [null, 1, 6], name: drop }
  - Flatten
  - RepeatVector: { n: 3, name: repeat }
  - Reshape: [3, 4, 6]
  - SpatialDropout2D: { rate: 0.3, name: spatial }`);

const RECURRENT = model('Recurrent', '[7, 5]', `
  - LSTM: { units: 6, return_sequences: true, name: lstm_seq }
  - GRU: { units: 4, return_sequences: true, name: gru_seq }
  - GRU: { units: 3, reset_after: false, return_sequences: true, name: gru_v1 }
  - LSTM: { units: 4, use_bias: false, name: lstm_last, as: l }
  - GRU: { units: 2, input: gru_v1, name: gru_last }
  - LSTM: { units: 3, input: x, activation: relu, recurrent_activation: hard_sigmoid, return_sequences: true, name: lstm_relu }
  - GRU: { units: 3, activation: softsign, recurrent_activation: hard_sigmoid, name: gru_hard }`, 'outputs: [lstm_seq, gru_seq, lstm_last, gru_last, gru_hard]');

describe('issue 10 part C layers', () => {
  it('count parameters as Keras does', () => {
    // PReLU: one slope per element of (4, 6, 3) = 72; shared over axes 1, 2: one per channel = 3.
    assert.equal(byName(ACTIVATIONS, 'prelu_all').params.trainable, 4 * 6 * 3);
    assert.equal(byName(ACTIVATIONS, 'prelu_channel').params.trainable, 3);
    assert.equal(byName(ACTIVATIONS, 'leaky_keras2').attrs['negative_slope'], 0.1, 'Keras 2 `alpha` becomes Keras 3 `negative_slope`');
    assert.equal(byName(ACTIVATIONS, 'leaky').attrs['negative_slope'], 0.3, 'Keras 3 default');
    // LSTM 4·(units·(input+units) + units): 4·(6·(5+6) + 6) = 288.
    assert.equal(byName(RECURRENT, 'lstm_seq').params.trainable, 4 * (6 * (5 + 6) + 6));
    assert.equal(byName(RECURRENT, 'lstm_seq').params.trainable, 288);
    // GRU reset_after=True: 3·(units·(input+units) + 2·units) = 3·(4·(6+4) + 8) = 144.
    assert.equal(byName(RECURRENT, 'gru_seq').params.trainable, 144);
    // GRU reset_after=False: 3·(units·(input+units) + units) = 3·(3·(4+3) + 3) = 72.
    assert.equal(byName(RECURRENT, 'gru_v1').params.trainable, 72);
    // LSTM use_bias=False on gru_v1's 3 features: 4·4·(3+4) = 112.
    assert.equal(byName(RECURRENT, 'lstm_last').params.trainable, 112);
    // GRU on gru_v1's 3 features: 3·(2·(3+2) + 2·2) = 42.
    assert.equal(byName(RECURRENT, 'gru_last').params.trainable, 42);
    // lstm_relu: 4·(3·(5+3) + 3) = 108; gru_hard: 3·(3·(3+3) + 2·3) = 72.
    assert.equal(RECURRENT.totals.params, 288 + 144 + 72 + 112 + 42 + 108 + 72);
  });

  it('merge with Keras\'s broadcasting rule (Merge._compute_elemwise_op_output_shape)', () => {
    const merged = (a: (number | null)[], b: (number | null)[]): unknown => {
      const r = broadcastShapes(a, b);
      return 'shape' in r ? r.shape : r.mismatch;
    };
    assert.deepEqual(merged([null, 5, 4], [null, 4]), [null, 5, 4], 'the lower rank aligns from the right');
    assert.deepEqual(merged([null, 4], [null, 5, 4]), [null, 5, 4], 'either way round');
    assert.deepEqual(merged([null, 5, 1], [null, 1, 4]), [null, 5, 4], 'size-1 dims broadcast');
    assert.deepEqual(merged([null, null, 4], [null, 3, 4]), [null, null, 4], 'an unknown dim stays unknown, as in Keras');
    assert.deepEqual(merged([null, 5, 4], [null, 5]), 'dimension 2 is 4 vs 5');
    assert.deepEqual(merged([2, 4], [3, 4]), 'batch size 2 vs 3');
  });

  it('infer Keras shapes: batch dot, permute, repeat, return_sequences', () => {
    const shape = (g: Graph, n: string): unknown => byName(g, n).shape;
    assert.deepEqual(shape(MERGES, 'sub_rank'), [null, 5, 4]);
    assert.deepEqual(shape(MERGES, 'max'), [null, 5, 4]);
    assert.deepEqual(shape(MERGES, 'dot_features'), [null, 5, 5]);
    assert.deepEqual(shape(MERGES, 'dot_cosine'), [null, 4, 4]);
    assert.deepEqual(shape(MERGES, 'dot_vectors'), [null, 1]);
    assert.deepEqual(shape(MERGES, 'dot_mixed'), [null, 5]);
    assert.deepEqual(shape(SHAPES, 'swap'), [null, 4, 6]);
    assert.deepEqual(shape(SHAPES, 'repeat'), [null, 3, 24]);
    assert.deepEqual(shape(RECURRENT, 'lstm_seq'), [null, 7, 6]);
    assert.deepEqual(shape(RECURRENT, 'gru_last'), [null, 2]);
  });

  for (const g of [ACTIVATIONS, MERGES, SHAPES, RECURRENT]) {
    it(`${g.name}: tfjs has the same shapes and counts`, () => assertTfjsAgrees(g));
    it(`${g.name}: ONNX computes what tfjs computes (1e-4)`, async () => assertOnnxAgrees(tf, g));
  }

  it('a saved model with graphc\'s own tfjs layers (Subtract, SpatialDropout2D, GRU reset_after) loads back and predicts identically', async () => {
    const g = compileOk(`graphc: 1
name: SavedCustom
inputs:
  - { shape: [5, 3], name: seq, as: seq }
  - { shape: [4, 4, 2], name: image, as: image }
body:
  - GRU: { input: seq, units: 4, name: gru_after, as: a }
  - GRU: { input: seq, units: 4, reset_after: false, name: gru_before, as: b }
  - Subtract: { inputs: [a, b], name: difference }
  - SpatialDropout2D: { input: image, rate: 0.5, name: spatial }
  - ELU: { alpha: 0.5, name: elu_half }
  - Softmax: { axis: 1, name: softmax_rows }
outputs: [difference, softmax_rows]
`);
    const { model } = modelWithRandomWeights(tf, g, 3);
    const dir = mkdtempSync(join(tmpdir(), 'graphc-seq-saved-'));
    try {
      for (const f of await modelFiles(tf, model, 'graphc test')) writeFileSync(join(dir, f.path), f.data);
      const loaded = await loadSavedModel(tf, dir);
      assert.deepEqual(loaded.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()));
      assert.deepEqual(loaded.getLayer('gru_after').getWeights().map((w) => w.shape), [[3, 12], [4, 12], [2, 12]], 'Keras\'s reset_after weight layout');
      const inputs = randomInputs(g, 2, 3);
      const [before, after] = [predictAll(tf, model, inputs), predictAll(tf, loaded, inputs)];
      before.forEach((o, i) => assert.deepEqual(Array.from(after[i]!.data), Array.from(o.data)));
      loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      model.dispose();
    }
  });

  it('refuses what its tfjs GRU cell cannot do with a target error naming the layer, never a crash', () => {
    const g = model('GruDropout', '[5, 3]', '  - GRU: { units: 2, dropout: 0.2, name: gru_dropout }');
    assert.throws(() => buildModel(g, tf, { init: 'zeros', compile: false }), (e: unknown) => e instanceof TargetError && /gru_dropout/.test(e.message));
  });
});
