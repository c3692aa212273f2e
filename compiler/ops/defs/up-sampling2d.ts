/** `UpSampling2D`: repeats rows and columns (nearest) or interpolates them (bilinear). */
import { expectRank, type OpDef } from '../types.js';

/** Keras `UpSampling2D` (channels last). */
export const UpSampling2D: OpDef = {
  name: 'UpSampling2D',
  description: 'Upsamples height and width by integer factors, nearest or bilinear.',
  arity: { min: 1, max: 1 },
  positional: 'size',
  attrs: {
    size: { type: 'int_pair', min: 1, default: [2, 2], description: 'Upsampling factors for rows and columns: an integer or [h, w].' },
    interpolation: { type: 'enum', values: ['nearest', 'bilinear'], default: 'nearest', description: '`nearest` repeats pixels; `bilinear` interpolates (half-pixel centres, as TensorFlow resizes).' },
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 4);
    if (problem) return { problem };
    const input = inputs[0]!;
    const [fh, fw] = attrs['size'] as [number, number];
    const h = input[1] ?? null;
    const w = input[2] ?? null;
    return { shape: [input[0] ?? null, h === null ? null : h * fh, w === null ? null : w * fw, input[3] ?? null] };
  },
};
