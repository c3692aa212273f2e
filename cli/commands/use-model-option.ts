/**
 * The MODEL argument of evaluate and predict: a folder `graphc train` wrote, or a model file
 * compiled here (with `--set`, `--variant`, `--weights`). Loads tfjs on the chosen backend.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import type { UsableModel } from '../../train/use-model.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadModel, printDiagnostics } from '../load-model.js';
import { backendOption, reportTrainError, splitTrainingSets, type DataCommandOptions } from '../train-options.js';

/** The opened model, or the exit code (diagnostics printed). */
export type Opened = { readonly ok: true; readonly tf: typeof TfModule; readonly usable: UsableModel } | { readonly ok: false; readonly code: number };

/** Opens MODEL for evaluate (`needTraining`: its loss and metrics) or predict. */
export async function openUsableModel(path: string, options: DataCommandOptions, io: CliIo, needTraining: boolean): Promise<Opened> {
  const json = options.json === true;
  const backend = backendOption(options.backend);
  const { isTrainedFolder, useGraph, useTrainedFolder } = await import('../../train/use-model.js');
  const folder = isTrainedFolder(path);
  const sets = splitTrainingSets(options.set ?? [], null);
  if (folder && (sets.model.length > 0 || options.variant)) throw new UsageError('--set and --variant apply to a model file; a trained folder is fixed');
  if (folder && options.weights) throw new UsageError('a trained folder has its weights; --weights applies to a model file');
  const graph = folder ? null : loadModel(path, { ...options, set: sets.model }, io);
  if (graph && !graph.ok) return graph;
  const { selectRuntime } = await import('../../backends/tfjs/runtime.js');
  const selected = await selectRuntime(backend);
  if (!selected.ok) {
    printDiagnostics(io, [makeDiagnostic('GC0009', ['tfjs', selected.message], null)], new SourceFiles());
    return { ok: false, code: EXIT.invalid };
  }
  const { tf } = selected;
  try {
    if (folder) return { ok: true, tf, usable: await useTrainedFolder(tf, path, sets.training) };
    const g = graph!.result.graph!;
    const training = splitTrainingSets(options.set ?? [], g.training).training;
    return { ok: true, tf, usable: await useGraph(tf, g, options.weights ?? null, training, needTraining, graph!.result.program) };
  } catch (e) {
    return { ok: false, code: reportTrainError(e, io, json) };
  }
}
