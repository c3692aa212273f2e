/**
 * Keras's `ELU` with any `alpha` and `Softmax` over any axis, where TensorFlow.js 4.22's layers
 * refuse both ("Non-default alpha value is not supported", "Softmax along a non-last dimension is
 * not yet supported"). Used only for those settings; registered under Keras's class names, and a
 * superset of tfjs's own, so that every saved ELU and Softmax still loads.
 */
import type * as TfModule from '@tensorflow/tfjs';

type Tf = typeof TfModule;
type Layer = TfModule.layers.Layer;
type Tensor = TfModule.Tensor;

/** Arguments of both layers. */
export interface ActivationLayerArgs {
  readonly name?: string;
  readonly trainable?: boolean;
  readonly alpha?: number;
  readonly axis?: number;
}

const single = (inputs: Tensor | Tensor[]): Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);

/** The ELU class for this tfjs instance: relu(x) + alpha · (exp(min(x, 0)) − 1). */
export function eluClass(tf: Tf): new (args: ActivationLayerArgs) => Layer {
  class ELU extends tf.layers.Layer {
    static className = 'ELU';
    readonly alpha: number;

    constructor(args: ActivationLayerArgs) {
      super(args);
      this.alpha = args.alpha ?? 1;
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = single(inputs);
      return tf.tidy(() => tf.add(tf.relu(x), tf.mul(this.alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1))));
    }

    override getConfig(): TfModule.serialization.ConfigDict {
      return { ...super.getConfig(), alpha: this.alpha };
    }
  }
  return ELU;
}

/** The Softmax class for this tfjs instance: exp(x − max) / sum over `axis`. */
export function softmaxClass(tf: Tf): new (args: ActivationLayerArgs) => Layer {
  class Softmax extends tf.layers.Layer {
    static className = 'Softmax';
    readonly axis: number;

    constructor(args: ActivationLayerArgs) {
      super(args);
      this.axis = args.axis ?? -1;
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = single(inputs);
      return tf.tidy(() => {
        const e = tf.exp(tf.sub(x, tf.max(x, this.axis, true)));
        return tf.div(e, tf.sum(e, this.axis, true));
      });
    }

    override getConfig(): TfModule.serialization.ConfigDict {
      return { ...super.getConfig(), axis: this.axis };
    }
  }
  return Softmax;
}
