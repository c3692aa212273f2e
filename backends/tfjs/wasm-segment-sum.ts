/**
 * `UnsortedSegmentSum` for the wasm backend, which tfjs 4.22 does not ship: it is the gradient
 * of Gather, so without it an `Embedding` (and anything gathered) cannot train on wasm ("Kernel
 * 'UnsortedSegmentSum' not registered for backend 'wasm'"). Composed of two wasm kernels:
 * out[numSegments, ...] = ScatterNd(segmentIds as [n, 1], x), which adds the rows whose ids repeat.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

function run(kernelName: string, inputs: NamedTensorInfoMap, backend: object, attrs: NamedAttrMap): TensorInfo {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`wasm kernel ${kernelName} is not registered`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  const info = Array.isArray(out) ? out[0] : out;
  if (info === undefined) throw new Error(`wasm kernel ${kernelName} returned no tensor`);
  return info;
}

/** The `kernelFunc` registered as the wasm `UnsortedSegmentSum` (x [n, ...], segmentIds [n]). */
export function unsortedSegmentSumWasm(params: { inputs: NamedTensorInfoMap; backend: object; attrs?: NamedAttrMap }): TensorInfo {
  const { x, segmentIds } = params.inputs;
  if (x === undefined || segmentIds === undefined) throw new Error('UnsortedSegmentSum needs inputs x and segmentIds');
  const numSegments = (params.attrs as unknown as tf.UnsortedSegmentSumAttrs | undefined)?.numSegments;
  if (typeof numSegments !== 'number') throw new Error('UnsortedSegmentSum needs numSegments');
  // Reshape only relabels the same buffer (no copy, nothing to free).
  const indices = run('Reshape', { x: segmentIds }, params.backend, { shape: [segmentIds.shape.reduce((a, b) => a * b, 1), 1] });
  return run('ScatterNd', { indices, updates: x }, params.backend, { shape: [numSegments, ...x.shape.slice(segmentIds.shape.length)] });
}
