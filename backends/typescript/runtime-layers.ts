/**
 * Layer classes the generated file defines for itself where TensorFlow.js 4.22 lacks a Keras layer
 * (issue 10 part C): the same layers, math, configs and weight layouts as the tfjs target's
 * `backends/tfjs/custom/`, written here as fixed text (the generated file imports only tfjs).
 * Each class registers under Keras's class name, so a model saved from the generated code loads
 * back with `tf.loadLayersModel` once the file is imported. `test/seq-typescript.test.ts` builds
 * both and compares topology and outputs.
 */
import { helper as H, type RuntimeHelper } from './runtime-checks.js';

/** The class names each helper declares besides its function (reserved in the namer). */
export const LAYER_CLASS_NAMES: { readonly [helper: string]: readonly string[] } = {
  subtractLayer: ['SubtractLayer'],
  spatialDropout2dLayer: ['SpatialDropout2DLayer'],
  gruLayer: ['GRULayer', 'ResetAfterGRUCell', 'GRUArgs', 'GRUInit'],
};

/** The helper that builds each op tf.layers has no factory for. */
export const CUSTOM_FACTORIES: { readonly [op: string]: string } = {
  Subtract: 'subtractLayer',
  SpatialDropout2D: 'spatialDropout2dLayer',
  GRU: 'gruLayer',
};

