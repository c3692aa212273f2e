/**
 * How each op kind exports to ONNX (opset 17): one rule per Keras class. Weights are converted
 * from Keras layouts (HWIO kernels) to ONNX's (OIHW); 4-D values stay NCHW (see emitter.ts).
 */
import type { Value } from '../../compiler/ir.js';
import { type OnnxValue, type OpExport, samePads, UnsupportedError } from './emitter.js';
import { RESAMPLE_RULES } from './ops-resample.js';
import { mergeRule, SEQ_RULES } from './ops-seq.js';

/** How one op kind exports. */
export type Rule = (x: OpExport) => OnnxValue;

/** HWIO (Keras Conv2D) to OIHW (ONNX Conv). */
function hwioToOihw(shape: readonly number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++) for (let w = 0; w < kw; w++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
    out[((o * ci + i) * kh + h) * kw + w] = data[((h * kw + w) * ci + i) * co + o]!;
  }
  return { dims: [co, ci, kh, kw], data: out };
}

/** Keras depthwise kernel [kh, kw, cin, mult] to a grouped Conv kernel [cin*mult, 1, kh, kw]. */
function depthwiseToOihw(shape: readonly number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, ci, m] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++) for (let w = 0; w < kw; w++) for (let c = 0; c < ci; c++) for (let j = 0; j < m; j++) {
    out[((c * m + j) * kh + h) * kw + w] = data[((h * kw + w) * ci + c) * m + j]!;
  }
  return { dims: [ci * m, 1, kh, kw], data: out };
}

/**
 * GELU in opset 17 arithmetic (Gelu is an opset-20 op): exact `0.5·x·(1 + erf(x/√2))`, or
 * Keras's `approximate=True` form `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
 */
function gelu(x: OpExport, input: string, approximate: boolean): string {
  const e = x.emitter;
  const layer = x.node.name;
  const scalar = (name: string, value: number): string => e.constant(`${layer}/${name}`, [], new Float32Array([value]));
  let inner: string;
  if (approximate) {
    const cube = e.op('Mul', layer, [e.op('Mul', layer, [input, input]), input]);
    const sum = e.op('Add', layer, [input, e.op('Mul', layer, [cube, scalar('gelu_c', 0.044715)])]);
    inner = e.op('Tanh', layer, [e.op('Mul', layer, [sum, scalar('gelu_sqrt_2_over_pi', Math.sqrt(2 / Math.PI))])]);
  } else {
    inner = e.op('Erf', layer, [e.op('Mul', layer, [input, scalar('gelu_inv_sqrt2', Math.SQRT1_2)])]);
  }
  const half = e.op('Mul', layer, [input, scalar('gelu_half', 0.5)]);
  return e.op('Mul', layer, [half, e.op('Add', layer, [inner, scalar('gelu_one', 1)])]);
}

/** Appends the Keras `activation` of a layer as ONNX nodes. */
export function activate(x: OpExport, v: OnnxValue, activation: Value): OnnxValue {
  const e = x.emitter;
  const layer = x.node.name;
  const unary = (op: string, attributes = {}): OnnxValue => ({ ...v, name: e.op(op, layer, [v.name], attributes) });
  switch (activation) {
    case 'linear':
      return v;
    case 'relu':
      return unary('Relu');
    case 'relu6':
      return { ...v, name: e.op('Clip', layer, [v.name, e.constant(`${layer}/zero`, [], new Float32Array([0])), e.constant(`${layer}/six`, [], new Float32Array([6]))]) };
    case 'sigmoid':
      return unary('Sigmoid');
    case 'hard_sigmoid':
      return unary('HardSigmoid', { alpha: { float: 0.2 }, beta: { float: 0.5 } });
    case 'tanh':
      return unary('Tanh');
    case 'softmax':
      // Keras normalizes over the last (channels) axis: axis 1 of an NCHW value.
      return unary('Softmax', { axis: { int: v.nchw ? 1 : -1 } });
    case 'swish':
      return { ...v, name: e.op('Mul', layer, [v.name, e.op('Sigmoid', layer, [v.name])]) };
    case 'elu':
      return unary('Elu', { alpha: { float: 1 } });
    case 'selu':
      return unary('Selu', { alpha: { float: 1.6732632423543772 }, gamma: { float: 1.0507009873554805 } });
    case 'softplus':
      return unary('Softplus');
    case 'softsign':
      return unary('Softsign');
    case 'exponential':
      return unary('Exp');
    case 'gelu':
    case 'gelu_approximate':
      return { ...v, name: gelu(x, v.name, activation === 'gelu_approximate') };
    default:
      throw new UnsupportedError(`activation \`${String(activation)}\` of layer \`${layer}\` has no ONNX export`);
  }
}

