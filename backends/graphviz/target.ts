/**
 * The `diagrams` build target: `graphc build` writes the overview and one figure per block
 * template, each as DOT (to restyle or re-render), SVG and PNG (for places that show no SVG),
 * under `diagrams/`.
 */
import type { BuildContext, EmitTarget, OutputFile } from '../target.js';
import { drawDiagram, fileSafe, renderDiagram, type DiagramView } from './diagram.js';
import { renderPng } from './render.js';

/** The files of one view: `<base>.dot`, `<base>.svg` and `<base>.png` (from the same SVG). */
async function viewFiles(ctx: BuildContext, view: DiagramView, base: string): Promise<OutputFile[]> {
  const dot = drawDiagram(ctx.graph, ctx.program, view);
  const svg = await renderDiagram(dot, 'svg');
  return [
    { path: `diagrams/${base}.dot`, data: dot },
    { path: `diagrams/${base}.svg`, data: svg },
    { path: `diagrams/${base}.png`, data: renderPng(svg as string) },
  ];
}

/** Writes `diagrams/overview.{dot,svg,png}` and `diagrams/template-<name>.{dot,svg,png}`. */
export const emit: EmitTarget = async (ctx) => {
  const files = await viewFiles(ctx, { kind: 'overview' }, 'overview');
  // Sorted so the file list does not depend on the order templates are written in the YAML.
  for (const name of [...ctx.program.templates.keys()].sort()) {
    files.push(...(await viewFiles(ctx, { kind: 'template', name }, `template-${fileSafe(name)}`)));
  }
  return files;
};
