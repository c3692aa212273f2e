/**
 * Layers after naming and reference resolution: every input is a layer id. The checks run on
 * this form; shape inference turns it into the final IR.
 */
import type { Origin, ScopeEntry, SourceSpan, Value } from '../ir.js';

/** A named layer whose inputs are resolved to ids. */
export interface LinkedNode {
  readonly id: number;
  readonly op: string;
  readonly name: string;
  readonly explicitName: boolean;
  readonly attrs: { readonly [key: string]: Value };
  readonly inputs: readonly number[];
  readonly origin: Origin;
  readonly scope: readonly ScopeEntry[];
  readonly opSpan: SourceSpan;
}

/** The linked model. */
export interface LinkedGraph {
  readonly nodes: readonly LinkedNode[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}
