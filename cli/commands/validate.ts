/** `graphc validate FILE...`: checks each file, reports every diagnostic, prints one line per file. */
import type { Command } from 'commander';
import { formatCount } from '../../compiler/summary.js';
import { EXIT, type CliIo } from '../io.js';
import { loadModel, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';
import { watchCommand } from '../watch.js';

/** Validates files; exit 1 if any is invalid, 2 if any could not be read. */
export function validateCommand(files: readonly string[], options: ModelOptions, io: CliIo): number {
  let code: number = EXIT.ok;
  const results: Record<string, unknown>[] = [];
  for (const file of files) {
    const loaded = loadModel(file, options, io);
    if (loaded.ok) {
      const g = loaded.result.graph!;
      results.push({ file, ok: true, name: g.name, layers: g.nodes.length, params: g.totals.params });
      if (!io.report) io.out(`${file}: ok (${g.name}, ${g.nodes.length} layers, ${formatCount(g.totals.params)} parameters)\n`);
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
    .action(async (files: string[], opts: ModelOptions & { watch?: boolean }) => {
      if (opts.watch) setCode(await watchCommand(files, () => Promise.resolve(validateCommand(files, opts, io)), io, opts));
      else setCode(validateCommand(files, opts, io));
    });
}
