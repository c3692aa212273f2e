/**
 * The `layers` view: every layer of the model, named, inside nested clusters for its groups
 * (stages) and block instances, with the tensor shape on every arrow. The zoom level for
 * checking a model layer by layer; node IDs are the layer names, so the SVG's tooltips show them.
 */
import type { Graph, GraphNode } from '../../../compiler/ir.js';
import { kerasClassName } from '../../../compiler/summary.js';
import { writeDot, type DotAttrs, type DotWriter } from '../dot.js';
import { describeLayer } from './describe.js';
import { bold, edgeLabel, muted, stack, stackLeft, text } from './labels.js';
import { paramsOf, scopeTree, templateOrder, type Item } from './structure.js';
import { baseGraphAttrs, CLUSTER_BORDER, formatParams, formatShape, opBoxAttrs, templateFill, type RankDir } from './style.js';

/** Options of the layers view. */
export interface LayersOptions {
  readonly rankdir?: RankDir;
}

/** A layer's box: its name, then its Keras class and settings. */
function layerNode(node: GraphNode): DotAttrs {
  const d = describeLayer(node.op, node.attrs);
  // Here the class name leads (as in the summary table), so an Activation names its function.
  const fn = node.op === 'Activation' && typeof node.attrs['activation'] === 'string' ? ` ${node.attrs['activation']}` : '';
  const what = `${kerasClassName(node)}${fn}${d.detail === '' ? '' : ` ${d.detail}`}`;
  return { ...opBoxAttrs(node.op), label: stack([bold(node.name), muted(what)]) };
}

/** What a cluster's title says: a bold heading, a plain subheading, a muted line under them. */
export interface ClusterTitle {
  readonly heading: string;
  readonly sub: string;
  readonly note: string;
}

/** The usual title of a group (`stage2`) or block instance (`res2a  convolutional_block`). */
export function scopeTitle(item: Item & { readonly kind: 'scope' }): ClusterTitle {
  const sub = item.entry.kind === 'block' ? item.entry.template : '';
  return { heading: item.entry.label, sub, note: formatParams(paramsOf(item.nodes)) };
}

/** Cluster attributes of a group (an outline) or a block instance (tinted by its template). */
export function scopeCluster(item: Item & { readonly kind: 'scope' }, templates: readonly string[], title: ClusterTitle): DotAttrs {
  const label = stackLeft([`${bold(title.heading)}${title.sub === '' ? '' : `  ${text(title.sub)}`}`, muted(title.note)]);
  if (item.entry.kind === 'group') return { label, style: 'rounded', color: CLUSTER_BORDER, labeljust: 'l' };
  // Graphviz takes #RRGGBBAA: a light wash of the template's colour keeps the boxes readable.
  const fill = templateFill(templates.indexOf(item.entry.template));
  return { label, style: 'rounded,filled', fillcolor: `${fill}55`, color: CLUSTER_BORDER, labeljust: 'l' };
}

/** Draws the arrows between layers, each with the shape its tensor has. */
function drawArrows(g: DotWriter, graph: Graph): void {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const n of graph.nodes) {
    for (const input of n.inputs) g.edge(input, n.name, { label: edgeLabel(formatShape(byName.get(input)?.shape ?? null)) });
  }
}

function drawItems(g: DotWriter, items: readonly Item[], templates: readonly string[], counter: { next: number }): void {
  for (const item of items) {
    if (item.kind === 'layer') {
      g.node(item.node.name, layerNode(item.node));
      continue;
    }
    const id = `s${counter.next++}`;
    g.cluster(id, scopeCluster(item, templates, scopeTitle(item)), (c) => drawItems(c, item.children, templates, counter));
  }
}

/** Draws every layer, clustered by group and block instance, as DOT. */
export function drawLayers(graph: Graph, options: LayersOptions = {}): string {
  const title = `${graph.name}: ${graph.nodes.length} layers, ${formatParams(graph.totals.params)}`;
  return writeDot(graph.name, (g) => {
    g.graphAttrs({ ...baseGraphAttrs(title, options.rankdir ?? 'TB'), ranksep: 0.25 });
    g.nodeDefaults({ fontsize: 11, margin: '0.08,0.03' });
    g.edgeDefaults({ color: '#424242', arrowsize: 0.7 });
    drawItems(g, scopeTree(graph), templateOrder(graph), { next: 0 });
    drawArrows(g, graph);
  });
}
