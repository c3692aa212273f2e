/**
 * What every data reader hands the training loop: a random-access set of samples with an element
 * spec (sample shape, dtype, label layout, class names). Readers (HDF5, image folders, .npy/.npz)
 * read samples only when a batch asks for them, so a data set larger than memory trains.
 */
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Code } from '../compiler/diagnostics/catalogue.js';

/** Element types the readers hand out (raw values, before preprocessing). */
export type DataDtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'int32' | 'float32' | 'float64';

/** What one sample looks like. */
export interface ElementSpec {
  /** Shape of one sample's input, without the batch dimension, e.g. [64, 64, 3]. */
  readonly shape: readonly number[];
  readonly dtype: DataDtype;
  /**
   * How labels are stored: `index` one class number per sample (SIGNS's `train_set_y`),
   * `vector` one row per sample (one-hot or targets) of `labelShape`, `none` unlabelled.
   */
  readonly labels: 'index' | 'vector' | 'none';
  /** Shape of one label row when `labels` is `vector`. */
  readonly labelShape: readonly number[];
  /** Class names, in class-index order, when the data says them (list_classes, folder names). */
  readonly classNames: readonly string[] | null;
}

/** Raw samples of one batch, row-major, batch first. */
export interface Samples {
  readonly count: number;
  /** Input values as float32 (exact for every integer type the readers accept). */
  readonly x: Float32Array;
  /** Labels: class numbers (`index`), rows (`vector`), or null. */
  readonly y: Float32Array | null;
}

/** What the model wants of each sample, for {@link Dataset.scan}. */
export interface ScanExpectation {
  /** Number of classes of a classifier's output, or null. */
  readonly classes: number | null;
  /** The model input's sample shape (no batch dimension; null dims take anything). */
  readonly shape: readonly (number | null)[];
  /** The model input's name, for messages. */
  readonly input: string;
}

/** A data set: a spec, a length, and random access to samples. */
export interface Dataset {
  /** The path the user gave, for diagnostics. */
  readonly source: string;
  readonly length: number;
  readonly spec: ElementSpec;
  /** Reads the samples at `indices` (any order, each in [0, length)). */
  read(indices: readonly number[]): Samples;
  /**
   * Every problem a full pass over the data finds that the spec cannot show (an image of the
   * wrong size, a corrupt file, a label out of range), at most `limit` of them. Run before the
   * first step, so bad data never stops training half-way.
   */
  scan(limit: number, expect: ScanExpectation): Diagnostic[];
  /** Class numbers of every sample (for label checks and the confusion matrix), or null. */
  labelIndices(): Int32Array | null;
  close(): void;
}

/** Raised by readers for bad data; carries the diagnostic to print. */
export class DataError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'DataError';
  }
}

/** Shorthand: a {@link DataError} with a catalogue code. */
export function dataError(code: Code, args: readonly (string | number)[], hint?: string): DataError {
  return new DataError(makeDiagnostic(code, args, null, hint === undefined ? {} : { hint }));
}

/** `[64, 64, 3]`. */
export function formatDims(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}]`;
}

/** The samples of `ds` at `indices`, as a data set of its own (validation split, subsets). */
export function subset(ds: Dataset, indices: readonly number[], source = ds.source): Dataset {
  const all = ds.labelIndices();
  return {
    source,
    length: indices.length,
    spec: ds.spec,
    read: (wanted) => ds.read(wanted.map((i) => indices[i]!)),
    scan: () => [],
    labelIndices: () => (all ? Int32Array.from(indices, (i) => all[i]!) : null),
    close: () => undefined,
  };
}

/** Labels out of `[0, classes)`, as diagnostics naming the sample (first `limit`). */
export function checkLabelRange(source: string, labels: ArrayLike<number>, classes: number, limit: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let i = 0; i < labels.length && out.length < limit; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) out.push(makeDiagnostic('GC6005', [source, i, v, classes], null));
  }
  return out;
}
