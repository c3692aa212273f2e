/**
 * The expansion's output before names and references are final: raw layers that point at each
 * other by creation index or, for references by layer name, by a name resolved afterwards.
 */
import type { ExpansionFrame, Origin, ScopeEntry, SourceSpan, Value } from '../ir.js';

/** Limits that keep hostile input from exhausting time or memory; each has its own diagnostic. */
export const LIMITS = {
  /** Layers in one model (GC3206). */
  nodes: 50_000,
  /** Rounds of one `repeat` or items of one `for` (GC3207). */
  repeat: 10_000,
  /** Nested calls of one block inside itself (GC3205). */
  recursion: 16,
  /** Nested block calls of any blocks: the whole call chain (GC3008). */
  callDepth: 64,
  /** Block calls in one expansion, so calls that fan out (each block calling the next two) stop early (GC3009). */
  calls: 100_000,
} as const;

/** A tensor during expansion: a layer's output, or a layer name to look up once all exist. */
export type Tensor =
  | { readonly kind: 'node'; readonly id: number }
  | {
      readonly kind: 'name';
      readonly name: string;
      readonly span: SourceSpan;
      readonly trace: readonly ExpansionFrame[];
      /** Labels visible where the reference was written, for suggestions. */
      readonly labels: readonly string[];
    };

/** One expanded layer. */
export interface RawNode {
  readonly id: number;
  readonly op: string;
  /** The name the YAML gave, or null for a derived one. */
  readonly explicitName: string | null;
  readonly attrs: { readonly [key: string]: Value };
  readonly inputs: readonly Tensor[];
  readonly origin: Origin;
  readonly scope: readonly ScopeEntry[];
  /** Span of the layer type key, where shape errors point. */
  readonly opSpan: SourceSpan;
}

/** Everything expansion produced. */
export interface Expansion {
  readonly nodes: readonly RawNode[];
  /** Ids of the Input layers. */
  readonly inputs: readonly number[];
  readonly outputs: readonly Tensor[];
}

/** Unwinds expansion when a hard limit is hit (the limit's diagnostic is already reported). */
export class Abort extends Error {
  constructor() {
    super('expansion aborted');
  }
}
