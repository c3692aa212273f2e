/**
 * Static types of the values generated code computes. The expression language is dynamically
 * typed; the generator infers a TypeScript type for every value from parameter declarations,
 * defaults and the operators used, so that the common case reads as plain typed code
 * (`filters[0]`, `st.filters`) and only values it cannot type go through the `Value` type and
 * runtime-checked conversions.
 */
import type { Value } from '../../compiler/ir.js';
import type { ParamDecl } from '../../compiler/program.js';
import { memberName } from './quote.js';

/** A static type. `never` is the item type of an empty list; `value` is "not known statically". */
export type TsType =
  | { readonly kind: 'number' | 'string' | 'boolean' | 'null' | 'never' | 'value' }
  | { readonly kind: 'nullable'; readonly of: TsType }
  /** `shape` marks a tensor shape: every dimension but the batch one is known. */
  | { readonly kind: 'list'; readonly item: TsType; readonly shape?: boolean }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, TsType])[]; readonly alias?: string };

/** Shorthands for the scalar types. */
export const T = {
  number: { kind: 'number' },
  string: { kind: 'string' },
  boolean: { kind: 'boolean' },
  null: { kind: 'null' },
  never: { kind: 'never' },
  value: { kind: 'value' },
} as const satisfies Record<string, TsType>;

/** A list type. */
export function listOf(item: TsType): TsType {
  return { kind: 'list', item };
}

/** The type of a tensor shape: `(number | null)[]`, the batch dimension first. */
export const SHAPE_TYPE: TsType = { kind: 'list', item: { kind: 'nullable', of: T.number }, shape: true };

/** True when both types are the same (aliases aside). */
export function sameType(a: TsType, b: TsType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'nullable' && b.kind === 'nullable') return sameType(a.of, b.of);
  if (a.kind === 'list' && b.kind === 'list') return sameType(a.item, b.item);
  if (a.kind === 'record' && b.kind === 'record') {
    return a.fields.length === b.fields.length && a.fields.every(([k, t], i) => b.fields[i]![0] === k && sameType(t, b.fields[i]![1]));
  }
  return true;
}

/** The narrowest type holding both, or `value`. */
export function unify(a: TsType, b: TsType): TsType {
  if (a.kind === 'never') return b;
  if (b.kind === 'never') return a;
  if (sameType(a, b)) return a.kind === 'record' && b.kind === 'record' && !a.alias ? b : a;
  if (a.kind === 'null') return b.kind === 'nullable' || b.kind === 'value' ? b : { kind: 'nullable', of: b };
  if (b.kind === 'null') return unify(b, a);
  if (a.kind === 'nullable' || b.kind === 'nullable') {
    const inner = unify(a.kind === 'nullable' ? a.of : a, b.kind === 'nullable' ? b.of : b);
    return inner.kind === 'value' ? inner : { kind: 'nullable', of: inner };
  }
  if (a.kind === 'list' && b.kind === 'list') return listOf(unify(a.item, b.item));
  if (a.kind === 'record' && b.kind === 'record') {
    const keys = a.fields.map(([k]) => k);
    if (keys.length !== b.fields.length || !b.fields.every(([k]) => keys.includes(k))) return T.value;
    return { kind: 'record', fields: a.fields.map(([k, t]) => [k, unify(t, b.fields.find(([kb]) => kb === k)![1])] as const) };
  }
  return T.value;
}

/** The type of a constant. */
export function typeOfValue(v: Value): TsType {
  if (v === null) return T.null;
  if (typeof v === 'number') return T.number;
  if (typeof v === 'string') return T.string;
  if (typeof v === 'boolean') return T.boolean;
  if (Array.isArray(v)) return listOf((v as readonly Value[]).map(typeOfValue).reduce<TsType>(unify, T.never));
  return { kind: 'record', fields: Object.entries(v as { readonly [k: string]: Value }).map(([k, x]) => [k, typeOfValue(x)] as const) };
}

/**
 * The type of a declared parameter. Loose declarations (`list`, `map`, `any`) take the shape of
 * their default when it has one (a stage table becomes a list of typed rows).
 */
export function typeOfParam(decl: ParamDecl, defaultValue: Value | undefined): TsType {
  const fromDefault = defaultValue === undefined ? null : typeOfValue(defaultValue);
  switch (decl.type) {
    case 'int':
    case 'number':
      return T.number;
    case 'bool':
      return T.boolean;
    case 'str':
      return T.string;
    case 'shape':
      return listOf({ kind: 'nullable', of: T.number });
    case 'int_list':
      return listOf(T.number);
    case 'list':
      return fromDefault && fromDefault.kind === 'list' && fromDefault.item.kind !== 'never' ? fromDefault : listOf(T.value);
    case 'map':
      return fromDefault && fromDefault.kind === 'record' ? fromDefault : { kind: 'record', fields: [] };
    case 'any':
      return T.value;
  }
}

/** True when a value of type `actual` may be passed where `expected` is declared. */
export function fits(actual: TsType, expected: TsType): boolean {
  if (expected.kind === 'value' || actual.kind === 'never') return true;
  if (actual.kind === 'value') return false;
  if (expected.kind === 'nullable') return actual.kind === 'null' || fits(actual.kind === 'nullable' ? actual.of : actual, expected.of);
  if (actual.kind !== expected.kind) return false;
  if (actual.kind === 'list' && expected.kind === 'list') return fits(actual.item, expected.item);
  if (actual.kind === 'record' && expected.kind === 'record') {
    if (expected.fields.length === 0 && !expected.alias) return actual.fields.every(([, t]) => fits(t, T.value));
    return expected.fields.every(([k, t]) => {
      const f = actual.fields.find(([ka]) => ka === k);
      return f !== undefined && fits(f[1], t);
    });
  }
  return true;
}

/** True when the type mentions `value` (so generated code needs the `Value` alias). */
export function usesValue(t: TsType): boolean {
  if (t.kind === 'value' || t.kind === 'never') return true;
  if (t.kind === 'nullable') return usesValue(t.of);
  if (t.kind === 'list') return usesValue(t.item);
  if (t.kind === 'record') return (t.fields.length === 0 && !t.alias) || t.fields.some(([, f]) => usesValue(f));
  return false;
}

/** TypeScript syntax of a type. Records print as their alias when they have one. */
export function renderType(t: TsType): string {
  switch (t.kind) {
    case 'never':
    case 'value':
      return 'Value';
    case 'nullable':
      return `${renderType(t.of)} | null`;
    case 'list': {
      const item = renderType(t.item);
      return /[ |]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    case 'record':
      if (t.alias) return t.alias;
      if (t.fields.length === 0) return '{ [key: string]: Value }';
      return `{ ${t.fields.map(([k, f]) => `${memberName(k)}: ${renderType(f)}`).join('; ')} }`;
    default:
      return t.kind;
  }
}
