/**
 * graphc's `Take` for TensorFlow.js: one position along an axis, the axis dropped
 * (`keras.ops.take(x, indices, axis)` with one integer index; the class token `x[:, 0]`).
 * Registered as `Take` so a saved `model.json` loads back.
 */
import * as tf from '@tensorflow/tfjs';
import type { BaseLayerArgs } from './config.js';

/** The constructor arguments. */
export interface TakeArgs extends BaseLayerArgs {
  axis?: number;
  indices?: number;
}

/** Takes position `indices` along `axis`. */
export class Take extends tf.layers.Layer {
  /** The class name the layer is saved and registered under. */
  static className = 'Take';
  readonly axis: number;
  readonly indices: number;

  constructor(args: TakeArgs) {
    super(args);
    this.axis = args.axis ?? 1;
    this.indices = args.indices ?? 0;
  }

  private axisOf(rank: number): number {
    return this.axis < 0 ? rank + this.axis : this.axis;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const axis = this.axisOf(shape.length);
    return [...shape.slice(0, axis), ...shape.slice(axis + 1)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axis = this.axisOf(x.rank);
      const size = x.shape[axis]!;
      const index = this.indices < 0 ? size + this.indices : this.indices;
      return tf.squeeze(tf.slice(x, x.shape.map((_, i) => (i === axis ? index : 0)), x.shape.map((d, i) => (i === axis ? 1 : d))), [axis]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, indices: this.indices };
  }
}
tf.serialization.registerClass(Take);

/** A {@link Take} layer, as `tf.layers` factories make theirs. */
export function take(args: TakeArgs): Take {
  return new Take(args);
}
