/**
 * `train(...)`: the whole of `graphc train` as a library call. Opens and checks the data (every
 * problem reported before the first step), builds the compiled model on the chosen tfjs runtime,
 * starts from `--weights` or resumes a checkpoint, runs {@link fitDataset} with the progress,
 * history, checkpoint and Ctrl-C callbacks, and writes `history.json` and `history.png`.
 */
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph, TrainingConfig } from '../compiler/ir.js';
import { graphPreprocessing } from '../compiler/preprocessing.js';
import type { Program } from '../compiler/program.js';
import type { RuntimeRequest } from '../backends/tfjs/runtime.js';
import { writeFilesAtomically } from '../io/write-atomic.js';
import { splitIndices } from '../data/batch-order.js';
import { checkDataset, type DataCheck } from '../data/check-dataset.js';
import { DataError, subset, type Dataset } from '../data/dataset.js';
import { openDataset, type DataKeys } from '../data/open-dataset.js';
import type { Callback, StopFlag } from './callbacks.js';
import { Checkpoint, readCheckpoint } from './checkpoint.js';
import { bestCheckpointFolder, currentCheckpointFolder, removeLeftoverCheckpoints } from './checkpoint-store.js';
import { fitDataset, type FitResult } from './fit.js';
import { History } from './history.js';
import { loadInitialWeights } from './initial-weights.js';
import { restoreOptimizer } from './optimizer-state.js';
import { historyPng } from './plot.js';
import { Progress, type ProgressOptions } from './progress.js';
import type { TensorPlan } from './tensors.js';
import type { TrainedMeta } from './trained-model.js';

/** A failure with diagnostics to print (bad data, a checkpoint that does not fit, ...). */
export class TrainError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'TrainError';
  }
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** The compiled model (compileSource / compileFile). */
  readonly graph: Graph;
  /** The loaded model file, for `--weights` in other tools' layouts (its `checkpoints:`); optional. */
  readonly program?: Program | null;
  /** With `weights`: layers the checkpoint lacks keep the YAML's initializers (fine-tuning a new head). */
  readonly weightsAllowMissing?: boolean;
  /** With `weights`: globs of layers and checkpoint keys neither loaded nor checked. */
  readonly weightsSkip?: readonly string[];
  /** Training data: an .h5, .npz, .npy, or a folder of class subfolders of images. */
  readonly data: string;
  readonly keys?: DataKeys;
  /** Validation data (same format options), or a fraction of the training data (Keras's last fraction). */
  readonly validation?: string | null;
  readonly validationSplit?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  /** Output folder for checkpoints, history and the final model; null writes nothing. */
  readonly out?: string | null;
  /** Continue the checkpoint in `out`. */
  readonly resume?: boolean;
  /** Start from these weights (a folder graphc build/train wrote). */
  readonly weights?: string | null;
  /** Overrides of the YAML's `training:` (optimizer, loss, metrics). */
  readonly training?: Partial<TrainingConfig>;
  readonly backend?: RuntimeRequest;
  /** Progress output; null for none. */
  readonly progress?: ProgressOptions | null;
  /** More callbacks, after graphc's own. */
  readonly callbacks?: readonly Callback[];
  /** Called once, before training, with problems in the data that do not stop it (GC6012). */
  readonly onWarnings?: (warnings: readonly Diagnostic[]) => void;
  /** Set `requested` to stop after the current batch (the CLI's Ctrl-C does). */
  readonly stop?: StopFlag;
}

/** What {@link train} hands back. */
export interface TrainResult extends FitResult {
  readonly tf: typeof TfModule;
  readonly model: TfModule.LayersModel;
  readonly history: History;
  readonly runtime: string;
  readonly meta: TrainedMeta;
  /** The output folder the checkpoints and history were written to (`options.out`), or null. */
  readonly out: string | null;
}

const fail = (code: Parameters<typeof makeDiagnostic>[0], args: (string | number)[], hint?: string): TrainError =>
  new TrainError([makeDiagnostic(code, args, null, hint === undefined ? {} : { hint })]);

