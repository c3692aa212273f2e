/**
 * The Ctrl-C callback: the first SIGINT asks the loop to stop after the current batch (the
 * checkpoint callback then saves); a second one exits at once, leaving the last complete
 * checkpoint (files are only ever renamed into place whole).
 */
import type { Callback, StopFlag } from './callbacks.js';

/** Installs a SIGINT handler for the length of a run. */
export class StopOnInterrupt implements Callback {
  private readonly handler = (): void => {
    if (this.stop.requested) process.exit(130);
    this.stop.requested = true;
    this.notify('\nstopping after this batch (Ctrl-C again to quit now)\n');
  };

  constructor(readonly stop: StopFlag, private readonly notify: (text: string) => void) {}

  onTrainBegin(): void {
    process.on('SIGINT', this.handler);
  }

  onTrainEnd(): void {
    process.removeListener('SIGINT', this.handler);
  }
}
