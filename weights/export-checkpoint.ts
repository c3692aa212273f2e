/**
 * Weights out: the model's weights under another tool's names and layouts, the mapping of the
 * model file run backwards. `torchStateDict` gives a PyTorch state dict (OIHW kernels, Dense
 * [out, in], BatchNorm running statistics and a zero `num_batches_tracked`, so that
 * `load_state_dict(strict=True)` accepts it); `kerasLayers` gives Keras's layers in model order.
 */
import { activeConvention, checkpointKey, resolveCheckpoints, type ResolvedConvention } from '../compiler/checkpoints.js';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import type { Graph } from '../compiler/ir.js';
import type { CheckpointLayout, Program } from '../compiler/program.js';
import type { Weights } from '../compiler/weights.js';
import { TargetError } from '../backends/target.js';
import { checkpointShape, fromGraphc, layerForms, TORCH_IGNORED } from './layouts.js';
import type { TensorOut } from './safetensors.js';
import type { KerasLayerOut } from './write-keras-h5.js';

/** The active convention of a layout, and a key function that throws a target error on failure. */
function keysFor(target: string, graph: Graph, program: Program, layout: CheckpointLayout): { convention: ResolvedConvention | null; key: (layer: string) => string } {
  const sink = new DiagnosticSink();
  const convention = activeConvention(resolveCheckpoints(program, graph.params, sink), layout);
  return {
    convention,
    key: (layer) => {
      const k = checkpointKey(convention, layer, sink);
      if (k === undefined) throw new TargetError(target, `the checkpoint key of \`${layer}\` cannot be computed: ${sink.all()[0]?.message ?? 'unknown error'}`);
      return k;
    },
  };
}

/** The PyTorch state dict of the model's weights, in model order; int64 tensors flagged. */
export function torchStateDict(graph: Graph, program: Program, weights: Weights): { tensors: (TensorOut & { readonly int64?: boolean })[]; convention: string | null } {
  const { convention, key } = keysFor('safetensors', graph, program, 'torch');
  const tensors: (TensorOut & { int64?: boolean })[] = [];
  const seen = new Map<string, string>();
  for (const node of graph.nodes) {
    const ws = weights.get(node.name);
    if (!ws || ws.length === 0) continue;
    const forms = layerForms('torch', node.op, ws);
    if (!forms) throw new TargetError('safetensors', `the torch layout has no form for ${node.op} layer \`${node.name}\``);
    const base = key(node.name);
    ws.forEach((w, i) => {
      const k = `${base}.${forms[i]!.suffix}`;
      if (seen.has(k)) throw new TargetError('safetensors', `\`${seen.get(k)}\` and \`${node.name}/${w.name}\` both map to \`${k}\``);
      seen.set(k, `${node.name}/${w.name}`);
      tensors.push({ key: k, shape: checkpointShape(forms[i]!, w.shape), data: fromGraphc(forms[i]!, w.data, w.shape) });
      const addend = forms[i]!.addend;
      if (addend !== undefined) tensors.push({ key: `${base}.${addend}`, shape: checkpointShape(forms[i]!, w.shape), data: new Float32Array(w.data.length) });
    });
    for (const extra of TORCH_IGNORED[node.op] ?? []) tensors.push({ key: `${base}.${extra}`, shape: [], data: new Float32Array(1), int64: true });
  }
  return { tensors, convention: convention?.name ?? null };
}

/** Keras's layers in model order (Input layers included, as `model.layers` has them), keras convention names. */
export function kerasLayers(graph: Graph, program: Program, weights: Weights): { layers: KerasLayerOut[]; convention: string | null } {
  const { convention, key } = keysFor('keras-h5', graph, program, 'keras');
  const names = new Set<string>();
  const layers = graph.nodes.map((node) => {
    const name = key(node.name);
    if (names.has(name)) throw new TargetError('keras-h5', `two layers map to the Keras name \`${name}\``);
    if (!/^[^/.][^/]*$/.test(name)) throw new TargetError('keras-h5', `\`${name}\` cannot name an HDF5 group`);
    names.add(name);
    return { name, weights: (weights.get(node.name) ?? []).map((w) => ({ name: w.name, shape: w.shape, data: w.data })) };
  });
  return { layers, convention: convention?.name ?? null };
}
