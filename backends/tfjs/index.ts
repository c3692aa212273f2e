/**
 * `graphc/tfjs`: builds a compiled graph as a TensorFlow.js `LayersModel`, picks the tfjs
 * runtime, and saves or loads models in the tfjs layers-model format. Needs the
 * `@tensorflow/tfjs` peer (and optionally `@tensorflow/tfjs-backend-wasm` or
 * `@tensorflow/tfjs-node` for speed); the compiler itself is the root export, `graphc`.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { compileFile } from 'graphc';
 * import { buildModel, selectRuntime } from 'graphc/tfjs';
 * await selectRuntime('auto');
 * const { graph } = compileFile('architectures/resnet50.yaml');
 * const model = buildModel(graph!, tf);
 * ```
 */
export { buildModel, readWeights, writeWeights, compileTraining, type BuildModelOptions } from './build-model.js';
export {
  selectRuntime,
  requireRuntime,
  RuntimeLoadError,
  RUNTIME_NAMES,
  type RuntimeName,
  type RuntimeRequest,
  type RuntimeSelection,
  type SelectedRuntime,
  type RuntimeUnavailable,
  type RuntimeFailure,
  type SelectRuntimeOptions,
} from './runtime.js';
export { loadSavedModel, modelFiles, WEIGHTS_FILE } from './save.js';
// graphc's own tfjs layers (Subtract, SpatialDropout2D, GRU reset_after, ELU alpha, Softmax axis):
// call once before `tf.loadLayersModel` on a model.json that uses them (loadSavedModel does).
export { customLayers, type CustomLayers } from './custom/register.js';
// graphc's own tfjs layers (issue 10 part B), for code that builds or loads models with them.
export { MultiHeadAttention, Take, ClassToken, PositionEmbedding, LayerScale } from './custom/index.js';
