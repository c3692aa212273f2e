/**
 * `graphc run` on a model `graphc build` wrote: the folder (`build/ResNet50`), its `model.json`
 * (TensorFlow.js layers model) or its `model.onnx`. No YAML is needed: the model file itself says
 * what the model takes (tfjs: each InputLayer's `batch_input_shape` and `dtype`; ONNX: the graph
 * inputs' shapes and element types) and what comes out (tfjs: an output layer with a softmax
 * activation gets the top-5 listing). Every file is read through the same checks as a model file
 * (regular files only, bounded sizes), and weights files must lie in the model's folder.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic } from '../compiler/diagnostics/diagnostic.js';
import { readUserFile } from './read-regular-file.js';
import type { ModelInput } from './run-input.js';
import type { RuntimeRequest, SelectedRuntime } from '../backends/tfjs/runtime.js';
import { onnxRunner, openOnnx, RunFailure, runtimeFailure, tfjsRunner, type RunTarget } from './run-runners.js';
import { EXIT } from './io.js';

/** What the user named, resolved to one model file of a known kind. */
export type BuiltSource = { readonly kind: 'tfjs' | 'onnx'; readonly file: string; readonly dir: string };

/** Largest model.json read (ResNet-152's is under 1 MB). */
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/** Largest weights or ONNX file read: protobuf (ONNX) and tfjs's manifests both stop at 2 GiB. */
export const MAX_BUILT_WEIGHTS_BYTES = 2 * 1024 * 1024 * 1024 - 1;

const notRunnable = (path: string, why: string, hint: string | null = null): RunFailure =>
  new RunFailure([makeDiagnostic('GC0022', [path, why], null, { hint })], EXIT.usage);

/** True when a `.json` file is a tfjs layers model (as opposed to a model written as JSON, which YAML also reads). */
function isLayersModelJson(file: string): boolean {
  const read = readUserFile(file, MAX_MODEL_JSON_BYTES, (n) => makeDiagnostic('GC0003', [n, MAX_MODEL_JSON_BYTES], null));
  if (!read.ok) return false;
  try {
    const json = JSON.parse(read.bytes.toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && 'modelTopology' in json;
  } catch {
    return false;
  }
}

/**
 * The built model `path` names, or null for a YAML model. `runtime` is what `--runtime` asked for
 * (undefined: not given), which picks the file of a folder holding both.
 */
export function builtSource(path: string, runtime: 'tfjs' | 'onnx' | undefined): BuiltSource | null {
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    return null;
  }
  if (folder) {
    const json = join(path, 'model.json');
    const onnx = join(path, 'model.onnx');
    if (runtime !== 'onnx' && existsSync(json)) return { kind: 'tfjs', file: json, dir: path };
    if (runtime !== 'tfjs' && existsSync(onnx)) return { kind: 'onnx', file: onnx, dir: path };
    const wanted = runtime === 'onnx' ? 'model.onnx' : runtime === 'tfjs' ? 'model.json' : 'model.json or model.onnx';
    throw notRunnable(path, `the folder holds no ${wanted}`, 'give a folder `graphc build` wrote (build/<model name>), or a model file');
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') {
    if (runtime === 'tfjs') throw notRunnable(path, 'an ONNX model runs on onnxruntime', 'drop --runtime tfjs, or give the model.json of the same build');
    return { kind: 'onnx', file: path, dir: dirname(path) };
  }
  if (ext === '.json' && isLayersModelJson(path)) {
    if (runtime === 'onnx') throw notRunnable(path, 'a TensorFlow.js model runs on tfjs', 'drop --runtime onnx, or give the model.onnx of the same build');
    return { kind: 'tfjs', file: path, dir: dirname(path) };
  }
  return null;
}

