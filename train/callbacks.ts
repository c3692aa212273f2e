/**
 * The events of a training run, as Keras `fit` has them: every callback (progress, checkpoints,
 * history, Ctrl-C) sees the same train/epoch/batch events, in registration order.
 */

/** Figures of one batch: its size and the loss and metrics tfjs returned for it. */
export interface BatchLogs {
  readonly size: number;
  /** `loss`, then one entry per metric (`accuracy`, ...). */
  readonly values: Readonly<Record<string, number>>;
}

/** Figures of one epoch: sample-weighted means of the batches, and `val_*` after validation. */
export type EpochLogs = Readonly<Record<string, number>>;

/** What the run looks like, handed to {@link Callback.onTrainBegin}. */
export interface TrainInfo {
  readonly epochs: number;
  /** First epoch this run executes (0 unless resumed), and the batch within it. */
  readonly initialEpoch: number;
  readonly initialBatch: number;
  readonly batchesPerEpoch: number;
  readonly batchSize: number;
  readonly samples: number;
  readonly validationSamples: number;
  /** `loss` and the metric names, in tfjs's output order. */
  readonly names: readonly string[];
}

/** Where a run stopped: the next batch to run. `batch` 0 means the epoch had not started. */
export interface Position {
  readonly epoch: number;
  readonly batch: number;
  /** Running sums of the stopped epoch (sample-weighted), so a resumed epoch reports the same means. */
  readonly sums: Readonly<Record<string, number>>;
  readonly seen: number;
}

/** One training callback; every hook is optional and may be async. */
export interface Callback {
  onTrainBegin?(info: TrainInfo): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  onBatchEnd?(epoch: number, batch: number, logs: BatchLogs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: EpochLogs): void | Promise<void>;
  /** After a stop request was honoured between batches; `position` is where to resume. */
  onInterrupt?(position: Position): void | Promise<void>;
  onTrainEnd?(outcome: { readonly interrupted: boolean; readonly position: Position }): void | Promise<void>;
}

/** Asks the loop to stop after the current batch (Ctrl-C sets it). */
export interface StopFlag {
  requested: boolean;
}

/** Calls one hook on every callback, in order, awaiting each. */
export async function emit<K extends keyof Callback>(callbacks: readonly Callback[], hook: K, ...args: Parameters<NonNullable<Callback[K]>>): Promise<void> {
  for (const cb of callbacks) {
    const fn = cb[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
    if (fn) await fn.apply(cb, args);
  }
}
