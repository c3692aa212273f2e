/**
 * The model must have layers (GC4005); warnings for layers whose output is never used (GC4101)
 * and inputs nothing reads (GC4102). Keras's "graph disconnected" cannot happen here: every
 * layer's inputs lead back to a declared model input by construction.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { LinkedGraph } from './linked.js';

/** Reports disconnected outputs, dead layers and unused inputs. */
export function checkConnected(graph: LinkedGraph, sink: DiagnosticSink): void {
  if (graph.nodes.length === graph.inputs.length) {
    sink.report('GC4005', [], graph.nodes[0]?.origin.span ?? null);
    return;
  }
  const used = new Set<number>(graph.outputs);
  for (const node of graph.nodes) for (const i of node.inputs) used.add(i);
  for (const node of graph.nodes) {
    if (used.has(node.id)) continue;
    if (node.op === 'Input') sink.report('GC4102', [node.name], node.origin.span);
    else {
      sink.report('GC4101', [node.name, node.op], node.origin.span, {
        trace: node.origin.trace,
        hint: 'use it as an input (`input:` or `inputs:`), list it in `outputs`, or remove it',
      });
    }
  }
}
