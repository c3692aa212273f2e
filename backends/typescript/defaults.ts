/**
 * Layer defaults, written once: for each op the file's `defaults:` configure (and each op whose
 * Keras default tfjs does not share), a function named after the tfjs factory that fills them in,
 * `conv2d({ filters: 64, ... })`. Steps then pass only what they say themselves, as in the YAML.
 * Defaults that read parameters (`use_bias: $keras`) make the function a closure in the build
 * function; constant ones keep it at module level.
 */
import type { ComputedValue } from '../../compiler/expr/computed.js';
import type { Program, Step } from '../../compiler/program.js';
import type { Value } from '../../compiler/ir.js';
import { OPS } from '../../compiler/ops/registry.js';
import { seededInitializer } from '../../compiler/seeds.js';
import { type ExprContext } from './expr.js';
import { argsObject, factoryExpr, KERAS_DEFAULTS, layerArg, layerFactory, requiredArgs } from './layers.js';
import type { Namer } from './namer.js';
import { docComment } from './quote.js';

/** One defaults function. */
export interface DefaultsHelper {
  readonly op: string;
  readonly ident: string;
  /** True when a default reads a parameter (the function then lives in the build function). */
  readonly computed: boolean;
}

function opsIn(steps: readonly Step[], out: Set<string>): void {
  for (const s of steps) {
    if (s.kind === 'op') out.add(s.op);
    else if (s.kind === 'if') {
      opsIn(s.then, out);
      opsIn(s.otherwise, out);
    } else if (s.kind !== 'call') opsIn(s.body, out);
  }
}

/** The ops the file's steps use, in first-use order. */
export function usedOps(program: Program): string[] {
  const out = new Set<string>();
  opsIn(program.body, out);
  for (const t of program.templates.values()) opsIn(t.body, out);
  return [...out];
}

/**
 * Default initializers that take a seed (a SeparableConv2D's Glorot kernels): tfjs would draw
 * them unseeded, so they are passed with graphc's derived seed, as the tfjs backend builds them.
 */
function seededDefaults(op: string): { [key: string]: Value } {
  const out: { [key: string]: Value } = {};
  for (const [key, spec] of Object.entries(OPS.get(op)?.attrs ?? {})) {
    const d = spec.default;
    if (spec.type === 'initializer' && d !== undefined && seededInitializer(d, 0) !== d) out[key] = d;
  }
  return out;
}

function defaultsOf(program: Program, op: string): { key: string; value: ComputedValue; keras: boolean }[] {
  const given = (program.defaults.get(op) ?? []).map((a) => ({ key: a.key, value: a.value, keras: false }));
  const keras = Object.entries({ ...seededDefaults(op), ...KERAS_DEFAULTS[op] })
    .filter(([k]) => !given.some((g) => g.key === k))
    .map(([key, value]) => ({ key, value: { kind: 'const', value, origin: { span: { file: '', start: 0, end: 0 }, textStart: null } } as ComputedValue, keras: true }));
  return [...given, ...keras];
}

/** Plans a defaults function for each used op that needs one. */
export function planDefaults(program: Program, namer: Namer): DefaultsHelper[] {
  return usedOps(program)
    .filter((op) => defaultsOf(program, op).length > 0)
    .map((op) => ({
      op,
      ident: namer.declare(layerFactory(op), 'keep'),
      computed: defaultsOf(program, op).some((d) => d.value.kind !== 'const'),
    }));
}

/** The function's declaration; `ctx` translates defaults that read parameters. */
export function defaultsFunction(program: Program, h: DefaultsHelper, ctx: ExprContext): string {
  const defaults = defaultsOf(program, h.op);
  // A default initializer without a seed gets graphc's derived one, from the layer's name.
  const seedOf = (key: string): string => `${ctx.helper('layerSeed')}(args.name, ${JSON.stringify(key)})`;
  const args = defaults.map((d) => layerArg(h.op, d.key, d.value, ctx, seedOf)).filter((a): a is readonly [string, string] => a !== null);
  const factory = factoryExpr(h.op, ctx.helper);
  const supplied = requiredArgs(h.op).filter((k) => args.some(([a]) => a === k));
  const argsType = supplied.length > 0
    ? `${ctx.helper('WithDefaults')}<Parameters<typeof ${factory}>[0], ${supplied.map((k) => JSON.stringify(k)).join(' | ')}>`
    : `Parameters<typeof ${factory}>[0]`;
  const fromFile = defaults.filter((d) => !d.keras).map((d) => `\`${d.key}\``);
  const fromKeras = defaults.filter((d) => d.keras).map((d) => `\`${d.key}\``);
  const why = [
    fromFile.length > 0 ? `the file's \`defaults\` for ${h.op} (${fromFile.join(', ')})` : '',
    fromKeras.length > 0 ? `Keras's ${fromKeras.join(', ')}, which tfjs does not share` : '',
  ].filter(Boolean);
  const doc = docComment([`\`${factory}\` with ${why.join(', and ')}.`]);
  const body = argsObject([...args, ['...args', '...args']]);
  return `${doc}\nfunction ${h.ident}(args: ${argsType}): tf.layers.Layer {\n  return ${factory}(${body});\n}`;
}
