/** `Softmax`: softmax over one axis, as a layer. */
import { formatShape } from '../shape-math.js';
import type { OpDef } from '../types.js';

/** Keras `Softmax`. */
export const Softmax: OpDef = {
  name: 'Softmax',
  description: 'Softmax over `axis` (default -1, the last axis).',
  arity: { min: 1, max: 1 },
  positional: 'axis',
  attrs: {
    axis: { type: 'int', default: -1, description: 'The axis to normalize over; negative counts from the end. The batch axis 0 is not allowed.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const axis = attrs['axis'] as number;
    const a = axis < 0 ? input.length + axis : axis;
    if (a <= 0 || a >= input.length) {
      return { problem: { kind: 'coded', code: 'GC5055', args: ['axis', axis, formatShape(input)], hint: 'axis 0 is the batch; -1 is the last axis' } };
    }
    return { shape: input };
  },
};
