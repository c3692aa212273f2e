/**
 * Binds a block call's arguments to the template's parameters: unknown arguments, missing ones
 * and type mismatches are reported; defaults are evaluated in the template's own scope (the
 * model's parameters and the parameters before them), never the caller's.
 */
import { didYouMean, type DiagnosticSink } from '../diagnostics/diagnostic.js';
import { evaluateValue, type Scope } from '../expr/evaluate.js';
import type { ComputedValue } from '../expr/computed.js';
import type { ExpansionFrame, SourceSpan, Value } from '../ir.js';
import { checkParam } from '../param-types.js';
import { setKey, valueMap } from '../expr/helpers.js';
import type { CallStep, TemplateDef } from '../program.js';

/** The bound arguments and the scope the block body runs in. */
export interface Bound {
  readonly args: { readonly [name: string]: Value };
  readonly scope: Scope;
}

/** Binds arguments; null after reporting. */
export function bindArguments(
  template: TemplateDef,
  step: CallStep,
  modelScope: Scope,
  evaluateInCaller: (c: ComputedValue) => Value | undefined,
  sourceOf: (c: ComputedValue) => SourceSpan | null,
  sink: DiagnosticSink,
  trace: readonly ExpansionFrame[],
): Bound | null {
  const declared = new Set(template.params.map((p) => p.name));
  const given = new Map<string, Value>();
  let ok = true;
  for (const arg of step.args) {
    if (!declared.has(arg.key)) {
      sink.report('GC3202', [template.name, arg.key], arg.keySpan, { hint: didYouMean(arg.key, declared), trace });
      ok = false;
      continue;
    }
    const v = evaluateInCaller(arg.value);
    if (v === undefined) ok = false;
    else given.set(arg.key, v);
  }
  const args = valueMap();
  // Growing maps, as in resolve.ts: each entry sees the ones before it.
  const paramVars = new Map<string, Value>();
  let scope = modelScope.with(paramVars);
  for (const decl of template.params) {
    let v: Value | undefined = given.get(decl.name);
    const fromCall = v !== undefined;
    if (!fromCall && decl.default) v = evaluateValue(decl.default, scope, sink, trace);
    if (v === undefined) {
      if (!fromCall && !decl.default) {
        sink.report('GC3203', [template.name, decl.name], step.templateSpan, { trace, hint: decl.description || null });
      }
      ok = false;
      continue;
    }
    const problem = checkParam(decl, v);
    if (problem) {
      const arg = fromCall ? step.args.find((a) => a.key === decl.name)! : null;
      const span = arg ? arg.value.origin.span : decl.span;
      // A value taken from a table row (`$st.filters`) is wrong where the row writes it.
      const written = arg ? sourceOf(arg.value) : null;
      const related = written ? [{ span: written, message: 'the value is written here' }] : [];
      sink.report('GC3204', [decl.name, template.name, problem], span, { trace, related });
      ok = false;
      continue;
    }
    setKey(args, decl.name, v);
    paramVars.set(decl.name, v);
  }
  if (!ok) return null;
  const letVars = new Map<string, Value>();
  scope = scope.with(letVars);
  const letTrace = [...trace, { template: template.name, args, call: step.span }];
  for (const entry of template.lets) {
    const v = evaluateValue(entry.value, scope, sink, letTrace);
    if (v === undefined) return null;
    letVars.set(entry.name, v);
  }
  return { args, scope };
}
