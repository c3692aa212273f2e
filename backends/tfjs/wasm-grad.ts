/**
 * Training kernels for `@tensorflow/tfjs-backend-wasm` 4.22: the ones it does not ship, and one
 * it ships slow.
 *
 * Missing (found by diffing `getKernelsForBackend('cpu')` with `getKernelsForBackend('wasm')`
 * and confirmed by `fit` steps; without them `model.fit` fails with "Kernel '…' not registered
 * for backend 'wasm'"):
 * - `Conv2DBackpropFilter`, the weight gradient of every convolution ({@link conv2DBackpropFilterWasm});
 * - `DepthwiseConv2dNativeBackpropInput` / `…BackpropFilter`, for depthwise convolutions
 *   (MobileNetV2; wasm-depthwise-grad.ts);
 * - `UnsortedSegmentSum`, Gather's gradient, for Embedding (wasm-segment-sum.ts).
 * The other cpu-only kernels (FFT, Complex, Ragged*, ...) are not used by graphc's layers.
 *
 * Replaced, for the cases they make exact (the rest goes to the original kernel):
 * `Conv2DBackpropInput`, native but not XNNPACK, about half of a ResNet-50 step's kernel time
 * (wasm-conv-input-grad.ts); `Tile`, an element loop that BatchNormalization's gradient
 * broadcasts with (wasm-tile.ts). bench/wasm-kernels.ts measures each against its absence.
 *
 * Every kernel is composed of wasm kernels (XNNPACK's matrix product and convolutions) rather
 * than written as JS loops.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { makeConv2DBackpropInputWasm } from './wasm-conv-input-grad.js';
import { depthwiseConv2dNativeBackpropFilterWasm, depthwiseConv2dNativeBackpropInputWasm } from './wasm-depthwise-grad.js';
import { fitRowsAndColumns, isReplacement, KernelRunner, wasmBackendOf, type KernelParams } from './wasm-kernel-runner.js';
import { unsortedSegmentSumWasm } from './wasm-segment-sum.js';
import { makeTileWasm } from './wasm-tile.js';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** Kernel names {@link registerWasmTrainingKernels} provides for the `wasm` backend, which lacks them. */
export const WASM_TRAINING_KERNELS: readonly string[] = [
  'Conv2DBackpropFilter',
  'UnsortedSegmentSum',
  // MobileNet-style depthwise convolutions (issue 11, wave 3).
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
];

/** Kernels whose wasm version {@link registerWasmTrainingKernels} replaces with a faster one, made from the original. */
const FASTER: readonly { kernelName: string; make: (original: KernelFunc) => KernelFunc }[] = [
  { kernelName: 'Conv2DBackpropInput', make: makeConv2DBackpropInputWasm },
  // BatchNormalization's gradient broadcasts with Tile (wasm-tile.ts).
  { kernelName: 'Tile', make: makeTileWasm },
];

/** Kernel names whose wasm kernel {@link registerWasmTrainingKernels} replaces with a faster one. */
export const WASM_FASTER_KERNELS: readonly string[] = FASTER.map((f) => f.kernelName);

/**
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} xPadded[n, oh·sh + kh, ow·sw + kw, ci] · dy[n, oh, ow, co].
 * The `kernelFunc` {@link registerWasmTrainingKernels} registers as the wasm `Conv2DBackpropFilter`.
 */
