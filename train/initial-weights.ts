/**
 * Weights for a model from a path (`--weights` of train, evaluate and predict, and `--resume`'s
 * own folder). One function for all of them, on top of `loadWeightsIntoModel` (the checked
 * loading of every checkpoint format `graphc run --weights` reads: tfjs folders, Keras HDF5 and
 * .keras, safetensors, ONNX), so the formats and the strict matching are the same everywhere.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import { trainedModelFolder } from './checkpoint-store.js';

/**
 * Sets `model`'s weights from `path`; returns the diagnostics when they cannot be used, else null.
 * `program` supplies the model file's `checkpoints:` conventions (null: graphc's own names).
 */
export async function loadInitialWeights(tf: typeof TfModule, path: string, model: TfModule.LayersModel, graph: Graph, program: Program | null = null, select: { readonly allowMissing?: boolean; readonly skip?: readonly string[] } = {}): Promise<readonly Diagnostic[] | null> {
  const { loadWeightsIntoModel } = await import('../weights/apply-tfjs.js');
  // A `graphc train` output folder stands for its current checkpoint.
  let folder: string;
  try {
    folder = trainedModelFolder(path);
  } catch (e) {
    return [makeDiagnostic('GC6011', [path, 'load weights from', (e as Error).message], null)];
  }
  const loaded = await loadWeightsIntoModel(tf, model, graph, program, { path: folder, allowMissing: select.allowMissing === true, skip: select.skip ?? [] });
  return loaded.ok ? null : loaded.diagnostics;
}
