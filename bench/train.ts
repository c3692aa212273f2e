/**
 * Training speed and memory, as markdown tables (not a timed test). Run `nice`d on a quiet machine:
 *
 *   nice npx tsx bench/train.ts [--quick] [--rounds N] [--steps N] [--warmup N] [--batch N] [--skip-memory]
 *
 * 1. FP32 ceiling: a 1024×1024 matMul on the runtime graphc trains on (tfjs-wasm: XNNPACK, one
 *    thread, without tfjs-node).
 * 2. graphc's training loop against a hand-written `model.fit`, same model (built from the YAML,
 *    same seeded initializers), same data (one SIGNS-layout HDF5 file), same optimizer and batch
 *    size, in interleaved rounds in this process (A, B, B, A, A, B…). A round of graphc is one real
 *    `train()` call: it opens and checks the HDF5 file, reads every batch from it, preprocesses,
 *    runs the progress callback (plain lines into a sink: stdout is the report) and history. A round
 *    of model.fit reads the file into tensors first (untimed, as a hand-written script does) then
 *    fits. A step is timed from one batch end to the next, so graphc's steps include reading and
 *    preprocessing the batch; the first `--warmup` steps of every round are excluded for both.
 *    Medians over all timed steps, and the median of the per-round ratios.
 *    Images/s and GFLOP/s = 3 × forward FLOPs (2 × the compiler's MACs) per image.
 * 3. The kernels of one step, each one's share of the kernel time (tf.profile), and whether the
 *    runtime has it. Per-kernel gains of graphc's wasm kernels: bench/wasm-kernels.ts.
 * 4. Memory: tensors alive and RSS after each of 5 epochs of a small model (no leak: flat).
 *
 * Default: ResNet-50 (architectures/resnet50.yaml), 64×64, batch 32, 3 rounds of 1 + 3 steps.
 * --quick: cifar_resnet.yaml (ResNet-20, 32×32), batch 8, 3 rounds of 1 + 4 steps, to check the
 * bench works in about a minute; its figures are not the ones to quote.
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, compileTraining } from '../backends/tfjs/build-model.js';
import { compileSource } from '../compiler/pipeline.js';
import type { Graph, TrainingConfig } from '../compiler/ir.js';
import { graphPreprocessing } from '../compiler/preprocessing.js';
import { openDataset } from '../data/open-dataset.js';
import type { Dataset } from '../data/dataset.js';
import { fitDataset } from '../train/fit.js';
import { History } from '../train/history.js';
import { inputTensor, targetTensor, type TensorPlan } from '../train/tensors.js';
import { train } from '../train/train.js';
import { makeImages, writeSignsFile } from '../scripts/make-signs-like.js';
import { intFlag, log, runMain } from './lib/args.js';
import { formatMs, formatRatio, median, pairedRatios } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const TRAINING: TrainingConfig = { optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] };
const CLASSES = 6;

async function ceiling(): Promise<number> {
  const n = 1024;
  const [a, b] = [tf.randomNormal([n, n]), tf.randomNormal([n, n])];
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    times.push(performance.now() - t);
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (Math.min(...times.slice(1)) / 1000) / 1e9;
}

/** The step durations after the first `warmup`, from batch-end timestamps (the first step is timed from the train's start). */
function stepTimes(ends: readonly number[], start: number, warmup: number): number[] {
  const steps = ends.map((t, i) => t - (i === 0 ? start : ends[i - 1]!));
  return steps.slice(warmup);
}

/** One round of graphc: the real `train()`, reading the HDF5 file batch by batch. */
async function graphcRound(graph: Graph, file: string, batch: number, warmup: number): Promise<number[]> {
  const ends: number[] = [];
  const start = performance.now();
  const r = await train({
    graph, data: file, epochs: 1, batchSize: batch, seed: 0, out: null, training: TRAINING,
    progress: { write: () => undefined, tty: null },
    callbacks: [{ onBatchEnd: () => void ends.push(performance.now()) }],
  });
  r.model.dispose();
  return stepTimes(ends, start, warmup);
}

