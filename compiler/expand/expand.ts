/**
 * Stage 5: expands the program into raw layers: runs the model body and every block call,
 * repeat, for, group and if, evaluates attributes and names, and wires inputs. The data flow is
 * the seed's `X = f(X)`: each step reads the previous step's output unless it names its input.
 */
import { didYouMean, listNames, type DiagnosticSink } from '../diagnostics/diagnostic.js';
import { evaluateComputed, evaluateValue, Scope, valueSource } from '../expr/evaluate.js';
import { letter, setKey, typeName, valueMap } from '../expr/helpers.js';
import type { ComputedValue } from '../expr/computed.js';
import type { ExpansionFrame, ScopeEntry, Value } from '../ir.js';
import { normalizeAttr, type Normalized } from '../ops/attrs.js';
import { OPS } from '../ops/registry.js';
import { opAttributes, type AttrSpec } from '../ops/types.js';
import type { CallStep, OpStep, Program, Step, Wiring } from '../program.js';
import type { Resolved } from '../resolve.js';
import { bindArguments } from './bind.js';
import { ShapeOracle } from './shape-oracle.js';
import { type Expansion, type RawNode, type Tensor, Abort, LIMITS } from './raw.js';

/** Where a body runs: its scope, its labels and the tensor flowing through it. */
interface Frame {
  readonly scope: Scope;
  readonly labels: Map<string, Tensor>;
  cursor: Tensor | null;
  readonly trace: readonly ExpansionFrame[];
  readonly entries: readonly ScopeEntry[];
}

/** An attribute of an op with the value a layer that does not write it gets (see baseAttributes). */
interface BaseAttribute {
  readonly key: string;
  readonly spec: AttrSpec;
  readonly raw: Value | undefined;
  readonly normalized: Normalized | null;
}

class Expander {
  readonly nodes: RawNode[] = [];
  private readonly instanceCounts = new Map<string, number>();
  private calls = 0;
  private readonly bases = new Map<string, readonly BaseAttribute[]>();
  private readonly shapes = new ShapeOracle(this.nodes);

  constructor(
    private readonly program: Program,
    private readonly resolved: Resolved,
    private readonly sink: DiagnosticSink,
  ) {}

  private value(c: ComputedValue, f: Frame): Value | undefined {
    return evaluateValue(c, this.withShapes(f), this.sink, f.trace);
  }

  /** The frame's scope, able to answer `$shape(label)` from the layers built so far. */
  private withShapes(f: Frame): Scope {
    return f.scope.withTensors((name) => {
      const t = name === '_' ? f.cursor : f.labels.get(name);
      if (!t) return undefined;
      return t.kind === 'node' ? this.shapes.shapeOf(t.id) : null;
    });
  }

  private condition(c: ComputedValue | null, f: Frame): boolean {
    if (!c) return true;
    const v = this.value(c, f);
    if (v === undefined) return false;
    if (typeof v !== 'boolean') {
      this.sink.report('GC3213', ['if', 'true or false', `${typeName(v)} ${JSON.stringify(v)}`], c.origin.span, { trace: f.trace });
      return false;
    }
    return v;
  }

  /** Resolves a reference: a label in this frame, else a layer name looked up after expansion. */
  private ref(r: { value: import('../expr/ast.js').Computed; span: import('../ir.js').SourceSpan }, f: Frame): Tensor | null {
    const v = evaluateComputed(r.value, this.withShapes(f), this.sink, f.trace);
    if (v === undefined) return null;
    const name = String(v);
    if (name === '_' && f.cursor) return f.cursor;
    return f.labels.get(name) ?? { kind: 'name', name, span: r.span, trace: f.trace, labels: [...f.labels.keys()] };
  }

  private inputsOf(w: Wiring, f: Frame, span: import('../ir.js').SourceSpan): Tensor[] | null {
    if (w.inputs) {
      const ts = w.inputs.map((r) => this.ref(r, f));
      return ts.some((t) => t === null) ? null : (ts as Tensor[]);
    }
    if (w.input) {
      const t = this.ref(w.input, f);
      return t ? [t] : null;
    }
    if (!f.cursor) {
      this.sink.report('GC4001', ['(previous step)'], span, { hint: 'this step has no previous step to read from; give it `input:`', trace: f.trace });
      return null;
    }
    return [f.cursor];
  }

