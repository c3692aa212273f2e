/**
 * Messages between a bench driver and its worker processes. tfjs keeps one active backend per
 * process (and moves every tensor's data when the backend changes), so each runtime lives in its
 * own child process; the driver asks each in turn to time one run, which interleaves runtimes
 * without switching backends. Timing happens inside the worker: IPC costs are never measured.
 */
import type { CaseSpec } from './cases.js';

/** What a worker process runs: a tfjs backend, or onnxruntime (which builds weights on tfjs-cpu). */
export type WorkerRuntime = 'wasm' | 'cpu' | 'ort' | 'auto';

/** The tfjs models of a case: graphc's, the hand-written port of the seed, graphc's optimized. */
export type TfjsModelKind = 'compiled' | 'port' | 'optimized';

/** ORT graph optimization levels (onnxruntime-node 1.30). */
export type OrtLevel = 'disabled' | 'basic' | 'extended' | 'layout' | 'all';

/** One onnxruntime session configuration. */
export interface OrtConfig {
  /** Row label in the tables. */
  readonly label: string;
  /**
   * `graphc`: `createOnnxSession` from `backends/onnx/ort.ts` (what `graphc run --runtime onnx`
   * uses), with `threads` only. `raw`: `InferenceSession.create` with every option below.
   */
  readonly api: 'graphc' | 'raw';
  /** Intra-op threads (ORT counts the calling thread); omitted: ORT's default. */
  readonly threads?: number;
  readonly level?: OrtLevel;
  readonly executionMode?: 'sequential' | 'parallel';
  readonly interOpThreads?: number;
  /** `session.intra_op.allow_spinning` (and inter_op): ORT's default is on. */
  readonly spinning?: boolean;
  /** Which export: the plain graph, or graphc's `--optimize inference` graph (BatchNorm folded). */
  readonly onnx: 'plain' | 'optimized';
}

/** Something a worker can load and time. */
export type SubjectSpec =
  | { readonly kind: 'tfjs'; readonly key: string; readonly case: CaseSpec; readonly model: TfjsModelKind }
  | { readonly kind: 'ort'; readonly key: string; readonly case: CaseSpec; readonly config: OrtConfig }
  | { readonly kind: 'tfjs-matmul'; readonly key: string; readonly n: number }
  | { readonly kind: 'ort-matmul'; readonly key: string; readonly n: number; readonly threads: number };

/** A fresh-process measurement of YAML to a ready model. */
export interface ReadySpec {
  readonly runtime: 'wasm' | 'cpu';
  readonly size: number;
  readonly classes: number;
  readonly init: 'yaml' | 'zeros';
}

/** Phases of {@link ReadySpec}, in milliseconds. */
export interface ReadyResult {
  /** Importing tfjs and graphc's backend, selecting and initialising the runtime. */
  readonly runtimeInit: number;
  /** Reading the YAML and compiling it to the IR (the first compile in the process). */
  readonly compile: number;
  /** `buildModel` with the given init. */
  readonly build: number;
  /** `zeros` only: `writeWeights` of a full set of weights already in memory. */
  readonly weights: number;
  /** The first `predict` of one image, output read back. */
  readonly firstPredict: number;
  /** The second one, for comparison. */
  readonly secondPredict: number;
}

/** Wall-clock and process CPU time of each run, in milliseconds. */
export interface TimeResult {
  readonly wall: number[];
  readonly cpu: number[];
}

/** What a load reports per subject. */
export interface LoadedInfo {
  readonly key: string;
  /** Build (or session creation) time in milliseconds. */
  readonly loadMs: number;
  /** A note for the report (e.g. the optimizer's fold counts, the runtime's thread count). */
  readonly note?: string;
}

/** Each operation with its arguments and its result. */
export interface Operations {
  setup: { args: { runtime: WorkerRuntime }; result: { runtime: string; note?: string } };
  load: { args: { subjects: SubjectSpec[] }; result: LoadedInfo[] };
  time: { args: { key: string; runs: number }; result: TimeResult };
  output: { args: { key: string }; result: Float32Array };
  unload: { args: { keys: string[] }; result: null };
  ready: { args: { spec: ReadySpec }; result: ReadyResult };
}

/** An operation name. */
export type Op = keyof Operations;

/** A request from the driver. */
export type Request = { [K in Op]: { readonly id: number; readonly op: K; readonly args: Operations[K]['args'] } }[Op];

/** A worker's answer to request `id`. */
export type Response =
  | { readonly id: number; readonly ok: true; readonly result: Operations[Op]['result'] }
  | { readonly id: number; readonly ok: false; readonly error: string };
