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
// weights: checkpoints in (any format, mapped by the model file) and out
export { loadWeights, type LoadWeightsRequest, type LoadedWeights, type LoadSummary } from './weights/load-weights.js';
export { loadWeightsIntoModel, type WeightsRequest } from './weights/apply-tfjs.js';
export { expectedLayers, type ExpectedLayer } from './weights/expected.js';
export { readCheckpoint } from './weights/read-checkpoint.js';
export type { Checkpoint, CheckpointTensor, CheckpointFormat } from './weights/checkpoint.js';
export { torchStateDict, kerasLayers } from './weights/export-checkpoint.js';
export { writeSafetensors, readSafetensors } from './weights/safetensors.js';
export { writeKerasH5 } from './weights/write-keras-h5.js';

/** Reads and compiles a model file. Never throws for bad model text; I/O errors do throw. */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  return compileSource(path, readFileSync(path, 'utf8'), options);
}
