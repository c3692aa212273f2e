/** `LeakyReLU`: `x` for positive inputs, `negative_slope · x` below zero. */
import type { OpDef } from '../types.js';

/** Keras `LeakyReLU`. */
export const LeakyReLU: OpDef = {
  name: 'LeakyReLU',
  description: 'Leaky rectified linear unit: `negative_slope · x` for x < 0 (Keras 3; Keras 2 called it `alpha`).',
  arity: { min: 1, max: 1 },
  positional: 'negative_slope',
  attrs: {
    negative_slope: { type: 'number', min: 0, default: 0.3, description: 'Slope below zero (Keras 3 name; default 0.3).' },
    alpha: { type: 'number', min: 0, optional: true, description: 'Keras 2\'s name of `negative_slope`; when given it wins, as in Keras 3.' },
  },
  // Keras 3 pops a legacy `alpha` into `negative_slope`; the IR keeps only the Keras 3 key.
  finalize: ({ alpha, ...rest }) => (alpha === undefined ? rest : { ...rest, negative_slope: alpha }),
  inferShape: ({ inputs }) => ({ shape: inputs[0]! }),
};
