/**
 * Issue 15 item 1: reproducible builds. Every shipped architecture (default variant, a small
 * input and few classes to keep it quick) is built twice through the tfjs and ONNX targets;
 * every output file must be byte-identical, and two `graphc run`s print the same numbers.
 * Initializers the files give by name get seeds derived from the layer name (compiler/seeds.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../cli/main.js';
import { layerSeed } from '../compiler/seeds.js';
import { compileSource } from '../compiler/pipeline.js';

const root = mkdtempSync(join(tmpdir(), 'graphc-repro-'));
after(() => rmSync(root, { recursive: true, force: true }));
/** A small input each architecture accepts (ResNet-50's 2x2 average pool needs 64x64). */
/** Small settings for the parameters a file declares (image models get a 32×32 input, 4 classes). */
const small = (file: string): string[] => {
  const text = readFileSync(`architectures/${file}`, 'utf8');
  const args: string[] = [];
  if (/^ {2}input_shape:/m.test(text)) args.push('--set', `input_shape=${file === 'resnet50.yaml' ? '[64, 64, 3]' : '[32, 32, 3]'}`);
  if (/^ {2}classes:/m.test(text)) args.push('--set', 'classes=4');
  return args;
};

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name))]));
}

for (const file of readdirSync('architectures').filter((f) => f.endsWith('.yaml')).sort()) {
  test(`reproducible: two builds of ${file} (tfjs + onnx) are byte-identical`, async () => {
    const outs = [join(root, `${file}-1`), join(root, `${file}-2`)];
    for (const out of outs) {
      const r = await cli(['build', `architectures/${file}`, ...small(file), '--target', 'tfjs,onnx', '--out', out]);
      assert.equal(r.code, 0, r.err);
    }
    const [a, b] = outs.map(filesOf) as [Map<string, Buffer>, Map<string, Buffer>];
    assert.ok(a.size >= 3, [...a.keys()].join(', '));
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${file}: ${name} differs between two builds`);
  });
}

test('reproducible: two `graphc run`s print the same outputs', async () => {
  const args = ['run', 'architectures/cifar_resnet.yaml', '--set', 'n=1', '--json'];
  const [x, y] = [await cli(args), await cli(args)];
  assert.equal(x.code, 0, x.err);
  const outputs = (s: string): unknown => (JSON.parse(s) as { outputs?: unknown }).outputs ?? JSON.parse(s);
  assert.deepEqual(outputs(x.out), outputs(y.out));
});

test('derived seeds: a stable 31-bit hash of layer name and attribute, only where the file gives none', () => {
  assert.equal(layerSeed('conv1', 'kernel_initializer'), layerSeed('conv1', 'kernel_initializer'));
  assert.notEqual(layerSeed('conv1', 'kernel_initializer'), layerSeed('conv2', 'kernel_initializer'));
  for (const n of ['', 'a', 'conv1', 'ü\u2028']) assert.ok(Number.isInteger(layerSeed(n, 'k')) && layerSeed(n, 'k') >= 0 && layerSeed(n, 'k') < 2 ** 31);
  const text = 'graphc: 1\nname: T\ninputs: [{ shape: [4] }]\nbody:\n  - Dense: { units: 2, name: a, kernel_initializer: he_normal }\n  - Dense: { units: 2, name: b, kernel_initializer: { class_name: GlorotUniform, config: { seed: 7 } } }\n';
  const g = compileSource('t.yaml', text).graph!;
  const init = (name: string): unknown => g.nodes.find((n) => n.name === name)!.attrs['kernel_initializer'];
  assert.deepEqual(init('a'), { class_name: 'HeNormal', config: { seed: layerSeed('a', 'kernel_initializer') } });
  assert.deepEqual(init('b'), { class_name: 'GlorotUniform', config: { seed: 7 } });
});
