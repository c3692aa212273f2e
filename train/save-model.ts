/**
 * `saveModel(tf, model, dir)`: writes a tfjs model as `model.json` + `weights.bin` (the
 * layers-model format `tf.loadLayersModel` and the Python converter read), atomically, with no
 * tfjs-node file handler. The mirror of `loadSavedModel(tf, dir)`.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { modelFiles } from '../backends/tfjs/save.js';
import type { OutputFile } from '../backends/target.js';
import { writeFilesAtomically } from '../io/write-atomic.js';

/** Saves `model` into `dir` (created if needed); returns the paths written. */
export async function saveModel(tf: typeof TfModule, model: TfModule.LayersModel, dir: string, extra: readonly OutputFile[] = []): Promise<string[]> {
  const files = await modelFiles(tf, model, 'graphc');
  return writeFilesAtomically(dir, [...files, ...extra]);
}
