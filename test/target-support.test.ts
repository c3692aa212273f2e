/**
 * The target-support contract (backends/support.ts): every registered op has, in every backend,
 * a rule or a declared reason why not — so an op added to the registry without either fails
 * here — the support tables load no runtime, `validate --target` refuses with a located
 * diagnostic what `build` would refuse, and `build` writes the targets that succeed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runCli } from '../cli/main.js';
import { targetFailure } from '../cli/commands/build.js';
import { OPS } from '../compiler/ops/registry.js';
import { TargetError } from '../backends/target.js';
import { TARGETS, targetNames } from '../backends/targets.js';
import { LAYER_RULES } from '../backends/tfjs/layers.js';
import { ONNX_RULES } from '../backends/onnx/ops.js';
// Transformer ops (issue 10 part B) keep their rules in maps of their own.
import { TRANSFORMER_LAYER_RULES } from '../backends/tfjs/transformer-rules.js';
import { TRANSFORMER_ONNX_RULES } from '../backends/onnx/transformer-ops.js';
import { CUSTOM_FACTORIES, FACTORIES } from '../backends/typescript/layers.js';
import { FAMILY } from '../backends/graphviz/views/style.js';
import { compileOk } from './helpers/compile.js';

/** Each target's rule map (Input is written by every model builder itself). */
const RULES: { readonly [target: string]: ReadonlySet<string> } = {
  tfjs: new Set([...Object.keys(LAYER_RULES), ...Object.keys(TRANSFORMER_LAYER_RULES), 'Input']),
  onnx: new Set([...Object.keys(ONNX_RULES), ...Object.keys(TRANSFORMER_ONNX_RULES), 'Input']),
  ts: new Set([...Object.keys(FACTORIES), ...Object.keys(CUSTOM_FACTORIES), 'Input']),
  diagrams: new Set(Object.keys(FAMILY)),
  // Weight-only targets write whatever weights a layer has; a layout with no form for a weighted
  // layer kind is GC7010 when the target runs (test/weights.test.ts).
  safetensors: new Set(OPS.keys()),
  'keras-h5': new Set(OPS.keys()),
};

test('every op has a rule or a declared reason in every backend, never both', () => {
  assert.deepEqual(Object.keys(RULES).sort(), TARGETS.map((t) => t.name).sort(), 'a new target needs its rule map here');
  const missing: string[] = [];
  for (const target of TARGETS) {
    const rules = RULES[target.name]!;
    for (const op of OPS.keys()) {
      const reason = target.support.unsupported[op];
      if (rules.has(op) && reason !== undefined) missing.push(`${target.name}: ${op} has a rule and a reason`);
      if (!rules.has(op) && reason === undefined) missing.push(`${target.name}: ${op} has neither a rule nor a declared reason`);
      if (reason !== undefined) assert.ok(reason.length > 10, `${target.name}: ${op}'s reason says something`);
    }
    for (const op of [...Object.keys(target.support.unsupported), ...Object.keys(target.support.checks)]) {
      if (!OPS.has(op)) missing.push(`${target.name}: support entry for unknown op ${op}`);
    }
    for (const op of rules) if (!OPS.has(op)) missing.push(`${target.name}: rule for unknown op ${op}`);
  }
  assert.deepEqual(missing, []);
});

