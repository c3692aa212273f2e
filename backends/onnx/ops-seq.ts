/**
 * ONNX export rules of the activations, merges, shape ops and recurrent layers of issue 10 part C.
 * Merges follow Keras's broadcasting (a lower-rank input is expanded at axis 1, not aligned from
 * the right as ONNX would); recurrent kernels are reordered from Keras's gate layout to ONNX's.
 */
import { type Emitter, type OnnxValue, type OpExport, UnsupportedError } from './emitter.js';
import { makeNode } from './proto.js';

type Rule = (x: OpExport) => OnnxValue;
type Weight = { shape: readonly number[]; data: Float32Array };

function weight(x: OpExport, name: string): Weight {
  const w = x.weight(name);
  if (!w) throw new UnsupportedError(`layer \`${x.node.name}\` has no weight \`${name}\``);
  return w;
}

/** A node with several outputs (LSTM and GRU give the sequence and the last state). */
function multiOutput(e: Emitter, opType: string, layer: string, inputs: readonly string[], attributes: Parameters<typeof makeNode>[0]['attributes'], count: number): string[] {
  const outputs = Array.from({ length: count }, (_, i) => e.fresh(`${layer}/${opType}:${i}`));
  e.nodes.push(makeNode({ opType, name: e.fresh(`${layer}/${opType}#node`), inputs, outputs, attributes: attributes ?? {} }));
  return outputs;
}

/** The value with `count` size-1 axes inserted at axis 1 (Keras's merge expansion). */
function unsqueezeAt1(e: Emitter, v: OnnxValue, count: number, layer: string): OnnxValue {
  if (count === 0) return v;
  const axes = e.int64(`${layer}/axes`, Array.from({ length: count }, (_, i) => i + 1));
  return { name: e.op('Unsqueeze', layer, [v.name, axes]), nchw: false, shape: v.shape };
}

/**
 * An element-wise merge with Keras's broadcasting. Inputs of one rank keep a shared layout (NCHW
 * when 4-D); mixed ranks go NHWC and the lower ones are expanded at axis 1 first.
 */
export function mergeRule(op: 'Add' | 'Mul' | 'Sub' | 'Max' | 'Min' | 'Mean'): Rule {
  return (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const rank = x.node.shape!.length;
    const mixed = x.inputs.some((v) => v.shape.length !== rank);
    const vs = mixed ? x.inputs.map((v) => unsqueezeAt1(e, e.nhwc(v, layer), rank - v.shape.length, layer)) : x.inputs.map((v) => e.nchw(v, layer));
    const nchw = !mixed && rank === 4;
    // Max, Min and Mean are variadic; Add, Mul and Sub are chained pairwise.
    if (op === 'Max' || op === 'Min' || op === 'Mean') return { name: e.op(op, layer, vs.map((v) => v.name)), nchw, shape: x.node.shape! };
    let acc = vs[0]!.name;
    for (const v of vs.slice(1)) acc = e.op(op, layer, [acc, v.name]);
    return { name: acc, nchw, shape: x.node.shape! };
  };
}

/** Keras's (and tfjs's) `l2_normalize` along one axis: x / sqrt(max(sum(x²), 1e-7)). */
function l2Normalize(e: Emitter, v: string, axis: number, layer: string): string {
  const sum = e.op('ReduceSumSquare', layer, [v], { axes: { ints: [axis] }, keepdims: { int: 1 } });
  const floor = e.op('Max', layer, [sum, e.constant(`${layer}/epsilon`, [], new Float32Array([1e-7]))]);
  return e.op('Div', layer, [v, e.op('Sqrt', layer, [floor])]);
}

/** The axes of a Dot, non-negative. */
function dotAxes(x: OpExport): [number, number] {
  const axes = x.node.attrs['axes'] as number | number[];
  const pair = typeof axes === 'number' ? [axes, axes] : axes;
  return [0, 1].map((i) => (pair[i]! < 0 ? pair[i]! + x.inputs[i]!.shape.length : pair[i]!)) as [number, number];
}

/**
 * Keras's batch dot as one MatMul: the first input with its contracted axis moved last and the
 * others flattened, (N, P, k); the second with it moved to axis 1, (N, k, Q); then the Keras
 * output shape.
 */
