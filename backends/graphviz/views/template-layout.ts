/**
 * Decides how a template figure is arranged: which steps form the main path, where the branches
 * rejoin (the merge: the seed's addition), which steps are the shortcut path, and the DOT hints
 * that put the shortcut above the main path (beside it top-to-bottom) and centred over it.
 *
 * Why edge order: with `ordering=out`, Graphviz keeps each node's out-edges in the order they
 * are written, first on top (LR) or on the left (TB). Writing the shortcut edges before the
 * main-path edge is what puts the shortcut where the seed's figures have it.
 */
import type { TemplateFlow, WalkEdge } from './template-walk.js';

/** The arrangement of one template figure. */
export interface Layout {
  /** Steps of the main path, input and output included. */
  readonly main: ReadonlySet<string>;
  /** Main-path steps between the input and the merge: the "main path" box. */
  readonly mainCluster: readonly string[];
  /** Steps off the main path that lead into the merge: the "shortcut path" box. */
  readonly shortcut: readonly string[];
  /** Edges (`from->to`) from one main-path step to the next: kept straight. */
  readonly steps: ReadonlySet<string>;
  /** Edges that skip from the main path straight to the merge: the identity shortcut. */
  readonly skips: ReadonlySet<string>;
  /** Minimum rank lengths that centre the shortcut over the main path. */
  readonly minlen: ReadonlyMap<string, number>;
  /** Every edge, in the order to write them. */
  readonly edgeOrder: readonly WalkEdge[];
}

/** The edge key used by `skips` and `minlen`. */
export function edgeKey(e: { readonly from: string; readonly to: string }): string {
  return `${e.from}->${e.to}`;
}

/** The longest chain of steps ending at the output; ids are in body order, so one pass works. */
function longestPath(flow: TemplateFlow): string[] {
  const best = new Map<string, number>();
  const pred = new Map<string, string>();
  const incoming = new Map<string, WalkEdge[]>();
  for (const e of flow.edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  for (const n of flow.nodes) {
    if (n.kind === 'input' || n.kind === 'ref') best.set(n.id, 0);
    for (const e of incoming.get(n.id) ?? []) {
      const from = best.get(e.from);
      // Strictly greater: on a tie the earlier argument wins (`Add: [main, shortcut]`).
      if (from !== undefined && from + 1 > (best.get(n.id) ?? -1)) {
        best.set(n.id, from + 1);
        pred.set(n.id, e.from);
      }
    }
  }
  const output = flow.nodes[flow.nodes.length - 1]!;
  const path = [output.id];
  for (let at = pred.get(output.id); at !== undefined; at = pred.get(at)) path.unshift(at);
  return path;
}

/** Arranges a template figure. */
export function mainPath(flow: TemplateFlow): Layout {
  const path = longestPath(flow);
  const main = new Set(path);
  const incoming = new Map<string, WalkEdge[]>();
  for (const e of flow.edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  // Only sure edges count: a step under `if` may not exist, so a figure that cannot be sure of
  // its shortcut draws no path labels (the dashed arrows show the condition instead).
  const counts = (e: WalkEdge): boolean => !e.optional;
  // Where a side branch comes from: walk back from `id` along first inputs until the main path.
  const origin = (id: string): string => {
    let at = id;
    for (let guard = 0; !main.has(at) && guard <= flow.nodes.length; guard++) {
      const first = (incoming.get(at) ?? [])[0];
      if (!first) return at;
      at = first.from;
    }
    return at;
  };
  // The merge is the residual: the last main step that also reads a branch starting at the
  // block's input (the shortcut). A branch from inside the main path (squeeze-and-excitation's
  // Multiply) is part of the main path. No such step: the figure draws no path labels at all.
  let mergeAt = -1;
  path.forEach((id, i) => {
    if (i >= 2 && (incoming.get(id) ?? []).some((e) => counts(e) && e.from !== path[i - 1] && origin(e.from) === path[0])) mergeAt = i;
  });
  const mainCluster = mergeAt < 0 ? [] : path.slice(1, mergeAt).filter((id) => flow.nodes.find((n) => n.id === id)?.kind !== 'ref');
  const shortcut = mergeAt < 0 ? [] : flow.nodes.filter((n) => !main.has(n.id) && (n.kind === 'op' || n.kind === 'call') && origin(n.id) === path[0]).map((n) => n.id);
  const skips = new Set<string>();
  if (mergeAt >= 0) {
    const merge = path[mergeAt]!;
    for (const e of incoming.get(merge) ?? []) if (counts(e) && e.from === path[0]) skips.add(edgeKey(e));
  }
  const minlen = new Map<string, number>();
  const sideSet = new Set(shortcut);
  const entries = flow.edges.filter((e) => main.has(e.from) && sideSet.has(e.to));
  // Centre only a single chain: with several branches there is no one "over the middle".
  if (entries.length === 1 && shortcut.length < mainCluster.length) {
    const offset = Math.floor((mainCluster.length - shortcut.length) / 2);
    const fromRank = path.indexOf(entries[0]!.from);
    const target = Math.max(fromRank + 1, 1 + offset);
    minlen.set(edgeKey(entries[0]!), target - fromRank);
  }
  const isMainEdge = (e: WalkEdge): boolean => main.has(e.from) && main.has(e.to) && path.indexOf(e.to) === path.indexOf(e.from) + 1;
  const order = new Map(flow.nodes.map((n, i) => [n.id, i]));
  const edgeOrder = [...flow.edges].sort((a, b) => (order.get(a.from)! - order.get(b.from)!) || Number(isMainEdge(a)) - Number(isMainEdge(b)));
  const steps = new Set(flow.edges.filter(isMainEdge).map(edgeKey));
  return { main, mainCluster, shortcut, steps, skips, minlen, edgeOrder };
}
