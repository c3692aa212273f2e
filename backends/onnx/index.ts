/**
 * `graphc/onnx`: exports a compiled graph with its weights as an ONNX model (opset 17, through
 * protobufjs, a dependency), and runs ONNX bytes with onnxruntime-node. onnxruntime-node is an
 * optional peer (288 MB), loaded on the first session only: exporting works without it.
 */
export { exportOnnx, BATCH_DIM, UnsupportedError } from './export.js';
export {
  runOnnx,
  createOnnxSession,
  OnnxRuntimeError,
  type OnnxSession,
  type OnnxTensorData,
  type OnnxRunOptions,
  type OnnxFailureStage,
} from './ort.js';
