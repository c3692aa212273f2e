/** `MaxPooling2D`. */
import { pooling2d } from './pooling.js';

/** Keras `MaxPooling2D`. */
export const MaxPooling2D = pooling2d('MaxPooling2D', 'Max pooling over 2-D windows.');
