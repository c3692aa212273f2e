/**
 * Fidelity of the tfjs backend: the compiled ResNet-50 is the hand-written port of the seed
 * (test/port/), layer for layer — topology, configs, names, parameter counts and, with the same
 * weights, outputs — and every shipped architecture's tfjs shapes equal the compiler's inference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type * as TfModule from '@tensorflow/tfjs';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, readWeights, writeWeights } from '../backends/tfjs/build-model.js';
import { compileSource } from '../compiler/pipeline.js';
import type { Graph } from '../compiler/ir.js';
import type { Weights } from '../compiler/weights.js';
import { buildResNet50Port } from './port/resnet50-port.js';
import { compileFileOk } from './helpers/compile.js';

const { tf } = await requireRuntime('cpu');
const graph = compileFileOk('architectures/resnet50.yaml');

/** Weights with every BatchNorm statistic made non-trivial, so a wiring slip changes the output. */
function perturbed(weights: Weights, seed: number): Weights {
  let s = seed;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = new Map<string, typeof weights extends ReadonlyMap<string, infer W> ? W : never>();
  for (const [layer, ws] of weights) {
    out.set(layer, ws.map((w) => {
      if (w.name === 'kernel') return w;
      const data = Float32Array.from(w.data, (x) => (w.name === 'moving_variance' ? 0.5 + rand() : w.name === 'gamma' ? 0.5 + rand() : x + (rand() - 0.5) * 0.2));
      return { ...w, data };
    }));
  }
  return out;
}

test('the compiled model has the port\'s topology: classes, configs, names, inbound nodes', () => {
  const compiled = buildModel(graph, tf);
  const port = buildResNet50Port(tf);
  try {
    const a = compiled.toJSON(null, false) as { config: { layers: { class_name: string; name: string }[] } };
    const b = port.toJSON(null, false) as typeof a;
    assert.equal(a.config.layers.length, 177);
    for (let i = 0; i < a.config.layers.length; i++) assert.deepEqual(a.config.layers[i], b.config.layers[i], `layer ${i}`);
    assert.deepEqual(a, b);
    assert.equal(compiled.countParams(), 23_600_006);
  } finally {
    compiled.dispose();
    port.dispose();
  }
});

test('with the same weights the compiled model and the port give the same outputs (1e-5)', () => {
  const compiled = buildModel(graph, tf, { init: 'zeros' });
  const port = buildResNet50Port(tf);
  try {
    const weights = perturbed(readWeights(port), 7);
    writeWeights(tf, port, weights);
    writeWeights(tf, compiled, weights);
    const x = tf.randomNormal([2, 64, 64, 3], 0, 1, 'float32', 3);
    const ya = (compiled.predict(x) as TfModule.Tensor).dataSync();
    const yb = (port.predict(x) as TfModule.Tensor).dataSync();
    let max = 0;
    for (let i = 0; i < ya.length; i++) max = Math.max(max, Math.abs(ya[i]! - yb[i]!));
    assert.ok(max < 1e-5, `max difference ${max}`);
    assert.ok(Math.abs(Array.from(ya.slice(0, 6)).reduce((s, v) => s + v, 0) - 1) < 1e-5, 'softmax rows sum to 1');
  } finally {
    compiled.dispose();
    port.dispose();
  }
});

test('names never depend on what the process built before', () => {
  const first = JSON.stringify(buildModel(graph, tf, { init: 'zeros' }).toJSON(null, false));
  buildResNet50Port(tf).dispose();
  tf.layers.dense({ units: 3 });
  tf.layers.activation({ activation: 'relu' });
  const again = JSON.stringify(buildModel(graph, tf, { init: 'zeros' }).toJSON(null, false));
  assert.equal(again, first);
});

/** Every architecture and variant, at its real input size (zeros init: no predict needed). */
function shippedGraphs(): { label: string; graph: Graph }[] {
  const out: { label: string; graph: Graph }[] = [];
  for (const file of readdirSync('architectures').filter((f) => f.endsWith('.yaml')).sort()) {
    const path = `architectures/${file}`;
    const text = readFileSync(path, 'utf8');
    const first = compileSource(path, text);
    const variants = first.program?.variants.map((v) => v.name) ?? [];
    for (const variant of variants.length > 0 ? variants : [null]) {
      const r = compileSource(path, text, { variant });
      assert.ok(r.graph, `${path} ${variant}`);
      out.push({ label: `${file}${variant ? ` --variant ${variant}` : ''}`, graph: r.graph });
    }
  }
  return out;
}

test('every shipped architecture: tfjs countParams and every layer\'s output shape equal the compiler\'s', () => {
  for (const { label, graph: g } of shippedGraphs()) {
    const model = buildModel(g, tf, { init: 'zeros', compile: false });
    try {
      assert.equal(model.countParams(), g.totals.params, `${label} parameters`);
      const shapes = new Map(g.nodes.map((n) => [n.name, n.shape]));
      for (const layer of model.layers) {
        const expected = shapes.get(layer.name);
        assert.deepEqual(layer.outputShape, expected, `${label}: ${layer.name}`);
      }
      assert.equal(model.layers.length, g.nodes.length, label);
    } finally {
      model.dispose();
    }
  }
});

test('where tfjs is stricter than Keras, the build names the layer instead of crashing', async () => {
  const { compileOk } = await import('./helpers/compile.js');
  const { TargetError } = await import('../backends/target.js');
  const g = compileOk('graphc: 1\nname: T\ninputs: [{ shape: [4] }]\nbody:\n  - Flatten: { name: flat }\n  - Dense: 2\n');
  // The error carries the layer, which `graphc build` turns into a located GC0033.
  assert.throws(() => buildModel(g, tf), (e: unknown) => e instanceof TargetError && e.layer === 'flat' && /TensorFlow\.js rejects it/.test(e.message));
});
