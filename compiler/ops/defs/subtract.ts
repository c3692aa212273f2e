/** `Subtract`: the first input minus the second. */
import { elementwiseMerge } from './merge.js';

/** Keras `Subtract`: exactly two inputs, as in Keras. */
export const Subtract = elementwiseMerge('Subtract', 'Element-wise difference `inputs[0] - inputs[1]` of exactly two tensors (broadcasting dims of 1).', 2);
