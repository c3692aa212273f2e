/**
 * The registry of build targets, in the order `graphc build` runs them. Each backend is imported
 * only when its target runs, so `graphc summary` does not pay for loading TensorFlow.js or
 * ts-morph. Adding a backend is one line here.
 */
import type { Target } from './target.js';

/** A target whose module loads on first use. */
function lazy(name: string, description: string, load: () => Promise<Target>): Target {
  return { name, description, emit: async (ctx) => (await load()).emit(ctx) };
}

/** Every target graphc can build. */
export const TARGETS: readonly Target[] = [
  lazy('tfjs', 'TensorFlow.js layers model: model.json + weights.bin', async () => (await import('./tfjs/target.js')).tfjsTarget),
  lazy('ts', 'TypeScript source that builds the model with tfjs', async () => (await import('./typescript/target.js')).typescriptTarget),
  lazy('diagrams', 'Graphviz diagrams: the overview and one figure per block template', async () => (await import('./graphviz/target.js')).diagramsTarget),
  lazy('onnx', 'ONNX model (opset 17) for onnxruntime', async () => (await import('./onnx/target.js')).onnxTarget),
];

/** A target by name. */
export function getTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
