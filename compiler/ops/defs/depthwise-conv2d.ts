/** `DepthwiseConv2D`: one filter (or `depth_multiplier` filters) per input channel. */
import { channels, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, DILATION, glorot, KERNEL_SIZE, PADDING, STRIDES, USE_BIAS, CONV_WINDOW, windowShape } from './common.js';

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
  inferShape: (ctx) => windowShape(ctx, CONV_WINDOW, (c) => (c === null ? null : c * (ctx.attrs['depth_multiplier'] as number))),
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
