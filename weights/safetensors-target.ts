/**
 * The `safetensors` build target: `model.safetensors`, the model's weights as a PyTorch state
 * dict under the model file's torch convention (or graphc's layer names, `conv1.weight`, when it
 * declares none), for `model.load_state_dict(load_file(path))`.
 */
import type { EmitTarget } from '../backends/target.js';
import { materialize } from '../backends/tfjs/materialize.js';
import { torchStateDict } from './export-checkpoint.js';
import { writeSafetensors } from './safetensors.js';

/** Writes `model.safetensors`. */
export const emit: EmitTarget = async (ctx) => {
  const m = await materialize(ctx);
  const { tensors, convention } = torchStateDict(m.graph, ctx.program, m.weights());
  ctx.log(`safetensors: ${tensors.length} tensors, ${convention ? `convention ${convention}` : 'graphc names'}`);
  return [{ path: 'model.safetensors', data: writeSafetensors(tensors, convention ? { graphc_convention: convention } : {}) }];
};
