/**
 * The Progress callback: on a terminal, a per-batch bar (cli-progress) with the running loss and
 * metrics, images/s and ETA; otherwise plain lines (a few per epoch, so logs stay short). Either
 * way one line per epoch with the epoch's figures and validation figures, and optionally one JSON
 * record per epoch (`--jsonl`).
 */
import type { SingleBar } from 'cli-progress';
import type { BatchLogs, Callback, EpochLogs, TrainInfo } from './callbacks.js';

/** `1 epoch`, `2 epochs`. */
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Where progress goes and how. */
export interface ProgressOptions {
  /** Human-readable lines (epoch lines, plain batch lines). */
  readonly write: (text: string) => void;
  /** The stream a bar draws on; null draws no bar (not a terminal). */
  readonly tty: NodeJS.WriteStream | null;
  /** One JSON document per epoch, on its own line; null for none. */
  readonly jsonl?: ((line: string) => void) | null;
  /** Plain batch lines; default true when there is no bar. */
  readonly batchLines?: boolean;
}

const fmt = (v: number | undefined): string => (v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4));

/** Formats figures as `loss 0.6931 accuracy 0.5000`. */
export function formatFigures(logs: Readonly<Record<string, number>>, names: readonly string[]): string {
  return names.filter((n) => logs[n] !== undefined).map((n) => `${n} ${fmt(logs[n])}`).join(' ');
}

/** Draws progress; see the module comment. */
export class Progress implements Callback {
  private info: TrainInfo | null = null;
  private bar: SingleBar | null = null;
  private epochStart = 0;
  private images = 0;
  private sums: Record<string, number> = {};
  private seen = 0;
  private barClass: typeof SingleBar | null = null;

  constructor(private readonly options: ProgressOptions) {}

  async onTrainBegin(info: TrainInfo): Promise<void> {
    this.info = info;
    if (this.options.tty) this.barClass = (await import('cli-progress')).default.SingleBar;
    const where = info.initialEpoch > 0 || info.initialBatch > 0 ? `, resuming at epoch ${info.initialEpoch + 1} batch ${info.initialBatch + 1}` : '';
    this.options.write(`training on ${plural(info.samples, 'sample')}${info.validationSamples ? `, validating on ${info.validationSamples}` : ''}: ${plural(info.epochs, 'epoch')} of ${plural(info.batchesPerEpoch, 'batch', 'batches')} of ${info.batchSize}${where}\n`);
  }

  onEpochBegin(epoch: number): void {
    this.start(epoch, 0);
  }

  private start(epoch: number, batch: number): void {
    const info = this.info!;
    this.epochStart = performance.now();
    this.images = 0;
    this.sums = {};
    this.seen = 0;
    if (this.barClass && this.options.tty) {
      this.bar = new this.barClass({
        stream: this.options.tty,
        format: `epoch ${epoch + 1}/${info.epochs} {bar} {value}/{total} {figures} {ips} img/s ETA {eta_formatted}`,
        barsize: 24,
        hideCursor: true,
        etaBuffer: 20,
        fps: 5,
      });
      this.bar.start(info.batchesPerEpoch, batch, { figures: '', ips: '-' });
    }
  }

  onBatchEnd(epoch: number, batch: number, logs: BatchLogs): void {
    const info = this.info!;
    if (this.seen === 0 && this.images === 0 && batch > 0 && !this.bar) this.start(epoch, batch);
    this.images += logs.size;
    this.seen += logs.size;
    for (const [k, v] of Object.entries(logs.values)) this.sums[k] = (this.sums[k] ?? 0) + v * logs.size;
    const running: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.sums)) running[k] = v / this.seen;
    const seconds = (performance.now() - this.epochStart) / 1000;
    const ips = seconds > 0 ? (this.images / seconds).toFixed(1) : '-';
    if (this.bar) {
      this.bar.update(batch + 1, { figures: formatFigures(running, info.names), ips });
      return;
    }
    const every = Math.max(2, Math.ceil(info.batchesPerEpoch / 4));
    if (this.options.batchLines !== false && (batch + 1) % every === 0 && batch + 1 < info.batchesPerEpoch) {
      this.options.write(`epoch ${epoch + 1}/${info.epochs} batch ${batch + 1}/${info.batchesPerEpoch} ${formatFigures(running, info.names)} ${ips} img/s\n`);
    }
  }

  onEpochEnd(epoch: number, logs: EpochLogs): void {
    const info = this.info!;
    this.bar?.stop();
    this.bar = null;
    const seconds = (performance.now() - this.epochStart) / 1000;
    const names = [...info.names, ...info.names.map((n) => `val_${n}`)];
    this.options.write(`epoch ${epoch + 1}/${info.epochs} ${formatFigures(logs, names)} (${seconds.toFixed(1)} s)\n`);
    this.options.jsonl?.(`${JSON.stringify({ epoch: epoch + 1, ...logs, seconds: Number(seconds.toFixed(3)) })}\n`);
  }

  onInterrupt(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
