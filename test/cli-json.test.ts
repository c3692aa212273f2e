/**
 * The `--json` contract (issue 15 item 13): every command prints exactly one JSON document on
 * stdout, on success and on every kind of failure, with the diagnostics in it; `run --json`
 * carries the output values and `run --output` writes them as .json or .npy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import { encodeNpy } from '../cli/run-output.js';

const TINY = 'test/cases/diagnostics/run-input-shape/model.yaml';
const BAD = 'test/cases/diagnostics/shape-add-mismatch/model.yaml';
const dir = mkdtempSync(join(tmpdir(), 'graphc-json-'));

interface Doc {
  ok: boolean;
  exit_code: number;
  diagnostics: { code: string; severity: string; line: number | null }[];
  [key: string]: unknown;
}

/** Runs with --json; asserts stdout is exactly one JSON document that agrees with the exit code. */
async function json(...args: string[]): Promise<{ code: number; doc: Doc; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--json'], { out: (t) => (out += t), err: (t) => (err += t) });
  const doc = JSON.parse(out) as Doc;
  assert.equal(out.trimEnd().split('\n')[0], '{', 'one document, nothing before it');
  assert.equal(doc.ok, code === 0);
  assert.equal(doc.exit_code, code);
  assert.ok(Array.isArray(doc.diagnostics));
  assert.doesNotMatch(err, /error GC/, 'diagnostics are in the document, not on stderr');
  return { code, doc, err };
}

const cases: [string, string[], number, string | null][] = [
  ['validate ok', ['validate', TINY], 0, null],
  ['validate of two files, one bad', ['validate', TINY, BAD], 1, 'GC5001'],
  ['validate of a missing file', ['validate', join(dir, 'none.yaml')], 2, 'GC0002'],
  ['validate of a folder', ['validate', dir], 2, 'GC0020'],
  ['summary of a bad model', ['summary', BAD], 1, 'GC5001'],
  ['summary with a malformed --set', ['summary', TINY, '--set', 'nokey'], 2, 'GC3106'],
  ['an unknown option', ['summary', TINY, '--frobnicate'], 2, 'GC0001'],
  ['an unknown command', ['frobnicate'], 2, 'GC0001'],
  ['build with an unknown target', ['build', TINY, '--target', 'nope'], 2, 'GC0001'],
  ['build of a bad model', ['build', BAD, '--target', 'ts'], 1, 'GC5001'],
  ['build into a file', ['build', TINY, '--target', 'ts', '--out', TINY], 1, 'GC0004'],
  ['diagram of a bad model', ['diagram', BAD], 1, 'GC5001'],
  ['diagram with a bad view', ['diagram', TINY, '--view', 'nope'], 2, 'GC0001'],
  ['run with a bad option', ['run', TINY, '--batch', 'x'], 2, 'GC0001'],
  ['run with a bad --output', ['run', TINY, '--output', 'x.csv'], 2, 'GC0021'],
];

for (const [name, args, exit, codeSeen] of cases) {
  test(`--json: ${name} gives one document (exit ${exit})`, async () => {
    const r = await json(...args);
    assert.equal(r.code, exit);
    if (codeSeen) assert.ok(r.doc.diagnostics.some((d) => d.code === codeSeen), JSON.stringify(r.doc.diagnostics));
    else assert.deepEqual(r.doc.diagnostics, []);
  });
}

test('--json success documents carry the command\'s result', async () => {
  const v = await json('validate', TINY);
  assert.deepEqual(v.doc['valid'], [TINY]);
  const s = await json('summary', TINY);
  assert.equal(s.doc['total_params'], 67);
  const b = await json('build', TINY, '--target', 'ts', '--out', join(dir, 'b'));
  assert.deepEqual(b.doc['files'], [join(dir, 'b', 'Tiny.ts')]);
  const d = await json('diagram', TINY, '--format', 'dot');
  assert.equal(d.doc['format'], 'dot');
  assert.match(String(d.doc['content']), /^digraph /);
  // Warnings are in the document too.
  const w = await json('validate', 'test/cases/diagnostics/warning-unused-layer/model.yaml');
  assert.equal(w.code, 0);
  assert.deepEqual(w.doc.diagnostics.map((x) => x.severity), ['warning']);
});

test('run --json includes every output value; --output writes .json and .npy', async () => {
  const r = await json('run', TINY, '--repeat', '0', '--batch', '2', '--output', join(dir, 'y.json'));
  assert.equal(r.code, 0);
  const outputs = r.doc['outputs'] as { name: string; shape: number[]; values: number[] }[];
  assert.equal(outputs.length, 1);
  assert.deepEqual(outputs[0]!.shape, [2, 3]);
  assert.equal(outputs[0]!.values.length, 6);
  // Softmax rows sum to one.
  assert.ok(Math.abs(outputs[0]!.values.slice(0, 3).reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const file = JSON.parse(readFileSync(join(dir, 'y.json'), 'utf8')) as Record<string, { shape: number[]; data: number[] }>;
  assert.deepEqual(file['fc']!.shape, [2, 3]);
  assert.deepEqual(file['fc']!.data, outputs[0]!.values);
  const npy = await json('run', TINY, '--repeat', '0', '--batch', '2', '--output', join(dir, 'y.npy'));
  assert.equal(npy.code, 0);
  const bytes = readFileSync(join(dir, 'y.npy'));
  // Compared with the same run's values (initializers without a seed differ between builds).
  const values = (npy.doc['outputs'] as { values: number[] }[])[0]!.values;
  assert.deepEqual(bytes, Buffer.from(encodeNpy([2, 3], Float32Array.from(values))));
  // The same run as text names the file on stderr and prints no values.
  let err = '';
  const code = await runCli(['run', TINY, '--repeat', '0', '--output', join(dir, 'z.npy')], { out: () => {}, err: (t) => (err += t) });
  assert.equal(code, 0);
  assert.match(err, /outputs written to .*z\.npy/);
});

test('encodeNpy writes the NPY v1.0 header numpy reads', () => {
  const bytes = encodeNpy([2, 3], new Float32Array([1, 2, 3, 4, 5, 1.5]));
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes[8]! | (bytes[9]! << 8);
  assert.equal((10 + headerLength) % 64, 0, 'data aligned to 64 bytes');
  const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
  const data = new DataView(bytes.buffer, 10 + headerLength);
  assert.equal(data.getFloat32(20, true), 1.5);
  assert.equal(bytes.length, 10 + headerLength + 24);
  assert.match(Buffer.from(encodeNpy([5], new Float32Array(5))).toString('latin1'), /'shape': \(5,\)/);
});

test('a .npy --output of a model with two outputs is refused (GC0021)', async () => {
  const two = join(dir, 'two.yaml');
  writeFileSync(two, 'graphc: 1\nname: Two\ninputs: [{ shape: [4], name: x }]\nbody:\n  - Dense: { units: 2, name: a }\n  - Dense: { units: 3, name: b, input: x }\noutputs: [a, b]\n');
  const r = await json('run', two, '--repeat', '0', '--output', join(dir, 'two.npy'));
  assert.equal(r.code, 2);
  assert.equal(r.doc.diagnostics[0]!.code, 'GC0021');
});
