/** `Input`: a model input (Keras `InputLayer`). */
import type { OpDef } from '../types.js';

/** The model input. */
export const Input: OpDef = {
  name: 'Input',
  description: 'A model input; `shape` excludes the batch dimension.',
  arity: { min: 0, max: 0 },
  attrs: {
    shape: { type: 'shape', description: 'Shape of one sample, without the batch dimension, e.g. [64, 64, 3].' },
    dtype: { type: 'enum', values: ['float32', 'int32'], default: 'float32', description: 'Element type.' },
    // Set from the input's `preprocessing:`; absent when the input takes data as it is.
    scale: { type: 'number', optional: true, description: 'Declared preprocessing: raw data is multiplied by this before it enters the model.' },
    offset: { type: 'number', optional: true, description: 'Declared preprocessing: added after `scale`.' },
  },
  inferShape: ({ attrs }) => ({ shape: [null, ...(attrs['shape'] as readonly (number | null)[])] }),
};
