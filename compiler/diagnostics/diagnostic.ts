/**
 * Diagnostics: what the compiler reports instead of throwing, and the sink that collects them.
 */
import type { ExpansionFrame, SourceSpan } from '../ir.js';
import { type Code, formatMessage, severityOf, type Severity } from './catalogue.js';

/** Another place a diagnostic involves, e.g. the first definition of a duplicate. */
export interface RelatedLocation {
  readonly span: SourceSpan;
  readonly message: string;
}

/** One reported problem. */
export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly span: SourceSpan | null;
  readonly hint: string | null;
  readonly trace: readonly ExpansionFrame[];
  readonly related: readonly RelatedLocation[];
  /**
   * How many reports this one stands for: the same mistake at the same place, met once per
   * instance of a block or round of a loop, is reported once with the first instance's trace.
   */
  readonly instances: number;
  /** Set when the problem may follow from an earlier one (a `$shape(x)` that is unknown). */
  readonly cause?: DiagnosticCause;
  /** Line and column of the span's start and (exclusive) end, filled in once the source is known. */
  readonly range?: { readonly start: Position; readonly end: Position };
}

/** A 1-based line and column (UTF-16 units), as editors count. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Why a diagnostic may be a consequence of another: see the pipeline's root-cause search. */
export type DiagnosticCause = 'unknown-shape';

/** Optional parts of a report. */
export interface ReportExtras {
  readonly hint?: string | null;
  readonly trace?: readonly ExpansionFrame[];
  readonly related?: readonly RelatedLocation[];
  readonly cause?: DiagnosticCause;
}

/** Builds a diagnostic from the catalogue. */
export function makeDiagnostic(
  code: Code,
  args: readonly (string | number)[],
  span: SourceSpan | null,
  extras: ReportExtras = {},
): Diagnostic {
  return {
    code,
    severity: severityOf(code),
    message: formatMessage(code, args),
    span,
    hint: extras.hint ?? null,
    trace: extras.trace ?? [],
    related: extras.related ?? [],
    instances: 1,
    ...(extras.cause ? { cause: extras.cause } : {}),
  };
}

/** The key that makes two reports "the same mistake at the same place". */
function placeKey(d: Diagnostic): string {
  return d.span ? `${d.code}\u0000${d.span.file}\u0000${d.span.start}\u0000${d.span.end}` : `${d.code}\u0000${d.message}`;
}

/**
 * Collects diagnostics for one compilation. Passes report into it and keep going, so that all
 * errors of a stage surface together; the pipeline checks {@link hasErrors} between stages.
 */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  /** Index in {@link items} of the first report of each code and place. */
  private readonly places = new Map<string, number>();
  private errors = 0;

  /** Records a diagnostic built from the catalogue. */
  report(code: Code, args: readonly (string | number)[], span: SourceSpan | null, extras?: ReportExtras): void {
    this.add(makeDiagnostic(code, args, span, extras));
  }

  /** Records an already built diagnostic; a repeat of a code at the same place adds to its count. */
  add(diagnostic: Diagnostic): void {
    const key = placeKey(diagnostic);
    const at = this.places.get(key);
    if (at !== undefined) {
      const first = this.items[at]!;
      this.items[at] = { ...first, instances: first.instances + diagnostic.instances };
      return;
    }
    this.places.set(key, this.items.length);
    this.items.push(diagnostic);
    if (diagnostic.severity === 'error') this.errors++;
  }

  /** True when at least one error (not warning) was reported. */
  hasErrors(): boolean {
    return this.errors > 0;
  }

  /** Everything reported so far, in first-report order, one per code and place. */
  all(): readonly Diagnostic[] {
    return this.items;
  }
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, Damerau's
 * commonest typo), giving up past `limit`: two rows of the table, O(|a|·|b|) at worst.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * `did you mean "x"?` for a misspelling, or null when nothing is a near miss: the same word in
 * another case, a close edit (at most max(1, len/3) edits and never more than 3, so
 * `LayerNormalization` is not taken for `BatchNormalization`), or a prefix (`MaxPool` for
 * `MaxPooling2D`). Closest first, then shortest, then alphabetical, so the answer is stable.
 */
export function suggest(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score: number;
    if (c === lower) score = 0.5;
    else {
      const d = editDistance(word, candidate, limit);
      if (d <= limit) score = d;
      else if (lower.length >= 3 && (c.startsWith(lower) || lower.startsWith(c))) score = limit + 0.5;
      else continue;
    }
    const better = score < bestScore || (score === bestScore && best !== null && (candidate.length < best.length || (candidate.length === best.length && candidate < best)));
    if (better) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** The hint text for {@link suggest}'s answer, or null. */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  const s = suggest(word, candidates);
  return s === null ? null : `did you mean \`${s}\`?`;
}

/** A compact list of names for a hint: sorted, joined, cut after `max` with the count left. */
export function listNames(names: Iterable<string>, max = 60): string {
  const sorted = [...new Set(names)].sort();
  const shown = sorted.slice(0, max).join(', ');
  return sorted.length > max ? `${shown}, … (${sorted.length - max} more)` : shown;
}
