/**
 * The README's programs (examples/) run as a user would run them: `graphc build` first, then
 * the ten-line loader; and the in-process compile-and-predict example. `graphc` resolves to the
 * sources through the package's `graphc-source` export condition (users get dist/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--conditions=graphc-source', '--import', 'tsx', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('graphc build, then examples/predict.ts loads and runs the saved model', () => {
  const build = run(['cli/graphc.ts', 'build', 'architectures/resnet50.yaml', '--target', 'tfjs']);
  assert.equal(build.status, 0, build.stderr);
  assert.match(build.stdout, /build\/ResNet50\/model\.json/);
  const r = run(['examples/predict.ts']);
  assert.equal(r.status, 0, r.stderr);
  const m = /^\[ 1, 6 \] \[ ((?:'[\d.]+',? ?){6}) \]$/m.exec(r.stdout);
  assert.ok(m, r.stdout);
  const sum = m[1]!.split(',').map((s) => Number(s.trim().replace(/'/g, ''))).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 0.01, `softmax sums to ${sum}`);
});

test('examples/compile-and-predict.ts compiles, builds and predicts in-process', () => {
  const r = run(['examples/compile-and-predict.ts']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ResNet50 23608202 \[ 2, 10 \]$/m);
});

test('the README shows examples/predict.ts verbatim and it is at most ten lines of code', () => {
  const source = readFileSync('examples/predict.ts', 'utf8');
  const code = source.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
  assert.ok(code.length <= 10, `${code.length} lines`);
  assert.ok(readFileSync('README.md', 'utf8').includes(source.trim()), 'README embeds examples/predict.ts');
});

test('examples/train.ts trains a small CNN on a SIGNS-like HDF5 file and saves it with saveModel', () => {
  const r = run(['examples/train.ts']);
  assert.equal(r.status, 0, r.stderr);
  const m = /^loss by epoch ((?:\d\.\d{3} ?){4}); val_accuracy \d\.\d{3}$/m.exec(r.stdout);
  assert.ok(m, r.stdout);
  const losses = m[1]!.trim().split(' ').map(Number);
  assert.ok(losses[3]! < losses[0]!, `loss falls: ${losses.join(' ')}`);
  assert.ok(existsSync('build/example-signs/model/model.json') && existsSync('build/example-signs/model/weights.bin'));
});
