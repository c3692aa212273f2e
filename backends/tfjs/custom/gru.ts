/**
 * Keras's `GRU` with `reset_after=True` (Keras's default since 2.x, the cuDNN form), which
 * TensorFlow.js 4.22 refuses ("GRUCell does not support reset_after"). The class is registered
 * as `GRU`, in place of tfjs's own, so that a model.json with either setting loads back: with
 * `resetAfter: false` it runs tfjs's GRUCell unchanged; with `true`, the cell below, whose math
 * and weight layout are Keras's:
 *
 *   kernel (features, 3·units), recurrent_kernel (units, 3·units), bias (2, 3·units): input and
 *   recurrent bias, gates z, r, h in that order;
 *   z = σ(x·Wz + bz + h·Uz + rz),  r = σ(x·Wr + br + h·Ur + rr),
 *   ĥ = tanh(x·Wh + bh + r ⊙ (h·Uh + rh)),  h' = z ⊙ h + (1 − z) ⊙ ĥ.
 */
import type * as TfModule from '@tensorflow/tfjs';

type Tf = typeof TfModule;
type Tensor = TfModule.Tensor;
type Initializer = ReturnType<Tf['initializers']['zeros']>;
type Layer = TfModule.layers.Layer;
type Config = TfModule.serialization.ConfigDict;

/** The arguments of `tf.layers.gru`, plus Keras's `resetAfter`. */
export type GruArgs = Parameters<Tf['layers']['gru']>[0] & { resetAfter?: boolean };

/** An initializer given as an object, or as its serialized `{className, config}` (when loading). */
function initializerOf(tf: Tf, v: unknown, fallback: Initializer): Initializer {
  if (v === undefined || v === null) return fallback;
  if (typeof (v as Initializer).apply === 'function') return v as Initializer;
  const { className, config } = v as { className: string; config?: Config };
  const factory = (tf.initializers as unknown as Record<string, (c: Config) => Initializer>)[className.charAt(0).toLowerCase() + className.slice(1)];
  if (!factory) throw new Error(`GRU: unknown initializer ${className}`);
  return factory(config ?? {});
}

const serialize = (i: Initializer): Config => ({ className: i.getClassName(), config: i.getConfig() });

/** The GRU class for this tfjs instance. */
export function gruClass(tf: Tf): new (args: GruArgs) => Layer {
  class ResetAfterGRUCell extends tf.layers.Layer {
    static className = 'GRUCell';
    readonly stateSize: number;
    readonly units: number;
    readonly useBias: boolean;
    private readonly activation: Layer;
    private readonly recurrentActivation: Layer;
    private readonly activationName: string;
    private readonly recurrentActivationName: string;
    private readonly kernelInitializer: Initializer;
    private readonly recurrentInitializer: Initializer;
    private readonly biasInitializer: Initializer;
    private kernel!: TfModule.LayerVariable;
    private recurrentKernel!: TfModule.LayerVariable;
    private bias: TfModule.LayerVariable | null = null;

    constructor(args: GruArgs) {
      super(args);
      if ((args.dropout ?? 0) > 0 || (args.recurrentDropout ?? 0) > 0) {
        throw new Error('GRU with resetAfter: dropout and recurrentDropout are not implemented in graphc\'s TensorFlow.js cell');
      }
      this.units = args.units;
      this.stateSize = args.units;
      this.useBias = args.useBias ?? true;
      this.activationName = String(args.activation ?? 'tanh');
      this.recurrentActivationName = String(args.recurrentActivation ?? 'sigmoid');
      this.activation = tf.layers.activation({ activation: this.activationName as 'tanh' });
      this.recurrentActivation = tf.layers.activation({ activation: this.recurrentActivationName as 'sigmoid' });
      this.kernelInitializer = initializerOf(tf, args.kernelInitializer, tf.initializers.glorotUniform({}));
      this.recurrentInitializer = initializerOf(tf, args.recurrentInitializer, tf.initializers.orthogonal({}));
      this.biasInitializer = initializerOf(tf, args.biasInitializer, tf.initializers.zeros());
    }

    override build(inputShape: TfModule.Shape | TfModule.Shape[]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfModule.Shape;
      const features = shape[shape.length - 1]!;
      this.kernel = this.addWeight('kernel', [features, 3 * this.units], 'float32', this.kernelInitializer);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, 3 * this.units], 'float32', this.recurrentInitializer);
      if (this.useBias) this.bias = this.addWeight('bias', [2, 3 * this.units], 'float32', this.biasInitializer);
      this.built = true;
    }

    override call(inputs: Tensor | Tensor[]): Tensor[] {
      return tf.tidy(() => {
        const [x, h] = inputs as [Tensor, Tensor];
        let matrixX = tf.matMul(x, this.kernel.read());
        let matrixInner = tf.matMul(h, this.recurrentKernel.read());
        if (this.bias) {
          const [inputBias, recurrentBias] = tf.unstack(this.bias.read());
          matrixX = tf.add(matrixX, inputBias!);
          matrixInner = tf.add(matrixInner, recurrentBias!);
        }
        const [xZ, xR, xH] = tf.split(matrixX, 3, -1) as [Tensor, Tensor, Tensor];
        const [hZ, hR, hH] = tf.split(matrixInner, 3, -1) as [Tensor, Tensor, Tensor];
        const z = this.recurrentActivation.apply(tf.add(xZ, hZ)) as Tensor;
        const r = this.recurrentActivation.apply(tf.add(xR, hR)) as Tensor;
        const candidate = this.activation.apply(tf.add(xH, tf.mul(r, hH))) as Tensor;
        const next = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
        return [next, next];
      });
    }

    override getConfig(): Config {
      return {
        ...super.getConfig(),
        units: this.units,
        activation: this.activationName,
        recurrentActivation: this.recurrentActivationName,
        useBias: this.useBias,
        kernelInitializer: serialize(this.kernelInitializer),
        recurrentInitializer: serialize(this.recurrentInitializer),
        biasInitializer: serialize(this.biasInitializer),
        dropout: 0,
        recurrentDropout: 0,
        resetAfter: true,
      };
    }
  }

  class GRU extends tf.RNN {
    static override className = 'GRU';

    constructor(args: GruArgs) {
      const cell = args.resetAfter ? new ResetAfterGRUCell(args) : tf.layers.gruCell({ ...args, resetAfter: false } as Parameters<Tf['layers']['gruCell']>[0]);
      super({ ...args, cell: cell as unknown as TfModule.RNNLayerArgs['cell'] });
    }

    override call(inputs: Tensor | Tensor[], kwargs: { [key: string]: unknown }): Tensor | Tensor[] {
      // As tfjs's own GRU: dropout masks are drawn afresh for every call.
      const cell = this.cell as unknown as { dropoutMask: Tensor | Tensor[] | null; recurrentDropoutMask: Tensor | Tensor[] | null };
      for (const key of ['dropoutMask', 'recurrentDropoutMask'] as const) {
        if (cell[key] != null) {
          tf.dispose(cell[key]!);
          cell[key] = null;
        }
      }
      return super.call(inputs, { mask: kwargs['mask'] ?? null, training: kwargs['training'] ?? null, initialState: kwargs['initialState'] ?? null });
    }

    static override fromConfig<T extends TfModule.serialization.Serializable>(cls: TfModule.serialization.SerializableConstructor<T>, config: Config): T {
      return new cls(config);
    }
  }
  return GRU as unknown as new (args: GruArgs) => Layer;
}
