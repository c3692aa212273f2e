/**
 * Matches a checkpoint against the model, strictly: every graphc weight is looked up under its
 * checkpoint key (the convention's name for the layer, then the layout's suffix for the weight),
 * its shape checked in the checkpoint's own layout, and its values moved into graphc's. Every
 * missing, extra, mis-shaped or doubly-claimed tensor is reported, all at once, with graphc's
 * name, the checkpoint key and both shapes. `--skip` patterns and `--allow-missing` leave layers
 * to the YAML's initializers, for fine-tuning with a new head.
 */
import { checkpointKey, type ResolvedConvention } from '../compiler/checkpoints.js';
import { didYouMean, type DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import type { Graph } from '../compiler/ir.js';
import type { WeightTensor, Weights } from '../compiler/weights.js';
import { type Checkpoint, formatShape, shown } from './checkpoint.js';
import type { ExpectedLayer } from './expected.js';
import { checkpointShape, layerForms, separatorOf, toGraphc, TORCH_IGNORED } from './layouts.js';

/** How strict to be. */
export interface FitOptions {
  /** Layers none of whose weights are in the checkpoint keep the YAML's initializers. */
  readonly allowMissing: boolean;
  /** Layer names or checkpoint keys (anchored regular expressions) neither loaded nor reported. */
  readonly skip: readonly RegExp[];
}

/** What matched. */
export interface FitResult {
  /** Only the layers loaded in full. */
  readonly weights: Weights;
  readonly loadedTensors: number;
  /** Layers left to the YAML's initializers (skipped, or missing under --allow-missing). */
  readonly initialized: readonly string[];
  /** Which `--skip` patterns matched something. */
  readonly usedSkips: ReadonlySet<number>;
}

/** Keras 3's path of each layer in archives that did not record names: `conv2d`, `conv2d_1`, ... */
function kerasClassPaths(graph: Graph): Map<string, string> {
  const snake = (op: string): string => (op === 'Input' ? 'input_layer' : op.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());
  const used = new Map<string, number>();
  const out = new Map<string, string>();
  for (const n of graph.nodes) {
    const base = snake(n.op);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    out.set(n.name, count === undefined ? base : `${base}_${count + 1}`);
  }
  return out;
}

/** Matches and converts; reports into `sink`. */
export function fitCheckpoint(
  ckpt: Checkpoint,
  graph: Graph,
  expected: readonly ExpectedLayer[],
  convention: ResolvedConvention | null,
  options: FitOptions,
  sink: DiagnosticSink,
): FitResult {
  const classPaths = ckpt.byClassName ? kerasClassPaths(graph) : null;
  const sep = separatorOf(ckpt.layout);
  const usedSkips = new Set<number>();
  const skipped = (name: string): boolean => {
    const i = options.skip.findIndex((r) => r.test(name));
    if (i >= 0) usedSkips.add(i);
    return i >= 0;
  };
  const claimed = new Map<string, string>();
  const missing: { graphc: string; shape: readonly number[]; key: string; want: number[] }[] = [];
  const weights = new Map<string, WeightTensor[]>();
  const initialized: string[] = [];
  let loadedTensors = 0;
  let firstShape = true;
  for (const layer of expected) {
    const layerKey = classPaths?.get(layer.name) ?? checkpointKey(convention, layer.name, sink);
    if (layerKey === undefined) continue;
    const forms = layerForms(ckpt.layout, layer.op, layer.weights);
    const skip = skipped(layer.name);
    if (!forms) {
      if (skip) initialized.push(layer.name);
      else sink.report('GC7010', [ckpt.layout, layer.op, layer.name], null, { hint: `--skip ${layer.name} leaves it to the YAML's initializers` });
      continue;
    }
    const keys = forms.map((f) => `${layerKey}${sep}${f.suffix}`);
    for (const extra of ckpt.layout === 'torch' ? TORCH_IGNORED[layer.op] ?? [] : []) claimed.set(`${layerKey}${sep}${extra}`, layer.name);
    const values: WeightTensor[] = [];
    const absent: typeof missing = [];
    layer.weights.forEach((w, i) => {
      const key = keys[i]!;
      const graphc = `${layer.name}/${w.name}`;
      const other = claimed.get(key);
      if (other !== undefined) {
        sink.report('GC7007', [other, graphc, shown(key)], null, { hint: 'two rules of the checkpoint mapping give the same key; make the patterns more specific' });
        return;
      }
      claimed.set(key, graphc);
      if (skip) return;
      const t = ckpt.tensors.get(key);
      const want = checkpointShape(forms[i]!, w.shape);
      if (!t) return void absent.push({ graphc, shape: w.shape, key, want });
      if (!t.data) return void sink.report('GC7006', [shown(key), shown(t.dtype)], null);
      if (t.shape.join() !== want.join()) {
        sink.report('GC7005', [graphc, formatShape(w.shape), shown(key), formatShape(t.shape), formatShape(want)], null, {
          hint: firstShape ? 'a different --variant or --set (classes, input channels) than the checkpoint was made with? --skip LAYER initializes a layer from the YAML instead' : null,
        });
        firstShape = false;
        return;
      }
      let data = toGraphc(forms[i]!, t.data, w.shape);
      const addend = forms[i]!.addend;
      if (addend !== undefined) {
        const key2 = `${layerKey}${sep}${addend}`;
        claimed.set(key2, graphc);
        const t2 = ckpt.tensors.get(key2);
        if (!t2) return void absent.push({ graphc, shape: w.shape, key: key2, want });
        if (!t2.data) return void sink.report('GC7006', [shown(key2), shown(t2.dtype)], null);
        if (t2.shape.join() !== want.join()) return void sink.report('GC7005', [graphc, formatShape(w.shape), shown(key2), formatShape(t2.shape), formatShape(want)], null);
        const other = toGraphc(forms[i]!, t2.data, w.shape);
        data = Float32Array.from(data, (v, j) => v + other[j]!);
      }
      values.push({ name: w.name, shape: w.shape, data });
    });
    if (skip) initialized.push(layer.name);
    else if (absent.length === layer.weights.length && options.allowMissing) initialized.push(layer.name);
    else missing.push(...absent);
    if (!skip && absent.length === 0 && values.length === layer.weights.length) {
      weights.set(layer.name, values);
      loadedTensors += values.length;
    }
  }
  const nothing = loadedTensors === 0 && missing.length > 0 && ckpt.tensors.size > 0;
  missing.forEach((m, i) => {
    const hint = i > 0 ? null : nothing
      ? `none of the model's tensors is in this ${ckpt.format} file: another architecture or variant, or a naming convention the model file's \`checkpoints:\` does not declare?`
      : options.allowMissing ? 'a layer with some of its weights present is never left to its initializers' : 'to fine-tune with a new head, --skip LAYER (or --allow-missing) initializes it from the YAML';
    sink.report('GC7003', [m.graphc, formatShape(m.shape), shown(m.key), formatShape(m.want)], null, { hint });
  });
  // ONNX graphs hold constants besides the weights (shapes, clip bounds): only weights are matched there.
  if (ckpt.format !== 'onnx') {
    const wanted = missing.map((m) => m.key);
    for (const [key, t] of ckpt.tensors) {
      if (claimed.has(key) || skipped(key)) continue;
      sink.report('GC7004', [shown(key), formatShape(t.shape)], null, { hint: wanted.length > 0 && wanted.length <= 2000 ? didYouMean(key, wanted) : null });
    }
  }
  return { weights, loadedTensors, initialized, usedSkips };
}
