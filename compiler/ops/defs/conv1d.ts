/** `Conv1D`: 1-D convolution over a [batch, steps, channels] tensor. */
import { convOutputLength } from '../shape-math.js';
import { channels, expectRank, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, glorot, USE_BIAS } from './common.js';

/** Keras `Conv1D` (channels last). `causal` padding pads the start only, as in WaveNet. */
export const Conv1D: OpDef = {
  name: 'Conv1D',
  description: '1-D convolution over steps (channels last).',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    filters: { type: 'int', min: 1, description: 'Number of output channels.' },
    kernel_size: { type: 'int', min: 1, description: 'Length of the convolution window.' },
    strides: { type: 'int', min: 1, default: 1, description: 'Stride along the steps.' },
    padding: { type: 'enum', values: ['valid', 'same', 'causal'], default: 'valid', description: '`valid`, `same`, or `causal` (pad the start only, so output t sees inputs up to t).' },
    dilation_rate: { type: 'int', min: 1, default: 1, description: 'Dilation rate of the window.' },
    activation: ACTIVATION,
    use_bias: USE_BIAS,
    kernel_initializer: glorot('Initializer of the kernel [kernel_size, in, filters].'),
    bias_initializer: BIAS_INIT,
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 3);
    if (problem) return { problem };
    const input = inputs[0]!;
    const padding = attrs['padding'] === 'causal' ? 'same' : (attrs['padding'] as string);
    const steps = convOutputLength(input[1] ?? null, attrs['kernel_size'] as number, padding, attrs['strides'] as number, attrs['dilation_rate'] as number);
    if (steps !== null && steps <= 0) return { problem: { kind: 'nonpositive', dims: [steps], input: 0 } };
    return { shape: [input[0] ?? null, steps, attrs['filters'] as number] };
  },
  countParams({ inputs, attrs }) {
    const filters = attrs['filters'] as number;
    return owned(attrs, (attrs['kernel_size'] as number) * channels(inputs[0]) * filters + (attrs['use_bias'] ? filters : 0));
  },
  countMacs({ inputs, attrs }, output) {
    return (output[1] ?? 0) * (attrs['kernel_size'] as number) * channels(inputs[0]) * (attrs['filters'] as number);
  },
};
