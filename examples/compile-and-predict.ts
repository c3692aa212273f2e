// Compiles a YAML model in-process, builds it with tfjs, and predicts: no files written.
import * as tf from '@tensorflow/tfjs';
import { compileFile, renderDiagnostics } from 'graphc';
import { buildModel, selectRuntime } from 'graphc/tfjs';

await selectRuntime('auto');
const result = compileFile('architectures/resnet50.yaml', { overrides: [{ key: 'classes', value: 10 }] });
if (!result.graph) throw new Error(renderDiagnostics(result.diagnostics, result.files));
const model = buildModel(result.graph, tf);                 // glorot_uniform(seed=0), as the YAML says
const y = model.predict(tf.zeros([2, 64, 64, 3])) as tf.Tensor;
console.log(result.graph.name, result.graph.totals.params, y.shape);
