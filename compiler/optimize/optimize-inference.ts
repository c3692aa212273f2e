/**
 * The inference optimizer (`graphc build --optimize inference`): a compiler pass on the IR plus
 * weights. It folds each BatchNormalization into the Conv2D, DepthwiseConv2D, SeparableConv2D or
 * Dense before it (scaling the kernel, adjusting the bias), fuses a following ReLU / ReLU6 /
 * Activation into that layer's `activation`, and drops Dropout. Folding is exact up to float
 * rounding; the outputs match the unoptimized model.
 */
import type { Graph, GraphNode, Value } from '../ir.js';
import { OPS } from '../ops/registry.js';
import type { WeightTensor, Weights } from '../weights.js';
import { foldBatchNorm, type Foldable } from './fold-batchnorm.js';

/** What the pass did, for logs and tests. */
export interface OptimizeReport {
  readonly foldedBatchNorms: number;
  readonly fusedActivations: number;
  readonly droppedLayers: number;
}

/** The optimized model. */
export interface Optimized {
  readonly graph: Graph;
  readonly weights: Weights;
  readonly report: OptimizeReport;
}

const FOLD_INTO = new Set<string>(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);

/** The activation name a ReLU/Activation layer computes, if a fused layer can express it. */
function fusableActivation(node: GraphNode): string | null {
  if (node.op === 'Activation') return node.attrs['activation'] === 'softmax' ? null : (node.attrs['activation'] as string);
  if (node.op === 'ReLU' && node.attrs['negative_slope'] === 0 && node.attrs['threshold'] === 0) {
    if (node.attrs['max_value'] === null) return 'relu';
    if (node.attrs['max_value'] === 6) return 'relu6';
  }
  return null;
}

/** Optimizes a graph and its weights for inference. Pure: the inputs are not changed. */
export function optimizeForInference(graph: Graph, weights: Weights): Optimized {
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.name]);
  const outputs = new Set(graph.outputs);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  /**
   * The single consumer of `name`, when it is the only one, `name` is not a model output, and the
   * consumer is not one either: absorbing a model output would rename or remove it.
   */
  const soleConsumer = (name: string): GraphNode | null => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 && !outputs.has(name) && !outputs.has(c[0]!) ? byName.get(c[0]!)! : null;
  };

  const replaced = new Map<string, string>(); // removed layer -> the layer that now produces its value
  const attrs = new Map<string, { [key: string]: Value }>();
  const newWeights = new Map<string, readonly WeightTensor[]>(weights);
  let folded = 0;
  let fused = 0;
  let dropped = 0;
  for (const node of graph.nodes) {
    if (replaced.has(node.name)) continue;
    if (node.op === 'Dropout' && !outputs.has(node.name)) {
      replaced.set(node.name, node.inputs[0]!);
      dropped++;
      continue;
    }
    if (!FOLD_INTO.has(node.op)) continue;
    let tail = node.name;
    const nodeAttrs: { [key: string]: Value } = { ...node.attrs };
    let next = soleConsumer(tail);
    if (next && next.op === 'BatchNormalization' && nodeAttrs['activation'] === 'linear' && (next.attrs['axis'] === -1 || next.attrs['axis'] === (next.shape?.length ?? 0) - 1)) {
      newWeights.set(node.name, foldBatchNorm(node.op as Foldable, node.attrs, weights.get(node.name) ?? [], next.attrs, weights.get(next.name) ?? []));
      newWeights.delete(next.name);
      nodeAttrs['use_bias'] = true;
      replaced.set(next.name, node.name);
      tail = next.name;
      folded++;
      next = soleConsumer(tail);
    }
    const activation = next ? fusableActivation(next) : null;
    if (next && activation && nodeAttrs['activation'] === 'linear') {
      nodeAttrs['activation'] = activation;
      replaced.set(next.name, node.name);
      fused++;
    }
    attrs.set(node.name, nodeAttrs);
  }

  const resolve = (name: string): string => {
    let n = name;
    while (replaced.has(n)) n = replaced.get(n)!;
    return n;
  };
  const kept = graph.nodes.filter((n) => !replaced.has(n.name));
  const nodes: GraphNode[] = kept.map((n, index) => {
    const a = attrs.get(n.name) ?? n.attrs;
    const op = OPS.get(n.op)!;
    const inputShapes = n.inputs.map((i) => byName.get(resolve(i))!.shape!);
    const ctx = { inputs: inputShapes, attrs: a };
    // The fused layer produces the value of the last layer it absorbed: same shape, since BN and
    // activations keep shapes.
    return {
      ...n,
      index,
      attrs: a,
      inputs: n.inputs.map(resolve),
      params: op.countParams?.(ctx, n.shape!) ?? n.params,
    };
  });
  const trainable = nodes.reduce((s, n) => s + n.params.trainable, 0);
  const nonTrainable = nodes.reduce((s, n) => s + n.params.nonTrainable, 0);
  return {
    graph: { ...graph, nodes, outputs: graph.outputs.map(resolve), totals: { ...graph.totals, params: trainable + nonTrainable, trainable, nonTrainable } },
    weights: new Map([...newWeights].filter(([name]) => !replaced.has(name))),
    report: { foldedBatchNorms: folded, fusedActivations: fused, droppedLayers: dropped },
  };
}
