/** The `onnx` build target: `model.onnx` (opset 17) with the weights. */
import { type Target, TargetError } from '../target.js';
import { materialize } from '../tfjs/materialize.js';
import { exportOnnx, UnsupportedError } from './export.js';

/** Writes the ONNX model. */
export const onnxTarget: Target = {
  name: 'onnx',
  description: 'ONNX model (opset 17) for onnxruntime',
  async emit(ctx) {
    const m = await materialize(ctx);
    try {
      return [{ path: 'model.onnx', data: exportOnnx(m.graph, m.weights) }];
    } catch (e) {
      if (e instanceof UnsupportedError) throw new TargetError('onnx', e.message);
      throw e;
    }
  },
};
