/**
 * Evaluates expressions against a scope of named values. Pure: no I/O, no host objects, no
 * `eval`; every failure becomes a diagnostic at the sub-expression that caused it.
 */
import type { ExpansionFrame, SourceSpan, Value } from '../ir.js';
import type { Scope } from './scope.js';
import { type DiagnosticCause, didYouMean, type DiagnosticSink } from '../diagnostics/diagnostic.js';
import { type Computed, type Expr, spanIn, type TextOrigin } from './ast.js';
import { type ComputedValue, elementSpan } from './computed.js';
import { MAX_VALUE_SIZE, type Measure, measure, overBudget } from './budget.js';
import { EvalError, HELPERS, isMapValue, MAX_LIST_LENGTH, pythonSlice, setKey, toStr, truthy, typeName, valueMap } from './helpers.js';

export { Scope, type TensorShapes } from './scope.js';

class Failure extends Error {
  constructor(
    readonly code: 'GC3002' | 'GC3003' | 'GC3005' | 'GC3006' | 'GC3010' | 'GC3011',
    readonly args: readonly string[],
    readonly at: Expr,
    readonly hint: string | null = null,
    readonly follows: DiagnosticCause | null = null,
  ) {
    super(args.join(' '));
  }
}

function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i] as Value));
  if (isMapValue(a) && isMapValue(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return equal(ka, kb) && ka.every((k) => equal(a[k] as Value, b[k] as Value));
  }
  return false;
}

const BUDGET_HINT = 'a value may hold about a million list items, map entries or characters in all; build less, or compute it in parts';

/** Refuses a value (or a predicted measure) over the size budget, before it is built when predicted. */
function within<T extends Value>(v: T, at: Expr, predicted: Measure = measure(v)): T {
  const problem = overBudget(predicted);
  if (problem) throw new Failure(problem.code, problem.args, at, BUDGET_HINT);
  return v;
}

function finite(n: number, at: Expr): number {
  if (!Number.isFinite(n)) throw new Failure('GC3005', ['the result is not a finite number'], at);
  return n;
}

function arithmetic(op: string, l: Value, r: Value, at: Expr): Value {
  if (op === '+' && typeof l === 'string' && typeof r === 'string') {
    within('', at, { size: l.length + r.length, depth: 0 });
    return l + r;
  }
  if (op === '+' && Array.isArray(l) && Array.isArray(r)) {
    const a = measure(l);
    const b = measure(r);
    within([], at, { size: a.size + b.size - 1, depth: Math.max(a.depth, b.depth) });
    return [...l, ...r];
  }
  if (op === '*' && Array.isArray(l) && typeof r === 'number') {
    if (!Number.isInteger(r) || r * l.length > MAX_LIST_LENGTH) throw new Failure('GC3005', [`list repetition by ${r}`], at);
    const m = measure(l);
    within([], at, { size: 1 + Math.max(0, r) * (m.size - 1), depth: m.depth });
    return Array.from({ length: Math.max(0, r) }, () => l).flat();
  }
  if (typeof l !== 'number' || typeof r !== 'number') {
    const hint = op === '+' && (typeof l === 'string' || typeof r === 'string') ? 'convert with str(...), or write a template: "res{stage}"' : null;
    throw new Failure('GC3003', [`\`${op}\` cannot combine ${typeName(l)} and ${typeName(r)}`], at, hint);
  }
  if ((op === '/' || op === '//' || op === '%') && r === 0) throw new Failure('GC3005', ['division by zero'], at);
  switch (op) {
    case '+': return finite(l + r, at);
    case '-': return finite(l - r, at);
    case '*': return finite(l * r, at);
    case '/': return finite(l / r, at);
    case '//': return finite(Math.floor(l / r), at);
    case '%': return finite(((l % r) + r) % r, at);
    default: return finite(l ** r, at);
  }
}

