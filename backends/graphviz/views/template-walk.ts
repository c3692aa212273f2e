/**
 * Reads a block template's body as a small data-flow graph, without evaluating it: the seed's
 * `X = f(X)` flow (each step reads the previous one unless it names its input), `as` labels,
 * the block's inputs and output. An `if` draws both branches, marked with their condition, and
 * the steps after it read from either; a `repeat` or `for` body is drawn once, marked. So the
 * figure shows the template itself, also one that no call instantiates.
 */
import type { Computed } from '../../../compiler/expr/ast.js';
import type { ComputedValue } from '../../../compiler/expr/computed.js';
import type { CallStep, Located, OpStep, Step, TemplateDef } from '../../../compiler/program.js';
import { computedText, type PrintContext } from './expr-text.js';

/** A box of the template figure. */
export type WalkNode =
  | { readonly id: string; readonly kind: 'input'; readonly name: string }
  | { readonly id: string; readonly kind: 'output' }
  /** A reference the walk cannot follow (a layer outside the block, a computed label). */
  | { readonly id: string; readonly kind: 'ref'; readonly text: string }
  | ({ readonly id: string; readonly kind: 'op'; readonly step: OpStep } & StepMarks)
  | ({ readonly id: string; readonly kind: 'call'; readonly step: CallStep } & StepMarks);

/** What the figure says about a step besides its settings. */
export interface StepMarks {
  /** Conditions and loops around the step, outermost first (`if stride == 1`, `repeat n×`). */
  readonly notes: readonly string[];
  /** The step may not run: drawn dashed. */
  readonly conditional: boolean;
}

/** An arrow: `to` reads `from` as its `position`-th input. */
export interface WalkEdge {
  readonly from: string;
  readonly to: string;
  readonly position: number;
  /** Taken only under a condition (one of several possible producers). */
  readonly optional: boolean;
}

/** The template as a graph; node ids are in body order, so every edge goes forward. */
export interface TemplateFlow {
  readonly nodes: readonly WalkNode[];
  readonly edges: readonly WalkEdge[];
}

interface State {
  /** The possible producers of the current tensor: more than one after an `if`. */
  cursor: readonly string[];
  labels: Map<string, readonly string[]>;
}

/** What surrounds the steps being walked: notes for the figure, and whether they may not run. */
interface Scope {
  readonly notes: readonly string[];
  readonly conditional: boolean;
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  return [...new Set([...a, ...b])];
}

class Walker {
  readonly nodes: WalkNode[] = [];
  readonly edges: WalkEdge[] = [];

  constructor(private readonly ctx: PrintContext) {}

  private nextId(): string {
    return `t${this.nodes.length}`;
  }

  private condText(c: ComputedValue): string {
    return computedText(c, this.ctx);
  }

  /** The producers a reference names: a label, `_` (the current tensor), else a `ref` box. */
  resolve(ref: Located<Computed>, state: State): readonly string[] {
    if (ref.value.kind === 'const' && typeof ref.value.value === 'string') {
      if (ref.value.value === '_') return state.cursor;
      const found = state.labels.get(ref.value.value);
      if (found) return found;
    }
    const id = this.nextId();
    this.nodes.push({ id, kind: 'ref', text: computedText(ref.value, this.ctx) });
    return [id];
  }

  private sources(step: OpStep | CallStep, state: State, reads: boolean): (readonly string[])[] {
    if (!reads) return [];
    const w = step.wiring;
    if (w.inputs) return w.inputs.map((r) => this.resolve(r, state));
    if (w.input) return [this.resolve(w.input, state)];
    return [state.cursor];
  }

  private connect(sources: readonly (readonly string[])[], to: string, conditional: boolean): void {
    sources.forEach((alternatives, position) => {
      for (const from of alternatives) this.edges.push({ from, to, position, optional: conditional || alternatives.length > 1 });
    });
  }

  private place(step: OpStep | CallStep, state: State, scope: Scope, reads: boolean): void {
    const condition = step.wiring.condition;
    const notes = condition ? [...scope.notes, `if ${this.condText(condition)}`] : scope.notes;
    const sources = this.sources(step, state, reads);
    const id = this.nextId();
    const conditional = scope.conditional || condition !== null;
    this.nodes.push(step.kind === 'op' ? { id, kind: 'op', step, notes, conditional } : { id, kind: 'call', step, notes, conditional });
    this.connect(sources, id, conditional);
    // A conditional step may be skipped, so whatever follows may also read what came before.
    state.cursor = condition ? union([id], state.cursor) : [id];
    if (step.wiring.as) state.labels.set(step.wiring.as.value, condition ? union([id], state.labels.get(step.wiring.as.value) ?? []) : [id]);
  }

  /** Walks steps; `readsInput(op)` is false for ops that take no input (an `Input` layer). */
  walk(steps: readonly Step[], state: State, scope: Scope, readsInput: (op: string) => boolean): void {
    const within = (note: string, conditional = scope.conditional): Scope => ({ notes: [...scope.notes, note], conditional });
    for (const step of steps) {
      switch (step.kind) {
        case 'op':
          this.place(step, state, scope, readsInput(step.op));
          break;
        case 'call':
          this.place(step, state, scope, true);
          break;
        case 'if': {
          const cond = this.condText(step.condition);
          const then: State = { cursor: state.cursor, labels: new Map(state.labels) };
          const otherwise: State = { cursor: state.cursor, labels: new Map(state.labels) };
          this.walk(step.then, then, within(`if ${cond}`, true), readsInput);
          this.walk(step.otherwise, otherwise, within(`unless ${cond}`, true), readsInput);
          state.cursor = union(then.cursor, otherwise.cursor);
          for (const key of new Set([...then.labels.keys(), ...otherwise.labels.keys()])) {
            state.labels.set(key, union(then.labels.get(key) ?? [], otherwise.labels.get(key) ?? []));
          }
          break;
        }
        case 'repeat':
        case 'for':
        case 'group': {
          // A loop is drawn once, marked; a guarded one is conditional like an `if`.
          const guarded: Scope = step.condition ? within(`if ${this.condText(step.condition)}`, true) : scope;
          const mark = step.kind === 'repeat' ? `repeat ${this.condText(step.count)}×` : step.kind === 'for' ? `for ${step.variable} in ${this.condText(step.items)}` : `group ${this.condText(step.label)}`;
          this.walk(step.body, state, { notes: [...guarded.notes, mark], conditional: guarded.conditional }, readsInput);
          break;
        }
      }
    }
  }
}

/** Walks a template body; `readsInput(op)` says whether an op takes inputs at all. */
export function walkTemplate(template: TemplateDef, ctx: PrintContext, readsInput: (op: string) => boolean): TemplateFlow {
  const walker = new Walker(ctx);
  const labels = new Map<string, readonly string[]>();
  template.inputs.forEach((name, i) => {
    walker.nodes.push({ id: `t${i}`, kind: 'input', name });
    labels.set(name, [`t${i}`]);
  });
  const state: State = { cursor: template.inputs.length > 0 ? ['t0'] : [], labels };
  walker.walk(template.body, state, { notes: [], conditional: false }, readsInput);
  const producers = template.output ? walker.resolve(template.output, state) : state.cursor;
  const id = `t${walker.nodes.length}`;
  walker.nodes.push({ id, kind: 'output' });
  for (const from of producers) walker.edges.push({ from, to: id, position: 0, optional: producers.length > 1 });
  return { nodes: walker.nodes, edges: walker.edges };
}
