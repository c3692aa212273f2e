/**
 * `graphc/train`: data readers, the training loop and its callbacks, evaluation, and saving a
 * trained model. Needs the `@tensorflow/tfjs` peer, like `graphc/tfjs`.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { compileFile } from 'graphc';
 * import { saveModel, train } from 'graphc/train';
 * const { graph } = compileFile('architectures/resnet50.yaml');
 * const run = await train({ graph: graph!, data: 'train_signs.h5', epochs: 2, batchSize: 32, out: 'runs/signs' });
 * await saveModel(tf, run.model, 'build/trained');
 * ```
 */
export { train, TrainError, type TrainOptions, type TrainResult } from './train.js';
export { saveModel } from './save-model.js';
// Where a run's checkpoints are: OUT/checkpoint.json names them (checkpoint-store.ts).
export { bestCheckpointFolder, currentCheckpointFolder, type CheckpointPointer } from './checkpoint-store.js';
export { fitDataset, type FitOptions, type FitResult } from './fit.js';
export { evaluateDataset, predictDataset, type Evaluation } from './evaluate.js';
export { History, type EpochRecord, type Best } from './history.js';
export type { Callback, BatchLogs, EpochLogs, TrainInfo, Position, StopFlag } from './callbacks.js';
export { openDataset, type DataKeys } from '../data/open-dataset.js';
export { checkDataset, type DataCheck } from '../data/check-dataset.js';
export type { Dataset, ElementSpec, Samples } from '../data/dataset.js';
