/** `GlobalAveragePooling1D`. */
import { globalPooling1d } from './pooling1d.js';

/** Keras `GlobalAveragePooling1D`. */
export const GlobalAveragePooling1D = globalPooling1d('GlobalAveragePooling1D', 'Average over all steps, per channel.');
