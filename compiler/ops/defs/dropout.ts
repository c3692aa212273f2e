/** `Dropout`: identity at inference, drops units in training. */
import { formatShape } from '../shape-math.js';
import type { OpDef } from '../types.js';

/** Keras `Dropout`. */
export const Dropout: OpDef = {
  name: 'Dropout',
  description: 'Randomly sets a fraction `rate` of inputs to 0 during training.',
  arity: { min: 1, max: 1 },
  positional: 'rate',
  attrs: {
    rate: { type: 'number', min: 0, max: 1, description: 'Fraction of the inputs to drop, in [0, 1].' },
    seed: { type: 'int', optional: true, description: 'Random seed.' },
    noise_shape: {
      type: 'shape',
      optional: true,
      description: 'Shape of the binary dropout mask, batch included, null for "as the input": [null, 1, 64] drops the same features at every time step.',
    },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const noise = attrs['noise_shape'] as readonly (number | null)[] | undefined;
    // The mask is broadcast against the input: each dimension is the input's, 1, or left open.
    const fits = (d: number | null, i: number): boolean => d === null || d === 1 || input[i] === null || d === input[i];
    if (noise && (noise.length !== input.length || !noise.every(fits))) {
      return { problem: { kind: 'coded', code: 'GC5054', args: [JSON.stringify(noise), formatShape(input)], hint: 'noise_shape includes the batch dimension; each entry is null, 1 or the input\'s size' } };
    }
    return { shape: input };
  },
};
