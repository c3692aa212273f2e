/**
 * The diagrams in `docs/`: the ResNet-50 overview and the seed's two block figures, drawn from
 * `architectures/resnet50.yaml`. `npm run docs` writes them (scripts/gen-docs.ts); a test
 * renders them again and fails when the committed files are stale.
 */
import { readFileSync } from 'node:fs';
import { compileSource } from '../compiler/pipeline.js';
import { drawDiagram, renderDiagram, type DiagramView } from '../backends/graphviz/diagram.js';

/** The model the docs are drawn from. */
export const DOCS_MODEL = 'architectures/resnet50.yaml';

/** One figure of the docs. */
export interface DocDiagram {
  /** File name without extension, under `docs/`. */
  readonly base: string;
  readonly view: DiagramView;
  /** PNG zoom: the overview is narrow, so it gets more pixels per point. */
  readonly scale: number;
}

/** The figures, as the README shows them. */
export const DOC_DIAGRAMS: readonly DocDiagram[] = [
  { base: 'resnet50-overview', view: { kind: 'overview' }, scale: 1.25 },
  { base: 'resnet50-identity-block', view: { kind: 'template', name: 'identity_block' }, scale: 1 },
  { base: 'resnet50-convolutional-block', view: { kind: 'template', name: 'convolutional_block' }, scale: 1 },
];

/** A rendered doc file: its path under the repository root and its bytes. */
export interface DocFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/** Renders every doc figure as SVG and PNG, in memory. Throws if the model does not compile. */
export async function renderDocDiagrams(root = '.'): Promise<DocFile[]> {
  const text = readFileSync(`${root}/${DOCS_MODEL}`, 'utf8');
  // The file is named as the repository sees it, never as an absolute path: outputs must not
  // depend on where the checkout lives.
  const { graph, program, diagnostics } = compileSource(DOCS_MODEL, text);
  if (!graph || !program) throw new Error(`${DOCS_MODEL} does not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
  const files: DocFile[] = [];
  for (const doc of DOC_DIAGRAMS) {
    const dot = drawDiagram(graph, program, doc.view);
    files.push({ path: `docs/${doc.base}.svg`, data: await renderDiagram(dot, 'svg') });
    files.push({ path: `docs/${doc.base}.png`, data: await renderDiagram(dot, 'png', { scale: doc.scale }) });
  }
  return files;
}
