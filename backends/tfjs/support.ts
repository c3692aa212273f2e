/**
 * What the TensorFlow.js target can emit (see backends/support.ts): the ops `LAYER_RULES` has no
 * rule for, with the reason, and the limits of tfjs 4.22 that would otherwise only show when the
 * model is built. Pure: it loads no tfjs.
 */
import { TFJS_ACTIVATIONS } from '../typescript/tfjs-names.js';
import type { NodeCheck, TargetSupport } from '../support.js';

/** tfjs's own rule for tensor and variable names (tfjs-layers `isValidTensorName`). */
export const TFJS_TENSOR_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

/** Refuses an `activation` attribute that tfjs has no function for (`exponential`). */
export const tfjsActivation: NodeCheck = (node) => {
  const a = node.attrs['activation'];
  return typeof a === 'string' && !TFJS_ACTIVATIONS[a] ? { reason: `TensorFlow.js has no activation \`${a}\`` } : null;
};

/** A layer or input name tfjs would reject when it builds the model. */
export const tfjsName: NodeCheck = (node) => (TFJS_TENSOR_NAME.test(node.name)
  ? null
  : { reason: 'TensorFlow.js names start with a letter or digit and contain only letters, digits, `-`, `_`, `.` and `/`', hint: 'rename it (spaces are the usual culprit)' });

/** tfjs's ReLU has only `max_value`. */
export const tfjsRelu: NodeCheck = (node) => (node.attrs['negative_slope'] !== 0 || node.attrs['threshold'] !== 0
  ? { reason: 'TensorFlow.js\'s ReLU has no negative_slope or threshold' }
  : null);

/** graphc's MultiHeadAttention (tfjs and ONNX) runs [batch, positions, features] tensors only. */
export const sequenceAttention: NodeCheck = (node) => (node.shape && node.shape.length !== 3
  ? { reason: `its inputs have rank ${node.shape.length}; graphc's attention takes [batch, positions, features] (attention over one position axis)`, hint: 'Reshape the positions into one axis first' }
  : null);

/** Ops tfjs cannot build, with the reason. */
export const TFJS_UNSUPPORTED: { readonly [op: string]: string } = {};

/** The TensorFlow.js target's support declaration. */
export const TFJS_SUPPORT: TargetSupport = {
  target: 'tfjs',
  unsupported: TFJS_UNSUPPORTED,
  checks: {
    ReLU: tfjsRelu,
    MultiHeadAttention: sequenceAttention,
    Conv1D: (node) => (node.attrs['padding'] === 'causal'
      ? { reason: 'TensorFlow.js 4.22 has not implemented causal padding for Conv1D', hint: 'pad the start with ZeroPadding1D: [(kernel_size - 1) * dilation_rate, 0], then use padding: valid' }
      : null),
    // tfjs 4.22's Conv2DTranspose has neither argument (its dilation is silently ignored).
    Conv2DTranspose: (node) => node.attrs['output_padding'] !== undefined
      ? { reason: 'TensorFlow.js\'s Conv2DTranspose has no output_padding', hint: 'leave output_padding unset (Keras then infers it) or pad afterwards with ZeroPadding2D' }
      : (node.attrs['dilation_rate'] as number[]).some((d) => d !== 1) ? { reason: 'TensorFlow.js\'s Conv2DTranspose has no dilation_rate' } : null,
  },
  names: tfjsName,
  every: tfjsActivation,
};
