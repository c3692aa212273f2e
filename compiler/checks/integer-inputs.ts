/**
 * Integer tensors (an `int32` input: token ids, segment ids) may only go where integers make
 * sense: into an `Embedding`, or through the layers that only move values (Reshape, Flatten,
 * Take, Concatenate of integers). Anything else (a Dense, an Add with floats) is GC5030 at the
 * layer: tfjs would fail on the dtype mid-build and ONNX would be ill-typed. Keras itself casts
 * only float inputs of a layer, never integer ones, so it fails there too.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { LinkedGraph } from './linked.js';

/** Ops whose output is integer when all their inputs are (they move values, never compute). */
const MOVES_VALUES = new Set(['Reshape', 'Flatten', 'Take', 'Concatenate']);

/** Reports every layer that reads an integer tensor but needs floats; linear in the graph. */
export function checkIntegerInputs(graph: LinkedGraph, order: readonly number[], sink: DiagnosticSink): void {
  const integer = new Set<number>();
  for (const node of graph.nodes) if (node.op === 'Input' && node.attrs['dtype'] === 'int32') integer.add(node.id);
  if (integer.size === 0) return;
  // In topological order, so that a layer's inputs are classified before it.
  for (const node of order.map((id) => graph.nodes[id]!)) {
    if (node.op === 'Input' || node.op === 'Embedding') continue;
    const ints = node.inputs.filter((i) => integer.has(i));
    if (ints.length === 0) continue;
    if (MOVES_VALUES.has(node.op) && ints.length === node.inputs.length) {
      integer.add(node.id);
      continue;
    }
    const from = graph.nodes[ints[0]!]!;
    sink.report('GC5030', [node.op, node.name, from.name], node.opSpan, {
      trace: node.origin.trace,
      hint: 'integer ids go through an Embedding first; to use the values as numbers, declare the input `dtype: float32`',
    });
  }
}
