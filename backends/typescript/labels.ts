/**
 * Decides how each label (`as: main`) of a body is declared. In the YAML a label lives as long as
 * its block body and keeps its last value, also after a loop or an `if`; in TypeScript a `const`
 * lives in its `{ }` block. A label set once and read only after it in the same block (or blocks
 * inside it) becomes `const main = ...` at that point; any other label is declared up front as
 * `let main: tf.SymbolicTensor | undefined` and checked where it is read.
 *
 * Positions are addresses in the generated block structure: a conditional layer or call, a
 * loop, an `if` branch and a conditional group open a block; a plain group does not.
 *
 * Also here: whether a body mentions a value name at all, so that a loop declares its index or
 * block letter only when something reads it (`for (const st of stages)`, not `[index, st]`).
 */
import { type Computed, type Expr, freeNames } from '../../compiler/expr/ast.js';
import type { ComputedValue } from '../../compiler/expr/computed.js';
import type { Step, Wiring } from '../../compiler/program.js';

type Address = readonly number[];

/** How the labels of one body are declared. */
export interface LabelPlan {
  /** Every label the body sets, including its inputs. */
  readonly labels: ReadonlySet<string>;
  /** Labels declared with `let` at the top of the body. */
  readonly hoisted: ReadonlySet<string>;
  /** Labels some step reads (by reference or in `shape(...)`). */
  readonly read: ReadonlySet<string>;
}

interface Facts {
  readonly sets: Map<string, Address[]>;
  readonly reads: Map<string, Address[]>;
  /** Addresses of references computed at build time (they may read any label). */
  readonly dynamic: Address[];
}

function note(map: Map<string, Address[]>, label: string, at: Address): void {
  const list = map.get(label);
  if (list) list.push(at);
  else map.set(label, [at]);
}

function shapeReads(e: Expr, out: string[]): void {
  if (e.kind === 'call') {
    const a = e.args[0];
    if (e.callee === 'shape' && a && (a.kind === 'name' || (a.kind === 'literal' && typeof a.value === 'string'))) out.push(a.kind === 'name' ? a.name : String(a.value));
    e.args.forEach((x) => shapeReads(x, out));
  } else if (e.kind === 'unary') shapeReads(e.arg, out);
  else if (e.kind === 'binary') [e.left, e.right].forEach((x) => shapeReads(x, out));
  else if (e.kind === 'cond') [e.test, e.then, e.otherwise].forEach((x) => shapeReads(x, out));
  else if (e.kind === 'index') [e.object, e.index].forEach((x) => shapeReads(x, out));
  else if (e.kind === 'slice') [e.object, e.lower, e.upper, e.step].forEach((x) => x && shapeReads(x, out));
  else if (e.kind === 'attr') shapeReads(e.object, out);
  else if (e.kind === 'list') e.items.forEach((x) => shapeReads(x, out));
}

/** Labels read by `shape(...)` anywhere in a computed value. */
export function labelsInShapes(c: ComputedValue | null, out: string[] = []): string[] {
  if (!c || c.kind === 'const') return out;
  if (c.kind === 'expr') shapeReads(c.expr, out);
  else if (c.kind === 'template') c.parts.forEach((p) => typeof p !== 'string' && shapeReads(p, out));
  else if (c.kind === 'list') c.items.forEach((x) => labelsInShapes(x, out));
  else c.entries.forEach(([, v]) => labelsInShapes(v, out));
  return out;
}

function readRef(ref: Computed, at: Address, f: Facts): void {
  if (ref.kind === 'const') {
    if (ref.value !== '_') note(f.reads, String(ref.value), at);
  } else {
    f.dynamic.push(at);
    labelsInShapes(ref).forEach((l) => note(f.reads, l, at));
  }
}

function readWiring(w: Wiring, at: Address, f: Facts): void {
  if (w.input) readRef(w.input.value, at, f);
  w.inputs?.forEach((r) => readRef(r.value, at, f));
  labelsInShapes(w.condition).forEach((l) => note(f.reads, l, at));
}

