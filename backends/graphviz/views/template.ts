/**
 * The `template:NAME` view: one block template drawn like the seed's identity-block and
 * convolutional-block figures. The main path (the longest chain from the block's input to its
 * output) runs straight; every other step is the shortcut path, drawn above it (beside it
 * top-to-bottom) and centred over it; then the addition and the final ReLU. Boxes are labelled
 * with the template's own parameters (F1, f×f, stride s), arrows with the first call's shapes.
 */
import type { Graph, Value } from '../../../compiler/ir.js';
import { OPS } from '../../../compiler/ops/registry.js';
import type { OpStep, Program, TemplateDef } from '../../../compiler/program.js';
import { html, writeDot, type DotAttrs, type DotWriter } from '../dot.js';
import { describeStep, type ReadSetting } from './describe.js';
import { computedText, exprText, isAtomic, printContext, type PrintContext } from './expr-text.js';
import { bold, edgeLabel, muted, stack, stepLabel, text } from './labels.js';
import { baseGraphAttrs, CLUSTER_BORDER, formatShape, opBoxAttrs, PALETTE, templateFill, type RankDir } from './style.js';
import { arrowShape, firstCall, type FirstCall } from './template-instance.js';
import { walkTemplate, type TemplateFlow, type WalkEdge, type WalkNode } from './template-walk.js';
import { edgeKey, mainPath, type Layout } from './template-layout.js';

/** Options of a template figure. */
export interface TemplateOptions {
  readonly rankdir?: RankDir;
}

const MERGE_SYMBOLS: Readonly<Record<string, string>> = { Add: '+', Multiply: '×', Subtract: '−' };

/** Longest expression shown in a box; longer ones are cut with an ellipsis (the YAML has them whole). */
export const MAX_EXPR_CHARS = 24;

/** Cuts text past {@link MAX_EXPR_CHARS} with `…`, so one long expression cannot widen the figure. */
export function ellipsize(s: string, max = MAX_EXPR_CHARS): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Main paths longer than this run top to bottom: the seed's blocks (12 steps with input and
 * output) read left to right as its figures do, but a 15-step MBConv laid out that way was
 * thousands of pixels wide.
 */
const MAX_LR_STEPS = 12;

/** Reads a step's settings as the figure shows them: constants as values, expressions as text. */
function settings(ctx: PrintContext, step: OpStep): ReadSetting {
  return (key) => {
    const arg = step.args.find((a) => a.key === key);
    if (!arg) return undefined;
    const v = arg.value;
    if (v.kind === 'const') return { kind: 'value', value: v.value };
    if (v.kind === 'expr') return { kind: 'expr', text: ellipsize(exprText(v.expr, ctx)), atomic: isAtomic(v.expr) };
    return { kind: 'expr', text: ellipsize(computedText(v, ctx)), atomic: v.kind !== 'template' };
  };
}

function drawStep(g: DotWriter, w: WalkNode, ctx: PrintContext, program: Program, main: boolean): void {
  const group = main ? { group: 'main' } : {};
  switch (w.kind) {
    case 'input':
    case 'output': {
      const label = w.kind === 'input' ? w.name : 'output';
      g.node(w.id, { shape: 'box', style: 'rounded,filled', fillcolor: PALETTE.io.fill, color: PALETTE.io.border, label: html(bold(label)), ...group });
      return;
    }
    case 'ref':
      g.node(w.id, { shape: 'box', style: 'rounded,dashed', color: PALETTE.io.border, label: html(text(w.text)) });
      return;
    case 'op': {
      const dashed = w.conditional ? ',dashed' : '';
      const symbol = MERGE_SYMBOLS[w.step.op];
      // Layer names stay whole (they are what the figure is read for); conditions are cut.
      const notes = [w.step.name ? computedText(w.step.name, ctx) : '', ...w.notes.map((n) => ellipsize(n))].filter((n) => n !== '').join('\n');
      // The seed's circled "+", unless the step names its layer: then it needs a box for it.
      if (symbol !== undefined && !w.step.name) {
        const { fill, border } = PALETTE.merge;
        const attrs: DotAttrs = { shape: 'circle', style: `filled${dashed}`, fillcolor: fill, color: border, fixedsize: true, width: 0.45, fontsize: 20, label: symbol, tooltip: w.step.op };
        g.node(w.id, { ...attrs, ...(w.notes.length > 0 ? { xlabel: w.notes.join('\n') } : {}), ...group });
        return;
      }
      const d = describeStep(w.step.op, settings(ctx, w.step), { alwaysStride: false });
      const box = opBoxAttrs(w.step.op);
      g.node(w.id, { ...box, style: `${String(box['style'])}${dashed}`, label: stepLabel(d.title, d.detail, notes), ...group });
      return;
    }
    case 'call': {
      const args = w.step.args.map((a) => `${a.key}: ${ellipsize(computedText(a.value, ctx))}`).join(', ');
      const index = [...program.templates.keys()].indexOf(w.step.template);
      const fill = index >= 0 ? templateFill(index) : PALETTE.other.fill;
      const style = `rounded,filled${w.conditional ? ',dashed' : ''}`;
      g.node(w.id, { shape: 'box', style, fillcolor: fill, color: PALETTE.other.border, label: stepLabel(w.step.template, args, w.notes.join('\n')), ...group });
    }
  }
}

