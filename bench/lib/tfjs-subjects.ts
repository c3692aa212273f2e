/**
 * tfjs subjects in a worker: graphc's compiled ResNet-50, the hand-written port of the seed with
 * the compiled model's weights, and graphc's inference-optimized model (BatchNorm folded, ReLU
 * fused). Models are built once per input size and shared by that size's batches.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { buildModel, readWeights, writeWeights } from '../../backends/tfjs/build-model.js';
import { optimizeModel } from '../../backends/tfjs/materialize.js';
import type { TfNamespace } from '../../backends/tfjs/runtime.js';
import type { Weights } from '../../compiler/weights.js';
import { buildResNet50Port } from '../../test/port/resnet50-port.js';
import { caseInput, compileCase, modelKey, type CaseSpec } from './cases.js';
import type { TfjsModelKind } from './protocol.js';

/** A loaded thing a worker can run, read the output of, and free. */
export interface Subject {
  run(): void | Promise<void>;
  output(): Float32Array | Promise<Float32Array>;
  dispose(): void | Promise<void>;
  /** Which model entry (size/classes) it uses, so the entry is freed with its last subject. */
  readonly modelKey?: string;
}

interface ModelEntry {
  readonly compiled: TfModule.LayersModel;
  readonly weights: Weights;
  port?: TfModule.LayersModel;
  optimized?: TfModule.LayersModel;
  optimizeNote?: string;
}

/** The tfjs models of one worker, by {@link modelKey}. */
export class TfjsModels {
  private readonly entries = new Map<string, ModelEntry>();

  constructor(private readonly tf: TfNamespace) {}

  /** Returns the model of `kind` for a case, building it (and the compiled model it derives from) on first use. */
  model(c: CaseSpec, kind: TfjsModelKind): { model: TfModule.LayersModel; note?: string } {
    const entry = this.entry(c);
    if (kind === 'compiled') return { model: entry.compiled };
    if (kind === 'port') {
      if (!entry.port) {
        entry.port = buildResNet50Port(this.tf, { inputShape: [c.size, c.size, 3], classes: c.classes });
        writeWeights(this.tf, entry.port, entry.weights);
      }
      return { model: entry.port };
    }
    if (!entry.optimized) {
      const o = optimizeModel(this.tf, compileCase(c), entry.compiled);
      entry.optimized = o.model;
      entry.optimizeNote = `folded ${o.report.foldedBatchNorms} BatchNorm, fused ${o.report.fusedActivations} activations, ${o.model.layers.length} layers`;
    }
    return entry.optimizeNote === undefined ? { model: entry.optimized } : { model: entry.optimized, note: entry.optimizeNote };
  }

  /** Frees the models of `key`. */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    for (const m of [entry.compiled, entry.port, entry.optimized]) m?.dispose();
    this.entries.delete(key);
  }

  private entry(c: CaseSpec): ModelEntry {
    const key = modelKey(c);
    let entry = this.entries.get(key);
    if (!entry) {
      // The YAML's seeded initializers: every worker (and every runtime) gets identical weights.
      const compiled = buildModel(compileCase(c), this.tf, { init: 'yaml' });
      entry = { compiled, weights: readWeights(compiled) };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

/** A model predicting the case's input: `predict`, output read back, tensors freed. */
export function tfjsSubject(tf: TfNamespace, model: TfModule.LayersModel, c: CaseSpec): Subject {
  const { data, dims } = caseInput(c);
  const x = tf.tensor4d(data, dims);
  const predict = (): Float32Array => {
    const y = model.predict(x, { batchSize: c.batch }) as TfModule.Tensor;
    const out = y.dataSync() as Float32Array;
    y.dispose();
    return out;
  };
  return {
    modelKey: modelKey(c),
    run: () => void predict(),
    output: () => Float32Array.from(predict()),
    dispose: () => x.dispose(),
  };
}

/** An n x n float32 matrix product on the active tfjs backend (the backend's FP32 ceiling). */
export function tfjsMatMulSubject(tf: TfNamespace, n: number): Subject {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const product = (): Float32Array => {
    const c = tf.matMul(a, b);
    const out = c.dataSync() as Float32Array;
    c.dispose();
    return out;
  };
  return {
    run: () => void product(),
    output: () => Float32Array.from(product().subarray(0, 16)),
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}
