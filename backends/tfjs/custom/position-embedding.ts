/**
 * KerasHub's `PositionEmbedding` for TensorFlow.js: a learned table `embeddings`
 * [sequence_length, D] whose first `positions` rows come out at the input's shape (added to the
 * input by the model). Registered by class name so a saved `model.json` loads back.
 */
import * as tf from '@tensorflow/tfjs';
import { type BaseLayerArgs, type Initializer, initializerConfig, type InitializerArg, toInitializer } from './config.js';

/** Arguments of {@link PositionEmbedding}. */
export interface PositionEmbeddingArgs extends BaseLayerArgs {
  sequenceLength: number;
  initializer?: InitializerArg;
}

/** A learned position embedding: the first `positions` rows of the table, at the input's shape. */
export class PositionEmbedding extends tf.layers.Layer {
  /** KerasHub's class name. */
  static className = 'PositionEmbedding';
  readonly sequenceLength: number;
  readonly initializer: Initializer;
  private embeddings: tf.LayerVariable | null = null;

  constructor(args: PositionEmbeddingArgs) {
    super(args);
    this.sequenceLength = args.sequenceLength;
    this.initializer = toInitializer(args.initializer, () => tf.initializers.glorotUniform({}));
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    this.embeddings = this.addWeight('embeddings', [this.sequenceLength, shape[shape.length - 1] as number], 'float32', this.initializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [batch, positions, features] = x.shape as [number, number, number];
      const rows = tf.slice(this.embeddings!.read(), [0, 0], [positions, features]);
      return tf.broadcastTo(tf.expandDims(rows, 0), [batch, positions, features]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), sequenceLength: this.sequenceLength, initializer: initializerConfig(this.initializer) };
  }
}
tf.serialization.registerClass(PositionEmbedding);

/** A {@link PositionEmbedding} layer, as `tf.layers` factories make theirs. */
export function positionEmbedding(args: PositionEmbeddingArgs): PositionEmbedding {
  return new PositionEmbedding(args);
}
