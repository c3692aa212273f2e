/**
 * Every `graphc` command, in help order. A command's module is imported only when that command
 * runs (or for `--help`, which lists them all), so `graphc --version` loads none of them and
 * `graphc validate` never loads the diagram renderers or TensorFlow.js. Adding a command is one
 * line here: its name and the import of the function that registers it.
 */
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { selectCommands } from './run-commands.js';

/** Adds one command to the program; `setCode` records its exit code. */
export type RegisterCommand = (program: Command, io: CliIo, setCode: (code: number) => void) => void;

/** A command known by name before its module is loaded. */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** Registered commands, in help order. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', load: async () => (await import('./commands/validate.js')).registerValidate },
  { name: 'summary', load: async () => (await import('./commands/summary.js')).registerSummary },
  { name: 'build', load: async () => (await import('./commands/build.js')).registerBuild },
  { name: 'diagram', load: async () => (await import('./commands/diagram.js')).registerDiagram },
  { name: 'run', load: async () => (await import('./commands/run.js')).registerRun },
  // Training (issue 11)
  { name: 'train', load: async () => (await import('./commands/train.js')).registerTrain },
  { name: 'evaluate', load: async () => (await import('./commands/evaluate.js')).registerEvaluate },
  { name: 'predict', load: async () => (await import('./commands/predict.js')).registerPredict },
  // Language server (issue 13)
  { name: 'lsp', load: async () => (await import('./commands/lsp.js')).registerLsp },
];

/**
 * The commands an invocation needs: the one its first word names, none for a bare `--version`,
 * else every one (program help lists them all; a misspelt command gets a suggestion).
 */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  return selectCommands(argv, COMMANDS);
}
