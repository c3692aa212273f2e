/**
 * The ONNX backend end to end: every shipped architecture and variant (at small input sizes where
 * the real one is large) exports, loads in onnxruntime with full graph optimizations, and computes
 * what the tfjs model computes within 1e-4 on random input, with random weights and non-trivial
 * BatchNorm statistics. Also: the file's input/output names and NHWC shapes, byte-identical
 * exports, and a GC0005 diagnostic (never a crash) for what ONNX or tfjs cannot express.
 *
 * Time goes into weights (ResNet-152 has 60M whatever the input size), so the inputs are as small
 * as the architectures allow and the classifiers have 10 classes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, writeWeights } from '../backends/tfjs/build-model.js';
import { BATCH_DIM, exportOnnx, UnsupportedError } from '../backends/onnx/export.js';
import { ONNX_RULES } from '../backends/onnx/ops.js';
import { TRANSFORMER_ONNX_RULES } from '../backends/onnx/transformer-ops.js';
import { TRANSFORMER_SINK } from './helpers/transformer-sink.js';
import { createOnnxSession } from '../backends/onnx/ort.js';
import { decodeModel, DEFAULT_OPSET } from '../backends/onnx/proto.js';
import { runCli } from '../cli/main.js';
import type { Override } from '../compiler/pipeline.js';
import type { Graph } from '../compiler/ir.js';
import type { Weights } from '../compiler/weights.js';
import { OPS } from '../compiler/ops/registry.js';
import { indexBound } from '../compiler/index-bound.js';
import { compileFileOk, compileOk } from './helpers/compile.js';
import { randomWeights, relativeDifference, uniform } from './helpers/numeric.js';

// wasm: the faster tfjs backend here by 20-30x (the cpu backend would take minutes for these).
const { tf } = await requireRuntime('wasm');

const TOLERANCE = 1e-4;

/** One architecture run: a file, a variant, overrides. */
interface Run {
  readonly file: string;
  readonly variant: string | null;
  readonly overrides: readonly Override[];
}

const set = (key: string, value: Override['value']): Override => ({ key, value });
/** Small input, 10 logits: the classifier activation is linear so the comparison sees logits, not a saturated softmax. */
const small = (size: number): Override[] => [set('input_shape', [size, size, 3]), set('classes', 10), set('classifier_activation', 'linear')];

/** The variants a library file declares (none: the file itself). */
function variantsOf(file: string): (string | null)[] {
  const text = readFileSync(`architectures/${file}`, 'utf8');
  const names = [...text.matchAll(/^ {2}([A-Za-z0-9_.]+): \{ name:/gm)].map((m) => m[1]!);
  return text.includes('\nvariants:') ? names : [null];
}

/** Every shipped file and variant; input sizes the smallest each architecture's downsampling allows. */
function library(): Run[] {
  const runs: Run[] = [];
  const files = readdirSync('architectures').filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    for (const variant of variantsOf(file)) {
      switch (file) {
        case 'resnet.yaml':
          runs.push({ file, variant, overrides: small(32) });
          // torchvision: convolutions without bias, its epsilon and He initializers (the padded,
          // strided 3x3 is the keras basic block's too): once is enough.
          if (variant === 'resnet18') runs.push({ file, variant, overrides: [...small(32), set('convention', 'torchvision')] });
          break;
        case 'cifar_resnet.yaml':
          runs.push({ file, variant, overrides: [] });
          if (variant === 'resnet20') runs.push({ file, variant, overrides: [set('shortcut', 'B')] });
          break;
        case 'efficientnet.yaml':
          // B0, and B3 for a width (1.2) and depth (1.4) that change the rounding; the others
          // only add weights to initialize (their counts are held in architectures.test.ts).
          if (variant === 'efficientnetb0' || variant === 'efficientnetb3') runs.push({ file, variant, overrides: small(32) });
          break;
        case 'unet.yaml':
          runs.push({ file, variant, overrides: [set('input_shape', [32, 32, 1])] });
          runs.push({ file, variant, overrides: [set('input_shape', [32, 32, 1]), set('upsampling', 'transpose')] });
          break;
        case 'resnet50.yaml':
          runs.push({ file, variant, overrides: [] }); // the seed: 64x64, 6 classes, softmax
          break;
        case 'text_classifier.yaml': // short sequences, both recurrent cells (the gate reordering)
          for (const cell of ['lstm', 'gru']) runs.push({ file, variant, overrides: [set('maxlen', 6), set('embedding_dim', 8), set('units', 5), set('cell', cell)] });
          break;
        // Transformers (issue 10 part B): one or two blocks keep every variant's widths and heads.
        case 'vit.yaml':
          runs.push({ file, variant, overrides: [...small(32), set('layers', 1)] });
          break;
        case 'bert.yaml':
          runs.push({ file, variant, overrides: [set('num_layers', variant === 'bert_tiny' ? 2 : 1), set('seq_length', 16), set('vocabulary_size', 200)] });
          break;
        default: // vgg16 (Flatten head: 32x32 gives 1x1x512), mobilenet_v2, densenet121
          runs.push({ file, variant, overrides: small(32) });
      }
    }
  }
  return runs;
}

