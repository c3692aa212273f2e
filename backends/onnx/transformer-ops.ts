/**
 * ONNX (opset 17) export of the transformer ops (issue 10 part B). Their tensors are
 * [batch, positions, features] (never NCHW); a 4-D NCHW input is brought back to NHWC first
 * wherever an axis number is Keras's. MultiHeadAttention is MatMul/Reshape/Transpose/Softmax
 * in Keras's order (the query scaled before the scores); LayerNormalization over trailing axes
 * is ONNX's LayerNormalization, over other axes the same arithmetic from ReduceMean.
 */
import { normalizedAxes } from '../../compiler/ops/defs/layer-normalization.js';
import { type OnnxValue, type OpExport, UnsupportedError } from './emitter.js';
import { required, type Rule } from './ops.js';

/** ONNX's TensorProto.INT64, the `to` of a Cast. */
const INT64 = 7;

function layerNorm(x: OpExport): OnnxValue {
  const e = x.emitter;
  const layer = x.node.name;
  const a = x.node.attrs;
  const v = e.nhwc(x.inputs[0]!, layer);
  const shape = v.shape;
  const axes = normalizedAxes(shape, a['axis'] as number | number[]);
  if ('kind' in axes) throw new UnsupportedError(`LayerNormalization \`${layer}\` has an axis outside its input`);
  const dims = axes.map((i) => shape[i]!);
  const size = dims.reduce((p, d) => p * d, 1);
  const gamma = a['scale'] ? required(x, 'gamma').data : new Float32Array(size).fill(1);
  const beta = a['center'] ? required(x, 'beta').data : new Float32Array(size);
  const epsilon = a['epsilon'] as number;
  const trailing = axes.every((ax, i) => ax === shape.length - axes.length + i);
  if (trailing) {
    const inputs = [v.name, e.constant(`${layer}/gamma`, dims, gamma), e.constant(`${layer}/beta`, dims, beta)];
    return { name: e.op('LayerNormalization', layer, inputs, { axis: { int: axes[0]! }, epsilon: { float: epsilon } }), nchw: false, shape };
  }
  // Any other set of axes: (x - mean) / sqrt(var + epsilon) * gamma + beta, gamma broadcast.
  const broadcast = shape.map((d, i) => (i === 0 ? 1 : axes.includes(i) ? d! : 1));
  const reduce = (input: string): string => e.op('ReduceMean', layer, [input], { axes: { ints: [...axes] }, keepdims: { int: 1 } });
  const centered = e.op('Sub', layer, [v.name, reduce(v.name)]);
  const variance = reduce(e.op('Mul', layer, [centered, centered]));
  const std = e.op('Sqrt', layer, [e.op('Add', layer, [variance, e.constant(`${layer}/epsilon`, [], new Float32Array([epsilon]))])]);
  const scaled = e.op('Mul', layer, [e.op('Div', layer, [centered, std]), e.constant(`${layer}/gamma`, broadcast, gamma)]);
  return { name: e.op('Add', layer, [scaled, e.constant(`${layer}/beta`, broadcast, beta)]), nchw: false, shape };
}

/** A projection kernel [in..., out...] as a [rows, units] MatMul plus its bias. */
function project(x: OpExport, input: string, weight: string, inAxes: number): string {
  const e = x.emitter;
  const layer = x.node.name;
  const k = required(x, `${weight}/kernel`);
  const rows = k.shape.slice(0, inAxes).reduce((p, d) => p * d, 1);
  const units = k.data.length / rows;
  let out = e.op('MatMul', layer, [input, e.constant(`${layer}/${weight}/kernel`, [rows, units], k.data)]);
  if (x.node.attrs['use_bias']) out = e.op('Add', layer, [out, e.constant(`${layer}/${weight}/bias`, [units], required(x, `${weight}/bias`).data)]);
  return out;
}