function conv(x: OpExport, kernel: { dims: number[]; data: Float32Array }, group: number, withBias: boolean, input: OnnxValue, outChannels: number): OnnxValue {
  const e = x.emitter;
  const a = x.node.attrs;
  const layer = x.node.name;
  const v = e.nchw(input, layer);
  const ks = a['kernel_size'] as number[];
  const strides = (a['strides'] as number[] | undefined) ?? [1, 1];
  const dilation = (a['dilation_rate'] as number[] | undefined) ?? [1, 1];
  const pads = a['padding'] === 'same' ? samePads(input.shape, ks, strides, dilation) : [0, 0, 0, 0];
  const inputs = [v.name, e.constant(`${layer}/kernel`, kernel.dims, kernel.data)];
  if (withBias) inputs.push(e.constant(`${layer}/bias`, [outChannels], x.weight('bias')!.data));
  const out = e.op('Conv', layer, inputs, { kernel_shape: { ints: ks }, strides: { ints: strides }, dilations: { ints: dilation }, pads: { ints: pads }, group: { int: group } });
  return { name: out, nchw: true, shape: x.node.shape! };
}

/** A weight the rule cannot do without; its absence is an export failure, not a crash. */
export const required = (x: OpExport, name: string): { shape: readonly number[]; data: Float32Array } => {
  const w = x.weight(name);
  if (!w) throw new UnsupportedError(`layer \`${x.node.name}\` has no weight \`${name}\``);
  return w;
};

function pool(op: 'MaxPool' | 'AveragePool'): Rule {
  return (x) => {
    const a = x.node.attrs;
    const v = x.emitter.nchw(x.inputs[0]!, x.node.name);
    const ks = a['pool_size'] as number[];
    const strides = a['strides'] as number[];
    const pads = a['padding'] === 'same' ? samePads(x.inputs[0]!.shape, ks, strides) : [0, 0, 0, 0];
    const attributes = { kernel_shape: { ints: ks }, strides: { ints: strides }, pads: { ints: pads }, ...(op === 'AveragePool' ? { count_include_pad: { int: 0 } } : {}) };
    return { name: x.emitter.op(op, x.node.name, [v.name], attributes), nchw: true, shape: x.node.shape! };
  };
}

function globalPool(op: 'GlobalAveragePool' | 'GlobalMaxPool'): Rule {
  return (x) => {
    const e = x.emitter;
    const v = e.nchw(x.inputs[0]!, x.node.name);
    const pooled = e.op(op, x.node.name, [v.name]);
    if (x.node.attrs['keepdims']) return { name: pooled, nchw: true, shape: x.node.shape! };
    return { name: e.op('Flatten', x.node.name, [pooled], { axis: { int: 1 } }), nchw: false, shape: x.node.shape! };
  };
}

