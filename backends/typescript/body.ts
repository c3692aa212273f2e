/**
 * Writes the statements of one body (a block function's or the model's) in the seed's style:
 * `x = apply(layer, x)` for each step, so the data flow reads as `X = f(X)`. The previous step's
 * output is tracked as a TypeScript expression (`x`, or a label like `main` right after
 * `as: main`) and written back to `x` only where control flow joins (loops, `if`).
 */
import type { Computed } from '../../compiler/expr/ast.js';
import type { ComputedValue } from '../../compiler/expr/computed.js';
import { snakeCase } from '../../compiler/ops/registry.js';
import type { CallStep, Located, OpStep, Step, Wiring } from '../../compiler/program.js';
import { type Code, member } from './code.js';
import { bindingOf, convert, emitComputed, type ExprContext, valueDeclaration } from './expr.js';
import { inValue, type LabelPlan, mentions } from './labels.js';
import { argsObject, layerArg } from './layers.js';
import type { Namer } from './namer.js';
import { printComputed } from './print-expr.js';
import { lineCommentText, propertyKey, quoteString } from './quote.js';
import type { ModuleContext, ValueScope } from './scope.js';
import { listOf, T } from './types.js';

/** Where a body starts: its names, its labels and the tensor it reads first. */
export interface BodyStart {
  readonly namer: Namer;
  readonly scope: ValueScope;
  readonly plan: LabelPlan;
  /** Identifier of every label of the body. */
  readonly labels: ReadonlyMap<string, string>;
  /** The variable that carries the previous step's output. */
  readonly x: string;
  /** False when `x` is not declared yet (the model body declares it at its first step). */
  readonly xDeclared: boolean;
  /** The expression holding the first step's input. */
  readonly cursor: string;
  /** Labels already assigned (inputs), with their `const` declared by the caller. */
  readonly assigned: readonly string[];
  /** Nesting of the body in the file, for line widths (the formatter indents for real). */
  readonly depth: number;
}

const LINE_WIDTH = 130;

/** Emits the statements of one body; read `lines` and `cursor` when done. */
export class BodyEmitter {
  readonly lines: string[] = [];
  private depth: number;
  private namer: Namer;
  private scope: ValueScope;
  /** The expression holding the previous step's output. */
  cursor: string;
  private xDeclared: boolean;
  private inScope: Set<string>;
  private readonly narrowed = new Set<string>();
  /** Labels assigned somewhere above the current line (a computed reference may read them). */
  private readonly assignedSoFar: Set<string>;

  constructor(
    private readonly mod: ModuleContext,
    private readonly start: BodyStart,
  ) {
    this.depth = start.depth;
    this.namer = start.namer;
    this.scope = start.scope;
    this.cursor = start.cursor;
    this.xDeclared = start.xDeclared;
    this.inScope = new Set(start.assigned.filter((l) => !start.plan.hoisted.has(l)));
    this.assignedSoFar = new Set(start.assigned);
    for (const l of start.assigned) if (start.plan.hoisted.has(l)) this.narrowed.add(l);
  }

  /** Adds a line at the current depth. */
  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  /** The context expressions are translated in here. */
  ctx(): ExprContext {
    return {
      lookup: (name) => this.scope.lookup(name),
      tensor: (label) => this.tensor(label),
      helper: (name) => (this.mod.helpers.add(name), name),
      fail: this.mod.fail,
    };
  }

  /** The TypeScript expression of a label here, or undefined when none is visible. */
  tensor(label: string): string | undefined {
    if (label === '_') return this.cursor;
    const ident = this.start.labels.get(label);
    if (ident === undefined) return undefined;
    if (!this.start.plan.hoisted.has(label)) return this.inScope.has(label) ? ident : undefined;
    if (this.narrowed.has(label)) return ident;
    return `${this.ctx().helper('defined')}(${ident}, ${quoteString(label)})`;
  }

