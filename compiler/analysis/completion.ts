/**
 * Completion at a cursor: op names and block names at a step, attributes of a layer (also inside
 * an empty `{ }`) with their types and defaults, a block call's parameters, shorthand and enum
 * values, variant names, and the labels and layer names an `input:` / `inputs:` can read there.
 */
import { formatValue } from '../diagnostics/render.js';
import { ACTIVATIONS } from '../ops/attrs.js';
import { OPS } from '../ops/registry.js';
import type { AttrSpec } from '../ops/types.js';
import { opAttributes } from '../ops/types.js';
import { RESERVED_STEP_KEYS, WIRING_KEYS, type ParamDecl, type Program, type Step } from '../program.js';
import type { Analysis } from './analyze.js';
import { cursorContext, type CursorContext } from './cursor-context.js';
import { allSteps, templateAt } from './steps.js';

/** What kind of thing a completion inserts (mapped to the editor's icons by the server). */
export type CompletionKind = 'op' | 'block' | 'attribute' | 'param' | 'value' | 'label' | 'variant' | 'keyword';

/** One completion. */
export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line: a type and default, or where the name comes from. */
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
}

/** Top-level keys of a model file, with what they hold. */
const TOP_KEYS: Readonly<Record<string, string>> = {
  graphc: 'Language version (`graphc: 1`).',
  name: 'Model name (Keras `Model(name=...)`).',
  description: 'What the model is.',
  params: 'Model parameters with types and defaults, overridable with `--set`.',
  variants: 'Named sets of parameter values (a family of models from one file).',
  default_variant: 'The variant used when none is chosen.',
  let: 'Model-level computed values.',
  defaults: 'Attribute defaults per layer type.',
  blocks: 'Reusable block templates.',
  inputs: 'The model inputs.',
  body: 'The layers and block calls of the model.',
  outputs: 'The model outputs (default: the last layer).',
  training: 'Optimizer, loss and metrics, as in Keras `model.compile`.',
  checkpoints: 'How other tools\' checkpoints name and lay out the weights, per convention (`--weights`, `build --target safetensors|keras-h5`).',
};

/** Keys of a parameter declaration. */
const PARAM_KEYS: Readonly<Record<string, string>> = {
  type: 'int, number, bool, str, shape, list, int_list, map or any',
  default: 'value when not given',
  description: 'what it means',
  min: 'smallest allowed number',
  max: 'largest allowed number',
  choices: 'allowed values',
  length: 'required list length',
};

function attrDetail(spec: AttrSpec): string {
  const type = spec.type === 'enum' ? (spec.values ?? []).join(' | ') : spec.type;
  if (spec.default !== undefined) return `${type} = ${formatValue(spec.default)}`;
  return spec.optional ? `${type} (optional)` : `${type} (required)`;
}

function paramDetail(a: Analysis, p: ParamDecl): string {
  const d = p.default ? ` = ${a.text.slice(p.default.origin.span.start, p.default.origin.span.end)}` : ' (required)';
  return `${p.type}${d}`;
}

function opCompletions(): Completion[] {
  return [...OPS.values()].filter((op) => op.name !== 'Input').map((op) => ({ label: op.name, kind: 'op', detail: 'layer', documentation: op.description }));
}

function blockCompletions(program: Program | null): Completion[] {
  return [...(program?.templates.values() ?? [])].map((t) => ({ label: t.name, kind: 'block', detail: 'block', documentation: t.description }));
}

function attrCompletions(a: Analysis, program: Program | null, owner: string, present: readonly string[]): Completion[] {
  const op = OPS.get(owner);
  const have = new Set(present);
  if (op) {
    const out: Completion[] = opAttributes(op).entries.filter(([k]) => !have.has(k)).map(([k, spec]) => ({ label: k, kind: 'attribute', detail: attrDetail(spec), documentation: spec.description }));
    for (const k of ['name', ...WIRING_KEYS]) if (!have.has(k)) out.push({ label: k, kind: 'keyword', detail: 'wiring', documentation: WIRING_DOCS[k] ?? '' });
    return out;
  }
  const template = program?.templates.get(owner);
  if (template) {
    const out: Completion[] = template.params.filter((p) => !have.has(p.name)).map((p) => ({ label: p.name, kind: 'param', detail: paramDetail(a, p), documentation: p.description }));
    for (const k of WIRING_KEYS) if (!have.has(k)) out.push({ label: k, kind: 'keyword', detail: 'wiring', documentation: WIRING_DOCS[k] ?? '' });
    return out;
  }
  return [];
}

