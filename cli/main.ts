/**
 * The `graphc` command line: `(argv, io) => exit code`, so tests run it in-process. Argument
 * parsing is commander's; every command lives in `commands/`.
 */
import { Command, CommanderError } from 'commander';
import { summaryCommand } from './commands/summary.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { collectTargets, modelOptionsOf as modelOptions } from './model-options.js';
import { COMMANDS } from './registry.js';


/** Runs the CLI; resolves to the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('graphc')
    .description('Compile YAML model graphs to TensorFlow.js models, TypeScript, ONNX and diagrams.')
    .version('0.1.0', '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run graphc --help for usage)')
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Usage errors look like every other diagnostic: a code, then commander's sentence.
      outputError: (text, write) => write(`error GC0001: ${text.replace(/^error: /, '')}`),
    });

  modelOptions(program.command('validate').description('check model files and report every problem').argument('<files...>', 'model files'))
    .option('--target <names>', 'also check what these targets can emit (comma-separated or repeated)', collectTargets, [])
    .action(async (files: string[], opts) => {
      code = await validateCommand(files, opts, io);
    });
  modelOptions(program.command('summary').description('print the layer table, parameter and MAC counts').argument('<file>', 'model file'))
    .action((file: string, opts) => {
      code = summaryCommand(file, opts, io);
    });
  for (const register of COMMANDS) {
    register(program, io, (c) => {
      code = c;
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`error GC0001: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}
