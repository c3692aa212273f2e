/**
 * A faster `Tile` for the wasm backend, for the one pattern training uses it in. tfjs's gradient
 * of BatchNormalization tiles each per-channel statistic ([1, 1, 1, C]) to the whole activation
 * ([N, H, W, C]); the wasm backend's Tile is an element-by-element index loop, and was the largest
 * kernel of a MobileNetV2 or ResNet-20 training step (25-28% of its kernel time). When every
 * repeated axis has size 1 — a broadcast — the result is `ones × x`: a Fill (a memset) and one
 * broadcasting Multiply (XNNPACK), bit-exact (1·v = v, −0, NaN and ±∞ included). Any other Tile,
 * and tensors that are not float32, go to the wasm backend's own kernel.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { KernelRunner, markReplacement, wasmBackendOf, type KernelParams } from './wasm-kernel-runner.js';

/** True when tiling `shape` by `reps` only broadcasts axes of size 1. */
export function tileIsBroadcast(shape: readonly number[], reps: readonly number[]): boolean {
  return shape.length === reps.length && shape.every((d, i) => reps[i] === 1 || d === 1);
}

/** The `kernelFunc` registered over the wasm `Tile`: a broadcast as above, else `original`. */
export function makeTileWasm(original: KernelFunc): KernelFunc {
  return markReplacement(((params: KernelParams) => {
    const { x } = params.inputs;
    if (x === undefined) throw new Error('Tile needs input x');
    const reps = (params.attrs as { reps?: number[] } | undefined)?.reps ?? [];
    if (x.dtype !== 'float32' || !tileIsBroadcast(x.shape, reps)) return original(params as Parameters<KernelFunc>[0]);
    const shape = x.shape.map((d, i) => d * reps[i]!);
    return KernelRunner.compose(wasmBackendOf(params, 'Tile'), (k): TensorInfo => {
      const ones = k.run('Fill', {}, { shape, value: 1, dtype: 'float32' });
      return k.run('Multiply', { a: ones, b: x }, {});
    });
  }) as KernelFunc);
}
