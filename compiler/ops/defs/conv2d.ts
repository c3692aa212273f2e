/** `Conv2D`: 2-D convolution over an NHWC tensor. */
import { channels, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, DILATION, glorot, KERNEL_SIZE, PADDING, STRIDES, USE_BIAS, CONV_WINDOW, windowShape } from './common.js';

/** Keras `Conv2D`. */
export const Conv2D: OpDef = {
  name: 'Conv2D',
  description: '2-D convolution (channels last).',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    filters: { type: 'int', min: 1, description: 'Number of output channels.' },
    kernel_size: KERNEL_SIZE,
    strides: STRIDES,
    padding: PADDING,
    dilation_rate: DILATION,
    activation: ACTIVATION,
    use_bias: USE_BIAS,
    kernel_initializer: glorot('Initializer of the kernel, e.g. {class_name: GlorotUniform, config: {seed: 0}}.'),
    bias_initializer: BIAS_INIT,
  },
  inferShape: (ctx) => windowShape(ctx, CONV_WINDOW, () => ctx.attrs['filters'] as number),
  countParams({ inputs, attrs }) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    const filters = attrs['filters'] as number;
    return owned(attrs, kh! * kw! * channels(inputs[0]) * filters + (attrs['use_bias'] ? filters : 0));
  },
  countMacs({ inputs, attrs }, output) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    return (output[1] ?? 0) * (output[2] ?? 0) * kh! * kw! * channels(inputs[0]) * (attrs['filters'] as number);
  },
};
