/**
 * ONNX initializers as a checkpoint: every `graph.initializer` by name. Models graphc exported
 * (`producer_name: graphc`) name them `layer/kernel` with OIHW convolution kernels; any other
 * producer is taken to be PyTorch's exporter (`conv1.weight`, torch layouts). Decoded with
 * protobufjs against graphc's ONNX schema subset (`backends/onnx/onnx-schema.ts`); initializers stored as external data are
 * refused, not guessed.
 */
import { decodeModel } from '../backends/onnx/proto.js';
import { type Checkpoint, CheckpointReadError, type CheckpointTensor, decodeFloats, elementCount } from './checkpoint.js';

// TensorProto.DataType values to dtype names and widths.
const TYPES: Readonly<Record<number, readonly [string, number]>> = {
  1: ['float32', 4], 2: ['uint8', 1], 3: ['int8', 1], 4: ['uint16', 2], 5: ['int16', 2], 6: ['int32', 4],
  7: ['int64', 8], 9: ['bool', 1], 10: ['float16', 2], 11: ['float64', 8], 12: ['uint32', 4], 13: ['uint64', 8], 16: ['bfloat16', 2],
};

interface InitializerData {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  double_data?: number[];
}

/** Reads an ONNX model's bytes. */
export function readOnnxInitializers(bytes: Uint8Array): Checkpoint {
  let model: ReturnType<typeof decodeModel>;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new CheckpointReadError(`not an ONNX model (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!model.graph) throw new CheckpointReadError('the ONNX model has no graph');
  const tensors = new Map<string, CheckpointTensor>();
  for (const t of (model.graph.initializer ?? []) as unknown as InitializerData[]) {
    const type = TYPES[t.data_type];
    const shape = (t.dims ?? []).map(Number);
    const n = elementCount(shape, t.name);
    if (!type) throw new CheckpointReadError(`initializer \`${t.name}\` has ONNX data type ${t.data_type}`);
    let data: Float32Array | null = null;
    if (t.float_data && t.float_data.length > 0) data = Float32Array.from(t.float_data);
    else if (t.double_data && t.double_data.length > 0) data = Float32Array.from(t.double_data);
    else if (t.raw_data && t.raw_data.length > 0) {
      if (t.raw_data.length !== n * type[1]) throw new CheckpointReadError(`initializer \`${t.name}\` has ${t.raw_data.length} bytes; its type and shape need ${n * type[1]}`);
      data = decodeFloats(t.raw_data, type[0], n);
    } else if (n > 0 && type[0].startsWith('float')) {
      throw new CheckpointReadError(`initializer \`${t.name}\` has no data in the file (external data is not read)`);
    }
    if (data && data.length !== n) throw new CheckpointReadError(`initializer \`${t.name}\` has ${data.length} values; its shape needs ${n}`);
    tensors.set(t.name, { key: t.name, dtype: type[0], shape, data });
  }
  return { format: 'onnx', layout: model.producer_name === 'graphc' ? 'graphc-onnx' : 'torch', tensors };
}
