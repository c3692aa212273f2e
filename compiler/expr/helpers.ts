/**
 * The named helpers an expression may call. Each is a pure function of its arguments; the
 * table is closed (no user-defined functions), and every result is bounded in size.
 */
import type { Value } from '../ir.js';

/** Largest list a helper (`range`) or list repetition may produce. */
export const MAX_LIST_LENGTH = 100_000;

/** Thrown inside helpers and caught by the evaluator, which turns it into a diagnostic. */
export class EvalError extends Error {
  constructor(
    readonly code: 'GC3003' | 'GC3005',
    message: string,
  ) {
    super(message);
  }
}

/** Python-like type name, for messages. */
export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  return 'bool';
}

/** Python's `str()` for our values: ints without a decimal point, lists as `[1, 2]`. */
export function toStr(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? `'${x}'` : toStr(x))).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `'${k}': ${toStr(x)}`).join(', ')}}`;
}

/** Python truthiness. */
export function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function num(name: string, v: Value | undefined): number {
  if (typeof v !== 'number') throw new EvalError('GC3003', `${name}() needs a number, got ${v === undefined ? 'nothing' : typeName(v)}`);
  return v;
}

function list(name: string, v: Value | undefined): readonly Value[] {
  if (!Array.isArray(v)) throw new EvalError('GC3003', `${name}() needs a list, got ${v === undefined ? 'nothing' : typeName(v as Value)}`);
  return v as readonly Value[];
}

/** Python's round(): halves to even, as Keras code relies on. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Block letters: 0 → a, 25 → z, 26 → aa (bijective base 26). */
export function letter(i: number): string {
  if (!Number.isInteger(i) || i < 0) throw new EvalError('GC3005', `letter() needs an integer >= 0, got ${i}`);
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(97 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Keras's `_make_divisible` (MobileNet channel rounding). */
export function makeDivisible(v: number, divisor: number, minValue: number = divisor): number {
  if (divisor <= 0) throw new EvalError('GC3005', 'make_divisible() needs a positive divisor');
  let n = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (n < 0.9 * v) n += divisor;
  return n;
}

function minMax(name: string, args: readonly Value[], pick: (a: number, b: number) => number): number {
  const values = args.length === 1 ? list(name, args[0]) : args;
  if (values.length === 0) throw new EvalError('GC3005', `${name}() of an empty list`);
  return values.map((v) => num(name, v)).reduce((a, b) => pick(a, b));
}

function range(args: readonly Value[]): number[] {
  const [a, b, c] = args.map((v) => num('range', v));
  const [start, stop, step] = args.length === 1 ? [0, a!, 1] : [a!, b!, c ?? 1];
  if (step === 0) throw new EvalError('GC3005', 'range() step must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_LIST_LENGTH) throw new EvalError('GC3005', `range() of ${length} items is over the limit of ${MAX_LIST_LENGTH}`);
  return Array.from({ length }, (_, i) => start + i * step);
}

/**
 * Python's `items[lower:upper:step]`: negative bounds count from the end, bounds are clamped,
 * a negative step walks backwards (`[::-1]` reverses). The TypeScript backend's runtime has
 * the same function, so generated code slices as the compiler does.
 */
export function pythonSlice<T>(items: readonly T[], lower?: number | null, upper?: number | null, step?: number | null): T[] {
  const n = items.length;
  const by = step ?? 1;
  if (by === 0) throw new RangeError("slice step cannot be zero");
  const clamp = (i: number, low: number, high: number): number => (i < 0 ? Math.max(low, i + n) : Math.min(i, high));
  const out: T[] = [];
  if (by > 0) {
    const hi = upper === undefined || upper === null ? n : clamp(upper, 0, n);
    for (let i = lower === undefined || lower === null ? 0 : clamp(lower, 0, n); i < hi; i += by) out.push(items[i]!);
  } else {
    const hi = upper === undefined || upper === null ? -1 : clamp(upper, -1, n - 1);
    for (let i = lower === undefined || lower === null ? n - 1 : clamp(lower, -1, n - 1); i > hi; i += by) out.push(items[i]!);
  }
  return out;
}

interface Helper {
  readonly min: number;
  readonly max: number;
  readonly doc: string;
  readonly fn: (args: readonly Value[]) => Value;
}

/** Every helper, with its arity and a one-line description (the README lists these). */
export const HELPERS: Readonly<Record<string, Helper>> = {
  len: { min: 1, max: 1, doc: 'length of a list, string or map', fn: ([v]) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    throw new EvalError('GC3003', `len() needs a list, string or map, got ${typeName(v ?? null)}`);
  } },
  str: { min: 1, max: 1, doc: 'text of a value, as Python prints it', fn: ([v]) => toStr(v ?? null) },
  int: { min: 1, max: 1, doc: 'integer part of a number, or a number parsed from text', fn: ([v]) => {
    const n = typeof v === 'string' ? Number(v) : typeof v === 'boolean' ? Number(v) : num('int', v);
    if (!Number.isFinite(n)) throw new EvalError('GC3005', `int() cannot convert ${toStr(v ?? null)}`);
    return Math.trunc(n);
  } },
  float: { min: 1, max: 1, doc: 'number from a number or text', fn: ([v]) => {
    const n = typeof v === 'string' ? Number(v) : num('float', v);
    if (Number.isNaN(n)) throw new EvalError('GC3005', `float() cannot convert ${toStr(v ?? null)}`);
    return n;
  } },
  round: { min: 1, max: 2, doc: 'round half to even; round(x, n) to n decimals', fn: ([v, d]) => {
    const x = num('round', v);
    if (d === undefined) return roundHalfEven(x);
    const f = 10 ** num('round', d);
    return Math.round(x * f) / f;
  } },
  floor: { min: 1, max: 1, doc: 'largest integer <= x', fn: ([v]) => Math.floor(num('floor', v)) },
  ceil: { min: 1, max: 1, doc: 'smallest integer >= x', fn: ([v]) => Math.ceil(num('ceil', v)) },
  abs: { min: 1, max: 1, doc: 'absolute value', fn: ([v]) => Math.abs(num('abs', v)) },
  min: { min: 1, max: 16, doc: 'smallest of the arguments, or of one list', fn: (args) => minMax('min', args, Math.min) },
  max: { min: 1, max: 16, doc: 'largest of the arguments, or of one list', fn: (args) => minMax('max', args, Math.max) },
  sum: { min: 1, max: 1, doc: 'sum of a list of numbers', fn: ([v]) => list('sum', v).reduce<number>((a, x) => a + num('sum', x), 0) },
  range: { min: 1, max: 3, doc: 'range(n), range(a, b), range(a, b, step), as in Python', fn: range },
  letter: { min: 1, max: 1, doc: 'block letter: 0 → a, 1 → b, ..., 26 → aa', fn: ([v]) => letter(num('letter', v)) },
  make_divisible: { min: 2, max: 3, doc: "Keras's channel rounding: make_divisible(v, divisor, min_value=divisor)", fn: ([v, d, m]) =>
    makeDivisible(num('make_divisible', v), num('make_divisible', d), m === undefined || m === null ? undefined : num('make_divisible', m)) },
  join: { min: 1, max: 2, doc: "join(list, sep='') joins the items' text", fn: ([l, sep]) => {
    if (sep !== undefined && typeof sep !== 'string') throw new EvalError('GC3003', `join() separator must be a string, got ${typeName(sep)}`);
    return list('join', l).map((x) => toStr(x)).join(sep ?? '');
  } },
  reversed: { min: 1, max: 1, doc: 'the items of a list (or characters of a string) in reverse order', fn: ([v]) => {
    if (typeof v === 'string') return [...v].reverse().join('');
    return [...list('reversed', v)].reverse();
  } },
  column: { min: 2, max: 2, doc: "column(rows, key): the `key` of every map in a list, e.g. sum(column(stages[:i], 'n'))", fn: ([rows, key]) => {
    if (typeof key !== 'string') throw new EvalError('GC3003', `column() key must be a string, got ${typeName(key ?? null)}`);
    return list('column', rows).map((row, i) => {
      if (!isMapValue(row)) throw new EvalError('GC3003', `column() needs a list of maps, item ${i} is ${typeName(row)}`);
      if (!Object.hasOwn(row, key)) throw new EvalError('GC3005', `column(): item ${i} has no key \`${key}\``);
      return row[key]!;
    });
  } },
};

/**
 * A map value from entries, each defined as an own data property: a user key such as
 * `__proto__` is then an ordinary key, never the object's prototype (as `out[key] = v` would
 * make it). Readers look keys up with `Object.hasOwn`, so inherited names (`constructor`) are
 * never taken for user keys.
 */
export function valueMap<T = Value>(entries: Iterable<readonly [string, T]> = []): { [key: string]: T } {
  const out: { [key: string]: T } = {};
  for (const [k, v] of entries) setKey(out, k, v);
  return out;
}

/** `map[key] = value`, safe for any key (see {@link valueMap}). */
export function setKey<T>(map: { [key: string]: T }, key: string, value: T): void {
  // Plain assignment is safe for every key but `__proto__`, the one accessor a plain object
  // inherits (Object.prototype's other members are writable data properties, which assignment
  // shadows with an own property). defineProperty for every key would also be correct, but it
  // turns each map into a slow dictionary-mode object, a tenth of a compile's time.
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/** Narrows a value to a map (not a list, not null). */
export function isMapValue(v: Value | undefined): v is { readonly [key: string]: Value } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Narrows a value to a list. */
export function isListValue(v: Value | undefined): v is readonly Value[] {
  return Array.isArray(v);
}
