/**
 * Weights for a model from a path (`--weights` of train, evaluate and predict, and `--resume`'s
 * own folder). One function for all of them, on top of `loadWeightsDir` (the checked loading
 * `graphc run --weights` uses), so another checkpoint format added there works here too.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { writeWeights } from '../backends/tfjs/build-model.js';
import { loadWeightsDir } from '../cli/run-weights.js';

/** Sets `model`'s weights from `path`; returns the diagnostics when they cannot be used, else null. */
export async function loadInitialWeights(tf: typeof TfModule, path: string, model: TfModule.LayersModel): Promise<readonly Diagnostic[] | null> {
  const fitted = await loadWeightsDir(tf, path, model);
  if (!fitted.ok) return fitted.diagnostics;
  writeWeights(tf, model, fitted.weights);
  return null;
}
