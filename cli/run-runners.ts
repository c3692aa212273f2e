/**
 * What `graphc run` runs: a loaded model on fixed inputs, on TensorFlow.js or onnxruntime, handing
 * back every output. The same runners serve a compiled YAML model and a built one (a folder
 * `graphc build` wrote, its `model.json` or its `model.onnx`).
 */
import { MissingPackageError } from '../backends/optional-package.js';
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { OnnxSession } from '../backends/onnx/ort.js';
import { EXIT } from './io.js';
import type { InputTensor } from './run-input.js';
import type { OutputData } from './run-report.js';

/** A loaded model that runs on fixed inputs and hands back every output. */
export interface Runner {
  /** e.g. `tfjs (wasm)`, `onnxruntime (cpu, 2 threads)`. */
  readonly description: string;
  run(): Promise<OutputData[]>;
  dispose(): Promise<void>;
}

/** A failure that stops the run with a diagnostic. */
export class RunFailure extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[], readonly code: number = EXIT.invalid) {
    super(diagnostics[0]?.message ?? 'run failed');
  }
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

/** GC0009 for a runtime's own failure, its first line only (never a stack). */
export const runtimeFailure = (runtime: string, e: unknown): RunFailure => new RunFailure([makeDiagnostic('GC0009', [runtime, firstLine(e)], null)]);

/** Runs a tfjs model on the inputs; `outputs` names its outputs in order. */
export function tfjsRunner(tf: typeof TfModule, model: TfModule.LayersModel, outputs: readonly string[], inputs: readonly InputTensor[], backend: string): Runner {
  const xs = inputs.map((t) => tf.tensor(t.data, [...t.shape], t.dtype));
  return {
    description: `tfjs (${backend})`,
    async run() {
      let out: TfModule.Tensor | TfModule.Tensor[];
      try {
        out = model.predict(xs.length === 1 ? xs[0]! : xs);
      } catch (e) {
        throw runtimeFailure('tfjs', e);
      }
      const list = Array.isArray(out) ? out : [out];
      try {
        return await Promise.all(list.map(async (t, i) => ({ name: outputs[i]!, shape: [...t.shape], data: Float32Array.from(await t.data()) })));
      } finally {
        list.forEach((t) => t.dispose());
      }
    },
    async dispose() {
      xs.forEach((t) => t.dispose());
      model.dispose();
    },
  };
}

/** Loads ONNX bytes in onnxruntime (GC0009 when it refuses them). */
export async function openOnnx(bytes: Uint8Array, threads: number | undefined): Promise<OnnxSession> {
  const { createOnnxSession } = await import('../backends/onnx/ort.js');
  return createOnnxSession(bytes, threads === undefined ? {} : { threads }).catch((e: unknown) => {
    // onnxruntime-node not installed is GC0040 (runCli), not a runtime failure.
    if (e instanceof MissingPackageError) throw e;
    throw runtimeFailure('onnx', e);
  });
}

/** Runs an onnxruntime session on the inputs; `outputs` picks and orders the outputs reported. */
export function onnxRunner(session: OnnxSession, outputs: readonly string[], inputs: readonly InputTensor[], threads: number | undefined): Runner {
  const feeds = Object.fromEntries(inputs.map((t) => [t.name, { data: t.data, dims: t.shape }]));
  return {
    description: `onnxruntime (cpu, ${threads === undefined ? 'default threads' : `${threads} thread${threads === 1 ? '' : 's'}`})`,
    async run() {
      const out = await session.run(feeds).catch((e: unknown) => {
        throw runtimeFailure('onnx', e);
      });
      return outputs.map((name) => ({ name, shape: [...out[name]!.dims], data: out[name]!.data }));
    },
    dispose: () => session.release(),
  };
}

/** What `graphc run` runs, before its inputs are known: a compiled YAML model or a built one. */
export interface RunTarget {
  readonly model: string;
  readonly variant: string | null;
  /** The model's inputs, from the graph or from the model file itself. */
  readonly inputs: readonly import('./run-input.js').ModelInput[];
  /** `initializers` (the YAML's), a `--weights` folder, or the built model's weights file. */
  readonly weights: string;
  /** Whether an output ends in a softmax (it gets a top-5 listing). */
  readonly softmax: (output: string) => boolean;
  /** Builds or loads the model for these inputs. */
  start(inputs: readonly InputTensor[]): Promise<StartedRun>;
}

/** A ready runner and what it took to get there. */
export interface StartedRun {
  readonly runner: Runner;
  readonly optimized: import('../compiler/optimize/optimize-inference.js').OptimizeReport | null;
  /** The tfjs runtime that built or ran the model; null for a built ONNX model. */
  readonly tfjs: { readonly name: string; readonly note?: string } | null;
}
