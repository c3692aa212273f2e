/** `Reshape`: gives each sample a new shape with the same number of elements. */
import { formatShape } from '../shape-math.js';
import { product, type OpDef } from '../types.js';

/** Keras `Reshape`. */
export const Reshape: OpDef = {
  name: 'Reshape',
  description: 'Reshapes each sample to `target_shape`; one dimension may be -1 (inferred).',
  arity: { min: 1, max: 1 },
  positional: 'target_shape',
  attrs: {
    target_shape: { type: 'int_list', min: -1, description: 'New shape without the batch dimension, e.g. [1, 1, 64].' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    const target = attrs['target_shape'] as number[];
    const size = product(input.slice(1));
    const unknown = target.filter((d) => d === -1).length;
    if (unknown > 1 || target.some((d) => d === 0)) return { problem: { kind: 'other', detail: `target_shape ${JSON.stringify(target)} may have at most one -1 and no 0` } };
    const known = target.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
    if (size === null) return { shape: [input[0] ?? null, ...target.map((d) => (d === -1 ? null : d))] };
    if (unknown === 1 ? size % known !== 0 : size !== known) {
      return { problem: { kind: 'other', detail: `cannot reshape ${formatShape(input)} (${size} elements per sample) to ${JSON.stringify(target)}` } };
    }
    return { shape: [input[0] ?? null, ...target.map((d) => (d === -1 ? size / known : d))] };
  },
};
