/**
 * The shared shape rule of `MaxPooling2D` and `AveragePooling2D` (each op keeps its own file);
 * strides default to the pool size, as in Keras.
 */
import type { Value } from '../../ir.js';
import { windowOutput } from '../shape-math.js';
import { expectRank, type OpDef } from '../types.js';
import { PADDING, POOL_SIZE, POOL_STRIDES } from './common.js';

/** Builds the definition of a 2-D pooling op. */
export function pooling2d(name: string, description: string): OpDef {
  return {
    name,
    description,
    arity: { min: 1, max: 1 },
    positional: 'pool_size',
    attrs: { pool_size: POOL_SIZE, strides: POOL_STRIDES, padding: PADDING },
    finalize: (attrs) => (attrs['strides'] === undefined ? { ...attrs, strides: attrs['pool_size'] as Value } : attrs),
    inferShape({ inputs, attrs }) {
      const problem = expectRank(inputs, 4);
      if (problem) return { problem };
      const input = inputs[0]!;
      const out = windowOutput(input, attrs['pool_size'] as number[], attrs['strides'] as number[], attrs['padding'] as string);
      if ('bad' in out) return { problem: { kind: 'nonpositive', dims: out.bad, input: 0 } };
      return { shape: [input[0] ?? null, ...out.dims, input[3] ?? null] };
    },
  };
}
