/**
 * How each op becomes a `tf.layers.*` call: the factory, each Keras attribute as a tfjs argument
 * (`kernel_size` → `kernelSize`, `hard_sigmoid` → `"hardSigmoid"`, an initializer config →
 * `tf.initializers.glorotUniform({ seed: 0 })`), the attributes tfjs lacks, and the Keras defaults
 * tfjs does not share (its convolutions and dense layers default to Glorot-normal kernels).
 */
import type { ComputedValue } from '../../compiler/expr/computed.js';
import type { Shape, Value } from '../../compiler/ir.js';
import { INITIALIZERS, normalizeAttr } from '../../compiler/ops/attrs.js';
import { OPS } from '../../compiler/ops/registry.js';
import { type AttrSpec, COMMON_ATTRS, opAttributes } from '../../compiler/ops/types.js';
import { type Code, valueCode } from './code.js';
import { CUSTOM_FACTORIES as RESAMPLE_FACTORIES } from './custom-layers.js';
import { TRANSFORMER_LAYER_SOURCES } from './transformer-layers.js';
import { convert, emitComputed, type ExprContext } from './expr.js';
import { convertCase } from './namer.js';
import { quoteString } from './quote.js';
import { CUSTOM_FACTORIES as SEQ_FACTORIES } from './runtime-layers.js';
import { initializerFactory, takesNoArgs, TFJS_ACTIVATIONS, tfjsConfigValue } from './tfjs-names.js';
import { listOf, SHAPE_TYPE, T } from './types.js';

/** Ops built by graphc's transformer layers (issue 10 part B), embedded in the generated file: op → factory helper. */
export const TRANSFORMER_FACTORIES: { readonly [op: string]: string } = Object.fromEntries(
  Object.entries(TRANSFORMER_LAYER_SOURCES).filter(([, s]) => s.op !== null).map(([helper, s]) => [s.op!, helper]),
);

/** Factories the generated module defines for layers tfjs lacks (issue 10 parts A, B and C). */
export const CUSTOM_FACTORIES: { readonly [op: string]: string } = { ...RESAMPLE_FACTORIES, ...SEQ_FACTORIES, ...TRANSFORMER_FACTORIES };

/** Keras attributes tfjs has no argument for, with the one value that is then allowed. */
const UNSUPPORTED: { readonly [op: string]: { readonly [key: string]: Value } } = {
  ReLU: { negative_slope: 0, threshold: 0 },
  GlobalAveragePooling2D: { keepdims: false },
  GlobalMaxPooling2D: { keepdims: false },
  GlobalAveragePooling1D: { keepdims: false },
  GlobalMaxPooling1D: { keepdims: false },
  // tfjs's own UpSampling2D resizes bilinearly without Keras's half-pixel centres.
  UpSampling2D: { interpolation: 'nearest' },
  // Issue 10 part C: tfjs 4.22's ELU has alpha 1 only, its softmax runs over the last axis only,
  // and its GRU refuses reset_after=true (graphc's tfjs target has a GRU layer of its own).
  ELU: { alpha: 1 },
};

/** Pair attributes whose tfjs argument must be a list: tfjs expands a number for kernels, not for these. */
const PAIRS_ONLY: { readonly [op: string]: readonly string[] } = { UpSampling2D: ['size'] };

/** Keras attributes tfjs spells differently (Keras 3 renamed LeakyReLU's `alpha`). */
const RENAMED: { readonly [op: string]: { readonly [key: string]: string } } = {
  LeakyReLU: { negative_slope: 'alpha' },
};

/**
 * Why a layer cannot be generated, or null: a setting tfjs 4.22 cannot run (Subtract,
 * SpatialDropout2D and GRU's reset_after get classes of the generated file's own).
 */
export function tfjsRefusal(op: string, attrs: { readonly [key: string]: Value }, shape: Shape | null): string | null {
  if (op === 'GRU' && attrs['reset_after'] === true && ((attrs['dropout'] as number) > 0 || (attrs['recurrent_dropout'] as number) > 0)) {
    return 'graphc\'s GRU cell with reset_after=true has no dropout';
  }
  if (op === 'ELU' && attrs['alpha'] !== 1) return 'TensorFlow.js 4.22\'s ELU supports only alpha 1';
  if (op === 'Softmax' && shape) {
    const axis = attrs['axis'] as number;
    if ((axis < 0 ? axis + shape.length : axis) !== shape.length - 1) return 'TensorFlow.js 4.22 computes softmax over the last axis only';
  }
  return null;
}

const GLOROT_UNIFORM: Value = { class_name: 'GlorotUniform', config: {} };

/** Keras defaults tfjs does not share: generated code always passes them. */
export const KERAS_DEFAULTS: { readonly [op: string]: { readonly [key: string]: Value } } = {
  Conv2D: { kernel_initializer: GLOROT_UNIFORM },
  Conv1D: { kernel_initializer: GLOROT_UNIFORM },
  Conv2DTranspose: { kernel_initializer: GLOROT_UNIFORM },
  Dense: { kernel_initializer: GLOROT_UNIFORM },
  DepthwiseConv2D: { depthwise_initializer: GLOROT_UNIFORM },
  // tfjs's recurrent cells default to Glorot-normal kernels and hard-sigmoid gates (Keras 2).
  LSTM: { kernel_initializer: GLOROT_UNIFORM, recurrent_activation: 'sigmoid', unit_forget_bias: true },
  GRU: { kernel_initializer: GLOROT_UNIFORM, recurrent_activation: 'sigmoid' },
  // tfjs's Softmax layer defaults to axis 1; Keras's to -1.
  Softmax: { axis: -1 },
};

