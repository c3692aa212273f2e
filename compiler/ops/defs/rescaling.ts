/** `Rescaling`: `x * scale + offset`, the usual first layer of an image model. */
import type { OpDef } from '../types.js';

/** Keras `Rescaling`. */
export const Rescaling: OpDef = {
  name: 'Rescaling',
  description: 'Multiplies by `scale` and adds `offset` (1/255 maps pixels to [0, 1]).',
  arity: { min: 1, max: 1 },
  positional: 'scale',
  attrs: {
    scale: { type: 'number', description: 'The factor, e.g. 0.00392156862745098 (1/255).' },
    offset: { type: 'number', default: 0, description: 'Added after scaling, e.g. -1 with scale 1/127.5 for [-1, 1].' },
  },
  inferShape: ({ inputs }) => ({ shape: inputs[0]! }),
};
