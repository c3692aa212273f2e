/**
 * Declared input preprocessing (`inputs: - { ..., preprocessing: { scale: $1/255, offset: 0 } }`):
 * what `train`, `evaluate`, `predict` and `run` do to raw data before it enters the model, so the
 * seed's `X / 255` is stated once, in the model file, instead of once per command. It is not a
 * layer (the model keeps the seed's 177), just the Input node's `scale` and `offset` attributes.
 */
import type { Graph, GraphNode } from './ir.js';

/** `x * scale + offset`, applied elementwise to one input's raw data. */
export interface Preprocessing {
  readonly scale: number;
  readonly offset: number;
}

/** The preprocessing an Input node declares, or null when it takes data as it is. */
export function preprocessingOf(node: GraphNode): Preprocessing | null {
  const scale = node.attrs['scale'];
  const offset = node.attrs['offset'];
  if (typeof scale !== 'number' && typeof offset !== 'number') return null;
  return { scale: typeof scale === 'number' ? scale : 1, offset: typeof offset === 'number' ? offset : 0 };
}

/** Every input's preprocessing by input name (identity inputs left out). */
export function graphPreprocessing(graph: Graph): Record<string, Preprocessing> {
  const out: Record<string, Preprocessing> = {};
  for (const node of graph.nodes) {
    if (node.op !== 'Input') continue;
    const p = preprocessingOf(node);
    if (p) out[node.name] = p;
  }
  return out;
}

/** Applies `p` in place to raw values (null: left as they are). */
export function applyPreprocessing(values: Float32Array, p: Preprocessing | null): Float32Array {
  if (!p || (p.scale === 1 && p.offset === 0)) return values;
  for (let i = 0; i < values.length; i++) values[i] = values[i]! * p.scale + p.offset;
  return values;
}

/** `x * 0.00392157 + 0`, for the summary. */
export function formatPreprocessing(p: Preprocessing): string {
  return `x * ${Number(p.scale.toPrecision(6))} + ${Number(p.offset.toPrecision(6))}`;
}
