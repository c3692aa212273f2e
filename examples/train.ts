// Trains a small CNN on a SIGNS-like HDF5 file, then saves the trained model with saveModel.
import * as tf from '@tensorflow/tfjs';
import { compileSource, renderDiagnostics } from 'graphc';
import { saveModel, train } from 'graphc/train';
import { makeSignsLike } from '../scripts/make-signs-like.js';

const { train: data, test } = await makeSignsLike('build/example-signs', { train: 192, test: 48, size: 16 });
const yaml = `
graphc: 1
name: SmallSigns
inputs:
  - { shape: [16, 16, 3], preprocessing: { scale: $1/255 } }   # the seed's X / 255
body:
  - Conv2D: { filters: 8, kernel_size: 3, padding: same, activation: relu }
  - MaxPooling2D: { pool_size: 2 }
  - Conv2D: { filters: 16, kernel_size: 3, padding: same, activation: relu }
  - GlobalAveragePooling2D: {}
  - Dense: { units: 6, activation: softmax }
training: { optimizer: { class_name: Adam, config: { learning_rate: 0.01 } }, loss: categorical_crossentropy, metrics: [accuracy] }
`;
const compiled = compileSource('small-signs.yaml', yaml);
if (!compiled.graph) throw new Error(renderDiagnostics(compiled.diagnostics, compiled.files));
const result = await train({ graph: compiled.graph, data, validation: test, epochs: 4, batchSize: 32, seed: 1, out: null });
const losses = result.history.epochs.map((e) => e.logs['loss']!.toFixed(3));
await saveModel(tf, result.model, 'build/example-signs/model');
console.log(`loss by epoch ${losses.join(' ')}; val_accuracy ${result.history.epochs.at(-1)!.logs['val_accuracy']!.toFixed(3)}`);
