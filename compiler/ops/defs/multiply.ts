/** `Multiply`: element-wise product (squeeze-and-excitation gating). */
import { elementwiseMerge } from './merge.js';

/** Keras `Multiply`. */
export const Multiply = elementwiseMerge('Multiply', 'Element-wise product of two or more tensors (broadcasting dims of 1).');
