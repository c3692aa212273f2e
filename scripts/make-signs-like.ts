/**
 * Writes a synthetic data set in the seed's SIGNS layout: `train_signs.h5` (`train_set_x`
 * [N, S, S, 3] uint8, `train_set_y` [N] int64, `list_classes` [6] int64) and `test_signs.h5`
 * (`test_set_x`, `test_set_y`, `list_classes`). Each class is a shape (disc, square, triangle,
 * cross, horizontal bar, vertical bar) of a random colour, size and place on a noisy background:
 * learnable, but not by one pixel. It also writes the first test images as PNGs under `png/`.
 *
 *   npx tsx scripts/make-signs-like.ts [--out DIR] [--train 1080] [--test 120] [--size 64] [--seed 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../data/batch-order.js';
import { isMain } from './is-main.mjs';

/** Names of the six classes, in label order. */
export const SHAPES = ['disc', 'square', 'triangle', 'cross', 'hbar', 'vbar'] as const;

/** True when pixel (x, y) is inside shape `k` centred at (cx, cy) with radius r. */
function inside(k: number, x: number, y: number, cx: number, cy: number, r: number): boolean {
  const dx = x - cx;
  const dy = y - cy;
  switch (k) {
    case 0: return dx * dx + dy * dy <= r * r;
    case 1: return Math.abs(dx) <= r * 0.8 && Math.abs(dy) <= r * 0.8;
    case 2: return dy <= r * 0.8 && dy >= -r && Math.abs(dx) <= (dy + r) * 0.55;
    case 3: return (Math.abs(dx) <= r * 0.25 && Math.abs(dy) <= r) || (Math.abs(dy) <= r * 0.25 && Math.abs(dx) <= r);
    case 4: return Math.abs(dx) <= r && Math.abs(dy) <= r * 0.3;
    default: return Math.abs(dy) <= r && Math.abs(dx) <= r * 0.3;
  }
}

/** `n` images of `size`×`size`×3 and their labels (balanced, in random order). */
export function makeImages(n: number, size: number, seed: number): { x: Uint8Array; y: BigInt64Array } {
  const random = mulberry32(seed);
  const x = new Uint8Array(n * size * size * 3);
  const y = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(random() * SHAPES.length);
    y[i] = BigInt(k);
    const r = size * (0.22 + random() * 0.12);
    const cx = size / 2 + (random() - 0.5) * size * 0.3;
    const cy = size / 2 + (random() - 0.5) * size * 0.3;
    const colour = [80 + random() * 175, 80 + random() * 175, 80 + random() * 175];
    for (let py = 0; py < size; py++) {
      for (let px = 0; px < size; px++) {
        const on = inside(k, px, py, cx, cy, r);
        for (let c = 0; c < 3; c++) {
          const base = on ? colour[c]! : 30;
          x[((i * size + py) * size + px) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + (random() - 0.5) * 40)));
        }
      }
    }
  }
  return { x, y };
}

/** Writes one file in the SIGNS layout with dataset prefix `prefix` (`train_set` or `test_set`). */
export async function writeSignsFile(path: string, prefix: string, n: number, size: number, seed: number): Promise<void> {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const { x, y } = makeImages(n, size, seed);
  const f = new h5wasm.File(path, 'w');
  try {
    f.create_dataset({ name: `${prefix}_x`, data: x, shape: [n, size, size, 3], dtype: '<B' });
    f.create_dataset({ name: `${prefix}_y`, data: y, shape: [n] });
    f.create_dataset({ name: 'list_classes', data: BigInt64Array.from(SHAPES, (_, i) => BigInt(i)), shape: [SHAPES.length] });
  } finally {
    f.close();
  }
}

/** Writes the first `count` test images as `png/<i>_<shape>.png`, to try `graphc predict` on. */
async function writePngs(dir: string, count: number, size: number, seed: number): Promise<string[]> {
  const { PNG } = await import('pngjs');
  const { x, y } = makeImages(count, size, seed);
  mkdirSync(join(dir, 'png'), { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width: size, height: size });
    for (let p = 0; p < size * size; p++) {
      for (let c = 0; c < 3; c++) png.data[4 * p + c] = x[(i * size * size + p) * 3 + c]!;
      png.data[4 * p + 3] = 255;
    }
    const path = join(dir, 'png', `${i}_${SHAPES[Number(y[i])]}.png`);
    writeFileSync(path, PNG.sync.write(png));
    paths.push(path);
  }
  return paths;
}

/** Writes `train_signs.h5`, `test_signs.h5` and a few PNGs of test images into `dir`; returns the file paths. */
export async function makeSignsLike(dir: string, options: { train?: number; test?: number; size?: number; seed?: number; pngs?: number } = {}): Promise<{ train: string; test: string; pngs: string[] }> {
  mkdirSync(dir, { recursive: true });
  const size = options.size ?? 64;
  const seed = options.seed ?? 1;
  const train = join(dir, 'train_signs.h5');
  const test = join(dir, 'test_signs.h5');
  await writeSignsFile(train, 'train_set', options.train ?? 1080, size, seed);
  await writeSignsFile(test, 'test_set', options.test ?? 120, size, seed + 1);
  // The same seed as the test file: the PNGs are its first images.
  const pngs = await writePngs(dir, options.pngs ?? 6, size, seed + 1);
  return { train, test, pngs };
}

if (isMain(import.meta.url)) {
  // node's own parser: an unknown option or a stray word (`make-signs-like.ts signs`) is an
  // error, not silently ignored while the files go to the default folder.
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: 'string' }, train: { type: 'string' }, test: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`make-signs-like: ${(e as Error).message}\nusage: npx tsx scripts/make-signs-like.ts [--out DIR] [--train N] [--test N] [--size S] [--seed N]\n`);
    process.exit(2);
  }
  const opt = (name: string, fallback: number): number => {
    const v = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isSafeInteger(v) || v < 1) {
      process.stderr.write(`make-signs-like: --${name} must be a positive whole number\n`);
      process.exit(2);
    }
    return v;
  };
  const dir = values['out'] ?? 'data-signs';
  const paths = await makeSignsLike(dir, { train: opt('train', 1080), test: opt('test', 120), size: opt('size', 64), seed: opt('seed', 1) });
  process.stdout.write(`wrote ${paths.train}, ${paths.test} and ${paths.pngs.length} PNGs in ${join(dir, 'png')}\n`);
}
