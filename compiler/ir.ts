/**
 * The graph IR: plain immutable data that every backend compiles from.
 *
 * A {@link Graph} is the fully expanded model: one {@link GraphNode} per Keras layer, in
 * topological order (ties broken by source order), each with its final name, normalized Keras
 * attributes, inbound layer names, inferred output shape, parameter and MAC counts, and where it
 * came from. The IR never holds functions or class instances, so it can be serialized as JSON.
 */

/** A tensor shape in Keras convention: the batch dimension first (`null`), unknown dims `null`. */
export type Shape = readonly (number | null)[];

/** A value of the expression language and of layer attributes after expansion. */
export type Value = number | string | boolean | null | readonly Value[] | { readonly [key: string]: Value };

/** A half-open character range `[start, end)` in one source file. */
export interface SourceSpan {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** One template expansion on the way to a node: which block, with which arguments, called where. */
export interface ExpansionFrame {
  readonly template: string;
  readonly args: { readonly [name: string]: Value };
  readonly call: SourceSpan;
}

/** Where a node came from: the step that wrote it and the chain of block calls around it. */
export interface Origin {
  readonly span: SourceSpan;
  /** Outermost call first. */
  readonly trace: readonly ExpansionFrame[];
}

/** A level of structure around a node: a named group (a stage) or a block instance. */
export type ScopeEntry =
  | { readonly kind: 'group'; readonly label: string }
  | {
      readonly kind: 'block';
      readonly template: string;
      /** Distinct per instance, e.g. `res2a`; defaults to `template#n`. */
      readonly label: string;
      readonly args: { readonly [name: string]: Value };
    };

/** Parameter counts as Keras reports them. */
export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** One layer of the expanded model. */
export interface GraphNode {
  /** Position in topological order, 0-based. */
  readonly index: number;
  /** Final, unique Keras layer name. */
  readonly name: string;
  /** Keras class name (`Conv2D`, `Activation`, `Add`, ...): the op kind. */
  readonly op: string;
  /** Normalized attributes, the Keras `get_config()` keys (snake_case) minus `name`. */
  readonly attrs: { readonly [key: string]: Value };
  /** Names of the layers feeding this one, in argument order. */
  readonly inputs: readonly string[];
  /** Inferred output shape (batch first), or null when inference failed. */
  readonly shape: Shape | null;
  readonly params: ParamCount;
  /** Multiply-accumulate operations for one sample. */
  readonly macs: number;
  readonly origin: Origin;
  /** Outermost first. Empty for top-level layers. */
  readonly scope: readonly ScopeEntry[];
  /** True when the YAML gave the name; false when graphc derived it. */
  readonly explicitName: boolean;
}

/** Optimizer, loss and metrics, as in Keras `model.compile(...)`. */
export interface TrainingConfig {
  readonly optimizer: string | { readonly class_name: string; readonly config: { readonly [key: string]: Value } };
  readonly loss: string | readonly string[];
  readonly metrics: readonly string[];
}

/** The compiled, checked model. */
export interface Graph {
  /** Model name (Keras `Model(name=...)`). */
  readonly name: string;
  /** Selected variant, or null when the file has none. */
  readonly variant: string | null;
  /** Resolved model parameters (defaults, then variant, then overrides). */
  readonly params: { readonly [name: string]: Value };
  /** All layers in topological order; Input layers included. */
  readonly nodes: readonly GraphNode[];
  /** Names of the Input layers, in declaration order. */
  readonly inputs: readonly string[];
  /** Names of the output layers, in declaration order. */
  readonly outputs: readonly string[];
  readonly training: TrainingConfig | null;
  readonly totals: {
    readonly params: number;
    readonly trainable: number;
    readonly nonTrainable: number;
    readonly macs: number;
  };
  /** Source file the graph was compiled from (as given, never made absolute). */
  readonly file: string;
}

/** Looks a node up by name; backends call this instead of scanning. */
export function nodeIndex(graph: Graph): ReadonlyMap<string, GraphNode> {
  return new Map(graph.nodes.map((n) => [n.name, n]));
}
