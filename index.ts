/**
 * graphc's library API, the compiler: compile a model file or text to the checked graph IR,
 * print its summary or diagnostics, read the op registry and the JSON Schema. Importing it loads
 * no runtime (no tfjs, onnxruntime, protobufjs, ts-morph or renderer); the backends have their
 * own entry points: `graphc/tfjs`, `graphc/onnx`, `graphc/diagram`, `graphc/typescript`.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { compileFile } from 'graphc';
 * import { buildModel, selectRuntime } from 'graphc/tfjs';
 * await selectRuntime('auto');
 * const { graph } = compileFile('architectures/resnet50.yaml');
 * const model = buildModel(graph!, tf);
 * ```
 */
import { readFileSync } from 'node:fs';
import { compileSource, type CompileOptions, type CompileResult } from './compiler/pipeline.js';

export { compileSource, MAX_FILE_BYTES } from './compiler/pipeline.js';
export type { CompileOptions, CompileResult } from './compiler/pipeline.js';
export type { Graph, GraphNode, Shape, Value, ParamCount, ScopeEntry, Origin, SourceSpan, TrainingConfig } from './compiler/ir.js';
export type { Program } from './compiler/program.js';
export type { Diagnostic } from './compiler/diagnostics/diagnostic.js';
export type { Override } from './compiler/resolve.js';
export type { Weights, WeightTensor } from './compiler/weights.js';
export { renderDiagnostics, renderDiagnostic, diagnosticToJson, SourceFiles } from './compiler/diagnostics/render.js';
export { CATALOGUE } from './compiler/diagnostics/catalogue.js';
export { formatSummary, summaryJson, type SummaryJson } from './compiler/summary.js';
export { OPS } from './compiler/ops/registry.js';
export { buildSchema } from './compiler/schema/build-schema.js';
export { optimizeForInference, type Optimized, type OptimizeReport } from './compiler/optimize/optimize-inference.js';
export { graphcVersion } from './compiler/package-info.js';
// Declared input preprocessing (issue 11); training itself is `graphc/train`.
export { graphPreprocessing, applyPreprocessing, type Preprocessing } from './compiler/preprocessing.js';

/** Reads and compiles a model file. Never throws for bad model text; I/O errors do throw. */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  return compileSource(path, readFileSync(path, 'utf8'), options);
}
