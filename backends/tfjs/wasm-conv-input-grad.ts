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
 * The rest (NCHW, and strided k×k onto fewer than {@link MIN_SPREAD_CHANNELS} channels, where
 * the spread's s² more work ate the gain) goes to the wasm backend's own kernel, kept by
 * reference when this one is registered over it (see registerWasmTrainingKernels). ResNet-50's
 * conv1 (7×7 stride 2 on the image) needs no input gradient at all.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { fitRowsAndColumns, KernelRunner, spreadByStrides, wasmBackendOf, type KernelParams } from './wasm-kernel-runner.js';

type Shape4 = [number, number, number, number];
type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** Below this many input channels a strided k×k input gradient stays with the wasm kernel. */
export const MIN_SPREAD_CHANNELS = 8;

/** Which composition serves a convolution, or null for the wasm backend's own kernel. */
export function conv2DBackpropInputPlan(info: Conv2DInfo): 'matmul' | 'flipped-conv' | null {
  const { padInfo: p } = info;
  if (info.dataFormat !== 'channelsLast') return null;
  if (info.filterHeight === 1 && info.filterWidth === 1 && p.top + p.bottom + p.left + p.right === 0) return 'matmul';
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  // Spreading dy for a strided k×k multiplies the work by sh·sw: measured 2x faster than the
  // original for 3x3 stride 2 with 32-64 channels, but no faster onto 3 (an image's) channels.
  if (strided && info.inChannels < MIN_SPREAD_CHANNELS) return null;
  return 'flipped-conv';
}

/** dx = dy · Wᵀ on the N·OH·OW rows, spread by the stride. W is transposed explicitly (it is small): BatchMatMul's transposed operands leave XNNPACK's path. */
function pointwise(k: KernelRunner, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize, outHeight, outWidth, inChannels, outChannels } = info;
  const dy2d = k.run('Reshape', { x: dy }, { shape: [batchSize * outHeight * outWidth, outChannels] });
  const w2d = k.run('Reshape', { x: filter }, { shape: [inChannels, outChannels] });
  const wT = k.run('Transpose', { x: w2d }, { perm: [1, 0] });
  const product = k.run('BatchMatMul', { a: dy2d, b: wT }, { transposeA: false, transposeB: false });
  const grid = k.run('Reshape', { x: product }, { shape: [batchSize, outHeight, outWidth, inChannels] });
  const spread = spreadByStrides(k, grid, info.strideHeight, info.strideWidth);
  return fitRowsAndColumns(k, spread, 0, 0, info.inHeight, info.inWidth);
}

/**
 * The input gradient as a stride-1 'valid' convolution with the flipped, channel-swapped kernel,
 * dy first spread onto every stride-th position (a no-op for stride 1).
 */
function flippedConvolution(k: KernelRunner, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, padInfo } = info;
  const spread = spreadByStrides(k, dy, info.strideHeight, info.strideWidth);
  const padded = fitRowsAndColumns(k, spread, fh - 1 - padInfo.top, fw - 1 - padInfo.left, info.inHeight + fh - 1, info.inWidth + fw - 1);
  const flipped = k.run('Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = k.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  return k.run('Conv2D', { x: padded, filter: swapped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' });
}

/** Marks the kernel functions made here, so registering twice is noticed. */
const FAST = Symbol('graphc.conv2DBackpropInputFast');

/** True when `kernelFunc` is one {@link makeConv2DBackpropInputWasm} made. */
export function isFastConv2DBackpropInput(kernelFunc: KernelFunc): boolean {
  return (kernelFunc as KernelFunc & { [FAST]?: true })[FAST] === true;
}

/**
 * The `kernelFunc` registered over the wasm `Conv2DBackpropInput`: the compositions above where
 * they are exact, else `original` (the wasm backend's kernel function).
 */
export function makeConv2DBackpropInputWasm(original: KernelFunc): KernelFunc {
  const kernelFunc = ((params: KernelParams) => {
    const { dy, filter } = params.inputs;
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter');
    const attrs = params.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape as Shape4, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, dataFormat);
    const plan = conv2DBackpropInputPlan(info);
    if (plan === null) return original(params as Parameters<KernelFunc>[0]);
    return KernelRunner.compose(wasmBackendOf(params, 'Conv2DBackpropInput'), (k) =>
      plan === 'matmul' ? pointwise(k, dy, filter, info) : flippedConvolution(k, dy, filter, info));
  }) as KernelFunc & { [FAST]?: true };
  kernelFunc[FAST] = true;
  return kernelFunc;
}
