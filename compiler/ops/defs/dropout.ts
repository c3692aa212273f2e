/** `Dropout`: identity at inference, drops units in training. */
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
  },
  inferShape: ({ inputs }) => ({ shape: inputs[0]! }),
};
