/**
 * `Take`: one position along an axis, the axis dropped — the class token `x[:, 0]`. Keras has no
 * layer for it (ViT code uses a `Lambda`); this is `keras.ops.take(x, indices, axis)` with one
 * integer index, as a layer, so no user code is needed.
 */
import { type OpDef } from '../types.js';

/** `keras.ops.take(x, indices, axis)` with a single integer index, as a layer. */
export const Take: OpDef = {
  name: 'Take',
  description: 'Takes one position along an axis and drops that axis (`keras.ops.take(x, indices, axis)`): `Take: { axis: 1, indices: 0 }` is the class token `x[:, 0]`.',
  arity: { min: 1, max: 1 },
  attrs: {
    axis: { type: 'int', default: 1, description: 'The axis to take from (not the batch axis; negative counts from the end).' },
    indices: { type: 'int', default: 0, description: 'The position to take (negative counts from the end).' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const given = attrs['axis'] as number;
    const axis = given < 0 ? input.length + given : given;
    if (axis <= 0 || axis >= input.length) return { problem: { kind: 'other', detail: `axis ${given} is not a non-batch axis of an input of rank ${input.length}` } };
    const size = input[axis];
    const index = attrs['indices'] as number;
    if (size !== null && size !== undefined && (index >= size || index < -size)) {
      return { problem: { kind: 'other', detail: `index ${index} is out of range for axis ${given} of size ${size}` } };
    }
    return { shape: [...input.slice(0, axis), ...input.slice(axis + 1)] };
  },
};
