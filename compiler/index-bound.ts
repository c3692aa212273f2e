/**
 * How large a random integer input may be: a token id feeds an `Embedding`, and an id at or past
 * its `input_dim` is out of its table (onnxruntime's Gather rejects it; tfjs returns zeros).
 * Used wherever graphc makes up integer inputs (`graphc run --input random`, tests).
 */
import type { Graph } from './ir.js';

/** Random integers for an input that feeds no Embedding are drawn from 0..DEFAULT_BOUND-1. */
export const DEFAULT_BOUND = 10;

/** One past the largest valid value of integer input `name`: the smallest `input_dim` of the Embeddings it feeds. */
export function indexBound(graph: Graph, name: string): number {
  let bound = Number.POSITIVE_INFINITY;
  for (const node of graph.nodes) {
    if (node.op === 'Embedding' && node.inputs.includes(name)) bound = Math.min(bound, node.attrs['input_dim'] as number);
  }
  return Number.isFinite(bound) ? bound : DEFAULT_BOUND;
}
