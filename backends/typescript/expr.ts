/**
 * Translates the expression language to TypeScript with the evaluator's semantics
 * (`compiler/expr/evaluate.ts`): typed operands become plain operators (`a + b`, `s[0]`,
 * `x === y`), Python's differences become small helpers (`mod`, `at`, `str`), and operands whose
 * type is only known when the model is built go through run-time checked helpers.
 */
import type { Expr } from '../../compiler/expr/ast.js';
import type { ComputedValue } from '../../compiler/expr/computed.js';
import { arrayCode, type Code, member, numberCode, objectCode, PREC, stringCode, valueCode, wrap } from './code.js';
import { emitCall } from './expr-calls.js';
import { propertyAccess, templateText } from './quote.js';
import { fits, listOf, renderType, T, unify, usesValue, type TsType } from './types.js';

/** A value name in scope: its identifier and static type. */
export interface Binding {
  readonly ident: string;
  readonly type: TsType;
  readonly literals?: readonly string[];
  readonly natural?: boolean;
}

/** What translation needs from where the expression is written. */
export interface ExprContext {
  /** A value name visible here. */
  lookup(name: string): Binding | undefined;
  /** The TypeScript expression of a tensor label (for `shape(x)`), or undefined. */
  tensor(label: string): string | undefined;
  /** Marks a run-time helper as used and returns its name. */
  helper(name: string): string;
  /** Stops generation with a message (a construct this backend cannot express). */
  fail(message: string): never;
}

const call = (ctx: ExprContext, helper: string, args: readonly string[], type: TsType): Code => ({
  text: `${ctx.helper(helper)}(${args.join(', ')})`,
  type,
  prec: PREC.primary,
});

const base = (t: TsType): TsType => (t.kind === 'nullable' ? t.of : t);

/** `code` converted to `want`: as it is when its type fits, else through a checked helper. */
export function convert(code: Code, want: TsType, ctx: ExprContext): Code {
  if (fits(code.type, want)) return code;
  const checked = (helper: string): Code => ({ ...call(ctx, helper, [code.text], want), literals: code.literals });
  if (want.kind === 'number') return checked('asNumber');
  if (want.kind === 'string') return checked('asString');
  if (want.kind === 'boolean') return checked('asBool');
  if (want.kind === 'list' && want.item.kind === 'number') return checked('asNumbers');
  if (want.kind === 'list' && base(want.item).kind === 'number') return checked('asShape');
  if (want.kind === 'list' && want.item.kind === 'value') return checked('asList');
  if (want.kind === 'record' && want.fields.length === 0 && !want.alias) return checked('asMap');
  return ctx.fail(`a value of type ${renderType(code.type)} is used where ${renderType(want)} is needed`);
}

function arithmetic(op: string, l: Code, r: Code, ctx: ExprContext): Code {
  if (op === '+' && l.type.kind === 'string' && r.type.kind === 'string') {
    return { text: `${wrap(l, PREC.add)} + ${wrap(r, PREC.add + 1)}`, type: T.string, prec: PREC.add };
  }
  if (op === '+' && l.type.kind === 'list' && r.type.kind === 'list') {
    return { text: `[...${wrap(l, PREC.cond)}, ...${wrap(r, PREC.cond)}]`, type: listOf(unify(l.type.item, r.type.item)), prec: PREC.primary };
  }
  const numeric = (c: Code): boolean => base(c.type).kind === 'number';
  if (!numeric(l) || !numeric(r)) return call(ctx, 'pyArith', [JSON.stringify(op), l.text, r.text], T.value);
  const a = convert(l, T.number, ctx);
  const b = convert(r, T.number, ctx);
  const natural = (op === '+' || op === '*') && a.natural === true && b.natural === true;
  if (op === '//') return { text: `Math.floor(${wrap(a, PREC.mul)} / ${wrap(b, PREC.mul + 1)})`, type: T.number, prec: PREC.primary };
  if (op === '%') return { ...call(ctx, 'mod', [a.text, b.text], T.number), natural: a.natural === true && b.natural === true };
  if (op === '**') {
    return { text: `${wrap(a, PREC.member)} ** ${wrap(b, PREC.exp)}`, type: T.number, prec: PREC.exp };
  }
  const prec = op === '+' || op === '-' ? PREC.add : PREC.mul;
  return { text: `${wrap(a, prec)} ${op} ${wrap(b, prec + 1)}`, type: T.number, prec, natural };
}

