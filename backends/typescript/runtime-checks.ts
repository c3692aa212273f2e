/**
 * Run-time conversions the generated file defines when a value's type is only known at build
 * time (a `map` parameter's field, a computed initializer): each checks the value as graphc's
 * evaluator would and returns it typed. Like `runtime.ts`, fixed text without template literals;
 * the only substitutions are the name tables of `tfjs-names.ts`, quoted with `quoteString`.
 */
import { INITIALIZERS } from '../../compiler/ops/attrs.js';
import { propertyKey, quoteString } from './quote.js';
import { TFJS_ACTIVATIONS, TFJS_DISTRIBUTIONS, TFJS_FAN_MODES } from './tfjs-names.js';

/** One helper: its source and the helpers it calls. */
export interface RuntimeHelper {
  readonly deps: readonly string[];
  readonly code: string;
}

/** Builds a table entry. */
export function helper(deps: readonly string[], code: string): RuntimeHelper {
  return { deps, code: code.trim() };
}

/** A table as an object literal (tfjs spellings are fixed identifiers, quoted all the same). */
function table(entries: { readonly [key: string]: string | null }): string {
  const body = Object.entries(entries)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${propertyKey(k)}: ${quoteString(v)}`)
    .join(', ');
  return `{ ${body} }`;
}

const CLASS_NAMES: { readonly [alias: string]: string } = Object.fromEntries(Object.entries(INITIALIZERS).map(([k, v]) => [k, v.className]));

/** Conversions by name; `runtime.ts` merges them into its table. */
export const CHECKS: { readonly [name: string]: RuntimeHelper } = {
  asNumber: helper(['Value', 'str'], String.raw`
/** Checks that a value is a number. */
function asNumber(v: Value): number {
  if (typeof v !== "number") throw new TypeError("expected a number, got " + str(v));
  return v;
}`),
  asString: helper(['Value', 'str'], String.raw`
/** Checks that a value is a string. */
function asString(v: Value): string {
  if (typeof v !== "string") throw new TypeError("expected a string, got " + str(v));
  return v;
}`),
  asBool: helper(['Value', 'str'], String.raw`
/** Checks that a value is true or false (conditions must be, as in graphc). */
function asBool(v: Value): boolean {
  if (typeof v !== "boolean") throw new TypeError("expected true or false, got " + str(v));
  return v;
}`),
  asList: helper(['Value', 'isList', 'str'], String.raw`
/** Checks that a value is a list. */
function asList(v: Value): readonly Value[] {
  if (!isList(v)) throw new TypeError("expected a list, got " + str(v));
  return v;
}`),
  asMap: helper(['Value', 'isMap', 'str'], String.raw`
/** Checks that a value is a map. */
function asMap(v: Value): { readonly [key: string]: Value } {
  if (!isMap(v)) throw new TypeError("expected a map, got " + str(v));
  return v;
}`),
  getField: helper(['Value'], String.raw`
/** A map's entry; a missing key is an error, as in graphc. */
function getField(m: { readonly [key: string]: Value }, key: string): Value {
  if (!Object.hasOwn(m, key)) throw new RangeError("the map has no key " + JSON.stringify(key));
  return m[key]!;
}`),
  pyIndex: helper(['Value', 'isMap', 'getField', 'asString', 'at', 'asNumber', 'asList'], String.raw`
/** v[i] for a value typed only at run time: a list or string by position, a map by key. */
function pyIndex(v: Value, i: Value): Value {
  if (isMap(v)) return getField(v, asString(i));
  if (typeof v === "string") return at(v, asNumber(i));
  return at(asList(v), asNumber(i));
}`),
  pySlice: helper(['Value', 'asList'], String.raw`
/** v[lo:hi] for a value typed only at run time. */
function pySlice(v: Value, lo?: number, hi?: number): Value {
  return typeof v === "string" ? v.slice(lo, hi) : asList(v).slice(lo, hi);
}`),
  pyStepSlice: helper(['Value', 'asList'], String.raw`
/** v[lo:hi:step] as Python slices: clamped bounds, a negative step walks backwards. */
function pyStepSlice<T extends Value>(v: readonly T[], lo: number | null, hi: number | null, step: number): T[];
function pyStepSlice(v: string, lo: number | null, hi: number | null, step: number): string;
function pyStepSlice(v: Value, lo: number | null, hi: number | null, step: number): Value;
function pyStepSlice(v: Value, lo: number | null, hi: number | null, step: number): Value {
  if (typeof v === "string") return pythonSlice([...v], lo, hi, step).join("");
  return pythonSlice(asList(v), lo, hi, step);
}

/** Python's items[lower:upper:step] (the compiler's own function, copied verbatim). */
function pythonSlice<T>(items: readonly T[], lower?: number | null, upper?: number | null, step?: number | null): T[] {
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
}`),
  pyReversed: helper(['Value', 'asList'], String.raw`
/** Python's reversed() of a list, or a string's characters reversed. */
function pyReversed(v: Value): Value {
  return typeof v === "string" ? [...v].reverse().join("") : [...asList(v)].reverse();
}`),
  pyLen: helper(['Value', 'isList', 'asMap'], String.raw`
/** Python's len() of a list, string or map. */
function pyLen(v: Value): number {
  if (typeof v === "string" || isList(v)) return v.length;
  return Object.keys(asMap(v)).length;
}`),
  pyArith: helper(['Value', 'isList', 'asNumber'], String.raw`
/** An arithmetic operator on values typed only at run time, with graphc's semantics. */
function pyArith(op: string, a: Value, b: Value): Value {
  if (op === "+" && typeof a === "string" && typeof b === "string") return a + b;
  if (op === "+" && isList(a) && isList(b)) return [...a, ...b];
  if (op === "*" && isList(a) && typeof b === "number") {
    const out: Value[] = [];
    for (let k = 0; k < b; k++) out.push(...a);
    return out;
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if ((op === "/" || op === "//" || op === "%") && y === 0) throw new RangeError("division by zero");
  if (op === "+") return x + y;
  if (op === "-") return x - y;
  if (op === "*") return x * y;
  if (op === "/") return x / y;
  if (op === "//") return Math.floor(x / y);
  if (op === "%") return ((x % y) + y) % y;
  return x ** y;
}`),
  pyCompare: helper(['Value', 'asNumber'], String.raw`
/** <, <=, >, >= on two numbers or two strings typed only at run time. */
function pyCompare(op: string, a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
  const x = asNumber(a);
  const y = asNumber(b);
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}`),
  pyIn: helper(['Value', 'isList', 'equal', 'asMap'], String.raw`
/** Python's in: an item of a list, a substring, or a key of a map. */
function pyIn(item: Value, container: Value): boolean {
  if (isList(container)) return container.some((x) => equal(x, item));
  if (typeof container === "string" && typeof item === "string") return container.includes(item);
  return typeof item === "string" && Object.hasOwn(asMap(container), item);
}`),
  pyInt: helper(['Value', 'asNumber', 'str'], String.raw`
/** Python's int(): the integer part of a number, or a number parsed from text. */
function pyInt(v: Value): number {
  const n = typeof v === "string" || typeof v === "boolean" ? Number(v) : asNumber(v);
  if (!Number.isFinite(n)) throw new RangeError("int() cannot convert " + str(v));
  return Math.trunc(n);
}`),
  pyFloat: helper(['Value', 'asNumber', 'str'], String.raw`
/** Python's float(): a number from a number or text. */
function pyFloat(v: Value): number {
  const n = typeof v === "string" ? Number(v) : asNumber(v);
  if (Number.isNaN(n)) throw new RangeError("float() cannot convert " + str(v));
  return n;
}`),
  oneOf: helper(['Value', 'str'], String.raw`
/** Checks that a value is one of a fixed set of strings (padding modes, dtypes). */
function oneOf<T extends string>(v: Value, choices: readonly T[]): T {
  const found = choices.find((c) => c === v);
  if (found === undefined) throw new RangeError("expected one of " + choices.join(", ") + ", got " + str(v));
  return found;
}`),
  asActivation: helper(['Value', 'asString'], String.raw`
/** A Keras activation name in tfjs's spelling. */
function asActivation(v: Value): (typeof ACTIVATIONS)[keyof typeof ACTIVATIONS] {
  const name = asString(v);
  if (!Object.hasOwn(ACTIVATIONS, name)) throw new RangeError("tfjs has no activation " + JSON.stringify(name));
  return ACTIVATIONS[name as keyof typeof ACTIVATIONS];
}

/** Keras activation names tfjs knows, in its spelling. */
const ACTIVATIONS = ${table(TFJS_ACTIVATIONS)} as const;`),
  pairOf: helper(['Value', 'asList', 'asNumber'], String.raw`
/** Two numbers from a list of two. */
function pairOf(v: Value): [number, number] {
  const items = asList(v);
  if (items.length !== 2) throw new RangeError("expected a list of two, got " + items.length + " items");
  return [asNumber(items[0]!), asNumber(items[1]!)];
}`),
  asPair: helper(['Value', 'pairOf'], String.raw`
/** A number or a list of two numbers (window sizes, strides). */
function asPair(v: Value): number | [number, number] {
  return typeof v === "number" ? v : pairOf(v);
}`),
  asPairList: helper(['Value', 'pairOf'], String.raw`
/** A number n (meaning [n, n]) or a list of two numbers, always as a list (UpSampling2D's size). */
function asPairList(v: Value): [number, number] {
  return typeof v === "number" ? [v, v] : pairOf(v);
}`),
  asPadding: helper(['Value', 'asList', 'pairOf'], String.raw`
/** ZeroPadding2D's padding: n, [rows, cols] or [[top, bottom], [left, right]]. */
function asPadding(v: Value): number | [number, number] | [[number, number], [number, number]] {
  if (typeof v === "number") return v;
  const items = asList(v);
  if (items.every((x) => typeof x === "number")) return pairOf(items);
  return [pairOf(items[0] ?? null), pairOf(items[1] ?? null)];
}`),
  asNumbers: helper(['Value', 'asList', 'asNumber'], String.raw`
/** A list of numbers. */
function asNumbers(v: Value): number[] {
  return asList(v).map(asNumber);
}`),
  asShape: helper(['Value', 'asList', 'asNumber'], String.raw`
/** A shape: numbers, null for an unknown dimension. */
function asShape(v: Value): (number | null)[] {
  return asList(v).map((d) => (d === null ? null : asNumber(d)));
}`),
  maybeNumber: helper(['Value', 'asNumber'], String.raw`
/** A number, or undefined for null (tfjs's way of leaving an argument out). */
function maybeNumber(v: Value): number | undefined {
  return v === null ? undefined : asNumber(v);
}`),
  asInitializer: helper(['Value', 'asMap', 'asString', 'getField', 'asNumber'], String.raw`
/** A tfjs initializer from a Keras one given by name or as {class_name, config}. */
function asInitializer(v: Value, derivedSeed?: number): ReturnType<typeof tf.initializers.ones> {
  const spec = typeof v === "string" ? null : asMap(v);
  const given = spec === null ? asString(v) : asString(getField(spec, "class_name"));
  const name = Object.hasOwn(INITIALIZER_CLASSES, given) ? INITIALIZER_CLASSES[given]! : given;
  const config: { readonly [key: string]: Value } = spec !== null && Object.hasOwn(spec, "config") ? asMap(getField(spec, "config")) : {};
  const get = (key: string): number | undefined => (config[key] === undefined || config[key] === null ? undefined : asNumber(config[key]!));
  const pick = (key: string, names: { readonly [keras: string]: string }, fallback: string): string => names[asString(config[key] ?? fallback)] ?? asString(config[key] ?? fallback);
  const seed = get("seed") ?? derivedSeed;
  switch (name) {
    case "GlorotUniform": return tf.initializers.glorotUniform({ seed });
    case "GlorotNormal": return tf.initializers.glorotNormal({ seed });
    case "HeUniform": return tf.initializers.heUniform({ seed });
    case "HeNormal": return tf.initializers.heNormal({ seed });
    case "LeCunUniform": return tf.initializers.leCunUniform({ seed });
    case "LeCunNormal": return tf.initializers.leCunNormal({ seed });
    case "Zeros": return tf.initializers.zeros();
    case "Ones": return tf.initializers.ones();
    case "Constant": return tf.initializers.constant({ value: get("value") ?? 0 });
    case "RandomNormal": return tf.initializers.randomNormal({ mean: get("mean"), stddev: get("stddev"), seed });
    case "RandomUniform": return tf.initializers.randomUniform({ minval: get("minval"), maxval: get("maxval"), seed });
    case "TruncatedNormal": return tf.initializers.truncatedNormal({ mean: get("mean"), stddev: get("stddev"), seed });
    case "VarianceScaling":
      return tf.initializers.varianceScaling({
        scale: get("scale"),
        mode: pick("mode", FAN_MODES, "fan_in") as "fanIn" | "fanOut" | "fanAvg",
        distribution: pick("distribution", DISTRIBUTIONS, "truncated_normal") as "normal" | "uniform",
        seed,
      });
    default:
      throw new RangeError("unknown initializer " + JSON.stringify(given));
  }
}

/** Keras initializer aliases and their class names. */
const INITIALIZER_CLASSES: { readonly [alias: string]: string } = ${table(CLASS_NAMES)};
/** Keras fan modes in tfjs's spelling. */
const FAN_MODES: { readonly [keras: string]: string } = ${table(TFJS_FAN_MODES)};
/** Keras distributions in tfjs's spelling. */
const DISTRIBUTIONS: { readonly [keras: string]: string } = ${table(TFJS_DISTRIBUTIONS)};`),
};
