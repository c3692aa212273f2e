/** Printing diagnostics at the CLI's edge, without loading the compiler pipeline. */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { renderDiagnostics, type SourceFiles } from '../compiler/diagnostics/render.js';
import type { CliIo } from './io.js';

/** Prints diagnostics as text on stderr, or, with `--json`, puts them in the run's JSON document. */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[], files: SourceFiles): void {
  if (diagnostics.length === 0) return;
  if (io.report) io.report.addDiagnostics(diagnostics, files);
  else io.err(`${renderDiagnostics(diagnostics, files)}\n`);
}
