/** The `onnx` build target: `model.onnx` (opset 17) with the weights. */
import { type EmitTarget, TargetError } from '../target.js';
import { materialize, type Materialized } from '../tfjs/materialize.js';
import { exportOnnx, UnsupportedError } from './export.js';

/** Writes the ONNX model. */
export const emit: EmitTarget = async (ctx) => {
  let m: Materialized;
  try {
    m = await materialize(ctx);
  } catch (e) {
    // The weights come from the tfjs model: say so, rather than blame a target the user did not ask for.
    if (e instanceof TargetError && e.target === 'tfjs') throw new TargetError('onnx', `its weights come from the TensorFlow.js model, which cannot be built: ${e.message}`, e.hint, e.layer);
    throw e;
  }
  try {
    return [{ path: 'model.onnx', data: exportOnnx(m.graph, m.weights()) }];
  } catch (e) {
    if (e instanceof UnsupportedError) throw new TargetError('onnx', e.message, null, e.layer);
    throw e;
  }
};
