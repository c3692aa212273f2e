/**
 * The shared machinery of graphc's composed wasm kernels (wasm-grad.ts, wasm-depthwise-grad.ts,
 * wasm-conv-input-grad.ts): running registered wasm kernels directly, freeing what they made,
 * and the padding arithmetic that turns a gradient into a stride-1 convolution.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataId, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/** What tfjs hands a `kernelFunc`. */
export interface KernelParams {
  inputs: NamedTensorInfoMap;
  backend: object;
  attrs?: NamedAttrMap;
}

/** The part of the wasm backend a composite kernel needs: releasing its intermediates. */
export interface DisposingBackend {
  disposeData(dataId: DataId, force?: boolean): boolean;
}

/** True for a backend that can free data (the wasm backend). */
export function isDisposingBackend(backend: object): backend is DisposingBackend {
  return typeof (backend as Partial<DisposingBackend>).disposeData === 'function';
}

/** The backend of `params`, or a one-line error naming the kernel (graphc registers these for wasm only). */
export function wasmBackendOf(params: KernelParams, kernelName: string): DisposingBackend {
  if (!isDisposingBackend(params.backend)) throw new Error(`${kernelName}: not a wasm backend`);
  return params.backend;
}

/**
 * Runs registered wasm kernels directly (not through the engine, so no gradient tape and no
 * engine bookkeeping) and frees every intermediate it made except the result.
 */
export class KernelRunner {
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

  /**
   * Runs `compose` and frees its intermediates, also when it throws: the engine never sees them,
   * so nothing else would.
   */
  static compose(backend: DisposingBackend, compose: (k: KernelRunner) => TensorInfo): TensorInfo {
    const k = new KernelRunner(backend);
    let result: TensorInfo | undefined;
    try {
      result = compose(k);
      return result;
    } finally {
      k.dispose(result);
    }
  }
}

/**
 * Makes `t` ([N, H, W, C]) exactly `height` × `width` with `top` / `left` rows and columns of
 * zeros before it (negative: that many of its own cropped), padding zeros at the bottom/right or
 * cropping there. A gradient read as a convolution needs exactly the rows the forward pass read:
 * 'valid' with a stride that does not divide the input leaves trailing rows it never read.
 */
export function fitRowsAndColumns(k: KernelRunner, t: TensorInfo, top: number, left: number, height: number, width: number): TensorInfo {
  const [n, h, w, c] = t.shape as [number, number, number, number];
  const crop = [Math.max(-top, 0), Math.max(-left, 0)] as const;
  const keep = [Math.min(h, height - top) - crop[0], Math.min(w, width - left) - crop[1]] as const;
  if (keep[0] <= 0 || keep[1] <= 0) throw new Error(`a ${h}x${w} gradient does not reach a ${height}x${width} window at (${top}, ${left})`);
  let out = t;
  if (crop[0] > 0 || crop[1] > 0 || keep[0] < h || keep[1] < w) {
    out = k.run('Slice', { x: out }, { begin: [0, crop[0], crop[1], 0], size: [n, keep[0], keep[1], c] });
  }
  const before = [Math.max(top, 0), Math.max(left, 0)] as const;
  const after = [height - before[0] - keep[0], width - before[1] - keep[1]] as const;
  if (before[0] + before[1] + after[0] + after[1] > 0) {
    out = k.run('PadV2', { x: out }, { paddings: [[0, 0], [before[0], after[0]], [before[1], after[1]], [0, 0]], constantValue: 0 });
  }
  return out;
}

/**
 * Spreads `t` ([N, H, W, C]) onto every `sh`-th row and `sw`-th column of an [N, H·sh, W·sw, C]
 * tensor of zeros: the gradient of a strided convolution at the positions the forward pass
 * sampled. One PadV2 of a 6-D view (XNNPACK's constant pad), not a JS loop.
 */
export function spreadByStrides(k: KernelRunner, t: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return t;
  const [n, h, w, c] = t.shape as [number, number, number, number];
  const six = k.run('Reshape', { x: t }, { shape: [n, h, 1, w, 1, c] });
  const spread = k.run('PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  return k.run('Reshape', { x: spread }, { shape: [n, h * sh, w * sw, c] });
}

/** Marks the kernel functions graphc registers over a wasm kernel, so registering twice is noticed. */
const REPLACEMENT = Symbol('graphc.wasmReplacement');

/** Marks `kernelFunc` as one of graphc's replacements of a wasm kernel; returns it. */
export function markReplacement(kernelFunc: KernelFunc): KernelFunc {
  (kernelFunc as KernelFunc & { [REPLACEMENT]?: true })[REPLACEMENT] = true;
  return kernelFunc;
}

/** True when `kernelFunc` was made by one of graphc's replacements ({@link markReplacement}). */
export function isReplacement(kernelFunc: KernelFunc): boolean {
  return (kernelFunc as KernelFunc & { [REPLACEMENT]?: true })[REPLACEMENT] === true;
}
