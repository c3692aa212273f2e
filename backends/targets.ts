/**
 * The registry of build targets, in the order `graphc build` runs them. Each backend is imported
 * only when its target runs, so `graphc summary` does not pay for loading TensorFlow.js or
 * ts-morph. Adding a backend is one line here.
 */
import { importOptional } from './optional-package.js';
import type { EmitTarget, Target } from './target.js';

/**
 * A target whose module (exporting `emit`) loads on first use; a missing optional peer
 * (tfjs, ts-morph) is reported as a MissingPackageError naming this target.
 */
function lazy(name: string, description: string, load: () => Promise<{ emit: EmitTarget }>): Target {
  return { name, description, emit: async (ctx) => (await importOptional(`the ${name} target`, load)).emit(ctx) };
}

/** Every target graphc can build. The names and descriptions live here only. */
export const TARGETS: readonly Target[] = [
  lazy('tfjs', 'TensorFlow.js layers model: model.json + weights.bin', () => import('./tfjs/target.js')),
  lazy('ts', 'TypeScript source that builds the model with @tensorflow/tfjs (<ModelName>.ts)', () => import('./typescript/target.js')),
  lazy('diagrams', 'Graphviz diagrams: the overview and one figure per block template (DOT, SVG and PNG)', () => import('./graphviz/target.js')),
  lazy('onnx', 'ONNX model (opset 17) with the weights, for onnxruntime', () => import('./onnx/target.js')),
];

/** A target by name. */
export function getTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
