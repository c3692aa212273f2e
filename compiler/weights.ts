/**
 * Weights as plain data, independent of any runtime: per layer name, the layer's weight tensors
 * in Keras order (Conv2D: kernel, bias; BatchNormalization: gamma, beta, moving_mean,
 * moving_variance; SeparableConv2D: depthwise_kernel, pointwise_kernel, bias). Backends convert
 * to and from their runtime; compiler passes (BatchNorm folding) work on this.
 */

/** One weight tensor, row-major, float32. */
export interface WeightTensor {
  /** Keras weight name without the layer prefix: `kernel`, `bias`, `gamma`, `moving_mean`, ... */
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Weights of a whole model, by layer name. */
export type Weights = ReadonlyMap<string, readonly WeightTensor[]>;

/** A layer's weight by name, or undefined. */
export function weight(weights: Weights, layer: string, name: string): WeightTensor | undefined {
  return weights.get(layer)?.find((w) => w.name === name);
}
