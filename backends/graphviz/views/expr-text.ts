/**
 * Prints template expressions back as the short text a figure shows: `$filters[0]` as `F1`
 * (the seed's name for the first of `filters`), `$f` as `f`, a layer name template
 * `{conv_name_base}2a` as `res{stage}{block}_branch2a` (let entries inlined). Printing works on
 * the parsed tree, so spacing in the YAML does not leak into the figure.
 */
import type { Expr } from '../../../compiler/expr/ast.js';
import type { ComputedValue } from '../../../compiler/expr/computed.js';
import type { TemplateDef } from '../../../compiler/program.js';

/** What the printer knows about the template whose expressions it prints. */
export interface PrintContext {
  /** List-typed parameters shown as numbered letters: `filters` → F (`filters[0]` is `F1`). */
  readonly lettered: ReadonlyMap<string, string>;
  /** The template's `let` entries, inlined into name templates. */
  readonly lets: ReadonlyMap<string, ComputedValue>;
}

/** Lists named `filters` print as F1, F2, ...: the seed's convention for ResNet blocks. */
const LETTERED_LISTS: Readonly<Record<string, string>> = { filters: 'F' };

/** The print context of a template. */
export function printContext(template: TemplateDef): PrintContext {
  const lettered = new Map<string, string>();
  for (const p of template.params) {
    const letter = LETTERED_LISTS[p.name];
    if (letter !== undefined && (p.type === 'int_list' || p.type === 'list')) lettered.set(p.name, letter);
  }
  return { lettered, lets: new Map(template.lets.map((l) => [l.name, l.value])) };
}

function isCompound(e: Expr): boolean {
  return e.kind === 'binary' || e.kind === 'cond' || (e.kind === 'unary' && e.op === 'not');
}

function wrap(e: Expr, ctx: PrintContext): string {
  return isCompound(e) ? `(${exprText(e, ctx)})` : exprText(e, ctx);
}

/** Prints an expression; compound operands get parentheses so no precedence table is needed. */
export function exprText(e: Expr, ctx: PrintContext): string {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'name':
      return e.name;
    case 'list':
      return `[${e.items.map((i) => exprText(i, ctx)).join(', ')}]`;
    case 'unary':
      return e.op === 'not' ? `not ${wrap(e.arg, ctx)}` : `-${wrap(e.arg, ctx)}`;
    case 'binary':
      return `${wrap(e.left, ctx)} ${e.op} ${wrap(e.right, ctx)}`;
    case 'cond':
      return `${wrap(e.then, ctx)} if ${wrap(e.test, ctx)} else ${wrap(e.otherwise, ctx)}`;
    case 'index': {
      const letter = e.object.kind === 'name' ? ctx.lettered.get(e.object.name) : undefined;
      const i = e.index.kind === 'literal' ? e.index.value : null;
      if (letter !== undefined && typeof i === 'number' && Number.isInteger(i) && i >= 0) return `${letter}${i + 1}`;
      return `${wrap(e.object, ctx)}[${exprText(e.index, ctx)}]`;
    }
    case 'slice':
      return `${wrap(e.object, ctx)}[${e.lower ? exprText(e.lower, ctx) : ''}:${e.upper ? exprText(e.upper, ctx) : ''}${e.step ? `:${exprText(e.step, ctx)}` : ''}]`;
    case 'attr':
      return `${wrap(e.object, ctx)}.${e.name}`;
    case 'call':
      return `${e.callee}(${e.args.map((a) => exprText(a, ctx)).join(', ')})`;
  }
}

/** True when the printed expression needs no parentheses inside a bigger one (`f`, `F1`). */
export function isAtomic(e: Expr): boolean {
  return e.kind === 'name' || e.kind === 'literal' || e.kind === 'index' || e.kind === 'attr' || e.kind === 'call';
}

const MAX_INLINE_DEPTH = 8;

/** A name template as text, `{...}` parts kept; `let` entries that are templates are inlined. */
function templateText(parts: readonly (string | Expr)[], ctx: PrintContext, depth: number): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const inlined = p.kind === 'name' ? ctx.lets.get(p.name) : undefined;
      // Bounded: a let cannot refer to itself, but a hostile chain must not recurse forever.
      if (inlined && depth < MAX_INLINE_DEPTH) {
        if (inlined.kind === 'template') return templateText(inlined.parts, ctx, depth + 1);
        if (inlined.kind === 'const' && typeof inlined.value === 'string') return inlined.value;
      }
      return `{${exprText(p, ctx)}}`;
    })
    .join('');
}

/** Any computed value as text: constants as written, expressions printed, templates kept. */
export function computedText(c: ComputedValue, ctx: PrintContext, depth = 0): string {
  switch (c.kind) {
    case 'const':
      return typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
    case 'expr':
      return exprText(c.expr, ctx);
    case 'template':
      return templateText(c.parts, ctx, depth);
    case 'list':
      return `[${c.items.map((i) => computedText(i, ctx, depth)).join(', ')}]`;
    case 'map':
      return `{${c.entries.map(([k, v]) => `${k}: ${computedText(v, ctx, depth)}`).join(', ')}}`;
  }
}
