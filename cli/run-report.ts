/**
 * What `graphc run` prints: per output its shape and min/max/mean, the top-5 classes of a softmax
 * classifier, and the timing; as text, or as the {@link RunReport} object with `--json`.
 */
import type { GraphNode } from '../compiler/ir.js';

/** One output of one run, row-major. */
export interface OutputData {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A class of a softmax head and its probability. */
export interface RankedClass {
  readonly class: number;
  readonly probability: number;
}

/** An output, summarized. */
export interface OutputSummary {
  readonly name: string;
  readonly shape: readonly number[];
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** For a softmax classifier ([batch, classes]): the best five (or fewer) classes of each sample. */
  readonly top5?: readonly (readonly RankedClass[])[];
}

/** Milliseconds: YAML to graph, graph to a ready model, the first run, then the repeated runs. */
export interface Timing {
  readonly compile: number;
  readonly build: number;
  readonly first_run: number;
  readonly runs: number;
  readonly median: number | null;
  readonly min: number | null;
}

/** The `graphc run --json` object. */
export interface RunReport {
  readonly model: string;
  readonly file: string;
  readonly variant: string | null;
  readonly runtime: string;
  /** What ran it: `tfjs (wasm)`, `onnxruntime (cpu, 2 threads)`. */
  readonly engine: string;
  /** The tfjs backend that built the model (and, with `--runtime tfjs`, ran it); null for a built ONNX model. */
  readonly tfjs_backend: string | null;
  /** The tfjs runtime selection's remarks (what was skipped), or null. */
  readonly note: string | null;
  /** `initializers` (the YAML's), or the folder they were loaded from. */
  readonly weights: string;
  readonly optimized: { readonly folded_batchnorms: number; readonly fused_activations: number; readonly dropped_layers: number } | null;
  readonly input: {
    readonly source: string;
    readonly seed: number | null;
    readonly tensors: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: string }[];
  };
  readonly outputs: readonly OutputSummary[];
  readonly timing_ms: Timing;
  /** True for a model `graphc build` wrote (run from its folder, model.json or model.onnx); `timing_ms.compile` is then its load time. */
  readonly built: boolean;
}

/** True when the layer ends in a softmax (a Dense/Conv activation or an Activation layer). */
export function isSoftmax(node: GraphNode): boolean {
  return node.attrs['activation'] === 'softmax';
}

/** The output's statistics, and its top-5 classes per sample when it is a softmax classifier. */
export function summarizeOutput(out: OutputData, softmax: boolean): OutputSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of out.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  const summary = { name: out.name, shape: out.shape, min, max, mean: out.data.length > 0 ? sum / out.data.length : 0 };
  if (!softmax || out.shape.length !== 2) return summary;
  const [batch, classes] = out.shape as [number, number];
  const top5 = Array.from({ length: batch }, (_, b) => {
    const row = out.data.subarray(b * classes, (b + 1) * classes);
    const order = Array.from(row.keys()).sort((i, j) => row[j]! - row[i]! || i - j);
    return order.slice(0, 5).map((c) => ({ class: c, probability: row[c]! }));
  });
  return { ...summary, top5 };
}

/** The median of a non-empty list. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Timing from raw measurements. */
export function timingOf(compile: number, build: number, firstRun: number, runs: readonly number[]): Timing {
  return {
    compile,
    build,
    first_run: firstRun,
    runs: runs.length,
    median: runs.length > 0 ? median(runs) : null,
    min: runs.length > 0 ? Math.min(...runs) : null,
  };
}

const num = (v: number): string => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toFixed(4) : v.toExponential(3));
const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`);
const dims = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Samples of a top-5 listing printed as text; `--json` has all of them. */
const TEXT_SAMPLES = 4;

/** The report as text for a terminal; `verbose` adds why tfjs runtimes were skipped. */
export function formatRun(r: RunReport, verbose = false): string {
  const lines: string[] = [];
  lines.push(`${r.model}${r.variant ? ` (${r.variant})` : ''} from ${r.file} on ${r.engine}`);
  if (verbose && r.note) for (const part of r.note.split('; ')) lines.push(`  ${part}`);
  const built = r.runtime === 'tfjs' || r.tfjs_backend === null ? '' : ` (model built on tfjs ${r.tfjs_backend})`;
  lines.push(`weights: ${r.weights === 'initializers' ? "the YAML's initializers" : r.weights}${built}`);
  if (r.optimized) {
    lines.push(`optimized: folded ${r.optimized.folded_batchnorms} BatchNormalization, fused ${r.optimized.fused_activations} activations, dropped ${r.optimized.dropped_layers} layers`);
  }
  for (const t of r.input.tensors) {
    const what = r.input.source === 'random' ? `random (seed ${r.input.seed})` : r.input.source;
    lines.push(`input ${t.name} ${dims(t.shape)} ${t.dtype}: ${what}`);
  }
  for (const o of r.outputs) {
    lines.push(`output ${o.name} ${dims(o.shape)}: min ${num(o.min)}, max ${num(o.max)}, mean ${num(o.mean)}`);
    if (o.top5) {
      o.top5.slice(0, TEXT_SAMPLES).forEach((classes, b) => {
        lines.push(`  sample ${b} top-${classes.length}: ${classes.map((c) => `${c.class} (${c.probability.toFixed(4)})`).join(', ')}`);
      });
      if (o.top5.length > TEXT_SAMPLES) lines.push(`  ... ${o.top5.length - TEXT_SAMPLES} more samples (--json lists all)`);
    }
  }
  const t = r.timing_ms;
  // A built model is loaded, not compiled: its first figure is the time to read and load it.
  lines.push(`ready in ${ms(t.compile + t.build)} (${r.built ? 'load' : 'compile'} ${ms(t.compile)}, build ${ms(t.build)})`);
  lines.push(`first run ${ms(t.first_run)}${t.runs > 0 ? `; ${t.runs} more: median ${ms(t.median!)}, min ${ms(t.min!)}` : ''}`);
  return `${lines.join('\n')}\n`;
}
