/**
 * The Keras layers tfjs lacks, as the generated module defines them for itself: the same classes
 * as graphc's tfjs backend (`backends/tfjs/custom-layers.ts`: same class names, configs and
 * weights, so the generated code builds the identical model and its saved `model.json` loads
 * through graphc), with a factory function in the style of `tf.layers.*`. Fixed text written by
 * graphc, emitted only when the model uses the op.
 */
import { helper, type RuntimeHelper } from './runtime-checks.js';

/** The factory function the generated code calls for each custom op. */
export const CUSTOM_FACTORIES: { readonly [op: string]: string } = {
  ZeroPadding1D: 'zeroPadding1d',
  Normalization: 'normalization',
};

/** Names each helper declares besides its own (the classes), reserved in the module's namer. */
export const CUSTOM_CLASSES: { readonly [helper: string]: readonly string[] } = {
  zeroPadding1d: ['ZeroPadding1D'],
  normalization: ['Normalization'],
};

/** The helpers, keyed by factory name. */
export const CUSTOM_LAYERS: { readonly [name: string]: RuntimeHelper } = {
  zeroPadding1d: helper([], String.raw`
/** Keras's ZeroPadding1D, which tfjs lacks: zeros before and after the steps. */
class ZeroPadding1D extends tf.layers.Layer {
  static readonly className = "ZeroPadding1D";
  readonly padding: [number, number];

  constructor(args: { name?: string; trainable?: boolean; padding?: number | [number, number] }) {
    super(args);
    const p = args.padding ?? 1;
    this.padding = typeof p === "number" ? [p, p] : p;
  }

  override computeOutputShape(s: (number | null)[]): (number | null)[] {
    return [s[0]!, s[1] === null ? null : s[1]! + this.padding[0] + this.padding[1], s[2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.pad(x, [[0, 0], this.padding, [0, 0]]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}
tf.serialization.registerClass(ZeroPadding1D);

/** A ZeroPadding1D layer (Keras's arguments). */
function zeroPadding1d(args: { name?: string; trainable?: boolean; padding?: number | [number, number] }): tf.layers.Layer {
  return new ZeroPadding1D(args);
}`),
  normalization: helper([], String.raw`
/**
 * Keras's Normalization, which tfjs lacks: (x - mean) / max(sqrt(variance), 1e-7) along one
 * axis. Given mean and variance are constants of the config; otherwise the layer owns them as
 * non-trainable weights with Keras's adapt count (set them by loading weights).
 */
class Normalization extends tf.layers.Layer {
  static readonly className = "Normalization";
  readonly axis: number;
  readonly givenMean: number | number[] | null;
  readonly givenVariance: number | number[] | null;
  readonly invert: boolean;
  private mean: tf.LayerVariable | null = null;
  private variance: tf.LayerVariable | null = null;

  constructor(args: { name?: string; trainable?: boolean; axis?: number; mean?: number | number[] | null; variance?: number | number[] | null; invert?: boolean }) {
    super(args);
    this.axis = args.axis ?? -1;
    this.givenMean = args.mean ?? null;
    this.givenVariance = args.variance ?? null;
    this.invert = args.invert ?? false;
  }

  override build(shape: (number | null)[] | (number | null)[][]): void {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
    if (this.givenMean === null) {
      const c = s[this.axis < 0 ? s.length + this.axis : this.axis] ?? 1;
      this.mean = this.addWeight("mean", [c], "float32", tf.initializers.zeros(), undefined, false);
      this.variance = this.addWeight("variance", [c], "float32", tf.initializers.ones(), undefined, false);
      this.addWeight("count", [], "float32", tf.initializers.zeros(), undefined, false);
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axis = this.axis < 0 ? x.rank + this.axis : this.axis;
      const broadcast = x.shape.map((_, i) => (i === axis ? -1 : 1));
      const mean = (this.mean ? this.mean.read() : tf.tensor(this.givenMean!)).reshape(broadcast);
      const variance = (this.variance ? this.variance.read() : tf.tensor(this.givenVariance!)).reshape(broadcast);
      const std = tf.maximum(tf.sqrt(variance), 1e-7);
      return this.invert ? tf.add(tf.mul(x, std), mean) : tf.div(tf.sub(x, mean), std);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, mean: this.givenMean, variance: this.givenVariance, invert: this.invert };
  }
}
tf.serialization.registerClass(Normalization);

/** A Normalization layer (Keras's arguments). */
function normalization(args: { name?: string; trainable?: boolean; axis?: number; mean?: number | number[] | null; variance?: number | number[] | null; invert?: boolean }): tf.layers.Layer {
  return new Normalization(args);
}`),
};