export function conv2DBackpropFilterWasm(params: KernelParams): TensorInfo {
  const { x, dy } = params.inputs;
  const attrs = (params.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy');
  const backend = wasmBackendOf(params, 'Conv2DBackpropFilter');
  // The wasm forward Conv2D rejects NCHW too, so no model that runs on wasm produces it.
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { padInfo: p } = info;
  const pointwise = info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 &&
    info.strideWidth === 1 && p.top + p.bottom + p.left + p.right === 0;
  return KernelRunner.compose(backend, (k) => (pointwise ? pointwiseGradient(k, x, dy, info) : gradientAsConvolution(k, x, dy, info)));
}

/**
 * A 1x1, stride-1, unpadded convolution (most of ResNet's) is a matrix product: dW = xᵀ·dy over
 * the N·H·W rows. The explicit Transpose matters: BatchMatMul with transposeA=true leaves
 * XNNPACK's fast path and was ~20x slower (226 ms against 12 ms for 7200x64 by 7200x256).
 */
function pointwiseGradient(k: KernelRunner, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const x2d = k.run('Reshape', { x }, { shape: [rows, info.inChannels] });
  const dy2d = k.run('Reshape', { x: dy }, { shape: [rows, info.outChannels] });
  const xT = k.run('Transpose', { x: x2d }, { perm: [1, 0] });
  const product = k.run('BatchMatMul', { a: xT, b: dy2d }, { transposeA: false, transposeB: false });
  return k.run('Reshape', { x: product }, { shape: [1, 1, info.inChannels, info.outChannels] });
}

/**
 * Any other case is itself a convolution, run by XNNPACK: swap batch and channels so x becomes
 * Cin images of N channels ([Cin, H, W, N]), use dy as a [OH, OW, N, Cout] filter dilated by the
 * forward stride, and the output is [Cin, KH, KW, Cout]. A strided tap-by-tap im2col was 10-25x
 * slower: the wasm StridedSlice kernel is a generic element loop (140 ms for 0.5 M floats).
 */
function gradientAsConvolution(k: KernelRunner, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { filterHeight, filterWidth, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const images = k.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
  const filter = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  // Exactly the rows and columns the forward pass read, padding included: the output is KH x KW.
  const read = fitRowsAndColumns(k, images, padInfo.top, padInfo.left, filterHeight + (info.outHeight - 1) * sh, filterWidth + (info.outWidth - 1) * sw);
  const conv = k.run('Conv2D', { x: read, filter }, {
    strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: 'floor',
  });
  return k.run('Transpose', { x: conv }, { perm: [1, 2, 0, 3] });
}

const MISSING: readonly { kernelName: string; kernelFunc: (params: KernelParams) => TensorInfo }[] = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2DBackpropFilterWasm },
  // Gather's gradient, for Embedding (issue 10 part B).
  { kernelName: 'UnsortedSegmentSum', kernelFunc: unsortedSegmentSumWasm },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', kernelFunc: depthwiseConv2dNativeBackpropInputWasm },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', kernelFunc: depthwiseConv2dNativeBackpropFilterWasm },
];

/** The wasm backend's own kernels that graphc's faster ones are registered over, by name. */
const replaced = new Map<string, KernelConfig>();

/**
 * Registers the training kernels the wasm backend lacks ({@link WASM_TRAINING_KERNELS}) and the
 * faster ones ({@link WASM_FASTER_KERNELS}). Idempotent: a missing kernel already registered for
 * `wasm` (by an earlier call, or natively by a later tfjs release) is left alone. Safe to call
 * before or after the wasm backend is initialised (a replaced kernel keeps its setup function).
 * @returns the kernel names this call registered (empty when there was nothing to do).
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  for (const { kernelName, kernelFunc } of MISSING) {
    if (tf.getKernel(kernelName, 'wasm') !== undefined) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as KernelConfig['kernelFunc'] });
    registered.push(kernelName);
  }
  for (const { kernelName, make } of FASTER) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (original === undefined || isReplacement(original.kernelFunc)) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
    replaced.set(kernelName, original);
    registered.push(kernelName);
  }
  return registered;
}

/**
 * Undoes {@link registerWasmTrainingKernels} for the named kernels (default: all): a missing one
 * is unregistered again, a replaced one gets the wasm backend's own back. For measuring each
 * kernel's gain (bench/wasm-kernels.ts) and for tests; training never needs it.
 * @returns the kernel names restored.
 */
export function unregisterWasmTrainingKernels(names: readonly string[] = [...WASM_TRAINING_KERNELS, ...WASM_FASTER_KERNELS]): string[] {
  const restored: string[] = [];
  for (const name of names) {
    const original = replaced.get(name);
    const current = tf.getKernel(name, 'wasm');
    if (original !== undefined) {
      if (current !== undefined) tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(original);
      replaced.delete(name);
      restored.push(name);
    } else if (current !== undefined && MISSING.some((m) => m.kernelName === name && m.kernelFunc === (current.kernelFunc as unknown))) {
      tf.unregisterKernel(name, 'wasm');
      restored.push(name);
    }
  }
  return restored;
}
