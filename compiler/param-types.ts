/**
 * Checks a value against a declared parameter (type, bounds, choices, length). Shared by model
 * parameters (defaults, variants, `--set`) and block arguments.
 */
import type { Value } from './ir.js';
import { isListValue, isMapValue, toStr, typeName } from './expr/helpers.js';
import type { ParamDecl } from './program.js';

const isInt = (v: Value): boolean => typeof v === 'number' && Number.isInteger(v);

const TYPE_TEXT: Record<ParamDecl['type'], string> = {
  int: 'an integer',
  number: 'a number',
  bool: 'true or false',
  str: 'a string',
  shape: 'a shape (a list of positive integers or null)',
  list: 'a list',
  int_list: 'a list of integers',
  map: 'a mapping',
  any: 'any value',
};

function hasType(decl: ParamDecl, v: Value): boolean {
  switch (decl.type) {
    case 'int': return isInt(v);
    case 'number': return typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case 'str': return typeof v === 'string';
    case 'shape': return isListValue(v) && v.length > 0 && v.every((d) => d === null || (isInt(d) && (d as number) > 0));
    case 'list': return isListValue(v);
    case 'int_list': return isListValue(v) && v.every(isInt);
    case 'map': return isMapValue(v);
    case 'any': return true;
  }
}

/**
 * Null when the value fits the declaration, else the rest of a sentence saying why
 * ("must be an integer >= 1, got "abc"").
 */
export function checkParam(decl: ParamDecl, v: Value): string | null {
  const got = `got ${typeName(v)} ${JSON.stringify(v)}`;
  if (!hasType(decl, v)) return `must be ${TYPE_TEXT[decl.type]}, ${got}`;
  if (typeof v === 'number') {
    if (decl.min !== undefined && v < decl.min) return `must be >= ${decl.min}, got ${v}`;
    if (decl.max !== undefined && v > decl.max) return `must be <= ${decl.max}, got ${v}`;
  }
  if (decl.length !== undefined && isListValue(v) && v.length !== decl.length) {
    return `must be a list of ${decl.length} items, got ${v.length}`;
  }
  if (decl.choices && !decl.choices.some((c) => JSON.stringify(c) === JSON.stringify(v))) {
    return `must be one of ${decl.choices.map((c) => toStr(c)).join(', ')}, got ${toStr(v)}`;
  }
  return null;
}
