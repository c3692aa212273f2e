/**
 * Builds the model once per `graphc build` for every target that needs weights (tfjs, onnx):
 * selects the runtime, builds with the YAML's seeded initializers, and applies the inference
 * optimizer when asked. Targets share the result through the build context.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Graph } from '../../compiler/ir.js';
import { optimizeForInference, type OptimizeReport } from '../../compiler/optimize/optimize-inference.js';
import type { Weights } from '../../compiler/weights.js';
import { type BuildContext, TargetError } from '../target.js';
import { buildModel, readWeights, writeWeights } from './build-model.js';
import { isRuntimeRequest, type RuntimeName, selectRuntime } from './runtime.js';
import { initModeFor, loadWeightsIntoModel, WeightsLoadError, type WeightsRequest } from '../../weights/apply-tfjs.js';
import { WEIGHTS_REQUEST } from '../../weights/checkpoint.js';

/** A built model with its weights, optimized or not. */
export interface Materialized {
  readonly tf: typeof TfModule;
  readonly runtime: RuntimeName;
  readonly graph: Graph;
  readonly model: TfModule.LayersModel;
  /** The model's weights as plain data, copied out on first call (only ONNX needs them). */
  readonly weights: () => Weights;
  readonly optimized: OptimizeReport | null;
}

/** Builds an optimized copy: the optimized graph, built with zero initializers, then the folded weights. */
export function optimizeModel(tf: typeof TfModule, graph: Graph, model: TfModule.LayersModel): { graph: Graph; model: TfModule.LayersModel; weights: Weights; report: OptimizeReport } {
  const opt = optimizeForInference(graph, readWeights(model));
  const optimized = buildModel(opt.graph, tf, { init: 'zeros' });
  writeWeights(tf, optimized, opt.weights);
  return { graph: opt.graph, model: optimized, weights: opt.weights, report: opt.report };
}

/** The build's model, built on first use. */
export async function materialize(ctx: BuildContext): Promise<Materialized> {
  const cached = ctx.shared.get('tfjs-model') as Materialized | undefined;
  if (cached) return cached;
  const request = String(ctx.options['backend'] ?? 'auto');
  if (!isRuntimeRequest(request)) throw new TargetError('tfjs', `unknown runtime \`${request}\``, 'use auto, tensorflow, wasm or cpu');
  const selected = await selectRuntime(request);
  if (!selected.ok) throw new TargetError('tfjs', selected.message);
  const tf = selected.tf;
  // One short line; why the faster runtimes were skipped is for --verbose.
  ctx.log(`runtime: ${selected.name}`);
  if (ctx.options['verbose'] === true && selected.note) for (const part of selected.note.split('; ')) ctx.log(`  ${part}`);
  let result: Materialized;
  // `--weights`: build without the random initializers (unless some layers keep them), then load.
  const weightsRequest = ctx.shared.get(WEIGHTS_REQUEST) as WeightsRequest | undefined;
  const model = buildModel(ctx.graph, tf, { init: initModeFor(weightsRequest) });
  if (weightsRequest) {
    const loaded = await loadWeightsIntoModel(tf, model, ctx.graph, ctx.program, weightsRequest);
    if (!loaded.ok) {
      model.dispose();
      throw new WeightsLoadError(loaded.diagnostics, loaded.usage);
    }
    ctx.log(`weights: ${loaded.summary.tensors} tensors from ${loaded.summary.format}${loaded.summary.convention ? ` (convention ${loaded.summary.convention})` : ''}${loaded.summary.initialized.length ? `; initialized from the YAML: ${loaded.summary.initialized.join(', ')}` : ''}`);
  }
  if (ctx.options['optimize'] === 'inference') {
    const o = optimizeModel(tf, ctx.graph, model);
    model.dispose();
    ctx.log(`optimize: folded ${o.report.foldedBatchNorms} BatchNormalization, fused ${o.report.fusedActivations} activations, dropped ${o.report.droppedLayers} layers`);
    result = { tf, runtime: selected.name, graph: o.graph, model: o.model, weights: () => o.weights, optimized: o.report };
  } else {
    let weights: Weights | null = null;
    result = { tf, runtime: selected.name, graph: ctx.graph, model, weights: () => (weights ??= readWeights(model)), optimized: null };
  }
  ctx.shared.set('tfjs-model', result);
  return result;
}
