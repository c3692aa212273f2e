/**
 * Root errors instead of cascades. When a block's `let` asks `$shape(input)` and the shape is
 * unknown, it is usually because an earlier layer cannot be built (a Concatenate of mismatched
 * shapes, a cycle): the expansion stops at the `$shape`, so the shape pass that would name the
 * real mistake never runs. Here the layers expanded so far go through the later checks with a
 * scratch sink; the shape and cycle errors they find are the roots. They are reported instead of
 * the follow-on "shape is not known" errors, which each root lists as a note.
 */
import { type Diagnostic, DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Expansion } from '../expand/raw.js';
import { inferShapes } from '../shapes/infer-shapes.js';
import { linkNames } from './link-names.js';
import { topoOrder } from './topo-order.js';

/** Codes that can make a later `$shape(x)` unknown: a cycle, or a layer whose shape fails. */
const ROOT_CODES = new Set(['GC4003', 'GC5001', 'GC5002', 'GC5003', 'GC5004', 'GC5005']);

/** Notes listed per root; the rest are counted. */
const MAX_NOTES = 3;

/**
 * Replaces follow-on `unknown-shape` errors by the root errors of the partial expansion, or
 * returns the diagnostics unchanged when no root is found (then the follow-ons are the news).
 */
export function reportRootCauses(diagnostics: readonly Diagnostic[], expansion: Expansion | null, meta: Parameters<typeof inferShapes>[2]): Diagnostic[] {
  const followOns = diagnostics.filter((d) => d.cause === 'unknown-shape' && d.span);
  if (followOns.length === 0 || !expansion) return [...diagnostics];
  const scratch = new DiagnosticSink();
  const linked = linkNames(expansion, scratch);
  const order = topoOrder(linked, scratch);
  if (order) inferShapes(linked, order, meta, scratch);
  const roots = scratch.all().filter((d) => ROOT_CODES.has(d.code));
  if (roots.length === 0) return [...diagnostics];
  const shown = followOns.slice(0, MAX_NOTES).map((d) => ({
    span: d.span!,
    message: `because of this, ${d.message.replace(/^cannot evaluate: /, '')}${d.instances > 1 ? ` (in ${d.instances} instances)` : ''}`,
  }));
  const more = followOns.length - shown.length;
  const notes = more > 0 && shown.length > 0 ? [...shown, { span: shown[shown.length - 1]!.span, message: `and ${more} more error(s) that follow from it` }] : shown;
  const withNotes = roots.map((r, i) => (i === 0 ? { ...r, related: [...r.related, ...notes] } : r));
  return [...withNotes, ...diagnostics.filter((d) => d.cause !== 'unknown-shape')];
}
