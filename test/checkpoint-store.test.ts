/**
 * What checkpoint cleanup may remove from an output folder, and what a new run's pointer names as
 * the best epoch (found in review): without a readable pointer nothing says which checkpoints are
 * in use, so only temporary folders go; with one, only graphc's own unreferenced checkpoint
 * folders (holding state.json) go; and a fresh run whose epochs never improve (a NaN loss) must
 * not inherit the best epoch of whatever run wrote the folder before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { removeLeftoverCheckpoints } from '../train/checkpoint-store.js';
import { Checkpoint } from '../train/checkpoint.js';
import { History } from '../train/history.js';

function outFolder(): string {
  return mkdtempSync(join(tmpdir(), 'graphc-ckpt-'));
}

/** A checkpoint folder as graphc writes one (state.json inside), or a user's folder without it. */
function folder(out: string, name: string, graphcs = true): void {
  mkdirSync(join(out, 'checkpoints', name), { recursive: true });
  if (graphcs) writeFileSync(join(out, 'checkpoints', name, 'state.json'), '{}\n');
}

function pointer(out: string, current: string, best: string | null): void {
  writeFileSync(join(out, 'checkpoint.json'), `${JSON.stringify({ format: 'graphc-checkpoints', version: 1, current, best })}\n`);
}

test('without checkpoint.json, only a dead process\'s temporary folder is removed', () => {
  const out = outFolder();
  folder(out, 'epoch-0003');
  folder(out, 'epoch-0007');
  folder(out, '.tmp-999999999-epoch-0008', false);
  assert.deepEqual(removeLeftoverCheckpoints(out), ['.tmp-999999999-epoch-0008']);
  for (const name of ['epoch-0003', 'epoch-0007']) assert.ok(existsSync(join(out, 'checkpoints', name)), name);
});

test('with a damaged checkpoint.json nothing but temporaries goes', () => {
  const out = outFolder();
  folder(out, 'epoch-0001');
  writeFileSync(join(out, 'checkpoint.json'), 'null\n');
  assert.deepEqual(removeLeftoverCheckpoints(out), []);
  assert.ok(existsSync(join(out, 'checkpoints', 'epoch-0001')));
});

test('with a pointer, graphc\'s unreferenced checkpoints go; the current, the best and folders graphc did not write stay', () => {
  const out = outFolder();
  for (const name of ['epoch-0001', 'epoch-0002', 'epoch-0003']) folder(out, name);
  folder(out, 'epoch-0004', false); // a user's folder with graphc's naming, not graphc's files
  pointer(out, 'epoch-0003', 'epoch-0001');
  assert.deepEqual(removeLeftoverCheckpoints(out), ['epoch-0002']);
  for (const name of ['epoch-0001', 'epoch-0003', 'epoch-0004']) assert.ok(existsSync(join(out, 'checkpoints', name)), name);
});

test('a fresh run that never improves names no best epoch, not the previous run\'s', async () => {
  await tf.setBackend('cpu');
  const out = outFolder();
  folder(out, 'epoch-0005');
  pointer(out, 'epoch-0005', 'epoch-0005'); // an earlier run's checkpoint in the same --out
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const history = new History('loss');
  const checkpoint = new Checkpoint(tf, model, out, history, { epochs: 1, seed: 1, batchSize: 1 }, []);
  history.onEpochEnd(0, { loss: Number.NaN }); // a diverging run: no figure to call best
  await checkpoint.onEpochEnd(0, { loss: Number.NaN });
  const written = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')) as { current: string; best: string | null };
  assert.equal(written.current, 'epoch-0001');
  assert.equal(written.best, null);
  model.dispose();
});
