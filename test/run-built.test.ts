/**
 * `graphc run` on what `graphc build` wrote (issue 15 item 12): the folder, its model.json and
 * its model.onnx run directly, with no YAML; model.json carries the input shape and dtype.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'graphc-built-'));
const yaml = join(dir, 'tiny.yaml');
writeFileSync(yaml, `graphc: 1
name: TinyNet
inputs: [{ shape: [8, 8, 3], name: image }]
body:
  - Conv2D: { filters: 4, kernel_size: 3, name: conv, kernel_initializer: { class_name: GlorotUniform, config: { seed: 1 } } }
  - GlobalAveragePooling2D
  - Dense: { units: 5, activation: softmax, name: fc, kernel_initializer: { class_name: GlorotUniform, config: { seed: 2 } } }
`);
const out = join(dir, 'build', 'TinyNet');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let o = '';
  let e = '';
  const code = await runCli(args, { out: (t) => (o += t), err: (t) => (e += t) });
  return { code, out: o, err: e };
}

interface Doc {
  model: string;
  runtime: string;
  input: { tensors: { name: string; shape: number[]; dtype: string }[] };
  outputs: { name: string; shape: number[]; values: number[]; top5?: unknown[] }[];
  diagnostics: { code: string; message: string }[];
}

async function runJson(...args: string[]): Promise<{ code: number; doc: Doc }> {
  const r = await cli('run', ...args, '--json', '--repeat', '0', '--batch', '2');
  return { code: r.code, doc: JSON.parse(r.out) as Doc };
}

const built = await cli('build', yaml, '--target', 'tfjs,onnx', '--out', out);
assert.equal(built.code, 0, built.err);

test('model.json carries the input shape and dtype graphc run needs', () => {
  const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string; config: { batch_input_shape: unknown; dtype: string } }[] } } };
  const input = json.modelTopology.config.layers.find((l) => l.class_name === 'InputLayer')!;
  assert.deepEqual(input.config.batch_input_shape, [null, 8, 8, 3]);
  assert.equal(input.config.dtype, 'float32');
});

test('the folder, its model.json and its model.onnx run without the YAML, and agree with it', async () => {
  const fromYaml = await runJson(yaml);
  assert.equal(fromYaml.code, 0);
  for (const [path, runtime] of [[out, 'tfjs'], [join(out, 'model.json'), 'tfjs'], [join(out, 'model.onnx'), 'onnx']] as const) {
    const r = await runJson(path);
    assert.equal(r.code, 0, JSON.stringify(r.doc.diagnostics));
    assert.equal(r.doc.runtime, runtime);
    assert.deepEqual(r.doc.input.tensors, [{ name: 'image', shape: [2, 8, 8, 3], dtype: 'float32' }]);
    assert.equal(r.doc.outputs[0]!.name, 'fc');
    assert.deepEqual(r.doc.outputs[0]!.shape, [2, 5]);
    r.doc.outputs[0]!.values.forEach((v, i) => assert.ok(Math.abs(v - fromYaml.doc.outputs[0]!.values[i]!) < 1e-4, `${path}[${i}]`));
    if (runtime === 'tfjs') {
      assert.equal(r.doc.model, 'TinyNet');
      assert.equal(r.doc.outputs[0]!.top5?.length, 2, 'the softmax head is known from model.json');
    }
  }
  const onnx = await runJson(out, '--runtime', 'onnx');
  assert.equal(onnx.code, 0);
  assert.equal(onnx.doc.runtime, 'onnx');
});

test('the text report of a built model says load, not compile', async () => {
  const r = await cli('run', out, '--repeat', '0');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /ready in .* \(load .*, build .*\)/);
});

test('an input file is checked against the built model\'s own input shape', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify([[[[1, 2, 3]]]]));
  const r = await cli('run', out, '--input', bad);
  assert.equal(r.code, 1);
  assert.match(r.err, /GC0007: input `image` has shape \[1, 1, 1, 3\]; the model takes \[N, 8, 8, 3\]/);
});

test('options that shape a YAML model are refused for a built one; a folder without a model is GC0022', async () => {
  const set = await cli('run', out, '--set', 'classes=3');
  assert.equal(set.code, 2);
  assert.match(set.err, /GC0001: --set applies to a YAML model/);
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const r = await cli('run', empty);
  assert.equal(r.code, 2);
  assert.match(r.err, /GC0022: cannot run the built model `.*empty`: the folder holds no model.json or model.onnx/);
  const wrong = await cli('run', join(out, 'model.onnx'), '--runtime', 'tfjs');
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /GC0022/);
});

test('a model.json cannot make run read a weights file outside its folder', async () => {
  const evil = join(dir, 'evil');
  mkdirSync(evil);
  const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  json.weightsManifest[0]!.paths = ['../build/TinyNet/weights.bin'];
  writeFileSync(join(evil, 'model.json'), JSON.stringify(json));
  const r = await cli('run', evil);
  assert.equal(r.code, 2);
  assert.match(r.err, /GC0022: .*weights path `\.\.\/build\/TinyNet\/weights\.bin` lies outside the model's folder/);
});