async function open(path: string, shape: readonly (number | null)[], keys: DataKeys | undefined): Promise<Dataset> {
  try {
    return await openDataset(path, shape, keys);
  } catch (e) {
    if (e instanceof DataError) throw new TrainError([e.diagnostic]);
    throw e;
  }
}

/** The model's one input and one output, or why graphc train cannot take it. */
export function modelSides(graph: Graph): { input: Graph['nodes'][number]; output: Graph['nodes'][number] } {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw fail('GC6010', [graph.file, `it has ${graph.inputs.length} inputs and ${graph.outputs.length} outputs; train, evaluate and predict take one of each`]);
  }
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  return { input: byName.get(graph.inputs[0]!)!, output: byName.get(graph.outputs[0]!)! };
}

/** The effective training settings: the YAML's `training:`, then the overrides. */
export function trainingOf(graph: Graph, overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  const base = graph.training;
  const optimizer = overrides.optimizer ?? base?.optimizer;
  const loss = overrides.loss ?? base?.loss;
  if (optimizer === undefined || loss === undefined) {
    throw fail('GC6010', [graph.file, 'the model has no `training:` settings (optimizer, loss)'], 'add `training: { optimizer: adam, loss: categorical_crossentropy, metrics: [accuracy] }`, or --set optimizer=adam --set loss=...');
  }
  return { optimizer, loss, metrics: overrides.metrics ?? base?.metrics ?? [] };
}

