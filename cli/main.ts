/**
 * The `graphc` command line: `(argv, io) => exit code`, so tests run it in-process. Argument
 * parsing is commander's (cli/run-commands.ts); every command lives in `commands/` and is loaded
 * through the registry only when it runs.
 */
import type { CliIo } from './io.js';
import { COMMANDS } from './registry.js';
import { runCommands } from './run-commands.js';

/** Runs the CLI; resolves to the exit code. Never throws for bad input. */
export function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  return runCommands(argv, rawIo, COMMANDS);
}
