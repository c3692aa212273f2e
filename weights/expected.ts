/**
 * What a model expects to load: per weighted layer, its op kind and its weights' names and shapes
 * in Keras order. Taken from the built runtime model (any object shaped like a tfjs
 * LayersModel), so every op a backend can build is covered without a second table of shapes.
 */
import type { Graph } from '../compiler/ir.js';
import type { WeightSpec } from './layouts.js';

/** One layer that owns weights. */
export interface ExpectedLayer {
  readonly name: string;
  readonly op: string;
  readonly weights: readonly WeightSpec[];
}

/** The part of a tfjs LayersModel this reads. */
export interface ModelLike {
  readonly layers: readonly { readonly name: string; readonly weights: readonly { readonly originalName: string; readonly shape: readonly (number | null)[] }[] }[];
}

/** The Keras weight name of a variable: `conv1/kernel` → `kernel`. */
export function shortWeightName(layer: string, original: string): string {
  return original.startsWith(`${layer}/`) ? original.slice(layer.length + 1) : original.slice(original.lastIndexOf('/') + 1);
}

/** Every weighted layer of `model`, in model order, with the op kind the graph gives it. */
export function expectedLayers(model: ModelLike, graph: Graph): ExpectedLayer[] {
  const ops = new Map(graph.nodes.map((n) => [n.name, n.op]));
  return model.layers
    .filter((l) => l.weights.length > 0)
    .map((l) => ({
      name: l.name,
      op: ops.get(l.name) ?? 'unknown',
      weights: l.weights.map((w) => ({ name: shortWeightName(l.name, w.originalName), shape: w.shape.map((d) => d ?? 0) })),
    }));
}
