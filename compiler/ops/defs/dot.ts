/**
 * `Dot`: Keras's batch dot product — for each sample, contracts axis `axes[0]` of the first input
 * with axis `axes[1]` of the second. The output keeps the first input's other axes, then the
 * second's (batch excluded); a lone batch axis gets a trailing 1, as in Keras.
 */
import type { Shape } from '../../ir.js';
import { formatShape } from '../shape-math.js';
import type { OpDef, ShapeResult } from '../types.js';

/** The two contracted axes, non-negative, or null when `axes` does not fit the ranks. */
export function dotAxes(axes: number | readonly number[], rank1: number, rank2: number): [number, number] | null {
  const pair = typeof axes === 'number' ? [axes, axes] : axes;
  if (pair.length !== 2) return null;
  const ranks = [rank1, rank2];
  const out = pair.map((a, i) => (a < 0 ? a + ranks[i]! : a));
  return out.every((a, i) => a >= 1 && a < ranks[i]!) ? [out[0]!, out[1]!] : null;
}

function dotShape(inputs: readonly Shape[], axes: number | readonly number[]): ShapeResult {
  const [x, y] = [inputs[0]!, inputs[1]!];
  const pair = dotAxes(axes, x.length, y.length);
  if (!pair) {
    return { problem: { kind: 'coded', code: 'GC5051', args: [JSON.stringify(axes), formatShape(x), formatShape(y)], hint: 'axes count from 0 with the batch at 0, so the first contractible axis is 1; give one axis for both inputs or a list of two' } };
  }
  const [a, b] = pair;
  const [da, db] = [x[a] ?? null, y[b] ?? null];
  if (da !== null && db !== null && da !== db) {
    return { problem: { kind: 'coded', code: 'GC5050', args: [a, { input: 0 }, da, b, { input: 1 }, db], hint: 'the contracted axes must have the same size: swap `axes`, or Permute one input' } };
  }
  const out: (number | null)[] = [...x.slice(0, a), ...x.slice(a + 1), ...y.slice(1, b), ...y.slice(b + 1)];
  return { shape: out.length === 1 ? [...out, 1] : out };
}

/** Keras `Dot`. */
export const Dot: OpDef = {
  name: 'Dot',
  description: 'Batch dot product of two tensors along `axes` (cosine similarity with `normalize: true`).',
  arity: { min: 2, max: 2 },
  positional: 'axes',
  attrs: {
    axes: { type: 'axis', description: 'The axis to contract in both inputs, or [axis of the first, axis of the second]; the batch axis 0 is not allowed.' },
    normalize: { type: 'bool', default: false, description: 'L2-normalize both inputs along the contracted axes first, so the output is the cosine similarity.' },
  },
  inferShape: ({ inputs, attrs }) => dotShape(inputs, attrs['axes'] as number | number[]),
  countMacs({ inputs, attrs }, output) {
    const pair = dotAxes(attrs['axes'] as number | number[], inputs[0]!.length, inputs[1]!.length);
    const k = pair ? inputs[0]![pair[0]] ?? 0 : 0;
    return output.slice(1).reduce<number>((p, d) => p * (d ?? 0), 1) * k;
  },
};
