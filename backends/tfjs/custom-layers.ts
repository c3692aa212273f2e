/**
 * Layers Keras has and TensorFlow.js 4.22 lacks, written as tfjs layers and registered under
 * Keras's class names so that a saved `model.json` loads back through `tf.loadLayersModel` (and
 * reads as Keras's config: `ZeroPadding1D`, `Normalization`, and the global poolings with
 * `keepdims: true`). Built on the tfjs instance the caller loaded, once per instance.
 */
import type * as TfModule from '@tensorflow/tfjs';

type Tf = typeof TfModule;
type Layer = TfModule.layers.Layer;
type Tensor = TfModule.Tensor;
type Config = TfModule.serialization.ConfigDict;
type Shape = (number | null)[];
type Initializer = ReturnType<Tf['initializers']['zeros']>;

/** The constructors of the custom layers, each taking Keras's config (snake_case keys). */
export interface CustomLayers {
  readonly ZeroPadding1D: new (config: { name: string; trainable: boolean; padding: [number, number] }) => Layer;
  readonly Normalization: new (config: { name: string; trainable: boolean; axis: number; mean?: number | number[] | null; variance?: number | number[] | null; invert?: boolean }) => Layer;
  readonly GroupNormalization: new (config: { name: string; trainable: boolean; groups: number; epsilon: number; center: boolean; scale: boolean; betaInitializer: Initializer; gammaInitializer: Initializer }) => Layer;
  /** UpSampling2D whose bilinear mode uses half-pixel centres, as Keras (tf.image.resize) does. */
  readonly UpSampling2D: new (config: { name: string; trainable: boolean; size: [number, number]; interpolation: 'nearest' | 'bilinear' }) => Layer;
  /** A global pooling that keeps the pooled axes as size 1 (`keepdims: true`). */
  readonly globalPool: (kind: 'GlobalAveragePooling1D' | 'GlobalAveragePooling2D' | 'GlobalMaxPooling1D' | 'GlobalMaxPooling2D', config: { name: string; trainable: boolean }) => Layer;
}

const made = new WeakMap<Tf, CustomLayers>();

/** Keras's `backend.epsilon()`, the floor of Normalization's standard deviation. */
const EPSILON = 1e-7;

