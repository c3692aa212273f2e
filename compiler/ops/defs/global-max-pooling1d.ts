/** `GlobalMaxPooling1D`. */
import { globalPooling1d } from './pooling1d.js';

/** Keras `GlobalMaxPooling1D`. */
export const GlobalMaxPooling1D = globalPooling1d('GlobalMaxPooling1D', 'Maximum over all steps, per channel.');
