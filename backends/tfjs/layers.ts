/**
 * How each op kind becomes a `tf.layers.*` layer: the Keras attributes of the IR (snake_case)
 * become tfjs's camelCase arguments. One rule per Keras class; every layer gets its IR name, so
 * tfjs's global name counters never reach the model.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { GraphNode, Shape, Value } from '../../compiler/ir.js';
import { TargetError } from '../target.js';
import { customLayers as resampleLayers } from './custom-layers.js';
import { customLayers } from './custom/register.js';

type Tf = typeof TfModule;
type Layer = TfModule.layers.Layer;
type Initializer = ReturnType<Tf['initializers']['zeros']>;

/** How initializers are built: as the YAML says, or all zeros when weights are loaded afterwards. */
export type InitMode = 'yaml' | 'zeros';

/** Keras activation names to tfjs's identifiers. */
const ACTIVATIONS: Readonly<Record<string, string>> = {
  linear: 'linear', relu: 'relu', relu6: 'relu6', sigmoid: 'sigmoid', hard_sigmoid: 'hardSigmoid', tanh: 'tanh',
  softmax: 'softmax', swish: 'swish', elu: 'elu', selu: 'selu', softplus: 'softplus', softsign: 'softsign', gelu: 'gelu',
  // tfjs's `gelu` is the exact (erf) form; `gelu_new` is the tanh approximation.
  gelu_approximate: 'gelu_new',
};

function activation(node: GraphNode, key = 'activation'): string {
  const name = String(node.attrs[key] ?? 'linear');
  const id = ACTIVATIONS[name];
  if (!id) throw new TargetError('tfjs', `activation \`${name}\` of layer \`${node.name}\` is not available in TensorFlow.js`);
  return id;
}

/** A tfjs initializer from a normalized `{class_name, config}`. */
export function initializer(tf: Tf, value: Value | undefined, mode: InitMode): Initializer {
  if (mode === 'zeros') return tf.initializers.zeros();
  const v = value as { class_name: string; config: Record<string, Value> };
  const c = v.config;
  const seed = typeof c['seed'] === 'number' ? c['seed'] : undefined;
  switch (v.class_name) {
    case 'GlorotUniform': return tf.initializers.glorotUniform({ seed });
    case 'GlorotNormal': return tf.initializers.glorotNormal({ seed });
    case 'HeUniform': return tf.initializers.heUniform({ seed });
    case 'HeNormal': return tf.initializers.heNormal({ seed });
    case 'LeCunUniform': return tf.initializers.leCunUniform({ seed });
    case 'LeCunNormal': return tf.initializers.leCunNormal({ seed });
    case 'Zeros': return tf.initializers.zeros();
    case 'Ones': return tf.initializers.ones();
    case 'Constant': return tf.initializers.constant({ value: Number(c['value'] ?? 0) });
    case 'RandomNormal': return tf.initializers.randomNormal({ mean: Number(c['mean'] ?? 0), stddev: Number(c['stddev'] ?? 0.05), seed });
    case 'RandomUniform': return tf.initializers.randomUniform({ minval: Number(c['minval'] ?? -0.05), maxval: Number(c['maxval'] ?? 0.05), seed });
    case 'TruncatedNormal': return tf.initializers.truncatedNormal({ mean: Number(c['mean'] ?? 0), stddev: Number(c['stddev'] ?? 0.05), seed });
    case 'Orthogonal': return tf.initializers.orthogonal({ gain: Number(c['gain'] ?? 1), seed });
    case 'VarianceScaling':
      return tf.initializers.varianceScaling({
        scale: Number(c['scale'] ?? 1),
        mode: (c['mode'] ?? 'fanIn') === 'fan_out' ? 'fanOut' : c['mode'] === 'fan_avg' ? 'fanAvg' : 'fanIn',
        distribution: c['distribution'] === 'uniform' ? 'uniform' : 'normal',
        seed,
      });
    default:
      throw new TargetError('tfjs', `initializer ${v.class_name} is not available in TensorFlow.js`);
  }
}

/** What a rule gets. */
export interface LayerContext {
  readonly tf: Tf;
  readonly node: GraphNode;
  readonly init: (key: string) => Initializer;
  /** The inferred shapes of the layer's inputs, in order. */
  readonly inputShapes: readonly (Shape | null)[];
}

const pair = (v: Value | undefined): [number, number] => v as [number, number];
const base = (node: GraphNode): { name: string; trainable: boolean } => ({ name: node.name, trainable: node.attrs['trainable'] !== false });

/** How one op kind becomes a layer. */
export type LayerRule = (c: LayerContext) => Layer;

