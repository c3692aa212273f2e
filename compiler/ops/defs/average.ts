/** `Average`: element-wise mean of its inputs. */
import { elementwiseMerge } from './merge.js';

/** Keras `Average`. */
export const Average = elementwiseMerge('Average', 'Element-wise mean of two or more tensors (broadcasting dims of 1).');
