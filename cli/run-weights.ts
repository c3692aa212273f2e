/**
 * `graphc run --weights DIR`: weights from a folder `graphc build --target tfjs` wrote, checked
 * against the compiled model layer by layer (names, weight names, shapes) before any is used, so
 * weights of another model, variant or `--set` are a diagnostic rather than a tfjs error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Weights } from '../compiler/weights.js';
import { loadSavedModel } from '../backends/tfjs/save.js';

/** The weights, or why they cannot be used (`usage`: the folder is not there at all). */
export type FittedWeights =
  | { readonly ok: true; readonly weights: Weights }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly usage: boolean };

const HINT = 'write the folder with `graphc build FILE --target tfjs --out DIR` using the same --variant and --set, without --optimize';

/** The Keras weight name of a variable: `conv1/kernel` → `kernel`. */
function shortName(layer: string, original: string): string {
  return original.startsWith(`${layer}/`) ? original.slice(layer.length + 1) : original.slice(original.lastIndexOf('/') + 1);
}

/** Every way `weights` do not fit `model`; empty when they do. */
function misfits(model: TfModule.LayersModel, weights: Weights): string[] {
  const problems: string[] = [];
  const layers = new Set<string>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    layers.add(layer.name);
    const saved = weights.get(layer.name);
    if (!saved) {
      problems.push(`layer \`${layer.name}\` has no weights there`);
      continue;
    }
    for (const w of layer.weights) {
      const name = shortName(layer.name, w.originalName);
      const found = saved.find((s) => s.name === name);
      if (!found) problems.push(`\`${layer.name}/${name}\` is missing`);
      else if (found.shape.join() !== w.shape.join()) {
        problems.push(`\`${layer.name}/${name}\` has shape [${found.shape.join(', ')}]; this model's is [${w.shape.join(', ')}]`);
      }
    }
  }
  for (const name of weights.keys()) if (!layers.has(name)) problems.push(`layer \`${name}\` is not in this model`);
  return problems;
}

/** Loads the folder's weights and checks they fit `model` exactly. Never throws for a bad folder. */
export async function loadWeightsDir(tf: typeof TfModule, dir: string, model: TfModule.LayersModel): Promise<FittedWeights> {
  const json = join(dir, 'model.json');
  if (!existsSync(json)) return { ok: false, diagnostics: [makeDiagnostic('GC0002', [json, 'no such file'], null, { hint: HINT })], usage: true };
  let weights: Weights;
  try {
    const saved = await loadSavedModel(tf, dir);
    // Loaded here, not at startup: the model builder imports graphc's tfjs layers, hence tfjs.
    const { readWeights } = await import('../backends/tfjs/build-model.js');
    weights = readWeights(saved);
    saved.dispose();
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    return { ok: false, diagnostics: [makeDiagnostic('GC0008', [dir, reason], null, { hint: HINT })], usage: false };
  }
  const problems = misfits(model, weights);
  if (problems.length === 0) return { ok: true, weights };
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return { ok: false, diagnostics: [makeDiagnostic('GC0008', [dir, `${problems.slice(0, 3).join('; ')}${more}`], null, { hint: HINT })], usage: false };
}
