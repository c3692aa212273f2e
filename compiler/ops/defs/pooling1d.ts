/**
 * The shared rules of the 1-D poolings over [batch, steps, channels]: `MaxPooling1D`,
 * `AveragePooling1D` (strides default to the pool size, as in Keras) and the global ones.
 */
import type { Value } from '../../ir.js';
import { convOutputLength } from '../shape-math.js';
import { expectRank, type OpDef } from '../types.js';
import { PADDING } from './common.js';

/** Builds the definition of a 1-D pooling op. */
export function pooling1d(name: string, description: string): OpDef {
  return {
    name,
    description,
    arity: { min: 1, max: 1 },
    positional: 'pool_size',
    attrs: {
      pool_size: { type: 'int', min: 1, default: 2, description: 'Length of the pooling window.' },
      strides: { type: 'int', min: 1, optional: true, description: 'Stride of the window; defaults to `pool_size`.' },
      padding: PADDING,
    },
    finalize: (attrs) => (attrs['strides'] === undefined || attrs['strides'] === null ? { ...attrs, strides: attrs['pool_size'] as Value } : attrs),
    inferShape({ inputs, attrs }) {
      const problem = expectRank(inputs, 3);
      if (problem) return { problem };
      const input = inputs[0]!;
      const steps = convOutputLength(input[1] ?? null, attrs['pool_size'] as number, attrs['padding'] as string, attrs['strides'] as number);
      if (steps !== null && steps <= 0) return { problem: { kind: 'nonpositive', dims: [steps], input: 0 } };
      return { shape: [input[0] ?? null, steps, input[2] ?? null] };
    },
  };
}

/** Builds the definition of a global 1-D pooling op (over the steps). */
export function globalPooling1d(name: string, description: string): OpDef {
  return {
    name,
    description,
    arity: { min: 1, max: 1 },
    attrs: {
      keepdims: { type: 'bool', default: false, description: 'Keep the steps dimension as size 1.' },
    },
    inferShape({ inputs, attrs }) {
      const problem = expectRank(inputs, 3);
      if (problem) return { problem };
      const input = inputs[0]!;
      const c = input[2] ?? null;
      return { shape: attrs['keepdims'] ? [input[0] ?? null, 1, c] : [input[0] ?? null, c] };
    },
  };
}
