/**
 * vit-keras's `ClassToken` for TensorFlow.js: prepends a learned token (weight `cls`, [1, 1, D])
 * to a [batch, positions, D] sequence. Registered by class name so a saved `model.json` loads back.
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

/** A {@link ClassToken} layer, as `tf.layers` factories make theirs. */
export function classToken(args: ClassTokenArgs): ClassToken {
  return new ClassToken(args);
}
