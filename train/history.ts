/**
 * The History callback: every epoch's figures, kept for `history.json`, the plot, the best
 * epoch and the checkpoint's record (so a resumed run's history is the whole run's).
 */
import type { Callback, EpochLogs } from './callbacks.js';

/** One epoch's figures. */
export interface EpochRecord {
  readonly epoch: number;
  readonly logs: EpochLogs;
}

/** The best epoch by the monitored figure. */
export interface Best {
  readonly epoch: number;
  readonly monitor: string;
  readonly value: number;
}

/** Figures where lower is better; others (accuracy, auc, ...) are maximised. */
const LOWER_IS_BETTER = /loss|error$/;

/** Records epochs; `improved` tells the checkpoint callback whether the last one is the best. */
export class History implements Callback {
  readonly epochs: EpochRecord[];
  best: Best | null;
  /** True after onEpochEnd when that epoch became the best. */
  improved = false;

  constructor(readonly monitor: string, previous: { epochs: readonly EpochRecord[]; best: Best | null } = { epochs: [], best: null }) {
    this.epochs = [...previous.epochs];
    this.best = previous.best;
  }

  onEpochEnd(epoch: number, logs: EpochLogs): void {
    this.epochs.push({ epoch, logs });
    const value = logs[this.monitor];
    this.improved = false;
    if (value === undefined || !Number.isFinite(value)) return;
    const lower = LOWER_IS_BETTER.test(this.monitor);
    if (this.best === null || (lower ? value < this.best.value : value > this.best.value)) {
      this.best = { epoch, monitor: this.monitor, value };
      this.improved = true;
    }
  }

  /** `history.json`: Keras's `history.history` (a list per figure) plus the per-epoch records. */
  toJson(): object {
    const names = [...new Set(this.epochs.flatMap((e) => Object.keys(e.logs)))];
    const history: Record<string, number[]> = {};
    for (const n of names) history[n] = this.epochs.map((e) => e.logs[n] ?? Number.NaN);
    return { epochs: this.epochs.map((e) => e.epoch + 1), history, best: this.best && { ...this.best, epoch: this.best.epoch + 1 } };
  }
}