function comparison(op: string, l: Code, r: Code, ctx: ExprContext): Code {
  if (op === '==' || op === '!=') {
    const bl = base(l.type).kind;
    const br = base(r.type).kind;
    const primitive = (k: string): boolean => k === 'number' || k === 'string' || k === 'boolean' || k === 'null';
    const overlap = bl === br || bl === 'null' || br === 'null';
    if (primitive(bl) && primitive(br) && overlap && !(l.literal && r.literal)) {
      return { text: `${wrap(l, PREC.eq)} ${op}= ${wrap(r, PREC.eq + 1)}`, type: T.boolean, prec: PREC.eq };
    }
    const eq = call(ctx, 'equal', [l.text, r.text], T.boolean);
    return op === '==' ? eq : { text: `!${eq.text}`, type: T.boolean, prec: PREC.unary };
  }
  if (op === 'in') {
    const item = base(l.type).kind;
    const simple = item === 'number' || item === 'string' || item === 'boolean';
    if ((r.type.kind === 'string' && l.type.kind === 'string') || (r.type.kind === 'list' && simple && fits(l.type, r.type.item))) {
      return { text: `${member(r)}.includes(${l.text})`, type: T.boolean, prec: PREC.primary };
    }
    return call(ctx, 'pyIn', [l.text, r.text], T.boolean);
  }
  const both = (k: string): boolean => base(l.type).kind === k && base(r.type).kind === k;
  if (both('number') || (l.type.kind === 'string' && r.type.kind === 'string')) {
    const a = l.type.kind === 'string' ? l : convert(l, T.number, ctx);
    const b = r.type.kind === 'string' ? r : convert(r, T.number, ctx);
    return { text: `${wrap(a, PREC.rel + 1)} ${op} ${wrap(b, PREC.rel + 1)}`, type: T.boolean, prec: PREC.rel };
  }
  return call(ctx, 'pyCompare', [JSON.stringify(op), l.text, r.text], T.boolean);
}

function logical(op: 'and' | 'or', l: Code, r: Code, ctx: ExprContext): Code {
  if (l.type.kind === 'boolean' && r.type.kind === 'boolean') {
    const prec = op === 'and' ? PREC.and : PREC.or;
    return { text: `${wrap(l, prec)} ${op === 'and' ? '&&' : '||'} ${wrap(r, prec + 1)}`, type: T.boolean, prec };
  }
  return { ...call(ctx, op === 'and' ? 'pyAnd' : 'pyOr', [l.text, `() => ${wrap(r, PREC.cond)}`], unify(l.type, r.type)), literal: l.literal === true || r.literal === true };
}

/** The test of a condition: a boolean, or Python truthiness of anything else. */
export function truthyCode(c: Code, ctx: ExprContext): Code {
  return c.type.kind === 'boolean' ? c : call(ctx, 'truthy', [c.text], T.boolean);
}

function indexing(o: Code, i: Code, ctx: ExprContext): Code {
  if (o.type.kind === 'record' && i.literals?.length === 1 && i.literal) {
    const key = i.literals[0]!;
    const f = o.type.fields.find(([k]) => k === key);
    if (f) return { text: propertyAccess(member(o), key), type: f[1], prec: PREC.member };
  }
  if (o.type.kind === 'record') return call(ctx, 'getField', [o.text, convert(i, T.string, ctx).text], T.value);
  if (o.type.kind !== 'list' && o.type.kind !== 'string') return call(ctx, 'pyIndex', [o.text, i.text], T.value);
  const item = o.type.kind === 'list' ? o.type.item : T.string;
  const n = convert(i, T.number, ctx);
  if (o.type.kind === 'list' && o.type.shape && n.literal && n.text !== '0') return call(ctx, 'dim', [o.text, n.text], T.number);
  if (n.natural) return { text: `${member(o)}[${n.text}]`, type: item, prec: PREC.member };
  return call(ctx, 'at', [o.text, n.text], item);
}

function slicing(e: Expr & { kind: 'slice' }, ctx: ExprContext): Code {
  const o = emitExpr(e.object, ctx);
  const bound = (b: Expr | null): string | null => (b ? convert(emitExpr(b, ctx), T.number, ctx).text : null);
  const lo = bound(e.lower);
  const hi = bound(e.upper);
  const step = bound(e.step);
  if (step !== null) {
    // A step: Python's clamping and backwards walk, by the same function the compiler uses.
    const type = o.type.kind === 'list' ? listOf(o.type.item) : o.type.kind === 'string' ? T.string : T.value;
    return call(ctx, 'pyStepSlice', [o.text, lo ?? 'null', hi ?? 'null', step], type);
  }
  if (o.type.kind !== 'list' && o.type.kind !== 'string') return call(ctx, 'pySlice', [o.text, lo ?? 'undefined', ...(hi ? [hi] : [])], T.value);
  const args = hi === null ? (lo === null ? [] : [lo]) : [lo ?? '0', hi];
  const type = o.type.kind === 'list' ? listOf(o.type.item) : T.string;
  return { text: `${member(o)}.slice(${args.join(', ')})`, type, prec: PREC.primary };
}

