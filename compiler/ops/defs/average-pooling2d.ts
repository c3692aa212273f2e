/** `AveragePooling2D`. */
import { pooling2d } from './pooling.js';

/** Keras `AveragePooling2D`. */
export const AveragePooling2D = pooling2d('AveragePooling2D', 'Average pooling over 2-D windows.');