/** The custom layers for one tfjs instance, defined and registered on first use. */
export function customLayers(tf: Tf): CustomLayers {
  const known = made.get(tf);
  if (known) return known;

  class ZeroPadding1D extends tf.layers.Layer {
    static readonly className = 'ZeroPadding1D';
    readonly padding: [number, number];
    constructor(config: { name: string; trainable: boolean; padding: [number, number] }) {
      super(config);
      this.padding = config.padding;
    }
    override computeOutputShape(s: Shape): Shape {
      return [s[0]!, s[1] === null ? null : s[1]! + this.padding[0] + this.padding[1], s[2]!];
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.pad(x, [[0, 0], this.padding, [0, 0]]);
    }
    override getConfig(): Config {
      return { ...super.getConfig(), padding: this.padding };
    }
  }

  class Normalization extends tf.layers.Layer {
    static readonly className = 'Normalization';
    readonly axis: number;
    readonly givenMean: number | number[] | null;
    readonly givenVariance: number | number[] | null;
    readonly invert: boolean;
    private mean: TfModule.LayerVariable | null = null;
    private variance: TfModule.LayerVariable | null = null;
    constructor(config: { name: string; trainable: boolean; axis: number; mean?: number | number[] | null; variance?: number | number[] | null; invert?: boolean }) {
      super(config);
      this.axis = config.axis;
      this.givenMean = config.mean ?? null;
      this.givenVariance = config.variance ?? null;
      this.invert = config.invert ?? false;
    }
    override build(shape: Shape | Shape[]): void {
      const s = (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
      if (this.givenMean === null) {
        const c = s[this.axis < 0 ? s.length + this.axis : this.axis] ?? 1;
        // Keras's weights and order: mean, variance, then the adapt `count` (Keras keeps it int64).
        this.mean = this.addWeight('mean', [c], 'float32', tf.initializers.zeros(), undefined, false);
        this.variance = this.addWeight('variance', [c], 'float32', tf.initializers.ones(), undefined, false);
        this.addWeight('count', [], 'float32', tf.initializers.zeros(), undefined, false);
      }
      this.built = true;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        const axis = this.axis < 0 ? x.rank + this.axis : this.axis;
        const broadcast = x.shape.map((d, i) => (i === axis ? -1 : 1));
        const mean = (this.mean ? this.mean.read() : tf.tensor(this.givenMean!)).reshape(broadcast);
        const variance = (this.variance ? this.variance.read() : tf.tensor(this.givenVariance!)).reshape(broadcast);
        const std = tf.maximum(tf.sqrt(variance), EPSILON);
        return this.invert ? tf.add(tf.mul(x, std), mean) : tf.div(tf.sub(x, mean), std);
      });
    }
    override getConfig(): Config {
      return { ...super.getConfig(), axis: this.axis, mean: this.givenMean, variance: this.givenVariance, invert: this.invert };
    }
  }

  /** Keras's GroupNormalization (tfjs has none): per sample, per group of channels. */
  class GroupNormalization extends tf.layers.Layer {
    static readonly className = 'GroupNormalization';
    readonly groups: number;
    readonly epsilon: number;
    readonly center: boolean;
    readonly scale: boolean;
    private readonly inits: { beta: Initializer; gamma: Initializer };
    private gamma: TfModule.LayerVariable | null = null;
    private beta: TfModule.LayerVariable | null = null;
    constructor(config: { name?: string; trainable?: boolean; groups?: number; epsilon?: number; center?: boolean; scale?: boolean; betaInitializer?: Initializer; gammaInitializer?: Initializer }) {
      super(config);
      this.groups = config.groups ?? 32;
      this.epsilon = config.epsilon ?? 1e-3;
      this.center = config.center ?? true;
      this.scale = config.scale ?? true;
      this.inits = { beta: config.betaInitializer ?? tf.initializers.zeros(), gamma: config.gammaInitializer ?? tf.initializers.ones() };
    }
    override build(shape: Shape | Shape[]): void {
      const s = (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
      const c = s[s.length - 1]!;
      // Keras's order: gamma, then beta.
      if (this.scale) this.gamma = this.addWeight('gamma', [c], 'float32', this.inits.gamma);
      if (this.center) this.beta = this.addWeight('beta', [c], 'float32', this.inits.beta);
      this.built = true;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        const c = x.shape[x.rank - 1]!;
        const grouped = x.reshape([x.shape[0]!, -1, this.groups, c / this.groups]);
        const { mean, variance } = tf.moments(grouped, [1, 3], true);
        let y = tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, this.epsilon))).reshape(x.shape);
        if (this.gamma) y = tf.mul(y, this.gamma.read());
        if (this.beta) y = tf.add(y, this.beta.read());
        return y;
      });
    }
    override getConfig(): Config {
      return { ...super.getConfig(), groups: this.groups, axis: -1, epsilon: this.epsilon, center: this.center, scale: this.scale };
    }
  }

  // tfjs 4.22's UpSampling2D calls resizeBilinear with halfPixelCenters false (TF1's corner
  // alignment); Keras 3 resizes with half-pixel centres, and so must graphc to match Keras and
  // ONNX's `half_pixel` Resize. Registered in place of tfjs's class; `nearest` is the same in both.
  class UpSampling2D extends tf.layers.Layer {
    static readonly className = 'UpSampling2D';
    readonly size: [number, number];
    readonly interpolation: 'nearest' | 'bilinear';
    constructor(config: { name?: string; trainable?: boolean; size?: [number, number]; interpolation?: 'nearest' | 'bilinear' }) {
      super(config);
      this.size = config.size ?? [2, 2];
      this.interpolation = config.interpolation ?? 'nearest';
    }
    override computeOutputShape(s: Shape): Shape {
      return [s[0]!, s[1] === null ? null : s[1]! * this.size[0], s[2] === null ? null : s[2]! * this.size[1], s[3]!];
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as TfModule.Tensor4D;
      const size: [number, number] = [x.shape[1] * this.size[0], x.shape[2] * this.size[1]];
      return this.interpolation === 'bilinear' ? tf.image.resizeBilinear(x, size, false, true) : tf.image.resizeNearestNeighbor(x, size);
    }
    override getConfig(): Config {
      return { ...super.getConfig(), size: this.size, interpolation: this.interpolation, data_format: 'channels_last' };
    }
  }

  /**
   * Registered under Keras's class name in place of tfjs's own, so that a saved config with
   * `keepdims: true` loads; without it the layer and its config are tfjs's exactly.
   */
  const pooled = (className: string, reduce: 'mean' | 'max', rank: number) => class extends tf.layers.Layer {
    static readonly className = className;
    readonly keepdims: boolean;
    constructor(config: { name?: string; trainable?: boolean; keepdims?: boolean }) {
      super(config);
      this.keepdims = config.keepdims === true;
    }
    override computeOutputShape(s: Shape): Shape {
      const c = s[s.length - 1]!;
      if (!this.keepdims) return [s[0]!, c];
      return rank === 3 ? [s[0]!, 1, c] : [s[0]!, 1, 1, c];
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axes = rank === 3 ? [1] : [1, 2];
      return reduce === 'mean' ? tf.mean(x, axes, this.keepdims) : tf.max(x, axes, this.keepdims);
    }
    override getConfig(): Config {
      return { ...super.getConfig(), data_format: 'channels_last', ...(this.keepdims ? { keepdims: true } : {}) };
    }
  };
  const pools = {
    GlobalAveragePooling1D: pooled('GlobalAveragePooling1D', 'mean', 3),
    GlobalAveragePooling2D: pooled('GlobalAveragePooling2D', 'mean', 4),
    GlobalMaxPooling1D: pooled('GlobalMaxPooling1D', 'max', 3),
    GlobalMaxPooling2D: pooled('GlobalMaxPooling2D', 'max', 4),
  };
  for (const c of [ZeroPadding1D, Normalization, GroupNormalization, UpSampling2D, ...Object.values(pools)]) tf.serialization.registerClass(c);
  const layers: CustomLayers = {
    ZeroPadding1D,
    Normalization,
    GroupNormalization,
    UpSampling2D,
    globalPool: (kind, config) => new pools[kind]({ ...config, keepdims: true }),
  };
  made.set(tf, layers);
  return layers;
}
