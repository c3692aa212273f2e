/**
 * The shared parts of `LSTM` and `GRU`: Keras's attributes, the (batch, timesteps, features)
 * shape rule and the parameter count `gates · (units · (features + units) + biases · units)`.
 */
import { formatShape } from '../shape-math.js';
import { type AttrSpec, type OpContext, type OpDef, owned } from '../types.js';
import { BIAS_INIT, glorot, USE_BIAS } from './common.js';

/** Attributes LSTM and GRU share, with Keras's defaults. */
export const RECURRENT_ATTRS: { readonly [key: string]: AttrSpec } = {
  units: { type: 'int', min: 1, description: 'Size of the hidden state (and of the output).' },
  activation: { type: 'activation', default: 'tanh', description: 'Activation of the candidate state and the output (default tanh).' },
  recurrent_activation: { type: 'activation', default: 'sigmoid', description: 'Activation of the gates (default sigmoid).' },
  use_bias: USE_BIAS,
  kernel_initializer: glorot('Initializer of the input kernel.'),
  recurrent_initializer: { type: 'initializer', default: { class_name: 'Orthogonal', config: {} }, description: 'Initializer of the recurrent kernel (default orthogonal).' },
  bias_initializer: BIAS_INIT,
  dropout: { type: 'number', min: 0, max: 1, default: 0, description: 'Fraction of the inputs dropped in training.' },
  recurrent_dropout: { type: 'number', min: 0, max: 1, default: 0, description: 'Fraction of the recurrent state dropped in training.' },
  return_sequences: { type: 'bool', default: false, description: 'Return the whole output sequence (batch, timesteps, units) instead of the last output (batch, units).' },
};

/** Builds LSTM or GRU: `gates` weight blocks, `biases(attrs)` bias vectors per gate. */
export function recurrentOp(
  name: string,
  description: string,
  gates: number,
  attrs: { readonly [key: string]: AttrSpec },
  biases: (attrs: OpContext['attrs']) => number,
): OpDef {
  const features = (ctx: OpContext): number => ctx.inputs[0]![2] ?? 0;
  return {
    name,
    description,
    arity: { min: 1, max: 1 },
    positional: 'units',
    weighted: true,
    attrs: { ...RECURRENT_ATTRS, ...attrs },
    inferShape({ inputs, attrs: a }) {
      const input = inputs[0]!;
      if (input.length !== 3 || input[2] === null) {
        return {
          problem: {
            kind: 'coded',
            code: 'GC5053',
            args: [formatShape(input), { input: 0 }],
            hint: input.length === 2
              ? 'a vector has no time axis: Reshape it to [timesteps, features], or repeat it with RepeatVector'
              : 'the input must be (batch, timesteps, features) with the features known',
            input: 0,
          },
        };
      }
      const units = a['units'] as number;
      return { shape: a['return_sequences'] ? [input[0] ?? null, input[1] ?? null, units] : [input[0] ?? null, units] };
    },
    countParams(ctx) {
      const units = ctx.attrs['units'] as number;
      const bias = ctx.attrs['use_bias'] ? biases(ctx.attrs) * units : 0;
      return owned(ctx.attrs, gates * (units * (features(ctx) + units) + bias));
    },
    // Per time step the kernels multiply the input and the state; unknown lengths count one step.
    countMacs(ctx) {
      const units = ctx.attrs['units'] as number;
      return (ctx.inputs[0]![1] ?? 1) * gates * units * (features(ctx) + units);
    },
  };
}
