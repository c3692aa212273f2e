/** `Dense`: fully connected layer on the last axis. */
import { channels, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, glorot, USE_BIAS } from './common.js';

/** Keras `Dense`. */
export const Dense: OpDef = {
  name: 'Dense',
  description: 'Fully connected layer applied to the last axis.',
  arity: { min: 1, max: 1 },
  positional: 'units',
  weighted: true,
  attrs: {
    units: { type: 'int', min: 1, description: 'Number of output units.' },
    activation: ACTIVATION,
    use_bias: USE_BIAS,
    kernel_initializer: glorot('Initializer of the weight matrix.'),
    bias_initializer: BIAS_INIT,
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    if (input.length < 2) return { problem: { kind: 'rank', expected: 'at least 2', input: 0 } };
    if (input[input.length - 1] === null) return { problem: { kind: 'other', detail: 'the last dimension of its input must be known' } };
    return { shape: [...input.slice(0, -1), attrs['units'] as number] };
  },
  countParams({ inputs, attrs }) {
    const units = attrs['units'] as number;
    return owned(attrs, channels(inputs[0]) * units + (attrs['use_bias'] ? units : 0));
  },
  countMacs({ inputs, attrs }, output) {
    const rows = output.slice(1, -1).reduce<number>((a, d) => a * (d ?? 1), 1);
    return rows * channels(inputs[0]) * (attrs['units'] as number);
  },
};
