/**
 * The model parameters as the generated `build<Model>(options)` takes them: an options
 * interface with one optional, typed, documented member per parameter, row types for tables
 * (`Stage` for `stages`), and the prologue that fills in each default the way graphc resolves it:
 * in order, each default seeing the parameters before it.
 */
import { DiagnosticSink } from '../../compiler/diagnostics/diagnostic.js';
import { evaluateValue, Scope } from '../../compiler/expr/evaluate.js';
import type { ComputedValue } from '../../compiler/expr/computed.js';
import type { Graph, Value } from '../../compiler/ir.js';
import type { ParamDecl, Program } from '../../compiler/program.js';
import { type InterfaceDeclarationStructure, type PropertySignatureStructure, StructureKind } from 'ts-morph';
import { type Code, PREC, valueCode, valueText } from './code.js';
import { convert, emitComputed, type ExprContext } from './expr.js';
import { convertCase, type Namer } from './namer.js';
import { printComputed } from './print-expr.js';
import { docComment, docText, memberName, propertyAccess } from './quote.js';
import { renderType, typeOfParam, usesValue, type TsType } from './types.js';

/** One model parameter in the generated code. */
export interface ModelParam {
  readonly decl: ParamDecl;
  /** Member name in the options interface. */
  readonly member: string;
  readonly type: TsType;
  /** The default: the declared one when it still gives the resolved value, else that value. */
  readonly fallback: { readonly computed: ComputedValue } | { readonly value: Value };
}

/** A named row type (`type Stage = {...}`). */
export interface RowType {
  readonly name: string;
  readonly param: string;
  readonly type: TsType & { kind: 'record' };
}

/** Members every object has: an option of that name would fight `{}`'s own (`constructor`). */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

function same(a: Value | undefined, b: Value | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The value a variant or `--set` gave, or the declaration's default when that still holds. */
function fallbackOf(decl: ParamDecl, graph: Graph): ModelParam['fallback'] {
  const resolved = graph.params[decl.name] ?? null;
  if (!decl.default) return { value: resolved };
  const declared = evaluateValue(decl.default, Scope.root({ ...graph.params }), new DiagnosticSink(), []);
  return same(declared, resolved) ? { computed: decl.default } : { value: resolved };
}

function named(t: TsType, name: string, param: string, namer: Namer, rows: RowType[]): TsType {
  if (t.kind === 'record' && t.fields.length > 0) {
    const row = { ...t, alias: namer.declare(name, 'pascal', 'Row') };
    rows.push({ name: row.alias, param, type: row });
    return row;
  }
  if (t.kind === 'list' && t.item.kind === 'record' && t.item.fields.length > 0) {
    return { kind: 'list', item: named(t.item, name.replace(/s$/, '') || name, param, namer, rows) };
  }
  return t;
}

/** Plans the parameters: their members, types, defaults and row types (named in the module). */
export function planParams(program: Program, graph: Graph, moduleNamer: Namer): { params: ModelParam[]; rows: RowType[] } {
  const rows: RowType[] = [];
  const members = new Set<string>();
  const params = program.params.map((decl) => {
    const base = convertCase(decl.name, 'camel') || decl.name;
    let member = OBJECT_MEMBERS.has(base) ? `${base}_` : base;
    for (let n = 2; members.has(member); n++) member = `${base}${n}`;
    members.add(member);
    const type = named(typeOfParam(decl, graph.params[decl.name]), decl.name, decl.name, moduleNamer, rows);
    return { decl, member, type, fallback: fallbackOf(decl, graph) };
  });
  return { params, rows };
}

/** What the member's documentation says about its default. */
function defaultNote(p: ModelParam): string {
  const f = p.fallback;
  const shown = 'value' in f ? valueCode(f.value).text : f.computed.kind === 'const' ? valueCode(f.computed.value).text : printComputed(f.computed);
  return shown.length > 60 ? 'Default: as in the YAML file.' : `Default: \`${shown.replace(/`/g, "'")}\`.`;
}

/** The options interface, as a ts-morph structure. */
export function optionsInterface(name: string, build: string, file: string, params: readonly ModelParam[], needValue: () => void): InterfaceDeclarationStructure {
  const properties = params.map((p): PropertySignatureStructure => {
    if (usesValue(p.type)) needValue();
    const facts = [
      p.decl.min !== undefined ? `At least ${p.decl.min}.` : '',
      p.decl.max !== undefined ? `At most ${p.decl.max}.` : '',
      p.decl.choices ? `One of ${p.decl.choices.map((c) => valueCode(c).text).join(', ')}.` : '',
      defaultNote(p),
    ].filter(Boolean);
    return {
      kind: StructureKind.PropertySignature,
      name: memberName(p.member),
      type: renderType(p.type),
      hasQuestionToken: true,
      isReadonly: true,
      docs: [docText([p.decl.description, facts.join(' ')])],
    };
  });
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    docs: [docText([`Options of {@link ${build}}: the model parameters of ${file}. Each may be left out.`])],
    properties,
  };
}

/** A row type declaration. */
export function rowTypeDeclaration(row: RowType, needValue: () => void): string {
  if (usesValue(row.type)) needValue();
  const fields = row.type.fields.map(([k, t]) => `  ${memberName(k)}: ${renderType(t)};`);
  return `${docComment([`A row of the \`${row.param}\` parameter.`])}\nexport type ${row.name} = {\n${fields.join('\n')}\n};`;
}

/** The build function's line for one parameter: from the options, or its default. */
export function paramLine(p: ModelParam, ident: string, ctx: ExprContext): string {
  const f = p.fallback;
  const constant = 'value' in f ? f.value : f.computed.kind === 'const' ? f.computed.value : undefined;
  const fallback: Code = constant !== undefined ? { ...valueCode(constant), text: valueText(constant, '  ') } : convert(emitComputed((f as { computed: ComputedValue }).computed, ctx), p.type, ctx);
  // `??` cannot be mixed with `||` or `&&` unparenthesized, and binds looser than `?:`.
  const text = fallback.prec > PREC.and ? fallback.text : `(${fallback.text})`;
  return `const ${ident} = ${propertyAccess('options', p.member)} ?? ${text};`;
}
