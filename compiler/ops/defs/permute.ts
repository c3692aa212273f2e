/** `Permute`: reorders the non-batch axes; `dims` is 1-based, as in Keras (`Permute((2, 1))`). */
import { formatShape } from '../shape-math.js';
import type { OpDef } from '../types.js';

/** Keras `Permute`. */
export const Permute: OpDef = {
  name: 'Permute',
  description: 'Permutes the non-batch axes: `dims: [2, 1]` swaps the two axes of a sequence (1-based, batch excluded).',
  arity: { min: 1, max: 1 },
  positional: 'dims',
  attrs: {
    dims: { type: 'int_list', min: 1, description: 'The new order of the axes, 1-based without the batch axis: a permutation of 1..rank-1.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const dims = attrs['dims'] as number[];
    const n = input.length - 1;
    const isPermutation = dims.length === n && new Set(dims).size === n && dims.every((d) => d >= 1 && d <= n);
    if (!isPermutation) {
      return { problem: { kind: 'coded', code: 'GC5052', args: [JSON.stringify(dims), n, formatShape(input)], hint: 'dims are 1-based and leave out the batch axis, as in Keras: [2, 1] swaps the two axes of a (batch, steps, features) input' } };
    }
    return { shape: [input[0] ?? null, ...dims.map((d) => input[d] ?? null)] };
  },
};
