/**
 * A fragment of generated TypeScript with what the generator knows about it: its static type,
 * its operator precedence (to parenthesize only where needed), and facts that let the common
 * case stay plain (`filters[0]` instead of a checked lookup when the index cannot be negative).
 */
import type { Value } from '../../compiler/ir.js';
import { propertyKey, quoteString } from './quote.js';
import { listOf, T, typeOfValue, unify, type TsType } from './types.js';

/** JavaScript operator precedences, as MDN numbers them. */
export const PREC = { cond: 2, or: 3, and: 4, eq: 8, rel: 9, add: 11, mul: 12, exp: 13, unary: 14, member: 17, primary: 20 } as const;

/** A generated expression. */
export interface Code {
  readonly text: string;
  readonly type: TsType;
  readonly prec: number;
  /** The string values it can have, when they are all known (`'same' if s == 1 else 'valid'`). */
  readonly literals?: readonly string[];
  /** True when TypeScript would give it a literal type (`3`, `"a"`, `c ? 1 : 2`). */
  readonly literal?: boolean;
  /** True for an integer known to be >= 0 (loop counters, `index + 1`, `len(x)`). */
  readonly natural?: boolean;
  /** The items, when the text is an array literal (its tuple type comes from the context). */
  readonly items?: readonly Code[];
}

/** The text of `code`, parenthesized unless its precedence is at least `min`. */
export function wrap(code: Code, min: number): string {
  return code.prec >= min ? code.text : `(${code.text})`;
}

/** `code` as the object of a member access or call (`x.length`, `(a + b).slice()`). */
export function member(code: Code): string {
  return code.prec >= PREC.member && !/^[\d.]/.test(code.text) ? code.text : `(${code.text})`;
}

/** A number literal; negative numbers are unary expressions. */
export function numberCode(n: number): Code {
  const text = Object.is(n, -0) ? '-0' : String(n);
  return { text, type: T.number, prec: text.startsWith('-') ? PREC.unary : PREC.primary, literal: true, natural: Number.isInteger(n) && n >= 0 };
}

/** A string literal. */
export function stringCode(s: string): Code {
  return { text: quoteString(s), type: T.string, prec: PREC.primary, literal: true, literals: [s] };
}

/** An array literal of the given items. */
export function arrayCode(items: readonly Code[]): Code {
  return { text: `[${items.map((i) => i.text).join(', ')}]`, type: listOf(items.map((i) => i.type).reduce<TsType>(unify, T.never)), prec: PREC.primary, items };
}

/** An object literal of the given entries (keys are data: quoted unless identifiers). */
export function objectCode(entries: readonly (readonly [string, Code])[]): Code {
  const text = entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${v.text}`).join(', ')} }`;
  return { text, type: { kind: 'record', fields: entries.map(([k, v]) => [k, v.type] as const) }, prec: PREC.primary };
}

/** A constant in TypeScript syntax. */
export function valueCode(v: Value): Code {
  if (v === null) return { text: 'null', type: T.null, prec: PREC.primary, literal: true };
  if (typeof v === 'number') return numberCode(v);
  if (typeof v === 'string') return stringCode(v);
  if (typeof v === 'boolean') return { text: String(v), type: T.boolean, prec: PREC.primary, literal: true };
  if (Array.isArray(v)) return arrayCode((v as readonly Value[]).map(valueCode));
  const entries = Object.entries(v as { readonly [k: string]: Value }).map(([k, x]) => [k, valueCode(x)] as const);
  return { ...objectCode(entries), type: typeOfValue(v) };
}

/**
 * A constant laid out for reading: a list of maps one row per line (a stage table), anything
 * else on one line. `indent` is the indentation of the line the value starts on.
 */
export function valueText(v: Value, indent: string): string {
  const flat = valueCode(v).text;
  if (!Array.isArray(v) || flat.length + indent.length < 90) return flat;
  const rows = (v as readonly Value[]).map((x) => `${indent}  ${valueCode(x).text},`);
  return `[\n${rows.join('\n')}\n${indent}]`;
}