  /**
   * An op's attributes in registry order, each with the value a layer gets when it does not
   * write it (the model's `defaults:` entry, else the registry default) already normalized:
   * computed once per op, not once per layer. Values are immutable, so layers share them.
   */
  private baseAttributes(op: string): readonly BaseAttribute[] {
    let bases = this.bases.get(op);
    if (!bases) {
      const defaults = this.defaultsFor(op);
      bases = opAttributes(OPS.get(op)!).entries.map(([key, spec]) => {
        const raw = Object.hasOwn(defaults, key) ? defaults[key] : spec.default;
        return { key, spec, raw, normalized: raw === undefined ? null : normalizeAttr(spec, raw) };
      });
      this.bases.set(op, bases);
    }
    return bases;
  }

  /** The model's `defaults:` for an op, evaluated (once per op: {@link baseAttributes} keeps them). */
  private defaultsFor(op: string): Record<string, Value> {
    const d = valueMap();
    const root: Frame = { scope: this.resolved.scope, labels: new Map(), cursor: null, trace: [], entries: [] };
    for (const arg of this.program.defaults.get(op) ?? []) {
      const v = this.value(arg.value, root);
      if (v !== undefined) setKey(d, arg.key, v);
    }
    return d;
  }

  private layer(step: OpStep, f: Frame): void {
    const def = OPS.get(step.op)!;
    const inputs = def.arity.max === 0 ? [] : this.inputsOf(step.wiring, f, step.opSpan);
    if (!inputs) return;
    if (inputs.length < def.arity.min || inputs.length > def.arity.max) {
      const want = def.arity.min === def.arity.max ? `${def.arity.min}` : `${def.arity.min}+`;
      this.sink.report('GC3210', [step.op, want, inputs.length], step.opSpan, {
        trace: f.trace,
        hint: def.arity.min > 1 ? `list them: \`${step.op}: {inputs: [a, b]}\`` : null,
      });
      return;
    }
    const { specs } = opAttributes(def);
    const given = valueMap();
    const spans = new Map<string, import('../ir.js').SourceSpan>();
    let ok = true;
    for (const arg of step.args) {
      if (!Object.hasOwn(specs, arg.key)) {
        // The schema rejects unknown attributes; this guards programs built without it.
        this.sink.report('GC2001', [arg.key, step.op], arg.keySpan, { hint: didYouMean(arg.key, Object.keys(specs)), trace: f.trace });
        ok = false;
        continue;
      }
      const v = this.value(arg.value, f);
      if (v === undefined) ok = false;
      else {
        setKey(given, arg.key, v);
        spans.set(arg.key, arg.value.origin.span);
      }
    }
    const attrs = valueMap();
    for (const base of this.baseAttributes(step.op)) {
      const { key, spec } = base;
      const own = Object.hasOwn(given, key);
      const raw = own ? given[key] : base.raw;
      if (raw === undefined) {
        if (!spec.optional && ok) {
          this.sink.report('GC3209', [step.op, key], step.opSpan, { trace: f.trace, hint: `${key}: ${spec.description}` });
          ok = false;
        }
        continue;
      }
      const n = own ? normalizeAttr(spec, raw) : base.normalized!;
      if ('expected' in n) {
        const arg = step.args.find((a) => a.key === key);
        const written = arg ? valueSource(arg.value, this.withShapes(f)) : null;
        this.sink.report('GC3208', [key, step.op, `must be ${n.expected}, got ${JSON.stringify(raw)}`], spans.get(key) ?? step.opSpan, {
          trace: f.trace,
          related: written ? [{ span: written, message: 'the value is written here' }] : [],
        });
        ok = false;
      } else setKey(attrs, key, n.value);
    }
    let name: string | null = null;
    if (step.name) {
      const v = this.value(step.name, f);
      if (typeof v === 'string' && v.length > 0) name = v;
      else if (v !== undefined) {
        this.sink.report('GC3213', ['name', 'a non-empty string', `${typeName(v)} ${JSON.stringify(v)}`], step.name.origin.span, { trace: f.trace });
      }
      if (name === null) ok = false;
    }
    if (!ok) return;
    const id = this.nodes.length;
    if (id >= LIMITS.nodes) {
      this.sink.report('GC3206', [LIMITS.nodes], step.span, { trace: f.trace, hint: 'check repeat counts and recursive blocks' });
      throw new Abort();
    }
    const finalAttrs = def.finalize ? def.finalize(attrs) : attrs;
    this.nodes.push({ id, op: step.op, explicitName: name, attrs: finalAttrs, inputs, origin: { span: step.span, trace: f.trace }, scope: f.entries, opSpan: step.opSpan });
    const out: Tensor = { kind: 'node', id };
    f.cursor = out;
    if (step.wiring.as) f.labels.set(step.wiring.as.value, out);
  }

