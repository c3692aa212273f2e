/** `Activation`: applies a named activation function. */
import type { OpDef } from '../types.js';

/** Keras `Activation`. */
export const Activation: OpDef = {
  name: 'Activation',
  description: 'Applies an activation function: `- Activation: relu`.',
  arity: { min: 1, max: 1 },
  positional: 'activation',
  attrs: {
    activation: { type: 'activation', description: 'Name of the activation: relu, relu6, sigmoid, tanh, softmax, linear, swish, ...' },
  },
  inferShape: ({ inputs }) => ({ shape: inputs[0]! }),
};
