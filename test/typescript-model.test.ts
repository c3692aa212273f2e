/**
 * "The same model": for every shipped architecture (every variant) and the backend's test
 * fixtures, the model the generated TypeScript builds has the same `toJSON()` topology as the
 * tfjs backend's `buildModel`, and, given the same weights, the same outputs within 1e-6 (on a
 * small input where the file lets the input shape be set, to keep the CPU backend quick).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { renderDiagnostics } from '../compiler/diagnostics/render.js';
import type { Graph, Value } from '../compiler/ir.js';
import { compileSource, type Override } from '../compiler/pipeline.js';
import { buildModel } from '../backends/tfjs/build-model.js';
import { selectRuntime } from '../backends/tfjs/runtime.js';
import { emitTypeScript } from '../backends/typescript/emit-module.js';

type Build = (options?: Record<string, Value>) => tf.LayersModel;
type Compile = (model: tf.LayersModel) => void;

// Generated files import @tensorflow/tfjs: a node_modules link lets them resolve it from tmp.
const dir = mkdtempSync(join(tmpdir(), 'graphc-ts-model-'));
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
after(() => rmSync(dir, { recursive: true, force: true }));
// wasm when it loads (inference is 20-30x faster than cpu); both models run on the same one.
before(async () => {
  const r = await selectRuntime('wasm');
  if (!r.ok) await tf.setBackend('cpu');
});

let counter = 0;

/** Compiles a file, writes its generated TypeScript and imports the build function. */
async function generate(file: string, variant: string | null, overrides: Override[] = []): Promise<{ graph: Graph; build: Build; compile: Compile | undefined }> {
  const r = compileSource(file, readFileSync(file, 'utf8'), { variant, overrides });
  assert.ok(r.graph && r.program, renderDiagnostics(r.diagnostics, r.files));
  const { fileName, text } = emitTypeScript(r.program, r.graph, file);
  const path = join(dir, `${counter++}_${fileName}`);
  writeFileSync(path, text);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const build = Object.entries(mod).find(([k, v]) => k.startsWith('build') && typeof v === 'function')?.[1] as Build | undefined;
  assert.ok(build, `${fileName} exports no build function`);
  const compile = Object.entries(mod).find(([k, v]) => k.startsWith('compile') && typeof v === 'function')?.[1] as Compile | undefined;
  return { graph: r.graph, build, compile };
}

/** Every shipped architecture and variant, and the fixtures under test/golden/typescript. */
function cases(): { file: string; variant: string | null }[] {
  const out: { file: string; variant: string | null }[] = [];
  const files = [
    ...readdirSync('architectures').filter((f) => f.endsWith('.yaml')).map((f) => `architectures/${f}`),
    ...readdirSync('test/golden/typescript').map((d) => `test/golden/typescript/${d}/model.yaml`).filter((f) => {
      try {
        return readFileSync(f, 'utf8').length > 0;
      } catch {
        return false;
      }
    }),
  ].sort();
  for (const file of files) {
    const r = compileSource(file, readFileSync(file, 'utf8'));
    const variants = r.program?.variants.map((v) => v.name) ?? [];
    if (variants.length === 0) out.push({ file, variant: null });
    // EfficientNet's variants share every line of generated code but the defaults (B7 alone has
    // 66M weights to initialize twice): B0 and B2 (a width that rounds channels) stand for all eight.
    const kept = file.endsWith('efficientnet.yaml') ? variants.filter((v) => v === 'efficientnetb0' || v === 'efficientnetb2') : variants;
    for (const v of kept) out.push({ file, variant: v });
  }
  return out;
}

interface ModelJson {
  config: { layers: { class_name: string; config: Record<string, unknown> }[] };
}

function topology(model: tf.LayersModel): ModelJson {
  return JSON.parse(model.toJSON() as string) as ModelJson;
}

/**
 * The one known difference: the tfjs backend builds Reshape from the inferred output shape, so
 * its config has `[256, 16, 1]` where the generated code passes Keras's `[-1, 16, 1]` (which tfjs
 * stores as `null`). Both give the same layer; the unknown dimension is filled in from the other.
 */
function alignReshape(generated: ModelJson, reference: ModelJson): ModelJson {
  const layers = generated.config.layers.map((l, i) => {
    const ref = reference.config.layers[i];
    const shape = l.config['target_shape'];
    if (l.class_name !== 'Reshape' || !ref || !Array.isArray(shape)) return l;
    const resolved = ref.config['target_shape'] as unknown[];
    return { ...l, config: { ...l.config, target_shape: shape.map((d, j) => (d === null ? resolved[j] : d)) } };
  });
  return { ...generated, config: { ...generated.config, layers } };
}

