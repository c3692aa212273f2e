/** Every layer name is unique, as Keras requires (GC4002, naming both places). */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { LinkedGraph, LinkedNode } from './linked.js';

/** Reports each layer whose name an earlier layer already has. */
export function checkUniqueNames(graph: LinkedGraph, sink: DiagnosticSink): void {
  const first = new Map<string, LinkedNode>();
  for (const node of graph.nodes) {
    const earlier = first.get(node.name);
    if (!earlier) {
      first.set(node.name, node);
      continue;
    }
    sink.report('GC4002', [node.name], node.origin.span, {
      trace: node.origin.trace,
      related: [{ span: earlier.origin.span, message: `first used by ${earlier.op} \`${earlier.name}\`` }],
      hint: 'interpolate the block\'s parameters into the name, e.g. `res{stage}{block}_branch2a`',
    });
  }
}
