/**
 * `SpatialDropout2D`: drops whole feature maps (channels) of an NHWC image in training, as Keras
 * does (its noise shape is (batch, 1, 1, channels)); the identity at inference.
 */
import { expectRank, type OpDef } from '../types.js';

/** Keras `SpatialDropout2D` (channels last). */
export const SpatialDropout2D: OpDef = {
  name: 'SpatialDropout2D',
  description: 'Drops entire channels of an image (batch, height, width, channels) with probability `rate` during training.',
  arity: { min: 1, max: 1 },
  positional: 'rate',
  attrs: {
    rate: { type: 'number', min: 0, max: 1, description: 'Fraction of the channels to drop, in [0, 1].' },
    seed: { type: 'int', optional: true, description: 'Random seed.' },
  },
  inferShape({ inputs }) {
    const problem = expectRank(inputs, 4);
    return problem ? { problem } : { shape: inputs[0]! };
  },
};