/** Value imports (not `import type`) of a module, resolved: relative files and package names. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)) out.push(m[1]!);
  for (const m of text.matchAll(/^export\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)) out.push(m[1]!);
  return out;
}

test('the support tables and the target registry load no runtime', () => {
  const forbidden = /^(@tensorflow\/|onnxruntime|ts-morph|protobufjs|@hpcc-js)/;
  const seen = new Set<string>();
  const stack = ['backends/targets.ts'];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(file)) {
      assert.doesNotMatch(spec, forbidden, `${file} imports ${spec}`);
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts').replace(`${process.cwd()}/`, ''));
    }
  }
  for (const b of ['tfjs', 'onnx', 'typescript', 'graphviz']) assert.ok(seen.has(`backends/${b}/support.ts`), b);
});

test('--target takes a comma list, repeats, and reports unknown names', () => {
  assert.deepEqual(targetNames(['tfjs,onnx', 'ts', 'tfjs']), { names: ['tfjs', 'onnx', 'ts'], unknown: [] });
  assert.deepEqual(targetNames([]).names, TARGETS.filter((t) => !t.explicit).map((t) => t.name));
  assert.deepEqual(targetNames([]).names, ['tfjs', 'ts', 'diagrams', 'onnx']);
  assert.deepEqual(targetNames('tfjs,pytorch').unknown, ['pytorch']);
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const BAD_NAME = `graphc: 1
name: spaced
inputs:
  - { name: in put, shape: [4, 4, 2] }
body:
  - Conv2D: { filters: 2, kernel_size: 1 }
  - GlobalAveragePooling2D
`;

test('validate --target names the layer, the target and the line; plain validate does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-support-'));
  const file = join(dir, 'm.yaml');
  writeFileSync(file, BAD_NAME);
  assert.equal((await cli('validate', file)).code, 0);
  const r = await cli('validate', file, '--target', 'tfjs');
  assert.equal(r.code, 1);
  assert.match(r.err, /m\.yaml:4:5 - error GC0031: the name `in put` cannot be used by the tfjs target/);
  const diagrams = await cli('validate', file, '--target', 'diagrams');
  assert.equal(diagrams.code, 0);
  assert.match(diagrams.out, /ok for diagrams/);
  const usage = await cli('validate', file, '--target', 'pytorch');
  assert.equal(usage.code, 2);
});

test('build writes the targets that succeed and reports the refused one with its location', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-support-'));
  const file = join(dir, 'm.yaml');
  writeFileSync(file, BAD_NAME);
  const out = join(dir, 'out');
  const r = await cli('build', file, '--out', out, '--target', 'diagrams', '--target', 'tfjs');
  assert.equal(r.code, 1);
  assert.ok(existsSync(join(out, 'diagrams', 'overview.svg')), 'the diagrams target succeeded and was written');
  assert.ok(!existsSync(join(out, 'model.json')), 'the refused target wrote nothing');
  assert.match(r.err, /m\.yaml:4:5 - error GC0031/);
  assert.doesNotMatch(r.err, /internal error/);
});

test('a target failure during the build points at the failing layer', () => {
  const g = compileOk('graphc: 1\nname: m\ninputs: [{ shape: [3] }]\nbody:\n  - Dense: { units: 2, name: fc }\n');
  const d = targetFailure(g, new TargetError('onnx', 'no lowering for this', null, 'fc'));
  assert.equal(d.code, 'GC0033');
  assert.equal(d.message, 'the onnx target failed on Dense `fc`: no lowering for this');
  assert.ok(d.span !== null && d.span.start > 0);
  assert.equal(targetFailure(g, new TargetError('onnx', 'whole model')).code, 'GC0005');
});

test('the ONNX activation table says exactly what the ONNX lowering does', async () => {
  const { ACTIVATIONS } = await import('../compiler/ops/attrs.js');
  const { ONNX_ACTIVATIONS } = await import('../backends/onnx/support.js');
  const { activate } = await import('../backends/onnx/ops.js');
  const { Emitter } = await import('../backends/onnx/emitter.js');
  for (const name of ACTIVATIONS) {
    const node = compileOk('graphc: 1\nname: m\ninputs: [{ shape: [3] }]\nbody:\n  - Dense: { units: 2, name: fc }\n').nodes[1]!;
    const lowers = (() => {
      try {
        activate({ node, inputs: [], emitter: new Emitter(), weight: () => undefined }, { name: 'x', nchw: false, shape: [null, 2] }, name);
        return true;
      } catch {
        return false;
      }
    })();
    assert.equal(ONNX_ACTIVATIONS.has(name), lowers, name);
  }
});

test('an op a target declares it cannot emit is refused at its line, with the reason', async () => {
  const { checkSupport } = await import('../backends/support.js');
  const g = compileOk('graphc: 1\nname: m\ninputs: [{ shape: [4, 4, 2] }]\nbody:\n  - UpSampling2D: { size: 2, name: up }\n');
  const support = { target: 'toy', unsupported: { UpSampling2D: 'the toy target has no resize' }, checks: {} };
  const ds = await checkSupport(g, support);
  assert.deepEqual(ds.map((d) => [d.code, d.message]), [['GC0030', 'UpSampling2D `up` cannot be emitted by the toy target: the toy target has no resize']]);
  assert.ok(ds[0]!.span !== null && ds[0]!.span.start > 0);
  // A declared reason wins over the op's checks: one diagnostic per layer and target.
  assert.equal((await checkSupport(g, { ...support, checks: { UpSampling2D: () => ({ reason: 'x' }) } })).length, 1);
});

test('the README\'s layer reference is the one generated from the registry and the support tables', async () => {
  const { layerReference } = await import('../scripts/layer-reference.js');
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(layerReference()), 'README.md is stale: run npm run gen:layers');
  for (const op of OPS.keys()) assert.match(layerReference(), new RegExp(`\\| \`${op}\` \\|`), op);
});
