/**
 * `graphc run FILE [--input random|PATH] [--runtime tfjs|onnx] ...`: compiles a model, builds it
 * with weights (the YAML's seeded initializers, or a folder `graphc build --target tfjs` wrote),
 * optionally optimizes it for inference, runs it on TensorFlow.js or onnxruntime, and prints what
 * came out (shape, top-5 classes of a softmax head, or min/max/mean) and how long it took (the
 * first run, then the median and minimum of `--repeat` more). TensorFlow.js and onnxruntime load
 * only when a run needs them, so the rest of the CLI stays quick to start.
 */
import type { Command } from 'commander';
import type * as TfModule from '@tensorflow/tfjs';
import { MissingPackageError } from '../../backends/optional-package.js';
import { makeDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import type { Graph } from '../../compiler/ir.js';
import type { OptimizeReport } from '../../compiler/optimize/optimize-inference.js';
import type { RuntimeRequest, SelectedRuntime } from '../../backends/tfjs/runtime.js';
import type { Weights } from '../../compiler/weights.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';
import { randomInputs, readInputFile, type InputTensor } from '../run-input.js';
import { formatRun, summarizeOutput, timingOf, type OutputData, type RunReport } from '../run-report.js';
import { loadWeightsDir } from '../run-weights.js';

/** Options of `graphc run`, as commander hands them over (numbers still text). */
export interface RunOptions extends ModelOptions {
  readonly input?: string;
  readonly runtime?: string;
  readonly backend?: string;
  readonly optimize?: string;
  readonly weights?: string;
  readonly batch?: string;
  readonly repeat?: string;
  readonly threads?: string;
  readonly seed?: string;
}

/** The runtimes `--runtime` accepts. */
export const RUN_RUNTIMES = ['tfjs', 'onnx'] as const;

// runtime.ts's own list, repeated so that a usage error does not wait for TensorFlow.js to load.
const BACKENDS: readonly RuntimeRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const isBackend = (text: string): text is RuntimeRequest => (BACKENDS as readonly string[]).includes(text);

/** A whole number option within bounds, or a usage error naming the option. */
function intOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got \`${text}\``);
  }
  return n;
}

/** A loaded model that runs on fixed inputs and hands back every output. */
interface Runner {
  /** e.g. `tfjs (wasm)`, `onnxruntime (cpu, 2 threads)`. */
  readonly description: string;
  run(): Promise<OutputData[]>;
  dispose(): Promise<void>;
}

/** A failure that stops the run with a diagnostic. */
class RunFailure extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[], readonly code: number = EXIT.invalid) {
    super(diagnostics[0]?.message ?? 'run failed');
  }
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
const runtimeFailure = (runtime: string, e: unknown): RunFailure => new RunFailure([makeDiagnostic('GC0009', [runtime, firstLine(e)], null)]);

