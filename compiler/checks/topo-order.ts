/**
 * Orders layers topologically, ties broken by creation (source) order as Keras does, and
 * reports a cycle (GC4003) with the layers on it. Only references by layer name can point
 * forward, so only they can close a cycle.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { LinkedGraph } from './linked.js';

/** A binary min-heap of ids: the next ready layer is always the earliest created. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Layer ids in topological order, or null after reporting a cycle. */
export function topoOrder(graph: LinkedGraph, sink: DiagnosticSink): number[] | null {
  const n = graph.nodes.length;
  const pending = graph.nodes.map((node) => node.inputs.length);
  const consumers: number[][] = graph.nodes.map(() => []);
  for (const node of graph.nodes) for (const i of node.inputs) consumers[i]!.push(node.id);
  const ready = new MinHeap();
  pending.forEach((count, id) => count === 0 && ready.push(id));
  const order: number[] = [];
  while (ready.size > 0) {
    const id = ready.pop();
    order.push(id);
    for (const c of consumers[id]!) if (--pending[c]! === 0) ready.push(c);
  }
  if (order.length === n) return order;
  // Walk back along unfinished inputs until a layer repeats: that loop is the cycle.
  const stuck = new Set(graph.nodes.filter((node) => pending[node.id]! > 0).map((node) => node.id));
  let at = [...stuck][0]!;
  const path: number[] = [];
  const seen = new Map<number, number>();
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    at = graph.nodes[at]!.inputs.find((i) => stuck.has(i))!;
  }
  const cycle = path.slice(seen.get(at)!);
  const names = [...cycle, cycle[0]!].map((id) => `\`${graph.nodes[id]!.name}\``).join(' -> ');
  const first = graph.nodes[cycle[0]!]!;
  sink.report('GC4003', [names], first.origin.span, {
    trace: first.origin.trace,
    related: cycle.slice(1).map((id) => ({ span: graph.nodes[id]!.origin.span, message: `\`${graph.nodes[id]!.name}\` is on the cycle` })),
  });
  return null;
}
