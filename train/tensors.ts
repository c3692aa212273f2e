/**
 * Raw samples → the tensors a model takes: the input's declared preprocessing (x * scale +
 * offset) and the labels encoded for the loss (one-hot for categorical cross-entropy, class
 * numbers for sparse losses, as stored otherwise).
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Preprocessing } from '../compiler/preprocessing.js';
import { applyPreprocessing } from '../compiler/preprocessing.js';
import type { LabelEncoding } from '../data/check-dataset.js';
import type { ElementSpec, Samples } from '../data/dataset.js';

type Tf = typeof TfModule;

/** How a batch becomes tensors: fixed for a run. */
export interface TensorPlan {
  readonly spec: ElementSpec;
  readonly preprocessing: Preprocessing | null;
  readonly encoding: LabelEncoding;
  readonly classes: number | null;
}

/** The model input of a batch (preprocessed in place: `samples.x` is not reused). */
export function inputTensor(tf: Tf, samples: Samples, plan: TensorPlan): TfModule.Tensor {
  return tf.tensor(applyPreprocessing(samples.x, plan.preprocessing), [samples.count, ...plan.spec.shape], 'float32');
}

/** The targets of a batch, encoded for the loss. */
export function targetTensor(tf: Tf, samples: Samples, plan: TensorPlan): TfModule.Tensor {
  const y = samples.y;
  if (y === null) throw new Error('invariant: targets asked of unlabelled data (checkDataset reports it first)');
  if (plan.encoding === 'one-hot') {
    return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), plan.classes!).toFloat());
  }
  if (plan.encoding === 'index') return tf.tensor2d(y, [samples.count, 1], 'float32');
  const rest = plan.spec.labels === 'index' ? [1] : plan.spec.labelShape;
  return tf.tensor(y, [samples.count, ...rest], 'float32');
}
