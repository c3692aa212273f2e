/**
 * The look shared by every diagram view: one colour per kind of op (so a CONV2D is the same
 * orange in the overview, the block figures and the layer graph), the short titles the seed's
 * figures use (CONV2D, BatchNorm, ReLU), and the number and shape formats.
 */
import type { Shape } from '../../../compiler/ir.js';
import type { DotAttrs } from '../dot.js';

/** Which way ranks run: top to bottom or left to right (Graphviz `rankdir`). */
export type RankDir = 'TB' | 'LR';

/** The rank directions a user may ask for. */
export const RANK_DIRS: readonly RankDir[] = ['TB', 'LR'];

/** The families of op that get their own colour. */
export type OpFamily = 'conv' | 'norm' | 'activation' | 'pool' | 'merge' | 'dense' | 'recurrent' | 'reshape' | 'io' | 'attention' | 'other';

/** The colour family of every op the diagrams know (the coverage test requires one per op). */
export const FAMILY: Readonly<Record<string, OpFamily>> = {
  Conv2D: 'conv',
  DepthwiseConv2D: 'conv',
  SeparableConv2D: 'conv',
  BatchNormalization: 'norm',
  Activation: 'activation',
  ReLU: 'activation',
  MaxPooling2D: 'pool',
  AveragePooling2D: 'pool',
  GlobalAveragePooling2D: 'pool',
  GlobalMaxPooling2D: 'pool',
  Add: 'merge',
  Concatenate: 'merge',
  Multiply: 'merge',
  Dense: 'dense',
  Flatten: 'reshape',
  Reshape: 'reshape',
  ZeroPadding2D: 'reshape',
  Dropout: 'reshape',
  Input: 'io',
  // Wave 2, convolution and resampling (issue 10 part A).
  Conv1D: 'conv',
  Conv2DTranspose: 'conv',
  UpSampling2D: 'reshape',
  Cropping2D: 'reshape',
  ZeroPadding1D: 'reshape',
  MaxPooling1D: 'pool',
  AveragePooling1D: 'pool',
  GlobalAveragePooling1D: 'pool',
  GlobalMaxPooling1D: 'pool',
  Rescaling: 'norm',
  Normalization: 'norm',
  GroupNormalization: 'norm',
  // Issue 10 part C.
  LeakyReLU: 'activation',
  PReLU: 'activation',
  ELU: 'activation',
  Softmax: 'activation',
  Subtract: 'merge',
  Maximum: 'merge',
  Minimum: 'merge',
  Average: 'merge',
  Dot: 'merge',
  Permute: 'reshape',
  RepeatVector: 'reshape',
  SpatialDropout2D: 'reshape',
  LSTM: 'recurrent',
  GRU: 'recurrent',
  // Transformer layers (issue 10 part B).
  LayerNormalization: 'norm',
  LayerScale: 'norm',
  Embedding: 'dense',
  PositionEmbedding: 'dense',
  ClassToken: 'reshape',
  Take: 'reshape',
  MultiHeadAttention: 'attention',
};

/** Fill and border colours: pale fills so black text stays readable in print and on GitHub. */
export const PALETTE: Readonly<Record<OpFamily, { readonly fill: string; readonly border: string }>> = {
  conv: { fill: '#ffe0b2', border: '#e65100' },
  norm: { fill: '#bbdefb', border: '#1565c0' },
  activation: { fill: '#f8bbd0', border: '#ad1457' },
  pool: { fill: '#c8e6c9', border: '#2e7d32' },
  merge: { fill: '#fff9c4', border: '#9e9d24' },
  dense: { fill: '#d1c4e9', border: '#4527a0' },
  recurrent: { fill: '#b2dfdb', border: '#00695c' },
  reshape: { fill: '#eeeeee', border: '#616161' },
  io: { fill: '#e0e0e0', border: '#424242' },
  attention: { fill: '#b2ebf2', border: '#00838f' },
  other: { fill: '#ffffff', border: '#424242' },
};