/** Layer factories by Keras class name (Input is handled by the model builder). */
export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  ZeroPadding2D: ({ tf, node }) => tf.layers.zeroPadding2d({ ...base(node), padding: node.attrs['padding'] as [[number, number], [number, number]] }),
  Conv2D: ({ tf, node, init }) => tf.layers.conv2d({
    ...base(node), filters: node.attrs['filters'] as number, kernelSize: pair(node.attrs['kernel_size']), strides: pair(node.attrs['strides']),
    padding: node.attrs['padding'] as 'valid' | 'same', dilationRate: pair(node.attrs['dilation_rate']), activation: activation(node) as 'relu',
    useBias: node.attrs['use_bias'] as boolean, kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer'),
  }),
  DepthwiseConv2D: ({ tf, node, init }) => tf.layers.depthwiseConv2d({
    ...base(node), kernelSize: pair(node.attrs['kernel_size']), strides: pair(node.attrs['strides']), padding: node.attrs['padding'] as 'valid' | 'same',
    depthMultiplier: node.attrs['depth_multiplier'] as number, dilationRate: pair(node.attrs['dilation_rate']), activation: activation(node) as 'relu',
    useBias: node.attrs['use_bias'] as boolean, depthwiseInitializer: init('depthwise_initializer'), biasInitializer: init('bias_initializer'),
  }),
  SeparableConv2D: ({ tf, node, init }) => tf.layers.separableConv2d({
    ...base(node), filters: node.attrs['filters'] as number, kernelSize: pair(node.attrs['kernel_size']), strides: pair(node.attrs['strides']),
    padding: node.attrs['padding'] as 'valid' | 'same', depthMultiplier: node.attrs['depth_multiplier'] as number, dilationRate: pair(node.attrs['dilation_rate']),
    activation: activation(node) as 'relu', useBias: node.attrs['use_bias'] as boolean, depthwiseInitializer: init('depthwise_initializer'),
    pointwiseInitializer: init('pointwise_initializer'), biasInitializer: init('bias_initializer'),
  }),
  BatchNormalization: ({ tf, node, init }) => tf.layers.batchNormalization({
    ...base(node), axis: node.attrs['axis'] as number, momentum: node.attrs['momentum'] as number, epsilon: node.attrs['epsilon'] as number,
    center: node.attrs['center'] as boolean, scale: node.attrs['scale'] as boolean, betaInitializer: init('beta_initializer'),
    gammaInitializer: init('gamma_initializer'), movingMeanInitializer: init('moving_mean_initializer'), movingVarianceInitializer: init('moving_variance_initializer'),
  }),
  Activation: ({ tf, node }) => tf.layers.activation({ ...base(node), activation: activation(node) as 'relu' }),
  ReLU: ({ tf, node }) => {
    if (node.attrs['negative_slope'] !== 0 || node.attrs['threshold'] !== 0) {
      throw new TargetError('tfjs', `ReLU \`${node.name}\` uses negative_slope or threshold, which TensorFlow.js's ReLU lacks`);
    }
    const max = node.attrs['max_value'];
    return tf.layers.reLU({ ...base(node), ...(typeof max === 'number' ? { maxValue: max } : {}) });
  },
  MaxPooling2D: ({ tf, node }) => tf.layers.maxPooling2d({ ...base(node), poolSize: pair(node.attrs['pool_size']), strides: pair(node.attrs['strides']), padding: node.attrs['padding'] as 'valid' | 'same' }),
  AveragePooling2D: ({ tf, node }) => tf.layers.averagePooling2d({ ...base(node), poolSize: pair(node.attrs['pool_size']), strides: pair(node.attrs['strides']), padding: node.attrs['padding'] as 'valid' | 'same' }),
  GlobalAveragePooling2D: ({ tf, node }) => globalPool(tf, node, 'average'),
  GlobalMaxPooling2D: ({ tf, node }) => globalPool(tf, node, 'max'),
  Flatten: ({ tf, node }) => tf.layers.flatten(base(node)),
  Dense: ({ tf, node, init }) => tf.layers.dense({
    ...base(node), units: node.attrs['units'] as number, activation: activation(node) as 'relu', useBias: node.attrs['use_bias'] as boolean,
    kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer'),
  }),
  Dropout: ({ tf, node }) => tf.layers.dropout({
    ...base(node), rate: node.attrs['rate'] as number, ...seedOf(node),
    // tfjs reads null entries as the input's size, as Keras does, though it types noiseShape number[].
    ...(node.attrs['noise_shape'] ? { noiseShape: node.attrs['noise_shape'] as number[] } : {}),
  }),
  Add: ({ tf, node }) => tf.layers.add(base(node)),
  Multiply: ({ tf, node }) => tf.layers.multiply(base(node)),
  Concatenate: ({ tf, node }) => tf.layers.concatenate({ ...base(node), axis: node.attrs['axis'] as number }),
  // tfjs leaves a -1 dimension unknown (null) where Keras computes it; the inferred shape is the
  // same reshape with every dimension known.
  Reshape: ({ tf, node }) => tf.layers.reshape({ ...base(node), targetShape: (node.shape?.slice(1) as number[] | undefined) ?? (node.attrs['target_shape'] as number[]) }),
  // Wave 2, convolution and resampling (issue 10 part A); custom layers in custom-layers.ts.
  Conv1D: ({ tf, node, init }) => tf.layers.conv1d({
    ...base(node), filters: node.attrs['filters'] as number, kernelSize: node.attrs['kernel_size'] as number, strides: node.attrs['strides'] as number,
    padding: node.attrs['padding'] as 'valid' | 'same' | 'causal', dilationRate: node.attrs['dilation_rate'] as number, activation: activation(node) as 'relu',
    useBias: node.attrs['use_bias'] as boolean, kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer'),
  }),
  Conv2DTranspose: ({ tf, node, init }) => tf.layers.conv2dTranspose({
    ...base(node), filters: node.attrs['filters'] as number, kernelSize: pair(node.attrs['kernel_size']), strides: pair(node.attrs['strides']),
    padding: node.attrs['padding'] as 'valid' | 'same', activation: activation(node) as 'relu',
    useBias: node.attrs['use_bias'] as boolean, kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer'),
  }),
  // Bilinear through graphc's layer: tfjs's own does not use Keras's half-pixel centres.
  UpSampling2D: ({ tf, node }) => node.attrs['interpolation'] === 'bilinear'
    ? new (resampleLayers(tf).UpSampling2D)({ ...base(node), size: pair(node.attrs['size']), interpolation: 'bilinear' })
    : tf.layers.upSampling2d({ ...base(node), size: pair(node.attrs['size']) }),
  Cropping2D: ({ tf, node }) => tf.layers.cropping2D({ ...base(node), cropping: node.attrs['cropping'] as [[number, number], [number, number]] }),
  ZeroPadding1D: ({ tf, node }) => new (resampleLayers(tf).ZeroPadding1D)({ ...base(node), padding: pair(node.attrs['padding']) }),
  MaxPooling1D: ({ tf, node }) => tf.layers.maxPooling1d({ ...base(node), poolSize: node.attrs['pool_size'] as number, strides: node.attrs['strides'] as number, padding: node.attrs['padding'] as 'valid' | 'same' }),
  AveragePooling1D: ({ tf, node }) => tf.layers.averagePooling1d({ ...base(node), poolSize: node.attrs['pool_size'] as number, strides: node.attrs['strides'] as number, padding: node.attrs['padding'] as 'valid' | 'same' }),
  GlobalAveragePooling1D: ({ tf, node }) => globalPool(tf, node, 'average'),
  GlobalMaxPooling1D: ({ tf, node }) => globalPool(tf, node, 'max'),
  Rescaling: ({ tf, node }) => tf.layers.rescaling({ ...base(node), scale: node.attrs['scale'] as number, offset: node.attrs['offset'] as number }),
  GroupNormalization: ({ tf, node, init }) => new (resampleLayers(tf).GroupNormalization)({
    ...base(node), groups: node.attrs['groups'] as number, epsilon: node.attrs['epsilon'] as number, center: node.attrs['center'] as boolean,
    scale: node.attrs['scale'] as boolean, betaInitializer: init('beta_initializer'), gammaInitializer: init('gamma_initializer'),
  }),
  Normalization: ({ tf, node }) => new (resampleLayers(tf).Normalization)({
    ...base(node), axis: node.attrs['axis'] as number, mean: (node.attrs['mean'] ?? null) as number | number[] | null,
    variance: (node.attrs['variance'] ?? null) as number | number[] | null, invert: node.attrs['invert'] === true,
  }),
  // Activations, merges, shape ops and recurrent layers (issue 10 part C).
  LeakyReLU: ({ tf, node }) => tf.layers.leakyReLU({ ...base(node), alpha: node.attrs['negative_slope'] as number }),
  PReLU: ({ tf, node, init }) => tf.layers.prelu({
    ...base(node), alphaInitializer: init('alpha_initializer'), ...(node.attrs['shared_axes'] ? { sharedAxes: node.attrs['shared_axes'] as number[] } : {}),
  }),
  // tfjs 4.22's ELU takes alpha 1 only and its softmax the last axis only: graphc's classes do the rest.
  ELU: ({ tf, node }) => (node.attrs['alpha'] === 1 ? tf.layers.elu(base(node)) : new (customLayers(tf).ELU)({ ...base(node), alpha: node.attrs['alpha'] as number })),
  Softmax: ({ tf, node }) => {
    const rank = node.shape?.length ?? 0;
    const axis = node.attrs['axis'] as number;
    const last = (axis < 0 ? axis + rank : axis) === rank - 1;
    return last ? tf.layers.softmax({ ...base(node), axis }) : new (customLayers(tf).Softmax)({ ...base(node), axis });
  },
  Subtract: ({ tf, node }) => new (customLayers(tf).Subtract)(base(node)),
  Maximum: ({ tf, node }) => tf.layers.maximum(base(node)),
  Minimum: ({ tf, node }) => tf.layers.minimum(base(node)),
  Average: ({ tf, node }) => tf.layers.average(base(node)),
  Dot: ({ tf, node, inputShapes }) => {
    if (node.inputs.length !== 2) throw new TargetError('tfjs', `Dot \`${node.name}\` needs two inputs`);
    return tf.layers.dot({ ...base(node), axes: tfjsDotAxes(node, inputShapes), normalize: node.attrs['normalize'] as boolean });
  },
  Permute: ({ tf, node }) => tf.layers.permute({ ...base(node), dims: node.attrs['dims'] as number[] }),
  RepeatVector: ({ tf, node }) => tf.layers.repeatVector({ ...base(node), n: node.attrs['n'] as number }),
  SpatialDropout2D: ({ tf, node }) => new (customLayers(tf).SpatialDropout2D)({ ...base(node), rate: node.attrs['rate'] as number, ...seedOf(node) }),
  LSTM: ({ tf, node, init }) => tf.layers.lstm({ ...recurrentArgs(node, init), unitForgetBias: node.attrs['unit_forget_bias'] as boolean }),
  GRU: ({ tf, node, init }) => {
    if (node.attrs['reset_after'] === true && (node.attrs['dropout'] !== 0 || node.attrs['recurrent_dropout'] !== 0)) {
      throw new TargetError('tfjs', `GRU \`${node.name}\` has reset_after and dropout; graphc's TensorFlow.js GRU cell for reset_after has no dropout`, 'set reset_after: false, or train without recurrent dropout');
    }
    return new (customLayers(tf).GRU)({ ...recurrentArgs(node, init), resetAfter: node.attrs['reset_after'] as boolean });
  },
};

