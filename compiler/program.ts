/**
 * The loaded program: a model file after schema validation, as typed syntax with every
 * computed value pre-parsed and every part located. Expansion walks this; the TypeScript backend
 * reads it to keep the file's structure (one function per block, loops as loops).
 */
import type { ComputedValue } from './expr/computed.js';
import type { Computed } from './expr/ast.js';
import type { SourceSpan } from './ir.js';
import type { YNode } from './parse.js';

/** The language version this compiler reads (`graphc: 1`). */
export const LANGUAGE_VERSION = 1;

/** Parameter types of models and blocks. */
export const PARAM_TYPES = ['int', 'number', 'bool', 'str', 'shape', 'list', 'int_list', 'map', 'any'] as const;
/** A parameter type. */
export type ParamType = (typeof PARAM_TYPES)[number];

/** Keys that make a step something other than a layer or block call. */
export const RESERVED_STEP_KEYS = ['repeat', 'for', 'in', 'do', 'index', 'group', 'if', 'then', 'else'] as const;
/** Keys inside a layer or call that wire it rather than configure it. */
export const WIRING_KEYS = ['input', 'inputs', 'as', 'if'] as const;

/** A name with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly span: SourceSpan;
}

/** A declared model or block parameter. */
export interface ParamDecl {
  readonly name: string;
  readonly span: SourceSpan;
  readonly type: ParamType;
  /** Absent: required. */
  readonly default?: ComputedValue;
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly import('./ir.js').Value[];
  readonly length?: number;
}

/** `name: value` in a `let` table. */
export interface LetEntry {
  readonly name: string;
  readonly span: SourceSpan;
  readonly value: ComputedValue;
}

/** One `key: value` argument (layer attribute or block argument). */
export interface Arg {
  readonly key: string;
  readonly keySpan: SourceSpan;
  readonly value: ComputedValue;
}

/** How a layer or call is wired: which tensors it reads, its label, its condition. */
export interface Wiring {
  readonly input: Located<Computed> | null;
  readonly inputs: readonly Located<Computed>[] | null;
  readonly as: Located<string> | null;
  readonly condition: ComputedValue | null;
}

/** A layer: `- Conv2D: {...}`. */
export interface OpStep {
  readonly kind: 'op';
  readonly op: string;
  readonly span: SourceSpan;
  readonly opSpan: SourceSpan;
  readonly name: ComputedValue | null;
  readonly args: readonly Arg[];
  readonly wiring: Wiring;
}

/** A block call: `- identity_block: {...}`. */
export interface CallStep {
  readonly kind: 'call';
  readonly template: string;
  readonly span: SourceSpan;
  readonly templateSpan: SourceSpan;
  readonly args: readonly Arg[];
  readonly wiring: Wiring;
}

/** `- repeat: N` with `do:`. */
export interface RepeatStep {
  readonly kind: 'repeat';
  readonly span: SourceSpan;
  readonly count: ComputedValue;
  readonly index: string;
  readonly group: ComputedValue | null;
  readonly condition: ComputedValue | null;
  readonly body: readonly Step[];
}

/** `- for: x` with `in:` and `do:`. */
export interface ForStep {
  readonly kind: 'for';
  readonly span: SourceSpan;
  readonly variable: string;
  readonly items: ComputedValue;
  readonly index: string;
  readonly group: ComputedValue | null;
  readonly condition: ComputedValue | null;
  readonly body: readonly Step[];
}

/** `- group: label` with `do:`. */
export interface GroupStep {
  readonly kind: 'group';
  readonly span: SourceSpan;
  readonly label: ComputedValue;
  readonly condition: ComputedValue | null;
  readonly body: readonly Step[];
}

/** `- if: cond` with `then:` and optional `else:`. */
export interface IfStep {
  readonly kind: 'if';
  readonly span: SourceSpan;
  readonly condition: ComputedValue;
  readonly then: readonly Step[];
  readonly otherwise: readonly Step[];
}

/** One step of a body. */
export type Step = OpStep | CallStep | RepeatStep | ForStep | GroupStep | IfStep;

/** A block template. */
export interface TemplateDef {
  readonly name: string;
  readonly span: SourceSpan;
  readonly description: string;
  readonly params: readonly ParamDecl[];
  readonly inputs: readonly string[];
  readonly label: ComputedValue | null;
  readonly lets: readonly LetEntry[];
  readonly body: readonly Step[];
  readonly output: Located<Computed> | null;
}

/** A named variant: parameter values. */
export interface VariantDef {
  readonly name: string;
  readonly span: SourceSpan;
  readonly description: string;
  readonly modelName: ComputedValue | null;
  readonly params: readonly { readonly key: string; readonly keySpan: SourceSpan; readonly value: YNode }[];
}

/** A model input. */
export interface InputDecl {
  readonly span: SourceSpan;
  readonly name: ComputedValue | null;
  readonly shape: ComputedValue;
  readonly dtype: string;
  readonly as: Located<string> | null;
  /** `preprocessing: {scale, offset}`, or null when the input takes data as it is. */
  readonly preprocessing: { readonly scale: ComputedValue; readonly offset: ComputedValue | null } | null;
}

/** Training settings, still as located YAML (they are constants). */
export interface TrainingDecl {
  readonly span: SourceSpan;
  readonly optimizer: YNode;
  readonly loss: YNode;
  readonly metrics: readonly string[];
}

/** How a checkpoint stores each op kind's weights: Keras's (HWIO, `kernel`) or PyTorch's (OIHW, `weight`). */
export const CHECKPOINT_LAYOUTS = ['keras', 'torch'] as const;
/** A checkpoint layout. */
export type CheckpointLayout = (typeof CHECKPOINT_LAYOUTS)[number];

/** One renaming rule: graphc layer names matching `pattern` have the checkpoint key `key`. */
export interface CheckpointRule {
  /** `conv{s}_block{b}_{k}_conv`: literal text and `{capture}`s. */
  readonly pattern: Located<string>;
  /** `layer{s - 1}.{b - 1}.conv{k}`: a template over the captures and the model's parameters. */
  readonly key: Computed;
}

/** One checkpoint convention: `checkpoints: {torchvision: {layout: torch, layers: {...}}}`. */
export interface CheckpointDecl {
  readonly name: string;
  readonly span: SourceSpan;
  readonly description: string;
  readonly layout: CheckpointLayout;
  /** The convention applies where this holds (absent: always). */
  readonly condition: ComputedValue | null;
  /** First match wins; a layer no rule matches keeps its graphc name. */
  readonly rules: readonly CheckpointRule[];
}

/** A whole model file. */
export interface Program {
  readonly file: string;
  readonly name: ComputedValue;
  readonly nameSpan: SourceSpan;
  readonly description: string;
  readonly params: readonly ParamDecl[];
  readonly variants: readonly VariantDef[];
  readonly defaultVariant: Located<string> | null;
  readonly lets: readonly LetEntry[];
  readonly defaults: ReadonlyMap<string, readonly Arg[]>;
  readonly templates: ReadonlyMap<string, TemplateDef>;
  readonly inputs: readonly InputDecl[];
  readonly body: readonly Step[];
  readonly outputs: readonly Located<Computed>[] | null;
  readonly training: TrainingDecl | null;
  /** Checkpoint conventions (`checkpoints:`), in file order. */
  readonly checkpoints: readonly CheckpointDecl[];
}
