/**
 * Attribute specs shared by several op definitions (convolutions, pooling), so that each is
 * described once. Ops spread them into their own `attrs` record.
 */
import { windowOutput } from '../shape-math.js';
import { type AttrSpec, expectRank, type OpContext, type ShapeResult } from '../types.js';

/** `kernel_size` of a convolution. */
export const KERNEL_SIZE: AttrSpec = { type: 'int_pair', min: 1, description: 'Height and width of the convolution window: an integer or [h, w].' };
/** `strides` of a convolution. */
export const STRIDES: AttrSpec = { type: 'int_pair', min: 1, default: [1, 1], description: 'Strides along height and width: an integer or [h, w].' };
/** `padding` of a window op. */
export const PADDING: AttrSpec = { type: 'enum', values: ['valid', 'same'], default: 'valid', description: '`valid` (no padding) or `same` (output size = ceil(input / stride)).' };
/** `dilation_rate` of a convolution. */
export const DILATION: AttrSpec = { type: 'int_pair', min: 1, default: [1, 1], description: 'Dilation rate for dilated convolution: an integer or [h, w].' };
/** `activation` fused into a layer. */
export const ACTIVATION: AttrSpec = { type: 'activation', default: 'linear', description: 'Activation applied to the output (`linear` for none).' };
/** `use_bias`. */
export const USE_BIAS: AttrSpec = { type: 'bool', default: true, description: 'Whether the layer adds a bias vector.' };
/** `bias_initializer`. */
export const BIAS_INIT: AttrSpec = { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of the bias vector.' };
/** A kernel initializer defaulting to Keras's `glorot_uniform`. */
export function glorot(description: string): AttrSpec {
  return { type: 'initializer', default: { class_name: 'GlorotUniform', config: {} }, description };
}
/** `pool_size` of a pooling op. */
export const POOL_SIZE: AttrSpec = { type: 'int_pair', min: 1, default: [2, 2], description: 'Size of the pooling window: an integer or [h, w].' };
/** `strides` of a pooling op: defaults to the pool size. */
export const POOL_STRIDES: AttrSpec = { type: 'int_pair', min: 1, optional: true, description: 'Strides of the pooling window; defaults to `pool_size`.' };

/**
 * The shape rule every 2-D window op shares (convolutions, pooling): an NHWC input, Keras's
 * output length per spatial axis, and the op's own output channel count.
 */
export function windowShape(
  ctx: OpContext,
  window: { kernel: string; strides: string; dilation?: string },
  outChannels: (inputChannels: number | null) => number | null,
): ShapeResult {
  const { inputs, attrs } = ctx;
  const problem = expectRank(inputs, 4);
  if (problem) return { problem };
  const input = inputs[0]!;
  const dilation = window.dilation ? (attrs[window.dilation] as number[]) : undefined;
  const out = windowOutput(input, attrs[window.kernel] as number[], attrs[window.strides] as number[], attrs['padding'] as string, dilation);
  if ('bad' in out) return { problem: { kind: 'nonpositive', dims: out.bad, input: 0 } };
  return { shape: [input[0] ?? null, ...out.dims, outChannels(input[3] ?? null)] };
}

/** A convolution's window: `kernel_size`, `strides`, `dilation_rate`. */
export const CONV_WINDOW = { kernel: 'kernel_size', strides: 'strides', dilation: 'dilation_rate' } as const;