/** The helpers, merged into `RUNTIME`. */
export const LAYER_HELPERS: { readonly [name: string]: RuntimeHelper } = {
  noiseShape: H([], String.raw`
/** A Keras noise_shape: tfjs reads a null entry as "the input's size", though it types the list number[]. */
function noiseShape(dims: readonly (number | null)[]): number[] {
  return dims as number[];
}`),
  subtractLayer: H([], String.raw`
/** Keras's Subtract (tfjs 4.22 has none): inputs[0] - inputs[1], the lower rank expanded at axis 1. */
class SubtractLayer extends tf.layers.Layer {
  static className = "Subtract";

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [a, b] = inputShape as tf.Shape[];
    const long = a!.length >= b!.length ? a! : b!;
    const short = long === a ? b! : a!;
    const offset = long.length - short.length;
    return long.map((d, i) => {
      if (i === 0 || i <= offset) return i === 0 ? (a![0] ?? b![0] ?? null) : d;
      const e = short[i - offset] ?? null;
      return d === null || e === null ? null : d === 1 ? e : d;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      let [a, b] = inputs as [tf.Tensor, tf.Tensor];
      while (a.rank < b.rank) a = tf.expandDims(a, 1);
      while (b.rank < a.rank) b = tf.expandDims(b, 1);
      return tf.sub(a, b);
    });
  }
}
tf.serialization.registerClass(SubtractLayer);

/** A Subtract layer (exactly two inputs, as in Keras). */
function subtractLayer(args: { name?: string; trainable?: boolean }): tf.layers.Layer {
  return new SubtractLayer(args);
}`),
  spatialDropout2dLayer: H([], String.raw`
/** Keras's SpatialDropout2D (tfjs 4.22 has none): drops whole channels in training. */
class SpatialDropout2DLayer extends tf.layers.Layer {
  static className = "SpatialDropout2D";
  readonly rate: number;
  readonly seed: number | undefined;

  constructor(args: { rate: number; seed?: number; name?: string; trainable?: boolean }) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.inputSpec = [{ ndim: 4 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: unknown }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs["training"] !== true || this.rate <= 0) return tf.clone(x);
    return tf.tidy(() => tf.dropout(x, this.rate, [x.shape[0]!, 1, 1, x.shape[3]!], this.seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}
tf.serialization.registerClass(SpatialDropout2DLayer);

/** A SpatialDropout2D layer (channels last). */
function spatialDropout2dLayer(args: { rate: number; seed?: number; name?: string; trainable?: boolean }): tf.layers.Layer {
  return new SpatialDropout2DLayer(args);
}`),
  gruLayer: H([], String.raw`
/** tf.layers.gru's arguments plus Keras's resetAfter (true by default in Keras). */
type GRUArgs = Parameters<typeof tf.layers.gru>[0] & { resetAfter?: boolean };
/** A tfjs initializer. */
type GRUInit = ReturnType<typeof tf.initializers.ones>;

/**
 * Keras's GRU cell with reset_after=True, which tfjs 4.22 refuses: kernel (features, 3 units),
 * recurrent_kernel (units, 3 units), bias (2, 3 units) = input and recurrent bias, gates z, r, h.
 */
class ResetAfterGRUCell extends tf.layers.Layer {
  static className = "GRUCell";
  readonly stateSize: number;
  readonly units: number;
  readonly useBias: boolean;
  private readonly activationName: string;
  private readonly recurrentActivationName: string;
  private readonly activation: tf.layers.Layer;
  private readonly recurrentActivation: tf.layers.Layer;
  private readonly initializers: { kernel: GRUInit; recurrent: GRUInit; bias: GRUInit };
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GRUArgs) {
    super(args);
    if ((args.dropout ?? 0) > 0 || (args.recurrentDropout ?? 0) > 0) throw new Error("GRU with resetAfter: dropout is not implemented");
    this.units = args.units;
    this.stateSize = args.units;
    this.useBias = args.useBias ?? true;
    this.activationName = String(args.activation ?? "tanh");
    this.recurrentActivationName = String(args.recurrentActivation ?? "sigmoid");
    this.activation = tf.layers.activation({ activation: this.activationName as "tanh" });
    this.recurrentActivation = tf.layers.activation({ activation: this.recurrentActivationName as "sigmoid" });
    const given = (v: unknown, fallback: GRUInit): GRUInit =>
      typeof (v as { apply?: unknown } | undefined)?.apply === "function" ? (v as GRUInit) : fallback;
    this.initializers = {
      kernel: given(args.kernelInitializer, tf.initializers.glorotUniform({})),
      recurrent: given(args.recurrentInitializer, tf.initializers.orthogonal({})),
      bias: given(args.biasInitializer, tf.initializers.zeros()),
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1]!;
    this.kernel = this.addWeight("kernel", [features, 3 * this.units], "float32", this.initializers.kernel);
    this.recurrentKernel = this.addWeight("recurrent_kernel", [this.units, 3 * this.units], "float32", this.initializers.recurrent);
    if (this.useBias) this.bias = this.addWeight("bias", [2, 3 * this.units], "float32", this.initializers.bias);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, h] = inputs as [tf.Tensor, tf.Tensor];
      let matrixX = tf.matMul(x, this.kernel!.read());
      let matrixInner = tf.matMul(h, this.recurrentKernel!.read());
      if (this.bias) {
        const [inputBias, recurrentBias] = tf.unstack(this.bias.read());
        matrixX = tf.add(matrixX, inputBias!);
        matrixInner = tf.add(matrixInner, recurrentBias!);
      }
      const [xZ, xR, xH] = tf.split(matrixX, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const [hZ, hR, hH] = tf.split(matrixInner, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const z = this.recurrentActivation.apply(tf.add(xZ, hZ)) as tf.Tensor;
      const r = this.recurrentActivation.apply(tf.add(xR, hR)) as tf.Tensor;
      const candidate = this.activation.apply(tf.add(xH, tf.mul(r, hH))) as tf.Tensor;
      const next = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
      return [next, next];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const serialize = (i: GRUInit): tf.serialization.ConfigDict => ({ className: i.getClassName(), config: i.getConfig() });
    return {
      ...super.getConfig(), units: this.units, activation: this.activationName, recurrentActivation: this.recurrentActivationName,
      useBias: this.useBias, kernelInitializer: serialize(this.initializers.kernel), recurrentInitializer: serialize(this.initializers.recurrent),
      biasInitializer: serialize(this.initializers.bias), dropout: 0, recurrentDropout: 0, resetAfter: true,
    };
  }
}

/** Keras's GRU: tfjs's own cell for resetAfter false, the cell above for true. */
class GRULayer extends tf.RNN {
  static override className = "GRU";

  constructor(args: GRUArgs) {
    const cell = args.resetAfter ? new ResetAfterGRUCell(args) : tf.layers.gruCell({ ...args, resetAfter: false });
    super({ ...args, cell: cell as unknown as tf.RNNLayerArgs["cell"] });
  }
}
tf.serialization.registerClass(GRULayer);

/** A GRU layer; Keras's resetAfter default (true) unless told otherwise. */
function gruLayer(args: GRUArgs): tf.layers.Layer {
  return new GRULayer({ resetAfter: true, ...args });
}`),
};
