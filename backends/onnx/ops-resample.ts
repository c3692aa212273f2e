/**
 * ONNX export rules of the wave-2 convolution, resampling and preprocessing ops (issue 10 part
 * A). 4-D values stay NCHW inside as everywhere in the export; 3-D [batch, steps, channels]
 * values are transposed to ONNX's [batch, channels, steps] around the 1-D window ops only.
 */
import { type OnnxValue, type OpExport, UnsupportedError } from './emitter.js';
import type { OnnxAttribute } from './proto.js';
import { activate, required } from './ops.js';

type Rule = (x: OpExport) => OnnxValue;

/** TensorFlow's `same` pads of one axis: the odd extra at the end. */
function samePad(size: number | null | undefined, kernel: number, stride: number, dilation = 1): [number, number] {
  if (size === null || size === undefined) throw new UnsupportedError('`same` padding needs known dimensions');
  const k = kernel + (kernel - 1) * (dilation - 1);
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Runs a 1-D window op on [N, C, L]: transposes in and out of Keras's [N, L, C]. */
function channelsFirst1d(x: OpExport, body: (ncl: string) => string): OnnxValue {
  const e = x.emitter;
  const layer = x.node.name;
  const ncl = e.op('Transpose', layer, [x.inputs[0]!.name], { perm: { ints: [0, 2, 1] } });
  return { name: e.op('Transpose', layer, [body(ncl)], { perm: { ints: [0, 2, 1] } }), nchw: false, shape: x.node.shape! };
}

function pool1d(op: 'MaxPool' | 'AveragePool'): Rule {
  return (x) => {
    const a = x.node.attrs;
    const k = a['pool_size'] as number;
    const s = a['strides'] as number;
    const pads = a['padding'] === 'same' ? samePad(x.inputs[0]!.shape[1], k, s) : [0, 0];
    const attributes = { kernel_shape: { ints: [k] }, strides: { ints: [s] }, pads: { ints: pads }, ...(op === 'AveragePool' ? { count_include_pad: { int: 0 } } : {}) };
    return channelsFirst1d(x, (ncl) => x.emitter.op(op, x.node.name, [ncl], attributes));
  };
}

function globalPool1d(op: 'ReduceMean' | 'ReduceMax'): Rule {
  return (x) => ({ name: x.emitter.op(op, x.node.name, [x.inputs[0]!.name], { axes: { ints: [1] }, keepdims: { int: x.node.attrs['keepdims'] ? 1 : 0 } }), nchw: false, shape: x.node.shape! });
}

/** Keras `[kh, kw, filters, in]` to ConvTranspose's `[in, filters, kh, kw]`. */
function transposeKernel(shape: readonly number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, co, ci] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++) for (let w = 0; w < kw; w++) for (let o = 0; o < co; o++) for (let i = 0; i < ci; i++) {
    out[((i * co + o) * kh + h) * kw + w] = data[((h * kw + w) * co + o) * ci + i]!;
  }
  return { dims: [ci, co, kh, kw], data: out };
}

/**
 * ConvTranspose pads and output_padding that give Keras's output size: P = s·(in − 1) + k − out
 * is cropped (half at the start, the odd one at the end, as TensorFlow's transposed `same`),
 * and a negative P (Keras's `valid` with k < s, or its output_padding) is added at the end.
 */
export function transposePads(input: number, out: number, kernel: number, stride: number, dilation = 1): { begin: number; end: number; extra: number } {
  const k = kernel + (kernel - 1) * (dilation - 1);
  const p = stride * (input - 1) + k - out;
  if (p < 0) return { begin: 0, end: 0, extra: -p };
  return { begin: Math.floor(p / 2), end: p - Math.floor(p / 2), extra: 0 };
}

