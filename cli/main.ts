/**
 * The `graphc` command line: `(argv, io) => exit code`, so tests run it in-process. Argument
 * parsing is commander's; every command lives in `commands/` and is loaded through the registry
 * only when it runs.
 */
import { Command, CommanderError } from 'commander';
import { makeDiagnostic } from '../compiler/diagnostics/diagnostic.js';
import { diagnosticToJson, renderDiagnostics, SourceFiles } from '../compiler/diagnostics/render.js';
import { graphcVersion } from '../compiler/package-info.js';
import { installCommand, MissingPackageError, missingPeerOf } from '../backends/optional-package.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { commandsFor } from './registry.js';

/** Runs the CLI; resolves to the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('graphc')
    .description('Compile YAML model graphs to TensorFlow.js models, TypeScript, ONNX and diagrams.')
    .version(graphcVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run graphc --help for usage)')
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Usage errors look like every other diagnostic: a code, then commander's sentence.
      outputError: (text, write) => write(`error GC0001: ${text.replace(/^error: /, '')}`),
    });
  const setCode = (c: number): void => {
    code = c;
  };
  try {
    for (const entry of commandsFor(argv)) (await entry.load())(program, io, setCode);
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`error GC0001: ${e.message}\n`);
      return EXIT.usage;
    }
    const missing = missingPeerOf(e);
    if (missing !== undefined) {
      const neededBy = e instanceof MissingPackageError ? e.neededBy : `\`graphc ${argv[0] ?? ''}\``;
      return reportMissing(io, missing, neededBy, argv.includes('--json'));
    }
    throw e;
  }
  return code;
}

/** GC0040 for an optional peer (tfjs, onnxruntime-node, ts-morph) the command needs. */
function reportMissing(io: CliIo, packageName: string, neededBy: string, json: boolean): number {
  const d = makeDiagnostic('GC0040', [neededBy, packageName], null, { hint: `install it beside graphc: ${installCommand(packageName)}` });
  const files = new SourceFiles();
  if (json) io.out(`${JSON.stringify({ diagnostics: [diagnosticToJson(d, files)] }, null, 2)}\n`);
  else io.err(`${renderDiagnostics([d], files)}\n`);
  return EXIT.invalid;
}
