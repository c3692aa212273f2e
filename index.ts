/**
 * graphc's library API: compile a model file or text to the checked graph IR, print its
 * summary or diagnostics, build it as a TensorFlow.js model, save and load it, export it to
 * ONNX, draw it, or generate TypeScript source for it.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { compileFile, buildModel, selectRuntime } from 'graphc';
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
export type { Diagnostic } from './compiler/diagnostics/diagnostic.js';
export type { Override } from './compiler/resolve.js';
export type { Weights, WeightTensor } from './compiler/weights.js';
export { renderDiagnostics, renderDiagnostic, SourceFiles } from './compiler/diagnostics/render.js';
export { formatSummary, summaryJson, type SummaryJson } from './compiler/summary.js';
export { OPS } from './compiler/ops/registry.js';
export { optimizeForInference, type Optimized, type OptimizeReport } from './compiler/optimize/optimize-inference.js';
export { buildModel, readWeights, writeWeights, compileTraining, type BuildModelOptions } from './backends/tfjs/build-model.js';
export { selectRuntime, requireRuntime, type RuntimeName, type RuntimeRequest } from './backends/tfjs/runtime.js';
export { loadSavedModel, modelFiles } from './backends/tfjs/save.js';
export { exportOnnx } from './backends/onnx/export.js';
export { runOnnx, createOnnxSession } from './backends/onnx/ort.js';
export { drawDiagram, renderDiagram, parseView } from './backends/graphviz/diagram.js';
// graphc's own tfjs layers (issue 10 part B), for code that builds or loads models with them.
export { MultiHeadAttention, Take, ClassToken, PositionEmbedding, LayerScale } from './backends/tfjs/custom/index.js';

/** Reads and compiles a model file. Never throws for bad model text; I/O errors do throw. */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  return compileSource(path, readFileSync(path, 'utf8'), options);
}