/** Export rules by Keras class name. */
export const ONNX_RULES: Readonly<Record<string, Rule>> = {
  ZeroPadding2D: (x) => {
    const e = x.emitter;
    const v = e.nchw(x.inputs[0]!, x.node.name);
    const [[t, b], [l, r]] = x.node.attrs['padding'] as [[number, number], [number, number]];
    const pads = e.int64(`${x.node.name}/pads`, [0, 0, t, l, 0, 0, b, r]);
    return { name: e.op('Pad', x.node.name, [v.name, pads], { mode: { string: 'constant' } }), nchw: true, shape: x.node.shape! };
  },
  Conv2D: (x) => {
    const k = required(x, 'kernel');
    const out = conv(x, hwioToOihw(k.shape, k.data), 1, x.node.attrs['use_bias'] === true, x.inputs[0]!, k.shape[3]!);
    return activate(x, out, x.node.attrs['activation'] ?? 'linear');
  },
  DepthwiseConv2D: (x) => {
    const k = required(x, 'depthwise_kernel');
    const out = conv(x, depthwiseToOihw(k.shape, k.data), k.shape[2]!, x.node.attrs['use_bias'] === true, x.inputs[0]!, k.shape[2]! * k.shape[3]!);
    return activate(x, out, x.node.attrs['activation'] ?? 'linear');
  },
  SeparableConv2D: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const dk = required(x, 'depthwise_kernel');
    const pk = required(x, 'pointwise_kernel');
    const a = x.node.attrs;
    const input = x.inputs[0]!;
    const ks = a['kernel_size'] as number[];
    const strides = a['strides'] as number[];
    const dilation = a['dilation_rate'] as number[];
    const pads = a['padding'] === 'same' ? samePads(input.shape, ks, strides, dilation) : [0, 0, 0, 0];
    const dw = depthwiseToOihw(dk.shape, dk.data);
    const depthwise = e.op('Conv', layer, [e.nchw(input, layer).name, e.constant(`${layer}/depthwise_kernel`, dw.dims, dw.data)], {
      kernel_shape: { ints: ks }, strides: { ints: strides }, dilations: { ints: dilation }, pads: { ints: pads }, group: { int: dk.shape[2]! },
    });
    const pw = hwioToOihw(pk.shape, pk.data);
    const inputs = [depthwise, e.constant(`${layer}/pointwise_kernel`, pw.dims, pw.data)];
    if (a['use_bias']) inputs.push(e.constant(`${layer}/bias`, [pk.shape[3]!], required(x, 'bias').data));
    const out = { name: e.op('Conv', layer, inputs, { kernel_shape: { ints: [1, 1] } }), nchw: true, shape: x.node.shape! };
    return activate(x, out, a['activation'] ?? 'linear');
  },
  BatchNormalization: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const a = x.node.attrs;
    const rank = x.node.shape!.length;
    const axis = (a['axis'] as number) < 0 ? rank + (a['axis'] as number) : (a['axis'] as number);
    if (axis !== rank - 1) throw new UnsupportedError(`BatchNormalization \`${layer}\` on axis ${axis} (only the channels axis exports)`);
    const mean = required(x, 'moving_mean');
    const c = mean.shape[0]!;
    const gamma = a['scale'] ? required(x, 'gamma').data : new Float32Array(c).fill(1);
    const beta = a['center'] ? required(x, 'beta').data : new Float32Array(c);
    if (rank !== 2 && rank !== 4) {
      // ONNX BatchNormalization wants channels at axis 1; on a channels-last [N, ..., C] value of
      // another rank the inference form is one per-channel scale and shift, broadcast on the last axis.
      const variance = required(x, 'moving_variance').data;
      const scale = new Float32Array(c);
      const shift = new Float32Array(c);
      for (let i = 0; i < c; i++) {
        scale[i] = gamma[i]! / Math.sqrt(variance[i]! + (a['epsilon'] as number));
        shift[i] = beta[i]! - mean.data[i]! * scale[i]!;
      }
      const v = e.nhwc(x.inputs[0]!, layer);
      const scaled = e.op('Mul', layer, [v.name, e.constant(`${layer}/scale`, [c], scale)]);
      return { name: e.op('Add', layer, [scaled, e.constant(`${layer}/shift`, [c], shift)]), nchw: false, shape: x.node.shape! };
    }
    const v = e.nchw(x.inputs[0]!, layer);
    const inputs = [v.name, e.constant(`${layer}/gamma`, [c], gamma), e.constant(`${layer}/beta`, [c], beta), e.constant(`${layer}/moving_mean`, [c], mean.data), e.constant(`${layer}/moving_variance`, [c], required(x, 'moving_variance').data)];
    return { name: e.op('BatchNormalization', layer, inputs, { epsilon: { float: a['epsilon'] as number } }), nchw: rank === 4, shape: x.node.shape! };
  },
  Activation: (x) => activate(x, x.inputs[0]!, x.node.attrs['activation']!),
  ReLU: (x) => {
    const a = x.node.attrs;
    const e = x.emitter;
    const layer = x.node.name;
    if (a['threshold'] !== 0) throw new UnsupportedError(`ReLU \`${layer}\` with a threshold has no ONNX export`);
    let v = x.inputs[0]!;
    if (a['negative_slope'] === 0 && a['max_value'] !== null) {
      const bounds = [e.constant(`${layer}/zero`, [], new Float32Array([0])), e.constant(`${layer}/max_value`, [], new Float32Array([a['max_value'] as number]))];
      return { ...v, name: e.op('Clip', layer, [v.name, ...bounds]) };
    }
    v = { ...v, name: a['negative_slope'] === 0 ? e.op('Relu', layer, [v.name]) : e.op('LeakyRelu', layer, [v.name], { alpha: { float: a['negative_slope'] as number } }) };
    if (a['max_value'] !== null) {
      v = { ...v, name: e.op('Min', layer, [v.name, e.constant(`${layer}/max_value`, [], new Float32Array([a['max_value'] as number]))]) };
    }
    return v;
  },
  MaxPooling2D: pool('MaxPool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling2D: globalPool('GlobalAveragePool'),
  GlobalMaxPooling2D: globalPool('GlobalMaxPool'),
  Flatten: (x) => {
    // Keras flattens NHWC in row-major order: go back to NHWC first (onnxruntime folds this).
    const v = x.emitter.nhwc(x.inputs[0]!, x.node.name);
    return { name: x.emitter.op('Flatten', x.node.name, [v.name], { axis: { int: 1 } }), nchw: false, shape: x.node.shape! };
  },
  Dense: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const k = required(x, 'kernel');
    const v = e.nhwc(x.inputs[0]!, layer);
    const bias = x.node.attrs['use_bias'] ? e.constant(`${layer}/bias`, [k.shape[1]!], required(x, 'bias').data) : null;
    const kernel = e.constant(`${layer}/kernel`, k.shape, k.data);
    let out: string;
    if (v.shape.length === 2) out = e.op('Gemm', layer, bias ? [v.name, kernel, bias] : [v.name, kernel]);
    else {
      out = e.op('MatMul', layer, [v.name, kernel]);
      if (bias) out = e.op('Add', layer, [out, bias]);
    }
    return activate(x, { name: out, nchw: false, shape: x.node.shape! }, x.node.attrs['activation'] ?? 'linear');
  },
  Dropout: (x) => x.inputs[0]!,
  // Keras's broadcasting, lower-rank inputs included (ops-seq.ts).
  Add: mergeRule('Add'),
  Multiply: mergeRule('Mul'),
  Concatenate: (x) => {
    const e = x.emitter;
    const rank = x.node.shape!.length;
    const raw = x.node.attrs['axis'] as number;
    const axis = raw < 0 ? rank + raw : raw;
    const vs = x.inputs.map((v) => e.nchw(v, x.node.name));
    // NHWC axis 1, 2, 3 is NCHW axis 2, 3, 1.
    const onnxAxis = rank === 4 ? [0, 2, 3, 1][axis]! : axis;
    return { name: e.op('Concat', x.node.name, vs.map((v) => v.name), { axis: { int: onnxAxis } }), nchw: rank === 4, shape: x.node.shape! };
  },
  Reshape: (x) => {
    const e = x.emitter;
    const v = e.nhwc(x.inputs[0]!, x.node.name);
    const target = x.node.attrs['target_shape'] as number[];
    const shape = e.int64(`${x.node.name}/shape`, [-1, ...target.map((d) => (d === -1 ? x.node.shape![target.indexOf(-1) + 1]! : d))]);
    return { name: e.op('Reshape', x.node.name, [v.name, shape]), nchw: false, shape: x.node.shape! };
  },
  // Wave 2, convolution and resampling (issue 10 part A).
  ...RESAMPLE_RULES,
  // Activations, merges, shape ops and recurrent layers (issue 10 part C).
  ...SEQ_RULES,
};
