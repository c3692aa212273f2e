/** `LSTM`: long short-term memory, Keras's gates i, f, c, o in one kernel. */
import { recurrentOp } from './recurrent.js';

/** Keras `LSTM`: 4 · (units · (features + units) + units) parameters. */
export const LSTM = recurrentOp(
  'LSTM',
  'Long short-term memory layer over (batch, timesteps, features); the last output, or every step with `return_sequences`.',
  4,
  {
    unit_forget_bias: { type: 'bool', default: true, description: 'Initialize the forget gate\'s bias to 1 (Keras default true).' },
  },
  () => 1,
);