const RUNS = library();
const label = (r: Run): string => `${r.file}${r.variant ? ` --variant ${r.variant}` : ''}${r.overrides.filter((o) => o.key === 'convention' || o.key === 'shortcut' || o.key === 'upsampling').map((o) => ` --set ${o.key}=${String(o.value)}`).join('')}`;

/** Builds a model with random weights; returns it with the weights. */
function withRandomWeights(graph: Graph, seed: number): { model: TfModule.LayersModel; weights: Weights } {
  const model = buildModel(graph, tf, { init: 'zeros', compile: false });
  const weights = randomWeights(model, seed);
  writeWeights(tf, model, weights);
  return { model, weights };
}

/** Per input: batch-first dims for `batch` samples and uniform values in [-1, 1) (int32 inputs: valid token ids). */
function randomFeeds(graph: Graph, batch: number, seed: number): { name: string; dims: number[]; data: Float32Array | Int32Array }[] {
  return graph.inputs.map((name, i) => {
    const node = graph.nodes.find((n) => n.name === name)!;
    const dims = [batch, ...node.shape!.slice(1)] as number[];
    const data = uniform(dims.reduce((a, b) => a * b, 1), seed * 31 + i);
    if (node.attrs['dtype'] !== 'int32') return { name, dims, data };
    const bound = indexBound(graph, name);
    return { name, dims, data: Int32Array.from(data, (v) => Math.min(bound - 1, Math.floor(((v + 1) / 2) * bound))) };
  });
}

/** Exports, loads with full optimizations, runs, and compares every output with tfjs's. */
async function assertOnnxMatchesTfjs(graph: Graph, model: TfModule.LayersModel, weights: Weights, batches: readonly number[], what: string): Promise<Uint8Array> {
  const bytes = exportOnnx(graph, weights);
  const session = await createOnnxSession(bytes, { optimization: 'all' });
  try {
    assert.deepEqual(session.inputNames, graph.inputs, `${what}: ONNX inputs carry the Keras input names`);
    assert.deepEqual(session.outputNames, graph.outputs, `${what}: ONNX outputs carry the Keras output layer names`);
    for (const batch of batches) {
      const feeds = randomFeeds(graph, batch, batch);
      const expected = tf.tidy(() => {
        const xs = feeds.map((f) => (f.data instanceof Int32Array ? tf.tensor(f.data, f.dims, 'int32') : tf.tensor(f.data, f.dims)));
        const out = model.predict(xs.length === 1 ? xs[0]! : xs);
        return (Array.isArray(out) ? out : [out]).map((t) => ({ data: Float32Array.from(t.dataSync() as Float32Array), shape: t.shape }));
      });
      const got = await session.run(Object.fromEntries(feeds.map((f) => [f.name, { data: f.data, dims: f.dims }])));
      graph.outputs.forEach((name, i) => {
        assert.deepEqual(got[name]!.dims, expected[i]!.shape, `${what}: ${name} has tfjs's (NHWC) shape at batch ${batch}`);
        const d = relativeDifference(got[name]!.data, expected[i]!.data);
        assert.ok(d <= TOLERANCE, `${what}: output ${name} at batch ${batch} differs from tfjs by ${d.toExponential(2)} of its scale`);
      });
    }
  } finally {
    await session.release();
  }
  return bytes;
}

