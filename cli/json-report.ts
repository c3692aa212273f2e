/**
 * The `--json` contract: a command run with `--json` prints exactly one JSON document on stdout,
 * whatever happens (success, a bad model, bad usage, a failed target), and nothing else there.
 * Commands hand their result fields and diagnostics to this collector instead of printing; the
 * runner prints the document once, at the end:
 *
 * `{ "ok": bool, "exit_code": n, ...the command's fields, "diagnostics": [...] }`
 *
 * Progress lines still go to stderr, so a tool reading stdout sees one document.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { diagnosticToJson, type SourceFiles } from '../compiler/diagnostics/render.js';

/** Collects one command's JSON document. */
export class JsonReport {
  private readonly fields = new Map<string, unknown>();
  private readonly diagnostics: Record<string, unknown>[] = [];

  /** Adds diagnostics (errors and warnings), located with the files they point into. */
  addDiagnostics(ds: readonly Diagnostic[], files: SourceFiles): void {
    for (const d of ds) this.diagnostics.push(diagnosticToJson(d, files));
  }

  /** Sets result fields; later calls add to or replace earlier ones. */
  set(fields: Readonly<Record<string, unknown>>): void {
    for (const [k, v] of Object.entries(fields)) this.fields.set(k, v);
  }

  /** The document for an exit code, as text with a final newline. */
  document(exitCode: number): string {
    const doc: Record<string, unknown> = { ok: exitCode === 0, exit_code: exitCode };
    for (const [k, v] of this.fields) if (k !== 'ok' && k !== 'exit_code' && k !== 'diagnostics') doc[k] = v;
    doc['diagnostics'] = this.diagnostics;
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
}

/** True when the command line asks for JSON (`--json` before any `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}
