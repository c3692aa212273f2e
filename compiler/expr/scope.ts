/**
 * The names an expression sees: model parameters, `let` entries, block parameters and loop
 * variables, innermost first; and, where tensors are in reach, their shapes for `$shape(x)`.
 */
import type { Shape, Value } from '../ir.js';

/** Answers `$shape(x)`: a tensor's inferred shape, null when unknown, undefined when no such tensor. */
export type TensorShapes = (name: string) => Shape | null | undefined;

/** Names visible to an expression: innermost frame first. */
export class Scope {
  private constructor(
    private readonly vars: ReadonlyMap<string, Value>,
    private readonly parent: Scope | null,
    private readonly tensors: TensorShapes | null = null,
  ) {}

  /** This scope, able to answer `$shape(x)` for the tensors `lookup` knows. */
  withTensors(lookup: TensorShapes): Scope {
    return new Scope(new Map(), this, lookup);
  }

  /** The shape of a tensor by label, as {@link TensorShapes}; undefined where no tensors are in scope. */
  tensorShape(name: string): Shape | null | undefined {
    for (let s: Scope | null = this; s; s = s.parent) if (s.tensors) return s.tensors(name);
    return undefined;
  }

  /** The empty scope. */
  static root(vars: Record<string, Value> = {}): Scope {
    return new Scope(new Map(Object.entries(vars)), null);
  }

  /** A child scope with more names, shadowing the parent's. */
  with(vars: Record<string, Value> | ReadonlyMap<string, Value>): Scope {
    return new Scope(vars instanceof Map ? vars : new Map(Object.entries(vars)), this);
  }

  /** The value of a name, or undefined. */
  lookup(name: string): Value | undefined {
    for (let s: Scope | null = this; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
    return undefined;
  }

  /** Every visible name, for suggestions. */
  names(): Set<string> {
    const out = new Set<string>();
    for (let s: Scope | null = this; s; s = s.parent) for (const k of s.vars.keys()) out.add(k);
    return out;
  }
}