/** Runs `--runtime tfjs`: the model (optimized or not) predicts on the inputs. */
function tfjsRunner(tf: typeof TfModule, model: TfModule.LayersModel, graph: Graph, inputs: readonly InputTensor[], backend: string): Runner {
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
        return await Promise.all(list.map(async (t, i) => ({ name: graph.outputs[i]!, shape: [...t.shape], data: Float32Array.from(await t.data()) })));
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

/** Runs `--runtime onnx`: exports the graph with its weights and loads it in onnxruntime. */
async function onnxRunner(graph: Graph, weights: Weights, inputs: readonly InputTensor[], threads: number | undefined): Promise<Runner> {
  const { exportOnnx, UnsupportedError } = await import('../../backends/onnx/export.js');
  const { createOnnxSession } = await import('../../backends/onnx/ort.js');
  let bytes: Uint8Array;
  try {
    bytes = exportOnnx(graph, weights);
  } catch (e) {
    if (!(e instanceof UnsupportedError)) throw e;
    throw new RunFailure([makeDiagnostic('GC0005', ['onnx', e.message], null)]);
  }
  const session = await createOnnxSession(bytes, threads === undefined ? {} : { threads }).catch((e: unknown) => {
    // onnxruntime-node not installed is GC0040 (runCli), not a runtime failure.
    if (e instanceof MissingPackageError) throw e;
    throw runtimeFailure('onnx', e);
  });
  const feeds = Object.fromEntries(inputs.map((t) => [t.name, { data: t.data, dims: t.shape }]));
  return {
    description: `onnxruntime (cpu, ${threads === undefined ? 'default threads' : `${threads} thread${threads === 1 ? '' : 's'}`})`,
    async run() {
      const out = await session.run(feeds).catch((e: unknown) => {
        throw runtimeFailure('onnx', e);
      });
      return graph.outputs.map((name) => ({ name, shape: [...out[name]!.dims], data: out[name]!.data }));
    },
    dispose: () => session.release(),
  };
}

/** The options after checking, numbers parsed. */
interface RunSettings {
  readonly runtime: (typeof RUN_RUNTIMES)[number];
  readonly backend: RuntimeRequest;
  readonly optimize: boolean;
  readonly source: string;
  readonly batch: number;
  readonly repeat: number;
  readonly seed: number;
  readonly threads: number | undefined;
  readonly weights: string | undefined;
}

/** Checks the options; throws {@link UsageError} for a bad one (exit code 2). */
function settingsOf(options: RunOptions): RunSettings {
  const runtime = options.runtime ?? 'tfjs';
  if (runtime !== 'tfjs' && runtime !== 'onnx') throw new UsageError(`unknown runtime \`${runtime}\`; the runtimes are ${RUN_RUNTIMES.join(' and ')}`);
  const backend = options.backend ?? 'auto';
  if (!isBackend(backend)) throw new UsageError(`--backend must be ${BACKENDS.join(', ')}, got \`${backend}\``);
  const optimize = options.optimize ?? 'none';
  if (optimize !== 'none' && optimize !== 'inference') throw new UsageError(`--optimize must be none or inference, got \`${optimize}\``);
  const source = options.input ?? 'random';
  if (source !== 'random' && options.batch !== undefined) throw new UsageError('--batch applies to --input random; an input file gives its own batch');
  return {
    runtime,
    backend,
    optimize: optimize === 'inference',
    source,
    batch: intOption('batch', options.batch, 1, 1, 4096),
    repeat: intOption('repeat', options.repeat, 10, 0, 100_000),
    seed: intOption('seed', options.seed, 0, 0, 2 ** 32 - 1),
    threads: options.threads === undefined ? undefined : intOption('threads', options.threads, 1, 1, 256),
    weights: options.weights,
  };
}

/** A runner for the graph on the chosen runtime, with its weights, optimized when asked. */
async function prepare(graph: Graph, inputs: readonly InputTensor[], s: RunSettings): Promise<{ runner: Runner; report: OptimizeReport | null; tfjs: SelectedRuntime }> {
  const { selectRuntime } = await import('../../backends/tfjs/runtime.js');
  const selected = await selectRuntime(s.backend);
  if (!selected.ok) throw runtimeFailure('tfjs', selected.message);
  const { tf } = selected;
  const { buildModel, readWeights, writeWeights } = await import('../../backends/tfjs/build-model.js');
  const { TargetError } = await import('../../backends/target.js');
  const build = (g: Graph, init: 'yaml' | 'zeros'): TfModule.LayersModel => {
    try {
      return buildModel(g, tf, { init, compile: false });
    } catch (e) {
      if (e instanceof TargetError) throw new RunFailure([makeDiagnostic('GC0005', [e.target, e.message], null, { hint: e.hint })]);
      throw e;
    }
  };
  // Loaded weights go into a model built without running the initializers (much faster).
  let model = build(graph, s.weights === undefined ? 'yaml' : 'zeros');
  if (s.weights !== undefined) {
    const fitted = await loadWeightsDir(tf, s.weights, model);
    if (!fitted.ok) {
      model.dispose();
      throw new RunFailure(fitted.diagnostics, fitted.usage ? EXIT.usage : EXIT.invalid);
    }
    writeWeights(tf, model, fitted.weights);
  }
  if (!s.optimize && s.runtime === 'tfjs') return { runner: tfjsRunner(tf, model, graph, inputs, selected.name), report: null, tfjs: selected };
  const weights = readWeights(model);
  model.dispose();
  let runGraph = graph;
  let runWeights = weights;
  let report: OptimizeReport | null = null;
  if (s.optimize) {
    const { optimizeForInference } = await import('../../compiler/optimize/optimize-inference.js');
    ({ graph: runGraph, weights: runWeights, report } = optimizeForInference(graph, weights));
  }
  if (s.runtime === 'onnx') return { runner: await onnxRunner(runGraph, runWeights, inputs, s.threads), report, tfjs: selected };
  const optimized = build(runGraph, 'zeros');
  writeWeights(tf, optimized, runWeights);
  return { runner: tfjsRunner(tf, optimized, runGraph, inputs, selected.name), report, tfjs: selected };
}

/** Runs once, then `repeat` more times; returns the first run's outputs and the timings. */
async function timeRuns(runner: Runner, repeat: number): Promise<{ outputs: OutputData[]; first: number; times: number[] }> {
  const start = performance.now();
  const outputs = await runner.run();
  const first = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await runner.run();
    times.push(performance.now() - t);
  }
  return { outputs, first, times };
}