const seedOf = (node: GraphNode): { seed?: number } => (typeof node.attrs['seed'] === 'number' ? { seed: node.attrs['seed'] } : {});

/**
 * tfjs's Dot normalizes a single negative axis but takes a list as given (its output shape then
 * goes wrong), so lists are passed with non-negative axes.
 */
function tfjsDotAxes(node: GraphNode, inputShapes: LayerContext['inputShapes']): number | [number, number] {
  const axes = node.attrs['axes'] as number | number[];
  if (typeof axes === 'number') return axes;
  return [axes[0]!, axes[1]!].map((a, i) => (a < 0 ? a + (inputShapes[i]?.length ?? 0) : a)) as [number, number];
}

/** The arguments LSTM and GRU share, Keras's names in tfjs spelling. */
function recurrentArgs(node: GraphNode, init: LayerContext['init']): Parameters<Tf['layers']['lstm']>[0] {
  const a = node.attrs;
  return {
    ...base(node), units: a['units'] as number, activation: activation(node) as 'tanh', recurrentActivation: activation(node, 'recurrent_activation') as 'sigmoid',
    useBias: a['use_bias'] as boolean, returnSequences: a['return_sequences'] as boolean, dropout: a['dropout'] as number, recurrentDropout: a['recurrent_dropout'] as number,
    kernelInitializer: init('kernel_initializer'), recurrentInitializer: init('recurrent_initializer'), biasInitializer: init('bias_initializer'),
  };
}

/** tfjs's global pooling, or graphc's custom one (registered under Keras's name) for `keepdims`. */
function globalPool(tf: Tf, node: GraphNode, kind: 'average' | 'max'): Layer {
  const oneD = node.op.endsWith('1D');
  if (node.attrs['keepdims'] === true) return resampleLayers(tf).globalPool(node.op as 'GlobalAveragePooling2D', base(node));
  if (oneD) return kind === 'average' ? tf.layers.globalAveragePooling1d(base(node)) : tf.layers.globalMaxPooling1d(base(node));
  return kind === 'average' ? tf.layers.globalAveragePooling2d(base(node)) : tf.layers.globalMaxPooling2d(base(node));
}
