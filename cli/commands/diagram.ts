/**
 * `graphc diagram FILE [--view VIEW] [--format dot|svg|png] [--out PATH] [--rankdir TB|LR]
 * [--scale N] [--set k=v] [--variant NAME]`: draws one view of a model. Without `--out`, DOT or
 * SVG go to stdout; a PNG needs `--out`. The format defaults to the `--out` extension, else DOT.
 */
import type { Command } from 'commander';
import { basename, dirname, extname } from 'node:path';
import { makeDiagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../../compiler/diagnostics/render.js';
import { DIAGRAM_FORMATS, drawDiagram, parseRankDir, parseView, renderDiagram, type DiagramFormat } from '../../backends/graphviz/diagram.js';
import { RANK_DIRS } from '../../backends/graphviz/views/style.js';
import { EXIT, type CliIo } from '../io.js';
import { loadModel, printDiagnostics, type ModelOptions } from '../load-model.js';
import { modelOptionsOf } from '../model-options.js';
import { writeFilesAtomically } from '../../io/write-atomic.js';

/** Options of `graphc diagram`. */
export interface DiagramCommandOptions extends ModelOptions {
  readonly view?: string;
  readonly format?: string;
  readonly out?: string;
  readonly rankdir?: string;
  readonly scale?: string;
}

function usage(io: CliIo, message: string, hint: string | null = null): number {
  printDiagnostics(io, [makeDiagnostic('GC0001', [message], null, { hint })], new SourceFiles());
  return EXIT.usage;
}

/** The format asked for: `--format`, else the `--out` extension, else DOT. */
function formatOf(options: DiagramCommandOptions): DiagramFormat | string {
  if (options.format !== undefined) return options.format.toLowerCase();
  const ext = options.out === undefined ? '' : extname(options.out).slice(1).toLowerCase();
  if (ext === 'gv') return 'dot';
  return DIAGRAM_FORMATS.find((f) => f === ext) ?? 'dot';
}

/** Runs the command; resolves to the exit code. */
export async function diagramCommand(file: string, options: DiagramCommandOptions, io: CliIo): Promise<number> {
  const format = formatOf(options);
  const known = DIAGRAM_FORMATS.find((f) => f === format);
  if (!known) return usage(io, `unknown format \`${format}\`; the formats are ${DIAGRAM_FORMATS.join(', ')}`);
  if (known === 'png' && options.out === undefined) return usage(io, 'a PNG needs a file: give `--out PATH`');
  const rankdir = options.rankdir === undefined ? undefined : parseRankDir(options.rankdir);
  if (options.rankdir !== undefined && rankdir === undefined) {
    return usage(io, `unknown rank direction \`${options.rankdir}\`; use ${RANK_DIRS.join(' or ')}`);
  }
  const scale = options.scale === undefined ? undefined : Number(options.scale);
  if (scale !== undefined && !(Number.isFinite(scale) && scale > 0 && scale <= 16)) {
    return usage(io, `--scale must be a number above 0 and at most 16, got \`${options.scale}\``);
  }
  // Check the view's spelling before compiling: a typo should not wait for the model.
  const viewText = options.view ?? 'overview';
  const early = parseView(viewText, null);
  if ('message' in early) return usage(io, early.message, early.hint);
  const loaded = loadModel(file, options, io);
  if (!loaded.ok) return loaded.code;
  const { graph, program } = loaded.result;
  const parsed = parseView(viewText, program);
  if ('message' in parsed) return usage(io, parsed.message, parsed.hint);
  const dot = drawDiagram(graph!, program!, parsed.view, rankdir === undefined ? {} : { rankdir });
  const data = await renderDiagram(dot, known, scale === undefined ? {} : { scale });
  if (options.out === undefined) {
    // Only DOT and SVG get here (a PNG without --out was refused above): both are text.
    if (io.report) io.report.set({ view: viewText, format: known, content: data });
    else if (typeof data === 'string') io.out(data);
    return EXIT.ok;
  }
  try {
    const [written] = writeFilesAtomically(dirname(options.out), [{ path: basename(options.out), data }]);
    io.report?.set({ out: written, format: known, view: viewText });
  } catch (e) {
    printDiagnostics(io, [makeDiagnostic('GC0004', [options.out, (e as Error).message], null)], new SourceFiles());
    return EXIT.invalid;
  }
  return EXIT.ok;
}

/** Registers `diagram`. */
export function registerDiagram(program: Command, io: CliIo, setCode: (code: number) => void): void {
  modelOptionsOf(program.command('diagram').description('draw a model as a Graphviz diagram (DOT, SVG or PNG)').argument('<file>', 'model file'))
    .option('--view <view>', 'overview, blocks, layers or template:NAME', 'overview')
    .option('--format <format>', 'dot, svg or png (default: from the --out extension, else dot)')
    .option('--out <path>', 'file to write (default: stdout; required for png)')
    .option('--rankdir <dir>', 'TB (top to bottom) or LR (left to right); each view has its own default')
    .option('--scale <n>', 'PNG zoom factor (default 1)')
    .action(async (file: string, opts: DiagramCommandOptions) => {
      setCode(await diagramCommand(file, opts, io));
    });
}
