/** `ZeroPadding2D`: pads rows and columns with zeros. */
import { expectRank, type OpDef } from '../types.js';

/** Keras `ZeroPadding2D`. */
export const ZeroPadding2D: OpDef = {
  name: 'ZeroPadding2D',
  description: 'Pads the height and width with zeros: 3, [3, 3] or [[top, bottom], [left, right]].',
  arity: { min: 1, max: 1 },
  positional: 'padding',
  attrs: {
    padding: { type: 'padding2d', default: [[1, 1], [1, 1]], description: 'Rows and columns of zeros: an integer, [rows, cols] or [[top, bottom], [left, right]].' },
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 4);
    if (problem) return { problem };
    const input = inputs[0]!;
    const [[t, b], [l, r]] = attrs['padding'] as number[][] as [[number, number], [number, number]];
    const h = input[1] ?? null;
    const w = input[2] ?? null;
    return { shape: [input[0] ?? null, h === null ? null : h + t + b, w === null ? null : w + l + r, input[3] ?? null] };
  },
};