/** Translates one expression. */
export function emitExpr(e: Expr, ctx: ExprContext): Code {
  switch (e.kind) {
    case 'literal':
      return valueCode(e.value);
    case 'name': {
      const b = ctx.lookup(e.name);
      if (!b) return ctx.fail(`\`${e.name}\` is not defined where it is used`);
      return { text: b.ident, type: b.type, prec: PREC.primary, ...(b.literals ? { literals: b.literals } : {}), ...(b.natural ? { natural: true } : {}) };
    }
    case 'list':
      return arrayCode(e.items.map((x) => emitExpr(x, ctx)));
    case 'unary': {
      const arg = emitExpr(e.arg, ctx);
      if (e.op === 'not') {
        const t = truthyCode(arg, ctx);
        return { text: `!${wrap(t, PREC.unary)}`, type: T.boolean, prec: PREC.unary };
      }
      if (e.arg.kind === 'literal' && typeof e.arg.value === 'number') return numberCode(-e.arg.value);
      const n = convert(arg, T.number, ctx);
      const inner = n.text.startsWith('-') ? `(${n.text})` : wrap(n, PREC.unary);
      return { text: `-${inner}`, type: T.number, prec: PREC.unary };
    }
    case 'binary': {
      const l = emitExpr(e.left, ctx);
      const r = emitExpr(e.right, ctx);
      if (e.op === 'and' || e.op === 'or') return logical(e.op, l, r, ctx);
      if (['==', '!=', '<', '<=', '>', '>=', 'in'].includes(e.op)) return comparison(e.op, l, r, ctx);
      return arithmetic(e.op, l, r, ctx);
    }
    case 'cond': {
      const test = truthyCode(emitExpr(e.test, ctx), ctx);
      const a = emitExpr(e.then, ctx);
      const b = emitExpr(e.otherwise, ctx);
      const literals = a.literals && b.literals ? [...new Set([...a.literals, ...b.literals])] : undefined;
      return {
        text: `${wrap(test, PREC.or)} ? ${wrap(a, PREC.cond)} : ${wrap(b, PREC.cond)}`,
        type: unify(a.type, b.type),
        prec: PREC.cond,
        literal: a.literal === true || b.literal === true,
        ...(literals ? { literals } : {}),
      };
    }
    case 'index':
      return indexing(emitExpr(e.object, ctx), emitExpr(e.index, ctx), ctx);
    case 'slice':
      return slicing(e, ctx);
    case 'attr':
      return indexing(emitExpr(e.object, ctx), { ...valueCode(e.name), literal: true }, ctx);
    case 'call':
      return emitCall(e, ctx, (x) => emitExpr(x, ctx));
  }
}

/** A template (`res{stage}{block}_branch`) as a template literal; numbers print as `str()` does. */
export function emitTemplate(parts: readonly (string | Expr)[], ctx: ExprContext): Code {
  if (parts.every((p) => typeof p === 'string')) return stringCode(parts.join(''));
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return templateText(p);
      const c = emitExpr(p, ctx);
      const shown = c.type.kind === 'string' || c.type.kind === 'number' ? c : call(ctx, 'str', [c.text], T.string);
      return `\${${shown.text}}`;
    })
    .join('');
  return { text: `\`${text}\``, type: T.string, prec: PREC.primary };
}

/** Translates a YAML value that may compute: a constant, `$expr`, a template, a list or a map. */
export function emitComputed(c: ComputedValue, ctx: ExprContext): Code {
  switch (c.kind) {
    case 'const':
      return valueCode(c.value);
    case 'expr':
      return emitExpr(c.expr, ctx);
    case 'template':
      return emitTemplate(c.parts, ctx);
    case 'list':
      return arrayCode(c.items.map((x) => emitComputed(x, ctx)));
    case 'map':
      return objectCode(c.entries.map(([k, v]) => [k, emitComputed(v, ctx)] as const));
  }
}

/**
 * `const name = value;`. Literal values get their type written out, so `const depth: number = 50`
 * compares with other numbers without TypeScript's "no overlap" error on literal types.
 */
export function valueDeclaration(ident: string, code: Code, ctx: ExprContext): string {
  const annotate = code.literal === true || (code.items !== undefined && code.items.length === 0);
  if (annotate && usesValue(code.type)) ctx.helper('Value');
  return `const ${ident}${annotate ? `: ${renderType(code.type)}` : ''} = ${code.text};`;
}

/** What later expressions know about a declared value. */
export function bindingOf(ident: string, code: Code): Binding {
  return { ident, type: code.type, ...(code.literals ? { literals: code.literals } : {}), ...(code.natural ? { natural: true } : {}) };
}
