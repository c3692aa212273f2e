/** `LayerNormalization`: normalizes each sample over one or more feature axes. */
import type { Shape } from '../../ir.js';
import { type OpDef, owned, type ShapeProblem } from '../types.js';

/**
 * The axes of `attrs.axis` made non-negative and sorted, or a problem: Keras accepts an integer
 * or a list, negative values counting from the end, never the batch axis.
 */
export function normalizedAxes(input: Shape, axis: number | readonly number[]): readonly number[] | ShapeProblem {
  const given = typeof axis === 'number' ? [axis] : axis;
  const axes = given.map((a) => (a < 0 ? input.length + a : a));
  const bad = given.find((_, i) => axes[i]! <= 0 || axes[i]! >= input.length);
  if (bad !== undefined) return { kind: 'other', detail: `axis ${bad} is not a feature axis of an input of rank ${input.length} (batch included)` };
  if (new Set(axes).size !== axes.length) return { kind: 'other', detail: `axis ${JSON.stringify(given)} names an axis twice` };
  return [...axes].sort((a, b) => a - b);
}

/** Keras `LayerNormalization`. */
export const LayerNormalization: OpDef = {
  name: 'LayerNormalization',
  description: 'Layer normalization: each sample is normalized over `axis` (the last by default), then scaled by gamma and offset by beta.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    axis: { type: 'axis', default: -1, description: 'The axis or axes to normalize over (negative counts from the end; -1 is the features).' },
    epsilon: { type: 'number', min: 0, default: 0.001, description: 'Small float added to the variance to avoid dividing by zero (transformers usually use 1e-6 or 1e-12).' },
    center: { type: 'bool', default: true, description: 'Whether to add the learned offset beta.' },
    scale: { type: 'bool', default: true, description: 'Whether to multiply by the learned scale gamma.' },
    beta_initializer: { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of beta.' },
    gamma_initializer: { type: 'initializer', default: { class_name: 'Ones', config: {} }, description: 'Initializer of gamma.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const axes = normalizedAxes(input, attrs['axis'] as number | number[]);
    if ('kind' in axes) return { problem: axes };
    if (axes.some((a) => input[a] === null)) return { problem: { kind: 'other', detail: 'the normalized axes of its input must have known sizes' } };
    return { shape: input };
  },
  countParams({ inputs, attrs }) {
    const input = inputs[0]!;
    const axes = normalizedAxes(input, attrs['axis'] as number | number[]);
    const size = 'kind' in axes ? 0 : axes.reduce((p, a) => p * (input[a] ?? 0), 1);
    return owned(attrs, ((attrs['center'] ? 1 : 0) + (attrs['scale'] ? 1 : 0)) * size);
  },
};
