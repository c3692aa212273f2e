/**
 * Ctrl-C (SIGINT) and SIGTERM, handled alike: whatever is registered to undo (temporary files of
 * a write in progress, a file watcher; see `io/interrupts.ts`) runs, a one-line note goes to
 * stderr, and the process exits 130 or 143 (the shell's 128 + signal number, what a
 * signal-killed process reports). A training run registered with `deferInterrupt` takes the
 * first SIGINT instead (it stops after the current batch and saves).
 *
 * Signals are process-wide, so this is the one piece of process-level state the CLI keeps; the
 * entry point (`cli/graphc.ts`) installs the handlers.
 */
import { runDeferrals, runInterruptCleanups } from '../io/interrupts.js';
import { EXIT } from './io.js';


/** Installs the SIGINT and SIGTERM handlers of the `graphc` process. */
export function installSignalHandlers(write: (text: string) => void): void {
  const handle = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    if (signal === 'SIGINT' && runDeferrals()) return;
    runInterruptCleanups();
    write(`graphc: interrupted (${signal})\n`);
    process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
  };
  process.on('SIGINT', handle('SIGINT'));
  process.on('SIGTERM', handle('SIGTERM'));
}
