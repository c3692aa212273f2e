/**
 * `PReLU`: a leaky ReLU whose slope is learned per element, or shared along `shared_axes`
 * (Keras counts one weight per non-shared dimension: `prod` of the input shape with shared axes 1).
 */
import type { Shape } from '../../ir.js';
import { formatShape } from '../shape-math.js';
import { owned, type OpContext, type OpDef } from '../types.js';

/** The shape of the learned `alpha`: the input's, without batch, with shared axes set to 1. */
export function preluAlphaShape(input: Shape, shared: readonly number[]): (number | null)[] {
  return input.slice(1).map((d, i) => (shared.includes(i + 1) ? 1 : d));
}

function sharedAxes(ctx: OpContext): number[] {
  return (ctx.attrs['shared_axes'] as number[] | undefined) ?? [];
}

/** Keras `PReLU`. */
export const PReLU: OpDef = {
  name: 'PReLU',
  description: 'Parametric ReLU: `alpha · x` for x < 0 with a learned `alpha` per element (or shared along `shared_axes`).',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    alpha_initializer: { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of the learned slopes (default zeros).' },
    shared_axes: { type: 'int_list', min: 1, optional: true, description: 'Axes (1-based, batch excluded) along which one slope is shared, e.g. [1, 2] for one slope per channel of an image.' },
  },
  inferShape(ctx) {
    const input = ctx.inputs[0]!;
    const shared = sharedAxes(ctx);
    const bad = shared.find((a) => a >= input.length);
    if (bad !== undefined) return { problem: { kind: 'coded', code: 'GC5055', args: ['shared_axes', JSON.stringify(shared), formatShape(input)], hint: 'shared axes are 1-based and leave out the batch axis' } };
    const alpha = preluAlphaShape(input, shared);
    if (alpha.includes(null)) return { problem: { kind: 'coded', code: 'GC5056', args: [formatShape(input)], hint: 'share the unknown axes (`shared_axes`) or give the input a known shape' } };
    return { shape: input };
  },
  countParams(ctx) {
    const alpha = preluAlphaShape(ctx.inputs[0]!, sharedAxes(ctx));
    return owned(ctx.attrs, alpha.reduce<number>((a, d) => a * (d ?? 0), 1));
  },
};
