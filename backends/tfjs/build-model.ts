/**
 * The tfjs backend: graph IR → `tf.model(...)` built from `tf.layers.*`, layer for layer, with the
 * IR's names, Keras-compatible configs and the YAML's initializers; compiled with the YAML's
 * training settings. Also moves weights between a model and graphc's runtime-free `Weights`.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Graph, TrainingConfig } from '../../compiler/ir.js';
import type { WeightTensor, Weights } from '../../compiler/weights.js';
import { TargetError } from '../target.js';
import { initializer, type InitMode, LAYER_RULES } from './layers.js';
// Transformer layers (issue 10 part B); imports tfjs itself, as this module is loaded lazily.
import { TRANSFORMER_LAYER_RULES } from './transformer-rules.js';

type Tf = typeof TfModule;

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /**
   * `yaml` (default) initializes as the YAML says (glorot_uniform(seed=0), ...). `zeros` skips the
   * random initializers, for when weights are loaded right after: building ResNet-50 then takes a
   * fraction of the time.
   */
  readonly init?: InitMode;
  /** Compile with the YAML's training settings (default true when the YAML has them). */
  readonly compile?: boolean;
}

/** Keras loss and metric names to tfjs's. */
function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Compiles a model with the YAML's optimizer, loss and metrics (the seed's `model.compile`). */
export function compileTraining(tf: Tf, model: TfModule.LayersModel, training: TrainingConfig): void {
  const opt = training.optimizer;
  let optimizer: string | TfModule.Optimizer;
  if (typeof opt === 'string') optimizer = opt;
  else if (opt.class_name.toLowerCase() === 'adam') optimizer = tf.train.adam(Number(opt.config['learning_rate'] ?? 0.001));
  else if (opt.class_name.toLowerCase() === 'sgd') {
    // Keras SGD: plain, or with (Nesterov) momentum, which tfjs has as an optimizer of its own.
    const lr = Number(opt.config['learning_rate'] ?? 0.01);
    const momentum = Number(opt.config['momentum'] ?? 0);
    optimizer = momentum > 0 ? tf.train.momentum(lr, momentum, opt.config['nesterov'] === true) : tf.train.sgd(lr);
  } else {
    throw new TargetError('tfjs', `optimizer ${opt.class_name} with a config is not supported; name it (adam, sgd, rmsprop, adagrad, adadelta, adamax)`);
  }
  const loss = Array.isArray(training.loss) ? training.loss.map(camel) : camel(training.loss as string);
  model.compile({ optimizer, loss, metrics: training.metrics.map(camel) });
}

/** Builds the tfjs model of a graph. Deterministic: the same graph gives the same topology and weights. */
export function buildModel(graph: Graph, tf: Tf, options: BuildModelOptions = {}): TfModule.LayersModel {
  const mode = options.init ?? 'yaml';
  const tensors = new Map<string, TfModule.SymbolicTensor>();
  const shapes = new Map(graph.nodes.map((n) => [n.name, n.shape]));
  for (const node of graph.nodes) {
    if (node.op === 'Input') {
      const shape = (node.shape ?? []).slice(1) as number[];
      try {
        tensors.set(node.name, tf.input({ shape, name: node.name, dtype: node.attrs['dtype'] as 'float32' }));
      } catch (e) {
        throw new TargetError('tfjs', `TensorFlow.js rejects it: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, null, node.name);
      }
      continue;
    }
    const rule = LAYER_RULES[node.op] ?? TRANSFORMER_LAYER_RULES[node.op];
    if (!rule) throw new TargetError('tfjs', `${node.op} layer \`${node.name}\` has no TensorFlow.js mapping`);
    const inputs = node.inputs.map((i) => tensors.get(i)!);
    try {
      const layer = rule({ tf, node, init: (key) => initializer(tf, node.attrs[key], mode), inputShapes: node.inputs.map((i) => shapes.get(i) ?? null) });
      tensors.set(node.name, layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as TfModule.SymbolicTensor);
    } catch (e) {
      if (e instanceof TargetError) throw new TargetError(e.target, e.message, e.hint, e.layer ?? node.name);
      // Where tfjs is stricter than Keras (Flatten of a rank-2 tensor), say which layer.
      throw new TargetError('tfjs', `TensorFlow.js rejects it: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, null, node.name);
    }
  }
  const model = tf.model({
    inputs: graph.inputs.map((n) => tensors.get(n)!),
    outputs: graph.outputs.map((n) => tensors.get(n)!),
    name: graph.name,
  });
  if (graph.training && options.compile !== false) compileTraining(tf, model, graph.training);
  return model;
}

/** The Keras weight name of a variable: `conv1/kernel` → `kernel`. */
function shortName(layer: string, original: string): string {
  return original.startsWith(`${layer}/`) ? original.slice(layer.length + 1) : original.slice(original.lastIndexOf('/') + 1);
}

/** Copies a model's weights out, as plain data, in Keras order per layer. */
export function readWeights(model: TfModule.LayersModel): Weights {
  const out = new Map<string, WeightTensor[]>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    // getWeights() returns the variables' own tensors (disposing them would kill the model) and
    // dataSync() may return the backend's own buffer: copy.
    const values = layer.getWeights();
    out.set(layer.name, layer.weights.map((w, i) => ({
      name: shortName(layer.name, w.originalName),
      shape: [...w.shape] as number[],
      data: Float32Array.from(values[i]!.dataSync() as Float32Array),
    })));
  }
  return out;
}

/** Sets a model's weights from plain data (layers absent from `weights` keep theirs). */
export function writeWeights(tf: Tf, model: TfModule.LayersModel, weights: Weights): void {
  for (const layer of model.layers) {
    const ws = weights.get(layer.name);
    if (!ws) continue;
    const tensors = layer.weights.map((w) => {
      const name = shortName(layer.name, w.originalName);
      const found = ws.find((x) => x.name === name);
      if (!found) throw new TargetError('tfjs', `no weight \`${name}\` for layer \`${layer.name}\``);
      return tf.tensor(found.data, found.shape as number[]);
    });
    layer.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  }
}
