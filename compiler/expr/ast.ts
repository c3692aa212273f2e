/**
 * The expression language's syntax tree. Offsets are relative to the expression text; a
 * {@link TextOrigin} maps them back to the file.
 */
import type { SourceSpan } from '../ir.js';

/** Binary operators, Python spelling. */
export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | 'in';

/** An expression node. `start`/`end` are offsets into the expression text. */
export type Expr =
  | { readonly kind: 'literal'; readonly value: number | string | boolean | null; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly start: number; readonly end: number }
  | { readonly kind: 'unary'; readonly op: '-' | 'not'; readonly arg: Expr; readonly start: number; readonly end: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly start: number; readonly end: number }
  | { readonly kind: 'cond'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr; readonly start: number; readonly end: number }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly start: number; readonly end: number }
  | { readonly kind: 'slice'; readonly object: Expr; readonly lower: Expr | null; readonly upper: Expr | null; readonly step: Expr | null; readonly start: number; readonly end: number }
  | { readonly kind: 'attr'; readonly object: Expr; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expr[]; readonly start: number; readonly end: number };

/** Where an expression's text sits in the file, to turn relative offsets into spans. */
export interface TextOrigin {
  /** Span of the whole YAML scalar. */
  readonly span: SourceSpan;
  /** File offset of the expression text's first character, when offsets map 1:1. */
  readonly textStart: number | null;
}

/** The file span of a sub-expression, or the whole scalar when offsets do not map 1:1. */
export function spanIn(origin: TextOrigin, start: number, end: number): SourceSpan {
  if (origin.textStart === null) return origin.span;
  return { file: origin.span.file, start: origin.textStart + start, end: origin.textStart + Math.max(end, start + 1) };
}

/**
 * A YAML string after analysis: a literal, a whole expression (`$filters[0]`) whose value keeps
 * its type, or a template (`res{stage}{block}_branch`) whose value is always a string.
 */
export type Computed =
  | { readonly kind: 'const'; readonly value: import('../ir.js').Value; readonly origin: TextOrigin }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly text: string; readonly origin: TextOrigin }
  | { readonly kind: 'template'; readonly parts: readonly (string | Expr)[]; readonly origin: TextOrigin };

/** Names an expression reads, for unused-parameter checks and code generation. */
export function freeNames(expr: Expr, out: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case 'literal':
      break;
    case 'name':
      out.add(expr.name);
      break;
    case 'list':
      expr.items.forEach((e) => freeNames(e, out));
      break;
    case 'unary':
      freeNames(expr.arg, out);
      break;
    case 'binary':
      freeNames(expr.left, out);
      freeNames(expr.right, out);
      break;
    case 'cond':
      freeNames(expr.test, out);
      freeNames(expr.then, out);
      freeNames(expr.otherwise, out);
      break;
    case 'index':
      freeNames(expr.object, out);
      freeNames(expr.index, out);
      break;
    case 'slice':
      freeNames(expr.object, out);
      if (expr.lower) freeNames(expr.lower, out);
      if (expr.upper) freeNames(expr.upper, out);
      if (expr.step) freeNames(expr.step, out);
      break;
    case 'attr':
      freeNames(expr.object, out);
      break;
    case 'call':
      expr.args.forEach((e) => freeNames(e, out));
      break;
  }
  return out;
}
