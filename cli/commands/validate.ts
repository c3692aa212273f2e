/**
 * `graphc validate FILE... [--target T]`: checks each file, reports every diagnostic, prints one
 * line per file. With `--target` (repeatable or a comma list) the model is also checked against
 * what each named target declares it can emit, so a layer a target cannot take is reported here,
 * at its source line, instead of failing halfway through `graphc build`.
 */
import type { Command } from 'commander';
import { formatCount } from '../../compiler/summary.js';
import { checkTargets, targetNames, TARGETS } from '../../backends/targets.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';
import { collectTargets, modelOptionsOf } from '../model-options.js';
import { watchCommand } from '../watch.js';

/** Options of `graphc validate`. */
export interface ValidateOptions extends ModelOptions {
  /** Targets to check against; none given means only the language checks. */
  readonly target?: readonly string[];
}

/** Validates files; exit 1 if any is invalid, 2 if any could not be read. */
export async function validateCommand(files: readonly string[], options: ValidateOptions, io: CliIo): Promise<number> {
  const requested = options.target ?? [];
  const { names, unknown } = targetNames(requested);
  if (unknown.length > 0) {
    throw new UsageError(`unknown target ${unknown.map((u) => `\`${u}\``).join(', ')}; the targets are ${TARGETS.map((t) => t.name).join(', ')}`);
  }
  let code: number = EXIT.ok;
  const results: Record<string, unknown>[] = [];
  for (const file of files) {
    const loaded = loadModel(file, options, io);
    const refused = loaded.ok && requested.length > 0 ? await checkTargets(loaded.result.graph!, loaded.result.program, names) : [];
    if (loaded.ok && refused.length > 0) {
      printDiagnostics(io, refused, loaded.result.files);
      results.push({ file, ok: false });
      code = Math.max(code, EXIT.invalid);
    } else if (loaded.ok) {
      const g = loaded.result.graph!;
      const against = requested.length > 0 ? ` for ${names.join(', ')}` : '';
      results.push({ file, ok: true, name: g.name, layers: g.nodes.length, params: g.totals.params });
      if (!io.report) io.out(`${file}: ok${against} (${g.name}, ${g.nodes.length} layers, ${formatCount(g.totals.params)} parameters)\n`);
    } else {
      results.push({ file, ok: false });
      code = Math.max(code, loaded.code);
    }
  }
  // `valid` lists the files that passed (kept from the first --json format); `files` has each one.
  io.report?.set({ valid: results.filter((r) => r.ok).map((r) => r.file), files: results });
  return code;
}

/** Registers `validate`. */
export function registerValidate(program: Command, io: CliIo, setCode: (code: number) => void): void {
  modelOptionsOf(program.command('validate').description('check model files and report every problem').argument('<files...>', 'model files'))
    .option('--watch', 'check again each time a file is saved, until Ctrl-C')
    .option('--target <names>', 'also check what these targets can emit (comma-separated or repeated)', collectTargets, [])
    .action(async (files: string[], opts: ValidateOptions & { watch?: boolean }) => {
      if (opts.watch) setCode(await watchCommand(files, () => validateCommand(files, opts, io), io, opts));
      else setCode(await validateCommand(files, opts, io));
    });
}
