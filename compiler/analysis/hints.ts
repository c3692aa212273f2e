/**
 * Inlay hints (each layer's output shape at the end of its line) and quick fixes (every
 * "did you mean" hint of a diagnostic becomes an edit).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceSpan } from '../ir.js';
import { formatShape } from '../ops/shape-math.js';
import type { Analysis } from './analyze.js';
import { allSteps, spanKey } from './steps.js';

/** A shape hint shown at an offset. */
export interface ShapeHint {
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** Shape hints for the layer steps that start within `[start, end)`. */
export function shapeHints(a: Analysis, start: number, end: number): ShapeHint[] {
  if (!a.program) return [];
  const out: ShapeHint[] = [];
  for (const v of allSteps(a.program)) {
    const step = v.step;
    if (step.kind !== 'op' || step.span.start < start || step.span.start >= end) continue;
    const nodes = a.nodesByStep.get(spanKey(step.span)) ?? [];
    if (nodes.length === 0) continue;
    const shapes = [...new Set(nodes.map((n) => formatShape(n.shape)))];
    const lineEnd = a.text.indexOf('\n', step.span.start);
    const offset = lineEnd < 0 ? a.text.length : a.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const label = shapes.length === 1 ? `→ ${shapes[0]}${nodes.length > 1 ? ` ×${nodes.length}` : ''}` : `→ ${shapes.length} shapes ×${nodes.length}`;
    out.push({ offset, label, tooltip: nodes.slice(0, 8).map((n) => `${n.name}: ${formatShape(n.shape)}`).join('\n') });
  }
  return out;
}

/** An edit that fixes a diagnostic. */
export interface QuickFix {
  readonly title: string;
  readonly span: SourceSpan;
  readonly newText: string;
}

/** The replacement a "did you mean `x`?" hint proposes for the diagnostic's span, or null. */
export function quickFixOf(d: Diagnostic, text: string): QuickFix | null {
  const m = d.hint ? /did you mean `([^`]+)`\?/.exec(d.hint) : null;
  if (!m || !d.span) return null;
  const old = text.slice(d.span.start, d.span.end);
  if (old === m[1] || old.length === 0 || old.includes('\n')) return null;
  return { title: `Change \`${old}\` to \`${m[1]}\``, span: d.span, newText: m[1]! };
}
