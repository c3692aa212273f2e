/**
 * `Normalization`: `(x - mean) / max(sqrt(variance), 1e-7)` per feature along `axis`. As in
 * Keras 3: with `mean` and `variance` given they are constants of the config and the layer has
 * no weights; without them it owns `mean`, `variance` and the adapt `count` as non-trainable
 * weights (2·C + 1), set later by loading weights (Keras's `adapt`).
 */
import { expectRank, type OpDef } from '../types.js';

/** The size of the normalized axis, or null when it is not known. */
export function normalizedSize(shape: readonly (number | null)[], axis: number): number | null {
  const a = axis < 0 ? shape.length + axis : axis;
  return a >= 1 && a < shape.length ? shape[a] ?? null : null;
}

/** Keras `Normalization` (one axis). */
export const Normalization: OpDef = {
  name: 'Normalization',
  description: 'Shifts and scales features to mean 0 and variance 1 with a fixed or adapted mean and variance.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    axis: { type: 'int', default: -1, description: 'The feature axis that keeps its own mean and variance (-1: channels).' },
    mean: { type: 'numbers', optional: true, description: 'Mean per feature (or one for all); unset: a weight, adapted or loaded.' },
    variance: { type: 'numbers', optional: true, description: 'Variance per feature (or one for all); given together with `mean`.' },
    invert: { type: 'bool', default: false, description: 'Apply the inverse: `x * sqrt(variance) + mean`.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    if (input.length < 2) return { problem: expectRank(inputs, 2)! };
    const axis = attrs['axis'] as number;
    const a = axis < 0 ? input.length + axis : axis;
    if (a < 1 || a >= input.length) return { problem: { kind: 'other', detail: `axis ${axis} is not a feature axis of a rank-${input.length} input` } };
    const mean = attrs['mean'];
    const variance = attrs['variance'];
    if ((mean === undefined) !== (variance === undefined)) return { problem: { kind: 'other', detail: 'give both `mean` and `variance`, or neither' } };
    const c = input[a] ?? null;
    for (const [key, v] of [['mean', mean], ['variance', variance]] as const) {
      if (Array.isArray(v) && v.length !== 1 && c !== null && v.length !== c) return { problem: { kind: 'other', detail: `\`${key}\` has ${v.length} values for ${c} features on axis ${axis}` } };
    }
    return { shape: input };
  },
  countParams({ inputs, attrs }) {
    if (attrs['mean'] !== undefined) return { trainable: 0, nonTrainable: 0 };
    const c = normalizedSize(inputs[0]!, attrs['axis'] as number) ?? 0;
    return { trainable: 0, nonTrainable: 2 * c + 1 };
  },
};
