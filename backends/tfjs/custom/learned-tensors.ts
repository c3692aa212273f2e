/**
 * The learned tensors of vision transformers and ConvNeXt for TensorFlow.js, under the class
 * names and weight names of their reference code: `ClassToken` (vit-keras, weight `cls`
 * [1, 1, D]), `PositionEmbedding` (KerasHub, weight `embeddings` [sequence_length, D]) and
 * `LayerScale` (keras.applications.convnext, weight `gamma` [projection_dim]). Each is
 * registered so a saved `model.json` loads back.
 */
import * as tf from '@tensorflow/tfjs';
import { type BaseLayerArgs, type Initializer, initializerConfig, type InitializerArg, toInitializer } from './config.js';

/** Arguments of {@link ClassToken}. */
export interface ClassTokenArgs extends BaseLayerArgs {
  initializer?: InitializerArg;
}

/** Prepends a learned token to a [batch, positions, features] sequence. */
export class ClassToken extends tf.layers.Layer {
  /** vit-keras's class name. */
  static className = 'ClassToken';
  readonly initializer: Initializer;
  private cls: tf.LayerVariable | null = null;

  constructor(args: ClassTokenArgs) {
    super(args);
    this.initializer = toInitializer(args.initializer, () => tf.initializers.zeros());
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    this.cls = this.addWeight('cls', [1, 1, shape[2] as number], 'float32', this.initializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, positions, features] = inputShape as tf.Shape;
    return [batch ?? null, positions === null || positions === undefined ? null : positions + 1, features ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const token = tf.tile(this.cls!.read(), [x.shape[0]!, 1, 1]);
      return tf.concat([token, x], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), initializer: initializerConfig(this.initializer) };
  }
}
tf.serialization.registerClass(ClassToken);

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
