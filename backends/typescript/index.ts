/**
 * `graphc/typescript`: generated TypeScript source that builds a compiled model with
 * `@tensorflow/tfjs`, one function per block template. Needs the `ts-morph` peer to generate;
 * the generated code needs `@tensorflow/tfjs` to run.
 *
 * ```ts
 * import { compileFile } from 'graphc';
 * import { emitTypeScript } from 'graphc/typescript';
 * const { graph, program } = compileFile('architectures/resnet50.yaml');
 * const { fileName, text } = emitTypeScript(program!, graph!, 'architectures/resnet50.yaml');
 * ```
 */
export { emitTypeScript, moduleFileName, type TypeScriptModule } from './emit-module.js';
