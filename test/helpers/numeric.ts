/**
 * Numerical test helpers: seeded random weights with non-trivial BatchNormalization statistics,
 * seeded random inputs, and the scale-relative difference the backend tests compare with.
 * Generated with a fixed LCG, so every failure reproduces; cheap enough for ResNet-152's 60M
 * weights.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { WeightTensor, Weights } from '../../compiler/weights.js';

/** Fills `out` with uniform values in [lo, hi) from an LCG state; returns the next state. */
function fill(out: Float32Array, lo: number, hi: number, state: number): number {
  let s = state >>> 0;
  const span = (hi - lo) / 4294967296;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + s * span;
  }
  return s;
}

/** `n` uniform values in [lo, hi), deterministic for a seed. */
export function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  fill(out, lo, hi, (seed * 2654435761) >>> 0);
  return out;
}

/** The range a weight is drawn from: variance-keeping kernels, BatchNorm statistics away from 0/1. */
function rangeOf(name: string, shape: readonly number[]): [number, number] {
  if (name.endsWith('kernel')) {
    // depthwise kernels [kh, kw, cin, mult] read kh*kw values per output; the others all but the last axis
    const fanIn = name === 'depthwise_kernel' ? shape[0]! * shape[1]! : shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const a = Math.sqrt(3 / Math.max(1, fanIn));
    return [-a, a];
  }
  if (name === 'gamma' || name === 'moving_variance' || name === 'variance') return [0.5, 1.5];
  return [-0.2, 0.2]; // bias, beta, moving_mean
}

/**
 * Random weights for every weighted layer of a model (names and shapes read from the model, no
 * weight data copied out): kernels scaled by their fan-in, BatchNorm gamma and moving variance in
 * [0.5, 1.5), beta, moving mean and biases in [-0.2, 0.2).
 */
export function randomWeights(model: TfModule.LayersModel, seed: number): Weights {
  const out = new Map<string, WeightTensor[]>();
  let state = (seed * 2654435761) >>> 0;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    out.set(layer.name, layer.weights.map((w) => {
      const shape = w.shape as number[];
      // Keras's name without the layer prefix: `kernel`, or `query/kernel` in MultiHeadAttention.
      const name = w.originalName.startsWith(`${layer.name}/`) ? w.originalName.slice(layer.name.length + 1) : w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      const [lo, hi] = rangeOf(name, shape);
      state = fill(data, lo, hi, state);
      return { name, shape, data };
    }));
  }
  return out;
}

/** max |a - b| over the scale of `expected` (its largest magnitude, at least 1). */
export function relativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (Number.isNaN(d)) return Infinity;
    diff = Math.max(diff, d);
  }
  return diff / scale;
}
