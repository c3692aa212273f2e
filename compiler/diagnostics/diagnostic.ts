/**
 * Diagnostics: what the compiler reports instead of throwing, and the sink that collects them.
 */
import { distance } from 'fastest-levenshtein';
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
}

/** Optional parts of a report. */
export interface ReportExtras {
  readonly hint?: string | null;
  readonly trace?: readonly ExpansionFrame[];
  readonly related?: readonly RelatedLocation[];
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
  };
}

/**
 * Collects diagnostics for one compilation. Passes report into it and keep going, so that all
 * errors of a stage surface together; the pipeline checks {@link hasErrors} between stages.
 */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];

  /** Records a diagnostic built from the catalogue. */
  report(code: Code, args: readonly (string | number)[], span: SourceSpan | null, extras?: ReportExtras): void {
    this.items.push(makeDiagnostic(code, args, span, extras));
  }

  /** Records an already built diagnostic. */
  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  /** True when at least one error (not warning) was reported. */
  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Everything reported so far, in report order. */
  all(): readonly Diagnostic[] {
    return this.items;
  }
}

/**
 * `did you mean "x"?` for a misspelling: the closest candidate within an edit distance that
 * scales with the word, or null when nothing is close enough to help.
 */
export function suggest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const candidate of [...candidates].sort()) {
    const d = candidate.toLowerCase() === word.toLowerCase() ? 0.5 : distance(word, candidate);
    if (d < bestDistance && d <= limit) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** The hint text for {@link suggest}'s answer, or null. */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  const s = suggest(word, candidates);
  return s === null ? null : `did you mean \`${s}\`?`;
}
