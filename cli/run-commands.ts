/**
 * The command line's engine: parses `argv` with commander against a command table and resolves
 * to the exit code. cli/main.ts runs it with every command; cli/compile-only.ts with `validate`
 * and `summary` alone (so its bundle holds no other command). Never imports the registry's table.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError, edgeIo, type CliIo, type ColourFlag } from './io.js';
import { makeDiagnostic } from '../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../compiler/diagnostics/render.js';
import { JsonReport, wantsJson } from './json-report.js';
import { printDiagnostics } from './print-diagnostics.js';
import type { CommandEntry } from './registry.js';
import { graphcVersion } from '../compiler/package-info.js';
import { installCommand, MissingPackageError, missingPeerOf } from '../backends/optional-package.js';

/** `--no-color` / `--color` anywhere on the line (the last one wins), as commander will read them. */
function colourFlag(argv: readonly string[]): ColourFlag {
  let flag: ColourFlag = 'auto';
  for (const a of argv) {
    if (a === '--') break;
    if (a === '--no-color') flag = 'never';
    else if (a === '--color') flag = 'always';
  }
  return flag;
}

/** Runs the CLI with a given command table; resolves to the exit code. Never throws for bad input. */
export async function runCommands(argv: readonly string[], rawIo: CliIo, commands: readonly CommandEntry[]): Promise<number> {
  // Everything printed goes through the output edge: escaped, then coloured when wanted. The
  // colour flags are read before commander so that its own usage errors are painted alike.
  const report = wantsJson(argv) ? new JsonReport() : undefined;
  const io = edgeIo(rawIo, colourFlag(argv), report);
  const code = await dispatch(argv, io, commands);
  if (report) io.out(report.document(code));
  return code;
}

/** Usage errors look like every other diagnostic: GC0001 with the message (in the JSON document with --json). */
function usageError(io: CliIo, message: string): number {
  // As text, one line like commander's own usage errors (no closing count).
  if (io.report) printDiagnostics(io, [makeDiagnostic('GC0001', [message], null)], new SourceFiles());
  else io.err(`error GC0001: ${message}\n`);
  return EXIT.usage;
}

async function dispatch(argv: readonly string[], io: CliIo, commands: readonly CommandEntry[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('graphc')
    .description('Compile YAML model graphs to TensorFlow.js models, TypeScript, ONNX and diagrams.')
    .version(graphcVersion(), '-V, --version')
    .option('--no-color', 'never colour the output (also: the NO_COLOR environment variable)')
    .option('--color', 'colour the output even when it is not a terminal (also: FORCE_COLOR)')
    .exitOverride()
    .showHelpAfterError('(run graphc --help for usage)')
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Usage errors look like every other diagnostic: a code, then commander's sentence.
      outputError: (text, write) => {
        if (io.report) io.report.addDiagnostics([makeDiagnostic('GC0001', [text.replace(/^error: /, '').trim()], null)], new SourceFiles());
        else write(`error GC0001: ${text.replace(/^error: /, '')}`);
      },
    });
  const setCode = (c: number): void => {
    code = c;
  };
  try {
    for (const entry of selectCommands(argv, commands)) (await entry.load())(program, io, setCode);
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) return usageError(io, e.message);
    const missing = missingPeerOf(e);
    if (missing !== undefined) {
      const neededBy = e instanceof MissingPackageError ? e.neededBy : `\`graphc ${argv[0] ?? ''}\``;
      return reportMissing(io, missing, neededBy);
    }
    throw e;
  }
  return code;
}

/** GC0040 for an optional peer (tfjs, onnxruntime-node, ts-morph) the command needs. */
function reportMissing(io: CliIo, packageName: string, neededBy: string): number {
  const d = makeDiagnostic('GC0040', [neededBy, packageName], null, { hint: `install it beside graphc: ${installCommand(packageName)}` });
  printDiagnostics(io, [d], new SourceFiles());
  return EXIT.invalid;
}

/**
 * The commands an invocation needs from a table: the one its first word names, none for a bare
 * `--version`, else every one (program help lists them all; a misspelt command gets a suggestion).
 */
export function selectCommands(argv: readonly string[], table: readonly CommandEntry[]): readonly CommandEntry[] {
  const named = table.find((c) => c.name === argv[0]);
  if (named) return [named];
  if (argv.length > 0 && argv.every((a) => a === '--version' || a === '-V')) return [];
  return table;
}
