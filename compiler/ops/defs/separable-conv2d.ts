/** `SeparableConv2D`: a depthwise convolution followed by a 1x1 pointwise convolution. */
import { channels, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, DILATION, glorot, KERNEL_SIZE, PADDING, STRIDES, USE_BIAS, CONV_WINDOW, windowShape } from './common.js';

/** Keras `SeparableConv2D`. */
export const SeparableConv2D: OpDef = {
  name: 'SeparableConv2D',
  description: 'Depthwise separable 2-D convolution.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    filters: { type: 'int', min: 1, description: 'Number of output channels.' },
    kernel_size: KERNEL_SIZE,
    strides: STRIDES,
    padding: PADDING,
    depth_multiplier: { type: 'int', min: 1, default: 1, description: 'Depthwise output channels per input channel.' },
    dilation_rate: DILATION,
    activation: ACTIVATION,
    use_bias: USE_BIAS,
    depthwise_initializer: glorot('Initializer of the depthwise kernel.'),
    pointwise_initializer: glorot('Initializer of the pointwise kernel.'),
    bias_initializer: BIAS_INIT,
  },
  inferShape: (ctx) => windowShape(ctx, CONV_WINDOW, () => ctx.attrs['filters'] as number),
  countParams({ inputs, attrs }) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    const mid = channels(inputs[0]) * (attrs['depth_multiplier'] as number);
    const filters = attrs['filters'] as number;
    return owned(attrs, kh! * kw! * mid + mid * filters + (attrs['use_bias'] ? filters : 0));
  },
  countMacs({ inputs, attrs }, output) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    const mid = channels(inputs[0]) * (attrs['depth_multiplier'] as number);
    return (output[1] ?? 0) * (output[2] ?? 0) * (kh! * kw! * mid + mid * (attrs['filters'] as number));
  },
};
