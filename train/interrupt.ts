/**
 * The Ctrl-C callback: the first SIGINT asks the loop to stop after the current batch (the
 * checkpoint callback then saves); a second one exits at once (the CLI's signal handler),
 * leaving the last complete checkpoint (files are only ever renamed into place whole).
 */
import { deferInterrupt } from '../io/interrupts.js';
import type { Callback, StopFlag } from './callbacks.js';

/** Installs a SIGINT handler for the length of a run. */
export class StopOnInterrupt implements Callback {
  private release: (() => void) | null = null;

  private readonly handler = (): void => {
    this.stop.requested = true;
    this.notify('\nstopping after this batch (Ctrl-C again to quit now)\n');
  };

  constructor(readonly stop: StopFlag, private readonly notify: (text: string) => void) {}

  onTrainBegin(): void {
    // The CLI's own handler (cli/signals.ts) calls this on the first Ctrl-C and exits 130 on the
    // second, after removing temporaries of a write in progress.
    this.release = deferInterrupt(this.handler);
  }

  onTrainEnd(): void {
    this.release?.();
    this.release = null;
  }
}