function walk(steps: readonly Step[], prefix: Address, counter: { n: number }, f: Facts): void {
  for (const step of steps) {
    const here = [...prefix, counter.n++];
    const computed: (ComputedValue | null)[] = [];
    if (step.kind === 'op' || step.kind === 'call') {
      const at = step.wiring.condition ? [...here, 0] : here;
      readWiring(step.wiring, at, f);
      step.args.forEach((a) => labelsInShapes(a.value).forEach((l) => note(f.reads, l, at)));
      if (step.kind === 'op') labelsInShapes(step.name).forEach((l) => note(f.reads, l, at));
      if (step.wiring.as) note(f.sets, step.wiring.as.value, at);
    } else if (step.kind === 'if') {
      computed.push(step.condition);
      walk(step.then, [...here, 0], { n: 0 }, f);
      walk(step.otherwise, [...here, 1], { n: 0 }, f);
    } else if (step.kind === 'group' && !step.condition) {
      counter.n--;
      walk(step.body, prefix, counter, f);
    } else {
      computed.push(step.condition, step.kind === 'repeat' ? step.count : step.kind === 'for' ? step.items : null);
      walk(step.body, [...here, 0], { n: 0 }, f);
    }
    computed.forEach((c) => labelsInShapes(c).forEach((l) => note(f.reads, l, here)));
  }
}

/** True when address `a` is reached before `b` in a straight run (lexicographic order). */
function before(a: Address, b: Address): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

/** True when `read` comes after `set` in the same block or in a block inside a later step. */
function visibleAfter(set: Address, read: Address): boolean {
  const k = set.length - 1;
  if (read.length < set.length) return false;
  for (let i = 0; i < k; i++) if (read[i] !== set[i]) return false;
  return read[k]! > set[k]!;
}

/** Plans the labels of a body whose inputs are `inputs` (set before the first step). */
export function planLabels(steps: readonly Step[], inputs: readonly string[], extraReads: readonly string[] = []): LabelPlan {
  const f: Facts = { sets: new Map(), reads: new Map(), dynamic: [] };
  for (const i of inputs) note(f.sets, i, [-1]);
  walk(steps, [], { n: 0 }, f);
  const end = [Number.MAX_SAFE_INTEGER];
  for (const l of extraReads) note(f.reads, l, end);
  const labels = new Set(f.sets.keys());
  // A reference computed at build time may name any label set before it.
  for (const at of f.dynamic) {
    for (const [l, sets] of f.sets) if (sets.some((s) => before(s, at))) note(f.reads, l, at);
  }
  const hoisted = new Set<string>();
  for (const [label, sets] of f.sets) {
    const reads = f.reads.get(label) ?? [];
    if (sets.length !== 1 || !reads.every((r) => visibleAfter(sets[0]!, r))) hoisted.add(label);
  }
  const read = new Set([...f.reads.keys()].filter((l) => labels.has(l)));
  return { labels, hoisted, read };
}

/** True when a computed value reads `name`. */
export function inValue(c: ComputedValue | null, name: string): boolean {
  if (!c || c.kind === 'const') return false;
  if (c.kind === 'expr') return freeNames(c.expr).has(name);
  if (c.kind === 'template') return c.parts.some((p) => typeof p !== 'string' && freeNames(p).has(name));
  if (c.kind === 'list') return c.items.some((x) => inValue(x, name));
  return c.entries.some(([, v]) => inValue(v, name));
}

/** True when any expression of the steps (or of steps inside them) reads `name`. */
export function mentions(steps: readonly Step[], name: string): boolean {
  return steps.some((s) => {
    switch (s.kind) {
      case 'op':
      case 'call': {
        const w = s.wiring;
        const refs = [w.input?.value ?? null, ...(w.inputs ?? []).map((r) => r.value)];
        return (
          inValue(w.condition, name) ||
          refs.some((r) => inValue(r, name)) ||
          s.args.some((a) => inValue(a.value, name)) ||
          (s.kind === 'op' && inValue(s.name, name))
        );
      }
      case 'if':
        return inValue(s.condition, name) || mentions(s.then, name) || mentions(s.otherwise, name);
      case 'group':
        return inValue(s.condition, name) || inValue(s.label, name) || mentions(s.body, name);
      case 'repeat':
      case 'for': {
        // A loop's own counter, variable and `letter` hide outer names of the same spelling.
        const outside = inValue(s.condition, name) || inValue(s.kind === 'repeat' ? s.count : s.items, name);
        const hidden = name === s.index || name === 'letter' || (s.kind === 'for' && name === s.variable);
        return outside || (!hidden && (inValue(s.group, name) || mentions(s.body, name)));
      }
    }
  });
}
