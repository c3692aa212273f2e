/**
 * `graphc.json`, written next to a trained model: what evaluate and predict need that
 * model.json does not say (the input's preprocessing, class names, the training settings, how
 * labels were encoded), and loading such a folder back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import type { TrainingConfig, Value } from '../compiler/ir.js';
import type { Preprocessing } from '../compiler/preprocessing.js';
import type { LabelEncoding } from '../data/check-dataset.js';
import { loadSavedModel } from '../backends/tfjs/save.js';
import { trainedModelFolder } from './checkpoint-store.js';

/** The contents of `graphc.json`. */
export interface TrainedMeta {
  readonly format: 'graphc-trained-model';
  readonly version: 1;
  readonly model: { readonly name: string; readonly file: string; readonly variant: string | null; readonly params: { readonly [k: string]: Value } };
  readonly input: { readonly name: string; readonly shape: readonly (number | null)[]; readonly preprocessing: Preprocessing | null };
  readonly output: { readonly name: string; readonly shape: readonly (number | null)[] };
  readonly classNames: readonly string[] | null;
  readonly training: TrainingConfig;
  readonly labels: LabelEncoding;
  readonly data: { readonly train: string; readonly validation: string | null };
}

/** Reads `dir/graphc.json`; throws a one-line reason when it is not a trained graphc folder. */
export function readTrainedMeta(dir: string): TrainedMeta {
  const path = join(dir, 'graphc.json');
  if (!existsSync(path)) throw new Error(`${path} is missing (a folder written by graphc train has it)`);
  const meta = JSON.parse(readFileSync(path, 'utf8')) as TrainedMeta;
  if (meta.format !== 'graphc-trained-model' || meta.version !== 1) throw new Error(`${path} is not a graphc trained-model record of version 1`);
  return meta;
}

/**
 * Loads a trained folder — a checkpoint folder, or an output folder through its pointer to the
 * current checkpoint — as the tfjs model (model.json + weights.bin) and its record.
 */
export async function loadTrainedModel(tf: typeof TfModule, path: string): Promise<{ model: TfModule.LayersModel; meta: TrainedMeta }> {
  const dir = trainedModelFolder(path);
  const meta = readTrainedMeta(dir);
  const model = await loadSavedModel(tf, dir);
  return { model, meta };
}
