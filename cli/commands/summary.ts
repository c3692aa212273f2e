/** `graphc summary FILE [--set k=v]... [--variant NAME] [--json]`. */
import type { Command } from 'commander';
import { formatSummary, summaryJson } from '../../compiler/summary.js';
import { EXIT, type CliIo } from '../io.js';
import { loadModel, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';

/** Prints the Keras-style summary table (or its fields in the JSON document) of a model. */
export function summaryCommand(file: string, options: ModelOptions, io: CliIo): number {
  const loaded = loadModel(file, options, io);
  if (!loaded.ok) return loaded.code;
  const graph = loaded.result.graph!;
  if (io.report) io.report.set(summaryJson(graph) as unknown as Record<string, unknown>);
  else io.out(`${formatSummary(graph)}\n`);
  return EXIT.ok;
}

/** Registers `summary`. */
export function registerSummary(program: Command, io: CliIo, setCode: (code: number) => void): void {
  modelOptionsOf(program.command('summary').description('print the layer table, parameter and MAC counts').argument('<file>', 'model file'))
    .action((file: string, opts: ModelOptions) => {
      setCode(summaryCommand(file, opts, io));
    });
}
