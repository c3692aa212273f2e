/**
 * A recursive-descent parser for the expression language: Python-like arithmetic, comparison,
 * `and`/`or`/`not`, `a if c else b`, indexing, slicing, `.key` access and calls of named helpers.
 * Parsed, never `eval`ed. Length and nesting are bounded so hostile input cannot exhaust the stack.
 */
import type { BinaryOp, Expr } from './ast.js';

/** Longest expression accepted, in characters. */
export const MAX_EXPR_LENGTH = 1000;
/** Deepest nesting accepted. */
export const MAX_EXPR_DEPTH = 64;

/** Why an expression did not parse; offsets relative to the expression text. */
export interface ExprSyntaxError {
  readonly kind: 'syntax' | 'too-long' | 'too-deep';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

type TokenKind = 'num' | 'str' | 'ident' | 'op' | 'eof';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value?: number | string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '<', '>', '(', ')', '[', ']', ',', '.', ':'];
const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else', 'in', 'true', 'false', 'True', 'False', 'null', 'None']);

class Fail extends Error {
  constructor(readonly detail: ExprSyntaxError) {
    super(detail.message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const num = /^(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num && /[\d.]/.test(c)) {
      i += num[0].length;
      tokens.push({ kind: 'num', text: num[0], value: Number(num[0]), start, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      i += m![0].length;
      tokens.push({ kind: 'ident', text: m![0], start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const n = text[i + 1] ?? '';
          value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          i += 2;
        } else value += text[i++];
      }
      if (i >= text.length) throw new Fail({ kind: 'syntax', message: 'unterminated string', start, end: text.length });
      i++;
      tokens.push({ kind: 'str', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new Fail({ kind: 'syntax', message: `unexpected character \`${c}\``, start, end: start + 1 });
    i += op.length;
    tokens.push({ kind: 'op', text: op, start, end: i });
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'op' || t.kind === 'ident') && t.text === text;
  }
  private expect(text: string): Token {
    const t = this.peek();
    if (!this.is(text)) this.fail(t, `expected \`${text}\`, found ${describe(t)}`);
    return this.next();
  }
  private fail(t: Token, message: string): never {
    throw new Fail({ kind: 'syntax', message, start: t.start, end: Math.max(t.end, t.start + 1) });
  }
  private enter(t: Token): void {
    if (++this.depth > MAX_EXPR_DEPTH) throw new Fail({ kind: 'too-deep', message: 'too deep', start: t.start, end: t.end });
  }

  parseAll(): Expr {
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(t, `unexpected ${describe(t)}`);
    return e;
  }

  expr(): Expr {
    this.enter(this.peek());
    const body = this.or();
    let result = body;
    if (this.is('if')) {
      this.next();
      const test = this.or();
      this.expect('else');
      const otherwise = this.expr();
      result = { kind: 'cond', test, then: body, otherwise, start: body.start, end: otherwise.end };
    }
    this.depth--;
    return result;
  }

  private binaryLevel(ops: readonly string[], sub: () => Expr): Expr {
    let left = sub();
    while (ops.some((o) => this.is(o))) {
      const op = this.next().text as BinaryOp;
      const right = sub();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private or = (): Expr => this.binaryLevel(['or'], this.and);
  private and = (): Expr => this.binaryLevel(['and'], this.not);
  private not = (): Expr => {
    if (this.is('not')) {
      const t = this.next();
      this.enter(t);
      const arg = this.not();
      this.depth--;
      return { kind: 'unary', op: 'not', arg, start: t.start, end: arg.end };
    }
    return this.compare();
  };
  private compare = (): Expr => {
    const left = this.additive();
    if (['==', '!=', '<', '<=', '>', '>=', 'in'].some((o) => this.is(o))) {
      const op = this.next().text as BinaryOp;
      const right = this.additive();
      return { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  };
  private additive = (): Expr => this.binaryLevel(['+', '-'], this.multiplicative);
  private multiplicative = (): Expr => this.binaryLevel(['*', '/', '//', '%'], this.unary);
  private unary = (): Expr => {
    if (this.is('-')) {
      const t = this.next();
      this.enter(t);
      const arg = this.unary();
      this.depth--;
      return { kind: 'unary', op: '-', arg, start: t.start, end: arg.end };
    }
    if (this.is('+')) {
      this.next();
      return this.unary();
    }
    return this.power();
  };
  private power = (): Expr => {
    const base = this.postfix();
    if (this.is('**')) {
      this.next();
      const exponent = this.unary();
      return { kind: 'binary', op: '**', left: base, right: exponent, start: base.start, end: exponent.end };
    }
    return base;
  };

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.is('[')) {
        this.next();
        let lower: Expr | null = null;
        if (!this.is(':')) lower = this.expr();
        if (this.is(':')) {
          this.next();
          const upper = this.is(']') || this.is(':') ? null : this.expr();
          let step: Expr | null = null;
          if (this.is(':')) {
            this.next();
            step = this.is(']') ? null : this.expr();
          }
          const close = this.expect(']');
          e = { kind: 'slice', object: e, lower, upper, step, start: e.start, end: close.end };
        } else {
          const close = this.expect(']');
          e = { kind: 'index', object: e, index: lower!, start: e.start, end: close.end };
        }
      } else if (this.is('.')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'ident') this.fail(t, `expected a key name after \`.\`, found ${describe(t)}`);
        e = { kind: 'attr', object: e, name: t.text, start: e.start, end: t.end };
      } else if (this.is('(')) {
        const open = this.peek();
        if (e.kind !== 'name') this.fail(open, 'only named helpers can be called');
        this.next();
        const args = this.items(')');
        const close = this.expect(')');
        e = { kind: 'call', callee: e.name, args, start: e.start, end: close.end };
      } else return e;
    }
  }

  private items(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.is(close)) {
      items.push(this.expr());
      if (!this.is(',')) break;
      this.next();
    }
    return items;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num') return { kind: 'literal', value: t.value as number, start: t.start, end: t.end };
    if (t.kind === 'str') return { kind: 'literal', value: t.value as string, start: t.start, end: t.end };
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'True') return { kind: 'literal', value: true, start: t.start, end: t.end };
      if (t.text === 'false' || t.text === 'False') return { kind: 'literal', value: false, start: t.start, end: t.end };
      if (t.text === 'null' || t.text === 'None') return { kind: 'literal', value: null, start: t.start, end: t.end };
      if (KEYWORDS.has(t.text)) this.fail(t, `unexpected keyword \`${t.text}\``);
      return { kind: 'name', name: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'op' && t.text === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.kind === 'op' && t.text === '[') {
      this.enter(t);
      const items = this.items(']');
      const close = this.expect(']');
      this.depth--;
      return { kind: 'list', items, start: t.start, end: close.end };
    }
    this.fail(t, `unexpected ${describe(t)}`);
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of expression' : `\`${t.text}\``;
}

/**
 * Parses an expression, or explains why it cannot be parsed. Never throws. `base` is added to
 * every offset, so an expression cut out of a longer string reports positions in that string.
 */
export function parseExpression(text: string, base = 0): { ok: true; expr: Expr } | { ok: false; error: ExprSyntaxError } {
  if (text.length > MAX_EXPR_LENGTH) {
    return { ok: false, error: { kind: 'too-long', message: 'too long', start: base, end: base + text.length } };
  }
  let tokens: Token[];
  try {
    tokens = tokenize(text).map((t) => ({ ...t, start: t.start + base, end: t.end + base }));
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return { ok: false, error: { ...e.detail, start: e.detail.start + base, end: e.detail.end + base } };
  }
  try {
    return { ok: true, expr: new Parser(tokens).parseAll() };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.detail };
    throw e;
  }
}
