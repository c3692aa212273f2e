/**
 * `GroupNormalization` (Wu & He 2018): channels split into `groups`, each normalized over its
 * channels and every spatial position, then Keras's per-channel `gamma` and `beta` (2·C
 * trainable parameters; no moving statistics).
 */
import { owned, type OpDef } from '../types.js';

/** Keras `GroupNormalization` (channels last). */
export const GroupNormalization: OpDef = {
  name: 'GroupNormalization',
  description: 'Normalizes groups of channels over their channels and positions, per sample.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    groups: { type: 'int', min: 1, default: 32, description: 'Number of channel groups; must divide the channels (as many as channels: InstanceNormalization; 1: LayerNormalization-like).' },
    axis: { type: 'int', default: -1, description: 'The channel axis (only -1, channels last, is built).' },
    epsilon: { type: 'number', min: 0, default: 0.001, description: 'Added to the variance before the square root.' },
    center: { type: 'bool', default: true, description: 'Add the learned offset `beta`.' },
    scale: { type: 'bool', default: true, description: 'Multiply by the learned `gamma`.' },
    beta_initializer: { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of beta.' },
    gamma_initializer: { type: 'initializer', default: { class_name: 'Ones', config: {} }, description: 'Initializer of gamma.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    if (input.length < 3) return { problem: { kind: 'rank', expected: 'at least 3', input: 0 } };
    const axis = attrs['axis'] as number;
    if (axis !== -1 && axis !== input.length - 1) return { problem: { kind: 'other', detail: `axis ${axis}: only the channels (last) axis is supported` } };
    const c = input[input.length - 1] ?? null;
    const groups = attrs['groups'] as number;
    if (c !== null && c % groups !== 0) return { problem: { kind: 'other', detail: `${groups} groups do not divide ${c} channels` } };
    return { shape: input };
  },
  countParams({ inputs, attrs }) {
    const c = inputs[0]?.[inputs[0].length - 1] ?? 0;
    return owned(attrs, (attrs['scale'] ? c : 0) + (attrs['center'] ? c : 0));
  },
};
