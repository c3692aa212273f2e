/**
 * Runs a command line as the `graphc` process, for both entry points (cli/graphc.ts, the ES
 * module build; cli/compile-only.ts, the code-cached bundle): the signal handlers, the exit code,
 * and the one message a graphc bug gets.
 */
import { EXIT, terminalSafe } from './io.js';
import { installSignalHandlers } from './signals.js';

/** Runs `run`, sets `process.exitCode`, and resolves to the code. Never rejects. */
export async function runAsProcess(run: () => Promise<number>): Promise<number> {
  installSignalHandlers((text) => process.stderr.write(text));
  let code: number;
  try {
    code = await run();
  } catch (e) {
    // Only a graphc bug gets here: bad input is always a diagnostic.
    process.stderr.write(`graphc: internal error: ${terminalSafe(e instanceof Error ? (e.stack ?? e.message) : String(e))}\nPlease report this with the model file that caused it.\n`);
    code = EXIT.internal;
  }
  process.exitCode = code;
  return code;
}
