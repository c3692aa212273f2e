/**
 * The data readers: HDF5 in the seed's layout, .npy/.npz, image folders (PNG and JPEG); every
 * reader gives the same element spec and samples, reads batches lazily in any order, and bad
 * data gets a diagnostic naming the file and the sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { openDataset } from '../data/open-dataset.js';
import { checkDataset } from '../data/check-dataset.js';
import { DataError } from '../data/dataset.js';
import { epochOrder } from '../data/batch-order.js';
import { jpegBytes, npyBytes, pngBytes, put, writeH5 } from './helpers/data-files.js';

const dir = mkdtempSync(join(tmpdir(), 'graphc-data-'));
// 5 samples of 2x2x3, sample i filled with i; labels i % 3.
const N = 5;
const x = Uint8Array.from({ length: N * 12 }, (_, k) => Math.floor(k / 12));
const labels = Array.from({ length: N }, (_, i) => i % 3);
const sides = { inputName: 'input_1', inputShape: [2, 2, 3], outputShape: [3], loss: 'categorical_crossentropy', needLabels: true };

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof DataError && e.diagnostic.code === code && pattern.test(e.diagnostic.message));
}

test('HDF5 in the SIGNS layout: keys found, [1, N] labels, list_classes, batches in any order', async () => {
  const path = await writeH5(join(dir, 'signs.h5'), {
    train_set_x: { data: x, shape: [N, 2, 2, 3], dtype: '<B' },
    train_set_y: { data: BigInt64Array.from(labels, BigInt), shape: [1, N] },
    list_classes: { data: BigInt64Array.of(0n, 1n, 2n), shape: [3] },
  });
  const ds = await openDataset(path, [2, 2, 3]);
  assert.equal(ds.length, N);
  assert.deepEqual(ds.spec, { shape: [2, 2, 3], dtype: 'uint8', labels: 'index', labelShape: [], classNames: ['0', '1', '2'] });
  const s = ds.read([4, 0, 1]);
  assert.deepEqual([s.x[0], s.x[12], s.x[24], s.x[35]], [4, 0, 1, 1]);
  assert.deepEqual(Array.from(s.y!), [1, 0, 1]);
  const check = checkDataset(ds, sides);
  assert.deepEqual(check.diagnostics, []);
  assert.equal(check.encoding, 'one-hot');
  assert.equal(checkDataset(ds, { ...sides, loss: 'sparse_categorical_crossentropy' }).encoding, 'index');
  ds.close();
});

test('HDF5: a missing key names the file and lists the datasets; a non-HDF5 file is GC6001', async () => {
  const path = await writeH5(join(dir, 'keys.h5'), { images: { data: x, shape: [N, 2, 2, 3], dtype: '<B' } });
  await rejects(openDataset(path, [2, 2, 3], { x: 'images', y: 'labels' }), 'GC6002', /keys\.h5.*labels/);
  await rejects(openDataset(path, [2, 2, 3]), 'GC6002', /has no dataset `x`/);
  const bogus = put(join(dir, 'bogus.h5'), 'not hdf5 at all');
  await rejects(openDataset(bogus, [2, 2, 3]), 'GC6001', /not an HDF5 file/);
});

test('.npy samples with a .npy of labels, read lazily; .npz with x/y members', async () => {
  const xs = put(join(dir, 'x.npy'), npyBytes('|u1', [N, 2, 2, 3], x));
  const ys = put(join(dir, 'y.npy'), npyBytes('<i8', [N], labels));
  const ds = await openDataset(xs, [2, 2, 3], { y: ys });
  assert.deepEqual(ds.spec.shape, [2, 2, 3]);
  assert.deepEqual(Array.from(ds.read([3]).x.slice(0, 2)), [3, 3]);
  assert.deepEqual(Array.from(ds.read([3, 2]).y!), [0, 2]);
  ds.close();
  const npz = put(join(dir, 'd.npz'), zipSync({ 'x_train.npy': npyBytes('<f4', [N, 2, 2, 3], x), 'y_train.npy': npyBytes('<i4', [N], labels) }));
  const z = await openDataset(npz, [2, 2, 3]);
  assert.equal(z.spec.dtype, 'float32');
  assert.deepEqual(Array.from(z.read([2]).x.slice(0, 3)), [2, 2, 2]);
  assert.deepEqual(Array.from(z.labelIndices()!), labels);
});

test('.npy: mismatched lengths, truncated files and bad headers are diagnostics', async () => {
  const xs = put(join(dir, 'x2.npy'), npyBytes('|u1', [N, 2, 2, 3], x));
  const short = put(join(dir, 'y-short.npy'), npyBytes('<i8', [N - 1], labels.slice(1)));
  await rejects(openDataset(xs, [2, 2, 3], { y: short }), 'GC6003', /has 5 samples but 4 labels/);
  const bytes = npyBytes('|u1', [N, 2, 2, 3], x);
  const cut = put(join(dir, 'cut.npy'), bytes.subarray(0, bytes.length - 7));
  await rejects(openDataset(cut, [2, 2, 3]), 'GC6001', /truncated/);
  await rejects(openDataset(put(join(dir, 'junk.npy'), 'junk'), [2, 2, 3]), 'GC6001', /not a \.npy file/);
});

test('image folder: class names from subfolders, PNG and JPEG; wrong size and corrupt files name the file', async () => {
  const root = join(dir, 'images');
  put(join(root, 'cat', 'a.png'), await pngBytes(4, 4, () => [255, 0, 0]));
  put(join(root, 'cat', 'b.jpg'), await jpegBytes(4, 4, [0, 0, 255]));
  put(join(root, 'dog', 'c.png'), await pngBytes(4, 4, (px) => [px * 10, 0, 0]));
  const ds = await openDataset(root, [4, 4, 3]);
  assert.deepEqual(ds.spec.classNames, ['cat', 'dog']);
  assert.equal(ds.length, 3);
  const s = ds.read([0, 1, 2]);
  assert.deepEqual(Array.from(s.x.slice(0, 3)), [255, 0, 0]);
  assert.ok(s.x[48 + 2]! > 240 && s.x[48]! < 15, 'JPEG blue decoded');
  assert.deepEqual(Array.from(s.y!), [0, 0, 1]);
  assert.deepEqual(checkDataset(ds, { ...sides, inputShape: [4, 4, 3], outputShape: [2] }).diagnostics, []);
  put(join(root, 'dog', 'd.png'), await pngBytes(5, 4, () => [1, 2, 3]));
  writeFileSync(join(root, 'dog', 'e.png'), 'broken');
  const bad = await openDataset(root, [4, 4, 3]);
  const found = checkDataset(bad, { ...sides, inputShape: [4, 4, 3], outputShape: [2] }).diagnostics.map((d) => `${d.code} ${d.message}`);
  assert.equal(found.length, 2);
  assert.match(found[0]!, /^GC6004 `.*dog\/d\.png` sample 3: has shape \[4, 5, 3\]; the model input `input_1` takes \[4, 4, 3\]$/);
  assert.match(found[1]!, /^GC6008 `.*dog\/e\.png` sample 4: not a readable image/);
});

test('checks: labels out of range, wrong sample shape, label shape against the loss', async () => {
  const path = await writeH5(join(dir, 'range.h5'), {
    train_set_x: { data: x, shape: [N, 2, 2, 3], dtype: '<B' },
    train_set_y: { data: BigInt64Array.of(0n, 1n, 7n, 2n, -1n), shape: [N] },
  });
  const ds = await openDataset(path, [2, 2, 3]);
  const messages = checkDataset(ds, sides).diagnostics.map((d) => d.message);
  assert.deepEqual(messages, [`\`${path}:train_set_y\` sample 2: label 7 is out of range; the model has 3 classes`, `\`${path}:train_set_y\` sample 4: label -1 is out of range; the model has 3 classes`]);
  assert.match(checkDataset(ds, { ...sides, inputShape: [3, 3, 3] }).diagnostics[0]!.message, /sample 0: has shape \[2, 2, 3\]; the model input `input_1` takes \[3, 3, 3\]/);
  assert.equal(checkDataset(ds, { ...sides, outputShape: [3, 3] }).diagnostics[0]!.code, 'GC6007');
});

test('a warning, not an error, when the data names other than one class per output (GC6012)', async () => {
  const root = join(dir, 'two-classes');
  put(join(root, 'cat', 'a.png'), await pngBytes(2, 2, () => [255, 0, 0]));
  put(join(root, 'dog', 'b.png'), await pngBytes(2, 2, () => [0, 0, 255]));
  const ds = await openDataset(root, [2, 2, 3]);
  const three = checkDataset(ds, sides);
  assert.deepEqual(three.diagnostics, [], 'it does not stop training');
  assert.deepEqual(three.warnings.map((d) => `${d.code} ${d.severity} ${d.message}`), [`GC6012 warning \`${root}\` names 2 classes; the model has 3 outputs`]);
  assert.match(three.warnings[0]!.hint ?? '', /shown by their number/);
  assert.deepEqual(checkDataset(ds, { ...sides, outputShape: [2] }).warnings, []);
  assert.equal(checkDataset(ds, { ...sides, outputShape: [1] }).warnings.length, 0, 'a single output is not a classifier over names');
});

test('shuffling is seeded and depends only on (seed, epoch)', () => {
  assert.deepEqual(epochOrder(50, 7, 3), epochOrder(50, 7, 3));
  assert.notDeepEqual(epochOrder(50, 7, 3), epochOrder(50, 7, 4));
  assert.notDeepEqual(epochOrder(50, 7, 3), epochOrder(50, 8, 3));
  assert.deepEqual([...epochOrder(50, 7, 3)].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
});