/** One round of a hand-written loop: the file read into tensors (untimed), then `model.fit`. */
async function fitRound(graph: Graph, file: string, batch: number, warmup: number): Promise<number[]> {
  const input = graph.nodes.find((n) => n.name === graph.inputs[0])!;
  const data = await openDataset(file, (input.shape ?? []).slice(1));
  const all = data.read(Array.from({ length: data.length }, (_, i) => i));
  const plan: TensorPlan = { spec: data.spec, preprocessing: graphPreprocessing(graph)[input.name] ?? null, encoding: 'one-hot', classes: CLASSES };
  data.close();
  const [xs, ys] = [inputTensor(tf, all, plan), targetTensor(tf, all, plan)];
  const model = buildModel(graph, tf, { compile: false });
  compileTraining(tf, model, TRAINING);
  const ends: number[] = [];
  const start = performance.now();
  await model.fit(xs, ys, { epochs: 1, batchSize: batch, shuffle: true, verbose: 0, callbacks: { onBatchEnd: async () => void ends.push(performance.now()) } });
  model.dispose();
  tf.dispose([xs, ys]);
  return stepTimes(ends, start, warmup);
}

/** Kernel shares of one trainOnBatch. */
async function kernelRows(graph: Graph, size: number, batch: number, runtime: string): Promise<string[][]> {
  const model = buildModel(graph, tf, { compile: false });
  compileTraining(tf, model, TRAINING);
  const x = tf.randomUniform([batch, size, size, 3]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32'), CLASSES).toFloat();
  await model.trainOnBatch(x, y);
  const profile = await tf.profile(async () => void (await model.trainOnBatch(x, y)));
  tf.dispose([x, y]);
  model.dispose();
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) {
    // tf.profile also lists fused ops by their op scope (`fusedConv2d__op`), around their kernels.
    if (k.name.endsWith('__op')) continue;
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
  }
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  return [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)
    .map(([k, ms]) => [k, tf.getKernel(k, runtime) ? 'yes' : 'no', formatMs(ms), `${(ms / total * 100).toFixed(1)}%`]);
}

/** An in-memory data set over generated SIGNS-like images (the memory table's small model). */
function memoryDataset(n: number, size: number): Dataset {
  const { x, y } = makeImages(n, size, 1);
  const per = size * size * 3;
  return {
    source: 'memory', length: n,
    spec: { shape: [size, size, 3], dtype: 'uint8', labels: 'index', labelShape: [], classNames: null },
    read: (idx) => ({ count: idx.length, x: Float32Array.from(idx.flatMap((i) => Array.from(x.subarray(i * per, (i + 1) * per)))), y: Float32Array.from(idx, (i) => Number(y[i])) }),
    scan: () => [], labelIndices: () => Int32Array.from(y, Number), close: () => undefined,
  };
}