  private call(step: CallStep, f: Frame): void {
    const template = this.program.templates.get(step.template);
    if (!template) {
      const blocks = [...this.program.templates.keys()];
      const layers = [...OPS.keys()].filter((n) => n !== 'Input');
      // Nothing close: list what exists (from the registry, so new ops appear by themselves).
      const available = `the layer types are ${listNames(layers)}${blocks.length > 0 ? `; the blocks are ${listNames(blocks, 20)}` : ''}`;
      this.sink.report('GC3201', [step.template], step.templateSpan, { hint: didYouMean(step.template, [...layers, ...blocks]) ?? available, trace: f.trace });
      return;
    }
    const depth = f.trace.filter((t) => t.template === step.template).length + 1;
    if (depth > LIMITS.recursion) {
      this.sink.report('GC3205', [step.template, depth, LIMITS.recursion], step.templateSpan, { trace: f.trace, hint: 'a block that calls itself needs an `if` that stops it' });
      throw new Abort();
    }
    if (f.trace.length + 1 > LIMITS.callDepth) {
      this.sink.report('GC3008', [f.trace.length + 1, LIMITS.callDepth], step.templateSpan, { trace: f.trace, hint: 'blocks that call each other in a cycle need an `if` that stops them' });
      throw new Abort();
    }
    if (++this.calls > LIMITS.calls) {
      this.sink.report('GC3009', [LIMITS.calls], step.templateSpan, { trace: f.trace, hint: 'check repeat counts and blocks that call several others' });
      throw new Abort();
    }
    const inputs = this.inputsOf(step.wiring, f, step.templateSpan);
    if (!inputs) return;
    if (inputs.length !== template.inputs.length) {
      this.sink.report('GC3210', [`block \`${step.template}\``, template.inputs.length, inputs.length], step.templateSpan, { trace: f.trace });
      return;
    }
    // The block's own defaults and `let` may ask `$shape(input)`: answer for its inputs.
    const blockInputs = new Map(template.inputs.map((n, i) => [n, inputs[i]!]));
    const blockScope = this.resolved.scope.withTensors((name) => {
      const t = blockInputs.get(name);
      if (!t) return undefined;
      return t.kind === 'node' ? this.shapes.shapeOf(t.id) : null;
    });
    const bound = bindArguments(template, step, blockScope, (c) => this.value(c, f), (c) => valueSource(c, this.withShapes(f)), this.sink, f.trace);
    if (!bound) return;
    const count = (this.instanceCounts.get(template.name) ?? 0) + 1;
    this.instanceCounts.set(template.name, count);
    const trace = [...f.trace, { template: template.name, args: bound.args, call: step.span }];
    const inner: Frame = { scope: bound.scope, labels: blockInputs, cursor: inputs[0]!, trace , entries: f.entries };
    let label = `${template.name}_${count}`;
    if (template.label) {
      const v = this.value(template.label, inner);
      if (v !== undefined) label = String(v);
    }
    const entries = [...f.entries, { kind: 'block' as const, template: template.name, label, args: bound.args }];
    const body: Frame = { ...inner, entries };
    this.run(template.body, body);
    const out = template.output ? this.ref(template.output, body) : body.cursor;
    if (!out) return;
    f.cursor = out;
    if (step.wiring.as) f.labels.set(step.wiring.as.value, out);
  }

  private loop(items: readonly Value[], step: Step & { kind: 'repeat' | 'for' }, f: Frame): void {
    items.forEach((item, i) => {
      const vars = new Map<string, Value>([[step.index, i], ['letter', letter(i)]]);
      if (step.kind === 'for') vars.set(step.variable, item);
      const scope = f.scope.with(vars);
      let entries = f.entries;
      if (step.group) {
        const label = evaluateValue(step.group, scope, this.sink, f.trace);
        if (label !== undefined) entries = [...entries, { kind: 'group', label: String(label) }];
      }
      const inner: Frame = { ...f, scope, entries };
      this.run(step.body, inner);
      f.cursor = inner.cursor;
    });
  }

