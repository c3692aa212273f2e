/**
 * `--watch` for `graphc build` and `graphc validate`: run once, then again each time a watched
 * file is saved, until Ctrl-C (or SIGTERM). Saves are debounced (an editor's write-rename-touch
 * is one change), a run never overlaps the previous one (a change during a run schedules one more
 * run after it), and errors are printed and the watch goes on. Watching is chokidar's, which
 * follows editors that save by writing a new file and renaming it over the old one. graphc model
 * files include no other files, so the watched set is the files named on the command line.
 */
import { UsageError, type CliIo } from './io.js';
import { onInterrupt } from '../io/interrupts.js';

/** How long after the last change a run starts. */
export const WATCH_DEBOUNCE_MS = 150;

/** Options of {@link watchAndRerun}. */
export interface WatchOptions {
  /** Stops the watch (tests; the CLI stops on a signal). */
  readonly stop?: AbortSignal;
}

/**
 * Runs `run` now and after every change to `files`; resolves with 0 once stopped (the run's own
 * exit codes are reported on stderr, not returned: a failing model does not end the watch).
 */
export async function watchAndRerun(files: readonly string[], run: () => Promise<number>, io: CliIo, options: WatchOptions = {}): Promise<number> {
  // Loaded here, not at the top: `validate` and `build` without --watch never need chokidar.
  const { watch } = await import('chokidar');
  const watcher = watch([...files], { ignoreInitial: true, persistent: true, atomic: true });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const cycle = async (): Promise<void> => {
    do {
      again = false;
      const code = await run();
      io.err(`[watch] ${code === 0 ? 'done' : `failed (exit ${code})`}; waiting for changes to ${files.join(', ')} (Ctrl-C to stop)\n`);
    } while (again && !stopped);
    running = null;
  };
  const schedule = (path: string): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      io.err(`[watch] ${path} changed\n`);
      if (running) again = true;
      else running = cycle();
    }, WATCH_DEBOUNCE_MS);
  };
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  watcher.on('change', schedule).on('add', schedule).on('unlink', schedule);
  watcher.on('error', (e) => io.err(`[watch] ${e instanceof Error ? e.message : String(e)}\n`));
  running = cycle();
  // In the CLI nothing aborts: a signal runs the cleanup and exits (130/143) from cli/signals.ts.
  const unregister = onInterrupt(() => void watcher.close());
  await new Promise<void>((done) => {
    const finish = (): void => {
      stopped = true;
      if (timer) clearTimeout(timer);
      done();
    };
    if (options.stop?.aborted) finish();
    else options.stop?.addEventListener('abort', finish, { once: true });
  });
  unregister();
  await watcher.close();
  if (running) await running;
  return 0;
}

/** A command's `--watch`: refused with `--json` (one document cannot hold a report per run). */
export async function watchCommand(files: readonly string[], run: () => Promise<number>, io: CliIo, options: { readonly json?: boolean }): Promise<number> {
  if (options.json) throw new UsageError('--watch prints a report for every run; --json prints one document: use one or the other');
  return watchAndRerun(files, run, io, io.stop ? { stop: io.stop } : {});
}