  private ref(r: Located<Computed>): string {
    if (r.value.kind === 'const') {
      const name = String(r.value.value);
      const t = this.tensor(name);
      if (t !== undefined) return t;
      return this.mod.fail(`the step reads \`${name}\`, which is no label here; the TypeScript target reads tensors by label (\`as:\`), not by layer name`);
    }
    const ctx = this.ctx();
    const name = convert(emitComputed(r.value, ctx), T.string, ctx);
    // A computed reference may name any label set so far: offer those TypeScript can see here.
    const entries: string[] = [`_: ${this.cursor}`];
    for (const [label, ident] of this.start.labels) {
      const visible = this.start.plan.hoisted.has(label) ? this.assignedSoFar.has(label) : this.inScope.has(label);
      if (label === '_' || !visible) continue;
      entries.push(label === ident ? ident : `${propertyKey(label)}: ${ident}`);
    }
    return `${ctx.helper('labelled')}(${name.text}, { ${entries.join(', ')} })`;
  }

  private inputs(w: Wiring): string[] {
    if (w.inputs) return w.inputs.map((r) => this.ref(r));
    if (w.input) return [this.ref(w.input)];
    return [this.cursor];
  }

  /** Writes `x = <value>` (or `const main = ...` for a label) and moves the cursor. */
  private assign(label: string | null, head: string, args: readonly (readonly [string, string])[] | null, tail: string): void {
    let target: string;
    if (label === null) {
      target = this.xDeclared ? `${this.start.x} = ` : `let ${this.start.x} = `;
      this.xDeclared = true;
      this.cursor = this.start.x;
    } else {
      const ident = this.start.labels.get(label)!;
      const hoisted = this.start.plan.hoisted.has(label);
      target = hoisted ? `${ident} = ` : `const ${ident} = `;
      (hoisted ? this.narrowed : this.inScope).add(label);
      this.assignedSoFar.add(label);
      this.cursor = ident;
    }
    const flat = `${target}${head}${args ? argsObject(args) : ''}${tail};`;
    if (!args || args.length < 2 || flat.length + 2 * this.depth <= LINE_WIDTH) {
      this.line(flat);
      return;
    }
    this.line(`${target}${head}{`);
    this.depth++;
    for (const [k, v] of args) this.line(`${k === v ? k : `${k}: ${v}`},`);
    this.depth--;
    this.line(`}${tail};`);
  }

  /** Moves the previous step's output into `x`, where control flow joins. */
  materialize(): void {
    if (this.cursor !== this.start.x) this.assign(null, this.cursor, null, '');
  }

  private block(header: string, body: () => void, namer: Namer = this.namer.child()): void {
    this.materialize();
    const saved = { inScope: new Set(this.inScope), namer: this.namer, scope: this.scope };
    this.narrowed.clear();
    this.line(`${header} {`);
    this.depth++;
    this.namer = namer;
    body();
    this.materialize();
    this.depth--;
    this.line('}');
    this.inScope = saved.inScope;
    this.namer = saved.namer;
    this.scope = saved.scope;
    this.narrowed.clear();
  }

  /** The test of an `if`: graphc requires true or false, so anything else is checked. */
  condition(c: ComputedValue): string {
    const ctx = this.ctx();
    return convert(emitComputed(c, ctx), T.boolean, ctx).text;
  }

  private op(step: OpStep): void {
    const inputs = this.inputs(step.wiring);
    const ctx = this.ctx();
    const name = step.name
      ? convert(emitComputed(step.name, ctx), T.string, ctx).text
      : `${this.mod.layerNames}.next(${quoteString(snakeCase(step.op))})`;
    // Seeds derive from the layer name; an unnamed layer's name is peeked, not taken, since the
    // arguments are evaluated before the `name` property that takes it.
    const nameForSeed = step.name ? name : `${this.mod.layerNames}.peek(${quoteString(snakeCase(step.op))})`;
    const seedOf = (key: string): string => `${ctx.helper('layerSeed')}(${nameForSeed}, ${JSON.stringify(key)})`;
    const args = step.args.map((a) => layerArg(step.op, a.key, a.value, ctx, seedOf)).filter((a): a is readonly [string, string] => a !== null);
    const input = inputs.length === 1 ? inputs[0]! : `[${inputs.join(', ')}]`;
    this.assign(step.wiring.as?.value ?? null, `${ctx.helper('apply')}(${this.mod.factory(step.op)}(`, [...args, ['name', name]], `), ${input})`);
  }

