/**
 * Turns diagnostics into text for a terminal (`file:line:col - error GC2001: ...`, the source
 * line, a caret under the span, the hint and the expansion trace) or into JSON for tools.
 * Offsets become line and column only here, at the edge, as eemeli/yaml does.
 */
import type { SourceSpan, Value } from '../ir.js';
import type { Diagnostic } from './diagnostic.js';

/** The text of every file a compilation read, by the name used in spans. */
export class SourceFiles {
  private readonly texts = new Map<string, string>();
  private readonly lineStarts = new Map<string, number[]>();

  /** Registers a file's text. */
  add(file: string, text: string): void {
    this.texts.set(file, text);
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts.set(file, starts);
  }

  /** The registered text of a file, if any. */
  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /** 1-based line and column of an offset (column counts UTF-16 units, as editors do). */
  position(file: string, offset: number): { line: number; col: number } {
    const starts = this.lineStarts.get(file);
    if (!starts) return { line: 1, col: 1 };
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
  }

  /** The text of a 1-based line without its newline. */
  line(file: string, line: number): string {
    const text = this.texts.get(file) ?? '';
    const starts = this.lineStarts.get(file) ?? [0];
    const start = starts[line - 1] ?? text.length;
    const next = starts[line];
    return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
  }

  /** `file:line:col` for a span. */
  location(span: SourceSpan): string {
    const { line, col } = this.position(span.file, span.start);
    return `${span.file}:${line}:${col}`;
  }
}

/** Short, stable rendering of an argument value for traces. */
export function formatValue(value: Value): string {
  return JSON.stringify(value) ?? 'null';
}

/** Traces longer than this show their innermost and outermost frames only. */
const MAX_TRACE_FRAMES = 8;

function renderFrame(d: Diagnostic, files: SourceFiles): string[] {
  const out: string[] = [];
  const frames = [...d.trace].reverse();
  const shown = frames.length > MAX_TRACE_FRAMES ? [...frames.slice(0, 3), null, ...frames.slice(-3)] : frames;
  for (const frame of shown) {
    if (frame === null) {
      out.push(`  ... ${frames.length - 6} more block calls ...`);
      continue;
    }
    const args = Object.entries(frame.args)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(', ');
    out.push(`  in block \`${frame.template}\` (${args}) called at ${files.location(frame.call)}`);
  }
  return out;
}

/** Makes control characters visible so a hostile source line cannot rewrite the terminal. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Widest source excerpt shown; longer lines are cut around the span. */
const MAX_SNIPPET = 120;

function renderSnippet(span: SourceSpan, files: SourceFiles): string[] {
  if (files.text(span.file) === undefined) return [];
  const { line, col } = files.position(span.file, span.start);
  const end = files.position(span.file, Math.max(span.start, span.end - 1));
  let source = files.line(span.file, line);
  let start = col - 1;
  let width = end.line === line ? Math.max(1, end.col - col + 1) : Math.max(1, source.length - start);
  if (source.length > MAX_SNIPPET) {
    // Keep some context before the span, and cut the rest with an ellipsis on either side.
    const from = Math.max(0, start - 40);
    const cut = source.slice(from, from + MAX_SNIPPET);
    source = `${from > 0 ? '…' : ''}${cut}${from + MAX_SNIPPET < source.length ? '…' : ''}`;
    start = start - from + (from > 0 ? 1 : 0);
    width = Math.max(1, Math.min(width, MAX_SNIPPET - (start - (from > 0 ? 1 : 0))));
  }
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  const prefix = visible(source.slice(0, start)).replace(/[^\t]/g, ' ');
  return [`${gutter} | ${visible(source)}`, `${pad} | ${prefix}${'^'.repeat(width)}`];
}

/** ` (in 12 instances)` for a diagnostic that stands for several reports, else nothing. */
export function instancesSuffix(d: Diagnostic): string {
  return d.instances > 1 ? ` (in ${d.instances} instances)` : '';
}

/** Renders one diagnostic as terminal text (no colour, no trailing newline). */
export function renderDiagnostic(d: Diagnostic, files: SourceFiles): string {
  const where = d.span ? `${files.location(d.span)} - ` : '';
  const lines = [`${where}${d.severity} ${d.code}: ${visible(d.message)}${instancesSuffix(d)}`];
  if (d.span) lines.push(...renderSnippet(d.span, files));
  if (d.hint) lines.push(`  hint: ${visible(d.hint)}`);
  lines.push(...renderFrame(d, files));
  for (const r of d.related) lines.push(`  note: ${visible(r.message)} at ${files.location(r.span)}`);
  return lines.join('\n');
}

/** Renders every diagnostic, separated by blank lines, with a closing count. */
export function renderDiagnostics(ds: readonly Diagnostic[], files: SourceFiles): string {
  if (ds.length === 0) return '';
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return `${ds.map((d) => renderDiagnostic(d, files)).join('\n\n')}\n\n${summary}`;
}

/** A diagnostic as plain JSON for `--json` output. */
export function diagnosticToJson(d: Diagnostic, files: SourceFiles): Record<string, unknown> {
  const pos = d.span ? files.position(d.span.file, d.span.start) : null;
  // The end is exclusive, as in an LSP range: the position just after the span's last character.
  const end = d.span ? files.position(d.span.file, Math.max(d.span.start, d.span.end)) : null;
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span?.file ?? null,
    line: pos?.line ?? null,
    column: pos?.col ?? null,
    endLine: end?.line ?? null,
    endColumn: end?.col ?? null,
    instances: d.instances,
    hint: d.hint,
    trace: d.trace.map((f) => ({ block: f.template, args: f.args, at: files.location(f.call) })),
    related: d.related.map((r) => ({ message: r.message, at: files.location(r.span) })),
  };
}
