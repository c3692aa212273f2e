/**
 * The shared rule of the element-wise merges (`Add`, `Multiply`, `Subtract`, `Maximum`,
 * `Minimum`, `Average`): Keras's broadcasting of size-1 dimensions and of lower-rank inputs.
 */
import type { Shape } from '../../ir.js';
import { broadcastShapes } from '../shape-math.js';
import type { OpDef } from '../types.js';

/** Builds the definition of an element-wise merge op. */
export function elementwiseMerge(name: string, description: string, maxInputs = 64): OpDef {
  return {
    name,
    description,
    arity: { min: 2, max: maxInputs },
    attrs: {},
    inferShape({ inputs }) {
      let shape: Shape = inputs[0]!;
      for (let i = 1; i < inputs.length; i++) {
        const r = broadcastShapes(shape, inputs[i]!);
        if ('mismatch' in r) {
          return { problem: { kind: 'merge', first: 0, second: i, reason: r.mismatch } };
        }
        shape = r.shape;
      }
      return { shape };
    },
  };
}