async function memoryRows(): Promise<string[][]> {
  const small = compileSource('small.yaml', `graphc: 1
name: Small
inputs: [{ shape: [16, 16, 3] }]
body:
  - Conv2D: { filters: 8, kernel_size: 3, padding: same, activation: relu }
  - BatchNormalization: {}
  - MaxPooling2D: { pool_size: 2 }
  - Flatten: {}
  - Dense: { units: 6, activation: softmax }
training: { optimizer: adam, loss: categorical_crossentropy, metrics: [accuracy] }
`).graph!;
  const model = buildModel(small, tf);
  const data = memoryDataset(256, 16);
  const rows: string[][] = [];
  await fitDataset(tf, model, data, {
    epochs: 5, batchSize: 32, seed: 0, validation: memoryDataset(64, 16), names: ['loss', 'accuracy'],
    plan: { spec: data.spec, preprocessing: { scale: 1 / 255, offset: 0 }, encoding: 'one-hot', classes: CLASSES },
    callbacks: [new History('val_loss'), { onEpochEnd: (e) => void rows.push([String(e + 1), String(tf.memory().numTensors), (process.memoryUsage().rss / 2 ** 20).toFixed(1)]) }],
  });
  model.dispose();
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, rounds: { type: 'string' }, steps: { type: 'string' }, warmup: { type: 'string' }, batch: { type: 'string' }, 'skip-memory': { type: 'boolean' } } });
  const quick = values.quick === true;
  const rounds = intFlag('rounds', values.rounds, 3);
  const steps = intFlag('steps', values.steps, quick ? 4 : 3);
  const warmup = intFlag('warmup', values.warmup, 1);
  const batch = intFlag('batch', values.batch, quick ? 8 : 32);
  // The first step of a round also times building the model (and, for graphc, opening the data).
  if (rounds < 1 || steps < 1 || warmup < 1) throw new Error('--rounds, --steps and --warmup take at least 1');
  const { name: runtime } = await requireRuntime('auto');
  const loadStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  const file = quick ? 'architectures/cifar_resnet.yaml' : 'architectures/resnet50.yaml';
  const size = quick ? 32 : 64;
  const { graph } = compileSource(file, readFileSync(file, 'utf8'), { overrides: [{ key: 'classes', value: CLASSES }] });
  if (!graph) throw new Error(`${file} does not compile`);
  const label = `${graph.name} ${size}×${size}, batch ${batch}, adam`;

  const peak = await ceiling();
  log(`ceiling ${peak.toFixed(1)} GFLOP/s on ${runtime}`);
  const dir = mkdtempSync(join(tmpdir(), 'graphc-bench-train-'));
  const data = join(dir, 'train.h5');
  await writeSignsFile(data, 'train_set', batch * (warmup + steps), size, 1);
  const samples = { graphc: [] as number[], fit: [] as number[] };
  const perRound = { graphc: [] as number[], fit: [] as number[] };
  try {
    for (let r = 0; r < rounds; r++) {
      // A, B then B, A: neither always goes first after the other's garbage.
      const order = r % 2 === 0 ? (['graphc', 'fit'] as const) : (['fit', 'graphc'] as const);
      for (const who of order) {
        const times = who === 'graphc' ? await graphcRound(graph, data, batch, warmup) : await fitRound(graph, data, batch, warmup);
        samples[who].push(...times);
        perRound[who].push(median(times));
        log(`round ${r + 1}/${rounds} ${who}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const flops = 3 * 2 * graph.totals.macs * batch;
  const row = (name: string, ms: number): string[] => {
    const gflops = flops / (ms / 1000) / 1e9;
    return [name, formatMs(ms), (batch / ms * 1000).toFixed(2), gflops.toFixed(2), `${(gflops / peak * 100).toFixed(1)}%`];
  };
  const [g, f] = [median(samples.graphc), median(samples.fit)];
  const out = [
    `runtime: tfjs ${runtime}; ${rounds} interleaved rounds of ${warmup} warm-up + ${steps} timed steps each; load average ${loadStart} at start${quick ? '; --quick (not figures to quote)' : ''}`,
    '',
    markdownTable(['FP32 ceiling', 'GFLOP/s'], [[`tfjs-${runtime} matMul 1024×1024`, peak.toFixed(1)]], ['left', 'right']),
    '',
    markdownTable([label, 'ms/step (median)', 'images/s', 'GFLOP/s (3× fwd)', 'of ceiling'], [
      row(`graphc train() (${samples.graphc.length} steps)`, g),
      row(`hand-written model.fit (${samples.fit.length} steps)`, f),
      ['ratio graphc / model.fit: of medians', formatRatio(g / f), '', '', ''],
      ['ratio graphc / model.fit: median of per-round ratios', formatRatio(median(pairedRatios(perRound.graphc, perRound.fit))), '', '', ''],
    ], ['left', 'right', 'right', 'right', 'right']),
    '',
    markdownTable(['kernel (one step)', `registered for ${runtime}`, 'ms', 'share'], await kernelRows(graph, size, batch, runtime), ['left', 'left', 'right', 'right']),
  ];
  if (!values['skip-memory']) out.push('', markdownTable(['epoch (small CNN, 256 samples)', 'tf.memory().numTensors', 'RSS MiB'], await memoryRows(), ['right', 'right', 'right']));
  out.push('', `load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

runMain(main);