function compare(op: string, l: Value, r: Value, at: Expr): boolean {
  if (op === '==') return equal(l, r);
  if (op === '!=') return !equal(l, r);
  if (op === 'in') {
    if (Array.isArray(r)) return r.some((x) => equal(x, l));
    if (typeof r === 'string' && typeof l === 'string') return r.includes(l);
    if (isMapValue(r)) return typeof l === 'string' && Object.hasOwn(r, l);
    throw new Failure('GC3003', [`\`in\` needs a list, string or map on the right, got ${typeName(r)}`], at);
  }
  const ok = (typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string');
  if (!ok) throw new Failure('GC3003', [`\`${op}\` cannot compare ${typeName(l)} and ${typeName(r)}`], at);
  const a = l as number | string;
  const b = r as number | string;
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function indexInto(object: Value, index: Value, at: Expr): Value {
  if (Array.isArray(object) || typeof object === 'string') {
    if (typeof index !== 'number' || !Number.isInteger(index)) throw new Failure('GC3003', [`an index must be an integer, got ${typeName(index)}`], at);
    const i = index < 0 ? object.length + index : index;
    if (i < 0 || i >= object.length) throw new Failure('GC3005', [`index ${index} is out of range for a ${typeName(object)} of length ${object.length}`], at);
    return object[i] as Value;
  }
  if (isMapValue(object)) {
    if (typeof index !== 'string') throw new Failure('GC3003', [`a map key must be a string, got ${typeName(index)}`], at);
    if (!Object.hasOwn(object, index)) throw new Failure('GC3005', [`the map has no key \`${index}\``], at, didYouMean(index, Object.keys(object)));
    return object[index] as Value;
  }
  throw new Failure('GC3003', [`cannot index a ${typeName(object)}`], at);
}

/** `shape(x)`: x names a tensor (a label, `input`, `_`), not a value, so it is not evaluated. */
function tensorShape(e: Expr & { kind: 'call' }, scope: Scope): Value {
  const arg = e.args[0];
  if (e.args.length !== 1 || !arg || (arg.kind !== 'name' && !(arg.kind === 'literal' && typeof arg.value === 'string'))) {
    throw new Failure('GC3003', ['shape() takes one tensor label, e.g. shape(input)'], e);
  }
  const name = arg.kind === 'name' ? arg.name : String(arg.value);
  const shape = scope.tensorShape(name);
  if (shape === undefined) throw new Failure('GC3005', [`there is no tensor \`${name}\` here for shape()`], arg, 'shape() reads a label given with `as`, `input` (the block input) or `_` (the previous step)');
  // Unknown because an earlier layer has a shape error (or a cycle): the pipeline looks for that root.
  if (shape === null) throw new Failure('GC3005', [`the shape of \`${name}\` is not known at this point`], arg, null, 'unknown-shape');
  return [...shape];
}

function evaluate(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'name': {
      const v = scope.lookup(e.name);
      if (v === undefined) throw new Failure('GC3002', [e.name], e, didYouMean(e.name, scope.names()));
      return v;
    }
    case 'list':
      return within(e.items.map((x) => evaluate(x, scope)), e);
    case 'unary': {
      const v = evaluate(e.arg, scope);
      if (e.op === 'not') return !truthy(v);
      if (typeof v !== 'number') throw new Failure('GC3003', [`cannot negate a ${typeName(v)}`], e);
      return -v;
    }
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') {
        const l = evaluate(e.left, scope);
        return (e.op === 'and') === truthy(l) ? evaluate(e.right, scope) : l;
      }
      const l = evaluate(e.left, scope);
      const r = evaluate(e.right, scope);
      if (['==', '!=', '<', '<=', '>', '>=', 'in'].includes(e.op)) return compare(e.op, l, r, e);
      return arithmetic(e.op, l, r, e);
    }
    case 'cond':
      return truthy(evaluate(e.test, scope)) ? evaluate(e.then, scope) : evaluate(e.otherwise, scope);
    case 'index':
      return indexInto(evaluate(e.object, scope), evaluate(e.index, scope), e);
    case 'slice': {
      const o = evaluate(e.object, scope);
      if (!Array.isArray(o) && typeof o !== 'string') throw new Failure('GC3003', [`cannot slice a ${typeName(o)}`], e);
      const bound = (b: Expr | null): number | undefined => {
        if (!b) return undefined;
        const v = evaluate(b, scope);
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new Failure('GC3003', [`a slice bound must be an integer, got ${typeName(v)}`], b);
        return v;
      };
      const lower = bound(e.lower);
      const upper = bound(e.upper);
      const step = bound(e.step);
      if (step === 0) throw new Failure('GC3005', ['slice step cannot be zero'], e.step!);
      if (step === undefined) return o.slice(lower, upper) as Value;
      return typeof o === 'string' ? pythonSlice([...o], lower, upper, step).join('') : pythonSlice(o as readonly Value[], lower, upper, step);
    }
    case 'attr': {
      const o = evaluate(e.object, scope);
      if (!isMapValue(o)) throw new Failure('GC3003', [`\`.${e.name}\` needs a map, got ${typeName(o)}`], e);
      return indexInto(o, e.name, e);
    }
    case 'call': {
      if (e.callee === 'shape') return tensorShape(e, scope);
      const helper = HELPERS[e.callee];
      if (!helper || !Object.hasOwn(HELPERS, e.callee)) throw new Failure('GC3006', [e.callee], e, didYouMean(e.callee, Object.keys(HELPERS)));
      if (e.args.length < helper.min || e.args.length > helper.max) {
        const want = helper.min === helper.max ? `${helper.min}` : `${helper.min} to ${helper.max}`;
        throw new Failure('GC3003', [`${e.callee}() takes ${want} argument(s), got ${e.args.length}`], e);
      }
      const args = e.args.map((a) => evaluate(a, scope));
      try {
        return within(helper.fn(args), e);
      } catch (err) {
        if (err instanceof EvalError) throw new Failure(err.code, [err.message], e);
        throw err;
      }
    }
  }
}

