/**
 * Commands beyond validate/summary register here (build, diagram, run), each from its own file,
 * so adding a command is one import and one line.
 */
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { registerBuild } from './commands/build.js';
import { registerDiagram } from './commands/diagram.js';
import { registerRun } from './commands/run.js';
// Language server (issue 13)
import { registerLsp } from './commands/lsp.js';

/** Adds one command to the program; `setCode` records its exit code. */
export type RegisterCommand = (program: Command, io: CliIo, setCode: (code: number) => void) => void;

/** Registered commands, in help order. */
export const COMMANDS: readonly RegisterCommand[] = [registerBuild, registerDiagram, registerRun, registerLsp];
