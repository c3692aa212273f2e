/**
 * The nesting the views draw: the graph's layers arranged into the groups (stages) and block
 * instances their `scope` names, and runs of repeated blocks that can be drawn once as "× N".
 * Computed from the IR alone, so every view agrees on what a stage or a block instance is.
 */
import type { Graph, GraphNode, ScopeEntry } from '../../../compiler/ir.js';

/** A layer that sits directly in its parent (no further group or block around it). */
export interface LayerItem {
  readonly kind: 'layer';
  readonly node: GraphNode;
}

/** A group or block instance with everything inside it. */
export interface ScopeItem {
  readonly kind: 'scope';
  readonly entry: ScopeEntry;
  /** Unique per group or instance: the scope path down to and including `entry`. */
  readonly key: string;
  readonly children: readonly Item[];
  /** Every layer inside, at any depth, in topological order. */
  readonly nodes: readonly GraphNode[];
}

/** One element of the structure tree. */
export type Item = LayerItem | ScopeItem;

interface MutableScope {
  readonly kind: 'scope';
  readonly entry: ScopeEntry;
  readonly key: string;
  readonly children: (LayerItem | MutableScope)[];
  readonly nodes: GraphNode[];
  readonly index: Map<string, MutableScope>;
}

/**
 * The key of the scope `node.scope[0..depth]`. Keyed by the whole path (kinds, labels, templates
 * and arguments) because the IR holds data, not object identity; two instances with the same
 * path are indistinguishable to a reader anyway, and are drawn as one.
 */
export function scopeKey(scope: readonly ScopeEntry[], depth: number): string {
  return JSON.stringify(scope.slice(0, depth + 1));
}

/**
 * Arranges the layers into a tree by scope, children in order of first appearance. A group that
 * shows up again later (interleaved branches) joins its first appearance.
 */
export function scopeTree(graph: Graph): readonly Item[] {
  const root: MutableScope = { kind: 'scope', entry: { kind: 'group', label: '' }, key: '', children: [], nodes: [], index: new Map() };
  for (const node of graph.nodes) {
    let parent = root;
    node.scope.forEach((entry, depth) => {
      const key = scopeKey(node.scope, depth);
      let child = parent.index.get(key);
      if (!child) {
        child = { kind: 'scope', entry, key, children: [], nodes: [], index: new Map() };
        parent.index.set(key, child);
        parent.children.push(child);
      }
      child.nodes.push(node);
      parent = child;
    });
    parent.children.push({ kind: 'layer', node });
  }
  return root.children;
}

/**
 * A structural fingerprint: ops, shapes and internal wiring, with layer names left out. Two
 * items with the same signature draw identically except for names, so they may be rolled up.
 */
export function signature(item: Item): string {
  if (item.kind === 'layer') {
    const n = item.node;
    return JSON.stringify(['layer', n.op, n.attrs, n.shape, n.inputs.length]);
  }
  const position = new Map(item.nodes.map((n, i) => [n.name, i]));
  const body = item.nodes.map((n) => [n.op, n.attrs, n.shape, n.inputs.map((i) => position.get(i) ?? -1)]);
  const template = item.entry.kind === 'block' ? item.entry.template : null;
  return JSON.stringify([item.entry.kind, template, body]);
}

/** Consecutive items with the same signature: drawn once, "× N". */
export interface Run {
  readonly items: readonly Item[];
  /** The first item: the one whose layers are drawn. */
  readonly first: Item;
}

/**
 * Groups consecutive identical siblings into runs. Only block instances and layers roll up;
 * groups are named by the user (`stage3`) and each one stays visible.
 */
export function rollUp(items: readonly Item[]): readonly Run[] {
  const runs: { items: Item[]; first: Item; sig: string | null }[] = [];
  for (const item of items) {
    const rollable = item.kind === 'layer' ? item.node.op !== 'Input' : item.entry.kind === 'block';
    const sig = rollable ? signature(item) : null;
    const last = runs[runs.length - 1];
    if (last && sig !== null && last.sig === sig) last.items.push(item);
    else runs.push({ items: [item], first: item, sig });
  }
  return runs.map(({ items: list, first }) => ({ items: list, first }));
}

/** Every layer of an item, in topological order. */
export function itemNodes(item: Item): readonly GraphNode[] {
  return item.kind === 'layer' ? [item.node] : item.nodes;
}

/** Trainable plus non-trainable parameters of some layers. */
export function paramsOf(nodes: readonly GraphNode[]): number {
  return nodes.reduce((sum, n) => sum + n.params.trainable + n.params.nonTrainable, 0);
}

/**
 * The layer whose output leaves an item: the last one in topological order that feeds a layer
 * outside it or is a model output; the last layer when nothing does (a dead end).
 */
export function exitNode(graph: Graph, nodes: readonly GraphNode[]): GraphNode | undefined {
  const inside = new Set(nodes.map((n) => n.name));
  const used = new Set<string>(graph.outputs);
  for (const n of graph.nodes) if (!inside.has(n.name)) for (const i of n.inputs) used.add(i);
  const leaving = nodes.filter((n) => used.has(n.name));
  return leaving[leaving.length - 1] ?? nodes[nodes.length - 1];
}

/** A short list of labels: `res2b, res2c`, or `res4b … res4f` for longer runs. */
export function labelRange(labels: readonly string[]): string {
  if (labels.length <= 2) return labels.join(', ');
  return `${labels[0]} … ${labels[labels.length - 1]}`;
}

/** Block templates in order of first use, so each gets the same colour in every view. */
export function templateOrder(graph: Graph): readonly string[] {
  const seen = new Set<string>();
  for (const n of graph.nodes) for (const e of n.scope) if (e.kind === 'block') seen.add(e.template);
  return [...seen];
}
