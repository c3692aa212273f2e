/** `MaxPooling1D`. */
import { pooling1d } from './pooling1d.js';

/** Keras `MaxPooling1D`. */
export const MaxPooling1D = pooling1d('MaxPooling1D', 'Max pooling over windows of steps.');
