/**
 * Keras ConvNeXt's `LayerScale` for TensorFlow.js: each channel (last axis) times a learned
 * `gamma` [projection_dim] initialized to `init_values`. Registered by class name so a saved
 * `model.json` loads back.
 */
import * as tf from '@tensorflow/tfjs';
import type { BaseLayerArgs } from './config.js';

/** Arguments of {@link LayerScale}. */
export interface LayerScaleArgs extends BaseLayerArgs {
  initValues: number;
  projectionDim: number;
}

/** Multiplies each channel (last axis) by a learned scale. */
export class LayerScale extends tf.layers.Layer {
  /** Keras ConvNeXt's class name. */
  static className = 'LayerScale';
  readonly initValues: number;
  readonly projectionDim: number;
  private gamma: tf.LayerVariable | null = null;

  constructor(args: LayerScaleArgs) {
    super(args);
    this.initValues = args.initValues;
    this.projectionDim = args.projectionDim;
  }

  override build(): void {
    this.gamma = this.addWeight('gamma', [this.projectionDim], 'float32', tf.initializers.constant({ value: this.initValues }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, this.gamma!.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), initValues: this.initValues, projectionDim: this.projectionDim };
  }
}
tf.serialization.registerClass(LayerScale);

/** A {@link LayerScale} layer, as `tf.layers` factories make theirs. */
export function layerScale(args: LayerScaleArgs): LayerScale {
  return new LayerScale(args);
}
