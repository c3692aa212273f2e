/**
 * The `diagrams` build target: `graphc build` writes the overview and one figure per block
 * template, each as DOT (to restyle or re-render) and SVG, under `diagrams/`.
 */
import type { BuildContext, EmitTarget, OutputFile } from '../target.js';
import { drawDiagram, fileSafe, renderDiagram, type DiagramView } from './diagram.js';

/** The files of one view: `<base>.dot` and `<base>.svg`. */
async function viewFiles(ctx: BuildContext, view: DiagramView, base: string): Promise<OutputFile[]> {
  const dot = drawDiagram(ctx.graph, ctx.program, view);
  const svg = await renderDiagram(dot, 'svg');
  return [
    { path: `diagrams/${base}.dot`, data: dot },
    { path: `diagrams/${base}.svg`, data: svg },
  ];
}

/** Writes `diagrams/overview.{dot,svg}` and `diagrams/template-<name>.{dot,svg}`. */
export const emit: EmitTarget = async (ctx) => {
  const files = await viewFiles(ctx, { kind: 'overview' }, 'overview');
  // Sorted so the file list does not depend on the order templates are written in the YAML.
  for (const name of [...ctx.program.templates.keys()].sort()) {
    files.push(...(await viewFiles(ctx, { kind: 'template', name }, `template-${fileSafe(name)}`)));
  }
  return files;
};
