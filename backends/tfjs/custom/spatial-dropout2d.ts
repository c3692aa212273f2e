/**
 * Keras's `SpatialDropout2D` (channels last), which TensorFlow.js 4.22 lacks (it has only
 * SpatialDropout1D): in training, one Bernoulli draw per (sample, channel), broadcast over height
 * and width; the identity at inference. Registered under Keras's class name.
 */
import type * as TfModule from '@tensorflow/tfjs';

type Tf = typeof TfModule;

/** Arguments of the layer, as tfjs's `dropout` takes them. */
export interface SpatialDropout2DArgs {
  readonly rate: number;
  readonly seed?: number;
  readonly name?: string;
  readonly trainable?: boolean;
}

/** The SpatialDropout2D class for this tfjs instance. */
export function spatialDropout2dClass(tf: Tf): new (args: SpatialDropout2DArgs) => TfModule.layers.Layer {
  class SpatialDropout2D extends tf.layers.Layer {
    static className = 'SpatialDropout2D';
    readonly rate: number;
    readonly seed: number | undefined;

    constructor(args: SpatialDropout2DArgs) {
      super(args);
      this.rate = args.rate;
      this.seed = args.seed;
      this.inputSpec = [{ ndim: 4 }];
    }

    override call(inputs: TfModule.Tensor | TfModule.Tensor[], kwargs: { [key: string]: unknown }): TfModule.Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (kwargs['training'] !== true || this.rate <= 0) return tf.clone(x);
      return tf.tidy(() => tf.dropout(x, this.rate, [x.shape[0]!, 1, 1, x.shape[3]!], this.seed));
    }

    override getConfig(): TfModule.serialization.ConfigDict {
      return { ...super.getConfig(), rate: this.rate, ...(this.seed === undefined ? {} : { seed: this.seed }) };
    }
  }
  return SpatialDropout2D;
}
