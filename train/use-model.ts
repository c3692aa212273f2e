/**
 * A model to evaluate or predict with: a folder `graphc train` wrote (model.json, weights.bin,
 * graphc.json), or a compiled YAML model with its initializers or `--weights`. Either way the
 * caller gets the tfjs model, compiled when it has training settings, and what its data must
 * look like (input shape, preprocessing, class names).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import type { Program } from '../compiler/program.js';
import { makeDiagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph, TrainingConfig } from '../compiler/ir.js';
import { graphPreprocessing, type Preprocessing } from '../compiler/preprocessing.js';
import { loadInitialWeights } from './initial-weights.js';
import { loadTrainedModel } from './trained-model.js';
import { POINTER_FILE } from './checkpoint-store.js';
import { modelSides, TrainError, trainingOf } from './train.js';

/** A ready model and its interface. */
export interface UsableModel {
  readonly model: TfModule.LayersModel;
  readonly inputName: string;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  readonly preprocessing: Preprocessing | null;
  readonly classNames: readonly string[] | null;
  /** Training settings (for evaluate's loss and metrics), or null when the model has none. */
  readonly training: TrainingConfig | null;
}

/** True when `path` is a folder `graphc train` wrote: an output folder (with its checkpoint pointer) or one checkpoint's folder. */
export function isTrainedFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory() && (existsSync(join(path, 'graphc.json')) || existsSync(join(path, POINTER_FILE)));
}

/** Loads a trained folder; throws {@link TrainError} (GC6011) when it is not one. */
export async function useTrainedFolder(tf: typeof TfModule, dir: string, overrides: Partial<TrainingConfig>): Promise<UsableModel> {
  let loaded: Awaited<ReturnType<typeof loadTrainedModel>>;
  try {
    loaded = await loadTrainedModel(tf, dir);
  } catch (e) {
    throw new TrainError([makeDiagnostic('GC6011', [dir, 'load', (e as Error).message.split('\n')[0]!], null)]);
  }
  const { model, meta } = loaded;
  const training = { ...meta.training, ...overrides };
  const { compileTraining } = await import('../backends/tfjs/build-model.js');
  compileTraining(tf, model, training);
  return { model, inputName: meta.input.name, inputShape: meta.input.shape, outputShape: meta.output.shape, preprocessing: meta.input.preprocessing, classNames: meta.classNames, training };
}

/** Builds a compiled graph (initializers, or `weights`), compiled with its training settings when it has them. */
export async function useGraph(tf: typeof TfModule, graph: Graph, weights: string | null, overrides: Partial<TrainingConfig>, needTraining: boolean, program: Program | null = null): Promise<UsableModel> {
  const { input, output } = modelSides(graph);
  const { buildModel, compileTraining } = await import('../backends/tfjs/build-model.js');
  const model = buildModel(graph, tf, { init: weights ? 'zeros' : 'yaml', compile: false });
  let training: TrainingConfig | null = null;
  try {
    if (needTraining || graph.training || overrides.loss) {
      training = trainingOf(graph, overrides);
      compileTraining(tf, model, training);
    }
    if (weights) {
      const problems = await loadInitialWeights(tf, weights, model, graph, program);
      if (problems) throw new TrainError(problems);
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return {
    model,
    inputName: input.name,
    inputShape: (input.shape ?? []).slice(1),
    outputShape: (output.shape ?? []).slice(1),
    preprocessing: graphPreprocessing(graph)[input.name] ?? null,
    classNames: null,
    training,
  };
}
