/**
 * Ties a template figure to the first call of the template in the compiled graph, so its arrows
 * can carry real tensor shapes. Steps are matched to layers by source span (a layer's origin is
 * the step that wrote it), which needs no evaluation and survives any naming scheme.
 */
import type { Graph, GraphNode, Shape, SourceSpan, Value } from '../../../compiler/ir.js';
import { exitNode, scopeKey } from './structure.js';
import type { TemplateFlow, WalkEdge, WalkNode } from './template-walk.js';

/** The first call of a template, as the figure uses it. */
export interface FirstCall {
  /** Instance label, e.g. `res2a`. */
  readonly label: string;
  readonly args: { readonly [name: string]: Value };
  /** The layer each drawn step produced (for a nested block call: the block's exit layer). */
  readonly layerOf: ReadonlyMap<string, GraphNode>;
  /** Drawn step of each produced layer, by layer name (the inverse of `layerOf`). */
  readonly stepOf: ReadonlyMap<string, string>;
  /** Every layer of the instance, by name. */
  readonly inside: ReadonlySet<string>;
  /** The one tensor entering the instance from outside, when there is exactly one. */
  readonly soleInput: GraphNode | null;
}

function sameSpan(a: SourceSpan, b: SourceSpan): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end;
}

/** Finds the first instance of `template` in topological order, or null when it is never called. */
export function firstCall(graph: Graph, template: string, flow: TemplateFlow): FirstCall | null {
  let key: string | null = null;
  let depth = -1;
  let blockDepth = 0;
  for (const n of graph.nodes) {
    const d = n.scope.findIndex((e) => e.kind === 'block' && e.template === template);
    if (d >= 0) {
      key = scopeKey(n.scope, d);
      depth = d;
      blockDepth = n.scope.slice(0, d + 1).filter((e) => e.kind === 'block').length;
      break;
    }
  }
  if (key === null) return null;
  const members = graph.nodes.filter((n) => n.scope.length > depth && scopeKey(n.scope, depth) === key);
  const entry = members[0]!.scope[depth]!;
  if (entry.kind !== 'block') return null;
  const layerOf = new Map<string, GraphNode>();
  for (const w of flow.nodes) {
    if (w.kind === 'op') {
      const layer = members.find((n) => n.scope.length === depth + 1 && sameSpan(n.origin.span, w.step.span));
      if (layer) layerOf.set(w.id, layer);
    } else if (w.kind === 'call') {
      // The nested call's frame sits right after this instance's frame in the trace.
      const nested = members.filter((n) => n.scope.length > depth + 1 && n.origin.trace[blockDepth] !== undefined && sameSpan(n.origin.trace[blockDepth]!.call, w.step.span));
      const exit = nested.length > 0 ? exitNode(graph, nested) : undefined;
      if (exit) layerOf.set(w.id, exit);
    }
  }
  const stepOf = new Map<string, string>();
  for (const [id, layer] of layerOf) if (!stepOf.has(layer.name)) stepOf.set(layer.name, id);
  const inside = new Set(members.map((n) => n.name));
  const outside = new Set(members.flatMap((n) => n.inputs.filter((i) => !inside.has(i))));
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const soleInput = outside.size === 1 ? (byName.get([...outside][0]!) ?? null) : null;
  return { label: entry.label, args: entry.args, layerOf, stepOf, inside, soleInput };
}

/**
 * The shape of the tensor an arrow carries in the first call, or null when the call did not
 * take that arrow (a branch of an `if` it skipped) or the shape is unknown.
 */
export function arrowShape(call: FirstCall, graph: Graph, edge: WalkEdge, from: WalkNode, to: WalkNode): Shape | null {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const fromOutside = from.kind === 'input' || from.kind === 'ref';
  if (to.kind === 'op') {
    const layer = call.layerOf.get(to.id);
    const input = layer?.inputs[edge.position];
    if (input === undefined) return null;
    const took = call.inside.has(input) ? call.stepOf.get(input) === from.id : fromOutside;
    return took ? (byName.get(input)?.shape ?? null) : null;
  }
  if (!fromOutside) return call.layerOf.get(from.id)?.shape ?? null;
  return from.kind === 'input' ? (call.soleInput?.shape ?? null) : null;
}
