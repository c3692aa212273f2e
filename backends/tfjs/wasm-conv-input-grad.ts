/**
 * A faster `Conv2DBackpropInput` (the input gradient of a convolution) for the wasm backend.
 * tfjs-backend-wasm 4.22 ships one, native but a direct loop rather than XNNPACK: it was about
 * half of a ResNet-50 training step's kernel time. This one rewrites the gradient as the wasm
 * kernels XNNPACK runs fast, exactly (same sums, other order):
 *
 * - 1×1, unpadded (most of ResNet-50's): dx = dy · Wᵀ, a matrix product over the N·OH·OW rows,
 *   then for stride s spread onto every s-th row and column of the input grid;
 * - k×k: dx is the 'valid' convolution of dy, spread onto every stride-th position and padded
 *   by k − 1 − pad before, with the spatially flipped kernel whose in and out channels are swapped.
 *
 * The rest (NCHW, k×k over fewer than {@link MIN_CONV_POSITIONS} input positions, and strided
 * k×k onto fewer than {@link MIN_SPREAD_CHANNELS} channels, where the spread's s² more work ate
 * the gain) goes to the wasm backend's own kernel, kept by reference when this one is registered
 * over it (see registerWasmTrainingKernels). ResNet-50's conv1 (7×7 stride 2 on the image) needs
 * no input gradient at all.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { fitRowsAndColumns, KernelRunner, markReplacement, spreadByStrides, wasmBackendOf, type KernelParams } from './wasm-kernel-runner.js';

type Shape4 = [number, number, number, number];
type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** Below this many input channels a strided k×k input gradient stays with the wasm kernel. */
export const MIN_SPREAD_CHANNELS = 8;

/**
 * Below this many input positions (N·H·W) a k×k input gradient stays with the wasm kernel: the
 * composition moves the whole filter three times (split by tap, Transpose, and the wasm Conv2D's
 * own repacking for XNNPACK), about 50 ns per weight, which the faster arithmetic repays only
 * from about 128 positions on. Measured: 3×3×512×512 over 16 positions, wasm 25 ms against the
 * composition's 130; over 128 positions, even; 3×3×256×256 over 512 positions, wasm 365 ms
 * against 48.
 */
export const MIN_CONV_POSITIONS = 256;

/** Which composition serves a convolution, or null for the wasm backend's own kernel. */
export function conv2DBackpropInputPlan(info: Conv2DInfo): 'matmul' | 'flipped-conv' | null {
  const { padInfo: p } = info;
  if (info.dataFormat !== 'channelsLast') return null;
  if (info.filterHeight === 1 && info.filterWidth === 1 && p.top + p.bottom + p.left + p.right === 0) return 'matmul';
  if (info.batchSize * info.inHeight * info.inWidth < MIN_CONV_POSITIONS) return null;
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  // Spreading dy for a strided k×k multiplies the work by sh·sw: measured 2x faster than the
  // original for 3x3 stride 2 with 32-64 channels, but no faster onto 3 (an image's) channels.
  if (strided && info.inChannels < MIN_SPREAD_CHANNELS) return null;
  return 'flipped-conv';
}

/**
 * dx = dy · Wᵀ on the N·OH·OW rows, spread by the stride. XNNPACK packs the right operand anew
 * for every call (the filter is a new tensor each step), and the wasm Transpose costs about as
 * much per element: so the product is oriented to move the least data. Large weights with few
 * rows (ResNet-50's last stages) take dxᵀ = W · dyᵀ, moving only dy and dx; the others take
 * dy · (Wᵀ), moving only W. BatchMatMul's transpose flags are not used: they leave XNNPACK.
 */
function pointwise(k: KernelRunner, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize, outHeight, outWidth, inChannels, outChannels } = info;
  const rows = batchSize * outHeight * outWidth;
  const dy2d = k.run('Reshape', { x: dy }, { shape: [rows, outChannels] });
  const w2d = k.run('Reshape', { x: filter }, { shape: [inChannels, outChannels] });
  let product: TensorInfo;
  if (rows * (inChannels + outChannels) < inChannels * outChannels) {
    const dyT = k.run('Transpose', { x: dy2d }, { perm: [1, 0] });
    const productT = k.run('BatchMatMul', { a: w2d, b: dyT }, { transposeA: false, transposeB: false });
    product = k.run('Transpose', { x: productT }, { perm: [1, 0] });
  } else {
    const wT = k.run('Transpose', { x: w2d }, { perm: [1, 0] });
    product = k.run('BatchMatMul', { a: dy2d, b: wT }, { transposeA: false, transposeB: false });
  }
  const grid = k.run('Reshape', { x: product }, { shape: [batchSize, outHeight, outWidth, inChannels] });
  const spread = spreadByStrides(k, grid, info.strideHeight, info.strideWidth);
  return fitRowsAndColumns(k, spread, 0, 0, info.inHeight, info.inWidth);
}

/**
 * The kernel turned by 180° in its two spatial axes: one contiguous Slice per tap, joined in
 * reverse order (the wasm Reverse and Gather kernels are element loops, ~10x slower here).
 */
function flipTaps(k: KernelRunner, filter: TensorInfo): TensorInfo {
  const [fh, fw, ci, co] = filter.shape as Shape4;
  if (fh * fw === 1) return filter;
  const taps = k.run('Reshape', { x: filter }, { shape: [fh * fw, ci * co] });
  const reversed: TensorInfo[] = [];
  for (let t = fh * fw - 1; t >= 0; t--) reversed.push(k.run('Slice', { x: taps }, { begin: [t, 0], size: [1, ci * co] }));
  // Concat takes its inputs as a list (the engine passes tf.concat's array as is).
  const joined = k.run('Concat', reversed as unknown as NamedTensorInfoMap, { axis: 0 });
  return k.run('Reshape', { x: joined }, { shape: [fh, fw, ci, co] });
}

/**
 * The input gradient as a stride-1 'valid' convolution with the flipped, channel-swapped kernel,
 * dy first spread onto every stride-th position (a no-op for stride 1).
 */
function flippedConvolution(k: KernelRunner, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, padInfo } = info;
  const spread = spreadByStrides(k, dy, info.strideHeight, info.strideWidth);
  const padded = fitRowsAndColumns(k, spread, fh - 1 - padInfo.top, fw - 1 - padInfo.left, info.inHeight + fh - 1, info.inWidth + fw - 1);
  const swapped = k.run('Transpose', { x: flipTaps(k, filter) }, { perm: [0, 1, 3, 2] });
  return k.run('Conv2D', { x: padded, filter: swapped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' });
}

/**
 * The `kernelFunc` registered over the wasm `Conv2DBackpropInput`: the compositions above where
 * they are exact, else `original` (the wasm backend's kernel function).
 */
export function makeConv2DBackpropInputWasm(original: KernelFunc): KernelFunc {
  return markReplacement(((params: KernelParams) => {
    const { dy, filter } = params.inputs;
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter');
    const attrs = params.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape as Shape4, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, dataFormat);
    const plan = conv2DBackpropInputPlan(info);
    if (plan === null) return original(params as Parameters<KernelFunc>[0]);
    return KernelRunner.compose(wasmBackendOf(params, 'Conv2DBackpropInput'), (k) =>
      plan === 'matmul' ? pointwise(k, dy, filter, info) : flippedConvolution(k, dy, filter, info));
  }) as KernelFunc);
}
