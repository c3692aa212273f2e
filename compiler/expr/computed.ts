/**
 * Reads YAML values that may compute: a string starting with `$` is one expression whose value
 * keeps its type (`$filters[0]`, `$s`); a string with `{...}` is a template whose value is text
 * (`res{stage}{block}_branch`); `$$` and `{{`/`}}` escape. Anything else is a constant.
 */
import type { SourceSpan, Value } from '../ir.js';
import type { YNode, YScalar } from '../parse.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { type Computed, type Expr, spanIn, type TextOrigin } from './ast.js';
import { MAX_EXPR_DEPTH, MAX_EXPR_LENGTH, parseExpression } from './parse-expr.js';
import { valueMap } from './helpers.js';

/**
 * Where each element of a constant list or map was written, for values that came from YAML
 * (a row of a `stages` table). Values are immutable and keep their identity through lookups,
 * so a type error about `$st.filters` can point at the row's `filters:` value, not only at the
 * use. A side table keyed by the value object: the values stay plain JSON-like data.
 */
const ELEMENT_SPANS = new WeakMap<object, ReadonlyMap<string | number, SourceSpan>>();

/** The span of element `key` of a constant list or map written in the YAML, if known. */
export function elementSpan(container: Value, key: string | number): SourceSpan | undefined {
  return container !== null && typeof container === 'object' ? ELEMENT_SPANS.get(container)?.get(key) : undefined;
}

function withSpans<T extends Value>(value: T, spans: readonly (readonly [string | number, SourceSpan])[]): T {
  if (value !== null && typeof value === 'object') ELEMENT_SPANS.set(value, new Map(spans));
  return value;
}

function originOf(node: YScalar): TextOrigin {
  return { span: node.span, textStart: node.verbatim ? node.contentStart : null };
}

function parseOrReport(text: string, base: number, origin: TextOrigin, sink: DiagnosticSink): Expr | null {
  const r = parseExpression(text, base);
  if (r.ok) return r.expr;
  const span = spanIn(origin, r.error.start, r.error.end);
  if (r.error.kind === 'too-long') sink.report('GC3004', [text.length, MAX_EXPR_LENGTH], span, { hint: 'split it into `let` entries' });
  else if (r.error.kind === 'too-deep') sink.report('GC3007', [MAX_EXPR_DEPTH], span);
  else sink.report('GC3001', [r.error.message], span);
  return null;
}

/** Splits a template into text and expression parts; null after reporting a syntax error. */
function parseTemplate(text: string, origin: TextOrigin, sink: DiagnosticSink): (string | Expr)[] | null {
  const parts: (string | Expr)[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i += 2;
    } else if (c === '}') {
      sink.report('GC3001', ['unmatched `}` in template (write `}}` for a literal brace)'], spanIn(origin, i, i + 1));
      return null;
    } else if (c === '{') {
      const close = text.indexOf('}', i + 1);
      if (close < 0) {
        sink.report('GC3001', ['unterminated `{` in template (write `{{` for a literal brace)'], spanIn(origin, i, text.length));
        return null;
      }
      const expr = parseOrReport(text.slice(i + 1, close), i + 1, origin, sink);
      if (!expr) return null;
      if (literal) parts.push(literal);
      literal = '';
      parts.push(expr);
      i = close + 1;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

/**
 * Analyses one string: `$expr`, a `{template}`, or a constant. Returns null after reporting a
 * syntax error.
 */
export function analyzeString(text: string, origin: TextOrigin, sink: DiagnosticSink): Computed | null {
  if (text.startsWith('$$')) {
    const rest = parseTemplate(text.slice(2), { ...origin, textStart: origin.textStart === null ? null : origin.textStart + 2 }, sink);
    if (!rest) return null;
    return { kind: 'template', parts: ['$', ...rest], origin };
  }
  if (text.startsWith('$')) {
    const expr = parseOrReport(text.slice(1), 1, origin, sink);
    return expr ? { kind: 'expr', expr, text: text.slice(1), origin } : null;
  }
  if (!text.includes('{') && !text.includes('}')) return { kind: 'const', value: text, origin };
  const parts = parseTemplate(text, origin, sink);
  if (!parts) return null;
  if (parts.every((p) => typeof p === 'string')) return { kind: 'const', value: parts.join(''), origin };
  return { kind: 'template', parts, origin };
}

/**
 * Analyses a whole YAML value for computing: strings as above, lists and maps element-wise.
 * A list or map with no computed element stays one constant.
 */
export function analyzeValue(node: YNode, sink: DiagnosticSink): ComputedValue | null {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') return analyzeString(node.value, originOf(node), sink);
    return { kind: 'const', value: node.value, origin: originOf(node) };
  }
  const origin: TextOrigin = { span: node.span, textStart: null };
  if (node.kind === 'seq') {
    const items = node.items.map((n) => analyzeValue(n, sink));
    if (items.some((x) => x === null)) return null;
    const ok = items as ComputedValue[];
    if (ok.every((x) => x.kind === 'const')) {
      return { kind: 'const', value: withSpans(ok.map((x) => (x as { value: Value }).value), node.items.map((n, i) => [i, n.span] as const)), origin };
    }
    return { kind: 'list', items: ok, origin };
  }
  const entries: [string, ComputedValue][] = [];
  for (const e of node.entries) {
    const v = analyzeValue(e.value, sink);
    if (!v) return null;
    entries.push([e.key, v]);
  }
  if (entries.every(([, v]) => v.kind === 'const')) {
    const value = valueMap(entries.map(([k, v]) => [k, (v as { value: Value }).value] as const));
    return { kind: 'const', value: withSpans(value, node.entries.map((e) => [e.key, e.value.span] as const)), origin };
  }
  return { kind: 'map', entries, origin };
}

/** A computed value that may be a list or map of computed values. */
export type ComputedValue =
  | Computed
  | { readonly kind: 'list'; readonly items: readonly ComputedValue[]; readonly origin: TextOrigin }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, ComputedValue])[]; readonly origin: TextOrigin };

export { MAX_EXPR_LENGTH };