const dot: Rule = (x) => {
  const e = x.emitter;
  const layer = x.node.name;
  const out = x.node.shape!;
  if (out.slice(1).some((d) => d === null)) throw new UnsupportedError(`Dot \`${layer}\` needs known non-batch dimensions to export`);
  const [a, b] = dotAxes(x);
  let [v1, v2] = [e.nhwc(x.inputs[0]!, layer).name, e.nhwc(x.inputs[1]!, layer).name];
  if (x.node.attrs['normalize']) [v1, v2] = [l2Normalize(e, v1, a, layer), l2Normalize(e, v2, b, layer)];
  const others = (rank: number, axis: number): number[] => Array.from({ length: rank }, (_, i) => i).filter((i) => i !== 0 && i !== axis);
  const t1 = e.op('Transpose', layer, [v1], { perm: { ints: [0, ...others(x.inputs[0]!.shape.length, a), a] } });
  const t2 = e.op('Transpose', layer, [v2], { perm: { ints: [0, b, ...others(x.inputs[1]!.shape.length, b)] } });
  const k = x.inputs[0]!.shape[a]!;
  const m1 = e.op('Reshape', layer, [t1, e.int64(`${layer}/lhs_shape`, [0, -1, k])]);
  const m2 = e.op('Reshape', layer, [t2, e.int64(`${layer}/rhs_shape`, [0, k, -1])]);
  const product = e.op('MatMul', layer, [m1, m2]);
  return { name: e.op('Reshape', layer, [product, e.int64(`${layer}/shape`, [0, ...(out.slice(1) as number[])])]), nchw: false, shape: out };
};

/** Keras activations as the ONNX recurrent ops name them (the ones onnxruntime implements). */
const RNN_ACTIVATIONS: Readonly<Record<string, string>> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', hard_sigmoid: 'HardSigmoid', softsign: 'Softsign', softplus: 'Softplus' };

function rnnActivation(x: OpExport, key: string): string {
  const name = String(x.node.attrs[key]);
  const onnx = RNN_ACTIVATIONS[name];
  if (!onnx) throw new UnsupportedError(`${x.node.op} \`${x.node.name}\` has ${key} \`${name}\`, which the ONNX ${x.node.op} cannot apply (it takes ${Object.keys(RNN_ACTIVATIONS).join(', ')})`);
  return onnx;
}

/**
 * A Keras kernel (rows, gates·units) as an ONNX weight (gates·units, rows), with ONNX's gate
 * `order[g]` taken from Keras's gate block `order[g]`.
 */
export function kerasGatesToOnnx(w: Weight, units: number, order: readonly number[]): Float32Array {
  const rows = w.shape[0]!;
  const cols = w.shape[1]!;
  const out = new Float32Array(w.data.length);
  order.forEach((k, g) => {
    for (let j = 0; j < units; j++) for (let r = 0; r < rows; r++) out[(g * units + j) * rows + r] = w.data[r * cols + k * units + j]!;
  });
  return out;
}

/** A bias vector (gates·units) reordered by gate. */
function reorderBias(data: Float32Array, units: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(order.length * units);
  order.forEach((k, g) => out.set(data.subarray(k * units, (k + 1) * units), g * units));
  return out;
}

/**
 * LSTM and GRU: ONNX wants time-major input [T, N, F], weights [1, gates·units, ·] and one bias
 * [1, 2·gates·units] (input then recurrent). `order` maps ONNX's gates to Keras's: LSTM i, o, f,
 * c from Keras's i, f, c, o; GRU z, r, h in both.
 */
