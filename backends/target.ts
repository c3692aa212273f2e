/**
 * A build target: one output family of `graphc build` (the tfjs model, TypeScript source,
 * diagrams, ONNX). A target returns its files in memory; the build writes all of them at once,
 * atomically, so a failing target leaves nothing half-written.
 */
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import type { TargetSupport } from './support.js';

/** One file a target produces, relative to the output folder. */
export interface OutputFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/** What a target gets to work with. */
export interface BuildContext {
  readonly graph: Graph;
  readonly program: Program;
  /** The model file as the user named it (never made absolute: outputs must not embed paths). */
  readonly file: string;
  /** Options of the build command that targets may read (`backend`, `optimize`, ...). */
  readonly options: { readonly [key: string]: string | boolean | undefined };
  /** Progress messages for stderr. */
  readonly log: (message: string) => void;
  /** Work shared between targets of one build (the built tfjs model and its weights). */
  readonly shared: Map<string, unknown>;
}

/** One output family. */
export interface Target {
  readonly name: string;
  readonly description: string;
  /** What the target declares it can emit, checked before it runs (and by `validate --target`). */
  readonly support: TargetSupport;
  /** Built only when `--target` names it (weights in other tools' formats), not by a bare `graphc build`. */
  readonly explicit?: boolean;
  /** Produces the files; throws {@link TargetError} for a model it cannot emit. */
  emit(ctx: BuildContext): Promise<readonly OutputFile[]>;
}

/** What a backend module exports: the target's `emit`, loaded only when the target runs. */
export type EmitTarget = (ctx: BuildContext) => Promise<readonly OutputFile[]>;

/** A target's refusal with a diagnostic-worthy message (e.g. an op ONNX export lacks). */
export class TargetError extends Error {
  constructor(
    readonly target: string,
    message: string,
    readonly hint: string | null = null,
    /** The layer the target failed on, when known, so the build can point at its source line. */
    readonly layer: string | null = null,
  ) {
    super(message);
  }
}
