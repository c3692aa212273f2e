/** `ELU`: exponential linear unit, `alpha · (exp(x) − 1)` below zero. */
import type { OpDef } from '../types.js';

/** Keras `ELU`. */
export const ELU: OpDef = {
  name: 'ELU',
  description: 'Exponential linear unit: `alpha · (exp(x) - 1)` for x < 0, x otherwise.',
  arity: { min: 1, max: 1 },
  positional: 'alpha',
  attrs: {
    alpha: { type: 'number', default: 1, description: 'Scale of the negative part (default 1.0).' },
  },
  inferShape: ({ inputs }) => ({ shape: inputs[0]! }),
};