/**
 * Where the value of `$row.key` / `$list[i]` was written, when it is an element of a constant
 * table from the YAML; null otherwise. Only asked on the error path, so it re-evaluates.
 */
export function valueSource(c: ComputedValue, scope: Scope): SourceSpan | null {
  if (c.kind !== 'expr' || (c.expr.kind !== 'attr' && c.expr.kind !== 'index')) return null;
  try {
    const container = evaluate(c.expr.object, scope);
    const key = c.expr.kind === 'attr' ? c.expr.name : evaluate(c.expr.index, scope);
    if (typeof key === 'number' && Array.isArray(container) && key < 0) return elementSpan(container, container.length + key) ?? null;
    return typeof key === 'string' || typeof key === 'number' ? elementSpan(container, key) ?? null : null;
  } catch (err) {
    if (err instanceof Failure) return null;
    throw err;
  }
}

/** Evaluates a computed YAML value; on failure reports and returns undefined. */
export function evaluateComputed(
  c: Computed,
  scope: Scope,
  sink: DiagnosticSink,
  trace: readonly ExpansionFrame[],
): Value | undefined {
  try {
    if (c.kind === 'const') return c.value;
    if (c.kind === 'expr') return evaluate(c.expr, scope);
    let text = '';
    for (const p of c.parts) {
      const part = typeof p === 'string' ? p : toStr(evaluate(p, scope));
      if (text.length + part.length > MAX_VALUE_SIZE) {
        throw new Failure('GC3010', [(text.length + part.length).toLocaleString('en-US'), MAX_VALUE_SIZE.toLocaleString('en-US')], typeof p === 'string' ? { kind: 'literal', value: p, start: 0, end: 0 } : p, BUDGET_HINT);
      }
      text += part;
    }
    return text;
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    report(err, c.origin, sink, trace);
    return undefined;
  }
}

function report(err: Failure, origin: TextOrigin, sink: DiagnosticSink, trace: readonly ExpansionFrame[]): void {
  sink.report(err.code, err.args, spanIn(origin, err.at.start, err.at.end), { hint: err.hint, trace, ...(err.follows ? { cause: err.follows } : {}) });
}

/** A YAML list or map of computed parts, refused (reported) when the whole is over budget. */
function checked(v: Value, origin: TextOrigin, sink: DiagnosticSink, trace: readonly ExpansionFrame[]): Value | undefined {
  const problem = overBudget(measure(v));
  if (!problem) return v;
  sink.report(problem.code, problem.args, origin.span, { hint: BUDGET_HINT, trace });
  return undefined;
}

/** Evaluates a computed value, lists and maps element-wise; undefined after reporting. */
export function evaluateValue(
  c: ComputedValue,
  scope: Scope,
  sink: DiagnosticSink,
  trace: readonly ExpansionFrame[],
): Value | undefined {
  if (c.kind === 'list') {
    const items = c.items.map((x) => evaluateValue(x, scope, sink, trace));
    return items.some((x) => x === undefined) ? undefined : checked(items as Value[], c.origin, sink, trace);
  }
  if (c.kind === 'map') {
    const out = valueMap();
    for (const [k, v] of c.entries) {
      const x = evaluateValue(v, scope, sink, trace);
      if (x === undefined) return undefined;
      setKey(out, k, x);
    }
    return checked(out, c.origin, sink, trace);
  }
  return evaluateComputed(c, scope, sink, trace);
}
