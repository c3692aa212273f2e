/**
 * `--weights PATH`, `--allow-missing` and `--skip PATTERN` for every command that builds a model
 * (build, run, train, evaluate, predict): the options, their checks, and the one call that loads
 * a checkpoint of any supported format into the built tfjs model (weights/apply-tfjs.ts).
 */
import type { Command } from 'commander';
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import type { WeightsRequest } from '../weights/apply-tfjs.js';
import type { LoadSummary } from '../weights/load-weights.js';

/** The options as commander hands them over. */
export interface WeightsOptions {
  readonly weights?: string;
  readonly allowMissing?: boolean;
  readonly skip?: readonly string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `--weights`, `--allow-missing` and `--skip` to a command. */
export function weightsOptionsOf(cmd: Command): Command {
  return cmd
    .option('--weights <path>', 'weights: a tfjs folder, Keras .h5/.keras, .safetensors or .onnx, mapped by the model file\'s `checkpoints:` (default: the YAML\'s initializers)')
    .option('--allow-missing', 'layers with no weights in the checkpoint keep the YAML\'s initializers')
    .option('--skip <pattern>', 'neither load nor check layers or checkpoint keys matching this glob, e.g. predictions or \'fc*\' (repeatable)', collect, []);
}

/** The request, undefined without `--weights`, or the usage diagnostic for stray flags. */
export function weightsRequestOf(options: WeightsOptions): { request: WeightsRequest | undefined; problem: Diagnostic | null } {
  if (options.weights === undefined) {
    const stray = options.allowMissing ? 'allow-missing' : (options.skip?.length ?? 0) > 0 ? 'skip' : null;
    return { request: undefined, problem: stray ? makeDiagnostic('GC0060', [stray], null, { hint: 'they choose which layers of a checkpoint to load: --weights PATH --skip predictions' }) : null };
  }
  return { request: { path: options.weights, allowMissing: options.allowMissing === true, skip: options.skip ?? [] }, problem: null };
}

/** One line for the command's report: `safetensors, convention torchvision, 62 tensors`. */
export function describeLoad(summary: LoadSummary): string {
  const init = summary.initialized.length > 0 ? `; from the YAML: ${summary.initialized.join(', ')}` : '';
  return `${summary.format}${summary.convention ? `, convention ${summary.convention}` : ''}, ${summary.tensors} tensors${init}`;
}

/** Loads `request` into `model` (see weights/apply-tfjs.ts), imported only when weights are asked for. */
export async function applyWeights(tf: typeof TfModule, model: TfModule.LayersModel, graph: Graph, program: Program, request: WeightsRequest): ReturnType<typeof import('../weights/apply-tfjs.js').loadWeightsIntoModel> {
  const { loadWeightsIntoModel } = await import('../weights/apply-tfjs.js');
  return loadWeightsIntoModel(tf, model, graph, program, request);
}
