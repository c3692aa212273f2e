/**
 * `graphc evaluate MODEL --data TEST`: loss and metrics on a data set (the seed's
 * `model.evaluate`) and, for a classifier, the confusion matrix with class names. MODEL is a
 * folder `graphc train` wrote, or a model file (its initializers, or `--weights`).
 */
import type { Command } from 'commander';
import type { Evaluation } from '../../train/evaluate.js';
import { EXIT, type CliIo } from '../io.js';
import { modelOptionsOf } from '../model-options.js';
import { dataKeysOf, dataOptionsOf, printable, report, reportTrainError, type DataCommandOptions } from '../train-options.js';
import { intOption } from '../run-settings.js';
import { openUsableModel } from './use-model-option.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';

/** Options of `graphc evaluate`. */
export interface EvaluateOptions extends DataCommandOptions {
  readonly data: string;
}

/**
 * The confusion matrix as a table: rows true class, columns predicted. A class without a name
 * (the data names fewer classes than the model has outputs) is shown by its number.
 */
export function formatConfusion(matrix: readonly (readonly number[])[], names: readonly string[]): string {
  const labels = matrix.map((_, i) => printable(names[i] ?? String(i)).slice(0, 12));
  const width = Math.max(6, ...labels.map((l) => l.length), ...matrix.flat().map((v) => String(v).length)) + 1;
  // The corner's text is wider than short labels: the first column fits both.
  const corner = 'true \\ predicted';
  const first = Math.max(width + 4, corner.length + 1);
  const head = `${corner.padEnd(first)}${labels.map((l) => l.padStart(width)).join('')}`;
  const rows = matrix.map((row, i) => `${labels[i]!.padEnd(first)}${row.map((v) => String(v).padStart(width)).join('')}`);
  return [head, ...rows].join('\n');
}

/** Evaluates; resolves to the exit code. */
export async function evaluateCommand(file: string, options: EvaluateOptions, io: CliIo): Promise<number> {
  const json = options.json === true;
  const batchSize = intOption('batch-size', options.batchSize, 32, 1, 65_536);
  const opened = await openUsableModel(file, options, io, true);
  if (!opened.ok) return opened.code;
  const { tf, usable } = opened;
  try {
    const { openDataset } = await import('../../data/open-dataset.js');
    const { checkDataset } = await import('../../data/check-dataset.js');
    const { DataError } = await import('../../data/dataset.js');
    const { TrainError } = await import('../../train/train.js');
    const { evaluateDataset } = await import('../../train/evaluate.js');
    const training = usable.training!;
    let data;
    try {
      data = await openDataset(options.data, usable.inputShape, dataKeysOf(options));
    } catch (e) {
      throw e instanceof DataError ? new TrainError([e.diagnostic]) : e;
    }
    let evaluation: Evaluation;
    let names: string[];
    try {
      const check = checkDataset(data, { inputName: usable.inputName, inputShape: usable.inputShape, outputShape: usable.outputShape, loss: training.loss as string, needLabels: true });
      if (check.diagnostics.length > 0) throw new TrainError(check.diagnostics);
      printDiagnostics(io, check.warnings, new SourceFiles());
      names = ['loss', ...training.metrics];
      const plan = { spec: data.spec, preprocessing: usable.preprocessing, encoding: check.encoding, classes: check.classes };
      evaluation = await evaluateDataset(tf, usable.model, data, batchSize, plan, names, true);
    } finally {
      data.close();
    }
    const classNames = usable.classNames ?? data.spec.classNames ?? (evaluation.confusion ? evaluation.confusion.map((_, i) => String(i)) : null);
    if (json) {
      report(io, { data: options.data, samples: evaluation.samples, ...evaluation.values, class_names: classNames, confusion_matrix: evaluation.confusion });
    } else {
      io.out(`${names.map((n) => `${n} ${evaluation.values[n]!.toFixed(4)}`).join(' ')} on ${evaluation.samples} samples of ${printable(options.data)}\n`);
      if (evaluation.confusion && classNames) io.out(`${formatConfusion(evaluation.confusion, classNames)}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    return reportTrainError(e, io, json);
  } finally {
    usable.model.dispose();
  }
}

/** Registers `evaluate`. */
export function registerEvaluate(program: Command, io: CliIo, setCode: (code: number) => void): void {
  dataOptionsOf(modelOptionsOf(program.command('evaluate').description('loss, metrics and confusion matrix of a trained model on a data set').argument('<model>', 'a folder graphc train wrote, or a model file (with --weights)')))
    .requiredOption('--data <path>', 'test data: .h5 (SIGNS layout), .npz, .npy, or a folder of class subfolders of images')
    .option('--batch-size <n>', 'samples per forward pass (default 32)')
    .action(async (file: string, opts: EvaluateOptions) => {
      setCode(await evaluateCommand(file, opts, io));
    });
}