function recurrent(op: 'LSTM' | 'GRU', order: readonly number[]): Rule {
  return (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const a = x.node.attrs;
    const units = a['units'] as number;
    const gates = order.length;
    const kernel = weight(x, 'kernel');
    const recurrentKernel = weight(x, 'recurrent_kernel');
    const features = kernel.shape[0]!;
    const bias = new Float32Array(2 * gates * units);
    if (a['use_bias']) {
      const b = weight(x, 'bias');
      // GRU reset_after keeps (2, 3·units): input bias then recurrent bias, ONNX's own layout.
      if (b.shape.length === 2) bias.set(b.data);
      else bias.set(reorderBias(b.data, units, order));
    }
    const activations = op === 'LSTM' ? [rnnActivation(x, 'recurrent_activation'), rnnActivation(x, 'activation'), rnnActivation(x, 'activation')] : [rnnActivation(x, 'recurrent_activation'), rnnActivation(x, 'activation')];
    const time = e.op('Transpose', layer, [e.nhwc(x.inputs[0]!, layer).name], { perm: { ints: [1, 0, 2] } });
    const inputs = [
      time,
      e.constant(`${layer}/W`, [1, gates * units, features], kerasGatesToOnnx(kernel, units, order)),
      e.constant(`${layer}/R`, [1, gates * units, units], kerasGatesToOnnx(recurrentKernel, units, order)),
      e.constant(`${layer}/B`, [1, 2 * gates * units], bias),
    ];
    const attributes = {
      hidden_size: { int: units },
      activations: { strings: activations },
      ...(op === 'GRU' ? { linear_before_reset: { int: a['reset_after'] ? 1 : 0 } } : {}),
    };
    const [sequence, last] = multiOutput(e, op, layer, inputs, attributes, 2) as [string, string];
    if (!a['return_sequences']) return { name: e.op('Squeeze', layer, [last, e.int64(`${layer}/axes`, [0])]), nchw: false, shape: x.node.shape! };
    const steps = e.op('Squeeze', layer, [sequence, e.int64(`${layer}/axes`, [1])]);
    return { name: e.op('Transpose', layer, [steps], { perm: { ints: [1, 0, 2] } }), nchw: false, shape: x.node.shape! };
  };
}

/** Export rules by Keras class name. */
export const SEQ_RULES: Readonly<Record<string, Rule>> = {
  LeakyReLU: (x) => ({ ...x.inputs[0]!, name: x.emitter.op('LeakyRelu', x.node.name, [x.inputs[0]!.name], { alpha: { float: x.node.attrs['negative_slope'] as number } }) }),
  ELU: (x) => ({ ...x.inputs[0]!, name: x.emitter.op('Elu', x.node.name, [x.inputs[0]!.name], { alpha: { float: x.node.attrs['alpha'] as number } }) }),
  PReLU: (x) => {
    // The slope has Keras's (H, W, C) layout: apply it to the NHWC value.
    const v = x.emitter.nhwc(x.inputs[0]!, x.node.name);
    const alpha = weight(x, 'alpha');
    return { ...v, name: x.emitter.op('PRelu', x.node.name, [v.name, x.emitter.constant(`${x.node.name}/alpha`, alpha.shape, alpha.data)]) };
  },
  Softmax: (x) => {
    const v = x.emitter.nhwc(x.inputs[0]!, x.node.name);
    return { ...v, name: x.emitter.op('Softmax', x.node.name, [v.name], { axis: { int: x.node.attrs['axis'] as number } }) };
  },
  Subtract: mergeRule('Sub'),
  Maximum: mergeRule('Max'),
  Minimum: mergeRule('Min'),
  Average: mergeRule('Mean'),
  Dot: dot,
  Permute: (x) => {
    const v = x.emitter.nhwc(x.inputs[0]!, x.node.name);
    return { name: x.emitter.op('Transpose', x.node.name, [v.name], { perm: { ints: [0, ...(x.node.attrs['dims'] as number[])] } }), nchw: false, shape: x.node.shape! };
  },
  RepeatVector: (x) => {
    const e = x.emitter;
    const layer = x.node.name;
    const expanded = e.op('Unsqueeze', layer, [x.inputs[0]!.name, e.int64(`${layer}/axes`, [1])]);
    return { name: e.op('Tile', layer, [expanded, e.int64(`${layer}/repeats`, [1, x.node.attrs['n'] as number, 1])]), nchw: false, shape: x.node.shape! };
  },
  SpatialDropout2D: (x) => x.inputs[0]!,
  LSTM: recurrent('LSTM', [0, 3, 1, 2]),
  GRU: recurrent('GRU', [0, 1, 2]),
};
