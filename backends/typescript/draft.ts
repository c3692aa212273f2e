/**
 * Plans and writes everything but the file's frame: identifiers, the options, layer-default
 * functions and the build function's statements. Run twice by `emitTypeScript`: helper names are
 * reserved only when the code uses the helper, so a block called `join` keeps its name.
 */
import type { Graph } from '../../compiler/ir.js';
import type { Program } from '../../compiler/program.js';
import { TargetError } from '../target.js';
import { defaultsFunction, planDefaults } from './defaults.js';
import { bindingOf, emitComputed, type ExprContext, valueDeclaration } from './expr.js';
import { blockFunction, modelBody, planBlocks } from './functions.js';
import { takenNames } from './layer-names.js';
import { CUSTOM_CLASSES } from './custom-layers.js';
import { factoryExpr } from './layers.js';
import { LAYER_CLASS_NAMES } from './runtime-layers.js';
import { TRANSFORMER_LAYER_SOURCES } from './transformer-layers.js';
import { Namer } from './namer.js';
import { type ModelParam, paramLine, planParams, type RowType } from './options.js';
import { printComputed } from './print-expr.js';
import { quoteString } from './quote.js';
import { ValueScope, type ModuleContext } from './scope.js';
import { usesValue } from './types.js';

/** Constants some run-time helpers declare next to their functions. */
export const HELPER_CONSTANTS: { readonly [helper: string]: readonly string[] } = {
  asActivation: ['ACTIVATIONS'],
  asInitializer: ['INITIALIZER_CLASSES', 'FAN_MODES', 'DISTRIBUTIONS'],
  ...CUSTOM_CLASSES,
  ...LAYER_CLASS_NAMES,
  // graphc's own layers (issue 10 part B): their classes, argument types and shared helpers.
  ...Object.fromEntries(Object.entries(TRANSFORMER_LAYER_SOURCES).map(([helper, s]) => [helper, s.declares.filter((n) => n !== helper)])),
};

/** What the frame of the file is filled with. */
export interface Draft {
  readonly build: string;
  /** The name of `compile<Model>`, for the training settings. */
  readonly compile: string;
  readonly optionsType: string;
  readonly params: readonly ModelParam[];
  readonly rows: readonly RowType[];
  /** Layer-default functions that stay at module level. */
  readonly moduleFunctions: readonly string[];
  /** The build function's statements. */
  readonly lines: readonly string[];
  /** Run-time helpers the code calls. */
  readonly helpers: ReadonlySet<string>;
}

/** Writes the draft with `reserved` helper names kept free. Throws {@link TargetError}. */
export function draftModule(program: Program, graph: Graph, reserved: readonly string[]): Draft {
  const fail = (message: string, hint: string | null = null): never => {
    throw new TargetError('ts', message, hint);
  };
  const taken = takenNames(program);
  if ('conflict' in taken) {
    fail(`the layer name \`${printComputed(taken.conflict)}\` may take the form \`${taken.prefix}_<n>\` of graphc's names for unnamed layers`, 'name those layers explicitly, or give the name a fixed prefix');
  }
  const names = 'taken' in taken ? taken.taken : [];
  const counted = 'taken' in taken && taken.counted;

  const moduleNamer = Namer.root();
  moduleNamer.reserve('tf');
  for (const name of reserved) [name, ...(HELPER_CONSTANTS[name] ?? [])].forEach((n) => moduleNamer.reserve(n));
  const build = moduleNamer.declare(`build_${graph.name}`, 'camel', 'buildModel');
  const compile = moduleNamer.declare(`compile_${graph.name}`, 'camel', 'compileModel');
  const optionsType = moduleNamer.declare(`${graph.name}_options`, 'pascal', 'ModelOptions');
  const { params, rows } = planParams(program, graph, moduleNamer);
  const defaults = planDefaults(program, moduleNamer);

  const helpers = new Set<string>();
  if (params.some((p) => usesValue(p.type))) helpers.add('Value');
  const buildNamer = moduleNamer.child();
  buildNamer.reserve('options');
  const layerNames = buildNamer.declare('layer_names');
  const paramIdents = params.map((p) => buildNamer.declareValue(p.decl.name));
  const letIdents = program.lets.map((l) => buildNamer.declareValue(l.name));
  const blocks = planBlocks(program, buildNamer);
  const factories = new Map(defaults.map((d) => [d.op, d.ident]));
  const mod: ModuleContext = {
    helpers,
    blocks,
    factory: (op) => factories.get(op) ?? factoryExpr(op, (h) => (helpers.add(h), h)),
    layerNames,
    fail: (m) => fail(m),
  };

  let scope = ValueScope.empty();
  const ctx: ExprContext = { lookup: (n) => scope.lookup(n), tensor: () => undefined, helper: (h) => (helpers.add(h), h), fail: mod.fail };
  const lines: string[] = [];
  params.forEach((p, i) => {
    lines.push(paramLine(p, paramIdents[i]!, ctx));
    scope = scope.with({ [p.decl.name]: { ident: paramIdents[i]!, type: p.type } });
  });
  program.lets.forEach((l, i) => {
    const code = emitComputed(l.value, ctx);
    lines.push(valueDeclaration(letIdents[i]!, code, ctx));
    scope = scope.with({ [l.name]: bindingOf(letIdents[i]!, code) });
  });
  if (counted) {
    helpers.add('LayerNames');
    const skip = names.length > 0 ? `new Set([${names.map(quoteString).join(', ')}])` : '';
    lines.push(`const ${layerNames} = new LayerNames(${skip});`);
  }
  const inner = defaults.filter((d) => d.computed).map((d) => defaultsFunction(program, d, ctx));
  const outer = defaults.filter((d) => !d.computed).map((d) => defaultsFunction(program, d, { ...ctx, lookup: () => undefined }));
  for (const f of [...inner, ...[...blocks.values()].map((b) => blockFunction(b, mod, buildNamer, scope))]) lines.push('', f);
  const variant = program.variants.find((v) => v.name === graph.variant);
  lines.push('', ...modelBody(program, variant?.modelName ?? program.name, mod, buildNamer, scope));

  return { build, compile, optionsType, params, rows, moduleFunctions: outer, lines, helpers };
}
