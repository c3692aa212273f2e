/**
 * Calls of the expression language's named helpers (`compiler/expr/helpers.ts`), in TypeScript:
 * JavaScript's own function where it means the same (`Math.floor`, `xs.length`), a helper of the
 * generated file where it does not (`letter`, `round` halving to even, `makeDivisible`).
 * `shape(x)` reads the tensor's own shape, as Keras's `int_shape(x)` does.
 */
import type { Expr } from '../../compiler/expr/ast.js';
import { HELPERS } from '../../compiler/expr/helpers.js';
import { type Code, member, PREC } from './code.js';
import { convert, type ExprContext } from './expr.js';
import { propertyAccess } from './quote.js';
import { listOf, SHAPE_TYPE, T, type TsType } from './types.js';

type Emit = (e: Expr) => Code;

const fn = (text: string, type: TsType, extra: Partial<Code> = {}): Code => ({ text, type, prec: PREC.primary, ...extra });

function helperCall(ctx: ExprContext, name: string, args: readonly Code[], type: TsType): Code {
  return fn(`${ctx.helper(name)}(${args.map((a) => a.text).join(', ')})`, type);
}

function numbers(args: readonly Code[], ctx: ExprContext): Code[] {
  return args.map((a) => convert(a, T.number, ctx));
}

function shapeOf(e: Expr & { kind: 'call' }, ctx: ExprContext): Code {
  const arg = e.args[0];
  const label = arg?.kind === 'name' ? arg.name : arg?.kind === 'literal' && typeof arg.value === 'string' ? arg.value : null;
  if (e.args.length !== 1 || label === null) return ctx.fail('shape() takes one tensor label, e.g. shape(input)');
  const tensor = ctx.tensor(label);
  if (tensor === undefined) return ctx.fail(`shape(${label}): there is no tensor \`${label}\` here`);
  return { text: `${tensor}.shape`, type: SHAPE_TYPE, prec: PREC.member };
}

function minMax(name: 'min' | 'max', args: readonly Code[], ctx: ExprContext): Code {
  const only = args[0];
  if (args.length === 1 && only) {
    const list = only.type.kind === 'list' && only.type.item.kind === 'number' ? only : convert(only, listOf(T.number), ctx);
    return fn(`Math.${name}(...${list.text})`, T.number);
  }
  return fn(`Math.${name}(${numbers(args, ctx).map((a) => a.text).join(', ')})`, T.number);
}

function column(args: readonly Code[], ctx: ExprContext): Code {
  const [rows, key] = args as [Code, Code];
  if (rows.type.kind === 'list' && rows.type.item.kind === 'record' && key.literal && key.literals?.length === 1) {
    const name = key.literals[0]!;
    const f = rows.type.item.fields.find(([k]) => k === name);
    // The arrow's parameter is only read inside it, so its name cannot capture anything.
    if (f) return fn(`${member(rows)}.map((r) => ${propertyAccess('r', name)})`, listOf(f[1]));
  }
  return helperCall(ctx, 'column', [rows, convert(key, T.string, ctx)], listOf(T.value));
}

function join(args: readonly Code[], ctx: ExprContext): Code {
  const [items, sep] = args as [Code, Code | undefined];
  const separator = sep ? convert(sep, T.string, ctx) : null;
  const item = items.type.kind === 'list' ? items.type.item.kind : null;
  if (item === 'string' || item === 'number') return fn(`${member(items)}.join(${separator?.text ?? '""'})`, T.string);
  return helperCall(ctx, 'join', separator ? [items, separator] : [items], T.string);
}

/** Translates a helper call; `emit` translates its arguments. */
export function emitCall(e: Expr & { kind: 'call' }, ctx: ExprContext, emit: Emit): Code {
  if (e.callee === 'shape') return shapeOf(e, ctx);
  const helper = HELPERS[e.callee];
  if (!helper || !Object.hasOwn(HELPERS, e.callee)) return ctx.fail(`there is no helper ${e.callee}()`);
  if (e.args.length < helper.min || e.args.length > helper.max) return ctx.fail(`${e.callee}() takes ${helper.min} to ${helper.max} arguments`);
  const args = e.args.map(emit);
  const [a] = args;
  switch (e.callee) {
    case 'len':
      if (a && (a.type.kind === 'list' || a.type.kind === 'string')) return fn(`${member(a)}.length`, T.number, { prec: PREC.member, natural: true });
      if (a && a.type.kind === 'record') return fn(`Object.keys(${a.text}).length`, T.number, { prec: PREC.member, natural: true });
      return { ...helperCall(ctx, 'pyLen', args, T.number), natural: true };
    case 'str':
      if (a?.type.kind === 'string') return a;
      if (a?.type.kind === 'number') return fn(`String(${a.text})`, T.string);
      return helperCall(ctx, 'str', args, T.string);
    case 'int':
      if (a?.type.kind === 'number') return fn(`Math.trunc(${a.text})`, T.number);
      if (a?.type.kind === 'boolean') return fn(`Number(${a.text})`, T.number);
      return helperCall(ctx, 'pyInt', args, T.number);
    case 'float':
      return a?.type.kind === 'number' ? a : helperCall(ctx, 'pyFloat', args, T.number);
    case 'round':
      return helperCall(ctx, 'round', numbers(args, ctx), T.number);
    case 'floor':
    case 'ceil':
    case 'abs':
      return fn(`Math.${e.callee}(${numbers(args, ctx)[0]!.text})`, T.number);
    case 'min':
    case 'max':
      return minMax(e.callee, args, ctx);
    case 'sum':
      return helperCall(ctx, 'sum', [convert(a!, listOf(T.number), ctx)], T.number);
    case 'range':
      return helperCall(ctx, 'range', numbers(args, ctx), listOf(T.number));
    case 'letter':
      return helperCall(ctx, 'letter', numbers(args, ctx), T.string);
    case 'make_divisible': {
      const given = args.length === 3 && args[2]!.type.kind === 'null' ? args.slice(0, 2) : args;
      return helperCall(ctx, 'makeDivisible', numbers(given, ctx), T.number);
    }
    case 'join':
      return join(args, ctx);
    case 'column':
      return column(args, ctx);
    case 'reversed':
      if (a && a.type.kind === 'list') return fn(`[...${a.text}].reverse()`, a.type);
      return helperCall(ctx, 'pyReversed', [a!], a && a.type.kind === 'string' ? T.string : T.value);
    default:
      return ctx.fail(`the helper ${e.callee}() has no TypeScript translation yet`);
  }
}
