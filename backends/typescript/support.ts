/**
 * What the TypeScript target can emit (see backends/support.ts). The generated module builds the
 * model with tfjs, so tfjs's name and activation limits hold for it too; its own are the Keras
 * attributes tfjs has no argument for. Pure: it loads neither ts-morph nor tfjs.
 */
import type { TargetSupport } from '../support.js';
import { tfjsActivation, tfjsName, tfjsRelu } from '../tfjs/support.js';

/** Ops the TypeScript target cannot write, with the reason. */
export const TS_UNSUPPORTED: { readonly [op: string]: string } = {};

/** The TypeScript target's support declaration. */
export const TS_SUPPORT: TargetSupport = {
  target: 'ts',
  unsupported: TS_UNSUPPORTED,
  checks: { ReLU: tfjsRelu },
  names: tfjsName,
  every: tfjsActivation,
};
