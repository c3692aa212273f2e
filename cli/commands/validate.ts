/** `graphc validate FILE...`: checks each file, reports every diagnostic, prints one line per file. */
import { EXIT, type CliIo } from '../io.js';
import { loadModel, type ModelOptions } from '../load-model.js';

/** Validates files; exit 1 if any is invalid, 2 if any could not be read. */
export function validateCommand(files: readonly string[], options: ModelOptions, io: CliIo): number {
  let code: number = EXIT.ok;
  const results: Record<string, unknown>[] = [];
  for (const file of files) {
    const loaded = loadModel(file, options, io);
    if (loaded.ok) {
      const g = loaded.result.graph!;
      results.push({ file, ok: true, name: g.name, layers: g.nodes.length, params: g.totals.params });
      if (!io.report) io.out(`${file}: ok (${g.name}, ${g.nodes.length} layers, ${g.totals.params.toLocaleString('en-US')} parameters)\n`);
    } else {
      results.push({ file, ok: false });
      code = Math.max(code, loaded.code);
    }
  }
  // `valid` lists the files that passed (kept from the first --json format); `files` has each one.
  io.report?.set({ valid: results.filter((r) => r.ok).map((r) => r.file), files: results });
  return code;
}
