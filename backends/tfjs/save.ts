/**
 * Saves a tfjs model in the layers-model format (`model.json` + `weights.bin`, the
 * Keras-compatible format `tf.loadLayersModel` and the Python converter read) as in-memory
 * files, and loads such a folder back. Deterministic: no timestamps, fixed key order.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import type { OutputFile } from '../target.js';
import { customLayers } from './custom/register.js';

type Tf = typeof TfModule;

/** The weights file name written next to model.json. */
export const WEIGHTS_FILE = 'weights.bin';

/** The model's `model.json` and weights, as files. */
export async function modelFiles(tf: Tf, model: TfModule.LayersModel, producer: string): Promise<OutputFile[]> {
  let artifacts: TfModule.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  const a = artifacts as TfModule.io.ModelArtifacts | null;
  if (!a) throw new Error('invariant: tfjs did not hand over the model artifacts');
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData));
  // tfjs writes the training config only together with optimizer state (includeOptimizer); the
  // config alone is what Keras's model.compile(...) line is, and loaders re-compile from it.
  const compiled = (model as unknown as { optimizer: unknown }).optimizer != null;
  const trainingConfig = compiled ? (model as unknown as { getTrainingConfig(): TfModule.io.TrainingConfig }).getTrainingConfig() : undefined;
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: producer,
    modelTopology: a.modelTopology,
    ...(trainingConfig ? { trainingConfig } : {}),
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
  };
  return [
    { path: 'model.json', data: `${JSON.stringify(json)}\n` },
    { path: WEIGHTS_FILE, data: weights },
  ];
}

interface ModelJson {
  modelTopology: object;
  trainingConfig?: TfModule.io.TrainingConfig;
  weightsManifest: { paths: string[]; weights: TfModule.io.WeightsManifestEntry[] }[];
}

/** Options of {@link loadSavedModel}. */
export interface LoadSavedOptions {
  /** The model file, when it is not `<dir>/model.json`. */
  readonly modelJson?: string;
  /** Reads a file (default `readFileSync`); the CLI passes one that refuses special files and bounds sizes. */
  readonly readFile?: (path: string) => Uint8Array;
}

/** Thrown when a model.json is not a layers model graphc can load, or names a weights file outside its folder. */
export class SavedModelError extends Error {}

/**
 * Loads a saved folder with `tf.loadLayersModel` through an in-memory handler (no network, no
 * tfjs-node file handler needed). Weights files must lie in the model's folder: a model.json
 * cannot make graphc read `../../anything`.
 */
export async function loadSavedModel(tf: Tf, dir: string, options: LoadSavedOptions = {}): Promise<TfModule.LayersModel> {
  // Registers graphc's own layers (MultiHeadAttention, ...) by class name, so their configs resolve.
  await import('./custom/index.js');
  const read = options.readFile ?? ((path: string) => readFileSync(path));
  const text = Buffer.from(read(options.modelJson ?? join(dir, 'model.json'))).toString('utf8');
  const json = JSON.parse(text) as Partial<ModelJson> | null;
  if (json === null || typeof json !== 'object' || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new SavedModelError('it is not a TensorFlow.js layers model (no modelTopology and weightsManifest)');
  }
  const buffers: ArrayBuffer[] = [];
  const weightSpecs: TfModule.io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) {
      const rel = relative(resolve(dir), resolve(dir, String(p)));
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new SavedModelError(`its weights path \`${String(p)}\` lies outside the model's folder`);
      const b = read(join(dir, p));
      buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    }
    weightSpecs.push(...group.weights);
  }
  const handler = tf.io.fromMemory({
    modelTopology: json.modelTopology!,
    weightSpecs,
    weightData: tf.io.CompositeArrayBuffer.join(buffers),
    ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
  });
  // graphc's own layers (Normalization, ZeroPadding1D, keepdims poolings, Subtract, SpatialDropout2D, GRU reset_after...) must be registered first.
  customLayers(tf);
  return tf.loadLayersModel(handler);
}
