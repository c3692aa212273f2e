/**
 * `graphc run FILE [--input random|PATH] [--runtime tfjs|onnx] ...`: compiles a model, builds it
 * with weights (the YAML's seeded initializers, or a folder `graphc build --target tfjs` wrote),
 * optionally optimizes it for inference, runs it on TensorFlow.js or onnxruntime, and prints what
 * came out (shape, top-5 classes of a softmax head, or min/max/mean) and how long it took (the
 * first run, then the median and minimum of `--repeat` more). TensorFlow.js and onnxruntime load
 * only when a run needs them, so the rest of the CLI stays quick to start.
 */
import type { Command } from 'commander';
import { basename, dirname } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import type { Graph } from '../../compiler/ir.js';
import type { OptimizeReport } from '../../compiler/optimize/optimize-inference.js';
import type { RuntimeRequest, SelectedRuntime } from '../../backends/tfjs/runtime.js';
import type { Weights } from '../../compiler/weights.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';
import { graphInputs, randomInputs, readInputFile, type InputTensor } from '../run-input.js';
import { onnxRunner, openOnnx, RunFailure, runtimeFailure, tfjsRunner, type Runner, type RunTarget, type StartedRun } from '../run-runners.js';
import { builtSource, openBuilt } from '../run-built.js';
import { formatRun, isSoftmax, summarizeOutput, timingOf, type OutputData, type RunReport } from '../run-report.js';
import { applyWeights, describeLoad, weightsOptionsOf, weightsRequestOf } from '../run-weights.js';
import type { Program } from '../../compiler/program.js';
import { applyPreprocessing, graphPreprocessing, type Preprocessing } from '../../compiler/preprocessing.js';
import { encodeOutputs, outputFormat, type OUTPUT_FORMATS } from '../run-output.js';
import { writeFilesAtomically } from '../../io/write-atomic.js';
import { settingsOf, type RunOptions, type RunSettings } from '../run-settings.js';


/** Exports the graph with its weights to ONNX and loads it in onnxruntime. */
async function onnxFromGraph(graph: Graph, weights: Weights, inputs: readonly InputTensor[], threads: number | undefined): Promise<Runner> {
  const { exportOnnx, UnsupportedError } = await import('../../backends/onnx/export.js');
  let bytes: Uint8Array;
  try {
    bytes = exportOnnx(graph, weights);
  } catch (e) {
    if (!(e instanceof UnsupportedError)) throw e;
    throw new RunFailure([makeDiagnostic('GC0005', ['onnx', e.message], null)]);
  }
  return onnxRunner(await openOnnx(bytes, threads), graph.outputs, inputs, threads);
}

/** A runner for the graph on the chosen runtime, with its weights, optimized when asked. */
async function prepare(graph: Graph, program: Program, inputs: readonly InputTensor[], s: RunSettings): Promise<StartedRun> {
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
  // Loaded weights go into a model built without running the initializers (much faster),
  // unless --allow-missing / --skip leave some layers to them.
  const { initModeFor } = await import('../../weights/apply-tfjs.js');
  let model = build(graph, initModeFor(s.weights));
  if (s.weights !== undefined) {
    const fitted = await applyWeights(tf, model, graph, program, s.weights);
    if (!fitted.ok) {
      model.dispose();
      throw new RunFailure(fitted.diagnostics, fitted.usage ? EXIT.usage : EXIT.invalid);
    }
    loadedWeights.set(s.weights, describeLoad(fitted.summary));
  }
  if (!s.optimize && s.runtime === 'tfjs') return { runner: tfjsRunner(tf, model, graph.outputs, inputs, selected.name), optimized: null, tfjs: selected };
  const weights = readWeights(model);
  model.dispose();
  let runGraph = graph;
  let runWeights = weights;
  let report: OptimizeReport | null = null;
  if (s.optimize) {
    const { optimizeForInference } = await import('../../compiler/optimize/optimize-inference.js');
    ({ graph: runGraph, weights: runWeights, report } = optimizeForInference(graph, weights));
  }
  if (s.runtime === 'onnx') return { runner: await onnxFromGraph(runGraph, runWeights, inputs, s.threads), optimized: report, tfjs: selected };
  const optimized = build(runGraph, 'zeros');
  writeWeights(tf, optimized, runWeights);
  return { runner: tfjsRunner(tf, optimized, runGraph.outputs, inputs, selected.name), optimized: report, tfjs: selected };
}

// What each --weights request loaded (format, convention, tensors), for the report line.
const loadedWeights = new WeakMap<object, string>();

/** A compiled YAML model as a run target. */
function yamlTarget(graph: Graph, program: Program, s: RunSettings): RunTarget {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const target: RunTarget = {
    model: graph.name,
    variant: graph.variant,
    inputs: graphInputs(graph),
    get weights() {
      return s.weights ? `${s.weights.path} (${loadedWeights.get(s.weights) ?? 'not loaded'})` : 'initializers';
    },
    softmax: (name) => isSoftmax(byName.get(name)!),
    start: (inputs) => prepare(graph, program, inputs, s),
  };
  return target;
}