test('the library runs cover every file and every variant', () => {
  const files = readdirSync('architectures').filter((f) => f.endsWith('.yaml'));
  assert.deepEqual([...new Set(RUNS.map((r) => r.file))].sort(), files.sort());
  assert.deepEqual(variantsOf('resnet.yaml'), ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152']);
  assert.equal(variantsOf('mobilenet_v2.yaml').length, 6);
  assert.equal(variantsOf('densenet121.yaml').length, 3);
  assert.equal(variantsOf('cifar_resnet.yaml').length, 5);
  assert.equal(variantsOf('vgg16.yaml').length, 2);
  assert.equal(variantsOf('efficientnet.yaml').length, 8);
  assert.equal(RUNS.length, 5 + 1 + 6 + 2 + 6 + 3 + 1 + 2 + 2 + 2 + 4 + 3); // efficientnet B0 and B3; text_classifier lstm and gru; vit, bert
});

let seed = 0;
for (const run of RUNS) {
  const seedFile = run.file === 'resnet50.yaml' ? '; its inputs, outputs and bytes' : '';
  test(`${label(run)}: ONNX equals tfjs within 1e-4 (onnxruntime, optimizations 'all')${seedFile}`, async () => {
    const graph = compileFileOk(`architectures/${run.file}`, { variant: run.variant, overrides: run.overrides });
    const { model, weights } = withRandomWeights(graph, ++seed);
    try {
      const bytes = await assertOnnxMatchesTfjs(graph, model, weights, [2], label(run));
      if (seedFile) assertSeedFile(graph, weights, bytes);
    } finally {
      model.dispose();
    }
  });
}

/** The seed's file: one NHWC input, the `fc6` output, and the same bytes from a second export. */
function assertSeedFile(graph: Graph, weights: Weights, bytes: Uint8Array): void {
  assert.ok(Buffer.from(exportOnnx(graph, weights)).equals(Buffer.from(bytes)), 'same graph and weights, same bytes');
  const m = decodeModel(bytes);
  const dimsOf = (v: (typeof m.graph.input)[number]) => v.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value);
  assert.deepEqual(m.graph.input.map((v) => [v.name, dimsOf(v)]), [[graph.inputs[0], [BATCH_DIM, 64, 64, 3]]]);
  assert.deepEqual(m.graph.output.map((v) => [v.name, dimsOf(v)]), [['fc6', [BATCH_DIM, 6]]]);
}

