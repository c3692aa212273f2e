/** `BatchNormalization`: normalizes one axis; moving statistics are non-trainable weights. */
import type { OpDef } from '../types.js';

/** Keras `BatchNormalization`. */
export const BatchNormalization: OpDef = {
  name: 'BatchNormalization',
  description: 'Batch normalization over one axis (3 = channels for NHWC images).',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    axis: { type: 'int', default: -1, description: 'The axis to normalize (the channels axis: 3 or -1 for NHWC).' },
    momentum: { type: 'number', min: 0, max: 1, default: 0.99, description: 'Momentum of the moving averages.' },
    epsilon: { type: 'number', min: 0, default: 0.001, description: 'Small float added to the variance to avoid dividing by zero.' },
    center: { type: 'bool', default: true, description: 'Whether to add the learned offset beta.' },
    scale: { type: 'bool', default: true, description: 'Whether to multiply by the learned scale gamma.' },
    beta_initializer: { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of beta.' },
    gamma_initializer: { type: 'initializer', default: { class_name: 'Ones', config: {} }, description: 'Initializer of gamma.' },
    moving_mean_initializer: { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of the moving mean.' },
    moving_variance_initializer: { type: 'initializer', default: { class_name: 'Ones', config: {} }, description: 'Initializer of the moving variance.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const axis = attrs['axis'] as number;
    const a = axis < 0 ? input.length + axis : axis;
    if (a <= 0 || a >= input.length) return { problem: { kind: 'other', detail: `axis ${axis} is not a feature axis of shape rank ${input.length}` } };
    return { shape: input };
  },
  countParams({ inputs, attrs }) {
    const input = inputs[0]!;
    const axis = attrs['axis'] as number;
    const c = input[axis < 0 ? input.length + axis : axis] ?? 0;
    const learned = ((attrs['center'] ? 1 : 0) + (attrs['scale'] ? 1 : 0)) * c;
    const moving = 2 * c;
    return attrs['trainable'] === false ? { trainable: 0, nonTrainable: learned + moving } : { trainable: learned, nonTrainable: moving };
  },
};