/** The figure's title: the signature, the description, and what the letters and shapes mean. */
function title(template: TemplateDef, ctx: PrintContext, call: FirstCall | null): string {
  const params = template.params.map((p) => (p.default ? `${p.name} = ${computedText(p.default, ctx)}` : p.name)).join(', ');
  const lines = [`${bold(template.name)}(${text(params)})`];
  if (template.description !== '') lines.push(...wrap(template.description, 100).map((l) => muted(l, 11)));
  const notes: string[] = [];
  for (const p of template.params) {
    const letter = ctx.lettered.get(p.name);
    if (letter === undefined) continue;
    // All letters when the list's length is declared and short, else the first two and "…".
    const shown = p.length !== undefined && p.length <= 6 ? p.length : 2;
    const names = Array.from({ length: shown }, (_, i) => `${letter}${i + 1}`).join(', ');
    notes.push(`${names}${shown === p.length ? '' : ', …'} = ${p.name}`);
  }
  if (call) {
    const args = Object.entries(call.args).map(([k, v]) => `${k}=${valueText(v)}`).join(', ');
    notes.push(`shapes from the first call, ${call.label} (${args})`);
  }
  if (notes.length > 0) lines.push(muted(notes.join('  ·  '), 11));
  return stack(lines).html;
}

/** A value as the seed writes it: `[64, 64, 256]`, strings bare. */
function valueText(v: Value): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`;
  return JSON.stringify(v);
}

function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The label of an arrow: the shape it carries in the first call, but only where a step changed
 * it (and into the output), so a figure as wide as the seed's stays readable.
 */
function arrowLabel(e: WalkEdge, byId: ReadonlyMap<string, WalkNode>, call: FirstCall | null, graph: Graph | null): string | null {
  if (!call || !graph) return null;
  const from = byId.get(e.from)!;
  const shape = arrowShape(call, graph, e, from, byId.get(e.to)!);
  const layer = call.layerOf.get(e.from);
  if (from.kind === 'op' && layer && byId.get(e.to)!.kind !== 'output') {
    const input = graph.nodes.find((n) => n.name === layer.inputs[0]);
    if (input && formatShape(input.shape) === formatShape(shape)) return null;
  }
  return formatShape(shape);
}

function edgeAttrs(e: WalkEdge, layout: Layout, label: string | null): DotAttrs {
  const attrs: Record<string, DotAttrs[string]> = { label: edgeLabel(label) };
  if (e.optional) attrs['style'] = 'dashed';
  const minlen = layout.minlen.get(edgeKey(e));
  if (minlen !== undefined) attrs['minlen'] = minlen;
  if (layout.steps.has(edgeKey(e))) attrs['weight'] = 8;
  return attrs;
}

function skipId(e: WalkEdge): string {
  return `${e.from}_${e.to}_identity`;
}

/** The identity mark (declared inside the shortcut box; its edges go outside it). */
function drawSkipMark(g: DotWriter, e: WalkEdge): void {
  g.node(skipId(e), { shape: 'plaintext', label: html(muted('identity', 11)), height: 0.2, margin: 0 });
}

/**
 * Draws the identity shortcut: an arrow through a small "identity" mark in the shortcut box,
 * centred over the main path. The mark gives the arrow a node of its own, which is what lets
 * Graphviz put it above the main path's box (a bare edge is routed below it).
 */
function drawSkipEdges(g: DotWriter, e: WalkEdge, layout: Layout, label: string | null): void {
  const id = skipId(e);
  const centre = 1 + Math.floor(Math.max(layout.mainCluster.length - 1, 0) / 2);
  g.edge(e.from, id, { label: edgeLabel(label), minlen: centre });
  g.edge(id, e.to);
}

/** Draws one block template as DOT. `graph` (when compiled) supplies the first call's shapes. */
export function drawTemplate(graph: Graph | null, program: Program, name: string, options: TemplateOptions = {}): string {
  const template = program.templates.get(name);
  if (!template) throw new RangeError(`no block template named ${JSON.stringify(name)}`);
  const ctx = printContext(template);
  const flow = walkTemplate(template, ctx, (op) => (OPS.get(op)?.arity.max ?? 1) > 0);
  const call = graph ? firstCall(graph, name, flow) : null;
  const layout = mainPath(flow);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  return writeDot(name, (g) => {
    g.graphAttrs({ ...baseGraphAttrs('', options.rankdir ?? (layout.main.size > MAX_LR_STEPS ? 'TB' : 'LR')), label: html(title(template, ctx, call)), ordering: 'out', nodesep: 0.35, ranksep: 0.25 });
    g.nodeDefaults({ fontsize: 12, margin: '0.08,0.04' });
    g.edgeDefaults({ color: '#424242', arrowsize: 0.8 });
    const clusterStyle = { style: 'rounded,dashed', color: CLUSTER_BORDER, fontcolor: '#616161', fontsize: 11, labeljust: 'l' };
    const skips = layout.edgeOrder.filter((e) => layout.skips.has(edgeKey(e)));
    if (layout.shortcut.length > 0 || skips.length > 0) {
      g.cluster('shortcut', { ...clusterStyle, label: 'shortcut path' }, (c) => {
        for (const id of layout.shortcut) drawStep(c, byId.get(id)!, ctx, program, false);
        for (const e of skips) drawSkipMark(c, e);
      });
    }
    if (layout.mainCluster.length > 0) {
      g.cluster('main', { ...clusterStyle, label: 'main path' }, (c) => {
        for (const id of layout.mainCluster) drawStep(c, byId.get(id)!, ctx, program, true);
      });
    }
    const clustered = new Set([...layout.shortcut, ...layout.mainCluster]);
    for (const w of flow.nodes) if (!clustered.has(w.id)) drawStep(g, w, ctx, program, layout.main.has(w.id));
    for (const e of layout.edgeOrder) {
      const label = arrowLabel(e, byId, call, graph);
      if (layout.skips.has(edgeKey(e))) drawSkipEdges(g, e, layout, label);
      else g.edge(e.from, e.to, edgeAttrs(e, layout, label));
    }
  });
}
