/**
 * Checks that the tfjs model and the ONNX export of a graph compute the same thing: the tfjs
 * model gets seeded random weights, the ONNX export those same weights, and every output on a
 * seeded random input must agree within 1e-4 of its scale.
 */
import assert from 'node:assert/strict';
import type * as TfModule from '@tensorflow/tfjs';
import { buildModel, writeWeights } from '../../backends/tfjs/build-model.js';
import { exportOnnx } from '../../backends/onnx/export.js';
import { createOnnxSession } from '../../backends/onnx/ort.js';
import type { Graph } from '../../compiler/ir.js';
import type { Weights } from '../../compiler/weights.js';
import { randomWeights, relativeDifference, uniform } from './numeric.js';

type Tf = typeof TfModule;

/** The scale-relative tolerance of every backend comparison. */
export const TOLERANCE = 1e-4;

/** Builds the tfjs model with seeded random weights. */
export function modelWithRandomWeights(tf: Tf, graph: Graph, seed: number): { model: TfModule.LayersModel; weights: Weights } {
  const model = buildModel(graph, tf, { init: 'zeros', compile: false });
  const weights = randomWeights(model, seed);
  writeWeights(tf, model, weights);
  return { model, weights };
}

/** Seeded inputs in [-1, 1) for `batch` samples, one per model input. */
export function randomInputs(graph: Graph, batch: number, seed: number): { name: string; dims: number[]; data: Float32Array }[] {
  return graph.inputs.map((name, i) => {
    const dims = [batch, ...graph.nodes.find((n) => n.name === name)!.shape!.slice(1)] as number[];
    return { name, dims, data: uniform(dims.reduce((a, b) => a * b, 1), seed * 31 + i) };
  });
}

/** Every output of `model` on `inputs`, copied out. */
export function predictAll(tf: Tf, model: TfModule.LayersModel, inputs: ReturnType<typeof randomInputs>): { data: Float32Array; shape: number[] }[] {
  return tf.tidy(() => {
    const xs = inputs.map((f) => tf.tensor(f.data, f.dims));
    const out = model.predict(xs.length === 1 ? xs[0]! : xs);
    return (Array.isArray(out) ? out : [out]).map((t) => ({ data: Float32Array.from(t.dataSync() as Float32Array), shape: t.shape }));
  });
}

/** Asserts that onnxruntime on the export computes what tfjs computes, with the same weights. */
export async function assertOnnxAgrees(tf: Tf, graph: Graph, seed = 1, batch = 2): Promise<void> {
  const { model, weights } = modelWithRandomWeights(tf, graph, seed);
  const inputs = randomInputs(graph, batch, seed);
  const expected = predictAll(tf, model, inputs);
  const session = await createOnnxSession(exportOnnx(graph, weights), { optimization: 'all' });
  try {
    const got = await session.run(Object.fromEntries(inputs.map((f) => [f.name, { data: f.data, dims: f.dims }])));
    graph.outputs.forEach((name, i) => {
      assert.deepEqual(got[name]!.dims, expected[i]!.shape, `${graph.name}: ${name} has tfjs's shape`);
      const d = relativeDifference(got[name]!.data, expected[i]!.data);
      assert.ok(d <= TOLERANCE, `${graph.name}: output ${name} differs from tfjs by ${d.toExponential(2)} of its scale`);
    });
  } finally {
    await session.release();
    model.dispose();
  }
}
