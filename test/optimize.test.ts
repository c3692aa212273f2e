/**
 * The inference optimizer (`--optimize inference`) on real architectures and on toys built to hit
 * its edges: with random weights and non-trivial BatchNorm statistics, the optimized model (tfjs,
 * and its ONNX export) computes what the unoptimized one does; the layer and parameter counts drop
 * by exactly what was folded; what must not be folded is not; model outputs survive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, writeWeights } from '../backends/tfjs/build-model.js';
import { exportOnnx } from '../backends/onnx/export.js';
import { runOnnx } from '../backends/onnx/ort.js';
import { optimizeForInference, type Optimized } from '../compiler/optimize/optimize-inference.js';
import type { Graph, GraphNode } from '../compiler/ir.js';
import type { Weights } from '../compiler/weights.js';
import { compileFileOk, compileOk } from './helpers/compile.js';
import { randomWeights, relativeDifference, uniform } from './helpers/numeric.js';

// wasm: 20-30x faster than cpu for these models, and the optimized layers run its fused kernels.
const { tf } = await requireRuntime('wasm');

const TOLERANCE = 1e-4;

/** Runs a tfjs model on the inputs; returns every output's values. */
function predict(model: TfModule.LayersModel, inputs: readonly TfModule.Tensor[]): Float32Array[] {
  return tf.tidy(() => {
    const out = model.predict(inputs.length === 1 ? inputs[0]! : [...inputs]);
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

interface Checked {
  readonly graph: Graph;
  readonly opt: Optimized;
  readonly weights: Weights;
}

/**
 * Builds the graph with random weights, optimizes it, and checks that the optimized tfjs model
 * and the ONNX export of the optimized graph both match the unoptimized tfjs model.
 */
async function checkEquivalent(graph: Graph, seed: number, batch = 2): Promise<Checked> {
  const model = buildModel(graph, tf, { init: 'zeros', compile: false });
  const weights = randomWeights(model, seed);
  writeWeights(tf, model, weights);
  const opt = optimizeForInference(graph, weights);
  const optimized = buildModel(opt.graph, tf, { init: 'zeros', compile: false });
  writeWeights(tf, optimized, opt.weights);
  const shapes = graph.inputs.map((name) => [batch, ...graph.nodes.find((n) => n.name === name)!.shape!.slice(1)] as number[]);
  const data = shapes.map((s, i) => uniform(s.reduce((a, b) => a * b, 1), seed + 100 + i));
  const inputs = shapes.map((s, i) => tf.tensor(data[i]!, s));
  try {
    const expected = predict(model, inputs);
    const actual = predict(optimized, inputs);
    assert.equal(optimized.countParams(), opt.graph.totals.params, 'tfjs counts the optimized graph\'s parameters');
    graph.outputs.forEach((name, i) => {
      const d = relativeDifference(actual[i]!, expected[i]!);
      assert.ok(d <= TOLERANCE, `${graph.name} output ${name}: optimized tfjs differs by ${d.toExponential(2)}`);
    });
    const feeds = Object.fromEntries(opt.graph.inputs.map((name, i) => [name, { data: data[i]!, dims: shapes[i]! }]));
    const onnx = await runOnnx(exportOnnx(opt.graph, opt.weights), feeds);
    opt.graph.outputs.forEach((name, i) => {
      const d = relativeDifference(onnx[name]!.data, expected[i]!);
      assert.ok(d <= TOLERANCE, `${graph.name} output ${name}: ONNX of the optimized graph differs by ${d.toExponential(2)}`);
    });
  } finally {
    inputs.forEach((t) => t.dispose());
    model.dispose();
    optimized.dispose();
  }
  return { graph, opt, weights };
}

const byName = (g: Graph): Map<string, GraphNode> => new Map(g.nodes.map((n) => [n.name, n]));
const count = (g: Graph, op: string): number => g.nodes.filter((n) => n.op === op).length;

/**
 * The parameter bookkeeping every optimization must satisfy: the total drops by the parameters of
 * the folded BatchNormalizations minus the biases the folding added, and nothing else changes.
 */
function assertParamsAccountedFor({ graph, opt }: Checked): { foldedParams: number; addedBiases: number } {
  const after = byName(opt.graph);
  const foldedParams = graph.nodes
    .filter((n) => n.op === 'BatchNormalization' && !after.has(n.name))
    .reduce((s, n) => s + n.params.trainable + n.params.nonTrainable, 0);
  const addedBiases = graph.nodes
    .filter((n) => n.attrs['use_bias'] === false && after.get(n.name)?.attrs['use_bias'] === true)
    .reduce((s, n) => s + (n.shape!.at(-1) as number), 0);
  assert.equal(graph.totals.params - opt.graph.totals.params, foldedParams - addedBiases);
  assert.equal(opt.graph.totals.params, opt.graph.nodes.reduce((s, n) => s + n.params.trainable + n.params.nonTrainable, 0));
  assert.equal(opt.graph.totals.macs, graph.totals.macs, 'folding adds no multiply-accumulates');
  return { foldedParams, addedBiases };
}

/** Shared structural facts: outputs, inputs and indices of the optimized graph. */
function assertWellFormed({ graph, opt }: Checked): void {
  assert.deepEqual(opt.graph.outputs, graph.outputs, 'model outputs keep their layers and names');
  assert.deepEqual(opt.graph.inputs, graph.inputs);
  const names = new Set(opt.graph.nodes.map((n) => n.name));
  for (const o of graph.outputs) assert.ok(names.has(o), `output ${o} is kept`);
  opt.graph.nodes.forEach((n, i) => {
    assert.equal(n.index, i);
    for (const input of n.inputs) assert.ok(names.has(input), `${n.name} reads ${input}, which is kept`);
  });
  assert.equal(count(opt.graph, 'Dropout'), graph.outputs.filter((o) => byName(graph).get(o)!.op === 'Dropout').length);
  assert.equal(opt.graph.nodes.length, graph.nodes.length - opt.report.foldedBatchNorms - opt.report.fusedActivations - opt.report.droppedLayers);
}

test('ResNet-50 (the seed): 53 BatchNorms folded, 33 ReLUs fused, outputs and ONNX export equal', async () => {
  const checked = await checkEquivalent(compileFileOk('architectures/resnet50.yaml'), 1, 1);
  const { graph, opt } = checked;
  assertWellFormed(checked);
  assert.equal(count(graph, 'BatchNormalization'), 53);
  // Every BatchNorm follows a Conv2D it alone reads; the ReLUs after an Add (16 of them) stay.
  assert.deepEqual(opt.report, { foldedBatchNorms: 53, fusedActivations: 33, droppedLayers: 0 });
  assert.equal(graph.nodes.length, 177);
  assert.equal(opt.graph.nodes.length, 91);
  assert.equal(count(opt.graph, 'BatchNormalization'), 0);
  assert.equal(count(opt.graph, 'Activation'), 16);
  assert.ok(opt.graph.nodes.filter((n) => n.op === 'Activation').every((n) => byName(opt.graph).get(n.inputs[0]!)!.op === 'Add'));
  // The seed's convolutions have biases, so nothing is added: exactly 4 x 26,560 BatchNorm parameters go.
  const { foldedParams, addedBiases } = assertParamsAccountedFor(checked);
  assert.equal(foldedParams, 106_240);
  assert.equal(addedBiases, 0);
  assert.equal(opt.graph.totals.params, 23_600_006 - 106_240);
  assert.equal(opt.graph.totals.nonTrainable, 0);
  const conv1 = byName(opt.graph).get('conv1')!;
  assert.equal(conv1.attrs['activation'], 'relu');
  assert.deepEqual(opt.graph.nodes.find((n) => n.op === 'MaxPooling2D')!.inputs, ['conv1']);
});

test('MobileNetV2: DepthwiseConv2D + BN + ReLU6 fold and fuse; biases added where there were none', async () => {
  const graph = compileFileOk('architectures/mobilenet_v2.yaml', {
    variant: 'mobilenetv2_1.00_224',
    overrides: [{ key: 'input_shape', value: [64, 64, 3] }, { key: 'classes', value: 10 }, { key: 'classifier_activation', value: 'linear' }],
  });
  const checked = await checkEquivalent(graph, 2);
  const { opt } = checked;
  assertWellFormed(checked);
  const bns = count(graph, 'BatchNormalization');
  const relus = count(graph, 'ReLU');
  assert.equal(bns, 52);
  assert.equal(relus, 35);
  assert.deepEqual(opt.report, { foldedBatchNorms: 52, fusedActivations: 35, droppedLayers: 0 });
  assert.equal(count(opt.graph, 'BatchNormalization') + count(opt.graph, 'ReLU'), 0);
  const dw = byName(opt.graph).get('block_1_depthwise')!;
  assert.equal(dw.op, 'DepthwiseConv2D');
  assert.equal(dw.attrs['activation'], 'relu6');
  assert.equal(dw.attrs['use_bias'], true);
  // The projection is linear: folded, no activation to fuse.
  assert.equal(byName(opt.graph).get('block_1_project')!.attrs['activation'], 'linear');
  const { foldedParams, addedBiases } = assertParamsAccountedFor(checked);
  // MobileNetV2's convolutions have no bias: each fold removes 4C and adds C.
  assert.equal(addedBiases * 4, foldedParams);
});

test('DenseNet-121: a BatchNorm after a Concatenate (or pooling) is not folded', async () => {
  const graph = compileFileOk('architectures/densenet121.yaml', {
    variant: 'densenet121',
    overrides: [{ key: 'input_shape', value: [64, 64, 3] }, { key: 'classes', value: 10 }, { key: 'classifier_activation', value: 'linear' }],
  });
  const checked = await checkEquivalent(graph, 3);
  const { opt } = checked;
  assertWellFormed(checked);
  const before = byName(graph);
  const after = byName(opt.graph);
  const bns = graph.nodes.filter((n) => n.op === 'BatchNormalization');
  const afterConv = bns.filter((n) => before.get(n.inputs[0]!)!.op === 'Conv2D');
  // conv1_bn and each conv block's _1_bn follow a convolution; the rest follow Concatenate or pooling.
  assert.equal(bns.length, 121);
  assert.equal(afterConv.length, 59);
  assert.equal(opt.report.foldedBatchNorms, 59);
  assert.equal(opt.report.fusedActivations, 59);
  for (const bn of bns) assert.equal(after.has(bn.name), !afterConv.includes(bn), bn.name);
  const afterConcat = bns.filter((n) => before.get(n.inputs[0]!)!.op === 'Concatenate');
  assert.ok(afterConcat.length > 50);
  for (const bn of afterConcat) assert.deepEqual(after.get(bn.name)!.inputs, bn.inputs, `${bn.name} reads its Concatenate`);
  // ...and the ReLU after such a BatchNorm stays a layer of its own.
  assert.equal(after.get('conv2_block2_0_relu')?.op, 'Activation');
  assertParamsAccountedFor(checked);
});

test('Dense + BatchNorm + Dropout toy: folds on the units axis, fuses, drops Dropout', async () => {
  const graph = compileOk(`graphc: 1
name: DenseToy
inputs: [{ shape: [16] }]
body:
  - Dense: { units: 32, name: fc1 }
  - BatchNormalization: { name: bn1 }
  - Activation: { activation: relu, name: relu1 }
  - Dropout: { rate: 0.5, name: drop1 }
  - Dense: { units: 8, use_bias: false, name: fc2 }
  - BatchNormalization: { name: bn2 }
  - Activation: { activation: tanh, name: act2 }
  - Dense: { units: 4, activation: softmax, name: out }
`);
  const checked = await checkEquivalent(graph, 4, 5);
  const { opt } = checked;
  assertWellFormed(checked);
  assert.deepEqual(opt.report, { foldedBatchNorms: 2, fusedActivations: 2, droppedLayers: 1 });
  assert.deepEqual(opt.graph.nodes.map((n) => `${n.name}:${n.op}:${String(n.attrs['activation'] ?? '')}`), [
    'input_1:Input:', 'fc1:Dense:relu', 'fc2:Dense:tanh', 'out:Dense:softmax',
  ]);
  assert.deepEqual(byName(opt.graph).get('fc2')!.inputs, ['fc1']);
  const { foldedParams, addedBiases } = assertParamsAccountedFor(checked);
  assert.deepEqual([foldedParams, addedBiases], [4 * 32 + 4 * 8, 8]);
});

test('a BatchNorm whose convolution output has a second consumer is not folded', async () => {
  const graph = compileOk(`graphc: 1
name: TwoConsumers
inputs: [{ shape: [8, 8, 3] }]
body:
  - Conv2D: { filters: 4, kernel_size: 3, padding: same, name: conv }
  - BatchNormalization: { name: bn }
  - Add: { inputs: [conv, bn], name: add }
  - Activation: { activation: relu, name: relu }
  - Conv2D: { filters: 4, kernel_size: 1, name: conv2 }
  - BatchNormalization: { name: bn2 }
`);
  const checked = await checkEquivalent(graph, 5);
  const { opt } = checked;
  assertWellFormed(checked);
  const after = byName(opt.graph);
  assert.equal(after.get('bn')?.op, 'BatchNormalization');
  assert.equal(after.get('conv')!.attrs['activation'], 'linear');
  assert.equal(after.get('relu')?.op, 'Activation', 'an activation after Add has no layer to fuse into');
  // bn2 is the model output: folding it would rename the output, so it stays too.
  assert.equal(after.get('bn2')?.op, 'BatchNormalization');
  assert.deepEqual(opt.report, { foldedBatchNorms: 0, fusedActivations: 0, droppedLayers: 0 });
  assert.equal(opt.graph.totals.params, graph.totals.params);
});

test('model outputs are never removed; separable and multiplier-2 depthwise convolutions fold', async () => {
  const graph = compileOk(`graphc: 1
name: Outputs
inputs: [{ shape: [9, 9, 3] }]
body:
  - SeparableConv2D: { filters: 8, kernel_size: 3, name: sep }
  - BatchNormalization: { name: sep_bn }
  - ReLU: { max_value: 6, name: sep_relu }
  - DepthwiseConv2D: { kernel_size: 3, depth_multiplier: 2, padding: same, name: dw }
  - BatchNormalization: { name: dw_bn }
  - ReLU: { name: dw_relu }
  - Conv2D: { filters: 4, kernel_size: 1, name: head_conv }
  - BatchNormalization: { name: head_bn }
  - Conv2D: { input: dw_relu, filters: 4, kernel_size: 1, name: side_conv }
  - Activation: { activation: sigmoid, name: side_act }
  - Flatten: { input: dw_relu, name: flat }
  - Dense: { units: 3, name: fc }
  - Dropout: { rate: 0.3, name: drop_out }
  - ReLU: { input: sep_bn, max_value: 4, name: capped }
  - GlobalAveragePooling2D: { name: gap }
outputs: [head_bn, side_act, drop_out, gap]
`);
  const checked = await checkEquivalent(graph, 6, 3);
  const { opt } = checked;
  assertWellFormed(checked);
  const after = byName(opt.graph);
  // sep_bn has two consumers (sep_relu, capped): it folds into sep, but neither ReLU can fuse.
  assert.equal(after.get('sep')!.attrs['use_bias'], true);
  assert.equal(after.get('sep')!.attrs['activation'], 'linear');
  assert.equal(after.get('capped')?.op, 'ReLU');
  assert.deepEqual(after.get('capped')!.inputs, ['sep']);
  assert.equal(after.get('dw')!.attrs['activation'], 'relu');
  assert.deepEqual(opt.report, { foldedBatchNorms: 2, fusedActivations: 1, droppedLayers: 0 });
  for (const name of ['head_bn', 'side_act', 'drop_out']) assert.ok(after.has(name), `${name} (a model output) is kept`);
  assert.equal(after.get('side_conv')!.attrs['activation'], 'linear');
  assertParamsAccountedFor(checked);
});

test('the pass is pure: the input graph and weights are unchanged', async () => {
  const graph = compileOk(`graphc: 1
name: Pure
inputs: [{ shape: [6, 6, 2] }]
body:
  - Conv2D: { filters: 3, kernel_size: 3, name: conv }
  - BatchNormalization: { name: bn }
  - Activation: { activation: relu, name: relu }
  - Flatten
`);
  const model = buildModel(graph, tf, { init: 'zeros', compile: false });
  const weights = randomWeights(model, 7);
  model.dispose();
  const graphBefore = JSON.stringify(graph);
  const kernelBefore = Float32Array.from(weights.get('conv')![0]!.data);
  const opt = optimizeForInference(graph, weights);
  assert.equal(JSON.stringify(graph), graphBefore);
  assert.deepEqual(weights.get('conv')![0]!.data, kernelBefore);
  assert.ok(weights.has('bn'));
  assert.ok(!opt.weights.has('bn'));
  assert.deepEqual(opt.weights.get('conv')!.map((w) => w.name), ['kernel', 'bias']);
});
