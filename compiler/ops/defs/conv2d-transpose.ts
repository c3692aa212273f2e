/** `Conv2DTranspose`: the transposed (fractionally strided) 2-D convolution of decoders. */
import type { Shape } from '../../ir.js';
import { channels, expectRank, owned, type OpDef } from '../types.js';
import { ACTIVATION, BIAS_INIT, DILATION, glorot, KERNEL_SIZE, PADDING, STRIDES, USE_BIAS } from './common.js';

/**
 * Keras `deconv_output_length`: without `output_padding`, `valid` gives `in·s + max(k − s, 0)`
 * and `same` gives `in·s`; with it, `(in − 1)·s + k − 2·pad + output_padding`, pad = k // 2
 * for `same` (k dilated).
 */
export function deconvOutputLength(length: number | null, kernel: number, padding: string, outputPadding: number | null, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const k = kernel + (kernel - 1) * (dilation - 1);
  if (outputPadding === null) return padding === 'same' ? length * stride : length * stride + Math.max(k - stride, 0);
  const pad = padding === 'same' ? Math.floor(k / 2) : 0;
  return (length - 1) * stride + k - 2 * pad + outputPadding;
}

/** Keras `Conv2DTranspose` (channels last); its kernel is [kh, kw, filters, in]. */
export const Conv2DTranspose: OpDef = {
  name: 'Conv2DTranspose',
  description: 'Transposed 2-D convolution (upsampling by its strides), channels last.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    filters: { type: 'int', min: 1, description: 'Number of output channels.' },
    kernel_size: KERNEL_SIZE,
    strides: STRIDES,
    padding: PADDING,
    output_padding: { type: 'int_pair', min: 0, optional: true, description: 'Extra rows and columns added at the end of the output (each less than the stride); unset means inferred.' },
    dilation_rate: DILATION,
    activation: ACTIVATION,
    use_bias: USE_BIAS,
    kernel_initializer: glorot('Initializer of the kernel [kh, kw, filters, in].'),
    bias_initializer: BIAS_INIT,
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 4);
    if (problem) return { problem };
    const input = inputs[0]!;
    const [kh, kw] = attrs['kernel_size'] as [number, number];
    const [sh, sw] = attrs['strides'] as [number, number];
    const [dh, dw] = attrs['dilation_rate'] as [number, number];
    const op = attrs['output_padding'] as [number, number] | undefined;
    if (op && (op[0] >= sh || op[1] >= sw)) return { problem: { kind: 'other', detail: `output_padding ${JSON.stringify(op)} must be smaller than the strides ${JSON.stringify([sh, sw])}` } };
    const padding = attrs['padding'] as string;
    const h = deconvOutputLength(input[1] ?? null, kh, padding, op?.[0] ?? null, sh, dh);
    const w = deconvOutputLength(input[2] ?? null, kw, padding, op?.[1] ?? null, sw, dw);
    if ((h !== null && h <= 0) || (w !== null && w <= 0)) return { problem: { kind: 'nonpositive', dims: [h, w], input: 0 } };
    const shape: Shape = [input[0] ?? null, h, w, attrs['filters'] as number];
    return { shape };
  },
  countParams({ inputs, attrs }) {
    const [kh, kw] = attrs['kernel_size'] as number[];
    const filters = attrs['filters'] as number;
    return owned(attrs, kh! * kw! * channels(inputs[0]) * filters + (attrs['use_bias'] ? filters : 0));
  },
  countMacs({ inputs, attrs }) {
    // Every input pixel is scattered through the whole kernel into every output channel.
    const [kh, kw] = attrs['kernel_size'] as number[];
    const input = inputs[0]!;
    return (input[1] ?? 0) * (input[2] ?? 0) * kh! * kw! * channels(input) * (attrs['filters'] as number);
  },
};
