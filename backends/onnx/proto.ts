/**
 * A small typed builder for ONNX models, serialized with protobufjs against `onnx-schema.ts` (the
 * subset of the ONNX schema graphc needs). The ONNX backend maps graph ops onto these builders; this
 * file knows nothing about graphc's IR.
 *
 * The `*Proto` interfaces mirror the protobuf messages field for field (snake_case, as the schema is
 * loaded with `keepCase`), so a value built here is exactly what gets encoded.
 */
import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-schema.js';

/** ONNX operator set graphc targets: 17 has every op graphc maps, and LayerNormalization. */
export const DEFAULT_OPSET = 17;
/** IR version released with opset 17 (ONNX 1.12); onnxruntime 1.30 reads IR versions up to 11. */
export const IR_VERSION = 8;
/** TensorProto.DataType values graphc writes. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
/** AttributeProto.AttributeType values graphc writes. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** A dimension: a size, or a symbol such as `N` for a batch size fixed only at run time. */
export type Dim = number | string;

/** An attribute value, tagged by its ONNX type: `{ ints: [2, 2] }`, `{ float: 1e-3 }`, `{ string: 'NOTSET' }`. */
export type OnnxAttribute =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly floats: readonly number[] }
  | { readonly string: string }
  | { readonly strings: readonly string[] };

/** AttributeProto; exactly one value field is set, the one `type` names. */
export interface AttributeProto {
  name: string;
  type: number;
  i?: number;
  ints?: number[];
  f?: number;
  floats?: number[];
  s?: Uint8Array;
  strings?: Uint8Array[];
}

/** TensorProto, always with `raw_data` (fixed-width little-endian elements, row-major). */
export interface TensorProto {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** TensorShapeProto.Dimension: one of `dim_value` and `dim_param`. */
export interface DimensionProto {
  dim_value?: number;
  dim_param?: string;
}

/** ValueInfoProto of a tensor: name, element type and shape. */
export interface ValueInfoProto {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimensionProto[] } } };
}

/** NodeProto; `domain` is left out for the default ONNX domain. */
export interface NodeProto {
  name: string;
  op_type: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
}

/** GraphProto: nodes in topological order, initializers, and typed graph inputs and outputs. */
export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
}

/** OperatorSetIdProto: which opset version nodes of a domain (`''` = ai.onnx) bind to. */
export interface OperatorSetIdProto {
  domain: string;
  version: number;
}

/** ModelProto, the file's top-level message. */
export interface ModelProto {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  opset_import: OperatorSetIdProto[];
  graph: GraphProto;
}

/** What {@link makeNode} takes: an op application with named, typed attributes. */
export interface NodeSpec {
  readonly opType: string;
  /** Unique node name; graphc passes the layer name so ORT's errors and profiles name layers. */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, OnnxAttribute>>;
  /** Operator domain; omitted for ai.onnx. */
  readonly domain?: string;
}

/** What {@link makeModel} takes. */
export interface ModelSpec {
  readonly graphName: string;
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
  readonly nodes: readonly NodeProto[];
  readonly initializers: readonly TensorProto[];
  readonly opset?: number;
  readonly producerVersion?: string;
  readonly docString?: string;
}

const utf8 = new TextEncoder();
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Builds an AttributeProto from a tagged value; integers must be safe, as int64 travels as a JS number. */
export function makeAttribute(name: string, value: OnnxAttribute): AttributeProto {
  if ('int' in value) {
    checkIntegers(name, [value.int]);
    return { name, type: AttributeType.INT, i: value.int };
  }
  if ('ints' in value) {
    checkIntegers(name, value.ints);
    return { name, type: AttributeType.INTS, ints: [...value.ints] };
  }
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  // The recurrent ops' `activations` (LSTM, GRU) are a list of strings.
  if ('strings' in value) return { name, type: AttributeType.STRINGS, strings: value.strings.map((v) => utf8.encode(v)) };
  return { name, type: AttributeType.STRING, s: utf8.encode(value.string) };
}

