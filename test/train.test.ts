/**
 * The training loop on the cpu backend (deterministic): loss falls on a learnable task, evaluate
 * gives the figures training reported for the same data, and resuming (after an epoch, or after
 * a stop mid-epoch) gives bit-identical weights to an unbroken run. The model has no Dropout:
 * tfjs draws dropout masks from a global RNG whose state a checkpoint cannot capture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compileSource } from '../compiler/pipeline.js';
import type { Graph } from '../compiler/ir.js';
import { train, TrainError } from '../train/train.js';
import { evaluateDataset } from '../train/evaluate.js';
import { useTrainedFolder } from '../train/use-model.js';
import { openDataset } from '../data/open-dataset.js';
import { checkDataset } from '../data/check-dataset.js';
import { loadSavedModel } from '../backends/tfjs/save.js';
import { writeSignsFile } from '../scripts/make-signs-like.js';
import { currentCheckpointFolder } from '../train/checkpoint-store.js';

const dir = mkdtempSync(join(tmpdir(), 'graphc-train-'));
const trainFile = join(dir, 'train.h5');
const testFile = join(dir, 'test.h5');
await writeSignsFile(trainFile, 'train_set', 60, 8, 3);
await writeSignsFile(testFile, 'test_set', 20, 8, 4);

const YAML = `
graphc: 1
name: Small
inputs:
  - { shape: [8, 8, 3], preprocessing: { scale: $1/255 } }
body:
  - Conv2D: { filters: 8, kernel_size: 3, padding: same, activation: relu, kernel_initializer: { class_name: GlorotUniform, config: { seed: 1 } } }
  - BatchNormalization: {}
  - MaxPooling2D: { pool_size: 2 }
  - Flatten: {}
  - Dense: { units: 6, activation: softmax, kernel_initializer: { class_name: GlorotUniform, config: { seed: 2 } } }
training:
  optimizer: { class_name: Adam, config: { learning_rate: 0.01 } }
  loss: categorical_crossentropy
  metrics: [accuracy]
`;
const graph: Graph = compileSource('small.yaml', YAML).graph!;
const base = { graph, data: trainFile, validation: testFile, batchSize: 16, seed: 5, backend: 'cpu' as const, progress: null };

test('loss falls on a learnable synthetic task', async () => {
  const r = await train({ ...base, epochs: 6, out: null });
  const losses = r.history.epochs.map((e) => e.logs['loss']!);
  assert.equal(r.runtime, 'cpu');
  assert.equal(losses.length, 6);
  assert.ok(losses[5]! < losses[0]! * 0.8, `losses ${losses.join(', ')}`);
  assert.ok(r.history.epochs[5]!.logs['accuracy']! > 1 / 6 + 0.1, 'better than chance');
  r.model.dispose();
});

test('evaluate on the validation data gives the last epoch\'s val_ figures', async () => {
  const out = join(dir, 'eval');
  const r = await train({ ...base, epochs: 2, out });
  const last = r.history.epochs.at(-1)!.logs;
  r.model.dispose();
  const usable = await useTrainedFolder(r.tf, out, {});
  const ds = await openDataset(testFile, usable.inputShape);
  const check = checkDataset(ds, { inputName: usable.inputName, inputShape: usable.inputShape, outputShape: usable.outputShape, loss: 'categorical_crossentropy', needLabels: true });
  const ev = await evaluateDataset(r.tf, usable.model, ds, 7, { spec: ds.spec, preprocessing: usable.preprocessing, encoding: check.encoding, classes: check.classes }, ['loss', 'accuracy'], true);
  assert.ok(Math.abs(ev.values['loss']! - last['val_loss']!) < 1e-6, `${ev.values['loss']} vs ${last['val_loss']}`);
  assert.ok(Math.abs(ev.values['accuracy']! - last['val_accuracy']!) < 1e-6, 'per-batch means are float32');
  assert.equal(ev.confusion!.flat().reduce((a, b) => a + b, 0), 20);
  const correct = ev.confusion!.reduce((n, row, i) => n + row[i]!, 0);
  assert.ok(Math.abs(correct / 20 - last['val_accuracy']!) < 1e-6, `the confusion matrix agrees with accuracy: ${correct}/20 vs ${last['val_accuracy']} ${JSON.stringify(ev.confusion)}`);
  assert.deepEqual(usable.classNames, ['0', '1', '2', '3', '4', '5']);
  usable.model.dispose();
  ds.close();
});

test('1 epoch + resume + 1 epoch gives the same weights and optimizer state as 2 epochs straight', async () => {
  const straight = join(dir, 'straight');
  const broken = join(dir, 'broken');
  (await train({ ...base, epochs: 2, out: straight })).model.dispose();
  (await train({ ...base, epochs: 1, out: broken })).model.dispose();
  const resumed = await train({ ...base, epochs: 2, out: broken, resume: true });
  resumed.model.dispose();
  for (const f of ['weights.bin', 'optimizer.bin']) assert.ok(readFileSync(join(currentCheckpointFolder(straight)!, f)).equals(readFileSync(join(currentCheckpointFolder(broken)!, f))), `${f} identical`);
  const h1 = JSON.parse(readFileSync(join(straight, 'history.json'), 'utf8'));
  const h2 = JSON.parse(readFileSync(join(broken, 'history.json'), 'utf8'));
  assert.deepEqual(h2, h1);
});

test('a stop mid-epoch saves a checkpoint that resumes to the same weights', async () => {
  const straight = join(dir, 'straight');
  const stopped = join(dir, 'stopped');
  const stop = { requested: false };
  // Stop after the second batch of the second epoch.
  const r = await train({ ...base, epochs: 2, out: stopped, stop, callbacks: [{ onBatchEnd: (e, b) => void (e === 1 && b === 1 && (stop.requested = true)) }] });
  r.model.dispose();
  assert.equal(r.interrupted, true);
  assert.deepEqual({ epoch: r.position.epoch, batch: r.position.batch }, { epoch: 1, batch: 2 });
  const saved = await loadSavedModel(r.tf, currentCheckpointFolder(stopped)!);
  saved.dispose();
  const again = await train({ ...base, epochs: 2, out: stopped, resume: true });
  again.model.dispose();
  assert.equal(again.interrupted, false);
  assert.ok(readFileSync(join(currentCheckpointFolder(straight)!, 'weights.bin')).equals(readFileSync(join(currentCheckpointFolder(stopped)!, 'weights.bin'))), 'weights identical');
  assert.deepEqual(JSON.parse(readFileSync(join(stopped, 'history.json'), 'utf8')), JSON.parse(readFileSync(join(straight, 'history.json'), 'utf8')));
});

test('a crash during a save leaves the previous checkpoint: loading and --resume read it, the leftovers go', async () => {
  const straight = join(dir, 'straight');
  const crashed = join(dir, 'crashed');
  (await train({ ...base, epochs: 1, out: crashed })).model.dispose();
  const previous = currentCheckpointFolder(crashed)!;
  assert.equal(basename(previous), 'epoch-0001');
  const checkpoints = join(crashed, 'checkpoints');
  // Killed while writing epoch 2's folder (a process that no longer runs) ...
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
  const temp = join(checkpoints, `.tmp-${deadPid}-epoch-0002`);
  mkdirSync(temp);
  writeFileSync(join(temp, 'weights.bin'), readFileSync(join(previous, 'weights.bin')).subarray(0, 100));
  // ... or after renaming it into place, before the pointer switched to it.
  const unswitched = join(checkpoints, 'epoch-0002');
  cpSync(previous, unswitched, { recursive: true });
  writeFileSync(join(unswitched, 'weights.bin'), Buffer.alloc(readFileSync(join(previous, 'weights.bin')).length, 0xff));

  assert.equal(currentCheckpointFolder(crashed), previous, 'the pointer still names epoch 1');
  const usable = await useTrainedFolder((await import('@tensorflow/tfjs')), crashed, {});
  const bytes = readFileSync(join(previous, 'weights.bin'));
  const loaded = [0, 1, 2, 3].map((i) => bytes.readFloatLE(4 * i));
  const first = (await usable.model.getWeights()[0]!.data()).slice(0, 4);
  assert.deepEqual([...first], loaded, 'evaluate/predict load epoch 1 through the pointer');
  usable.model.dispose();

  const resumed = await train({ ...base, epochs: 2, out: crashed, resume: true });
  resumed.model.dispose();
  assert.ok(!existsSync(temp), 'the dead process\'s temporary folder is removed');
  const pointer = JSON.parse(readFileSync(join(crashed, 'checkpoint.json'), 'utf8')) as { current: string; best: string };
  assert.equal(pointer.current, 'epoch-0002', 'the unswitched epoch-0002 was removed, not kept beside a new one');
  assert.deepEqual(readdirSync(checkpoints).sort(), [...new Set([pointer.current, pointer.best])].sort(), 'only what the pointer names is left');
  assert.ok(readFileSync(join(currentCheckpointFolder(straight)!, 'weights.bin')).equals(readFileSync(join(currentCheckpointFolder(crashed)!, 'weights.bin'))), 'resumed from epoch 1: the same weights as 2 epochs straight');
});

test('a damaged checkpoint.json: --resume refuses it (GC6009), a fresh run replaces it', async () => {
  const out = join(dir, 'damaged');
  (await train({ ...base, epochs: 1, out })).model.dispose();
  writeFileSync(join(out, 'checkpoint.json'), '{"format": "graphc-checkpoints", "version": 1, "current": "../../elsewhere"');
  await assert.rejects(train({ ...base, epochs: 2, out, resume: true }), (e: unknown) => e instanceof TrainError && e.diagnostics[0]!.code === 'GC6009' && /checkpoint\.json is not valid JSON/.test(e.message));
  assert.ok(existsSync(join(out, 'checkpoints', 'epoch-0001')), 'nothing is removed while the pointer cannot say what is in use');
  (await train({ ...base, epochs: 1, out })).model.dispose();
  const pointer = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')) as { current: string };
  assert.equal(pointer.current, 'epoch-0001-2', 'the old folder was still there, so the new one took the next name');
  assert.deepEqual(readdirSync(join(out, 'checkpoints')), ['epoch-0001-2'], 'the folder no pointer names is gone after the save');
});
