/**
 * The one place identifiers of generated code are made. Every name from the YAML (parameters,
 * `let` entries, labels, loop variables, block names, the model name) passes through
 * {@link Namer.declare}, which converts it to the TypeScript convention, repairs anything that
 * is not an identifier, renames reserved words, and keeps it distinct from every name visible in
 * its scope and the scopes around it. Names the generator itself needs are reserved up front.
 */

/** Words that cannot name a binding in strict-mode module code, or would confuse a reader. */
const RESERVED = new Set([
  // ECMAScript reserved words and strict-mode / module reserved words
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public', 'arguments', 'eval',
  // TypeScript: contextual keywords and built-in type names that cannot name a type
  'any', 'unknown', 'never', 'number', 'string', 'boolean', 'symbol', 'bigint', 'object', 'type',
  'as', 'is', 'keyof', 'readonly', 'declare', 'namespace', 'module', 'abstract', 'asserts', 'infer',
  'satisfies', 'accessor', 'global', 'require', 'exports',
  // globals whose shadowing would change what generated code means
  'undefined', 'NaN', 'Infinity', 'Object', 'Array', 'Math', 'Number', 'String', 'Boolean', 'JSON',
  'Error', 'Map', 'Set', 'Symbol', 'Promise', 'globalThis', 'constructor', 'prototype', '__proto__',
]);

/** How a YAML name is spelled in TypeScript. */
export type NameStyle = 'camel' | 'pascal' | 'keep';

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** `conv_name_base` → `convNameBase`; `identity_block` → `IdentityBlock` (pascal). */
export function convertCase(name: string, style: NameStyle): string {
  if (style === 'keep') return name;
  const parts = words(name);
  if (parts.length === 0) return '';
  // Digits on both sides of a separator keep it (`1.00_224` → `1_00_224`, not `100224`).
  let out = style === 'pascal' ? capitalize(parts[0]!) : parts[0]!;
  for (const w of parts.slice(1)) out += /\d$/.test(out) && /^\d/.test(w) ? `_${w}` : capitalize(w);
  return out;
}

/** Replaces characters an identifier cannot hold; the result may still be reserved or empty. */
function repair(text: string): string {
  let out = text.replace(/[^A-Za-z0-9_$]/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** True when `text` is usable as a binding name as it stands. */
export function isPlainIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) && !RESERVED.has(text);
}

/**
 * A scope of identifiers; child scopes see (and avoid) every name of their ancestors, except
 * that a YAML name may shadow the same YAML name of an outer scope when the caller allows it
 * (a block parameter `ratio` hides the model parameter `ratio`, as in the evaluator).
 */
export class Namer {
  /** Identifier → the YAML name it was declared for (null: the generator's own). */
  private readonly used = new Map<string, string | null>();

  private constructor(private readonly parent: Namer | null) {}

  /** The outermost scope (the module). */
  static root(): Namer {
    return new Namer(null);
  }

  /** A nested scope (a function body, a loop body). */
  child(): Namer {
    return new Namer(this);
  }

  private taken(ident: string, name: string | null = null, shadow = false): boolean {
    if (this.used.has(ident)) return true;
    for (let s = this.parent; s; s = s.parent) if (s.used.has(ident)) return !(shadow && name !== null && s.used.get(ident) === name);
    return false;
  }

  /**
   * Claims a name the generator chose (`tf`, `apply`, `x`). It must be a plain identifier and
   * free; a clash is a bug in the generator, not in the user's file.
   */
  reserve(ident: string): string {
    if (!isPlainIdentifier(ident) || this.taken(ident)) throw new Error(`internal: identifier ${ident} is not free`);
    this.used.set(ident, null);
    return ident;
  }

  /** True when `ident` is free here (for generator names that may yield to user names). */
  isFree(ident: string): boolean {
    return isPlainIdentifier(ident) && !this.taken(ident);
  }

  /**
   * A fresh identifier for a name: converted to `style`, repaired, renamed when reserved
   * (`class` → `class_`), and numbered when taken (`x` → `x2`).
   */
  declare(name: string, style: NameStyle = 'camel', fallback = 'value'): string {
    return this.make(name, style, fallback, null, false);
  }

  /**
   * An identifier for a YAML value name (a parameter, `let` entry or loop variable). With
   * `shadow`, an outer identifier declared for the same YAML name does not count as taken, as
   * the evaluator's scopes hide it too; callers allow it only where the new binding's own
   * initializer does not read the outer one.
   */
  declareValue(name: string, shadow = false): string {
    return this.make(name, 'camel', 'value', name, shadow);
  }

  private make(name: string, style: NameStyle, fallback: string, owner: string | null, shadow: boolean): string {
    let base = repair(convertCase(name, style));
    if (base === '') base = repair(name) || fallback;
    if (RESERVED.has(base)) base = `${base}_`;
    let ident = base;
    for (let n = 2; this.taken(ident, owner, shadow); n++) ident = `${base}${n}`;
    this.used.set(ident, owner);
    return ident;
  }
}
