/**
 * `graphc validate FILE... [--target T]`: checks each file, reports every diagnostic, prints one
 * line per file. With `--target` (repeatable or a comma list) the model is also checked against
 * what each named target declares it can emit, so a layer a target cannot take is reported here,
 * at its source line, instead of failing halfway through `graphc build`.
 */
import { checkTargets, targetNames, TARGETS } from '../../backends/targets.js';
import { EXIT, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';

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
    io.err(`error GC0001: unknown target ${unknown.map((u) => `\`${u}\``).join(', ')}; the targets are ${TARGETS.map((t) => t.name).join(', ')}\n`);
    return EXIT.usage;
  }
  let code: number = EXIT.ok;
  for (const file of files) {
    const loaded = loadModel(file, options, io);
    if (!loaded.ok) {
      code = Math.max(code, loaded.code);
      continue;
    }
    const g = loaded.result.graph!;
    const refused = requested.length > 0 ? await checkTargets(g, loaded.result.program, names) : [];
    if (refused.length > 0) {
      printDiagnostics(io, refused, loaded.result.files, options.json === true);
      code = Math.max(code, EXIT.invalid);
      continue;
    }
    const against = requested.length > 0 ? ` for ${names.join(', ')}` : '';
    if (!options.json) io.out(`${file}: ok${against} (${g.name}, ${g.nodes.length} layers, ${g.totals.params.toLocaleString('en-US')} parameters)\n`);
  }
  if (options.json && code === EXIT.ok) io.out(`${JSON.stringify({ valid: files })}\n`);
  return code;
}
