/**
 * Training kernels that `@tensorflow/tfjs-backend-wasm` 4.22 does not ship.
 *
 * The wasm backend registers every kernel a Conv2D / BatchNorm / ReLU / pooling / Dense / Add /
 * ZeroPadding network needs for inference and for its gradients except one:
 * `Conv2DBackpropFilter` (the weight gradient of a convolution). Without it `model.fit` fails
 * with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'". The list was found by
 * diffing `getKernelsForBackend('cpu')` with `getKernelsForBackend('wasm')` and confirmed by a
 * `fit` step of a small ResNet-shaped network; the other cpu-only kernels (FFT, Complex, Ragged*,
 * depthwise backprop, ...) are not used by these layers.
 *
 * The kernel is composed of wasm kernels (XNNPACK's matrix product and convolution) rather than
 * written as JS loops; see {@link conv2DBackpropFilterWasm}. With it, a ResNet-50 training step
 * spends about 9% of its kernel time here; the wasm backend's own (native, but not XNNPACK)
 * Conv2DBackpropInput is the largest cost, about half.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataId, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

import { unsortedSegmentSumWasm } from './wasm-segment-sum.js';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** Kernel names {@link registerWasmTrainingKernels} provides for the `wasm` backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = ['Conv2DBackpropFilter', 'UnsortedSegmentSum'];

/** The part of the wasm backend a composite kernel needs: releasing its intermediates. */
interface DisposingBackend {
  disposeData(dataId: DataId, force?: boolean): boolean;
}

function isDisposingBackend(backend: object): backend is DisposingBackend {
  return typeof (backend as Partial<DisposingBackend>).disposeData === 'function';
}

/** Runs registered wasm kernels directly (not through the engine) and frees what they made. */
class KernelRunner {
  private readonly temps: TensorInfo[] = [];

  constructor(private readonly backend: DisposingBackend) {}

  /** Runs `kernelName` on the wasm backend; the result is freed by {@link dispose} unless kept. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config === undefined) throw new Error(`wasm kernel ${kernelName} is not registered`);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    const info = Array.isArray(out) ? out[0] : out;
    if (info === undefined) throw new Error(`wasm kernel ${kernelName} returned no tensor`);
    this.temps.push(info);
    return info;
  }

  /** Frees every intermediate except `keep`, the kernel's result handed to the engine. */
  dispose(keep: TensorInfo | undefined): void {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

/**
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} xPadded[n, oh·sh + kh, ow·sw + kw, ci] · dy[n, oh, ow, co].
 * The `kernelFunc` {@link registerWasmTrainingKernels} registers as the wasm `Conv2DBackpropFilter`.
 */
export function conv2DBackpropFilterWasm(params: {
  inputs: NamedTensorInfoMap;
  backend: object;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const { x, dy } = params.inputs;
  const attrs = (params.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy');
  if (!isDisposingBackend(params.backend)) throw new Error('Conv2DBackpropFilter: not a wasm backend');
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
  const k = new KernelRunner(params.backend);
  const { padInfo: p } = info;
  const pointwise = info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 &&
    info.strideWidth === 1 && p.top + p.bottom + p.left + p.right === 0;
  let dw: TensorInfo | undefined;
  try {
    dw = pointwise ? pointwiseGradient(k, x, dy, info) : gradientAsConvolution(k, x, dy, info);
    return dw;
  } finally {
    // Also on a throw: the engine never sees the intermediates, so nothing else would free them.
    k.dispose(dw);
  }
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
  const { inHeight, inWidth, filterHeight, filterWidth, strideHeight: sh, strideWidth: sw, padInfo } = info;
  let images = k.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
  const filter = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  // Rows and columns the forward pass read, padding included; the output must be exactly KH x KW.
  const needH = filterHeight - 1 + (info.outHeight - 1) * sh + 1;
  const needW = filterWidth - 1 + (info.outWidth - 1) * sw + 1;
  const bottom = needH - padInfo.top - inHeight;
  const right = needW - padInfo.left - inWidth;
  if (bottom < 0 || right < 0) {
    // 'valid' with a stride that does not divide the input leaves trailing rows the forward
    // pass never read; padding cannot be negative, so crop them.
    const size = [info.inChannels, inHeight + Math.min(bottom, 0), inWidth + Math.min(right, 0), info.batchSize];
    images = k.run('Slice', { x: images }, { begin: [0, 0, 0, 0], size });
  }
  const pad = [[0, 0], [padInfo.top, Math.max(bottom, 0)], [padInfo.left, Math.max(right, 0)], [0, 0]];
  const conv = k.run('Conv2D', { x: images, filter }, {
    strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [sh, sw], dimRoundingMode: 'floor',
  });
  return k.run('Transpose', { x: conv }, { perm: [1, 2, 0, 3] });
}

/**
 * Registers the training kernels the wasm backend lacks ({@link WASM_TRAINING_KERNELS}).
 * Idempotent: a kernel already registered for `wasm` (by an earlier call, or natively by a later
 * tfjs release) is left alone. Safe to call before or after the wasm backend is initialised.
 * @returns the kernel names this call registered (empty when there was nothing to do).
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: conv2DBackpropFilterWasm,
    });
    registered.push('Conv2DBackpropFilter');
  }
  // Gather's gradient, for Embedding (issue 10 part B).
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') === undefined) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm });
    registered.push('UnsortedSegmentSum');
  }
  return registered;
}
