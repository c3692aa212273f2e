/**
 * The size budget of values the expression language builds, and the import of values from
 * outside the file (`--set`, the API). Doubling a string or a list in a chain of `let`s grows
 * exponentially, and every later pass (printing, comparing, code generation) walks values
 * recursively, so each value is measured as it is built and refused past the budget: a
 * diagnostic in microseconds instead of a V8 out-of-memory abort minutes later.
 */
import type { Value } from '../ir.js';
import { setKey, valueMap } from './helpers.js';

/** Largest value, in units: a string counts its characters, a list or map 1 plus its parts. */
export const MAX_VALUE_SIZE = 1_000_000;
/** Deepest nesting of lists and maps in one value (the YAML's own limit). */
export const MAX_VALUE_DEPTH = 200;

/** A value's size in budget units and its nesting depth (0 for a scalar). */
export interface Measure {
  readonly size: number;
  readonly depth: number;
}

// Values are immutable once built and share sub-values (`[a, a]`), so measures are cached per
// object: measuring stays linear in the distinct objects even when the unshared tree is huge.
const measured = new WeakMap<object, Measure>();

/** Measures a value; linear in its distinct parts. */
export function measure(v: Value): Measure {
  if (v === null || typeof v !== 'object') return { size: typeof v === 'string' ? Math.max(1, v.length) : 1, depth: 0 };
  const known = measured.get(v);
  if (known) return known;
  let size = 1;
  let depth = 0;
  const add = (x: Value, keyLength: number): void => {
    const m = measure(x);
    size += m.size + keyLength;
    depth = Math.max(depth, m.depth + 1);
  };
  if (Array.isArray(v)) for (const x of v as readonly Value[]) add(x, 0);
  else for (const [k, x] of Object.entries(v)) add(x, k.length);
  const m = { size, depth: Math.max(depth, 1) };
  measured.set(v, m);
  return m;
}

/** Why a value is over budget, as a catalogue code and its arguments; null when it fits. */
export type BudgetProblem = { readonly code: 'GC3010' | 'GC3011'; readonly args: readonly string[] };

/** Checks a measure (or a predicted size) against the budget. */
export function overBudget(m: Measure): BudgetProblem | null {
  if (m.size > MAX_VALUE_SIZE) return { code: 'GC3010', args: [m.size.toLocaleString('en-US'), MAX_VALUE_SIZE.toLocaleString('en-US')] };
  if (m.depth > MAX_VALUE_DEPTH) return { code: 'GC3011', args: [String(m.depth), String(MAX_VALUE_DEPTH)] };
  return null;
}

/**
 * Copies a value that came from outside the model file (a `--set` YAML value, an API
 * override) into a checked {@link Value}: refuses cycles (`&a [*a]`), non-finite numbers,
 * anything that is not JSON-like data, and anything over the budget; maps get no prototype.
 * Iterative, so a hostile depth cannot exhaust the stack before it is measured.
 */
export function importValue(input: unknown): { readonly value: Value } | { readonly problem: string } {
  type Job = { readonly from: unknown; readonly depth: number; readonly set: (v: Value) => void };
  let root: Value = null;
  const onPath = new Set<object>();
  const stack: (Job | { readonly leave: object })[] = [{ from: input, depth: 0, set: (v) => (root = v) }];
  let units = 0;
  while (stack.length > 0) {
    const job = stack.pop()!;
    if ('leave' in job) {
      onPath.delete(job.leave);
      continue;
    }
    const x = job.from;
    units++;
    if (x === null || x === undefined) job.set(null);
    else if (typeof x === 'boolean') job.set(x);
    else if (typeof x === 'number') {
      if (!Number.isFinite(x)) return { problem: `is not a finite number (${String(x)})` };
      job.set(x);
    } else if (typeof x === 'string') {
      units += x.length;
      job.set(x);
    } else if (typeof x === 'object') {
      if (onPath.has(x)) return { problem: 'is a cyclic value (an alias used inside its own anchor)' };
      if (job.depth >= MAX_VALUE_DEPTH) return { problem: `nests deeper than ${MAX_VALUE_DEPTH} levels` };
      onPath.add(x);
      stack.push({ leave: x });
      if (Array.isArray(x)) {
        const out: Value[] = new Array<Value>(x.length).fill(null);
        job.set(out);
        x.forEach((item: unknown, i) => stack.push({ from: item, depth: job.depth + 1, set: (v) => (out[i] = v) }));
      } else if (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null) {
        const out = valueMap();
        job.set(out);
        for (const [k, item] of Object.entries(x)) {
          units += k.length;
          stack.push({ from: item, depth: job.depth + 1, set: (v) => setKey(out, k, v) });
        }
      } else return { problem: 'is not plain data (a number, string, boolean, null, list or map)' };
    } else return { problem: `is not plain data (a ${typeof x})` };
    if (units > MAX_VALUE_SIZE) return { problem: `is larger than the value budget of ${MAX_VALUE_SIZE.toLocaleString('en-US')} units` };
  }
  return { value: root };
}
