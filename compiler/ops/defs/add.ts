/** `Add`: element-wise sum of its inputs (the residual connection). */
import { elementwiseMerge } from './merge.js';

/** Keras `Add`. */
export const Add = elementwiseMerge('Add', 'Element-wise sum of two or more tensors (broadcasting dims of 1).');
