/**
 * The shared shape rule of `MaxPooling2D` and `AveragePooling2D` (each op keeps its own file);
 * strides default to the pool size, as in Keras.
 */
import type { Value } from '../../ir.js';
import type { OpDef } from '../types.js';
import { PADDING, POOL_SIZE, POOL_STRIDES, windowShape } from './common.js';

/** Builds the definition of a 2-D pooling op. */
export function pooling2d(name: string, description: string): OpDef {
  return {
    name,
    description,
    arity: { min: 1, max: 1 },
    positional: 'pool_size',
    attrs: { pool_size: POOL_SIZE, strides: POOL_STRIDES, padding: PADDING },
    finalize: (attrs) => (attrs['strides'] === undefined ? { ...attrs, strides: attrs['pool_size'] as Value } : attrs),
    inferShape: (ctx) => windowShape(ctx, { kernel: 'pool_size', strides: 'strides' }, (c) => c),
  };
}
