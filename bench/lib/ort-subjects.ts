/**
 * onnxruntime-node subjects in a worker: graphc's ONNX export of the case's ResNet-50 (plain, or
 * after graphc's inference optimizer) in a session of a given configuration, and a large MatMul
 * for the machine's FP32 ceiling. The weights come from the same seeded tfjs build as every other
 * runtime's (built on tfjs-cpu here: initializers only, no predict).
 */
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../backends/onnx/export.js';
import { createOnnxSession } from '../../backends/onnx/ort.js';
import { encodeModel, makeFloatTensor, makeModel, makeNode, makeTensorValueInfo } from '../../backends/onnx/proto.js';
import { buildModel, readWeights } from '../../backends/tfjs/build-model.js';
import type { TfNamespace } from '../../backends/tfjs/runtime.js';
import { optimizeForInference } from '../../compiler/optimize/optimize-inference.js';
import { caseInput, compileCase, modelKey, type CaseSpec } from './cases.js';
import type { OrtConfig } from './protocol.js';
import type { Subject } from './tfjs-subjects.js';

/** graphc's ONNX bytes per model key and export kind, built on first use. */
export class OnnxExports {
  private readonly bytes = new Map<string, Uint8Array>();

  constructor(private readonly tf: TfNamespace) {}

  /** The export of a case's model: `plain` (the IR as compiled) or `optimized` (BatchNorm folded). */
  get(c: CaseSpec, kind: 'plain' | 'optimized'): Uint8Array {
    const key = `${modelKey(c)}/${kind}`;
    let found = this.bytes.get(key);
    if (!found) {
      const graph = compileCase(c);
      const model = buildModel(graph, this.tf, { init: 'yaml', compile: false });
      const weights = readWeights(model);
      model.dispose();
      this.bytes.set(`${modelKey(c)}/plain`, exportOnnx(graph, weights));
      const opt = optimizeForInference(graph, weights);
      this.bytes.set(`${modelKey(c)}/optimized`, exportOnnx(opt.graph, opt.weights));
      found = this.bytes.get(key)!;
    }
    return found;
  }

  /** Frees the exports of a model key. */
  release(key: string): void {
    for (const k of [...this.bytes.keys()]) if (k.startsWith(`${key}/`)) this.bytes.delete(k);
  }
}

/** The raw session options of a configuration. */
export function sessionOptions(config: OrtConfig): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], logSeverityLevel: 3 };
  if (config.threads !== undefined) options.intraOpNumThreads = config.threads;
  if (config.level !== undefined) options.graphOptimizationLevel = config.level;
  if (config.executionMode !== undefined) options.executionMode = config.executionMode;
  if (config.interOpThreads !== undefined) options.interOpNumThreads = config.interOpThreads;
  if (config.spinning !== undefined) {
    // Session config entries (onnxruntime_session_options_config_keys.h); the Node binding takes
    // nested objects of strings and joins the keys with dots.
    const flag = config.spinning ? '1' : '0';
    options.extra = { session: { intra_op: { allow_spinning: flag }, inter_op: { allow_spinning: flag } } };
  }
  return options;
}

/** A session running the case's input, through graphc's `createOnnxSession` or ORT's API directly. */
export async function ortSubject(exports: OnnxExports, c: CaseSpec, config: OrtConfig): Promise<Subject> {
  const bytes = exports.get(c, config.onnx);
  const { data, dims } = caseInput(c);
  if (config.api === 'graphc') {
    const session = await createOnnxSession(bytes, config.threads === undefined ? {} : { threads: config.threads });
    const feeds = { [session.inputNames[0]!]: { data, dims } };
    const output = session.outputNames[0]!;
    const predict = async (): Promise<Float32Array> => (await session.run(feeds))[output]!.data;
    return { modelKey: modelKey(c), run: async () => void (await predict()), output: predict, dispose: () => session.release() };
  }
  const session = await ort.InferenceSession.create(bytes, sessionOptions(config));
  const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', data, dims) };
  const output = session.outputNames[0]!;
  const predict = async (): Promise<Float32Array> => {
    const result = await session.run(feeds);
    const value = result[output];
    if (!value || !(value.data instanceof Float32Array)) throw new Error(`output ${output} is not float32`);
    return value.data;
  };
  return { modelKey: modelKey(c), run: async () => void (await predict()), output: predict, dispose: () => session.release() };
}

/** An n x n MatMul with a constant right operand (as a Conv's weights are), on `threads` threads. */
export async function ortMatMulSubject(n: number, threads: number): Promise<Subject> {
  const rand = (seed: number): Float32Array => {
    let s = seed;
    return Float32Array.from({ length: n * n }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296) * 2 - 1);
  };
  const model = makeModel({
    graphName: 'matmul',
    inputs: [makeTensorValueInfo('A', [n, n])],
    outputs: [makeTensorValueInfo('Y', [n, n])],
    nodes: [makeNode({ opType: 'MatMul', name: 'matmul', inputs: ['A', 'B'], outputs: ['Y'] })],
    initializers: [makeFloatTensor('B', [n, n], rand(2))],
  });
  const session = await ort.InferenceSession.create(encodeModel(model), {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 3,
  });
  const feeds = { A: new ort.Tensor('float32', rand(1), [n, n]) };
  const product = async (): Promise<Float32Array> => (await session.run(feeds))['Y']!.data as Float32Array;
  return {
    run: async () => void (await product()),
    output: async () => Float32Array.from((await product()).subarray(0, 16)),
    dispose: () => session.release(),
  };
}
