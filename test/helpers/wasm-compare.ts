/**
 * Helpers of the wasm kernel tests: run a computation on the cpu backend and back on wasm, and
 * compare the results relative to their scale.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

/** Runs `f` with `name` as the backend, then returns to wasm (the tests' backend). */
export async function onBackend<T>(name: string, f: () => Promise<T>): Promise<T> {
  await tf.setBackend(name);
  try {
    return await f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** The largest absolute difference between `a` and `b` (same length asserted). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** max |a − b| / max |b|: the difference relative to the expected values' scale. */
export function relativeDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  return maxAbsDiff(actual, expected) / Math.max(scale, 1e-30);
}

/** Runs one kernel through the engine on the current backend and reads its result. */
export async function runKernel(name: string, inputs: Record<string, { data: Float32Array; shape: number[] }>, attrs: object): Promise<Float32Array> {
  const out = tf.tidy(() => {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    return tf.engine().runKernel(name, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  });
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

/**
 * `name` on wasm against cpu: returns the relative difference, and asserts the wasm kernel freed
 * its intermediates (counted in the backend: they are invisible to tf.memory()).
 */
export async function compareWithCpu(name: string, inputs: Record<string, { data: Float32Array; shape: number[] }>, attrs: object): Promise<number> {
  const expected = await onBackend('cpu', () => runKernel(name, inputs, attrs));
  const before = tf.engine().backend.numDataIds();
  const actual = await runKernel(name, inputs, attrs);
  assert.equal(tf.engine().backend.numDataIds(), before, `${name} freed its intermediates`);
  return relativeDiff(actual, expected);
}

/** Input data and class labels of a small training batch. */
export interface Batch {
  readonly x: Float32Array;
  readonly shape: number[];
  readonly labels: number[];
  readonly classes: number;
}

/** Every weight gradient of a fresh `makeModel()`'s softmax cross-entropy on `batch`, by weight name. */
export async function weightGradients(makeModel: () => tf.LayersModel, batch: Batch): Promise<Map<string, Float32Array>> {
  const model = makeModel();
  const xs = tf.tensor(batch.x, batch.shape);
  const ys = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), batch.classes);
  const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor));
  const out = new Map<string, Float32Array>();
  // tfjs suffixes a variable's name with a counter that differs between two builds of the model.
  for (const [name, g] of Object.entries(grads)) out.set(name.replace(/_\d+$/, ''), (await g.data()) as Float32Array);
  tf.dispose([xs, ys, ...Object.values(grads)]);
  model.dispose();
  return out;
}

/** The losses of two epochs of `model.fit` (adam) of a fresh `makeModel()` on `batch`. */
export async function fitLosses(makeModel: () => tf.LayersModel, batch: Batch): Promise<number[]> {
  const model = makeModel();
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor(batch.x, batch.shape);
  const ys = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), batch.classes);
  try {
    const history = await model.fit(xs, ys, { epochs: 2, batchSize: batch.shape[0], verbose: 0 });
    return history.history.loss!.map(Number);
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
}