/** The `tf.layers` factory of every op (Input is `tf.input`, written apart). */
export const FACTORIES: { readonly [op: string]: string } = {
  ZeroPadding2D: 'zeroPadding2d',
  Conv2D: 'conv2d',
  DepthwiseConv2D: 'depthwiseConv2d',
  SeparableConv2D: 'separableConv2d',
  BatchNormalization: 'batchNormalization',
  Activation: 'activation',
  ReLU: 'reLU',
  MaxPooling2D: 'maxPooling2d',
  AveragePooling2D: 'averagePooling2d',
  GlobalAveragePooling2D: 'globalAveragePooling2d',
  GlobalMaxPooling2D: 'globalMaxPooling2d',
  Flatten: 'flatten',
  Dense: 'dense',
  Dropout: 'dropout',
  Add: 'add',
  Concatenate: 'concatenate',
  Multiply: 'multiply',
  Reshape: 'reshape',
  // Wave 2, convolution and resampling (issue 10 part A).
  Conv1D: 'conv1d',
  Conv2DTranspose: 'conv2dTranspose',
  UpSampling2D: 'upSampling2d',
  Cropping2D: 'cropping2D',
  MaxPooling1D: 'maxPooling1d',
  AveragePooling1D: 'averagePooling1d',
  GlobalAveragePooling1D: 'globalAveragePooling1d',
  GlobalMaxPooling1D: 'globalMaxPooling1d',
  Rescaling: 'rescaling',
  // Issue 10 part C (Subtract and SpatialDropout2D have no tf.layers factory: see tfjsRefusal).
  LeakyReLU: 'leakyReLU',
  PReLU: 'prelu',
  ELU: 'elu',
  Softmax: 'softmax',
  Maximum: 'maximum',
  Minimum: 'minimum',
  Average: 'average',
  Dot: 'dot',
  Permute: 'permute',
  RepeatVector: 'repeatVector',
  LSTM: 'lstm',
  GRU: 'gru',
  // Transformer layers (issue 10 part B); the ops tfjs lacks are in TRANSFORMER_LAYER_SOURCES.
  LayerNormalization: 'layerNormalization',
  Embedding: 'embedding',
};

/** The function that builds an op's layer: `tf.layers.conv2d`, or a helper of the generated file (`subtractLayer`). */
export function factoryExpr(op: string, helper: (name: string) => string): string {
  const custom = CUSTOM_FACTORIES[op];
  return custom ? helper(custom) : `tf.layers.${layerFactory(op)}`;
}

/** The `tf.layers` factory of an op (`Conv2D` → `conv2d`, `ReLU` → `reLU`); helpers' names for the others. */
export function layerFactory(op: string): string {
  const f = FACTORIES[op] ?? CUSTOM_FACTORIES[op];
  if (!f) throw new Error(`internal: no tfjs layer for op ${op}; add it to backends/typescript/layers.ts`);
  return f;
}

/** The tfjs argument name of a Keras attribute. */
export function tfjsArg(key: string): string {
  return convertCase(key, 'camel');
}

function specOf(op: string, key: string): AttrSpec {
  const def = OPS.get(op);
  const spec = def ? opAttributes(def).specs[key] : COMMON_ATTRS[key];
  if (!spec) throw new Error(`internal: ${op} has no attribute ${key}`);
  return spec;
}

/** The tfjs arguments an op cannot do without (`kernelSize`, `filters`, `units`, ...). */
export function requiredArgs(op: string): string[] {
  const def = OPS.get(op);
  if (!def) return [];
  return Object.entries(def.attrs).filter(([, s]) => s.default === undefined && !s.optional).map(([k]) => tfjsArg(k));
}

/** A Keras initializer (already normalized) as a `tf.initializers` call. */
export function initializerCode(v: Value, seed: (() => string) | null = null): string {
  const { class_name: name, config } = v as { class_name: string; config: { readonly [k: string]: Value } };
  const factory = `tf.initializers.${initializerFactory(name)}`;
  if (takesNoArgs(name)) return `${factory}()`;
  // tfjs's constant() requires its value; Keras's Constant defaults it to 0.
  const given = name === 'Constant' && config['value'] === undefined ? { ...config, value: 0 } : config;
  const entries: (readonly [string, { text: string }])[] = Object.entries(given).map(([k, x]) => [k, valueCode(tfjsConfigValue(k, x))] as const);
  // No seed in the file: the one graphc derives from the layer name (compiler/seeds.ts).
  const takesSeed = Object.values(INITIALIZERS).some((d) => d.className === name && d.keys.includes('seed'));
  if (seed !== null && takesSeed && (given['seed'] === undefined || given['seed'] === null)) {
    const at = entries.findIndex(([k]) => k === 'seed');
    if (at >= 0) entries.splice(at, 1);
    entries.push(['seed', { text: seed() }]);
  }
  return `${factory}(${entries.length === 0 ? '{}' : `{ ${entries.map(([k, c]) => `${k}: ${c.text}`).join(', ')} }`})`;
}

