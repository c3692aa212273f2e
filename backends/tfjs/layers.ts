/**
 * How each op kind becomes a `tf.layers.*` layer: the Keras attributes of the IR (snake_case)
 * become tfjs's camelCase arguments. One rule per Keras class; every layer gets its IR name, so
 * tfjs's global name counters never reach the model.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { GraphNode, Value } from '../../compiler/ir.js';
import { TargetError } from '../target.js';

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
  Dropout: ({ tf, node }) => tf.layers.dropout({ ...base(node), rate: node.attrs['rate'] as number, ...(typeof node.attrs['seed'] === 'number' ? { seed: node.attrs['seed'] } : {}) }),
  Add: ({ tf, node }) => tf.layers.add(base(node)),
  Multiply: ({ tf, node }) => tf.layers.multiply(base(node)),
  Concatenate: ({ tf, node }) => tf.layers.concatenate({ ...base(node), axis: node.attrs['axis'] as number }),
  // tfjs leaves a -1 dimension unknown (null) where Keras computes it; the inferred shape is the
  // same reshape with every dimension known.
  Reshape: ({ tf, node }) => tf.layers.reshape({ ...base(node), targetShape: (node.shape?.slice(1) as number[] | undefined) ?? (node.attrs['target_shape'] as number[]) }),
};

function globalPool(tf: Tf, node: GraphNode, kind: 'average' | 'max'): Layer {
  if (node.attrs['keepdims'] === true) {
    throw new TargetError('tfjs', `${node.op} \`${node.name}\` uses keepdims, which TensorFlow.js 4.22 lacks`, 'follow it with a Reshape instead');
  }
  return kind === 'average' ? tf.layers.globalAveragePooling2d(base(node)) : tf.layers.globalMaxPooling2d(base(node));
}
