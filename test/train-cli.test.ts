/**
 * `graphc train`, `evaluate` and `predict` as a user runs them: in a child process, Ctrl-C
 * (SIGINT) stops after the current batch, exits 130 and leaves a loadable checkpoint that
 * `--resume` continues; in-process, the commands' output and exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import { writeSignsFile } from '../scripts/make-signs-like.js';
import { bestCheckpointFolder, currentCheckpointFolder } from '../train/checkpoint-store.js';
import { pngBytes, put } from './helpers/data-files.js';

const dir = mkdtempSync(join(tmpdir(), 'graphc-train-cli-'));
const data = join(dir, 'train.h5');
const testData = join(dir, 'test.h5');
await writeSignsFile(data, 'train_set', 64, 8, 3);
await writeSignsFile(testData, 'test_set', 12, 8, 4);
const model = join(dir, 'small.yaml');
writeFileSync(model, `graphc: 1
name: Small
inputs:
  - { shape: [8, 8, 3], preprocessing: { scale: $1/255 } }
body:
  - Conv2D: { filters: 4, kernel_size: 3, padding: same, activation: relu }
  - Flatten: {}
  - Dense: { units: 6, activation: softmax }
training: { optimizer: adam, loss: categorical_crossentropy, metrics: [accuracy] }
`);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('Ctrl-C stops after the current batch, exits 130, leaves a loadable checkpoint; --resume finishes', async () => {
  const out = join(dir, 'interrupted');
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/graphc.ts', 'train', model, '--data', data, '--backend', 'cpu', '--epochs', '400', '--batch-size', '4', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    // After a full epoch, so the run is surely inside the loop; stop mid-way through the next.
    if (!sent && /epoch 2\/400 batch/.test(stdout)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 130, `${stdout}\n${stderr}`);
  assert.match(stdout, /stopped before batch \d+ of epoch \d+; continue with --resume/);
  assert.match(stderr, /stopping after this batch/);
  assert.deepEqual([...readdirSync(out), ...readdirSync(join(out, 'checkpoints'))].filter((f) => f.includes('.tmp')), [], 'no temporary files left');
  const state = JSON.parse(readFileSync(join(currentCheckpointFolder(out)!, 'state.json'), 'utf8')) as { position: { epoch: number; batch: number } };
  assert.ok(state.position.epoch >= 1);
  // Loadable: evaluate reads the checkpoint folder as a model.
  const ev = await cli(['evaluate', out, '--data', testData, '--backend', 'cpu']);
  assert.equal(ev.code, 0, ev.err);
  const resumed = await cli(['train', model, '--data', data, '--backend', 'cpu', '--epochs', String(state.position.epoch + 1), '--batch-size', '4', '--out', out, '--resume']);
  assert.equal(resumed.code, 0, resumed.err);
  assert.match(resumed.out, new RegExp(`resuming at epoch ${state.position.epoch + 1} batch ${state.position.batch + 1}`));
  assert.match(resumed.out, /^done: model in .*\/checkpoints\/epoch-\d{4}\/ \(model\.json, weights\.bin, optimizer state; checkpoint\.json names it\)/m);
});

test('train → evaluate → predict in-process, with --json and class names', async () => {
  const out = join(dir, 'run');
  const t = await cli(['train', model, '--data', data, '--validation-split', '0.25', '--backend', 'cpu', '--epochs', '2', '--batch-size', '16', '--out', out, '--json', '--seed', '3']);
  assert.equal(t.code, 0, t.err);
  const doc = JSON.parse(t.out) as { history: Record<string, number[]>; best: { monitor: string } };
  assert.deepEqual(Object.keys(doc.history), ['loss', 'accuracy', 'val_loss', 'val_accuracy']);
  assert.equal(doc.best.monitor, 'val_loss');
  assert.match(t.err, /training on 48 samples, validating on 16/);
  for (const f of ['checkpoint.json', 'history.json', 'history.png']) assert.ok(existsSync(join(out, f)), f);
  for (const f of ['model.json', 'weights.bin', 'optimizer.json', 'optimizer.bin', 'state.json', 'graphc.json']) assert.ok(existsSync(join(currentCheckpointFolder(out)!, f)), f);
  for (const f of ['model.json', 'graphc.json']) assert.ok(existsSync(join(bestCheckpointFolder(out)!, f)), `best: ${f}`);
  assert.deepEqual([...readFileSync(join(out, 'history.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  const e = await cli(['evaluate', out, '--data', testData, '--backend', 'cpu']);
  assert.equal(e.code, 0, e.err);
  assert.match(e.out, /^loss \d\.\d{4} accuracy \d\.\d{4} on 12 samples of /);
  assert.match(e.out, /true \\ predicted/);
  const png = put(join(dir, 'one.png'), await pngBytes(8, 8, () => [200, 10, 10]));
  const p = await cli(['predict', out, '--input', png, '--top', '2', '--backend', 'cpu']);
  assert.equal(p.code, 0, p.err);
  assert.match(p.out, /one\.png: [0-5] \d\.\d{4}, [0-5] \d\.\d{4}\n$/);
  // Exporting the trained model: build's --weights follows the output folder's pointer too.
  const built = join(dir, 'exported');
  const b = await cli(['build', model, '--weights', out, '--target', 'tfjs', '--out', built]);
  assert.equal(b.code, 0, b.err);
  assert.ok(readFileSync(join(built, 'weights.bin')).equals(readFileSync(join(currentCheckpointFolder(out)!, 'weights.bin'))), 'the build carries the current checkpoint\'s weights');
  const wrong = put(join(dir, 'big.png'), await pngBytes(9, 8, () => [0, 0, 0]));
  const bad = await cli(['predict', out, '--input', wrong, '--backend', 'cpu']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /GC6004: `.*big\.png` sample 0: has shape \[8, 9, 3\]; the model input `input_1` takes \[8, 8, 3\]/);
});

test('usage mistakes are exit code 2', async () => {
  assert.equal((await cli(['train', model, '--data', data, '--validation-split', '1.5'])).code, 2);
  assert.equal((await cli(['train', model, '--data', data, '--epochs', '0'])).code, 2);
  assert.equal((await cli(['train', model, '--data', data, '--resume', '--weights', dir])).code, 2);
  assert.equal((await cli(['train', model, '--data', data, '--set', 'learning_rate=-1'])).code, 2);
});
