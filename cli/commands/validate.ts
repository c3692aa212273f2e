/** `graphc validate FILE...`: checks each file, reports every diagnostic, prints one line per file. */
import type { Command } from 'commander';
import { formatCount } from '../../compiler/summary.js';
import { EXIT, type CliIo } from '../io.js';
import { loadModel, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';

/** Validates files; exit 1 if any is invalid, 2 if any could not be read. */
export function validateCommand(files: readonly string[], options: ModelOptions, io: CliIo): number {
  let code: number = EXIT.ok;
  for (const file of files) {
    const loaded = loadModel(file, options, io);
    if (loaded.ok) {
      const g = loaded.result.graph!;
      if (!options.json) io.out(`${file}: ok (${g.name}, ${g.nodes.length} layers, ${formatCount(g.totals.params)} parameters)\n`);
    } else code = Math.max(code, loaded.code);
  }
  if (options.json && code === EXIT.ok) io.out(`${JSON.stringify({ valid: files })}\n`);
  return code;
}

/** Registers `validate`. */
export function registerValidate(program: Command, io: CliIo, setCode: (code: number) => void): void {
  modelOptionsOf(program.command('validate').description('check model files and report every problem').argument('<files...>', 'model files'))
    .action((files: string[], opts: ModelOptions) => {
      setCode(validateCommand(files, opts, io));
    });
}
