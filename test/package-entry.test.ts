/**
 * What each entry point loads, read from the sources' static imports (deterministic, no timing):
 * the root export `graphc` reaches no runtime, `graphc --version` reaches no command module, and
 * each backend entry stays in its lane. Plus the pieces behind lazy loading and GC0040: which
 * commands an argv loads, how a missing optional peer is recognised, the version's one source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { commandsFor, COMMANDS } from '../cli/registry.js';
import { importOptional, MissingPackageError, missingPeerOf } from '../backends/optional-package.js';
import { graphcVersion, packageInfo } from '../compiler/package-info.js';
import { formatCount } from '../compiler/summary.js';

const RUNTIMES = ['@tensorflow/', 'onnxruntime-node', 'protobufjs', 'ts-morph', '@resvg/', '@hpcc-js/', 'pngjs'];

/** Every file and package a module reaches through static imports (not `import()`, not `import type`). */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(normalize(join(dirname(file), spec.replace(/\.js$/, '.ts'))));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

const runtimesIn = (packages: Set<string>): string[] => [...packages].filter((p) => RUNTIMES.some((r) => p.startsWith(r)));

test('the root export is the compiler: no runtime, renderer or code generator is reachable', () => {
  const { files, packages } = staticGraph('index.ts');
  assert.deepEqual(runtimesIn(packages), []);
  assert.deepEqual([...files].filter((f) => f.startsWith('backends/') || f.startsWith('cli/')), []);
});

test('the CLI entry reaches no command module, so --version loads only commander and the shell', () => {
  const { files, packages } = staticGraph('cli/main.ts');
  assert.deepEqual([...files].filter((f) => f.startsWith('cli/commands/') || f === 'compiler/pipeline.ts'), []);
  assert.deepEqual(runtimesIn(packages), []);
  assert.ok(!packages.has('yaml'), 'yaml (72 modules) loads only with a command that reads a model');
});

test('validate and summary load no backend; diagram defers its renderers to rendering', () => {
  for (const command of ['cli/commands/validate.ts', 'cli/commands/summary.ts', 'cli/commands/diagram.ts']) {
    assert.deepEqual(runtimesIn(staticGraph(command).packages), [], command);
  }
});

test('graphc/onnx exports without onnxruntime-node; graphc/diagram needs no tfjs', () => {
  assert.deepEqual(runtimesIn(staticGraph('backends/onnx/index.ts').packages), ['protobufjs']);
  assert.deepEqual(runtimesIn(staticGraph('backends/graphviz/index.ts').packages).sort(), ['@hpcc-js/wasm-graphviz', '@resvg/resvg-js']);
});

test('an invocation loads only the command it names; --version none; help every one', () => {
  assert.deepEqual(commandsFor(['validate', 'a.yaml']).map((c) => c.name), ['validate']);
  assert.deepEqual(commandsFor(['--version']), []);
  assert.deepEqual(commandsFor(['-V']), []);
  assert.equal(commandsFor(['--help']).length, COMMANDS.length);
  assert.equal(commandsFor([]).length, COMMANDS.length);
  assert.equal(commandsFor(['biuld']).length, COMMANDS.length, 'a misspelt command needs every name for its suggestion');
  assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length);
});

test('a missing optional peer becomes MissingPackageError; any other error passes through', async () => {
  const notFound = (specifier: string): Error => Object.assign(new Error(`Cannot find package '${specifier}' imported from /x/y.js`), { code: 'ERR_MODULE_NOT_FOUND' });
  assert.equal(missingPeerOf(notFound('@tensorflow/tfjs')), '@tensorflow/tfjs');
  assert.equal(missingPeerOf(Object.assign(new Error("Cannot find module 'ts-morph/dist/x.js'"), { code: 'MODULE_NOT_FOUND' })), 'ts-morph');
  assert.equal(missingPeerOf(notFound('yaml')), undefined, 'a missing dependency is a broken install, not a peer to add');
  assert.equal(missingPeerOf(notFound('./local.js')), undefined);
  assert.equal(missingPeerOf(new Error("Cannot find package '@tensorflow/tfjs'")), undefined, 'no code: not a resolution error');
  await assert.rejects(importOptional('the tfjs target', () => Promise.reject(notFound('@tensorflow/tfjs'))), (e: unknown) => {
    assert.ok(e instanceof MissingPackageError);
    assert.equal(e.message, 'the tfjs target needs the package `@tensorflow/tfjs`, which is not installed');
    assert.equal(e.installCommand, `npm install "@tensorflow/tfjs@${packageInfo().peerDependencies['@tensorflow/tfjs']!}"`);
    return true;
  });
  const other = new TypeError('boom');
  await assert.rejects(importOptional('x', () => Promise.reject(other)), (e: unknown) => e === other);
});

test('the version has one source, package.json; every optional peer is also a devDependency', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; devDependencies: Record<string, string>; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };
  assert.equal(graphcVersion(), pkg.version);
  for (const peer of Object.keys(pkg.peerDependencies)) {
    assert.equal(pkg.peerDependenciesMeta[peer]?.optional, true, `${peer} is not marked optional`);
    // tfjs-node downloads libtensorflow at install: the repository runs without it.
    if (peer !== '@tensorflow/tfjs-node') assert.ok(pkg.devDependencies[peer], `${peer} is not a devDependency, so its tests cannot run`);
  }
});

test('counts print with thousands separators, as Keras prints them', () => {
  for (const n of [0, 7, 999, 1000, 53120, 23600006, 1234567890, -4096]) assert.equal(formatCount(n), n.toLocaleString('en-US'));
});
