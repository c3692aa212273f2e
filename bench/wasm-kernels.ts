/**
 * The gain of each training kernel graphc registers for tfjs-wasm (backends/tfjs/wasm-grad.ts),
 * as a markdown table: with graphc's kernel against without it — the wasm backend's own kernel
 * where it has one, else "fails: not registered" — measured in the same process, interleaved
 * (A, B, A, B…, the order alternating by round), one warm-up run each excluded, medians.
 *
 *   nice npx tsx bench/wasm-kernels.ts [--quick] [--rounds N] [--size S] [--batch B]
 *
 * 1. Conv2DBackpropInput at every distinct convolution of architectures/resnet50.yaml (conv1 on
 *    the image needs no input gradient and is left out), weighted by how often the model has it.
 * 2. Training steps (trainOnBatch, adam) of models that need each kernel: ResNet-50,
 *    MobileNetV2 (alpha 0.35; depthwise), and a token classifier (Embedding: Gather's gradient);
 *    Tile (the broadcasts of BatchNormalization's gradient) in the first two.
 * --quick: batch 4, 3 rounds (64×64 is the seed ResNet-50's smallest input: its 2×2 average pool) (a check that the bench works, not a figure to quote).
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { conv2DBackpropInputPlan } from '../backends/tfjs/wasm-conv-input-grad.js';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '../backends/tfjs/wasm-grad.js';
import { compileSource, type CompileOptions } from '../compiler/pipeline.js';
import type { Graph } from '../compiler/ir.js';
import { intFlag, log, runMain } from './lib/args.js';
import { formatMs, formatRatio, median } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

type Shape4 = [number, number, number, number];

/** Times `a` and `b` alternately: `rounds` pairs after one warm-up run of each. */
async function interleaved(rounds: number, a: () => Promise<void>, b: () => Promise<void>): Promise<{ a: number; b: number }> {
  const times = { a: [] as number[], b: [] as number[] };
  const once = async (f: () => Promise<void>, into: number[] | null): Promise<void> => {
    const t = performance.now();
    await f();
    into?.push(performance.now() - t);
  };
  await once(a, null);
  await once(b, null);
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) { await once(a, times.a); await once(b, times.b); } else { await once(b, times.b); await once(a, times.a); }
  }
  return { a: median(times.a), b: median(times.b) };
}

/** Runs `f` with graphc's version of `names` taken away, then puts every graphc kernel back. */
async function without<T>(names: readonly string[], f: () => Promise<T>): Promise<T> {
  unregisterWasmTrainingKernels(names);
  try {
    return await f();
  } finally {
    registerWasmTrainingKernels();
  }
}

function compile(file: string, text: string, options: CompileOptions = {}): Graph {
  const { graph, diagnostics } = compileSource(file, text, options);
  if (!graph) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return graph;
}

/**
 * The distinct convolutions of a graph that need an input gradient (some layer with weights
 * comes before them: conv1, on the image, needs none), with how often each occurs.
 */
function convolutions(graph: Graph): { x: Shape4; filter: Shape4; strides: [number, number]; pad: 'same' | 'valid'; count: number }[] {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const distinct = new Map<string, { x: Shape4; filter: Shape4; strides: [number, number]; pad: 'same' | 'valid'; count: number }>();
  const afterWeights = new Set<string>();
  for (const n of graph.nodes) {
    // Nodes come in topological order, so every input was classified before its consumer.
    if (n.inputs.some((i) => afterWeights.has(i) || (byName.get(i)?.params.trainable ?? 0) > 0)) afterWeights.add(n.name);
    if (n.op !== 'Conv2D' || !afterWeights.has(n.name)) continue;
    const input = byName.get(n.inputs[0]!)!;
    const [, h, w, c] = input.shape as number[];
    const [kh, kw] = n.attrs.kernel_size as number[];
    const x: Shape4 = [0, h!, w!, c!];
    const filter: Shape4 = [kh!, kw!, c!, n.attrs.filters as number];
    const strides = n.attrs.strides as [number, number];
    const pad = n.attrs.padding as 'same' | 'valid';
    const key = JSON.stringify([x, filter, strides, pad]);
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { x, filter, strides, pad, count: 1 });
  }
  return [...distinct.values()];
}

async function inputGradientRows(graph: Graph, batch: number, rounds: number): Promise<string[][]> {
  const rows: string[][] = [];
  let total = { wasm: 0, graphc: 0 };
  for (const c of convolutions(graph)) {
    const x: Shape4 = [batch, c.x[1], c.x[2], c.x[3]];
    const info = tf.backend_util.computeConv2DInfo(x, c.filter, c.strides, 1, c.pad);
    const dy = tf.randomNormal([batch, info.outHeight, info.outWidth, c.filter[3]]);
    const filter = tf.randomNormal(c.filter);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', inputShape: x };
    const call = async (): Promise<void> => {
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      await dx.data();
      dx.dispose();
    };
    const t = await interleaved(rounds, () => without(['Conv2DBackpropInput'], call), call);
    tf.dispose([dy, filter]);
    total = { wasm: total.wasm + c.count * t.a, graphc: total.graphc + c.count * t.b };
    const plan = conv2DBackpropInputPlan(info) ?? 'wasm kernel';
    rows.push([`${c.x[1]}×${c.x[2]}×${c.x[3]} → ${c.filter[0]}×${c.filter[1]} s${c.strides[0]} ${c.pad} × ${c.filter[3]}`, String(c.count), plan, formatMs(t.a), formatMs(t.b), formatRatio(t.a / t.b)]);
    log(`Conv2DBackpropInput ${rows.at(-1)!.join(' | ')}`);
  }
  rows.push(['all of one step (× count)', '', '', formatMs(total.wasm), formatMs(total.graphc), formatRatio(total.wasm / total.graphc)]);
  return rows;
}

