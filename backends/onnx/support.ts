/**
 * What the ONNX target can emit (see backends/support.ts): the ops `ONNX_RULES` has no rule for,
 * with the reason, and the limits of the export (opset 17) that would otherwise only show after
 * the other targets ran. Pure: it loads neither onnxruntime nor protobufjs.
 */
import type { TargetSupport } from '../support.js';
import { sequenceAttention, tfjsActivation, tfjsName } from '../tfjs/support.js';

/** Ops the ONNX export cannot lower, with the reason. */
export const ONNX_UNSUPPORTED: { readonly [op: string]: string } = {};

/** Keras activations `activate` in ops.ts lowers (a test holds the two together). */
export const ONNX_ACTIVATIONS: ReadonlySet<string> = new Set([
  'linear', 'relu', 'relu6', 'sigmoid', 'hard_sigmoid', 'tanh', 'softmax', 'swish', 'elu', 'selu', 'softplus', 'softsign', 'exponential',
  // GELU as Erf/Tanh arithmetic (opset 17 has no Gelu).
  'gelu', 'gelu_approximate',
]);

/** The axis a channels-last op normalizes over, made non-negative. */
function lastAxis(axis: unknown, rank: number): boolean {
  return typeof axis === 'number' && (axis < 0 ? rank + axis : axis) === rank - 1;
}

/** The ONNX target's support declaration. */
export const ONNX_SUPPORT: TargetSupport = {
  target: 'onnx',
  unsupported: ONNX_UNSUPPORTED,
  checks: {
    // Transformer ops (issue 10 part B): attention on [batch, positions, features] only; the
    // position table is cut to a known number of positions at export. int32 inputs export as int32.
    MultiHeadAttention: sequenceAttention,
    PositionEmbedding: (node) => (node.shape && node.shape[1] === null
      ? { reason: 'the number of positions must be known to export the position table', hint: 'give the input a fixed sequence length' }
      : null),
    BatchNormalization: (node) => (node.shape && !lastAxis(node.attrs['axis'], node.shape.length)
      ? { reason: `it normalizes axis ${String(node.attrs['axis'])}; only the channels (last) axis exports`, hint: 'use axis: -1' }
      : null),
    ReLU: (node) => (node.attrs['threshold'] !== 0 ? { reason: 'a ReLU threshold has no ONNX lowering' } : null),
  },
  every: (node) => {
    const a = node.attrs['activation'];
    if (typeof a === 'string' && !ONNX_ACTIVATIONS.has(a)) return { reason: `activation \`${a}\` has no ONNX (opset 17) lowering` };
    const t = tfjsActivation(node);
    return t && { reason: `${t.reason} (the ONNX weights come from the TensorFlow.js model)` };
  },
  // The exported weights are those of the TensorFlow.js model graphc builds first, so its names must suit tfjs too.
  names: (node) => {
    const p = tfjsName(node);
    return p && { ...p, reason: `${p.reason} (the ONNX weights come from the TensorFlow.js model)` };
  },
};