  run(steps: readonly Step[], f: Frame): void {
    for (const step of steps) {
      switch (step.kind) {
        case 'op':
          if (this.condition(step.wiring.condition, f)) this.layer(step, f);
          break;
        case 'call':
          if (this.condition(step.wiring.condition, f)) this.call(step, f);
          break;
        case 'if':
          // Like Python's if: no new scope; labels and the flowing tensor carry through.
          this.run(this.condition(step.condition, f) ? step.then : step.otherwise, f);
          break;
        case 'group': {
          if (!this.condition(step.condition, f)) break;
          const label = this.value(step.label, f);
          if (label === undefined) break;
          const inner: Frame = { ...f, entries: [...f.entries, { kind: 'group', label: String(label) }] };
          this.run(step.body, inner);
          f.cursor = inner.cursor;
          break;
        }
        case 'repeat': {
          if (!this.condition(step.condition, f)) break;
          const n = this.value(step.count, f);
          if (n === undefined) break;
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
            this.sink.report('GC3213', ['repeat', 'an integer >= 0', `${typeName(n)} ${JSON.stringify(n)}`], step.count.origin.span, { trace: f.trace });
          } else if (n > LIMITS.repeat) {
            this.sink.report('GC3207', [n, LIMITS.repeat], step.count.origin.span, { trace: f.trace });
          } else this.loop(Array.from({ length: n }, (_, i) => i), step, f);
          break;
        }
        case 'for': {
          if (!this.condition(step.condition, f)) break;
          const items = this.value(step.items, f);
          if (items === undefined) break;
          if (!Array.isArray(items)) {
            this.sink.report('GC3213', ['in', 'a list', typeName(items)], step.items.origin.span, { trace: f.trace });
          } else if (items.length > LIMITS.repeat) {
            this.sink.report('GC3207', [items.length, LIMITS.repeat], step.items.origin.span, { trace: f.trace });
          } else this.loop(items as readonly Value[], step, f);
          break;
        }
      }
    }
  }

  /** Expands the model: its inputs, body and outputs. */
  expand(): Expansion {
    const root: Frame = { scope: this.resolved.scope, labels: new Map(), cursor: null, trace: [], entries: [] };
    const inputIds: number[] = [];
    for (const decl of this.program.inputs) {
      const before = this.nodes.length;
      const args = [{ key: 'shape', keySpan: decl.shape.origin.span, value: decl.shape }, { key: 'dtype', keySpan: decl.span, value: { kind: 'const' as const, value: decl.dtype, origin: { span: decl.span, textStart: null } } }];
      // Declared preprocessing becomes the Input's `scale`/`offset` attributes, checked as numbers.
      if (decl.preprocessing) {
        args.push({ key: 'scale', keySpan: decl.preprocessing.scale.origin.span, value: decl.preprocessing.scale });
        if (decl.preprocessing.offset) args.push({ key: 'offset', keySpan: decl.preprocessing.offset.origin.span, value: decl.preprocessing.offset });
      }
      this.layer({ kind: 'op', op: 'Input', span: decl.span, opSpan: decl.span, name: decl.name, args, wiring: { input: null, inputs: null, as: decl.as, condition: null } }, root);
      if (this.nodes.length > before) inputIds.push(before);
    }
    if (inputIds.length > 0) {
      root.cursor = { kind: 'node', id: inputIds[0]! };
      if (!root.labels.has('input') && inputIds.length === 1) root.labels.set('input', root.cursor);
    }
    this.run(this.program.body, root);
    const outputs: Tensor[] = [];
    if (this.program.outputs) {
      for (const o of this.program.outputs) {
        const t = this.ref(o, root);
        if (t) outputs.push(t);
      }
    } else if (root.cursor) outputs.push(root.cursor);
    return { nodes: this.nodes, inputs: inputIds, outputs };
  }
}

/** Expands a resolved program into raw layers; reports and returns partial results on errors. */
export function expandProgram(program: Program, resolved: Resolved, sink: DiagnosticSink): Expansion | null {
  const expander = new Expander(program, resolved, sink);
  try {
    return expander.expand();
  } catch (e) {
    if (e instanceof Abort) return null;
    throw e;
  }
}
