/** The `tfjs` build target: `model.json` and `weights.bin` in the tfjs layers-model format. */
import type { EmitTarget } from '../target.js';
import { materialize } from './materialize.js';
import { graphcVersion } from '../../compiler/package-info.js';
import { modelFiles } from './save.js';

/** Writes the TensorFlow.js model. */
export const emit: EmitTarget = async (ctx) => {
  const m = await materialize(ctx);
  return modelFiles(m.tf, m.model, `graphc ${graphcVersion()}`);
};
