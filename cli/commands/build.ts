/**
 * `graphc build FILE [--out DIR] [--target a,b] [--set k=v] [--variant NAME]`: compiles once,
 * checks the model against what each selected target declares it can emit (the same check as
 * `validate --target`), then runs the targets that passed; without `--target`, every target.
 * The files of the targets that succeeded are written together, atomically; a target that was
 * refused or failed is reported with the layer's location, and the exit code is then 1.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import { MissingPackageError } from '../../backends/optional-package.js';
import { TargetError, type OutputFile } from '../../backends/target.js';
import { WEIGHTS_REQUEST, WeightsLoadError } from '../../weights/checkpoint.js';
import { safeFileStem } from '../../backends/safe-file-stem.js';
import { checkTargets, getTarget, targetNames, TARGETS } from '../../backends/targets.js';
import type { Graph } from '../../compiler/ir.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';
import { collectTargets, modelOptionsOf } from '../model-options.js';
import { watchCommand } from '../watch.js';
import { writeFilesAtomically } from '../../io/write-atomic.js';
import { weightsOptionsOf, weightsRequestOf, type WeightsOptions } from '../run-weights.js';

/** Options of `graphc build`. */
export interface BuildOptions extends ModelOptions, WeightsOptions {
  readonly out?: string;
  readonly target?: string | readonly string[];
  readonly [key: string]: unknown;
}

/** The targets that build the model's weights, and so read --weights. */
const WEIGHTED_TARGETS: ReadonlySet<string> = new Set(['tfjs', 'onnx', 'safetensors', 'keras-h5']);

/** Default output folder: `build/<model name>/`, the name made one safe folder name (never `..`). */
export function defaultOutDir(modelName: string): string {
  return join('build', safeFileStem(modelName));
}

/** Runs the build; resolves to the exit code. */
export async function buildCommand(file: string, options: BuildOptions, io: CliIo): Promise<number> {
  const { names, unknown } = targetNames(options.target);
  const explicit = options.target !== undefined && options.target.length > 0;
  if (options['optimize'] !== undefined && options['optimize'] !== 'none' && options['optimize'] !== 'inference') {
    throw new UsageError(`--optimize must be none or inference, got \`${String(options['optimize'])}\``);
  }
  if (unknown.length > 0) {
    throw new UsageError(`unknown target ${unknown.map((u) => `\`${u}\``).join(', ')}; the targets are ${TARGETS.map((t) => t.name).join(', ')}`);
  }
  const weights = weightsRequestOf(options);
  if (weights.problem) {
    printDiagnostics(io, [weights.problem], new SourceFiles());
    return EXIT.usage;
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
  const failed: Diagnostic[] = [];
  if (weights.request) {
    shared.set(WEIGHTS_REQUEST, weights.request);
    if (!names.some((n) => WEIGHTED_TARGETS.has(n))) io.err(`note: --weights applies to the ${[...WEIGHTED_TARGETS].join(', ')} targets, none of which is built\n`);
  }
  for (const name of names) {
    const target = getTarget(name)!;
    try {
      // The support checks come first; the TypeScript one drafts the module, which needs ts-morph.
      const refused = await checkTargets(graph!, program, [name]);
      if (refused.length > 0) {
        failed.push(...refused);
        continue;
      }
      const started = performance.now();
      const out = await target.emit({ graph: graph!, program: program!, file, options: targetOptions, log: (m) => io.err(`${m}\n`), shared });
      files.push(...out);
      io.err(`${name}: ${out.length} file(s) in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
    } catch (e) {
      if (e instanceof WeightsLoadError) {
        printDiagnostics(io, e.diagnostics, new SourceFiles());
        return e.usage ? EXIT.usage : EXIT.invalid;
      }
      // Without --target, `build` makes what the installed packages allow and says what it skipped.
      if (e instanceof MissingPackageError && !explicit) {
        skipped.push(makeDiagnostic('GC0041', [name, e.packageName], null, { hint: `to build it: ${e.installCommand}` }));
        continue;
      }
      if (!(e instanceof TargetError)) throw e;
      failed.push(targetFailure(graph!, e));
    }
  }
  printDiagnostics(io, skipped, new SourceFiles());
  let written: string[] = [];
  if (files.length > 0) {
    try {
      written = writeFilesAtomically(outDir, files);
    } catch (e) {
      printDiagnostics(io, [makeDiagnostic('GC0004', [outDir, (e as Error).message], null)], new SourceFiles());
      return EXIT.invalid;
    }
  }
  if (io.report) io.report.set({ out: outDir, files: written });
  else for (const path of written) io.out(`${path}\n`);
  // The targets that succeeded are written; the refused and failed ones are reported after them.
  printDiagnostics(io, failed, loaded.result.files);
  return failed.length > 0 ? EXIT.invalid : EXIT.ok;
}

/** A target's failure as a diagnostic, at the failing layer's source line when it is known. */
export function targetFailure(graph: Graph, e: TargetError): Diagnostic {
  const node = e.layer === null ? undefined : graph.nodes.find((n) => n.name === e.layer);
  if (!node) return makeDiagnostic('GC0005', [e.target, e.message], null, { hint: e.hint });
  return makeDiagnostic('GC0033', [e.target, node.op, node.name, e.message], node.origin.span, { hint: e.hint, trace: node.origin.trace });
}

/** Registers `build`. Targets add their own options through `targetOption`. */
export function registerBuild(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const cmd = weightsOptionsOf(modelOptionsOf(program.command('build').description('compile a model to every output (or --target ones)').argument('<file>', 'model file'))
    .option('--out <dir>', 'output folder (default build/<model name>/)'))
    .option('--target <names>', `targets to build, comma-separated or repeated: ${TARGETS.map((t) => t.name).join(', ')}`, collectTargets, [])
    .option('--backend <name>', 'tfjs runtime: auto, tensorflow, wasm or cpu', 'auto')
    .option('--optimize <mode>', 'none, or inference: fold BatchNorm, fuse activations, drop Dropout', 'none')
    .option('--watch', 'build again each time the model file is saved, until Ctrl-C')
    .action(async (file: string, opts: BuildOptions) => {
      setCode(opts['watch'] === true ? await watchCommand([file], () => buildCommand(file, opts, io), io, opts) : await buildCommand(file, opts, io));
    });
  void cmd;
}