function attention(x: OpExport): OnnxValue {
  const e = x.emitter;
  const layer = x.node.name;
  const a = x.node.attrs;
  const [query, value] = [x.inputs[0]!, x.inputs[1]!];
  const key = x.inputs[2] ?? value;
  if (query.shape.length !== 3) throw new UnsupportedError(`MultiHeadAttention \`${layer}\` has rank-${query.shape.length} inputs; the export takes [batch, positions, features]`);
  const heads = a['num_heads'] as number;
  const keyDim = a['key_dim'] as number;
  const valueDim = typeof a['value_dim'] === 'number' ? a['value_dim'] : keyDim;
  // [batch, positions, heads·dim] → [batch, heads, positions, dim] (perm) or [batch, heads, dim, positions].
  const split = (v: string, dim: number, perm: number[]): string =>
    e.op('Transpose', layer, [e.op('Reshape', layer, [v, e.int64(`${layer}/heads_shape`, [0, -1, heads, dim])])], { perm: { ints: perm } });
  const q = split(project(x, query.name, 'query', 1), keyDim, [0, 2, 1, 3]);
  const scaledQ = e.op('Mul', layer, [q, e.constant(`${layer}/scale`, [], new Float32Array([1 / Math.sqrt(keyDim)]))]);
  const kT = split(project(x, key.name, 'key', 1), keyDim, [0, 2, 3, 1]);
  const v = split(project(x, value.name, 'value', 1), valueDim, [0, 2, 1, 3]);
  const scores = e.op('Softmax', layer, [e.op('MatMul', layer, [scaledQ, kT])], { axis: { int: -1 } });
  const mixed = e.op('Transpose', layer, [e.op('MatMul', layer, [scores, v])], { perm: { ints: [0, 2, 1, 3] } });
  const merged = e.op('Reshape', layer, [mixed, e.int64(`${layer}/merge_shape`, [0, -1, heads * valueDim])]);
  return { name: project(x, merged, 'attention_output', 2), nchw: false, shape: x.node.shape! };
}

/** `Shape(x)` with its middle dimension replaced: [batch, size, features]. */
function batchShape(x: OpExport, input: string, size: number, features: number): string {
  const e = x.emitter;
  const layer = x.node.name;
  const batch = e.op('Slice', layer, [e.op('Shape', layer, [input]), e.int64(`${layer}/zero`, [0]), e.int64(`${layer}/one`, [1])]);
  return e.op('Concat', layer, [batch, e.int64(`${layer}/dims`, [size, features])], { axis: { int: 0 } });
}

/** Export rules by Keras class name. */
export const TRANSFORMER_ONNX_RULES: Readonly<Record<string, Rule>> = {
  LayerNormalization: layerNorm,
  Embedding: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const table = required(x, 'embeddings');
    // Keras casts non-integer indices to int32; Cast to int64 covers int32 and float inputs alike.
    const indices = e.op('Cast', layer, [e.nhwc(x.inputs[0]!, layer).name], { to: { int: INT64 } });
    return { name: e.op('Gather', layer, [e.constant(`${layer}/embeddings`, table.shape, table.data), indices], { axis: { int: 0 } }), nchw: false, shape: x.node.shape! };
  },
  MultiHeadAttention: attention,
  Take: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const v = e.nhwc(x.inputs[0]!, layer);
    const given = x.node.attrs['axis'] as number;
    const axis = given < 0 ? v.shape.length + given : given;
    const index = e.int64Scalar(`${layer}/index`, x.node.attrs['indices'] as number);
    return { name: e.op('Gather', layer, [v.name, index], { axis: { int: axis } }), nchw: false, shape: x.node.shape! };
  },
  ClassToken: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const cls = required(x, 'cls');
    const input = x.inputs[0]!;
    const features = cls.shape[2]!;
    const token = e.op('Expand', layer, [e.constant(`${layer}/cls`, cls.shape, cls.data), batchShape(x, input.name, 1, features)]);
    return { name: e.op('Concat', layer, [token, input.name], { axis: { int: 1 } }), nchw: false, shape: x.node.shape! };
  },
  PositionEmbedding: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const table = required(x, 'embeddings');
    const [, positions, features] = x.node.shape! as [null, number | null, number];
    if (positions === null) throw new UnsupportedError(`PositionEmbedding \`${layer}\` needs a known number of positions`);
    // The first `positions` rows, a constant [1, positions, features], broadcast over the batch.
    const rows = e.constant(`${layer}/embeddings`, [1, positions, features], table.data.slice(0, positions * features));
    return { name: e.op('Expand', layer, [rows, batchShape(x, x.inputs[0]!.name, positions, features)]), nchw: false, shape: x.node.shape! };
  },
  LayerScale: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const v = x.inputs[0]!;
    const gamma = required(x, 'gamma');
    // On an NCHW value the channels are axis 1: the scale is [C, 1, 1].
    const dims = v.nchw ? [gamma.shape[0]!, 1, 1] : gamma.shape;
    return { ...v, name: e.op('Mul', layer, [v.name, e.constant(`${layer}/gamma`, dims, gamma.data)]) };
  },
};
