/**
 * Keras's `MultiHeadAttention` for TensorFlow.js, which has none: the same config keys, the same
 * weights (`query/kernel` [features, heads, key_dim], `query/bias` [heads, key_dim], likewise
 * `key/…` and `value/…`, and `attention_output/kernel` [heads, value_dim, out] with its bias
 * [out]), the same arithmetic (the query scaled by 1/√key_dim, softmax over the key positions),
 * registered under Keras's class name so a saved `model.json` loads back. Built from matMul,
 * reshape and transpose (the wasm backend has no Einsum kernel); rank-3 inputs, attention over
 * the one position axis.
 */
import * as tf from '@tensorflow/tfjs';
import { type BaseLayerArgs, type Initializer, initializerConfig, type InitializerArg, toInitializer } from './config.js';

/** The constructor arguments: Keras's, in tfjs's camelCase. */
export interface MultiHeadAttentionArgs extends BaseLayerArgs {
  numHeads: number;
  keyDim: number;
  valueDim?: number | null;
  dropout?: number;
  useBias?: boolean;
  outputShape?: number | null;
  attentionAxes?: number | number[] | null;
  kernelInitializer?: InitializerArg;
  biasInitializer?: InitializerArg;
}

/** `keras.layers.MultiHeadAttention`, inputs `[query, value]` or `[query, value, key]` (one tensor: self-attention). */
export class MultiHeadAttention extends tf.layers.Layer {
  /** Keras's class name, under which the layer is saved and registered. */
  static className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputSize: number | null;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropout = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.outputSize = args.outputShape ?? null;
    const axes = args.attentionAxes;
    if (axes !== undefined && axes !== null && !(Array.isArray(axes) ? axes.length === 1 && (axes[0] === 1 || axes[0] === -2) : axes === 1 || axes === -2)) {
      throw new Error('MultiHeadAttention: only attention over axis 1 of rank-3 inputs is implemented, got attentionAxes ' + JSON.stringify(axes));
    }
    this.kernelInitializer = toInitializer(args.kernelInitializer, () => tf.initializers.glorotUniform({}));
    this.biasInitializer = toInitializer(args.biasInitializer, () => tf.initializers.zeros());
  }

  /**
   * Self-attention passes one tensor as query and value (and key): it is applied to the distinct
   * tensors only, `[x, x]` and `[x, x, x]` as `[x]`, `[q, v, v]` as `[q, v]`. tfjs's executor
   * counts a tensor given twice to one layer as one use but releases it twice, which disposed
   * `x` before a later layer (the residual Add) read it.
   */
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: { [key: string]: unknown }): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    if (!Array.isArray(inputs)) return super.apply(inputs, kwargs);
    const [query, value, key] = inputs;
    const distinct = value === query && (key === undefined || key === query) ? [query] : key === value ? [query, value] : inputs;
    return super.apply(distinct.length === 1 ? distinct[0]! : (distinct as tf.Tensor[]), kwargs);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    const query = shapes[0]!;
    const value = shapes[1] ?? query;
    const key = shapes[2] ?? value;
    const features = (s: tf.Shape): number => s[s.length - 1] as number;
    const out = this.outputSize ?? features(query);
    const h = this.numHeads;
    const projection = (name: string, inFeatures: number, headDim: number): void => {
      this.kernels.push(this.addWeight(name + '/kernel', [inFeatures, h, headDim], 'float32', this.kernelInitializer));
      if (this.useBias) this.biases.push(this.addWeight(name + '/bias', [h, headDim], 'float32', this.biasInitializer));
    };
    projection('query', features(query), this.keyDim);
    projection('key', features(key), this.keyDim);
    projection('value', features(value), this.valueDim);
    this.kernels.push(this.addWeight('attention_output/kernel', [h, this.valueDim, out], 'float32', this.kernelInitializer));
    if (this.useBias) this.biases.push(this.addWeight('attention_output/bias', [out], 'float32', this.biasInitializer));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const query = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...query.slice(0, -1), this.outputSize ?? query[query.length - 1]!];
  }

  /**
   * `x` [batch, positions, in] times kernel `i` flattened to [in, units] (its first `inAxes` axes
   * are the input), plus the bias: [batch, positions, units].
   */
  private project(x: tf.Tensor, i: number, inAxes: number): tf.Tensor {
    const kernel = this.kernels[i]!.read();
    const rows = kernel.shape.slice(0, inAxes).reduce((a, b) => a * b, 1);
    const units = kernel.size / rows;
    const [batch, positions] = x.shape as [number, number];
    let y = tf.matMul(tf.reshape(x, [batch * positions, rows]), tf.reshape(kernel, [rows, units]));
    if (this.useBias) y = tf.add(y, tf.reshape(this.biases[i]!.read(), [units]));
    return tf.reshape(y, [batch, positions, units]);
  }

  /** [batch, positions, heads·dim] → [batch, heads, positions, dim]. */
  private heads(x: tf.Tensor, dim: number): tf.Tensor {
    const [batch, positions] = x.shape as [number, number];
    return tf.transpose(tf.reshape(x, [batch, positions, this.numHeads, dim]), [0, 2, 1, 3]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const query = list[0]!;
      const value = list[1] ?? query;
      const key = list[2] ?? value;
      const q = tf.mul(this.heads(this.project(query, 0, 1), this.keyDim), 1 / Math.sqrt(this.keyDim));
      const k = this.heads(this.project(key, 1, 1), this.keyDim);
      const v = this.heads(this.project(value, 2, 1), this.valueDim);
      let scores = tf.softmax(tf.matMul(q, k, false, true));
      if (kwargs.training === true && this.dropout > 0) scores = tf.dropout(scores, this.dropout);
      const [batch, positions] = query.shape as [number, number];
      const mixed = tf.transpose(tf.matMul(scores, v), [0, 2, 1, 3]);
      return this.project(tf.reshape(mixed, [batch, positions, this.numHeads * this.valueDim]), 3, 2);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputSize,
      attentionAxes: null,
      kernelInitializer: initializerConfig(this.kernelInitializer),
      biasInitializer: initializerConfig(this.biasInitializer),
    };
  }
}
tf.serialization.registerClass(MultiHeadAttention);

/** A {@link MultiHeadAttention} layer, as `tf.layers` factories make theirs. */
export function multiHeadAttention(args: MultiHeadAttentionArgs): MultiHeadAttention {
  return new MultiHeadAttention(args);
}
