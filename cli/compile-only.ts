/**
 * The compile-only commands, `validate` and `summary`, as their own entry point. The build makes
 * it one CommonJS file (dist/cli/compile-only.cjs) that the bin runs through V8's code cache
 * (cli/code-cache.cjs), so a `graphc validate` does not parse and compile graphc's JavaScript
 * anew in every process. It holds nothing that loads an optional package (the build stubs the
 * backends' lazy imports, which these commands never reach); every other command, and `--help`,
 * runs from the ES module build.
 */
import { processIo } from './io.js';
import { runAsProcess } from './process-entry.js';
import type { CommandEntry } from './registry.js';
import { runCommands } from './run-commands.js';
import { registerSummary } from './commands/summary.js';
import { registerValidate } from './commands/validate.js';

/** The commands this entry runs; the bin sends it nothing else. */
export const COMPILE_ONLY: readonly CommandEntry[] = [
  { name: 'validate', load: () => Promise.resolve(registerValidate) },
  { name: 'summary', load: () => Promise.resolve(registerSummary) },
];

/** Runs one compile-only command line as the process; resolves to the exit code, never rejects. */
export function main(argv: readonly string[]): Promise<number> {
  return runAsProcess(() => runCommands(argv, processIo, COMPILE_ONLY));
}
