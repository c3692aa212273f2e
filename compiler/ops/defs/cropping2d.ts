/** `Cropping2D`: removes rows and columns at the borders (U-Net skip connections). */
import { expectRank, type OpDef } from '../types.js';

/** Keras `Cropping2D` (channels last). */
export const Cropping2D: OpDef = {
  name: 'Cropping2D',
  description: 'Crops the height and width: 1, [rows, cols] or [[top, bottom], [left, right]].',
  arity: { min: 1, max: 1 },
  positional: 'cropping',
  attrs: {
    cropping: { type: 'padding2d', default: [[0, 0], [0, 0]], description: 'Rows and columns to remove: an integer, [rows, cols] or [[top, bottom], [left, right]].' },
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 4);
    if (problem) return { problem };
    const input = inputs[0]!;
    const [[t, b], [l, r]] = attrs['cropping'] as number[][] as [[number, number], [number, number]];
    const h = input[1] ?? null;
    const w = input[2] ?? null;
    const dims = [h === null ? null : h - t - b, w === null ? null : w - l - r];
    if (dims.some((d) => d !== null && d <= 0)) return { problem: { kind: 'nonpositive', dims, input: 0 } };
    return { shape: [input[0] ?? null, dims[0]!, dims[1]!, input[3] ?? null] };
  },
};
