/**
 * Options train, evaluate and predict share: the training settings `--set` may override
 * (`optimizer`, `loss`, `metrics`, `learning_rate`: names no model parameter may take in these
 * commands), the data keys, the backend, and printing a {@link TrainError}.
 */
import type { Command } from 'commander';
import { parse as parseYamlValue } from 'yaml';
import type { TrainingConfig } from '../compiler/ir.js';
import { SourceFiles } from '../compiler/diagnostics/render.js';
import type { RuntimeRequest } from '../backends/tfjs/runtime.js';
import type { DataKeys } from '../data/open-dataset.js';
import { TrainError } from '../train/train.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { printDiagnostics, type ModelOptions } from './load-model.js';

/** Options of the data-reading commands, as commander hands them over. */
export interface DataCommandOptions extends ModelOptions {
  readonly xKey?: string;
  readonly yKey?: string;
  readonly classesKey?: string;
  readonly backend?: string;
  readonly weights?: string;
  readonly allowMissing?: boolean;
  readonly skip?: readonly string[];
  readonly batchSize?: string;
}

const TRAINING_KEYS = ['optimizer', 'loss', 'metrics', 'learning_rate'] as const;
const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Splits `--set` into model overrides and training overrides (checked). */
export function splitTrainingSets(sets: readonly string[], base: TrainingConfig | null): { model: string[]; training: Partial<TrainingConfig> } {
  const model: string[] = [];
  const found: Record<string, unknown> = {};
  for (const pair of sets) {
    const key = pair.slice(0, Math.max(0, pair.indexOf('='))).trim();
    if (!(TRAINING_KEYS as readonly string[]).includes(key)) {
      model.push(pair);
      continue;
    }
    found[key] = parseYamlValue(pair.slice(pair.indexOf('=') + 1)) as unknown;
  }
  const training: { -readonly [K in keyof TrainingConfig]?: TrainingConfig[K] } = {};
  if (found['loss'] !== undefined) {
    if (typeof found['loss'] !== 'string') throw new UsageError('--set loss= takes a loss name, e.g. categorical_crossentropy');
    training.loss = found['loss'];
  }
  if (found['metrics'] !== undefined) {
    const m = found['metrics'];
    if (!Array.isArray(m) || !m.every((x) => typeof x === 'string')) throw new UsageError('--set metrics= takes a list of names, e.g. [accuracy]');
    training.metrics = m as string[];
  }
  const lr = found['learning_rate'];
  if (lr !== undefined && (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr))) throw new UsageError('--set learning_rate= takes a positive number');
  const opt = found['optimizer'] ?? (lr !== undefined ? base?.optimizer : undefined);
  if (opt !== undefined) {
    const name = typeof opt === 'string' ? opt : typeof opt === 'object' && opt !== null && 'class_name' in opt ? String((opt as { class_name: unknown }).class_name) : null;
    if (name === null) throw new UsageError('--set optimizer= takes an optimizer name, e.g. adam or sgd');
    training.optimizer = lr === undefined ? (typeof opt === 'string' ? opt : (opt as TrainingConfig['optimizer'])) : { class_name: name, config: { learning_rate: lr as number } };
  }
  return { model, training };
}

/** `--backend`, checked. */
export function backendOption(text: string | undefined): RuntimeRequest {
  const b = text ?? 'auto';
  if (!BACKENDS.includes(b)) throw new UsageError(`--backend must be ${BACKENDS.join(', ')}, got \`${b}\``);
  return b as RuntimeRequest;
}

/** The data keys from `--x-key`, `--y-key`, `--classes-key`. */
export function dataKeysOf(o: DataCommandOptions): DataKeys {
  return { ...(o.xKey ? { x: o.xKey } : {}), ...(o.yKey ? { y: o.yKey } : {}), ...(o.classesKey ? { classes: o.classesKey } : {}) };
}

/** Adds the data and runtime options to a command. */
export function dataOptionsOf(cmd: Command): Command {
  return cmd
    .option('--x-key <name>', 'dataset of the samples in an HDF5/.npz file (default: the one *_x, e.g. train_set_x)')
    .option('--y-key <name>', 'dataset of the labels (default: the one *_y); for a .npy of samples, the labels\' .npy file')
    .option('--classes-key <name>', 'dataset of the class names (default: list_classes)')
    .option('--backend <name>', 'tfjs backend: auto, tensorflow, wasm or cpu', 'auto')
    .option('--weights <path>', 'start from these weights: a graphc/tfjs folder, Keras .h5/.keras, .safetensors or .onnx, mapped by the model file\'s `checkpoints:`')
    .option('--allow-missing', 'layers with no weights in the checkpoint start from the YAML\'s initializers (a new head)')
    .option('--skip <pattern>', 'neither load nor check layers or checkpoint keys matching this glob, e.g. predictions (repeatable)', (v: string, p: string[]) => [...p, v], []);
}

/** Prints a {@link TrainError}'s diagnostics and returns the exit code; rethrows anything else. */
export function reportTrainError(e: unknown, io: CliIo, json: boolean): number {
  if (!(e instanceof TrainError)) throw e;
  printDiagnostics(io, e.diagnostics, new SourceFiles());
  return EXIT.invalid;
}

/** Makes text safe for a terminal: control characters (escape sequences) become `?`. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The `--json` result: handed to the run's one JSON document (cli/json-report.ts). */
export function report(io: CliIo, fields: Readonly<Record<string, unknown>>): void {
  if (io.report) io.report.set(fields);
  else io.out(`${JSON.stringify(fields, null, 2)}\n`);
}
