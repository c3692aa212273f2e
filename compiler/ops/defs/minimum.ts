/** `Minimum`: element-wise minimum of its inputs. */
import { elementwiseMerge } from './merge.js';

/** Keras `Minimum`. */
export const Minimum = elementwiseMerge('Minimum', 'Element-wise minimum of two or more tensors (broadcasting dims of 1).');
