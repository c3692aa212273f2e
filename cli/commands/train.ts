/**
 * `graphc train FILE --data TRAIN [--epochs N] [--batch-size N] [--validation DATA |
 * --validation-split F] [--out DIR] [--seed N] [--resume] [--weights PATH [--allow-missing] [--skip GLOB]]`: the seed's
 * `model.fit`, from the command line. Thin: options are checked here, the work is `train/`.
 * Exit codes: 0 done, 1 bad model/data, 2 bad usage, 130 stopped by Ctrl-C (checkpoint saved).
 */
import { dirname, relative } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics } from '../load-model.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import { modelOptionsOf } from '../model-options.js';
import { backendOption, dataKeysOf, dataOptionsOf, printable, report, reportTrainError, splitTrainingSets, type DataCommandOptions } from '../train-options.js';
import { intOption } from '../run-settings.js';

/** Options of `graphc train`, as commander hands them over. */
export interface TrainCommandOptions extends DataCommandOptions {
  readonly data: string;
  readonly epochs?: string;
  readonly validation?: string;
  readonly validationSplit?: string;
  readonly out?: string;
  readonly seed?: string;
  readonly resume?: boolean;
  readonly jsonl?: boolean;
}

/** Exit code of a run Ctrl-C stopped (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Trains; resolves to the exit code. */
export async function trainCommand(file: string, options: TrainCommandOptions, io: CliIo): Promise<number> {
  const json = options.json === true;
  const epochs = intOption('epochs', options.epochs, 1, 1, 100_000);
  const batchSize = options.batchSize === undefined ? undefined : intOption('batch-size', options.batchSize, 32, 1, 65_536);
  const seed = options.seed === undefined ? undefined : intOption('seed', options.seed, 0, 0, 2 ** 32 - 1);
  let split: number | undefined;
  if (options.validationSplit !== undefined) {
    split = Number(options.validationSplit);
    if (!(split > 0 && split < 1)) throw new UsageError(`--validation-split must be a fraction between 0 and 1, got \`${options.validationSplit}\``);
    if (options.validation !== undefined) throw new UsageError('give --validation DATA or --validation-split F, not both');
  }
  if (options.resume && options.weights) throw new UsageError('--resume continues the checkpoint in --out; --weights starts a new run: give one');
  const backend = backendOption(options.backend);
  const sets = splitTrainingSets(options.set ?? [], null);
  const loaded = loadModel(file, { ...options, set: sets.model }, io);
  if (!loaded.ok) return loaded.code;
  const graph = loaded.result.graph!;
  const training = splitTrainingSets(options.set ?? [], graph.training).training;
  const out = options.out ?? `runs/${graph.name}`;
  const say = json ? io.err : io.out;
  const tty = io.tty?.err === true && !json ? process.stderr : null;
  const stop = { requested: false };
  const { outputFiles, train } = await import('../../train/train.js');
  const { POINTER_FILE } = await import('../../train/checkpoint-store.js');
  const { StopOnInterrupt } = await import('../../train/interrupt.js');
  try {
    const result = await train({
      graph,
      program: loaded.result.program,
      data: options.data,
      keys: dataKeysOf(options),
      validation: options.validation ?? null,
      ...(split !== undefined ? { validationSplit: split } : {}),
      epochs,
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(seed !== undefined ? { seed } : {}),
      out,
      resume: options.resume === true,
      weights: options.weights ?? null,
      weightsAllowMissing: options.allowMissing === true,
      weightsSkip: options.skip ?? [],
      training,
      backend,
      stop,
      progress: { write: say, tty, jsonl: options.jsonl ? io.out : null },
      callbacks: [new StopOnInterrupt(stop, io.err)],
      onWarnings: (warnings) => printDiagnostics(io, warnings, new SourceFiles()),
    });
    const best = result.history.best;
    if (json) {
      report(io, { model: graph.name, out, runtime: result.runtime, interrupted: result.interrupted, next: result.position, ...(result.history.toJson() as object) });
    } else {
      const where = result.interrupted ? `stopped before batch ${result.position.batch + 1} of epoch ${result.position.epoch + 1}; continue with --resume` : 'done';
      const files = outputFiles(out);
      const folderOf = (modelJson: string | null): string => printable(modelJson ? relative(out, dirname(modelJson)) : '');
      io.out(`${where}: model in ${printable(out)}/${files.model ? `${folderOf(files.model)}/` : ''} (model.json, weights.bin, optimizer state; ${POINTER_FILE} names it)`);
      if (best && files.best) io.out(`; best epoch ${best.epoch + 1} (${best.monitor} ${best.value.toFixed(4)}) in ${printable(out)}/${folderOf(files.best)}/`);
      io.out(`; history.json, history.png [tfjs ${result.runtime}]\n`);
    }
    result.model.dispose();
    return result.interrupted ? EXIT_INTERRUPTED : EXIT.ok;
  } catch (e) {
    return reportTrainError(e, io, json);
  }
}

/** Registers `train`. */
export function registerTrain(program: Command, io: CliIo, setCode: (code: number) => void): void {
  dataOptionsOf(modelOptionsOf(program.command('train').description('train a model on a data set (HDF5, .npz/.npy, image folders), with checkpoints').argument('<file>', 'model file')))
    .requiredOption('--data <path>', 'training data: .h5 (SIGNS layout), .npz, .npy, or a folder of class subfolders of images')
    .option('--epochs <n>', 'total epochs, counting those of a resumed run (default 1)')
    .option('--batch-size <n>', 'samples per step (default 32)')
    .option('--validation <path>', 'validation data, same formats as --data')
    .option('--validation-split <fraction>', 'validate on the last fraction of --data instead')
    .option('--out <dir>', 'checkpoints, history and the trained model (default runs/<model name>)')
    .option('--seed <n>', 'seed of the per-epoch shuffles (default 0)')
    .option('--resume', 'continue the checkpoint in --out exactly where it stopped')
    .option('--jsonl', 'stream one JSON record per epoch on stdout')
    .action(async (file: string, opts: TrainCommandOptions) => {
      setCode(await trainCommand(file, opts, io));
    });
}
