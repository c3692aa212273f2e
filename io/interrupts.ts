/**
 * What a Ctrl-C (SIGINT) or SIGTERM must undo or do, registered by whoever is in the middle of
 * something: temporary files of a write in progress, a file watcher, a training run that stops
 * itself after the current batch. Only the registries live here, below `cli/` and `train/`;
 * the process's signal handlers are installed by the CLI entry point (`cli/signals.ts`), and
 * code run in-process by tests only registers and unregisters, so its cleanups never run.
 */

const cleanups = new Set<() => void>();

/** Registers work to undo if the process is interrupted; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

/** Runs every registered cleanup once (each guarded: one failing must not stop the others). */
export function runInterruptCleanups(): void {
  for (const c of [...cleanups]) {
    cleanups.delete(c);
    try {
      c();
    } catch {
      // Best effort: the process is going away; a file that cannot be removed is cleaned at the next build.
    }
  }
}

// Training (issue 11): a run that stops itself cleanly on Ctrl-C (after the current batch, saving a
// checkpoint) takes the first SIGINT; a second one exits as usual.
const deferrals = new Set<() => void>();

/** While registered, the first SIGINT calls `stop` instead of exiting; returns the unregister function. */
export function deferInterrupt(stop: () => void): () => void {
  deferrals.add(stop);
  return () => void deferrals.delete(stop);
}

/**
 * Calls and forgets every registered deferral; returns false when there was none (the signal
 * should then end the process). The next SIGINT finds none and exits.
 */
export function runDeferrals(): boolean {
  if (deferrals.size === 0) return false;
  const pending = [...deferrals];
  deferrals.clear();
  for (const stop of pending) stop();
  return true;
}
