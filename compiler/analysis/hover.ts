/**
 * Hover at a cursor: on a layer line, the layer(s) it became (every instance of a layer inside a
 * block or loop, folded when identical) with output shape, parameters and MACs; on a block call,
 * the block's description and parameters; on a `$param` or `{param}`, its type, default and value
 * in the compiled variant.
 */
import { formatValue } from '../diagnostics/render.js';
import type { GraphNode, SourceSpan } from '../ir.js';
import { OPS } from '../ops/registry.js';
import { formatShape } from '../ops/shape-math.js';
import { formatCount } from '../summary.js';
import type { ParamDecl, TemplateDef } from '../program.js';
import type { Analysis } from './analyze.js';
import { spanContains, spanKey, stepAt, templateAt } from './steps.js';

/** A hover: markdown and the range it is about. */
export interface HoverInfo {
  readonly markdown: string;
  readonly span: SourceSpan;
}

/** Largest number of instance rows listed before the rest is counted. */
const MAX_ROWS = 12;

function wordAt(text: string, offset: number): { word: string; start: number; end: number } | null {
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
  if (start === end || !/[A-Za-z_]/.test(text[start]!)) return null;
  return { word: text.slice(start, end), start, end };
}

/** The parameter a `$name` / `{name}` at the offset refers to, with the block it belongs to. */
export function paramAt(a: Analysis, offset: number): { decl: ParamDecl; template: TemplateDef | null; span: SourceSpan } | null {
  const program = a.program;
  if (!program) return null;
  const w = wordAt(a.text, offset);
  if (!w) return null;
  const lineStart = a.text.lastIndexOf('\n', w.start - 1) + 1;
  const before = a.text.slice(lineStart, w.start);
  // Inside an expression: after `$`, or inside `{...}` of a template string, or after an operator.
  const inExpr = before.endsWith('$') || /\{[^}]*$/.test(before) || /\$[^\s,}\]]*[-+*/%(\[ ,]$/.test(before);
  if (!inExpr) return null;
  const template = templateAt(program, offset);
  const span = { file: a.file, start: w.start, end: w.end };
  const local = template?.params.find((p) => p.name === w.word);
  if (local) return { decl: local, template, span };
  const global = program.params.find((p) => p.name === w.word);
  return global ? { decl: global, template: null, span } : null;
}

function paramMarkdown(a: Analysis, decl: ParamDecl, template: TemplateDef | null): string {
  const lines = [`**${decl.name}**: \`${decl.type}\` — ${template ? `parameter of block \`${template.name}\`` : 'model parameter'}`];
  if (decl.description) lines.push('', decl.description);
  if (decl.default) lines.push('', `default: \`${a.text.slice(decl.default.origin.span.start, decl.default.origin.span.end)}\``);
  const graph = a.graph;
  if (!template && graph && decl.name in graph.params) {
    lines.push(`value${graph.variant ? ` in variant \`${graph.variant}\`` : ''}: \`${formatValue(graph.params[decl.name]!)}\``);
  }
  return lines.join('\n');
}

/** A shape, or why there is none (shape inference stopped at an earlier error). */
function shapeText(n: GraphNode): string {
  return n.shape ? `\`${formatShape(n.shape)}\`` : '_unknown (after an error)_';
}

function row(n: GraphNode): string {
  const p = n.params.trainable + n.params.nonTrainable;
  if (!n.shape) return `| \`${n.name}\` | ${shapeText(n)} | — | — |`;
  return `| \`${n.name}\` | ${shapeText(n)} | ${formatCount(p)} | ${formatCount(n.macs)} |`;
}

/** The layers one step became, folded: identical shape/params/MACs are one line with a count. */
export function instancesMarkdown(nodes: readonly GraphNode[]): string {
  if (nodes.length === 0) return '_not built in the compiled model (an `if` is false, or there are errors)_';
  if (nodes.length === 1) {
    const n = nodes[0]!;
    return [`\`${n.name}\` (${n.op}) → ${shapeText(n)}`, '', `params: ${formatCount(n.params.trainable + n.params.nonTrainable)} (trainable ${formatCount(n.params.trainable)})  ·  MACs: ${formatCount(n.macs)}`].join('\n');
  }
  const groups = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const key = `${formatShape(n.shape)}|${n.params.trainable}|${n.params.nonTrainable}|${n.macs}`;
    const g = groups.get(key);
    if (g) g.push(n);
    else groups.set(key, [n]);
  }
  const lines = [`**${nodes.length} instances** (${nodes[0]!.op})`, '', '| layer | output | params | MACs |', '|---|---|---|---|'];
  let shown = 0;
  for (const g of groups.values()) {
    if (shown >= MAX_ROWS) break;
    shown++;
    const first = g[0]!;
    if (g.length === 1) lines.push(row(first));
    else lines.push(row(first).replace(`\`${first.name}\``, `\`${first.name}\` … \`${g[g.length - 1]!.name}\` (×${g.length})`));
  }
  if (groups.size > shown) lines.push('', `… and ${groups.size - shown} more distinct shapes`);
  return lines.join('\n');
}

/** Hover information at an offset, or null. Never throws. */
export function hoverAt(a: Analysis, offset: number): HoverInfo | null {
  const program = a.program;
  if (!program) return null;
  const param = paramAt(a, offset);
  if (param) return { markdown: paramMarkdown(a, param.decl, param.template), span: param.span };
  const visit = stepAt(program, offset);
  if (!visit) return null;
  const step = visit.step;
  if (step.kind === 'op') {
    const op = OPS.get(step.op);
    const head = `**${step.op}** — ${op?.description ?? 'layer'}`;
    return { markdown: `${head}\n\n${instancesMarkdown(a.nodesByStep.get(spanKey(step.span)) ?? [])}`, span: step.span };
  }
  if (step.kind === 'call' && spanContains(step.templateSpan, offset)) {
    const t = program.templates.get(step.template);
    if (!t) return null;
    const params = t.params.map((p) => `- \`${p.name}\`: \`${p.type}\`${p.default ? ` = \`${a.text.slice(p.default.origin.span.start, p.default.origin.span.end)}\`` : ''}${p.description ? ` — ${p.description}` : ''}`);
    return { markdown: [`**block \`${t.name}\`**`, '', t.description, '', ...params].join('\n'), span: step.templateSpan };
  }
  return null;
}
