/**
 * `MultiHeadAttention` with Keras's semantics and weight layout: inputs `[query, value]` or
 * `[query, value, key]` (Keras's `call(query, value, key=None)`), `EinsumDense` projections
 * `query`/`key`/`value` with kernels [dim, heads, key_dim] and biases [heads, key_dim], and
 * `attention_output` with kernel [heads, value_dim, out] and bias [out].
 */
import type { Shape } from '../../ir.js';
import { formatShape } from '../shape-math.js';
import { type OpContext, type OpDef, owned, product, type ShapeProblem } from '../types.js';
import { BIAS_INIT, glorot, USE_BIAS } from './common.js';

/** The sizes of one attention layer, read from its inputs and attributes. */
export interface AttentionDims {
  readonly heads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly queryFeatures: number;
  readonly keyFeatures: number;
  readonly valueFeatures: number;
  readonly out: number;
}

/** The output feature size: `output_shape`, else the query's. */
function outputSize(attrs: OpContext['attrs'], query: Shape): number {
  const o = attrs['output_shape'];
  return typeof o === 'number' ? o : query[query.length - 1] ?? 0;
}

/** The layer's sizes (0 where unknown). */
export function attentionDims({ inputs, attrs }: OpContext): AttentionDims {
  const [query, value] = [inputs[0]!, inputs[1]!];
  const key = inputs[2] ?? value;
  const keyDim = attrs['key_dim'] as number;
  const last = (s: Shape): number => s[s.length - 1] ?? 0;
  return {
    heads: attrs['num_heads'] as number,
    keyDim,
    valueDim: typeof attrs['value_dim'] === 'number' ? attrs['value_dim'] : keyDim,
    queryFeatures: last(query),
    keyFeatures: last(key),
    valueFeatures: last(value),
    out: outputSize(attrs, query),
  };
}

function check(inputs: readonly Shape[], attrs: OpContext['attrs']): ShapeProblem | null {
  const [query, value] = [inputs[0]!, inputs[1]!];
  const key = inputs[2] ?? value;
  if (query.length < 3) return { kind: 'rank', expected: 'at least 3 ([batch, positions..., features])', input: 0 };
  if (value.length !== query.length) return { kind: 'other', detail: `query ${formatShape(query)} and value ${formatShape(value)} must have the same rank` };
  if (key.length !== value.length || key.slice(1, -1).some((d, i) => d !== null && value[i + 1] !== null && d !== value[i + 1])) {
    return { kind: 'merge', first: 1, second: 2, reason: 'key and value must have the same positions' };
  }
  if ([query, key, value].some((s) => s[s.length - 1] === null)) return { kind: 'other', detail: 'the feature (last) axis of query, key and value must be known' };
  const axes = attrs['attention_axes'];
  if (axes !== undefined && axes !== null) {
    const list = typeof axes === 'number' ? [axes] : (axes as number[]);
    const bad = list.find((a) => {
      const n = a < 0 ? query.length + a : a;
      return n <= 0 || n >= query.length - 1;
    });
    if (bad !== undefined) return { kind: 'other', detail: `attention axis ${bad} must be a position axis (between the batch and the features) of rank ${query.length}` };
  }
  return null;
}

/** Keras `MultiHeadAttention`. */
export const MultiHeadAttention: OpDef = {
  name: 'MultiHeadAttention',
  description: 'Multi-head scaled dot-product attention of a query over key/value inputs (`inputs: [query, value]` or `[query, value, key]`), with Keras\'s weights and parameter count.',
  arity: { min: 2, max: 3 },
  weighted: true,
  attrs: {
    num_heads: { type: 'int', min: 1, description: 'Number of attention heads.' },
    key_dim: { type: 'int', min: 1, description: 'Size of each head for query and key.' },
    value_dim: { type: 'int', min: 1, optional: true, description: 'Size of each head for value; defaults to `key_dim`.' },
    dropout: { type: 'number', min: 0, max: 1, default: 0, description: 'Dropout rate of the attention probabilities (training only).' },
    use_bias: USE_BIAS,
    output_shape: { type: 'int', min: 1, optional: true, description: 'Feature size of the output; defaults to the query\'s feature size.' },
    attention_axes: { type: 'axis', optional: true, description: 'Axes attention is applied over; defaults to every axis between the batch and the features.' },
    kernel_initializer: glorot('Initializer of the projection kernels.'),
    bias_initializer: BIAS_INIT,
  },
  inferShape({ inputs, attrs }) {
    const problem = check(inputs, attrs);
    if (problem) return { problem };
    const query = inputs[0]!;
    return { shape: [...query.slice(0, -1), outputSize(attrs, query)] };
  },
  countParams(ctx) {
    const d = attentionDims(ctx);
    const bias = ctx.attrs['use_bias'] === true;
    const qk = d.heads * d.keyDim;
    const v = d.heads * d.valueDim;
    const kernels = d.queryFeatures * qk + d.keyFeatures * qk + d.valueFeatures * v + v * d.out;
    return owned(ctx.attrs, kernels + (bias ? 2 * qk + v + d.out : 0));
  },
  countMacs(ctx) {
    const d = attentionDims(ctx);
    const t = product(ctx.inputs[0]!.slice(1, -1)) ?? 1;
    const s = product(ctx.inputs[1]!.slice(1, -1)) ?? 1;
    const projections = t * d.queryFeatures * d.heads * d.keyDim + s * (d.keyFeatures * d.heads * d.keyDim + d.valueFeatures * d.heads * d.valueDim);
    return projections + t * s * d.heads * (d.keyDim + d.valueDim) + t * d.heads * d.valueDim * d.out;
  },
};
