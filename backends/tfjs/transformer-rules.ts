/**
 * The tfjs layers of the transformer ops (issue 10 part B): LayerNormalization and Embedding
 * are tfjs's own; MultiHeadAttention, Take, ClassToken, PositionEmbedding and LayerScale are
 * graphc's layers in `custom/`, which tfjs lacks.
 */
import { ClassToken, LayerScale, MultiHeadAttention, PositionEmbedding, Take } from './custom/index.js';
import type { LayerRule } from './layers.js';
import { TargetError } from '../target.js';

const base = (node: Parameters<LayerRule>[0]['node']): { name: string; trainable: boolean } => ({ name: node.name, trainable: node.attrs['trainable'] !== false });

/** Rules by Keras class name. */
export const TRANSFORMER_LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  LayerNormalization: ({ tf, node, init }) => tf.layers.layerNormalization({
    ...base(node), axis: node.attrs['axis'] as number | number[], epsilon: node.attrs['epsilon'] as number, center: node.attrs['center'] as boolean,
    scale: node.attrs['scale'] as boolean, betaInitializer: init('beta_initializer'), gammaInitializer: init('gamma_initializer'),
  }),
  Embedding: ({ tf, node, init }) => tf.layers.embedding({
    ...base(node), inputDim: node.attrs['input_dim'] as number, outputDim: node.attrs['output_dim'] as number, embeddingsInitializer: init('embeddings_initializer'),
  }),
  MultiHeadAttention: ({ node, init }) => {
    if (node.shape?.length !== 3) throw new TargetError('tfjs', `MultiHeadAttention \`${node.name}\` has rank-${node.shape?.length ?? '?'} inputs; graphc's tfjs layer takes [batch, positions, features]`);
    const a = node.attrs;
    return new MultiHeadAttention({
      ...base(node), numHeads: a['num_heads'] as number, keyDim: a['key_dim'] as number, valueDim: (a['value_dim'] as number | undefined) ?? null,
      dropout: a['dropout'] as number, useBias: a['use_bias'] as boolean, outputShape: (a['output_shape'] as number | undefined) ?? null,
      attentionAxes: (a['attention_axes'] as number | number[] | undefined) ?? null, kernelInitializer: init('kernel_initializer'), biasInitializer: init('bias_initializer'),
    });
  },
  Take: ({ node }) => new Take({ ...base(node), axis: node.attrs['axis'] as number, indices: node.attrs['indices'] as number }),
  ClassToken: ({ node, init }) => new ClassToken({ ...base(node), initializer: init('initializer') }),
  PositionEmbedding: ({ node, init }) => new PositionEmbedding({ ...base(node), sequenceLength: node.attrs['sequence_length'] as number, initializer: init('initializer') }),
  LayerScale: ({ node }) => new LayerScale({ ...base(node), initValues: node.attrs['init_values'] as number, projectionDim: node.attrs['projection_dim'] as number }),
};
