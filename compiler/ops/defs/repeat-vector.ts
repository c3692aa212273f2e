/** `RepeatVector`: repeats a vector `n` times, (batch, features) → (batch, n, features). */
import { expectRank, type OpDef } from '../types.js';

/** Keras `RepeatVector`. */
export const RepeatVector: OpDef = {
  name: 'RepeatVector',
  description: 'Repeats each sample\'s vector `n` times: (batch, features) to (batch, n, features).',
  arity: { min: 1, max: 1 },
  positional: 'n',
  attrs: {
    n: { type: 'int', min: 1, description: 'How many times to repeat the vector.' },
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 2);
    if (problem) return { problem };
    const input = inputs[0]!;
    return { shape: [input[0] ?? null, attrs['n'] as number, input[1] ?? null] };
  },
};
