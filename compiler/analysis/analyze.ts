/**
 * The analysis API the language server (and any editor tool) is a client of: text in → the
 * compiler's result plus indexes for "what is at this offset". It runs the one compiler
 * pipeline; it never re-implements a check.
 */
import type { Graph, GraphNode } from '../ir.js';
import { compileSource, type CompileOptions, type CompileResult } from '../pipeline.js';
import type { Program } from '../program.js';
import { LineIndex } from './line-index.js';
import { spanKey } from './steps.js';

/** Everything the editor features read for one version of one document. */
export interface Analysis {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly result: CompileResult;
  readonly program: Program | null;
  /** The checked graph, or with errors the graph as far as shape inference got (may be null). */
  readonly graph: Graph | null;
  /** The variant compiled (from the directive or the options), or null for the file's default. */
  readonly variant: string | null;
  /** Graph nodes by the span of the step that wrote them (one step, many instances in loops). */
  readonly nodesByStep: ReadonlyMap<string, readonly GraphNode[]>;
}

/** What to analyse beyond the text. */
export interface AnalyzeOptions extends CompileOptions {
  /** Variant to use when the text has no `# graphc: variant=NAME` directive. */
  readonly variant?: string | null;
}

/** Longest prefix of the file scanned for directives (comment lines before the first key). */
const DIRECTIVE_SCAN = 4096;

/**
 * The variant named by a `# graphc: variant=NAME` comment among the leading comment lines, so a
 * file can say which member of its family the editor should check (e.g. `resnet152`).
 */
export function variantDirective(text: string): string | null {
  const head = text.slice(0, DIRECTIVE_SCAN);
  for (const line of head.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('#')) break;
    const m = /^#\s*graphc:\s*variant\s*=\s*([A-Za-z0-9_.\-]+)\s*$/.exec(t);
    if (m) return m[1]!;
  }
  return null;
}

/** Compiles the text and indexes the result. Never throws for any text. */
export function analyze(file: string, text: string, options: AnalyzeOptions = {}): Analysis {
  const directive = variantDirective(text);
  const wanted = directive ?? options.variant ?? null;
  let result = compileSource(file, text, { ...options, variant: wanted });
  let variant = wanted;
  // A variant from a setting that this file does not have: check the file's default instead of
  // reporting a problem the file itself does not contain.
  if (wanted && !directive && result.program && !result.program.variants.some((v) => v.name === wanted)) {
    result = compileSource(file, text, { ...options, variant: null });
    variant = null;
  }
  const nodesByStep = new Map<string, GraphNode[]>();
  // With errors, the graph as far as shape inference got: layers before the error keep their shapes.
  const graph = result.graph ?? result.partial ?? null;
  for (const node of graph?.nodes ?? []) {
    const key = spanKey(node.origin.span);
    const list = nodesByStep.get(key);
    if (list) list.push(node);
    else nodesByStep.set(key, [node]);
  }
  return { file, text, lines: new LineIndex(text), result, program: result.program, graph, variant, nodesByStep };
}
