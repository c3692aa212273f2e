/** `Maximum`: element-wise maximum of its inputs. */
import { elementwiseMerge } from './merge.js';

/** Keras `Maximum`. */
export const Maximum = elementwiseMerge('Maximum', 'Element-wise maximum of two or more tensors (broadcasting dims of 1).');