/** Every op graphc has, the activations tfjs and ONNX share, and the layouts they meet in. */
const KITCHEN_SINK = `graphc: 1
name: KitchenSink
inputs:
  - { shape: [9, 10, 3], name: image }
  - { shape: [6], name: extra }
body:
  - ZeroPadding2D: { padding: [[1, 0], [2, 1]], name: pad }
  - Conv2D: { filters: 6, kernel_size: 3, strides: 2, padding: same, activation: relu6, name: conv_same_s2 }
  - Conv2D: { filters: 6, kernel_size: 3, dilation_rate: 2, padding: same, use_bias: false, name: conv_dilated }
  - BatchNormalization: { name: bn }
  - ReLU: { max_value: 4.5, name: relu_capped }
  - DepthwiseConv2D: { kernel_size: 3, depth_multiplier: 2, strides: 2, padding: same, activation: elu, name: depthwise }
  - SeparableConv2D: { filters: 5, kernel_size: 2, padding: same, activation: selu, name: separable }
  - MaxPooling2D: { pool_size: 3, strides: 2, padding: same, name: max_same }
  - AveragePooling2D: { input: separable, pool_size: 3, strides: 2, padding: same, name: avg_same, as: avg }
  - Multiply: { inputs: [max_same, avg], name: product }
  - Activation: { activation: swish, name: swish }
  - Activation: { activation: softmax, name: softmax_4d }
  - Concatenate: { inputs: [softmax_4d, avg], axis: 1, name: concat_h }
  - Reshape: { target_shape: [-1, 5], name: rows }
  - Dense: { units: 4, activation: softplus, name: dense_3d }
  - Flatten: { name: flat }
  - Dense: { units: 6, activation: softsign, name: dense_a }
  - BatchNormalization: { name: bn_2d }
  - Activation: { activation: hard_sigmoid, name: hard }
  - Add: { inputs: [hard, extra], name: plus_extra }
  - Concatenate: { inputs: [plus_extra, extra], name: concat_c }
  - Dropout: { rate: 0.5, name: dropout }
  - Dense: { units: 3, activation: sigmoid, name: probs }
  - GlobalMaxPooling2D: { input: depthwise, name: gmp }
  - Dense: { units: 2, activation: tanh, name: gmp_dense }
  - SpatialDropout2D: { input: relu_capped, rate: 0.3, name: spatial_dropout }
  - GlobalAveragePooling2D: { input: spatial_dropout, name: gap }
  - ReLU: { input: conv_same_s2, name: spatial }
  # Issue 10 part C: sequences from the extra vector, recurrent layers, merges with broadcasting.
  - RepeatVector: { input: extra, n: 4, name: repeat }
  - LeakyReLU: { name: leaky }
  - PReLU: { shared_axes: [1], name: prelu }
  - ELU: { name: elu_layer }
  - Dropout: { rate: 0.5, noise_shape: [null, 1, 6], name: dropout_shared }
  - LSTM: { units: 5, return_sequences: true, name: lstm }
  - GRU: { units: 3, return_sequences: true, name: gru }
  - Permute: { dims: [2, 1], name: permute }
  - Softmax: { name: softmax_layer }
  - Subtract: { inputs: [permute, softmax_layer], name: subtract }
  - Maximum: { inputs: [subtract, permute], name: maximum }
  - Minimum: { inputs: [maximum, softmax_layer], name: minimum }
  - Average: { inputs: [minimum, permute, subtract], name: average }
  - Dot: { inputs: [average, softmax_layer], axes: 1, normalize: true, name: seq_out }
outputs: [probs, gmp_dense, gap, spatial, seq_out]
`;

/** The wave-2 convolution, resampling and preprocessing ops (issue 10 part A), 1-D and 2-D. */
const KITCHEN_SINK_CONV = `graphc: 1
name: KitchenSinkConv
inputs:
  - { name: image, shape: [7, 9, 3] }
  - { name: seq, shape: [11, 4] }
body:
  - Rescaling: { scale: 0.5, offset: -0.25, input: image, name: rescale }
  - Normalization: { name: norm }
  - Conv2D: { filters: 6, kernel_size: 3, padding: same, name: conv }
  - Conv2DTranspose: { filters: 5, kernel_size: 3, strides: 2, padding: same, activation: relu, name: up_same }
  - Conv2DTranspose: { filters: 4, kernel_size: 2, strides: 3, padding: valid, use_bias: false, name: up_valid }
  - Conv2DTranspose: { filters: 3, kernel_size: 4, strides: 2, padding: same, name: up_even }
  - Cropping2D: { cropping: [[1, 2], [0, 3]], name: crop }
  - UpSampling2D: { size: [2, 3], interpolation: bilinear, name: bilinear }
  - MaxPooling2D: { pool_size: 3, name: shrink }
  - UpSampling2D: { size: 2, name: nearest }
  - Normalization: { mean: [0.1, -0.2, 0.3], variance: [1, 4, 0.25], name: fixed }
  - Normalization: { mean: 0.5, variance: 2, invert: true, name: inverted }
  - GlobalMaxPooling2D: { keepdims: true, name: gmp_keep }
  - GlobalAveragePooling2D: { input: inverted, keepdims: true, name: gap_keep }
  - Add: { inputs: [gmp_keep, gap_keep], name: pooled }
  - Flatten: { name: flat }
  - ZeroPadding1D: { padding: [4, 0], input: seq, name: causal_pad }
  - Conv1D: { filters: 6, kernel_size: 3, dilation_rate: 2, name: causal }
  - ZeroPadding1D: { padding: [1, 2], name: pad1d }
  - Conv1D: { filters: 5, kernel_size: 3, strides: 2, padding: same, activation: tanh, name: conv1d_same }
  - Conv1D: { filters: 5, kernel_size: 2, name: conv1d_valid }
  - MaxPooling1D: { pool_size: 2, padding: same, name: max1d }
  - AveragePooling1D: { pool_size: 3, strides: 1, padding: same, name: avg1d }
  - GlobalAveragePooling1D: { keepdims: true, name: gap1d_keep }
  - GlobalMaxPooling1D: { name: gmp1d }
  - GlobalAveragePooling1D: { input: avg1d, name: gap1d }
  - Concatenate: { inputs: [flat, gmp1d, gap1d], name: features }
  - Dense: { units: 3, name: out }
  - Normalization: { input: seq, axis: 1, name: per_step }
  - GroupNormalization: { input: conv, groups: 3, name: group_norm }
  - GroupNormalization: { input: seq, groups: 2, center: false, epsilon: 0.01, name: group_norm_seq }
outputs: [out, per_step, bilinear, group_norm, group_norm_seq]
`;

