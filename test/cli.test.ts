/** The CLI in-process: exit codes, JSON output, limits, atomic writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import { writeFilesAtomically } from '../io/write-atomic.js';
import { MAX_FILE_BYTES } from '../compiler/pipeline.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('summary prints the table with the totals', async () => {
  const r = await cli('summary', 'architectures/resnet50.yaml');
  assert.equal(r.code, 0);
  assert.match(r.out, /Total params: 23,600,006\nTrainable params: 23,546,886\nNon-trainable params: 53,120\n/);
  assert.equal(r.err, '');
});

test('summary --json prints exactly one object', async () => {
  const r = await cli('summary', 'architectures/resnet50.yaml', '--json', '--set', 'classes=10');
  const json = JSON.parse(r.out) as { name: string; total_params: number; layers: { name: string; inbound: string[] }[] };
  assert.equal(json.name, 'ResNet50');
  assert.equal(json.layers.length, 177);
  assert.equal(json.layers.at(-1)!.name, 'fc10');
  assert.deepEqual(json.layers.at(-1)!.inbound, ['flatten_1']);
});

test('diagnostics as JSON for tools', async () => {
  const r = await cli('summary', 'test/cases/diagnostics/schema-unknown-key/model.yaml', '--json');
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out) as { diagnostics: { code: string; line: number; column: number; hint: string }[] };
  assert.deepEqual(json.diagnostics.map((d) => [d.code, d.line, d.column]), [['GC2001', 8, 27]]);
  assert.match(json.diagnostics[0]!.hint, /kernel_size/);
});

test('validate takes several files and reports each', async () => {
  const r = await cli('validate', 'architectures/resnet50.yaml', 'test/cases/diagnostics/arity/model.yaml');
  assert.equal(r.code, 1);
  assert.match(r.out, /resnet50\.yaml: ok \(ResNet50, 177 layers, 23,600,006 parameters\)/);
  assert.match(r.err, /GC3210/);
});

test('help and version exit 0; bad usage exits 2', async () => {
  assert.equal((await cli('--help')).code, 0);
  assert.equal((await cli('--version')).code, 0);
  assert.equal((await cli('summary')).code, 2);
  assert.equal((await cli('nope')).code, 2);
  assert.equal((await cli('build', 'architectures/resnet50.yaml', '--target', 'nope')).code, 2);
});

test('a file over the size limit is refused before parsing (GC0003)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-'));
  const big = join(dir, 'big.yaml');
  writeFileSync(big, `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
  const r = await cli('validate', big);
  assert.equal(r.code, 1);
  assert.match(r.err, /GC0003/);
});

test('atomic writes leave nothing behind when a write fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-'));
  mkdirSync(join(dir, 'weights.bin'));
  const files = [{ path: 'model.json', data: '{}' }, { path: 'weights.bin', data: new Uint8Array(4) }];
  assert.throws(() => writeFilesAtomically(dir, files), /is a folder/);
  assert.deepEqual(readdirSync(dir).sort(), ['weights.bin']);
  assert.equal(existsSync(join(dir, 'model.json')), false, 'no file is renamed into place unless all were written');
  const ok = writeFilesAtomically(join(dir, 'out'), [{ path: 'a.txt', data: 'a' }, { path: 'b/c.txt', data: 'c' }]);
  assert.equal(ok.length, 2);
  assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['a.txt', 'b']);
});

test('an unwritable output folder is a diagnostic, not a crash (GC0004)', async () => {
  // A file where the folder should be fails for everyone, root included (root ignores modes).
  const dir = mkdtempSync(join(tmpdir(), 'graphc-'));
  const blocker = join(dir, 'out');
  writeFileSync(blocker, 'a file, not a folder');
  chmodSync(blocker, 0o444);
  const r = await cli('build', 'architectures/resnet50.yaml', '--out', blocker, '--target', 'ts');
  assert.equal(r.code, 1);
  assert.match(r.err, /GC0004/);
});
