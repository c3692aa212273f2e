/**
 * The registry of op kinds: the only place that lists them. Adding an op is one file in
 * `defs/` and one line here.
 */
import { Activation } from './defs/activation.js';
import { Add } from './defs/add.js';
import { AveragePooling2D } from './defs/average-pooling2d.js';
import { BatchNormalization } from './defs/batch-normalization.js';
import { Concatenate } from './defs/concatenate.js';
import { Conv2D } from './defs/conv2d.js';
import { Dense } from './defs/dense.js';
import { DepthwiseConv2D } from './defs/depthwise-conv2d.js';
import { Dropout } from './defs/dropout.js';
import { Flatten } from './defs/flatten.js';
import { GlobalAveragePooling2D } from './defs/global-average-pooling2d.js';
import { GlobalMaxPooling2D } from './defs/global-max-pooling2d.js';
import { Input } from './defs/input.js';
import { MaxPooling2D } from './defs/max-pooling2d.js';
import { Multiply } from './defs/multiply.js';
import { ReLU } from './defs/relu.js';
import { Reshape } from './defs/reshape.js';
import { SeparableConv2D } from './defs/separable-conv2d.js';
import { ZeroPadding2D } from './defs/zero-padding2d.js';
// Transformer layers (issue 10 part B).
import { Embedding } from './defs/embedding.js';
import { ClassToken, LayerScale, PositionEmbedding } from './defs/learned-tensors.js';
import { LayerNormalization } from './defs/layer-normalization.js';
import { MultiHeadAttention } from './defs/multi-head-attention.js';
import { Take } from './defs/take.js';
import type { OpDef } from './types.js';

const ALL: readonly OpDef[] = [
  Input, ZeroPadding2D, Conv2D, DepthwiseConv2D, SeparableConv2D, BatchNormalization, Activation, ReLU,
  MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dense, Dropout,
  Add, Concatenate, Multiply, Reshape,
  // Transformer layers (issue 10 part B).
  LayerNormalization, Embedding, MultiHeadAttention, Take, ClassToken, PositionEmbedding, LayerScale,
];

/** Every op kind by its Keras class name. */
export const OPS: ReadonlyMap<string, OpDef> = new Map(ALL.map((op) => [op.name, op]));

/** The op definition for a class name, or undefined. */
export function getOp(name: string): OpDef | undefined {
  return OPS.get(name);
}

/**
 * Keras's `to_snake_case` of a class name, the prefix of default layer names:
 * `ZeroPadding2D` → `zero_padding2d`, `ReLU` → `re_lu`.
 */
export function snakeCase(className: string): string {
  const first = className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  return first.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
