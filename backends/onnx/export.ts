/**
 * The ONNX backend: graph IR plus weights to an ONNX model (opset 17) that onnxruntime runs.
 * Inputs and outputs keep Keras's NHWC layout and the layer names; inside, 4-D tensors are NCHW.
 */
import type { Graph } from '../../compiler/ir.js';
import type { Weights } from '../../compiler/weights.js';
import { Emitter, type OnnxValue, UnsupportedError } from './emitter.js';
import { ONNX_RULES } from './ops.js';
import { encodeModel, makeModel, makeTensorValueInfo, type Dim } from './proto.js';

/** The batch dimension's symbolic name in the exported model. */
export const BATCH_DIM = 'N';

const dims = (shape: readonly (number | null)[]): Dim[] => shape.map((d, i) => (i === 0 || d === null ? (i === 0 ? BATCH_DIM : `d${i}`) : d));

/** Exports the graph with its weights; throws {@link UnsupportedError} naming the layer it cannot export. */
export function exportOnnx(graph: Graph, weights: Weights): Uint8Array {
  const e = new Emitter();
  const values = new Map<string, OnnxValue>();
  for (const name of graph.inputs) e.fresh(name);
  for (const node of graph.nodes) {
    if (node.op === 'Input') {
      // Every value name is declared float32 (makeTensorValueInfo); an integer input would be mistyped.
      if (node.attrs['dtype'] !== undefined && node.attrs['dtype'] !== 'float32') {
        throw new UnsupportedError(`input \`${node.name}\` is ${String(node.attrs['dtype'])}; the ONNX export takes float32 inputs only`);
      }
      values.set(node.name, { name: node.name, nchw: false, shape: node.shape! });
      continue;
    }
    const rule = ONNX_RULES[node.op];
    if (!rule) throw new UnsupportedError(`${node.op} layer \`${node.name}\` has no ONNX export`);
    const ws = weights.get(node.name) ?? [];
    let out: OnnxValue;
    try {
      out = rule({
        node,
        inputs: node.inputs.map((i) => values.get(i)!),
        emitter: e,
        weight: (name) => ws.find((w) => w.name === name),
      });
    } catch (err) {
      throw err instanceof UnsupportedError && err.layer === null ? new UnsupportedError(err.message, node.name) : err;
    }
    values.set(node.name, out);
  }
  const outputs = graph.outputs.map((name) => {
    const v = e.nhwc(values.get(name)!, name);
    // The graph output carries the Keras layer's name.
    const outName = e.fresh(name);
    e.op('Identity', name, [v.name], {}, outName);
    return makeTensorValueInfo(outName, dims(v.shape));
  });
  const inputs = graph.inputs.map((name) => makeTensorValueInfo(name, dims(values.get(name)!.shape)));
  const model = makeModel({ graphName: graph.name, inputs, outputs, nodes: e.nodes, initializers: e.initializers, docString: `Exported by graphc from ${graph.file}` });
  return encodeModel(model);
}

export { UnsupportedError };
