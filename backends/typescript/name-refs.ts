/**
 * References to a layer by its name (`inputs: [conv1, _]`, where `conv1` is no label). graphc
 * resolves them after expansion, by the layer's final name; generated code wires tensors as it
 * goes, so each such reference becomes a label: the layer named `conv1` in the same body gets
 * `as: conv1` (or the reference reads the label it already has). A name no layer of the body
 * carries (a layer inside a block, a derived name) is left for the emitter to refuse.
 */
import type { Computed } from '../../compiler/expr/ast.js';
import type { Located, OpStep, Step, Wiring } from '../../compiler/program.js';

function labelsSet(steps: readonly Step[], out: Set<string>): void {
  for (const s of steps) {
    if (s.kind === 'op' || s.kind === 'call') {
      if (s.wiring.as) out.add(s.wiring.as.value);
    } else if (s.kind === 'if') {
      labelsSet(s.then, out);
      labelsSet(s.otherwise, out);
    } else labelsSet(s.body, out);
  }
}

function refsOf(w: Wiring): Located<Computed>[] {
  return [...(w.input ? [w.input] : []), ...(w.inputs ?? [])];
}

function constRefs(steps: readonly Step[], out: Set<string>): void {
  for (const s of steps) {
    if (s.kind === 'op' || s.kind === 'call') {
      for (const r of refsOf(s.wiring)) if (r.value.kind === 'const') out.add(String(r.value.value));
    } else if (s.kind === 'if') {
      constRefs(s.then, out);
      constRefs(s.otherwise, out);
    } else constRefs(s.body, out);
  }
}

function namedSteps(steps: readonly Step[], name: string, out: OpStep[]): void {
  for (const s of steps) {
    if (s.kind === 'op' && s.name?.kind === 'const' && s.name.value === name) out.push(s);
    else if (s.kind === 'if') {
      namedSteps(s.then, name, out);
      namedSteps(s.otherwise, name, out);
    } else if (s.kind !== 'op' && s.kind !== 'call') namedSteps(s.body, name, out);
  }
}

function rewrite(steps: readonly Step[], labelOf: ReadonlyMap<OpStep, string>, refTo: ReadonlyMap<string, string>): Step[] {
  const ref = (r: Located<Computed>): Located<Computed> =>
    r.value.kind === 'const' && refTo.has(String(r.value.value)) ? { ...r, value: { ...r.value, value: refTo.get(String(r.value.value))! } } : r;
  const wiring = (w: Wiring): Wiring => ({ ...w, input: w.input ? ref(w.input) : null, inputs: w.inputs ? w.inputs.map(ref) : null });
  return steps.map((s): Step => {
    if (s.kind === 'op') {
      const label = labelOf.get(s);
      const w = wiring(s.wiring);
      return { ...s, wiring: label && !w.as ? { ...w, as: { value: label, span: s.span } } : w };
    }
    if (s.kind === 'call') return { ...s, wiring: wiring(s.wiring) };
    if (s.kind === 'if') return { ...s, then: rewrite(s.then, labelOf, refTo), otherwise: rewrite(s.otherwise, labelOf, refTo) };
    return { ...s, body: rewrite(s.body, labelOf, refTo) };
  });
}

/** The body with every reference by layer name turned into a label reference, where possible. */
export function labelNameRefs(steps: readonly Step[], inputs: readonly string[]): readonly Step[] {
  const labels = new Set(inputs);
  labelsSet(steps, labels);
  const names = new Set<string>();
  constRefs(steps, names);
  const labelOf = new Map<OpStep, string>();
  const refTo = new Map<string, string>();
  for (const name of names) {
    if (name === '_' || labels.has(name)) continue;
    const found: OpStep[] = [];
    namedSteps(steps, name, found);
    if (found.length !== 1) continue;
    const step = found[0]!;
    const label = step.wiring.as?.value ?? name;
    labelOf.set(step, label);
    refTo.set(name, label);
  }
  return refTo.size === 0 ? steps : rewrite(steps, labelOf, refTo);
}