test('kitchen sink: every op and shared activation, NHWC and NCHW meeting, dynamic batch', async () => {
  const graph = compileOk(KITCHEN_SINK);
  // The convolution and transformer ops have models of their own (test/transformer-backends.test.ts).
  const ops = new Set([...graph.nodes, ...compileOk(KITCHEN_SINK_CONV).nodes, ...compileOk(TRANSFORMER_SINK).nodes].map((n) => n.op));
  assert.deepEqual([...OPS.keys()].filter((op) => !ops.has(op)), [], 'the toys use every op');
  const { model, weights } = withRandomWeights(graph, 99);
  try {
    await assertOnnxMatchesTfjs(graph, model, weights, [1, 3], 'kitchen sink');
  } finally {
    model.dispose();
  }
});

test('kitchen sink of the wave-2 convolution, resampling and preprocessing ops: ONNX equals tfjs', async () => {
  const graph = compileOk(KITCHEN_SINK_CONV);
  const { model, weights } = withRandomWeights(graph, 7);
  try {
    await assertOnnxMatchesTfjs(graph, model, weights, [1, 2], 'kitchen sink conv');
  } finally {
    model.dispose();
  }
});

test('every op kind has an ONNX export rule', () => {
  assert.deepEqual([...OPS.keys()].filter((op) => op !== 'Input' && !ONNX_RULES[op] && !TRANSFORMER_ONNX_RULES[op]), []);
});

test('the file: opset, input and output names, NHWC shapes with a symbolic batch', async () => {
  const graph = compileOk(KITCHEN_SINK);
  const { model, weights } = withRandomWeights(graph, 5);
  model.dispose();
  const m = decodeModel(exportOnnx(graph, weights));
  assert.ok(m.opset_import.some((o) => (o.domain ?? '') === '' && o.version === DEFAULT_OPSET && o.version >= 13));
  const io = (vs: typeof m.graph.input) => vs.map((v) => [v.name, v.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value)]);
  assert.deepEqual(io(m.graph.input), [['image', [BATCH_DIM, 9, 10, 3]], ['extra', [BATCH_DIM, 6]]]);
  assert.deepEqual(io(m.graph.output), [['probs', [BATCH_DIM, 3]], ['gmp_dense', [BATCH_DIM, 2]], ['gap', [BATCH_DIM, 6]], ['spatial', [BATCH_DIM, 5, 7, 6]], ['seq_out', [BATCH_DIM, 4, 4]]]);
  // Initializers are weights and constants only, never graph inputs.
  const inits = new Set(m.graph.initializer.map((t) => t.name));
  assert.ok(m.graph.input.every((v) => !inits.has(v.name)));
});

/** Runs the CLI in-process; returns exit code and both streams. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A model file in a fresh temporary folder. */
function tempModel(yaml: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-onnx-'));
  const file = join(dir, 'model.yaml');
  writeFileSync(file, yaml);
  return { dir, file };
}

