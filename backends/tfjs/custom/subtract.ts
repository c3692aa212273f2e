/**
 * Keras's `Subtract` layer, which TensorFlow.js 4.22 lacks: `inputs[0] - inputs[1]` with Keras's
 * merge broadcasting (the lower-rank input is expanded at axis 1, then size-1 dims broadcast).
 * Registered under Keras's class name, so a saved model.json loads back with `loadSavedModel`.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { broadcastShapes } from '../../../compiler/ops/shape-math.js';

type Tf = typeof TfModule;
type Shape = (number | null)[];

/** The Subtract class for this tfjs instance. */
export function subtractClass(tf: Tf): new (args: { name?: string; trainable?: boolean }) => TfModule.layers.Layer {
  class Subtract extends tf.layers.Layer {
    static className = 'Subtract';

    override computeOutputShape(inputShape: Shape | Shape[]): Shape {
      const [a, b] = inputShape as Shape[];
      const r = broadcastShapes(a!, b!);
      if ('mismatch' in r) throw new Error(`Subtract: inputs of shapes ${JSON.stringify(a)} and ${JSON.stringify(b)} do not broadcast (${r.mismatch})`);
      return [...r.shape];
    }

    override call(inputs: TfModule.Tensor | TfModule.Tensor[]): TfModule.Tensor {
      const xs = inputs as TfModule.Tensor[];
      if (xs.length !== 2) throw new Error(`Subtract takes exactly 2 inputs, got ${xs.length}`);
      return tf.tidy(() => {
        let [a, b] = xs as [TfModule.Tensor, TfModule.Tensor];
        // Keras expands the lower-rank input at axis 1 until the ranks agree.
        while (a.rank < b.rank) a = tf.expandDims(a, 1);
        while (b.rank < a.rank) b = tf.expandDims(b, 1);
        return tf.sub(a, b);
      });
    }
  }
  return Subtract;
}
