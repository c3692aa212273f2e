/** `Flatten`: collapses all non-batch dimensions (row-major, channels last). */
import { product, type OpDef } from '../types.js';

/** Keras `Flatten`. */
export const Flatten: OpDef = {
  name: 'Flatten',
  description: 'Flattens each sample into a vector.',
  arity: { min: 1, max: 1 },
  attrs: {},
  inferShape({ inputs }) {
    const input = inputs[0]!;
    if (input.length < 2) return { problem: { kind: 'rank', expected: 'at least 2', input: 0 } };
    return { shape: [input[0] ?? null, product(input.slice(1))] };
  },
};
