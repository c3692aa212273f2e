/**
 * Prints expressions and computed values back in the YAML's own syntax (`stage{i + 1}`,
 * `$st.filters`), for comments in generated code and for messages. The program keeps parsed
 * expressions but not their source text, so this re-creates it; the output is only ever shown
 * through `lineCommentText` or a diagnostic, never executed.
 */
import type { Expr } from '../../compiler/expr/ast.js';
import type { ComputedValue } from '../../compiler/expr/computed.js';
import type { Value } from '../../compiler/ir.js';
import { toStr } from '../../compiler/expr/helpers.js';

const BINARY_PREC: { readonly [op: string]: number } = {
  or: 1, and: 2, in: 4, '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6, '**': 8,
};

function literal(v: Value): string {
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : toStr(v);
}

function prec(e: Expr): number {
  if (e.kind === 'cond') return 0;
  if (e.kind === 'binary') return BINARY_PREC[e.op] ?? 0;
  if (e.kind === 'unary') return e.op === 'not' ? 3 : 7;
  return 9;
}

/** An expression in the language's syntax, parenthesized where precedence needs it. */
export function printExpr(e: Expr): string {
  const sub = (x: Expr, min: number): string => (prec(x) >= min ? printExpr(x) : `(${printExpr(x)})`);
  switch (e.kind) {
    case 'literal':
      return literal(e.value);
    case 'name':
      return e.name;
    case 'list':
      return `[${e.items.map(printExpr).join(', ')}]`;
    case 'unary':
      return e.op === 'not' ? `not ${sub(e.arg, 3)}` : `-${sub(e.arg, 7)}`;
    case 'binary': {
      const p = BINARY_PREC[e.op] ?? 0;
      return `${sub(e.left, e.op === '**' ? 9 : p)} ${e.op} ${sub(e.right, e.op === '**' ? 7 : p + 1)}`;
    }
    case 'cond':
      return `${sub(e.then, 1)} if ${sub(e.test, 1)} else ${sub(e.otherwise, 0)}`;
    case 'index':
      return `${sub(e.object, 9)}[${printExpr(e.index)}]`;
    case 'slice':
      return `${sub(e.object, 9)}[${e.lower ? printExpr(e.lower) : ''}:${e.upper ? printExpr(e.upper) : ''}${e.step ? `:${printExpr(e.step)}` : ''}]`;
    case 'attr':
      return `${sub(e.object, 9)}.${e.name}`;
    case 'call':
      return `${e.callee}(${e.args.map(printExpr).join(', ')})`;
  }
}

/** A computed value as the YAML would write it: `res{stage}`, `$s * 2`, or the constant. */
export function printComputed(c: ComputedValue): string {
  switch (c.kind) {
    case 'const':
      return typeof c.value === 'string' ? c.value : toStr(c.value);
    case 'expr':
      return `$${printExpr(c.expr)}`;
    case 'template':
      return c.parts.map((p) => (typeof p === 'string' ? p.replace(/[{}]/g, (b) => b + b) : `{${printExpr(p)}}`)).join('');
    case 'list':
      return `[${c.items.map(printComputed).join(', ')}]`;
    case 'map':
      return `{${c.entries.map(([k, v]) => `${k}: ${printComputed(v)}`).join(', ')}}`;
  }
}
