/**
 * Checkpoint conventions (`checkpoints:` in a model file): which one applies under the model's
 * parameters, and the checkpoint key of each graphc layer. A rule's left side is a pattern over
 * layer names (`conv{s}_block{b}_{k}_conv`, each `{capture}` a run of letters and digits, a
 * number when all digits); its right side is a template of the expression language evaluated
 * with the captures, the model parameters and the file's `let` names in scope. Nothing here
 * touches a checkpoint file: `weights/` applies the keys and layouts.
 */
import type { DiagnosticSink } from './diagnostics/diagnostic.js';
import { freeNames } from './expr/ast.js';
import { evaluateComputed, evaluateValue, Scope } from './expr/evaluate.js';
import { HELPERS, typeName } from './expr/helpers.js';
import type { Value } from './ir.js';
import type { CheckpointDecl, CheckpointLayout, CheckpointRule, Program } from './program.js';

/** A rule ready to match: its pattern compiled to an anchored regular expression. */
interface CompiledRule {
  readonly rule: CheckpointRule;
  readonly regex: RegExp;
  readonly captures: readonly string[];
}

/** A convention after evaluating its condition under the model's parameters. */
export interface ResolvedConvention {
  readonly name: string;
  readonly layout: CheckpointLayout;
  readonly active: boolean;
  readonly rules: readonly CompiledRule[];
  readonly scope: Scope;
}

const CAPTURE = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Layer names are short; this bounds the lazy captures' backtracking as well.
const MAX_NAME = 256;

/** Compiles `conv{s}_block{b}` to a regex; reports GC7008 and returns null for a bad pattern. */
function compilePattern(rule: CheckpointRule, sink: DiagnosticSink): CompiledRule | null {
  const text = rule.pattern.value;
  const captures: string[] = [];
  let source = '^';
  let i = 0;
  const fail = (why: string): null => (sink.report('GC7008', [text, why], rule.pattern.span, { hint: 'write literal text and `{name}` captures, e.g. conv{s}_block{b}_{k}_conv' }), null);
  if (text.length === 0 || text.length > MAX_NAME) return fail(`a pattern has 1 to ${MAX_NAME} characters`);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{') {
      const close = text.indexOf('}', i);
      const name = close < 0 ? '' : text.slice(i + 1, close);
      if (!CAPTURE.test(name)) return fail(close < 0 ? 'unterminated `{`' : `\`{${name}}\` is not a capture name`);
      if (captures.includes(name)) return fail(`\`{${name}}\` is captured twice`);
      captures.push(name);
      source += '([A-Za-z0-9]+?)';
      i = close + 1;
    } else if (c === '}') {
      return fail('unmatched `}`');
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i++;
    }
  }
  return { rule, regex: new RegExp(`${source}$`), captures };
}

/** The scope of the model's parameters and top-level `let` names. */
function modelScope(program: Program, params: { readonly [name: string]: Value }, sink: DiagnosticSink): Scope | null {
  let scope = Scope.root({ ...params });
  for (const entry of program.lets) {
    const v = evaluateValue(entry.value, scope, sink, []);
    if (v === undefined) return null;
    scope = scope.with({ [entry.name]: v });
  }
  return scope;
}

/** Reports names a key template uses that are neither captures nor model names. */
function checkNames(compiled: CompiledRule, scope: Scope, sink: DiagnosticSink): void {
  const key = compiled.rule.key;
  if (key.kind === 'const') return;
  const used = new Set<string>();
  if (key.kind === 'expr') freeNames(key.expr, used);
  else for (const p of key.parts) if (typeof p !== 'string') freeNames(p, used);
  const known = new Set([...compiled.captures, ...scope.names()]);
  for (const name of used) {
    if (!known.has(name) && !(name in HELPERS)) {
      sink.report('GC3002', [name], key.origin.span, { hint: `the captures of \`${compiled.rule.pattern.value}\` are ${compiled.captures.map((c) => `{${c}}`).join(', ') || 'none'}` });
    }
  }
}

/** Evaluates one declaration's condition; null after reporting. */
function isActive(decl: CheckpointDecl, scope: Scope, sink: DiagnosticSink): boolean | null {
  if (!decl.condition) return true;
  const v = evaluateValue(decl.condition, scope, sink, []);
  if (v === undefined) return null;
  if (typeof v !== 'boolean') {
    sink.report('GC3003', [`the \`if\` of checkpoint convention \`${decl.name}\` must be a bool, got ${typeName(v)}`], decl.condition.origin.span);
    return null;
  }
  return v;
}

/**
 * Every convention of the file under these parameters, patterns compiled and names checked.
 * Reports problems (the pipeline calls this so a bad mapping is a compile error).
 */
export function resolveCheckpoints(program: Program, params: { readonly [name: string]: Value }, sink: DiagnosticSink): ResolvedConvention[] {
  if (program.checkpoints.length === 0) return [];
  const scope = modelScope(program, params, sink);
  if (!scope) return [];
  const out: ResolvedConvention[] = [];
  for (const decl of program.checkpoints) {
    const rules: CompiledRule[] = [];
    for (const rule of decl.rules) {
      const compiled = compilePattern(rule, sink);
      if (!compiled) continue;
      checkNames(compiled, scope, sink);
      rules.push(compiled);
    }
    const active = isActive(decl, scope, sink);
    out.push({ name: decl.name, layout: decl.layout, active: active === true, rules, scope });
  }
  return out;
}

/** The active convention of a layout, if the file declares one. */
export function activeConvention(conventions: readonly ResolvedConvention[], layout: CheckpointLayout): ResolvedConvention | null {
  return conventions.find((c) => c.active && c.layout === layout) ?? null;
}

/**
 * The checkpoint key of a graphc layer: the first matching rule's template, else the layer's own
 * name. Undefined after reporting an evaluation error.
 */
export function checkpointKey(convention: ResolvedConvention | null, layer: string, sink: DiagnosticSink): string | undefined {
  if (!convention || layer.length > MAX_NAME) return layer;
  for (const c of convention.rules) {
    const m = c.regex.exec(layer);
    if (!m) continue;
    const vars: Record<string, Value> = {};
    c.captures.forEach((name, i) => {
      const text = m[i + 1]!;
      vars[name] = /^[0-9]{1,15}$/.test(text) ? Number(text) : text;
    });
    const v = evaluateComputed(c.rule.key, convention.scope.with(vars), sink, []);
    if (v === undefined) return undefined;
    return String(v);
  }
  return layer;
}
