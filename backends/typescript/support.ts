/**
 * What the TypeScript target can emit (see backends/support.ts). The generated module builds the
 * model with tfjs, so tfjs's name and activation limits hold for it too; its own are the Keras
 * attributes tfjs has no argument for. Pure: it loads neither ts-morph nor tfjs.
 */
import { TargetError } from '../target.js';
import type { NodeCheck, TargetSupport } from '../support.js';
import { TFJS_SUPPORT, tfjsActivation, tfjsName } from '../tfjs/support.js';

/** tfjs's stock global poolings have no `keepdims` (graphc's tfjs target has a layer that does). */
const keepdims: NodeCheck = (node) => (node.attrs['keepdims'] === true ? { reason: 'tfjs\'s stock global pooling has no keepdims', hint: 'follow it with a Reshape to [1, 1, C] instead' } : null);

/** Ops the TypeScript target cannot write, with the reason. */
export const TS_UNSUPPORTED: { readonly [op: string]: string } = {
  GroupNormalization: 'tfjs has no GroupNormalization and the generated module does not define graphc\'s layer for it yet (the tfjs target has it)',
};

/** Layers the generated module would build with tfjs's stock classes, which differ from Keras here. */
const TS_CHECKS: TargetSupport['checks'] = {
  ...TFJS_SUPPORT.checks,
  UpSampling2D: (node) => (node.attrs['interpolation'] === 'bilinear'
    ? { reason: 'tfjs\'s own UpSampling2D resizes bilinearly without Keras\'s half-pixel centres (graphc\'s tfjs target has a layer that does)' }
    : null),
  ...Object.fromEntries(['GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D'].map((op) => [op, keepdims])),
};

/** The TypeScript target's support declaration. */
export const TS_SUPPORT: TargetSupport = {
  target: 'ts',
  unsupported: TS_UNSUPPORTED,
  checks: TS_CHECKS,
  // The generated code mirrors the file's templates: a draft of it finds what the templates say
  // that the target cannot write (a block reading an outer layer by its name). Loaded only when
  // the ts target is checked: the draft's modules reach ts-morph.
  program: async (graph, program) => {
    const [{ draftModule }, { RUNTIME }] = await Promise.all([import('./draft.js'), import('./runtime.js')]);
    try {
      draftModule(program, graph, Object.keys(RUNTIME));
      return null;
    } catch (e) {
      if (e instanceof TargetError) return { reason: e.message, ...(e.hint ? { hint: e.hint } : {}) };
      throw e;
    }
  },
  names: tfjsName,
  every: tfjsActivation,
};