/** One training step's time with graphc's kernels, against the same step without `names`. */
async function stepRow(label: string, names: readonly string[], model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, rounds: number): Promise<string[]> {
  const step = async (): Promise<void> => void (await model.trainOnBatch(x, y));
  let failure: string | null = null;
  try {
    await without(names, step);
  } catch (e) {
    const message = (e as Error).message.split('\n')[0]!;
    failure = /not registered for backend 'wasm'/.test(message) ? 'fails: not registered' : `fails: ${message}`;
  }
  let row: string[];
  if (failure) {
    const t = await interleaved(rounds, step, step);
    row = [names.join(', '), label, formatMs(median([t.a, t.b])), failure, '–'];
  } else {
    const t = await interleaved(rounds, () => without(names, step), step);
    row = [names.join(', '), label, formatMs(t.b), formatMs(t.a), formatRatio(t.a / t.b)];
  }
  log(`step ${row.join(' | ')}`);
  return row;
}

async function stepRows(size: number, batch: number, rounds: number): Promise<string[][]> {
  const rows: string[][] = [];
  const image = (classes: number): { x: tf.Tensor; y: tf.Tensor } => ({
    x: tf.randomUniform([batch, size, size, 3]),
    y: tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32'), classes).toFloat(),
  });
  const resnet = compile('architectures/resnet50.yaml', readFileSync('architectures/resnet50.yaml', 'utf8'), { overrides: [{ key: 'input_shape', value: [size, size, 3] }] });
  const mobilenet = compile('architectures/mobilenet_v2.yaml', readFileSync('architectures/mobilenet_v2.yaml', 'utf8'), {
    overrides: [{ key: 'input_shape', value: [size, size, 3] }, { key: 'alpha', value: 0.35 }, { key: 'classes', value: 6 }],
  });
  const tokens = compile('tokens.yaml', `graphc: 1
name: Tokens
inputs: [{ shape: [64], dtype: int32, name: ids }]
body:
  - Embedding: { input_dim: 5000, output_dim: 64, name: table }
  - GlobalAveragePooling1D: {}
  - Dense: { units: 6, activation: softmax }
`);
  const cases: { label: string; graph: Graph; kernels: readonly string[][]; data: () => { x: tf.Tensor; y: tf.Tensor } }[] = [
    { label: `ResNet-50 ${size}×${size} batch ${batch}`, graph: resnet, kernels: [['Conv2DBackpropInput'], ['Tile'], ['Conv2DBackpropFilter']], data: () => image(6) },
    { label: `MobileNetV2 α0.35 ${size}×${size} batch ${batch}`, graph: mobilenet, kernels: [['DepthwiseConv2dNativeBackpropInput'], ['DepthwiseConv2dNativeBackpropFilter'], ['Tile']], data: () => image(6) },
    { label: `Embedding 5000×64, 64 tokens, batch ${batch}`, graph: tokens, kernels: [['UnsortedSegmentSum']], data: () => ({ x: tf.randomUniform([batch, 64], 0, 5000, 'int32'), y: tf.oneHot(tf.randomUniform([batch], 0, 6, 'int32'), 6).toFloat() }) },
  ];
  for (const c of cases) {
    const model = buildModel(c.graph, tf, { compile: false });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const { x, y } = c.data();
    for (const names of c.kernels) rows.push(await stepRow(c.label, names, model, x, y, rounds));
    tf.dispose([x, y]);
    model.dispose();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, rounds: { type: 'string' }, size: { type: 'string' }, batch: { type: 'string' } } });
  const quick = values.quick === true;
  const rounds = intFlag('rounds', values.rounds, quick ? 3 : 5);
  const size = intFlag('size', values.size, 64);
  const batch = intFlag('batch', values.batch, quick ? 4 : 32);
  await requireRuntime('wasm');
  const start = loadavg().map((l) => l.toFixed(1)).join(' ');
  const resnet = compile('architectures/resnet50.yaml', readFileSync('architectures/resnet50.yaml', 'utf8'), { overrides: [{ key: 'input_shape', value: [size, size, 3] }] });
  const inputRows = await inputGradientRows(resnet, batch, rounds);
  const steps = await stepRows(size, batch, rounds);
  const out = [
    `tfjs-wasm ${tf.version.tfjs}, one thread; ${rounds} interleaved rounds after a warm-up, medians; load average ${start} at start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end${quick ? '; --quick' : ''}`,
    '',
    markdownTable(['Conv2DBackpropInput, ResNet-50 ' + `${size}×${size} batch ${batch}`, 'count', 'graphc plan', 'wasm ms', 'graphc ms', 'wasm / graphc'],
      inputRows, ['left', 'right', 'left', 'right', 'right', 'right']),
    '',
    markdownTable(['graphc kernel', 'training step of', 'with it, ms', 'without it, ms', 'without / with'], steps, ['left', 'left', 'right', 'right', 'right']),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

runMain(main);
