/**
 * The `ts` build target: `graphc build FILE --target ts` writes `<ModelName>.ts`, TypeScript
 * source that builds the same model with `@tensorflow/tfjs` (see `emit-module.ts`). The
 * registry loads this module only when the target runs: ts-morph takes a second to load.
 */
import type { EmitTarget } from '../target.js';
import { emitTypeScript } from './emit-module.js';

/** The TypeScript source target. */
export const emit: EmitTarget = (ctx) => {
  const started = performance.now();
  const { fileName, text } = emitTypeScript(ctx.program, ctx.graph, ctx.file);
  ctx.log(`ts: ${fileName}, ${text.split('\n').length - 1} lines in ${Math.round(performance.now() - started)} ms`);
  return Promise.resolve([{ path: fileName, data: text }]);
};
