/**
 * Loss and metrics of a model over a whole data set (batch by batch, sample-weighted, as Keras
 * `evaluate`), and predictions with a confusion matrix for classifiers. Training's validation
 * figures come from the same function, so `graphc evaluate` on the validation data of the last
 * epoch prints the same numbers.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset.js';
import { inputTensor, targetTensor, type TensorPlan } from './tensors.js';

type Tf = typeof TfModule;

/** The figures of {@link evaluateDataset}. */
export interface Evaluation {
  readonly samples: number;
  /** `loss` and each metric, by Keras name. */
  readonly values: Readonly<Record<string, number>>;
  /** `confusion[true][predicted]` counts for a classifier with class-number labels, else null. */
  readonly confusion: readonly (readonly number[])[] | null;
}

/** Evaluates `model` on `data`; `confusion` also predicts, to count (true, predicted) pairs. */
export async function evaluateDataset(tf: Tf, model: TfModule.LayersModel, data: Dataset, batchSize: number, plan: TensorPlan, names: readonly string[], confusion: boolean): Promise<Evaluation> {
  const sums = new Float64Array(names.length);
  const classes = plan.classes;
  const labels = confusion && classes !== null ? data.labelIndices() : null;
  const matrix = labels ? Array.from({ length: classes! }, () => new Array<number>(classes!).fill(0)) : null;
  for (let start = 0; start < data.length; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, data.length - start) }, (_, i) => start + i);
    const samples = data.read(indices);
    const x = inputTensor(tf, samples, plan);
    const y = targetTensor(tf, samples, plan);
    try {
      const out = model.evaluate(x, y, { batchSize: indices.length });
      const list = Array.isArray(out) ? out : [out];
      const values = await Promise.all(list.map(async (t) => (await t.data())[0]!));
      list.forEach((t) => t.dispose());
      values.forEach((v, i) => (sums[i] = sums[i]! + v * indices.length));
      if (matrix && labels) {
        const predicted = tf.tidy(() => (model.predict(x) as TfModule.Tensor).argMax(-1));
        const p = await predicted.data();
        predicted.dispose();
        indices.forEach((index, i) => matrix[labels[index]!]![p[i]!]!++);
      }
    } finally {
      x.dispose();
      y.dispose();
    }
  }
  const values: Record<string, number> = {};
  names.forEach((name, i) => (values[name] = sums[i]! / data.length));
  return { samples: data.length, values, confusion: matrix };
}

/** Class probabilities (or outputs) of every sample of `data`, row by row. */
export async function predictDataset(tf: Tf, model: TfModule.LayersModel, data: Dataset, batchSize: number, plan: TensorPlan): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (let start = 0; start < data.length; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, data.length - start) }, (_, i) => start + i);
    const x = inputTensor(tf, data.read(indices), plan);
    const out = model.predict(x) as TfModule.Tensor;
    const values = (await out.data()) as Float32Array;
    const width = values.length / indices.length;
    for (let i = 0; i < indices.length; i++) rows.push(values.slice(i * width, (i + 1) * width));
    x.dispose();
    out.dispose();
  }
  return rows;
}