function constantArg(op: string, key: string, spec: AttrSpec, v: Value, ctx: ExprContext, seed: (() => string) | null): string | null {
  const n = normalizeAttr(spec, v);
  if ('expected' in n) return ctx.fail(`${op}'s \`${key}\` must be ${n.expected}`);
  switch (spec.type) {
    case 'initializer':
      return initializerCode(n.value, seed);
    case 'activation': {
      const name = TFJS_ACTIVATIONS[n.value as string];
      return name ? quoteString(name) : ctx.fail(`tfjs has no activation \`${String(n.value)}\``);
    }
    case 'number_or_null':
      return v === null ? null : valueCode(v).text;
    default:
      return valueCode(v).text;
  }
}

const allNumbers = (items: readonly Code[] | undefined, length: number): boolean =>
  items !== undefined && items.length === length && items.every((i) => i.type.kind === 'number');

function computedArg(spec: AttrSpec, code: Code, ctx: ExprContext, seed: (() => string) | null): string {
  const checked = (helper: string, extra = ''): string => `${ctx.helper(helper)}(${code.text}${extra})`;
  switch (spec.type) {
    case 'int':
    case 'number':
    case 'axis':
      return convert(code, T.number, ctx).text;
    case 'number_or_null':
      return code.type.kind === 'number' ? code.text : checked('maybeNumber');
    case 'bool':
      return convert(code, T.boolean, ctx).text;
    case 'string':
      return convert(code, T.string, ctx).text;
    case 'enum': {
      const values = spec.values ?? [];
      if (code.literals?.every((l) => values.includes(l))) return code.text;
      return checked('oneOf', `, [${values.map(quoteString).join(', ')}]`);
    }
    case 'activation':
      if (code.literals?.every((l) => TFJS_ACTIVATIONS[l] === l)) return code.text;
      return checked('asActivation');
    case 'int_pair':
      return code.type.kind === 'number' || allNumbers(code.items, 2) ? code.text : checked('asPair');
    case 'padding2d': {
      const flat = code.type.kind === 'number' || allNumbers(code.items, 2);
      const nested = code.items?.length === 2 && code.items.every((i) => allNumbers(i.items, 2));
      return flat || nested ? code.text : checked('asPadding');
    }
    case 'numbers':
      return code.type.kind === 'number' || code.type.kind === 'list' ? code.text : checked('asNumbers');
    case 'shape':
    case 'int_list':
      return convert(code, code.type.kind === 'list' && code.type.item.kind === 'number' ? listOf(T.number) : SHAPE_TYPE, ctx).text;
    case 'initializer':
      return checked('asInitializer', seed === null ? '' : `, ${seed()}`);
  }
}

/**
 * One attribute as `[tfjs name, TypeScript value]`, or null when tfjs should be left to its
 * default (a ReLU without `max_value`).
 */
export function layerArg(op: string, key: string, value: ComputedValue, ctx: ExprContext, seedOf?: (key: string) => string): readonly [string, string] | null {
  const unsupported = UNSUPPORTED[op];
  if (unsupported && Object.hasOwn(unsupported, key)) {
    const allowed = unsupported[key]!;
    if (value.kind === 'const' && value.value === allowed) return null;
    return ctx.fail(`tfjs's ${op} has no \`${key}\` argument; only ${JSON.stringify(allowed)} can be built`);
  }
  const spec = specOf(op, key);
  if (PAIRS_ONLY[op]?.includes(key)) {
    if (value.kind === 'const') {
      const n = normalizeAttr(spec, value.value);
      return 'expected' in n ? ctx.fail(`${op}'s \`${key}\` must be ${n.expected}`) : [tfjsArg(key), valueCode(n.value).text];
    }
    return [tfjsArg(key), `${ctx.helper('asPairList')}(${emitComputed(value, ctx).text})`];
  }
  // A thunk: the seed helper is only pulled into the module where a seed is really derived.
  const seed = spec.type === 'initializer' && seedOf ? (): string => seedOf(key) : null;
  const text = value.kind === 'const' ? constantArg(op, key, spec, value.value, ctx, seed) : computedArg(spec, emitComputed(value, ctx), ctx, seed);
  if (text === null) return null;
  // tfjs reads null entries of noiseShape as "the input's size", as Keras does, but types it number[].
  const typed = key === 'noise_shape' ? `${ctx.helper('noiseShape')}(${text})` : text;
  return [RENAMED[op]?.[key] ?? tfjsArg(key), typed];
}

/** An object literal of arguments; `{ filters: filters }` is written `{ filters }`. */
export function argsObject(args: readonly (readonly [string, string])[]): string {
  if (args.length === 0) return '{}';
  return `{ ${args.map(([k, v]) => (k === v ? k : `${k}: ${v}`)).join(', ')} }`;
}
