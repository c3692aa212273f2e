/**
 * The Graphviz backend's front door: which views exist, how a view name is read (with a
 * did-you-mean for typos), DOT for a view, and DOT rendered to SVG or PNG. The CLI, the build
 * target and the docs script all come through here, so they draw the same pictures.
 */
import type { Graph } from '../../compiler/ir.js';
import type { Program } from '../../compiler/program.js';
import { didYouMean } from '../../compiler/diagnostics/diagnostic.js';
import { drawBlocks } from './views/blocks.js';
import { drawLayers } from './views/layers.js';
import { drawOverview } from './views/overview.js';
import { RANK_DIRS, type RankDir } from './views/style.js';
import { drawTemplate } from './views/template.js';
import { safeFileStem } from '../safe-file-stem.js';

/** A view of the model: three zoom levels and one block template. */
export type DiagramView =
  | { readonly kind: 'overview' }
  | { readonly kind: 'blocks' }
  | { readonly kind: 'layers' }
  | { readonly kind: 'template'; readonly name: string };

/** The views as the CLI spells them. */
export const VIEW_NAMES = ['overview', 'blocks', 'layers', 'template:NAME'] as const;

/** Output formats of a diagram. */
export const DIAGRAM_FORMATS = ['dot', 'svg', 'png'] as const;
/** One output format. */
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** A view name that could not be read, with a suggestion when one is close. */
export interface ViewProblem {
  readonly message: string;
  readonly hint: string | null;
}

/**
 * Reads a view name. `template:NAME` must name a block template of `program` (when given; pass
 * null to check only the syntax, before the model is compiled).
 */
export function parseView(text: string, program: Program | null): { readonly view: DiagramView } | ViewProblem {
  const fixed = ['overview', 'blocks', 'layers'] as const;
  const plain = fixed.find((v) => v === text);
  if (plain) return { view: { kind: plain } };
  if (!text.startsWith('template:')) {
    return { message: `unknown view \`${text}\`; the views are ${VIEW_NAMES.join(', ')}`, hint: didYouMean(text, [...fixed, 'template']) };
  }
  const name = text.slice('template:'.length);
  if (program === null) return { view: { kind: 'template', name } };
  const names = [...program.templates.keys()];
  if (!program.templates.has(name)) {
    const known = names.length === 0 ? 'the model defines no block templates' : `its block templates are ${names.map((n) => `\`${n}\``).join(', ')}`;
    return { message: `no block template \`${name}\` in this model; ${known}`, hint: didYouMean(name, names) };
  }
  return { view: { kind: 'template', name } };
}

/** Reads `--rankdir`: TB or LR, in either case; undefined for anything else. */
export function parseRankDir(text: string): RankDir | undefined {
  return RANK_DIRS.find((d) => d === text.toUpperCase());
}

/** How to draw. */
export interface DiagramOptions {
  /** Layout direction; each view has its own default (LR for templates, like the seed). */
  readonly rankdir?: RankDir;
}

/** DOT text of one view of a compiled model. Deterministic: same model, same bytes. */
export function drawDiagram(graph: Graph, program: Program, view: DiagramView, options: DiagramOptions = {}): string {
  const opts = options.rankdir === undefined ? {} : { rankdir: options.rankdir };
  switch (view.kind) {
    case 'overview':
      return drawOverview(graph, opts);
    case 'blocks':
      return drawBlocks(graph, opts);
    case 'layers':
      return drawLayers(graph, opts);
    case 'template':
      return drawTemplate(graph, program, view.name, opts);
  }
}

/** Rendering options. */
export interface RenderOptions {
  /** PNG zoom over the SVG's size; default 1. */
  readonly scale?: number;
}

/**
 * Turns DOT into the requested format: DOT as is, SVG through Graphviz (wasm), PNG through the
 * SVG. Throws `RenderError` when Graphviz or resvg fail (a bug for DOT from `drawDiagram`).
 */
export async function renderDiagram(dot: string, format: DiagramFormat, options: RenderOptions = {}): Promise<string | Uint8Array> {
  if (format === 'dot') return dot;
  // Loaded here, not at the top: Graphviz's wasm and resvg's native binding cost 50-100 ms to
  // load, which DOT output and every other command should not pay.
  const { renderPng, renderSvg } = await import('./render.js');
  const svg = await renderSvg(dot);
  if (format === 'svg') return svg;
  return renderPng(svg, options.scale === undefined ? {} : { scale: options.scale });
}

/** A name made safe for a file name: `template-<name>.svg` must not escape its folder. */
export function fileSafe(name: string): string {
  return safeFileStem(name, '_');
}