/** The options that shape a compiled model cannot apply to a built one. */
function refuseYamlOptions(file: string, options: RunOptions, s: RunSettings): void {
  const given = [
    (options.set ?? []).length > 0 ? '--set' : null,
    options.variant !== undefined ? '--variant' : null,
    s.optimize ? '--optimize inference' : null,
    s.weights !== undefined ? '--weights' : null,
  ].filter((x): x is string => x !== null);
  if (given.length > 0) throw new UsageError(`${given.join(', ')} applies to a YAML model; \`${file}\` is a built model (build it again with those options instead)`);
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
  const stray = weightsRequestOf(options).problem;
  if (stray) {
    printDiagnostics(io, [stray], new SourceFiles());
    return EXIT.usage;
  }
  const s = settingsOf(options);
  if (s.threads !== undefined && s.runtime === 'tfjs') io.err('note: --threads applies to --runtime onnx; tfjs-wasm runs on one thread in Node\n');
  const outputFile = options.output === undefined ? null : outputFormat(options.output);
  if (outputFile && !outputFile.ok) {
    printDiagnostics(io, [outputFile.diagnostic], new SourceFiles());
    return EXIT.usage;
  }
  const started = performance.now();
  let runner: Runner | null = null;
  try {
    const source = builtSource(file, s.runtimeGiven ? s.runtime : undefined);
    let target: RunTarget;
    // The model file's declared preprocessing, applied to file input (raw data), as train and predict do.
    let pre: Record<string, Preprocessing> = {};
    if (source) {
      refuseYamlOptions(file, options, s);
      target = await openBuilt(source, s.backend, s.threads);
    } else {
      const loaded = loadModel(file, options, io);
      if (!loaded.ok) return loaded.code;
      target = yamlTarget(loaded.result.graph!, loaded.result.program!, s);
      pre = graphPreprocessing(loaded.result.graph!);
    }
    const compiled = performance.now();
    let inputs: readonly InputTensor[];
    if (s.source === 'random') inputs = randomInputs(target.inputs, s.batch, s.seed);
    else {
      const read = await readInputFile(s.source, target.inputs);
      if (!read.ok) throw new RunFailure(read.diagnostics, read.usage ? EXIT.usage : EXIT.invalid);
      inputs = read.tensors.map((t) => (t.data instanceof Float32Array ? { ...t, data: applyPreprocessing(Float32Array.from(t.data), pre[t.name] ?? null) } : t));
    }
    const prepared = await target.start(inputs);
    runner = prepared.runner;
    const built = performance.now();
    const { outputs, first, times } = await timeRuns(runner, s.repeat);
    const report = prepared.optimized;
    const result: RunReport = {
      model: target.model,
      file,
      variant: target.variant,
      runtime: source?.kind ?? s.runtime,
      engine: runner.description,
      tfjs_backend: prepared.tfjs?.name ?? null,
      note: prepared.tfjs?.note ?? null,
      weights: target.weights,
      optimized: report && { folded_batchnorms: report.foldedBatchNorms, fused_activations: report.fusedActivations, dropped_layers: report.droppedLayers },
      input: { source: s.source, seed: s.source === 'random' ? s.seed : null, tensors: inputs.map((t) => ({ name: t.name, shape: [...t.shape], dtype: t.dtype })) },
      outputs: outputs.map((o) => summarizeOutput(o, target.softmax(o.name))),
      timing_ms: timingOf(compiled - started, built - compiled, first, times),
      built: source !== null,
    };
    if (outputFile?.ok) writeOutputs(options.output!, outputFile.format, outputs);
    // The JSON document carries every output value (row-major, with its shape); the text, a summary.
    if (io.report) io.report.set({ ...result, outputs: result.outputs.map((o, i) => ({ ...o, values: Array.from(outputs[i]!.data) })), output_file: options.output ?? null });
    else io.out(formatRun(result, options.verbose === true));
    if (options.output !== undefined) io.err(`outputs written to ${options.output}\n`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof RunFailure)) throw e;
    printDiagnostics(io, e.diagnostics, new SourceFiles());
    return e.code;
  } finally {
    await runner?.dispose();
  }
}

/** `--output FILE`: the first run's values, written atomically. */
function writeOutputs(path: string, format: (typeof OUTPUT_FORMATS)[number], outputs: readonly OutputData[]): void {
  const encoded = encodeOutputs(path, format, outputs);
  if (!encoded.ok) throw new RunFailure([encoded.diagnostic], EXIT.usage);
  try {
    writeFilesAtomically(dirname(path), [{ path: basename(path), data: encoded.data }]);
  } catch (e) {
    throw new RunFailure([makeDiagnostic('GC0004', [path, (e as Error).message], null)]);
  }
}

/** Registers `run`. */
export function registerRun(program: Command, io: CliIo, setCode: (code: number) => void): void {
  weightsOptionsOf(modelOptionsOf(program.command('run').description('run a model on random or file input and time it').argument('<file>', 'model file, or a folder, model.json or model.onnx graphc build wrote'))
    .option('--input <source>', 'random, or a .json (nested array, or {shape, data}) or .png file', 'random'))
    .option('--runtime <name>', 'tfjs (default) or onnx (onnxruntime-node); a built folder holding both follows it')
    .option('--backend <name>', 'tfjs backend: auto, tensorflow, wasm or cpu (with onnx it builds the weights)', 'auto')
    .option('--optimize <mode>', 'none, or inference: fold BatchNorm, fuse activations, drop Dropout', 'none')
    .option('--batch <n>', 'batch size of random input (default 1)')
    .option('--repeat <n>', 'timed runs after the first (default 10)')
    .option('--threads <n>', 'onnxruntime intra-op threads (default: one per core)')
    .option('--seed <n>', 'seed of the random input (default 0)')
    .option('--output <file>', 'write the output values of the first run: .json (by output name) or .npy (one output)')
    .action(async (file: string, opts: RunOptions) => {
      setCode(await runCommand(file, opts, io));
    });
}
