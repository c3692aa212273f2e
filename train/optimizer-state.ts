/**
 * An optimizer's state (Adam's moments, the iteration count, ...) as two files, and back:
 * `optimizer.json` (names, shapes) and `optimizer.bin` (float32 values). tfjs's
 * `getWeights`/`setWeights` carry the moments; Adam's running β powers are saved as well,
 * because `setWeights` recomputes them with `pow`, which differs from the product of a real run
 * in the last bit, and `--resume` must continue exactly.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { OutputFile } from '../backends/target.js';

type Tf = typeof TfModule;

interface Entry {
  readonly name: string;
  readonly shape: readonly number[];
}

/** The manifest written as optimizer.json. */
export interface OptimizerManifest {
  readonly className: string;
  readonly weights: readonly Entry[];
  /** Scalar variables outside getWeights (Adam/Adamax `accBeta1`, `accBeta2`). */
  readonly extras: Readonly<Record<string, number>>;
}

const EXTRAS = ['accBeta1', 'accBeta2'] as const;
type WithExtras = Partial<Record<(typeof EXTRAS)[number], TfModule.Variable>>;

/** The optimizer's state as files. */
export async function optimizerFiles(optimizer: TfModule.Optimizer): Promise<OutputFile[]> {
  const named = await optimizer.getWeights();
  const weights: Entry[] = [];
  const chunks: Float32Array[] = [];
  for (const { name, tensor } of named) {
    weights.push({ name, shape: [...tensor.shape] });
    chunks.push(Float32Array.from((await tensor.data()) as Float32Array));
  }
  const extras: Record<string, number> = {};
  for (const key of EXTRAS) {
    const v = (optimizer as unknown as WithExtras)[key];
    if (v) extras[key] = (await v.data())[0]!;
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bin = new Float32Array(total);
  let at = 0;
  for (const c of chunks) {
    bin.set(c, at);
    at += c.length;
  }
  const manifest: OptimizerManifest = { className: optimizer.getClassName(), weights, extras };
  return [
    { path: 'optimizer.json', data: `${JSON.stringify(manifest)}\n` },
    { path: 'optimizer.bin', data: new Uint8Array(bin.buffer) },
  ];
}

/** Restores state written by {@link optimizerFiles}; throws with a reason when it does not fit. */
export async function restoreOptimizer(tf: Tf, optimizer: TfModule.Optimizer, manifest: OptimizerManifest, bin: Uint8Array): Promise<void> {
  if (manifest.className !== optimizer.getClassName()) throw new Error(`the checkpoint's optimizer is ${manifest.className}; this run's is ${optimizer.getClassName()}`);
  const values = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  let at = 0;
  const named = manifest.weights.map((w) => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (at + size > values.length) throw new Error('optimizer.bin is shorter than optimizer.json says');
    const tensor = tf.tensor(values.subarray(at, at + size), [...w.shape]);
    at += size;
    return { name: w.name, tensor };
  });
  await optimizer.setWeights(named);
  named.forEach((n) => n.tensor.dispose());
  for (const key of EXTRAS) {
    const v = (optimizer as unknown as WithExtras)[key];
    const saved = manifest.extras[key];
    if (v && saved !== undefined) {
      const s = tf.scalar(saved);
      v.assign(s);
      s.dispose();
    }
  }
}
