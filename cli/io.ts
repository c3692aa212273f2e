/**
 * What a command may touch of the outside world: its output streams. The CLI is a function
 * `(argv, io) => exit code`, so tests run it in-process and read what it printed.
 */

/** Output sinks of one CLI run. */
export interface CliIo {
  /** Writes to standard output (results). */
  readonly out: (text: string) => void;
  /** Writes to standard error (diagnostics, progress). */
  readonly err: (text: string) => void;
}

/** Exit codes: 0 success, 1 the model is invalid (or a build failed), 2 bad usage. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** The process's own streams. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Raised inside a command for bad usage; the runner prints it and exits with 2. */
export class UsageError extends Error {}
