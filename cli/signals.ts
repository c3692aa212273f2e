/**
 * Ctrl-C (SIGINT) and SIGTERM, handled alike: whatever is registered to undo (temporary files of
 * a write in progress, a file watcher) runs, a one-line note goes to stderr, and the process
 * exits 130 or 143 (the shell's 128 + signal number, what a signal-killed process reports).
 *
 * Signals are process-wide, so this is the one piece of process-level state the CLI keeps; the
 * entry point (`cli/graphc.ts`) installs the handlers, and code run in-process by tests only
 * registers and unregisters cleanups, which then never run.
 */
import { EXIT } from './io.js';

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

/** Installs the SIGINT and SIGTERM handlers of the `graphc` process. */
export function installSignalHandlers(write: (text: string) => void): void {
  const handle = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    if (signal === 'SIGINT' && deferrals.size > 0) {
      const pending = [...deferrals];
      deferrals.clear();
      for (const stop of pending) stop();
      return;
    }
    runInterruptCleanups();
    write(`graphc: interrupted (${signal})\n`);
    process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
  };
  process.on('SIGINT', handle('SIGINT'));
  process.on('SIGTERM', handle('SIGTERM'));
}
