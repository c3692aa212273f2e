/**
 * What one op kind is: its attributes, arity, shape rule, parameter and MAC counts. Each op lives
 * in its own file as one {@link OpDef} record; the passes know nothing about a particular op.
 */
import type { Code } from '../diagnostics/catalogue.js';
import type { ParamCount, Shape, Value } from '../ir.js';

/** The kinds of attribute value the language knows, each with its own normalization. */
export type AttrType =
  | 'int'
  | 'number'
  | 'number_or_null'
  | 'bool'
  | 'string'
  | 'enum'
  | 'int_pair'
  | 'padding2d'
  | 'shape'
  | 'int_list'
  // A number or a list of numbers (Normalization's mean and variance, one per channel).
  | 'numbers'
  | 'axis'
  | 'initializer'
  | 'activation';

/** One attribute of an op. */
export interface AttrSpec {
  readonly type: AttrType;
  readonly description: string;
  /** Normalized default; absent means required unless `optional`. */
  readonly default?: Value;
  /** True when the attribute may be left out without a default (then it is absent). */
  readonly optional?: boolean;
  /** Allowed values for `enum`. */
  readonly values?: readonly string[];
  /** Smallest allowed number (for `int`, `number`, `int_pair` elements). */
  readonly min?: number;
  /** Largest allowed number. */
  readonly max?: number;
}

/** Why a shape rule rejected its inputs; the shape pass turns it into a GC5xxx diagnostic. */
export type ShapeProblem =
  | { readonly kind: 'rank'; readonly expected: string; readonly input: number }
  | { readonly kind: 'merge'; readonly first: number; readonly second: number; readonly reason: string }
  | { readonly kind: 'nonpositive'; readonly dims: readonly (number | null)[]; readonly input: number }
  | { readonly kind: 'other'; readonly detail: string }
  // Sequence, merge and permutation ops (issue 10 part C): a catalogue code of their own, whose
  // message starts with the op and the layer name (`{0} \`{1}\``) and goes on with `args`, where
  // `{ input: i }` stands for the name of the layer feeding input i.
  | { readonly kind: 'coded'; readonly code: Code; readonly args: readonly (string | number | { readonly input: number })[]; readonly hint?: string; readonly input?: number };

/** A shape rule's answer. */
export type ShapeResult = { readonly shape: Shape } | { readonly problem: ShapeProblem };

/** Arguments of the counting functions. */
export interface OpContext {
  readonly inputs: readonly Shape[];
  readonly attrs: { readonly [key: string]: Value };
}

/** Everything graphc knows about one op kind. */
export interface OpDef {
  /** Keras class name, also the YAML key (`Conv2D`). */
  readonly name: string;
  /** One sentence for the schema and the README. */
  readonly description: string;
  /** Smallest and largest number of inputs. */
  readonly arity: { readonly min: number; readonly max: number };
  readonly attrs: { readonly [key: string]: AttrSpec };
  /** The attribute a scalar shorthand sets: `- Activation: relu`. */
  readonly positional?: string;
  /** True when the op's layer owns weights (for diagrams and optimizers). */
  readonly weighted?: boolean;
  /** Derives attributes from others after defaults are applied (pooling strides = pool size). */
  finalize?(attrs: { readonly [key: string]: Value }): { readonly [key: string]: Value };
  /** Output shape from input shapes, Keras semantics, channels last. */
  inferShape(ctx: OpContext): ShapeResult;
  /** Parameters as Keras counts them. */
  countParams?(ctx: OpContext, output: Shape): ParamCount;
  /** Multiply-accumulates per sample (convolutions and dense layers; 0 elsewhere). */
  countMacs?(ctx: OpContext, output: Shape): number;
}

/** Attributes every op accepts, as in Keras's base `Layer`. */
export const COMMON_ATTRS: { readonly [key: string]: AttrSpec } = {
  trainable: { type: 'bool', default: true, description: 'Whether the layer\'s weights are updated in training (Keras `trainable`).' },
};

/** Every attribute an op accepts: its own, then {@link COMMON_ATTRS}, as a map and as entries. */
export interface OpAttributes {
  readonly specs: Readonly<Record<string, AttrSpec>>;
  readonly entries: readonly (readonly [string, AttrSpec])[];
}

const opAttributesCache = new WeakMap<OpDef, OpAttributes>();

/**
 * {@link OpAttributes} of `op`, merged once per op (op definitions never change): the expander
 * asks for them at every layer, the schema builder and completion once per op.
 */
export function opAttributes(op: OpDef): OpAttributes {
  let found = opAttributesCache.get(op);
  if (found === undefined) {
    const specs = { ...op.attrs, ...COMMON_ATTRS };
    found = { specs, entries: Object.entries(specs) };
    opAttributesCache.set(op, found);
  }
  return found;
}

/** The product of known dimensions, or null when any is unknown. */
export function product(dims: readonly (number | null)[]): number | null {
  let p = 1;
  for (const d of dims) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}

/** Requires exactly the given rank (batch included) of input `i`. */
export function expectRank(inputs: readonly Shape[], rank: number, i = 0): ShapeProblem | null {
  const s = inputs[i];
  return s && s.length === rank ? null : { kind: 'rank', expected: String(rank), input: i };
}

/** No weights. */
export const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };

/** The last dimension of a shape (the channels), or 0 when unknown. */
export function channels(shape: Shape | undefined): number {
  return shape?.[shape.length - 1] ?? 0;
}

/** Splits a count into trainable/non-trainable by the layer's `trainable` flag. */
export function owned(attrs: { readonly [key: string]: Value }, trainable: number, nonTrainable = 0): ParamCount {
  return attrs['trainable'] === false ? { trainable: 0, nonTrainable: trainable + nonTrainable } : { trainable, nonTrainable };
}