const WIRING_DOCS: Readonly<Record<string, string>> = {
  name: 'The Keras layer name; `{...}` interpolates.',
  input: 'The tensor this step reads: a label, a layer name, or `input` (the block input).',
  inputs: 'The tensors a merge reads, in order.',
  as: 'A label for this step\'s output, for later `input:`/`inputs:`.',
  if: 'Keep this step only when the condition is true.',
};

/** Labels and layer names a step at `offset` can read. */
function referenceCompletions(a: Analysis, program: Program | null, offset: number): Completion[] {
  if (!program) return [];
  const template = templateAt(program, offset);
  const out = new Map<string, Completion>();
  const add = (label: string, detail: string): void => {
    if (!out.has(label)) out.set(label, { label, kind: 'label', detail, documentation: '' });
  };
  if (template) {
    add('input', 'the block input');
    for (const name of template.inputs) add(name, 'block input');
  }
  for (const v of allSteps(program)) {
    if (v.template !== template || v.step.span.end > offset) continue;
    const as = labelOf(v.step);
    if (as) add(as, `label (${describeStep(v.step)})`);
  }
  if (!template) {
    for (const input of program.inputs) if (input.as) add(input.as.value, 'model input');
    for (const node of a.graph?.nodes ?? []) {
      if (node.origin.span.end <= offset && node.origin.trace.length === 0) add(node.name, `layer ${node.op}`);
    }
  }
  return [...out.values()];
}

function labelOf(step: Step): string | null {
  return step.kind === 'op' || step.kind === 'call' ? (step.wiring.as?.value ?? null) : null;
}

function describeStep(step: Step): string {
  return step.kind === 'op' ? step.op : step.kind === 'call' ? step.template : step.kind;
}

function valueCompletions(a: Analysis, program: Program | null, ctx: Extract<CursorContext, { kind: 'value' }>, offset: number): Completion[] {
  if (ctx.key === 'input' || ctx.key === 'inputs') return referenceCompletions(a, program, offset);
  if (ctx.key === 'default_variant') return variantCompletions(program);
  const op = ctx.owner ? OPS.get(ctx.owner) : undefined;
  const key = ctx.key === '' ? op?.positional : ctx.key;
  const spec = op && key ? opAttributes(op).specs[key] : undefined;
  if (!spec) return ctx.key === '' ? [] : ctx.key === 'type' && ctx.section === 'params' ? ['int', 'number', 'bool', 'str', 'shape', 'list', 'int_list', 'map', 'any'].map((t) => ({ label: t, kind: 'value', detail: 'parameter type', documentation: '' })) : [];
  if (spec.type === 'activation') return ACTIVATIONS.map((v) => ({ label: v, kind: 'value', detail: 'activation', documentation: '' }));
  if (spec.type === 'enum') return (spec.values ?? []).map((v) => ({ label: v, kind: 'value', detail: key ?? '', documentation: '' }));
  if (spec.type === 'bool') return ['true', 'false'].map((v) => ({ label: v, kind: 'value', detail: 'bool', documentation: '' }));
  return [];
}

function variantCompletions(program: Program | null): Completion[] {
  return (program?.variants ?? []).map((v) => ({ label: v.name, kind: 'variant', detail: 'variant', documentation: v.description }));
}

/**
 * Completions at an offset, filtered by the word being typed. While someone types, the text
 * often does not load; `fallback` (the last analysis of this document that did) then supplies
 * the blocks, parameters, labels and variants. Never throws.
 */
export function completeAt(a: Analysis, offset: number, fallback: Analysis | null = null): Completion[] {
  const ctx = cursorContext(a.text, offset);
  const program = a.program ?? fallback?.program ?? null;
  let items: Completion[];
  switch (ctx.kind) {
    case 'step':
      items = [...opCompletions(), ...blockCompletions(program), ...RESERVED_STEP_KEYS.filter((k) => ['repeat', 'for', 'group', 'if'].includes(k)).map((k) => ({ label: k, kind: 'keyword' as const, detail: 'construct', documentation: '' }))];
      break;
    case 'key':
      items = ctx.section === 'params' ? Object.entries(PARAM_KEYS).filter(([k]) => !ctx.present.includes(k)).map(([k, d]) => ({ label: k, kind: 'keyword' as const, detail: d, documentation: '' })) : attrCompletions(a, program, ctx.owner, ctx.present);
      break;
    case 'value':
      items = valueCompletions(a, program, ctx, offset);
      break;
    case 'top':
      items = Object.entries(TOP_KEYS).map(([k, d]) => ({ label: k, kind: 'keyword' as const, detail: 'top-level key', documentation: d }));
      break;
    default:
      items = [];
  }
  const prefix = 'prefix' in ctx ? ctx.prefix.toLowerCase() : '';
  return prefix === '' ? items : items.filter((c) => c.label.toLowerCase().startsWith(prefix) || c.label.toLowerCase().includes(prefix));
}