/** Builds a NodeProto; attributes keep the caller's order, so equal specs give equal bytes. */
export function makeNode(spec: NodeSpec): NodeProto {
  const attribute = Object.entries(spec.attributes ?? {}).map(([k, v]) => makeAttribute(k, v));
  const node: NodeProto = {
    name: spec.name,
    op_type: spec.opType,
    input: [...spec.inputs],
    output: [...spec.outputs],
    attribute,
  };
  if (spec.domain !== undefined && spec.domain !== '') node.domain = spec.domain;
  return node;
}

/** Declares a float32 graph input or output; string dims become symbolic (`dim_param`). */
export function makeTensorValueInfo(name: string, dims: readonly Dim[], elemType: number = DataType.FLOAT): ValueInfoProto {
  const dim = dims.map((d): DimensionProto => (typeof d === 'string' ? { dim_param: d } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

/** A float32 initializer; `data` is row-major and must hold exactly the product of `dims` values. */
export function makeFloatTensor(name: string, dims: readonly number[], data: Float32Array): TensorProto {
  checkSize(name, dims, data.length);
  const raw = new Uint8Array(data.length * 4);
  if (LITTLE_ENDIAN_HOST) {
    // A plain copy: ResNet-50's 25M weights would spend ~100 ms in a per-element loop.
    raw.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } else {
    // ONNX mandates little-endian raw_data whatever the host's byte order.
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  }
  return { name, dims: [...dims], data_type: DataType.FLOAT, raw_data: raw };
}

/** An int64 initializer, e.g. the target shape of a Reshape (where -1 and 0 are meaningful). */
export function makeInt64Tensor(name: string, dims: readonly number[], data: readonly number[]): TensorProto {
  checkSize(name, dims, data.length);
  checkIntegers(name, data);
  const raw = new Uint8Array(data.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, BigInt(data[i]!), true);
  return { name, dims: [...dims], data_type: DataType.INT64, raw_data: raw };
}

/** Assembles a ModelProto importing the ai.onnx opset (17 unless asked), produced by `graphc`. */
export function makeModel(spec: ModelSpec): ModelProto {
  const model: ModelProto = {
    ir_version: IR_VERSION,
    producer_name: 'graphc',
    producer_version: spec.producerVersion ?? '',
    opset_import: [{ domain: '', version: spec.opset ?? DEFAULT_OPSET }],
    graph: {
      name: spec.graphName,
      node: [...spec.nodes],
      initializer: [...spec.initializers],
      input: [...spec.inputs],
      output: [...spec.outputs],
    },
  };
  if (spec.docString !== undefined) model.doc_string = spec.docString;
  return model;
}

/**
 * Serializes a model to ONNX bytes. Deterministic: protobufjs writes fields in field-number order
 * and repeated fields in array order, so equal models give identical bytes.
 */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelType();
  const problem = type.verify(model);
  // A builder bug, not a user error: every value here was built by the functions above.
  if (problem !== null) throw new Error(`graphc internal error: invalid ModelProto: ${problem}`);
  const bytes = type.encode(model).finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses ONNX bytes back into plain data (int64 as numbers), for tests and for inspecting the
 * optimized models onnxruntime writes. Fields outside graphc's schema subset are dropped.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = modelType();
  const message = type.decode(bytes);
  return type.toObject(message, { longs: Number, arrays: true, defaults: false }) as ModelProto;
}

let onnxRoot: protobuf.Root | undefined;

// The parsed schema is immutable, so one parse per process is shared.
function modelType(): protobuf.Type {
  if (onnxRoot === undefined) {
    onnxRoot = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  }
  return onnxRoot.lookupType('onnx.ModelProto');
}

function checkSize(name: string, dims: readonly number[], length: number): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) {
    throw new Error(`graphc internal error: tensor ${JSON.stringify(name)} has ${length} values for dims [${dims.join(', ')}]`);
  }
}

function checkIntegers(name: string, values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`graphc internal error: ${JSON.stringify(name)} needs integers, got ${v}`);
  }
}
