/**
 * The state of one ONNX export: nodes and initializers written so far, unique value names, and
 * the layout of every tensor. Keras models are NHWC; the exported graph keeps 4-D tensors NCHW
 * inside (ONNX's native layout, which onnxruntime's kernels are fastest on), transposing once at
 * the inputs and wherever NHWC order matters (Flatten, Reshape, 4-D outputs).
 */
import type { GraphNode, Shape } from '../../compiler/ir.js';
import { makeFloatTensor, makeInt64Tensor, makeNode, type NodeProto, type OnnxAttribute, type TensorProto } from './proto.js';

/** A tensor of the exported graph: its ONNX value name and whether its 4-D data is NCHW. */
export interface OnnxValue {
  readonly name: string;
  readonly nchw: boolean;
  /** The Keras (NHWC) shape, batch first. */
  readonly shape: Shape;
}

/** NHWC to NCHW. */
export const TO_NCHW = [0, 3, 1, 2];
/** NCHW to NHWC. */
export const TO_NHWC = [0, 2, 3, 1];

/** Collects the nodes and initializers of one export. */
export class Emitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();

  /** A value name not used before, derived from `base` (layer names are unique already). */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}__${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node; returns its output value name. */
  op(opType: string, layer: string, inputs: readonly string[], attributes: Record<string, OnnxAttribute> = {}, output?: string): string {
    const out = output ?? this.fresh(`${layer}/${opType}`);
    this.used.add(out);
    this.nodes.push(makeNode({ opType, name: this.fresh(`${layer}/${opType}#node`), inputs, outputs: [out], attributes }));
    return out;
  }

  /** Adds a float initializer. */
  constant(name: string, dims: readonly number[], data: Float32Array): string {
    const n = this.fresh(name);
    this.initializers.push(makeFloatTensor(n, dims, data));
    return n;
  }

  /** Adds an int64 initializer (shapes, pads). */
  int64(name: string, values: readonly number[]): string {
    const n = this.fresh(name);
    this.initializers.push(makeInt64Tensor(n, [values.length], values));
    return n;
  }

  /** Adds an int64 scalar initializer (a Gather index). */
  int64Scalar(name: string, value: number): string {
    const n = this.fresh(name);
    this.initializers.push(makeInt64Tensor(n, [], [value]));
    return n;
  }

  /** The value in NCHW layout (4-D) — transposing when it is NHWC. */
  nchw(v: OnnxValue, layer: string): OnnxValue {
    if (v.nchw || v.shape.length !== 4) return v;
    return { ...v, name: this.op('Transpose', layer, [v.name], { perm: { ints: TO_NCHW } }), nchw: true };
  }

  /** The value in Keras's NHWC layout — transposing when it is NCHW. */
  nhwc(v: OnnxValue, layer: string): OnnxValue {
    if (!v.nchw) return v;
    return { ...v, name: this.op('Transpose', layer, [v.name], { perm: { ints: TO_NHWC } }), nchw: false };
  }
}

/** What an op's export rule receives. */
export interface OpExport {
  readonly node: GraphNode;
  readonly inputs: readonly OnnxValue[];
  readonly emitter: Emitter;
  /** The layer's weights by Keras name (`kernel`, `bias`, `gamma`, ...). */
  weight(name: string): { shape: readonly number[]; data: Float32Array } | undefined;
}

/** Thrown by an export rule for something it cannot express; becomes a GC0005 diagnostic. */
export class UnsupportedError extends Error {
  constructor(
    message: string,
    /** The layer being exported, filled in by the exporter so the build can locate it. */
    readonly layer: string | null = null,
  ) {
    super(message);
  }
}

/**
 * Keras `same` padding as explicit ONNX pads `[top, left, bottom, right]`: TensorFlow puts the
 * odd extra pixel at the bottom and right.
 */
export function samePads(input: Shape, kernel: readonly number[], strides: readonly number[], dilation: readonly number[] = [1, 1]): number[] {
  const pads = [0, 0, 0, 0];
  for (let i = 0; i < 2; i++) {
    const size = input[i + 1];
    if (size === null || size === undefined) throw new UnsupportedError('`same` padding needs known spatial dimensions');
    const k = kernel[i]! + (kernel[i]! - 1) * (dilation[i]! - 1);
    const out = Math.ceil(size / strides[i]!);
    const total = Math.max((out - 1) * strides[i]! + k - size, 0);
    pads[i] = Math.floor(total / 2);
    pads[i + 2] = total - pads[i]!;
  }
  return pads;
}
