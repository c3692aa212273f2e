// Loads the model `npx graphc build architectures/resnet50.yaml` wrote and runs it.
import * as tf from '@tensorflow/tfjs';
import { loadSavedModel, selectRuntime } from 'graphc/tfjs';

await selectRuntime('auto');                               // tensorflow, else wasm, else cpu
const model = await loadSavedModel(tf, 'build/ResNet50');  // model.json + weights.bin
const image = tf.randomUniform([1, 64, 64, 3]);            // one 64x64 RGB image
const probabilities = model.predict(image) as tf.Tensor;
console.log(probabilities.shape, Array.from(probabilities.dataSync()).map((p) => p.toFixed(3)));