/** Reads a file of a built model (bounded, regular files only), or stops the run with its diagnostic. */
export function readBuiltFile(path: string): Buffer {
  const read = readUserFile(path, MAX_BUILT_WEIGHTS_BYTES, (n) => makeDiagnostic('GC0022', [path, `the file is ${n} bytes, over the limit of ${MAX_BUILT_WEIGHTS_BYTES}`], null));
  if (!read.ok) throw new RunFailure([read.diagnostic], read.usage ? EXIT.usage : EXIT.invalid);
  return read.bytes;
}

/** The model name a built model reports: the tfjs model's name, else the folder's name. */
export function builtName(source: BuiltSource, model: TfModule.LayersModel | null): string {
  if (model) return model.name;
  const stem = basename(source.file, extname(source.file));
  return stem === 'model' ? basename(source.dir === '.' ? process.cwd() : source.dir) : stem;
}

/** A loaded tfjs model's inputs, as its InputLayers declare them. */
export function tfjsInputs(model: TfModule.LayersModel): ModelInput[] {
  return model.inputs.map((t, i) => ({ name: model.inputNames[i]!, shape: [...t.shape], dtype: t.dtype === 'int32' ? 'int32' : 'float32' }));
}

/** Which outputs of a tfjs model end in a softmax (their layer's `activation`). */
export function tfjsSoftmaxOutputs(model: TfModule.LayersModel): boolean[] {
  return model.outputLayers.map((layer) => (layer.getConfig() as { activation?: unknown }).activation === 'softmax');
}

/** An ONNX session's inputs; only float32 and int32 inputs can be fed. */
export function onnxInputs(source: BuiltSource, inputs: readonly { name: string; type: string; dims: readonly (number | null)[] }[]): ModelInput[] {
  return inputs.map((m) => {
    if (m.type !== 'float32' && m.type !== 'int32') throw notRunnable(source.file, `its input \`${m.name}\` is ${m.type}; graphc feeds float32 and int32 inputs`);
    return { name: m.name, shape: m.dims, dtype: m.type };
  });
}

/** The tfjs runtime `--backend` asks for, or the run stops with GC0009. */
async function tfjsRuntime(backend: RuntimeRequest): Promise<SelectedRuntime> {
  const { selectRuntime } = await import('../backends/tfjs/runtime.js');
  const selected = await selectRuntime(backend);
  if (!selected.ok) throw runtimeFailure('tfjs', selected.message);
  return selected;
}

/** Loads a built model; its inputs come from the file, not from a YAML. */
export async function openBuilt(source: BuiltSource, backend: RuntimeRequest, threads: number | undefined): Promise<RunTarget> {
  if (source.kind === 'onnx') {
    const session = await openOnnx(readBuiltFile(source.file), threads);
    const inputs = onnxInputs(source, session.inputs);
    return {
      model: builtName(source, null),
      variant: null,
      inputs,
      weights: source.file,
      softmax: () => false,
      start: (tensors) => Promise.resolve({ runner: onnxRunner(session, session.outputNames, tensors, threads), optimized: null, tfjs: null }),
    };
  }
  const selected = await tfjsRuntime(backend);
  const { loadSavedModel, SavedModelError } = await import('../backends/tfjs/save.js');
  let model: TfModule.LayersModel;
  try {
    model = await loadSavedModel(selected.tf, source.dir, { modelJson: source.file, readFile: readBuiltFile });
  } catch (e) {
    if (e instanceof RunFailure) throw e;
    // A malformed model.json (tfjs's own message) or a weights path outside the folder.
    throw notRunnable(source.file, e instanceof SavedModelError ? e.message : (e instanceof Error ? e.message : String(e)).split('\n')[0]!);
  }
  const softmax = tfjsSoftmaxOutputs(model);
  const outputs = model.outputNames;
  return {
    model: builtName(source, model),
    variant: null,
    inputs: tfjsInputs(model),
    weights: source.dir,
    softmax: (name) => softmax[outputs.indexOf(name)] === true,
    start: (tensors) => Promise.resolve({ runner: tfjsRunner(selected.tf, model, outputs, tensors, selected.name), optimized: null, tfjs: selected }),
  };
}
