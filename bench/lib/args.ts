/** Command-line helpers shared by the bench scripts. */

/** A positive integer flag value; throws a usage message otherwise. */
export function intFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a non-negative integer, not \`${value}\``);
  return n;
}

/** A comma-separated list flag value, each item checked against `allowed`. */
export function listFlag<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw new Error(`--${name}: unknown \`${item}\` (use ${allowed.join(', ')})`);
  }
  return items as T[];
}

/** Progress and notes go to stderr; stdout carries only the markdown report. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Runs a bench's main function: usage errors exit 2, failures exit 1, both with one message. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`bench: ${message}\n`);
      process.exit(message.startsWith('--') || message.startsWith('bad case') ? 2 : 1);
    },
  );
}
