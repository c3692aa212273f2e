/**
 * The `blocks` view, the zoom level between the overview and the layer graph: each block
 * instance is a cluster expanded into its layers, inside its stage's cluster, and consecutive
 * identical instances are drawn once as "identity_block × 2 (res2b, res2c)". Layers are titled
 * the way the seed's figures title them (CONV2D, BatchNorm, ReLU), named where the name is one.
 */
import type { Graph } from '../../../compiler/ir.js';
import { writeDot, type DotWriter } from '../dot.js';
import { describeLayer } from './describe.js';
import { edgeLabel, stepLabel } from './labels.js';
import { scopeCluster, scopeTitle } from './layers.js';
import { itemNodes, labelRange, rollUp, scopeTree, templateOrder, type Item } from './structure.js';
import { baseGraphAttrs, formatParams, formatShape, opBoxAttrs, type RankDir } from './style.js';

/** Options of the blocks view. */
export interface BlocksOptions {
  readonly rankdir?: RankDir;
}

/** Where each layer is drawn, and which rolled-up runs (and which copy in each) it belongs to. */
interface Drawing {
  readonly drawnAs: Map<string, string>;
  readonly copies: Map<string, { run: number; copy: number }[]>;
  clusters: number;
  runs: number;
}

function drawRuns(g: DotWriter, items: readonly Item[], templates: readonly string[], named: boolean, d: Drawing): void {
  for (const run of rollUp(items)) {
    const runId = d.runs++;
    const n = run.items.length;
    const first = run.first;
    if (first.kind === 'layer') {
      const desc = describeLayer(first.node.op, first.node.attrs);
      const names = run.items.map((i) => (i.kind === 'layer' ? i.node.name : ''));
      const title = n > 1 ? `${desc.title} × ${n}` : desc.title;
      g.node(first.node.name, { ...opBoxAttrs(first.node.op), label: stepLabel(title, desc.detail, named ? labelRange(names) : '') });
    } else {
      const labels = run.items.map((i) => (i.kind === 'scope' ? i.entry.label : ''));
      const single = scopeTitle(first);
      const rolled = first.entry.kind === 'block' && n > 1;
      const title = rolled ? { heading: `${single.sub} × ${n}`, sub: labelRange(labels), note: `${single.note} each` } : single;
      g.cluster(`s${d.clusters++}`, scopeCluster(first, templates, title), (c) => drawRuns(c, first.children, templates, named && n === 1, d));
    }
    // Copies after the first are drawn as the first: same position, same box.
    const firstNodes = itemNodes(first);
    run.items.forEach((item, copy) => {
      itemNodes(item).forEach((node, i) => {
        if (copy > 0) d.drawnAs.set(node.name, d.drawnAs.get(firstNodes[i]!.name) ?? firstNodes[i]!.name);
        else if (!d.drawnAs.has(node.name)) d.drawnAs.set(node.name, node.name);
        d.copies.set(node.name, [...(d.copies.get(node.name) ?? []), { run: runId, copy }]);
      });
    });
  }
}

/** True when two layers sit in different copies of one rolled-up run (the link between copies). */
function acrossCopies(d: Drawing, a: string, b: string): boolean {
  const mine = d.copies.get(a) ?? [];
  return (d.copies.get(b) ?? []).some((o) => mine.some((m) => m.run === o.run && m.copy !== o.copy));
}

/** Draws the blocks view of a compiled graph as DOT. */
export function drawBlocks(graph: Graph, options: BlocksOptions = {}): string {
  const title = `${graph.name}: ${graph.nodes.length} layers, ${formatParams(graph.totals.params)}`;
  const drawing: Drawing = { drawnAs: new Map(), copies: new Map(), clusters: 0, runs: 0 };
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  return writeDot(graph.name, (g) => {
    g.graphAttrs({ ...baseGraphAttrs(title, options.rankdir ?? 'TB'), ranksep: 0.25 });
    g.nodeDefaults({ fontsize: 12, margin: '0.08,0.03' });
    g.edgeDefaults({ color: '#424242', arrowsize: 0.7 });
    drawRuns(g, scopeTree(graph), templateOrder(graph), true, drawing);
    const drawn = new Set<string>();
    for (const n of graph.nodes) {
      const to = drawing.drawnAs.get(n.name)!;
      for (const input of n.inputs) {
        const from = drawing.drawnAs.get(input);
        if (from === undefined || from === to || acrossCopies(drawing, input, n.name)) continue;
        const key = JSON.stringify([from, to]);
        if (drawn.has(key)) continue;
        drawn.add(key);
        g.edge(from, to, { label: edgeLabel(formatShape(byName.get(input)?.shape ?? null)) });
      }
    }
  });
}
