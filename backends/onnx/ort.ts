/**
 * Runs ONNX bytes with onnxruntime-node on the CPU: a one-shot {@link runOnnx}, and
 * {@link createOnnxSession} for loading once and running many times (benchmarks, batch inference).
 * onnxruntime reports failures as bare `Error`s; they come out of here as {@link OnnxRuntimeError}.
 */
import type * as Ort from 'onnxruntime-node';
import { importOptional } from '../optional-package.js';

type OrtModule = typeof Ort;

/** onnxruntime-node, an optional peer (288 MB): loaded on the first session, never before. */
function loadOrt(): Promise<OrtModule> {
  return importOptional('the onnx runtime', () => import('onnxruntime-node'));
}

/** A float32 tensor: row-major values and their dimensions. */
export interface OnnxTensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** An input tensor: float32, or int32 for integer inputs (token ids). */
export interface OnnxFeed {
  readonly data: Float32Array | Int32Array;
  readonly dims: readonly number[];
}

/** How to build a session. */
export interface OnnxRunOptions {
  /** Threads for one operator (ORT's intra-op pool); ORT's default is one per physical core. */
  readonly threads?: number;
  /** Graph rewrites: `'all'` (default) fuses Conv+Relu, folds constants and picks the NCHWc layout. */
  readonly optimization?: 'all' | 'disabled';
  /** Where ORT should write the graph after its rewrites, to see which fusions it made. */
  readonly optimizedModelPath?: string;
}

/** Which step failed: reading the model, or running it on the given feeds. */
export type OnnxFailureStage = 'load' | 'run';

/** A failure reported by onnxruntime (malformed model, unknown op, wrong feed), with ORT's message. */
export class OnnxRuntimeError extends Error {
  /** The step that failed. */
  readonly stage: OnnxFailureStage;

  /** Wraps ORT's own error, kept as `cause`. */
  constructor(stage: OnnxFailureStage, message: string, cause?: unknown) {
    super(`onnxruntime ${stage} failed: ${message}`, { cause });
    this.name = 'OnnxRuntimeError';
    this.stage = stage;
  }
}

/** A loaded model, ready to run many times. Call `release` when done: it frees native memory. */
export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Each graph input's element type (`float32`, ...) and shape, `null` for a symbolic dimension such as the batch. */
  readonly inputs: readonly { readonly name: string; readonly type: string; readonly dims: readonly (number | null)[] }[];
  /** Runs the model; returns every graph output by name. */
  run(feeds: Readonly<Record<string, OnnxFeed>>): Promise<Record<string, OnnxTensorData>>;
  /** Frees the native session; the session must not be used afterwards. */
  release(): Promise<void>;
}

/** Loads ONNX bytes into an onnxruntime CPU session. */
export async function createOnnxSession(bytes: Uint8Array, options: OnnxRunOptions = {}): Promise<OnnxSession> {
  const ort = await loadOrt();
  const sessionOptions: Ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: options.optimization ?? 'all',
    // CNN graphs are mostly one chain: a second pool running independent nodes only adds contention.
    executionMode: 'sequential',
    interOpNumThreads: 1,
    // Warnings such as "initializer also a graph input" would otherwise go to stderr on every load.
    logSeverityLevel: 3,
  };
  if (options.threads !== undefined) sessionOptions.intraOpNumThreads = options.threads;
  if (options.optimizedModelPath !== undefined) sessionOptions.optimizedModelFilePath = options.optimizedModelPath;
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, sessionOptions);
  } catch (error) {
    throw new OnnxRuntimeError('load', messageOf(error), error);
  }
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputs: session.inputMetadata.map((m) => ({
      name: m.name,
      type: m.isTensor ? m.type : 'non-tensor',
      dims: m.isTensor ? m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)) : [],
    })),
    run: (feeds) => runSession(ort, session, feeds),
    release: () => session.release(),
  };
}

/** Loads, runs once and releases: for tests and one-off checks. */
export async function runOnnx(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, OnnxTensorData>>,
  options: OnnxRunOptions = {},
): Promise<Record<string, OnnxTensorData>> {
  const session = await createOnnxSession(bytes, options);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

async function runSession(
  ort: OrtModule,
  session: Ort.InferenceSession,
  feeds: Readonly<Record<string, OnnxFeed>>,
): Promise<Record<string, OnnxTensorData>> {
  let results: Ort.InferenceSession.ReturnType;
  try {
    const tensors: Record<string, Ort.Tensor> = {};
    // The Tensor constructor also throws (data length not matching dims): same typed error.
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = feed.data instanceof Int32Array ? new ort.Tensor('int32', feed.data, [...feed.dims]) : new ort.Tensor('float32', feed.data, [...feed.dims]);
    results = await session.run(tensors);
  } catch (error) {
    throw new OnnxRuntimeError('run', messageOf(error), error);
  }
  const outputs: Record<string, OnnxTensorData> = {};
  for (const name of session.outputNames) {
    const value = results[name];
    if (value === undefined || value.type !== 'float32' || !(value.data instanceof Float32Array)) {
      throw new OnnxRuntimeError('run', `output ${JSON.stringify(name)} is not a float32 tensor (${value?.type ?? 'missing'})`);
    }
    outputs[name] = { data: value.data, dims: [...value.dims] };
  }
  return outputs;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
