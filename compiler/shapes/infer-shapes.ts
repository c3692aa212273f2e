/**
 * Stage 7: infers every layer's output shape in topological order with the op's Keras rule,
 * counts parameters (trainable and not) and multiply-accumulates, and builds the final IR. A
 * layer after a failed one is skipped rather than reported again, so each mistake shows once.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Graph, GraphNode, Shape, TrainingConfig } from '../ir.js';
import { formatShape } from '../ops/shape-math.js';
import { OPS } from '../ops/registry.js';
import { NO_PARAMS, type ShapeProblem } from '../ops/types.js';
import type { LinkedGraph, LinkedNode } from '../checks/linked.js';
import { checkLayerNumbers, checkTotals } from './numeric-bounds.js';

/** Ops that read [batch, positions, features] sequences (issue 10 part B). */
const SEQUENCE_OPS = new Set(['MultiHeadAttention', 'ClassToken', 'PositionEmbedding']);

function reportProblem(node: LinkedNode, inputs: readonly Shape[], graph: LinkedGraph, problem: ShapeProblem, sink: DiagnosticSink): void {
  const extras = { trace: node.origin.trace };
  const inputName = (i: number): string => graph.nodes[node.inputs[i]!]?.name ?? '?';
  switch (problem.kind) {
    case 'merge': {
      const a = problem.first;
      const b = problem.second;
      const detail = `\`${inputName(a)}\` has shape ${formatShape(inputs[a]!)} but \`${inputName(b)}\` has shape ${formatShape(inputs[b]!)} (${problem.reason})`;
      sink.report('GC5001', [node.op, node.name, detail], node.opSpan, {
        ...extras,
        related: node.inputs.map((id) => ({ span: graph.nodes[id]!.origin.span, message: `\`${graph.nodes[id]!.name}\` is defined here` })),
        hint: node.op === 'Add' ? 'the shortcut needs the same shape as the main path: check the filters and strides of both' : null,
      });
      return;
    }
    case 'rank':
      sink.report('GC5002', [node.op, node.name, problem.expected, formatShape(inputs[problem.input]!), inputName(problem.input)], node.opSpan, {
        ...extras,
        hint: node.op === 'Dense' || node.op === 'Conv2D' ? 'a Flatten or Reshape may be missing'
          : SEQUENCE_OPS.has(node.op) ? 'a Reshape to [positions, features] may be missing' : null,
      });
      return;
    case 'nonpositive':
      sink.report('GC5003', [node.op, node.name, formatShape([null, ...problem.dims]), formatShape(inputs[problem.input]!)], node.opSpan, {
        ...extras,
        hint: 'the window is larger than the input: use padding: same, a smaller kernel or stride, or a larger input',
      });
      return;
    case 'other':
      sink.report('GC5004', [node.op, node.name, problem.detail], node.opSpan, extras);
      return;
    // Sequence, merge and permutation ops (issue 10 part C).
    case 'coded':
      sink.report(problem.code, [node.op, node.name, ...problem.args.map((a) => (typeof a === 'object' ? inputName(a.input) : a))], node.opSpan, {
        ...extras,
        hint: problem.hint ?? null,
        related: problem.input === undefined ? [] : [{ span: graph.nodes[node.inputs[problem.input]!]!.origin.span, message: `\`${inputName(problem.input)}\` is defined here` }],
      });
  }
}

/**
 * Infers shapes and counts and returns the IR. After a shape error (reported into the sink) the
 * layers it reaches have null shapes; the pipeline then hands out no checked graph, and editors
 * show what is known.
 */
export function inferShapes(
  graph: LinkedGraph,
  order: readonly number[],
  meta: { name: string; variant: string | null; params: Graph['params']; training: TrainingConfig | null; file: string },
  sink: DiagnosticSink,
): Graph {
  const shapes = new Map<number, Shape | null>();
  const built = new Map<number, GraphNode>();
  order.forEach((id, index) => {
    const node = graph.nodes[id]!;
    const op = OPS.get(node.op)!;
    const inputs = node.inputs.map((i) => shapes.get(i) ?? null);
    let shape: Shape | null = null;
    let params = NO_PARAMS;
    let macs = 0;
    if (inputs.every((s): s is Shape => s !== null)) {
      const ctx = { inputs, attrs: node.attrs };
      const r = op.inferShape(ctx);
      if ('problem' in r) {
        reportProblem(node, inputs, graph, r.problem, sink);
      } else {
        params = op.countParams?.(ctx, r.shape) ?? NO_PARAMS;
        macs = op.countMacs?.(ctx, r.shape) ?? 0;
        // Past what a backend holds: reported here, and the layer's shape counts as unknown.
        if (checkLayerNumbers(node, r.shape, params, macs, sink)) shape = r.shape;
        else {
          params = NO_PARAMS;
          macs = 0;
        }
      }
    }
    shapes.set(id, shape);
    built.set(id, {
      index,
      name: node.name,
      op: node.op,
      attrs: node.attrs,
      inputs: node.inputs.map((i) => graph.nodes[i]!.name),
      shape,
      params,
      macs,
      origin: node.origin,
      scope: node.scope,
      explicitName: node.explicitName,
    });
  });
  const nodes = order.map((id) => built.get(id)!);
  const trainable = nodes.reduce((a, n) => a + n.params.trainable, 0);
  const nonTrainable = nodes.reduce((a, n) => a + n.params.nonTrainable, 0);
  const macs = nodes.reduce((a, n) => a + n.macs, 0);
  checkTotals({ params: trainable + nonTrainable, macs }, null, sink);
  return {
    name: meta.name,
    variant: meta.variant,
    params: meta.params,
    nodes,
    inputs: graph.inputs.map((i) => graph.nodes[i]!.name),
    outputs: graph.outputs.map((i) => graph.nodes[i]!.name),
    training: meta.training,
    totals: { params: trainable + nonTrainable, trainable, nonTrainable, macs },
    file: meta.file,
  };
}
