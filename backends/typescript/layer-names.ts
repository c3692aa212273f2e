/**
 * Layers the YAML leaves unnamed are named `<class>_<n>` by graphc, counting per class in
 * creation order and skipping every name the file gives explicitly, even to layers created
 * later (`compiler/checks/link-names.ts`). The generated `LayerNames` counter reproduces this; it
 * needs, before the first layer is built, the explicit names that look like derived ones. This
 * module finds them: constant names are listed, and a computed name that could take such a form
 * (`{prefix}_{n}` next to an unnamed layer of class `prefix`) is refused, since the skip would
 * then depend on values only known while building. Text-valued `let` entries are read through
 * (`{conv_name_base}1` starts with `res`), everything else computed may be any text.
 */
import type { ComputedValue } from '../../compiler/expr/computed.js';
import { snakeCase } from '../../compiler/ops/registry.js';
import type { LetEntry, Program, Step } from '../../compiler/program.js';

/** A name as text parts, null standing for computed text that may be anything. */
type Pattern = readonly (string | null)[];

interface Names {
  readonly prefixes: Set<string>;
  readonly explicit: { readonly name: ComputedValue; readonly pattern: Pattern }[];
}

/** `let` entries whose value is text, by name: `{conv_name_base}1` is `res{stage}{block}_branch1`. */
type Lets = ReadonlyMap<string, Pattern>;

function patternOf(c: ComputedValue, lets: Lets): Pattern | null {
  if (c.kind === 'const') return [String(c.value)];
  if (c.kind === 'expr') return c.expr.kind === 'name' ? lets.get(c.expr.name) ?? [null] : [null];
  if (c.kind !== 'template') return null;
  return c.parts.flatMap((p) => (typeof p === 'string' ? [p] : p.kind === 'name' ? lets.get(p.name) ?? [null] : [null]));
}

function letsOf(entries: readonly LetEntry[], shadowed: readonly string[], outer: Lets): Lets {
  const lets = new Map([...outer].filter(([k]) => !shadowed.includes(k)));
  for (const e of entries) {
    const p = patternOf(e.value, lets);
    if (p) lets.set(e.name, p);
    else lets.delete(e.name);
  }
  return lets;
}

function collect(steps: readonly Step[], lets: Lets, out: Names): void {
  for (const s of steps) {
    if (s.kind === 'op') {
      const pattern = s.name ? patternOf(s.name, lets) : null;
      if (s.name && pattern) out.explicit.push({ name: s.name, pattern });
      else if (!s.name) out.prefixes.add(snakeCase(s.op));
    } else if (s.kind === 'if') {
      collect(s.then, lets, out);
      collect(s.otherwise, lets, out);
    } else if (s.kind !== 'call') {
      // Loop variables shadow `let` entries of the same name.
      const bound = s.kind === 'repeat' ? [s.index, 'letter'] : s.kind === 'for' ? [s.index, s.variable, 'letter'] : [];
      collect(s.body, letsOf([], bound, lets), out);
    }
  }
}

/** True when `name` is exactly what the counter makes for `prefix` (`activation_3`). */
function isDerived(name: string, prefix: string): boolean {
  if (!name.startsWith(`${prefix}_`)) return false;
  const n = name.slice(prefix.length + 1);
  return /^[1-9]\d*$/.test(n);
}

/**
 * Whether a template (text parts and computed parts, which may be any text) can produce
 * `<prefix>_<digits>`: a small automaton over positions in `prefix_` and "in the digits".
 */
function mayProduce(parts: readonly (string | null)[], prefix: string): boolean {
  const head = `${prefix}_`;
  const DIGITS = head.length + 1;
  let states = new Set<number>([0]);
  for (const part of parts) {
    const next = new Set<number>();
    if (part === null) {
      const from = Math.min(...states);
      for (let j = from; j <= DIGITS; j++) next.add(j);
    } else {
      for (const start of states) {
        let s: number | null = start;
        for (const c of part) {
          if (s === null) break;
          if (s < head.length) s = head[s] === c ? s + 1 : null;
          else s = /[0-9]/.test(c) ? DIGITS : null;
        }
        if (s !== null) next.add(s);
      }
    }
    states = next;
    if (states.size === 0) return false;
  }
  return states.has(DIGITS);
}

/** The outcome: names the counter must skip, or the computed name that makes it impossible. */
export type TakenNames =
  | { readonly taken: readonly string[]; /** False when every layer is named: no counter needed. */ readonly counted: boolean }
  | { readonly conflict: ComputedValue; readonly prefix: string };

/** Finds the explicit names the generated layer-name counter must skip. */
export function takenNames(program: Program): TakenNames {
  const names: Names = { prefixes: new Set(), explicit: [] };
  const modelLets = letsOf(program.lets, [], new Map());
  for (const input of program.inputs) {
    const pattern = input.name ? patternOf(input.name, modelLets) : null;
    if (input.name && pattern) names.explicit.push({ name: input.name, pattern });
    else if (!input.name) names.prefixes.add(snakeCase('Input'));
  }
  collect(program.body, modelLets, names);
  for (const t of program.templates.values()) collect(t.body, letsOf(t.lets, t.params.map((p) => p.name), modelLets), names);
  const taken = new Set<string>();
  for (const { name, pattern } of names.explicit) {
    for (const prefix of [...names.prefixes].sort()) {
      if (name.kind === 'const') {
        if (isDerived(String(name.value), prefix)) taken.add(String(name.value));
      } else if (mayProduce(pattern, prefix)) {
        return { conflict: name, prefix };
      }
    }
  }
  return { taken: [...taken].sort(), counted: names.prefixes.size > 0 };
}
