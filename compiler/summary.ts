/**
 * The model summary, as Keras's `model.summary()` prints it (Layer (type), Output Shape,
 * Param #, Connected to; then the totals), plus MACs; and the same data as JSON.
 */
import type { Graph, GraphNode } from './ir.js';
import { formatShape } from './ops/shape-math.js';
import { formatPreprocessing, graphPreprocessing, preprocessingOf, type Preprocessing } from './preprocessing.js';

/** The Keras class name of a node: Keras calls the input layer `InputLayer`. */
export function kerasClassName(node: GraphNode): string {
  return node.op === 'Input' ? 'InputLayer' : node.op;
}

/**
 * `23,600,006`. By hand rather than `toLocaleString('en-US')`: the first Intl call loads ICU
 * data, 30-100 ms of every `graphc validate` and `summary`. Counts are integers; anything else
 * (never produced by the compiler) falls back to Intl.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return n < 0 ? `-${out}` : out;
}

/** One layer of `graphc summary --json`. */
export interface SummaryLayer {
  readonly name: string;
  readonly class_name: string;
  readonly output_shape: readonly (number | null)[] | null;
  readonly params: number;
  readonly trainable_params: number;
  readonly inbound: readonly string[];
  /** An input's declared preprocessing (absent when it has none). */
  readonly preprocessing?: Preprocessing;
}

/** The `graphc summary --json` object. */
export interface SummaryJson {
  readonly name: string;
  readonly layers: readonly SummaryLayer[];
  readonly total_params: number;
  readonly trainable_params: number;
  readonly non_trainable_params: number;
  readonly macs: number;
}

/** The summary as data, layers in topological order. */
export function summaryJson(graph: Graph): SummaryJson {
  return {
    name: graph.name,
    layers: graph.nodes.map((n) => {
      const pre = n.op === 'Input' ? preprocessingOf(n) : null;
      return {
        name: n.name,
        class_name: kerasClassName(n),
        output_shape: n.shape,
        params: n.params.trainable + n.params.nonTrainable,
        trainable_params: n.params.trainable,
        inbound: n.inputs,
        ...(pre ? { preprocessing: pre } : {}),
      };
    }),
    total_params: graph.totals.params,
    trainable_params: graph.totals.trainable,
    non_trainable_params: graph.totals.nonTrainable,
    macs: graph.totals.macs,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

/** The summary as Keras prints it. */
export function formatSummary(graph: Graph): string {
  const widths = [40, 24, 12];
  const rule = (c: string): string => c.repeat(118);
  const lines = [`Model: "${graph.name}"`, rule('_')];
  lines.push(` ${pad('Layer (type)', widths[0]!)}${pad('Output Shape', widths[1]!)}${pad('Param #', widths[2]!)}Connected to`);
  lines.push(rule('='));
  graph.nodes.forEach((n, i) => {
    const count = n.params.trainable + n.params.nonTrainable;
    const inbound = `[${n.inputs.map((x) => `'${x}[0][0]'`).join(', ')}]`;
    lines.push(` ${pad(`${n.name} (${kerasClassName(n)})`, widths[0]!)}${pad(formatShape(n.shape), widths[1]!)}${pad(String(count), widths[2]!)}${inbound}`);
    lines.push(i === graph.nodes.length - 1 ? rule('=') : '');
  });
  lines.push(`Total params: ${formatCount(graph.totals.params)}`);
  lines.push(`Trainable params: ${formatCount(graph.totals.trainable)}`);
  lines.push(`Non-trainable params: ${formatCount(graph.totals.nonTrainable)}`);
  lines.push(`MACs: ${formatCount(graph.totals.macs)} (${(graph.totals.macs / 1e9).toFixed(3)} G)`);
  for (const [name, p] of Object.entries(graphPreprocessing(graph))) lines.push(`Preprocessing of ${name}: ${formatPreprocessing(p)}`);
  lines.push(rule('_'));
  return lines.join('\n');
}
