/**
 * Time from YAML to a ready model, measured in a fresh worker process (so the first compile, the
 * runtime's initialisation and the first predict pay their one-time costs, as a user's would):
 * import and select the runtime, compile the YAML, build the tfjs model, (with `zeros`) set a full
 * set of weights, predict once.
 */
import { readFileSync } from 'node:fs';
import type * as TfModule from '@tensorflow/tfjs';
import type { WeightTensor, Weights } from '../../compiler/weights.js';
import type { ReadyResult, ReadySpec } from './protocol.js';

const since = (t0: number): number => performance.now() - t0;

/** Weights of the model's shapes with arbitrary values: what a loaded checkpoint would provide. */
function someWeights(model: TfModule.LayersModel): Weights {
  let s = 99;
  const out = new Map<string, WeightTensor[]>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    out.set(layer.name, layer.weights.map((w) => {
      const shape = [...w.shape] as number[];
      const name = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const size = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(size);
      const variance = name === 'moving_variance' || name === 'gamma';
      for (let i = 0; i < size; i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        data[i] = variance ? 0.5 + s / 4294967296 : (s / 4294967296 - 0.5) * 0.05;
      }
      return { name, shape, data };
    }));
  }
  return out;
}

/** Runs one measurement; the process should be fresh and do nothing else. */
export async function measureReady(spec: ReadySpec): Promise<ReadyResult> {
  let t0 = performance.now();
  const { requireRuntime } = await import('../../backends/tfjs/runtime.js');
  const { buildModel, writeWeights } = await import('../../backends/tfjs/build-model.js');
  const { tf } = await requireRuntime(spec.runtime);
  const runtimeInit = since(t0);

  t0 = performance.now();
  const { compileCase, RESNET50_YAML } = await import('./cases.js');
  const graph = compileCase({ size: spec.size, classes: spec.classes }, RESNET50_YAML, readFileSync(RESNET50_YAML, 'utf8'));
  const compile = since(t0);

  t0 = performance.now();
  const model = buildModel(graph, tf, { init: spec.init });
  const build = since(t0);

  let weights = 0;
  if (spec.init === 'zeros') {
    const loaded = someWeights(model);
    t0 = performance.now();
    writeWeights(tf, model, loaded);
    weights = since(t0);
  }

  const x = tf.randomUniform([1, spec.size, spec.size, 3], -1, 1, 'float32', 5);
  const predict = (): number => {
    const t = performance.now();
    const y = model.predict(x) as TfModule.Tensor;
    y.dataSync();
    y.dispose();
    return since(t);
  };
  const firstPredict = predict();
  const secondPredict = predict();
  return { runtimeInit, compile, build, weights, firstPredict, secondPredict };
}
