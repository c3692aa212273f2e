/**
 * `--weights` for a built TensorFlow.js model: what the model expects comes from the model
 * itself, {@link loadWeights} does the rest, and the weights that fit are written into it. Every
 * command (run, build, train, evaluate, predict) calls this one function.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import { writeWeights } from '../backends/tfjs/build-model.js';
import { expectedLayers } from './expected.js';
import { loadWeights, type LoadedWeights } from './load-weights.js';

export { WeightsLoadError } from './checkpoint.js';

/** `--weights PATH [--allow-missing] [--skip PATTERN]...`, as every command passes it on. */
export interface WeightsRequest {
  readonly path: string;
  readonly allowMissing?: boolean;
  readonly skip?: readonly string[];
}

/**
 * Whether layers may keep the YAML's initializers: build with them (`yaml`) only then, else
 * with cheap zeros that the checkpoint overwrites.
 */
export function initModeFor(request: WeightsRequest | undefined): 'yaml' | 'zeros' {
  return !request || request.allowMissing || (request.skip?.length ?? 0) > 0 ? 'yaml' : 'zeros';
}

/** Loads the checkpoint into `model`; the model is untouched when the weights do not fit. */
export async function loadWeightsIntoModel(tf: typeof TfModule, model: TfModule.LayersModel, graph: Graph, program: Program | null, request: WeightsRequest): Promise<LoadedWeights> {
  const loaded = await loadWeights({
    path: request.path,
    graph,
    program,
    expected: expectedLayers(model, graph),
    allowMissing: request.allowMissing === true,
    skip: request.skip ?? [],
  });
  if (loaded.ok) writeWeights(tf, model, loaded.weights);
  return loaded;
}
