/**
 * Go-to-definition (block call → block, label or layer name → the step that writes it, `$param`
 * → its declaration, variant name → the variant) and the document outline (blocks, then the
 * body), for the language server.
 */
import type { SourceSpan } from '../ir.js';
import type { Located, Program, Step, TemplateDef } from '../program.js';
import type { Computed } from '../expr/ast.js';
import type { Analysis } from './analyze.js';
import { paramAt } from './hover.js';
import { allSteps, childBodies, spanContains, stepAt, templateAt } from './steps.js';

/** Where the thing at the offset is defined, or null. Never throws. */
export function definitionAt(a: Analysis, offset: number): SourceSpan | null {
  const program = a.program;
  if (!program) return null;
  const param = paramAt(a, offset);
  if (param) return param.decl.span;
  const visit = stepAt(program, offset);
  if (visit && (visit.step.kind === 'op' || visit.step.kind === 'call')) {
    const step = visit.step;
    if (step.kind === 'call' && spanContains(step.templateSpan, offset)) return program.templates.get(step.template)?.span ?? null;
    const refs: Located<Computed>[] = [...(step.wiring.input ? [step.wiring.input] : []), ...(step.wiring.inputs ?? [])];
    const ref = refs.find((r) => spanContains(r.span, offset));
    if (ref && ref.value.kind === 'const' && typeof ref.value.value === 'string') return referenceTarget(a, program, ref.value.value, visit.template, offset);
  }
  const dv = program.defaultVariant;
  if (dv && spanContains(dv.span, offset)) return program.variants.find((v) => v.name === dv.value)?.span ?? null;
  return null;
}

function referenceTarget(a: Analysis, program: Program, name: string, template: TemplateDef | null, offset: number): SourceSpan | null {
  if (template && (name === 'input' || template.inputs.includes(name))) return template.span;
  let best: SourceSpan | null = null;
  for (const v of allSteps(program)) {
    if (v.template !== template || (v.step.kind !== 'op' && v.step.kind !== 'call')) continue;
    if (v.step.wiring.as?.value === name && v.step.span.start < offset) best = v.step.span;
  }
  if (best) return best;
  for (const input of program.inputs) if (input.as?.value === name) return input.span;
  const node = a.graph?.nodes.find((n) => n.name === name);
  return node ? node.origin.span : null;
}

/** An outline entry. */
export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: 'block' | 'layer' | 'call' | 'loop' | 'group' | 'section' | 'param' | 'variant';
  readonly span: SourceSpan;
  readonly children: readonly OutlineSymbol[];
}

function stepSymbol(a: Analysis, step: Step): OutlineSymbol {
  const kids = (): OutlineSymbol[] => childBodies(step).flat().map((s) => stepSymbol(a, s));
  const textOf = (span: SourceSpan): string => a.text.slice(span.start, span.end).replace(/\s+/g, ' ').slice(0, 60);
  switch (step.kind) {
    case 'op':
      return { name: step.op, detail: step.name ? textOf(step.name.origin.span) : (step.wiring.as?.value ?? ''), kind: 'layer', span: step.span, children: [] };
    case 'call':
      return { name: step.template, detail: step.wiring.as?.value ?? '', kind: 'call', span: step.span, children: [] };
    case 'repeat':
      return { name: 'repeat', detail: textOf(step.count.origin.span), kind: 'loop', span: step.span, children: kids() };
    case 'for':
      return { name: `for ${step.variable}`, detail: textOf(step.items.origin.span), kind: 'loop', span: step.span, children: kids() };
    case 'group':
      return { name: `group ${textOf(step.label.origin.span)}`, detail: '', kind: 'group', span: step.span, children: kids() };
    case 'if':
      return { name: 'if', detail: textOf(step.condition.origin.span), kind: 'group', span: step.span, children: kids() };
  }
}

function bodySpan(steps: readonly Step[], fallback: SourceSpan): SourceSpan {
  if (steps.length === 0) return fallback;
  return { file: fallback.file, start: steps[0]!.span.start, end: steps[steps.length - 1]!.span.end };
}

/** The outline: parameters, variants, blocks (with their steps), then the model body. */
export function documentSymbols(a: Analysis): OutlineSymbol[] {
  const program = a.program;
  if (!program) return [];
  const out: OutlineSymbol[] = [];
  for (const p of program.params) out.push({ name: p.name, detail: p.type, kind: 'param', span: p.span, children: [] });
  for (const v of program.variants) out.push({ name: v.name, detail: 'variant', kind: 'variant', span: v.span, children: [] });
  for (const t of program.templates.values()) {
    out.push({ name: t.name, detail: 'block', kind: 'block', span: t.span, children: t.body.map((s) => stepSymbol(a, s)) });
  }
  if (program.body.length > 0) {
    out.push({ name: 'body', detail: String(program.name.kind === 'const' ? program.name.value : ''), kind: 'section', span: bodySpan(program.body, program.nameSpan), children: program.body.map((s) => stepSymbol(a, s)) });
  }
  return out;
}

/** The block defined at an offset (for callers that want the enclosing block). */
export { templateAt };
