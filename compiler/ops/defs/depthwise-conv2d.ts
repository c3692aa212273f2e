/** `DepthwiseConv2D`: one filter (or `depth_multiplier` filters) per input channel. */
import { windowOutput } from '../shape-math.js';
import { channels, expectRank, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, DILATION, glorot, KERNEL_SIZE, PADDING, STRIDES, USE_BIAS } from './common.js';

/** Keras `DepthwiseConv2D`. */
export const DepthwiseConv2D: OpDef = {
  name: 'DepthwiseConv2D',
  description: 'Depthwise 2-D convolution: each input channel convolved separately.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    kernel_size: KERNEL_SIZE,
    strides: STRIDES,
    padding: PADDING,
    depth_multiplier: { type: 'int', min: 1, default: 1, description: 'Output channels per input channel.' },
    dilation_rate: DILATION,
    activation: ACTIVATION,
    use_bias: USE_BIAS,
    depthwise_initializer: glorot('Initializer of the depthwise kernel.'),
    bias_initializer: BIAS_INIT,
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 4);
    if (problem) return { problem };
    const input = inputs[0]!;
    const out = windowOutput(input, attrs['kernel_size'] as number[], attrs['strides'] as number[], attrs['padding'] as string, attrs['dilation_rate'] as number[]);
    if ('bad' in out) return { problem: { kind: 'nonpositive', dims: out.bad, input: 0 } };
    const c = input[3] ?? null;
    return { shape: [input[0] ?? null, ...out.dims, c === null ? null : c * (attrs['depth_multiplier'] as number)] };
  },
  countParams({ inputs, attrs }) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    const outC = channels(inputs[0]) * (attrs['depth_multiplier'] as number);
    return owned(attrs, kh! * kw! * outC + (attrs['use_bias'] ? outC : 0));
  },
  countMacs({ inputs, attrs }, output) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    return (output[1] ?? 0) * (output[2] ?? 0) * kh! * kw! * channels(inputs[0]) * (attrs['depth_multiplier'] as number);
  },
};
