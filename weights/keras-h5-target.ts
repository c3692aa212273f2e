/**
 * The `keras-h5` build target: `keras_weights.h5` in Keras 2's `save_weights` layout under the
 * model file's keras convention, for `model.load_weights(path)` on the same architecture in
 * tf-keras or Keras 3.
 */
import type { EmitTarget } from '../backends/target.js';
import { materialize } from '../backends/tfjs/materialize.js';
import { kerasLayers } from './export-checkpoint.js';
import { writeKerasH5 } from './write-keras-h5.js';

/** Writes `keras_weights.h5` (not `*.weights.h5`, which Keras 3 reads as its own layout). */
export const emit: EmitTarget = async (ctx) => {
  const m = await materialize(ctx);
  const { layers, convention } = kerasLayers(m.graph, ctx.program, m.weights());
  ctx.log(`keras-h5: ${layers.length} layers, ${convention ? `convention ${convention}` : 'graphc names'}`);
  return [{ path: 'keras_weights.h5', data: await writeKerasH5(layers) }];
};
