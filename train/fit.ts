/**
 * The training loop, deliberately small: for each epoch, the seeded order of that epoch; for each
 * batch, read, `trainOnBatch`, tell the callbacks; then validation and the epoch's figures.
 * Everything else (progress, checkpoints, history, Ctrl-C) is a callback.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { batchesOf, epochOrder } from '../data/batch-order.js';
import type { Dataset } from '../data/dataset.js';
import { emit, type Callback, type EpochLogs, type Position, type StopFlag } from './callbacks.js';
import { evaluateDataset } from './evaluate.js';
import { inputTensor, targetTensor, type TensorPlan } from './tensors.js';

type Tf = typeof TfModule;

/** Options of {@link fitDataset}. */
export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Seed of the per-epoch shuffles; epoch e's order depends on (seed, e) only. */
  readonly seed: number;
  readonly shuffle?: boolean;
  readonly validation?: Dataset | null;
  readonly plan: TensorPlan;
  /** `loss` and metric names (Keras spelling), matching tfjs's outputs of trainOnBatch. */
  readonly names: readonly string[];
  readonly callbacks?: readonly Callback[];
  /** Where to start (a resumed run); default the very beginning. */
  readonly start?: Position;
  readonly stop?: StopFlag;
}

/** How the run ended. */
export interface FitResult {
  readonly interrupted: boolean;
  /** Where the next run would continue. */
  readonly position: Position;
  /** The figures of each epoch this run completed. */
  readonly epochs: readonly { readonly epoch: number; readonly logs: EpochLogs }[];
}

/** Trains a compiled `model` on `data`. The model must have been compiled (loss, optimizer). */
export async function fitDataset(tf: Tf, model: TfModule.LayersModel, data: Dataset, options: FitOptions): Promise<FitResult> {
  const callbacks = options.callbacks ?? [];
  const stop = options.stop ?? { requested: false };
  const perEpoch = Math.ceil(data.length / options.batchSize);
  let position: Position = options.start ?? { epoch: 0, batch: 0, sums: {}, seen: 0 };
  await emit(callbacks, 'onTrainBegin', {
    epochs: options.epochs,
    initialEpoch: position.epoch,
    initialBatch: position.batch,
    batchesPerEpoch: perEpoch,
    batchSize: options.batchSize,
    samples: data.length,
    validationSamples: options.validation?.length ?? 0,
    names: options.names,
  });
  const done: { epoch: number; logs: EpochLogs }[] = [];
  let interrupted = false;
  for (let epoch = position.epoch; epoch < options.epochs && !interrupted; epoch++) {
    const batches = batchesOf(epochOrder(data.length, options.seed, epoch, options.shuffle !== false), options.batchSize);
    const sums: Record<string, number> = { ...position.sums };
    let seen = position.seen;
    if (position.batch === 0) await emit(callbacks, 'onEpochBegin', epoch);
    for (let b = position.batch; b < batches.length; b++) {
      const samples = data.read(batches[b]!);
      const x = inputTensor(tf, samples, options.plan);
      const y = targetTensor(tf, samples, options.plan);
      let out: number | number[];
      try {
        out = await model.trainOnBatch(x, y);
      } finally {
        x.dispose();
        y.dispose();
      }
      const list = Array.isArray(out) ? out : [out];
      const values: Record<string, number> = {};
      options.names.forEach((name, i) => {
        values[name] = list[i]!;
        sums[name] = (sums[name] ?? 0) + list[i]! * samples.count;
      });
      seen += samples.count;
      await emit(callbacks, 'onBatchEnd', epoch, b, { size: samples.count, values });
      // On the cpu backend every await above resolves as a microtask, so the event loop would
      // never run: yield once per batch, or a SIGINT handler (and a progress redraw) never fires.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stop.requested && b + 1 < batches.length) {
        position = { epoch, batch: b + 1, sums, seen };
        interrupted = true;
        break;
      }
    }
    if (interrupted) break;
    const logs: Record<string, number> = {};
    for (const name of options.names) logs[name] = sums[name]! / seen;
    if (options.validation) {
      const v = await evaluateDataset(tf, model, options.validation, options.batchSize, options.plan, options.names, false);
      for (const name of options.names) logs[`val_${name}`] = v.values[name]!;
    }
    position = { epoch: epoch + 1, batch: 0, sums: {}, seen: 0 };
    done.push({ epoch, logs });
    await emit(callbacks, 'onEpochEnd', epoch, logs);
    // Ctrl-C during the last batch of an epoch stops at the epoch boundary.
    if (stop.requested && epoch + 1 < options.epochs) interrupted = true;
  }
  if (interrupted) await emit(callbacks, 'onInterrupt', position);
  await emit(callbacks, 'onTrainEnd', { interrupted, position });
  return { interrupted, position, epochs: done };
}
