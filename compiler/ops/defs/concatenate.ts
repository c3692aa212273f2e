/** `Concatenate`: joins tensors along one axis. */
import type { OpDef } from '../types.js';

/** Keras `Concatenate`. */
export const Concatenate: OpDef = {
  name: 'Concatenate',
  description: 'Concatenates two or more tensors along `axis` (default: channels).',
  arity: { min: 2, max: 4096 },
  attrs: {
    axis: { type: 'int', default: -1, description: 'Axis to join along; -1 is the channels axis.' },
  },
  inferShape({ inputs, attrs }) {
    const first = inputs[0]!;
    const rank = first.length;
    const raw = attrs['axis'] as number;
    const axis = raw < 0 ? rank + raw : raw;
    if (axis <= 0 || axis >= rank) return { problem: { kind: 'other', detail: `axis ${raw} is out of range for rank ${rank}` } };
    let total: number | null = 0;
    for (let i = 0; i < inputs.length; i++) {
      const s = inputs[i]!;
      const bad = s.length !== rank || s.some((d, j) => j !== axis && j !== 0 && d !== null && first[j] !== null && d !== first[j]);
      if (bad) {
        return { problem: { kind: 'merge', first: 0, second: i, reason: `all dimensions but axis ${raw} must match` } };
      }
      const d = s[axis] ?? null;
      total = total === null || d === null ? null : total + d;
    }
    const shape = [...first];
    shape[axis] = total;
    return { shape };
  },
};
