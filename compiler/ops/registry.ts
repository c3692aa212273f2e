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
// Wave 2, convolution and resampling (issue 10 part A).
import { AveragePooling1D } from './defs/average-pooling1d.js';
import { Conv1D } from './defs/conv1d.js';
import { Conv2DTranspose } from './defs/conv2d-transpose.js';
import { Cropping2D } from './defs/cropping2d.js';
import { GlobalAveragePooling1D } from './defs/global-average-pooling1d.js';
import { GlobalMaxPooling1D } from './defs/global-max-pooling1d.js';
import { MaxPooling1D } from './defs/max-pooling1d.js';
import { GroupNormalization } from './defs/group-normalization.js';
import { Normalization } from './defs/normalization.js';
import { Rescaling } from './defs/rescaling.js';
import { UpSampling2D } from './defs/up-sampling2d.js';
import { ZeroPadding1D } from './defs/zero-padding1d.js';
// Activations, merges, shape ops and recurrent layers (issue 10 part C).
import { Average } from './defs/average.js';
import { Dot } from './defs/dot.js';
import { ELU } from './defs/elu.js';
import { GRU } from './defs/gru.js';
import { LeakyReLU } from './defs/leaky-relu.js';
import { LSTM } from './defs/lstm.js';
import { Maximum } from './defs/maximum.js';
import { Minimum } from './defs/minimum.js';
import { Permute } from './defs/permute.js';
import { PReLU } from './defs/prelu.js';
import { RepeatVector } from './defs/repeat-vector.js';
import { Softmax } from './defs/softmax.js';
import { SpatialDropout2D } from './defs/spatial-dropout2d.js';
import { Subtract } from './defs/subtract.js';
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
  // Wave 2, convolution and resampling (issue 10 part A).
  Conv1D, Conv2DTranspose, UpSampling2D, Cropping2D, ZeroPadding1D, MaxPooling1D, AveragePooling1D,
  GlobalAveragePooling1D, GlobalMaxPooling1D, Rescaling, Normalization, GroupNormalization,
  // Issue 10 part C.
  LeakyReLU, PReLU, ELU, Softmax, Subtract, Maximum, Minimum, Average, Dot, Permute, RepeatVector, SpatialDropout2D, LSTM, GRU,
  // Transformer layers (issue 10 part B).
  LayerNormalization, Embedding, MultiHeadAttention, Take, ClassToken, PositionEmbedding, LayerScale,
];

/** Every op kind by its Keras class name. */
export const OPS: ReadonlyMap<string, OpDef> = new Map(ALL.map((op) => [op.name, op]));

/** The op definition for a class name, or undefined. */
export function getOp(name: string): OpDef | undefined {
  return OPS.get(name);
}

const SNAKE_CASES = new Map<string, string>();

/**
 * Keras's `to_snake_case` of a class name, the prefix of default layer names:
 * `ZeroPadding2D` → `zero_padding2d`, `ReLU` → `re_lu`.
 */
export function snakeCase(className: string): string {
  let snake = SNAKE_CASES.get(className);
  if (snake === undefined) {
    const first = className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
    snake = first.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    // Class names are the registry's few dozen: remembered once each.
    if (SNAKE_CASES.size < 1024) SNAKE_CASES.set(className, snake);
  }
  return snake;
}