const TINY = `graphc: 1
name: Tiny
inputs: [{ shape: [8, 8, 3] }]
body:
  - Conv2D: { filters: 4, kernel_size: 3, kernel_initializer: { class_name: GlorotUniform, config: { seed: 1 } }, name: conv }
  - BatchNormalization: { name: bn }
  - ReLU: { name: relu }
  - GlobalAveragePooling2D: { name: gap }
  - Dense: { units: 3, activation: softmax, kernel_initializer: { class_name: GlorotUniform, config: { seed: 2 } }, name: fc }
`;

test('graphc build --target onnx: byte-identical files from two builds, plain and optimized', async () => {
  const { dir, file } = tempModel(TINY);
  try {
    for (const extra of [[], ['--optimize', 'inference']]) {
      const a = await cli(['build', file, '--target', 'onnx', '--out', join(dir, 'a'), ...extra]);
      const b = await cli(['build', file, '--target', 'onnx', '--out', join(dir, 'b'), ...extra]);
      assert.equal(a.code, 0, a.err);
      assert.equal(b.code, 0, b.err);
      const bytes = readFileSync(join(dir, 'a', 'model.onnx'));
      assert.ok(bytes.equals(readFileSync(join(dir, 'b', 'model.onnx'))), `identical bytes ${extra.join(' ')}`);
      const session = await createOnnxSession(bytes);
      assert.deepEqual(session.outputNames, ['fc']);
      await session.release();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A layer `--target onnx` cannot export, and what the diagnostic must mention. */
const UNSUPPORTED: readonly { what: string; step: string; mentions: RegExp }[] = [
  { what: 'exponential (ONNX has Exp, tfjs has no such activation)', step: 'Dense: { units: 2, activation: exponential, name: act }', mentions: /exponential/ },
  { what: 'ReLU with a threshold', step: 'ReLU: { threshold: 0.5, name: act }', mentions: /threshold/ },
];

for (const u of UNSUPPORTED) {
  test(`graphc build --target onnx: ${u.what} is a located diagnostic before the build, not a crash`, async () => {
    const { dir, file } = tempModel(`graphc: 1
name: Unsupported
inputs: [{ shape: [4] }]
body:
  - Dense: { units: 2, name: fc }
  - ${u.step}
`);
    try {
      const r = await cli(['build', file, '--target', 'onnx', '--out', join(dir, 'out')]);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /model\.yaml:6:5 - error GC0032: \w+ `act` is beyond what the onnx target can emit: /);
      assert.match(r.err, /`act`/);
      assert.match(r.err, u.mentions);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
      assert.equal(r.out, '');
      assert.deepEqual(readdirSync(dir), ['model.yaml'], 'nothing written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('an int32 input (token ids) is declared int32 in the ONNX file', () => {
  const graph = compileOk(`graphc: 1
name: Ints
inputs: [{ shape: [4], dtype: int32, name: ids }, { shape: [4, 2], name: x }]
body:
  - Embedding: { input: ids, input_dim: 5, output_dim: 2, name: table }
  - Add: { inputs: [table, x], name: sum }
`);
  const weights = new Map([['table', [{ name: 'embeddings', shape: [5, 2], data: new Float32Array(10) }]]]);
  const m = decodeModel(exportOnnx(graph, weights));
  assert.deepEqual(m.graph.input.map((v) => [v.name, v.type.tensor_type.elem_type]), [['ids', 6], ['x', 1]]);
});

test('graphc build --target tfjs,onnx: a training config with SGD + momentum (cifar_resnet.yaml) builds', async () => {
  const out = mkdtempSync(join(tmpdir(), 'graphc-onnx-cifar-'));
  try {
    const r = await cli(['build', 'architectures/cifar_resnet.yaml', '--target', 'tfjs,onnx', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { trainingConfig: { optimizer_config: { class_name: string; config: Record<string, unknown> } } };
    assert.deepEqual(json.trainingConfig.optimizer_config, { class_name: 'Momentum', config: { learningRate: 0.1, momentum: 0.9, useNesterov: false } });
    const session = await createOnnxSession(readFileSync(join(out, 'model.onnx')));
    assert.deepEqual(session.outputNames, ['predictions']);
    await session.release();
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
