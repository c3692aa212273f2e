/**
 * The one place the stages are chained: parse → validate → load → resolve → expand → link →
 * checks → shapes. Each stage reports into one sink and the chain stops after the first stage
 * with errors, so all errors of that stage are reported together and none cascade.
 */
import { DiagnosticSink, type Diagnostic } from './diagnostics/diagnostic.js';
import { SourceFiles } from './diagnostics/render.js';
import { expandProgram } from './expand/expand.js';
import type { Graph, TrainingConfig, Value } from './ir.js';
import { loadProgram } from './load.js';
import { parseYaml, toPlain, type YMap } from './parse.js';
import type { Program } from './program.js';
import { resolveModel, type Override } from './resolve.js';
import { validateDocument } from './validate.js';
import { linkNames } from './checks/link-names.js';
import { checkUniqueNames } from './checks/unique-names.js';
import { topoOrder } from './checks/topo-order.js';
import { checkConnected } from './checks/connected.js';
import { inferShapes } from './shapes/infer-shapes.js';
import { reportRootCauses } from './checks/root-cause.js';
import { seedInitializers } from './seeds.js';
import { checkWeightBudget, DEFAULT_MAX_WEIGHT_BYTES } from './shapes/numeric-bounds.js';
import { resolveCheckpoints } from './checkpoints.js';
import { checkIntegerInputs } from './checks/integer-inputs.js';

/** Largest model file accepted, in bytes. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** What to compile. */
export interface CompileOptions {
  /** Variant to select (`--variant`). */
  readonly variant?: string | null;
  /** Parameter overrides (`--set key=value`, already parsed). */
  readonly overrides?: readonly Override[];
  /** Weight budget in bytes (`--max-weights`); default {@link DEFAULT_MAX_WEIGHT_BYTES}. */
  readonly maxWeightBytes?: number;
}

/** Everything a compilation produced. */
export interface CompileResult {
  /** The checked graph, or null when there were errors. */
  readonly graph: Graph | null;
  /** The loaded program (for the TypeScript backend), when loading succeeded. */
  readonly program: Program | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Source texts, to render diagnostics. */
  readonly files: SourceFiles;
  /**
   * The graph as far as shape inference got, also when it reported errors (layers past an error
   * have unknown shapes): what an editor can still show. Null when a stage before shapes failed.
   */
  readonly partial?: Graph | null;
}

function trainingOf(program: Program): TrainingConfig | null {
  const t = program.training;
  if (!t) return null;
  const optimizer = toPlain(t.optimizer) as TrainingConfig['optimizer'];
  const loss = toPlain(t.loss) as TrainingConfig['loss'];
  return { optimizer, loss, metrics: t.metrics };
}

/** Compiles model source text. Never throws for any input text or options. */
export function compileSource(file: string, text: string, options: CompileOptions = {}): CompileResult {
  const sink = new DiagnosticSink();
  const files = new SourceFiles();
  files.add(file, text);
  const done = (graph: Graph | null, program: Program | null, partial: Graph | null = graph, diagnostics: readonly Diagnostic[] = sink.all()): CompileResult => ({
    graph,
    program,
    diagnostics: diagnostics.map((d) => (d.span ? { ...d, range: { start: files.position(d.span.file, d.span.start), end: files.position(d.span.file, Math.max(d.span.start, d.span.end)) } } : d)),
    files,
    partial,
  });
  if (text.length > MAX_FILE_BYTES) {
    sink.report('GC0003', [text.length, MAX_FILE_BYTES], null);
    return done(null, null);
  }
  const root = parseYaml(file, text, sink);
  if (!root || sink.hasErrors()) return done(null, null);
  if (!validateDocument(root, sink)) return done(null, null);
  const program = loadProgram(file, root as YMap, sink);
  if (sink.hasErrors()) return done(null, program);
  const resolved = resolveModel(program, options, sink);
  if (!resolved || sink.hasErrors()) return done(null, program);
  // A mapping that cannot be applied is a compile error, not a surprise at load time.
  resolveCheckpoints(program, resolved.params, sink);
  if (sink.hasErrors()) return done(null, program);
  const expansion = expandProgram(program, resolved, sink);
  const meta = { name: resolved.name, variant: resolved.variant, params: resolved.params, training: trainingOf(program), file };
  if (!expansion || sink.hasErrors()) return done(null, program, null, reportRootCauses(sink.all(), expansion, meta));
  const linked = linkNames(expansion, sink);
  checkUniqueNames(linked, sink);
  if (sink.hasErrors()) return done(null, program);
  const order = topoOrder(linked, sink);
  if (!order) return done(null, program);
  checkConnected(linked, sink);
  checkIntegerInputs(linked, order, sink);
  if (sink.hasErrors()) return done(null, program);
  const graph = inferShapes(seedInitializers(linked), order, meta, sink);
  if (!sink.hasErrors()) checkWeightBudget(graph.totals.params, options.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES, program.nameSpan, sink);
  return done(sink.hasErrors() ? null : graph, program, graph);
}

export type { Override, Value };
