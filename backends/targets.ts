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
 * is pure and loads now. An `explicit` target is built only when `--target` names it.
 */
function lazy(name: string, description: string, support: TargetSupport, load: () => Promise<{ emit: EmitTarget }>, explicit = false): Target {
  return { name, description, support, explicit, emit: async (ctx) => (await importOptional(`the ${name} target`, load)).emit(ctx) };
}

/** Weight-only targets write every layer's weights; what a layout lacks is reported as it runs. */
function weightsSupport(target: string): TargetSupport {
  return { target, unsupported: {}, checks: {} };
}

/** Every target graphc can build. The names and descriptions live here only. */
export const TARGETS: readonly Target[] = [
  lazy('tfjs', 'TensorFlow.js layers model: model.json + weights.bin', TFJS_SUPPORT, () => import('./tfjs/target.js')),
  lazy('ts', 'TypeScript source that builds the model with @tensorflow/tfjs (<ModelName>.ts)', TS_SUPPORT, () => import('./typescript/target.js')),
  lazy('diagrams', 'Graphviz diagrams: the overview and one figure per block template (DOT, SVG and PNG)', DIAGRAM_SUPPORT, () => import('./graphviz/target.js')),
  lazy('onnx', 'ONNX model (opset 17) with the weights, for onnxruntime', ONNX_SUPPORT, () => import('./onnx/target.js')),
  // weights in other tools' formats, by the model file's checkpoint conventions (weights/); a
  // layer kind a layout has no form for is GC7010 when the target runs
  lazy('safetensors', 'the weights as a PyTorch state dict (model.safetensors), torch convention and layouts', weightsSupport('safetensors'), () => import('../weights/safetensors-target.js'), true),
  lazy('keras-h5', 'the weights in Keras 2 save_weights HDF5 (keras_weights.h5), keras convention', weightsSupport('keras-h5'), () => import('../weights/keras-h5-target.js'), true),
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
  // Without a list: every target but the explicit ones (weights in other tools' formats).
  const names = given.length === 0 ? TARGETS.filter((t) => !t.explicit).map((t) => t.name) : [...new Set(given)];
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
