/**
 * `graphc build FILE [--out DIR] [--target a,b] [--set k=v] [--variant NAME]`: compiles once and
 * runs each selected target; without `--target`, every target. All files are written together,
 * atomically, after every target succeeded.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import { MissingPackageError } from '../../backends/optional-package.js';
import { TargetError, type OutputFile } from '../../backends/target.js';
import { safeFileStem } from '../../backends/safe-file-stem.js';
import { getTarget, TARGETS } from '../../backends/targets.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';
import { watchCommand } from '../watch.js';
import { writeFilesAtomically } from '../write-atomic.js';

/** Options of `graphc build`. */
export interface BuildOptions extends ModelOptions {
  readonly out?: string;
  readonly target?: string;
  readonly [key: string]: unknown;
}

/** Default output folder: `build/<model name>/`, the name made one safe folder name (never `..`). */
export function defaultOutDir(modelName: string): string {
  return join('build', safeFileStem(modelName));
}

/** Runs the build; resolves to the exit code. */
export async function buildCommand(file: string, options: BuildOptions, io: CliIo): Promise<number> {
  const explicit = options.target !== undefined;
  const names = options.target ? options.target.split(',').map((s) => s.trim()).filter(Boolean) : TARGETS.map((t) => t.name);
  if (options['optimize'] !== undefined && options['optimize'] !== 'none' && options['optimize'] !== 'inference') {
    throw new UsageError(`--optimize must be none or inference, got \`${String(options['optimize'])}\``);
  }
  const unknown = names.filter((n) => !getTarget(n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown target ${unknown.map((u) => `\`${u}\``).join(', ')}; the targets are ${TARGETS.map((t) => t.name).join(', ')}`);
  }
  const loaded = loadModel(file, options, io);
  if (!loaded.ok) return loaded.code;
  const { graph, program } = loaded.result;
  const outDir = options.out ?? defaultOutDir(graph!.name);
  const files: OutputFile[] = [];
  const targetOptions: Record<string, string | boolean | undefined> = {};
  const shared = new Map<string, unknown>();
  const skipped: Diagnostic[] = [];
  for (const [k, v] of Object.entries(options)) if (typeof v === 'string' || typeof v === 'boolean') targetOptions[k] = v;
  for (const name of names) {
    const target = getTarget(name)!;
    try {
      const started = performance.now();
      const out = await target.emit({ graph: graph!, program: program!, file, options: targetOptions, log: (m) => io.err(`${m}\n`), shared });
      files.push(...out);
      io.err(`${name}: ${out.length} file(s) in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
    } catch (e) {
      // Without --target, `build` makes what the installed packages allow and says what it skipped.
      if (e instanceof MissingPackageError && !explicit) {
        skipped.push(makeDiagnostic('GC0041', [name, e.packageName], null, { hint: `to build it: ${e.installCommand}` }));
        continue;
      }
      if (!(e instanceof TargetError)) throw e;
      printDiagnostics(io, [makeDiagnostic('GC0005', [e.target, e.message], null, { hint: e.hint })], new SourceFiles());
      return EXIT.invalid;
    }
  }
  printDiagnostics(io, skipped, new SourceFiles());
  try {
    const written = writeFilesAtomically(outDir, files);
    if (io.report) io.report.set({ out: outDir, files: written });
    else for (const path of written) io.out(`${path}\n`);
  } catch (e) {
    printDiagnostics(io, [makeDiagnostic('GC0004', [outDir, (e as Error).message], null)], new SourceFiles());
    return EXIT.invalid;
  }
  return EXIT.ok;
}

/** Registers `build`. Targets add their own options through `targetOption`. */
export function registerBuild(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const cmd = modelOptionsOf(program.command('build').description('compile a model to every output (or --target ones)').argument('<file>', 'model file'))
    .option('--out <dir>', 'output folder (default build/<model name>/)')
    .option('--target <names>', `comma-separated targets: ${TARGETS.map((t) => t.name).join(', ') || 'none yet'}`)
    .option('--backend <name>', 'tfjs runtime: auto, tensorflow, wasm or cpu', 'auto')
    .option('--optimize <mode>', 'none, or inference: fold BatchNorm, fuse activations, drop Dropout', 'none')
    .option('--watch', 'build again each time the model file is saved, until Ctrl-C')
    .action(async (file: string, opts: BuildOptions) => {
      setCode(opts['watch'] === true ? await watchCommand([file], () => buildCommand(file, opts, io), io, opts) : await buildCommand(file, opts, io));
    });
  void cmd;
}
