/**
 * Names every layer and resolves references by layer name. Layers the YAML leaves unnamed get
 * Keras-style names `<snake_case class>_<n>` counted per class in creation order, skipping names
 * the YAML uses, so a name never depends on anything but the file (no global counters).
 */
import { didYouMean, type DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Expansion, Tensor } from '../expand/raw.js';
import { snakeCase } from '../ops/registry.js';
import type { LinkedGraph, LinkedNode } from './linked.js';

/** Derived names for unnamed layers, by id. */
export function deriveNames(expansion: Expansion): string[] {
  const taken = new Set(expansion.nodes.map((n) => n.explicitName).filter((n): n is string => n !== null));
  const counters = new Map<string, number>();
  return expansion.nodes.map((n) => {
    if (n.explicitName !== null) return n.explicitName;
    const prefix = snakeCase(n.op);
    let i = counters.get(prefix) ?? 0;
    let name: string;
    do name = `${prefix}_${++i}`;
    while (taken.has(name));
    counters.set(prefix, i);
    taken.add(name);
    return name;
  });
}

/** Names the layers and resolves name references (GC4001 for the ones that match nothing). */
export function linkNames(expansion: Expansion, sink: DiagnosticSink): LinkedGraph {
  const names = deriveNames(expansion);
  const byName = new Map<string, number>();
  names.forEach((name, id) => {
    if (!byName.has(name)) byName.set(name, id);
  });
  const resolve = (t: Tensor): number | null => {
    if (t.kind === 'node') return t.id;
    const id = byName.get(t.name);
    if (id !== undefined) return id;
    sink.report('GC4001', [t.name], t.span, { hint: didYouMean(t.name, [...t.labels, ...byName.keys()]), trace: t.trace });
    return null;
  };
  const nodes: LinkedNode[] = expansion.nodes.map((n) => ({
    id: n.id,
    op: n.op,
    name: names[n.id]!,
    explicitName: n.explicitName !== null,
    attrs: n.attrs,
    inputs: n.inputs.map(resolve).filter((x): x is number => x !== null),
    origin: n.origin,
    scope: n.scope,
    opSpan: n.opSpan,
  }));
  const outputs = expansion.outputs.map(resolve).filter((x): x is number => x !== null);
  return { nodes, inputs: expansion.inputs, outputs };
}
