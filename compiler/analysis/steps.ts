/**
 * Walks a program's steps (the model body and every block body) with their context, and finds
 * the innermost step at an offset. The analysis features (hover, completion, definition, symbols)
 * all start from here.
 */
import type { SourceSpan } from '../ir.js';
import type { CallStep, OpStep, Program, Step, TemplateDef } from '../program.js';

/** A step with where it stands: its block (null for the model body) and its enclosing steps. */
export interface StepVisit {
  readonly step: Step;
  readonly template: TemplateDef | null;
  readonly parents: readonly Step[];
}

/** The nested bodies of a step. */
export function childBodies(step: Step): readonly (readonly Step[])[] {
  switch (step.kind) {
    case 'repeat':
    case 'for':
    case 'group':
      return [step.body];
    case 'if':
      return [step.then, step.otherwise];
    default:
      return [];
  }
}

/**
 * Every step of the program in source order within each body, iteratively (bodies may be deep;
 * no recursion on user-controlled depth).
 */
export function allSteps(program: Program): StepVisit[] {
  const out: StepVisit[] = [];
  const roots: { body: readonly Step[]; template: TemplateDef | null }[] = [
    ...[...program.templates.values()].map((t) => ({ body: t.body, template: t })),
    { body: program.body, template: null },
  ];
  for (const root of roots) {
    const stack: { step: Step; parents: readonly Step[] }[] = [...root.body].reverse().map((step) => ({ step, parents: [] }));
    while (stack.length > 0) {
      const { step, parents } = stack.pop()!;
      out.push({ step, template: root.template, parents });
      const inner = childBodies(step).flat();
      for (let i = inner.length - 1; i >= 0; i--) stack.push({ step: inner[i]!, parents: [...parents, step] });
    }
  }
  return out;
}

/** True when `offset` lies in `span` (end inclusive, so a cursor just after a word counts). */
export function spanContains(span: SourceSpan, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The innermost step whose span contains the offset. */
export function stepAt(program: Program, offset: number): StepVisit | null {
  let best: StepVisit | null = null;
  for (const v of allSteps(program)) {
    if (!spanContains(v.step.span, offset)) continue;
    if (!best || v.step.span.end - v.step.span.start <= best.step.span.end - best.step.span.start) best = v;
  }
  return best;
}

/** The text a block definition covers: from its name to its last step, `let` entry or output. */
export function templateExtent(t: TemplateDef): SourceSpan {
  let end = t.span.end;
  for (const p of t.params) end = Math.max(end, p.span.end, p.default?.origin.span.end ?? 0);
  for (const l of t.lets) end = Math.max(end, l.span.end, l.value.origin.span.end);
  for (const s of t.body) end = Math.max(end, s.span.end);
  if (t.output) end = Math.max(end, t.output.span.end);
  return { file: t.span.file, start: t.span.start, end };
}

/** The block whose definition contains the offset, if any. */
export function templateAt(program: Program, offset: number): TemplateDef | null {
  for (const t of program.templates.values()) if (spanContains(templateExtent(t), offset)) return t;
  return null;
}

/** Layer and call steps only. */
export function isLayerOrCall(step: Step): step is OpStep | CallStep {
  return step.kind === 'op' || step.kind === 'call';
}

/** A stable key for a span, to index nodes by the step that wrote them. */
export function spanKey(span: SourceSpan): string {
  return `${span.start}:${span.end}`;
}
