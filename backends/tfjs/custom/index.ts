/**
 * graphc's own tfjs layers (Keras layers tfjs lacks), registered with tfjs's serialization map
 * when this module loads. Loaded only where a model is built or a saved one is read. The
 * TypeScript backend embeds these files in generated models (scripts/gen-transformer-layers.ts).
 */
export { MultiHeadAttention, multiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention.js';
export { Take, take, type TakeArgs } from './take.js';
export { ClassToken, classToken, type ClassTokenArgs } from './class-token.js';
export { PositionEmbedding, positionEmbedding, type PositionEmbeddingArgs } from './position-embedding.js';
export { LayerScale, layerScale, type LayerScaleArgs } from './layer-scale.js';
export { GeluNewAlias } from './gelu-new-alias.js';
