/**
 * `graphc/weights`: checkpoints in and out. `loadWeights` reads a tfjs folder, Keras HDF5 /
 * `.keras`, `.safetensors` or `.onnx` file and fits it onto a compiled model by the model file's
 * `checkpoints:` mapping; `torchStateDict` and `kerasLayers` run the mapping backwards for the
 * writers. h5wasm and fflate load only when a file needs them; `loadWeightsIntoModel` needs the
 * tfjs peer (it writes into a built model).
 */
export { loadWeights, skipPatterns, type LoadWeightsRequest, type LoadedWeights, type LoadSummary } from './load-weights.js';
export { loadWeightsIntoModel, initModeFor, type WeightsRequest } from './apply-tfjs.js';
export { expectedLayers, type ExpectedLayer, type ModelLike } from './expected.js';
export { readCheckpoint, MissingCheckpoint, UnsupportedCheckpoint } from './read-checkpoint.js';
export { CheckpointReadError, WeightsLoadError, type Checkpoint, type CheckpointTensor, type CheckpointFormat, type StorageLayout } from './checkpoint.js';
export { fitCheckpoint, type FitOptions, type FitResult } from './fit-checkpoint.js';
export { torchStateDict, kerasLayers } from './export-checkpoint.js';
export { writeSafetensors, readSafetensors, type TensorOut } from './safetensors.js';
export { readKerasH5 } from './keras-h5.js';
export { writeKerasH5, type KerasLayerOut } from './write-keras-h5.js';
export { readKerasArchive } from './keras-archive.js';
export { readOnnxInitializers } from './onnx-initializers.js';