/**
 * Runs the model and prints the report; resolves to the exit code. Throws {@link UsageError} for
 * bad options (the CLI turns it into GC0001 and exit code 2); bad models, inputs and weights are
 * diagnostics.
 */
export async function runCommand(file: string, options: RunOptions, io: CliIo): Promise<number> {
  const s = settingsOf(options);
  if (s.threads !== undefined && s.runtime === 'tfjs') io.err('note: --threads applies to --runtime onnx; tfjs-wasm runs on one thread in Node\n');
  const json = options.json === true;
  const started = performance.now();
  const loaded = loadModel(file, options, io);
  if (!loaded.ok) return loaded.code;
  const graph = loaded.result.graph!;
  const compiled = performance.now();

  let inputs: readonly InputTensor[];
  if (s.source === 'random') inputs = randomInputs(graph, s.batch, s.seed);
  else {
    const read = await readInputFile(s.source, graph);
    if (!read.ok) {
      printDiagnostics(io, read.diagnostics, new SourceFiles(), json);
      return read.usage ? EXIT.usage : EXIT.invalid;
    }
    inputs = read.tensors;
  }

  let runner: Runner | null = null;
  try {
    const prepared = await prepare(graph, inputs, s);
    runner = prepared.runner;
    const built = performance.now();
    const { outputs, first, times } = await timeRuns(runner, s.repeat);
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    const report = prepared.report;
    const result: RunReport = {
      model: graph.name,
      file,
      variant: graph.variant,
      runtime: s.runtime,
      engine: runner.description,
      tfjs_backend: prepared.tfjs.name,
      note: prepared.tfjs.note ?? null,
      weights: s.weights ?? 'initializers',
      optimized: report && { folded_batchnorms: report.foldedBatchNorms, fused_activations: report.fusedActivations, dropped_layers: report.droppedLayers },
      input: { source: s.source, seed: s.source === 'random' ? s.seed : null, tensors: inputs.map((t) => ({ name: t.name, shape: [...t.shape], dtype: t.dtype })) },
      outputs: outputs.map((o) => summarizeOutput(o, byName.get(o.name)!)),
      timing_ms: timingOf(compiled - started, built - compiled, first, times),
    };
    io.out(json ? `${JSON.stringify(result, null, 2)}\n` : formatRun(result));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof RunFailure)) throw e;
    printDiagnostics(io, e.diagnostics, new SourceFiles(), json);
    return e.code;
  } finally {
    await runner?.dispose();
  }
}

/** Registers `run`. */
export function registerRun(program: Command, io: CliIo, setCode: (code: number) => void): void {
  modelOptionsOf(program.command('run').description('run a model on random or file input and time it').argument('<file>', 'model file'))
    .option('--input <source>', 'random, or a .json (nested array, or {shape, data}) or .png file', 'random')
    .option('--runtime <name>', 'tfjs or onnx (onnxruntime-node)', 'tfjs')
    .option('--backend <name>', 'tfjs backend: auto, tensorflow, wasm or cpu (with onnx it builds the weights)', 'auto')
    .option('--optimize <mode>', 'none, or inference: fold BatchNorm, fuse activations, drop Dropout', 'none')
    .option('--weights <dir>', 'weights from a folder written by graphc build --target tfjs (default: the YAML\'s initializers)')
    .option('--batch <n>', 'batch size of random input (default 1)')
    .option('--repeat <n>', 'timed runs after the first (default 10)')
    .option('--threads <n>', 'onnxruntime intra-op threads (default: one per core)')
    .option('--seed <n>', 'seed of the random input (default 0)')
    .action(async (file: string, opts: RunOptions) => {
      setCode(await runCommand(file, opts, io));
    });
}
