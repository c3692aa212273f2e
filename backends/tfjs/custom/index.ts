/**
 * graphc's own tfjs layers (Keras layers tfjs lacks), registered with tfjs's serialization map
 * when this module loads. Loaded only where a model is built or a saved one is read.
 */
export { MultiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention.js';
export { Take, type TakeArgs } from './take.js';
export { ClassToken, LayerScale, PositionEmbedding, type ClassTokenArgs, type LayerScaleArgs, type PositionEmbeddingArgs } from './learned-tensors.js';
export { GeluNewAlias } from './gelu-new-alias.js';
