/** `ZeroPadding1D`: pads the steps of a sequence with zeros. */
import { expectRank, type OpDef } from '../types.js';

/** Keras `ZeroPadding1D`. */
export const ZeroPadding1D: OpDef = {
  name: 'ZeroPadding1D',
  description: 'Pads the steps with zeros: n, or [left, right].',
  arity: { min: 1, max: 1 },
  positional: 'padding',
  attrs: {
    padding: { type: 'int_pair', min: 0, default: [1, 1], description: 'Zeros added at the start and the end: an integer or [left, right].' },
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 3);
    if (problem) return { problem };
    const input = inputs[0]!;
    const [l, r] = attrs['padding'] as [number, number];
    const steps = input[1] ?? null;
    return { shape: [input[0] ?? null, steps === null ? null : steps + l + r, input[2] ?? null] };
  },
};
