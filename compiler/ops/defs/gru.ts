/**
 * `GRU`: gated recurrent unit, Keras's gates z, r, h. With `reset_after` (Keras's default, the
 * cuDNN form) the reset gate applies after the recurrent matmul and the layer has a second,
 * recurrent bias: 3 · (units · (features + units) + 2 · units) parameters.
 */
import { recurrentOp } from './recurrent.js';

/** Keras `GRU`. */
export const GRU = recurrentOp(
  'GRU',
  'Gated recurrent unit over (batch, timesteps, features); the last output, or every step with `return_sequences`.',
  3,
  {
    reset_after: { type: 'bool', default: true, description: 'Apply the reset gate after the recurrent matmul, with a separate recurrent bias (Keras default true).' },
  },
  (attrs) => (attrs['reset_after'] ? 2 : 1),
);
