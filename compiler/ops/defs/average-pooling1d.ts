/** `AveragePooling1D`. */
import { pooling1d } from './pooling1d.js';

/** Keras `AveragePooling1D` (padded positions are left out of the average, as in Keras). */
export const AveragePooling1D = pooling1d('AveragePooling1D', 'Average pooling over windows of steps.');
