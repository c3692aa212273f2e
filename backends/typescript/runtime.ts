/**
 * Small functions the generated file defines for itself: the expression language's semantics
 * where TypeScript differs (Python's `%`, negative indexing, `str()`), run-time checks for values
 * whose type is only known when the model is built (in `runtime-checks.ts`), and the two
 * helpers every model uses (`apply`, `LayerNames`). Each is emitted only when the code uses it,
 * with what it depends on, in the order of this table.
 *
 * The sources are fixed text written by graphc, never user text. They avoid template literals
 * so that they can live in `String.raw` without escaping; a test compiles all of them strictly.
 */

import { CUSTOM_LAYERS } from './custom-layers.js';
import { CHECKS, helper as H, type RuntimeHelper } from './runtime-checks.js';
import { LAYER_HELPERS } from './runtime-layers.js';
import { TRANSFORMER_LAYER_SOURCES } from './transformer-layers.js';

/** One helper: its source and the helpers it calls. */
export type { RuntimeHelper };

/** Every helper by name, in the order they are emitted. */
export const RUNTIME: { readonly [name: string]: RuntimeHelper } = {
  Value: H([], String.raw`
/** A value of graphc's expression language whose type is only known when the model is built. */
type Value = number | string | boolean | null | readonly Value[] | { readonly [key: string]: Value };`),
  WithDefaults: H([], String.raw`
/** Layer arguments where the keys the file's defaults supply may be left out. */
type WithDefaults<A, K extends keyof A> = Omit<A, K> & Partial<Pick<A, K>>;`),
  apply: H([], String.raw`
/** Calls a layer on its input (a list, for merge layers) while the model is wired. */
function apply(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}`),
  LayerNames: H([], String.raw`
/**
 * Names layers the YAML leaves unnamed as graphc does: "<class>_<n>", counted per class in
 * creation order and skipping names the file uses itself, so that names never depend on what
 * the process built before (tfjs's own counters are global).
 */
class LayerNames {
  private readonly counts = new Map<string, number>();

  constructor(private readonly taken: ReadonlySet<string> = new Set()) {}

  /** The next free name with this prefix. */
  next(prefix: string): string {
    const [name, n] = this.find(prefix);
    this.counts.set(prefix, n);
    return name;
  }

  /** The name next() will give for this prefix, without taking it (for seeds derived from it). */
  peek(prefix: string): string {
    return this.find(prefix)[0];
  }

  private find(prefix: string): [string, number] {
    let n = this.counts.get(prefix) ?? 0;
    let name: string;
    do name = prefix + "_" + ++n;
    while (this.taken.has(name));
    return [name, n];
  }
}`),
  layerSeed: H([], String.raw`
/**
 * The seed graphc derives for an initializer the file gives without one: FNV-1a of
 * "<layer name>/<attribute>", 31 bits (compiler/seeds.ts), so builds are reproducible.
 */
function layerSeed(name: string | undefined, key: string): number | undefined {
  if (name === undefined) return undefined;
  let h = 0x811c9dc5;
  const text = name + "/" + key;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}`),
  labelled: H([], String.raw`
/** The tensor a computed reference names, among the labels in scope where it is used. */
function labelled(label: string, labels: { [label: string]: tf.SymbolicTensor | undefined }): tf.SymbolicTensor {
  const tensor = Object.hasOwn(labels, label) ? labels[label] : undefined;
  if (tensor === undefined) throw new Error("no tensor is labelled " + JSON.stringify(label) + " here");
  return tensor;
}`),
  defined: H([], String.raw`
/** A label's tensor, which a condition or loop may have left unset. */
function defined(tensor: tf.SymbolicTensor | undefined, label: string): tf.SymbolicTensor {
  if (tensor === undefined) throw new Error("the tensor labelled " + JSON.stringify(label) + " was not built");
  return tensor;
}`),
  letter: H([], String.raw`
/** Block letters as graphc's letter(): 0 is "a", 25 is "z", 26 is "aa". */
function letter(i: number): string {
  if (!Number.isInteger(i) || i < 0) throw new RangeError("letter() needs an integer >= 0, got " + i);
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
  return s;
}`),
  makeDivisible: H([], String.raw`
/** Keras's _make_divisible: rounds channels to a multiple of divisor, never down by more than 10%. */
function makeDivisible(v: number, divisor: number, minValue: number = divisor): number {
  let n = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (n < 0.9 * v) n += divisor;
  return n;
}`),
  mod: H([], String.raw`
/** Python's %: the result has the sign of the divisor. */
function mod(a: number, b: number): number {
  if (b === 0) throw new RangeError("division by zero");
  return ((a % b) + b) % b;
}`),
  at: H([], String.raw`
/** Python-style indexing: a negative index counts from the end; out of range is an error. */
function at<T>(items: readonly T[], i: number): T;
function at(items: string, i: number): string;
function at<T>(items: readonly T[] | string, i: number): T | string {
  const j = i < 0 ? items.length + i : i;
  if (!Number.isInteger(j) || j < 0 || j >= items.length) throw new RangeError("index " + i + " is out of range for length " + items.length);
  return items[j]!;
}`),
  dim: H(['at'], String.raw`
/** One dimension of a tensor shape (Python-style index); an unknown dimension is an error. */
function dim(shape: readonly (number | null)[], i: number): number {
  const d = at(shape, i);
  if (d === null) throw new RangeError("dimension " + i + " of shape [" + shape.join(", ") + "] is not known");
  return d;
}`),
  range: H([], String.raw`
/** Python's range(stop) and range(start, stop, step). */
function range(a: number, b?: number, step: number = 1): number[] {
  const [start, stop] = b === undefined ? [0, a] : [a, b];
  if (step === 0) throw new RangeError("range() step must not be zero");
  return Array.from({ length: Math.max(0, Math.ceil((stop - start) / step)) }, (_, i) => start + i * step);
}`),
  sum: H([], String.raw`
/** The sum of a list of numbers. */
function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}`),
  round: H([], String.raw`
/** Python's round(): halves to even; with digits, to that many decimals. */
function round(x: number, digits?: number): number {
  if (digits !== undefined) return Math.round(x * 10 ** digits) / 10 ** digits;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}`),
  isList: H(['Value'], String.raw`
/** Narrows a value to a list. */
function isList(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}`),
  isMap: H(['Value'], String.raw`
/** Narrows a value to a map. */
function isMap(v: Value): v is { readonly [key: string]: Value } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}`),
  str: H(['Value', 'isList'], String.raw`
/** Python's str() of a value, as graphc's templates print it. */
function str(v: Value): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  const quoted = (x: Value): string => (typeof x === "string" ? "'" + x + "'" : str(x));
  if (isList(v)) return "[" + v.map(quoted).join(", ") + "]";
  return "{" + Object.entries(v).map(([k, x]) => "'" + k + "': " + str(x)).join(", ") + "}";
}`),
  truthy: H(['Value', 'isList'], String.raw`
/** Python truthiness: 0, "", None, False and empty lists and maps are false. */
function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === "") return false;
  if (isList(v)) return v.length > 0;
  return typeof v !== "object" || Object.keys(v).length > 0;
}`),
  equal: H(['Value', 'isList', 'isMap'], String.raw`
/** Python's ==: lists and maps compare by content. */
function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a).sort();
  return equal(keys, Object.keys(b).sort()) && keys.every((k) => equal(a[k]!, b[k]!));
}`),
  pyAnd: H(['Value', 'truthy'], String.raw`
/** Python's and: the first operand when it is false, else the second. */
function pyAnd<A extends Value, B extends Value>(a: A, b: () => B): A | B {
  return truthy(a) ? b() : a;
}`),
  pyOr: H(['Value', 'truthy'], String.raw`
/** Python's or: the first operand when it is true, else the second. */
function pyOr<A extends Value, B extends Value>(a: A, b: () => B): A | B {
  return truthy(a) ? a : b();
}`),
  join: H(['Value', 'str'], String.raw`
/** Joins the text of the items, as graphc's join(). */
function join(items: readonly Value[], separator: string = ""): string {
  return items.map((x) => str(x)).join(separator);
}`),
  column: H(['Value', 'asList', 'asMap', 'getField'], String.raw`
/** The entry "key" of every map in a list, as graphc's column(). */
function column(rows: Value, key: string): Value[] {
  return asList(rows).map((row) => getField(asMap(row), key));
}`),
  ...CHECKS,
  // Wave 2 (issue 10 part A): Keras layers tfjs lacks, defined by the generated module.
  ...CUSTOM_LAYERS,
  // Layer classes tfjs lacks (issue 10 part C).
  ...LAYER_HELPERS,
  // graphc's own tfjs layers (issue 10 part B), for models using ops tfjs lacks.
  ...Object.fromEntries(Object.entries(TRANSFORMER_LAYER_SOURCES).map(([name, s]) => [name, H(s.deps, s.code)])),
};
