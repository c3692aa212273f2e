/**
 * The `overview` view, like the seed's ResNet-50 figure: input → stem → stages → head → output,
 * each top-level group (stage) one box listing what it holds, consecutive identical blocks
 * rolled up ("identity_block × 2"), with output shapes and parameter counts.
 */
import type { Graph, GraphNode } from '../../../compiler/ir.js';
import { html, writeDot, type DotWriter } from '../dot.js';
import { describeLayer } from './describe.js';
import { bold, cell, edgeLabel, muted, sized, stack, table, text } from './labels.js';
import { exitNode, itemNodes, labelRange, paramsOf, rollUp, scopeTree, templateOrder, type Item, type Run } from './structure.js';
import { baseGraphAttrs, formatCount, formatParams, formatShape, PALETTE, opFamily, templateFill, type RankDir } from './style.js';

/** Options of the overview. */
export interface OverviewOptions {
  readonly rankdir?: RankDir;
}

/** One box of the overview. */
interface Section {
  readonly id: string;
  readonly title: string;
  readonly items: readonly Item[];
}

/**
 * Splits the top level into sections: each input, each group, and each run of what lies between
 * (loose layers and block instances outside any group), which becomes one box of rows.
 */
function sections(top: readonly Item[]): Section[] {
  const out: { id: string; title: string; items: Item[] }[] = [];
  let loose: Item[] | null = null;
  for (const item of top) {
    const isGroup = item.kind === 'scope' && item.entry.kind === 'group';
    const isInput = item.kind === 'layer' && item.node.op === 'Input';
    if (!isGroup && !isInput) {
      if (!loose) {
        loose = [];
        out.push({ id: `s${out.length}`, title: '', items: loose });
      }
      loose.push(item);
      continue;
    }
    loose = null;
    const title = item.kind === 'layer' ? item.node.name : item.entry.label;
    out.push({ id: `s${out.length}`, title, items: [item] });
  }
  // Loose layers are named by where they sit: before everything else, after it, or between.
  const structured = out.map((s) => s.items.some((i) => i.kind === 'scope' && i.entry.kind === 'group'));
  const firstStructured = structured.indexOf(true);
  const lastStructured = structured.lastIndexOf(true);
  return out.map((s, i) => {
    if (s.title !== '') return s;
    const title = firstStructured < 0 ? 'layers' : i < firstStructured ? 'stem' : i > lastStructured ? 'head' : 'layers';
    return { ...s, title };
  });
}

/** One row per run: what it is, which instances or layers, output shape, parameters. */
function runRow(graph: Graph, run: Run, templates: readonly string[]): string[] {
  const nodes = run.items.flatMap((i) => [...itemNodes(i)]);
  const last = run.items[run.items.length - 1]!;
  const shape = formatShape(exitNode(graph, itemNodes(last))?.shape ?? null) ?? '';
  const times = run.items.length > 1 ? ` × ${run.items.length}` : '';
  const params = cell(muted(formatCount(paramsOf(nodes))), { align: 'RIGHT' });
  const first = run.first;
  if (first.kind === 'layer') {
    const d = describeLayer(first.node.op, first.node.attrs);
    // `2 × CONV2D 3×3, 64`, the way VGG's tables count identical layers.
    const count = run.items.length > 1 ? `${run.items.length} × ` : '';
    const what = `${count}${d.title}${d.detail === '' ? '' : ` ${d.detail}`}`;
    const names = labelRange(run.items.map((i) => (i.kind === 'layer' ? i.node.name : '')));
    return [cell(sized(what, 11), { align: 'LEFT', bgcolor: PALETTE[opFamily(first.node.op)].fill }), cell(muted(names), { align: 'LEFT' }), cell(sized(shape, 11), { align: 'RIGHT' }), params];
  }
  const entry = first.entry;
  const what = entry.kind === 'block' ? `${entry.template}${times}` : `${entry.label} (${first.nodes.length} layers)`;
  const fill = entry.kind === 'block' ? templateFill(templates.indexOf(entry.template)) : '#f5f5f5';
  const labels = entry.kind === 'block' ? labelRange(run.items.map((i) => (i.kind === 'scope' ? i.entry.label : ''))) : '';
  return [cell(sized(what, 11), { align: 'LEFT', bgcolor: fill }), cell(muted(labels), { align: 'LEFT' }), cell(sized(shape, 11), { align: 'RIGHT' }), params];
}

function drawSection(g: DotWriter, graph: Graph, section: Section, templates: readonly string[]): void {
  const only = section.items[0]!;
  if (only.kind === 'layer' && only.node.op === 'Input') {
    const shape = formatShape(only.node.shape) ?? '?';
    g.node(section.id, { shape: 'box', style: 'rounded,filled', fillcolor: PALETTE.io.fill, color: PALETTE.io.border, margin: '0.15,0.06', label: stack([bold(only.node.name), text(shape)]) });
    return;
  }
  // A group's rows are its children; a run of loose layers (stem, head) lists the layers.
  const isGroup = only.kind === 'scope' && only.entry.kind === 'group';
  const children = isGroup ? only.children : section.items;
  const nodes = section.items.flatMap((i) => [...itemNodes(i)]);
  const title = `${bold(section.title)}  ${muted(formatParams(paramsOf(nodes)))}`;
  const header = [cell(title, { align: 'LEFT', colspan: 2 }), cell(muted('output'), { align: 'RIGHT' }), cell(muted('params'), { align: 'RIGHT' })];
  const rows = [header, ...rollUp(children).map((run) => runRow(graph, run, templates))];
  g.node(section.id, { shape: 'box', style: 'rounded,filled', fillcolor: 'white', color: '#424242', margin: 0.05, label: table(rows) });
}

/** Draws the overview of a compiled graph as DOT text. */
export function drawOverview(graph: Graph, options: OverviewOptions = {}): string {
  const all = sections(scopeTree(graph));
  const templates = templateOrder(graph);
  const sectionOf = new Map<string, string>();
  for (const s of all) for (const n of s.items.flatMap((i) => [...itemNodes(i)])) sectionOf.set(n.name, s.id);
  const title = `${graph.name}: ${graph.nodes.length} layers, ${formatParams(graph.totals.params)}`;
  return writeDot(graph.name, (g) => {
    g.graphAttrs(baseGraphAttrs(title, options.rankdir ?? 'TB'));
    g.edgeDefaults({ color: '#424242', arrowsize: 0.8 });
    for (const s of all) drawSection(g, graph, s, templates);
    const drawn = new Set<string>();
    const byName = new Map<string, GraphNode>(graph.nodes.map((n) => [n.name, n]));
    for (const n of graph.nodes) {
      const to = sectionOf.get(n.name)!;
      for (const input of n.inputs) {
        const from = sectionOf.get(input);
        const key = JSON.stringify([from, to, input]);
        if (from === undefined || from === to || drawn.has(key)) continue;
        drawn.add(key);
        g.edge(from, to, { label: edgeLabel(formatShape(byName.get(input)?.shape ?? null)) });
      }
    }
    graph.outputs.forEach((name, i) => {
      const id = `out${i}`;
      const label = graph.outputs.length > 1 ? `output ${i + 1}` : 'output';
      g.node(id, { shape: 'box', style: 'rounded,filled', fillcolor: PALETTE.io.fill, color: PALETTE.io.border, margin: '0.15,0.06', label: html(bold(label)) });
      g.edge(sectionOf.get(name)!, id, { label: edgeLabel(formatShape(byName.get(name)?.shape ?? null)) });
    });
  });
}
