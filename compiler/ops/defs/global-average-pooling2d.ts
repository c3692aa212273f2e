/** `GlobalAveragePooling2D`. */
import { globalPooling2d } from './global-pooling.js';

/** Keras `GlobalAveragePooling2D`. */
export const GlobalAveragePooling2D = globalPooling2d('GlobalAveragePooling2D', 'Average over the spatial dimensions.');