/** The largest difference between the two models' outputs on the same random input. */
function outputDifference(generated: tf.LayersModel, reference: tf.LayersModel): number {
  return tf.tidy(() => {
    // Integer inputs (token ids) get ids every Embedding has: 0 or 1.
    const inputs = generated.inputs.map((t, i) => (t.dtype === 'int32'
      ? tf.randomUniform([1, ...(t.shape.slice(1) as number[])], 0, 2, 'int32', 7 + i)
      : tf.randomUniform([1, ...(t.shape.slice(1) as number[])], -1, 1, 'float32', 7 + i)));
    const run = (m: tf.LayersModel): tf.Tensor[] => [m.predict(inputs.length === 1 ? inputs[0]! : inputs)].flat() as tf.Tensor[];
    const a = run(generated);
    const b = run(reference);
    assert.equal(a.length, b.length);
    return Math.max(...a.map((t, i) => tf.max(tf.abs(tf.sub(t, b[i]!))).dataSync()[0]!));
  });
}

/**
 * Above this many multiply-adds (VGG, ResNet-101/152), the models are built and compared at a
 * 64x64 input: a default-size VGG-19 costs 20 s of random initializers and inference per build.
 */
const HEAVY_MACS = 5e9;

/**
 * Transformers are heavy by their weights, whatever the input (ViT-L/16 has 304M, BERT-base's
 * vocabulary alone 23M): compared with one block (two for bert-tiny) and a small input or
 * vocabulary, every variant's widths and heads kept. Keys are the YAML's parameter names.
 */
const SMALL_TRANSFORMERS: { readonly [file: string]: (variant: string | null) => Override[] } = {
  'architectures/vit.yaml': () => [{ key: 'input_shape', value: [32, 32, 3] }, { key: 'layers', value: 1 }],
  'architectures/bert.yaml': (v) => [{ key: 'num_layers', value: v === 'bert_tiny' ? 2 : 1 }, { key: 'seq_length', value: 16 }, { key: 'vocabulary_size', value: 200 }],
};

/** `input_shape` → `inputShape`: the generated build function's option names. */
const optionsOf = (overrides: readonly Override[]): Record<string, Value> =>
  Object.fromEntries(overrides.map((o) => [o.key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), o.value]));

/** What `compile()` set, in comparable form. */
function trainingOf(model: tf.LayersModel): string {
  return JSON.stringify({ optimizer: model.optimizer.getClassName(), config: model.optimizer.getConfig(), loss: model.loss });
}

/**
 * Builds the reference, compares topology (and training settings, when the file has them and
 * `compile` is given), and with `outputs`, copies the weights and compares the outputs.
 */
function compare(graph: Graph, generated: tf.LayersModel, outputs: boolean, compile?: Compile): void {
  const reference = buildModel(graph, tf, { compile: compile !== undefined });
  try {
    assert.equal(compile !== undefined, graph.training !== null, 'compile<Model> exists exactly when the file has training settings');
    if (compile) {
      compile(generated);
      assert.equal(trainingOf(generated), trainingOf(reference));
    }
    const expected = topology(reference);
    assert.deepEqual(alignReshape(topology(generated), expected), expected);
    assert.equal(generated.countParams(), graph.totals.params);
    if (outputs) {
      reference.setWeights(generated.getWeights());
      const diff = outputDifference(generated, reference);
      assert.ok(diff <= 1e-6, `outputs differ by ${diff}`);
    }
  } finally {
    generated.dispose();
    reference.dispose();
  }
}

describe('generated code builds the tfjs backend\'s model', () => {
  for (const { file, variant } of cases()) {
    it(`${file}${variant ? ` (${variant})` : ''}: same topology; same weights, same outputs`, async () => {
      const { graph, build, compile } = await generate(file, variant);
      const smaller = SMALL_TRANSFORMERS[file]?.(variant);
      if (smaller) {
        const small = compileSource(file, readFileSync(file, 'utf8'), { variant, overrides: smaller });
        assert.ok(small.graph);
        compare(small.graph, build(optionsOf(smaller)), true, compile);
        return;
      }
      if (graph.totals.macs <= HEAVY_MACS) {
        compare(graph, build(), true, compile);
        return;
      }
      // The same generated function at a smaller input, against graphc's build with --set.
      const small = compileSource(file, readFileSync(file, 'utf8'), { variant, overrides: [{ key: 'input_shape', value: [64, 64, 3] }] });
      assert.ok(small.graph);
      compare(small.graph, build({ inputShape: [64, 64, 3] }), true, compile);
    });
  }

  it('takes the model parameters as options (a smaller input, as graphc --set builds it)', async () => {
    const { graph, build } = await generate('architectures/mobilenet_v2.yaml', 'mobilenetv2_0.35_224', [{ key: 'input_shape', value: [64, 64, 3] }]);
    const { build: buildDefault } = await generate('architectures/mobilenet_v2.yaml', 'mobilenetv2_0.35_224');
    const generated = buildDefault({ inputShape: [64, 64, 3] });
    const reference = buildModel(graph, tf, { compile: false });
    try {
      const expected = topology(reference);
      assert.deepEqual(topology(generated), expected);
      assert.deepEqual(topology(build()), expected);
    } finally {
      generated.dispose();
      reference.dispose();
    }
  });
});
