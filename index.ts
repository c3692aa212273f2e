/**
 * graphc's library API: compile a model file or text to the checked graph IR, print its
 * summary or diagnostics, and hand the graph to a backend.
 *
 * ```ts
 * import { compileFile } from 'graphc';
 * const { graph } = compileFile('architectures/resnet50.yaml', { overrides: [{ key: 'classes', value: 10 }] });
 * ```
 */
import { readFileSync } from 'node:fs';
import { compileSource, type CompileOptions, type CompileResult } from './compiler/pipeline.js';

export { compileSource, MAX_FILE_BYTES } from './compiler/pipeline.js';
export type { CompileOptions, CompileResult } from './compiler/pipeline.js';
export type { Graph, GraphNode, Shape, Value, ParamCount, ScopeEntry, Origin, SourceSpan, TrainingConfig } from './compiler/ir.js';
export type { Diagnostic } from './compiler/diagnostics/diagnostic.js';
export type { Override } from './compiler/resolve.js';
export { renderDiagnostics, renderDiagnostic, SourceFiles } from './compiler/diagnostics/render.js';
export { formatSummary, summaryJson, type SummaryJson } from './compiler/summary.js';
export { OPS } from './compiler/ops/registry.js';

/** Reads and compiles a model file. Never throws for bad model text; I/O errors do throw. */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  return compileSource(path, readFileSync(path, 'utf8'), options);
}
