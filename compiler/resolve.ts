/**
 * Stage 4: resolves the model's parameters: declared defaults, then the chosen variant's
 * values, then `--set` overrides, each checked against its declaration; then the model-level
 * `let` table and the model name. The result is the scope every expansion starts from.
 */
import { didYouMean, type DiagnosticSink } from './diagnostics/diagnostic.js';
import { evaluateValue, Scope } from './expr/evaluate.js';
import type { SourceSpan, Value } from './ir.js';
import { toPlain } from './parse.js';
import { checkParam } from './param-types.js';
import { setKey, valueMap } from './expr/helpers.js';
import { importValue } from './expr/budget.js';
import type { Program, VariantDef } from './program.js';

/** One `--set key=value` (or API override), already parsed to a value. */
export interface Override {
  readonly key: string;
  readonly value: Value;
}

/** What a compilation is asked for beyond the file. */
export interface ResolveOptions {
  readonly variant?: string | null;
  readonly overrides?: readonly Override[];
}

/** The resolved model-level values. */
export interface Resolved {
  readonly name: string;
  readonly variant: string | null;
  readonly params: { readonly [name: string]: Value };
  /** Parameters and model `let` entries: the root scope of expansion. */
  readonly scope: Scope;
}

function chooseVariant(program: Program, wanted: string | null | undefined, sink: DiagnosticSink): VariantDef | null | undefined {
  const names = program.variants.map((v) => v.name);
  if (program.variants.length === 0) {
    if (wanted) sink.report('GC3107', [wanted], null);
    return wanted ? undefined : null;
  }
  const name = wanted ?? program.defaultVariant?.value;
  if (!name) {
    sink.report('GC3105', [names.join(', ')], program.nameSpan);
    return undefined;
  }
  const found = program.variants.find((v) => v.name === name);
  if (!found) {
    const span: SourceSpan | null = wanted ? null : program.defaultVariant?.span ?? null;
    sink.report('GC3103', [name], span, { hint: didYouMean(name, names) ?? `the variants are ${names.join(', ')}` });
  }
  return found;
}

/** Resolves parameters, variant and overrides; undefined after reporting errors. */
export function resolveModel(program: Program, options: ResolveOptions, sink: DiagnosticSink): Resolved | undefined {
  const variant = chooseVariant(program, options.variant, sink);
  if (variant === undefined) return undefined;
  const declared = new Set(program.params.map((p) => p.name));
  const fromVariant = new Map<string, { value: Value; span: SourceSpan }>();
  for (const p of variant?.params ?? []) {
    if (!declared.has(p.key)) sink.report('GC3101', [p.key], p.keySpan, { hint: didYouMean(p.key, declared) });
    else fromVariant.set(p.key, { value: toPlain(p.value) as Value, span: p.value.span });
  }
  const fromCli = new Map<string, Value>();
  for (const o of options.overrides ?? []) {
    if (!declared.has(o.key)) {
      sink.report('GC3101', [o.key], null, { hint: didYouMean(o.key, declared) ?? `the parameters are ${[...declared].join(', ') || 'none'}` });
    } else {
      // Overrides come from outside the file (a YAML `--set` value may even be cyclic): check
      // them as data before anything walks them.
      const imported = importValue(o.value);
      if ('problem' in imported) sink.report('GC3102', [o.key, `${imported.problem} (from --set ${o.key})`], null);
      else fromCli.set(o.key, imported.value);
    }
  }
  const params = valueMap();
  // One growing map per table, not one scope per entry: lookups stay O(1) in a long table, and
  // an entry still sees only the entries before it because later ones are not set yet.
  const paramVars = new Map<string, Value>();
  let scope = Scope.root().with(paramVars);
  for (const decl of program.params) {
    let value: Value | undefined;
    let span: SourceSpan | null = decl.span;
    let source = 'its default';
    if (fromCli.has(decl.name)) {
      value = fromCli.get(decl.name);
      span = null;
      source = `--set ${decl.name}`;
    } else if (fromVariant.has(decl.name)) {
      ({ value, span } = fromVariant.get(decl.name)!);
      source = `variant ${variant!.name}`;
    } else if (decl.default) {
      value = evaluateValue(decl.default, scope, sink, []);
      span = decl.default.origin.span;
      if (value === undefined) continue;
    } else {
      sink.report('GC3104', [decl.name], decl.span, { hint: `give it a default, or pass --set ${decl.name}=...` });
      continue;
    }
    const problem = checkParam(decl, value as Value);
    if (problem) {
      sink.report('GC3102', [decl.name, `${problem} (from ${source})`], span);
      continue;
    }
    setKey(params, decl.name, value as Value);
    paramVars.set(decl.name, value as Value);
  }
  if (sink.hasErrors()) return undefined;
  const letVars = new Map<string, Value>();
  scope = scope.with(letVars);
  for (const entry of program.lets) {
    const v = evaluateValue(entry.value, scope, sink, []);
    if (v === undefined) return undefined;
    letVars.set(entry.name, v);
  }
  const nameValue = variant?.modelName ?? program.name;
  const name = evaluateValue(nameValue, scope, sink, []);
  if (name === undefined) return undefined;
  return { name: String(name), variant: variant?.name ?? null, params, scope };
}
