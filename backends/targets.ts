/**
 * The registry of build targets, in the order `graphc build` runs them. Each backend is imported
 * only when its target runs, so `graphc summary` does not pay for loading TensorFlow.js or
 * ts-morph. Adding a backend is one line here.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import { DIAGRAM_SUPPORT } from './graphviz/support.js';
import { ONNX_SUPPORT } from './onnx/support.js';
import { importOptional } from './optional-package.js';
import { checkSupport, type TargetSupport } from './support.js';
import type { EmitTarget, Target } from './target.js';
import { TFJS_SUPPORT } from './tfjs/support.js';
import { TS_SUPPORT } from './typescript/support.js';

/**
 * A target whose module (exporting `emit`) loads on first use; a missing optional peer
 * (tfjs, ts-morph) is reported as a MissingPackageError naming this target. Its support table
 * is pure and loads now.
 */
function lazy(name: string, description: string, support: TargetSupport, load: () => Promise<{ emit: EmitTarget }>): Target {
  return { name, description, support, emit: async (ctx) => (await importOptional(`the ${name} target`, load)).emit(ctx) };
}

/** Every target graphc can build. The names and descriptions live here only. */
export const TARGETS: readonly Target[] = [
  lazy('tfjs', 'TensorFlow.js layers model: model.json + weights.bin', TFJS_SUPPORT, () => import('./tfjs/target.js')),
  lazy('ts', 'TypeScript source that builds the model with @tensorflow/tfjs (<ModelName>.ts)', TS_SUPPORT, () => import('./typescript/target.js')),
  lazy('diagrams', 'Graphviz diagrams: the overview and one figure per block template (DOT, SVG and PNG)', DIAGRAM_SUPPORT, () => import('./graphviz/target.js')),
  lazy('onnx', 'ONNX model (opset 17) with the weights, for onnxruntime', ONNX_SUPPORT, () => import('./onnx/target.js')),
];

/** A target by name. */
export function getTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}

/**
 * Parses `--target` values (repeatable, each a comma list) into target names; `unknown` lists
 * the names that are not targets. No value means every target.
 */
export function targetNames(values: string | readonly string[] | undefined): { names: string[]; unknown: string[] } {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  const given = list.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const names = given.length === 0 ? TARGETS.map((t) => t.name) : [...new Set(given)];
  return { names, unknown: names.filter((n) => !getTarget(n)) };
}

/** The support diagnostics of a graph for the named targets (unknown names are skipped). */
export async function checkTargets(graph: Graph, program: Program | null, names: readonly string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const n of names) {
    const t = getTarget(n);
    if (t) out.push(...(await checkSupport(graph, t.support, program)));
  }
  return out;
}
