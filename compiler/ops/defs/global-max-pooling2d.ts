/** `GlobalMaxPooling2D`. */
import { globalPooling2d } from './global-pooling.js';

/** Keras `GlobalMaxPooling2D`. */
export const GlobalMaxPooling2D = globalPooling2d('GlobalMaxPooling2D', 'Maximum over the spatial dimensions.');
