/**
 * The ONNX backend: graph IR plus weights to an ONNX model (opset 17) that onnxruntime runs.
 * Inputs and outputs keep Keras's NHWC layout and the layer names; inside, 4-D tensors are NCHW.
 */
import type { Graph } from '../../compiler/ir.js';
import type { Weights } from '../../compiler/weights.js';
import { Emitter, type OnnxValue, UnsupportedError } from './emitter.js';
import { ONNX_RULES } from './ops.js';
// Transformer ops (issue 10 part B).
import { TRANSFORMER_ONNX_RULES } from './transformer-ops.js';
import { DataType, encodeModel, makeModel, makeTensorValueInfo, type Dim } from './proto.js';

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
      values.set(node.name, { name: node.name, nchw: false, shape: node.shape! });
      continue;
    }
    const rule = ONNX_RULES[node.op] ?? TRANSFORMER_ONNX_RULES[node.op];
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
  // An int32 input (token ids) stays int32: Gather takes it as it is, as tfjs's Embedding does.
  const elemType = (name: string): number => (graph.nodes.find((n) => n.name === name)?.attrs['dtype'] === 'int32' ? DataType.INT32 : DataType.FLOAT);
  const inputs = graph.inputs.map((name) => makeTensorValueInfo(name, dims(values.get(name)!.shape), elemType(name)));
  const model = makeModel({ graphName: graph.name, inputs, outputs, nodes: e.nodes, initializers: e.initializers, docString: `Exported by graphc from ${graph.file}` });
  return encodeModel(model);
}

export { UnsupportedError };
