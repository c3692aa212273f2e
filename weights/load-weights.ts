/**
 * The one way weights come in: `--weights PATH` on every command goes through
 * {@link loadWeights}, which detects the file's format, reads it, picks the model file's
 * checkpoint convention for that layout, and matches the tensors strictly onto the model. It
 * returns graphc-named weights (the compiler's `Weights`), or every reason they do not fit.
 */
import { activeConvention, resolveCheckpoints } from '../compiler/checkpoints.js';
import { DiagnosticSink, makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import type { Weights } from '../compiler/weights.js';
import { type Checkpoint, CheckpointReadError, type CheckpointFormat, shown } from './checkpoint.js';
import type { ExpectedLayer } from './expected.js';
import { fitCheckpoint } from './fit-checkpoint.js';
import { MissingCheckpoint, readCheckpoint, UnsupportedCheckpoint } from './read-checkpoint.js';

/** What to load, into what. */
export interface LoadWeightsRequest {
  readonly path: string;
  readonly graph: Graph;
  /** The model file, for its `checkpoints:` conventions (null: graphc's own names only). */
  readonly program: Program | null;
  /** The built model's weighted layers ({@link expectedLayers}). */
  readonly expected: readonly ExpectedLayer[];
  readonly allowMissing?: boolean;
  /** `--skip` patterns: `*` any run of characters, `?` one; matched against layer names and checkpoint keys. */
  readonly skip?: readonly string[];
}

/** How the load went, for the command's report. */
export interface LoadSummary {
  readonly format: CheckpointFormat;
  /** The model file's convention used, or null for graphc's own names. */
  readonly convention: string | null;
  readonly tensors: number;
  /** Layers left to the YAML's initializers. */
  readonly initialized: readonly string[];
}

/** Weights that fit, or why not (`usage`: the path is not there, exit code 2). */
export type LoadedWeights =
  | { readonly ok: true; readonly weights: Weights; readonly summary: LoadSummary; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly usage: boolean };

const SKIP_TEXT = /^[A-Za-z0-9_.:/*?-]{1,256}$/;

/** `--skip` globs as anchored regular expressions, or the diagnostic for a bad one. */
export function skipPatterns(globs: readonly string[]): { patterns: RegExp[]; problems: Diagnostic[] } {
  const patterns: RegExp[] = [];
  const problems: Diagnostic[] = [];
  for (const g of globs) {
    if (!SKIP_TEXT.test(g)) {
      problems.push(makeDiagnostic('GC0061', [g, 'use letters, digits, `_ . : / -` and the wildcards `*` and `?`'], null, { hint: "e.g. --skip predictions or --skip 'fc*'" }));
      continue;
    }
    patterns.push(new RegExp(`^${g.replace(/[.+^${}()|[\]\\/-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  }
  return { patterns, problems };
}

async function read(path: string): Promise<Checkpoint | Diagnostic> {
  try {
    return await readCheckpoint(path);
  } catch (e) {
    if (e instanceof MissingCheckpoint) return makeDiagnostic('GC0002', [path, 'no such file or folder'], null);
    if (e instanceof UnsupportedCheckpoint) return makeDiagnostic('GC7002', [e.kind, path, e.reason], null);
    // Reader messages quote names from the file: escaped before they reach a terminal.
    if (e instanceof CheckpointReadError) return makeDiagnostic('GC7001', [path, shown(e.message, 1000)], null);
    const reason = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return makeDiagnostic('GC7001', [path, shown(reason, 1000)], null);
  }
}

/** Reads `path` and fits it onto the model. Never throws for a bad file. */
export async function loadWeights(req: LoadWeightsRequest): Promise<LoadedWeights> {
  const { patterns, problems } = skipPatterns(req.skip ?? []);
  if (problems.length > 0) return { ok: false, diagnostics: problems, usage: true };
  const ckpt = await read(req.path);
  if (!('tensors' in ckpt)) return { ok: false, diagnostics: [ckpt], usage: ckpt.code === 'GC0002' };
  const sink = new DiagnosticSink();
  const conventions = req.program ? resolveCheckpoints(req.program, req.graph.params, sink) : [];
  // graphc's own ONNX export keeps graphc's names; Keras files use the keras convention, torch files the torch one.
  const convention = ckpt.layout === 'graphc-onnx' ? null : activeConvention(conventions, ckpt.layout === 'torch' ? 'torch' : 'keras');
  const fit = fitCheckpoint(ckpt, req.graph, req.expected, convention, { allowMissing: req.allowMissing === true, skip: patterns }, sink);
  (req.skip ?? []).forEach((g, i) => {
    if (!fit.usedSkips.has(i)) sink.report('GC7009', [g], null);
  });
  if (sink.hasErrors()) return { ok: false, diagnostics: sink.all(), usage: false };
  return {
    ok: true,
    weights: fit.weights,
    summary: { format: ckpt.format, convention: convention?.name ?? null, tensors: fit.loadedTensors, initialized: fit.initialized },
    warnings: sink.all(),
  };
}
