/** `ReLU`: rectified linear unit with optional cap (ReLU6 is `max_value: 6`). */
import type { OpDef } from '../types.js';

/** Keras `ReLU`. */
export const ReLU: OpDef = {
  name: 'ReLU',
  description: 'Rectified linear unit; `max_value: 6` gives ReLU6.',
  arity: { min: 1, max: 1 },
  positional: 'max_value',
  attrs: {
    max_value: { type: 'number_or_null', min: 0, default: null, description: 'Upper bound of the output, or null for none.' },
    negative_slope: { type: 'number', min: 0, default: 0, description: 'Slope for inputs below the threshold.' },
    threshold: { type: 'number', default: 0, description: 'Inputs below this are multiplied by negative_slope.' },
  },
  inferShape: ({ inputs }) => ({ shape: inputs[0]! }),
};
