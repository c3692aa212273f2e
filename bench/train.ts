/**
 * Training speed and memory, as a table (not a timed test). Run `nice`d on a quiet machine:
 *
 *   nice npx tsx bench/train.ts [--steps N] [--batch N] [--skip-resnet]
 *
 * 1. FP32 ceiling: a 1024×1024 tfjs-wasm matMul (XNNPACK, one thread: the runtime graphc trains on
 *    without tfjs-node).
 * 2. ResNet-50 (architectures/resnet50.yaml, 64×64×3, 6 classes, adam): time per step of graphc's
 *    loop (`fitDataset` over an in-memory data set, with the progress/history callbacks) against a
 *    hand-written `model.fit` on the same tensors; images/s; GFLOP/s = 3 × forward FLOPs (2 × the
 *    compiler's MACs) per image, as a fraction of the ceiling.
 * 3. The gradient kernels a step uses: registered for wasm or not (a missing one fails the step:
 *    tfjs has no per-kernel fallback), and each kernel's share of one step's time (tf.profile).
 * 4. Memory: tensors alive and RSS after each of 5 epochs of a small model (no leak: flat).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { compileSource } from '../compiler/pipeline.js';
import { readFileSync } from 'node:fs';
import type { Dataset } from '../data/dataset.js';
import { fitDataset } from '../train/fit.js';
import { History } from '../train/history.js';
import { Progress } from '../train/progress.js';
import { makeImages } from '../scripts/make-signs-like.js';

const { values } = parseArgs({ options: { steps: { type: 'string' }, batch: { type: 'string' }, 'skip-resnet': { type: 'boolean' } } });
const steps = Number(values.steps ?? 2);
const batch = Number(values.batch ?? 32);
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const { name: runtime } = await requireRuntime('auto');
const table = (head: string[], rows: (string | number)[][]): string => [head, head.map(() => '---'), ...rows.map((r) => r.map(String))].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** An in-memory data set over generated SIGNS-like images. */
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

async function ceiling(): Promise<number> {
  const n = 1024;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    times.push(performance.now() - t);
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (Math.min(...times.slice(1)) / 1000) / 1e9;
}

const peak = await ceiling();
log(`ceiling ${peak.toFixed(1)} GFLOP/s on ${runtime}`);
const out: string[] = [`runtime: tfjs ${runtime}; load average at start ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`, '', table(['FP32 ceiling', 'GFLOP/s'], [[`tfjs-${runtime} matMul 1024x1024`, peak.toFixed(1)]])];

if (!values['skip-resnet']) {
  const graph = compileSource('architectures/resnet50.yaml', readFileSync('architectures/resnet50.yaml', 'utf8')).graph!;
  const flopsPerImage = 3 * 2 * graph.totals.macs;
  const data = memoryDataset(batch * (steps + 1), 64);
  const plan = { spec: data.spec, preprocessing: { scale: 1 / 255, offset: 0 }, encoding: 'one-hot' as const, classes: 6 };
  // graphc's loop: one warm-up step, then `steps` timed ones, with the progress and history callbacks.
  const model = buildModel(graph, tf);
  const stepTimes: number[] = [];
  let last = 0;
  const timer = { onBatchEnd: () => { const now = performance.now(); if (last) stepTimes.push(now - last); last = now; } };
  await fitDataset(tf, model, data, { epochs: 1, batchSize: batch, seed: 0, plan, names: ['loss', 'accuracy'], callbacks: [new Progress({ write: () => undefined, tty: null }), new History('loss'), timer] });
  const graphcMs = stepTimes.reduce((a, b) => a + b, 0) / stepTimes.length;
  log(`graphc loop ${graphcMs.toFixed(0)} ms/step`);
  // Kernels of one step: tf.profile names every kernel and its time.
  const x = tf.tensor(data.read(Array.from({ length: batch }, (_, i) => i)).x, [batch, 64, 64, 3]).div(255);
  const y = tf.oneHot(tf.tensor1d(data.read(Array.from({ length: batch }, (_, i) => i)).y!, 'int32'), 6).toFloat();
  const profile = await tf.profile(async () => { await model.trainOnBatch(x, y); });
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  const interesting = ['Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'AvgPoolGrad', 'FusedBatchNorm', 'Conv2D', 'FusedConv2D', 'BatchMatMul', 'ReluGrad'];
  const kernelRows = [...new Set([...interesting, ...[...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k]) => k)])]
    .map((k) => [k, tf.getKernel(k, runtime) ? 'yes' : 'no', byKernel.has(k) ? (byKernel.get(k)! / total * 100).toFixed(1) : 'not used']);
  model.dispose();
  // Hand-written model.fit on the same model and tensors.
  const model2 = buildModel(graph, tf);
  const fitTimes: number[] = [];
  let t0 = 0;
  const xs = tf.tensor(data.read(Array.from({ length: data.length }, (_, i) => i)).x, [data.length, 64, 64, 3]).div(255);
  const ys = tf.oneHot(tf.tensor1d(data.read(Array.from({ length: data.length }, (_, i) => i)).y!, 'int32'), 6).toFloat();
  await model2.fit(xs, ys, { epochs: 1, batchSize: batch, shuffle: true, verbose: 0, callbacks: { onBatchBegin: async () => { t0 = performance.now(); }, onBatchEnd: async (b) => { if (b > 0) fitTimes.push(performance.now() - t0); } } });
  const fitMs = fitTimes.reduce((a, b) => a + b, 0) / fitTimes.length;
  model2.dispose();
  [x, y, xs, ys].forEach((t) => t.dispose());
  const gflops = (flopsPerImage * batch) / (graphcMs / 1000) / 1e9;
  out.push('', table(['ResNet-50 64x64 adam', 'ms/step', 'images/s', 'GFLOP/s (3x fwd)', '% of ceiling'], [
    [`graphc loop (batch ${batch}, ${stepTimes.length} timed steps)`, graphcMs.toFixed(0), (batch / graphcMs * 1000).toFixed(2), gflops.toFixed(2), (gflops / peak * 100).toFixed(1)],
    [`tfjs model.fit (${fitTimes.length} timed steps)`, fitMs.toFixed(0), (batch / fitMs * 1000).toFixed(2), ((flopsPerImage * batch) / (fitMs / 1000) / 1e9).toFixed(2), ''],
    ['ratio graphc / model.fit', (graphcMs / fitMs).toFixed(3), '', '', ''],
  ]));
  out.push('', table(['kernel', `registered for ${runtime}`, '% of one step\'s kernel time'], kernelRows));
}

// Memory over 5 epochs of a small model.
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
const sm = buildModel(small, tf);
const sdata = memoryDataset(256, 16);
const mem: (string | number)[][] = [];
await fitDataset(tf, sm, sdata, {
  epochs: 5, batchSize: 32, seed: 0, validation: memoryDataset(64, 16), names: ['loss', 'accuracy'],
  plan: { spec: sdata.spec, preprocessing: { scale: 1 / 255, offset: 0 }, encoding: 'one-hot', classes: 6 },
  callbacks: [new History('val_loss'), { onEpochEnd: (e) => void mem.push([e + 1, tf.memory().numTensors, (process.memoryUsage().rss / 2 ** 20).toFixed(1)]) }],
});
out.push('', table(['epoch (small CNN, 256 samples)', 'tf.memory().numTensors', 'RSS MiB'], mem));
process.stdout.write(`${out.join('\n')}\n`);