/** Trains a model; see the module comment. Throws {@link TrainError} for bad data or checkpoints. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { graph } = options;
  const { input, output } = modelSides(graph);
  const training = trainingOf(graph, options.training);
  if (Array.isArray(training.loss)) throw fail('GC6010', [graph.file, 'one loss per output applies to several outputs']);
  const inputShape = (input.shape ?? []).slice(1);
  const outputShape = (output.shape ?? []).slice(1);
  const sides = { inputName: input.name, inputShape, outputShape, loss: training.loss as string, needLabels: true };

  const trainData = await open(options.data, inputShape, options.keys);
  const opened: Dataset[] = [trainData];
  try {
    const checks: DataCheck[] = [checkDataset(trainData, sides)];
    let validation: Dataset | null = null;
    if (options.validation) {
      validation = await open(options.validation, inputShape, options.keys);
      opened.push(validation);
      checks.push(checkDataset(validation, sides));
    }
    const problems = checks.flatMap((c) => c.diagnostics);
    if (problems.length > 0) throw new TrainError(problems);
    const warnings = checks.flatMap((c) => c.warnings);
    if (warnings.length > 0) options.onWarnings?.(warnings);
    let data = trainData;
    if (!validation && options.validationSplit !== undefined && options.validationSplit > 0) {
      const split = splitIndices(trainData.length, options.validationSplit);
      data = subset(trainData, split.train);
      validation = subset(trainData, split.validation, `${trainData.source} (last ${split.validation.length})`);
      if (data.length === 0 || validation.length === 0) throw fail('GC6010', [graph.file, `--validation-split ${options.validationSplit} leaves an empty part of ${trainData.length} samples`]);
    }
    const check = checks[0]!;
    const plan: TensorPlan = { spec: trainData.spec, preprocessing: graphPreprocessing(graph)[input.name] ?? null, encoding: check.encoding, classes: check.classes };
    return await run(options, graph, training, data, validation, plan, { input, output });
  } finally {
    for (const ds of opened) ds.close();
  }
}

async function run(options: TrainOptions, graph: Graph, training: TrainingConfig, data: Dataset, validation: Dataset | null, plan: TensorPlan, sides: ReturnType<typeof modelSides>): Promise<TrainResult> {
  const out = options.out ?? null;
  // What a crash during an earlier save left (see checkpoint-store.ts) goes before anything is read.
  if (out) removeLeftoverCheckpoints(out);
  const resumed = options.resume && out ? loadCheckpointOrFail(out) : null;
  const seed = resumed?.state.seed ?? options.seed ?? 0;
  const batchSize = resumed?.state.batchSize ?? options.batchSize ?? 32;
  const epochs = options.epochs ?? resumed?.state.epochs ?? 1;
  if (resumed && options.seed !== undefined && options.seed !== resumed.state.seed) throw fail('GC6009', [out!, `it was trained with --seed ${resumed.state.seed}; resuming with another seed would not continue it`]);
  if (resumed && options.batchSize !== undefined && options.batchSize !== resumed.state.batchSize) throw fail('GC6009', [out!, `it was trained with --batch-size ${resumed.state.batchSize}`]);

  const { selectRuntime } = await import('../backends/tfjs/runtime.js');
  const selected = await selectRuntime(options.backend ?? 'auto');
  if (!selected.ok) throw fail('GC0009', ['tfjs', selected.message]);
  const { tf } = selected;
  const { buildModel, compileTraining } = await import('../backends/tfjs/build-model.js');
  const startFrom = resumed ? resumed.dir : options.weights ?? null;
  const model = buildModel(graph, tf, { init: startFrom ? 'zeros' : 'yaml', compile: false });
  try {
    compileTraining(tf, model, training);
    if (startFrom) {
      const problems = await loadInitialWeights(tf, startFrom, model, graph, resumed ? null : (options.program ?? null), resumed ? {} : { allowMissing: options.weightsAllowMissing === true, skip: options.weightsSkip ?? [] });
      if (problems) throw new TrainError(problems);
    }
    if (resumed) {
      try {
        await restoreOptimizer(tf, model.optimizer, resumed.optimizer.manifest, resumed.optimizer.bin);
      } catch (e) {
        throw fail('GC6009', [out!, (e as Error).message]);
      }
    }
    const names = ['loss', ...training.metrics];
    const meta: TrainedMeta = {
      format: 'graphc-trained-model',
      version: 1,
      model: { name: graph.name, file: graph.file, variant: graph.variant, params: graph.params },
      input: { name: sides.input.name, shape: (sides.input.shape ?? []).slice(1), preprocessing: plan.preprocessing },
      output: { name: sides.output.name, shape: (sides.output.shape ?? []).slice(1) },
      classNames: plan.spec.classNames,
      training,
      labels: plan.encoding,
      data: { train: options.data, validation: options.validation ?? null },
    };
    const monitor = validation ? 'val_loss' : 'loss';
    const history = new History(monitor, resumed ? { epochs: resumed.state.history, best: resumed.state.best } : undefined);
    const stop = options.stop ?? { requested: false };
    const callbacks: Callback[] = [];
    if (options.progress) callbacks.push(new Progress(options.progress));
    callbacks.push(history);
    const metaFile = { path: 'graphc.json', data: `${JSON.stringify(meta, null, 2)}\n` };
    if (out) callbacks.push(new Checkpoint(tf, model, out, history, { epochs, seed, batchSize }, [metaFile]));
    callbacks.push(...(options.callbacks ?? []));
    const result = await fitDataset(tf, model, data, {
      epochs,
      batchSize,
      seed,
      validation,
      plan,
      names,
      callbacks,
      stop,
      ...(resumed ? { start: resumed.state.position } : {}),
    });
    if (out && history.epochs.length > 0) {
      writeFilesAtomically(out, [
        { path: 'history.json', data: `${JSON.stringify(history.toJson(), null, 2)}\n` },
        { path: 'history.png', data: await historyPng(history.epochs) },
      ]);
    }
    return { ...result, tf, model, history, runtime: selected.name, meta, out };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

function loadCheckpointOrFail(out: string): ReturnType<typeof readCheckpoint> {
  try {
    return readCheckpoint(out);
  } catch (e) {
    throw fail('GC6009', [out, (e as Error).message]);
  }
}

/** The paths a run left in `out`: the current and best checkpoints' model.json (through the pointer; null before the first save), the history and its plot. */
export function outputFiles(out: string): { model: string | null; best: string | null; history: string; plot: string } {
  const at = (folder: string | null): string | null => (folder ? join(folder, 'model.json') : null);
  return { model: at(currentCheckpointFolder(out)), best: at(bestCheckpointFolder(out)), history: join(out, 'history.json'), plot: join(out, 'history.png') };
}
