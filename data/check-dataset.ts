/**
 * Checks a data set against the model before the first step: sample shape against the input,
 * labels against the output and the loss, every sample (images decode, labels in range). All
 * problems are reported together, each naming the file and the sample.
 */
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { formatDims, type Dataset } from './dataset.js';

/** How labels become the model's targets. */
export type LabelEncoding = 'one-hot' | 'index' | 'as-is';

/** What the model expects, without the batch dimension. */
export interface ModelSides {
  readonly inputName: string;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  /** The loss name (Keras spelling), or null when only predicting. */
  readonly loss: string | null;
  /** True when labels are required (train, evaluate). */
  readonly needLabels: boolean;
}

/** The result: problems, and how to encode labels when there are none. */
export interface DataCheck {
  /** Problems that stop training or evaluation. */
  readonly diagnostics: readonly Diagnostic[];
  /** Problems that do not: GC6012, class names that do not match the outputs. */
  readonly warnings: readonly Diagnostic[];
  readonly encoding: LabelEncoding;
  /** Classes of a classifier output (its last dimension), else null. */
  readonly classes: number | null;
}

const SPARSE = /^sparse_categorical_crossentropy$|^sparseCategoricalCrossentropy$/;
const CATEGORICAL = /^categorical_crossentropy$|^categoricalCrossentropy$|^kl_divergence$|^categorical_hinge$/;

const fits = (a: readonly (number | null)[], b: readonly (number | null)[]): boolean =>
  a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);

/** Checks `ds` against the model; at most `limit` sample problems are listed. */
export function checkDataset(ds: Dataset, model: ModelSides, limit = 10): DataCheck {
  const out: Diagnostic[] = [];
  const { spec } = ds;
  const units = model.outputShape[model.outputShape.length - 1] ?? null;
  const classes = model.outputShape.length === 1 && units !== null && units > 1 ? units : null;
  let encoding: LabelEncoding = 'as-is';
  // The class names label the confusion matrix, predictions and the saved model: outputs past
  // them are shown by number, names past the outputs are never used.
  const warnings: Diagnostic[] = [];
  if (spec.classNames !== null && classes !== null && spec.classNames.length !== classes) {
    warnings.push(makeDiagnostic('GC6012', [ds.source, spec.classNames.length, classes], null, {
      hint: spec.classNames.length < classes ? 'outputs without a name are shown by their number; check the model\'s number of classes' : 'check the model\'s number of classes',
    }));
  }
  if (ds.length === 0) return { diagnostics: [makeDiagnostic('GC6006', [ds.source], null)], warnings, encoding, classes };
  if (!fits(spec.shape, model.inputShape)) {
    out.push(makeDiagnostic('GC6004', [ds.source, 0, formatDims(spec.shape), model.inputName, formatDims(model.inputShape)], null, { hint: 'every sample has this shape; resize the data or change the model\'s input_shape' }));
  }
  if (spec.labels === 'none') {
    if (model.needLabels) out.push(makeDiagnostic('GC6010', [ds.source, 'the data has no labels'], null, { hint: 'HDF5 and .npz data name them with --y-key; a .npy of samples takes --y-key LABELS.npy' }));
  } else if (model.loss !== null || model.needLabels) {
    const loss = model.loss ?? '';
    const labelDims = spec.labels === 'index' ? 'one class number per sample' : formatDims(spec.labelShape);
    const bad = (): Diagnostic => makeDiagnostic('GC6007', [ds.source, labelDims, loss, formatDims(model.outputShape)], null);
    if (spec.labels === 'index') {
      if (SPARSE.test(loss)) encoding = 'index';
      else if (CATEGORICAL.test(loss) && classes !== null) encoding = 'one-hot';
      else if (fits([1], model.outputShape)) encoding = 'as-is';
      else out.push(bad());
    } else if (SPARSE.test(loss) || !fits(spec.labelShape, model.outputShape)) out.push(bad());
  }
  // A full pass only when the cheap checks passed: with the wrong shape every sample would fail.
  if (out.length === 0) {
    const wantClasses = encoding === 'one-hot' || encoding === 'index' ? classes : null;
    out.push(...ds.scan(limit, { classes: wantClasses, shape: model.inputShape, input: model.inputName }));
  }
  return { diagnostics: out, warnings, encoding, classes };
}
