/** The shared rule of `GlobalAveragePooling2D` and `GlobalMaxPooling2D`. */
import { expectRank, type OpDef } from '../types.js';

/** Builds the definition of a global 2-D pooling op. */
export function globalPooling2d(name: string, description: string): OpDef {
  return {
    name,
    description,
    arity: { min: 1, max: 1 },
    attrs: {
      keepdims: { type: 'bool', default: false, description: 'Keep the spatial dimensions as size 1.' },
    },
    inferShape({ inputs, attrs }) {
      const problem = expectRank(inputs, 4);
      if (problem) return { problem };
      const input = inputs[0]!;
      const c = input[3] ?? null;
      return { shape: attrs['keepdims'] ? [input[0] ?? null, 1, 1, c] : [input[0] ?? null, c] };
    },
  };
}