/** Colour of secondary text (shapes on edges, layer names under a title). */
export const MUTED = '#555555';
/** Colour of cluster outlines and cluster titles. */
export const CLUSTER_BORDER = '#9e9e9e';

/** The colour family of an op kind; ops graphc does not know yet get a neutral box. */
export function opFamily(op: string): OpFamily {
  return FAMILY[op] ?? 'other';
}

const TITLES: Readonly<Record<string, string>> = {
  Conv2D: 'CONV2D',
  DepthwiseConv2D: 'DepthwiseCONV2D',
  SeparableConv2D: 'SeparableCONV2D',
  BatchNormalization: 'BatchNorm',
  MaxPooling2D: 'MaxPool',
  AveragePooling2D: 'AvgPool',
  GlobalAveragePooling2D: 'GlobalAvgPool',
  GlobalMaxPooling2D: 'GlobalMaxPool',
  ZeroPadding2D: 'ZeroPad',
  Add: 'Add',
  Conv1D: 'CONV1D',
  Conv2DTranspose: 'CONV2D^T',
  UpSampling2D: 'UpSample',
  Cropping2D: 'Crop',
  ZeroPadding1D: 'ZeroPad1D',
  MaxPooling1D: 'MaxPool1D',
  AveragePooling1D: 'AvgPool1D',
  GlobalAveragePooling1D: 'GlobalAvgPool1D',
  GlobalMaxPooling1D: 'GlobalMaxPool1D',
  Normalization: 'Normalize',
  GroupNormalization: 'GroupNorm',
  SpatialDropout2D: 'SpatialDropout',
  LayerNormalization: 'LayerNorm',
  MultiHeadAttention: 'MultiHeadAttention',
  PositionEmbedding: 'PositionEmbedding',
};

/**
 * The short title of a step, in the seed's vocabulary. `Activation` is titled by its function
 * (the seed writes "ReLU", not "Activation('relu')"), when that is known.
 */
export function opTitle(op: string, activation?: string): string {
  if (op === 'ReLU') return 'ReLU';
  if (op === 'Activation' && activation !== undefined) return activationTitle(activation);
  return TITLES[op] ?? op;
}

/** `relu` → `ReLU`, `softmax` → `Softmax`; anything else as written. */
export function activationTitle(name: string): string {
  if (name === 'relu') return 'ReLU';
  if (name === 'relu6') return 'ReLU6';
  return /^[a-z]+$/.test(name) ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

/** Node attributes of a filled, rounded box for one op, in its family's colours. */
export function opBoxAttrs(op: string): DotAttrs {
  const { fill, border } = PALETTE[opFamily(op)];
  return { shape: 'box', style: 'rounded,filled', fillcolor: fill, color: border };
}

/** `23,600,006`, independent of the machine's locale so output is the same everywhere. */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A shape without its batch dimension, `15×15×256`; unknown dimensions as `?`. */
export function formatShape(shape: Shape | null): string | null {
  if (shape === null) return null;
  const dims = shape.slice(1).map((d) => (d === null ? '?' : String(d)));
  return dims.length === 0 ? 'scalar' : dims.join('×');
}

/** `1 param`, `2,048 params`. */
export function formatParams(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'param' : 'params'}`;
}

/** Graph attributes every view starts with: title on top, readable spacing, white page. */
export function baseGraphAttrs(title: string, rankdir: RankDir): DotAttrs {
  return {
    rankdir,
    label: title,
    labelloc: 't',
    fontsize: 16,
    bgcolor: 'white',
    pad: 0.3,
    nodesep: 0.3,
    ranksep: 0.35,
  };
}

const TEMPLATE_FILLS = ['#b2dfdb', '#ffccbc', '#f0f4c3', '#d7ccc8', '#cfd8dc', '#e1bee7'] as const;

/** Fill colour of the `index`-th block template (in order of first use); cycles after six. */
export function templateFill(index: number): string {
  return TEMPLATE_FILLS[((index % TEMPLATE_FILLS.length) + TEMPLATE_FILLS.length) % TEMPLATE_FILLS.length]!;
}