/** Export rules by Keras class name. */
export const RESAMPLE_RULES: Readonly<Record<string, Rule>> = {
  Conv1D: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const a = x.node.attrs;
    const k = required(x, 'kernel');
    const [ks, ci, co] = k.shape as [number, number, number];
    const kernel = new Float32Array(k.data.length);
    for (let t = 0; t < ks; t++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) kernel[(o * ci + i) * ks + t] = k.data[(t * ci + i) * co + o]!;
    const s = a['strides'] as number;
    const d = a['dilation_rate'] as number;
    const pads = a['padding'] === 'same' ? samePad(x.inputs[0]!.shape[1], ks, s, d) : a['padding'] === 'causal' ? [(ks - 1) * d, 0] : [0, 0];
    const out = channelsFirst1d(x, (ncl) => {
      const inputs = [ncl, e.constant(`${layer}/kernel`, [co, ci, ks], kernel)];
      if (a['use_bias']) inputs.push(e.constant(`${layer}/bias`, [co], required(x, 'bias').data));
      return e.op('Conv', layer, inputs, { kernel_shape: { ints: [ks] }, strides: { ints: [s] }, dilations: { ints: [d] }, pads: { ints: pads } });
    });
    return activate(x, out, a['activation'] ?? 'linear');
  },
  Conv2DTranspose: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const a = x.node.attrs;
    const k = required(x, 'kernel');
    const kernel = transposeKernel(k.shape, k.data);
    const [kh, kw] = a['kernel_size'] as [number, number];
    const strides = a['strides'] as [number, number];
    const dilation = a['dilation_rate'] as [number, number];
    const input = x.inputs[0]!;
    const shape = x.node.shape!;
    const ph = transposePads(input.shape[1]!, shape[1]!, kh, strides[0], dilation[0]);
    const pw = transposePads(input.shape[2]!, shape[2]!, kw, strides[1], dilation[1]);
    const inputs = [e.nchw(input, layer).name, e.constant(`${layer}/kernel`, kernel.dims, kernel.data)];
    if (a['use_bias']) inputs.push(e.constant(`${layer}/bias`, [kernel.dims[1]!], required(x, 'bias').data));
    const out = e.op('ConvTranspose', layer, inputs, {
      kernel_shape: { ints: [kh, kw] }, strides: { ints: strides }, dilations: { ints: dilation },
      pads: { ints: [ph.begin, pw.begin, ph.end, pw.end] }, output_padding: { ints: [ph.extra, pw.extra] },
    });
    return activate(x, { name: out, nchw: true, shape }, a['activation'] ?? 'linear');
  },
  UpSampling2D: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const [fh, fw] = x.node.attrs['size'] as [number, number];
    const v = e.nchw(x.inputs[0]!, layer);
    const scales = e.constant(`${layer}/scales`, [4], new Float32Array([1, 1, fh, fw]));
    // Nearest: out[i] = in[floor(i / f)]. Bilinear: TensorFlow's half-pixel centres (Keras's
    // tf.image.resize); graphc's tfjs layer resizes the same way (custom-layers.ts).
    const attributes: Record<string, OnnxAttribute> = x.node.attrs['interpolation'] === 'bilinear'
      ? { mode: { string: 'linear' }, coordinate_transformation_mode: { string: 'half_pixel' } }
      : { mode: { string: 'nearest' }, coordinate_transformation_mode: { string: 'asymmetric' }, nearest_mode: { string: 'floor' } };
    return { name: e.op('Resize', layer, [v.name, '', scales], attributes), nchw: true, shape: x.node.shape! };
  },
  Cropping2D: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const v = e.nchw(x.inputs[0]!, layer);
    const [[t, b], [l, r]] = x.node.attrs['cropping'] as [[number, number], [number, number]];
    const [h, w] = [x.inputs[0]!.shape[1]!, x.inputs[0]!.shape[2]!];
    const inputs = [v.name, e.int64(`${layer}/starts`, [t, l]), e.int64(`${layer}/ends`, [h - b, w - r]), e.int64(`${layer}/axes`, [2, 3])];
    return { name: e.op('Slice', layer, inputs), nchw: true, shape: x.node.shape! };
  },
  ZeroPadding1D: (x) => {
    const e = x.emitter;
    const [l, r] = x.node.attrs['padding'] as [number, number];
    const pads = e.int64(`${x.node.name}/pads`, [0, l, 0, 0, r, 0]);
    return { name: e.op('Pad', x.node.name, [x.inputs[0]!.name, pads], { mode: { string: 'constant' } }), nchw: false, shape: x.node.shape! };
  },
  MaxPooling1D: pool1d('MaxPool'),
  AveragePooling1D: pool1d('AveragePool'),
  GlobalAveragePooling1D: globalPool1d('ReduceMean'),
  GlobalMaxPooling1D: globalPool1d('ReduceMax'),
  Rescaling: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const v = x.inputs[0]!;
    const scaled = e.op('Mul', layer, [v.name, e.constant(`${layer}/scale`, [], new Float32Array([x.node.attrs['scale'] as number]))]);
    return { ...v, name: e.op('Add', layer, [scaled, e.constant(`${layer}/offset`, [], new Float32Array([x.node.attrs['offset'] as number]))]) };
  },
  // ONNX's GroupNormalization is opset 18 (graphc writes 17): the same arithmetic from
  // Reshape/ReduceMean, on the NHWC value grouped as [N, positions, groups, C / groups].
  GroupNormalization: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const a = x.node.attrs;
    const shape = x.node.shape!;
    const c = shape[shape.length - 1]!;
    const g = a['groups'] as number;
    const v = e.nhwc(x.inputs[0]!, layer);
    const grouped = e.op('Reshape', layer, [v.name, e.int64(`${layer}/grouped`, [0, -1, g, c / g])]);
    const mean = e.op('ReduceMean', layer, [grouped], { axes: { ints: [1, 3] }, keepdims: { int: 1 } });
    const centred = e.op('Sub', layer, [grouped, mean]);
    const variance = e.op('ReduceMean', layer, [e.op('Mul', layer, [centred, centred])], { axes: { ints: [1, 3] }, keepdims: { int: 1 } });
    const std = e.op('Sqrt', layer, [e.op('Add', layer, [variance, e.constant(`${layer}/epsilon`, [], new Float32Array([a['epsilon'] as number]))])]);
    let out = e.op('Reshape', layer, [e.op('Div', layer, [centred, std]), e.int64(`${layer}/shape`, [0, ...shape.slice(1).map((d) => d ?? -1)])]);
    if (a['scale']) out = e.op('Mul', layer, [out, e.constant(`${layer}/gamma`, [c], required(x, 'gamma').data)]);
    if (a['center']) out = e.op('Add', layer, [out, e.constant(`${layer}/beta`, [c], required(x, 'beta').data)]);
    return { name: out, nchw: false, shape };
  },
  Normalization: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const a = x.node.attrs;
    const shape = x.node.shape!;
    const axis = (a['axis'] as number) < 0 ? shape.length + (a['axis'] as number) : (a['axis'] as number);
    const c = shape[axis]!;
    const values = (key: 'mean' | 'variance'): Float32Array => {
      const given = a[key];
      if (given === undefined) return required(x, key).data;
      const list = Array.isArray(given) ? (given as number[]) : [given as number];
      return Float32Array.from({ length: c }, (_, i) => list.length === 1 ? list[0]! : list[i]!);
    };
    const mean = values('mean');
    const variance = values('variance');
    // Keras: (x − mean) / max(sqrt(variance), 1e-7), broadcast along `axis` of the NHWC value.
    const std = variance.map((v) => Math.max(Math.sqrt(v), 1e-7));
    const dims = shape.map((_, i) => (i === axis ? c : 1)).slice(1);
    const v = e.nhwc(x.inputs[0]!, layer);
    const meanName = e.constant(`${layer}/mean`, dims, mean);
    const out = a['invert']
      ? e.op('Add', layer, [e.op('Mul', layer, [v.name, e.constant(`${layer}/std`, dims, std)]), meanName])
      : e.op('Mul', layer, [e.op('Sub', layer, [v.name, meanName]), e.constant(`${layer}/inv_std`, dims, std.map((s) => 1 / s))]);
    return { name: out, nchw: false, shape };
  },
};
