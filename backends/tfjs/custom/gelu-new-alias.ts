/**
 * Lets a saved model with tfjs's tanh-approximate GELU load back. tfjs 4.22 saves that
 * activation as `gelu_new` but, loading, camel-cases the name to `geluNew`, which it never
 * registered, so `tf.loadLayersModel` fails on its own output. This registers the missing name
 * with the same arithmetic as tfjs's `gelu_new`.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs's `gelu_new` under the name its loader looks up. */
export class GeluNewAlias extends tf.serialization.Serializable {
  /** The name tfjs's loader asks for. */
  static className = 'geluNew';

  /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), op for op as tfjs computes `gelu_new` (√(2/π) in float32 too). */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(0.5, tf.mul(x, tf.add(1, tf.tanh(tf.mul(tf.sqrt(tf.div(2, Math.PI)), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))))));
  }

  /** The activation has no configuration. */
  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
tf.serialization.registerClass(GeluNewAlias);