  private call(step: CallStep): void {
    const block = this.mod.blocks.get(step.template);
    if (!block) return this.mod.fail(`there is no block \`${step.template}\``);
    const inputs = this.inputs(step.wiring);
    const ctx = this.ctx();
    const args = block.def.params.map((p, i) => {
      const given = step.args.find((a) => a.key === p.name);
      if (given) return convert(emitComputed(given.value, ctx), block.paramTypes[i]!, ctx).text;
      return p.default ? null : this.mod.fail(`block \`${step.template}\` needs \`${p.name}\``);
    });
    while (args.length > 0 && args[args.length - 1] === null) args.pop();
    const all = [...inputs, ...args.map((a) => a ?? 'undefined')];
    this.assign(step.wiring.as?.value ?? null, `${block.ident}(${all.join(', ')})`, null, '');
  }

  private conditional(c: ComputedValue | null, body: () => void): void {
    if (c) this.block(`if (${this.condition(c)})`, body, this.namer);
    else body();
  }

  private loop(step: Step & { kind: 'repeat' | 'for' }): void {
    const namer = this.namer.child();
    const ctx = this.ctx();
    // The loop binds its counter and `letter` (the block letter); declare what the body reads.
    const reads = (name: string): boolean => mentions(step.body, name) || inValue(step.group, name);
    const letterUsed = reads('letter');
    const indexUsed = step.kind === 'repeat' || letterUsed || reads(step.index);
    const outside = step.kind === 'repeat' ? step.count : step.items;
    const index = indexUsed ? namer.declareValue(step.index, !inValue(outside, step.index)) : '';
    const letter = letterUsed ? namer.declareValue('letter') : '';
    let scope = this.scope.with({ [step.index]: { ident: index, type: T.number, natural: true }, letter: { ident: letter, type: T.string } });
    let header: () => string;
    if (step.kind === 'repeat') {
      const count = convert(emitComputed(step.count, ctx), T.number, ctx);
      header = () => `for (let ${index} = 0; ${index} < ${count.text}; ${index}++)`;
    } else {
      const given = emitComputed(step.items, ctx);
      const items: Code = given.type.kind === 'list' ? given : convert(given, listOf(T.value), ctx);
      const item = items.type.kind === 'list' && items.type.item.kind !== 'never' ? items.type.item : T.value;
      const v = namer.declareValue(step.variable, !inValue(step.items, step.variable));
      scope = scope.with({ [step.variable]: { ident: v, type: item } });
      header = () => (indexUsed ? `for (const [${index}, ${v}] of ${member(items)}.entries())` : `for (const ${v} of ${items.text})`);
    }
    this.materialize();
    const at = this.lines.length;
    this.block('', () => {
      this.scope = scope;
      const first = this.lines.length;
      if (step.group) this.line(`// ${lineCommentText(printComputed(step.group))}`);
      this.steps(step.body);
      if (letterUsed) this.lines.splice(first, 0, `${'  '.repeat(this.depth)}const ${letter} = ${ctx.helper('letter')}(${index});`);
    }, namer);
    this.lines[at] = `${'  '.repeat(this.depth)}${header()} {`;
  }

  /** Writes a `let` entry (`const convNameBase = ...`) and makes it visible to later steps. */
  declareValue(name: string, ident: string, value: ComputedValue): void {
    const ctx = this.ctx();
    const code = emitComputed(value, ctx);
    this.line(valueDeclaration(ident, code, ctx));
    this.scope = this.scope.with({ [name]: bindingOf(ident, code) });
  }

  /** The expression of a reference to a tensor (`main`, `_`, a computed label). */
  tensorRef(r: Located<Computed>): string {
    return this.ref(r);
  }

  /** Emits the steps in order. */
  steps(steps: readonly Step[]): void {
    for (const step of steps) {
      switch (step.kind) {
        case 'op':
          this.conditional(step.wiring.condition, () => this.op(step));
          break;
        case 'call':
          this.conditional(step.wiring.condition, () => this.call(step));
          break;
        case 'group':
          this.conditional(step.condition, () => {
            this.line(`// ${lineCommentText(printComputed(step.label))}`);
            this.steps(step.body);
          });
          break;
        case 'if': {
          const test = this.condition(step.condition);
          this.block(`if (${test})`, () => this.steps(step.then), this.namer);
          if (step.otherwise.length > 0) {
            this.lines.pop();
            this.block('} else', () => this.steps(step.otherwise), this.namer);
          }
          break;
        }
        case 'repeat':
        case 'for':
          this.conditional(step.condition, () => this.loop(step));
          break;
      }
    }
  }
}
